package incubation

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
)

// Review is one expert's screening of an application.
type Review struct {
	ExpertID   int64
	ExpertName string
	Scores     []int // by criterion; nil until scored
	Total      int
	Comment    string
	AssignedAt time.Time
	ScoredAt   *time.Time
}

// AssignExpert assigns an expert from the pool to screen an application;
// the first assignment begins screening (submitted → screening). The
// expert must be active and untied: experts.CheckUntied runs in the
// assigning transaction with the organization the application refers to.
// Before graduation a team is no organization yet (org 0), so only the
// expert's standing is checked; ties apply once it has one.
func (s *Service) AssignExpert(ctx context.Context, p *tiaojie.Principal, id, expertID int64) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, by, err := s.actor(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if by != tiaojie.IncActorStaff {
			return hide("not staff")
		}
		if a.Status != tiaojie.IncSubmitted && a.Status != tiaojie.IncScreening {
			return tiaojie.E(tiaojie.Conflict, "incubation.wrong_status").With("action", "assign").With("status", string(a.Status))
		}
		if err := experts.CheckUntied(ctx, tx, expertID, a.OrgID); err != nil {
			return err
		}
		if err := experts.CheckAvailable(ctx, tx, expertID, s.today()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO incubation_reviewers (application_id, expert_id, assigned_by, assigned_at)
			VALUES ($1, $2, $3, $4)`, id, expertID, max(p.UserID, 0), s.now())
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "incubation.already_assigned")
		}
		if err != nil {
			return err
		}
		if a.Status == tiaojie.IncSubmitted {
			to, err := tiaojie.NextIncubationStatus(a.Status, tiaojie.IncActScreen, by, "")
			if err != nil {
				return err
			}
			if err := s.moveTx(ctx, tx, p, a, tiaojie.IncActScreen, to, ""); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "incubation.assign", objApp, id, map[string]string{"expert": itoa(expertID)})
	})
	return s.settle(ctx, p, "incubation.assign", objApp, id, err)
}

// expertOf returns p's expert record.
func expertOf(ctx context.Context, q db.Queryer, p *tiaojie.Principal) (int64, error) {
	return experts.ByUser(ctx, q, p.UserID)
}

// Score records the caller's scores of an application they are assigned,
// one per criterion of the call (0–10), with a comment; while screening,
// an expert may correct their scores until the decision.
func (s *Service) Score(ctx context.Context, p *tiaojie.Principal, id int64, scores []int, comment string) error {
	if !p.Can(tiaojie.PermExpertReview) {
		return s.settle(ctx, p, "incubation.score", objApp, id, forbid("need", string(tiaojie.PermExpertReview)))
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		eid, err := expertOf(ctx, tx, p)
		if err != nil {
			return hide("no expert")
		}
		a, err := loadApp(ctx, tx, id)
		if err != nil {
			return err
		}
		var assigned int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM incubation_reviewers WHERE application_id = $1 AND expert_id = $2`,
			id, eid).Scan(&assigned); err != nil {
			return err
		}
		if assigned == 0 {
			return hide("not assigned")
		}
		if a.Status != tiaojie.IncScreening {
			return tiaojie.E(tiaojie.Conflict, "incubation.not_screening")
		}
		if err := checkScores(a.Criteria, scores, &comment); err != nil {
			return err
		}
		return s.writeScoresTx(ctx, tx, p, id, eid, scores, comment)
	})
	return s.settle(ctx, p, "incubation.score", objApp, id, err)
}

func checkScores(criteria []string, scores []int, comment *string) error {
	var fe tiaojie.FieldErrors
	if len(scores) != len(criteria) {
		fe.Add("scores", "incubation.scores_count", "n", strconv.Itoa(len(criteria)))
	}
	for i, v := range scores {
		if v < 0 || v > tiaojie.IncubationScoreMax {
			fe.Add("scores."+strconv.Itoa(i), "incubation.score_range", "max", strconv.Itoa(tiaojie.IncubationScoreMax))
		}
	}
	text(&fe, "comment", comment, false, 2000)
	return fe.Err()
}

