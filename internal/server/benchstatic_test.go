package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// TestBenchStatic checks the load benchmark's baseline: exactly the bytes
// asked for, valid JSON, and a refusal of sizes out of range.
func TestBenchStatic(t *testing.T) {
	for _, n := range []int{2, 3, 9, 10, 11, 12, 4096, 15401, maxBenchStatic} {
		rec := httptest.NewRecorder()
		benchStatic(rec, httptest.NewRequest(http.MethodGet, "/_bench/static?bytes="+strconv.Itoa(n), nil))
		if rec.Code != http.StatusOK || rec.Body.Len() != n || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("bytes=%d: status %d, %d bytes, valid JSON %v", n, rec.Code, rec.Body.Len(), json.Valid(rec.Body.Bytes()))
		}
		if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(n) {
			t.Errorf("bytes=%d: Content-Length %s", n, got)
		}
	}
	for _, q := range []string{"-1", "x", strconv.Itoa(maxBenchStatic + 1)} {
		rec := httptest.NewRecorder()
		benchStatic(rec, httptest.NewRequest(http.MethodGet, "/_bench/static?bytes="+q, nil))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("bytes=%s: status %d, want 400", q, rec.Code)
		}
	}
}
