package api

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/route"
)

// The disputes (internal/cases): intake from every source, the lifecycle
// steps, assignment, agreements and their confirmations, follow-up, the
// supervising offices' board and the holiday calendar. The service decides
// everything, case by case: which part the caller plays (a party matched
// by the phone they logged in with, the assigned mediator, the
// organization's admin, the township office or bureau at the desk), what
// that part may see and do now. A caller who plays no part gets 404.
//
// The operations a party uses need only a login (self), as the pages do;
// the staff operations the permission the page doing the same thing
// declares.

// The tags of the case operations.
const (
	tagCases    = "cases"
	tagCalendar = "calendar"
)

// caseRoutes declares the case operations. An API built without the cases
// service (a test of other capabilities) has none.
func (h *Handler) caseRoutes(a huma.API) {
	if h.cases == nil {
		return
	}
	for _, c := range caseMessageCodes() {
		if !h.catalog.Has(c) {
			panic("api: message " + c + " has no translation") // as New checks its own
		}
	}
	a.OpenAPI().Tags = append(a.OpenAPI().Tags,
		&huma.Tag{Name: tagCases, Description: "纠纷案件：申请、分派、受理、调解、协议、回访与督办，谁能看、能做什么由案件服务逐案决定；与本案无关的调用者得到 404。Disputes: application, routing, acceptance, mediation, agreement, follow-up and supervision; the cases service decides case by case what each caller may see and do, and a caller with no part in a case gets 404."},
		&huma.Tag{Name: tagCalendar, Description: "节假日与调休工作日，用于按工作日计算期限。Holidays and make-up working days, for deadlines counted in working days."})

	pub, self := tiaojie.PermPublic, tiaojie.PermSelf
	read, handle, desk, days := tiaojie.PermCasesRead, tiaojie.PermCasesHandle, tiaojie.PermCasesDesk, tiaojie.PermCalendar
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	const big = 256 << 10 // an application or agreement: long texts, up to 20 parties

	addCase(h, a, created(larger(op(post, "/cases", "apply-case", tagCases, self, "申请调解（草稿）· Apply for mediation (a draft)", descApply), big)), h.applyCase)
	addCase(h, a, larger(op(put, "/cases/{id}", "update-case-draft", tagCases, self, "修改申请草稿 · Update a draft", descUpdateDraft), big), h.updateDraft)
	addCase(h, a, created(larger(op(post, "/cases/desk", "file-case", tagCases, desk, "窗口登记案件 · File a case at the desk", descFile), big)), h.fileCase)
	addCase(h, a, created(larger(op(post, "/cases/referrals", "refer-case", tagCases, self, "委派移送案件 · Refer a case", descRefer), big)), h.referCase)
	addCase(h, a, importOp(a, larger(op(post, "/cases/import", "import-case", tagCases, desk, "导入市级平台案件 · Import a case", descImport), big)), h.importCase)
	addCase(h, a, op(get, "/cases/import/{source}/{external_id}/status", "get-imported-case-status", tagCases, desk, "导入案件的办理结果 · Outcome of an imported case", descImportStatus), h.importStatus)

	addCase(h, a, op(get, "/cases", "list-cases", tagCases, read, "案件列表 · List cases", descListCases), h.listCases)
	addCase(h, a, op(get, "/cases/mine", "list-my-cases", tagCases, self, "我的案件 · My cases", descMyCases), h.myCases)
	addCase(h, a, op(get, "/cases/board", "get-case-board", tagCases, read, "督办看板 · Supervision board", descBoard), h.caseBoard)
	addCase(h, a, op(get, "/cases/funnel", "get-case-funnel", tagCases, read, "被申请人参与漏斗 · Participation funnel", descFunnel), h.caseFunnel)
	addCase(h, a, op(get, "/cases/taxonomy", "get-case-taxonomy", tagCases, pub, "案件代码 · Case codes", descCaseTaxonomy), h.caseTaxonomy)
	addCase(h, a, op(get, "/cases/{id}", "get-case", tagCases, self, "查看案件 · Get a case", descGetCase), h.getCase)
	addCase(h, a, op(get, "/cases/{id}/history", "get-case-history", tagCases, self, "案件办理记录 · Case history", descCaseHistory), h.caseHistory)
	addCase(h, a, op(get, "/cases/{id}/suggestions", "suggest-case-orgs", tagCases, self, "推荐调解组织 · Suggested organizations", descSuggestions), h.caseSuggestions)
	addCase(h, a, op(post, "/cases/{id}/steps", "take-case-step", tagCases, self, "办理步骤 · Take a lifecycle step", descStep), h.caseStep)
	addCase(h, a, op(post, "/cases/{id}/assignment", "assign-case-mediator", tagCases, handle, "指派调解员 · Assign a mediator", descAssign), h.assignMediator)
	addCase(h, a, op(post, "/cases/{id}/declaration", "declare-case-conflict", tagCases, handle, "利益冲突声明 · Declare conflicts", descDeclare), h.declareConflict)
	addCase(h, a, op(get, "/cases/{id}/recusals", "list-case-recusals", tagCases, self, "回避申请 · Recusal requests", descListRecusals), h.listRecusals)
	addCase(h, a, created(op(post, "/cases/{id}/recusals", "request-case-recusal", tagCases, self, "申请回避 · Request a recusal", descRequestRecusal)), h.requestRecusal)
	addCase(h, a, op(post, "/cases/{id}/recusals/{rid}/decision", "decide-case-recusal", tagCases, handle, "决定回避申请 · Decide a recusal", descDecideRecusal), h.decideRecusal)
	addCase(h, a, op(get, "/cases/{id}/agreement", "get-case-agreement", tagCases, self, "调解协议 · The agreement", descGetAgreement), h.getAgreement)
	addCase(h, a, larger(op(post, "/cases/{id}/agreement", "draft-case-agreement", tagCases, handle, "拟定调解协议 · Put an agreement to the parties", descDraftAgreement), big), h.draftAgreement)
	addCase(h, a, larger(op(post, "/cases/{id}/oral-agreement", "record-case-oral-agreement", tagCases, handle, "记录口头协议 · Record an oral agreement", descOralAgreement), big), h.recordOral)
	addCase(h, a, op(post, "/cases/{id}/confirmations", "confirm-case-agreement", tagCases, self, "确认调解协议 · Confirm the agreement", descConfirm), h.confirmAgreement)
	addCase(h, a, op(post, "/cases/{id}/confirmations/{party}", "confirm-case-agreement-for", tagCases, handle, "代为记录当面确认 · Record an in-person confirmation", descConfirmFor), h.confirmFor)
	addCase(h, a, op(post, "/cases/{id}/visits", "record-case-visit", tagCases, handle, "回访记录 · Record a follow-up visit", descVisit), h.recordVisit)
	addCase(h, a, op(post, "/cases/{id}/rating", "rate-case", tagCases, self, "评价调解服务 · Rate the service", descRate), h.rateCase)

	addCase(h, a, op(get, "/invitations/{token}", "open-case-invitation", tagCases, pub, "查看调解邀请 · Open an invitation", descInvitation), h.openInvitation)

	addCase(h, a, op(get, "/calendar", "list-calendar-days", tagCalendar, read, "节假日安排 · Holidays and make-up days", descHolidays), h.holidays)
	addCase(h, a, op(put, "/calendar/{date}", "set-calendar-day", tagCalendar, days, "设置节假日或调休 · Set a day", descSetDay), h.setDay)
	addCase(h, a, op(del, "/calendar/{date}", "delete-calendar-day", tagCalendar, days, "删除节假日设置 · Delete a day", descDeleteDay), h.deleteDay)
}

// addCase registers a case operation: add, with the service's refusals
// spelled as the API spells them (caseError).
func addCase[I, O any](h *Handler, a huma.API, o huma.Operation, f func(context.Context, *I) (*O, error)) {
	add(h, a, o, func(ctx context.Context, in *I) (*O, error) {
		out, err := f(ctx, in)
		if err != nil {
			return nil, h.caseError(ctx, err)
		}
		return out, nil
	})
}

// caseError names the status and the step that a refusal quotes in the
// request's language (case.bad_transition reads "案件当前状态为“已归档”，
// 不能执行“受理”。" rather than quoting codes), and names fields as the API
// spells them: "parties.0.phone" → "parties[0].phone", as huma names the
// body's own fields; "amount" → "amount_fen".
func (h *Handler) caseError(ctx context.Context, err error) error {
	var e *tiaojie.Error
	if !errors.As(err, &e) || e.Kind == tiaojie.Internal {
		return err
	}
	c := *e
	if len(e.Args) > 0 {
		lang := route.LangFrom(ctx)
		c.Args = maps.Clone(e.Args)
		for name, prefixes := range map[string][]string{"status": {"case.status."}, "action": {"case.action.", codeStepPrefix}} {
			v, ok := c.Args[name]
			if !ok {
				continue
			}
			if i := slices.IndexFunc(prefixes, func(p string) bool { return h.catalog.Has(p + v) }); i >= 0 {
				c.Args[name] = h.catalog.T(lang, prefixes[i]+v)
			}
		}
	}
	if len(e.Fields) > 0 {
		c.Fields = make([]tiaojie.FieldError, len(e.Fields))
		for i, f := range e.Fields {
			f.Field = caseField(f.Field)
			c.Fields[i] = f
		}
	}
	return &c
}

