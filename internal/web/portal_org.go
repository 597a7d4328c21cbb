package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/content"
	"tiaojie/internal/funding"
	"tiaojie/internal/registry"
)

// pubOrgData is an organization's public page: its profile in the
// reader's language, its service list, fee standards, disclosures and
// public mediators.
type pubOrgData struct {
	ID             int64
	Name           string
	ShortName      string
	Initial        string
	Logo           string
	Type           string
	Form           string
	Level          string
	Township       string
	Rectifying     bool
	CreditCode     string
	Authority      string
	RegDate        string
	Founded        string
	Address        string
	MapURL         string
	LegalRep       string
	ContactName    string
	Phone          string
	Tel            template.URL
	Email          string
	Website        string
	Description    []string // paragraphs
	Online         bool
	Paid           bool
	Specialties    []string
	Languages      []string
	Stars          int
	StarsUntil     string
	Featured       bool
	FeaturedReason string
	Services       []pubService
	Fee            *pubFee  // the standard in force; nil when none
	History        []pubFee // every published standard, newest first; shown when there is more than one
	Calc           pubFeeCalc
	Documents      []pubDoc
	Notices        []pubNotice
	Mediators      []pubMediatorCard // the first pubOrgPageMediators
	MediatorCount  int               // all of them; the page links to the rest

	News        []pubNewsItem       // the organization's latest news and events, reviewed by the bureau
	Disclosures []pubDisclosureRow  // filed disclosures, newest first (staff_disclosure.go)
	Abnormal    bool                // marked 活动异常 for disclosures left unfiled
	Funding     []funding.YearTotal // donations and grants received, by year (staff_funding.go)
}

// pubOrgPageMediators is how many mediators an organization's page shows;
// a link leads to the directory with all of them.
const pubOrgPageMediators = 8

// pubService is one entry of the service list.
type pubService struct {
	Name        string
	Description string
	Disputes    []string
	Price       string // "" when free
	PriceNote   string
}

// pubFee is one published fee standard, its tiers in words.
type pubFee struct {
	Version   int
	From      string
	Published string
	Current   bool // the one in force today
	Upcoming  bool // published, effective later
	Tiers     []pubTier
	Minimum   string
	Cap       string
	Note      string
}

// pubTier is one band of a fee standard: the part of the amount it
// covers and what it charges.
type pubTier struct {
	Band, Charge string
}

// pubFeeCalc is the fee calculator under the standard in force: the
// amount typed (or the worked example's) and its fee, or the problem.
type pubFeeCalc struct {
	Amount  string // as typed, to refill the field
	Subject string // the amount, formatted
	Fee     string
	Example bool // no amount typed: the worked example is shown
	Error   string
}

// pubDoc is a public document with its download link.
type pubDoc struct {
	URL, Title, Kind, Size, Date string
	Version                      int
}

// pubNotice is a reward or a sanction.
type pubNotice struct {
	Kind, Title, Issuer, Date string
	Sanction                  bool
	URL                       string // the decision document, if public
}

// pubExampleAmount is the amount in dispute of the fee standard's worked
// example (DOMAIN.md §(b)9): 1,000,000 yuan.
const pubExampleAmount = tiaojie.Money(1_000_000_00)

// pubMaxCalcAmount bounds the calculator: 100 billion yuan is beyond any
// dispute, and keeps the fee arithmetic far from overflowing.
const pubMaxCalcAmount = tiaojie.Money(100_000_000_000_00)

// pubOrgNews is how many of an organization's latest news its page shows.
const pubOrgNews = 5

