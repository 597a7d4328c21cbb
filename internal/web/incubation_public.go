package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/incubation"
)

// The public and the experts' pages of incubation: the open recruitment
// calls, a call with its application form (phone-code login first), the
// team's own applications, and an expert's screenings with the score
// form.

// pubIncCalls lists the open calls (公开招募).
func (h *Handler) pubIncCalls(w http.ResponseWriter, r *http.Request) error {
	calls, err := h.Incubation.OpenCalls(r.Context())
	if err != nil {
		return err
	}
	p := h.page(r, "inc.pub.title", calls)
	return h.render(w, r, http.StatusOK, "pub_incubation", p)
}

// incCallData is a call's public page.
type incCallData struct {
	Call      *incubation.Call
	Accepting bool
	LoggedIn  bool // a member of the public who may apply
	Staff     bool
	Form      *formView
}

// pubIncCall shows a call and, to a logged-in member of the public while
// it accepts applications, the form.
func (h *Handler) pubIncCall(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.renderIncCall(w, r, http.StatusOK, h.page(r, "inc.pub.call_title", nil), id, false)
}

func (h *Handler) renderIncCall(w http.ResponseWriter, r *http.Request, status int, p *Page, id int64, live bool) error {
	c, err := h.Incubation.Call(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &incCallData{Call: c, Accepting: c.Accepting(h.Incubation.Today()), LoggedIn: p.User.LoggedIn() && !p.User.Staff(),
		Staff: p.User.Staff()}
	township := c.Township
	types := c.TargetTypes
	if len(types) == 0 {
		types = tiaojie.OrgTypes()
	}
	b := h.formOf(p, "inc", live).
		text("org_name", "text", "inc.f.org_name", "", "required", "hint=inc.f.org_name_hint").
		choose("org_type", "inc.f.org_type", "", h.codeOptions(p.Lang, "admin.choose", "org.type.", strs(types)...), "required").
		choose("legal_form", "inc.f.legal_form", "", h.codeOptions(p.Lang, "admin.choose", "org.form.", strs(tiaojie.LegalForms())...), "required").
		choose("level", "inc.f.level", "", h.codeOptions(p.Lang, "admin.choose", "org.level.", strs(tiaojie.OrgLevels())...), "required").
		choose("township", "inc.f.org_township", township, h.townshipOptions(p.Lang, township), "required").
		text("plan", "text", "inc.f.plan", "", "required", "rows=5", "hint=inc.f.plan_hint")
	for i := range 3 {
		n := "founders." + strconv.Itoa(i) + "."
		opt := []string{}
		if i == 0 {
			opt = append(opt, "required")
		}
		b.text(n+"name", "text", "inc.f.founder_name", "", opt...).
			text(n+"role", "text", "inc.f.founder_role", "").
			text(n+"phone", "tel", "inc.f.founder_phone", "", append(opt, "inputmode=numeric", "autocomplete=off")...)
	}
	d.Form = b.done()
	p.Data = d
	return h.render(w, r, status, "pub_inc_call", p)
}

// pubIncApply files the application.
func (h *Handler) pubIncApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := incubation.Input{CallID: id, OrgName: f.Get("org_name"), OrgType: tiaojie.OrgType(f.Get("org_type")),
		LegalForm: tiaojie.LegalForm(f.Get("legal_form")), Level: tiaojie.OrgLevel(f.Get("level")), Township: f.Get("township"),
		Plan: f.Get("plan")}
	for i := range 3 {
		n := "founders." + strconv.Itoa(i) + "."
		fd := incubation.Founder{Name: f.Get(n + "name"), Role: f.Get(n + "role"), Phone: f.Get(n + "phone")}
		if i == 0 || fd.Name != "" || fd.Phone != "" {
			in.Founders = append(in.Founders, fd)
		}
	}
	if _, err := h.Incubation.Apply(r.Context(), auth.PrincipalFrom(r.Context()), in); err != nil {
		p := h.page(r, "inc.pub.call_title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.renderIncCall(w, r, http.StatusUnprocessableEntity, p, id, true)
	}
	return redirect(w, r, "/my/incubation?done=applied")
}

// myIncubation lists the caller's own applications with their status.
func (h *Handler) myIncubation(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "inc.mine.title", nil)
	apps, err := h.Incubation.Mine(r.Context(), p.User)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "applied" {
		p.Notice = h.Catalog.T(p.Lang, "inc.mine.applied")
	}
	p.Data = apps
	return h.render(w, r, http.StatusOK, "inc_mine", p)
}

