package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/i18n"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/search"
)

// The public pages receive view structs whose words are already in the
// reader's language: codes (dispute types, languages, townships, kinds,
// grades) become names here, in Go, so the templates only lay them out and
// English pages use the data's English names (NameEn) where it has them.

// pubLabels localizes the codes of the public pages in one language.
type pubLabels struct {
	h    *Handler
	lang i18n.Lang
}

// pubLabels returns the label helper of lang.
func (h *Handler) pubLabels(lang i18n.Lang) pubLabels { return pubLabels{h: h, lang: lang} }

// t is the message code in the helper's language.
func (l pubLabels) t(code string, args ...string) string { return l.h.Catalog.T(l.lang, code, args...) }

// dispute returns the name of a dispute type.
func (l pubLabels) dispute(code string) string {
	d, ok := tiaojie.DisputeTypeByCode(code)
	switch {
	case !ok:
		return code
	case l.lang == i18n.En && d.NameEn != "":
		return d.NameEn
	}
	return d.Name
}

// disputes returns the names of dispute types, in the given order.
func (l pubLabels) disputes(codes []string) []string { return pubNames(codes, l.dispute) }

// language returns the name of a language or dialect of the district.
func (l pubLabels) language(code string) string {
	g, ok := l.h.District.Language(code)
	switch {
	case !ok:
		return code
	case l.lang == i18n.En && g.NameEn != "":
		return g.NameEn
	}
	return g.Name
}

// languages returns the names of languages, in the given order.
func (l pubLabels) languages(codes []string) []string { return pubNames(codes, l.language) }

func pubNames(codes []string, name func(string) string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return out
}

// township returns a township's name.
func (l pubLabels) township(code string) string { return l.h.townshipName(l.lang, code) }

// orgType returns the name of an organization type.
func (l pubLabels) orgType(t tiaojie.OrgType) string { return l.t("org.type." + string(t)) }

// form returns the name of a legal form.
func (l pubLabels) form(f tiaojie.LegalForm) string { return l.t("org.form." + string(f)) }

// level returns the name of an organization level.
func (l pubLabels) level(v tiaojie.OrgLevel) string { return l.t("org.level." + string(v)) }

// grade returns the name of a mediator grade; "" for ungraded.
func (l pubLabels) grade(g tiaojie.MediatorGrade) string {
	if g <= 0 || !g.Valid() {
		return ""
	}
	return l.t("portal.grade." + strconv.Itoa(int(g)))
}

// position returns the name of a position in an organization.
func (l pubLabels) position(p roster.Position) string {
	if !p.Valid() {
		return ""
	}
	return l.t("portal.position." + string(p))
}

// date writes the Beijing date of t, "" when t is zero.
func (l pubLabels) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tiaojie.Beijing()).Format("2006-01-02")
}

// minute writes the Beijing date and time of t, "" when t is zero.
func (l pubLabels) minute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tiaojie.Beijing()).Format("2006-01-02 15:04")
}

// yuan writes an amount of money for reading: "200,000 元", with the fen
// only when there are any ("3,000.50 元"); "¥200,000" in English.
func (l pubLabels) yuan(m tiaojie.Money) string {
	return l.t("portal.yuan", "amount", strings.TrimSuffix(m.FormatYuan(), ".00"))
}

// yuanExact writes an amount of money with its fen, as a computed fee is
// quoted: "6,750.00 元".
func (l pubLabels) yuanExact(m tiaojie.Money) string {
	return l.t("portal.yuan", "amount", m.FormatYuan())
}

// rate writes a rate in basis points as a percentage: 75 → "0.75%".
func (l pubLabels) rate(bp int64) string {
	return strconv.FormatFloat(float64(bp)/100, 'f', -1, 64) + "%"
}

// size writes a file size for a download link.
func (l pubLabels) size(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+1<<9)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// pubInitial is the first character of a name, drawn when there is no logo or
// photo.
func pubInitial(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return ""
	}
	return string(r)
}

// pubTel is a tel: link for a published service number. html/template
// refuses tel: URLs it did not get as template.URL; this one is built from
// the number's digits (and a leading +) only, so it cannot carry anything
// else.
func pubTel(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return template.URL("tel:" + b.String())
}

// pubOrgCard is an organization as a result card or a featured card.
type pubOrgCard struct {
	ID             int64
	Name           []search.Segment
	Initial        string
	Snippet        []search.Segment
	Logo           string // public file key
	Township       string
	Type           string
	Stars          int
	Paid           bool
	Online         bool
	Featured       bool
	FeaturedReason string
	ShowReason     bool // the front page's featured cards say why
	Specialties    []string
	Abnormal       bool // marked 活动异常 (internal/disclosure)
}

