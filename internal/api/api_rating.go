package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/files"
	ratingsvc "tiaojie/internal/rating"
)

// Star rating (internal/rating, SPEC C7): the same operations as the
// pages, with the same permissions. The bureau (ratings.manage) keeps the
// indicator sets and runs rounds; an organization's admin
// (ratings.apply) applies, self-assesses, gives evidence and objects; an
// expert (expert.review) scores what they are assigned; anyone reads
// published results.

const tagRating = "rating"

// ratingRoutes declares the rating operations.
func (h *Handler) ratingRoutes(a huma.API) {
	manage, apply, review, pub := tiaojie.PermRatings, tiaojie.PermRatingApply, tiaojie.PermExpertReview, tiaojie.PermPublic
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	add(h, a, op(get, "/ratings/sets", "list-rating-sets", tagRating, manage, "评估指标体系 · Indicator sets", descRatingSets), h.ratingSets)
	add(h, a, created(op(post, "/ratings/sets", "create-rating-set", tagRating, manage, "新建指标体系草稿 · New draft set", descRatingSetCreate)), h.ratingSetCreate)
	add(h, a, op(get, "/ratings/sets/{id}", "get-rating-set", tagRating, manage, "查看指标体系 · Get a set", descRatingSet), h.ratingSet)
	add(h, a, op(put, "/ratings/sets/{id}", "save-rating-set", tagRating, manage, "保存草稿 · Save a draft", descRatingSetSave), h.ratingSetSave)
	add(h, a, op(post, "/ratings/sets/{id}/publish", "publish-rating-set", tagRating, manage, "发布新版本 · Publish a version", descRatingSetPublish), h.ratingSetPublish)
	add(h, a, op(get, "/ratings/rounds", "list-rating-rounds", tagRating, manage, "评估轮次 · Rounds", descRatingRounds), h.ratingRounds)
	add(h, a, created(op(post, "/ratings/rounds", "open-rating-round", tagRating, manage, "开启评估轮次 · Open a round", descRatingRoundOpen)), h.ratingRoundOpen)
	add(h, a, op(get, "/ratings/rounds/{id}", "get-rating-round", tagRating, manage, "评估轮次与申报 · A round and its applications", descRatingRound), h.ratingRound)
	add(h, a, op(post, "/ratings/rounds/{id}/step", "step-rating-round", tagRating, manage, "推进评估轮次 · Take a round's step", descRatingStep), h.ratingStep)
	add(h, a, op(get, "/ratings/applications/{id}", "get-rating-application", tagRating, manage, "查看申报 · Get an application", descRatingApp), h.ratingAppManager)
	add(h, a, op(post, "/ratings/applications/{id}/experts", "assign-rating-expert", tagRating, manage, "指派专家 · Assign an expert", descRatingAssign), h.ratingAssign)
	add(h, a, op(http.MethodDelete, "/ratings/applications/{id}/experts/{expert}", "unassign-rating-expert", tagRating, manage, "撤回专家指派 · Unassign an expert", descRatingUnassign), h.ratingUnassign)
	add(h, a, op(get, "/ratings/applications/{id}/evidence/{eid}", "get-rating-evidence", tagRating, manage, "下载佐证材料 · Download evidence", descRatingEvidenceGet), h.ratingEvidenceFile)
	add(h, a, op(post, "/ratings/objections/{id}/answer", "answer-rating-objection", tagRating, manage, "答复异议 · Answer an objection", descRatingAnswer), h.ratingAnswer)

	add(h, a, op(get, "/my/ratings", "list-my-rating-applications", tagRating, apply, "本单位申报 · Our applications", descMyRatings), h.myRatings)
	add(h, a, created(op(post, "/my/ratings", "apply-for-rating", tagRating, apply, "申报星级评估 · Apply", descRatingApply)), h.ratingApply)
	add(h, a, op(get, "/my/ratings/{id}", "get-my-rating-application", tagRating, apply, "查看本单位申报 · Get our application", descRatingApp), h.ratingAppOrg)
	add(h, a, op(put, "/my/ratings/{id}/self", "self-assess-rating", tagRating, apply, "自评 · Self-assess", descRatingSelf), h.ratingSelf)
	add(h, a, created(h.upload(a, op(post, "/my/ratings/{id}/evidence", "add-rating-evidence", tagRating, apply, "上传佐证材料 · Add evidence", descRatingEvidence), files.Document())), h.ratingEvidence)
	add(h, a, op(get, "/my/ratings/{id}/evidence/{eid}", "get-my-rating-evidence", tagRating, apply, "下载本单位佐证材料 · Download our evidence", descRatingEvidenceGet), h.ratingEvidenceFile)
	add(h, a, created(op(post, "/my/ratings/{id}/objections", "object-to-rating", tagRating, apply, "提出异议 · Object", descRatingObject)), h.ratingObject)

	add(h, a, op(get, "/reviews", "list-my-rating-assignments", tagRating, review, "我的评审任务 · My assignments", descReviews), h.reviews)
	add(h, a, op(get, "/reviews/{id}", "get-rating-assignment", tagRating, review, "查看评审申报 · Get an assigned application", descRatingApp), h.ratingAppExpert)
	add(h, a, op(get, "/reviews/{id}/evidence/{eid}", "get-review-evidence", tagRating, review, "下载评审申报的佐证材料 · Download an assigned application's evidence", descRatingEvidenceGet), h.ratingEvidenceFile)
	add(h, a, op(put, "/reviews/{id}/scores", "score-rating-application", tagRating, review, "评分 · Score", descRatingScore), h.ratingScore)

	add(h, a, op(get, "/ratings/results", "list-rating-results", tagRating, pub, "星级评估结果公示 · Published results", descRatingResults), h.ratingResults)
	add(h, a, op(get, "/ratings/results/{id}", "get-rating-results", tagRating, pub, "一轮评估结果 · A round's results", descRatingResult), h.ratingResult)
}

