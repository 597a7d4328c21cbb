package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/route"
)

// applyData is the application form: for a member of the public (online),
// or for the desk (staff filing for a walk-in or phone applicant).
type applyData struct {
	Form     *formView
	Action   string // where the form posts
	Desk     bool   // staff entry at the one-stop desk
	LoggedIn bool   // a public user who may apply
	Staff    bool   // a staff member who should use the desk instead
	OrgName  string // the organization chosen beforehand, from its page
	Referral bool   // a partner agency referring a dispute (partner_desk.go)
}

// applyFields are the form's fields, named as the service names them in
// its field errors, so each problem lands next to its field.
func (h *Handler) applyForm(p *Page, live bool, a cases.Application, orgID int64, desk bool) *formView {
	party := func(i int) cases.PartyInput {
		if i < len(a.Parties) {
			return a.Parties[i]
		}
		return cases.PartyInput{}
	}
	app, resp := party(0), party(1)
	amount := ""
	if a.AmountFen != nil {
		amount = tiaojie.Money(*a.AmountFen).FormatYuan()
	}
	b := h.formOf(p, "apply", live).
		choose("dispute_type", "case.f.dispute_type", a.DisputeType, h.disputeOptions(p.Lang, "case.f.choose"), "required").
		choose("township", "case.f.township", a.Township, h.townshipOptions(p.Lang, a.Township), "required", "hint=case.f.township_hint").
		text("title", "text", "case.f.title", a.Title, "required", "hint=case.f.title_hint").
		text("facts", "text", "case.f.facts", a.Facts, "required", "rows=5").
		text("claims", "text", "case.f.claims", a.Claims, "rows=3", "hint=case.f.claims_hint").
		text("amount", "text", "case.f.amount", amount, "inputmode=decimal", "hint=case.f.amount_hint").
		text("parties.0.name", "text", "case.f.name", app.Name, "required", "autocomplete=name").
		text("parties.0.id_number", "text", "case.f.id_number", app.IDNumber, "hint=case.f.id_hint").
		text("parties.0.phone", "tel", "case.f.phone", app.Phone, "required", "autocomplete=tel", "inputmode=numeric").
		text("parties.0.address", "text", "case.f.address", app.Address, "autocomplete=street-address").
		choose("parties.1.kind", "case.f.kind", string(resp.Kind), h.codeOptions(p.Lang, "", "case.kind.", "person", "org")).
		text("parties.1.name", "text", "case.f.name", resp.Name, "required").
		text("parties.1.phone", "tel", "case.f.phone", resp.Phone, "inputmode=numeric", "hint=case.f.resp_contact_hint").
		text("parties.1.email", "email", "case.f.email", resp.Email).
		text("parties.1.address", "text", "case.f.address", resp.Address).
		check("consent", "case.f.consent", a.Consent, "hint=case.f.consent_hint").
		hidden("org_id", idOrEmpty(orgID))
	if desk {
		b.choose("source", "case.f.source", string(a.Source), h.codeOptions(p.Lang, "", "case.source.", "desk", "court"))
	}
	b.claim("parties", "parties.0.side", "parties.1.side")
	return b.done()
}

func idOrEmpty(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa64(id)
}

// applicationOf reads the form into an Application. A malformed amount is
// reported like the service's own field errors.
func applicationOf(f url.Values) (cases.Application, error) {
	a := cases.Application{
		DisputeType: f.Get("dispute_type"), Township: f.Get("township"), Title: f.Get("title"),
		Facts: f.Get("facts"), Claims: f.Get("claims"), Consent: f.Get("consent") == "1",
		Source: tiaojie.CaseSource(f.Get("source")),
	}
	if s := strings.TrimSpace(f.Get("amount")); s != "" {
		m, err := tiaojie.ParseYuan(s)
		if err != nil {
			var fe tiaojie.FieldErrors
			fe.Add("amount", "case.amount")
			return a, fe.Err()
		}
		fen := int64(m)
		a.AmountFen = &fen
	}
	a.Parties = []cases.PartyInput{
		{Side: tiaojie.SideApplicant, Kind: tiaojie.PartyPerson, Name: f.Get("parties.0.name"), IDNumber: f.Get("parties.0.id_number"),
			Phone: f.Get("parties.0.phone"), Address: f.Get("parties.0.address")},
		{Side: tiaojie.SideRespondent, Kind: tiaojie.PartyKind(f.Get("parties.1.kind")), Name: f.Get("parties.1.name"),
			Phone: f.Get("parties.1.phone"), Email: f.Get("parties.1.email"), Address: f.Get("parties.1.address")},
	}
	return a, nil
}

// applyPage shows the application form, or tells a visitor to log in
// with their phone first (the applicant's phone is verified that way).
func (h *Handler) applyPage(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "case.apply.title", nil)
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	d := &applyData{Action: "/apply", LoggedIn: p.User.LoggedIn() && !p.User.Staff(), Staff: p.User.Staff()}
	if orgID > 0 {
		if o, err := h.Registry.PublicOrg(r.Context(), orgID); err == nil {
			d.OrgName = o.Name
		} else {
			orgID = 0
		}
	}
	// The consultation and an organization's page prefill what they know.
	pre := cases.Application{}
	if _, ok := tiaojie.DisputeTypeByCode(r.URL.Query().Get("type")); ok {
		pre.DisputeType = r.URL.Query().Get("type")
	}
	if _, ok := h.District.Township(r.URL.Query().Get("township")); ok {
		pre.Township = r.URL.Query().Get("township")
	}
	d.Form = h.applyForm(p, false, pre, orgID, false)
	p.Data = d
	return h.render(w, r, http.StatusOK, "case_apply", p)
}

