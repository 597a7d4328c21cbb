package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// statusWriter remembers the status for the access log and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (SSE).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// observe gives each request an ID (echoed in X-Request-ID and shown on
// error pages), its client address and language, logs it once when it
// ends and counts it. The log line has no personal data: the path only,
// never the query string, which may hold a phone number.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		ip := route.ClientIP(r, s.cfg.TrustedProxies)
		ctx := audit.WithClient(r.Context(), audit.Client{IP: ip, RequestID: id})
		lang := ""
		if c, err := r.Cookie(route.LangCookie); err == nil {
			lang = c.Value
		}
		ctx = route.WithLang(ctx, s.catalog.Match(lang, r.Header.Get("Accept-Language")))
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		pattern := r.Pattern
		if pattern == "" {
			pattern = "unmatched"
		}
		s.metrics.observe(pattern, sw.status, elapsed)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(ctx, level, "request", slog.String("id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("elapsed", elapsed), slog.String("ip", ip))
	})
}

// recoverPanics turns a panic into a 500 without a stack trace in the
// response; the stack goes to the log with the request ID.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "value", v, "stack", string(debug.Stack()),
					"id", audit.ClientFrom(r.Context()).RequestID)
				s.web.Error(w, r, tiaojie.Internalf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// headers sets the security headers on every response, errors included
// (SECURITY.md INT-04): a CSP that allows no inline script or style and no
// other origin, no framing, no MIME sniffing, no referrer to other sites,
// HSTS under TLS, and no caching of anything a logged-in user sees.
func (s *Server) headers(next http.Handler) http.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.cfg.Secure {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies (SECURITY.md INT-07): MaxBody for forms
// and JSON, MaxUpload for multipart uploads, whose handlers then apply each
// kind of file's own limit (files.Kind).
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			limit := s.cfg.MaxBody
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				limit = s.cfg.MaxUpload
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate resolves the caller from a bearer API token or the session
// cookie and puts the principal in the context. A bad or expired
// credential leaves the caller anonymous (and clears a stale cookie), so
// that public pages still work; protected routes then ask to log in.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := tiaojie.Anonymous()
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			tp, err := s.auth.AuthenticateToken(ctx, strings.TrimPrefix(h, "Bearer "))
			if err != nil {
				s.api.Error(w, r, err)
				return
			}
			p = tp
		} else if tok := route.SessionToken(r); tok != "" {
			sp, err := s.auth.Authenticate(ctx, tok)
			switch {
			case err == nil:
				p = sp
			case tiaojie.IsKind(err, tiaojie.Unauthorized):
				route.ClearSession(w, s.cfg.Secure)
			default:
				s.web.Error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(ctx, p)))
	})
}

// opsOnly serves a handler only to callers from the configured networks
// (monitoring), never to the public listener's internet clients.
func (s *Server) opsOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !route.Allowed(r, s.cfg.OpsAllow) {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