// ratingIndicator is one indicator of a set.
type ratingIndicator struct {
	ID       int64  `json:"id,omitempty" readOnly:"true"`
	Category string `json:"category" maxLength:"400" doc:"类别，如 组织建设 Category"`
	Name     string `json:"name" maxLength:"400" doc:"指标 Indicator"`
	MaxScore int    `json:"max_score" doc:"满分 1–100 Maximum, 1–100"`
	Evidence string `json:"evidence,omitempty" maxLength:"4000" doc:"佐证材料 Evidence required"`
	Rules    string `json:"rules,omitempty" maxLength:"4000" doc:"评分细则 Deduction rules"`
	Source   string `json:"source,omitempty" enum:",case_volume,success_rate,timeliness,satisfaction,complaints,disclosure,training" doc:"旁列的平台数据 The platform figure shown beside it"`
}

// ratingSet is an indicator set.
type ratingSet struct {
	ID         int64             `json:"id"`
	Title      string            `json:"title"`
	Version    int               `json:"version" doc:"版本号，草稿为 0 Version; 0 for a draft"`
	Published  bool              `json:"published"`
	MaxTotal   int               `json:"max_total"`
	Indicators []ratingIndicator `json:"indicators,omitempty"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

func setOut(s *ratingsvc.Set) ratingSet {
	out := ratingSet{ID: s.ID, Title: s.Title, Version: s.Version, Published: s.Published, MaxTotal: s.MaxTotal(), UpdatedAt: s.UpdatedAt.UTC()}
	for _, in := range s.Indicators {
		out.Indicators = append(out.Indicators, ratingIndicator{ID: in.ID, Category: in.Category, Name: in.Name, MaxScore: in.MaxScore,
			Evidence: in.Evidence, Rules: in.Rules, Source: in.Source})
	}
	return out
}

func (h *Handler) ratingSets(ctx context.Context, _ *none) (*body[[]ratingSet], error) {
	sets, err := h.rating.Sets(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]ratingSet, 0, len(sets))
	for i := range sets {
		out = append(out, setOut(&sets[i]))
	}
	return &body[[]ratingSet]{Body: out}, nil
}

type newRatingSet struct {
	Title string `json:"title" maxLength:"400" doc:"名称，1–100 字 Title"`
	From  int64  `json:"from,omitempty" doc:"复制其指标的体系编号 The set whose indicators to copy"`
}

func (h *Handler) ratingSetCreate(ctx context.Context, in *body[newRatingSet]) (*body[createdID], error) {
	id, err := h.rating.CreateSet(ctx, auth.PrincipalFrom(ctx), in.Body.Title, in.Body.From)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) ratingSet(ctx context.Context, in *idPath) (*body[ratingSet], error) {
	st, err := h.rating.Set(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[ratingSet]{Body: setOut(st)}, nil
}

type saveRatingSetInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Title      string            `json:"title" maxLength:"400"`
		Indicators []ratingIndicator `json:"indicators" maxItems:"100"`
	}
}

func (h *Handler) ratingSetSave(ctx context.Context, in *saveRatingSetInput) (*none, error) {
	list := make([]tiaojie.RatingIndicator, 0, len(in.Body.Indicators))
	for _, x := range in.Body.Indicators {
		list = append(list, tiaojie.RatingIndicator{Category: x.Category, Name: x.Name, MaxScore: x.MaxScore, Evidence: x.Evidence,
			Rules: x.Rules, Source: x.Source})
	}
	return &none{}, h.rating.SaveSet(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Title, list)
}

func (h *Handler) ratingSetPublish(ctx context.Context, in *idPath) (*none, error) {
	return &none{}, h.rating.PublishSet(ctx, auth.PrincipalFrom(ctx), in.ID)
}

// ratingRound is a round.
type ratingRound struct {
	ID           int64      `json:"id"`
	Title        string     `json:"title"`
	SetID        int64      `json:"set_id"`
	SetVersion   int        `json:"set_version"`
	PeriodFrom   string     `json:"period_from" format:"date"`
	PeriodTo     string     `json:"period_to" format:"date"`
	ApplyUntil   string     `json:"apply_until" format:"date"`
	Status       string     `json:"status" enum:"open,scoring,publicized,final" doc:"申报中、评审中、公示中、已终评 Open, scoring, published for objections, final"`
	PublishedAt  *time.Time `json:"published_at,omitempty"`
	ObjectionDue *time.Time `json:"objection_due,omitempty" doc:"公示期截止（不含）End of the objection period (exclusive)"`
	FinalizedAt  *time.Time `json:"finalized_at,omitempty"`
	Applications int        `json:"applications"`
}

func ratingTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func roundOut(r *ratingsvc.Round) ratingRound {
	return ratingRound{ID: r.ID, Title: r.Title, SetID: r.SetID, SetVersion: r.SetVersion, PeriodFrom: r.PeriodFrom, PeriodTo: r.PeriodTo,
		ApplyUntil: r.ApplyUntil, Status: string(r.Status), PublishedAt: ratingTime(r.PublishedAt), ObjectionDue: ratingTime(r.ObjectionDue),
		FinalizedAt: ratingTime(r.FinalizedAt), Applications: r.Applications}
}

func roundsOut(rs []ratingsvc.Round) []ratingRound {
	out := make([]ratingRound, 0, len(rs))
	for i := range rs {
		out = append(out, roundOut(&rs[i]))
	}
	return out
}

func (h *Handler) ratingRounds(ctx context.Context, _ *none) (*body[[]ratingRound], error) {
	rs, err := h.rating.Rounds(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[[]ratingRound]{Body: roundsOut(rs)}, nil
}

type newRatingRound struct {
	Title      string `json:"title" maxLength:"400"`
	SetID      int64  `json:"set_id" doc:"已发布的指标体系版本 A published set version"`
	PeriodFrom string `json:"period_from" format:"date"`
	PeriodTo   string `json:"period_to" format:"date"`
	ApplyUntil string `json:"apply_until" format:"date" doc:"申报截止日 Last day to apply"`
}

func (h *Handler) ratingRoundOpen(ctx context.Context, in *body[newRatingRound]) (*body[createdID], error) {
	b := in.Body
	id, err := h.rating.OpenRound(ctx, auth.PrincipalFrom(ctx), ratingsvc.RoundInput{Title: b.Title, SetID: b.SetID,
		PeriodFrom: b.PeriodFrom, PeriodTo: b.PeriodTo, ApplyUntil: b.ApplyUntil})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// ratingApp is an application as lists show it.
type ratingApp struct {
	ID         int64    `json:"id"`
	RoundID    int64    `json:"round_id"`
	OrgID      int64    `json:"org_id"`
	OrgName    string   `json:"org_name"`
	Experts    int      `json:"experts" doc:"已指派专家数（仅区司法局）Experts assigned (bureau only)"`
	Submitted  int      `json:"submitted" doc:"已提交评分的专家数（仅区司法局）Experts who handed in (bureau only)"`
	Total      *float64 `json:"total,omitempty" doc:"公示总分 Published total"`
	Stars      *int     `json:"stars,omitempty"`
	Final      *float64 `json:"final_total,omitempty"`
	FinalStars *int     `json:"final_stars,omitempty"`
	Objections int      `json:"objections"`
}

func appOut(a ratingsvc.AppRow) ratingApp {
	out := ratingApp{ID: a.ID, RoundID: a.RoundID, OrgID: a.OrgID, OrgName: a.OrgName, Experts: a.Experts, Submitted: a.Submitted,
		Objections: a.Objections}
	if a.Published {
		out.Total, out.Stars = &a.Total, &a.Stars
	}
	if a.Finalized {
		out.Final, out.FinalStars = &a.Final, &a.FinalStars
	}
	return out
}

type ratingRoundWithApps struct {
	Round        ratingRound `json:"round"`
	Applications []ratingApp `json:"applications"`
}

func (h *Handler) ratingRound(ctx context.Context, in *idPath) (*body[ratingRoundWithApps], error) {
	p := auth.PrincipalFrom(ctx)
	r, err := h.rating.Round(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	apps, err := h.rating.Applications(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	out := ratingRoundWithApps{Round: roundOut(r), Applications: make([]ratingApp, 0, len(apps))}
	for _, a := range apps {
		out.Applications = append(out.Applications, appOut(a))
	}
	return &body[ratingRoundWithApps]{Body: out}, nil
}

type ratingStepInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Action string `json:"action" enum:"close,publish,finalize" doc:"截止申报、公示、确定最终结果 Close applications, publish, make final"`
	}
}

func (h *Handler) ratingStep(ctx context.Context, in *ratingStepInput) (*none, error) {
	return &none{}, h.rating.Step(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.RoundAction(in.Body.Action))
}

// ratingMark is a score on one indicator.
type ratingMark struct {
	IndicatorID int64  `json:"indicator_id"`
	Score       string `json:"score" pattern:"^[0-9]+(\\.[0-9])?$" doc:"分数，最多一位小数，不超过该项满分 Score, at most one decimal, not above the indicator's maximum"`
	Text        string `json:"text,omitempty" maxLength:"2000" doc:"说明或评语 Note or comment"`
}

// ratingAppDetail is an application with what the caller may see.
type ratingAppDetail struct {
	ratingApp
	Round       ratingRound           `json:"round"`
	Statement   string                `json:"statement"`
	Indicators  []ratingIndicator     `json:"indicators"`
	Self        []ratingMark          `json:"self"`
	Evidence    []ratingEvidenceOut   `json:"evidence"`
	Assignments []ratingAssignmentOut `json:"assignments,omitempty" doc:"专家及其评分：区司法局见全部，专家只见本人 Experts and scores: all to the bureau, an expert their own"`
	Figures     map[string]string     `json:"figures,omitempty" doc:"平台数据（区司法局与专家）Platform figures (bureau and experts)"`
	Objections  []ratingObjectionOut  `json:"objections,omitempty"`
}

type ratingEvidenceOut struct {
	ID          int64     `json:"id"`
	IndicatorID int64     `json:"indicator_id,omitempty"`
	Title       string    `json:"title"`
	Filename    string    `json:"filename"`
	UploadedAt  time.Time `json:"uploaded_at"`
	URL         string    `json:"url" doc:"按调用者身份的下载地址 Where the caller downloads it"`
}

type ratingAssignmentOut struct {
	ExpertID    int64        `json:"expert_id"`
	Name        string       `json:"name"`
	SubmittedAt *time.Time   `json:"submitted_at,omitempty"`
	Scores      []ratingMark `json:"scores"`
}

type ratingObjectionOut struct {
	ID         int64      `json:"id"`
	Reasons    string     `json:"reasons"`
	FiledAt    time.Time  `json:"filed_at"`
	Answer     string     `json:"answer,omitempty"`
	NewTotal   *float64   `json:"new_total,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

func ratingMarksOut(list []tiaojie.RatingIndicator, m map[int64]ratingsvc.Mark) []ratingMark {
	out := []ratingMark{}
	for _, in := range list {
		if x, ok := m[in.ID]; ok {
			out = append(out, ratingMark{IndicatorID: in.ID, Score: x.Score(), Text: x.Text})
		}
	}
	return out
}

// ratingBase is where each kind of viewer reads an application under
// /api/v1; its evidence is downloaded below the same path.
var ratingBase = map[string]string{"manager": "/api/v1/ratings/applications/", "org": "/api/v1/my/ratings/", "expert": "/api/v1/reviews/"}

func appDetailOut(a *ratingsvc.Application) ratingAppDetail {
	out := ratingAppDetail{ratingApp: appOut(a.AppRow), Round: roundOut(a.Round), Statement: a.Statement, Self: ratingMarksOut(a.Indicators, a.Self)}
	st := ratingsvc.Set{Indicators: a.Indicators}
	out.Indicators = setOut(&st).Indicators
	if a.Figures != nil {
		out.Figures = map[string]string{}
	}
	for _, in := range a.Indicators {
		if a.Figures != nil && in.Source != "" {
			out.Figures[in.Source] = a.Figures.For(in.Source)
		}
	}
	for _, e := range a.Evidence {
		out.Evidence = append(out.Evidence, ratingEvidenceOut{ID: e.ID, IndicatorID: e.IndicatorID, Title: e.Title, Filename: e.Filename, UploadedAt: e.UploadedAt.UTC(),
			URL: ratingBase[a.Viewer] + strconv.FormatInt(a.ID, 10) + "/evidence/" + strconv.FormatInt(e.ID, 10)})
	}
	for _, x := range a.Assignments {
		out.Assignments = append(out.Assignments, ratingAssignmentOut{ExpertID: x.ExpertID, Name: x.Name, SubmittedAt: ratingTime(x.SubmittedAt),
			Scores: ratingMarksOut(a.Indicators, x.Scores)})
	}
	for _, o := range a.Objections {
		j := ratingObjectionOut{ID: o.ID, Reasons: o.Reasons, FiledAt: o.FiledAt.UTC(), Answer: o.Answer, AnsweredAt: ratingTime(o.AnsweredAt)}
		if o.Changed {
			total := o.NewTotal
			j.NewTotal = &total
		}
		out.Objections = append(out.Objections, j)
	}
	return out
}

// ratingAppAs returns the application as viewer sees it; an application
// the caller sees in another capacity is NotFound here, as on the pages.
func (h *Handler) ratingAppAs(ctx context.Context, id int64, viewer string) (*body[ratingAppDetail], error) {
	a, err := h.rating.Application(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	if a.Viewer != viewer {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return &body[ratingAppDetail]{Body: appDetailOut(a)}, nil
}

func (h *Handler) ratingAppManager(ctx context.Context, in *idPath) (*body[ratingAppDetail], error) {
	return h.ratingAppAs(ctx, in.ID, "manager")
}

func (h *Handler) ratingAppOrg(ctx context.Context, in *idPath) (*body[ratingAppDetail], error) {
	return h.ratingAppAs(ctx, in.ID, "org")
}

func (h *Handler) ratingAppExpert(ctx context.Context, in *idPath) (*body[ratingAppDetail], error) {
	return h.ratingAppAs(ctx, in.ID, "expert")
}

type ratingEvidencePath struct {
	ID  int64 `path:"id" minimum:"1" doc:"申报编号 Application ID"`
	EID int64 `path:"eid" minimum:"1" doc:"佐证材料编号 Evidence ID"`
}

// ratingEvidenceFile downloads a piece of evidence for whoever may read
// the application (the bureau, the applying organization, an assigned
// expert): the service decides, as on the pages, and audits the refusal.
func (h *Handler) ratingEvidenceFile(ctx context.Context, in *ratingEvidencePath) (*evidenceFile, error) {
	m, data, err := h.rating.OpenEvidence(ctx, auth.PrincipalFrom(ctx), in.ID, in.EID)
	if err != nil {
		return nil, err
	}
	return &evidenceFile{ContentType: m.ContentType, ContentDisposition: attachment(m.Filename), NoSniff: "nosniff",
		CacheControl: "private, no-store", Body: data}, nil
}

type ratingAssignInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		ExpertID int64 `json:"expert_id" doc:"专家编号；与申报单位有关联的专家被拒绝（409 expert.tied）An expert tied to the organization is refused"`
	}
}

func (h *Handler) ratingAssign(ctx context.Context, in *ratingAssignInput) (*none, error) {
	return &none{}, h.rating.Assign(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.ExpertID)
}

type ratingUnassignInput struct {
	ID     int64 `path:"id" minimum:"1"`
	Expert int64 `path:"expert" minimum:"1" doc:"专家编号 Expert ID"`
}

func (h *Handler) ratingUnassign(ctx context.Context, in *ratingUnassignInput) (*none, error) {
	return &none{}, h.rating.Unassign(ctx, auth.PrincipalFrom(ctx), in.ID, in.Expert)
}

type ratingAnswerInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Answer   string `json:"answer" maxLength:"8000"`
		NewTotal string `json:"new_total,omitempty" pattern:"^([0-9]+(\\.[0-9])?)?$" doc:"调整后的总分（异议成立时）The corrected total, when the objection is upheld"`
	}
}

