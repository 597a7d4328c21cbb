package incubation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/registry"
)

// Milestone is a goal of a residency with its day.
type Milestone struct {
	ID     int64
	Title  string
	DueOn  string
	DoneOn string // "" until reached
}

// ServiceRecord is a service given to a team in residence.
type ServiceRecord struct {
	ID         int64
	Kind       string // tiaojie.IncubationServiceKinds
	HeldOn     string
	Note       string
	RecordedAt time.Time
}

// Report is a tracking report (跟踪管理).
type Report struct {
	ID       int64
	FiledOn  string
	Progress string
	Problems string
	FiledAt  time.Time
}

// EnterInput is the admission to a site (入驻): the plan, the period (6 or
// 12 months), the mentor and the milestones.
type EnterInput struct {
	Plan         string
	PeriodMonths int
	Mentor       string
	StartOn      string // YYYY-MM-DD; "" is today
	Milestones   []Milestone
}

func (in *EnterInput) validate(today string) error {
	var fe tiaojie.FieldErrors
	text(&fe, "plan", &in.Plan, true, maxPlan)
	text(&fe, "mentor", &in.Mentor, true, 50)
	if !tiaojie.ValidIncubationPeriod(in.PeriodMonths) {
		fe.Add("period_months", "incubation.period")
	}
	if strings.TrimSpace(in.StartOn) == "" {
		in.StartOn = today
	}
	date(&fe, "start_on", &in.StartOn)
	for i := range in.Milestones {
		m := &in.Milestones[i]
		n := "milestones." + strconv.Itoa(i) + "."
		text(&fe, n+"title", &m.Title, true, 100)
		date(&fe, n+"due_on", &m.DueOn)
	}
	return fe.Err()
}

// Enter moves an admitted team into its site: admitted → in_residence. The
// first tracking report is due a month after the start.
func (s *Service) Enter(ctx context.Context, p *tiaojie.Principal, id int64, in EnterInput) error {
	if err := in.validate(s.today()); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, by, err := s.actor(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tiaojie.NextIncubationStatus(a.Status, tiaojie.IncActEnter, by, ""); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE incubation_applications SET status = 'in_residence', residency_plan = $1,
			period_months = $2, mentor = $3, started_on = $4, ends_on = $5, report_due_on = $6, report_overdue = FALSE, updated_at = $7
			WHERE id = $8 AND status = 'admitted'`, in.Plan, in.PeriodMonths, in.Mentor, in.StartOn,
			addMonths(in.StartOn, in.PeriodMonths), addMonths(in.StartOn, tiaojie.IncubationReportMonths), s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "incubation.wrong_status").With("action", "enter").With("status", string(a.Status))
		}
		for _, m := range in.Milestones {
			if err := insertMilestoneTx(ctx, tx, id, m); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "incubation.enter", objApp, id, map[string]string{
			"period": strconv.Itoa(in.PeriodMonths), "mentor": in.Mentor, "start": in.StartOn})
	})
	return s.settle(ctx, p, "incubation.enter", objApp, id, err)
}

func insertMilestoneTx(ctx context.Context, tx *db.Tx, id int64, m Milestone) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO incubation_milestones (application_id, title, due_on) VALUES ($1, $2, $3)`,
		id, m.Title, m.DueOn)
	return err
}

// inResidence runs fn in a transaction on a residency p runs; action
// names it in the audit trail.
func (s *Service) inResidence(ctx context.Context, p *tiaojie.Principal, id int64, action string, fn func(tx *db.Tx, a *Application) error) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, by, err := s.actor(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if by != tiaojie.IncActorStaff {
			return hide("not staff")
		}
		if a.Status != tiaojie.IncInResidence {
			return tiaojie.E(tiaojie.Conflict, "incubation.not_in_residence")
		}
		return fn(tx, a)
	})
	return s.settle(ctx, p, action, objApp, id, err)
}

