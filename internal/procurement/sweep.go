package procurement

import (
	"context"
	"database/sql"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
)

// SweepResult counts what a sweep did.
type SweepResult struct {
	Closed   int // projects whose window passed, moved to evaluation
	Reminded int // reports due within tiaojie.ReportRemindDays, flagged once
	Overdue  int // reports past due and unfiled, flagged once
}

// Sweep, run daily by the job runner, closes the projects whose bidding
// window has passed and flags the performance reports coming due
// (reminded_at) and those past due unfiled (overdue_at); each flag is set
// once and audited, and the contract pages show them to the organization
// and the buyer. With a Notifier, each flag also sends its notice in the
// same transaction (remindReport): the organization's admins are reminded
// of a report coming due, and told with the buying department when it is
// overdue.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	today := s.today()
	soon := tiaojie.Day(s.clock.Now().AddDate(0, 0, tiaojie.ReportRemindDays))
	sys := tiaojie.System()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ids, err := db.IDs(ctx, tx, `SELECT id FROM procurement_projects WHERE status = 'published' AND window_to < $1`, today)
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
				if err := s.remindReport(ctx, tx, r[0], f.col == "overdue_at", now); err != nil {
					return err
				}
				*f.n++
			}
		}
		return nil
	})
	return res, err
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

// remindReport queues the notices of report id: to the contracted
// organization's admins, and when late also to the buying department (the
// agency's members, or the bureau's staff). The notice key holds the
// report, the stage and the account, so a repeated sweep sends nothing
// twice.
func (s *Service) remindReport(ctx context.Context, tx *db.Tx, id int64, late bool, now time.Time) error {
	if s.notifier == nil {
		return nil
	}
	var (
		msg           notify.ProcurementReportDue
		due           string
		contract, org int64
		agency        sql.NullInt64
	)
	err := tx.QueryRowContext(ctx, `
		SELECT r.contract_id, r.period_from, r.period_to, r.due_on, p.title, p.agency_id, c.org_id, o.name
		FROM procurement_reports r
		JOIN procurement_contracts c ON c.id = r.contract_id
		JOIN procurement_projects p ON p.id = c.project_id
		JOIN orgs o ON o.id = c.org_id
		WHERE r.id = $1`, id).Scan(&contract, &msg.From, &msg.To, &due, &msg.Project, &agency, &org, &msg.Org)
	if err != nil {
		return err
	}
	if msg.Due, err = time.ParseInLocation(time.DateOnly, due, tiaojie.Beijing()); err != nil {
		return err
	}
	msg.Late = late
	stage := tiaojie.ReportSoon
	if late {
		stage = tiaojie.ReportLate
	}
	key := "procurement.report:" + itoa(id) + ":" + string(stage)
	send := func(to []auth.Contact, path string, buyer bool) error {
		m := msg
		m.Buyer = buyer
		if s.baseURL != "" {
			m.Link = s.baseURL + path + itoa(contract)
		}
		return notify.EnqueueTo(ctx, s.notifier, tx, now, m, key, to)
	}
	admins, err := auth.OrgAdmins(ctx, tx, s.sealer, org)
	if err != nil {
		return err
	}
	if err := send(admins, "/staff/bids/contracts/", false); err != nil || !late {
		return err
	}
	const sel = `SELECT u.id, u.email, u.phone_enc FROM users u `
	var buyers []auth.Contact
	if agency.Valid {
		buyers, err = auth.Contacts(ctx, tx, s.sealer, sel+`JOIN agency_members am ON am.user_id = u.id
			WHERE am.agency_id = $1 AND u.status = 'active' ORDER BY u.id`, agency.Int64)
	} else {
		buyers, err = auth.Contacts(ctx, tx, s.sealer, sel+`JOIN user_roles r ON r.user_id = u.id
			WHERE r.role = 'district_bureau' AND u.status = 'active' ORDER BY u.id`)
	}
	if err != nil {
		return err
	}
	return send(buyers, "/staff/procurement/contracts/", true)
}
