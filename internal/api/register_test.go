package api

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// TestOperationWithoutPermissionPanics checks deny by default at the
// source: huma cannot register an operation that declares no permission,
// and nothing of it reaches the mux or the route table.
func TestOperationWithoutPermissionPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		meta map[string]any
	}{
		{"no metadata", nil},
		{"empty permission", map[string]any{metaPermission: tiaojie.Permission("")}},
		{"not a Permission", map[string]any{metaPermission: "users.read"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			table := route.NewTable(mux, func(_ tiaojie.Permission, h http.Handler) http.Handler { return h })
			a := huma.NewAPI((&Handler{version: "test"}).config(), recorder{Adapter: humago.NewAdapter(mux, Prefix), table: table})
			defer func() {
				v := recover()
				if s, _ := v.(string); !strings.Contains(s, "needs a permission") {
					t.Errorf("recovered %v, want a panic about the permission", v)
				}
				if n := len(table.Routes()); n != 0 {
					t.Errorf("%d routes recorded", n)
				}
			}()
			huma.Register(a, huma.Operation{Method: http.MethodGet, Path: "/x", Metadata: tc.meta},
				func(context.Context, *none) (*none, error) { return &none{}, nil })
		})
	}
}

// TestFailuresInsideOperations checks that a handler that panics or fails
// with a raw error answers 500 with only error.internal and the request
// ID (SECURITY.md INT-05), while the cause reaches the log.
func TestFailuresInsideOperations(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	h := &Handler{catalog: cat, log: slog.New(slog.NewTextHandler(&logs, nil)), version: "test"}
	installErrorHooks()
	mux := http.NewServeMux()
	a := huma.NewAPI(h.config(), recorder{Adapter: humago.NewAdapter(mux, Prefix), table: route.NewTable(mux, h.guard)})
	a.UseMiddleware(h.operate)
	pub := tiaojie.PermPublic
	add(h, a, op(http.MethodGet, "/panic", "panic", tagDistrict, pub, "", ""), func(context.Context, *none) (*none, error) {
		panic("sql: secret row 13812345678")
	})
	add(h, a, op(http.MethodGet, "/fail", "fail", tagDistrict, pub, "", ""), func(context.Context, *none) (*none, error) {
		return nil, fmt.Errorf("pq: relation users: %w", sql.ErrConnDone)
	})
	for _, tc := range []struct{ path, cause string }{
		{"/panic", "secret row"},
		{"/fail", "relation users"},
	} {
		r := httptest.NewRequest(http.MethodGet, Prefix+tc.path, nil)
		r = r.WithContext(audit.WithClient(r.Context(), audit.Client{RequestID: "req-" + tc.path[1:]}))
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		var got problem
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v: %s", tc.path, err, w.Body)
		}
		want := problem{Type: "urn:tiaojie:problem:error.internal", Code: "error.internal", Title: "Internal Server Error",
			Status: 500, Detail: cat.T(i18n.Zh, "error.internal"), RequestID: "req-" + tc.path[1:]}
		if diff := cmp.Diff(want, got); diff != "" || w.Code != 500 || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s (-want +got):\n%s", tc.path, w.Code, w.Header().Get("Content-Type"), diff)
		}
		for _, leak := range []string{"sql", "pq:", "goroutine", "13812345678"} {
			if strings.Contains(w.Body.String(), leak) {
				t.Errorf("%s: response leaks %q: %s", tc.path, leak, w.Body)
			}
		}
		if !strings.Contains(logs.String(), tc.cause) || !strings.Contains(logs.String(), want.RequestID) {
			t.Errorf("%s: the log lacks the cause or the request ID:\n%s", tc.path, logs.String())
		}
	}
}
