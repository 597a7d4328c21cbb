package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/i18n"
	"tiaojie/internal/server"
	"tiaojie/internal/server/servertest"
)

// stack is the whole platform in-process: database, services, pages, API
// and the server's middleware, driven through its root handler.
type stack struct {
	handler http.Handler
	srv     *server.Server
	st      *servertest.Stack // the services, for fixtures made as the platform itself
	auth    *auth.Service
	db      *db.DB
	cat     *i18n.Catalog
	dist    *tiaojie.District
	log     *syncBuffer
	// trace, when set, sees every request and its response (to scan
	// responses for what must never be in them).
	trace func(req, *response)
	// spread, when set, sends each request without a remote of its own
	// from a new client address, so that a test's many public requests stay
	// under the per-address rate limit (TestPublicRateLimit tests it).
	spread  bool
	clients int
}

// syncBuffer is the server's log, kept to check what reached it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newStack(t *testing.T, d *db.DB) *stack {
	t.Helper()
	logs := &syncBuffer{}
	st := servertest.New(t, d, servertest.Options{Log: slog.New(slog.NewTextHandler(logs, nil))})
	return &stack{handler: st.Server.Handler(), srv: st.Server, st: st, auth: st.Auth, db: d, cat: st.Catalog, dist: st.District, log: logs}
}

// testPassword meets the default policy and contains no test login.
const testPassword = "Qu!et-River-7"

// user creates an account through the service, as the platform itself,
// and returns the principal its API tokens act for.
func (s *stack) user(t *testing.T, login string, grants ...tiaojie.Grant) *tiaojie.Principal {
	t.Helper()
	id, err := s.auth.CreateUser(context.Background(), tiaojie.System(), auth.NewUser{
		Login: login, DisplayName: "用户 " + login, Password: testPassword, Grants: grants,
	})
	if err != nil {
		t.Fatalf("create %s: %v", login, err)
	}
	return &tiaojie.Principal{UserID: id, Name: login, Grants: grants, MFA: true}
}

// token returns a new API token of p with the scopes.
func (s *stack) token(t *testing.T, p *tiaojie.Principal, scopes ...tiaojie.Permission) string {
	t.Helper()
	secret, err := s.auth.CreateToken(context.Background(), p, "test", scopes, 0)
	if err != nil {
		t.Fatalf("token for %s: %v", p.Name, err)
	}
	return secret
}

