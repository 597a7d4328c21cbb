package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/registry"
)

// feeSection is the fee standards panel of a commercial organization:
// every version with its status, the editor of a draft, and the
// calculator.
type feeSection struct {
	Standards []feeStdView
	Editor    *formView // nil when the caller may not edit
	Tiers     []tierRow
	Editing   int // the draft version in the editor; 0 for a new version
	Publish   *formView
	Calc      *formView // nil while there is no standard to calculate with
}

// feeStdView is one version of a fee standard as the list shows it.
type feeStdView struct {
	Version                 int
	Effective, Published    string
	Draft, InForce, Pending bool // Pending: published, effective later
	Minimum, Cap, Note      string
	Tiers                   []tierText
}

// tierText is one band of a standard, written out.
type tierText struct{ Band, Fixed, Rate string }

// tierRow is one band of the editor: its upper limit, fixed fee and rate.
type tierRow struct {
	N                 int
	UpTo, Fixed, Rate staffField
}

// feeSection loads the fee standards of o, drafts included.
func (h *Handler) feeSection(r *http.Request, p *Page, o *registry.Org, refused string, edit bool) (*feeSection, error) {
	all, err := h.Registry.FeeStandards(r.Context(), p.User, o.ID, true)
	if err != nil {
		return nil, err
	}
	s := &feeSection{Publish: h.formOf(p, "publish", refused == "publish").done()}
	inForce, found := tiaojie.InForce(all, time.Now())
	for _, fs := range all {
		s.Standards = append(s.Standards, h.feeStdView(p, fs, found && fs.Version == inForce.Version))
	}
	if len(all) > 0 {
		s.Calc = h.calcForm(p, all, false)
	}
	if edit {
		h.feeEditor(r, p, s, all, refused == "fee")
	}
	return s, nil
}

// feeStdView writes out one standard.
func (h *Handler) feeStdView(p *Page, fs tiaojie.FeeStandard, inForce bool) feeStdView {
	v := feeStdView{Version: fs.Version, Effective: day(fs.EffectiveFrom), Draft: !fs.Published(), InForce: inForce,
		Minimum: fs.Minimum.FormatYuan(), Note: fs.Note}
	if fs.Published() {
		v.Published = fs.PublishedAt.In(tiaojie.Beijing()).Format("2006-01-02 15:04")
		v.Pending = !inForce && fs.EffectiveFrom.After(time.Now())
	}
	if fs.Cap > 0 {
		v.Cap = fs.Cap.FormatYuan()
	}
	var lower tiaojie.Money
	for _, t := range fs.Tiers {
		band := h.Catalog.T(p.Lang, "staff.fee.band", "from", lower.FormatYuan(), "to", t.UpTo.FormatYuan())
		if t.UpTo == 0 {
			band = h.Catalog.T(p.Lang, "staff.fee.band_above", "from", lower.FormatYuan())
		}
		v.Tiers = append(v.Tiers, tierText{Band: band, Fixed: t.Fixed.FormatYuan(), Rate: rateText(t.RateBP) + "%"})
		lower = t.UpTo
	}
	return v
}

// rateText writes basis points as a percentage with two decimals.
func rateText(bp int64) string { return strings.ReplaceAll(tiaojie.Money(bp).FormatYuan(), ",", "") }

