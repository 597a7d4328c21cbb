package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/registry"
)

// staffOrgsPerPage is the length of a page of the organization list.
const staffOrgsPerPage = 20

// staffOrgsData is the organization work list's own data.
type staffOrgsData struct {
	Orgs      []*registry.Org
	Total     int
	Filters   *formView
	Pager     pagerView
	Export    string // the Excel export of the same filters
	CanCreate bool
}

// staffOrgs lists the organizations in the caller's scope with filters.
// htmx asks for the results block only; without JavaScript the filter
// form is a plain GET and the whole page comes back.
func (h *Handler) staffOrgs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "staff.orgs.title", nil)
	p.Form = q
	page := pageNumber(q)
	f := staffOrgFilter(q)
	f.Offset, f.Limit = (page-1)*staffOrgsPerPage, staffOrgsPerPage
	orgs, total, err := h.Registry.List(r.Context(), p.User, f)
	if err != nil {
		return err
	}
	p.Data = &staffOrgsData{Orgs: orgs, Total: total, Filters: h.orgFilters(p),
		Pager:     pagerOf("/staff/orgs", q, page, total, staffOrgsPerPage, "#results"),
		Export:    withParam("/staff/orgs.xlsx", q, "page", ""),
		CanCreate: p.User.Can(tiaojie.PermOrgsCreate)}
	return h.render(w, r, http.StatusOK, "staff_orgs", p)
}

// staffOrgFilter reads the list's filters; a value that names nothing
// known is ignored.
func staffOrgFilter(q url.Values) registry.StaffFilter {
	f := registry.StaffFilter{Q: strings.TrimSpace(q.Get("q"))}
	if s := tiaojie.OrgStatus(q.Get("status")); slices.Contains(tiaojie.OrgStatuses(), s) {
		f.Status = s
	}
	if t := tiaojie.OrgType(q.Get("type")); slices.Contains(tiaojie.OrgTypes(), t) {
		f.Type = t
	}
	if lf := tiaojie.LegalForm(q.Get("legal_form")); slices.Contains(tiaojie.LegalForms(), lf) {
		f.LegalForm = lf
	}
	if l := tiaojie.OrgLevel(q.Get("level")); slices.Contains(tiaojie.OrgLevels(), l) {
		f.Level = l
	}
	f.Township = q.Get("township")
	return f
}

// orgFilters builds the filter form of the list from the query.
func (h *Handler) orgFilters(p *Page) *formView {
	b := h.formOf(p, "f", true)
	b.text("q", "search", "staff.orgs.q", "", "hint=staff.orgs.q_hint")
	b.choose("status", "staff.org.status", "", h.codeOptions(p.Lang, "staff.any", "org.status.", strs(tiaojie.OrgStatuses())...))
	if towns := h.visibleTownships(p.User); len(towns) > 1 {
		b.choose("township", "staff.org.township", "", h.townshipChoices(p.Lang, "staff.any", towns))
	}
	b.choose("type", "staff.org.type", "", h.codeOptions(p.Lang, "staff.any", "org.type.", strs(tiaojie.OrgTypes())...))
	b.choose("legal_form", "staff.org.legal_form", "", h.codeOptions(p.Lang, "staff.any", "org.form.", strs(tiaojie.LegalForms())...))
	b.choose("level", "staff.org.level", "", h.codeOptions(p.Lang, "staff.any", "org.level.", strs(tiaojie.OrgLevels())...))
	return b.done()
}

// visibleTownships returns the townships whose organizations the caller
// sees: all for district-wide roles, a township office's own, none for an
// organization's staff.
func (h *Handler) visibleTownships(p *tiaojie.Principal) []string {
	if p.Has(tiaojie.RoleBureau) || p.Has(tiaojie.RoleAssociation) {
		return h.allTownships()
	}
	return p.Townships()
}

// townshipChoices lists townships for a select after a blank option.
func (h *Handler) townshipChoices(lang i18n.Lang, blank string, codes []string) []optionView {
	out := []optionView{h.blankOption(lang, blank)}
	for _, c := range codes {
		out = append(out, optionView{Value: c, Label: h.townshipName(lang, c)})
	}
	return out
}

