package funding

import (
	"context"
	"database/sql"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
)

// The reports an awarded project owes and their reminders. A round keeps
// no project period, so the due days are derived from its publication
// (tiaojie.VentureReportDue): the progress report six months after, the
// final report twelve. A final report settles a progress report still
// owed, the project having ended.

// ReportDue is a report an awarded project owes: its kind, the day it is
// due and where it stands.
type ReportDue struct {
	ApplicationID int64
	RoundID       int64
	RoundTitle    string
	Title         string // the project's
	OrgID         int64
	OrgName       string
	Kind          tiaojie.VentureReportKind
	DueOn         string              // YYYY-MM-DD, Beijing
	Filed         bool                // filed, or settled by the final report
	Stage         tiaojie.ReportStage // of an unfiled report, today
}

// Late reports whether the report is past its due day and unfiled.
func (d ReportDue) Late() bool { return d.Stage == tiaojie.ReportLate }

// Soon reports whether the report is due within tiaojie.ReportRemindDays.
func (d ReportDue) Soon() bool { return d.Stage == tiaojie.ReportSoon }

// duesOf returns each report project p (its fields set) of a round
// published at published owes, with where it stands today; progress and
// final say which kinds were filed.
func duesOf(p ReportDue, published time.Time, progress, final bool, today string) []ReportDue {
	var out []ReportDue
	for _, k := range tiaojie.VentureReportKinds() {
		d := p
		d.Kind, d.DueOn, d.Filed = k, tiaojie.VentureReportDue(published, k), final || k == tiaojie.VentureProgress && progress
		if !d.Filed {
			d.Stage = tiaojie.ReportStageOn(d.DueOn, today)
		}
		out = append(out, d)
	}
	return out
}

// setDues gives the awarded projects of a published round their reports
// due, from the kinds each has filed (application id → kind → filed).
// Only the bureau and the project's own admin see them: whether a project
// is late is a matter between the funder and the funded, not a public one.
func (s *Service) setDues(p *tiaojie.Principal, r *Round, apps []Application, filed map[int64]map[tiaojie.VentureReportKind]bool) {
	if !r.Published() {
		return
	}
	today := s.today()
	for i := range apps {
		if apps[i].Award > 0 && (p.Can(tiaojie.PermFunding) || orgAdmin(p, apps[i].OrgID)) {
			a, f := &apps[i], filed[apps[i].ID]
			d := ReportDue{ApplicationID: a.ID, RoundID: r.ID, RoundTitle: r.Title, Title: a.Title, OrgID: a.OrgID, OrgName: a.OrgName}
			a.Dues = duesOf(d, r.PublishedAt, f[tiaojie.VentureProgress], f[tiaojie.VentureFinal], today)
		}
	}
}

