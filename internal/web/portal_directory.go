package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"tiaojie"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// pubPerPage is the length of a page of directory results and news: ten
// cards fill a few phone screens.
const pubPerPage = 10

// pubDirectoryData is the data of both directory tabs (organizations and
// mediators); each tab fills the fields it uses.
type pubDirectoryData struct {
	Tabs     pubTabs
	Search   pubSearchBox
	Selects  []selectView // the filter selects, in display order
	Online   bool         // organizations: the online-service checkbox
	Disputes []pubCheck   // organizations: dispute types served
	Active   []pubChip    // the filters in effect, each a link that removes it
	Count    string       // "共 12 个调解组织"
	Orgs     []pubOrgCard
	People   []pubMediatorCard
	Pager    pubPager
	Clear    string // the tab without filters
	Partial  bool   // an htmx update: the tabs come along out of band
}

// pubTabs links the two tabs of the directory, each keeping the filters
// the other understands.
type pubTabs struct {
	Orgs, Mediators string
	Current         string // "orgs" or "mediators"
	OOB             bool   // sent with an htmx update, to replace the tabs in place
}

// pubSearchBox is a search box: its input's id, the words typed, and the
// placeholder and hint in the reader's language.
type pubSearchBox struct {
	ID, Value, Placeholder, Hint string
}

// pubCheck is one checkbox of a group.
type pubCheck struct {
	ID, Name, Value, Label string
	Checked                bool
}

// pubChip is a filter in effect, as a link that removes it.
type pubChip struct {
	Label, URL string
}

// pubOrgFilter is a directory request read from its query: what to ask the
// registry, and the same filters as clean query values (unknown codes
// dropped) for the links of the page.
type pubOrgFilter struct {
	dq    registry.DirectoryQuery
	clean url.Values
	fee   string
	stars int
}

// pubReadOrgFilter reads and cleans the query of /directory.
func (h *Handler) pubReadOrgFilter(q url.Values) pubOrgFilter {
	f := pubOrgFilter{clean: url.Values{}}
	set := func(k, v string) {
		if v != "" {
			f.clean.Set(k, v)
		}
	}
	f.dq.Q = pubTrimQuery(q.Get("q"))
	set("q", f.dq.Q)
	if _, ok := h.District.Township(q.Get("township")); ok {
		f.dq.Township = q.Get("township")
		set("township", f.dq.Township)
	}
	if t := tiaojie.OrgType(q.Get("type")); slices.Contains(tiaojie.OrgTypes(), t) {
		f.dq.Type = t
		set("type", string(t))
	}
	if lf := tiaojie.LegalForm(q.Get("form")); slices.Contains(tiaojie.LegalForms(), lf) {
		f.dq.LegalForm = lf
		set("form", string(lf))
	}
	for _, d := range q["dispute"] {
		if _, ok := tiaojie.DisputeTypeByCode(d); ok && !slices.Contains(f.dq.DisputeTypes, d) {
			f.dq.DisputeTypes = append(f.dq.DisputeTypes, d)
			f.clean.Add("dispute", d)
		}
	}
	if n, err := strconv.Atoi(q.Get("stars")); err == nil && n >= 1 && n <= 5 {
		f.dq.MinStars, f.stars = n, n
		set("stars", strconv.Itoa(n))
	}
	switch q.Get("fee") {
	case "free", "paid":
		f.fee = q.Get("fee")
		paid := f.fee == "paid"
		f.dq.Paid = &paid
		set("fee", f.fee)
	}
	if q.Get("online") == "1" {
		on := true
		f.dq.Online = &on
		set("online", "1")
	}
	if _, ok := h.District.Language(q.Get("lang")); ok {
		f.dq.Language = q.Get("lang")
		set("lang", f.dq.Language)
	}
	return f
}

// pubTrimQuery bounds what a search box can send: 100 characters are more
// than any name (search.Parse keeps at most eight terms anyway).
func pubTrimQuery(s string) string {
	if rs := []rune(s); len(rs) > 100 {
		s = string(rs[:100])
	}
	return s
}

