package disclosure

import (
	"context"
	"database/sql"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
	"tiaojie/internal/settings"
)

// duty is one disclosure an organization owes: a year's annual one or an
// ad-hoc request, with its deadline and first filing (zero: none).
type duty struct {
	org     *orgInfo
	kind    tiaojie.DisclosureKind
	year    int
	chain   int64 // 0: the annual one not started
	subject string
	due     time.Time
	filed   time.Time
}

// duties returns what the organizations that owe disclosures owe at now:
// the annual disclosure of year (for those that existed before the year
// ended: registered, founded or entered before) and every ad-hoc request. orgID > 0 narrows to one organization.
func duties(ctx context.Context, q db.Queryer, pol tiaojie.Policy, year int, orgID int64) ([]duty, error) {
	orgs, err := disclosingOrgs(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	byOrg := map[int64]*orgInfo{}
	for _, o := range orgs {
		byOrg[o.ID] = o
	}
	// Times are read row by row: SQLite's MIN() returns them as text.
	rows, err := q.QueryContext(ctx, `
		SELECT org_id, kind, year, chain_id, subject, due_at, filed_at FROM disclosures
		WHERE (kind = 'annual' AND year = $1) OR kind = 'adhoc'
		ORDER BY chain_id, version`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	started := map[int64]bool{}
	chains := map[int64]int{} // chain → index in out
	var out []duty
	for rows.Next() {
		var d duty
		var oid int64
		var kind string
		var filed sql.NullTime
		if err := rows.Scan(&oid, &kind, &d.year, &d.chain, &d.subject, &d.due, &filed); err != nil {
			return nil, err
		}
		if d.org = byOrg[oid]; d.org == nil {
			continue
		}
		if i, ok := chains[d.chain]; ok {
			if first := &out[i]; filed.Valid && (first.filed.IsZero() || filed.Time.Before(first.filed)) {
				first.filed = filed.Time
			}
			continue
		}
		d.kind, d.filed = tiaojie.DisclosureKind(kind), filed.Time
		if d.kind == tiaojie.DisclosureAnnual {
			started[oid] = true
		}
		chains[d.chain] = len(out)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	yearEnd := time.Date(year+1, 1, 1, 0, 0, 0, 0, tiaojie.Beijing())
	for _, o := range orgs {
		if !started[o.ID] && o.Since.Before(yearEnd) {
			out = append(out, duty{org: o, kind: tiaojie.DisclosureAnnual, year: year, due: pol.DisclosureDueFor(year)})
		}
	}
	return out, nil
}

// disclosingOrgs returns the organizations that owe disclosures.
func disclosingOrgs(ctx context.Context, q db.Queryer, orgID int64) ([]*orgInfo, error) {
	var w db.Where
	w.Add("status IN (" + db.In(&w, disclosingStatuses) + ")")
	if orgID > 0 {
		w.Add("id = " + w.Arg(orgID))
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name, township, status, abnormal_since, registration_date, founded_at, created_at, contact_phone, email
		FROM orgs WHERE `+w.String()+` ORDER BY id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*orgInfo
	for rows.Next() {
		var o orgInfo
		var status string
		var abnormal, registered, founded sql.NullTime
		if err := rows.Scan(&o.ID, &o.Name, &o.Township, &status, &abnormal, &registered, &founded, &o.CreatedAt, &o.Phone, &o.Email); err != nil {
			return nil, err
		}
		o.Status, o.Abnormal, o.Since = tiaojie.OrgStatus(status), abnormal.Valid, since(registered, founded, o.CreatedAt)
		out = append(out, &o)
	}
	return out, rows.Err()
}

// abnormalDuty reports whether any of an organization's duties makes it
// abnormal at now.
func abnormalDuty(ds []duty, orgID int64, now time.Time, days int) bool {
	for _, d := range ds {
		if d.org.ID == orgID && tiaojie.StandingOf(d.due, d.filed, now, days) == tiaojie.StandingAbnormal {
			return true
		}
	}
	return false
}

// clearAbnormal lifts the abnormal mark of an organization that, after a
// filing in tx, owes nothing abnormally overdue.
func (s *Service) clearAbnormal(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, orgID int64, now time.Time) error {
	pol, err := settings.Load(ctx, tx)
	if err != nil {
		return err
	}
	ds, err := duties(ctx, tx, pol, tiaojie.DisclosureYear(now), orgID)
	if err != nil {
		return err
	}
	if abnormalDuty(ds, orgID, now, pol.DisclosureAbnormalDays) {
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE orgs SET abnormal_since = NULL WHERE id = $1 AND abnormal_since IS NOT NULL`, orgID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.record(ctx, tx, p, "org.abnormal_cleared", "org", orgID, nil)
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Marked, Cleared, Reminded int
}

// Sweep is the daily round of the job runner: it marks abnormal (活动异常)
// every organization that leaves a disclosure unfiled past the policy's
// days, lifts the mark of one that owes nothing abnormally overdue any
// more (a policy change, a filing), and reminds the organizations with
// unfiled disclosures at each reminder stage (tiaojie.
// DisclosureReminderStage) once. Each mark and lift is audited as the
// platform's own act.
func (s *Service) Sweep(ctx context.Context, now time.Time) (SweepResult, error) {
	var res SweepResult
	now = now.UTC().Truncate(time.Microsecond)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pol, err := settings.Load(ctx, tx)
		if err != nil {
			return err
		}
		ds, err := duties(ctx, tx, pol, tiaojie.DisclosureYear(now), 0)
		if err != nil {
			return err
		}
		if err := s.mark(ctx, tx, ds, pol, now, &res); err != nil {
			return err
		}
		return s.remind(ctx, tx, ds, now, &res)
	})
	return res, err
}

// mark sets and lifts the abnormal marks.
func (s *Service) mark(ctx context.Context, tx *db.Tx, ds []duty, pol tiaojie.Policy, now time.Time, res *SweepResult) error {
	orgs, err := disclosingOrgs(ctx, tx, 0)
	if err != nil {
		return err
	}
	sys := tiaojie.System()
	for _, o := range orgs {
		abnormal := abnormalDuty(ds, o.ID, now, pol.DisclosureAbnormalDays)
		switch {
		case abnormal && !o.Abnormal:
			if _, err := tx.ExecContext(ctx, `UPDATE orgs SET abnormal_since = $1 WHERE id = $2`, now, o.ID); err != nil {
				return err
			}
			res.Marked++
			if err := s.record(ctx, tx, sys, "org.abnormal", "org", o.ID, map[string]string{"reason": "disclosure"}); err != nil {
				return err
			}
		case !abnormal && o.Abnormal:
			if err := s.clearAbnormal(ctx, tx, sys, o.ID, now); err != nil {
				return err
			}
			res.Cleared++
		}
	}
	return nil
}

// remind sends each unfiled duty's current reminder stage once (the
// notice key holds the stage).
func (s *Service) remind(ctx context.Context, tx *db.Tx, ds []duty, now time.Time, res *SweepResult) error {
	if s.notifier == nil {
		return nil
	}
	for _, d := range ds {
		if !d.filed.IsZero() {
			continue
		}
		stage := tiaojie.DisclosureReminderStage(d.due, now)
		if stage == "" {
			continue
		}
		to, err := s.contacts(ctx, tx, d.org)
		if err != nil {
			return err
		}
		m := notify.DisclosureDue{Org: d.org.Name, Kind: string(d.kind), Year: d.year, Subject: d.subject,
			Due: d.due.Add(-time.Second), Late: !now.Before(d.due), Link: s.baseURL + "/staff/orgs/" + itoa(d.org.ID) + "/disclosures"}
		content, err := s.notifier.Render(i18n.Zh, m)
		if err != nil {
			return err
		}
		key := "disclosure.remind:" + itoa(d.org.ID) + ":" + string(d.kind) + ":" + itoa(int64(d.year)) + ":" + itoa(d.chain) + ":" + stage
		for _, c := range to {
			if err := s.notifier.Enqueue(ctx, tx, now, content.Notice(key+":"+itoa(c.user), c.email, c.phone)); err != nil {
				return err
			}
			res.Reminded++
		}
	}
	return nil
}

// contact is where someone is reached.
type contact struct {
	user         int64
	phone, email string
}

// contacts returns the organization's active admins with a phone or an
// e-mail on their accounts, or, when there is none, the organization's
// own published phone and e-mail.
func (s *Service) contacts(ctx context.Context, q db.Queryer, o *orgInfo) ([]contact, error) {
	admins, err := auth.Contacts(ctx, q, s.sealer, `
		SELECT u.id, u.email, u.phone_enc FROM user_roles r JOIN users u ON u.id = r.user_id AND u.status = 'active'
		WHERE r.org_id = $1 AND r.role = 'org_admin' ORDER BY u.id`, o.ID)
	if err != nil {
		return nil, err
	}
	out := make([]contact, 0, len(admins))
	for _, a := range admins {
		out = append(out, contact{user: a.UserID, phone: a.Phone, email: a.Email})
	}
	if len(out) == 0 {
		c := contact{email: o.Email}
		if tiaojie.ValidatePhone(o.Phone) == nil {
			c.phone = o.Phone
		}
		if c.phone != "" || c.email != "" {
			out = append(out, c)
		}
	}
	return out, nil
}