func (h *Handler) ratingAnswer(ctx context.Context, in *ratingAnswerInput) (*none, error) {
	total := -1
	if in.Body.NewTotal != "" {
		t, ok := tiaojie.ParseScore(in.Body.NewTotal)
		if !ok {
			var fe tiaojie.FieldErrors
			fe.Add("new_total", "rating.new_total")
			return nil, fe.Err()
		}
		total = t
	}
	return &none{}, h.rating.Answer(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Answer, total)
}

type ratingMineOut struct {
	Applications []ratingApp   `json:"applications"`
	Open         []ratingRound `json:"open_rounds" doc:"今天可申报的轮次 Rounds open to apply to today"`
}

func (h *Handler) myRatings(ctx context.Context, _ *none) (*body[ratingMineOut], error) {
	p := auth.PrincipalFrom(ctx)
	apps, err := h.rating.MyApplications(ctx, p)
	if err != nil {
		return nil, err
	}
	open, err := h.rating.Applicable(ctx, p)
	if err != nil {
		return nil, err
	}
	out := ratingMineOut{Applications: make([]ratingApp, 0, len(apps)), Open: roundsOut(open)}
	for _, a := range apps {
		a.Experts, a.Submitted = 0, 0
		out.Applications = append(out.Applications, appOut(a))
	}
	return &body[ratingMineOut]{Body: out}, nil
}