// AddMilestone adds a milestone to a residency.
func (s *Service) AddMilestone(ctx context.Context, p *tiaojie.Principal, id int64, m Milestone) error {
	var fe tiaojie.FieldErrors
	text(&fe, "title", &m.Title, true, 100)
	date(&fe, "due_on", &m.DueOn)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.inResidence(ctx, p, id, "incubation.milestone", func(tx *db.Tx, _ *Application) error {
		if err := insertMilestoneTx(ctx, tx, id, m); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "incubation.milestone", objApp, id, map[string]string{"title": m.Title, "due": m.DueOn})
	})
}

// CompleteMilestone marks a milestone reached on a day ("" is today).
func (s *Service) CompleteMilestone(ctx context.Context, p *tiaojie.Principal, id, milestone int64, on string) error {
	if strings.TrimSpace(on) == "" {
		on = s.today()
	}
	var fe tiaojie.FieldErrors
	date(&fe, "done_on", &on)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.inResidence(ctx, p, id, "incubation.milestone_done", func(tx *db.Tx, _ *Application) error {
		res, err := tx.ExecContext(ctx, `UPDATE incubation_milestones SET done_on = $1 WHERE id = $2 AND application_id = $3`,
			on, milestone, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "incubation.milestone_done", objApp, id, map[string]string{"milestone": itoa(milestone), "on": on})
	})
}

// RecordService records a service given to a team in residence.
func (s *Service) RecordService(ctx context.Context, p *tiaojie.Principal, id int64, r ServiceRecord) error {
	var fe tiaojie.FieldErrors
	if !slices.Contains(tiaojie.IncubationServiceKinds(), r.Kind) {
		fe.Add("kind", "incubation.service_kind")
	}
	if strings.TrimSpace(r.HeldOn) == "" {
		r.HeldOn = s.today()
	}
	date(&fe, "held_on", &r.HeldOn)
	text(&fe, "note", &r.Note, true, 2000)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.inResidence(ctx, p, id, "incubation.service", func(tx *db.Tx, _ *Application) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO incubation_services (application_id, kind, held_on, note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, r.Kind, r.HeldOn, r.Note, max(p.UserID, 0), s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "incubation.service", objApp, id, map[string]string{"kind": r.Kind, "on": r.HeldOn})
	})
}

// FileReport files a tracking report; the next is due a month after it,
// and the overdue flag clears.
func (s *Service) FileReport(ctx context.Context, p *tiaojie.Principal, id int64, r Report) error {
	var fe tiaojie.FieldErrors
	if strings.TrimSpace(r.FiledOn) == "" {
		r.FiledOn = s.today()
	}
	date(&fe, "filed_on", &r.FiledOn)
	if r.FiledOn > s.today() {
		fe.Add("filed_on", "incubation.future")
	}
	text(&fe, "progress", &r.Progress, true, 5000)
	text(&fe, "problems", &r.Problems, false, 5000)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.inResidence(ctx, p, id, "incubation.report", func(tx *db.Tx, _ *Application) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO incubation_reports (application_id, filed_on, progress, problems, filed_by, filed_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, r.FiledOn, r.Progress, r.Problems, max(p.UserID, 0), s.now()); err != nil {
			return err
		}
		next := addMonths(r.FiledOn, tiaojie.IncubationReportMonths)
		if _, err := tx.ExecContext(ctx, `UPDATE incubation_applications SET report_due_on = $1, report_overdue = FALSE, updated_at = $2
			WHERE id = $3`, next, s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "incubation.report", objApp, id, map[string]string{"on": r.FiledOn, "next": next})
	})
}

// GraduateInput says what the register needs beyond the application.
// Empty fields keep the application's type, form and level.
type GraduateInput struct {
	LegalForm tiaojie.LegalForm
	Level     tiaojie.OrgLevel
}

