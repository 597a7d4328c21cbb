package rating

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
)

// AppRow is an application as lists show it.
type AppRow struct {
	ID, RoundID, OrgID int64
	OrgName            string
	Experts, Submitted int // experts assigned, and those who handed their scores in
	Published          bool
	Total              float64 // combined total, once published
	Stars              int
	Finalized          bool
	Final              float64 // total after objections, once final
	FinalStars         int
	Objections, Open   int // objections filed, and those unanswered
	CreatedAt          time.Time
	Total10            int
}

// Mark is a score on one indicator, in tenths, with its note or comment.
type Mark struct {
	Score10 int
	Text    string
}

// Score returns the mark's score as typed ("8.5").
func (m Mark) Score() string { return tiaojie.FormatScore(m.Score10) }

// Evidence is a file an organization gave in evidence.
type Evidence struct {
	ID          int64
	IndicatorID int64 // 0: the application as a whole
	Title       string
	Filename    string
	Size        int64
	UploadedAt  time.Time
}

// Assignment is an expert assigned to an application, with their scores.
type Assignment struct {
	ExpertID    int64
	Name        string
	AssignedAt  time.Time
	SubmittedAt time.Time // zero until handed in
	Scores      map[int64]Mark
	Total       float64
}

// Application is one organization's application with what the caller may
// see of it: the bureau everything; the organization's admin its own
// statement, self-assessment, evidence, published result and objections
// (never who scored it or how each expert scored); an assigned expert the
// application, the platform figures and their own scores.
type Application struct {
	AppRow
	Round       *Round
	Statement   string
	Indicators  []tiaojie.RatingIndicator
	Self        map[int64]Mark
	Evidence    []Evidence
	Assignments []Assignment
	Objections  []Objection
	Figures     *Figures
	Viewer      string // "manager", "org" or "expert"
}

// Limits of an application's texts, in characters.
const (
	maxStatement = 2000
	maxNote      = 500
)

// Apply enters organization orgID in an open round, before its last day,
// with a statement; the caller is the organization's admin. It returns
// the application's id.
func (s *Service) Apply(ctx context.Context, p *tiaojie.Principal, roundID, orgID int64, statement string) (int64, error) {
	if !adminOf(p, orgID) {
		return 0, s.settle(ctx, p, "rating.apply", "rating_round", roundID, forbidden())
	}
	statement = strings.TrimSpace(statement)
	if utf8.RuneCountInString(statement) > maxStatement {
		var fe tiaojie.FieldErrors
		fe.Add("statement", "rating.too_long", "max", strconv.Itoa(maxStatement))
		return 0, fe.Err()
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := loadRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Status != tiaojie.RoundOpen || s.today() > r.ApplyUntil {
			return tiaojie.E(tiaojie.Conflict, "rating.applications_closed")
		}
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM orgs WHERE id = $1`, orgID).Scan(&status); err != nil {
			return db.MapError(err)
		}
		if !tiaojie.OrgStatus(status).Public() {
			return tiaojie.E(tiaojie.Conflict, "rating.org_not_active")
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `
			INSERT INTO rating_applications (round_id, org_id, statement, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, roundID, orgID, statement, max(p.UserID, 0), now).Scan(&id)
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "rating.already_applied")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.apply", "rating_application", id, map[string]string{"round": itoa(roundID), "org": itoa(orgID)})
	})
	return id, err
}

