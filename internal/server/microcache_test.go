package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/server"
	"tiaojie/internal/server/servertest"
)

// TestPublicCache checks the public micro-cache: an anonymous search is
// answered from the cache within its moment, with its own request ID; a
// visitor in another language, one with a session and a search the cache
// has not seen each get a fresh answer; errors are never kept.
func TestPublicCache(t *testing.T) {
	s := servertest.New(t, dbtest.SQLite(t), servertest.Options{Config: &server.Config{PublicCache: time.Hour}})
	township := s.District.Townships[0].Code
	url := s.HTTP.URL + "/api/v1/directory/orgs?township=" + township
	get := func(url string, set func(*http.Request)) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if set != nil {
			set(req)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			return -resp.StatusCode, resp.Header.Get("X-Request-ID")
		}
		var page struct {
			Total int `json:"total"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatalf("%s: %v: %s", url, err, body)
		}
		return page.Total, resp.Header.Get("X-Request-ID")
	}
	before, id1 := get(url, nil)
	now := s.Clock.Now()
	if _, err := s.DB.Writer().Exec(`INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ('缓存测试调解委员会', '缓存测试', 'basic', 'peoples_committee', 'township', $1, 'active', $2, $2)`, township, now); err != nil {
		t.Fatal(err)
	}
	again, id2 := get(url, nil)
	if again != before {
		t.Errorf("within the moment the cached answer changed: %d, then %d", before, again)
	}
	if id1 == "" || id1 == id2 {
		t.Errorf("a cached answer repeats the first request's ID: %q, %q", id1, id2)
	}
	for name, set := range map[string]func(*http.Request){
		"English":      func(r *http.Request) { r.Header.Set("Accept-Language", "en") },
		"with session": func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "tiaojie_session", Value: "stale"}) },
	} {
		if n, _ := get(url, set); n != before+1 {
			t.Errorf("%s: total %d, want the fresh %d", name, n, before+1)
		}
	}
	if n, _ := get(url+"&limit=5", nil); n != before+1 {
		t.Errorf("another search: total %d, want the fresh %d", n, before+1)
	}
	// An error is not kept: after the bad request, the good one is fresh.
	bad := s.HTTP.URL + "/api/v1/directory/orgs?limit=abc"
	if n, _ := get(bad, nil); n >= 0 {
		t.Fatalf("a bad request answered %d", n)
	}
	if n, _ := get(bad, nil); n >= 0 {
		t.Fatalf("a bad request answered %d the second time", n)
	}
}
