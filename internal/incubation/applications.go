package incubation

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Founder is a founding member of a team. Phone is sealed at rest; it is
// shown in full only to the staff who run the site, masked to the team.
type Founder struct {
	Name  string
	Role  string // e.g. 负责人, 成员
	Phone string
}

// Input is a team's application to a call.
type Input struct {
	CallID    int64
	OrgName   string // the proposed organization's name
	OrgType   tiaojie.OrgType
	LegalForm tiaojie.LegalForm
	Level     tiaojie.OrgLevel
	Township  string // where it will work; a home's applicants work in its township
	Plan      string
	Founders  []Founder
}

// Limits of an application.
const (
	maxFounders = 10
	maxPlan     = 5000
)

func (s *Service) validate(in *Input, c *Call) error {
	var fe tiaojie.FieldErrors
	text(&fe, "org_name", &in.OrgName, true, 100)
	if len([]rune(in.OrgName)) < 2 {
		fe.Add("org_name", "incubation.text", "max", "100")
	}
	text(&fe, "plan", &in.Plan, true, maxPlan)
	if err := tiaojie.ValidateOrgKind(in.OrgType, in.LegalForm, in.Level); err != nil {
		if e, ok := err.(*tiaojie.Error); ok {
			fe = append(fe, e.Fields...)
		}
	}
	if len(c.TargetTypes) > 0 && !containsType(c.TargetTypes, in.OrgType) {
		fe.Add("org_type", "incubation.type_not_sought")
	}
	if _, ok := s.district.Township(in.Township); !ok {
		fe.Add("township", "incubation.township")
	} else if c.SiteKind == KindHome && in.Township != c.Township {
		fe.Add("township", "incubation.township_of_home")
	}
	if len(in.Founders) == 0 || len(in.Founders) > maxFounders {
		fe.Add("founders", "incubation.founders", "max", strconv.Itoa(maxFounders))
	}
	for i := range in.Founders {
		f := &in.Founders[i]
		n := "founders." + strconv.Itoa(i) + "."
		text(&fe, n+"name", &f.Name, true, 50)
		text(&fe, n+"role", &f.Role, false, 50)
		f.Phone = tiaojie.NormalizePhone(f.Phone)
		if tiaojie.ValidatePhone(f.Phone) != nil {
			fe.Add(n+"phone", "incubation.phone")
		}
	}
	return fe.Err()
}

