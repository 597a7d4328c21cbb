// Package api serves the JSON API under /api/v1 with its OpenAPI 3.1
// document, for programs that work with the platform (a district data
// centre, scripts of the bureau's IT staff).
//
// Like internal/web it is a thin front door: a handler decodes the
// request, calls a service with the caller (auth.PrincipalFrom) and
// encodes the answer. The services decide; the API never repeats a rule.
// Operations are declared with huma (github.com/danielgtaylor/huma/v2) on
// the standard ServeMux through its humago adapter. Each declares the
// permission it needs in its metadata; a huma middleware enforces it
// before the request body is even read, and every operation is listed in
// the route.Table that Register returns, so the deny-by-default test
// walks it (SECURITY.md AC-01).
//
// Callers authenticate with the session cookie or an API token
// (`Authorization: Bearer tj_…`), both resolved by internal/server.
// Errors are RFC 9457 problem details (application/problem+json) in the
// request's language, with a stable message code.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/agreement"
	"tiaojie/internal/association"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/complaints"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
	"tiaojie/internal/funding"
	"tiaojie/internal/i18n"
	"tiaojie/internal/incubation"
	"tiaojie/internal/meetings"
	"tiaojie/internal/plan"
	"tiaojie/internal/procurement"
	ratingsvc "tiaojie/internal/rating"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/route"
	"tiaojie/internal/settings"
	"tiaojie/internal/stats"
	"tiaojie/internal/supervision"
	trainingsvc "tiaojie/internal/training"
)

// Prefix is the path every API route starts with. A new major version of
// the API would be mounted beside it, not in its place.
const Prefix = "/api/v1"

// maxBody caps a request body (the server caps every body at 1 MiB; no
// operation of this API needs more than a few kilobytes).
const maxBody = 64 << 10

// metaPermission is the Operation.Metadata key holding the operation's
// tiaojie.Permission.
const metaPermission = "permission"

// Deps are the collaborators of the API. Clock (nil: the system clock)
// gives "today" where a request leaves the date out; RateLimit (zero: the
// default) bounds the public operations per client address.
type Deps struct {
	Auth      *auth.Service
	Audit     *audit.Log
	Registry  *registry.Service
	Roster    *roster.Service
	Settings  *settings.Service // nil: no settings operations
	Experts   *experts.Service  // nil: no expert pool operations
	Cases     *cases.Service
	Content   *content.Service
	Files     *files.Service
	DB        *db.DB
	Catalog   *i18n.Catalog
	District  *tiaojie.District
	Log       *slog.Logger
	Version   string
	Clock     clock.Clock
	RateLimit RateLimit
	Fonts     *agreement.Fonts // the documents' CJK font; nil: PDFs answer 503

	Supervision *supervision.Service // nil: no supervision operations
	Disclosure  *disclosure.Service  // nil: no disclosure operations

	Rating *ratingsvc.Service // nil: no rating operations

	Incubation *incubation.Service // nil: no incubation operations

	Complaints  *complaints.Service  // nil: no complaint operations
	Association *association.Service // nil: no association operations
	Agencies    *agencies.Service    // partner agencies (C12); nil: none

	Training *trainingsvc.Service // nil: no training operations (C11)
	Funding  *funding.Service     // funding (C11); nil: no funding operations

	Plan        *plan.Service        // the rollout plan (C14); nil: no plan operations
	Stats       *stats.Service       // statistics (C15); nil: no statistics operations
	Procurement *procurement.Service // government procurement (C9); nil: none
	Meetings    *meetings.Service    // partners: joint meetings (C12); nil: none
}

// Handler serves the API.
type Handler struct {
	auth     *auth.Service
	audit    *audit.Log
	registry *registry.Service
	roster   *roster.Service
	settings *settings.Service
	experts  *experts.Service
	rating   *ratingsvc.Service
	cases    *cases.Service
	content  *content.Service
	files    *files.Service
	db       *db.DB
	catalog  *i18n.Catalog
	district *tiaojie.District
	log      *slog.Logger
	version  string
	clock    clock.Clock
	limiter  *limiter // nil: public operations unlimited
	fonts    *agreement.Fonts

	supervision *supervision.Service
	disclosure  *disclosure.Service
	incubation  *incubation.Service
	complaints  *complaints.Service
	association *association.Service
	training    *trainingsvc.Service // training (C11)

	funding *funding.Service // funding (C11)

	plan        *plan.Service // the rollout plan (C14)
	stats       *stats.Service
	procurement *procurement.Service // government procurement (C9); nil: no routes

	// partners: partner agencies and joint meetings (C12).
	agencies *agencies.Service
	meetings *meetings.Service
}