// stepNamed gives a refusal of an operation that is not a lifecycle step
// (assigning, declaring, confirming …) the operation's name when the
// service left it out: its refusals carry the step in the audit detail
// only, and case.not_your_step would otherwise read "{action}".
func stepNamed(err error, action string) error {
	var e *tiaojie.Error
	if !errors.As(err, &e) || e.Kind == tiaojie.Internal || e.Args["action"] != "" {
		return err
	}
	return e.With("action", action)
}

// caseField names a field of the case service as the API spells it.
func caseField(f string) string {
	if rest, ok := strings.CutPrefix(f, "parties."); ok {
		if i, name, ok := strings.Cut(rest, "."); ok {
			return "parties[" + i + "]." + name
		}
	}
	if f == "amount" {
		return "amount_fen"
	}
	return f
}

// importOp documents the second answer of an import: 200 with the case
// made the first time.
func importOp(a huma.API, o huma.Operation) huma.Operation {
	o = created(o)
	ref := a.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[caseRef](), true, "")
	o.Responses = map[string]*huma.Response{"200": {
		Description: "该外部编号已导入过：返回当时建立的案件，未作任何修改 Imported before: the case made then, unchanged",
		Content:     map[string]*huma.MediaType{"application/json": {Schema: ref}},
	}}
	return o
}

// --- Codes and their schemas ---

// caseStatusName is a tiaojie.CaseStatus in a request or response.
type caseStatusName string

// Schema lists the statuses.
func (caseStatusName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("案件状态，名称见 /cases/taxonomy Case status; names in /cases/taxonomy", strs(tiaojie.CaseStatuses())...)
}

// caseActionName is a tiaojie.CaseAction in a response.
type caseActionName string

// Schema lists the lifecycle steps.
func (caseActionName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("办理步骤 Lifecycle step", strs(tiaojie.CaseActions())...)
}

// stepActionName is a step POST /cases/{id}/steps takes: every lifecycle
// step but those with operations of their own (the agreement, the visit)
// and those only the platform takes (a missed acceptance deadline; an
// agreement taking effect, which follows the last confirmation).
type stepActionName string

// stepActions lists the steps of POST /cases/{id}/steps.
func stepActions() []string {
	own := []tiaojie.CaseAction{tiaojie.CaseDraftAgreement, tiaojie.CaseOralAgreement, tiaojie.CaseVisit,
		tiaojie.CaseConclude, tiaojie.CaseTimeout}
	var out []string
	for _, a := range tiaojie.CaseActions() {
		if !slices.Contains(own, a) {
			out = append(out, string(a))
		}
	}
	return out
}

// Schema lists the steps.
func (stepActionName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("办理步骤 Lifecycle step", stepActions()...)
}

// caseSourceName is a tiaojie.CaseSource in a response.
type caseSourceName string

// Schema lists the sources.
func (caseSourceName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("案件来源 Source", strs(tiaojie.CaseSources())...)
}

// importSourceName is the platform an imported case comes from.
type importSourceName string

// Schema lists the platforms that import.
func (importSourceName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("city 市级平台，court 法院系统 city: the city-wide platform; court: a court's system",
		string(tiaojie.SourceCity), string(tiaojie.SourceCourt))
}

// endReasonName is a tiaojie.EndReason in a request or response.
type endReasonName string

// Schema lists the end reasons.
func (endReasonName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("结束原因 Why mediation ended", strs(endReasons())...)
}

// endReasons lists every end reason: the agreement and the reasons to
// terminate.
func endReasons() []tiaojie.EndReason {
	return append([]tiaojie.EndReason{tiaojie.EndAgreement}, tiaojie.TerminationReasons()...)
}

// terminationName is a reason to terminate, in a step.
type terminationName string

// Schema lists the reasons to terminate.
func (terminationName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("终止原因（terminate 必填）Why mediation ends, for terminate", strs(tiaojie.TerminationReasons())...)
}

// The other closed lists of the cases, with the catalogue prefix of their
// names.
var (
	partySides     = []string{string(tiaojie.SideApplicant), string(tiaojie.SideRespondent)}
	partyKinds     = []string{string(tiaojie.PartyPerson), string(tiaojie.PartyOrg)}
	performedKinds = []string{cases.PerformedFull, cases.PerformedPartial, cases.PerformedNone}
	assignHows     = []string{cases.ChosenByOrg, cases.ChosenByParties}
	dayKinds       = []string{string(tiaojie.DayHoliday), string(tiaojie.DayWorkday)}
	deadlineKinds  = []string{"accept", "respondent", "mediation", "confirmation", "visit"}
	reasonCodes    = []string{"type", "township", "stars", "load"} // case.why_*
	caseEvents     = []string{"create", "assign", "declare", "withdraw_conflict", "recusal_granted", "recusal_refused"}
)

// caseMessageCodes lists the catalogue codes the case operations name,
// checked when the routes are declared.
func caseMessageCodes() []string {
	codes := []string{codeNoAgreement}
	for prefix, list := range map[string][]string{
		"case.status.": strs(tiaojie.CaseStatuses()), "case.action.": strs(tiaojie.CaseActions()),
		"case.end.": strs(endReasons()), "case.source.": strs(tiaojie.CaseSources()), "case.side.": partySides,
		"case.kind.": partyKinds, "case.performed.": performedKinds, "case.how.": assignHows, "case.day.": dayKinds,
		"case.deadline.": deadlineKinds, "case.why_": reasonCodes, codeStepPrefix: namedSteps,
		"case.event.": append(slices.Clone(caseEvents), strs(tiaojie.CaseActions())...),
	} {
		for _, c := range list {
			codes = append(codes, prefix+c)
		}
	}
	return codes
}

// The API's own case messages (catalogue files messages/*/api_cases.json).
const (
	codeNoAgreement = "api.case.no_agreement" // GET /cases/{id}/agreement before there is one
	codeStepPrefix  = "api.case.step."        // + the operations that are not lifecycle steps (stepNamed)
)

// namedSteps are the operations stepNamed names.
var namedSteps = []string{"assign", "declare", "recusal", "recusal_decide", "confirm", "rate"}

// caseTaxonomy names every code of the case operations in Chinese and
// English, as /taxonomy names the directory's.
type caseTaxonomy struct {
	Statuses          []named `json:"statuses"`
	Actions           []named `json:"actions" doc:"办理步骤 Lifecycle steps"`
	Events            []named `json:"events" doc:"办理记录中的动作 Actions of the history"`
	EndReasons        []named `json:"end_reasons"`
	Sources           []named `json:"sources"`
	Deadlines         []named `json:"deadlines" doc:"deadline.kind 的名称 Names of deadline.kind"`
	PartySides        []named `json:"party_sides"`
	PartyKinds        []named `json:"party_kinds"`
	Performed         []named `json:"performed" doc:"回访时协议的履行情况 How far an agreement was performed"`
	AssignmentHows    []named `json:"assignment_hows" doc:"调解员的产生方式 How a mediator was chosen"`
	DayKinds          []named `json:"day_kinds"`
	SuggestionReasons []named `json:"suggestion_reasons"`
}

func (h *Handler) caseTaxonomy(context.Context, *none) (*body[caseTaxonomy], error) {
	return &body[caseTaxonomy]{Body: caseTaxonomy{
		Statuses:          h.catalogNames("case.status.", strs(tiaojie.CaseStatuses())),
		Actions:           h.catalogNames("case.action.", strs(tiaojie.CaseActions())),
		Events:            h.catalogNames("case.event.", append(slices.Clone(caseEvents), strs(tiaojie.CaseActions())...)),
		EndReasons:        h.catalogNames("case.end.", strs(endReasons())),
		Sources:           h.catalogNames("case.source.", strs(tiaojie.CaseSources())),
		Deadlines:         h.catalogNames("case.deadline.", deadlineKinds),
		PartySides:        h.catalogNames("case.side.", partySides),
		PartyKinds:        h.catalogNames("case.kind.", partyKinds),
		Performed:         h.catalogNames("case.performed.", performedKinds),
		AssignmentHows:    h.catalogNames("case.how.", assignHows),
		DayKinds:          h.catalogNames("case.day.", dayKinds),
		SuggestionReasons: h.catalogNames("case.why_", reasonCodes),
	}}, nil
}

// --- Intake ---