// Graduate (出壳) opens the team's organization in the register at 筹建,
// carrying over its name, type, form, level, township, plan and first
// founder as contact, through the registry's Create as the acting
// officer (who needs orgs.create for the township, as anyone opening an
// organization does), and marks the residency graduated with the
// organization's id.
//
// The register and the residency are written in two transactions (the
// registry opens its own; SQLite has one writer). If the second fails
// the new organization is withdrawn again, so no orphan stays in 筹建.
func (s *Service) Graduate(ctx context.Context, p *tiaojie.Principal, id int64, in GraduateInput) (int64, error) {
	a, by, err := s.actor(ctx, s.db.Reader(), p, id)
	if err != nil {
		return 0, s.settle(ctx, p, "incubation.graduate", objApp, id, err)
	}
	if _, err := tiaojie.NextIncubationStatus(a.Status, tiaojie.IncActGraduate, by, ""); err != nil {
		return 0, s.settle(ctx, p, "incubation.graduate", objApp, id, err)
	}
	org, err := s.orgInput(ctx, a, in)
	if err != nil {
		return 0, err
	}
	orgID, err := s.registry.Create(ctx, p, org)
	if err != nil {
		return 0, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE incubation_applications SET status = 'graduated', org_id = $1, graduated_at = $2,
			closed_at = $2, updated_at = $2 WHERE id = $3 AND status = 'in_residence'`, orgID, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "incubation.wrong_status").With("action", "graduate").With("status", string(a.Status))
		}
		return s.record(ctx, tx, p, "incubation.graduate", objApp, id, map[string]string{"org": itoa(orgID), "name": org.Name})
	})
	if err != nil {
		_ = s.registry.Act(ctx, p, orgID, tiaojie.ActWithdraw, "培育出壳未完成，撤回筹建", "")
		return 0, err
	}
	return orgID, nil
}

// orgInput is the register's form of a graduating team.
func (s *Service) orgInput(ctx context.Context, a *Application, in GraduateInput) (registry.OrgInput, error) {
	fs, err := s.founders(ctx, s.db.Reader(), a.ID, viewStaff)
	if err != nil {
		return registry.OrgInput{}, err
	}
	o := registry.OrgInput{Name: a.OrgName, Type: a.OrgType, LegalForm: a.LegalForm, Level: a.Level, Township: a.Township,
		Description: a.Plan}
	if in.LegalForm != "" {
		o.LegalForm = in.LegalForm
	}
	if in.Level != "" {
		o.Level = in.Level
	}
	if len(fs) > 0 {
		o.ContactName, o.ContactPhone, o.LegalRep = fs[0].Name, fs[0].Phone, fs[0].Name
	}
	return o, nil
}

// Sweep flags the residencies whose tracking report is overdue (its day
// has passed with no report), each flag audited as the platform's. It
// returns how many it flagged. The job runner calls it periodically.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	today := s.today()
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, report_due_on FROM incubation_applications
			WHERE status = 'in_residence' AND report_overdue = FALSE AND report_due_on <> '' AND report_due_on < $1`, today)
		if err != nil {
			return err
		}
		type due struct {
			id  int64
			day string
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.day); err != nil {
				rows.Close()
				return err
			}
			list = append(list, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range list {
			if _, err := tx.ExecContext(ctx, `UPDATE incubation_applications SET report_overdue = TRUE WHERE id = $1`, d.id); err != nil {
				return err
			}
			if err := s.record(ctx, tx, tiaojie.System(), "incubation.report_overdue", objApp, d.id, map[string]string{"due": d.day}); err != nil {
				return err
			}
		}
		n = len(list)
		return nil
	})
	return n, err
}

func milestones(ctx context.Context, q db.Queryer, id int64) ([]Milestone, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title, due_on, done_on FROM incubation_milestones WHERE application_id = $1 ORDER BY due_on, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Milestone
	for rows.Next() {
		var m Milestone
		if err := rows.Scan(&m.ID, &m.Title, &m.DueOn, &m.DoneOn); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func services(ctx context.Context, q db.Queryer, id int64) ([]ServiceRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, held_on, note, recorded_at FROM incubation_services WHERE application_id = $1
		ORDER BY held_on DESC, id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ServiceRecord
	for rows.Next() {
		var r ServiceRecord
		if err := rows.Scan(&r.ID, &r.Kind, &r.HeldOn, &r.Note, &r.RecordedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func reports(ctx context.Context, q db.Queryer, id int64) ([]Report, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, filed_on, progress, problems, filed_at FROM incubation_reports WHERE application_id = $1
		ORDER BY filed_on DESC, id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		if err := rows.Scan(&r.ID, &r.FiledOn, &r.Progress, &r.Problems, &r.FiledAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