// New returns the API handler. It checks that every message the API can
// send has a translation, and installs huma's error hooks (see hooks).
func New(d Deps) (*Handler, error) {
	if d.Auth == nil || d.Audit == nil || d.DB == nil || d.Catalog == nil || d.District == nil {
		return nil, errors.New("api: Auth, Audit, DB, Catalog and District are required")
	}
	if d.Registry == nil || d.Roster == nil || d.Content == nil || d.Files == nil {
		return nil, errors.New("api: Registry, Roster, Content and Files are required")
	}
	for _, code := range messageCodes() {
		if !d.Catalog.Has(code) {
			return nil, fmt.Errorf("api: message %q has no translation", code)
		}
	}
	installErrorHooks()
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	version := d.Version
	if version == "" {
		version = "dev"
	}
	c := d.Clock
	if c == nil {
		c = clock.System{}
	}
	h := &Handler{auth: d.Auth, audit: d.Audit, registry: d.Registry, roster: d.Roster, settings: d.Settings, experts: d.Experts, rating: d.Rating, cases: d.Cases, content: d.Content, files: d.Files, db: d.DB, catalog: d.Catalog, district: d.District,
		log: log, version: version, clock: c, limiter: newLimiter(d.RateLimit, maxClients, time.Now), fonts: d.Fonts,
		supervision: d.Supervision, disclosure: d.Disclosure, incubation: d.Incubation,
		complaints: d.Complaints, association: d.Association,
		training: d.Training, funding: d.Funding, plan: d.Plan,
		stats: d.Stats,
	}
	h.procurement = d.Procurement                   // government procurement (C9)
	h.agencies, h.meetings = d.Agencies, d.Meetings // partner agencies and meetings (C12)
	return h, nil
}

// Register adds the API's routes to mux and returns them. It panics when
// an operation declares no permission: a programming error that must stop
// the start-up.
func (h *Handler) Register(mux *http.ServeMux) *route.Table {
	t := route.NewTable(mux, h.guard)
	a := huma.NewAPI(h.config(), recorder{Adapter: humago.NewAdapter(mux, Prefix), table: t})
	a.UseMiddleware(h.operate)
	h.routes(a)
	dropFilePartSchema(a.OpenAPI()) // upload.go

	spec, err := newSpec(a.OpenAPI())
	if err != nil {
		panic("api: OpenAPI document: " + err.Error())
	}
	t.Handle("GET "+Prefix+"/openapi.json", tiaojie.PermPublic, spec.handler(spec.json, "application/json"))
	t.Handle("GET "+Prefix+"/openapi.yaml", tiaojie.PermPublic, spec.handler(spec.yaml, "application/yaml"))
	// Anything else under the prefix is an API 404, as problem+json, not
	// the pages' HTML.
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		t.Handle(m+" "+Prefix+"/", tiaojie.PermPublic, http.HandlerFunc(h.notFound))
	}
	return t
}

// notFound answers a path under the prefix that no route serves.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.Error(w, r, tiaojie.E(tiaojie.NotFound, "error.not_found"))
}

// config is the huma configuration: OpenAPI 3.1, no documentation page
// (huma's loads its viewer from a public CDN, which an intranet cannot
// reach), no JSON-schema routes and no $schema links in bodies, unknown
// query parameters refused like unknown body fields.
func (h *Handler) config() huma.Config {
	c := huma.DefaultConfig("调解组织监管平台 API · Mediation Organization Supervision Platform API", h.version)
	c.OpenAPIPath, c.DocsPath, c.SchemasPath = "", "", ""
	c.CreateHooks = nil
	c.RejectUnknownQueryParameters = true
	c.Info.Description = description
	c.Servers = []*huma.Server{{URL: Prefix, Description: "本平台 This platform"}}
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "tj_…",
			Description: "API 令牌，在“我的账号”中创建。API token, created under My account."},
		"session": {Type: "apiKey", In: "cookie", Name: "tiaojie_session",
			Description: "网页登录会话（同源浏览器）。The pages' login session (same-origin browsers)."},
	}
	c.Tags = []*huma.Tag{
		{Name: tagAccount, Description: "当前用户与 API 令牌。The caller and their API tokens."},
		{Name: tagDistrict, Description: "区县概况（公开）。The district profile (public)."},
		{Name: tagUsers, Description: "账号管理，按调用者的范围。Accounts, within the caller's scope."},
		{Name: tagAudit, Description: "审计日志（仅审计管理员）。The audit trail (audit administrators only)."},
		{Name: tagDirectory, Description: "公开目录：调解组织、调解员、新闻与分类代码，无需登录，按客户端地址限流。The public directory: organizations, mediators, news and taxonomies; no login, rate-limited per client address."},
		{Name: tagOrgs, Description: "调解组织登记管理，按调用者的范围。The register of mediation organizations, within the caller's scope."},
		{Name: tagMediators, Description: "调解员名册管理，按调用者的范围；身份证号码脱敏。The mediator roster, within the caller's scope; identity numbers masked."},
		{Name: tagContent, Description: "联盟介绍、新闻与活动的编辑（区司法局）。Editing the alliance's introduction, news and events (the district bureau)."},
	}
	return c
}