// count returns the result of a count query.
func (s *stack) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// req is one request to the stack. auth is a bearer token, or a session
// cookie when it starts with "cookie:".
type req struct {
	method, path, auth string
	body               any    // marshalled to JSON unless a string
	lang               string // Accept-Language
	contentType        string // default application/json when there is a body
	remote             string // the client's address:port; default httptest's
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (s *stack) do(t *testing.T, q req) *response {
	t.Helper()
	var rd io.Reader
	switch b := q.body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	r := httptest.NewRequest(q.method, q.path, rd)
	if rd != nil {
		ct := q.contentType
		if ct == "" {
			ct = "application/json"
		}
		r.Header.Set("Content-Type", ct)
	}
	switch {
	case strings.HasPrefix(q.auth, "cookie:"):
		r.AddCookie(&http.Cookie{Name: "tiaojie_session", Value: strings.TrimPrefix(q.auth, "cookie:")})
	case q.auth != "":
		r.Header.Set("Authorization", "Bearer "+q.auth)
	}
	if q.lang != "" {
		r.Header.Set("Accept-Language", q.lang)
	}
	switch {
	case q.remote != "":
		r.RemoteAddr = q.remote
	case s.spread:
		s.clients++
		r.RemoteAddr = fmt.Sprintf("198.18.%d.%d:1234", s.clients/250, s.clients%250+1)
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	res := &response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	if s.trace != nil {
		s.trace(q, res)
	}
	return res
}

// ok checks the status of a successful response and decodes its body.
func (r *response) ok(t *testing.T, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if v != nil {
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		if err := json.Unmarshal(r.body, v); err != nil {
			t.Fatalf("decode %s: %v", r.body, err)
		}
	}
}

// problemBody mirrors the API's problem details.
type problemBody struct {
	Type      string         `json:"type"`
	Code      string         `json:"code"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail"`
	RequestID string         `json:"request_id"`
	Errors    []fieldProblem `json:"errors"`
}

type fieldProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// problem checks that r is a problem of the status and code, in the shape
// every API error has, with no internal detail in it, and returns it.
func (r *response) problem(t *testing.T, status int, code string) problemBody {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	// Texts that must never reach a client: SQL, stack traces, huma's and
	// Go's own error strings.
	leaks := []string{"sql", "goroutine", "panic", "runtime error", "invalid character", "cannot unmarshal",
		"unexpected end of json", "strconv.", ".go:", "validation failed", "unexpected property", "expected ",
		"request body is", "no rows", "constraint"}
	lower := strings.ToLower(string(r.body))
	for _, l := range leaks {
		if strings.Contains(lower, l) {
			t.Errorf("response leaks %q: %s", l, r.body)
		}
	}
	var p problemBody
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", r.body, err)
	}
	if p.Code != code || p.Status != status || p.Type != "urn:tiaojie:problem:"+code || p.Title != http.StatusText(status) {
		t.Errorf("problem = %+v, want code %s, status %d", p, code, status)
	}
	if p.Detail == "" || p.Detail == p.Code {
		t.Errorf("detail %q is not a translated message", p.Detail)
	}
	for _, f := range p.Errors {
		if f.Field == "" || f.Message == "" || f.Message == f.Code {
			t.Errorf("field problem %+v is incomplete or untranslated", f)
		}
	}
	if p.RequestID == "" || p.RequestID != r.header.Get("X-Request-ID") {
		t.Errorf("request_id %q, header %q", p.RequestID, r.header.Get("X-Request-ID"))
	}
	return p
}

// fields returns the field and code of each field problem.
func (p problemBody) fields() [][2]string {
	var out [][2]string
	for _, f := range p.Errors {
		out = append(out, [2]string{f.Field, f.Code})
	}
	return out
}

// apiRoute replaces the path parameters of a route pattern with 1.
func apiRoute(pattern string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(pattern, "/") {
		if strings.HasPrefix(part, "{") {
			part = "1"
		}
		if b.Len() > 0 || part != "" {
			b.WriteString("/" + part)
		}
	}
	return b.String()
}

func TestOpenAPIDocument(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Title, Version string
		} `json:"info"`
		Servers []struct{ URL string } `json:"servers"`
		Paths   map[string]map[string]struct {
			Permission string `json:"x-permission"`
			Summary    string `json:"summary"`
			Tags       []string
		} `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/openapi.json"}).ok(t, 200, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if !strings.Contains(doc.Info.Title, "调解") || !strings.Contains(doc.Info.Title, "Mediation") || doc.Info.Version != "test" {
		t.Errorf("info = %+v", doc.Info)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Errorf("servers = %+v", doc.Servers)
	}
	if doc.Components.Schemas["Problem"] == nil {
		t.Error("the document has no Problem schema")
	}

	// Every operation in the route table is in the document with the same
	// permission, and the document has no other.
	inDoc := map[string]string{}
	for path, ops := range doc.Paths {
		for method, o := range ops {
			inDoc[strings.ToUpper(method)+" /api/v1"+path] = o.Permission
			if o.Summary == "" || len(o.Tags) == 0 {
				t.Errorf("%s %s: no summary or tag", method, path)
			}
		}
	}
	inTable := map[string]string{}
	for _, r := range s.srv.Routes() {
		if strings.HasPrefix(r.Pattern, "/api/v1/") && !strings.HasSuffix(r.Pattern, "/") && !strings.Contains(r.Pattern, "/openapi.") {
			inTable[r.Method+" "+r.Pattern] = string(r.Perm)
		}
	}
	if diff := cmp.Diff(inTable, inDoc); diff != "" {
		t.Errorf("route table vs document (-table +doc):\n%s", diff)
	}
	want := map[string]string{
		"GET /api/v1/me": "self", "GET /api/v1/district": "public",
		"GET /api/v1/users": "users.read", "POST /api/v1/users": "users.manage", "GET /api/v1/users/{id}": "users.read",
		"PUT /api/v1/users/{id}/grants": "users.manage", "POST /api/v1/users/{id}/password": "users.manage",
		"POST /api/v1/users/{id}/status": "users.manage", "DELETE /api/v1/users/{id}/totp": "users.manage",
		"GET /api/v1/audit": "audit.read", "POST /api/v1/audit/verify": "audit.read",
		"GET /api/v1/tokens": "self", "POST /api/v1/tokens": "self", "DELETE /api/v1/tokens/{id}": "self",
	}
	maps.Copy(want, directoryOperations) // api_directory_test.go
	maps.Copy(want, caseOperations)      // api_cases_test.go
	maps.Copy(want, settingsOperations)  // api_training_test.go
	maps.Copy(want, ratingOperations)    // api_rating_test.go

	maps.Copy(want, supervisionOperations) // api_supervision_test.go
	maps.Copy(want, complaintOperations)   // api_complaints_test.go
	maps.Copy(want, incubationOperations)  // api_incubation_test.go

	maps.Copy(want, disclosureOperations)     // api_disclosure_test.go: disclosure and the expert pool
	maps.Copy(want, trainingCourseOperations) // api_training_courses_test.go: training and mentoring (C11)
	maps.Copy(want, fundingOperations)        // api_funding_test.go: funding and venture rounds (C11)

	maps.Copy(want, planOperations)  // api_plan_test.go: the rollout plan (C14)
	maps.Copy(want, statsOperations) // api_stats_test.go: statistics (C15)
	// api_procurement_test.go: government procurement (C9).
	maps.Copy(want, procurementOperations)
	maps.Copy(want, partnerOperations) // api_partners_test.go: partner agencies and meetings
	maps.Copy(want, orgNewsOperations) // api_orgnews_test.go: organizations' news (C13)
	if diff := cmp.Diff(want, inDoc); diff != "" {
		t.Errorf("operations (-want +got):\n%s", diff)
	}

	y := s.do(t, req{method: "GET", path: "/api/v1/openapi.yaml"})
	if y.status != 200 || !bytes.Contains(y.body, []byte("\nopenapi: 3.1.0\n")) {
		t.Errorf("openapi.yaml: %d %.40s", y.status, y.body)
	}
	// No documentation page: huma's loads its viewer from a public CDN.
	for _, p := range []string{"/api/v1/docs", "/api/v1/schemas/Problem.json", "/api/v1/openapi-3.0.json"} {
		s.do(t, req{method: "GET", path: p}).problem(t, 404, "error.not_found")
	}
	if bytes.Contains(y.body, []byte("unpkg")) || bytes.Contains(y.body, []byte("cdn")) {
		t.Error("the document refers to a CDN")
	}
}

// TestDenyByDefault calls every non-public API route without credentials
// and expects 401, and with a token of no permission beyond self expects
// 403 wherever self is not enough.
func TestDenyByDefault(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	citizen := s.user(t, "citizen", tiaojie.Grant{Role: tiaojie.RolePublic})
	selfOnly := s.token(t, citizen, tiaojie.PermSelf)
	n := 0
	for _, r := range s.srv.Routes() {
		if !strings.HasPrefix(r.Pattern, "/api/v1/") {
			continue
		}
		n++
		path := apiRoute(r.Pattern)
		anon := s.do(t, req{method: r.Method, path: path, body: "{}"})
		if r.Perm == tiaojie.PermPublic {
			if anon.status == 401 || anon.status == 403 {
				t.Errorf("%s %s is public but answered %d", r.Method, r.Pattern, anon.status)
			}
			continue
		}
		p := anon.problem(t, 401, "api.unauthorized")
		if anon.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s %s: 401 without WWW-Authenticate", r.Method, r.Pattern)
		}
		if len(p.Errors) > 0 {
			t.Errorf("%s %s: the body was validated before the permission: %+v", r.Method, r.Pattern, p.Errors)
		}
		if r.Perm != tiaojie.PermSelf {
			s.do(t, req{method: r.Method, path: path, auth: selfOnly, body: "{}"}).problem(t, 403, "error.forbidden")
		}
	}
	if n < 14 {
		t.Errorf("only %d API routes in the table", n)
	}
	// Every refusal of a logged-in caller is audited.
	if got := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'route.denied' AND actor = 'citizen'`); got < 9 {
		t.Errorf("%d route.denied rows, want one per refused operation", got)
	}
}

