package supervision

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Evaluation is an organization's annual evaluation (年度考评), or the
// gap where it is missing.
type Evaluation struct {
	OrgID     int64
	OrgName   string
	Township  string
	Year      int
	Missing   bool // no evaluation recorded for the year
	Score     int
	Grade     tiaojie.EvaluationGrade
	Remarks   string
	Evaluator string
	UpdatedAt time.Time
}

// EvaluationInput is an evaluation to record.
type EvaluationInput struct {
	OrgID   int64
	Year    int
	Score   int
	Grade   tiaojie.EvaluationGrade
	Remarks string
}

// Evaluate records (or corrects) an organization's evaluation for a year:
// the bureau for any organization, a township office for its township's.
func (s *Service) Evaluate(ctx context.Context, p *tiaojie.Principal, in EvaluationInput) error {
	o, err := loadOrg(ctx, s.db.Reader(), in.OrgID)
	if err != nil {
		return err
	}
	role := actingRole(p, o, inspectors)
	if role == "" {
		return s.settle(ctx, p, "evaluation.record", "org", o.ID, refuse(p, o, "supervision.inspector_only"))
	}
	in.Remarks = strings.TrimSpace(in.Remarks)
	thisYear := s.clock.Now().In(tiaojie.Beijing()).Year()
	if err := tiaojie.ValidateEvaluation(in.Year, thisYear, in.Score, in.Grade, in.Remarks); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		_, err := tx.ExecContext(ctx, `
			INSERT INTO org_evaluations (org_id, year, score, grade, remarks, evaluator_id, evaluator, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
			ON CONFLICT (org_id, year) DO UPDATE SET score = excluded.score, grade = excluded.grade, remarks = excluded.remarks,
				evaluator_id = excluded.evaluator_id, evaluator = excluded.evaluator, updated_at = excluded.updated_at`,
			o.ID, in.Year, in.Score, string(in.Grade), in.Remarks, max(p.UserID, 0), p.Name, now)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "evaluation.record", "org", o.ID, map[string]string{
			"year": strconv.Itoa(in.Year), "score": strconv.Itoa(in.Score), "grade": string(in.Grade), "role": role})
	})
}

// Evaluations lists, for a year, every organization the caller supervises
// (or administers) that served that year (正常, 整改 or 暂停 now), with its
// evaluation or flagged Missing; by township and name.
func (s *Service) Evaluations(ctx context.Context, p *tiaojie.Principal, year int, township string) ([]Evaluation, error) {
	var w db.Where
	y := w.Arg(year)
	if !scope(p, &w) {
		return nil, s.settle(ctx, p, "evaluation.list", "org", 0, refuseAll())
	}
	w.Add("o.status IN ('active', 'rectifying', 'suspended')")
	if township != "" {
		w.Add("o.township = " + w.Arg(township))
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT o.id, o.name, o.township, e.id IS NULL, COALESCE(e.score, 0), COALESCE(e.grade, ''), COALESCE(e.remarks, ''),
		       COALESCE(e.evaluator, ''), e.updated_at
		FROM orgs o LEFT JOIN org_evaluations e ON e.org_id = o.id AND e.year = `+y+`
		WHERE `+w.String()+` ORDER BY o.township, o.name, o.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Evaluation{}
	for rows.Next() {
		e := Evaluation{Year: year}
		var grade string
		var at sql.NullTime
		if err := rows.Scan(&e.OrgID, &e.OrgName, &e.Township, &e.Missing, &e.Score, &grade, &e.Remarks, &e.Evaluator, &at); err != nil {
			return nil, err
		}
		e.Grade = tiaojie.EvaluationGrade(grade)
		e.UpdatedAt = at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}
