package training

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/roster"
)

// Enrolment is a mediator's place in a session.
type Enrolment struct {
	ID            int64
	SessionID     int64
	MediatorID    int64
	MediatorName  string
	Status        tiaojie.Enrolment
	EnrolledAt    time.Time
	MarkedAt      time.Time // zero until marked
	CertificateNo string    // set when attended
	TrainingID    int64     // the mediator_training row credited; 0 until attended
}

const enrolmentColumns = `e.id, e.session_id, e.mediator_id, m.name, e.status, e.enrolled_at, e.marked_at,
	COALESCE(e.certificate_no, ''), COALESCE(e.training_id, 0)`

func scanEnrolment(sc interface{ Scan(...any) error }) (*Enrolment, error) {
	var e Enrolment
	var status string
	var marked sql.NullTime
	err := sc.Scan(&e.ID, &e.SessionID, &e.MediatorID, &e.MediatorName, &status, &e.EnrolledAt, &marked, &e.CertificateNo, &e.TrainingID)
	e.Status, e.MarkedAt = tiaojie.Enrolment(status), marked.Time
	return &e, err
}

// enrolments reads the enrolments matching w (on e and m), by name.
func enrolments(ctx context.Context, q db.Queryer, w *db.Where) ([]Enrolment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+enrolmentColumns+`
		FROM training_enrolments e JOIN mediators m ON m.id = e.mediator_id
		WHERE `+w.String()+` ORDER BY m.name, e.id LIMIT 2000`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Enrolment{}
	for rows.Next() {
		e, err := scanEnrolment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

func loadEnrolment(ctx context.Context, q db.Queryer, id int64) (*Enrolment, error) {
	e, err := scanEnrolment(q.QueryRowContext(ctx, `SELECT `+enrolmentColumns+`
		FROM training_enrolments e JOIN mediators m ON m.id = e.mediator_id WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return e, err
}

// enroller reports whether p may enrol (and withdraw) mediator m: the
// mediator themself, or training.enrol with a scope that covers one of
// the mediator's organizations (an organization's admin, its own).
func enroller(p *tiaojie.Principal, m *mediator) bool {
	return self(p, m) || reaches(p, tiaojie.PermTrainingEnrol, m)
}

// lockSession takes the session's row for the rest of the transaction, so
// that two enrolments cannot both take its last place: on PostgreSQL the
// no-op UPDATE holds the row lock until commit; SQLite has one writer.
func lockSession(ctx context.Context, tx *db.Tx, id int64) (*Session, error) {
	res, err := tx.ExecContext(ctx, `UPDATE training_sessions SET capacity = capacity WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound()
	}
	return loadSession(ctx, tx, id)
}

// live refuses a change to a cancelled session or its enrolments: they
// stay as they were when it was cancelled.
func live(x *Session) error {
	if x.Cancelled() {
		return refuse(tiaojie.E(tiaojie.Conflict, "course.session_cancelled"))
	}
	return nil
}

// Enrol enrols a mediator in a session and returns the enrolment's id.
// Refused, with nothing written: a mediator outside the caller's scope
// (as if it did not exist), a removed mediator (除名), a cancelled
// session, one already enrolled, after the deadline, and a full session
// (checked under the session's lock). A mediator who withdrew may enrol
// again.
func (s *Service) Enrol(ctx context.Context, p *tiaojie.Principal, sessionID, mediatorID int64) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := loadMediator(ctx, tx, mediatorID)
		if err != nil {
			return err
		}
		if !enroller(p, m) {
			return notFound()
		}
		if m.Status == tiaojie.MediatorRemoved {
			return refuse(tiaojie.E(tiaojie.Conflict, "course.mediator_removed"))
		}
		x, err := lockSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if err := live(x); err != nil {
			return err
		}
		var prior int64
		var status string
		err = tx.QueryRowContext(ctx, `SELECT id, status FROM training_enrolments WHERE session_id = $1 AND mediator_id = $2`,
			sessionID, mediatorID).Scan(&prior, &status)
		switch {
		case err == nil && tiaojie.Enrolment(status).Holds():
			return refuse(tiaojie.E(tiaojie.Conflict, "course.already_enrolled"))
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := x.Plan.CheckEnrol(x.Taken, s.now()); err != nil {
			return refuse(err)
		}
		if prior > 0 {
			id = prior
			_, err = tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'enrolled', enrolled_by = $1, enrolled_at = $2,
				reminded_at = NULL WHERE id = $3`, max(p.UserID, 0), s.now(), prior)
		} else {
			err = tx.QueryRowContext(ctx, `
				INSERT INTO training_enrolments (session_id, mediator_id, status, enrolled_by, enrolled_at)
				VALUES ($1, $2, 'enrolled', $3, $4) RETURNING id`, sessionID, mediatorID, max(p.UserID, 0), s.now()).Scan(&id)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "training.enrol", "training_session", sessionID, map[string]string{
			"mediator": itoa(mediatorID), "enrolment": itoa(id)})
	})
	return id, s.settle(ctx, p, "training.enrol", "training_session", sessionID, err)
}

// Withdraw takes an enrolment back before the session begins: the
// mediator, whoever may enrol them, or the organizer.
func (s *Service) Withdraw(ctx context.Context, p *tiaojie.Principal, enrolmentID int64) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, x, err := s.enrolmentFor(ctx, tx, p, enrolmentID, true)
		if err != nil {
			return err
		}
		if err := live(x); err != nil {
			return err
		}
		if err := x.Plan.CheckWithdraw(e.Status, s.now()); err != nil {
			return refuse(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'withdrawn' WHERE id = $1`, e.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "training.withdraw", "training_session", x.ID, map[string]string{
			"mediator": itoa(e.MediatorID), "enrolment": itoa(e.ID)})
	})
	return s.settle(ctx, p, "training.withdraw", "training_enrolment", enrolmentID, err)
}

// enrolmentFor loads an enrolment and its session for p: the organizer,
// and (with enrol) the mediator or whoever may enrol them.
func (s *Service) enrolmentFor(ctx context.Context, q db.Queryer, p *tiaojie.Principal, id int64, enrol bool) (*Enrolment, *Session, error) {
	e, err := loadEnrolment(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	x, err := loadSession(ctx, q, e.SessionID)
	if err != nil {
		return nil, nil, err
	}
	if organizes(p, x.Township) {
		return e, x, nil
	}
	if enrol {
		m, err := loadMediator(ctx, q, e.MediatorID)
		if err != nil {
			return nil, nil, err
		}
		if enroller(p, m) {
			return e, x, nil
		}
	}
	return nil, nil, notFound()
}

// Mark records attendance: attended or absent, by the organizer once the
// session has begun. An attendance credits the course's hours to the
// mediator's training record (through the roster, once: marking it again
// changes nothing) and issues the certificate; it is not taken back.
func (s *Service) Mark(ctx context.Context, p *tiaojie.Principal, enrolmentID int64, mark tiaojie.Enrolment) error {
	err := func() error {
		if !p.Can(tiaojie.PermTraining) {
			return forbidden(tiaojie.PermTraining)
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			e, x, err := s.enrolmentFor(ctx, tx, p, enrolmentID, false)
			if err != nil {
				return err
			}
			if err := live(x); err != nil {
				return err
			}
			now := s.now()
			if err := x.Plan.CheckMark(e.Status, mark, now); err != nil {
				return refuse(err)
			}
			if e.Status == mark {
				return nil
			}
			if mark == tiaojie.EnrolAbsent {
				_, err = tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'absent', marked_by = $1, marked_at = $2 WHERE id = $3`,
					max(p.UserID, 0), now, e.ID)
				if err != nil {
					return err
				}
				return s.record(ctx, tx, p, "training.absent", "training_session", x.ID, map[string]string{
					"mediator": itoa(e.MediatorID), "enrolment": itoa(e.ID)})
			}
			return s.attend(ctx, tx, p, e, x, now)
		})
	}()
	return s.settle(ctx, p, "training.mark", "training_enrolment", enrolmentID, err)
}

// attend credits the hours and issues the certificate of an enrolment.
func (s *Service) attend(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, e *Enrolment, x *Session, now time.Time) error {
	start := x.Plan.Start.In(tiaojie.Beijing())
	tid, err := s.roster.RecordTrainingTx(ctx, tx, p, e.MediatorID, roster.TrainingInput{
		Title: x.CourseTitle, HeldOn: start, Hours: x.Hours})
	if err != nil {
		return refuse(err)
	}
	no := tiaojie.CertificateNo(start.Year(), e.ID)
	_, err = tx.ExecContext(ctx, `
		UPDATE training_enrolments SET status = 'attended', marked_by = $1, marked_at = $2, training_id = $3, certificate_no = $4
		WHERE id = $5`, max(p.UserID, 0), now, tid, no, e.ID)
	if err != nil {
		return err
	}
	return s.record(ctx, tx, p, "training.attended", "training_session", x.ID, map[string]string{
		"mediator": itoa(e.MediatorID), "enrolment": itoa(e.ID), "training": itoa(tid), "certificate": no})
}

// Certificate is the certificate of an attended enrolment.
type Certificate struct {
	No           string
	EnrolmentID  int64
	MediatorID   int64
	MediatorName string
	CourseTitle  string
	Topic        string
	Hours        int
	Township     string // the organizer: "" the bureau
	Start, End   time.Time
	IssuedAt     time.Time
}

// Certificate returns an attended enrolment's certificate to the
// mediator, whoever may enrol them, and the organizer.
func (s *Service) Certificate(ctx context.Context, p *tiaojie.Principal, enrolmentID int64) (*Certificate, error) {
	q := s.db.Reader()
	e, x, err := s.enrolmentFor(ctx, q, p, enrolmentID, true)
	if err == nil && e.CertificateNo == "" {
		err = notFound()
	}
	if err != nil {
		return nil, s.settle(ctx, p, "training.certificate", "training_enrolment", enrolmentID, err)
	}
	return &Certificate{No: e.CertificateNo, EnrolmentID: e.ID, MediatorID: e.MediatorID, MediatorName: e.MediatorName,
		CourseTitle: x.CourseTitle, Topic: x.Topic, Hours: x.Hours, Township: x.Township,
		Start: x.Plan.Start, End: x.Plan.End, IssuedAt: e.MarkedAt}, nil
}

// MediatorEnrolment is an enrolment with its session, as a mediator's own
// page lists it.
type MediatorEnrolment struct {
	Enrolment
	Session Session
}

// EnrolmentsOf lists a mediator's enrolments, newest session first, to the
// mediator and whoever may enrol them.
func (s *Service) EnrolmentsOf(ctx context.Context, p *tiaojie.Principal, mediatorID int64) ([]MediatorEnrolment, error) {
	q := s.db.Reader()
	m, err := loadMediator(ctx, q, mediatorID)
	if err == nil && !enroller(p, m) && !districtWide(p, tiaojie.PermTraining) {
		err = notFound()
	}
	if err != nil {
		return nil, s.settle(ctx, p, "training.enrolments", "mediator", mediatorID, err)
	}
	w := &db.Where{}
	w.Add("e.mediator_id = " + w.Arg(mediatorID))
	list, err := enrolments(ctx, q, w)
	if err != nil {
		return nil, err
	}
	out := make([]MediatorEnrolment, 0, len(list))
	for _, e := range list {
		x, err := loadSession(ctx, q, e.SessionID)
		if err != nil {
			return nil, err
		}
		out = append(out, MediatorEnrolment{Enrolment: e, Session: *x})
	}
	return out, nil
}
