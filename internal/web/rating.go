package web

import (
	"net/http"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/rating"
	"tiaojie/internal/route"
)

// The star rating pages (SPEC C7). Handlers read the form, call
// internal/rating with the caller and render; a refused form re-renders
// its page with the problems.

// ratingsData is the bureau's rating overview: rounds and the form that
// opens one on a published set.
type ratingsData struct {
	Rounds []rating.Round
	Sets   []rating.Set // published versions, for the form
}

func (h *Handler) staffRatings(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.title", nil)
	h.notice(p, r, "rating.done.", "opened")
	return h.staffRatingsPage(w, r, p, http.StatusOK)
}

func (h *Handler) staffRatingsPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	d := &ratingsData{}
	var err error
	if d.Rounds, err = h.Rating.Rounds(r.Context(), p.User); err != nil {
		return err
	}
	sets, err := h.Rating.Sets(r.Context(), p.User)
	if err != nil {
		return err
	}
	for _, s := range sets {
		if s.Published {
			d.Sets = append(d.Sets, s)
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_ratings", p)
}

func (h *Handler) staffRatingRoundOpen(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	setID, _ := strconv.ParseInt(f.Get("set_id"), 10, 64)
	id, err := h.Rating.OpenRound(r.Context(), auth.PrincipalFrom(r.Context()), rating.RoundInput{Title: f.Get("title"), SetID: setID,
		PeriodFrom: f.Get("period_from"), PeriodTo: f.Get("period_to"), ApplyUntil: f.Get("apply_until")})
	if err != nil {
		return h.ratingRefused(w, r, "rating.title", err, h.staffRatingsPage)
	}
	return redirect(w, r, "/staff/ratings/rounds/"+itoa64(id)+"?done=opened")
}

// ratingRefused re-renders a page with the problems of a refused form;
// an error that is not about the input is returned as it is.
func (h *Handler) ratingRefused(w http.ResponseWriter, r *http.Request, title string, err error,
	page func(w http.ResponseWriter, r *http.Request, p *Page, status int) error) error {
	p := h.page(r, title, nil)
	if !h.problems(p, err) {
		return err
	}
	p.Form = r.PostForm
	return page(w, r, p, route.Status(err))
}

// setsData is the list of indicator sets.
type setsData struct{ Sets []rating.Set }

func (h *Handler) staffRatingSets(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.sets", nil)
	return h.staffRatingSetsPage(w, r, p, http.StatusOK)
}

func (h *Handler) staffRatingSetsPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	sets, err := h.Rating.Sets(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = &setsData{Sets: sets}
	return h.render(w, r, status, "staff_rating_sets", p)
}

func (h *Handler) staffRatingSetCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	from, _ := strconv.ParseInt(r.PostForm.Get("from"), 10, 64)
	id, err := h.Rating.CreateSet(r.Context(), auth.PrincipalFrom(r.Context()), r.PostForm.Get("title"), from)
	if err != nil {
		return h.ratingRefused(w, r, "rating.sets", err, h.staffRatingSetsPage)
	}
	return redirect(w, r, "/staff/ratings/sets/"+itoa64(id))
}

// setData is one indicator set and, for a draft, its text form: one
// indicator a line, "类别|指标|分值|佐证材料|扣分规则|数据来源".
type setData struct {
	Set     *rating.Set
	Lines   string
	Sources []string
}

func (h *Handler) staffRatingSet(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.set", nil)
	h.notice(p, r, "rating.done.", "saved", "published")
	return h.staffRatingSetPage(w, r, p, http.StatusOK)
}

func (h *Handler) staffRatingSetPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := h.Rating.Set(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &setData{Set: st, Lines: indicatorLines(st.Indicators), Sources: tiaojie.RatingSources()[1:]}
	if p.Form != nil {
		d.Lines = p.Form.Get("indicators")
	}
	p.Data = d
	return h.render(w, r, status, "staff_rating_set", p)
}

// indicatorLines writes indicators as the set form shows them.
func indicatorLines(list []tiaojie.RatingIndicator) string {
	var b strings.Builder
	for _, in := range list {
		b.WriteString(strings.Join([]string{in.Category, in.Name, strconv.Itoa(in.MaxScore), in.Evidence, in.Rules, in.Source}, " | "))
		b.WriteString("\n")
	}
	return b.String()
}