// pubDirectory is the public directory of organizations: a search box and
// filters, the ranked, highlighted results and their pages. htmx asks
// for the results block only (the "fragment" template); without
// JavaScript the form is a plain GET and the whole page comes back.
func (h *Handler) pubDirectory(w http.ResponseWriter, r *http.Request) error {
	p := h.pubPage(r, "portal.directory_title")
	l := h.pubLabels(p.Lang)
	f := h.pubReadOrgFilter(r.URL.Query())
	page := pubPageOf(r.URL.Query())
	f.dq.Offset, f.dq.Limit = (page-1)*pubPerPage, pubPerPage
	res, err := h.Registry.Directory(r.Context(), f.dq)
	if err != nil {
		return err
	}
	if last := pubPages(res.Total); page > last {
		// A page past the end (an old link, a narrower search): show the last.
		page = last
		f.dq.Offset = (page - 1) * pubPerPage
		if res, err = h.Registry.Directory(r.Context(), f.dq); err != nil {
			return err
		}
	}
	d := &pubDirectoryData{Online: f.dq.Online != nil, Partial: pubPartial(r), Clear: "/directory",
		Tabs: h.pubTabsOf(f.clean, "orgs"), Orgs: l.orgCards(res.Cards),
		Search: pubSearchBox{ID: "f-q", Value: f.dq.Q, Placeholder: l.t("portal.search_placeholder"), Hint: l.t("portal.search_hint")}}
	d.Tabs.OOB = d.Partial
	d.Count = l.count("portal.org_count", res.Total, res.TotalCapped)
	d.Pager = l.pager("/directory", f.clean, page, pubPages(res.Total), "#results")
	d.Selects = []selectView{
		l.choice("f-township", "township", "portal.filter_township", f.dq.Township, h.pubTownshipChoices(l)),
		l.choice("f-type", "type", "portal.filter_type", string(f.dq.Type), pubTypeChoices(l)),
		l.choice("f-form", "form", "portal.filter_form", string(f.dq.LegalForm), pubFormChoices(l)),
		l.choice("f-stars", "stars", "portal.filter_stars", f.clean.Get("stars"), pubStarChoices(l)),
		l.choice("f-fee", "fee", "portal.filter_fee", f.fee, []optionView{
			{Value: "free", Label: l.t("portal.free")}, {Value: "paid", Label: l.t("portal.paid")}}),
		l.choice("f-lang", "lang", "portal.filter_language", f.dq.Language, h.pubLanguageChoices(l)),
	}
	for _, t := range tiaojie.DisputeTypes() {
		d.Disputes = append(d.Disputes, pubCheck{ID: "f-dispute-" + t.Code, Name: "dispute", Value: t.Code,
			Label: l.dispute(t.Code), Checked: slices.Contains(f.dq.DisputeTypes, t.Code)})
	}
	d.Active = h.pubOrgChips(l, f)
	p.Data = d
	pubPushURL(w, r, "/directory", f.clean, page)
	return h.render(w, r, http.StatusOK, "pub_directory", p)
}

// pubOrgChips lists the filters in effect on the organizations tab.
func (h *Handler) pubOrgChips(l pubLabels, f pubOrgFilter) []pubChip {
	var out []pubChip
	chip := func(key, value, label string) {
		out = append(out, pubChip{Label: label, URL: pubWithout("/directory", f.clean, key, value)})
	}
	if f.dq.Township != "" {
		chip("township", f.dq.Township, l.township(f.dq.Township))
	}
	if f.dq.Type != "" {
		chip("type", string(f.dq.Type), l.orgType(f.dq.Type))
	}
	if f.dq.LegalForm != "" {
		chip("form", string(f.dq.LegalForm), l.form(f.dq.LegalForm))
	}
	for _, c := range f.dq.DisputeTypes {
		chip("dispute", c, l.dispute(c))
	}
	if f.stars > 0 {
		chip("stars", strconv.Itoa(f.stars), l.t("portal.stars_at_least", "n", strconv.Itoa(f.stars)))
	}
	if f.fee != "" {
		chip("fee", f.fee, l.t("portal."+f.fee))
	}
	if f.dq.Online != nil {
		chip("online", "1", l.t("portal.online"))
	}
	if f.dq.Language != "" {
		chip("lang", f.dq.Language, l.language(f.dq.Language))
	}
	return out
}

// pubMediatorFilter is a roster search read from its query, with its clean
// query values.
type pubMediatorFilter struct {
	dq    roster.DirectoryQuery
	clean url.Values
}

