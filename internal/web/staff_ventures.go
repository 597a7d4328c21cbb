package web

import (
	"net/http"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/experts"
	"tiaojie/internal/funding"
	"tiaojie/internal/route"
)

// Venture round pages (公益创投, internal/funding): the bureau's list and
// round pages, the expert's score sheets and the public results.

// venturesData is the list of rounds with the form that opens one.
type venturesData struct {
	Rounds []funding.Round
	Base   string // the rounds' pages: /staff/ventures/ or /ventures/
	Open   *formView
	Due    *reportsDue // the bureau: venture reports due soon or late
}

// staffVentures lists the rounds for the bureau.
func (h *Handler) staffVentures(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "venture.title", nil)
	return h.venturesPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) venturesPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	rounds, err := h.Funding.Rounds(r.Context())
	if err != nil {
		return err
	}
	pool, err := h.Experts.List(r.Context(), p.User, experts.Filter{ActiveOnly: true})
	if err != nil {
		return err
	}
	var opts []checkOption
	for _, e := range pool {
		opts = append(opts, checkOption{Value: itoa64(e.ID), Label: e.Name})
	}
	f := h.formOf(p, "open", live).text("title", "text", "venture.f.title", "", "required").
		text("theme", "text", "venture.f.theme", "", "rows=2").
		text("budget", "text", "venture.f.budget", "", "required", "inputmode=decimal").
		text("cap", "text", "venture.f.cap", "", "required", "inputmode=decimal").
		text("opens_on", "date", "venture.f.opens_on", "", "required").
		text("closes_on", "date", "venture.f.closes_on", "", "required").
		text("criteria", "text", "venture.f.criteria", "需求与目标 30\n实施方案 40\n团队与保障 30", "required", "rows=4", "hint=venture.f.criteria_hint").
		checks("experts", "venture.f.experts", nil, opts, false, "hint=venture.f.experts_hint")
	due, err := h.reportsDueOf(r, p)
	if err != nil {
		return err
	}
	p.Data = &venturesData{Rounds: rounds, Base: "/staff/ventures/", Open: f.done(), Due: due}
	return h.render(w, r, status, "staff_ventures", p)
}

// staffVentureOpen opens a round.
func (h *Handler) staffVentureOpen(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := funding.RoundInput{Title: f.Get("title"), Theme: f.Get("theme"), OpensOn: f.Get("opens_on"), ClosesOn: f.Get("closes_on"),
		Criteria: criteriaOf(f.Get("criteria"))}
	for _, s := range f["experts"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.Experts = append(in.Experts, id)
		}
	}
	var fe tiaojie.FieldErrors
	for _, m := range []struct {
		name string
		to   *tiaojie.Money
	}{{"budget", &in.Budget}, {"cap", &in.Cap}} {
		v, err := yuanField(m.name, f.Get(m.name))
		if err != nil {
			fe.Add(m.name, "funding.amount")
		}
		*m.to = v
	}
	err := fe.Err()
	var id int64
	if err == nil {
		id, err = h.Funding.OpenRound(r.Context(), auth.PrincipalFrom(r.Context()), in)
	}
	if err != nil {
		p := h.page(r, "venture.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.venturesPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/ventures/"+itoa64(id)+"?done=opened")
}

// ventureData is a round with the projects the caller may see.
type ventureData struct {
	R      *funding.Round
	Apps   []funding.Application
	Assign []optionView // the bureau: experts to add
	Closed bool         // the window has closed: awards may be set
	Expert bool         // the expert's score sheets
	Public bool
}

// staffVenture shows a round to the bureau: every project with its
// scores, the award forms and the publish button.
func (h *Handler) staffVenture(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "venture.title", nil)
	h.notice(p, r, "funding.done.", "opened", "assigned", "awarded", "published")
	return h.venturePage(w, r, p, http.StatusOK, "staff_venture")
}

