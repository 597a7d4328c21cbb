package api

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
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
	addCase(h, a, created(h.upload(a, op(post, "/cases/{id}/evidence", "add-case-evidence", tagCases, self, "提交证据 · Add evidence", descAddEvidence), evidenceKind())), h.addEvidence)
	addCase(h, a, op(get, "/cases/{id}/evidence", "list-case-evidence", tagCases, self, "证据材料 · Evidence", descListEvidence), h.listEvidence)
	addCase(h, a, binary(op(get, "/cases/{id}/evidence/{eid}", "get-case-evidence", tagCases, self, "下载证据 · Download evidence", descOpenEvidence), docTypes...), h.openEvidence)
	addCase(h, a, op(get, "/cases/{id}/agreement", "get-case-agreement", tagCases, self, "调解协议 · The agreement", descGetAgreement), h.getAgreement)
	addCase(h, a, confirmationApplicationOp(), h.confirmationApplication)
	addCase(h, a, larger(op(post, "/cases/{id}/agreement", "draft-case-agreement", tagCases, handle, "拟定调解协议 · Put an agreement to the parties", descDraftAgreement), big), h.draftAgreement)
	addCase(h, a, larger(op(post, "/cases/{id}/oral-agreement", "record-case-oral-agreement", tagCases, handle, "记录口头协议 · Record an oral agreement", descOralAgreement), big), h.recordOral)
	addCase(h, a, op(post, "/cases/{id}/confirmations/code", "send-case-signing-code", tagCases, self, "获取签署验证码 · Get a signing code", descSigningCode), h.signingCode)
	addCase(h, a, op(post, "/cases/{id}/confirmations", "confirm-case-agreement", tagCases, self, "确认调解协议 · Confirm the agreement", descConfirm), h.confirmAgreement)
	addCase(h, a, op(post, "/cases/{id}/agreement/mediator-signature", "sign-case-agreement", tagCases, handle, "调解员签名 · Sign as mediator", descMediatorSign), h.mediatorSign)
	addCase(h, a, op(post, "/cases/{id}/agreement/seal", "seal-case-agreement", tagCases, handle, "加盖组织印章 · Apply the seal", descApplySeal), h.applySeal)
	addCase(h, a, op(post, "/cases/{id}/confirmations/{party}", "confirm-case-agreement-for", tagCases, handle, "代为记录当面确认 · Record an in-person confirmation", descConfirmFor), h.confirmFor)
	addCase(h, a, op(post, "/cases/{id}/visits", "record-case-visit", tagCases, handle, "回访记录 · Record a follow-up visit", descVisit), h.recordVisit)
	addCase(h, a, op(post, "/cases/{id}/rating", "rate-case", tagCases, self, "评价调解服务 · Rate the service", descRate), h.rateCase)
	addCase(h, a, op(get, "/cases/{id}/payments", "list-case-payments", tagCases, self, "调解费与收费记录 · Fee and payments", descListPayments), h.listPayments)
	addCase(h, a, created(op(post, "/cases/{id}/payments", "record-case-payment", tagCases, handle, "登记收费或退费 · Record a payment or refund", descRecordPayment)), h.recordPayment)

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
var namedSteps = []string{"assign", "declare", "recusal", "recusal_decide", "confirm", "mediator_sign", "apply_seal", "rate", "evidence", "evidence_read", "payment"}

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
