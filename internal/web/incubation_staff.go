package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/export"
	"tiaojie/internal/incubation"
)

// The staff pages of incubation (SPEC C6): sites and funnels, calls,
// applications with their screening, residency and graduation. The
// bureau sees every site; a township office its township's home; the
// service decides, these handlers only read forms and lay out results.

// incOverviewData is the incubation overview: sites with their proposal
// form and the bureau's decisions, and the funnels.
type incOverviewData struct {
	Sites      []incubation.Site
	BySite     []incubation.Funnel
	ByTownship []incubation.Funnel
	Propose    *formView
	Bureau     bool
}

// staffIncubation shows the sites and the funnels.
func (h *Handler) staffIncubation(w http.ResponseWriter, r *http.Request) error {
	return h.incOverview(w, r, http.StatusOK, false)
}

func (h *Handler) incOverview(w http.ResponseWriter, r *http.Request, status int, live bool) error {
	p := h.page(r, "inc.title", nil)
	if live {
		p.Form = r.PostForm
	}
	return h.renderOverview(w, r, status, p, live)
}

func (h *Handler) renderOverview(w http.ResponseWriter, r *http.Request, status int, p *Page, live bool) error {
	h.incNotice(r, p)
	sites, err := h.Incubation.Sites(r.Context(), p.User)
	if err != nil {
		return err
	}
	bySite, byTown, err := h.Incubation.Funnels(r.Context(), p.User)
	if err != nil {
		return err
	}
	d := &incOverviewData{Sites: sites, BySite: bySite, ByTownship: byTown, Bureau: p.User.Has(tiaojie.RoleBureau)}
	kinds := h.codeOptions(p.Lang, "", "inc.site_kind.", incubation.KindHome)
	township := ""
	if ts := p.User.Townships(); len(ts) == 1 {
		township = ts[0]
	}
	if d.Bureau {
		kinds = h.codeOptions(p.Lang, "", "inc.site_kind.", incubation.KindHome, incubation.KindBase)
	}
	d.Propose = h.formOf(p, "site", live).
		choose("kind", "inc.f.site_kind", incubation.KindHome, kinds, "required").
		choose("township", "inc.f.township", township, h.townshipOptions(p.Lang, township), "hint=inc.f.township_hint").
		text("name", "text", "inc.f.site_name", "", "hint=inc.f.site_name_hint").
		text("host", "text", "inc.f.host", "", "hint=inc.f.host_hint").
		text("address", "text", "inc.f.address", "").done()
	p.Data = d
	return h.render(w, r, status, "staff_incubation", p)
}

// staffIncSitePropose proposes a site.
func (h *Handler) staffIncSitePropose(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	_, err := h.Incubation.ProposeSite(r.Context(), auth.PrincipalFrom(r.Context()), incubation.SiteInput{
		Kind: f.Get("kind"), Township: f.Get("township"), Name: f.Get("name"), Host: f.Get("host"), Address: f.Get("address")})
	if err != nil {
		return h.incOverviewError(w, r, err)
	}
	return redirect(w, r, "/staff/incubation?done=proposed")
}

func (h *Handler) incOverviewError(w http.ResponseWriter, r *http.Request, err error) error {
	p := h.page(r, "inc.title", nil)
	if !h.problems(p, err) {
		return err
	}
	return h.renderOverview(w, r, http.StatusUnprocessableEntity, p, true)
}

// staffIncSiteDecide approves or refuses a proposed site (the bureau).
func (h *Handler) staffIncSiteDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = h.Incubation.DecideSite(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("do") == "approve", r.PostForm.Get("note"))
	if err != nil {
		return h.incOverviewError(w, r, err)
	}
	return redirect(w, r, "/staff/incubation?done=decided")
}

// incCallsData is the calls page: the list and the form of a new call.
type incCallsData struct {
	Calls []incubation.Call
	Form  *formView
	Today string
}

// staffIncCalls lists the calls with the form that writes one.
func (h *Handler) staffIncCalls(w http.ResponseWriter, r *http.Request) error {
	return h.renderCalls(w, r, http.StatusOK, h.page(r, "inc.calls.title", nil), false)
}