type ratingApplyBody struct {
	RoundID   int64  `json:"round_id"`
	OrgID     int64  `json:"org_id" doc:"调用者管理的调解组织 An organization the caller administers"`
	Statement string `json:"statement,omitempty" maxLength:"8000"`
}

func (h *Handler) ratingApply(ctx context.Context, in *body[ratingApplyBody]) (*body[createdID], error) {
	id, err := h.rating.Apply(ctx, auth.PrincipalFrom(ctx), in.Body.RoundID, in.Body.OrgID, in.Body.Statement)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// ratingMarksIn reads marks; a score that is not one is the field's problem.
func ratingMarksIn(field string, list []ratingMark) (map[int64]ratingsvc.Mark, error) {
	out := map[int64]ratingsvc.Mark{}
	var fe tiaojie.FieldErrors
	for _, m := range list {
		s, ok := tiaojie.ParseScore(m.Score)
		if !ok {
			fe.Add(field, "rating.score_invalid")
			continue
		}
		out[m.IndicatorID] = ratingsvc.Mark{Score10: s, Text: m.Text}
	}
	return out, fe.Err()
}

type ratingSelfInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Statement string       `json:"statement,omitempty" maxLength:"8000"`
		Marks     []ratingMark `json:"marks" maxItems:"100"`
	}
}