// staffOrgsExport sends the filtered list as an Excel workbook in the
// page's language.
func (h *Handler) staffOrgsExport(w http.ResponseWriter, r *http.Request) error {
	words := h.words(r)
	sheet, err := h.Registry.ExportRows(r.Context(), auth.PrincipalFrom(r.Context()), staffOrgFilter(r.URL.Query()), words)
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "调解组织名单", "orgs", sheet)
}

// staffMyOrg takes an organization's admin or mediator to their own
// organization's workspace.
func (h *Handler) staffMyOrg(w http.ResponseWriter, r *http.Request) error {
	ids := auth.PrincipalFrom(r.Context()).OrgIDs()
	if len(ids) == 0 {
		return redirect(w, r, "/staff/orgs")
	}
	return redirect(w, r, "/staff/orgs/"+itoa64(ids[0]))
}

// staffOrgFormData is the data of the form that opens an organization.
type staffOrgFormData struct {
	Form *formView
}

// staffOrgNew shows the form that opens an organization in preparation.
func (h *Handler) staffOrgNew(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "staff.org.new_title", nil)
	p.Data = &staffOrgFormData{Form: h.profileForm(p, nil, false)}
	return h.render(w, r, http.StatusOK, "staff_org_new", p)
}

// staffOrgCreate opens an organization in preparation (筹建) and goes to
// its workspace.
func (h *Handler) staffOrgCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := h.page(r, "staff.org.new_title", nil)
	p.Path = "/staff/orgs/new"
	in, err := orgInputOf(r.PostForm)
	if err == nil {
		if t, ok := h.fixedTownship(p.User); ok {
			in.Township = t
		}
		var id int64
		if id, err = h.Registry.Create(r.Context(), p.User, in); err == nil {
			return redirect(w, r, "/staff/orgs/"+itoa64(id)+"?done=created")
		}
	}
	p.Errors = h.fieldMessages(p.Lang, err)
	p.Data = &staffOrgFormData{Form: h.profileForm(p, nil, true)}
	return h.formError(w, r, "staff_org_new", p, err)
}

// fixedTownship returns the one township a township office works in, when
// the caller has no district-wide role: its organizations are opened
// there and nowhere else.
func (h *Handler) fixedTownship(p *tiaojie.Principal) (string, bool) {
	if p.Has(tiaojie.RoleBureau) {
		return "", false
	}
	if t := p.Townships(); len(t) == 1 {
		return t[0], true
	}
	return "", false
}

// orgInputOf reads the profile form. Numbers and dates that do not parse
// are field errors; the service checks everything else.
func orgInputOf(f url.Values) (registry.OrgInput, error) {
	var fe tiaojie.FieldErrors
	in := registry.OrgInput{
		Name: f.Get("name"), ShortName: f.Get("short_name"), Type: tiaojie.OrgType(f.Get("type")),
		LegalForm: tiaojie.LegalForm(f.Get("legal_form")), Level: tiaojie.OrgLevel(f.Get("level")),
		Township: f.Get("township"), Address: f.Get("address"), LegalRep: f.Get("legal_rep"),
		ContactName: f.Get("contact_name"), ContactPhone: f.Get("contact_phone"), Email: f.Get("email"),
		Website: f.Get("website"), Description: f.Get("description"), Online: f.Get("online") == "1",
		Specialties: f["specialties"], Languages: f["languages"],
	}
	in.Latitude = optionalFloat(&fe, "latitude", f.Get("latitude"))
	in.Longitude = optionalFloat(&fe, "longitude", f.Get("longitude"))
	in.FoundedAt = optionalDay(&fe, "founded_at", f.Get("founded_at"))
	return in, fe.Err()
}

// optionalFloat parses a coordinate; "" is nil.
func optionalFloat(fe *tiaojie.FieldErrors, field, s string) *float64 {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fe.Add(field, "staff.coord_format")
		return nil
	}
	return &v
}