// SelfAssess saves the organization's self-assessment while the round is
// open: a score (at most the indicator's maximum) and a note per
// indicator; indicators left out keep what they had.
func (s *Service) SelfAssess(ctx context.Context, p *tiaojie.Principal, appID int64, statement string, marks map[int64]Mark) error {
	return s.orgStep(ctx, p, appID, "rating.self", func(tx *db.Tx, a *appHead) error {
		statement = strings.TrimSpace(statement)
		var fe tiaojie.FieldErrors
		if utf8.RuneCountInString(statement) > maxStatement {
			fe.Add("statement", "rating.too_long", "max", strconv.Itoa(maxStatement))
		}
		list, err := indicators(ctx, tx, a.SetID)
		if err != nil {
			return err
		}
		if err := checkMarks(list, marks, &fe, "self"); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		for id, m := range marks {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO rating_self (application_id, indicator_id, score10, note) VALUES ($1, $2, $3, $4)
				ON CONFLICT (application_id, indicator_id) DO UPDATE SET score10 = excluded.score10, note = excluded.note`,
				appID, id, m.Score10, strings.TrimSpace(m.Text))
			if err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE rating_applications SET statement = $1, updated_at = $2 WHERE id = $3`, statement, s.now(), appID)
		return err
	})
}

// checkMarks refuses marks on indicators outside the set and scores above
// an indicator's maximum (rating.score_above_max, naming it), into fe,
// under the field prefix_<indicator id>.
func checkMarks(list []tiaojie.RatingIndicator, marks map[int64]Mark, fe *tiaojie.FieldErrors, prefix string) error {
	byID := map[int64]tiaojie.RatingIndicator{}
	for _, in := range list {
		byID[in.ID] = in
	}
	for id, m := range marks {
		in, ok := byID[id]
		field := prefix + "_" + itoa(id)
		switch {
		case !ok:
			return tiaojie.E(tiaojie.Invalid, "rating.unknown_indicator")
		case m.Score10 < 0 || m.Score10 > in.MaxScore*10:
			fe.Add(field, "rating.score_above_max", "name", in.Name, "max", strconv.Itoa(in.MaxScore))
		case utf8.RuneCountInString(m.Text) > maxNote:
			fe.Add(field, "rating.too_long", "max", strconv.Itoa(maxNote))
		}
	}
	return nil
}

// AddEvidence stores a file (files.Document: a PDF or a scan) in evidence
// of an application, for one indicator or (0) the whole, while the round
// is open.
func (s *Service) AddEvidence(ctx context.Context, p *tiaojie.Principal, appID, indicatorID int64, title string, up files.Upload) (int64, error) {
	var id int64
	err := s.orgStep(ctx, p, appID, "rating.evidence", func(tx *db.Tx, a *appHead) error {
		title = strings.TrimSpace(title)
		if n := utf8.RuneCountInString(title); n < 1 || n > 200 {
			var fe tiaojie.FieldErrors
			fe.Add("title", "rating.evidence_title")
			return fe.Err()
		}
		if indicatorID > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM rating_indicators WHERE id = $1 AND set_id = $2`,
				indicatorID, a.SetID).Scan(&n); err != nil || n == 0 {
				return tiaojie.E(tiaojie.Invalid, "rating.unknown_indicator")
			}
		}
		m, err := s.files.Save(ctx, tx, files.Document(), "rating_evidence", appID, up, false, max(p.UserID, 0))
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO rating_evidence (application_id, indicator_id, title, file_key, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			appID, nullID(indicatorID), title, m.Key, max(p.UserID, 0), s.now()).Scan(&id)
	})
	return id, err
}

// appHead is what the steps on an application need of it.
type appHead struct {
	ID, RoundID, OrgID, SetID int64
	OrgName                   string
	Status                    tiaojie.RatingRoundStatus
	ObjectionDue              time.Time
	Title                     string
}

func loadHead(ctx context.Context, q db.Queryer, appID int64) (*appHead, error) {
	var a appHead
	var status string
	var due sql.NullTime
	err := q.QueryRowContext(ctx, `
		SELECT a.id, a.round_id, a.org_id, r.set_id, o.name, r.status, r.objection_due, r.title
		FROM rating_applications a JOIN rating_rounds r ON r.id = a.round_id JOIN orgs o ON o.id = a.org_id
		WHERE a.id = $1`, appID).Scan(&a.ID, &a.RoundID, &a.OrgID, &a.SetID, &a.OrgName, &status, &due, &a.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	a.Status, a.ObjectionDue = tiaojie.RatingRoundStatus(status), due.Time
	return &a, err
}

// orgStep runs fn on an application for its organization's admin while
// the round is open, and audits the step.
func (s *Service) orgStep(ctx context.Context, p *tiaojie.Principal, appID int64, action string, fn func(tx *db.Tx, a *appHead) error) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadHead(ctx, tx, appID)
		if err != nil {
			return err
		}
		if !adminOf(p, a.OrgID) {
			return hidden()
		}
		if a.Status != tiaojie.RoundOpen {
			return tiaojie.E(tiaojie.Conflict, "rating.applications_closed")
		}
		if err := fn(tx, a); err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, "rating_application", appID, map[string]string{"org": itoa(a.OrgID)})
	})
	return s.settle(ctx, p, action, "rating_application", appID, err)
}

// Assign assigns an expert to an application while the round is open or
// being scored. An expert tied to the organization, or out of the pool,
// is refused (experts.CheckUntied, in this transaction) and nothing
// changes.
func (s *Service) Assign(ctx context.Context, p *tiaojie.Principal, appID, expertID int64) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "rating.assign", "rating_application", appID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadHead(ctx, tx, appID)
		if err != nil {
			return err
		}
		if a.Status != tiaojie.RoundOpen && a.Status != tiaojie.RoundScoring {
			return tiaojie.E(tiaojie.Conflict, "rating.assign_closed")
		}
		if err := experts.CheckUntied(ctx, tx, expertID, a.OrgID); err != nil {
			return err
		}
		if err := experts.CheckAvailable(ctx, tx, expertID, s.today()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO rating_assignments (application_id, expert_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)`,
			appID, expertID, max(p.UserID, 0), s.now())
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "rating.already_assigned")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.assign", "rating_application", appID, map[string]string{
			"expert": itoa(expertID), "org": itoa(a.OrgID)})
	})
}

