package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/association"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/complaints"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/district"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
	"tiaojie/internal/funding"
	"tiaojie/internal/i18n"
	"tiaojie/internal/incubation"
	"tiaojie/internal/keys"
	"tiaojie/internal/meetings" // partners: joint meetings (C12)
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
	"tiaojie/internal/plan"
	"tiaojie/internal/procurement"
	"tiaojie/internal/rating"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/search"
	"tiaojie/internal/settings"
	"tiaojie/internal/stats"
	"tiaojie/internal/supervision"
	"tiaojie/internal/training"
)

// searchWait is how long a directory search waits for its turn when the
// gate is full (search.Gate) before it is refused with 503.
const searchWait = 2 * time.Second

// app holds the services a subcommand works with.
type app struct {
	log      *slog.Logger
	db       *db.DB
	keys     *keys.Master
	district *tiaojie.District
	clock    clock.Clock
	audit    *audit.Log
	auth     *auth.Service
	files    *files.Service
	registry *registry.Service
	roster   *roster.Service
	settings *settings.Service
	experts  *experts.Service
	cases    *cases.Service
	mailer   notify.Mailer
	notify   *notify.Notifier
	demoSMS  *auth.DemoSender // demo mode only: the login page shows codes
	content  *content.Service
	catalog  *i18n.Catalog

	supervision *supervision.Service // inspections, evaluations, sanctions (C8)
	rating      *rating.Service      // star rating (C7)
	disclosure  *disclosure.Service  // information disclosure (C8)
	incubation  *incubation.Service  // incubation (C6)
	complaints  *complaints.Service  // complaints (C8/C10)
	association *association.Service // the industry association (C10)
	agencies    *agencies.Service    // partner agencies (C12)
	training    *training.Service    // unified training and mentoring (C11)

	funding *funding.Service // funding and venture rounds (C11)

	plan        *plan.Service        // the rollout plan (C14)
	stats       *stats.Service       // statistics (C15)
	procurement *procurement.Service // government procurement of mediation services (C9)
	meetings    *meetings.Service    // partners: joint meetings (C12)
}

func (a *app) close() {
	if a.db != nil {
		a.db.Close()
	}
}

func newLogger(e *env, c common) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.LogFormat {
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: use text or json", c.LogFormat)
}

// appOptions say how much of the application a subcommand needs.
type appOptions struct {
	migrate  bool // apply pending migrations
	demo     bool // generate a missing key file
	authConf *auth.Config
	smtp     string // --smtp; "" logs e-mail instead of sending it
	baseURL  string // the portal's address, for links in notices
	replica  string // --database-replica: a read replica's URL, or ""
}

