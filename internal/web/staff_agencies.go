package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// Partner agency pages (SPEC C12, internal/agencies): the bureau registers
// agencies, edits and retires them, and ties partner accounts to them.

func (h *Handler) agencyRoutes(t *route.Table) {
	keep := tiaojie.PermAgencies
	t.Handle("GET /staff/agencies", keep, h.wrap(h.staffAgencies))
	t.Handle("POST /staff/agencies", keep, h.wrap(h.staffAgencyCreate))
	t.Handle("GET /staff/agencies/{id}", keep, h.wrap(h.staffAgency))
	t.Handle("POST /staff/agencies/{id}", keep, h.wrap(h.staffAgencyUpdate))
	t.Handle("POST /staff/agencies/{id}/members", keep, h.wrap(h.staffAgencyMemberAdd))
	t.Handle("POST /staff/agencies/{id}/members/{user}/remove", keep, h.wrap(h.staffAgencyMemberRemove))
}

// agenciesData is the register with the form that adds an agency.
type agenciesData struct {
	List []agencies.Agency
	Form *formView
}

func (h *Handler) agencyForm(p *Page, id string, a agencies.Agency, live bool) *formView {
	var kinds []string
	for _, k := range tiaojie.AgencyKinds() {
		kinds = append(kinds, string(k))
	}
	b := h.formOf(p, id, live).
		text("name", "text", "agencies.f.name", a.Name, "required").
		choose("kind", "agencies.f.kind", string(a.Kind), h.codeOptions(p.Lang, "admin.choose", "agency.kind.", kinds...), "required").
		text("contact", "text", "agencies.f.contact", a.Contact).
		text("note", "text", "agencies.f.note", a.Note, "rows=2")
	if a.ID > 0 {
		b.check("active", "agencies.f.active", a.Active)
	}
	return b.done()
}

func agencyInputOf(r *http.Request) tiaojie.AgencyInput {
	f := r.PostForm
	return tiaojie.AgencyInput{Name: f.Get("name"), Kind: tiaojie.AgencyKind(f.Get("kind")), Contact: f.Get("contact"), Note: f.Get("note")}
}

func (h *Handler) staffAgencies(w http.ResponseWriter, r *http.Request) error {
	return h.agenciesPage(w, r, h.page(r, "agencies.title", nil), http.StatusOK, false)
}

func (h *Handler) agenciesPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	list, err := h.Agencies.List(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = &agenciesData{List: list, Form: h.agencyForm(p, "agency", agencies.Agency{}, live)}
	return h.render(w, r, status, "staff_agencies", p)
}

func (h *Handler) staffAgencyCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := h.Agencies.Create(r.Context(), auth.PrincipalFrom(r.Context()), agencyInputOf(r))
	if err != nil {
		p := h.page(r, "agencies.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.agenciesPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/agencies/"+itoa64(id)+"?done=created")
}

// agencyData is one agency with its forms.
type agencyData struct {
	A       agencies.Agency
	Members []agencies.Member
	Form    *formView
	Add     *formView
}

func (h *Handler) staffAgency(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "agencies.title", nil)
	h.notice(p, r, "agencies.done.", "created", "saved", "added", "removed")
	return h.agencyPage(w, r, p, http.StatusOK, "")
}

func (h *Handler) agencyPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, ms, err := h.Agencies.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	partners, err := h.Agencies.Partners(r.Context(), p.User)
	if err != nil {
		return err
	}
	opts := []optionView{h.blankOption(p.Lang, "admin.choose")}
	for _, m := range partners {
		opts = append(opts, optionView{Value: itoa64(m.UserID), Label: m.Name + "（" + m.Login + "）"})
	}
	p.Title = a.Name
	d := &agencyData{A: a, Members: ms, Form: h.agencyForm(p, "agency", a, live == "agency")}
	if len(partners) > 0 {
		d.Add = h.formOf(p, "member", live == "member").choose("user_id", "agencies.f.user", "", opts, "required").done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_agency", p)
}

func (h *Handler) agencyPost(w http.ResponseWriter, r *http.Request, form, done string, do func(p *tiaojie.Principal, id int64) error) error {
	return h.recordStep(w, r, "agencies.title", "/staff/agencies/", h.agencyPage, form, done, do)
}

func (h *Handler) staffAgencyUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.agencyPost(w, r, "agency", "saved", func(p *tiaojie.Principal, id int64) error {
		return h.Agencies.Update(r.Context(), p, id, agencyInputOf(r), r.PostForm.Get("active") == "1")
	})
}

func (h *Handler) staffAgencyMemberAdd(w http.ResponseWriter, r *http.Request) error {
	return h.agencyPost(w, r, "member", "added", func(p *tiaojie.Principal, id int64) error {
		uid, _ := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
		if uid <= 0 {
			var fe tiaojie.FieldErrors
			fe.Add("user_id", "agency.member_not_partner")
			return fe.Err()
		}
		return h.Agencies.AddMember(r.Context(), p, id, uid)
	})
}

func (h *Handler) staffAgencyMemberRemove(w http.ResponseWriter, r *http.Request) error {
	return h.agencyPost(w, r, "member", "removed", func(p *tiaojie.Principal, id int64) error {
		uid, err := strconv.ParseInt(r.PathValue("user"), 10, 64)
		if err != nil {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return h.Agencies.RemoveMember(r.Context(), p, id, uid)
	})
}