// pubReadMediatorFilter reads and cleans the query of /directory/mediators.
func (h *Handler) pubReadMediatorFilter(q url.Values) pubMediatorFilter {
	f := pubMediatorFilter{clean: url.Values{}}
	f.dq.Q = pubTrimQuery(q.Get("q"))
	if f.dq.Q != "" {
		f.clean.Set("q", f.dq.Q)
	}
	if _, ok := h.District.Township(q.Get("township")); ok {
		f.dq.Township = q.Get("township")
		f.clean.Set("township", f.dq.Township)
	}
	if _, ok := tiaojie.DisputeTypeByCode(q.Get("dispute")); ok {
		f.dq.DisputeType = q.Get("dispute")
		f.clean.Set("dispute", f.dq.DisputeType)
	}
	if _, ok := h.District.Language(q.Get("lang")); ok {
		f.dq.Language = q.Get("lang")
		f.clean.Set("lang", f.dq.Language)
	}
	if g, err := strconv.Atoi(q.Get("grade")); err == nil && g >= 1 && g <= 4 {
		f.dq.Grade = tiaojie.MediatorGrade(g)
		f.clean.Set("grade", strconv.Itoa(g))
	}
	if id, err := strconv.ParseInt(q.Get("org"), 10, 64); err == nil && id > 0 {
		f.dq.OrgID = id
		f.clean.Set("org", strconv.FormatInt(id, 10))
	}
	return f
}

// pubMediators is the public roster: the mediators of the public
// organizations, searchable by name and filtered by township, specialty,
// language and grade.
func (h *Handler) pubMediators(w http.ResponseWriter, r *http.Request) error {
	p := h.pubPage(r, "portal.mediators_title")
	l := h.pubLabels(p.Lang)
	f := h.pubReadMediatorFilter(r.URL.Query())
	orgName, err := h.pubOrgName(r, &f)
	if err != nil {
		return err
	}
	page := pubPageOf(r.URL.Query())
	f.dq.Offset, f.dq.Limit = (page-1)*pubPerPage, pubPerPage
	res, err := h.Roster.Directory(r.Context(), f.dq)
	if err != nil {
		return err
	}
	if last := pubPages(res.Total); page > last {
		page = last
		f.dq.Offset = (page - 1) * pubPerPage
		if res, err = h.Roster.Directory(r.Context(), f.dq); err != nil {
			return err
		}
	}
	d := &pubDirectoryData{Partial: pubPartial(r), Clear: "/directory/mediators", Tabs: h.pubTabsOf(f.clean, "mediators"),
		Search: pubSearchBox{ID: "f-q", Value: f.dq.Q, Placeholder: l.t("portal.search_mediators_placeholder")}}
	d.Tabs.OOB = d.Partial
	for _, c := range res.Cards {
		d.People = append(d.People, l.mediatorCard(c, 0))
	}
	d.Count = l.count("portal.mediator_count", res.Total, res.More)
	d.Pager = l.pager("/directory/mediators", f.clean, page, pubPages(res.Total), "#results")
	d.Selects = []selectView{
		l.choice("f-township", "township", "portal.filter_township", f.dq.Township, h.pubTownshipChoices(l)),
		l.choice("f-dispute", "dispute", "portal.filter_specialty", f.dq.DisputeType, pubDisputeChoices(l)),
		l.choice("f-lang", "lang", "portal.filter_language", f.dq.Language, h.pubLanguageChoices(l)),
		l.choice("f-grade", "grade", "portal.filter_grade", f.clean.Get("grade"), pubGradeChoices(l)),
	}
	if orgName != "" {
		d.Active = append(d.Active, pubChip{Label: orgName, URL: pubWithout("/directory/mediators", f.clean, "org", f.clean.Get("org"))})
	}
	for _, k := range []string{"township", "dispute", "lang", "grade"} {
		if v := f.clean.Get(k); v != "" {
			d.Active = append(d.Active, pubChip{Label: pubSelectedLabel(d.Selects, k), URL: pubWithout("/directory/mediators", f.clean, k, v)})
		}
	}
	p.Data = d
	pubPushURL(w, r, "/directory/mediators", f.clean, page)
	return h.render(w, r, http.StatusOK, "pub_mediators", p)
}

// pubOrgName returns the name of the organization whose mediators the
// search asks for (from its page's "all mediators" link), dropping the
// filter when the organization is not public.
func (h *Handler) pubOrgName(r *http.Request, f *pubMediatorFilter) (string, error) {
	if f.dq.OrgID == 0 {
		return "", nil
	}
	pp, err := h.Registry.PublicOrg(r.Context(), f.dq.OrgID)
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		f.dq.OrgID = 0
		f.clean.Del("org")
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return pp.Name, nil
}

// pubSelectedLabel returns the label of the chosen option of the select
// named name.
func pubSelectedLabel(selects []selectView, name string) string {
	for _, s := range selects {
		if s.Name != name {
			continue
		}
		for _, o := range s.Options {
			if o.Selected {
				return o.Label
			}
		}
	}
	return ""
}

