package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/experts"
	"tiaojie/internal/funding"
	"tiaojie/internal/route"
)

// Funding pages (SPEC C11, internal/funding): the bureau records grants
// and donations and runs venture rounds (funding.manage); an
// organization's admin records its donations, applies and reports
// (funding.org); an assigned expert scores (expert.review); anyone reads
// the calls and the published results.

// fundingRoutes registers the funding pages, one line each.
func (h *Handler) fundingRoutes(t *route.Table) {
	if h.Funding == nil {
		return
	}
	manage, org, review, pub := tiaojie.PermFunding, tiaojie.PermFundingOrg, tiaojie.PermExpertReview, tiaojie.PermPublic
	t.Handle("GET /staff/funding", manage, h.wrap(h.staffFunding))
	t.Handle("POST /staff/funding", manage, h.wrap(h.staffFundingRecord))
	t.Handle("GET /staff/funding.xlsx", manage, h.wrap(h.staffFundingExport))
	t.Handle("GET /staff/my-funding", org, h.wrap(h.myFunding))
	t.Handle("POST /staff/my-funding", org, h.wrap(h.myFundingRecord))
	t.Handle("GET /staff/ventures", manage, h.wrap(h.staffVentures))
	t.Handle("POST /staff/ventures", manage, h.wrap(h.staffVentureOpen))
	t.Handle("GET /staff/ventures/{id}", manage, h.wrap(h.staffVenture))
	t.Handle("POST /staff/ventures/{id}/experts", manage, h.wrap(h.staffVentureAssign))
	t.Handle("POST /staff/ventures/{id}/publish", manage, h.wrap(h.staffVenturePublish))
	t.Handle("POST /staff/venture-applications/{id}/award", manage, h.wrap(h.staffVentureAward))
	t.Handle("POST /staff/ventures/{id}/apply", org, h.wrap(h.myVentureApply))
	t.Handle("GET /staff/venture-applications/{id}", org, h.wrap(h.myVentureApp))
	t.Handle("POST /staff/venture-applications/{id}/reports", org, h.wrap(h.myVentureReport))
	t.Handle("GET /expert/ventures/{id}", review, h.wrap(h.expertVenture))
	t.Handle("POST /expert/venture-applications/{id}/score", review, h.wrap(h.expertVentureScore))
	t.Handle("POST /staff/experts/{id}/availability", tiaojie.PermExperts, h.wrap(h.staffExpertAvailability))
	t.Handle("GET /ventures", pub, h.wrap(h.pubVentures))
	t.Handle("GET /ventures/{id}", pub, h.wrap(h.pubVenture))
}

// fundingData is a list of donations and grants with the form that
// records one.
type fundingData struct {
	Rows   []funding.Funding
	Record *formView
	Rounds []funding.Round          // the organization's admin: the calls
	Apply  map[int64]*formView      // the apply form of each open round
	Mine   []funding.Application    // the organization's admin: its projects
	Open   func(funding.Round) bool // whether a round takes applications now
	Due    *reportsDue              // venture reports due soon or late; nil when none
}

// reportsDue lists venture reports due soon or late, each linking to
// where its reader follows it up: the round's page for the bureau, the
// project's page for an organization's admin.
type reportsDue struct {
	Rows   []funding.ReportDue
	Bureau bool
	Days   string // how many days ahead a report is reminded
}

// reportsDueOf reads the venture reports due soon or late that the caller
// may see; nil when there are none.
func (h *Handler) reportsDueOf(r *http.Request, p *Page) (*reportsDue, error) {
	rows, err := h.Funding.DueReports(r.Context(), p.User)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &reportsDue{Rows: rows, Bureau: p.User.Can(tiaojie.PermFunding), Days: strconv.Itoa(tiaojie.ReportRemindDays)}, nil
}

