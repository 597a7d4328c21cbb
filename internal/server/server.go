// Package server composes the platform's HTTP server: the pages, the API,
// the operational endpoints and the middleware every request passes
// through (request ID and logging, panic recovery, security headers,
// cross-origin protection, body limits, authentication).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// Config holds the HTTP settings.
type Config struct {
	Addr string
	// Secure says the platform is reached over HTTPS (directly or through a
	// TLS-terminating gateway): cookies get Secure and __Host-, and HSTS is sent.
	Secure          bool
	TrustedProxies  []netip.Prefix // peers whose X-Forwarded-For is believed
	OpsAllow        []netip.Prefix // networks that may read /metrics
	MaxBody         int64          // request body limit in bytes
	MaxUpload       int64          // body limit of multipart uploads
	ShutdownTimeout time.Duration
	// PublicCache is how long the public micro-cache keeps an answer
	// (microcache.go); 0 turns it off.
	PublicCache time.Duration
	// BenchStatic adds GET /_bench/static, the load benchmark's baseline
	// (benchstatic.go). Off in production.
	BenchStatic bool
}

// Front is what a front door (pages or API) offers the server: its routes
// and its way of showing an error.
type Front interface {
	Register(mux *http.ServeMux) *route.Table
	Error(w http.ResponseWriter, r *http.Request, err error)
}

// Deps are the server's collaborators.
type Deps struct {
	DB      *db.DB
	Auth    *auth.Service
	Catalog *i18n.Catalog
	Web     Front
	API     Front
	Log     *slog.Logger
	Version string
	// OnShutdown runs when shutdown begins, before open requests are
	// waited for: long-lived streams (the room's SSE) end there.
	OnShutdown func()
}

// Server is the platform's HTTP server.
type Server struct {
	cfg        Config
	db         *db.DB
	auth       *auth.Service
	catalog    *i18n.Catalog
	web        Front
	api        Front
	log        *slog.Logger
	metrics    *metrics
	tables     []*route.Table
	handler    http.Handler
	onShutdown func()
	cache      *microcache // nil: off
}

// New builds the server and its routes.
func New(cfg Config, d Deps) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 11 << 20 // a 10 MiB document and its form fields
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 20 * time.Second
	}
	s := &Server{cfg: cfg, db: d.DB, auth: d.Auth, catalog: d.Catalog, web: d.Web, api: d.API, log: d.Log, metrics: newMetrics(), onShutdown: d.OnShutdown}
	mux := http.NewServeMux()
	ops := route.NewTable(mux, func(_ tiaojie.Permission, h http.Handler) http.Handler { return h })
	ops.Handle("GET /healthz", tiaojie.PermPublic, http.HandlerFunc(s.healthz))
	ops.Handle("GET /readyz", tiaojie.PermPublic, http.HandlerFunc(s.readyz))
	ops.Handle("GET /metrics", tiaojie.PermOps, s.opsOnly(s.metrics.handler()))
	if cfg.BenchStatic {
		ops.Handle("GET /_bench/static", tiaojie.PermPublic, http.HandlerFunc(benchStatic))
	}
	s.tables = []*route.Table{ops, d.Web.Register(mux), d.API.Register(mux)}

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.Web.Error(w, r, tiaojie.E(tiaojie.Forbidden, "error.csrf"))
	}))
	if cfg.PublicCache > 0 {
		s.cache = newMicrocache(cfg.PublicCache)
		s.metrics.gauge("tiaojie_public_cache_hits", "Public answers served from the micro-cache.", func() float64 { return float64(s.cache.hits.Load()) })
		s.metrics.gauge("tiaojie_public_cache_misses", "Public answers computed for the micro-cache.", func() float64 { return float64(s.cache.misses.Load()) })
	}
	var h http.Handler = mux
	h = s.microcached(h)
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = s.limitBody(h)
	h = s.headers(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	s.handler = h
	return s
}

// Handler returns the server's root handler (for tests).
func (s *Server) Handler() http.Handler { return s.handler }

// Routes returns every registered route, for the deny-by-default test.
func (s *Server) Routes() []route.Route {
	var out []route.Route
	for _, t := range s.tables {
		out = append(out, t.Routes()...)
	}
	return out
}

// Gauge registers a metric read at scrape time (job counters, audit state).
func (s *Server) Gauge(name, help string, f func() float64) { s.metrics.gauge(name, help, f) }

// HTTPServer returns an http.Server with the timeouts that keep slow
// clients from holding connections (SECURITY.md INT-07).
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve serves on l until ctx is cancelled, then shuts down gracefully:
// it stops accepting, lets requests in flight finish within the shutdown
// timeout, and returns.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := s.HTTPServer()
	if s.onShutdown != nil {
		srv.RegisterOnShutdown(s.onShutdown)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// readyz answers 200 only when the database answers and its schema is the
// one this binary expects, so a load balancer sends no traffic to an
// instance that would fail.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	if err := s.db.CheckSchema(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		http.Error(w, "schema not current", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}