func TestDistrictIsPublic(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	var got struct {
		Name      string
		Bureau    struct{ Name string }
		Townships []struct{ Code, Name, Kind string }
	}
	r := s.do(t, req{method: "GET", path: "/api/v1/district"})
	r.ok(t, 200, &got)
	if got.Name != s.dist.Name || got.Bureau.Name != s.dist.Bureau.Name || len(got.Townships) != len(s.dist.Townships) {
		t.Fatalf("district = %+v", got)
	}
	first := s.dist.Townships[0]
	if diff := cmp.Diff(struct{ Code, Name, Kind string }{first.Code, first.Name, first.Kind}, got.Townships[0]); diff != "" {
		t.Errorf("first township (-want +got):\n%s", diff)
	}
	if r.header.Get("Content-Language") != "zh-CN" {
		t.Errorf("Content-Language = %q", r.header.Get("Content-Language"))
	}
}

// userJSON is the API's account.
type userJSON struct {
	ID          int64  `json:"id"`
	Login       string `json:"login"`
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
	PhoneMasked string `json:"phone_masked"`
	Status      string `json:"status"`
	Grants      []struct {
		Role     string `json:"role"`
		Township string `json:"township"`
		OrgID    int64  `json:"org_id"`
	} `json:"grants"`
	MustChange bool   `json:"must_change_password"`
	CreatedAt  string `json:"created_at"`
}