// openApp opens the database and builds the services.
func openApp(ctx context.Context, e *env, c common, o appOptions) (*app, error) {
	log, err := newLogger(e, c)
	if err != nil {
		return nil, err
	}
	a := &app{log: log, clock: clock.System{}}
	if a.district, err = loadDistrict(c.District); err != nil {
		return nil, err
	}
	if a.catalog, err = i18n.Load(); err != nil {
		return nil, err
	}
	if a.keys, err = loadKeys(e, c, o.demo, log); err != nil {
		return nil, err
	}
	if a.db, err = db.Open(ctx, c.Database, db.Options{Replica: o.replica}); err != nil {
		return nil, err
	}
	if o.migrate {
		applied, err := a.db.Migrate(ctx)
		if err != nil {
			a.close()
			return nil, err
		}
		for _, m := range applied {
			log.Info("migration applied", "file", m)
		}
		if err := a.db.Optimize(ctx); err != nil {
			a.close()
			return nil, err
		}
	}
	a.audit = audit.New(a.keys, a.clock)
	var sms auth.Sender = auth.LogSender{Log: log}
	if o.demo {
		a.demoSMS = auth.NewDemoSender(log)
		sms = a.demoSMS
	}
	if a.mailer, err = notify.OpenMailer(o.smtp, log); err != nil {
		a.close()
		return nil, fmt.Errorf("--smtp: %w", err)
	}
	a.notify, err = notify.New(notify.Deps{Mailer: a.mailer, SMS: sms, Sealer: pii.NewSealer(a.keys), Log: log})
	if err != nil {
		a.close()
		return nil, err
	}
	cfg := auth.DefaultConfig()
	if o.authConf != nil {
		cfg = *o.authConf
	}
	cfg.Issuer = a.district.Bureau.Name
	a.auth, err = auth.New(auth.Deps{DB: a.db, Audit: a.audit, Keys: a.keys, Clock: a.clock, District: a.district,
		SMS: sms, Log: log}, cfg)
	if err != nil {
		a.close()
		return nil, err
	}
	store, err := files.OpenStore(filesPath(c))
	if err != nil {
		a.close()
		return nil, err
	}
	a.files = files.New(store, a.clock)
	// One gate for both directories: they share the cores and the pool.
	// Two searches a core keep both busy; a search that waits longer
	// than searchWait is refused rather than finished late for everyone.
	gate := search.NewGate(2*runtime.GOMAXPROCS(0), searchWait)
	a.registry = registry.New(registry.Deps{DB: a.db, Audit: a.audit, Files: a.files, Clock: a.clock, District: a.district, Log: log, Gate: gate})
	a.roster = roster.New(roster.Deps{DB: a.db, Audit: a.audit, Keys: a.keys, Files: a.files, Clock: a.clock, District: a.district, Log: log, Gate: gate})
	a.settings = settings.New(settings.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Log: log})
	a.experts = experts.New(experts.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Log: log})
	a.cases = cases.New(cases.Deps{DB: a.db, Audit: a.audit, Keys: a.keys, Files: a.files, Clock: a.clock,
		District: a.district, Fees: a.registry, Roster: a.roster, Notifier: a.notify, Codes: a.auth, BaseURL: o.baseURL, Log: log})
	a.content = content.New(content.Deps{DB: a.db, Audit: a.audit, Files: a.files, Clock: a.clock, Log: log})
	a.supervision = supervision.New(supervision.Deps{DB: a.db, Audit: a.audit, Files: a.files, Clock: a.clock,
		Registry: a.registry, Roster: a.roster, Calendar: a.cases.Calendar, Notifier: a.notify, Log: log})
	a.disclosure = disclosure.New(disclosure.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Notifier: a.notify, Keys: a.keys,
		Records: sanctionRecords, BaseURL: o.baseURL, Log: log})
	a.incubation = incubation.New(incubation.Deps{DB: a.db, Audit: a.audit, Keys: a.keys, Clock: a.clock,
		District: a.district, Registry: a.registry, Log: log})
	a.complaints = complaints.New(complaints.Deps{DB: a.db, Audit: a.audit, Keys: a.keys, Clock: a.clock,
		Calendar: a.cases.Calendar, District: a.district, Notifier: a.notify, BaseURL: o.baseURL, Log: log})
	a.association = association.New(association.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Log: log})
	a.agencies = agencies.New(agencies.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Log: log})
	// Statistics (C15).
	a.stats = stats.New(stats.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, District: a.district, Cases: a.cases, Incubation: a.incubation, Log: log})
	// partners: joint meetings (C12), their decisions reminded by notice.
	a.meetings = meetings.New(meetings.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Notifier: a.notify,
		Sealer: pii.NewSealer(a.keys), BaseURL: o.baseURL, Log: log})
	a.rating = rating.New(rating.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Files: a.files, Calendar: a.cases.Calendar, Log: log})
	// training: unified training and mentoring (C11)
	a.training = training.New(training.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Roster: a.roster, Notifier: a.notify,
		BaseURL: o.baseURL, Log: log})

	// funding (C11): venture reports due reminded by notice.
	a.funding = funding.New(funding.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Log: log,
		Notifier: a.notify, Sealer: pii.NewSealer(a.keys), BaseURL: o.baseURL})

	// The rollout plan (C14).
	a.plan = plan.New(plan.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Files: a.files, District: a.district,
		Notifier: a.notify, Keys: a.keys, BaseURL: o.baseURL, Log: log})
	// Government procurement of mediation services (C9).
	a.procurement = procurement.New(procurement.Deps{DB: a.db, Audit: a.audit, Clock: a.clock, Log: log, Agencies: a.agencies, District: a.district,
		Notifier: a.notify, Sealer: pii.NewSealer(a.keys), BaseURL: o.baseURL})
	return a, nil
}

// filesPath is where uploads are kept: --files, or files/ beside the
// SQLite file (./data/files for PostgreSQL).
func filesPath(c common) string {
	if c.Files != "" {
		return c.Files
	}
	if db.IsPostgres(c.Database) {
		return filepath.Join("data", "files")
	}
	return filepath.Join(filepath.Dir(c.Database), "files")
}

func loadDistrict(path string) (*tiaojie.District, error) {
	if path == "" {
		return district.Default()
	}
	return district.Load(path)
}

// keyPath is where the master key file lives when no path is given: beside
// the SQLite file, or in the working directory for PostgreSQL.
func keyPath(c common) string {
	if c.KeyFile != "" {
		return c.KeyFile
	}
	if db.IsPostgres(c.Database) {
		return "tiaojie.key"
	}
	return filepath.Join(filepath.Dir(c.Database), "tiaojie.key")
}

// loadKeys reads the master keys from $TIAOJIE_MASTER_KEY or the key file.
// In demo mode a missing file is generated; otherwise a missing key stops
// the start with a message that says what to do.
func loadKeys(e *env, c common, demo bool, log *slog.Logger) (*keys.Master, error) {
	if v := e.getenv("TIAOJIE_MASTER_KEY"); v != "" {
		return keys.FromEnv(v)
	}
	path := keyPath(c)
	m, err := keys.LoadFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return m, describeKeyError(err, path)
	}
	if !demo {
		return nil, fmt.Errorf("no master key: %s does not exist.\n"+
			"Create one with:  tiaojie keys generate --out %s\n"+
			"(keep it safe and back it up apart from the database: without it the personal data cannot be read),\n"+
			"or set TIAOJIE_MASTER_KEY, or run with --demo to generate one for a demonstration", path, path)
	}
	m, content, err := keys.Generate()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return nil, fmt.Errorf("write key file: %w", err)
	}
	log.Warn("demo mode: generated a master key file", "path", path)
	return m, nil
}

func describeKeyError(err error, path string) error {
	if err == nil {
		return nil
	}
	var te *tiaojie.Error
	if errors.As(err, &te) {
		c, _ := i18n.Load()
		if c != nil {
			return fmt.Errorf("%s (%s)", c.Tm(i18n.En, te.Code, te.Args), path)
		}
	}
	return err
}

// redact hides the password of a PostgreSQL URL for logs.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
