package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/association"
	"tiaojie/internal/auth"
)

// The industry association (SPEC C10): the public register of members,
// the association's list of applications and members, and a membership's
// page where the organization's admin applies and the association decides
// and records self-discipline measures. Every rule is
// internal/association's.

// pubMembers shows the public register of members.
func (h *Handler) pubMembers(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Association.Register(r.Context())
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "pub_members", h.page(r, "association.register.title", list))
}

// staffMembersData is the association's list.
type staffMembersData struct {
	List    []association.Membership
	Filters *formView
}

// staffMembers lists applications first, then members, for the
// association.
func (h *Handler) staffMembers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "association.list.title", nil)
	p.Form = q
	f := association.Filter{Q: strings.TrimSpace(q.Get("q"))}
	if s := tiaojie.MemberStatus(q.Get("status")); slices.Contains(tiaojie.MemberStatuses(), s) {
		f.Status = s
	}
	list, err := h.Association.List(r.Context(), p.User, f)
	if err != nil {
		return err
	}
	b := h.formOf(p, "f", true)
	b.text("q", "search", "association.f.q", "")
	b.choose("status", "association.f.status", "", h.codeOptions(p.Lang, "staff.any", "association.status.", strs(tiaojie.MemberStatuses())...))
	p.Data = &staffMembersData{List: list, Filters: b.done()}
	return h.render(w, r, http.StatusOK, "staff_members", p)
}

// staffMemberData is a membership's page.
type staffMemberData struct {
	M       *association.Membership
	Apply   *formView // the organization's admin may apply
	Decide  []complaintForm
	Measure *formView
}

// staffMember shows organization {id}'s membership.
func (h *Handler) staffMember(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "association.member.title", nil)
	h.notice(p, r, "association.done.", "apply", "admit", "decline", "reinstate", "measure")
	if err := h.memberPage(r, p, ""); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "staff_member", p)
}

// memberPage fills p with the membership and the forms the caller may
// use; refused names the form just refused.
func (h *Handler) memberPage(r *http.Request, p *Page, refused string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.Association.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &staffMemberData{M: m}
	admin := p.User.Can(tiaojie.PermOrgsEdit) && slices.ContainsFunc(p.User.Grants, func(g tiaojie.Grant) bool {
		return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == id
	})
	if _, err := tiaojie.NextMemberStatus(m.Status, tiaojie.MemberApply, tiaojie.MemberByOrg, ""); err == nil && admin {
		d.Apply = h.formOf(p, "apply", refused == "apply").
			text("statement", "text", "association.f.statement", "", "required", "rows=5", "hint=association.f.statement_hint").done()
	}
	if p.User.Can(tiaojie.PermAssociation) {
		for _, a := range []tiaojie.MemberAction{tiaojie.MemberAdmit, tiaojie.MemberDecline, tiaojie.MemberReinstate} {
			if _, err := tiaojie.NextMemberStatus(m.Status, a, tiaojie.MemberByAssociation, "-"); err != nil {
				continue
			}
			b := h.formOf(p, string(a), refused == string(a)).hidden("action", string(a))
			if a == tiaojie.MemberDecline {
				b.text("reason", "text", "association.f.reason", "", "required", "rows=3")
			}
			d.Decide = append(d.Decide, complaintForm{Action: string(a), Form: b.done()})
		}
		if m.Status.Listed() {
			d.Measure = h.formOf(p, "measure", refused == "measure").
				choose("kind", "association.f.kind", "", h.codeOptions(p.Lang, "association.f.choose_kind", "association.measure.",
					strs(tiaojie.MeasureKinds())...), "required").
				text("reason", "text", "association.f.reason", "", "required", "rows=3").
				text("decided_on", "date", "association.f.decided_on", time.Now().In(tiaojie.Beijing()).Format(time.DateOnly), "required").done()
		}
	}
	p.Data = d
	return nil
}

// staffMemberApply applies for membership.
func (h *Handler) staffMemberApply(w http.ResponseWriter, r *http.Request) error {
	return h.memberPost(w, r, "apply", func(p *tiaojie.Principal, id int64) error {
		return h.Association.Apply(r.Context(), p, id, r.PostForm.Get("statement"))
	})
}

// staffMemberDecide admits, declines or reinstates.
func (h *Handler) staffMemberDecide(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a := r.PostForm.Get("action")
	return h.memberPost(w, r, a, func(p *tiaojie.Principal, id int64) error {
		return h.Association.Decide(r.Context(), p, id, tiaojie.MemberAction(a), r.PostForm.Get("reason"))
	})
}

// staffMemberMeasure records a self-discipline measure.
func (h *Handler) staffMemberMeasure(w http.ResponseWriter, r *http.Request) error {
	return h.memberPost(w, r, "measure", func(p *tiaojie.Principal, id int64) error {
		in := association.MeasureInput{Kind: tiaojie.MeasureKind(r.PostForm.Get("kind")), Reason: r.PostForm.Get("reason")}
		if s := strings.TrimSpace(r.PostForm.Get("decided_on")); s != "" {
			t, err := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
			if err != nil {
				var fe tiaojie.FieldErrors
				fe.Add("decided_on", "association.date_invalid")
				return fe.Err()
			}
			in.DecidedOn = t
		}
		_, err := h.Association.RecordMeasure(r.Context(), p, id, in)
		return err
	})
}

// memberPost runs a membership form's post: on success back to the page
// with a notice, on a refusal the page with the form's problems.
func (h *Handler) memberPost(w http.ResponseWriter, r *http.Request, form string, do func(*tiaojie.Principal, int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = do(auth.PrincipalFrom(r.Context()), id)
	if err == nil {
		return redirect(w, r, "/staff/association/"+itoa64(id)+"?done="+form)
	}
	if k := tiaojie.ErrorKind(err); k != tiaojie.Invalid && k != tiaojie.Conflict {
		return err
	}
	p := h.page(r, "association.member.title", nil)
	p.Errors = h.fieldMessages(p.Lang, err)
	if perr := h.memberPage(r, p, form); perr != nil {
		return perr
	}
	return h.formError(w, r, "staff_member", p, err)
}