// indicatorsOf reads the set form's lines; a line whose score is not a
// whole number is the field's problem.
func indicatorsOf(text string) ([]tiaojie.RatingIndicator, error) {
	var out []tiaojie.RatingIndicator
	var fe tiaojie.FieldErrors
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		for len(parts) < 6 {
			parts = append(parts, "")
		}
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		score, err := strconv.Atoi(parts[2])
		if err != nil {
			fe.Add("indicators", "rating.indicator_max", "n", strconv.Itoa(i+1))
		}
		out = append(out, tiaojie.RatingIndicator{Category: parts[0], Name: parts[1], MaxScore: score, Evidence: parts[3],
			Rules: parts[4], Source: parts[5]})
	}
	return out, fe.Err()
}

func (h *Handler) staffRatingSetSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	list, err := indicatorsOf(r.PostForm.Get("indicators"))
	if err == nil {
		err = h.Rating.SaveSet(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("title"), list)
	}
	if err != nil {
		return h.ratingRefused(w, r, "rating.set", err, h.staffRatingSetPage)
	}
	return redirect(w, r, "/staff/ratings/sets/"+itoa64(id)+"?done=saved")
}

func (h *Handler) staffRatingSetPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Rating.PublishSet(r.Context(), auth.PrincipalFrom(r.Context()), id); err != nil {
		return h.ratingRefused(w, r, "rating.set", err, h.staffRatingSetPage)
	}
	return redirect(w, r, "/staff/ratings/sets/"+itoa64(id)+"?done=published")
}

// roundData is the bureau's page of one round: its applications with
// their progress and the next step (experts are assigned on each
// application's page).
type roundData struct {
	Round *rating.Round
	Apps  []rating.AppRow
	Next  tiaojie.RoundAction
}

func (h *Handler) staffRatingRound(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.round", nil)
	h.notice(p, r, "rating.done.", "opened", "close", "publish", "finalize", "assigned", "answered")
	return h.staffRatingRoundPage(w, r, p, http.StatusOK)
}

func (h *Handler) staffRatingRoundPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, err := h.Rating.Round(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &roundData{Round: rd}
	if d.Apps, err = h.Rating.Applications(r.Context(), p.User, id); err != nil {
		return err
	}
	d.Next = map[tiaojie.RatingRoundStatus]tiaojie.RoundAction{tiaojie.RoundOpen: tiaojie.RoundClose,
		tiaojie.RoundScoring: tiaojie.RoundPublish, tiaojie.RoundPublicized: tiaojie.RoundFinalize}[rd.Status]
	p.Data = d
	return h.render(w, r, status, "staff_rating_round", p)
}

func (h *Handler) staffRatingStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a := tiaojie.RoundAction(r.PostForm.Get("action"))
	if err := h.Rating.Step(r.Context(), auth.PrincipalFrom(r.Context()), id, a); err != nil {
		return h.ratingRefused(w, r, "rating.round", err, h.staffRatingRoundPage)
	}
	return redirect(w, r, "/staff/ratings/rounds/"+itoa64(id)+"?done="+string(a))
}

func (h *Handler) staffRatingExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	words := h.words(r)
	sheet, err := h.Rating.Export(r.Context(), auth.PrincipalFrom(r.Context()), id, words)
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "星级评估结果", "ratings", sheet)
}

func (h *Handler) staffRatingAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	expertID, _ := strconv.ParseInt(r.PostForm.Get("expert_id"), 10, 64)
	err = h.Rating.Assign(r.Context(), auth.PrincipalFrom(r.Context()), id, expertID)
	if err != nil {
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("manager"))
	}
	return redirect(w, r, "/staff/ratings/applications/"+itoa64(id)+"?done=assigned")
}

// staffRatingUnassign takes an expert who has not handed in off an
// application.
func (h *Handler) staffRatingUnassign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	expertID, _ := strconv.ParseInt(r.PostForm.Get("expert_id"), 10, 64)
	if err := h.Rating.Unassign(r.Context(), auth.PrincipalFrom(r.Context()), id, expertID); err != nil {
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("manager"))
	}
	return redirect(w, r, "/staff/ratings/applications/"+itoa64(id)+"?done=unassigned")
}

