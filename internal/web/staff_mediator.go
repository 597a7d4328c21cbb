package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/route"
)

// staffMediatorData is a mediator's page (and, with M nil, the form that
// adds one): the facts, the edit form for those who may edit, the photo,
// the status panel, the identity-number reveal for the bureau, and the
// status history.
type staffMediatorData struct {
	M           *roster.Mediator
	Refused     string
	Stale       bool
	Form        *formView
	Rows        []memberRow
	Outside     []roster.OrgMembership // memberships outside the caller's scope, kept as they are
	Photo       *formView
	Status      []*statusView
	Reveal      *formView
	Revealed    string // the full identity number, shown once after a reveal
	History     []roster.Transition
	Training    *trainingView // staff_training.go
	Mentoring   *mentoringOf  // staff_training_courses.go: mentoring (C11)
	Background  string
	Specialties string
	Languages   string
}

// statusView is one status change the caller may make.
type statusView struct {
	To       string
	Form     *formView
	Decision bool // a removal decision is required
	Danger   bool
	Confirm  string
}

// mediatorDone lists the notices of the mediator page.
var mediatorDone = []string{"created", "saved", "photo", "status", "training"}

// staffMediator shows a mediator.
func (h *Handler) staffMediator(w http.ResponseWriter, r *http.Request) error {
	p, err := h.mediatorPageOf(r, "", nil)
	if err != nil {
		return err
	}
	h.notice(p, r, "staff.med.done.", mediatorDone...)
	return h.render(w, r, http.StatusOK, "staff_mediator", p)
}

// mediatorPageOf loads the mediator of the route's {id}; refused names
// the form formErr refused.
func (h *Handler) mediatorPageOf(r *http.Request, refused string, formErr error) (*Page, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p := h.page(r, "staff.med.title", nil)
	p.Path = "/staff/mediators/" + itoa64(id)
	p.Errors = h.fieldMessages(p.Lang, formErr)
	m, err := h.Roster.Get(r.Context(), p.User, id)
	if err != nil {
		return nil, err
	}
	d, err := h.mediatorData(r, p, m, refused)
	if err != nil {
		return nil, err
	}
	d.Stale = refused == "profile" && route.Code(formErr) == "mediator.stale"
	if refused == "profile" && !d.Stale && d.Form != nil {
		d.Form.Fields["version"] = staffField{Name: "version", Type: "hidden", Value: p.Form.Get("version")}
	}
	if d.History, err = h.Roster.History(r.Context(), p.User, id); err != nil {
		return nil, err
	}
	if d.Training, err = h.trainingOf(r, p, id, d.Form != nil, refused == "training"); err != nil {
		return nil, err
	}
	if d.Mentoring, err = h.mentoringOfMediator(r, p, id); err != nil { // mentoring (C11)
		return nil, err
	}
	p.Data = d
	return p, nil
}

// mediatorData builds the page's forms for m (nil: a new mediator).
func (h *Handler) mediatorData(r *http.Request, p *Page, m *roster.Mediator, refused string) (*staffMediatorData, error) {
	d := &staffMediatorData{M: m, Refused: refused}
	if m != nil {
		d.Background = backgroundName(p.Lang, m.Background)
		d.Specialties = h.names(p.Lang, m.Specialties, disputeTypeName)
		d.Languages = h.names(p.Lang, m.Languages, h.languageName)
	}
	editable := p.User.Can(tiaojie.PermMediatorsEdit) && (m == nil || m.Status != tiaojie.MediatorRemoved)
	if editable {
		orgs, err := h.scopeOrgs(r.Context(), p.User)
		if err != nil {
			return nil, err
		}
		h.mediatorForm(p, d, orgs, refused == "profile")
		if m != nil {
			d.Photo = h.formOf(p, "photo", refused == "photo").text("file", "file", "staff.med.photo_file", "",
				"accept=image/png,image/jpeg", "hint=staff.image_hint").done()
		}
	}
	if m != nil {
		d.Status = h.statusForms(p, m, refused)
		if p.User.Has(tiaojie.RoleBureau) && m.IDNumberMasked != "" {
			d.Reveal = h.formOf(p, "reveal", refused == "reveal").text("purpose", "text", "staff.med.purpose", "",
				"required", "hint=staff.med.purpose_hint").done()
		}
	}
	return d, nil
}