// CaseApplication is a dispute as it is filed. A draft may lack the facts,
// the parties and the consent; submitting, the desk, a referral and an
// import need them all. It is exported only because huma flattens an
// embedded struct (caseImport) only when its type is exported.
type CaseApplication struct {
	DisputeType disputeCode   `json:"dispute_type"`
	Township    string        `json:"township" maxLength:"16" doc:"纠纷发生地的乡镇代码 Code of the township where the dispute arose"`
	Title       string        `json:"title" maxLength:"400" doc:"一句话概括，最多 100 字 One line, at most 100 characters"`
	Facts       string        `json:"facts,omitempty" maxLength:"20000" doc:"事实经过，最多 5000 字；提交时必填 What happened, at most 5000 characters; required to submit"`
	Claims      string        `json:"claims,omitempty" maxLength:"20000" doc:"调解请求 What the applicant asks for"`
	AmountFen   *int64        `json:"amount_fen,omitempty" doc:"争议金额（分），省略表示无 Amount in dispute in fen; absent: none"`
	Parties     []casePartyIn `json:"parties,omitempty" maxItems:"100" doc:"当事人及代理人：至少一名申请人和一名被申请人，最多 20 人；提交时必填 Parties and agents: at least one applicant and one respondent, at most 20; required to submit"`
	Consent     bool          `json:"consent,omitempty" doc:"申请人已阅读并同意自愿调解声明；提交时必须为 true The applicant accepts the declaration on voluntary mediation; must be true to submit"`
}

// casePartyIn is a party or an agent as the applicant or the desk enters
// them.
type casePartyIn struct {
	Side           string `json:"side" enum:"applicant,respondent" doc:"applicant 申请人，respondent 被申请人"`
	Kind           string `json:"kind,omitempty" enum:"person,org" doc:"person 自然人（默认），org 法人或其他组织 person (default) or org"`
	AgentFor       int    `json:"agent_for,omitempty" doc:"代理人：所代理当事人在本列表中的序号（从 1 起）；当事人本人为 0 或省略 An agent: the 1-based position of its principal in this list; 0 or absent for a party"`
	Name           string `json:"name" maxLength:"400"`
	Gender         string `json:"gender,omitempty" enum:"male,female"`
	Ethnicity      string `json:"ethnicity,omitempty" maxLength:"80"`
	BirthYear      int    `json:"birth_year,omitempty"`
	Occupation     string `json:"occupation,omitempty" maxLength:"800"`
	Address        string `json:"address,omitempty" maxLength:"800"`
	CreditCode     string `json:"credit_code,omitempty" maxLength:"40" doc:"组织的统一社会信用代码 An organization's credit code"`
	Representative string `json:"representative,omitempty" maxLength:"800" doc:"组织的法定代表人或负责人 An organization's representative"`
	IDNumber       string `json:"id_number,omitempty" maxLength:"40" doc:"居民身份证号码，加密存储，此后只以脱敏形式出现 Identity number, stored encrypted and shown masked only"`
	Phone          string `json:"phone,omitempty" maxLength:"32" doc:"手机号：申请人必填，当事人凭此手机号登录即可看到本案 Mobile: required of applicants; a party who logs in with it sees the case"`
	Email          string `json:"email,omitempty" maxLength:"254" doc:"被申请人须有手机号或电子邮箱，用于邀请 A respondent needs a mobile or an e-mail, to be invited"`
}

func (in CaseApplication) input() cases.Application {
	a := cases.Application{DisputeType: string(in.DisputeType), Township: in.Township, Title: in.Title, Facts: in.Facts,
		Claims: in.Claims, AmountFen: in.AmountFen, Consent: in.Consent}
	for _, p := range in.Parties {
		a.Parties = append(a.Parties, cases.PartyInput{Side: tiaojie.PartySide(p.Side), Kind: tiaojie.PartyKind(p.Kind),
			AgentFor: p.AgentFor, Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity, BirthYear: p.BirthYear,
			Occupation: p.Occupation, Address: p.Address, CreditCode: p.CreditCode, Representative: p.Representative,
			IDNumber: p.IDNumber, Phone: p.Phone, Email: p.Email})
	}
	return a
}

// caseRef names a new or imported case.
type caseRef struct {
	ID     int64          `json:"id"`
	Number string         `json:"number" doc:"申请编号，如 TJ2026-000001 Application number"`
	Status caseStatusName `json:"status"`
}

// createdCase answers an intake: 201 with the new case, or (import only)
// 200 with the case imported before.
type createdCase struct {
	Status   int
	Location string `header:"Location" doc:"新案件的地址 The new case's URL"`
	Body     caseRef
}

// filed answers the case just filed, as its filer sees it.
func (h *Handler) filed(ctx context.Context, id int64, isNew bool) (*createdCase, error) {
	v, err := h.cases.Get(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	out := &createdCase{Status: http.StatusOK, Body: caseRef{ID: v.ID, Number: v.Number, Status: caseStatusName(v.Status)}}
	if isNew {
		out.Status, out.Location = http.StatusCreated, casePath(id)
	}
	return out, nil
}

// casePath is where the API serves a case.
func casePath(id int64) string { return Prefix + "/cases/" + strconv.FormatInt(id, 10) }

type applyCaseInput struct {
	Body CaseApplication
}

func (h *Handler) applyCase(ctx context.Context, in *applyCaseInput) (*createdCase, error) {
	id, err := h.cases.Apply(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, true)
}

type updateDraftInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body CaseApplication
}

func (h *Handler) updateDraft(ctx context.Context, in *updateDraftInput) (*none, error) {
	return done(h.cases.UpdateDraft(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input()))
}

// deskApplication is a case filed at the desk, for a walk-in or phoned
// applicant or for a court.
type deskApplication struct {
	CaseApplication
	Source string `json:"source,omitempty" enum:"desk,court" doc:"desk 窗口（默认），court 法院委派 desk (default) or court"`
}

type fileCaseInput struct {
	Body deskApplication
}

func (h *Handler) fileCase(ctx context.Context, in *fileCaseInput) (*createdCase, error) {
	a := in.Body.input()
	a.Source = tiaojie.CaseSource(in.Body.Source)
	id, err := h.cases.File(ctx, auth.PrincipalFrom(ctx), a)
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, true)
}

type referCaseInput struct {
	Body CaseApplication
}

func (h *Handler) referCase(ctx context.Context, in *referCaseInput) (*createdCase, error) {
	id, err := h.cases.Refer(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, true)
}

// caseImport is a case routed from another platform, with its id there.
type caseImport struct {
	CaseApplication
	ExternalID string           `json:"external_id" maxLength:"400" doc:"对方平台的案件编号，最多 100 个字符；同一编号只导入一次 The other platform's case id, at most 100 characters; imported once"`
	Source     importSourceName `json:"source,omitempty" doc:"省略为 city Absent: city"`
}

type importCaseInput struct {
	Body caseImport
}

func (h *Handler) importCase(ctx context.Context, in *importCaseInput) (*createdCase, error) {
	a := in.Body.input()
	a.Source, a.ExternalID = tiaojie.CaseSource(in.Body.Source), in.Body.ExternalID
	id, isNew, err := h.cases.Import(ctx, auth.PrincipalFrom(ctx), a)
	if err != nil {
		return nil, err
	}
	return h.filed(ctx, id, isNew)
}

type importStatusInput struct {
	Source     importSourceName `path:"source"`
	ExternalID string           `path:"external_id" doc:"对方平台的案件编号 The other platform's case id"`
}

// importedStatus is the outcome of an imported case, as the platform that
// routed it is told.
type importedStatus struct {
	ID         int64          `json:"id"`
	Number     string         `json:"number"`
	FileNo     string         `json:"file_no" doc:"受理后的卷号 The file number, once accepted"`
	Source     caseSourceName `json:"source"`
	ExternalID string         `json:"external_id"`
	Status     caseStatusName `json:"status"`
	OrgID      int64          `json:"org_id,omitempty"`
	OrgName    string         `json:"org_name"`
	AcceptedAt *time.Time     `json:"accepted_at,omitempty"`
	AgreedAt   *time.Time     `json:"agreed_at,omitempty" doc:"协议生效时间 When the agreement took effect"`
	EndedAt    *time.Time     `json:"ended_at,omitempty"`
	EndReason  endReasonName  `json:"end_reason,omitempty"`
	Confirmed  *bool          `json:"confirmed,omitempty" doc:"法院是否确认了协议（申请司法确认后）Whether the court confirmed the agreement"`
}

func (h *Handler) importStatus(ctx context.Context, in *importStatusInput) (*body[importedStatus], error) {
	v, err := h.cases.ByExternal(ctx, auth.PrincipalFrom(ctx), tiaojie.CaseSource(in.Source), in.ExternalID)
	if err != nil {
		return nil, err
	}
	return &body[importedStatus]{Body: importedStatus{ID: v.ID, Number: v.Number, FileNo: v.FileNo,
		Source: caseSourceName(v.Source), ExternalID: v.ExternalID, Status: caseStatusName(v.Status), OrgID: v.OrgID,
		OrgName: v.OrgName, AcceptedAt: utcOf(v.AcceptedAt), AgreedAt: utcOf(v.AgreedAt), EndedAt: utcOf(v.EndedAt),
		EndReason: endReasonName(v.EndReason), Confirmed: v.Confirmed}}, nil
}

// utcOf returns *t in UTC; nil for none.
func utcOf(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	return utc(*t)
}

// --- Reading a case ---

