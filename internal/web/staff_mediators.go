package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// staffMediatorsPerPage is the length of a page of the roster list.
const staffMediatorsPerPage = 20

// staffMediatorsData is the roster list's own data.
type staffMediatorsData struct {
	Mediators []*roster.Mediator
	Total     int
	Filters   *formView
	Pager     pagerView
	Export    string
	CanCreate bool
}

// staffMediators lists the mediators in the caller's scope with filters;
// like the organization list it answers htmx with the results only.
func (h *Handler) staffMediators(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "staff.meds.title", nil)
	p.Form = q
	orgs, err := h.scopeOrgs(r.Context(), p.User)
	if err != nil {
		return err
	}
	page := pageNumber(q)
	f := staffMediatorFilter(q)
	f.Offset, f.Limit = (page-1)*staffMediatorsPerPage, staffMediatorsPerPage
	list, total, err := h.Roster.List(r.Context(), p.User, f)
	if err != nil {
		return err
	}
	p.Data = &staffMediatorsData{Mediators: list, Total: total, Filters: h.mediatorFilters(p, orgs),
		Pager:     pagerOf("/staff/mediators", q, page, total, staffMediatorsPerPage, "#results"),
		Export:    withParam("/staff/mediators.xlsx", q, "page", ""),
		CanCreate: p.User.Can(tiaojie.PermMediatorsEdit)}
	return h.render(w, r, http.StatusOK, "staff_mediators", p)
}

// staffMediatorFilter reads the roster list's filters.
func staffMediatorFilter(q url.Values) roster.StaffFilter {
	f := roster.StaffFilter{Q: strings.TrimSpace(q.Get("q")), Township: q.Get("township")}
	f.OrgID, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	if s := tiaojie.MediatorStatus(q.Get("status")); slices.Contains(tiaojie.MediatorStatuses(), s) {
		f.Status = s
	}
	switch g := q.Get("grade"); g {
	case "none":
		f.Grade = roster.NoGrade
	case "1", "2", "3", "4":
		n, _ := strconv.Atoi(g)
		f.Grade = tiaojie.MediatorGrade(n)
	}
	if _, ok := tiaojie.DisputeTypeByCode(q.Get("dispute")); ok {
		f.DisputeType = q.Get("dispute")
	}
	return f
}

// mediatorFilters builds the roster list's filter form.
func (h *Handler) mediatorFilters(p *Page, orgs []*registry.Org) *formView {
	b := h.formOf(p, "f", true)
	b.text("q", "search", "staff.meds.q", "", "hint=staff.meds.q_hint")
	if len(orgs) > 1 {
		b.choose("org", "staff.med.org", "", h.orgChoices(p.Lang, "staff.any", orgs))
	}
	if towns := h.visibleTownships(p.User); len(towns) > 1 {
		b.choose("township", "staff.org.township", "", h.townshipChoices(p.Lang, "staff.any", towns))
	}
	b.choose("status", "staff.med.status", "", h.codeOptions(p.Lang, "staff.any", "staff.med.status.", strs(tiaojie.MediatorStatuses())...))
	grades := h.codeOptions(p.Lang, "staff.any", "staff.grade.", "1", "2", "3", "4")
	grades = append(grades, optionView{Value: "none", Label: h.Catalog.T(p.Lang, "staff.grade.0")})
	b.choose("grade", "staff.med.grade", "", grades)
	b.choose("dispute", "staff.med.specialty", "", h.disputeOptions(p.Lang, "staff.any"))
	return b.done()
}

// orgChoices lists organizations for a select after a blank option.
func (h *Handler) orgChoices(lang i18n.Lang, blank string, orgs []*registry.Org) []optionView {
	out := []optionView{h.blankOption(lang, blank)}
	for _, o := range orgs {
		out = append(out, optionView{Value: itoa64(o.ID), Label: o.Name})
	}
	return out
}

// scopeOrgs returns every organization in the caller's scope, by name,
// for the organization selects of the roster pages.
func (h *Handler) scopeOrgs(ctx context.Context, p *tiaojie.Principal) ([]*registry.Org, error) {
	if !p.Can(tiaojie.PermOrgsRead) {
		return nil, nil
	}
	var all []*registry.Org
	for offset := 0; offset < 5000; offset += 200 {
		page, total, err := h.Registry.List(ctx, p, registry.StaffFilter{Offset: offset, Limit: 200})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(all) >= total || len(page) == 0 {
			break
		}
	}
	slices.SortFunc(all, func(a, b *registry.Org) int { return strings.Compare(a.Name, b.Name) })
	return all, nil
}

