package stats

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// The bases of the rollup: the timestamp by whose month a case counts.
const (
	BasisFiled    = "filed"    // created_at
	BasisAccepted = "accepted" // accepted_at
	BasisClosed   = "closed"   // ended_at
)

// bases maps each basis to its column of cases.
var bases = []struct{ name, col string }{
	{BasisFiled, "created_at"}, {BasisAccepted, "accepted_at"}, {BasisClosed, "ended_at"},
}

// refreshMargin is how far before its watermark the job looks again for
// changed cases: a transaction stamps a case's activity_at when it starts
// its step and commits a little later, so a change stamped before the
// last run may only have become visible after it. No transaction of the
// platform stays open this long.
const refreshMargin = 10 * time.Minute

// watermark is the stats_watermarks row of the case rollup.
const watermark = "cases"

// key is one row's key in the rollup.
type key struct {
	township, disputeType, source, outcome, form string
	orgID                                        int64
	days                                         int
}

// sums are one row's figures.
type sums struct {
	cases, amountFen, ratings, stars int64
}

// monthKey names a month of one basis.
type monthKey struct {
	basis string
	month tiaojie.Month
}

// Refresh brings the rollup up to date: it recomputes, from the cases,
// every month that a case changed since the last run touched (or every
// month, on the first run), and returns how many months it recomputed.
// It is the job stats.rollup; any instance may run it, and two runs at
// once only repeat each other's work: each month is replaced in one
// transaction that first takes the watermark row's lock.
func (s *Service) Refresh(ctx context.Context) (int, error) {
	now := s.now()
	var since time.Time
	err := s.db.Reader().QueryRowContext(ctx, `SELECT at FROM stats_watermarks WHERE name = $1`, watermark).Scan(&since)
	first := errors.Is(err, sql.ErrNoRows)
	if err != nil && !first {
		return 0, err
	}
	var months []monthKey
	if first {
		months, err = s.allMonths(ctx, now)
	} else {
		months, err = s.touchedMonths(ctx, since.Add(-refreshMargin).UTC())
	}
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(months); {
		j := i + 1
		for j < len(months) && months[j].month == months[i].month {
			j++
		}
		if err := s.recompute(ctx, months[i:j]); err != nil {
			return 0, fmt.Errorf("stats: recompute %s: %w", months[i].month, err)
		}
		i = j
	}
	if len(months) > 0 {
		s.figures.clear()
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE stats_watermarks SET at = $1 WHERE name = $2`, now, watermark)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO stats_watermarks (name, at) VALUES ($1, $2)`, watermark, now)
		return err
	})
	return len(months), err
}

// allMonths returns every month of every basis from the first case to now.
func (s *Service) allMonths(ctx context.Context, now time.Time) ([]monthKey, error) {
	var first sql.NullTime
	err := s.db.Reader().QueryRowContext(ctx, `SELECT created_at FROM cases ORDER BY created_at LIMIT 1`).Scan(&first)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !first.Valid {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []monthKey
	for m := tiaojie.MonthOf(first.Time); m <= tiaojie.MonthOf(now); m++ {
		for _, b := range bases {
			out = append(out, monthKey{b.name, m})
		}
	}
	return out, nil
}

// touchedMonths returns the months in which the cases changed or rated
// after since count.
func (s *Service) touchedMonths(ctx context.Context, since time.Time) ([]monthKey, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT created_at, accepted_at, ended_at FROM cases WHERE activity_at > $1
		UNION
		SELECT c.created_at, c.accepted_at, c.ended_at FROM case_ratings r JOIN cases c ON c.id = r.case_id WHERE r.created_at > $2`,
		since, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[monthKey]bool{}
	for rows.Next() {
		var ts [3]sql.NullTime
		if err := rows.Scan(&ts[0], &ts[1], &ts[2]); err != nil {
			return nil, err
		}
		for i, b := range bases {
			if ts[i].Valid {
				seen[monthKey{b.name, tiaojie.MonthOf(ts[i].Time)}] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]monthKey, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b monthKey) int {
		if a.month != b.month {
			return int(a.month - b.month)
		}
		return strings.Compare(a.basis, b.basis)
	})
	return out, nil
}

// recompute replaces the bases ms of one month in the rollup by the
// figures counted from the cases now, then that month, its quarter and
// its year in the district tables, in one transaction.
func (s *Service) recompute(ctx context.Context, ms []monthKey) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		// The lock: concurrent runs replace a month one after the other.
		if _, err := tx.ExecContext(ctx, `UPDATE stats_watermarks SET at = at WHERE name = $1`, watermark); err != nil {
			return err
		}
		for _, m := range ms {
			col := ""
			for _, b := range bases {
				if b.name == m.basis {
					col = b.col
				}
			}
			agg, err := countMonth(ctx, tx, col, m.month)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM stats_case_rollup WHERE basis = $1 AND month = $2`, m.basis, m.month.String()); err != nil {
				return err
			}
			if err := insertRollup(ctx, tx, m, agg); err != nil {
				return err
			}
		}
		return rebuildDistrict(ctx, tx, ms[0].month)
	})
}