// caseView is a case as the caller may see it: the parties with what the
// caller may know of them, the caller's part, the steps they may take now
// and the deadline the case runs against.
type caseView struct {
	ID           int64            `json:"id"`
	Number       string           `json:"number" doc:"申请编号 Application number"`
	FileNo       string           `json:"file_no" doc:"卷号，受理后才有 File number, once accepted"`
	Status       caseStatusName   `json:"status"`
	Source       caseSourceName   `json:"source"`
	ExternalID   string           `json:"external_id,omitempty" doc:"导入案件在对方平台的编号 An imported case's id on its platform"`
	DisputeType  disputeCode      `json:"dispute_type"`
	Township     string           `json:"township"`
	TownshipName string           `json:"township_name"`
	Title        string           `json:"title"`
	Facts        string           `json:"facts"`
	Claims       string           `json:"claims"`
	AmountFen    *int64           `json:"amount_fen,omitempty"`
	AmountYuan   string           `json:"amount_yuan,omitempty"`
	OrgID        int64            `json:"org_id,omitempty" doc:"分派到的调解组织 The organization it is routed to"`
	OrgName      string           `json:"org_name"`
	MediatorID   int64            `json:"mediator_id,omitempty"`
	MediatorName string           `json:"mediator_name"`
	RouteReason  string           `json:"route_reason"`
	FeeFen       *int64           `json:"fee_fen,omitempty" doc:"商事调解的调解费，受理时按收费标准计算 A commercial case's fee, computed at acceptance"`
	FeeYuan      string           `json:"fee_yuan,omitempty"`
	EndReason    endReasonName    `json:"end_reason,omitempty"`
	Confirmed    *bool            `json:"confirmed,omitempty" doc:"法院是否确认了协议 Whether the court confirmed the agreement"`
	CreatedAt    time.Time        `json:"created_at"`
	SubmittedAt  *time.Time       `json:"submitted_at,omitempty"`
	RoutedAt     *time.Time       `json:"routed_at,omitempty"`
	AcceptDue    *time.Time       `json:"accept_due,omitempty"`
	AcceptedAt   *time.Time       `json:"accepted_at,omitempty"`
	RespDue      *time.Time       `json:"resp_due,omitempty"`
	ConsentAt    *time.Time       `json:"consent_at,omitempty" doc:"申请人同意自愿调解声明的时间 When the applicant accepted the declaration"`
	MediationDue *time.Time       `json:"mediation_due,omitempty"`
	AgreedAt     *time.Time       `json:"agreed_at,omitempty"`
	ConfirmDue   *time.Time       `json:"confirm_due,omitempty" doc:"申请司法确认的期限 Judicial confirmation to be applied for by"`
	VisitDue     *time.Time       `json:"visit_due,omitempty"`
	EndedAt      *time.Time       `json:"ended_at,omitempty"`
	ActivityAt   time.Time        `json:"activity_at" doc:"最近一次办理 The last activity"`
	Version      int64            `json:"version" doc:"每次变更加一 Grows with every change"`
	Parties      []caseParty      `json:"parties"`
	Caller       caseCaller       `json:"caller" doc:"调用者在本案中的身份 The caller's part in the case"`
	Actions      []caseActionName `json:"actions" doc:"调用者现在可以办理的步骤；draft_agreement、oral_agreement、visit 各有专门的操作，其余用 POST /cases/{id}/steps The steps the caller may take now; draft_agreement, oral_agreement and visit have operations of their own, the rest POST /cases/{id}/steps"`
	Deadline     *caseDeadline    `json:"deadline,omitempty" doc:"当前适用的期限 The deadline the case runs against now"`
}

// caseParty is a party or agent as the caller may see them: identity
// numbers masked; phone and e-mail only for those who may contact the
// party (its handlers, and the party itself), as on the case page.
type caseParty struct {
	ID             int64      `json:"id"`
	Side           string     `json:"side" enum:"applicant,respondent"`
	Kind           string     `json:"kind" enum:"person,org"`
	AgentFor       int64      `json:"agent_for,omitempty" doc:"代理人所代理的当事人编号 The party an agent acts for"`
	Name           string     `json:"name"`
	Gender         string     `json:"gender,omitempty"`
	Ethnicity      string     `json:"ethnicity,omitempty"`
	BirthYear      int        `json:"birth_year,omitempty"`
	Occupation     string     `json:"occupation,omitempty"`
	Address        string     `json:"address,omitempty"`
	CreditCode     string     `json:"credit_code,omitempty"`
	Representative string     `json:"representative,omitempty"`
	IDNumberMasked string     `json:"id_number_masked,omitempty" doc:"脱敏身份证号码 Masked identity number"`
	Phone          string     `json:"phone,omitempty" doc:"仅对可联系该当事人的调用者给出 Only for callers who may contact the party"`
	Email          string     `json:"email,omitempty"`
	InvitedAt      *time.Time `json:"invited_at,omitempty" doc:"被邀请参加调解 Invited to mediate"`
	OpenedAt       *time.Time `json:"opened_at,omitempty" doc:"打开了邀请 Opened the invitation"`
	JoinedAt       *time.Time `json:"joined_at,omitempty" doc:"同意调解 Agreed to mediate"`
	DeclinedAt     *time.Time `json:"declined_at,omitempty" doc:"拒绝调解 Declined to mediate"`
}

// caseCaller is the part the caller plays in a case.
type caseCaller struct {
	Roles    []string `json:"roles" doc:"applicant 申请人方，respondent 被申请人方，mediator 承办调解员，org 组织管理员，org_staff 本组织其他调解员（只读），desk 司法所或区司法局，referrer 委派单位（只读）"`
	PartyIDs []int64  `json:"party_ids" doc:"调用者本人（或其所代理）的当事人编号 The parties the caller is (or is the agent of)"`
}

// caseDeadline is the deadline a case runs against now.
type caseDeadline struct {
	Kind         string    `json:"kind" enum:"accept,respondent,mediation,confirmation,visit" doc:"名称见 /cases/taxonomy Names in /cases/taxonomy"`
	Due          time.Time `json:"due" doc:"届满时刻：最后一天结束时（北京时间午夜）The instant it falls due: the end of the last day, midnight in Beijing"`
	LastDay      string    `json:"last_day" doc:"最后一天 YYYY-MM-DD The last day"`
	Overdue      bool      `json:"overdue"`
	WorkdaysLeft int       `json:"workdays_left" doc:"剩余工作日（含今天）；已逾期为负数 Working days left, today included; negative when overdue"`
}

// deadlineOut converts a deadline; nil for none.
func (h *Handler) deadlineOut(d cases.Deadline, cal tiaojie.Calendar) *caseDeadline {
	if d.Kind == "" {
		return nil
	}
	return &caseDeadline{Kind: d.Kind, Due: d.Due.UTC(), LastDay: d.Due.In(tiaojie.Beijing()).AddDate(0, 0, -1).Format(time.DateOnly),
		Overdue: d.Overdue, WorkdaysLeft: cal.WorkdaysLeft(h.clock.Now(), d.Due)}
}

// calendar returns the working-day calendar, for deadlines.
func (h *Handler) calendar(ctx context.Context) (tiaojie.Calendar, error) {
	return h.cases.Calendar(ctx, h.db.Reader())
}

// townshipName returns a township's official name, or its code.
func (h *Handler) townshipName(code string) string {
	if t, ok := h.district.Township(code); ok {
		return t.Name
	}
	return code
}

// money writes an optional amount in fen and in yuan.
func money(fen *int64) (*int64, string) {
	if fen == nil {
		return nil, ""
	}
	return fen, yuan(tiaojie.Money(*fen))
}

func (h *Handler) caseOut(v *cases.View, cal tiaojie.Calendar) caseView {
	out := caseView{ID: v.ID, Number: v.Number, FileNo: v.FileNo, Status: caseStatusName(v.Status),
		Source: caseSourceName(v.Source), ExternalID: v.ExternalID, DisputeType: disputeCode(v.DisputeType),
		Township: v.Township, TownshipName: h.townshipName(v.Township), Title: v.Title, Facts: v.Facts, Claims: v.Claims,
		OrgID: v.OrgID, OrgName: v.OrgName, MediatorID: v.MediatorID, MediatorName: v.MediatorName,
		RouteReason: v.RouteReason, EndReason: endReasonName(v.EndReason), Confirmed: v.Confirmed,
		CreatedAt: v.CreatedAt.UTC(), SubmittedAt: utcOf(v.SubmittedAt), RoutedAt: utcOf(v.RoutedAt),
		AcceptDue: utcOf(v.AcceptDue), AcceptedAt: utcOf(v.AcceptedAt), RespDue: utcOf(v.RespDue),
		ConsentAt: utcOf(v.ConsentAt), MediationDue: utcOf(v.MediationDue), AgreedAt: utcOf(v.AgreedAt),
		ConfirmDue: utcOf(v.ConfirmDue), VisitDue: utcOf(v.VisitDue), EndedAt: utcOf(v.EndedAt),
		ActivityAt: v.ActivityAt.UTC(), Version: v.Version, Parties: make([]caseParty, 0, len(v.Parties)),
		Caller: callerOut(v.Parts), Actions: make([]caseActionName, 0, len(v.Actions)), Deadline: h.deadlineOut(v.Clock, cal)}
	out.AmountFen, out.AmountYuan = money(v.AmountFen)
	out.FeeFen, out.FeeYuan = money(v.FeeFen)
	for _, p := range v.Parties {
		out.Parties = append(out.Parties, caseParty{ID: p.ID, Side: string(p.Side), Kind: string(p.Kind), AgentFor: p.AgentFor,
			Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity, BirthYear: p.BirthYear, Occupation: p.Occupation,
			Address: p.Address, CreditCode: p.CreditCode, Representative: p.Representative, IDNumberMasked: p.IDNumberMasked,
			Phone: p.Phone, Email: p.Email, InvitedAt: utcOf(p.InvitedAt), OpenedAt: utcOf(p.OpenedAt),
			JoinedAt: utcOf(p.JoinedAt), DeclinedAt: utcOf(p.DeclinedAt)})
	}
	for _, a := range v.Actions {
		out.Actions = append(out.Actions, caseActionName(a))
	}
	return out
}