// staffFunding lists every donation and grant for the bureau.
func (h *Handler) staffFunding(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "funding.title", nil)
	h.notice(p, r, "funding.done.", "recorded")
	return h.fundingPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) fundingPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	rows, err := h.Funding.List(r.Context(), p.User, funding.Filter{})
	if err != nil {
		return err
	}
	orgs, err := h.scopeOrgs(r.Context(), p.User)
	if err != nil {
		return err
	}
	var kinds []optionView
	for _, k := range tiaojie.FundingKinds() {
		kinds = append(kinds, optionView{Value: string(k), Label: h.Catalog.T(p.Lang, "funding.kind."+string(k))})
	}
	fb := h.formOf(p, "record", live).choose("org_id", "funding.f.org", "", h.orgChoices(p.Lang, "admin.choose", orgs), "required").
		choose("kind", "funding.f.kind", string(tiaojie.FundingGrant), kinds, "required")
	due, err := h.reportsDueOf(r, p)
	if err != nil {
		return err
	}
	p.Data = &fundingData{Rows: rows, Record: h.fundingFields(fb).done(), Due: due}
	return h.render(w, r, status, "staff_funding", p)
}

// staffFundingExport downloads every donation and grant as a workbook.
func (h *Handler) staffFundingExport(w http.ResponseWriter, r *http.Request) error {
	words := h.words(r)
	sheet, err := h.Funding.Export(r.Context(), auth.PrincipalFrom(r.Context()), funding.Filter{}, words)
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "捐赠与资助", "funding", sheet)
}

// fundingFields adds the fields every donation or grant has.
func (h *Handler) fundingFields(b *formBuilder) *formBuilder {
	return b.text("source", "text", "funding.f.source", "", "required").
		text("amount", "text", "funding.f.amount", "", "required", "inputmode=decimal", "hint=funding.f.amount_hint").
		text("received_on", "date", "funding.f.received_on", "", "required").
		text("purpose", "text", "funding.f.purpose", "", "required").
		text("restrictions", "text", "funding.f.restrictions", "", "rows=2", "hint=funding.f.restrictions_hint")
}

// fundingInputOf reads the record form; a malformed amount is refused on
// its field.
func fundingInputOf(r *http.Request, orgID int64, kind tiaojie.FundingKind) (funding.Input, error) {
	f := r.PostForm
	in := funding.Input{OrgID: orgID, Kind: kind, Source: f.Get("source"), ReceivedOn: f.Get("received_on"),
		Purpose: f.Get("purpose"), Restrictions: f.Get("restrictions")}
	m, err := yuanField("amount", f.Get("amount"))
	in.Amount = m
	return in, err
}

// yuanField reads an amount in yuan, refused on its field.
func yuanField(name, s string) (tiaojie.Money, error) {
	m, err := tiaojie.ParseYuan(s)
	if err != nil {
		var fe tiaojie.FieldErrors
		fe.Add(name, "funding.amount")
		return 0, fe.Err()
	}
	return m, nil
}

// staffFundingRecord records a donation or grant.
func (h *Handler) staffFundingRecord(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	org, _ := strconv.ParseInt(r.PostForm.Get("org_id"), 10, 64)
	in, err := fundingInputOf(r, org, tiaojie.FundingKind(r.PostForm.Get("kind")))
	if err == nil {
		_, err = h.Funding.Record(r.Context(), auth.PrincipalFrom(r.Context()), in)
	}
	if err != nil {
		p := h.page(r, "funding.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.fundingPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/funding?done=recorded")
}

// myOrg returns the (first) organization the caller administers.
func myOrg(p *tiaojie.Principal) (int64, error) {
	for _, g := range p.Grants {
		if g.Role == tiaojie.RoleOrgAdmin && g.OrgID > 0 {
			return g.OrgID, nil
		}
	}
	return 0, tiaojie.E(tiaojie.NotFound, "error.not_found")
}

// myFunding shows an organization's admin its donations and grants, the
// form that records a donation, the open calls and its projects.
func (h *Handler) myFunding(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "funding.mine", nil)
	h.notice(p, r, "funding.done.", "recorded", "applied")
	return h.myFundingPage(w, r, p, http.StatusOK, "")
}

