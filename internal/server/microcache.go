package server

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// The public micro-cache keeps the answers of the public's most read
// pages and searches for a moment (Config.PublicCache, two seconds by
// default): the directory and its searches, organizations' and mediators'
// pages, the front page and the news, as anyone who is not logged in sees
// them. Under load most of those requests repeat within the moment (the
// front page's chips lead everyone to the same few searches), so one
// instance computes each answer once a moment instead of once a request.
// A change shows to the public at most that moment later, on every
// instance; the directory reads from a replica already (db.Lagging) and
// lags as much. Logged-in users, other methods and other paths are never
// cached (docs/decisions.md, docs/PERFORMANCE.md).

// publicCachePaths are the path prefixes whose anonymous GETs are cached.
// Document downloads are not: they are large and rare.
var publicCachePaths = []string{
	"/directory", "/orgs/", "/mediators", "/news", "/api/v1/directory/", "/api/v1/content",
}

// publicCacheMax bounds what the cache holds: entries, and the size of one
// answer.
const (
	publicCacheEntries = 4096
	publicCacheBody    = 256 << 10
)

// microcache is the public micro-cache.
type microcache struct {
	ttl    time.Duration
	mu     sync.Mutex
	items  map[string]*cached
	hits   atomic.Int64
	misses atomic.Int64
}

// cached is one answer, or the one being computed (ready open): requests
// for the same key wait for it rather than compute it again.
type cached struct {
	ready   chan struct{}
	expires time.Time
	status  int
	header  http.Header
	body    []byte
	ok      bool // the answer may be served to others
}

func newMicrocache(ttl time.Duration) *microcache {
	return &microcache{ttl: ttl, items: map[string]*cached{}}
}

// cacheable reports whether the request may be answered from the cache.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" || route.SessionToken(r) != "" {
		return false
	}
	if p := auth.PrincipalFrom(r.Context()); p != nil && p.LoggedIn() {
		return false
	}
	if r.URL.Path == "/" {
		return true
	}
	for _, pre := range publicCachePaths {
		if strings.HasPrefix(r.URL.Path, pre) && !strings.Contains(r.URL.Path, "/documents/") {
			return true
		}
	}
	return false
}

// key names an answer: the language the page will be in, the htmx headers
// that pick a fragment, and the full URL.
func (s *Server) cacheKey(r *http.Request) string {
	lang := ""
	if c, err := r.Cookie(route.LangCookie); err == nil {
		lang = c.Value
	}
	l := s.catalog.Match(lang, r.Header.Get("Accept-Language"))
	return string(l) + "\x00" + r.Header.Get("HX-Request") + "\x00" + r.Header.Get("HX-Target") + "\x00" + r.URL.RequestURI()
}

// microcached serves cacheable requests through the cache.
func (s *Server) microcached(next http.Handler) http.Handler {
	c := s.cache
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c == nil || !cacheable(r) {
			next.ServeHTTP(w, r)
			return
		}
		key := s.cacheKey(r)
		now := time.Now()
		c.mu.Lock()
		e, found := c.items[key]
		if found && e.expires.Before(now) && isClosed(e.ready) {
			found = false
		}
		if !found {
			if len(c.items) >= publicCacheEntries {
				c.evict(now)
			}
			e = &cached{ready: make(chan struct{})}
			c.items[key] = e
		}
		c.mu.Unlock()
		if found {
			select {
			case <-e.ready:
			case <-r.Context().Done():
				return
			}
			if e.ok {
				c.hits.Add(1)
				e.write(w)
				return
			}
			next.ServeHTTP(w, r) // the first answer was not for sharing
			return
		}
		c.misses.Add(1)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			e.status, e.header, e.body = rec.status, keptHeaders(w.Header()), rec.buf.Bytes()
			e.ok = rec.status == http.StatusOK && !rec.over && len(w.Header().Values("Set-Cookie")) == 0
			e.expires = time.Now().Add(c.ttl)
			if !e.ok {
				c.mu.Lock()
				if c.items[key] == e {
					delete(c.items, key)
				}
				c.mu.Unlock()
			}
			close(e.ready)
		}()
		next.ServeHTTP(rec, r)
	})
}

// evict drops expired answers, and when none has expired, half of the
// rest: a full cache is a sign of many distinct searches, which the cache
// cannot help anyway. The caller holds c.mu.
func (c *microcache) evict(now time.Time) {
	for k, e := range c.items {
		if isClosed(e.ready) && e.expires.Before(now) {
			delete(c.items, k)
		}
	}
	if len(c.items) < publicCacheEntries {
		return
	}
	n := 0
	for k, e := range c.items {
		if isClosed(e.ready) && n%2 == 0 {
			delete(c.items, k)
		}
		n++
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// keptHeaders are the headers of an answer that belong to it; the rest
// (the request ID, the security headers) each request's middleware sets
// for itself.
func keptHeaders(h http.Header) http.Header {
	out := http.Header{}
	for _, k := range []string{"Content-Type", "Content-Language", "Cache-Control", "Vary", "Etag", "Last-Modified", "Location"} {
		if v := h.Values(k); len(v) > 0 {
			out[k] = v
		}
	}
	return out
}

// write sends a cached answer.
func (e *cached) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(e.body)
}

// recorder passes an answer on and keeps a copy of it, up to
// publicCacheBody bytes.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	over   bool
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.over {
		if r.buf.Len()+len(b) > publicCacheBody {
			r.over = true
			r.buf = bytes.Buffer{}
		} else {
			r.buf.Write(b)
		}
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