// description introduces the API in the OpenAPI document.
const description = `调解组织监管平台的 JSON 接口。
认证：在请求头中携带 ` + "`Authorization: Bearer tj_…`" + `（在“我的账号”中创建 API 令牌），或同源浏览器的登录会话。
每个操作在 ` + "`x-permission`" + ` 中声明所需权限；未登录返回 401，无权限返回 403，超出范围的记录返回 404。
错误为 application/problem+json：` + "`code`" + ` 是稳定的消息代码，` + "`detail`" + ` 与 ` + "`errors[].message`" + ` 按 Accept-Language（zh 或 en）本地化。
时间均为 RFC 3339（UTC）；个人信息按页面同样的方式脱敏。

The JSON API of the mediation organization supervision platform.
Authenticate with ` + "`Authorization: Bearer tj_…`" + ` (create an API token under My account) or, from a same-origin browser, the login session.
Each operation declares the permission it needs in ` + "`x-permission`" + `; without credentials the answer is 401, without the permission 403, and a record outside the caller's scope 404.
Errors are application/problem+json: ` + "`code`" + ` is a stable message code; ` + "`detail`" + ` and ` + "`errors[].message`" + ` follow Accept-Language (zh or en).
Times are RFC 3339 in UTC; personal data is masked as the pages mask it.`

// recorder is humago's adapter plus the deny-by-default bookkeeping: every
// operation huma registers passes through Handle, which refuses one without
// a permission (a panic at start-up) and lists it in the route table.
type recorder struct {
	huma.Adapter
	table *route.Table
}

// Handle records op in the table, then registers it on the mux.
func (a recorder) Handle(op *huma.Operation, handler func(huma.Context)) {
	perm, ok := permission(op)
	if !ok {
		panic("api: " + op.Method + " " + Prefix + op.Path + ": an operation needs a permission in its metadata")
	}
	a.table.Record(route.Route{Method: op.Method, Pattern: Prefix + op.Path, Perm: perm})
	a.Adapter.Handle(op, handler)
}

// permission returns the permission an operation declares.
func permission(op *huma.Operation) (tiaojie.Permission, bool) {
	perm, ok := op.Metadata[metaPermission].(tiaojie.Permission)
	return perm, ok && perm != ""
}

// operate is the huma middleware of every operation. It makes the
// request's Handler known to the error hooks, sets Content-Language,
// enforces the operation's permission before the body is read, spends one
// of the client's public requests on a public operation (ratelimit.go),
// and turns a panic into a problem without a stack trace (the stack goes
// to the log).
func (h *Handler) operate(hctx huma.Context, next func(huma.Context)) {
	ctx := context.WithValue(hctx.Context(), handlerKey{}, h)
	hctx = huma.WithContext(hctx, ctx)
	hctx.SetHeader("Content-Language", route.LangFrom(ctx).Tag())
	defer h.recoverOperation(hctx)
	op := hctx.Operation()
	perm, ok := permission(op)
	var err error
	if !ok {
		err = tiaojie.Internalf("api: %s %s has no permission", op.Method, op.Path) // fail closed
	} else {
		err = h.allow(ctx, perm, op.Method+" "+Prefix+op.Path)
	}
	if err == nil && perm == tiaojie.PermPublic {
		err = h.throttle(ctx, hctx.SetHeader)
	}
	if err != nil {
		sendProblem(hctx.SetHeader, hctx.SetStatus, hctx.BodyWriter(), h.problem(ctx, err))
		return
	}
	next(hctx)
}

// recoverOperation is deferred by operate.
func (h *Handler) recoverOperation(hctx huma.Context) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	err := tiaojie.Internalf("api: panic: %v\n%s", v, debug.Stack())
	sendProblem(hctx.SetHeader, hctx.SetStatus, hctx.BodyWriter(), h.problem(hctx.Context(), err))
}

// guard enforces a plain route's permission, as operate does for huma's.
func (h *Handler) guard(perm tiaojie.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h.allow(r.Context(), perm, r.Pattern); err != nil {
			h.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allow decides whether the caller may use a route that needs perm: a
// caller who is not logged in must authenticate (401); one with a login
// step left, or without the permission, is refused (403), and a refusal
// of a logged-in caller is audited, as the pages do.
func (h *Handler) allow(ctx context.Context, perm tiaojie.Permission, pattern string) error {
	p := auth.PrincipalFrom(ctx)
	switch {
	case p.Can(perm):
		return nil
	case !p.LoggedIn():
		return tiaojie.E(tiaojie.Unauthorized, "api.unauthorized")
	case p.Pending != "":
		return tiaojie.E(tiaojie.Forbidden, "api.pending")
	}
	err := h.audit.RecordAlone(ctx, h.db, p, audit.Event{
		Action: "route.denied", ObjectType: "route", ObjectID: pattern, Outcome: audit.Denied, Reason: string(perm)})
	if err != nil {
		return err
	}
	return tiaojie.E(tiaojie.Forbidden, "error.forbidden")
}

// spec is the OpenAPI document, marshalled once when the routes are
// complete.
type spec struct{ json, yaml []byte }

// newSpec marshals the document as JSON and YAML.
func newSpec(o *huma.OpenAPI) (*spec, error) {
	j, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	y, err := o.YAML()
	if err != nil {
		return nil, err
	}
	return &spec{json: j, yaml: y}, nil
}

// handler serves one form of the document.
func (s *spec) handler(body []byte, contentType string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})
}