// newUserBody returns a valid request to create an account.
func newUserBody(login string) map[string]any {
	return map[string]any{
		"login": login, "display_name": "王五", "email": "wangwu@example.com", "phone": "13812345678",
		"password": testPassword,
		"grants":   []map[string]any{{"role": "township_office", "township": "310151101"}},
	}
}

func TestUsers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		admin := s.user(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
		manage := s.token(t, admin, tiaojie.PermUsersRead, tiaojie.PermUsersManage)
		readOnly := s.token(t, admin, tiaojie.PermUsersRead)
		users := func() int { return s.count(t, `SELECT count(*) FROM users`) }

		// Create: 201, Location, the account as the pages show it.
		r := s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: newUserBody("Wang.Wu")})
		var created struct{ ID int64 }
		r.ok(t, 201, &created)
		loc := "/api/v1/users/" + strconv.FormatInt(created.ID, 10)
		if r.header.Get("Location") != loc {
			t.Errorf("Location = %q, want %q", r.header.Get("Location"), loc)
		}
		g := s.do(t, req{method: "GET", path: loc, auth: readOnly})
		var u userJSON
		g.ok(t, 200, &u)
		if u.Login != "wang.wu" || u.PhoneMasked != "138****5678" || !u.MustChange || u.Status != "active" ||
			len(u.Grants) != 1 || u.Grants[0].Role != "township_office" || u.Grants[0].Township != "310151101" ||
			!strings.HasSuffix(u.CreatedAt, "Z") {
			t.Errorf("created account = %+v", u)
		}
		if bytes.Contains(g.body, []byte("13812345678")) {
			t.Error("the phone number is in clear")
		}

		// Refused: every field problem, localized in the request's language,
		// and nothing written.
		before := users()
		bad := map[string]any{"login": "A!", "display_name": "", "password": "short", "grants": []any{}}
		for _, tc := range []struct {
			accept string
			lang   i18n.Lang
		}{{"", i18n.Zh}, {"zh-CN,zh;q=0.9", i18n.Zh}, {"en-US,en;q=0.8", i18n.En}} {
			r := s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: bad, lang: tc.accept})
			p := r.problem(t, 422, "error.invalid_input")
			want := []fieldProblem{
				{"login", "user.login_format", s.cat.T(tc.lang, "user.login_format")},
				{"display_name", "user.name_length", s.cat.T(tc.lang, "user.name_length", "max", "64")},
				{"password", "password.too_short", s.cat.T(tc.lang, "password.too_short", "min", "8")},
			}
			if diff := cmp.Diff(want, p.Errors); diff != "" {
				t.Errorf("Accept-Language %q: field problems (-want +got):\n%s", tc.accept, diff)
			}
			if p.Detail != s.cat.T(tc.lang, "error.invalid_input") || r.header.Get("Content-Language") != tc.lang.Tag() {
				t.Errorf("Accept-Language %q: detail %q, Content-Language %q", tc.accept, p.Detail, r.header.Get("Content-Language"))
			}
		}
		if !strings.Contains(s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: bad, lang: "en"}).problem(t, 422, "error.invalid_input").Errors[0].Message, "account name") {
			t.Error("English message expected")
		}

		// Unknown fields are refused (no mass assignment), with the schema's
		// own problems localized the same way.
		extra := newUserBody("zhao")
		extra["must_change_password"] = false
		extra["status"] = "active"
		p := s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: extra}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"must_change_password", "api.field.unknown"}, {"status", "api.field.unknown"}}, sorted(p.fields())); diff != "" {
			t.Errorf("unknown fields (-want +got):\n%s", diff)
		}
		if p.Errors[0].Message != s.cat.T(i18n.Zh, "api.field.unknown") {
			t.Errorf("message %q", p.Errors[0].Message)
		}
		schema := map[string]any{"login": 7, "display_name": "x", "password": testPassword,
			"grants": []map[string]any{{"role": "wizard", "org_id": "one"}}}
		p = s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: schema, lang: "en"}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"grants[0].org_id", "api.field.integer"}, {"grants[0].role", "api.field.enum"}, {"login", "api.field.string"}}, sorted(p.fields())); diff != "" {
			t.Errorf("schema problems (-want +got):\n%s", diff)
		}
		p = s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: map[string]any{"login": "li"}, lang: "en"}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"display_name", "api.field.required"}, {"grants", "api.field.required"}, {"password", "api.field.required"}}, sorted(p.fields())); diff != "" {
			t.Errorf("required fields (-want +got):\n%s", diff)
		}
		s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: `{"login": "li",`}).problem(t, 400, "api.malformed_json")
		s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: ""}).problem(t, 400, "api.body_required")
		s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: "login=li", contentType: "application/x-www-form-urlencoded"}).problem(t, 415, "api.media_type")
		s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: `{"login":"` + strings.Repeat("x", 70<<10) + `"}`}).problem(t, 413, "error.too_large")
		// A duplicate login is the service's field problem.
		p = s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: newUserBody("wang.wu")}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"login", "user.login_taken"}}, p.fields()); diff != "" {
			t.Errorf("duplicate (-want +got):\n%s", diff)
		}
		// A token without users.manage is refused before the service runs.
		s.do(t, req{method: "POST", path: "/api/v1/users", auth: readOnly, body: newUserBody("qian")}).problem(t, 403, "error.forbidden")
		if got := users(); got != before {
			t.Errorf("refused requests wrote accounts: %d before, %d after", before, got)
		}

		// Manage the new account.
		s.do(t, req{method: "PUT", path: loc + "/grants", auth: manage, body: map[string]any{"grants": []map[string]any{{"role": "mediator", "org_id": 7}}}}).ok(t, 204, nil)
		p = s.do(t, req{method: "PUT", path: loc + "/grants", auth: manage, body: map[string]any{"grants": []map[string]any{{"role": "admin"}, {"role": "auditor"}}}}).problem(t, 409, "role.separation")
		if !strings.Contains(p.Detail, "admin") || !strings.Contains(p.Detail, "auditor") {
			t.Errorf("separation detail %q lacks its arguments", p.Detail)
		}
		s.do(t, req{method: "POST", path: loc + "/password", auth: manage, body: map[string]any{"password": "Another-Pass-9"}}).ok(t, 204, nil)
		p = s.do(t, req{method: "POST", path: loc + "/password", auth: manage, body: map[string]any{"password": "x"}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"password", "password.too_short"}}, p.fields()); diff != "" {
			t.Errorf("reset password (-want +got):\n%s", diff)
		}
		s.do(t, req{method: "POST", path: loc + "/status", auth: manage, body: map[string]any{"active": false}}).ok(t, 204, nil)
		p = s.do(t, req{method: "POST", path: loc + "/status", auth: manage, body: map[string]any{"active": "no"}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"active", "api.field.boolean"}}, p.fields()); diff != "" {
			t.Errorf("status (-want +got):\n%s", diff)
		}
		s.do(t, req{method: "POST", path: "/api/v1/users/" + strconv.FormatInt(admin.UserID, 10) + "/status", auth: manage, body: map[string]any{"active": false}}).problem(t, 409, "user.disable_self")
		s.do(t, req{method: "DELETE", path: loc + "/totp", auth: manage}).ok(t, 204, nil)
		s.do(t, req{method: "DELETE", path: "/api/v1/users/999999/totp", auth: manage}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: loc, auth: readOnly}).ok(t, 200, &u)
		if u.Status != "disabled" || len(u.Grants) != 1 || u.Grants[0].Role != "mediator" || u.Grants[0].OrgID != 7 {
			t.Errorf("managed account = %+v", u)
		}

		// Listing: filters, paging, and the query parameters' own checks.
		var list struct {
			Items []userJSON
			Total int
		}
		s.do(t, req{method: "GET", path: "/api/v1/users?q=wang&limit=10", auth: readOnly}).ok(t, 200, &list)
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].Login != "wang.wu" {
			t.Errorf("q=wang: %+v", list)
		}
		s.do(t, req{method: "GET", path: "/api/v1/users?role=admin", auth: readOnly}).ok(t, 200, &list)
		if list.Total != 1 || list.Items[0].Login != "admin" {
			t.Errorf("role=admin: %+v", list)
		}
		for _, tc := range []struct {
			query string
			want  [][2]string
		}{
			{"limit=abc", [][2]string{{"limit", "api.field.integer"}}},
			{"limit=500", [][2]string{{"limit", "api.field.maximum"}}},
			{"role=wizard", [][2]string{{"role", "api.field.enum"}}},
			{"page=2", [][2]string{{"page", "api.field.unknown_query"}}},
		} {
			p := s.do(t, req{method: "GET", path: "/api/v1/users?" + tc.query, auth: readOnly, lang: "en"}).problem(t, 422, "error.invalid_input")
			if diff := cmp.Diff(tc.want, p.fields()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}
		p = s.do(t, req{method: "GET", path: "/api/v1/users?limit=500", auth: readOnly, lang: "en"}).problem(t, 422, "error.invalid_input")
		if p.Errors[0].Message != "Must be at most 200." {
			t.Errorf("maximum message %q", p.Errors[0].Message)
		}
		s.do(t, req{method: "GET", path: "/api/v1/users/abc", auth: readOnly}).problem(t, 422, "error.invalid_input")
		s.do(t, req{method: "GET", path: "/api/v1/nothing", auth: readOnly}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "PATCH", path: "/api/v1/users", auth: readOnly}).problem(t, 404, "error.not_found")
	})
}

