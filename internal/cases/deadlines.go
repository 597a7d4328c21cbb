package cases

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
)

// Calendar returns the working-day calendar the bureau keeps.
func (s *Service) Calendar(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error) {
	days, err := s.holidays(ctx, q, "")
	if err != nil {
		return tiaojie.Calendar{}, err
	}
	return tiaojie.NewCalendar(days), nil
}

// Holidays lists the calendar's exceptions of a year ("" for all).
func (s *Service) Holidays(ctx context.Context, year string) ([]tiaojie.CalendarDay, error) {
	return s.holidays(ctx, s.db.Reader(), year)
}

func (s *Service) holidays(ctx context.Context, q db.Queryer, year string) ([]tiaojie.CalendarDay, error) {
	rows, err := q.QueryContext(ctx, `SELECT date, kind, name FROM holidays WHERE date LIKE $1 ORDER BY date`, year+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tiaojie.CalendarDay
	for rows.Next() {
		var d tiaojie.CalendarDay
		if err := rows.Scan(&d.Date, &d.Kind, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetDay adds or changes an exception of the calendar: the bureau enters
// the State Council's yearly notice. Deadlines already computed stay as
// they are; new ones follow the calendar.
func (s *Service) SetDay(ctx context.Context, p *tiaojie.Principal, d tiaojie.CalendarDay) error {
	if !p.Can(tiaojie.PermCalendar) {
		return s.settle(ctx, p, "calendar.set", 0, forbid("error.forbidden", map[string]string{"need": string(tiaojie.PermCalendar)}))
	}
	var fe tiaojie.FieldErrors
	if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
		fe.Add("date", "calendar.date")
	}
	if d.Kind != tiaojie.DayHoliday && d.Kind != tiaojie.DayWorkday {
		fe.Add("kind", "calendar.kind")
	}
	if d.Name = strings.TrimSpace(d.Name); utf8.RuneCountInString(d.Name) > 50 {
		fe.Add("name", "case.too_long")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO holidays (date, kind, name, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name,
			       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			d.Date, string(d.Kind), d.Name, max(p.UserID, 0), s.now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, auditCalendar("calendar.set", d))
	})
}

// DeleteDay removes an exception: the day follows the weekly rule again.
func (s *Service) DeleteDay(ctx context.Context, p *tiaojie.Principal, date string) error {
	if !p.Can(tiaojie.PermCalendar) {
		return s.settle(ctx, p, "calendar.delete", 0, forbid("error.forbidden", map[string]string{"need": string(tiaojie.PermCalendar)}))
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM holidays WHERE date = $1`, date)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.audit.Record(ctx, tx, p, auditCalendar("calendar.delete", tiaojie.CalendarDay{Date: date}))
	})
}

// Deadline is the time limit that matters for a case now.
type Deadline struct {
	Kind    string // accept, respondent, mediation, confirmation, visit; "" for none
	Due     time.Time
	Overdue bool
}

// deadlineOf returns the deadline the case's status runs against.
func (s *Service) deadlineOf(c *Case) Deadline {
	var kind string
	var due *time.Time
	switch c.Status {
	case tiaojie.CaseAwaitingOrg:
		kind, due = "accept", c.AcceptDue
	case tiaojie.CaseAwaitingResp:
		kind, due = "respondent", c.RespDue
	case tiaojie.CaseMediating, tiaojie.CaseSigning:
		kind, due = "mediation", c.MediationDue
	case tiaojie.CaseAgreed:
		kind, due = "visit", c.VisitDue
		if c.ConfirmDue != nil && s.now().Before(*c.ConfirmDue) && c.Confirmed == nil {
			kind, due = "confirmation", c.ConfirmDue
		}
	case tiaojie.CasePerformed:
		kind, due = "visit", c.VisitDue
	}
	if due == nil {
		return Deadline{}
	}
	return Deadline{Kind: kind, Due: *due, Overdue: !s.now().Before(*due)}
}

// Sweep is the periodic job of deadlines: a case the organization did
// not accept in time returns to routing (its supervising office is
// alerted); a respondent not reached in time ends the case as
// unreachable; reminders go out a working day before each deadline. It
// returns how many cases it moved.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	now := s.now()
	moved := 0
	for _, r := range []struct {
		status tiaojie.CaseStatus
		col    string
		action tiaojie.CaseAction
	}{
		{tiaojie.CaseAwaitingOrg, "accept_due", tiaojie.CaseTimeout},
		{tiaojie.CaseAwaitingResp, "resp_due", tiaojie.CaseUnreachable},
	} {
		ids, err := s.due(ctx, r.status, r.col, now)
		if err != nil {
			return moved, err
		}
		for _, id := range ids {
			err := s.Act(ctx, tiaojie.System(), id, Step{Action: r.action, Reason: "期限届满"})
			if tiaojie.IsKind(err, tiaojie.Conflict) {
				continue // moved meanwhile by a person
			}
			if err != nil {
				return moved, fmt.Errorf("cases: sweep %d: %w", id, err)
			}
			moved++
		}
	}
	return moved, s.remind(ctx, now)
}

// due returns the cases in status whose deadline column has passed.
func (s *Service) due(ctx context.Context, st tiaojie.CaseStatus, col string, now time.Time) ([]int64, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id FROM cases WHERE status = $1 AND `+col+` <= $2 ORDER BY id LIMIT 500`,
		string(st), now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// remind sends the handlers of cases whose deadline falls within the next
// working day a reminder, once per case, deadline and date (the notice
// key makes it idempotent).
func (s *Service) remind(ctx context.Context, now time.Time) error {
	if s.notifier == nil {
		return nil
	}
	cal, err := s.Calendar(ctx, s.db.Reader())
	if err != nil {
		return err
	}
	horizon := cal.AddWorkdays(now, tiaojie.ReminderLeadWorkday)
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT c.id, c.number, c.status, c.accept_due, c.resp_due, c.mediation_due, COALESCE(o.name, ''), COALESCE(o.contact_phone, '')
		FROM cases c LEFT JOIN orgs o ON o.id = c.org_id
		WHERE (c.status = 'awaiting_org' AND c.accept_due > $1 AND c.accept_due <= $2)
		   OR (c.status = 'awaiting_resp' AND c.resp_due > $1 AND c.resp_due <= $2)
		   OR (c.status IN ('mediating', 'signing') AND c.mediation_due > $1 AND c.mediation_due <= $2)
		ORDER BY c.id LIMIT 1000`, now, horizon)
	if err != nil {
		return err
	}
	type due struct {
		id          int64
		number, org string
		phone       string
		st          tiaojie.CaseStatus
		at          time.Time
	}
	var all []due
	for rows.Next() {
		var d due
		var accept, resp, mediation sql.NullTime
		if err := rows.Scan(&d.id, &d.number, &d.st, &accept, &resp, &mediation, &d.org, &d.phone); err != nil {
			rows.Close()
			return err
		}
		d.at = s.deadlineOf(&Case{Status: d.st, AcceptDue: timePtr(accept), RespDue: timePtr(resp), MediationDue: timePtr(mediation)}).Due
		all = append(all, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, d := range all {
			last := d.at.In(tiaojie.Beijing()).AddDate(0, 0, -1)
			what := map[tiaojie.CaseStatus]string{tiaojie.CaseAwaitingOrg: "accept", tiaojie.CaseAwaitingResp: "respondent"}[d.st]
			m := notify.CaseDeadline{Org: d.org, CaseNo: d.number, What: cmp.Or(what, "mediation"), Due: last,
				Link: s.baseURL + "/cases/" + itoa(d.id)}
			key := "case.remind:" + itoa(d.id) + ":" + string(d.st) + ":" + last.Format(time.DateOnly)
			to, err := s.handlers(ctx, tx, d.id, d.st)
			if err != nil {
				return err
			}
			if len(to) == 0 && tiaojie.ValidatePhone(d.phone) == nil {
				// Nobody with a login and a phone or an e-mail: the
				// organization's published mobile number.
				to = []auth.Contact{{Phone: d.phone}}
			}
			for _, c := range to {
				if err := s.notify(ctx, tx, now, key+":"+itoa(c.UserID), c.Email, c.Phone, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// handlers returns who must act before a case's deadline, reached on their
// own phones and e-mail: the assigned mediator (once the organization has
// accepted and assigned), else the organization's admins.
func (s *Service) handlers(ctx context.Context, q db.Queryer, caseID int64, st tiaojie.CaseStatus) ([]auth.Contact, error) {
	query := `
		SELECT u.id, u.email, u.phone_enc FROM cases c
		JOIN user_roles r ON r.org_id = c.org_id AND r.role = 'org_admin'
		JOIN users u ON u.id = r.user_id AND u.status = 'active'
		WHERE c.id = $1 ORDER BY u.id`
	if st != tiaojie.CaseAwaitingOrg {
		query = `
			SELECT u.id, u.email, u.phone_enc FROM cases c
			JOIN mediators m ON m.id = c.mediator_id
			JOIN users u ON u.id = m.user_id AND u.status = 'active'
			WHERE c.id = $1
			UNION
			SELECT u.id, u.email, u.phone_enc FROM cases c
			JOIN user_roles r ON r.org_id = c.org_id AND r.role = 'org_admin'
			JOIN users u ON u.id = r.user_id AND u.status = 'active'
			WHERE c.id = $1 AND c.mediator_id IS NULL
			ORDER BY 1`
	}
	return auth.Contacts(ctx, q, s.sealer, query, caseID)
}