// filedKinds reads which kinds of report each project of round roundID
// has filed.
func filedKinds(ctx context.Context, q db.Queryer, roundID int64) (map[int64]map[tiaojie.VentureReportKind]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT r.application_id, r.kind FROM venture_reports r
		JOIN venture_applications a ON a.id = r.application_id WHERE a.round_id = $1`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[tiaojie.VentureReportKind]bool{}
	for rows.Next() {
		var app int64
		var kind string
		if err := rows.Scan(&app, &kind); err != nil {
			return nil, err
		}
		if out[app] == nil {
			out[app] = map[tiaojie.VentureReportKind]bool{}
		}
		out[app][tiaojie.VentureReportKind(kind)] = true
	}
	return out, rows.Err()
}

// DueReports returns the unfiled reports due within
// tiaojie.ReportRemindDays or late, oldest round first: every awarded
// project's to the bureau, its own organization's to an organization's
// admin.
func (s *Service) DueReports(ctx context.Context, p *tiaojie.Principal) ([]ReportDue, error) {
	var w db.Where
	switch {
	case p.Can(tiaojie.PermFunding):
	case p.Can(tiaojie.PermFundingOrg):
		w.Add("a.org_id IN (" + db.In(&w, p.AdminOrgIDs()) + ")")
	default:
		return nil, s.settle(ctx, p, "venture.reports_due", "venture_application", 0, forbidden(tiaojie.PermFunding))
	}
	return owed(ctx, s.db.Reader(), s.today(), &w)
}

// owed reads the unfiled reports of awarded projects that are due soon or
// late today, within w. Projects with a final report owe nothing, so the
// scan shrinks as projects end.
func owed(ctx context.Context, q db.Queryer, today string, w *db.Where) ([]ReportDue, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT a.id, a.round_id, v.title, a.title, a.org_id, o.name, v.published_at,
			(SELECT COUNT(*) FROM venture_reports p WHERE p.application_id = a.id AND p.kind = 'progress')
		FROM venture_applications a JOIN venture_rounds v ON v.id = a.round_id JOIN orgs o ON o.id = a.org_id
		WHERE v.status = 'published' AND a.award > 0
			AND NOT EXISTS (SELECT 1 FROM venture_reports f WHERE f.application_id = a.id AND f.kind = 'final')
			AND `+w.String()+`
		ORDER BY v.published_at, a.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReportDue{}
	for rows.Next() {
		var d ReportDue
		var published sql.NullTime
		var progress int
		if err := rows.Scan(&d.ApplicationID, &d.RoundID, &d.RoundTitle, &d.Title, &d.OrgID, &d.OrgName, &published, &progress); err != nil {
			return nil, err
		}
		if !published.Valid {
			continue
		}
		for _, one := range duesOf(d, published.Time, progress > 0, false, today) {
			if !one.Filed && one.Stage != tiaojie.ReportPending {
				out = append(out, one)
			}
		}
	}
	return out, rows.Err()
}

// Sweep, run hourly by the job runner, reminds of the venture reports
// coming due (within tiaojie.ReportRemindDays) and late. Each stage of
// each report is taken once (a venture_report_reminders row), audited
// (venture.report_due, venture.report_overdue) and, with a Notifier,
// noticed in the same transaction: the organization's admins are
// reminded of a report coming due, and told with the bureau's funding
// staff when it is late. A filed report is not owed, so its reminders
// stop. It returns how many reminders it took.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	n := 0
	today, sys := s.today(), tiaojie.System()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ds, err := owed(ctx, tx, today, &db.Where{})
		if err != nil {
			return err
		}
		now := s.now()
		for _, d := range ds {
			res, err := tx.ExecContext(ctx, `INSERT INTO venture_report_reminders (application_id, kind, stage, due_on, reminded_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, d.ApplicationID, string(d.Kind), string(d.Stage), d.DueOn, now)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if k == 0 {
				continue // reminded before
			}
			action := "venture.report_due"
			if d.Late() {
				action = "venture.report_overdue"
			}
			if err := s.record(ctx, tx, sys, action, "venture_application", d.ApplicationID, map[string]string{
				"kind": string(d.Kind), "due": d.DueOn}); err != nil {
				return err
			}
			if err := s.remind(ctx, tx, d, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// remind queues the notices of report d: to the organization's admins,
// linking to the project, and when late also to the accounts holding
// funding.manage, linking to the round. The key holds the project, the
// kind, the stage and the account, so each person is told once.
func (s *Service) remind(ctx context.Context, tx *db.Tx, d ReportDue, now time.Time) error {
	if s.notifier == nil {
		return nil
	}
	due, err := time.ParseInLocation(time.DateOnly, d.DueOn, tiaojie.Beijing())
	if err != nil {
		return err
	}
	m := notify.VentureReportDue{Round: d.RoundTitle, Project: d.Title, Org: d.OrgName, Kind: string(d.Kind), Due: due, Late: d.Late(),
		Link: s.link("/staff/venture-applications/" + itoa(d.ApplicationID))}
	key := "venture.report:" + itoa(d.ApplicationID) + ":" + string(d.Kind) + ":" + string(d.Stage)
	admins, err := auth.OrgAdmins(ctx, tx, s.sealer, d.OrgID)
	if err != nil {
		return err
	}
	if err := notify.EnqueueTo(ctx, s.notifier, tx, now, m, key, admins); err != nil || !d.Late() {
		return err
	}
	staff, err := auth.Holding(ctx, tx, s.sealer, tiaojie.PermFunding)
	if err != nil {
		return err
	}
	m.Bureau, m.Link = true, s.link("/staff/ventures/"+itoa(d.RoundID)+"#detail-"+itoa(d.ApplicationID))
	return notify.EnqueueTo(ctx, s.notifier, tx, now, m, key, staff)
}

// link is path on the portal, "" without a base address.
func (s *Service) link(path string) string {
	if s.baseURL == "" {
		return ""
	}
	return s.baseURL + path
}
