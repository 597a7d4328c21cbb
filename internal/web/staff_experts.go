package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/experts"
	"tiaojie/internal/registry"
	"tiaojie/internal/route"
)

// The expert pool's pages (SPEC C11, internal/experts): the bureau keeps
// the pool (experts.manage); an expert sees their own record and declares
// ties (expert.review).

// expertRoutes registers the expert pool's pages, one line each.
func (h *Handler) expertRoutes(t *route.Table) {
	keep, self := tiaojie.PermExperts, tiaojie.PermExpertReview
	t.Handle("GET /staff/experts", keep, h.wrap(h.staffExperts))
	t.Handle("POST /staff/experts", keep, h.wrap(h.staffExpertCreate))
	t.Handle("GET /staff/experts/{id}", keep, h.wrap(h.staffExpert))
	t.Handle("POST /staff/experts/{id}", keep, h.wrap(h.staffExpertUpdate))
	t.Handle("POST /staff/experts/{id}/status", keep, h.wrap(h.staffExpertStatus))
	t.Handle("POST /staff/experts/{id}/ties", keep, h.wrap(h.staffExpertTie))
	t.Handle("POST /staff/experts/{id}/ties/{org}/delete", keep, h.wrap(h.staffExpertUntie))
	t.Handle("GET /expert", self, h.wrap(h.myExpert))
	t.Handle("POST /expert/ties", self, h.wrap(h.myExpertTie))
}

// expertsData is the pool's list with its search and the form that adds
// an expert.
type expertsData struct {
	Experts []experts.Expert
	Filters *formView
	Create  *formView
}

// staffExperts lists the pool.
func (h *Handler) staffExperts(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "experts.title", nil)
	return h.expertsPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) expertsPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	q := r.URL.Query()
	list, err := h.Experts.List(r.Context(), p.User, experts.Filter{Q: q.Get("q"), ActiveOnly: q.Get("active") == "1"})
	if err != nil {
		return err
	}
	fb := h.formOf(&Page{Lang: p.Lang, Form: q}, "f", true)
	fb.text("q", "search", "experts.q", "").check("active", "experts.active_only", false)
	p.Data = &expertsData{Experts: list, Filters: fb.done(), Create: h.expertForm(p, "create", &experts.Expert{}, "", live)}
	return h.render(w, r, status, "staff_experts", p)
}

// expertForm builds the form of an expert's particulars.
func (h *Handler) expertForm(p *Page, id string, e *experts.Expert, login string, live bool) *formView {
	return h.formOf(p, id, live).
		text("name", "text", "experts.f.name", e.Name, "required").
		text("title", "text", "experts.f.title", e.Title, "hint=experts.f.title_hint").
		text("employer", "text", "experts.f.employer", e.Employer).
		text("fields", "text", "experts.f.fields", strings.Join(e.Fields, "\n"), "rows=4", "hint=experts.f.fields_hint").
		text("login", "text", "experts.f.login", login, "hint=experts.f.login_hint", "autocomplete=off").done()
}

// expertInputOf reads the particulars form; the login, if any, is looked
// up among the accounts the caller may see.
func (h *Handler) expertInputOf(r *http.Request) (experts.Input, error) {
	f := r.PostForm
	in := experts.Input{Name: f.Get("name"), Title: f.Get("title"), Employer: f.Get("employer"), Fields: []string{f.Get("fields")}}
	if login := strings.TrimSpace(f.Get("login")); login != "" {
		u, err := h.Auth.UserByLogin(r.Context(), auth.PrincipalFrom(r.Context()), login)
		if err != nil {
			if !tiaojie.IsKind(err, tiaojie.NotFound) {
				return in, err
			}
			var fe tiaojie.FieldErrors
			fe.Add("login", "experts.login_unknown")
			return in, fe.Err()
		}
		in.UserID = u.ID
	}
	return in, nil
}

// staffExpertCreate adds an expert to the pool.
func (h *Handler) staffExpertCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := h.expertInputOf(r)
	var id int64
	if err == nil {
		id, err = h.Experts.Create(r.Context(), auth.PrincipalFrom(r.Context()), in)
	}
	if err != nil {
		p := h.page(r, "experts.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.expertsPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/experts/"+itoa64(id)+"?done=created")
}

// expertData is an expert's page for the bureau.
type expertData struct {
	E      *experts.Expert
	Login  string
	Edit   *formView
	AddTie *formView
	X      *expertExtras // availability and assignments (staff_funding.go)
}

// staffExpert shows an expert with the forms that change them.
func (h *Handler) staffExpert(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "experts.title", nil)
	h.notice(p, r, "experts.done.", "created", "saved", "status", "tie", "untie", "availability")
	return h.expertPage(w, r, p, http.StatusOK, "")
}

// expertPage renders an expert's page; live names the refused form.
func (h *Handler) expertPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := h.Experts.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &expertData{E: e}
	if e.UserID > 0 {
		if u, err := h.Auth.GetUser(r.Context(), p.User, e.UserID); err == nil {
			d.Login = u.Login
		}
	}
	orgs, err := h.scopeOrgs(r.Context(), p.User)
	if err != nil {
		return err
	}
	d.Edit = h.expertForm(p, "edit", e, d.Login, live == "edit")
	d.AddTie = h.tieForm(p, h.orgChoices(p.Lang, "admin.choose", orgs), live == "tie")
	if d.X, err = h.expertExtrasOf(r, p, id, true, live == "availability"); err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, status, "staff_expert", p)
}

