package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
)

// userData is the account details page's own data.
type userData struct {
	U         *auth.User
	Rows      []grantRow // the grants form: one row per role, and an empty one to add a role
	CanManage bool
	Self      bool // the caller is looking at their own account
}

// grantRow is one row of the grants form.
type grantRow struct {
	Index          int
	Role, Township selectView
	OrgID          string
}

// userDone lists the notices a details page may show after a change.
func userDone() []string {
	return []string{"created", "grants", "password", "enabled", "disabled", "totp"}
}

// user shows one account and, to a holder of users.manage, the forms that
// change it.
func (h *Handler) user(w http.ResponseWriter, r *http.Request) error {
	p, err := h.userPageOf(r, nil)
	if err != nil {
		return err
	}
	h.notice(p, r, "admin.done.", userDone()...)
	return h.render(w, r, http.StatusOK, "user", p)
}

// userPageOf loads the account of the route's {id} into its page. When a
// form of the page was refused (formErr), the grants rows show what was
// submitted, with the problems.
func (h *Handler) userPageOf(r *http.Request, formErr error) (*Page, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p := h.page(r, "admin.user_title", nil)
	u, err := h.Auth.GetUser(r.Context(), p.User, id)
	if err != nil {
		return nil, err
	}
	p.Path = "/admin/users/" + strconv.FormatInt(id, 10)
	p.Errors = h.fieldMessages(p.Lang, formErr)
	d := &userData{U: u, CanManage: p.User.Can(tiaojie.PermUsersManage), Self: u.ID == p.User.UserID}
	grants := u.Grants
	if formErr != nil && p.Form.Has("role") {
		grants = submittedGrants(p.Form["role"], p.Form["township"], p.Form["org_id"])
	}
	for i, g := range append(grants, tiaojie.Grant{}) {
		d.Rows = append(d.Rows, h.grantRowOf(p, i, g))
	}
	p.Data = d
	return p, nil
}

// grantRowOf builds one row of the grants form.
func (h *Handler) grantRowOf(p *Page, i int, g tiaojie.Grant) grantRow {
	n := strconv.Itoa(i)
	row := grantRow{Index: i,
		Role: selectView{ID: "f-role-" + n, Name: "role", Label: h.Catalog.T(p.Lang, "admin.role"), Toggle: true,
			Options: h.roleOptions(p.Lang, g.Role, "admin.no_role")},
		Township: selectView{ID: "f-township-" + n, Name: "township", Label: h.Catalog.T(p.Lang, "admin.township"),
			Scope: "township", Options: h.townshipOptions(p.Lang, g.Township)},
	}
	if g.OrgID != 0 {
		row.OrgID = strconv.FormatInt(g.OrgID, 10)
	}
	return row
}

// submittedGrants rebuilds the rows of a refused grants form, as typed.
func submittedGrants(roles, townships, orgs []string) []tiaojie.Grant {
	var out []tiaojie.Grant
	for i, role := range roles {
		if role == "" {
			continue
		}
		g := tiaojie.Grant{Role: tiaojie.Role(role)}
		if i < len(townships) {
			g.Township = townships[i]
		}
		if i < len(orgs) {
			g.OrgID, _ = strconv.ParseInt(orgs[i], 10, 64)
		}
		out = append(out, g)
	}
	return out
}

// userFormError shows the details page again with the problems of err, or
// the error page when err is not about the input.
func (h *Handler) userFormError(w http.ResponseWriter, r *http.Request, err error) error {
	p, perr := h.userPageOf(r, err)
	if perr != nil {
		return perr
	}
	return h.formError(w, r, "user", p, err)
}

// userDoneURL is where a successful change of the account leads.
func userDoneURL(id int64, done string) string {
	return "/admin/users/" + strconv.FormatInt(id, 10) + "?done=" + done
}

// setGrants replaces the roles of an account with the rows of the form;
// rows whose role is left empty are dropped.
func (h *Handler) setGrants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	var grants []tiaojie.Grant
	for i, role := range f["role"] {
		if role == "" {
			continue
		}
		g, err := grantOf(role, at(f["township"], i), at(f["org_id"], i))
		if err != nil {
			return h.userFormError(w, r, err)
		}
		grants = append(grants, g)
	}
	if err := h.Auth.SetGrants(r.Context(), auth.PrincipalFrom(r.Context()), id, grants); err != nil {
		return h.userFormError(w, r, err)
	}
	return redirect(w, r, userDoneURL(id, "grants"))
}

// at returns s[i], or "" past its end.
func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// resetPassword sets a new initial password that the user must change.
func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := h.Auth.ResetPassword(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("password")); err != nil {
		return h.userFormError(w, r, err)
	}
	return redirect(w, r, userDoneURL(id, "password"))
}

// setStatus enables or disables an account.
func (h *Handler) setStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	active := r.PostForm.Get("active") == "1"
	if err := h.Auth.SetStatus(r.Context(), auth.PrincipalFrom(r.Context()), id, active); err != nil {
		return h.userFormError(w, r, err)
	}
	return redirect(w, r, userDoneURL(id, map[bool]string{true: "enabled", false: "disabled"}[active]))
}

// resetTOTP removes an account's second factor; the user enrols again.
func (h *Handler) resetTOTP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Auth.ResetTOTP(r.Context(), auth.PrincipalFrom(r.Context()), id); err != nil {
		return h.userFormError(w, r, err)
	}
	return redirect(w, r, userDoneURL(id, "totp"))
}