func (h *Handler) renderCalls(w http.ResponseWriter, r *http.Request, status int, p *Page, live bool) error {
	h.incNotice(r, p)
	calls, err := h.Incubation.Calls(r.Context(), p.User)
	if err != nil {
		return err
	}
	sites, err := h.Incubation.Sites(r.Context(), p.User)
	if err != nil {
		return err
	}
	opts := []optionView{h.blankOption(p.Lang, "admin.choose")}
	for _, s := range sites {
		if s.Status == tiaojie.SiteApproved {
			opts = append(opts, optionView{Value: itoa64(s.ID), Label: s.Name})
		}
	}
	var types []checkOption
	for _, t := range tiaojie.OrgTypes() {
		types = append(types, checkOption{Value: string(t), Label: h.Catalog.T(p.Lang, "org.type."+string(t))})
	}
	form := h.formOf(p, "call", live).
		choose("site_id", "inc.f.site", "", opts, "required").
		text("title", "text", "inc.f.call_title", "", "required").
		text("description", "text", "inc.f.description", "", "rows=4").
		checks("target_types", "inc.f.target_types", nil, types, false, "hint=inc.f.target_types_hint").
		text("criteria", "text", "inc.f.criteria", "", "required", "rows=4", "hint=inc.f.criteria_hint").
		text("opens_on", "date", "inc.f.opens_on", h.Incubation.Today(), "required").
		text("closes_on", "date", "inc.f.closes_on", "", "required").done()
	p.Data = &incCallsData{Calls: calls, Form: form, Today: h.Incubation.Today()}
	return h.render(w, r, status, "staff_inc_calls", p)
}

// staffIncCallCreate writes a call as a draft.
func (h *Handler) staffIncCallCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	site, _ := strconv.ParseInt(f.Get("site_id"), 10, 64)
	in := incubation.CallInput{SiteID: site, Title: f.Get("title"), Description: f.Get("description"),
		Criteria: f.Get("criteria"), OpensOn: f.Get("opens_on"), ClosesOn: f.Get("closes_on")}
	for _, t := range f["target_types"] {
		in.TargetTypes = append(in.TargetTypes, tiaojie.OrgType(t))
	}
	if site == 0 {
		var fe tiaojie.FieldErrors
		fe.Add("site_id", "inc.site_required")
		return h.callsError(w, r, fe.Err())
	}
	if _, err := h.Incubation.CreateCall(r.Context(), auth.PrincipalFrom(r.Context()), in); err != nil {
		return h.callsError(w, r, err)
	}
	return redirect(w, r, "/staff/incubation/calls?done=created")
}

func (h *Handler) callsError(w http.ResponseWriter, r *http.Request, err error) error {
	p := h.page(r, "inc.calls.title", nil)
	if !h.problems(p, err) {
		return err
	}
	return h.renderCalls(w, r, http.StatusUnprocessableEntity, p, true)
}

// staffIncCallStatus publishes or closes a call.
func (h *Handler) staffIncCallStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := h.Incubation.SetCallStatus(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("status")); err != nil {
		return h.callsError(w, r, err)
	}
	return redirect(w, r, "/staff/incubation/calls?done="+url.QueryEscape(r.PostForm.Get("status")))
}

// incAppsData is the applications list.
type incAppsData struct {
	Apps    []incubation.Application
	Filters *formView
	Export  string
	Today   string
}

// incFilter reads the list's filters.
func incFilter(q url.Values) incubation.Filter {
	site, _ := strconv.ParseInt(q.Get("site"), 10, 64)
	return incubation.Filter{SiteID: site, Status: tiaojie.IncubationStatus(q.Get("status")), Township: q.Get("township"),
		Q: strings.TrimSpace(q.Get("q")), Overdue: q.Get("overdue") == "1"}
}

// staffIncApps lists the applications of the caller's sites with filters.
func (h *Handler) staffIncApps(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "inc.apps.title", nil)
	p.Form = q
	apps, err := h.Incubation.List(r.Context(), p.User, incFilter(q))
	if err != nil {
		return err
	}
	sites, err := h.Incubation.Sites(r.Context(), p.User)
	if err != nil {
		return err
	}
	siteOpts := []optionView{h.blankOption(p.Lang, "inc.all_sites")}
	for _, s := range sites {
		siteOpts = append(siteOpts, optionView{Value: itoa64(s.ID), Label: s.Name})
	}
	filters := h.formOf(p, "filter", true).
		text("q", "search", "inc.f.q", "").
		choose("site", "inc.f.site", "", siteOpts).
		choose("status", "inc.f.status", "", h.codeOptions(p.Lang, "inc.all_statuses", "inc.status.", strs(tiaojie.IncubationStatuses())...)).
		choose("township", "inc.f.township", "", h.townshipOptions(p.Lang, q.Get("township"))).
		check("overdue", "inc.f.overdue", false).done()
	export := "/staff/incubation/applications.xlsx"
	if enc := q.Encode(); enc != "" {
		export += "?" + enc
	}
	p.Data = &incAppsData{Apps: apps, Filters: filters, Export: export, Today: h.Incubation.Today()}
	return h.render(w, r, http.StatusOK, "staff_inc_apps", p)
}