// TestScope checks that an account outside a township office's township
// answers 404, not 403, so its existence does not leak.
func TestScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		chengqiao, baozhen := s.dist.Townships[0].Code, s.dist.Townships[1].Code
		office := s.user(t, "office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		near := s.user(t, "near", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		far := s.user(t, "far", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
		tok := s.token(t, office, tiaojie.PermUsersRead)

		s.do(t, req{method: "GET", path: "/api/v1/users/" + strconv.FormatInt(near.UserID, 10), auth: tok}).ok(t, 200, nil)
		outside := s.do(t, req{method: "GET", path: "/api/v1/users/" + strconv.FormatInt(far.UserID, 10), auth: tok}).problem(t, 404, "error.not_found")
		missing := s.do(t, req{method: "GET", path: "/api/v1/users/999999", auth: tok}).problem(t, 404, "error.not_found")
		if outside.Detail != missing.Detail {
			t.Errorf("out of scope %q and missing %q read differently", outside.Detail, missing.Detail)
		}
		var list struct {
			Items []userJSON
			Total int
		}
		s.do(t, req{method: "GET", path: "/api/v1/users", auth: tok}).ok(t, 200, &list)
		var logins []string
		for _, u := range list.Items {
			logins = append(logins, u.Login)
		}
		if diff := cmp.Diff([]string{"office", "near"}, logins); diff != "" || list.Total != 2 {
			t.Errorf("listed (-want +got):\n%s total %d", diff, list.Total)
		}
	})
}

