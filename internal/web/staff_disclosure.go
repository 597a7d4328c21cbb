package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/route"
)

// Information disclosure pages (SPEC C8, internal/disclosure): an
// organization's admin drafts, saves and files; supervisors see the
// overview of a year and require ad-hoc disclosures; the public reads the
// filed versions on the organization's page.

// disclosureRoutes registers the disclosure pages, one line each. Reading
// an organization's disclosures needs orgs.read (its admin and its
// supervisors hold it); the service then lets only those two see drafts.
func (h *Handler) disclosureRoutes(t *route.Table) {
	read, file, supervise := tiaojie.PermOrgsRead, tiaojie.PermDisclosure, tiaojie.PermSupervision
	t.Handle("GET /staff/disclosure", file, h.wrap(h.staffMyDisclosures))
	t.Handle("GET /staff/orgs/{id}/disclosures", read, h.wrap(h.staffOrgDisclosures))
	t.Handle("POST /staff/orgs/{id}/disclosures", file, h.wrap(h.staffDisclosureStart))
	t.Handle("GET /staff/disclosures", supervise, h.wrap(h.staffDisclosures))
	t.Handle("GET /staff/disclosures.xlsx", supervise, h.wrap(h.staffDisclosuresExport))
	t.Handle("POST /staff/disclosures/adhoc", supervise, h.wrap(h.staffDisclosureRequire))
	t.Handle("GET /staff/disclosures/{id}", read, h.wrap(h.staffDisclosure))
	t.Handle("POST /staff/disclosures/{id}", file, h.wrap(h.staffDisclosureSave))
	t.Handle("POST /staff/disclosures/{id}/correct", file, h.wrap(h.staffDisclosureCorrect))
	t.Handle("GET /disclosures/{id}", tiaojie.PermPublic, h.wrap(h.pubDisclosure))
}

// staffMyDisclosures takes an organization's admin to the disclosures of
// the (first) organization they administer.
func (h *Handler) staffMyDisclosures(w http.ResponseWriter, r *http.Request) error {
	p := auth.PrincipalFrom(r.Context())
	for _, g := range p.Grants {
		if g.Role == tiaojie.RoleOrgAdmin && g.OrgID > 0 {
			return redirect(w, r, "/staff/orgs/"+itoa64(g.OrgID)+"/disclosures")
		}
	}
	return tiaojie.E(tiaojie.NotFound, "error.not_found")
}

// orgDisclosuresData is an organization's disclosure history.
type orgDisclosuresData struct {
	OrgID    int64
	OrgName  string
	Rows     []disclosure.Disclosure
	CanFile  bool
	Start    *formView
	Abnormal bool
}

// staffOrgDisclosures shows an organization's disclosures, drafts and
// requests included, with the form that opens a year's annual one.
func (h *Handler) staffOrgDisclosures(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "disclosure.title", nil)
	h.notice(p, r, "disclosure.done.", "required")
	return h.orgDisclosuresPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) orgDisclosuresPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rows, err := h.Disclosure.History(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	o, err := h.Registry.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &orgDisclosuresData{OrgID: id, OrgName: o.Name, Rows: rows,
		CanFile: slices.ContainsFunc(p.User.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == id })}
	if d.CanFile {
		last := h.Disclosure.CurrentYear()
		var years []optionView
		for y := last; y > last-5; y-- {
			years = append(years, optionView{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
		}
		d.Start = h.formOf(p, "start", live).choose("year", "disclosure.f.year", strconv.Itoa(last), years, "required").done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_org_disclosures", p)
}

// staffDisclosureStart opens (or reopens) a year's annual disclosure and
// goes to its draft.
func (h *Handler) staffDisclosureStart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.PostForm.Get("year"))
	did, err := h.Disclosure.Start(r.Context(), auth.PrincipalFrom(r.Context()), id, year)
	if err != nil {
		p := h.page(r, "disclosure.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.orgDisclosuresPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/disclosures/"+itoa64(did))
}

// disclosureData is one version on a staff page: the version, and the
// form when it is a draft the caller files.
type disclosureData struct {
	D       *disclosure.Disclosure
	Form    *formView
	Amounts []amountRow
	Public  bool // the public page: the organization's name links to its page
}

// amountRow is one amount of a disclosure as pages show it.
type amountRow struct {
	Name, Label, Yuan string
	Income            bool
}

// amountRows lists the amounts in words.
func (h *Handler) amountRows(p *Page, m tiaojie.DisclosureMoney) []amountRow {
	var out []amountRow
	for i, name := range tiaojie.DisclosureMoneyNames() {
		out = append(out, amountRow{Name: name, Label: h.Catalog.T(p.Lang, "disclosure.f."+name),
			Yuan: m.Amounts()[i].FormatYuan(), Income: i < 4})
	}
	return out
}

// staffDisclosure shows one version; a draft the caller files is a form.
func (h *Handler) staffDisclosure(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "disclosure.title", nil)
	h.notice(p, r, "disclosure.done.", "saved", "filed")
	return h.disclosurePage(w, r, p, http.StatusOK, false)
}