// feeEditor fills the editor: the refused submission, the draft named by
// ?fee=, or a new version that starts from the newest standard.
func (h *Handler) feeEditor(r *http.Request, p *Page, s *feeSection, all []tiaojie.FeeStandard, live bool) {
	var base tiaojie.FeeStandard
	want, _ := strconv.Atoi(r.URL.Query().Get("fee"))
	for _, fs := range all {
		if want != 0 && fs.Version == want && !fs.Published() {
			base = fs
		}
	}
	if base.Version == 0 && len(all) > 0 {
		base = all[0]
		if base.Published() {
			base.Version, base.EffectiveFrom = 0, time.Time{}
		}
	}
	s.Editing = base.Version
	b := h.formOf(p, "fee", live)
	b.text("effective_from", "date", "staff.fee.effective", day(base.EffectiveFrom), "required", "hint=staff.fee.effective_hint")
	b.text("minimum", "text", "staff.fee.minimum", yuan(base.Minimum, true), "inputmode=decimal", "hint=staff.fee.yuan_hint")
	b.text("cap", "text", "staff.fee.cap", yuan(base.Cap, true), "inputmode=decimal", "hint=staff.fee.cap_hint")
	b.text("note", "text", "staff.fee.note", base.Note, "rows=3")
	b.hidden("version", strconv.Itoa(base.Version))
	rows := storedRows(base.Tiers)
	if live {
		rows = feeRows(p.Form)
		s.Editing, _ = strconv.Atoi(p.Form.Get("version"))
		b.v.Fields["version"] = staffField{Name: "version", Type: "hidden", Value: p.Form.Get("version")}
	}
	for target := max(4, len(rows)+1); len(rows) < target; {
		rows = append(rows, [3]string{})
	}
	for i, row := range rows {
		n := strconv.Itoa(i)
		field := func(name string, v string, label string) staffField {
			key := "tiers[" + n + "]." + name
			b.claim(key)
			return staffField{ID: "fee-" + name + "-" + n, Name: name, Type: "text", Inputmode: "decimal", Value: v,
				Label: h.Catalog.T(p.Lang, label), Error: b.errs[key]}
		}
		s.Tiers = append(s.Tiers, tierRow{N: i + 1, UpTo: field("up_to", row[0], "staff.fee.up_to"),
			Fixed: field("fixed", row[1], "staff.fee.fixed"), Rate: field("rate", row[2], "staff.fee.rate")})
	}
	s.Editor = b.done()
}

// storedRows writes a standard's tiers as the editor's rows.
func storedRows(tiers []tiaojie.FeeTier) [][3]string {
	var out [][3]string
	for _, t := range tiers {
		rate := ""
		if t.RateBP != 0 {
			rate = rateText(t.RateBP)
		}
		out = append(out, [3]string{yuan(t.UpTo, true), yuan(t.Fixed, true), rate})
	}
	return out
}

// feeRows reads the editor's rows as typed, leaving out empty ones, so
// that row i of a refused form is tier i of the service's problems.
func feeRows(f url.Values) [][3]string {
	var out [][3]string
	for i := range f["up_to"] {
		row := [3]string{strings.TrimSpace(at(f["up_to"], i)), strings.TrimSpace(at(f["fixed"], i)), strings.TrimSpace(at(f["rate"], i))}
		if row != [3]string{} {
			out = append(out, row)
		}
	}
	return out
}

// feeInputOf reads the editor: amounts in yuan, rates in percent (two
// decimals: 0.75 is 75 basis points), an empty upper limit for the last,
// unbounded band.
func feeInputOf(f url.Values) (tiaojie.FeeStandard, error) {
	var fe tiaojie.FieldErrors
	fs := tiaojie.FeeStandard{Note: f.Get("note"), Minimum: optionalYuan(&fe, "minimum", f.Get("minimum")),
		Cap: optionalYuan(&fe, "cap", f.Get("cap")), EffectiveFrom: optionalDay(&fe, "effective_from", f.Get("effective_from"))}
	fs.Version, _ = strconv.Atoi(f.Get("version"))
	for i, row := range feeRows(f) {
		field := "tiers[" + strconv.Itoa(i) + "]."
		t := tiaojie.FeeTier{UpTo: optionalYuan(&fe, field+"up_to", row[0]), Fixed: optionalYuan(&fe, field+"fixed", row[1])}
		if row[2] != "" {
			bp, err := tiaojie.ParseYuan(strings.TrimSuffix(row[2], "%"))
			if err != nil {
				fe.Add(field+"rate", "staff.fee.rate_format")
			}
			t.RateBP = int64(bp)
		}
		fs.Tiers = append(fs.Tiers, t)
	}
	return fs, fe.Err()
}

// staffFeeSave saves a draft fee standard (a new version, or the edit of
// an unpublished one).
func (h *Handler) staffFeeSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	fs, err := feeInputOf(r.PostForm)
	var version int
	if err == nil {
		version, err = h.Registry.SaveFeeDraft(r.Context(), auth.PrincipalFrom(r.Context()), id, fs)
	}
	if err != nil {
		return h.orgFormError(w, r, id, "fee", err)
	}
	return redirect(w, r, "/staff/orgs/"+itoa64(id)+"?done=fee_saved&fee="+strconv.Itoa(version)+"#fees")
}