// callerOut lists the parts the caller plays.
func callerOut(ps cases.Parts) caseCaller {
	out := caseCaller{Roles: []string{}, PartyIDs: []int64{}}
	for _, r := range []struct {
		in   bool
		role string
	}{{len(ps.Applicant) > 0, "applicant"}, {len(ps.Respondent) > 0, "respondent"}, {ps.Mediator, "mediator"},
		{ps.Org, "org"}, {ps.OrgStaff, "org_staff"}, {ps.Desk, "desk"}, {ps.Referrer, "referrer"}} {
		if r.in {
			out.Roles = append(out.Roles, r.role)
		}
	}
	for _, id := range append(slices.Clone(ps.Applicant), ps.Respondent...) {
		if id != 0 { // the owner of a draft not yet naming them
			out.PartyIDs = append(out.PartyIDs, id)
		}
	}
	return out
}

type caseIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
}

func (h *Handler) getCase(ctx context.Context, in *caseIDInput) (*body[caseView], error) {
	v, err := h.cases.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &body[caseView]{Body: h.caseOut(v, cal)}, nil
}

// caseEvent is one step of a case's history.
type caseEvent struct {
	ID         int64          `json:"id"`
	Action     string         `json:"action" doc:"动作，名称见 /cases/taxonomy 的 events Action; names in /cases/taxonomy events"`
	FromStatus caseStatusName `json:"from_status,omitempty"`
	ToStatus   caseStatusName `json:"to_status"`
	OrgID      int64          `json:"org_id,omitempty"`
	EndReason  endReasonName  `json:"end_reason,omitempty"`
	Reason     string         `json:"reason"`
	ActorID    int64          `json:"actor_id,omitempty"`
	Actor      string         `json:"actor" doc:"登录名，公众为脱敏手机号 Login; a member of the public's masked phone"`
	Role       string         `json:"role" doc:"办理时的身份或来源 The part acted in, or the source"`
	At         time.Time      `json:"at"`
}

// caseHistoryOut is a case's history, oldest first.
type caseHistoryOut struct {
	Items []caseEvent `json:"items"`
}

func (h *Handler) caseHistory(ctx context.Context, in *caseIDInput) (*body[caseHistoryOut], error) {
	es, err := h.cases.History(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := caseHistoryOut{Items: make([]caseEvent, 0, len(es))}
	for _, e := range es {
		out.Items = append(out.Items, caseEvent{ID: e.ID, Action: e.Action, FromStatus: caseStatusName(e.FromStatus),
			ToStatus: caseStatusName(e.ToStatus), OrgID: e.OrgID, EndReason: endReasonName(e.EndReason), Reason: e.Reason,
			ActorID: e.ActorID, Actor: e.Actor, Role: e.Role, At: e.At.UTC()})
	}
	return &body[caseHistoryOut]{Body: out}, nil
}

// --- Lists ---

// caseRow is a case in a list.
type caseRow struct {
	ID           int64          `json:"id"`
	Number       string         `json:"number"`
	FileNo       string         `json:"file_no"`
	Title        string         `json:"title"`
	Status       caseStatusName `json:"status"`
	Source       caseSourceName `json:"source"`
	DisputeType  disputeCode    `json:"dispute_type"`
	Township     string         `json:"township"`
	TownshipName string         `json:"township_name"`
	OrgName      string         `json:"org_name"`
	MediatorName string         `json:"mediator_name"`
	CreatedAt    time.Time      `json:"created_at"`
	ActivityAt   time.Time      `json:"activity_at"`
	Deadline     *caseDeadline  `json:"deadline,omitempty"`
	Idle         bool           `json:"idle" doc:"办理中且 5 个工作日无进展 Open, and nothing happened for 5 working days"`
	Returned     bool           `json:"returned" doc:"被组织退回或逾期未受理，待重新分派 Back to routing after a decline or a missed deadline"`
}

func (h *Handler) rowsOut(rs []cases.Row, cal tiaojie.Calendar) []caseRow {
	out := make([]caseRow, 0, len(rs))
	for _, r := range rs {
		out = append(out, caseRow{ID: r.ID, Number: r.Number, FileNo: r.FileNo, Title: r.Title, Status: caseStatusName(r.Status),
			Source: caseSourceName(r.Source), DisputeType: disputeCode(r.DisputeType), Township: r.Township,
			TownshipName: h.townshipName(r.Township), OrgName: r.OrgName, MediatorName: r.MediatorName,
			CreatedAt: r.CreatedAt.UTC(), ActivityAt: r.ActivityAt.UTC(), Deadline: h.deadlineOut(r.Due, cal),
			Idle: r.Idle, Returned: r.Returned})
	}
	return out
}

// caseList is a list of cases and the number of all matches.
type caseList struct {
	Items []caseRow `json:"items"`
	Total int       `json:"total"`
}

type listCasesInput struct {
	Q        string         `query:"q" maxLength:"100" doc:"申请编号、卷号或标题包含 Number, file number or title contains"`
	Status   caseStatusName `query:"status"`
	Township string         `query:"township" maxLength:"16" doc:"乡镇代码 Township code"`
	OrgID    int64          `query:"org_id" minimum:"0" doc:"调解组织编号 Organization ID"`
	Overdue  bool           `query:"overdue" doc:"只列已过期限的办理中案件 Open cases past their deadline only"`
	Offset   int            `query:"offset" minimum:"0"`
	Limit    int            `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50 Page size; default 50"`
}

func (h *Handler) listCases(ctx context.Context, in *listCasesInput) (*body[caseList], error) {
	page, err := h.cases.List(ctx, auth.PrincipalFrom(ctx), cases.Filter{Status: tiaojie.CaseStatus(in.Status),
		Township: in.Township, OrgID: in.OrgID, Overdue: in.Overdue, Q: in.Q, Limit: in.Limit, Offset: in.Offset})
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &body[caseList]{Body: caseList{Items: h.rowsOut(page.Rows, cal), Total: page.Total}}, nil
}

func (h *Handler) myCases(ctx context.Context, _ *none) (*body[caseList], error) {
	rows, err := h.cases.Mine(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return &body[caseList]{Body: caseList{Items: h.rowsOut(rows, cal), Total: len(rows)}}, nil
}

// statusCount is how many cases are in a status.
type statusCount struct {
	Status caseStatusName `json:"status"`
	Count  int            `json:"count"`
}

// caseBoard is the supervising office's board.
type caseBoard struct {
	Counts   []statusCount `json:"counts" doc:"各状态的案件数（不含草稿），按办理顺序 Cases per status (drafts aside), in lifecycle order"`
	Open     int           `json:"open" doc:"办理中的案件数 Open cases"`
	Overdue  []caseRow     `json:"overdue" doc:"已过期限，最多 100 件 Past their deadline, at most 100"`
	Idle     []caseRow     `json:"idle" doc:"5 个工作日无进展，最多 100 件 Idle for 5 working days, at most 100"`
	Returned []caseRow     `json:"returned" doc:"被退回待重新分派，最多 100 件 Back to routing, at most 100"`
}

type boardInput struct {
	Township string `query:"township" maxLength:"16" doc:"只看一个乡镇（区司法局）One township only (the bureau)"`
}

func (h *Handler) caseBoard(ctx context.Context, in *boardInput) (*body[caseBoard], error) {
	b, err := h.cases.Board(ctx, auth.PrincipalFrom(ctx), in.Township)
	if err != nil {
		return nil, err
	}
	cal, err := h.calendar(ctx)
	if err != nil {
		return nil, err
	}
	out := caseBoard{Open: b.Open, Overdue: h.rowsOut(b.Overdue, cal), Idle: h.rowsOut(b.Idle, cal), Returned: h.rowsOut(b.Returned, cal)}
	for _, st := range tiaojie.CaseStatuses() {
		if st != tiaojie.CaseDraft {
			out.Counts = append(out.Counts, statusCount{Status: caseStatusName(st), Count: b.Counts[st]})
		}
	}
	return &body[caseBoard]{Body: out}, nil
}

// funnelRow is the respondents' participation in one organization's
// cases.
type funnelRow struct {
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
	Invited  int    `json:"invited" doc:"被邀请的被申请人 Respondents invited"`
	Opened   int    `json:"opened" doc:"打开了邀请 Opened the invitation"`
	Joined   int    `json:"joined" doc:"同意调解 Agreed to mediate"`
	Agreed   int    `json:"agreed" doc:"达成协议 Reached an agreement"`
	Declined int    `json:"declined" doc:"拒绝调解 Declined"`
}

// funnel is the participation funnel per organization.
type funnel struct {
	Items []funnelRow `json:"items"`
}

func (h *Handler) caseFunnel(ctx context.Context, _ *none) (*body[funnel], error) {
	fs, err := h.cases.Funnel(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := funnel{Items: make([]funnelRow, 0, len(fs))}
	for _, f := range fs {
		out.Items = append(out.Items, funnelRow{OrgID: f.OrgID, OrgName: f.OrgName, Invited: f.Invited, Opened: f.Opened,
			Joined: f.Joined, Agreed: f.Agreed, Declined: f.Declined})
	}
	return &body[funnel]{Body: out}, nil
}

// suggestion is an organization suggested for a case, with why.
type suggestion struct {
	OrgID        int64    `json:"org_id"`
	Name         string   `json:"name"`
	Township     string   `json:"township"`
	TownshipName string   `json:"township_name"`
	Stars        int      `json:"stars"`
	Open         int      `json:"open" doc:"其办理中的案件数 Its open cases"`
	Reasons      []string `json:"reasons" doc:"推荐理由：type 受理此类纠纷，township 在纠纷所在乡镇，stars 星级高，load 当前无积案 Why: type, township, stars, load"`
}

// suggestions lists the suggested organizations, best first.
type suggestions struct {
	Items []suggestion `json:"items"`
}

type suggestionsInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Limit int   `query:"limit" minimum:"0" maximum:"20" doc:"最多几个，默认 5 How many, 5 by default"`
}

func (h *Handler) caseSuggestions(ctx context.Context, in *suggestionsInput) (*body[suggestions], error) {
	sg, err := h.cases.SuggestFor(ctx, auth.PrincipalFrom(ctx), in.ID, cmp.Or(in.Limit, 5))
	if err != nil {
		return nil, err
	}
	out := suggestions{Items: make([]suggestion, 0, len(sg))}
	for _, s := range sg {
		reasons := make([]string, 0, len(s.Reasons))
		for _, r := range s.Reasons {
			reasons = append(reasons, strings.TrimPrefix(r, "case.why_"))
		}
		out.Items = append(out.Items, suggestion{OrgID: s.OrgID, Name: s.Name, Township: s.Township,
			TownshipName: h.townshipName(s.Township), Stars: s.Stars, Open: s.Open, Reasons: reasons})
	}
	return &body[suggestions]{Body: out}, nil
}

// --- Steps ---

// caseStep is a lifecycle step with what some steps need.
type caseStep struct {
	Action    stepActionName  `json:"action" doc:"谁可以在何种状态下办理哪一步由案件服务决定；当前状态不允许返回 409 case.bad_transition，身份不允许返回 403 case.not_your_step Which part may take which step from which status is the service's rule: a step the status does not allow is 409 case.bad_transition, one the caller's part may not take 403 case.not_your_step"`
	EndReason terminationName `json:"end_reason,omitempty"`
	Reason    string          `json:"reason,omitempty" maxLength:"8000" doc:"理由：退回、不予受理、延长、退回调解时必填，终止原因为 other 时必填 Reason: required to decline, reject, extend and reopen, and to terminate for other"`
	OrgID     int64           `json:"org_id,omitempty" doc:"route：分派到的调解组织 route: the organization"`
	Until     string          `json:"until,omitempty" format:"date" doc:"extend：延长后的最后一天 YYYY-MM-DD（北京时间）extend: the new last day of the period"`
	Confirmed *bool           `json:"confirmed,omitempty" doc:"confirm_result：法院是否确认了协议 confirm_result: whether the court confirmed the agreement"`
}

type caseStepInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body caseStep
}

func (h *Handler) caseStep(ctx context.Context, in *caseStepInput) (*none, error) {
	b := in.Body
	st := cases.Step{Action: tiaojie.CaseAction(b.Action), EndReason: tiaojie.EndReason(b.EndReason), Reason: b.Reason,
		OrgID: b.OrgID, Confirmed: b.Confirmed}
	if b.Until != "" {
		day, err := dateIn("until", b.Until)
		if err != nil {
			return nil, err
		}
		end := day.AddDate(0, 0, 1) // the end of that day
		st.Until = &end
	}
	return done(h.cases.Act(ctx, auth.PrincipalFrom(ctx), in.ID, st))
}

// assignment names the mediator of a case.
type assignment struct {
	MediatorID int64  `json:"mediator_id" doc:"本组织在册的调解员 An active mediator of the organization"`
	How        string `json:"how" enum:"org,parties" doc:"org 组织指定，parties 当事人共同选定 org: designated by the organization; parties: chosen jointly by the parties"`
}

type assignInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body assignment
}