func containsType(ts []tiaojie.OrgType, t tiaojie.OrgType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// Apply files a team's application to an open call. The applicant is a
// member of the public logged in by phone code; staff file nothing here.
// One live application per applicant and call.
func (s *Service) Apply(ctx context.Context, p *tiaojie.Principal, in Input) (int64, error) {
	if !p.LoggedIn() || p.Staff() {
		return 0, s.settle(ctx, p, "incubation.apply", objApp, 0, forbid("need", "public"))
	}
	c, err := loadCall(ctx, s.db.Reader(), in.CallID)
	if err != nil || c.Status == CallDraft {
		return 0, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if !c.Accepting(s.today()) {
		return 0, tiaojie.E(tiaojie.Conflict, "incubation.call_not_open")
	}
	if err := s.validate(&in, c); err != nil {
		return 0, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var live int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM incubation_applications
			WHERE call_id = $1 AND applicant_id = $2 AND status NOT IN ('rejected', 'withdrawn')`, c.ID, p.UserID).Scan(&live); err != nil {
			return err
		}
		if live > 0 {
			return tiaojie.E(tiaojie.Conflict, "incubation.duplicate")
		}
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO incubation_applications (call_id, site_id, applicant_id, org_name, org_type, legal_form, level, township,
			                                     plan, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			c.ID, c.SiteID, p.UserID, in.OrgName, string(in.OrgType), string(in.LegalForm), string(in.Level), in.Township,
			in.Plan, now).Scan(&id)
		if err != nil {
			return err
		}
		if err := s.insertFoundersTx(ctx, tx, id, in.Founders); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "incubation.apply", objApp, id, map[string]string{"call": itoa(c.ID), "org_name": in.OrgName})
	})
	return id, err
}

// founderAAD binds a sealed phone to its row.
func founderAAD(app int64, seq int) string {
	return "incubation_founders.phone:" + itoa(app) + ":" + strconv.Itoa(seq)
}

func (s *Service) insertFoundersTx(ctx context.Context, tx *db.Tx, id int64, fs []Founder) error {
	for i, f := range fs {
		enc, idx, err := s.sealer.SealIndexed(f.Phone, founderAAD(id, i), "phone")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO incubation_founders (application_id, seq, name, role, phone_enc, phone_idx)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i, f.Name, f.Role, enc, idx); err != nil {
			return err
		}
	}
	return nil
}

// Application is an application as one caller may see it.
type Application struct {
	ID          int64
	CallID      int64
	CallTitle   string
	SiteID      int64
	SiteName    string
	SiteKind    string
	SiteTown    string // the site's township, "" for the base
	ApplicantID int64
	OrgName     string
	OrgType     tiaojie.OrgType
	LegalForm   tiaojie.LegalForm
	Level       tiaojie.OrgLevel
	Township    string
	Plan        string
	Status      tiaojie.IncubationStatus
	Decision    string
	ScreenedAt  *time.Time
	DecidedAt   *time.Time
	AdmittedAt  *time.Time
	Residency   Residency
	OrgID       int64
	OrgStatus   tiaojie.OrgStatus // of the organization it graduated into
	ExitReason  string
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Founders   []Founder
	Reviews    []Review // staff: all; an expert: their own; the team: none
	Milestones []Milestone
	Services   []ServiceRecord
	Reports    []Report
	Criteria   []string
}

// Residency is the residency part of an application.
type Residency struct {
	Plan          string
	PeriodMonths  int
	Mentor        string
	StartedOn     string
	EndsOn        string
	ReportDueOn   string
	ReportOverdue bool
}

const appColumns = `a.id, a.call_id, c.title, a.site_id, si.name, si.kind, si.township, a.applicant_id, a.org_name, a.org_type,
	a.legal_form, a.level, a.township, a.plan, a.status, a.decision, a.screened_at, a.decided_at, a.admitted_at,
	a.residency_plan, a.period_months, a.mentor, a.started_on, a.ends_on, a.report_due_on, a.report_overdue,
	COALESCE(a.org_id, 0), COALESCE(o.status, ''), a.exit_reason, a.created_at, a.updated_at, c.criteria`

const appFrom = ` FROM incubation_applications a
	JOIN incubation_calls c ON c.id = a.call_id
	JOIN incubation_sites si ON si.id = a.site_id
	LEFT JOIN orgs o ON o.id = a.org_id`

func scanApp(sc interface{ Scan(...any) error }) (*Application, error) {
	var a Application
	var screened, decided, admitted sql.NullTime
	var criteria string
	r := &a.Residency
	if err := sc.Scan(&a.ID, &a.CallID, &a.CallTitle, &a.SiteID, &a.SiteName, &a.SiteKind, &a.SiteTown, &a.ApplicantID,
		&a.OrgName, &a.OrgType, &a.LegalForm, &a.Level, &a.Township, &a.Plan, &a.Status, &a.Decision, &screened, &decided,
		&admitted, &r.Plan, &r.PeriodMonths, &r.Mentor, &r.StartedOn, &r.EndsOn, &r.ReportDueOn, &r.ReportOverdue,
		&a.OrgID, &a.OrgStatus, &a.ExitReason, &a.CreatedAt, &a.UpdatedAt, &criteria); err != nil {
		return nil, err
	}
	a.ScreenedAt, a.DecidedAt, a.AdmittedAt = nullTime(screened), nullTime(decided), nullTime(admitted)
	a.Criteria = splitLines(criteria)
	return &a, nil
}

func loadApp(ctx context.Context, q db.Queryer, id int64) (*Application, error) {
	a, err := scanApp(q.QueryRowContext(ctx, `SELECT `+appColumns+appFrom+` WHERE a.id = $1`, id))
	return a, notFound(err)
}

// viewer is how a caller stands to an application.
type viewer int

const (
	viewNone viewer = iota
	viewApplicant
	viewExpert
	viewStaff
)

// viewerOf decides how p sees application a; expertID is p's expert
// record (0 when none).
func (s *Service) viewerOf(ctx context.Context, q db.Queryer, p *tiaojie.Principal, a *Application) (viewer, int64, error) {
	if runsSite(p, a.SiteKind, a.SiteTown) {
		return viewStaff, 0, nil
	}
	if p.LoggedIn() && a.ApplicantID == p.UserID {
		return viewApplicant, 0, nil
	}
	if p.Can(tiaojie.PermExpertReview) {
		eid, err := expertOf(ctx, q, p)
		if err != nil {
			return viewNone, 0, nil
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM incubation_reviewers WHERE application_id = $1 AND expert_id = $2`,
			a.ID, eid).Scan(&n); err != nil {
			return viewNone, 0, err
		}
		if n > 0 {
			return viewExpert, eid, nil
		}
	}
	return viewNone, 0, nil
}

// Get returns an application as p may see it: the staff who run its site
// see everything; the team their own application with its status and
// decision, founders' phones masked, no scores; an assigned expert the
// application with founders' names only and their own scores. Anyone
// else gets NotFound, audited.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Application, error) {
	q := s.db.Reader()
	a, err := loadApp(ctx, q, id)
	if err != nil {
		return nil, err
	}
	v, eid, err := s.viewerOf(ctx, q, p, a)
	if err != nil {
		return nil, err
	}
	if v == viewNone {
		return nil, s.settle(ctx, p, "incubation.read", objApp, id, hide("scope"))
	}
	if err := s.fill(ctx, q, a, v, eid); err != nil {
		return nil, err
	}
	return a, nil
}