// staffFeePublish publishes a draft fee standard.
func (h *Handler) staffFeePublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || version <= 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err := h.Registry.PublishFee(r.Context(), auth.PrincipalFrom(r.Context()), id, version); err != nil {
		return h.orgFormError(w, r, id, "publish", err)
	}
	return redirect(w, r, orgDone(id, "fee_published", "fees"))
}

// calcForm builds the fee calculator: an amount and the version to apply
// (by default the one in force today, else the newest).
func (h *Handler) calcForm(p *Page, all []tiaojie.FeeStandard, live bool) *formView {
	def := all[0].Version
	if fs, ok := tiaojie.InForce(all, time.Now()); ok {
		def = fs.Version
	}
	var opts []optionView
	for _, fs := range all {
		code := "staff.fee.version_published"
		if !fs.Published() {
			code = "staff.fee.version_draft"
		}
		opts = append(opts, optionView{Value: strconv.Itoa(fs.Version),
			Label: h.Catalog.T(p.Lang, code, "n", strconv.Itoa(fs.Version), "date", day(fs.EffectiveFrom))})
	}
	b := h.formOf(p, "calc", live)
	b.text("amount", "text", "staff.fee.amount", "", "required", "inputmode=decimal", "hint=staff.fee.amount_hint")
	b.choose("version", "staff.fee.version", strconv.Itoa(def), opts)
	return b.done()
}

// feeCalcData is the fee calculator's page.
type feeCalcData struct {
	Org    *registry.Org
	Form   *formView
	Result *calcResult
}

// calcResult is a computed fee.
type calcResult struct {
	Version         int
	Amount, Fee     string
	Minimum, Capped bool // the minimum or the cap decided the fee
}

// staffFeeCalc computes the fee of an amount in dispute under one version
// of the organization's fee standard (tiaojie.FeeStandard.Fee). htmx puts
// the result into the workspace; without JavaScript it is a page.
func (h *Handler) staffFeeCalc(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := h.page(r, "staff.fee.calc_title", nil)
	p.Form = r.URL.Query()
	o, err := h.Registry.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	all, err := h.Registry.FeeStandards(r.Context(), p.User, id, true)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return tiaojie.E(tiaojie.NotFound, "fee.none_in_force")
	}
	d := &feeCalcData{Org: o}
	p.Data = d
	if !p.Form.Has("amount") {
		d.Form = h.calcForm(p, all, false)
		return h.render(w, r, http.StatusOK, "staff_fee_calc", p)
	}
	res, err := calculate(all, p.Form)
	if err != nil {
		p.Errors = h.fieldMessages(p.Lang, err)
		d.Form = h.calcForm(p, all, true)
		return h.formError(w, r, "staff_fee_calc", p, err)
	}
	d.Form, d.Result = h.calcForm(p, all, true), res
	return h.render(w, r, http.StatusOK, "staff_fee_calc", p)
}

// calculate reads the calculator's query and computes the fee.
func calculate(all []tiaojie.FeeStandard, q url.Values) (*calcResult, error) {
	var fe tiaojie.FieldErrors
	amount, err := tiaojie.ParseYuan(q.Get("amount"))
	if err != nil {
		fe.Add("amount", "money.format")
		return nil, fe.Err()
	}
	version, _ := strconv.Atoi(q.Get("version"))
	for _, fs := range all {
		if fs.Version != version {
			continue
		}
		fee := fs.Fee(amount)
		plain := fs
		plain.Minimum, plain.Cap = 0, 0
		raw := plain.Fee(amount)
		return &calcResult{Version: version, Amount: amount.FormatYuan(), Fee: fee.FormatYuan(),
			Minimum: fee > raw, Capped: fee < raw}, nil
	}
	fe.Add("version", "staff.fee.version_unknown")
	return nil, fe.Err()
}

// serviceSection is the service list panel (调解产品服务清单).
type serviceSection struct {
	Items   []serviceView
	New     *formView // nil when the caller may not edit
	Paid    bool      // the organization may price its services
	CanEdit bool
}

