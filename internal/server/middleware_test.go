package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// fakeFront registers a few routes that exercise the middleware.
type fakeFront struct {
	errors int
	empty  bool // registers no routes (the API side)
}

func (f *fakeFront) Register(mux *http.ServeMux) *route.Table {
	t := route.NewTable(mux, func(_ tiaojie.Permission, h http.Handler) http.Handler { return h })
	if f.empty {
		return t
	}
	t.Handle("GET /panic", tiaojie.PermPublic, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("sql: something secret at goroutine 7")
	}))
	t.Handle("GET /whoami", tiaojie.PermPublic, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, audit.ClientFrom(r.Context()).IP+" "+string(route.LangFrom(r.Context())))
	}))
	return t
}

func (f *fakeFront) Error(w http.ResponseWriter, r *http.Request, err error) {
	f.errors++
	http.Error(w, "generic error "+audit.ClientFrom(r.Context()).RequestID, route.Status(err))
}

func newTestServer(t *testing.T, cfg Config) (*httptest.Server, *fakeFront) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	web := &fakeFront{}
	s := New(cfg, Deps{Catalog: cat, Web: web, API: &fakeFront{empty: true}, Log: slog.New(slog.DiscardHandler)})
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return hs, web
}

func TestPanicIsRecoveredWithoutDetails(t *testing.T) {
	hs, web := newTestServer(t, Config{})
	resp, err := http.Get(hs.URL + "/panic")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || web.errors != 1 {
		t.Fatalf("panic → %d (error page shown %d times)", resp.StatusCode, web.errors)
	}
	for _, leak := range []string{"sql", "goroutine", "secret"} {
		if strings.Contains(string(body), leak) {
			t.Errorf("the response leaks %q: %s", leak, body)
		}
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("the error response has no security headers")
	}
}

// TestClientAddress: X-Forwarded-For counts only from a trusted proxy
// (SECURITY.md AC-07), and the language follows Accept-Language.
func TestClientAddress(t *testing.T) {
	get := func(url, xff, lang string) string {
		req, _ := http.NewRequest("GET", url+"/whoami", nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		req.Header.Set("Accept-Language", lang)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	untrusted, _ := newTestServer(t, Config{})
	if got := get(untrusted.URL, "203.0.113.9", "en-US"); got != "127.0.0.1 en" {
		t.Errorf("untrusted proxy: %q, want the peer address", got)
	}
	trusted, _ := newTestServer(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if got := get(trusted.URL, "198.51.100.7, 203.0.113.9", "zh-CN"); got != "203.0.113.9 zh" {
		t.Errorf("trusted proxy: %q, want the last untrusted hop", got)
	}
}