// staffIncAppsExport writes the filtered list as a workbook.
func (h *Handler) staffIncAppsExport(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "inc.apps.title", nil)
	apps, err := h.Incubation.List(r.Context(), p.User, incFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	t := func(code string) string { return h.Catalog.T(p.Lang, code) }
	sheet := export.Sheet{Name: t("inc.apps.title"), Headers: []string{t("inc.col.id"), t("inc.col.org_name"), t("inc.col.type"),
		t("inc.col.township"), t("inc.col.site"), t("inc.col.call"), t("inc.col.status"), t("inc.col.applied"),
		t("inc.col.mentor"), t("inc.col.period"), t("inc.col.report_due"), t("inc.col.overdue"), t("inc.col.org")}}
	for _, a := range apps {
		overdue := ""
		if a.Residency.ReportOverdue {
			overdue = t("inc.yes")
		}
		org := ""
		if a.OrgID > 0 {
			org = itoa64(a.OrgID)
		}
		sheet.Rows = append(sheet.Rows, []any{a.ID, a.OrgName, t("org.type." + string(a.OrgType)), h.townshipName(p.Lang, a.Township),
			a.SiteName, a.CallTitle, t("inc.status." + string(a.Status)), a.CreatedAt, a.Residency.Mentor,
			a.Residency.PeriodMonths, a.Residency.ReportDueOn, overdue, org})
	}
	return writeXLSX(w, p.Lang, "培育申请", "incubation-applications", sheet)
}

// incAppData is the staff page of one application.
type incAppData struct {
	App        *incubation.Application
	Steps      []string // the steps that need only a reason: admit, reject, exit
	Assign     *formView
	Decide     *formView
	Enter      *formView
	Service    *formView
	Report     *formView
	Milestone  *formView
	Graduate   *formView
	Experts    []optionView
	CanScreen  bool
	InResident bool
	Today      string
}

// staffIncApp shows an application with its screening and residency.
func (h *Handler) staffIncApp(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.renderIncApp(w, r, http.StatusOK, h.page(r, "inc.app.title", nil), id, "")
}

func (h *Handler) renderIncApp(w http.ResponseWriter, r *http.Request, status int, p *Page, id int64, live string) error {
	h.incNotice(r, p)
	a, err := h.Incubation.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &incAppData{App: a, Today: h.Incubation.Today(), InResident: a.Status == tiaojie.IncInResidence,
		CanScreen: a.Status == tiaojie.IncSubmitted || a.Status == tiaojie.IncScreening}
	for _, s := range tiaojie.IncubationStepsFrom(a.Status, tiaojie.IncActorStaff) {
		if s == tiaojie.IncActAdmit || s == tiaojie.IncActReject || s == tiaojie.IncActExit {
			d.Steps = append(d.Steps, string(s))
		}
	}
	if d.CanScreen && h.Experts != nil {
		pool, err := h.expertOptions(r.Context(), p.User)
		if err != nil {
			return err
		}
		d.Experts = append([]optionView{h.blankOption(p.Lang, "admin.choose")}, pool...)
		d.Assign = h.formOf(p, "assign", live == "assign").choose("expert_id", "inc.f.expert", "", d.Experts, "required").done()
	}
	d.Decide = h.formOf(p, "decide", live == "decide").text("reason", "text", "inc.f.reason", "", "rows=2", "required").done()
	periods := []optionView{{Value: "6", Label: h.Catalog.T(p.Lang, "inc.period.6")}, {Value: "12", Label: h.Catalog.T(p.Lang, "inc.period.12")}}
	d.Enter = h.formOf(p, "enter", live == "enter").
		text("plan", "text", "inc.f.residency_plan", "", "required", "rows=4").
		choose("period_months", "inc.f.period", "6", periods, "required").
		text("mentor", "text", "inc.f.mentor", "", "required").
		text("start_on", "date", "inc.f.start_on", d.Today).
		text("milestones", "text", "inc.f.milestones", "", "rows=3", "hint=inc.f.milestones_hint").done()
	d.Service = h.formOf(p, "service", live == "service").
		choose("kind", "inc.f.service_kind", "", h.codeOptions(p.Lang, "admin.choose", "inc.service.", tiaojie.IncubationServiceKinds()...), "required").
		text("held_on", "date", "inc.f.held_on", d.Today).
		text("note", "text", "inc.f.note", "", "required", "rows=2").done()
	d.Report = h.formOf(p, "report", live == "report").
		text("filed_on", "date", "inc.f.filed_on", d.Today).
		text("progress", "text", "inc.f.progress", "", "required", "rows=3").
		text("problems", "text", "inc.f.problems", "", "rows=2").done()
	d.Milestone = h.formOf(p, "milestone", live == "milestone").
		text("title", "text", "inc.f.milestone_title", "", "required").
		text("due_on", "date", "inc.f.due_on", "", "required").done()
	d.Graduate = h.formOf(p, "graduate", live == "graduate").
		choose("legal_form", "inc.f.legal_form", string(a.LegalForm), h.codeOptions(p.Lang, "", "org.form.", strs(tiaojie.LegalForms())...)).
		choose("level", "inc.f.level", string(a.Level), h.codeOptions(p.Lang, "", "org.level.", strs(tiaojie.OrgLevels())...)).done()
	p.Data = d
	return h.render(w, r, status, "staff_inc_app", p)
}

