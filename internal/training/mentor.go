package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Mentoring (传帮带): an experienced mediator takes an apprentice for a
// period with goals, writes notes as the pair works, and closes it with a
// closing note. Both are mediators on the roster (not removed); an
// organization's admin pairs mediators of their organization, a township
// office and the bureau those in their scope.

// Mentorship is a mentoring pair.
type Mentorship struct {
	ID             int64
	MentorID       int64
	MentorName     string
	ApprenticeID   int64
	ApprenticeName string
	From, To       time.Time // days
	Goals          string
	Status         tiaojie.Mentorship
	ClosingNote    string
	CompletedAt    time.Time
	Notes          []MentorNote
}

// MentorNote is one note of the mentor's.
type MentorNote struct {
	Body      string
	WrittenBy string
	WrittenAt time.Time
}

// MentorInput is a new pair.
type MentorInput struct {
	Pair  tiaojie.MentorPair
	Goals string
}

const maxNote = 2000

// Pair creates a mentoring pair and returns its id.
func (s *Service) Pair(ctx context.Context, p *tiaojie.Principal, in MentorInput) (int64, error) {
	var id int64
	err := func() error {
		if !p.Can(tiaojie.PermTrainingEnrol) {
			return forbidden(tiaojie.PermTrainingEnrol)
		}
		in.Goals = strings.TrimSpace(in.Goals)
		var fe tiaojie.FieldErrors
		if err := in.Pair.Validate(); err != nil {
			fe = append(fe, err.(*tiaojie.Error).Fields...)
		}
		if n := utf8.RuneCountInString(in.Goals); n < 1 || n > maxNote {
			fe.Add("goals", "mentoring.goals_length", "max", strconv.Itoa(maxNote))
		}
		if err := fe.Err(); err != nil {
			return err
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			for _, mid := range []int64{in.Pair.Mentor, in.Pair.Apprentice} {
				m, err := loadMediator(ctx, tx, mid)
				if err != nil {
					return err
				}
				if !reaches(p, tiaojie.PermTrainingEnrol, m) {
					return notFound()
				}
				if m.Status == tiaojie.MediatorRemoved {
					return refuse(tiaojie.E(tiaojie.Conflict, "course.mediator_removed"))
				}
			}
			err := tx.QueryRowContext(ctx, `
				INSERT INTO mentorships (mentor_id, apprentice_id, starts_on, ends_on, goals, status, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, 'active', $6, $7) RETURNING id`,
				in.Pair.Mentor, in.Pair.Apprentice, in.Pair.From.In(tiaojie.Beijing()).Format(time.DateOnly),
				in.Pair.To.In(tiaojie.Beijing()).Format(time.DateOnly), in.Goals, max(p.UserID, 0), s.now()).Scan(&id)
			if err != nil {
				return err
			}
			return s.record(ctx, tx, p, "mentoring.pair", "mentorship", id, map[string]string{
				"mentor": itoa(in.Pair.Mentor), "apprentice": itoa(in.Pair.Apprentice)})
		})
	}()
	return id, s.settle(ctx, p, "mentoring.pair", "mentorship", 0, err)
}

const mentorColumns = `x.id, x.mentor_id, mm.name, x.apprentice_id, ma.name, x.starts_on, x.ends_on, x.goals, x.status,
	x.closing_note, x.completed_at`

const mentorFrom = ` FROM mentorships x JOIN mediators mm ON mm.id = x.mentor_id JOIN mediators ma ON ma.id = x.apprentice_id `

func scanMentorship(sc interface{ Scan(...any) error }) (*Mentorship, error) {
	var x Mentorship
	var from, to, status string
	var done sql.NullTime
	err := sc.Scan(&x.ID, &x.MentorID, &x.MentorName, &x.ApprenticeID, &x.ApprenticeName, &from, &to, &x.Goals, &status,
		&x.ClosingNote, &done)
	x.From, x.To, x.Status, x.CompletedAt = day(from), day(to), tiaojie.Mentorship(status), done.Time
	return &x, err
}

// mentorshipFor loads a pair for p: whoever may enrol either mediator (so
// keeps pairs in their scope), and with asMentor the mentor themself.
func (s *Service) mentorshipFor(ctx context.Context, q db.Queryer, p *tiaojie.Principal, id int64, asMentor bool) (*Mentorship, error) {
	x, err := scanMentorship(q.QueryRowContext(ctx, `SELECT `+mentorColumns+mentorFrom+`WHERE x.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	for _, mid := range []int64{x.MentorID, x.ApprenticeID} {
		m, err := loadMediator(ctx, q, mid)
		if err != nil {
			return nil, err
		}
		if reaches(p, tiaojie.PermTrainingEnrol, m) || (asMentor && mid == x.MentorID && self(p, m)) {
			return x, nil
		}
	}
	return nil, notFound()
}

// Note adds a note to an active pair: by the mentor, or staff who keep
// the pair.
func (s *Service) Note(ctx context.Context, p *tiaojie.Principal, id int64, body string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		x, err := s.mentorshipFor(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		body = strings.TrimSpace(body)
		if n := utf8.RuneCountInString(body); n < 1 || n > maxNote {
			var fe tiaojie.FieldErrors
			fe.Add("body", "mentoring.note_length", "max", strconv.Itoa(maxNote))
			return fe.Err()
		}
		if x.Status != tiaojie.MentorActive {
			return refuse(tiaojie.E(tiaojie.Conflict, "mentoring.completed"))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO mentorship_notes (mentorship_id, body, written_by, written_at) VALUES ($1, $2, $3, $4)`,
			id, body, max(p.UserID, 0), s.now())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "mentoring.note", "mentorship", id, nil)
	})
	return s.settle(ctx, p, "mentoring.note", "mentorship", id, err)
}