// fill loads the parts of an application its viewer may see.
func (s *Service) fill(ctx context.Context, q db.Queryer, a *Application, v viewer, eid int64) error {
	var err error
	if a.Founders, err = s.founders(ctx, q, a.ID, v); err != nil {
		return err
	}
	if v == viewStaff || v == viewExpert {
		if a.Reviews, err = reviews(ctx, q, a.ID, eid); err != nil {
			return err
		}
	}
	if v == viewStaff {
		if a.Milestones, err = milestones(ctx, q, a.ID); err != nil {
			return err
		}
		if a.Services, err = services(ctx, q, a.ID); err != nil {
			return err
		}
		if a.Reports, err = reports(ctx, q, a.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) founders(ctx context.Context, q db.Queryer, id int64, v viewer) ([]Founder, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, name, role, phone_enc FROM incubation_founders WHERE application_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Founder
	for rows.Next() {
		var seq int
		var f Founder
		var enc []byte
		if err := rows.Scan(&seq, &f.Name, &f.Role, &enc); err != nil {
			return nil, err
		}
		if v != viewExpert {
			phone, err := s.sealer.OpenString(enc, founderAAD(id, seq))
			if err != nil {
				return nil, err
			}
			f.Phone = phone
			if v != viewStaff {
				f.Phone = tiaojie.MaskPhone(phone)
			}
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Filter narrows List.
type Filter struct {
	SiteID   int64
	Status   tiaojie.IncubationStatus
	Township string
	Q        string // in the proposed organization's name
	Overdue  bool   // residencies whose tracking report is overdue
}

// List returns the applications of the sites p runs, newest first
// (without founders, scores or records).
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Application, error) {
	if err := needManage(p); err != nil {
		return nil, s.settle(ctx, p, "incubation.list", objApp, 0, err)
	}
	var w db.Where
	staffScope(p, &w)
	if f.SiteID > 0 {
		w.Add("a.site_id = " + w.Arg(f.SiteID))
	}
	if f.Status != "" {
		w.Add("a.status = " + w.Arg(string(f.Status)))
	}
	if f.Township != "" {
		w.Add("a.township = " + w.Arg(f.Township))
	}
	if f.Q != "" {
		w.Add("a.org_name LIKE " + w.Arg("%"+db.EscapeLike(f.Q)+"%") + " ESCAPE '\\'")
	}
	if f.Overdue {
		w.Add("a.report_overdue = TRUE AND a.status = 'in_residence'")
	}
	return s.queryApps(ctx, s.db.Reader(), &w, "a.created_at DESC, a.id DESC")
}

func (s *Service) queryApps(ctx context.Context, q db.Queryer, w *db.Where, order string) ([]Application, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+appColumns+appFrom+` WHERE `+w.String()+` ORDER BY `+order+` LIMIT 1000`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Application
	for rows.Next() {
		a, err := scanApp(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// Mine returns the caller's own applications, newest first, as the team
// sees them (no founders' phones, no scores).
func (s *Service) Mine(ctx context.Context, p *tiaojie.Principal) ([]Application, error) {
	if !p.LoggedIn() {
		return nil, tiaojie.E(tiaojie.Unauthorized, "error.unauthorized")
	}
	var w db.Where
	w.Add("a.applicant_id = " + w.Arg(p.UserID))
	return s.queryApps(ctx, s.db.Reader(), &w, "a.created_at DESC, a.id DESC")
}

// Step is a lifecycle step on an application that needs no more than a
// reason: reject, admit, exit (staff) and withdraw (the team). Screening
// begins with AssignExpert, residency with Enter, graduation with
// Graduate.
type Step struct {
	Action tiaojie.IncubationAction
	Reason string
}

// Act takes a step on application id.
func (s *Service) Act(ctx context.Context, p *tiaojie.Principal, id int64, st Step) error {
	action := "incubation." + string(st.Action)
	switch st.Action {
	case tiaojie.IncActAdmit, tiaojie.IncActReject, tiaojie.IncActExit, tiaojie.IncActWithdraw:
	default:
		return tiaojie.E(tiaojie.Invalid, "incubation.action_unknown").With("action", string(st.Action))
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, by, err := s.actor(ctx, tx, p, id)
		if err != nil {
			return err
		}
		to, err := tiaojie.NextIncubationStatus(a.Status, st.Action, by, st.Reason)
		if err != nil {
			return err
		}
		if st.Action == tiaojie.IncActAdmit {
			if err := allScored(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := s.moveTx(ctx, tx, p, a, st.Action, to, st.Reason); err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, objApp, id, map[string]string{"from": string(a.Status), "to": string(to), "reason": st.Reason})
	})
	return s.settle(ctx, p, action, objApp, id, err)
}

// actor loads an application for a step and says in which capacity p
// acts: staff who run its site, or its applicant. Anyone else is refused
// as if it did not exist.
func (s *Service) actor(ctx context.Context, q db.Queryer, p *tiaojie.Principal, id int64) (*Application, tiaojie.IncubationActor, error) {
	a, err := loadApp(ctx, q, id)
	if err != nil {
		return nil, "", err
	}
	switch {
	case runsSite(p, a.SiteKind, a.SiteTown):
		return a, tiaojie.IncActorStaff, nil
	case p.LoggedIn() && a.ApplicantID == p.UserID:
		return a, tiaojie.IncActorApplicant, nil
	}
	return nil, "", hide("scope")
}

// moveTx writes a status change, with the columns the step sets.
func (s *Service) moveTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, a *Application, act tiaojie.IncubationAction,
	to tiaojie.IncubationStatus, reason string) error {
	now := s.now()
	set := "status = $1, updated_at = $2"
	args := []any{string(to), now}
	switch act {
	case tiaojie.IncActScreen:
		set += ", screened_at = $2"
	case tiaojie.IncActAdmit, tiaojie.IncActReject:
		set += ", decision = $5, decided_by = $6, decided_at = $2"
		args = append(args, a.ID, string(a.Status), reason, max(p.UserID, 0))
	case tiaojie.IncActExit:
		set += ", exit_reason = $5"
		args = append(args, a.ID, string(a.Status), reason)
	}
	if act == tiaojie.IncActAdmit {
		set += ", admitted_at = $2"
	}
	if to.Closed() {
		set += ", closed_at = $2"
	}
	if len(args) == 2 {
		args = append(args, a.ID, string(a.Status))
	}
	res, err := tx.ExecContext(ctx, `UPDATE incubation_applications SET `+set+` WHERE id = $3 AND status = $4`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tiaojie.E(tiaojie.Conflict, "incubation.wrong_status").With("action", string(act)).With("status", string(a.Status))
	}
	return nil
}