// venturePage renders a round's page as the caller may see it.
func (h *Handler) venturePage(w http.ResponseWriter, r *http.Request, p *Page, status int, name string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, apps, err := h.Funding.Applications(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &ventureData{R: rd, Apps: apps, Closed: h.Funding.WindowClosed(rd), Expert: name == "expert_venture", Public: name == "pub_venture"}
	if name == "staff_venture" && !rd.Published() {
		pool, err := h.Experts.List(r.Context(), p.User, experts.Filter{ActiveOnly: true})
		if err != nil {
			return err
		}
		d.Assign = []optionView{h.blankOption(p.Lang, "admin.choose")}
		for _, e := range pool {
			d.Assign = append(d.Assign, optionView{Value: itoa64(e.ID), Label: e.Name})
		}
	}
	p.Data = d
	return h.render(w, r, status, name, p)
}

// ventureAction runs one of the bureau's steps on a round or project and
// comes back to the round's page, with the problem shown when refused.
func (h *Handler) ventureAction(w http.ResponseWriter, r *http.Request, step func(p *tiaojie.Principal, id int64) (roundID int64, err error), done string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	roundID, err := step(auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		p := h.page(r, "venture.title", nil)
		if !h.problems(p, err) || roundID == 0 {
			return err
		}
		r.SetPathValue("id", itoa64(roundID))
		return h.venturePage(w, r, p, route.Status(err), "staff_venture")
	}
	return redirect(w, r, "/staff/ventures/"+itoa64(roundID)+"?done="+done)
}

// staffVentureAssign adds an expert to a round.
func (h *Handler) staffVentureAssign(w http.ResponseWriter, r *http.Request) error {
	return h.ventureAction(w, r, func(p *tiaojie.Principal, id int64) (int64, error) {
		e, _ := strconv.ParseInt(r.PostForm.Get("expert_id"), 10, 64)
		return id, h.Funding.AssignExpert(r.Context(), p, id, e)
	}, "assigned")
}

// staffVenturePublish publishes a round's results.
func (h *Handler) staffVenturePublish(w http.ResponseWriter, r *http.Request) error {
	return h.ventureAction(w, r, func(p *tiaojie.Principal, id int64) (int64, error) {
		return id, h.Funding.Publish(r.Context(), p, id)
	}, "published")
}

// staffVentureAward sets a project's award.
func (h *Handler) staffVentureAward(w http.ResponseWriter, r *http.Request) error {
	return h.ventureAction(w, r, func(p *tiaojie.Principal, id int64) (int64, error) {
		rd, _, err := h.Funding.Application(r.Context(), p, id)
		if err != nil {
			return 0, err
		}
		m, err := yuanField("award", r.PostForm.Get("award"))
		if err == nil {
			err = h.Funding.Award(r.Context(), p, id, m)
		}
		return rd.ID, err
	}, "awarded")
}

// expertVenture shows an assigned expert a round's projects with their
// score sheets.
func (h *Handler) expertVenture(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "venture.title", nil)
	h.notice(p, r, "funding.done.", "scored")
	rd, err := h.Funding.Round(r.Context(), p.User, mustID(r))
	if err != nil {
		return err
	}
	if len(rd.Experts) == 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found") // not one of the round's experts
	}
	return h.venturePage(w, r, p, http.StatusOK, "expert_venture")
}

// mustID returns the path's id, 0 when malformed (the service answers
// NotFound).
func mustID(r *http.Request) int64 {
	id, _ := pathID(r)
	return id
}

// expertVentureScore saves an expert's scores of a project.
func (h *Handler) expertVentureScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	p := auth.PrincipalFrom(r.Context())
	rd, _, err := h.Funding.Application(r.Context(), p, id)
	if err != nil {
		return err
	}
	scores := make([]int, len(rd.Criteria))
	for i := range scores {
		v, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("score" + strconv.Itoa(i))))
		if err != nil {
			v = -1
		}
		scores[i] = v
	}
	if err := h.Funding.Score(r.Context(), p, id, scores, r.PostForm.Get("comment")); err != nil {
		pg := h.page(r, "venture.title", nil)
		if !h.problems(pg, err) {
			return err
		}
		r.SetPathValue("id", itoa64(rd.ID))
		return h.venturePage(w, r, pg, route.Status(err), "expert_venture")
	}
	return redirect(w, r, "/expert/ventures/"+itoa64(rd.ID)+"?done=scored")
}

// pubVentures lists the rounds for everyone.
func (h *Handler) pubVentures(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "venture.public_title", nil)
	rounds, err := h.Funding.Rounds(r.Context())
	if err != nil {
		return err
	}
	p.Data = &venturesData{Rounds: rounds, Base: "/ventures/"}
	return h.render(w, r, http.StatusOK, "pub_ventures", p)
}

// pubVenture shows a round's call and, once published, its results.
func (h *Handler) pubVenture(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "venture.public_title", nil)
	return h.venturePage(w, r, p, http.StatusOK, "pub_venture")
}