// orgCard localizes a registry card.
func (l pubLabels) orgCard(c registry.OrgCard) pubOrgCard {
	name := c.NameSegments
	if len(name) == 0 {
		name = []search.Segment{{Text: c.Name}}
	}
	return pubOrgCard{
		ID: c.ID, Name: name, Initial: pubInitial(c.Name), Snippet: c.Snippet, Logo: c.Logo,
		Township: l.township(c.Township), Type: l.orgType(c.Type), Stars: c.Stars, Paid: c.Paid, Online: c.Online,
		Featured: c.Featured, FeaturedReason: c.FeaturedReason, Specialties: l.disputes(c.Specialties),
		Abnormal: c.Abnormal,
	}
}

// orgCards localizes registry cards.
func (l pubLabels) orgCards(cs []registry.OrgCard) []pubOrgCard {
	out := make([]pubOrgCard, len(cs))
	for i, c := range cs {
		out[i] = l.orgCard(c)
	}
	return out
}

// pubOrgRef is an organization named on a mediator's card or page.
type pubOrgRef struct {
	ID       int64
	Name     string
	Township string
	Position string
}

// pubMediatorCard is a mediator as a result card or on an organization's
// page.
type pubMediatorCard struct {
	ID          int64
	Name        []search.Segment
	Initial     string
	Photo       string // public file key
	Grade       string
	Position    string // in the organization whose page shows the card
	Years       int
	Orgs        []pubOrgRef
	Specialties []string
	Languages   []string
}

// mediatorCard localizes a roster card; orgID, when not 0, is the
// organization whose page shows it, whose position the card names.
func (l pubLabels) mediatorCard(c roster.Card, orgID int64) pubMediatorCard {
	name := c.NameMarked
	if len(name) == 0 {
		name = []search.Segment{{Text: c.Name}}
	}
	v := pubMediatorCard{ID: c.ID, Name: name, Initial: pubInitial(c.Name), Photo: c.Photo, Grade: l.grade(c.Grade),
		Years: c.Years, Specialties: l.disputes(c.Specialties), Languages: l.languages(c.Languages)}
	v.Orgs = l.orgRefs(c.Orgs)
	for _, o := range c.Orgs {
		if o.ID == orgID {
			v.Position = l.position(o.Position)
		}
	}
	return v
}

// orgRefs localizes a mediator's organizations.
func (l pubLabels) orgRefs(refs []roster.OrgRef) []pubOrgRef {
	out := make([]pubOrgRef, len(refs))
	for i, o := range refs {
		out[i] = pubOrgRef{ID: o.ID, Name: o.Name, Township: l.township(o.Township), Position: l.position(o.Position)}
	}
	return out
}

// pubPager is the pagination of a list: previous and next links and a
// window of page numbers with gaps. Target, when set, makes the links
// partial updates of that element (htmx); without JavaScript they are
// plain links.
type pubPager struct {
	Label      string // the navigation's accessible name
	Prev, Next string
	Pages      []pubPageLink
	Target     string
}

// pubPageLink is one page number of a pager; Gap marks an ellipsis.
type pubPageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// pager builds the pagination of page out of pages for path with the
// query q (its "page" parameter replaced).
func (l pubLabels) pager(path string, q url.Values, page, pages int, target string) pubPager {
	pv := pubPager{Label: l.t("portal.pages"), Target: target}
	if pages <= 1 {
		return pv
	}
	link := func(n int) string {
		if n == 1 {
			return pubURL(path, q, "page")
		}
		return pubURL(path, q, "page", strconv.Itoa(n))
	}
	if page > 1 {
		pv.Prev = link(page - 1)
	}
	if page < pages {
		pv.Next = link(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-2 || n > page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			pv.Pages = append(pv.Pages, pubPageLink{Gap: true})
		}
		pv.Pages = append(pv.Pages, pubPageLink{N: n, URL: link(n), Current: n == page})
		last = n
	}
	return pv
}

// pubURL returns path?query with the parameter key set to values (or
// removed when there are none), keeping every value of the others: the
// directory's dispute-type filter has several. Empty values are dropped
// so that links stay short.
func pubURL(path string, q url.Values, key string, values ...string) string {
	c := url.Values{}
	for k, vs := range q {
		if k == key {
			continue
		}
		for _, v := range vs {
			if v != "" {
				c.Add(k, v)
			}
		}
	}
	for _, v := range values {
		c.Add(key, v)
	}
	if len(c) == 0 {
		return path
	}
	return path + "?" + c.Encode()
}

// pubPageOf reads the page number of a list request: 1 unless a positive
// number is given.
func pubPageOf(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 10_000)
}

// In reports whether the page is at path or below it, for the portal's
// navigation: /orgs/3 is in the directory's part of the site. The page's
// Path may carry a query (the public pages keep it so that the language
// switch comes back to the same search).
func (p *Page) PortalAt(paths ...string) bool {
	cur, _, _ := strings.Cut(p.Path, "?")
	for _, path := range paths {
		if cur == path || strings.HasPrefix(cur, path+"/") {
			return true
		}
	}
	return false
}
