package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"tiaojie/internal/agreement"
	"tiaojie/internal/api"
	"tiaojie/internal/auth"
	"tiaojie/internal/jobs"
	"tiaojie/internal/room"
	"tiaojie/internal/server"
	"tiaojie/internal/web"
)

type serveConfig struct {
	common
	Replica        string
	Addr           string
	Demo           bool
	Secure         bool
	TrustedProxies string
	OpsAllow       string
	PasswordHash   string
	RequireMFA     bool
	SMTP           string
	Font           string
	BaseURL        string
	BenchStatic    bool
	PublicCache    time.Duration
}

func serveCmd(ctx context.Context, e *env, args []string) error {
	var c serveConfig
	f := newFlags("serve", e, "serve [flags]")
	c.register(f)
	f.str(&c.Replica, "database-replica", "", "postgres:// URL of a read replica (hot standby) for the reads that tolerate lag: directory search and statistics")
	f.str(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.boolean(&c.Demo, "demo", false, "demo mode: load demo data into an empty database, generate a missing key file")
	f.boolean(&c.Secure, "secure", false, "the platform is reached over HTTPS (Secure cookies, HSTS)")
	f.str(&c.TrustedProxies, "trusted-proxies", "", "comma-separated proxies whose X-Forwarded-For is believed")
	f.str(&c.OpsAllow, "ops-allow", "127.0.0.1,::1", "comma-separated networks allowed to read /metrics")
	f.str(&c.SMTP, "smtp", "", "mail server for notices: smtp://USER:PASS@HOST:587?from=noreply@DOMAIN"+
		" (tls=starttls|opportunistic|none, timeout, auth, helo, ca) or smtps://USER:PASS@HOST:465?from=…;"+
		" empty: e-mail is logged, not sent")
	f.str(&c.Font, "font", "", "TrueType font for agreement PDFs (.ttf, or .ttc); empty: look for LXGW WenKai or WenQuanYi in the system fonts")
	f.str(&c.BaseURL, "base-url", "", "the portal's public address, for links in notices (default http://ADDR)")
	f.str(&c.PasswordHash, "password-hash", auth.Argon2id, "password hash: argon2id, or pbkdf2-sm3 for 密评 deployments")
	f.boolean(&c.RequireMFA, "require-mfa", true, "staff must use a second factor (TOTP)")
	f.duration(&c.PublicCache, "public-cache", 2*time.Second, "how long the public's searches and pages are kept for other visitors (0: off); changes show to the public this much later")
	f.boolean(&c.BenchStatic, "bench-static", false, "serve GET /_bench/static?bytes=N, the load benchmark's baseline (bench/run); never in production")
	if err := f.Parse(args); err != nil {
		return err
	}
	trusted, err := prefixes(c.TrustedProxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	ops, err := prefixes(c.OpsAllow)
	if err != nil {
		return fmt.Errorf("--ops-allow: %w", err)
	}
	acfg := auth.DefaultConfig()
	if acfg.Hasher, err = auth.DefaultHasher(c.PasswordHash); err != nil {
		return err
	}
	acfg.RequireStaffMFA = c.RequireMFA
	started := time.Now()
	a, err := openApp(ctx, e, c.common, appOptions{migrate: true, demo: c.Demo, authConf: &acfg, smtp: c.SMTP, baseURL: baseURL(c), replica: c.Replica})
	if err != nil {
		return err
	}
	defer a.close()
	a.log.Info("starting", "version", version, "database", redact(c.Database), "engine", a.db.Engine(),
		"replica", redact(c.Replica), "addr", c.Addr, "demo", c.Demo, "secure", c.Secure, "district", a.district.Name, "password_hash", c.PasswordHash, "mail", fmt.Sprint(a.mailer))
	if c.Demo {
		if err := seedDemo(ctx, a, e); err != nil {
			return err
		}
	} else {
		warnDemoData(ctx, a)
	}
	// The room's broker listens on its own connection (PostgreSQL) so that
	// a message posted on one instance reaches members on every other.
	broker, err := room.OpenBroker(ctx, a.db, a.log)
	if err != nil {
		return err
	}
	defer broker.Close()
	rooms := room.New(room.Deps{DB: a.db, Audit: a.audit, Access: a.cases, Broker: broker, Notifier: a.cases, Files: a.files, Clock: a.clock, Log: a.log})
	defer rooms.Close()
	srv, err := buildServer(a, c, trusted, ops, rooms)
	if err != nil {
		return err
	}
	runner := newRunner(a, srv)
	srv.Gauge("tiaojie_db_replica_queries_total", "Queries sent to the read replica (--database-replica).", func() float64 { return float64(a.db.ReplicaQueries()) })
	l, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	runner.Start(ctx)
	a.log.Info("ready", "url", "http://"+l.Addr().String(), "startup", time.Since(started).Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "tiaojie is listening on http://%s\n", l.Addr())
	serr := srv.Serve(ctx, l)
	stopCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := runner.Stop(stopCtx); err != nil {
		a.log.Error("stop jobs", "err", err)
	}
	a.log.Info("stopped")
	return serr
}

func buildServer(a *app, c serveConfig, trusted, ops []netip.Prefix, rooms *room.Service) (*server.Server, error) {
	fonts := loadFonts(a, c)
	w, err := web.New(web.Deps{Auth: a.auth, Audit: a.audit, Registry: a.registry, Roster: a.roster, Settings: a.settings, Experts: a.experts, Cases: a.cases, Content: a.content,
		Files: a.files, DB: a.db, Catalog: a.catalog, District: a.district, Log: a.log, Secure: c.Secure, Demo: c.Demo, Version: version,
		Fonts: fonts, Room: rooms, DemoCodes: demoCodes(a, c), Supervision: a.supervision,
		Rating: a.rating, Disclosure: a.disclosure, Incubation: a.incubation,
		Complaints: a.complaints, Association: a.association,
		Agencies:    a.agencies, // partner agencies (C12)
		Training:    a.training, // training (C11)
		Funding:     a.funding,  // funding (C11)
		Plan:        a.plan,     // the rollout plan (C14)
		Stats:       a.stats,
		Procurement: a.procurement, // procurement (C9)
		Meetings:    a.meetings,    // meetings (C12)
	})
	if err != nil {
		return nil, err
	}
	ap, err := api.New(api.Deps{Auth: a.auth, Audit: a.audit, Registry: a.registry, Roster: a.roster, Settings: a.settings, Experts: a.experts, Cases: a.cases, Content: a.content,
		Files: a.files, DB: a.db, Catalog: a.catalog, District: a.district, Log: a.log, Version: version, Fonts: fonts, Supervision: a.supervision,
		Rating: a.rating, Disclosure: a.disclosure, Incubation: a.incubation,
		Complaints: a.complaints, Association: a.association,
		Agencies:    a.agencies, // partner agencies (C12)
		Training:    a.training, // training (C11)
		Funding:     a.funding,  // funding (C11)
		Plan:        a.plan,     // the rollout plan (C14)
		Stats:       a.stats,
		Procurement: a.procurement, // procurement (C9)
		Meetings:    a.meetings,    // meetings (C12)
	})
	if err != nil {
		return nil, err
	}
	return server.New(server.Config{Addr: c.Addr, Secure: c.Secure, TrustedProxies: trusted, OpsAllow: ops, BenchStatic: c.BenchStatic,
		PublicCache: c.PublicCache},
		server.Deps{DB: a.db, Auth: a.auth, Catalog: a.catalog, Web: w, API: ap, Log: a.log, Version: version, OnShutdown: rooms.Close}), nil
}

// newRunner sets up the background jobs: housekeeping of sessions and
// finished jobs, and an hourly check of the audit chain whose result is a
// metric (and an error in the log when it breaks).
func newRunner(a *app, srv *server.Server) *jobs.Runner {
	r := jobs.New(a.db, a.clock, a.log, jobs.Options{})
	a.notify.Register(r)
	r.Handle("auth.purge", func(ctx context.Context, _ json.RawMessage) error {
		n, err := a.auth.PurgeSessions(ctx)
		if n > 0 {
			a.log.Info("purged expired sessions", "count", n)
		}
		return err
	})
	r.Every("auth.purge", 10*time.Minute)
	var chainOK, chainRows atomic.Int64
	chainOK.Store(1)
	r.Handle("audit.verify", func(ctx context.Context, _ json.RawMessage) error {
		rep, err := a.audit.Verify(ctx, a.db)
		if err != nil {
			return err
		}
		chainRows.Store(rep.Rows)
		if !rep.OK() {
			chainOK.Store(0)
			a.log.Error("AUDIT CHAIN BROKEN", "first", rep.Problems[0].String(), "problems", len(rep.Problems))
			return nil
		}
		chainOK.Store(1)
		return nil
	})
	r.Every("audit.verify", time.Hour)
	r.Handle("jobs.purge", func(ctx context.Context, _ json.RawMessage) error {
		_, err := jobs.Purge(ctx, a.db, a.clock.Now().Add(-7*24*time.Hour))
		return err
	})
	r.Every("jobs.purge", 24*time.Hour)
	// The sweeps of the capabilities' deadlines; each reminder or flag is
	// sent or set once (its notice key or its row), however often they run.
	sweep := func(name string, every time.Duration, what string, run func(context.Context) (int, error)) {
		r.Handle(name, func(ctx context.Context, _ json.RawMessage) error {
			n, err := run(ctx)
			if n > 0 {
				a.log.Info(what, "count", n)
			}
			return err
		})
		r.Every(name, every)
	}
	// Case deadlines: timeouts back to routing, unreachable respondents,
	// reminders a working day ahead.
	sweep("cases.sweep", 15*time.Minute, "case deadlines passed", a.cases.Sweep)
	// Rectification orders past their deadline: flagged and reminded once.
	sweep("supervision.sweep", time.Hour, "rectifications overdue", a.supervision.Sweep)
	// Residencies whose monthly tracking report is overdue: flagged once.
	sweep("incubation.sweep", time.Hour, "incubation reports overdue", a.incubation.Sweep)
	// Complaints due to be answered within two working days: the handlers
	// are reminded once per complaint and day.
	sweep("complaints.sweep", time.Hour, "complaints due soon", a.complaints.Sweep)
	// partners: joint meeting decisions due within three days or overdue.
	sweep("meetings.sweep", time.Hour, "meeting decisions reminded", a.meetings.Sweep)
	// Disclosures: reminders before and after the deadline, the 活动异常
	// mark set and lifted.
	r.Handle("disclosure.sweep", func(ctx context.Context, _ json.RawMessage) error {
		res, err := a.disclosure.Sweep(ctx, a.clock.Now())
		if res.Marked+res.Cleared+res.Reminded > 0 {
			a.log.Info("disclosure sweep", "marked", res.Marked, "cleared", res.Cleared, "reminded", res.Reminded)
		}
		return err
	})
	r.Every("disclosure.sweep", 24*time.Hour)
	// Training (C11): enrolled mediators reminded the day before a session.
	sweep("training.sweep", time.Hour, "training reminders", a.training.Sweep)
	// The rollout plan (C14): manual tasks due within a week, reminded
	// once per task and due date.
	sweep("plan.remind", 24*time.Hour, "plan tasks reminded", func(ctx context.Context) (int, error) { return a.plan.Remind(ctx, a.clock.Now()) })
	// Statistics (C15): the months of the case rollup touched since the
	// last run recomputed.
	sweep("stats.rollup", 5*time.Minute, "statistics months recomputed", a.stats.Refresh)
	// Procurement (C9): projects past their window closed for evaluation,
	// performance reports flagged when due and when overdue.
	r.Handle("procurement.sweep", func(ctx context.Context, _ json.RawMessage) error {
		res, err := a.procurement.Sweep(ctx)
		if res.Closed+res.Reminded+res.Overdue > 0 {
			a.log.Info("procurement sweep", "closed", res.Closed, "reminded", res.Reminded, "overdue", res.Overdue)
		}
		return err
	})
	r.Every("procurement.sweep", time.Hour)
	// Funding (C11): venture reports due within five days or late,
	// reminded once per report, stage and person.
	sweep("funding.sweep", time.Hour, "venture reports reminded", a.funding.Sweep)
	srv.Gauge("tiaojie_audit_chain_ok", "1 when the last hourly check found the audit chain intact.", func() float64 { return float64(chainOK.Load()) })
	srv.Gauge("tiaojie_audit_rows", "Audit rows read by the last chain check.", func() float64 { return float64(chainRows.Load()) })
	srv.Gauge("tiaojie_jobs_failed_total", "Jobs given up after their last attempt.", func() float64 { return float64(r.Stats().Failed) })
	srv.Gauge("tiaojie_jobs_ran_total", "Jobs run successfully.", func() float64 { return float64(r.Stats().Ran) })
	return r
}

// baseURL is the portal's address for links in notices: --base-url, or
// the address served.
func baseURL(c serveConfig) string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	scheme := "http"
	if c.Secure {
		scheme = "https"
	}
	return scheme + "://" + c.Addr
}

// loadFonts finds the agreement's font, parsed on the first PDF (start-up
// and idle memory do not pay for it). Without one the platform
// runs, but agreement PDFs are refused with a message naming the packages
// to install; the start-up log says so too.
func loadFonts(a *app, c serveConfig) *agreement.Fonts {
	f, err := agreement.LoadFonts(agreement.FontConfig{Path: c.Font, Lazy: true})
	if err != nil {
		a.log.Warn("agreement PDFs unavailable", "err", err)
		return nil
	}
	return f
}

// demoCodes is where the login page finds the codes it shows in demo
// mode; nil otherwise.
func demoCodes(a *app, c serveConfig) web.CodeBox {
	if !c.Demo || a.demoSMS == nil {
		return nil
	}
	return a.demoSMS
}