// myIncWithdraw withdraws one of the caller's applications.
func (h *Handler) myIncWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Incubation.Act(r.Context(), auth.PrincipalFrom(r.Context()), id, incubation.Step{Action: tiaojie.IncActWithdraw}); err != nil {
		return err
	}
	return redirect(w, r, "/my/incubation")
}

// incExpertScreenings lists what the calling expert is assigned.
func (h *Handler) incExpertScreenings(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "inc.expert.title", nil)
	h.incNotice(r, p)
	list, err := h.Incubation.MyScreenings(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = list
	return h.render(w, r, http.StatusOK, "expert_screenings", p)
}

// incScoreData is the score form of one application.
type incScoreData struct {
	App       *incubation.Application
	Criteria  []scoreRow
	Comment   string
	Open      bool // still screening: the form is shown
	Max       int
	FieldErrs map[string]string
}

// scoreRow is one criterion with the expert's score.
type scoreRow struct {
	N         int
	Name      string
	Criterion string
	Value     string
	Error     string
}

// incExpertScreening shows an assigned application with the score form.
func (h *Handler) incExpertScreening(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.renderScreening(w, r, http.StatusOK, h.page(r, "inc.expert.score_title", nil), id)
}

func (h *Handler) renderScreening(w http.ResponseWriter, r *http.Request, status int, p *Page, id int64) error {
	a, err := h.Incubation.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &incScoreData{App: a, Open: a.Status == tiaojie.IncScreening, Max: tiaojie.IncubationScoreMax}
	var mine []int
	if len(a.Reviews) > 0 {
		mine, d.Comment = a.Reviews[0].Scores, a.Reviews[0].Comment
	}
	for i, c := range a.Criteria {
		row := scoreRow{N: i, Name: "scores." + strconv.Itoa(i), Criterion: c, Error: p.Errors["scores."+strconv.Itoa(i)]}
		if i < len(mine) {
			row.Value = strconv.Itoa(mine[i])
		}
		if p.Form != nil && p.Form.Has(row.Name) {
			row.Value = p.Form.Get(row.Name)
		}
		d.Criteria = append(d.Criteria, row)
	}
	if p.Form != nil && p.Form.Has("comment") {
		d.Comment = p.Form.Get("comment")
	}
	p.Data = d
	return h.render(w, r, status, "expert_screening", p)
}

// incExpertScore saves the expert's scores.
func (h *Handler) incExpertScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var scores []int
	var fe tiaojie.FieldErrors
	for i := 0; r.PostForm.Has("scores." + strconv.Itoa(i)); i++ {
		v, err := strconv.Atoi(r.PostForm.Get("scores." + strconv.Itoa(i)))
		if err != nil {
			fe.Add("scores."+strconv.Itoa(i), "incubation.score_range", "max", strconv.Itoa(tiaojie.IncubationScoreMax))
		}
		scores = append(scores, v)
	}
	err = fe.Err()
	if err == nil {
		err = h.Incubation.Score(r.Context(), auth.PrincipalFrom(r.Context()), id, scores, r.PostForm.Get("comment"))
	}
	if err != nil {
		p := h.page(r, "inc.expert.score_title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.renderScreening(w, r, http.StatusUnprocessableEntity, p, id)
	}
	return redirect(w, r, "/expert/screenings?done=scored")
}
