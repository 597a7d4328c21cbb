package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/experts"
)

// The expert pool (internal/experts, SPEC C11), the same rules as the
// pages: the bureau keeps it (experts.manage); an expert reads their own
// record and declares ties (expert.review).

const tagExperts = "experts"

// expertRoutes declares the expert pool's operations.
func (h *Handler) expertRoutes(a huma.API) {
	if h.experts == nil {
		return
	}
	keep, self := tiaojie.PermExperts, tiaojie.PermExpertReview
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	add(h, a, op(get, "/staff/experts", "list-experts", tagExperts, keep, "专家库 · List the expert pool", descListExperts), h.listExperts)
	add(h, a, created(op(post, "/staff/experts", "create-expert", tagExperts, keep, "新增专家 · Add an expert", descCreateExpert)), h.createExpert)
	add(h, a, op(get, "/staff/experts/{id}", "get-expert", tagExperts, keep, "查看专家 · Get an expert", descGetExpert), h.getExpert)
	add(h, a, op(put, "/staff/experts/{id}", "update-expert", tagExperts, keep, "修改专家信息 · Update an expert", descUpdateExpert), h.updateExpert)
	add(h, a, op(post, "/staff/experts/{id}/status", "set-expert-status", tagExperts, keep, "入库或退出 · Activate or deactivate", descExpertStatus), h.setExpertStatus)
	add(h, a, op(post, "/staff/experts/{id}/ties", "add-expert-tie", tagExperts, keep, "记录关联关系 · Record a tie", descAddTie), h.addExpertTie)
	add(h, a, op(del, "/staff/experts/{id}/ties/{org}", "remove-expert-tie", tagExperts, keep, "解除关联关系 · Remove a tie", descRemoveTie), h.removeExpertTie)
	add(h, a, op(get, "/expert/me", "get-my-expert-record", tagExperts, self, "我的专家信息 · My expert record", descMyExpert), h.myExpert)
	add(h, a, op(post, "/expert/me/ties", "declare-my-tie", tagExperts, self, "申报关联关系 · Declare a tie", descDeclareTie), h.declareMyTie)
}

// expertOut is an expert of the pool.
type expertOut struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id" doc:"关联的账号，0 为无 The linked account; 0: none"`
	Name     string    `json:"name"`
	Title    string    `json:"title"`
	Employer string    `json:"employer"`
	Fields   []string  `json:"fields"`
	Active   bool      `json:"active"`
	Ties     []tieOut  `json:"ties,omitempty" doc:"关联关系（列表中不含）Ties (not in lists)"`
	Updated  time.Time `json:"updated_at"`
}

// tieOut is a tie of an expert.
type tieOut struct {
	OrgID      int64     `json:"org_id"`
	OrgName    string    `json:"org_name"`
	Kind       string    `json:"kind" enum:"employee,adviser,founder,relative,other"`
	Note       string    `json:"note"`
	DeclaredAt time.Time `json:"declared_at"`
}

func expertOf(e *experts.Expert) expertOut {
	out := expertOut{ID: e.ID, UserID: e.UserID, Name: e.Name, Title: e.Title, Employer: e.Employer, Fields: orEmpty(e.Fields),
		Active: e.Active, Updated: e.UpdatedAt.UTC()}
	for _, t := range e.Ties {
		out.Ties = append(out.Ties, tieOut{OrgID: t.OrgID, OrgName: t.OrgName, Kind: t.Kind, Note: t.Note, DeclaredAt: t.DeclaredAt.UTC()})
	}
	return out
}

type listExpertsInput struct {
	Q      string `query:"q" maxLength:"100" doc:"姓名、职称、单位或领域 Name, title, employer or field"`
	Active bool   `query:"active" doc:"只列在库专家 Active experts only"`
}

func (h *Handler) listExperts(ctx context.Context, in *listExpertsInput) (*body[[]expertOut], error) {
	list, err := h.experts.List(ctx, auth.PrincipalFrom(ctx), experts.Filter{Q: in.Q, ActiveOnly: in.Active})
	if err != nil {
		return nil, err
	}
	out := make([]expertOut, 0, len(list))
	for i := range list {
		out = append(out, expertOf(&list[i]))
	}
	return &body[[]expertOut]{Body: out}, nil
}

// expertIn is an expert as the bureau enters them.
type expertIn struct {
	Name     string   `json:"name" maxLength:"200" doc:"姓名，1–50 字 Name, 1–50 characters"`
	Title    string   `json:"title,omitempty" maxLength:"400"`
	Employer string   `json:"employer,omitempty" maxLength:"400"`
	Fields   []string `json:"fields,omitempty" maxItems:"10" doc:"专业领域，最多 10 项 Fields, at most 10"`
	Login    string   `json:"login,omitempty" maxLength:"100" doc:"要关联的登录名，空为不关联 The login to link; empty for none"`
}