func (h *Handler) disclosurePage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := h.Disclosure.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	data := &disclosureData{D: d, Amounts: h.amountRows(p, d.Money)}
	mine := slices.ContainsFunc(p.User.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == d.OrgID })
	if d.Status == tiaojie.DisclosureDraft && mine && p.User.Can(tiaojie.PermDisclosure) {
		data.Form = h.disclosureForm(p, d, live)
	}
	p.Data = data
	return h.render(w, r, status, "staff_disclosure", p)
}

// disclosureForm builds the draft's form.
func (h *Handler) disclosureForm(p *Page, d *disclosure.Disclosure, live bool) *formView {
	b := h.formOf(p, "disclosure", live)
	if d.Kind == tiaojie.DisclosureAdhoc {
		b.text("body", "text", "disclosure.f.body", d.Body, "rows=8", "hint=disclosure.f.body_hint", "required")
		return b.done()
	}
	b.text("structure", "text", "disclosure.f.structure", d.Structure, "rows=4", "required", "hint=disclosure.f.structure_hint").
		text("persons", "text", "disclosure.f.persons", d.Persons, "rows=3", "required").
		text("services", "text", "disclosure.f.services", d.Services, "rows=4", "required").
		text("case_note", "text", "disclosure.f.case_note", d.CaseNote, "rows=2", "hint=disclosure.f.case_note_hint").
		text("rewards", "text", "disclosure.f.rewards", d.Rewards, "rows=3", "hint=disclosure.f.rewards_hint")
	for i, name := range tiaojie.DisclosureMoneyNames() {
		b.text(name, "text", "disclosure.f."+name, strings.ReplaceAll(d.Money.Amounts()[i].FormatYuan(), ",", ""), "inputmode=decimal")
	}
	return b.done()
}

// staffDisclosureSave saves a draft, and files it when the filing button
// was pressed.
func (h *Handler) staffDisclosureSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	pr := auth.PrincipalFrom(r.Context())
	in, err := disclosureInputOf(r.PostForm)
	if err == nil {
		err = h.Disclosure.Save(r.Context(), pr, id, in)
	}
	done := "saved"
	if err == nil && r.PostForm.Get("action") == "file" {
		err, done = h.Disclosure.File(r.Context(), pr, id), "filed"
	}
	if err != nil {
		p := h.page(r, "disclosure.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.disclosurePage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/disclosures/"+itoa64(id)+"?done="+done)
}

// disclosureInputOf reads the draft's form; amounts are yuan, empty is 0.
func disclosureInputOf(f url.Values) (disclosure.Input, error) {
	in := disclosure.Input{Structure: f.Get("structure"), Persons: f.Get("persons"), Services: f.Get("services"),
		CaseNote: f.Get("case_note"), Rewards: f.Get("rewards"), Body: f.Get("body")}
	var fe tiaojie.FieldErrors
	amounts := make([]tiaojie.Money, 8)
	for i, name := range tiaojie.DisclosureMoneyNames() {
		s := strings.TrimSpace(f.Get(name))
		if s == "" {
			continue
		}
		m, err := tiaojie.ParseYuan(s)
		if err != nil {
			fe.Add(name, "disclosure.money_format")
		}
		amounts[i] = m
	}
	in.Money = tiaojie.DisclosureMoneyOf(amounts)
	return in, fe.Err()
}