// Unassign takes an expert off an application before they hand in their
// scores, deleting what they had scored.
func (s *Service) Unassign(ctx context.Context, p *tiaojie.Principal, appID, expertID int64) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "rating.unassign", "rating_application", appID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadHead(ctx, tx, appID)
		if err != nil {
			return err
		}
		if a.Status != tiaojie.RoundOpen && a.Status != tiaojie.RoundScoring {
			return tiaojie.E(tiaojie.Conflict, "rating.assign_closed")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rating_scores WHERE application_id = $1 AND expert_id = $2`, appID, expertID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM rating_assignments WHERE application_id = $1 AND expert_id = $2 AND submitted_at IS NULL`,
			appID, expertID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "rating.unassign_submitted")
		}
		return s.record(ctx, tx, p, "rating.unassign", "rating_application", appID, map[string]string{"expert": itoa(expertID)})
	})
}

// Score saves an assigned expert's scores while the round is being
// scored: a score (at most the indicator's maximum) and a comment per
// indicator. With submit, every indicator must be scored and the scores
// are handed in: they change no more. An expert who has since become
// tied to the organization is refused (experts.CheckUntied).
func (s *Service) Score(ctx context.Context, p *tiaojie.Principal, appID int64, marks map[int64]Mark, submit bool) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		expertID, err := experts.ByUser(ctx, tx, p.UserID)
		if err != nil || !p.Can(tiaojie.PermExpertReview) {
			return hidden()
		}
		a, err := loadHead(ctx, tx, appID)
		if err != nil {
			return err
		}
		var submitted sql.NullTime
		err = tx.QueryRowContext(ctx, `SELECT submitted_at FROM rating_assignments WHERE application_id = $1 AND expert_id = $2`,
			appID, expertID).Scan(&submitted)
		if errors.Is(err, sql.ErrNoRows) {
			return hidden()
		}
		if err != nil {
			return err
		}
		switch {
		case a.Status != tiaojie.RoundScoring:
			return tiaojie.E(tiaojie.Conflict, "rating.not_scoring")
		case submitted.Valid:
			return tiaojie.E(tiaojie.Conflict, "rating.submitted")
		}
		if err := experts.CheckUntied(ctx, tx, expertID, a.OrgID); err != nil {
			var e *tiaojie.Error
			if errors.As(err, &e) {
				return audit.Refuse(e, map[string]string{"org": itoa(a.OrgID)})
			}
			return err
		}
		return s.scoreTx(ctx, tx, p, a, expertID, marks, submit)
	})
	return s.settle(ctx, p, "rating.score", "rating_application", appID, err)
}