func (h *Handler) staffRatingAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	total := -1
	if s := strings.TrimSpace(f.Get("new_total")); s != "" {
		t, ok := tiaojie.ParseScore(s)
		if !ok {
			var fe tiaojie.FieldErrors
			fe.Add("new_total", "rating.new_total")
			err = fe.Err()
		}
		total = t
	}
	appID, _ := strconv.ParseInt(f.Get("application"), 10, 64)
	if err == nil {
		err = h.Rating.Answer(r.Context(), auth.PrincipalFrom(r.Context()), id, f.Get("answer"), total)
	}
	if err != nil {
		r.SetPathValue("id", itoa64(appID))
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("manager"))
	}
	return redirect(w, r, "/staff/ratings/applications/"+itoa64(appID)+"?done=answered")
}

// appData is the page of one application, for the bureau, the
// organization or an expert (Viewer).
type appData struct {
	App      *rating.Application
	Base     string // the page's path, for its forms and evidence links
	Rows     []indicatorRow
	Experts  []optionView
	CanEdit  bool // the organization may self-assess and upload
	CanObj   bool // the organization may object
	CanScore bool
}

// indicatorRow is one indicator with the marks the viewer may see.
type indicatorRow struct {
	tiaojie.RatingIndicator
	Self    rating.Mark
	HasSelf bool
	Figure  string
	Marks   []rating.Mark // one per assignment shown
	Mine    rating.Mark   // the expert's own, on the scoring form
}

// ratingApplication shows an application to the bureau ("manager"), the
// organization ("org") or an assigned expert ("expert").
func (h *Handler) ratingApplication(as string) handlerFunc {
	page := h.ratingApplicationPage(as)
	return func(w http.ResponseWriter, r *http.Request) error {
		p := h.page(r, "rating.application", nil)
		h.notice(p, r, "rating.done.", "applied", "saved", "uploaded", "objected", "assigned", "unassigned", "answered", "scored", "submitted")
		return page(w, r, p, http.StatusOK)
	}
}

func (h *Handler) ratingApplicationPage(as string) func(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	base := map[string]string{"manager": "/staff/ratings/applications/", "org": "/staff/my-ratings/", "expert": "/staff/reviews/"}[as]
	return func(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		a, err := h.Rating.Application(r.Context(), p.User, id)
		if err != nil {
			return err
		}
		if a.Viewer != as {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		d := &appData{App: a, Base: base + itoa64(id),
			CanEdit:  as == "org" && a.Round.Status == tiaojie.RoundOpen,
			CanObj:   as == "org" && h.Rating.ObjectionsOpen(a.Round),
			CanScore: as == "expert" && a.Round.Status == tiaojie.RoundScoring && len(a.Assignments) == 1 && a.Assignments[0].SubmittedAt.IsZero()}
		for _, in := range a.Indicators {
			row := indicatorRow{RatingIndicator: in}
			row.Self, row.HasSelf = a.Self[in.ID]
			if a.Figures != nil {
				row.Figure = a.Figures.For(in.Source)
			}
			for _, x := range a.Assignments {
				row.Marks = append(row.Marks, x.Scores[in.ID])
				row.Mine = x.Scores[in.ID]
			}
			d.Rows = append(d.Rows, row)
		}
		if as == "manager" && h.Experts != nil && (a.Round.Status == tiaojie.RoundOpen || a.Round.Status == tiaojie.RoundScoring) {
			if d.Experts, err = h.expertOptions(r.Context(), p.User); err != nil {
				return err
			}
		}
		p.Data = d
		return h.render(w, r, status, "staff_rating_app", p)
	}
}

func (h *Handler) ratingEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ev, err := idParam(r, "ev")
	if err != nil {
		return err
	}
	m, data, err := h.Rating.OpenEvidence(r.Context(), auth.PrincipalFrom(r.Context()), id, ev)
	if err != nil {
		return err
	}
	return sendBytes(w, m, data, true)
}

// myRatingsData is an organization admin's rating page: the rounds open
// to apply to and their applications.
type myRatingsData struct {
	Open []rating.Round
	Apps []rating.AppRow
	Orgs []int64
}

func (h *Handler) myRatings(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.mine", nil)
	return h.myRatingsPage(w, r, p, http.StatusOK)
}

