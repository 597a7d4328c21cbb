package procurement

import (
	"context"

	"tiaojie"
	"tiaojie/internal/db"
)

// SweepResult counts what a sweep did.
type SweepResult struct {
	Closed   int // projects whose window passed, moved to evaluation
	Reminded int // reports due within RemindDays, flagged once
	Overdue  int // reports past due and unfiled, flagged once
}

// RemindDays is how many days before a report is due its reminder is set.
const RemindDays = 5

// Sweep, run daily by the job runner, closes the projects whose bidding
// window has passed and flags the performance reports coming due
// (reminded_at) and those past due unfiled (overdue_at); each flag is set
// once and audited, and the contract pages show them to the organization
// and the buyer.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	today := s.today()
	soon := tiaojie.Day(s.clock.Now().AddDate(0, 0, RemindDays))
	sys := tiaojie.System()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ids, err := idList(ctx, tx, `SELECT id FROM procurement_projects WHERE status = 'published' AND window_to < $1`, today)
		if err != nil {
			return err
		}
		for _, id := range ids {
			pr, err := load(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := s.stepTx(ctx, tx, sys, pr, tiaojie.ProjectClose, "", nil); err != nil {
				return err
			}
			res.Closed++
		}
		now := s.now()
		for _, f := range []struct {
			col, cond string
			n         *int
			action    string
			args      []any
		}{
			{"reminded_at", "due_on <= $1 AND due_on >= $2", &res.Reminded, "procurement.report_due", []any{soon, today}},
			{"overdue_at", "due_on < $1", &res.Overdue, "procurement.report_overdue", []any{today}},
		} {
			rows, err := idPairs(ctx, tx, `SELECT id, contract_id FROM procurement_reports WHERE filed_at IS NULL AND `+f.col+` IS NULL AND `+f.cond,
				f.args...)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if _, err := tx.ExecContext(ctx, `UPDATE procurement_reports SET `+f.col+` = $1 WHERE id = $2`, now, r[0]); err != nil {
					return err
				}
				if err := s.record(ctx, tx, sys, f.action, objContract, r[1], map[string]string{"report": itoa(r[0])}); err != nil {
					return err
				}
				*f.n++
			}
		}
		return nil
	})
	return res, err
}

func idList(ctx context.Context, q db.Queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func idPairs(ctx context.Context, q db.Queryer, query string, args ...any) ([][2]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out = append(out, [2]int64{a, b})
	}
	return out, rows.Err()
}