// mediatorForm builds the profile form with its membership rows.
func (h *Handler) mediatorForm(p *Page, d *staffMediatorData, orgs []*registry.Org, live bool) {
	m := d.M
	if m == nil {
		m = &roster.Mediator{Public: true}
	}
	b := h.formOf(p, "profile", live)
	b.text("name", "text", "staff.med.name", m.Name, "required")
	b.choose("gender", "staff.med.gender", m.Gender, h.codeOptions(p.Lang, "staff.gender.none", "staff.gender.", "male", "female"),
		"hint=staff.med.gender_hint")
	idOpts := []string{"autocomplete=off", "hint=staff.med.id_hint"}
	phoneOpts := []string{"autocomplete=off", "inputmode=numeric", "hint=staff.med.phone_hint"}
	if m.IDNumberMasked != "" {
		idOpts = append(idOpts, "placeholder="+m.IDNumberMasked, "hint=staff.med.id_keep")
	}
	if m.PhoneMasked != "" {
		phoneOpts = append(phoneOpts, "placeholder="+m.PhoneMasked, "hint=staff.med.phone_keep")
	}
	b.text("id_number", "text", "staff.med.id_number", "", idOpts...)
	if m.IDNumberMasked != "" {
		b.check("clear_id_number", "staff.med.clear_id", false)
	}
	b.text("phone", "tel", "staff.med.phone", "", phoneOpts...)
	if m.PhoneMasked != "" {
		b.check("clear_phone", "staff.med.clear_phone", false)
	}
	b.choose("background", "staff.med.background", m.Background, h.backgroundOptions(p.Lang))
	b.text("certificates", "text", "staff.med.certificates", m.Certificates, "rows=3")
	since := ""
	if m.PracticeSince != 0 {
		since = strconv.Itoa(m.PracticeSince)
	}
	b.text("practice_since", "number", "staff.med.practice_since", since, "inputmode=numeric", "hint=staff.med.practice_hint")
	b.choose("grade", "staff.med.grade", strconv.Itoa(int(m.Grade)), h.codeOptions(p.Lang, "", "staff.grade.", "0", "1", "2", "3", "4"),
		"hint=staff.med.grade_hint")
	b.checks("specialties", "staff.med.specialties", m.Specialties, disputeChecks(p.Lang), false)
	b.checks("languages", "staff.med.languages", m.Languages, h.languageChecks(p.Lang), false)
	b.text("bio", "text", "staff.med.bio", m.Bio, "rows=4")
	b.check("public", "staff.med.public", m.Public, "hint=staff.med.public_hint")
	b.hidden("version", strconv.Itoa(m.Version))
	d.Rows = h.memberRowsOf(p, b, m, orgs, live)
	for _, ms := range m.Orgs {
		if !reachesOrg(p.User, tiaojie.PermMediatorsEdit, ms.OrgID, ms.Township) {
			d.Outside = append(d.Outside, ms)
		}
	}
	d.Form = b.done()
}

// memberRowsOf builds the membership rows: the memberships the caller may
// change (or, for a refused form, the rows as typed) and one empty row to
// add an organization. Memberships outside the caller's scope are listed
// apart; the service keeps them whatever the form says.
func (h *Handler) memberRowsOf(p *Page, b *formBuilder, m *roster.Mediator, orgs []*registry.Org, live bool) []memberRow {
	var rows [][2]string
	for _, ms := range m.Orgs {
		if !reachesOrg(p.User, tiaojie.PermMediatorsEdit, ms.OrgID, ms.Township) {
			continue
		}
		rows = append(rows, [2]string{itoa64(ms.OrgID), string(ms.Position)})
	}
	if live {
		rows = memberRows(p.Form)
	}
	if len(rows) == 0 && len(orgs) == 1 {
		rows = append(rows, [2]string{itoa64(orgs[0].ID), string(roster.PositionPartTime)})
	}
	rows = append(rows, [2]string{"", string(roster.PositionPartTime)})
	var out []memberRow
	for i, row := range rows {
		n := strconv.Itoa(i)
		orgKey, posKey := "orgs["+n+"].org_id", "orgs["+n+"].position"
		b.claim(orgKey, posKey, "orgs")
		org := selectView{ID: "profile-org-" + n, Name: "org_id", Label: h.Catalog.T(p.Lang, "staff.med.org"), Error: b.errs[orgKey]}
		for _, o := range h.orgChoices(p.Lang, "staff.med.no_org", orgs) {
			o.Selected = o.Value == row[0]
			org.Options = append(org.Options, o)
		}
		pos := selectView{ID: "profile-position-" + n, Name: "position", Label: h.Catalog.T(p.Lang, "staff.med.position"), Error: b.errs[posKey]}
		for _, o := range h.positionOptions(p.Lang) {
			o.Selected = o.Value == row[1]
			pos.Options = append(pos.Options, o)
		}
		out = append(out, memberRow{N: i + 1, Org: org, Position: pos})
	}
	return out
}