func (s *Service) writeScoresTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id, eid int64, scores []int, comment string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM incubation_scores WHERE application_id = $1 AND expert_id = $2`, id, eid); err != nil {
		return err
	}
	total := 0
	for i, v := range scores {
		total += v
		if _, err := tx.ExecContext(ctx, `INSERT INTO incubation_scores (application_id, expert_id, criterion, score)
			VALUES ($1, $2, $3, $4)`, id, eid, i, v); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE incubation_reviewers SET comment = $1, scored_at = $2
		WHERE application_id = $3 AND expert_id = $4`, comment, s.now(), id, eid); err != nil {
		return err
	}
	return s.record(ctx, tx, p, "incubation.score", objApp, id, map[string]string{"expert": itoa(eid), "total": strconv.Itoa(total)})
}

// allScored refuses a decision while an assigned expert has not scored.
func allScored(ctx context.Context, q db.Queryer, id int64) error {
	var assigned, pending int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN scored_at IS NULL THEN 1 ELSE 0 END), 0)
		FROM incubation_reviewers WHERE application_id = $1`, id).Scan(&assigned, &pending); err != nil {
		return err
	}
	if assigned == 0 || pending > 0 {
		return tiaojie.E(tiaojie.Conflict, "incubation.unscored")
	}
	return nil
}

// reviews reads the reviews of an application: all, or only expert
// onlyExpert's when it is not 0.
func reviews(ctx context.Context, q db.Queryer, id, onlyExpert int64) ([]Review, error) {
	var w db.Where
	w.Add("r.application_id = " + w.Arg(id))
	if onlyExpert > 0 {
		w.Add("r.expert_id = " + w.Arg(onlyExpert))
	}
	rows, err := q.QueryContext(ctx, `SELECT r.expert_id, e.name, r.comment, r.assigned_at, r.scored_at
		FROM incubation_reviewers r JOIN experts e ON e.id = r.expert_id WHERE `+w.String()+` ORDER BY r.assigned_at, r.expert_id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	var out []Review
	for rows.Next() {
		var r Review
		var scored sql.NullTime
		if err := rows.Scan(&r.ExpertID, &r.ExpertName, &r.Comment, &r.AssignedAt, &scored); err != nil {
			rows.Close()
			return nil, err
		}
		r.ScoredAt = nullTime(scored)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].ScoredAt == nil {
			continue
		}
		if out[i].Scores, err = scoresOf(ctx, q, id, out[i].ExpertID); err != nil {
			return nil, err
		}
		for _, v := range out[i].Scores {
			out[i].Total += v
		}
	}
	return out, nil
}

func scoresOf(ctx context.Context, q db.Queryer, id, eid int64) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT score FROM incubation_scores WHERE application_id = $1 AND expert_id = $2 ORDER BY criterion`, id, eid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Screening is one application in an expert's list.
type Screening struct {
	Application
	Scored bool
}

// MyScreenings lists the applications the calling expert is assigned,
// those still to score first. Staff fields (founders' phones, records)
// are not loaded.
func (s *Service) MyScreenings(ctx context.Context, p *tiaojie.Principal) ([]Screening, error) {
	if !p.Can(tiaojie.PermExpertReview) {
		return nil, s.settle(ctx, p, "incubation.screenings", objApp, 0, forbid("need", string(tiaojie.PermExpertReview)))
	}
	q := s.db.Reader()
	eid, err := expertOf(ctx, q, p)
	if err != nil {
		return nil, err
	}
	var w db.Where
	w.Add("a.id IN (SELECT application_id FROM incubation_reviewers WHERE expert_id = " + w.Arg(eid) + ")")
	apps, err := s.queryApps(ctx, q, &w, "a.created_at DESC, a.id DESC")
	if err != nil {
		return nil, err
	}
	scored, err := scoredBy(ctx, q, eid)
	if err != nil {
		return nil, err
	}
	out := make([]Screening, 0, len(apps))
	for _, a := range apps {
		out = append(out, Screening{Application: a, Scored: scored[a.ID]})
	}
	// Those to score first, keeping the newest-first order within each.
	todo := make([]Screening, 0, len(out))
	for _, sc := range out {
		if !sc.Scored && sc.Status == tiaojie.IncScreening {
			todo = append(todo, sc)
		}
	}
	for _, sc := range out {
		if sc.Scored || sc.Status != tiaojie.IncScreening {
			todo = append(todo, sc)
		}
	}
	return todo, nil
}

// scoredBy returns which of an expert's assignments they have scored.
func scoredBy(ctx context.Context, q db.Queryer, eid int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT application_id FROM incubation_reviewers WHERE expert_id = $1 AND scored_at IS NOT NULL`, eid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
