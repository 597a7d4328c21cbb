package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/complaints"
	"tiaojie/internal/files"
	"tiaojie/internal/registry"
	"tiaojie/internal/route"
)

// staffOrgData is an organization's workspace: its profile and every
// panel of work on it, each panel present only when the caller may use it.
// Refused names the form whose submission was refused, which alone shows
// what was typed and its problems.
type staffOrgData struct {
	Org          *registry.Org
	RegDate      string
	Founded      string
	Specialties  string
	Languages    string
	Refused      string
	Stale        bool
	CanEdit      bool
	Closed       bool
	Profile      *formView
	Logo         *formView
	Seal         *formView // the seal upload, for the organization's own admin only
	Registration *formView
	Prereview    registry.Prereview
	Materials    *formView
	Checklist    []checkItem
	Documents    []docView
	DocForm      *formView
	Actions      []*actionView
	HasSafe      bool // some of the actions move the organization on
	HasDanger    bool // some end or hold it back: they sit apart, folded
	Opinion      *registry.Transition
	History      []historyView
	Fees         *feeSection
	Services     *serviceSection
	Featured     *formView
	CanFeature   bool
	Complaints   []complaints.OrgComplaint // answered complaints about it (complaints.go)
}

// checkItem is one line of the pre-review checklist.
type checkItem struct {
	Label string
	Done  bool
}

// docView is one document version as the list shows it.
type docView struct {
	registry.Document
	Size string
}

// historyView is one lifecycle step as the history shows it.
type historyView struct {
	registry.Transition
	RoleText string
}

// actionView is one lifecycle step the caller may take now, with its form.
type actionView struct {
	OrgID   int64
	Action  string
	Form    *formView
	Reason  bool // a reason is required
	Danger  bool
	Confirm string
}

// staffOrg shows an organization's workspace.
func (h *Handler) staffOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.orgPageOf(r, id, "", nil)
	if err != nil {
		return err
	}
	h.orgNotice(p, r)
	return h.render(w, r, http.StatusOK, "staff_org", p)
}

// orgNotices are the done= values of the workspace.
var orgNotices = []string{"created", "profile", "logo", "seal", "registration", "prereview", "document", "fee_saved",
	"fee_published", "service_added", "service_saved", "service_deleted", "featured", "unfeatured"}

// orgNotice sets the notice of a change just made. A lifecycle step
// names the step (done=act_<action>).
func (h *Handler) orgNotice(p *Page, r *http.Request) {
	d := r.URL.Query().Get("done")
	if a, ok := strings.CutPrefix(d, "act_"); ok && slices.Contains(tiaojie.OrgActions(), tiaojie.OrgAction(a)) {
		p.Notice = h.Catalog.T(p.Lang, "staff.org.done.act", "action", h.Catalog.T(p.Lang, "org.action."+a))
		return
	}
	h.notice(p, r, "staff.org.done.", orgNotices...)
}

// orgPageOf loads the workspace of organization id. refused names the
// form whose submission formErr refused ("" when none).
func (h *Handler) orgPageOf(r *http.Request, id int64, refused string, formErr error) (*Page, error) {
	ctx := r.Context()
	p := h.page(r, "staff.org.title", nil)
	p.Path = "/staff/orgs/" + itoa64(id)
	p.Errors = h.fieldMessages(p.Lang, formErr)
	o, err := h.Registry.Get(ctx, p.User, id)
	if err != nil {
		return nil, err
	}
	d := &staffOrgData{Org: o, RegDate: day(o.RegistrationDate), Founded: day(o.FoundedAt), Refused: refused,
		Stale:   refused == "profile" && route.Code(formErr) == "org.stale",
		CanEdit: p.User.Can(tiaojie.PermOrgsEdit), Closed: o.Status == tiaojie.StatusDissolved || o.Status == tiaojie.StatusWithdrawn,
		Specialties: h.names(p.Lang, o.Specialties, disputeTypeName), Languages: h.names(p.Lang, o.Languages, h.languageName)}
	p.Data = d
	if err := h.orgPanels(r, p, d); err != nil {
		return nil, err
	}
	return p, nil
}