func (s *Service) scoreTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, a *appHead, expertID int64, marks map[int64]Mark, submit bool) error {
	list, err := indicators(ctx, tx, a.SetID)
	if err != nil {
		return err
	}
	var fe tiaojie.FieldErrors
	if err := checkMarks(list, marks, &fe, "score"); err != nil {
		return err
	}
	if err := fe.Err(); err != nil {
		return err
	}
	for id, m := range marks {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO rating_scores (application_id, expert_id, indicator_id, score10, comment) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (application_id, expert_id, indicator_id) DO UPDATE SET score10 = excluded.score10, comment = excluded.comment`,
			a.ID, expertID, id, m.Score10, strings.TrimSpace(m.Text))
		if err != nil {
			return err
		}
	}
	if submit {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM rating_scores WHERE application_id = $1 AND expert_id = $2`,
			a.ID, expertID).Scan(&n); err != nil {
			return err
		}
		if n < len(list) {
			return tiaojie.E(tiaojie.Invalid, "rating.incomplete").With("n", strconv.Itoa(len(list)-n))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rating_assignments SET submitted_at = $1 WHERE application_id = $2 AND expert_id = $3`,
			s.now(), a.ID, expertID); err != nil {
			return err
		}
	}
	return s.record(ctx, tx, p, "rating.score", "rating_application", a.ID, map[string]string{
		"expert": itoa(expertID), "scores": strconv.Itoa(len(marks)), "submit": strconv.FormatBool(submit)})
}

// sheetsOf returns the handed-in scores of an application, one sheet per
// expert, in the set's indicator order (a missing score counts 0).
func sheetsOf(ctx context.Context, q db.Queryer, appID, setID int64) ([][]int, error) {
	list, err := indicators(ctx, q, setID)
	if err != nil {
		return nil, err
	}
	asg, err := assignments(ctx, q, appID)
	if err != nil {
		return nil, err
	}
	var out [][]int
	for _, x := range asg {
		if x.SubmittedAt.IsZero() {
			continue
		}
		sheet := make([]int, len(list))
		for i, in := range list {
			sheet[i] = x.Scores[in.ID].Score10
		}
		out = append(out, sheet)
	}
	return out, nil
}

func assignments(ctx context.Context, q db.Queryer, appID int64) ([]Assignment, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT x.expert_id, e.name, x.assigned_at, x.submitted_at FROM rating_assignments x JOIN experts e ON e.id = x.expert_id
		WHERE x.application_id = $1 ORDER BY x.assigned_at, x.expert_id`, appID)
	if err != nil {
		return nil, err
	}
	var out []Assignment
	for rows.Next() {
		var x Assignment
		var sub sql.NullTime
		if err := rows.Scan(&x.ExpertID, &x.Name, &x.AssignedAt, &sub); err != nil {
			rows.Close()
			return nil, err
		}
		x.SubmittedAt, x.Scores = sub.Time, map[int64]Mark{}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Scores, err = marksOf(ctx, q, `SELECT indicator_id, score10, comment FROM rating_scores
			WHERE application_id = $1 AND expert_id = $2`, appID, out[i].ExpertID); err != nil {
			return nil, err
		}
		for _, m := range out[i].Scores {
			out[i].Total += points(m.Score10)
		}
	}
	return out, nil
}

func marksOf(ctx context.Context, q db.Queryer, query string, args ...any) (map[int64]Mark, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Mark{}
	for rows.Next() {
		var id int64
		var m Mark
		if err := rows.Scan(&id, &m.Score10, &m.Text); err != nil {
			return nil, err
		}
		out[id] = m
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