// pubOrgPage is an organization's public page; an organization the public
// does not see (not yet registered, suspended, dissolved) is NotFound.
func (h *Handler) pubOrgPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pp, err := h.Registry.PublicOrg(r.Context(), id)
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		return tiaojie.E(tiaojie.NotFound, "portal.org_not_found")
	}
	if err != nil {
		return err
	}
	cards, err := h.Roster.OrgMediators(r.Context(), id)
	if err != nil {
		return err
	}
	p := h.pubPage(r, "portal.org_title")
	p.Title = pp.Name // not a message code: t shows it as it is, and a shared link names the organization
	l := h.pubLabels(p.Lang)
	d := l.orgData(pp)
	if d.Disclosures, err = h.pubDisclosures(r, p, id); err != nil {
		return err
	}
	d.Abnormal = pp.Abnormal
	news, _, err := h.Content.List(r.Context(), tiaojie.Anonymous(), content.Filter{OrgID: id, Limit: pubOrgNews})
	if err != nil {
		return err
	}
	for _, a := range news {
		d.News = append(d.News, l.newsItem(a))
	}
	if h.Funding != nil { // funding (C11): what the organization received, part of its disclosure
		received, err := h.Funding.Received(r.Context(), id)
		if err != nil {
			return err
		}
		d.Funding = funding.ByYear(received)
	}
	if d.Notices, err = h.pubSanctions(r, p, id, d.Notices); err != nil { // portal_supervision.go
		return err
	}
	d.MediatorCount = len(cards)
	for _, c := range cards[:min(len(cards), pubOrgPageMediators)] {
		d.Mediators = append(d.Mediators, l.mediatorCard(c, id))
	}
	if pp.FeeInForce != nil {
		d.Calc = l.feeCalc(*pp.FeeInForce, r.URL.Query().Get("amount"))
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "pub_org", p)
}

// orgData localizes a public profile.
func (l pubLabels) orgData(pp *registry.PublicProfile) *pubOrgData {
	d := &pubOrgData{
		ID: pp.ID, Name: pp.Name, ShortName: pp.ShortName, Initial: pubInitial(pp.Name), Logo: pp.Logo,
		Type: l.orgType(pp.Type), Form: l.form(pp.LegalForm), Level: l.level(pp.Level), Township: l.township(pp.Township),
		Rectifying: pp.Status == tiaojie.StatusRectifying, CreditCode: pp.CreditCode, Authority: pp.RegistrationAuthority,
		RegDate: l.date(pp.RegistrationDate), Founded: l.date(pp.FoundedAt), Address: pp.Address, MapURL: pp.MapURL,
		LegalRep: pp.LegalRep, ContactName: pp.ContactName, Phone: pp.ContactPhone, Tel: pubTel(pp.ContactPhone), Email: pp.Email,
		Website: pp.Website, Description: pubParagraphs(pp.Description), Online: pp.Online, Paid: pp.Paid,
		Specialties: l.disputes(pp.Specialties), Languages: l.languages(pp.Languages), Stars: pp.Stars,
		StarsUntil: l.date(pp.StarsUntil), Featured: pp.Featured, FeaturedReason: pp.FeaturedReason,
	}
	for _, s := range pp.Services {
		v := pubService{Name: s.Name, Description: s.Description, Disputes: l.disputes(s.DisputeTypes), PriceNote: s.PriceNote}
		if s.Price != nil {
			v.Price = l.yuan(*s.Price)
		}
		d.Services = append(d.Services, v)
	}
	for _, std := range pp.FeeHistory {
		// A published standard is the one in force, one that it replaced,
		// or one that takes effect later (tiaojie.InForce).
		v := l.fee(std)
		v.Current = pp.FeeInForce != nil && std.Version == pp.FeeInForce.Version
		v.Upcoming = pp.FeeInForce == nil || std.EffectiveFrom.After(pp.FeeInForce.EffectiveFrom)
		if v.Current {
			d.Fee = &v
		}
		d.History = append(d.History, v)
	}
	for _, doc := range pp.Documents {
		d.Documents = append(d.Documents, pubDoc{
			URL:   "/orgs/" + strconv.FormatInt(pp.ID, 10) + "/documents/" + strconv.FormatInt(doc.ID, 10),
			Title: doc.Title, Kind: l.t("org.document.kind." + string(doc.Kind)), Size: l.size(doc.Size),
			Date: l.date(doc.UploadedAt), Version: doc.Version,
		})
	}
	for _, n := range pp.Notices {
		d.Notices = append(d.Notices, pubNotice{Kind: l.t("portal.notice_" + n.Kind), Title: n.Title, Issuer: n.Issuer,
			Date: l.date(n.At), Sanction: n.Kind == "sanction"})
	}
	return d
}