// orgPanels loads the panels of the workspace.
func (h *Handler) orgPanels(r *http.Request, p *Page, d *staffOrgData) error {
	ctx, o := r.Context(), d.Org
	edit := d.CanEdit && !d.Closed
	if edit {
		d.Profile = h.profileForm(p, o, d.Refused == "profile")
		if d.Refused == "profile" && !d.Stale {
			d.Profile.Fields["version"] = staffField{Name: "version", Type: "hidden", Value: p.Form.Get("version")}
		}
		d.Logo = h.formOf(p, "logo", d.Refused == "logo").text("file", "file", "staff.org.logo_file", "", "accept=image/png,image/jpeg", "hint=staff.image_hint").done()
		d.DocForm = h.documentForm(p, d.Refused == "document")
		if sealAdmin(p.User, o.ID) {
			d.Seal = h.formOf(p, "seal", d.Refused == "seal").text("file", "file", "staff.org.seal_file", "", "accept=image/png,image/jpeg", "hint=staff.org.seal_hint").done()
		}
	}
	if mayRegister(p.User, o) {
		d.Registration = h.registrationForm(p, o, d.Refused == "registration")
	}
	if err := h.orgPrereview(r, p, d); err != nil {
		return err
	}
	hist, err := h.Registry.History(ctx, p.User, o.ID)
	if err != nil {
		return err
	}
	for i := range hist {
		t := hist[i]
		if t.Action == string(tiaojie.ActOpinion) {
			d.Opinion = &hist[i]
		}
		d.History = append(d.History, historyView{Transition: t, RoleText: h.roleText(p, t.Role)})
	}
	d.Actions = h.orgActions(p, o, d.Refused)
	d.Complaints = h.orgComplaints(r, p, o.ID)
	for _, a := range d.Actions {
		d.HasDanger = d.HasDanger || a.Danger
		d.HasSafe = d.HasSafe || !a.Danger
	}
	if o.MayCharge() {
		if d.Fees, err = h.feeSection(r, p, o, d.Refused, edit); err != nil {
			return err
		}
	}
	if d.Services, err = h.serviceSection(r, p, o, d.Refused, edit); err != nil {
		return err
	}
	if p.User.Can(tiaojie.PermOrgsFeature) {
		d.CanFeature = o.Status.Public()
		b := h.formOf(p, "featured", d.Refused == "featured")
		b.text("rank", "number", "staff.org.feature_rank", strconv.Itoa(o.FeaturedRank), "inputmode=numeric", "hint=staff.org.feature_rank_hint")
		b.text("reason", "text", "staff.org.feature_reason", o.FeaturedReason, "rows=3", "required")
		d.Featured = b.done()
	}
	return nil
}

// roleText names the role a step was taken in.
func (h *Handler) roleText(p *Page, role string) string {
	if role == "" || !tiaojie.Role(role).Valid() {
		return role
	}
	return h.Catalog.T(p.Lang, "role."+role)
}

// orgPrereview loads the pre-review materials, the checklist and the
// documents.
func (h *Handler) orgPrereview(r *http.Request, p *Page, d *staffOrgData) error {
	ctx, o := r.Context(), d.Org
	pr, err := h.Registry.GetPrereview(ctx, p.User, o.ID)
	if err != nil {
		return err
	}
	docs, err := h.Registry.Documents(ctx, p.User, o.ID)
	if err != nil {
		return err
	}
	d.Prereview = pr
	charter := false
	for _, doc := range docs {
		charter = charter || doc.Kind == registry.DocCharter
		d.Documents = append(d.Documents, docView{Document: doc, Size: sizeText(doc.Size)})
	}
	for _, part := range []struct{ code, value string }{{"founders", pr.Founders}, {"mediators", pr.Mediators}, {"premises", pr.Premises}, {"funding", pr.Funding}} {
		d.Checklist = append(d.Checklist, checkItem{Label: h.Catalog.T(p.Lang, "staff.pre."+part.code), Done: strings.TrimSpace(part.value) != ""})
	}
	d.Checklist = append(d.Checklist, checkItem{Label: h.Catalog.T(p.Lang, "staff.pre.charter"), Done: charter})
	if o.Status == tiaojie.StatusPreparing && d.CanEdit {
		b := h.formOf(p, "prereview", d.Refused == "prereview")
		b.text("founders", "text", "staff.pre.founders", pr.Founders, "rows=4", "hint=staff.pre.founders_hint")
		b.text("mediators", "text", "staff.pre.mediators", pr.Mediators, "rows=4", "hint=staff.pre.mediators_hint")
		b.text("premises", "text", "staff.pre.premises", pr.Premises, "rows=3")
		b.text("funding", "text", "staff.pre.funding", pr.Funding, "rows=3")
		d.Materials = b.done()
	}
	return nil
}