// input turns the body into the service's input, looking the login up
// among the accounts the caller may see.
func (h *Handler) expertInput(ctx context.Context, b expertIn) (experts.Input, error) {
	in := experts.Input{Name: b.Name, Title: b.Title, Employer: b.Employer, Fields: b.Fields}
	if login := strings.TrimSpace(b.Login); login != "" {
		u, err := h.auth.UserByLogin(ctx, auth.PrincipalFrom(ctx), login)
		if tiaojie.IsKind(err, tiaojie.NotFound) {
			var fe tiaojie.FieldErrors
			fe.Add("login", "experts.login_unknown")
			return in, fe.Err()
		}
		if err != nil {
			return in, err
		}
		in.UserID = u.ID
	}
	return in, nil
}

type createExpertInput struct {
	Body expertIn
}

func (h *Handler) createExpert(ctx context.Context, in *createExpertInput) (*body[createdID], error) {
	input, err := h.expertInput(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	id, err := h.experts.Create(ctx, auth.PrincipalFrom(ctx), input)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getExpert(ctx context.Context, in *idPath) (*body[expertOut], error) {
	e, err := h.experts.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[expertOut]{Body: expertOf(e)}, nil
}

type updateExpertInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"专家编号 Expert ID"`
	Body expertIn
}

func (h *Handler) updateExpert(ctx context.Context, in *updateExpertInput) (*none, error) {
	input, err := h.expertInput(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return done(h.experts.Update(ctx, auth.PrincipalFrom(ctx), in.ID, input))
}

type expertStatusInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"专家编号 Expert ID"`
	Body struct {
		Active bool `json:"active" doc:"true 入库，false 退出 true: in the pool; false: out"`
	}
}

func (h *Handler) setExpertStatus(ctx context.Context, in *expertStatusInput) (*none, error) {
	return done(h.experts.SetActive(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Active))
}

// tieIn is a tie to record.
type tieIn struct {
	OrgID int64  `json:"org_id" minimum:"1"`
	Kind  string `json:"kind" enum:"employee,adviser,founder,relative,other"`
	Note  string `json:"note,omitempty" maxLength:"400" doc:"说明，“other”须填写 Note; required for other"`
}

type addTieInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"专家编号 Expert ID"`
	Body tieIn
}

func (h *Handler) addExpertTie(ctx context.Context, in *addTieInput) (*none, error) {
	return done(h.experts.DeclareTie(ctx, auth.PrincipalFrom(ctx), in.ID, experts.Tie{OrgID: in.Body.OrgID, Kind: in.Body.Kind, Note: in.Body.Note}))
}

type removeTieInput struct {
	ID  int64 `path:"id" minimum:"1" doc:"专家编号 Expert ID"`
	Org int64 `path:"org" minimum:"1" doc:"调解组织编号 Organization ID"`
}

func (h *Handler) removeExpertTie(ctx context.Context, in *removeTieInput) (*none, error) {
	return done(h.experts.RemoveTie(ctx, auth.PrincipalFrom(ctx), in.ID, in.Org))
}

func (h *Handler) myExpert(ctx context.Context, _ *none) (*body[expertOut], error) {
	e, err := h.experts.Mine(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &body[expertOut]{Body: expertOf(e)}, nil
}

type declareTieInput struct {
	Body tieIn
}

func (h *Handler) declareMyTie(ctx context.Context, in *declareTieInput) (*none, error) {
	p := auth.PrincipalFrom(ctx)
	e, err := h.experts.Mine(ctx, p)
	if err != nil {
		return nil, err
	}
	return done(h.experts.DeclareTie(ctx, p, e.ID, experts.Tie{OrgID: in.Body.OrgID, Kind: in.Body.Kind, Note: in.Body.Note}))
}

// The descriptions of the expert pool's operations, Chinese first.
const (
	descListExperts  = "专家库（按姓名，不含关联关系），可按姓名、职称、单位或领域检索。\n\nThe pool by name, without ties; search by name, title, employer or field."
	descCreateExpert = "新增专家；可用登录名关联平台账号。成功返回 201 与编号。\n\nAdds an expert; a login links their account. Answers 201 with the ID."
	descGetExpert    = "查看专家及其关联关系。\n\nAn expert with their ties."
	descUpdateExpert = "修改专家信息（整体替换）。\n\nReplaces an expert's particulars."
	descExpertStatus = "将专家退出专家库或恢复入库；退出的专家不再被分配任务。\n\nTakes an expert out of the pool or back in; one out of the pool is assigned nothing new."
	descAddTie       = "记录专家与调解组织的关联关系（回避）。\n\nRecords a tie of the expert to an organization (recusal)."
	descRemoveTie    = "解除关联关系；只有区司法局可以。\n\nRemoves a tie; only the bureau may."
	descMyExpert     = "调用者本人的专家信息及关联关系；不在专家库中返回 404。\n\nThe caller's own expert record with ties; 404 when they are no expert."
	descDeclareTie   = "专家申报本人与调解组织的关联关系；申报只能增加回避，解除须由区司法局办理。\n\nAn expert declares a tie of their own; a declaration only adds recusals, and only the bureau removes one."
)