// profileForm builds the profile form of an organization (o nil: a new
// one). Type and legal form are fixed once pre-review has passed, and a
// township office opens organizations in its own township only.
func (h *Handler) profileForm(p *Page, o *registry.Org, live bool) *formView {
	if o == nil {
		o = &registry.Org{Level: tiaojie.LevelTownship}
		if t, ok := h.fixedTownship(p.User); ok {
			o.Township = t
		}
	}
	b := h.formOf(p, "profile", live)
	b.text("name", "text", "staff.org.name", o.Name, "required", "hint=staff.org.name_hint")
	b.text("short_name", "text", "staff.org.short_name", o.ShortName)
	if kindLocked(o) {
		b.fixed("type", "staff.org.type", string(o.Type), h.Catalog.T(p.Lang, "org.type."+string(o.Type)))
		b.fixed("legal_form", "staff.org.legal_form", string(o.LegalForm), h.Catalog.T(p.Lang, "org.form."+string(o.LegalForm)))
	} else {
		b.choose("type", "staff.org.type", string(o.Type), h.codeOptions(p.Lang, "admin.choose", "org.type.", strs(tiaojie.OrgTypes())...), "required", "hint=staff.org.type_hint")
		b.choose("legal_form", "staff.org.legal_form", string(o.LegalForm), h.codeOptions(p.Lang, "admin.choose", "org.form.", strs(tiaojie.LegalForms())...), "required")
	}
	b.choose("level", "staff.org.level", string(o.Level), h.codeOptions(p.Lang, "admin.choose", "org.level.", strs(tiaojie.OrgLevels())...), "required")
	if t, ok := h.fixedTownship(p.User); ok && (o.ID == 0 || o.Township == t) {
		b.fixed("township", "staff.org.township", t, h.townshipName(p.Lang, t))
	} else {
		b.choose("township", "staff.org.township", o.Township, h.townshipChoices(p.Lang, "admin.choose", h.allTownships()), "required")
	}
	b.text("address", "text", "staff.org.address", o.Address, "autocomplete=street-address")
	b.text("latitude", "text", "staff.org.latitude", floatText(o.Latitude), "inputmode=decimal")
	b.text("longitude", "text", "staff.org.longitude", floatText(o.Longitude), "inputmode=decimal")
	b.text("legal_rep", "text", "staff.org.legal_rep", o.LegalRep)
	b.text("contact_name", "text", "staff.org.contact_name", o.ContactName)
	b.text("contact_phone", "tel", "staff.org.contact_phone", o.ContactPhone, "hint=staff.org.phone_hint")
	b.text("email", "email", "staff.org.email", o.Email)
	b.text("website", "url", "staff.org.website", o.Website, "inputmode=url")
	b.text("founded_at", "date", "staff.org.founded_at", day(o.FoundedAt), "hint=staff.date_hint")
	b.text("description", "text", "staff.org.description", o.Description, "rows=6")
	b.check("online", "staff.org.online", o.Online)
	b.checks("specialties", "staff.org.specialties", o.Specialties, disputeChecks(p.Lang), false, "hint=staff.org.specialties_hint")
	b.checks("languages", "staff.org.languages", o.Languages, h.languageChecks(p.Lang), false)
	b.hidden("version", strconv.Itoa(o.Version))
	b.claim("coordinates")
	return b.done()
}

// kindLocked reports whether an organization's type and legal form are
// fixed: they are from registration on.
func kindLocked(o *registry.Org) bool {
	switch o.Status {
	case tiaojie.StatusRegistered, tiaojie.StatusActive, tiaojie.StatusRectifying, tiaojie.StatusSuspended, tiaojie.StatusDissolved:
		return true
	}
	return false
}

// allTownships returns every township code of the district.
func (h *Handler) allTownships() []string {
	out := make([]string, 0, len(h.District.Townships))
	for _, t := range h.District.Townships {
		out = append(out, t.Code)
	}
	return out
}

// floatText writes a coordinate for an input.
func floatText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