// sizeText writes a file size in KB or MB.
func sizeText(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt(max(1, (n+512)>>10), 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// documentForm builds the upload form of a document version.
func (h *Handler) documentForm(p *Page, live bool) *formView {
	b := h.formOf(p, "document", live)
	b.choose("kind", "staff.doc.kind", string(registry.DocCharter), h.codeOptions(p.Lang, "", "org.document.kind.", strs(registry.DocKinds())...), "required")
	b.text("title", "text", "staff.doc.title", "", "required", "hint=staff.doc.title_hint")
	b.text("file", "file", "staff.doc.file", "", "required", "accept=application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg", "hint=staff.doc.file_hint")
	b.check("public", "staff.doc.public", false, "hint=staff.doc.public_hint")
	return b.done()
}

// mayRegister reports whether p may record o's registration now: after
// pre-review, by the bureau or the organization's own admin.
func mayRegister(p *tiaojie.Principal, o *registry.Org) bool {
	switch o.Status {
	case tiaojie.StatusRegistered, tiaojie.StatusActive, tiaojie.StatusRectifying:
	default:
		return false
	}
	return p.Can(tiaojie.PermOrgsEdit) && actsFor(p, o, []tiaojie.Role{tiaojie.RoleBureau, tiaojie.RoleOrgAdmin})
}

// registrationForm builds the registration details form.
func (h *Handler) registrationForm(p *Page, o *registry.Org, live bool) *formView {
	b := h.formOf(p, "registration", live)
	hint := "staff.reg.code_hint"
	if !o.LegalForm.NeedsCreditCode() {
		hint = "staff.reg.code_optional"
	}
	b.text("credit_code", "text", "staff.reg.credit_code", o.CreditCode, "hint="+hint, "autocomplete=off")
	b.text("registration_authority", "text", "staff.reg.authority", o.RegistrationAuthority, "required", "hint=staff.reg.authority_hint."+o.LegalForm.Authority())
	b.text("registration_date", "date", "staff.reg.date", day(o.RegistrationDate), "required", "hint=staff.date_hint")
	return b.done()
}

// actsFor reports whether one of p's grants of the roles reaches o: the
// bureau everywhere, a township office in its township, an organization's
// admin in its organization. It mirrors the service's rule so that the
// page offers only what the service will accept.
func actsFor(p *tiaojie.Principal, o *registry.Org, roles []tiaojie.Role) bool {
	for _, g := range p.Grants {
		if !slices.Contains(roles, g.Role) {
			continue
		}
		switch g.Role.Scope() {
		case tiaojie.ScopeTownship:
			if g.Township == o.Township {
				return true
			}
		case tiaojie.ScopeOrg:
			if g.OrgID == o.ID {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// dangerous lists the steps that end or hold back an organization: their
// buttons are red and ask for confirmation.
var dangerous = []tiaojie.OrgAction{tiaojie.ActReject, tiaojie.ActRectify, tiaojie.ActSuspend, tiaojie.ActDissolve, tiaojie.ActWithdraw}

// orgActions returns the lifecycle steps p may take on o now: allowed
// from its status and stage (tiaojie.NextOrgStatus) and by one of p's
// grants (tiaojie.OrgActionRoles). The service checks both again.
func (h *Handler) orgActions(p *Page, o *registry.Org, refused string) []*actionView {
	if !p.User.Can(tiaojie.PermOrgsLifecycle) {
		return nil
	}
	var out []*actionView
	for _, a := range tiaojie.OrgActions() {
		if _, err := tiaojie.NextOrgStatus(o.Status, o.Stage, a, o.Level, "-"); err != nil {
			continue
		}
		if !actsFor(p.User, o, tiaojie.OrgActionRoles(a)) {
			continue
		}
		_, err := tiaojie.NextOrgStatus(o.Status, o.Stage, a, o.Level, "")
		v := &actionView{OrgID: o.ID, Action: string(a), Reason: err != nil, Danger: slices.Contains(dangerous, a)}
		if v.Danger {
			v.Confirm = h.Catalog.T(p.Lang, "staff.act.confirm", "action", h.Catalog.T(p.Lang, "org.action."+string(a)))
		}
		b := h.formOf(p, "act-"+string(a), refused == "act-"+string(a))
		label := "staff.act.reason"
		if a == tiaojie.ActOpinion {
			label = "staff.act.opinion_text"
			b.checks("opinion", "staff.act.opinion", nil, []checkOption{
				{Value: registry.OpinionSupport, Label: h.Catalog.T(p.Lang, "org.opinion.support")},
				{Value: registry.OpinionOppose, Label: h.Catalog.T(p.Lang, "org.opinion.oppose")},
			}, true, "required")
		}
		if v.Reason {
			b.text("reason", "text", label, "", "rows=3", "required")
		} else {
			b.text("reason", "text", "staff.act.note", "", "rows=2")
		}
		v.Form = b.done()
		out = append(out, v)
	}
	return out
}

// orgFormError shows the workspace again with the problems of a refused
// form, or the error page when err is not about the input.
func (h *Handler) orgFormError(w http.ResponseWriter, r *http.Request, id int64, refused string, err error) error {
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Invalid, tiaojie.Conflict:
	default:
		return err
	}
	p, perr := h.orgPageOf(r, id, refused, err)
	if perr != nil {
		return perr
	}
	h.orgNotice(p, r)
	return h.formError(w, r, "staff_org", p, err)
}

// orgDone is where a successful change of the workspace leads.
func orgDone(id int64, done, anchor string) string {
	return "/staff/orgs/" + itoa64(id) + "?done=" + done + "#" + anchor
}

// staffOrgUpdate saves the profile under its optimistic lock.
func (h *Handler) staffOrgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := orgInputOf(r.PostForm)
	if err == nil {
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		err = h.Registry.Update(r.Context(), auth.PrincipalFrom(r.Context()), id, in, version)
	}
	if err != nil {
		return h.orgFormError(w, r, id, "profile", err)
	}
	return redirect(w, r, orgDone(id, "profile", "profile"))
}

// orgUpload is the handler of an organization's upload form (form names
// it): save stores the file; a refusal shows the workspace again.
func (h *Handler) orgUpload(form string, save func(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		up, cleanup, err := readUpload(w, r)
		defer cleanup()
		if err == nil {
			err = save(r.Context(), auth.PrincipalFrom(r.Context()), id, up)
		}
		if err != nil {
			return h.orgFormError(w, r, id, form, err)
		}
		return redirect(w, r, orgDone(id, form, "profile"))
	}
}

// staffOrgLogoFile shows an organization's logo to staff who may see it.
func (h *Handler) staffOrgLogoFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := h.Registry.Get(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return h.serveFile(w, r, o.Logo, false)
}

// staffOrgRegistration records the registration details.
func (h *Handler) staffOrgRegistration(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var fe tiaojie.FieldErrors
	f := r.PostForm
	reg := tiaojie.Registration{CreditCode: f.Get("credit_code"), Authority: f.Get("registration_authority"),
		Date: optionalDay(&fe, "registration_date", f.Get("registration_date"))}
	err = fe.Err()
	if err == nil {
		err = h.Registry.SetRegistration(r.Context(), auth.PrincipalFrom(r.Context()), id, reg)
	}
	if err != nil {
		return h.orgFormError(w, r, id, "registration", err)
	}
	return redirect(w, r, orgDone(id, "registration", "registration"))
}

// staffOrgPrereview saves the pre-review materials.
func (h *Handler) staffOrgPrereview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	pr := registry.Prereview{Founders: f.Get("founders"), Mediators: f.Get("mediators"), Premises: f.Get("premises"), Funding: f.Get("funding")}
	if err := h.Registry.SetPrereview(r.Context(), auth.PrincipalFrom(r.Context()), id, pr); err != nil {
		return h.orgFormError(w, r, id, "prereview", err)
	}
	return redirect(w, r, orgDone(id, "prereview", "prereview"))
}

// staffOrgDocument stores an uploaded document as the next version of its
// kind.
func (h *Handler) staffOrgDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		f := r.PostForm
		_, err = h.Registry.AddDocument(r.Context(), auth.PrincipalFrom(r.Context()), id, registry.DocKind(f.Get("kind")),
			f.Get("title"), up, f.Get("public") == "1")
	}
	if err != nil {
		return h.orgFormError(w, r, id, "document", err)
	}
	return redirect(w, r, orgDone(id, "document", "documents"))
}

// staffOrgDocumentFile downloads one document version; the service audits
// the reading of a confidential one.
func (h *Handler) staffOrgDocumentFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := idParam(r, "doc")
	if err != nil {
		return err
	}
	m, data, err := h.Registry.OpenDocument(r.Context(), auth.PrincipalFrom(r.Context()), id, doc)
	if err != nil {
		return err
	}
	return sendBytes(w, m, data, true)
}