// login logs in with the password and returns the session token.
func (s *stack) login(t *testing.T, login string) string {
	t.Helper()
	res, err := s.auth.PasswordLogin(context.Background(), login, testPassword, auth.Client{IP: "192.0.2.1", UserAgent: "test"})
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	return "cookie:" + res.Token
}

func TestTokens(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		s.user(t, "citizen", tiaojie.Grant{Role: tiaojie.RolePublic})
		session := s.login(t, "citizen")

		var me struct {
			ID     int64
			Login  string
			Name   string
			Roles  []struct{ Role string }
			MFA    bool
			Scopes []string
		}
		s.do(t, req{method: "GET", path: "/api/v1/me", auth: session}).ok(t, 200, &me)
		if me.Login != "citizen" || me.Name != "用户 citizen" || len(me.Roles) != 1 || me.Roles[0].Role != "public" || me.Scopes != nil {
			t.Errorf("me = %+v", me)
		}

		var tok struct {
			ID        int64
			Prefix    string
			ExpiresAt string `json:"expires_at"`
			Token     string
		}
		s.do(t, req{method: "POST", path: "/api/v1/tokens", auth: session,
			body: map[string]any{"name": "对账脚本", "scopes": []string{"self"}, "expires_in_days": 30}}).ok(t, 201, &tok)
		if !strings.HasPrefix(tok.Token, auth.TokenPrefix) || !strings.HasPrefix(tok.Token, tok.Prefix) || tok.ID == 0 ||
			!strings.HasSuffix(tok.ExpiresAt, "Z") {
			t.Errorf("created token = %+v", tok)
		}
		p := s.do(t, req{method: "POST", path: "/api/v1/tokens", auth: session, lang: "en",
			body: map[string]any{"name": "x", "scopes": []string{"users.manage"}, "expires_in_days": 400}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"expires_in_days", "api.field.maximum"}}, p.fields()); diff != "" {
			t.Errorf("lifetime (-want +got):\n%s", diff)
		}
		p = s.do(t, req{method: "POST", path: "/api/v1/tokens", auth: session, lang: "en",
			body: map[string]any{"name": "", "scopes": []string{"users.manage"}}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"name", "token.name_length"}, {"scopes", "token.scope_not_allowed"}}, p.fields()); diff != "" {
			t.Errorf("token rules (-want +got):\n%s", diff)
		}
		if want := s.cat.T(i18n.En, "token.scope_not_allowed", "scope", "users.manage"); p.Errors[1].Message != want {
			t.Errorf("message %q, want %q", p.Errors[1].Message, want)
		}

		// The token works, lists without secrets, and cannot mint tokens.
		s.do(t, req{method: "GET", path: "/api/v1/me", auth: tok.Token}).ok(t, 200, &me)
		if diff := cmp.Diff([]string{"self"}, me.Scopes); diff != "" {
			t.Errorf("token scopes (-want +got):\n%s", diff)
		}
		l := s.do(t, req{method: "GET", path: "/api/v1/tokens", auth: tok.Token})
		var list struct{ Items []map[string]any }
		l.ok(t, 200, &list)
		if len(list.Items) != 1 || list.Items[0]["token"] != nil || bytes.Contains(l.body, []byte(tok.Token)) {
			t.Errorf("token list = %s", l.body)
		}
		s.do(t, req{method: "POST", path: "/api/v1/tokens", auth: tok.Token,
			body: map[string]any{"name": "again", "scopes": []string{"self"}}}).problem(t, 403, "error.forbidden")

		// Revoked, it is refused at once.
		path := "/api/v1/tokens/" + strconv.FormatInt(tok.ID, 10)
		s.do(t, req{method: "DELETE", path: path, auth: session}).ok(t, 204, nil)
		s.do(t, req{method: "GET", path: "/api/v1/me", auth: tok.Token}).problem(t, 401, "auth.token_invalid")
		s.do(t, req{method: "DELETE", path: path, auth: session}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: "/api/v1/me", auth: "tj_not-a-token"}).problem(t, 401, "auth.token_invalid")
	})
}