// countMonth counts the cases (drafts aside) whose col falls in month.
func countMonth(ctx context.Context, tx *db.Tx, col string, month tiaojie.Month) (map[key]sums, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT c.township, COALESCE(c.org_id, 0), c.dispute_type, c.source, c.status, c.end_reason,
		       c.agreed_at, c.accepted_at, c.ended_at, COALESCE(c.amount_fen, 0),
		       COALESCE((SELECT CASE WHEN a.oral THEN 'oral' ELSE 'written' END FROM case_agreements a
		                 WHERE a.case_id = c.id ORDER BY a.version DESC LIMIT 1), ''),
		       (SELECT COUNT(*) FROM case_ratings r WHERE r.case_id = c.id),
		       (SELECT COALESCE(SUM(r.stars), 0) FROM case_ratings r WHERE r.case_id = c.id)
		FROM cases c
		WHERE c.status <> 'draft' AND c.`+col+` >= $1 AND c.`+col+` < $2`,
		// Timestamps are stored in UTC, and SQLite compares them as text.
		month.Start().UTC(), (month + 1).Start().UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	agg := map[key]sums{}
	for rows.Next() {
		var k key
		var st tiaojie.CaseStatus
		var end tiaojie.EndReason
		var agreed, accepted, ended sql.NullTime
		var amount, ratings, stars int64
		if err := rows.Scan(&k.township, &k.orgID, &k.disputeType, &k.source, &st, &end, &agreed, &accepted, &ended,
			&amount, &k.form, &ratings, &stars); err != nil {
			return nil, err
		}
		k.outcome = string(tiaojie.OutcomeOf(st, agreed.Valid, end))
		if k.outcome != string(tiaojie.OutcomeAgreement) {
			k.form = ""
		}
		k.days = -1
		if col == "ended_at" {
			k.days = tiaojie.DurationDays(ptr(accepted), ptr(ended))
		}
		v := agg[k]
		v.cases++
		v.amountFen += amount
		v.ratings += ratings
		v.stars += stars
		agg[k] = v
	}
	return agg, rows.Err()
}

func ptr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// insertBatch is how many rollup rows one INSERT writes (13 values each):
// SQLite looks each numbered parameter up in a list as it binds, so a few
// thousand parameters in one statement cost more than several statements.
const insertBatch = 50

func insertRollup(ctx context.Context, tx *db.Tx, m monthKey, agg map[key]sums) error {
	keys := make([]key, 0, len(agg))
	for k := range agg {
		keys = append(keys, k)
	}
	for len(keys) > 0 {
		n := min(len(keys), insertBatch)
		var b strings.Builder
		b.WriteString(`INSERT INTO stats_case_rollup (basis, month, township, org_id, dispute_type, source, outcome,
			agreement_form, days, cases, amount_fen, ratings, stars) VALUES `)
		args := make([]any, 0, n*13)
		for i, k := range keys[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			v := agg[k]
			b.WriteString("(")
			for j := range 13 {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "$%d", len(args)+j+1)
			}
			b.WriteString(")")
			args = append(args, m.basis, m.month.String(), k.township, k.orgID, k.disputeType, k.source, k.outcome,
				k.form, k.days, v.cases, v.amountFen, v.ratings, v.stars)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}