func (h *Handler) assignMediator(ctx context.Context, in *assignInput) (*none, error) {
	return done(stepNamed(h.cases.Assign(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.MediatorID, in.Body.How), "assign"))
}

// declaration is the assigned mediator's conflict-of-interest declaration.
type declaration struct {
	Note string `json:"note,omitempty" maxLength:"8000" doc:"空或省略：无利益冲突，可以开始调解；否则写明冲突，调解员即退出本案 Empty or absent: no conflict, mediation may start; otherwise the conflict, and the mediator withdraws"`
}

type declareInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body declaration
}

func (h *Handler) declareConflict(ctx context.Context, in *declareInput) (*none, error) {
	return done(stepNamed(h.cases.DeclareConflict(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Note), "declare"))
}

// recusal is a party's request that the mediator step aside.
type recusal struct {
	ID         int64  `json:"id"`
	PartyID    int64  `json:"party_id"`
	MediatorID int64  `json:"mediator_id"`
	Reason     string `json:"reason"`
	Status     string `json:"status" enum:"pending,granted,refused"`
	Decision   string `json:"decision"`
}

// recusals lists a case's recusal requests, oldest first.
type recusals struct {
	Items []recusal `json:"items"`
}

func (h *Handler) listRecusals(ctx context.Context, in *caseIDInput) (*body[recusals], error) {
	rs, err := h.cases.Recusals(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := recusals{Items: make([]recusal, 0, len(rs))}
	for _, r := range rs {
		out.Items = append(out.Items, recusal{ID: r.ID, PartyID: r.PartyID, MediatorID: r.MediatorID, Reason: r.Reason,
			Status: r.Status, Decision: r.Decision})
	}
	return &body[recusals]{Body: out}, nil
}

// recusalRequest is why a party asks the mediator to step aside.
type recusalRequest struct {
	Reason string `json:"reason" maxLength:"8000" doc:"回避理由，最多 2000 字 Why, at most 2000 characters"`
}

type requestRecusalInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body recusalRequest
}

func (h *Handler) requestRecusal(ctx context.Context, in *requestRecusalInput) (*body[createdID], error) {
	rid, err := h.cases.RequestRecusal(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Reason)
	if err != nil {
		return nil, stepNamed(err, "recusal")
	}
	return &body[createdID]{Body: createdID{ID: rid}}, nil
}

// recusalDecision is the organization's decision on a recusal request.
type recusalDecision struct {
	Grant    bool   `json:"grant" doc:"true 准许（调解员退出本案），false 驳回 true grants it (the mediator leaves the case), false refuses it"`
	Decision string `json:"decision" maxLength:"8000" doc:"决定理由 The decision's reasons"`
}

type decideRecusalInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	RID  int64 `path:"rid" minimum:"1" doc:"回避申请编号 Recusal request ID"`
	Body recusalDecision
}

func (h *Handler) decideRecusal(ctx context.Context, in *decideRecusalInput) (*none, error) {
	return done(stepNamed(h.cases.DecideRecusal(ctx, auth.PrincipalFrom(ctx), in.ID, in.RID, in.Body.Grant, in.Body.Decision), "recusal_decide"))
}

// --- Agreement ---

// agreementIn is an agreement as the mediator writes it, with what 人民调
// 解法 Art. 29 requires.
type agreementIn struct {
	Facts       string   `json:"facts" maxLength:"20000" doc:"主要事实 The main facts"`
	Issues      string   `json:"issues" maxLength:"20000" doc:"争议事项 The issues"`
	Duties      string   `json:"duties,omitempty" maxLength:"20000" doc:"各方责任 Each side's responsibility"`
	Terms       []string `json:"terms" maxItems:"100" doc:"协议内容，每条一项，1–50 条 What was agreed, one term each, 1–50"`
	Performance string   `json:"performance" maxLength:"20000" doc:"履行方式 How it is performed"`
	PerformBy   string   `json:"perform_by,omitempty" format:"date" doc:"履行期限 YYYY-MM-DD；回访在其后一天到期 Performed by; the follow-up falls due the day after"`
}