func (h *Handler) myFundingPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	org, err := myOrg(p.User)
	if err != nil {
		return err
	}
	rows, err := h.Funding.List(r.Context(), p.User, funding.Filter{OrgID: org})
	if err != nil {
		return err
	}
	rounds, err := h.Funding.Rounds(r.Context())
	if err != nil {
		return err
	}
	due, err := h.reportsDueOf(r, p)
	if err != nil {
		return err
	}
	d := &fundingData{Rows: rows, Record: h.fundingFields(h.formOf(p, "record", live == "record")).done(), Apply: map[int64]*formView{},
		Open: func(rd funding.Round) bool { return h.Funding.Accepting(&rd) }, Due: due}
	for _, rd := range rounds {
		if !rd.Published() {
			d.Rounds = append(d.Rounds, rd)
			id := "apply-" + itoa64(rd.ID)
			d.Apply[rd.ID] = h.formOf(p, id, live == id).text("title", "text", "venture.f.title", "", "required").
				text("plan", "text", "venture.f.plan", "", "required", "rows=5").
				text("requested", "text", "venture.f.requested", "", "required", "inputmode=decimal").done()
		}
		_, apps, err := h.Funding.Applications(r.Context(), p.User, rd.ID)
		if err != nil {
			return err
		}
		for _, a := range apps {
			if a.OrgID == org {
				d.Mine = append(d.Mine, a)
			}
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_my_funding", p)
}

// myFundingRecord records a donation the caller's organization received.
func (h *Handler) myFundingRecord(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := auth.PrincipalFrom(r.Context())
	org, err := myOrg(p)
	if err != nil {
		return err
	}
	in, err := fundingInputOf(r, org, tiaojie.FundingDonation)
	if err == nil {
		_, err = h.Funding.Record(r.Context(), p, in)
	}
	if err != nil {
		pg := h.page(r, "funding.mine", nil)
		if !h.problems(pg, err) {
			return err
		}
		return h.myFundingPage(w, r, pg, route.Status(err), "record")
	}
	return redirect(w, r, "/staff/my-funding?done=recorded")
}

// myVentureApply applies to a round with a project of the caller's
// organization.
func (h *Handler) myVentureApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p := auth.PrincipalFrom(r.Context())
	org, err := myOrg(p)
	if err != nil {
		return err
	}
	f := r.PostForm
	req, err := yuanField("requested", f.Get("requested"))
	if err == nil {
		_, err = h.Funding.Apply(r.Context(), p, id, funding.ApplyInput{OrgID: org, Title: f.Get("title"), Plan: f.Get("plan"), Requested: req})
	}
	if err != nil {
		pg := h.page(r, "funding.mine", nil)
		if !h.problems(pg, err) {
			return err
		}
		return h.myFundingPage(w, r, pg, route.Status(err), "apply-"+itoa64(id))
	}
	return redirect(w, r, "/staff/my-funding?done=applied")
}

// ventureAppData is one project with its round.
type ventureAppData struct {
	R      *funding.Round
	A      *funding.Application
	Report *formView
}

// myVentureApp shows an organization's admin its project, its reports
// and the form that files one.
func (h *Handler) myVentureApp(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "venture.project", nil)
	h.notice(p, r, "funding.done.", "reported")
	return h.myVentureAppPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) myVentureAppPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, a, err := h.Funding.Application(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &ventureAppData{R: rd, A: a}
	own := slices.ContainsFunc(p.User.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == a.OrgID })
	if own && rd.Published() && a.Award > 0 {
		kinds := []optionView{{Value: "progress", Label: h.Catalog.T(p.Lang, "venture.report.progress")},
			{Value: "final", Label: h.Catalog.T(p.Lang, "venture.report.final")}}
		d.Report = h.formOf(p, "report", live).choose("kind", "venture.f.report_kind", "progress", kinds, "required").
			text("body", "text", "venture.f.report_body", "", "required", "rows=6").done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_venture_app", p)
}