// statusForms returns the status changes p may make to m now: suspend,
// reinstate, and (the bureau only) remove.
func (h *Handler) statusForms(p *Page, m *roster.Mediator, refused string) []*statusView {
	if !p.User.Can(tiaojie.PermMediatorsStatus) {
		return nil
	}
	var out []*statusView
	for _, to := range []tiaojie.MediatorStatus{tiaojie.MediatorSuspended, tiaojie.MediatorActive, tiaojie.MediatorRemoved} {
		if tiaojie.NextMediatorStatus(m.Status, to, "-", "-") != nil {
			continue
		}
		if to == tiaojie.MediatorRemoved && !p.User.Has(tiaojie.RoleBureau) {
			continue
		}
		v := &statusView{To: string(to), Decision: to == tiaojie.MediatorRemoved, Danger: to != tiaojie.MediatorActive}
		if v.Danger {
			v.Confirm = h.Catalog.T(p.Lang, "staff.med.confirm."+string(to))
		}
		b := h.formOf(p, "status-"+string(to), refused == "status-"+string(to))
		if to == tiaojie.MediatorActive {
			b.text("reason", "text", "staff.act.note", "", "rows=2")
		} else {
			b.text("reason", "text", "staff.act.reason", "", "rows=3", "required")
		}
		if v.Decision {
			b.text("decision", "text", "staff.med.decision", "", "required", "hint=staff.med.decision_hint")
		}
		v.Form = b.done()
		out = append(out, v)
	}
	return out
}

// mediatorFormError shows the mediator page again with the problems of a
// refused form, or the error page when err is not about the input.
func (h *Handler) mediatorFormError(w http.ResponseWriter, r *http.Request, refused string, err error) error {
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Invalid, tiaojie.Conflict:
	default:
		return err
	}
	p, perr := h.mediatorPageOf(r, refused, err)
	if perr != nil {
		return perr
	}
	return h.formError(w, r, "staff_mediator", p, err)
}

// staffMediatorUpdate saves the profile under its optimistic lock. Empty
// identity number and phone fields keep what is stored.
func (h *Handler) staffMediatorUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := mediatorInputOf(r.PostForm)
	if err == nil {
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		err = h.Roster.Update(r.Context(), auth.PrincipalFrom(r.Context()), id, in, version)
	}
	if err != nil {
		return h.mediatorFormError(w, r, "profile", err)
	}
	return redirect(w, r, "/staff/mediators/"+itoa64(id)+"?done=saved")
}

// staffMediatorPhoto stores an uploaded photo.
func (h *Handler) staffMediatorPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		_, err = h.Roster.SetPhoto(r.Context(), auth.PrincipalFrom(r.Context()), id, up)
	}
	if err != nil {
		return h.mediatorFormError(w, r, "photo", err)
	}
	return redirect(w, r, "/staff/mediators/"+itoa64(id)+"?done=photo")
}

// staffMediatorPhotoFile shows a mediator's photo to staff who may see the
// mediator, public or not.
func (h *Handler) staffMediatorPhotoFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.Roster.Get(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return h.serveFile(w, r, m.Photo, false)
}

// staffMediatorStatus suspends, reinstates or removes a mediator.
func (h *Handler) staffMediatorStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	to := tiaojie.MediatorStatus(f.Get("to"))
	if err := h.Roster.SetStatus(r.Context(), auth.PrincipalFrom(r.Context()), id, to, f.Get("reason"), f.Get("decision")); err != nil {
		return h.mediatorFormError(w, r, "status-"+string(to), err)
	}
	return redirect(w, r, "/staff/mediators/"+itoa64(id)+"?done=status")
}

// staffMediatorReveal shows the bureau a mediator's full identity number,
// once, on the response page: the service requires a purpose and audits
// the reveal. The number is never logged and never put in a URL.
func (h *Handler) staffMediatorReveal(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	number, err := h.Roster.RevealIDNumber(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("purpose"))
	if err != nil {
		return h.mediatorFormError(w, r, "reveal", err)
	}
	p, err := h.mediatorPageOf(r, "", nil)
	if err != nil {
		return err
	}
	p.Data.(*staffMediatorData).Revealed = number
	p.Form = nil
	return h.render(w, r, http.StatusOK, "staff_mediator", p)
}