// staffMediatorsExport sends the filtered roster as an Excel workbook
// (identity numbers masked, phones left out).
func (h *Handler) staffMediatorsExport(w http.ResponseWriter, r *http.Request) error {
	words := h.words(r)
	sheet, err := h.Roster.ExportRows(r.Context(), auth.PrincipalFrom(r.Context()), staffMediatorFilter(r.URL.Query()), words)
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "调解员名册", "mediators", sheet)
}

// memberRow is one membership row of the mediator form.
type memberRow struct {
	N             int
	Org, Position selectView
}

// staffMediatorNew shows the form that adds a mediator to the roster.
func (h *Handler) staffMediatorNew(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "staff.med.new_title", nil)
	d, err := h.mediatorData(r, p, nil, "")
	if err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "staff_mediator", p)
}

// staffMediatorCreate adds a mediator and goes to their page.
func (h *Handler) staffMediatorCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := h.page(r, "staff.med.new_title", nil)
	p.Path = "/staff/mediators/new"
	in, err := mediatorInputOf(r.PostForm)
	if err == nil {
		var id int64
		if id, err = h.Roster.Create(r.Context(), p.User, in); err == nil {
			return redirect(w, r, "/staff/mediators/"+itoa64(id)+"?done=created")
		}
	}
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Invalid, tiaojie.Conflict:
	default:
		return err
	}
	p.Errors = h.fieldMessages(p.Lang, err)
	d, derr := h.mediatorData(r, p, nil, "profile")
	if derr != nil {
		return derr
	}
	p.Data = d
	return h.formError(w, r, "staff_mediator", p, err)
}

// mediatorInputOf reads the mediator form. Membership rows without an
// organization are left out, so row i of a refused form is membership i
// of the service's problems.
func mediatorInputOf(f url.Values) (roster.MediatorInput, error) {
	var fe tiaojie.FieldErrors
	in := roster.MediatorInput{Name: f.Get("name"), Gender: f.Get("gender"), IDNumber: f.Get("id_number"),
		ClearIDNumber: f.Get("clear_id_number") == "1", Phone: f.Get("phone"), ClearPhone: f.Get("clear_phone") == "1",
		Background: f.Get("background"), Certificates: f.Get("certificates"), Bio: f.Get("bio"), Public: f.Get("public") == "1",
		Specialties: f["specialties"], Languages: f["languages"]}
	if s := strings.TrimSpace(f.Get("practice_since")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add("practice_since", "staff.year_format")
		}
		in.PracticeSince = n
	}
	if s := strings.TrimSpace(f.Get("grade")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add("grade", "mediator.grade")
		}
		in.Grade = tiaojie.MediatorGrade(n)
	}
	for i, row := range memberRows(f) {
		id, err := strconv.ParseInt(row[0], 10, 64)
		if err != nil {
			fe.Add("orgs["+strconv.Itoa(i)+"].org_id", "mediator.org_unknown")
		}
		in.Orgs = append(in.Orgs, roster.Membership{OrgID: id, Position: roster.Position(row[1])})
	}
	return in, fe.Err()
}

// memberRows reads the membership rows that name an organization.
func memberRows(f url.Values) [][2]string {
	var out [][2]string
	for i, org := range f["org_id"] {
		if org = strings.TrimSpace(org); org != "" {
			out = append(out, [2]string{org, at(f["position"], i)})
		}
	}
	return out
}

// reachesOrg reports whether one of p's grants that confers perm covers
// the organization: the page's copy of the roster's scope rule, so that
// the form offers only what the service accepts.
func reachesOrg(p *tiaojie.Principal, perm tiaojie.Permission, orgID int64, township string) bool {
	if !p.Can(perm) {
		return false
	}
	for _, g := range p.Grants {
		one := &tiaojie.Principal{UserID: p.UserID, Grants: []tiaojie.Grant{g}}
		if slices.Contains(tiaojie.RolePermissions(g.Role), perm) && one.CoversOrg(orgID, township) {
			return true
		}
	}
	return false
}

// positionOptions lists the positions in an organization.
func (h *Handler) positionOptions(lang i18n.Lang) []optionView {
	var out []optionView
	for _, pos := range roster.Positions() {
		label := pos.Name()
		if lang == i18n.En {
			label = pos.NameEn()
		}
		out = append(out, optionView{Value: string(pos), Label: label})
	}
	return out
}

// backgroundOptions lists the professional backgrounds.
func (h *Handler) backgroundOptions(lang i18n.Lang) []optionView {
	var out []optionView
	for _, b := range roster.Backgrounds() {
		label := b.Name
		if lang == i18n.En {
			label = b.NameEn
		}
		out = append(out, optionView{Value: b.Code, Label: label})
	}
	return out
}

// backgroundName names a background in lang.
func backgroundName(lang i18n.Lang, code string) string {
	b, ok := roster.BackgroundByCode(code)
	switch {
	case !ok:
		return code
	case lang == i18n.En:
		return b.NameEn
	}
	return b.Name
}