// Complete closes an active pair with a closing note: the mentor or staff
// who keep the pair.
func (s *Service) Complete(ctx context.Context, p *tiaojie.Principal, id int64, note string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		x, err := s.mentorshipFor(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		note = strings.TrimSpace(note)
		if n := utf8.RuneCountInString(note); n < 1 || n > maxNote {
			var fe tiaojie.FieldErrors
			fe.Add("closing_note", "mentoring.note_length", "max", strconv.Itoa(maxNote))
			return fe.Err()
		}
		if x.Status != tiaojie.MentorActive {
			return refuse(tiaojie.E(tiaojie.Conflict, "mentoring.completed"))
		}
		_, err = tx.ExecContext(ctx, `UPDATE mentorships SET status = 'completed', closing_note = $1, completed_at = $2 WHERE id = $3`,
			note, s.now(), id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "mentoring.complete", "mentorship", id, nil)
	})
	return s.settle(ctx, p, "mentoring.complete", "mentorship", id, err)
}

// Mentorships lists the pairs a mediator is in (as mentor or apprentice),
// with their notes, newest first: for the mediator's staff record page and
// their own page. Those who may enrol the mediator and the mediator
// themself may read them.
func (s *Service) Mentorships(ctx context.Context, p *tiaojie.Principal, mediatorID int64) ([]Mentorship, error) {
	q := s.db.Reader()
	m, err := loadMediator(ctx, q, mediatorID)
	if err == nil && !enroller(p, m) && !districtWide(p, tiaojie.PermTraining) {
		err = notFound()
	}
	if err != nil {
		return nil, s.settle(ctx, p, "mentoring.list", "mediator", mediatorID, err)
	}
	return mentorships(ctx, q, `x.mentor_id = $1 OR x.apprentice_id = $1`, mediatorID)
}

// Mentorship returns one pair with its notes.
func (s *Service) Mentorship(ctx context.Context, p *tiaojie.Principal, id int64) (*Mentorship, error) {
	q := s.db.Reader()
	x, err := s.mentorshipFor(ctx, q, p, id, true)
	if err != nil {
		return nil, s.settle(ctx, p, "mentoring.read", "mentorship", id, err)
	}
	list := []Mentorship{*x}
	if err := notes(ctx, q, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// MentorshipsInScope lists the pairs either of whose mediators lies in
// p's scope, newest first.
func (s *Service) MentorshipsInScope(ctx context.Context, p *tiaojie.Principal) ([]Mentorship, error) {
	if !p.Can(tiaojie.PermTrainingEnrol) {
		return nil, s.settle(ctx, p, "mentoring.list", "mentorship", 0, forbidden(tiaojie.PermTrainingEnrol))
	}
	w := &db.Where{}
	scope := scopeSQL(p, tiaojie.PermTrainingEnrol, w.Arg)
	where := "1=1"
	if scope != "" {
		where = `EXISTS (SELECT 1 FROM mediators m WHERE m.id IN (x.mentor_id, x.apprentice_id) AND ` + scope + `)`
	}
	return mentorships(ctx, s.db.Reader(), where, w.Args()...)
}

func mentorships(ctx context.Context, q db.Queryer, where string, args ...any) ([]Mentorship, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+mentorColumns+mentorFrom+`WHERE `+where+` ORDER BY x.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	out := []Mentorship{}
	for rows.Next() {
		x, err := scanMentorship(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, *x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, notes(ctx, q, out)
}

// notes fills the notes of the pairs, oldest first, one query per pair
// (a mediator is in few).
func notes(ctx context.Context, q db.Queryer, list []Mentorship) error {
	for i := range list {
		rows, err := q.QueryContext(ctx, `
			SELECT n.body, COALESCE(u.display_name, ''), n.written_at FROM mentorship_notes n
			LEFT JOIN users u ON u.id = n.written_by WHERE n.mentorship_id = $1 ORDER BY n.written_at, n.id`, list[i].ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n MentorNote
			if err := rows.Scan(&n.Body, &n.WrittenBy, &n.WrittenAt); err != nil {
				rows.Close()
				return err
			}
			list[i].Notes = append(list[i].Notes, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