// serviceView is one entry of the list with its edit form.
type serviceView struct {
	registry.ServiceItem
	PriceText string
	Types     string
	Form      *formView
}

// serviceSection loads the service list of o.
func (h *Handler) serviceSection(r *http.Request, p *Page, o *registry.Org, refused string, edit bool) (*serviceSection, error) {
	items, err := h.Registry.Services(r.Context(), p.User, o.ID)
	if err != nil {
		return nil, err
	}
	s := &serviceSection{Paid: o.MayCharge(), CanEdit: edit}
	next := 1
	for _, it := range items {
		v := serviceView{ServiceItem: it, Types: h.names(p.Lang, it.DisputeTypes, disputeTypeName),
			PriceText: h.Catalog.T(p.Lang, "staff.svc.free")}
		if it.Price != nil {
			v.PriceText = h.Catalog.T(p.Lang, "staff.svc.price_yuan", "price", it.Price.FormatYuan())
		}
		if edit {
			v.Form = h.serviceForm(p, "svc-"+itoa64(it.ID), &it, s.Paid, refused == "svc-"+itoa64(it.ID))
		}
		next = max(next, it.Position+1)
		s.Items = append(s.Items, v)
	}
	if edit {
		s.New = h.serviceForm(p, "svc-new", &registry.ServiceItem{Position: next}, s.Paid, refused == "svc-new")
	}
	return s, nil
}

// serviceForm builds the form of one service list entry.
func (h *Handler) serviceForm(p *Page, id string, it *registry.ServiceItem, paid, live bool) *formView {
	b := h.formOf(p, id, live)
	b.text("name", "text", "staff.svc.name", it.Name, "required")
	b.text("description", "text", "staff.svc.description", it.Description, "rows=3")
	b.checks("dispute_types", "staff.svc.dispute_types", it.DisputeTypes, disputeChecks(p.Lang), false)
	if paid {
		price := ""
		if it.Price != nil {
			price = yuan(*it.Price, true)
		}
		b.text("price", "text", "staff.svc.price", price, "inputmode=decimal", "hint=staff.svc.price_hint")
		b.text("price_note", "text", "staff.svc.price_note", it.PriceNote)
	}
	b.text("position", "number", "staff.svc.position", strconv.Itoa(it.Position), "inputmode=numeric")
	return b.done()
}

// serviceInputOf reads a service list entry.
func serviceInputOf(f url.Values) (registry.ServiceInput, error) {
	var fe tiaojie.FieldErrors
	in := registry.ServiceInput{Name: f.Get("name"), Description: f.Get("description"), DisputeTypes: f["dispute_types"],
		PriceNote: f.Get("price_note")}
	if s := strings.TrimSpace(f.Get("price")); s != "" {
		m := optionalYuan(&fe, "price", s)
		in.Price = &m
	}
	if s := strings.TrimSpace(f.Get("position")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add("position", "staff.svc.position_format")
		}
		in.Position = n
	}
	return in, fe.Err()
}

// staffServiceAdd adds an entry to the service list.
func (h *Handler) staffServiceAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := serviceInputOf(r.PostForm)
	if err == nil {
		_, err = h.Registry.AddService(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	}
	if err != nil {
		return h.orgFormError(w, r, id, "svc-new", err)
	}
	return redirect(w, r, orgDone(id, "service_added", "services"))
}

// staffServiceUpdate changes an entry of the service list.
func (h *Handler) staffServiceUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sid, err := idParam(r, "sid")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := serviceInputOf(r.PostForm)
	if err == nil {
		err = h.Registry.UpdateService(r.Context(), auth.PrincipalFrom(r.Context()), id, sid, in)
	}
	if err != nil {
		return h.orgFormError(w, r, id, "svc-"+itoa64(sid), err)
	}
	return redirect(w, r, orgDone(id, "service_saved", "services"))
}

// staffServiceDelete removes an entry from the service list.
func (h *Handler) staffServiceDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sid, err := idParam(r, "sid")
	if err != nil {
		return err
	}
	if err := h.Registry.DeleteService(r.Context(), auth.PrincipalFrom(r.Context()), id, sid); err != nil {
		return h.orgFormError(w, r, id, "services", err)
	}
	return redirect(w, r, orgDone(id, "service_deleted", "services"))
}