func (in agreementIn) input() (cases.AgreementInput, error) {
	out := cases.AgreementInput{Facts: in.Facts, Issues: in.Issues, Duties: in.Duties, Terms: in.Terms, Performance: in.Performance}
	if in.PerformBy != "" {
		by, err := dateIn("perform_by", in.PerformBy)
		if err != nil {
			return out, err
		}
		out.PerformBy = &by
	}
	return out, nil
}

type agreementInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body agreementIn
}

func (h *Handler) draftAgreement(ctx context.Context, in *agreementInput) (*none, error) {
	ag, err := in.Body.input()
	if err != nil {
		return nil, err
	}
	return done(h.cases.DraftAgreement(ctx, auth.PrincipalFrom(ctx), in.ID, ag))
}

func (h *Handler) recordOral(ctx context.Context, in *agreementInput) (*none, error) {
	ag, err := in.Body.input()
	if err != nil {
		return nil, err
	}
	return done(h.cases.RecordOral(ctx, auth.PrincipalFrom(ctx), in.ID, ag))
}

// agreementOut is the current version of a case's agreement.
type agreementOut struct {
	ID            int64          `json:"id"`
	Version       int            `json:"version" doc:"第几稿 Draft number"`
	Oral          bool           `json:"oral" doc:"口头协议，记录即生效 An oral agreement, in effect once recorded"`
	Facts         string         `json:"facts"`
	Issues        string         `json:"issues"`
	Duties        string         `json:"duties"`
	Terms         []string       `json:"terms"`
	Performance   string         `json:"performance"`
	PerformBy     string         `json:"perform_by,omitempty" doc:"YYYY-MM-DD"`
	DraftedAt     time.Time      `json:"drafted_at"`
	EffectiveAt   *time.Time     `json:"effective_at,omitempty" doc:"各方均确认后生效 In effect once every party confirmed"`
	Confirmations []confirmation `json:"confirmations" doc:"已确认的当事人 The parties who confirmed"`
}

// confirmation is one party's confirmation of an agreement.
type confirmation struct {
	PartyID int64     `json:"party_id"`
	Method  string    `json:"method" enum:"online,in_person" doc:"online 本人在线确认，in_person 当面签字、由调解员记录 online by the party; in_person, recorded by the mediator"`
	At      time.Time `json:"at"`
}

func (h *Handler) getAgreement(ctx context.Context, in *caseIDInput) (*body[agreementOut], error) {
	ag, err := h.cases.CurrentAgreement(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	if ag == nil {
		return nil, tiaojie.E(tiaojie.NotFound, codeNoAgreement)
	}
	out := agreementOut{ID: ag.ID, Version: ag.Version, Oral: ag.Oral, Facts: ag.Facts, Issues: ag.Issues, Duties: ag.Duties,
		Terms: orEmpty(ag.Terms), Performance: ag.Performance, DraftedAt: ag.DraftedAt.UTC(), EffectiveAt: utcOf(ag.EffectiveAt),
		Confirmations: make([]confirmation, 0, len(ag.Confirmed))}
	if ag.PerformBy != nil {
		out.PerformBy = dateOut(*ag.PerformBy)
	}
	for _, pid := range slices.Sorted(maps.Keys(ag.Confirmed)) {
		c := ag.Confirmed[pid]
		out.Confirmations = append(out.Confirmations, confirmation{PartyID: c.PartyID, Method: c.Method, At: c.At.UTC()})
	}
	return &body[agreementOut]{Body: out}, nil
}

func (h *Handler) confirmAgreement(ctx context.Context, in *caseIDInput) (*none, error) {
	return done(stepNamed(h.cases.Confirm(ctx, auth.PrincipalFrom(ctx), in.ID), "confirm"))
}

type confirmForInput struct {
	ID    int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Party int64 `path:"party" minimum:"1" doc:"当面确认的当事人编号 The party who confirmed in person"`
}

func (h *Handler) confirmFor(ctx context.Context, in *confirmForInput) (*none, error) {
	return done(stepNamed(h.cases.ConfirmFor(ctx, auth.PrincipalFrom(ctx), in.ID, in.Party), "confirm"))
}

// --- Follow-up ---

// visit is a follow-up visit's record.
type visit struct {
	Performed string `json:"performed" enum:"full,partial,none" doc:"协议履行情况 How far the agreement was performed"`
	Note      string `json:"note" maxLength:"20000" doc:"回访情况，最多 5000 字 What the visit found, at most 5000 characters"`
}

type visitInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body visit
}

func (h *Handler) recordVisit(ctx context.Context, in *visitInput) (*none, error) {
	return done(h.cases.Visit(ctx, auth.PrincipalFrom(ctx), in.ID, cases.VisitInput{Performed: in.Body.Performed, Note: in.Body.Note}))
}

// rating is a party's rating of the service.
type rating struct {
	Stars   int    `json:"stars" doc:"1–5 星 1 to 5 stars"`
	Comment string `json:"comment,omitempty" maxLength:"2000" doc:"最多 500 字 At most 500 characters"`
}

type rateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body rating
}

func (h *Handler) rateCase(ctx context.Context, in *rateInput) (*none, error) {
	return done(stepNamed(h.cases.Rate(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Stars, in.Body.Comment), "rate"))
}

// --- Invitation ---

// invitation is what the respondent reads from the invitation link before
// logging in: the application in short, nobody's contact details.
type invitation struct {
	CaseID      int64          `json:"case_id" doc:"以受邀手机号登录后，GET /cases/{case_id} 查看并答复 After logging in with the invited phone, GET /cases/{case_id} to answer"`
	Number      string         `json:"number"`
	Status      caseStatusName `json:"status"`
	OrgName     string         `json:"org_name" doc:"受理的调解组织 The organization that accepted the case"`
	DisputeType disputeCode    `json:"dispute_type"`
	Title       string         `json:"title"`
	Facts       string         `json:"facts"`
	Claims      string         `json:"claims"`
	Applicants  []string       `json:"applicants" doc:"申请人姓名 The applicants' names"`
	Respondent  string         `json:"respondent" doc:"受邀的被申请人姓名 The invited respondent's name"`
	RespDue     *time.Time     `json:"resp_due,omitempty" doc:"答复期限 Answer by"`
}

type invitationInput struct {
	Token string `path:"token" doc:"邀请短信或邮件中的令牌 The token of the invitation's link"`
}

func (h *Handler) openInvitation(ctx context.Context, in *invitationInput) (*body[invitation], error) {
	inv, err := h.cases.OpenInvitation(ctx, in.Token)
	if err != nil {
		return nil, err
	}
	return &body[invitation]{Body: invitation{CaseID: inv.CaseID, Number: inv.Number, Status: caseStatusName(inv.Status),
		OrgName: inv.OrgName, DisputeType: disputeCode(inv.DisputeType), Title: inv.Title, Facts: inv.Facts, Claims: inv.Claims,
		Applicants: orEmpty(inv.Applicants), Respondent: inv.Respondent, RespDue: utcOf(inv.RespDue)}}, nil
}

// --- Calendar ---

// calendarDay is an exception to the weekly rule of working days.
type calendarDay struct {
	Date string `json:"date" doc:"YYYY-MM-DD"`
	Kind string `json:"kind" enum:"holiday,workday" doc:"holiday 工作日放假，workday 周末调休上班 holiday: a weekday off; workday: a weekend day worked"`
	Name string `json:"name" doc:"如 国庆节 e.g. 国庆节"`
}

// calendarDays lists the calendar's exceptions by date.
type calendarDays struct {
	Items []calendarDay `json:"items"`
}

type holidaysInput struct {
	Year int `query:"year" minimum:"0" maximum:"9999" doc:"年份，省略为全部 A year; absent: all"`
}

func (h *Handler) holidays(ctx context.Context, in *holidaysInput) (*body[calendarDays], error) {
	year := ""
	if in.Year > 0 {
		year = strconv.Itoa(in.Year) + "-"
	}
	ds, err := h.cases.Holidays(ctx, year)
	if err != nil {
		return nil, err
	}
	out := calendarDays{Items: make([]calendarDay, 0, len(ds))}
	for _, d := range ds {
		out.Items = append(out.Items, calendarDay{Date: d.Date, Kind: string(d.Kind), Name: d.Name})
	}
	return &body[calendarDays]{Body: out}, nil
}

// dayIn is a calendar day as the bureau enters it.
type dayIn struct {
	Kind string `json:"kind" enum:"holiday,workday"`
	Name string `json:"name,omitempty" maxLength:"200" doc:"最多 50 字 At most 50 characters"`
}

type setDayInput struct {
	Date string `path:"date" doc:"YYYY-MM-DD"`
	Body dayIn
}

func (h *Handler) setDay(ctx context.Context, in *setDayInput) (*none, error) {
	d := tiaojie.CalendarDay{Date: in.Date, Kind: tiaojie.DayKind(in.Body.Kind), Name: in.Body.Name}
	return done(h.cases.SetDay(ctx, auth.PrincipalFrom(ctx), d))
}

type dayInput struct {
	Date string `path:"date" doc:"YYYY-MM-DD"`
}

func (h *Handler) deleteDay(ctx context.Context, in *dayInput) (*none, error) {
	return done(h.cases.DeleteDay(ctx, auth.PrincipalFrom(ctx), in.Date))
}