func (h *Handler) myRatingsPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	d := &myRatingsData{}
	var err error
	if d.Open, err = h.Rating.Applicable(r.Context(), p.User); err != nil {
		return err
	}
	if d.Apps, err = h.Rating.MyApplications(r.Context(), p.User); err != nil {
		return err
	}
	for _, g := range p.User.Grants {
		if g.Role == tiaojie.RoleOrgAdmin {
			d.Orgs = append(d.Orgs, g.OrgID)
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_my_ratings", p)
}

func (h *Handler) myRatingApply(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	roundID, _ := strconv.ParseInt(f.Get("round_id"), 10, 64)
	orgID, _ := strconv.ParseInt(f.Get("org_id"), 10, 64)
	id, err := h.Rating.Apply(r.Context(), auth.PrincipalFrom(r.Context()), roundID, orgID, f.Get("statement"))
	if err != nil {
		return h.ratingRefused(w, r, "rating.mine", err, h.myRatingsPage)
	}
	return redirect(w, r, "/staff/my-ratings/"+itoa64(id)+"?done=applied")
}

// marksOf reads the per-indicator fields "<prefix>_<id>" (score) and
// "<prefix>_<id>_text" of a form; an empty score is left out, one that is
// not a score is the field's problem.
func marksOf(r *http.Request, prefix string) (map[int64]rating.Mark, error) {
	out := map[int64]rating.Mark{}
	var fe tiaojie.FieldErrors
	for key, vs := range r.PostForm {
		rest, ok := strings.CutPrefix(key, prefix+"_")
		if !ok || strings.HasSuffix(rest, "_text") || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			continue
		}
		score, ok := tiaojie.ParseScore(vs[0])
		if !ok {
			fe.Add(key, "rating.score_invalid")
			continue
		}
		out[id] = rating.Mark{Score10: score, Text: r.PostForm.Get(key + "_text")}
	}
	return out, fe.Err()
}

func (h *Handler) myRatingSelf(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	marks, err := marksOf(r, "self")
	if err == nil {
		err = h.Rating.SelfAssess(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("statement"), marks)
	}
	if err != nil {
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("org"))
	}
	return redirect(w, r, "/staff/my-ratings/"+itoa64(id)+"?done=saved")
}

func (h *Handler) myRatingEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		ind, _ := strconv.ParseInt(r.FormValue("indicator_id"), 10, 64)
		_, err = h.Rating.AddEvidence(r.Context(), auth.PrincipalFrom(r.Context()), id, ind, r.FormValue("title"), up)
	}
	if err != nil {
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("org"))
	}
	return redirect(w, r, "/staff/my-ratings/"+itoa64(id)+"?done=uploaded")
}

func (h *Handler) myRatingObject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := h.Rating.Object(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("reasons")); err != nil {
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("org"))
	}
	return redirect(w, r, "/staff/my-ratings/"+itoa64(id)+"?done=objected")
}

// reviewsData is an expert's list of rating assignments.
type reviewsData struct{ Tasks []rating.Task }

func (h *Handler) expertReviews(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.reviews", nil)
	tasks, err := h.Rating.MyAssignments(r.Context(), p.User)
	if err != nil && !tiaojie.IsKind(err, tiaojie.NotFound) {
		return err
	}
	p.Data = &reviewsData{Tasks: tasks}
	return h.render(w, r, http.StatusOK, "staff_reviews", p)
}

func (h *Handler) expertScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	marks, err := marksOf(r, "score")
	submit := r.PostForm.Get("submit") == "1"
	if err == nil {
		err = h.Rating.Score(r.Context(), auth.PrincipalFrom(r.Context()), id, marks, submit)
	}
	if err != nil {
		return h.ratingRefused(w, r, "rating.application", err, h.ratingApplicationPage("expert"))
	}
	done := map[bool]string{true: "submitted", false: "scored"}[submit]
	return redirect(w, r, "/staff/reviews/"+itoa64(id)+"?done="+done)
}

// pubRatingsData is the public list of published results.
type pubRatingsData struct {
	Rounds []rating.Round
}

func (h *Handler) pubRatings(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "rating.public", nil)
	rounds, err := h.Rating.PublicRounds(r.Context())
	if err != nil {
		return err
	}
	p.Data = &pubRatingsData{Rounds: rounds}
	return h.render(w, r, http.StatusOK, "pub_ratings", p)
}

// pubRatingData is one round's public results.
type pubRatingData struct {
	Round   *rating.Round
	Results []rating.Result
	Open    bool // objections are being received
}

func (h *Handler) pubRating(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, res, err := h.Rating.Results(r.Context(), id)
	if err != nil {
		return err
	}
	p := h.page(r, "rating.public", nil)
	p.Data = &pubRatingData{Round: rd, Results: res, Open: h.Rating.ObjectionsOpen(rd)}
	return h.render(w, r, http.StatusOK, "pub_rating", p)
}