// pubTabsOf links the directory's tabs; each keeps the filters it shares with
// the other (words, township, one dispute type, language).
func (h *Handler) pubTabsOf(clean url.Values, current string) pubTabs {
	keep := url.Values{}
	for _, k := range []string{"q", "township", "lang"} {
		if v := clean.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	if v := clean.Get("dispute"); v != "" {
		keep.Set("dispute", v)
	}
	return pubTabs{Orgs: pubURL("/directory", keep, ""), Mediators: pubURL("/directory/mediators", keep, ""), Current: current}
}

// pubWithout returns path with the query minus one value of key.
func pubWithout(path string, q url.Values, key, value string) string {
	rest := slices.DeleteFunc(slices.Clone(q[key]), func(v string) bool { return v == value })
	return pubURL(path, q, key, rest...)
}

// pubPages is the number of pages of total results; an empty list has one.
func pubPages(total int) int { return max(1, (total+pubPerPage-1)/pubPerPage) }

// pubPushURL tells htmx, on a partial update, which address to put in the
// browser's history: the clean one (no empty fields, no unknown values)
// rather than every field of the form, so that the address stays short
// enough to share.
func pubPushURL(w http.ResponseWriter, r *http.Request, path string, clean url.Values, page int) {
	if !pubPartial(r) {
		return
	}
	if page > 1 {
		w.Header().Set("HX-Push-Url", pubURL(path, clean, "page", strconv.Itoa(page)))
		return
	}
	w.Header().Set("HX-Push-Url", pubURL(path, clean, "page"))
}

// pubPartial reports whether the request is an htmx update of part of the
// page, which render answers with the "fragment" block.
func pubPartial(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") != ""
}

// count writes a result count, "1000+" when the search stopped counting.
func (l pubLabels) count(code string, n int, capped bool) string {
	s := strconv.Itoa(n)
	if capped {
		s += "+"
	}
	if n == 1 && !capped {
		code += "_one"
	}
	return l.t(code, "n", s)
}

// choice builds a filter select whose first option is "any".
func (l pubLabels) choice(id, name, label, selected string, opts []optionView) selectView {
	all := append([]optionView{{Value: "", Label: l.t("portal.any"), Selected: selected == ""}}, opts...)
	for i := range all[1:] {
		all[i+1].Selected = all[i+1].Value == selected
	}
	return selectView{ID: id, Name: name, Label: l.t(label), Options: all}
}

// pubTownshipChoices lists the district's townships.
func (h *Handler) pubTownshipChoices(l pubLabels) []optionView {
	out := make([]optionView, 0, len(h.District.Townships))
	for _, t := range h.District.Townships {
		out = append(out, optionView{Value: t.Code, Label: l.township(t.Code)})
	}
	return out
}

// pubLanguageChoices lists the district's languages and dialects.
func (h *Handler) pubLanguageChoices(l pubLabels) []optionView {
	out := make([]optionView, 0, len(h.District.Languages))
	for _, g := range h.District.Languages {
		out = append(out, optionView{Value: g.Code, Label: l.language(g.Code)})
	}
	return out
}

func pubTypeChoices(l pubLabels) []optionView {
	var out []optionView
	for _, t := range tiaojie.OrgTypes() {
		out = append(out, optionView{Value: string(t), Label: l.orgType(t)})
	}
	return out
}

func pubFormChoices(l pubLabels) []optionView {
	var out []optionView
	for _, f := range tiaojie.LegalForms() {
		out = append(out, optionView{Value: string(f), Label: l.form(f)})
	}
	return out
}

func pubStarChoices(l pubLabels) []optionView {
	var out []optionView
	for n := 5; n >= 1; n-- {
		out = append(out, optionView{Value: strconv.Itoa(n), Label: l.t("portal.stars_at_least", "n", strconv.Itoa(n))})
	}
	return out
}

func pubDisputeChoices(l pubLabels) []optionView {
	var out []optionView
	for _, t := range tiaojie.DisputeTypes() {
		out = append(out, optionView{Value: t.Code, Label: l.dispute(t.Code)})
	}
	return out
}

func pubGradeChoices(l pubLabels) []optionView {
	var out []optionView
	for g := 1; g <= 4; g++ {
		out = append(out, optionView{Value: strconv.Itoa(g), Label: l.grade(tiaojie.MediatorGrade(g))})
	}
	return out
}

// pubPage returns the Page of a public page. Its Path keeps the query,
// so that the language switch comes back to the same search; the portal's
// navigation compares paths with Page.PortalAt, which ignores the query.
func (h *Handler) pubPage(r *http.Request, title string) *Page {
	p := h.page(r, title, nil)
	p.Path = r.URL.RequestURI()
	p.Form = r.URL.Query()
	return p
}