// TestPendingLogin checks that a session with a login step left (here:
// the second factor of a staff account) gets 403 until it is done.
func TestPendingLogin(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		s.user(t, "clerk", tiaojie.Grant{Role: tiaojie.RoleBureau})
		session := s.login(t, "clerk")
		for _, path := range []string{"/api/v1/me", "/api/v1/users", "/api/v1/tokens"} {
			s.do(t, req{method: "GET", path: path, auth: session}).problem(t, 403, "api.pending")
		}
		s.do(t, req{method: "GET", path: "/api/v1/district", auth: session}).ok(t, 200, nil)
	})
}

func TestAudit(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		admin := s.user(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
		auditor := s.user(t, "auditor", tiaojie.Grant{Role: tiaojie.RoleAuditor})
		manage := s.token(t, admin, tiaojie.PermUsersManage)
		read := s.token(t, auditor, tiaojie.PermAuditRead)

		r := s.do(t, req{method: "POST", path: "/api/v1/users", auth: manage, body: newUserBody("zhou")})
		var created struct{ ID int64 }
		r.ok(t, 201, &created)

		// Only the auditor reads the trail.
		s.do(t, req{method: "GET", path: "/api/v1/audit", auth: manage}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "POST", path: "/api/v1/audit/verify", auth: manage}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "GET", path: "/api/v1/audit"}).problem(t, 401, "api.unauthorized")

		type row struct {
			Seq       int64
			At        string
			Actor     string
			Action    string
			ObjectID  string `json:"object_id"`
			Outcome   string
			Reason    string
			RequestID string `json:"request_id"`
			Detail    map[string]string
		}
		var page struct {
			Rows []row
			Next int64
		}
		s.do(t, req{method: "GET", path: "/api/v1/audit?action=user.create&actor=admin", auth: read}).ok(t, 200, &page)
		if len(page.Rows) != 1 {
			t.Fatalf("user.create by admin: %+v", page)
		}
		got := page.Rows[0]
		want := row{Seq: got.Seq, At: got.At, Actor: "admin", Action: "user.create", ObjectID: strconv.FormatInt(created.ID, 10),
			Outcome: "ok", RequestID: r.header.Get("X-Request-ID"), Detail: map[string]string{"login": "zhou", "roles": "township_office@310151101"}}
		if diff := cmp.Diff(want, got); diff != "" || !strings.HasSuffix(got.At, "Z") {
			t.Errorf("audit row (-want +got):\n%s", diff)
		}
		// The refusals above are in the trail too, and so are the searches.
		s.do(t, req{method: "GET", path: "/api/v1/audit?action=route.&outcome=denied", auth: read}).ok(t, 200, &page)
		if len(page.Rows) != 2 || page.Rows[0].Actor != "admin" || page.Rows[0].Reason != "audit.read" {
			t.Errorf("denials: %+v", page.Rows)
		}
		s.do(t, req{method: "GET", path: "/api/v1/audit?action=audit.search&limit=1", auth: read}).ok(t, 200, &page)
		if len(page.Rows) != 1 || page.Next == 0 || page.Rows[0].Actor != "auditor" {
			t.Errorf("searches, first page: %+v", page)
		}
		s.do(t, req{method: "GET", path: "/api/v1/audit?action=audit.search&limit=1&before=" + strconv.FormatInt(page.Next, 10), auth: read}).ok(t, 200, &page)
		if len(page.Rows) != 1 {
			t.Errorf("searches, second page: %+v", page)
		}
		for _, tc := range []struct{ query, field, code string }{
			{"from=yesterday", "from", "api.field.date_time"},
			{"outcome=maybe", "outcome", "api.field.enum"},
			{"from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to", "audit.range"},
		} {
			p := s.do(t, req{method: "GET", path: "/api/v1/audit?" + tc.query, auth: read}).problem(t, 422, "error.invalid_input")
			if diff := cmp.Diff([][2]string{{tc.field, tc.code}}, p.fields()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}

		var rep struct {
			OK       bool
			Rows     int64
			Last     int64
			LastMAC  string `json:"last_mac"`
			Problems []any
		}
		s.do(t, req{method: "POST", path: "/api/v1/audit/verify", auth: read}).ok(t, 200, &rep)
		if !rep.OK || rep.Rows < 5 || rep.Last != rep.Rows || rep.LastMAC == "" || rep.Problems == nil || len(rep.Problems) != 0 {
			t.Errorf("verify = %+v", rep)
		}
		if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'audit.verify' AND actor = 'auditor'`); n != 1 {
			t.Errorf("%d audit.verify rows, want 1", n)
		}
	})
}

// TestInternalError checks that a failure inside shows only error.internal
// and the request ID, while the cause goes to the log.
func TestInternalError(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		admin := s.user(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
		tok := s.token(t, admin, tiaojie.PermUsersRead)
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"zh-CN", "en"} {
			r := s.do(t, req{method: "GET", path: "/api/v1/users", auth: tok, lang: lang})
			p := r.problem(t, 500, "error.internal")
			if len(p.Errors) != 0 {
				t.Errorf("internal error with field problems: %+v", p)
			}
			if !strings.Contains(s.log.String(), p.RequestID) {
				t.Errorf("the log does not name request %s", p.RequestID)
			}
		}
	})
}

// sorted returns pairs in order, for comparing field problems whose order
// comes from a map.
func sorted(pairs [][2]string) [][2]string {
	out := slices.Clone(pairs)
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	return out
}

// matchPages checks that each operation of ops is in the route table with
// the permission ops gives, and that the page route pageOf names for it
// declares the same one, so a rule is not looser through the API than on
// the pages. An operation without a page must be listed in apiOnly.
func matchPages(t *testing.T, ops, pageOf map[string]string, apiOnly ...string) {
	t.Helper()
	s := newStack(t, dbtest.SQLite(t))
	perms := map[string]tiaojie.Permission{}
	for _, r := range s.srv.Routes() {
		perms[r.Method+" "+r.Pattern] = r.Perm
	}
	for op := range pageOf {
		if _, ok := ops[op]; !ok {
			t.Errorf("%s has a page but is not among the operations", op)
		}
	}
	for op, want := range ops {
		if got, ok := perms[op]; !ok || string(got) != want {
			t.Errorf("%s: permission %q, want %q", op, got, want)
		}
		page, ok := pageOf[op]
		if !ok {
			if !slices.Contains(apiOnly, op) {
				t.Errorf("%s names no page route", op)
			}
			continue
		}
		switch pagePerm, ok := perms[page]; {
		case !ok:
			t.Errorf("%s: its page route %s is gone", op, page)
		case string(pagePerm) != want:
			t.Errorf("%s needs %s but its page %s needs %s", op, want, page, pagePerm)
		}
	}
}