func (h *Handler) ratingSelf(ctx context.Context, in *ratingSelfInput) (*none, error) {
	marks, err := ratingMarksIn("marks", in.Body.Marks)
	if err != nil {
		return nil, err
	}
	return &none{}, h.rating.SelfAssess(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Statement, marks)
}

type ratingEvidenceForm struct {
	File        huma.FormFile `form:"file" contentType:"application/pdf,image/png,image/jpeg,application/octet-stream" doc:"PDF 或扫描件，最大 10 MB A PDF or scan of at most 10 MB"`
	Title       string        `form:"title" maxLength:"200" doc:"材料名称 Title"`
	IndicatorID int64         `form:"indicator_id" required:"false" doc:"所证明的指标，0 为整体 The indicator it supports; 0: the whole"`
}

type ratingEvidenceInput struct {
	ID      int64 `path:"id" minimum:"1"`
	RawBody huma.MultipartFormFiles[ratingEvidenceForm]
}

func (h *Handler) ratingEvidence(ctx context.Context, in *ratingEvidenceInput) (*body[createdID], error) {
	f := in.RawBody.Data()
	up, err := requiredFile(f.File)
	if err != nil {
		return nil, err
	}
	defer f.File.Close()
	id, err := h.rating.AddEvidence(ctx, auth.PrincipalFrom(ctx), in.ID, f.IndicatorID, f.Title, up)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type ratingObjectInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reasons string `json:"reasons" maxLength:"8000"`
	}
}