// tieForm builds the form that declares a tie.
func (h *Handler) tieForm(p *Page, orgs []optionView, live bool) *formView {
	return h.formOf(p, "tie", live).
		choose("org_id", "experts.f.org", "", orgs, "required").
		choose("kind", "experts.f.kind", "", h.codeOptions(p.Lang, "admin.choose", "experts.tie.", experts.TieKinds()...), "required").
		text("note", "text", "experts.f.note", "", "hint=experts.f.note_hint").done()
}

// staffExpertUpdate changes an expert's particulars.
func (h *Handler) staffExpertUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := h.expertInputOf(r)
	if err == nil {
		err = h.Experts.Update(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	}
	return h.expertDone(w, r, id, "edit", "saved", err)
}

// expertDone redirects to the expert's page with the notice, or shows the
// page again with the refused form's problems.
func (h *Handler) expertDone(w http.ResponseWriter, r *http.Request, id int64, form, done string, err error) error {
	return h.recordDone(w, r, "experts.title", "/staff/experts/", h.expertPage, id, form, done, err)
}

// staffExpertStatus takes an expert out of the pool or back in.
func (h *Handler) staffExpertStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = h.Experts.SetActive(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("active") == "1")
	return h.expertDone(w, r, id, "", "status", err)
}

// tieOf reads the tie form.
func tieOf(f url.Values) experts.Tie {
	org, _ := strconv.ParseInt(f.Get("org_id"), 10, 64)
	return experts.Tie{OrgID: org, Kind: f.Get("kind"), Note: f.Get("note")}
}

// staffExpertTie records a tie.
func (h *Handler) staffExpertTie(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = h.Experts.DeclareTie(r.Context(), auth.PrincipalFrom(r.Context()), id, tieOf(r.PostForm))
	return h.expertDone(w, r, id, "tie", "tie", err)
}

// staffExpertUntie removes a tie.
func (h *Handler) staffExpertUntie(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	org, err := strconv.ParseInt(r.PathValue("org"), 10, 64)
	if err != nil {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	err = h.Experts.RemoveTie(r.Context(), auth.PrincipalFrom(r.Context()), id, org)
	return h.expertDone(w, r, id, "", "untie", err)
}

// myExpertData is an expert's desk: the work waiting for them, their own
// record and the form that declares a tie.
type myExpertData struct {
	E      *experts.Expert
	AddTie *formView
	// ToScreen and ToReview count the incubation screenings and rating
	// score sheets still open; the desk links to each list, so an expert
	// has one entry in the menu instead of three.
	ToScreen, ToReview int
	X                  *expertExtras // availability and assignments (staff_funding.go)
}

// myExpert shows an expert their desk.
func (h *Handler) myExpert(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "experts.mine", nil)
	h.notice(p, r, "experts.done.", "tie")
	return h.myExpertPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) myExpertPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	e, err := h.Experts.Mine(r.Context(), p.User)
	if err != nil {
		return err
	}
	orgs, err := h.publicOrgChoices(r, p)
	if err != nil {
		return err
	}
	d := &myExpertData{E: e, AddTie: h.tieForm(p, orgs, live)}
	screenings, err := h.Incubation.MyScreenings(r.Context(), p.User)
	if err != nil {
		return err
	}
	for _, s := range screenings {
		if !s.Scored {
			d.ToScreen++
		}
	}
	tasks, err := h.Rating.MyAssignments(r.Context(), p.User)
	if err != nil && !tiaojie.IsKind(err, tiaojie.NotFound) {
		return err
	}
	for _, t := range tasks {
		if t.SubmittedAt.IsZero() {
			d.ToReview++
		}
	}
	if d.X, err = h.expertExtrasOf(r, p, e.ID, false, false); err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, status, "expert_mine", p)
}

// publicOrgChoices lists the organizations of the public directory, by
// name, for an expert's tie declaration (an expert holds no orgs.read).
func (h *Handler) publicOrgChoices(r *http.Request, p *Page) ([]optionView, error) {
	out := []optionView{h.blankOption(p.Lang, "admin.choose")}
	for offset := 0; offset < 2000; offset += 50 {
		page, err := h.Registry.Directory(r.Context(), registry.DirectoryQuery{Offset: offset, Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, c := range page.Cards {
			out = append(out, optionView{Value: itoa64(c.ID), Label: c.Name})
		}
		if len(page.Cards) < 50 {
			break
		}
	}
	return out, nil
}

// myExpertTie records a tie the expert declares.
func (h *Handler) myExpertTie(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	pr := auth.PrincipalFrom(r.Context())
	e, err := h.Experts.Mine(r.Context(), pr)
	if err == nil {
		err = h.Experts.DeclareTie(r.Context(), pr, e.ID, tieOf(r.PostForm))
	}
	if err != nil {
		p := h.page(r, "experts.mine", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.myExpertPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/expert?done=tie")
}

// expertOptions lists the active experts to choose from when assigning
// one (a rating application, an incubation screening): the pool's name
// and title; whether the expert may judge is the assigning service's
// check.
func (h *Handler) expertOptions(ctx context.Context, p *tiaojie.Principal) ([]optionView, error) {
	pool, err := h.Experts.List(ctx, p, experts.Filter{ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	out := make([]optionView, 0, len(pool))
	for _, e := range pool {
		label := e.Name
		if e.Title != "" {
			label += "（" + e.Title + "）"
		}
		out = append(out, optionView{Value: itoa64(e.ID), Label: label})
	}
	return out, nil
}