// applySave saves the application as a draft, and submits it when the
// applicant asked to (then routes it to the organization chosen
// beforehand, if any).
func (h *Handler) applySave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	pr := auth.PrincipalFrom(r.Context())
	a, err := applicationOf(r.PostForm)
	var id int64
	if err == nil {
		id, err = h.Cases.Apply(r.Context(), pr, a)
	}
	if err != nil {
		return h.applyError(w, r, "/apply", err)
	}
	return h.afterSave(w, r, id)
}

// afterSave submits (and routes) a saved draft when asked; a refusal
// shows the draft's edit form with the problems.
func (h *Handler) afterSave(w http.ResponseWriter, r *http.Request, id int64) error {
	if r.PostForm.Get("do") != "submit" {
		return redirect(w, r, "/cases/"+itoa64(id)+"?done=saved")
	}
	pr := auth.PrincipalFrom(r.Context())
	if err := h.Cases.Act(r.Context(), pr, id, cases.Step{Action: tiaojie.CaseSubmit}); err != nil {
		return h.applyError(w, r, "/cases/"+itoa64(id)+"/edit", err)
	}
	if org, _ := strconv.ParseInt(r.PostForm.Get("org_id"), 10, 64); org > 0 {
		if err := h.Cases.Act(r.Context(), pr, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: org}); err != nil {
			// Submitted all the same: the applicant chooses again on the case page.
			return redirect(w, r, "/cases/"+itoa64(id)+"?done=submitted#route")
		}
	}
	return redirect(w, r, "/cases/"+itoa64(id)+"?done=submitted")
}

// applyError shows the form again with the problems of a refused save.
func (h *Handler) applyError(w http.ResponseWriter, r *http.Request, action string, err error) error {
	p := h.page(r, "case.apply.title", nil)
	org, _ := strconv.ParseInt(r.PostForm.Get("org_id"), 10, 64)
	d := &applyData{Action: action, LoggedIn: true}
	p.Data = d
	if !h.problems(p, err) {
		return err
	}
	d.Form = h.applyForm(p, true, cases.Application{}, org, false)
	return h.render(w, r, route.Status(err), "case_apply", p)
}

// caseEdit shows a draft's form with its stored contents.
func (h *Handler) caseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := h.Cases.Get(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	if v.Status != tiaojie.CaseDraft {
		return redirect(w, r, "/cases/"+itoa64(id))
	}
	p := h.page(r, "case.apply.title", nil)
	a := cases.Application{DisputeType: v.DisputeType, Township: v.Township, Title: v.Title, Facts: v.Facts,
		Claims: v.Claims, AmountFen: v.AmountFen, Consent: v.ConsentAt != nil}
	for _, pt := range v.Parties {
		a.Parties = append(a.Parties, cases.PartyInput{Side: pt.Side, Kind: pt.Kind, Name: pt.Name, Phone: pt.Phone,
			Email: pt.Email, Address: pt.Address})
	}
	p.Data = &applyData{Action: "/cases/" + itoa64(id) + "/edit", LoggedIn: true,
		Form: h.applyForm(p, false, a, 0, false)}
	return h.render(w, r, http.StatusOK, "case_apply", p)
}

// caseUpdate saves a draft's new contents, and submits it when asked.
func (h *Handler) caseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := applicationOf(r.PostForm)
	if err == nil {
		err = h.Cases.UpdateDraft(r.Context(), auth.PrincipalFrom(r.Context()), id, a)
	}
	if err != nil {
		return h.applyError(w, r, "/cases/"+itoa64(id)+"/edit", err)
	}
	return h.afterSave(w, r, id)
}

// deskPage is the one-stop desk's entry form (一口式受理).
func (h *Handler) deskPage(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "case.desk.title", nil)
	a := cases.Application{Source: tiaojie.SourceDesk}
	if ts := p.User.Townships(); len(ts) == 1 {
		a.Township = ts[0]
	}
	p.Data = &applyData{Action: "/staff/cases", Desk: true, Form: h.applyForm(p, false, a, 0, true)}
	return h.render(w, r, http.StatusOK, "case_apply", p)
}

// deskSave files the case for the applicant: it is submitted at once.
func (h *Handler) deskSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := applicationOf(r.PostForm)
	var id int64
	if err == nil {
		id, err = h.Cases.File(r.Context(), auth.PrincipalFrom(r.Context()), a)
	}
	if err != nil {
		p := h.page(r, "case.desk.title", nil)
		if !h.problems(p, err) {
			return err
		}
		p.Data = &applyData{Action: "/staff/cases", Desk: true, Form: h.applyForm(p, true, cases.Application{}, 0, true)}
		return h.render(w, r, route.Status(err), "case_apply", p)
	}
	return redirect(w, r, "/cases/"+itoa64(id)+"?done=filed#route")
}

// problems puts the problems of a refused form on the page: each field's
// next to it, the summary on top. It reports false for an error that is
// not about the input, which the caller returns as it is.
func (h *Handler) problems(p *Page, err error) bool {
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Invalid, tiaojie.Conflict:
	default:
		return false
	}
	p.Errors = map[string]string{}
	for _, f := range route.Fields(err) {
		if _, dup := p.Errors[f.Field]; !dup {
			p.Errors[f.Field] = h.Catalog.Tm(p.Lang, f.Code, f.Args)
		}
	}
	p.Problem = h.problemText(p.Lang, err)
	return true
}