// myVentureReport files a report of an awarded project.
func (h *Handler) myVentureReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = h.Funding.FileReport(r.Context(), auth.PrincipalFrom(r.Context()), id,
		tiaojie.VentureReportKind(r.PostForm.Get("kind")), r.PostForm.Get("body"))
	if err != nil {
		p := h.page(r, "venture.project", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.myVentureAppPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/venture-applications/"+itoa64(id)+"?done=reported")
}

// staffExpertAvailability records an expert's availability.
func (h *Handler) staffExpertAvailability(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a := experts.Availability{Until: r.PostForm.Get("until"), Note: r.PostForm.Get("note")}
	if r.PostForm.Get("available") == "1" {
		a = experts.Availability{}
	}
	if err := h.Experts.SetAvailability(r.Context(), auth.PrincipalFrom(r.Context()), id, a); err != nil {
		p := h.page(r, "experts.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.expertPage(w, r, p, route.Status(err), "availability")
	}
	return redirect(w, r, "/staff/experts/"+itoa64(id)+"?done=availability")
}

// expertExtras are the availability and assignments of an expert, shown
// on their staff page and in their desk.
type expertExtras struct {
	Availability experts.Availability
	Rows         []assignmentRow
	Avail        *formView // the bureau's form; nil in the desk
	Action       string    // where the form posts
	Today        string
}

// expertExtrasOf reads an expert's availability and assignments; with
// form, the bureau's availability form too.
func (h *Handler) expertExtrasOf(r *http.Request, p *Page, id int64, form, live bool) (*expertExtras, error) {
	a, err := experts.AvailabilityOf(r.Context(), h.DB.Reader(), id)
	if err != nil {
		return nil, err
	}
	as, err := h.Experts.Assignments(r.Context(), p.User, id)
	if err != nil {
		return nil, err
	}
	x := &expertExtras{Availability: a, Today: h.Experts.Today()}
	for _, one := range as {
		x.Rows = append(x.Rows, assignmentRow{Assignment: one, Link: assignmentLink(one, form)})
	}
	if form {
		x.Action = "/staff/experts/" + itoa64(id) + "/availability"
		x.Avail = h.formOf(p, "availability", live).text("until", "date", "experts.f.until", a.Until, "hint=experts.f.until_hint").
			text("note", "text", "experts.f.avail_note", a.Note).done()
	}
	return x, nil
}

// assignmentRow is an assignment with the page where it is worked on.
type assignmentRow struct {
	experts.Assignment
	Link string
}

// assignmentLink is where an assignment is worked on.
func assignmentLink(a experts.Assignment, bureau bool) string {
	switch {
	case a.Kind == "incubation" && bureau:
		return "/staff/incubation/applications/" + itoa64(a.ID)
	case a.Kind == "incubation":
		return "/expert/screenings/" + itoa64(a.ID)
	case a.Kind == "rating" && bureau:
		return "/staff/ratings/applications/" + itoa64(a.ID)
	case a.Kind == "rating":
		return "/staff/reviews/" + itoa64(a.ID)
	case a.Kind == "procurement" && bureau:
		return "/staff/procurement/" + itoa64(a.ID)
	case a.Kind == "procurement":
		return "/staff/procurement-reviews/" + itoa64(a.ID)
	case bureau:
		return "/staff/ventures/" + itoa64(a.ID)
	}
	return "/expert/ventures/" + itoa64(a.ID)
}

// criteriaOf reads criteria written one a line as "name weight".
func criteriaOf(s string) []tiaojie.VentureCriterion {
	var out []tiaojie.VentureCriterion
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		c := tiaojie.VentureCriterion{Name: line}
		if i := strings.LastIndexAny(line, " \t"); i > 0 {
			if w, err := strconv.Atoi(strings.TrimSpace(line[i+1:])); err == nil {
				c = tiaojie.VentureCriterion{Name: strings.TrimSpace(line[:i]), Weight: w}
			}
		}
		out = append(out, c)
	}
	return out
}