func (h *Handler) ratingObject(ctx context.Context, in *ratingObjectInput) (*body[createdID], error) {
	id, err := h.rating.Object(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Reasons)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type ratingTask struct {
	ApplicationID int64      `json:"application_id"`
	RoundID       int64      `json:"round_id"`
	RoundTitle    string     `json:"round_title"`
	OrgName       string     `json:"org_name"`
	Status        string     `json:"status"`
	AssignedAt    time.Time  `json:"assigned_at"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
}

func (h *Handler) reviews(ctx context.Context, _ *none) (*body[[]ratingTask], error) {
	tasks, err := h.rating.MyAssignments(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]ratingTask, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, ratingTask{ApplicationID: t.AppID, RoundID: t.RoundID, RoundTitle: t.RoundTitle, OrgName: t.OrgName,
			Status: string(t.Status), AssignedAt: t.AssignedAt.UTC(), SubmittedAt: ratingTime(t.SubmittedAt)})
	}
	return &body[[]ratingTask]{Body: out}, nil
}

type ratingScoreInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Scores []ratingMark `json:"scores" maxItems:"100"`
		Submit bool         `json:"submit,omitempty" doc:"提交评分（须全部评完，提交后不可更改）Hand the sheet in (every indicator scored; final)"`
	}
}

func (h *Handler) ratingScore(ctx context.Context, in *ratingScoreInput) (*none, error) {
	marks, err := ratingMarksIn("scores", in.Body.Scores)
	if err != nil {
		return nil, err
	}
	return &none{}, h.rating.Score(ctx, auth.PrincipalFrom(ctx), in.ID, marks, in.Body.Submit)
}

func (h *Handler) ratingResults(ctx context.Context, _ *none) (*body[[]ratingRound], error) {
	rs, err := h.rating.PublicRounds(ctx)
	if err != nil {
		return nil, err
	}
	return &body[[]ratingRound]{Body: roundsOut(rs)}, nil
}

type ratingResult struct {
	OrgID      int64    `json:"org_id"`
	OrgName    string   `json:"org_name"`
	Total      float64  `json:"total"`
	Stars      int      `json:"stars"`
	FinalTotal *float64 `json:"final_total,omitempty"`
	FinalStars *int     `json:"final_stars,omitempty"`
}

type ratingRoundResults struct {
	Round   ratingRound    `json:"round"`
	Results []ratingResult `json:"results"`
}

func (h *Handler) ratingResult(ctx context.Context, in *idPath) (*body[ratingRoundResults], error) {
	r, res, err := h.rating.Results(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := ratingRoundResults{Round: roundOut(r), Results: make([]ratingResult, 0, len(res))}
	for _, x := range res {
		y := ratingResult{OrgID: x.OrgID, OrgName: x.OrgName, Total: x.Total, Stars: x.Stars}
		if x.Final {
			y.FinalTotal, y.FinalStars = &x.FinalTotal, &x.FinalStars
		}
		out.Results = append(out.Results, y)
	}
	return &body[ratingRoundResults]{Body: out}, nil
}

// The descriptions of the rating operations, Chinese first.
const (
	descRatingSets        = "区司法局的评估指标体系：草稿在前，已发布版本按版本号倒序。\n\nThe indicator sets: drafts first, then published versions, newest first."
	descRatingSetCreate   = "新建指标体系草稿，可复制某一体系的指标。\n\nStarts a draft set, optionally copying another set's indicators."
	descRatingSet         = "指标体系及其指标。\n\nA set with its indicators."
	descRatingSetSave     = "替换草稿的名称与全部指标；已发布的体系返回 409。\n\nReplaces a draft's title and indicators; a published set answers 409."
	descRatingSetPublish  = "将草稿发布为下一版本；各项满分合计须为 100（否则 422 rating.total_not_100）。\n\nPublishes a draft as the next version; the maximum scores must add up to 100."
	descRatingRounds      = "全部评估轮次，最新在前。\n\nEvery round, newest first."
	descRatingRoundOpen   = "以一个已发布的指标体系版本开启评估轮次。\n\nOpens a round on a published set version."
	descRatingRound       = "评估轮次及其全部申报与评审进度。\n\nA round with its applications and their progress."
	descRatingStep        = "推进评估轮次：close 截止申报；publish 按公布规则合成总分并公示（每份申报须至少两名专家提交评分）；finalize 确定最终结果并更新调解组织星级（公示期未满返回 409 rating.objection_period，异议未答复返回 409 rating.objections_open）。\n\nTakes a round's step: close applications; publish (every application scored by at least two experts); finalize (refused before the objection period ends or with objections unanswered)."
	descRatingApp         = "一份申报：申报说明、自评、佐证材料；区司法局另见专家评分、平台数据与异议，专家只见本人评分，申报单位不见专家评分。\n\nAn application; what each role sees differs (see the pages)."
	descRatingAssign      = "指派专家评审申报；与申报单位存在关联的专家被拒绝（409 expert.tied），不作任何改动。\n\nAssigns an expert; one tied to the organization is refused and nothing changes."
	descRatingUnassign    = "撤回尚未提交评分的专家指派，并删除其已保存的评分；已提交的返回 409。\n\nTakes an expert who has not handed in off the application, deleting their saved scores; one who handed in answers 409."
	descRatingAnswer      = "答复公示期内的异议；异议成立时可给出调整后的总分。\n\nAnswers an objection, optionally with a corrected total."
	descMyRatings         = "本单位的申报与今天可申报的轮次。\n\nOur applications and the rounds open to apply to today."
	descRatingApply       = "申报星级评估（申报期内，每轮每单位一次）。\n\nApplies for a rating (within the window, once per round)."
	descRatingSelf        = "保存自评分与说明（申报期内）；分数不得超过该项满分。\n\nSaves the self-assessment while the round is open; no score above the maximum."
	descRatingEvidenceGet = "下载佐证材料原件（Content-Disposition: attachment）：区司法局、申报单位和受指派的专家可下载，其他人得到 404。\n\nDownloads a piece of evidence as an attachment, for the bureau, the applying organization and the assigned experts; anyone else gets 404."
	descRatingEvidence    = "上传佐证材料（PDF 或扫描件）。\n\nUploads evidence (a PDF or scan)."
	descRatingObject      = "公示期内对本单位的评估结果提出异议。\n\nObjects to our published result within the objection period."
	descReviews           = "指派给调用者（专家）的评审任务。\n\nThe applications assigned to the calling expert."
	descRatingScore       = "保存或提交评分；每项不得超过满分（422 rating.score_above_max）；与该组织存在关联的专家被拒绝（409 expert.tied）。\n\nSaves or hands in scores; above the maximum is refused, as is an expert tied to the organization."
	descRatingResults     = "已公示或已终评的评估轮次。\n\nRounds whose results are published or final."
	descRatingResult      = "一轮评估的公示结果与最终结果，按总分从高到低。\n\nA round's published and final results, highest total first."
)