// The case operations' descriptions, Chinese first.
const (
	descApply          = "公众以手机验证码登录后申请调解，保存为草稿（可不完整）；提交用 POST /cases/{id}/steps {\"action\": \"submit\"}。工作人员不能以公众身份申请。成功返回 201、编号与 Location。\n\nA member of the public, logged in with a phone code, applies for mediation; the application is saved as a draft, which may be incomplete; submit it with POST /cases/{id}/steps {\"action\": \"submit\"}. Staff cannot apply as the public. Answers 201 with the number and a Location header."
	descUpdateDraft    = "以整体替换草稿内容，只有申请人本人（或为其登记的窗口）可以；parties 省略时保留已填的当事人。已提交的返回 409 case.not_draft。\n\nReplaces a draft's contents; only its owner (or the desk that entered it) may. Absent parties keep the parties on record. A submitted application answers 409 case.not_draft."
	descFile           = "司法所或区司法局窗口为来访或来电的申请人登记案件（source 为 desk），或登记法院委派的案件（court），直接提交。司法所只能登记本乡镇的。成功返回 201。\n\nThe township office or the bureau files a case at the desk for a walk-in or phoned applicant (source desk) or for a court (court); it is submitted at once. A township office files only in its township. Answers 201."
	descRefer          = "联动单位（诉前委派、110 联动等）的用户移送案件，直接提交；移送单位可查看办理结果。成功返回 201。\n\nA partner agency's user refers a case (pre-litigation referral, 110 linkage and the like); it is submitted at once, and the referrer can follow the outcome. Answers 201."
	descImport         = "导入市级平台（或法院系统）分流来的案件，按 external_id 幂等：首次导入返回 201 与新案件；同一编号再次导入返回 200 与当时建立的案件，不作修改。只有区司法局可以。\n\nImports a case routed from the city-wide platform (or a court's system), idempotent by external_id: the first import answers 201 with the new case; importing the same id again answers 200 with the case made then, unchanged. The bureau only."
	descImportStatus   = "按对方平台的编号查询导入案件的办理结果（状态、结束原因、协议生效时间、卷号），供回传市级平台。未导入过与无权查看的同样返回 404。\n\nThe outcome of an imported case by the other platform's id (status, end reason, when the agreement took effect, file number), to report back to the city platform. An id never imported and a case outside the caller's scope both answer 404."
	descListCases      = "调用者范围内的案件（不含草稿），最新在前：区司法局看到全部，司法所看到本乡镇，组织管理员看到本组织，调解员看到承办的。\n\nCases within the caller's scope (drafts aside), newest first: the bureau sees all, a township office its township's, an organization's admin its organization's, a mediator those assigned to them."
	descMyCases        = "调用者自己申请的案件，以及以其登录手机号作为当事人的案件，最新在前，最多 200 件。\n\nThe cases the caller applied for and those naming the phone they logged in with as a party's, newest first, at most 200."
	descBoard          = "督办看板：调用者范围内各状态的案件数，以及已过期限、5 个工作日无进展和被退回待重新分派的案件。\n\nThe supervision board: cases per status within the caller's scope, and those past their deadline, idle for 5 working days, or back to routing."
	descFunnel         = "按调解组织统计被申请人的参与情况：被邀请、打开邀请、同意调解、达成协议、拒绝。\n\nRespondents' participation per organization: invited, opened the invitation, agreed to mediate, reached an agreement, declined."
	descCaseTaxonomy   = "案件使用的全部代码及其中英文名称：状态、步骤、办理记录动作、结束原因、来源、期限、当事人、履行情况、调解员产生方式、日历、推荐理由。\n\nEvery code of the cases with Chinese and English names: statuses, steps, history actions, end reasons, sources, deadlines, parties, performance, how mediators are chosen, calendar days, suggestion reasons."
	descGetCase        = "案件详情，按调用者在本案中的身份：当事人看不到对方的联系方式，身份证号码一律脱敏；actions 列出调用者现在可以办理的步骤，deadline 为当前期限。与本案无关的调用者得到 404。\n\nA case as the caller's part lets them see it: a party does not see the other side's contact details, and identity numbers are always masked; actions lists the steps the caller may take now, deadline the time limit that applies. A caller with no part in the case gets 404."
	descCaseHistory    = "案件的办理记录：谁、以何身份、何时、为何，最早在前。\n\nThe case's history: who, in which part, when and why, oldest first."
	descSuggestions    = "为案件推荐调解组织：受理此类纠纷的、纠纷所在乡镇的在前，其次星级高、积案少的；已退回过本案的不再推荐。\n\nOrganizations suggested for the case: those serving the dispute type, of its township first, then by stars and fewest open cases; any that declined the case are left out."
	descStep           = "办理一个生命周期步骤：submit 提交、route 分派（org_id）、accept 受理、decline 退回、reject 不予受理、withdraw 撤回、consent 同意调解、refuse 拒绝调解、unreachable 无法联系、extend 延长（until）、reopen 退回调解、terminate 终止（end_reason）、apply_confirm 申请司法确认、confirm_result 记录法院决定（confirmed）、perform 记录履行、archive 归档。拟定协议、口头协议和回访各有专门的操作。当前状态不允许返回 409 case.bad_transition。\n\nTakes a lifecycle step: submit, route (org_id), accept, decline, reject, withdraw, consent, refuse, unreachable, extend (until), reopen, terminate (end_reason), apply_confirm, confirm_result (confirmed), perform, archive. The agreement, the oral agreement and the visit have operations of their own. A step the status does not allow answers 409 case.bad_transition."
	descAssign         = "组织管理员指派调解员（或记录当事人共同选定的调解员），取代此前的指派。调解员须为本组织在册人员；被暂停或除名的不能指派。\n\nThe organization's admin assigns a mediator (or records the parties' joint choice), replacing any earlier assignment. The mediator must be an active member of the organization; a suspended or removed one never can be."
	descDeclare        = "承办调解员在调解前声明有无利益冲突：无冲突后才能拟定协议；声明有冲突即退出本案，由组织另行指派。\n\nThe assigned mediator declares any conflict of interest before mediating: with none declared they may draft the agreement; declaring one withdraws them, and the organization assigns another."
	descListRecusals   = "案件的回避申请，最早在前。\n\nThe case's recusal requests, oldest first."
	descRequestRecusal = "当事人申请承办调解员回避，须写明理由；由组织管理员决定。成功返回 201 与申请编号。\n\nA party asks that the mediator step aside, with the reason; the organization's admin decides. Answers 201 with the request's ID."
	descDecideRecusal  = "组织管理员决定回避申请；准许时调解员退出本案。\n\nThe organization's admin decides a recusal request; granting it takes the mediator off the case."
	descGetAgreement   = "案件当前的调解协议（最新一稿）及各方确认情况。尚无协议返回 404 api.case.no_agreement。\n\nThe case's current agreement (the latest draft) with the parties' confirmations. Without one: 404 api.case.no_agreement."
	descDraftAgreement = "承办调解员（已声明无利益冲突）拟定调解协议交各方确认，案件进入协议待确认；各方均确认后协议生效。\n\nThe assigned mediator, having declared no conflict, puts an agreement to the parties; the case awaits their confirmations, and the agreement takes effect once every party confirmed."
	descOralAgreement  = "承办调解员记录口头协议，记录即生效（人民调解法第二十八条）。\n\nThe assigned mediator records an oral agreement, in effect at once (People's Mediation Law Art. 28)."
	descConfirm        = "当事人（或其代理人）在线确认调解协议；最后一方确认后协议生效、案件达成协议。\n\nA party (or its agent) confirms the agreement online; with the last confirmation the agreement takes effect and the case is agreed."
	descConfirmFor     = "承办调解员记录当事人当面签字（按指印）的确认，供不能在线确认的当事人使用。\n\nThe assigned mediator records a confirmation a party gave in person (a signature on paper), for parties who cannot confirm online."
	descVisit          = "调解员或组织记录回访：协议履行情况与回访情况，案件进入已回访。\n\nThe mediator or the organization records a follow-up visit: how far the agreement was performed and what the visit found; the case is then followed up."
	descRate           = "调解结束后，当事人对调解服务评价（1–5 星），每位当事人一次。\n\nOnce mediation is over, a party rates the service (1 to 5 stars), once each."
	descInvitation     = "被申请人从邀请链接查看调解申请摘要（不含任何人的联系方式），并记录已打开。令牌错误返回 404。无需登录，按客户端地址限流。\n\nThe respondent reads the application in short from the invitation link (nobody's contact details), and the opening is recorded. A wrong token answers 404. No login; rate-limited per client address."
	descHolidays       = "区司法局维护的节假日与调休工作日，按日期排序。\n\nThe holidays and make-up working days the bureau keeps, by date."
	descSetDay         = "设置一天为放假（holiday）或调休上班（workday）。已计算的期限不变，此后的期限按新日历计算。\n\nMarks a day as a holiday or a make-up working day. Deadlines already computed stay; later ones follow the calendar."
	descDeleteDay      = "删除一天的设置，恢复按周一至周五工作。\n\nRemoves a day's setting: it follows the weekly rule again."
)