// fee puts a fee standard in words.
func (l pubLabels) fee(std tiaojie.FeeStandard) pubFee {
	v := pubFee{Version: std.Version, From: l.date(std.EffectiveFrom), Published: l.date(std.PublishedAt), Note: std.Note}
	if std.Minimum > 0 {
		v.Minimum = l.yuan(std.Minimum)
	}
	if std.Cap > 0 {
		v.Cap = l.yuan(std.Cap)
	}
	var lower tiaojie.Money
	for i, t := range std.Tiers {
		var tv pubTier
		switch {
		case t.UpTo == 0 && i == 0:
			tv.Band = l.t("portal.fee_band_any")
		case t.UpTo == 0:
			tv.Band = l.t("portal.fee_band_above", "from", l.yuan(lower))
		case i == 0:
			tv.Band = l.t("portal.fee_band_upto", "to", l.yuan(t.UpTo))
		default:
			tv.Band = l.t("portal.fee_band_range", "from", l.yuan(lower), "to", l.yuan(t.UpTo))
		}
		switch {
		case t.Fixed > 0 && t.RateBP > 0:
			tv.Charge = l.t("portal.fee_fixed_rate", "fixed", l.yuan(t.Fixed), "rate", l.rate(t.RateBP))
		case t.Fixed > 0:
			tv.Charge = l.t("portal.fee_fixed", "fixed", l.yuan(t.Fixed))
		case t.RateBP > 0:
			tv.Charge = l.t("portal.fee_rate", "rate", l.rate(t.RateBP))
		default:
			tv.Charge = l.t("portal.fee_nothing")
		}
		v.Tiers = append(v.Tiers, tv)
		lower = t.UpTo
	}
	return v
}

// feeCalc computes the fee of the amount typed under the standard in
// force (tiaojie.FeeStandard.Fee, the rule cases use), or of the worked
// example's amount when nothing was typed.
func (l pubLabels) feeCalc(std tiaojie.FeeStandard, typed string) pubFeeCalc {
	c := pubFeeCalc{Amount: strings.TrimSpace(typed)}
	amount := pubExampleAmount
	if c.Amount == "" {
		c.Example = true
	} else {
		m, err := tiaojie.ParseYuan(c.Amount)
		if err != nil {
			c.Error = l.t("money.format")
			return c
		}
		if m > pubMaxCalcAmount {
			c.Error = l.t("portal.fee_calc_too_large", "max", l.yuan(pubMaxCalcAmount))
			return c
		}
		amount = m
	}
	c.Subject, c.Fee = l.yuanExact(amount), l.yuanExact(std.Fee(amount))
	return c
}

// pubParagraphs splits plain text at blank lines (or single line breaks) for
// display.
func pubParagraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pubOrgDocument downloads a public document of a public organization; any
// other is NotFound. The document is opened as the anonymous public, so a
// logged-in staff member gets the same answer here as anyone (staff open
// other documents from their own pages, where the reading is audited).
func (h *Handler) pubOrgDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil || doc <= 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	m, data, err := h.Registry.OpenDocument(r.Context(), tiaojie.Anonymous(), id, doc)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", m.ContentType)
	hd.Set("Content-Disposition", pubAttachment(m.Filename))
	hd.Set("Cache-Control", "private, max-age=300")
	http.ServeContent(w, r, "", m.CreatedAt, bytes.NewReader(data))
	return nil
}

// pubAttachment is the Content-Disposition of a download: an ASCII file name
// for old clients and the real one in RFC 5987 form, with anything that
// could break the header (quotes, separators, control characters) removed.
func pubAttachment(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`"\/;:*?<>|`, r) {
			return -1
		}
		return r
	}, name)
	if strings.Trim(name, ". ") == "" {
		name = "document"
	}
	ascii := strings.Map(func(r rune) rune {
		if r > 0x7e {
			return '_'
		}
		return r
	}, name)
	var enc strings.Builder
	for _, b := range []byte(name) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			enc.WriteByte(b)
		} else {
			enc.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(b)>>4, 16)+strconv.FormatUint(uint64(b)&15, 16)))
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + enc.String()
}