// incAppPost handles a form of the application page: read reads the form
// and calls the service; a refusal shows the page again with form live.
func (h *Handler) incAppPost(form string, act func(r *http.Request, p *tiaojie.Principal, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		if err := act(r, auth.PrincipalFrom(r.Context()), id); err != nil {
			p := h.page(r, "inc.app.title", nil)
			if !h.problems(p, err) {
				return err
			}
			return h.renderIncApp(w, r, http.StatusUnprocessableEntity, p, id, form)
		}
		return redirect(w, r, "/staff/incubation/applications/"+itoa64(id)+"?done="+form+"#"+form)
	}
}

func (h *Handler) incAssign(r *http.Request, p *tiaojie.Principal, id int64) error {
	eid, _ := strconv.ParseInt(r.PostForm.Get("expert_id"), 10, 64)
	if eid <= 0 {
		var fe tiaojie.FieldErrors
		fe.Add("expert_id", "inc.expert_required")
		return fe.Err()
	}
	return h.Incubation.AssignExpert(r.Context(), p, id, eid)
}

func (h *Handler) incStep(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Incubation.Act(r.Context(), p, id, incubation.Step{Action: tiaojie.IncubationAction(r.PostForm.Get("action")),
		Reason: r.PostForm.Get("reason")})
}

func (h *Handler) incEnter(r *http.Request, p *tiaojie.Principal, id int64) error {
	f := r.PostForm
	months, _ := strconv.Atoi(f.Get("period_months"))
	in := incubation.EnterInput{Plan: f.Get("plan"), PeriodMonths: months, Mentor: f.Get("mentor"), StartOn: f.Get("start_on")}
	ms, err := milestoneLines(f.Get("milestones"))
	if err != nil {
		return err
	}
	in.Milestones = ms
	return h.Incubation.Enter(r.Context(), p, id, in)
}

// milestoneLines reads milestones typed one a line as "YYYY-MM-DD title".
func milestoneLines(s string) ([]incubation.Milestone, error) {
	var out []incubation.Milestone
	for l := range strings.SplitSeq(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		day, title, ok := strings.Cut(l, " ")
		if !ok || strings.TrimSpace(title) == "" {
			var fe tiaojie.FieldErrors
			fe.Add("milestones", "inc.milestone_line")
			return nil, fe.Err()
		}
		out = append(out, incubation.Milestone{DueOn: day, Title: strings.TrimSpace(title)})
	}
	return out, nil
}

func (h *Handler) incService(r *http.Request, p *tiaojie.Principal, id int64) error {
	f := r.PostForm
	return h.Incubation.RecordService(r.Context(), p, id, incubation.ServiceRecord{Kind: f.Get("kind"), HeldOn: f.Get("held_on"), Note: f.Get("note")})
}

func (h *Handler) incReport(r *http.Request, p *tiaojie.Principal, id int64) error {
	f := r.PostForm
	return h.Incubation.FileReport(r.Context(), p, id, incubation.Report{FiledOn: f.Get("filed_on"), Progress: f.Get("progress"), Problems: f.Get("problems")})
}

func (h *Handler) incMilestone(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Incubation.AddMilestone(r.Context(), p, id, incubation.Milestone{Title: r.PostForm.Get("title"), DueOn: r.PostForm.Get("due_on")})
}

func (h *Handler) incMilestoneDone(r *http.Request, p *tiaojie.Principal, id int64) error {
	mid, err := idParam(r, "mid")
	if err != nil {
		return err
	}
	return h.Incubation.CompleteMilestone(r.Context(), p, id, mid, "")
}

func (h *Handler) incGraduate(r *http.Request, p *tiaojie.Principal, id int64) error {
	_, err := h.Incubation.Graduate(r.Context(), p, id, incubation.GraduateInput{
		LegalForm: tiaojie.LegalForm(r.PostForm.Get("legal_form")), Level: tiaojie.OrgLevel(r.PostForm.Get("level"))})
	return err
}

// incNotice shows "saved" after a form of the incubation pages succeeded
// (post/redirect/get brings ?done=…).
func (h *Handler) incNotice(r *http.Request, p *Page) {
	if r.Method == http.MethodGet && r.URL.Query().Get("done") != "" {
		p.Notice = h.Catalog.T(p.Lang, "inc.saved")
	}
}