// staffDisclosureCorrect opens a new version of a filed disclosure.
func (h *Handler) staffDisclosureCorrect(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	nid, err := h.Disclosure.Correct(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return redirect(w, r, "/staff/disclosures/"+itoa64(nid))
}

// disclosuresData is the supervisors' overview of a year.
type disclosuresData struct {
	Year     int
	Rows     []disclosure.Row
	Filters  *formView
	Export   string
	Require  *formView
	Requests []disclosure.Disclosure
	Counts   map[string]int
}

// staffDisclosures shows the overview with its filters and the ad-hoc
// request form.
func (h *Handler) staffDisclosures(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "disclosure.overview", nil)
	h.notice(p, r, "disclosure.done.", "required")
	return h.disclosuresPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) disclosuresPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	q := r.URL.Query()
	f := disclosureFilter(q)
	rows, err := h.Disclosure.Overview(r.Context(), p.User, f)
	if err != nil {
		return err
	}
	reqs, err := h.Disclosure.Requests(r.Context(), p.User)
	if err != nil {
		return err
	}
	orgs, err := h.scopeOrgs(r.Context(), p.User)
	if err != nil {
		return err
	}
	d := &disclosuresData{Year: cmp.Or(f.Year, h.Disclosure.CurrentYear()), Rows: rows, Requests: reqs, Export: withParam("/staff/disclosures.xlsx", q, "page", ""),
		Counts: map[string]int{}}
	for _, row := range rows {
		d.Counts[string(row.Standing)]++
	}
	fb := h.formOf(&Page{Lang: p.Lang, Form: q}, "f", true)
	fb.text("q", "search", "disclosure.q", "")
	var years []optionView
	for y := h.Disclosure.CurrentYear(); y > h.Disclosure.CurrentYear()-5; y-- {
		years = append(years, optionView{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	fb.choose("year", "disclosure.f.year", "", years)
	fb.choose("standing", "disclosure.standing", "", h.codeOptions(p.Lang, "staff.any", "disclosure.standing.", strs(tiaojie.DisclosureStandings())...))
	if towns := h.visibleTownships(p.User); len(towns) > 1 {
		fb.choose("township", "staff.org.township", "", h.townshipChoices(p.Lang, "staff.any", towns))
	}
	d.Filters = fb.done()
	d.Require = h.formOf(p, "adhoc", live).
		choose("org", "disclosure.f.org", "", h.orgChoices(p.Lang, "admin.choose", orgs), "required").
		text("subject", "text", "disclosure.f.subject", "", "required", "hint=disclosure.f.subject_hint").
		text("due", "date", "disclosure.f.due", "", "required").done()
	p.Data = d
	return h.render(w, r, status, "staff_disclosures", p)
}

// disclosureFilter reads the overview's filters.
func disclosureFilter(q url.Values) disclosure.Filter {
	f := disclosure.Filter{Q: strings.TrimSpace(q.Get("q")), Township: q.Get("township")}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	if s := tiaojie.DisclosureStanding(q.Get("standing")); slices.Contains(tiaojie.DisclosureStandings(), s) {
		f.Standing = s
	}
	return f
}

// staffDisclosuresExport sends the overview as an Excel workbook.
func (h *Handler) staffDisclosuresExport(w http.ResponseWriter, r *http.Request) error {
	words := h.words(r)
	sheet, err := h.Disclosure.Export(r.Context(), auth.PrincipalFrom(r.Context()), disclosureFilter(r.URL.Query()),
		words, h.townshipNamer(words.Lang))
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "信息公开情况", "disclosures", sheet)
}

// staffDisclosureRequire requires an ad-hoc disclosure.
func (h *Handler) staffDisclosureRequire(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	org, _ := strconv.ParseInt(f.Get("org"), 10, 64)
	var due time.Time
	var err error
	if s := strings.TrimSpace(f.Get("due")); s != "" {
		if due, err = time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing()); err != nil {
			var fe tiaojie.FieldErrors
			fe.Add("due", "disclosure.due_invalid")
			err = fe.Err()
		}
	}
	if err == nil {
		if org <= 0 {
			var fe tiaojie.FieldErrors
			fe.Add("org", "disclosure.org_required")
			err = fe.Err()
		} else {
			_, err = h.Disclosure.RequireAdhoc(r.Context(), auth.PrincipalFrom(r.Context()), org, f.Get("subject"), due)
		}
	}
	if err != nil {
		p := h.page(r, "disclosure.overview", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.disclosuresPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/disclosures?done=required")
}

// pubDisclosure shows a filed disclosure to anyone; drafts are not found.
func (h *Handler) pubDisclosure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := h.pubPage(r, "disclosure.title")
	d, err := h.Disclosure.Get(r.Context(), tiaojie.Anonymous(), id)
	if err != nil {
		return err
	}
	p.Data = &disclosureData{D: d, Amounts: h.amountRows(p, d.Money), Public: true}
	return h.render(w, r, http.StatusOK, "pub_disclosure", p)
}

// pubDisclosureRow is one filed version in the organization page's list.
type pubDisclosureRow struct {
	ID         int64
	Label      string
	Version    int
	Filed      string
	Superseded bool
}

// pubDisclosures lists an organization's filed disclosures for its public
// page, newest first ("" service: none).
func (h *Handler) pubDisclosures(r *http.Request, p *Page, orgID int64) ([]pubDisclosureRow, error) {
	if h.Disclosure == nil {
		return nil, nil
	}
	list, err := h.Disclosure.Public(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	var out []pubDisclosureRow
	for _, d := range list {
		label := h.Catalog.T(p.Lang, "disclosure.annual_of", "year", strconv.Itoa(d.Year))
		if d.Kind == tiaojie.DisclosureAdhoc {
			label = h.Catalog.T(p.Lang, "disclosure.adhoc_of", "subject", d.Subject)
		}
		out = append(out, pubDisclosureRow{ID: d.ID, Label: label, Version: d.Version,
			Filed: d.FiledAt.In(tiaojie.Beijing()).Format(time.DateOnly), Superseded: d.Superseded()})
	}
	return out, nil
}
