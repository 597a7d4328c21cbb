package web

import (
	"net/http"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// usersPerPage is the length of a page of the user list.
const usersPerPage = 20

// usersData is the user list's own data.
type usersData struct {
	Users       []*auth.User
	Total       int
	Page, Pages int
	Prev, Next  string // URLs of the neighbouring pages, "" at the ends
	Role        selectView
	CanManage   bool
}

// users lists the accounts in the caller's scope, with a search box and a
// role filter. htmx asks for the results block only (the "fragment"
// template); without JavaScript the form is a plain GET and the whole
// page comes back.
func (h *Handler) users(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "admin.users_title", nil)
	p.Form = q
	role := tiaojie.Role(q.Get("role"))
	if !role.Valid() {
		role = ""
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	list, total, err := h.Auth.ListUsers(r.Context(), p.User, auth.UserFilter{
		Query: q.Get("q"), Role: role, Offset: (page - 1) * usersPerPage, Limit: usersPerPage})
	if err != nil {
		return err
	}
	d := &usersData{Users: list, Total: total, Page: page, Pages: max(1, (total+usersPerPage-1)/usersPerPage),
		CanManage: p.User.Can(tiaojie.PermUsersManage),
		Role: selectView{ID: "f-role", Name: "role", Label: h.Catalog.T(p.Lang, "admin.role"),
			Options: h.roleOptions(p.Lang, role, "admin.all_roles")}}
	if page > 1 {
		d.Prev = withParam("/admin/users", q, "page", strconv.Itoa(page-1))
	}
	if page < d.Pages {
		d.Next = withParam("/admin/users", q, "page", strconv.Itoa(page+1))
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "users", p)
}

// newUserData is the data of the form that creates an account.
type newUserData struct {
	Role, Township selectView
	PasswordHint   string
}

// newUserPageOf returns the create-account form, keeping what was
// submitted and showing the problems of errors.
func (h *Handler) newUserPageOf(r *http.Request, err error) *Page {
	p := h.page(r, "admin.new_title", nil)
	errors := h.fieldMessages(p.Lang, err)
	p.Path, p.Errors = "/admin/users/new", errors
	f := p.Form
	p.Data = &newUserData{
		Role: selectView{ID: "f-role", Name: "role", Label: h.Catalog.T(p.Lang, "admin.role"), Required: true, Toggle: true,
			Error: errors["role"], Options: h.roleOptions(p.Lang, tiaojie.Role(f.Get("role")), "admin.choose")},
		Township: selectView{ID: "f-township", Name: "township", Label: h.Catalog.T(p.Lang, "admin.township"), Scope: "township",
			Hint: h.Catalog.T(p.Lang, "admin.township_hint"), Error: errors["township"],
			Options: h.townshipOptions(p.Lang, f.Get("township"))},
		PasswordHint: h.policyHint(p.Lang),
	}
	return p
}

// newUserPage shows the form that creates an account.
func (h *Handler) newUserPage(w http.ResponseWriter, r *http.Request) error {
	return h.render(w, r, http.StatusOK, "user_new", h.newUserPageOf(r, nil))
}

// createUser creates an account whose holder must choose their own
// password at first login.
func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("role") == "" {
		var fe tiaojie.FieldErrors
		fe.Add("role", "admin.role_required")
		err := fe.Err()
		return h.formError(w, r, "user_new", h.newUserPageOf(r, err), err)
	}
	g, err := grantOf(f.Get("role"), f.Get("township"), f.Get("org_id"))
	if err != nil {
		return h.formError(w, r, "user_new", h.newUserPageOf(r, err), err)
	}
	id, err := h.Auth.CreateUser(r.Context(), auth.PrincipalFrom(r.Context()), auth.NewUser{
		Login: f.Get("login"), DisplayName: f.Get("display_name"), Email: f.Get("email"), Phone: f.Get("phone"),
		Password: f.Get("password"), Grants: []tiaojie.Grant{g}, MustChange: true,
	})
	if err != nil {
		return h.formError(w, r, "user_new", h.newUserPageOf(r, err), err)
	}
	return redirect(w, r, userDoneURL(id, "created"))
}

// grantOf reads one grant from a form row: the scope field that the role
// needs is read, the others are ignored (they stay in the form, hidden,
// when JavaScript toggles them). The service validates the result.
func grantOf(role, township, org string) (tiaojie.Grant, error) {
	g := tiaojie.Grant{Role: tiaojie.Role(role)}
	switch g.Role.Scope() {
	case tiaojie.ScopeTownship:
		g.Township = township
	case tiaojie.ScopeOrg:
		if strings.TrimSpace(org) == "" {
			return g, nil // the service names the missing organization
		}
		n, err := strconv.ParseInt(strings.TrimSpace(org), 10, 64)
		if err != nil || n <= 0 {
			var fe tiaojie.FieldErrors
			fe.Add("org_id", "admin.org_format")
			return g, fe.Err()
		}
		g.OrgID = n
	}
	return g, nil
}

// fieldMessages returns the localized field problems of err, for pages
// whose selects carry their own error and so need them while the page's
// data is built (formError fills Page.Errors only afterwards).
func (h *Handler) fieldMessages(lang i18n.Lang, err error) map[string]string {
	out := map[string]string{}
	for _, f := range route.Fields(err) {
		if _, dup := out[f.Field]; !dup {
			out[f.Field] = h.Catalog.Tm(lang, f.Code, f.Args)
		}
	}
	return out
}
