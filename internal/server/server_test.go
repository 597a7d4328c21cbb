package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/route"
	"tiaojie/internal/server/servertest"
)

// concrete fills a route pattern's wildcards so it can be requested.
func concrete(pattern string) string {
	var b strings.Builder
	for _, seg := range strings.Split(pattern, "/") {
		if b.Len() > 0 || strings.HasPrefix(pattern, "/") {
			b.WriteByte('/')
		}
		switch {
		case strings.HasPrefix(seg, "{") && strings.Contains(seg, "..."):
			b.WriteString("x")
		case strings.HasPrefix(seg, "{"):
			b.WriteString("1")
		default:
			b.WriteString(seg)
		}
	}
	s := strings.TrimPrefix(b.String(), "/")
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	return strings.TrimSuffix(strings.ReplaceAll(s, "{$}", ""), "/") + map[bool]string{true: "/"}[strings.HasSuffix(pattern, "/")]
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// TestEveryRouteHasPermission walks every route of the pages, the API and
// the operational endpoints (deny by default, SECURITY.md AC-01): each
// declares a permission, and each route that is not public refuses an
// anonymous caller, with a login redirect or a 401/404, never content.
func TestEveryRouteHasPermission(t *testing.T) {
	s := servertest.SQLite(t)
	routes := s.Server.Routes()
	if len(routes) < 30 {
		t.Fatalf("only %d routes found; the walk is broken", len(routes))
	}
	c := &http.Client{CheckRedirect: noRedirect}
	for _, r := range routes {
		if r.Perm == "" {
			t.Errorf("%s %s declares no permission", r.Method, r.Pattern)
			continue
		}
		if r.Perm == tiaojie.PermPublic {
			continue
		}
		path := concrete(r.Pattern)
		req, _ := http.NewRequest(r.Method, s.HTTP.URL+path, strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		ok := resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusNotFound ||
			resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login")
		if !ok {
			t.Errorf("anonymous %s %s (%s) = %d, want a refusal", r.Method, path, r.Perm, resp.StatusCode)
		}
	}
}

// TestSecurityHeadersEverywhere checks the headers on pages, errors,
// assets and the API (SECURITY.md INT-04).
func TestSecurityHeadersEverywhere(t *testing.T) {
	s := servertest.SQLite(t)
	for _, path := range []string{"/", "/login", "/no/such/page", "/static/app.css", "/admin/users", "/api/v1/me", "/healthz"} {
		resp, err := (&http.Client{CheckRedirect: noRedirect}).Get(s.HTTP.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
			if h.Get(k) != want {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), want)
			}
		}
		if h.Get("X-Request-ID") == "" {
			t.Errorf("%s: no request id", path)
		}
		if !strings.HasPrefix(path, "/static/") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, h.Get("Cache-Control"))
		}
	}
}

// TestCrossOriginPostRefused: a form posted from another site is refused
// before it reaches a handler (CSRF).
func TestCrossOriginPostRefused(t *testing.T) {
	s := servertest.SQLite(t)
	req, _ := http.NewRequest(http.MethodPost, s.HTTP.URL+"/login", strings.NewReader("login=a&password=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "请求来源校验失败") {
		t.Errorf("cross-site POST = %d", resp.StatusCode)
	}
	var n int
	s.DB.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'auth.login'`).Scan(&n)
	if n != 0 {
		t.Error("the refused request reached the login service")
	}
}

// TestLimits: oversized bodies are refused, TRACE is not served, and the
// metrics are only for the operations network.
func TestLimits(t *testing.T) {
	s := servertest.SQLite(t)
	big := strings.NewReader("login=" + strings.Repeat("a", 2<<20))
	resp, err := http.Post(s.HTTP.URL+"/login", "application/x-www-form-urlencoded", big)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge && resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("2 MiB form = %d, want a refusal", resp.StatusCode)
	}
	req, _ := http.NewRequest("TRACE", s.HTTP.URL+"/", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("TRACE = %d, want 405", resp.StatusCode)
	}
	resp, _ = http.Get(s.HTTP.URL + "/metrics")
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics from an address outside --ops-allow = %d, want 404", resp.StatusCode)
	}
	for _, p := range []string{"/debug/pprof/", "/.git/config", "/swagger/", "/api/v1/docs"} {
		resp, _ := http.Get(s.HTTP.URL + p)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

// TestStatusMapping pins the one mapping from error kinds to statuses.
func TestStatusMapping(t *testing.T) {
	for kind, want := range map[tiaojie.Kind]int{
		tiaojie.Invalid: 422, tiaojie.NotFound: 404, tiaojie.Conflict: 409, tiaojie.Unauthorized: 401,
		tiaojie.Forbidden: 403, tiaojie.TooMany: 429, tiaojie.Unavailable: 503, tiaojie.Internal: 500,
	} {
		if got := route.Status(tiaojie.E(kind, "x.y")); got != want {
			t.Errorf("%v → %d, want %d", kind, got, want)
		}
	}
	if got := route.Code(tiaojie.E(tiaojie.Internal, "secret.detail")); got != "error.internal" {
		t.Errorf("an internal error shows %q", got)
	}
}