// staffOrgAct takes a lifecycle step.
func (h *Handler) staffOrgAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	a := tiaojie.OrgAction(f.Get("action"))
	if err := h.Registry.Act(r.Context(), auth.PrincipalFrom(r.Context()), id, a, f.Get("reason"), f.Get("opinion")); err != nil {
		return h.orgFormError(w, r, id, "act-"+string(a), err)
	}
	return redirect(w, r, orgDone(id, "act_"+string(a), "lifecycle"))
}

// staffOrgFeature features an organization (选树) or stops featuring it.
func (h *Handler) staffOrgFeature(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	on := f.Get("featured") == "1"
	rank, rerr := strconv.Atoi(strings.TrimSpace(f.Get("rank")))
	if on && rerr != nil {
		var fe tiaojie.FieldErrors
		fe.Add("rank", "org.feature_rank")
		return h.orgFormError(w, r, id, "featured", fe.Err())
	}
	if err := h.Registry.SetFeatured(r.Context(), auth.PrincipalFrom(r.Context()), id, on, rank, f.Get("reason")); err != nil {
		return h.orgFormError(w, r, id, "featured", err)
	}
	done := map[bool]string{true: "featured", false: "unfeatured"}[on]
	return redirect(w, r, orgDone(id, done, "featured"))
}
