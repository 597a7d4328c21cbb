// Package servertest builds the whole platform in-process for tests: the
// real services over a test database, the real pages and API, the real
// middleware, served by httptest.
package servertest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/agreement"
	"tiaojie/internal/api"
	"tiaojie/internal/association"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/complaints"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/district"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
	"tiaojie/internal/funding"
	"tiaojie/internal/i18n"
	"tiaojie/internal/incubation"
	"tiaojie/internal/keys"
	"tiaojie/internal/meetings" // partners
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
	"tiaojie/internal/plan"
	"tiaojie/internal/procurement"
	"tiaojie/internal/rating"
	"tiaojie/internal/registry"
	"tiaojie/internal/room"
	"tiaojie/internal/roster"
	"tiaojie/internal/server"
	"tiaojie/internal/settings"
	"tiaojie/internal/stats"
	"tiaojie/internal/supervision"
	"tiaojie/internal/training"
	"tiaojie/internal/web"
)

// Stack is a running platform.
type Stack struct {
	DB       *db.DB
	Keys     *keys.Master
	Clock    *clock.Fake
	Audit    *audit.Log
	Auth     *auth.Service
	Registry *registry.Service
	Roster   *roster.Service
	Settings *settings.Service
	Experts  *experts.Service
	Rating   *rating.Service
	Cases    *cases.Service
	Notifier *notify.Notifier
	Room     *room.Service
	Content  *content.Service
	Files    *files.Service
	Catalog  *i18n.Catalog
	District *tiaojie.District
	Server   *server.Server
	HTTP     *httptest.Server

	Supervision *supervision.Service
	Incubation  *incubation.Service
	Disclosure  *disclosure.Service // information disclosure (C8)

	Complaints  *complaints.Service  // complaints (C8/C10)
	Association *association.Service // the industry association (C10)
	Agencies    *agencies.Service    // partner agencies (C12)
	Training    *training.Service    // unified training and mentoring (C11)

	Funding *funding.Service // funding and venture rounds (C11)

	Plan        *plan.Service        // the rollout plan (C14)
	Stats       *stats.Service       // statistics (C15)
	Procurement *procurement.Service // government procurement (C9)
	Meetings    *meetings.Service    // partners: joint meetings (C12)
}

// Options adjust the stack.
type Options struct {
	Config *server.Config // nil: defaults
	Clock  *clock.Fake    // nil: a fake clock at the real current time
	Log    *slog.Logger   // nil: discard
	SMS    auth.Sender    // nil: the development sender, into Log
}

// FastAuth returns the default auth settings with cheap password hashing,
// so tests that log in many times stay fast. Nothing else differs.
func FastAuth() auth.Config {
	cfg := auth.DefaultConfig()
	cfg.Hasher = auth.Hasher{Algorithm: auth.Argon2id, Memory: 64, Time: 1, Threads: 1}
	return cfg
}

// New starts the platform over d.
func New(t testing.TB, d *db.DB, o Options) *Stack {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := o.Clock
	if c == nil {
		c = clock.NewFake(time.Now())
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sms := o.SMS
	if sms == nil {
		sms = auth.LogSender{Log: log}
	}
	al := audit.New(m, c)
	svc, err := auth.New(auth.Deps{DB: d, Audit: al, Keys: m, Clock: c, District: dist, SMS: sms, Log: log}, FastAuth())
	if err != nil {
		t.Fatal(err)
	}
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fs := files.New(store, c)
	reg := registry.New(registry.Deps{DB: d, Audit: al, Files: fs, Clock: c, District: dist, Log: log})
	ros := roster.New(roster.Deps{DB: d, Audit: al, Keys: m, Files: fs, Clock: c, District: dist, Log: log})
	set := settings.New(settings.Deps{DB: d, Audit: al, Clock: c, Log: log})
	exp := experts.New(experts.Deps{DB: d, Audit: al, Clock: c, Log: log})
	nt, err := notify.New(notify.Deps{Mailer: notify.LogMailer{Log: log}, SMS: sms, Sealer: pii.NewSealer(m), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	cs := cases.New(cases.Deps{DB: d, Audit: al, Keys: m, Files: fs, Clock: c, District: dist, Fees: reg, Roster: ros,
		Notifier: nt, Codes: svc, BaseURL: "http://tiaojie.test", Log: log})
	con := content.New(content.Deps{DB: d, Audit: al, Files: fs, Clock: c, Log: log})
	rt := rating.New(rating.Deps{DB: d, Audit: al, Clock: c, Files: fs, Calendar: cs.Calendar, Log: log})
	dis := disclosure.New(disclosure.Deps{DB: d, Audit: al, Clock: c, Notifier: nt, Keys: m, BaseURL: "http://tiaojie.test", Log: log})
	inc := incubation.New(incubation.Deps{DB: d, Audit: al, Keys: m, Clock: c, District: dist, Registry: reg, Log: log})
	sup := supervision.New(supervision.Deps{DB: d, Audit: al, Files: fs, Clock: c, Registry: reg, Roster: ros, Calendar: cs.Calendar, Notifier: nt, Log: log})
	cpl := complaints.New(complaints.Deps{DB: d, Audit: al, Keys: m, Clock: c, Calendar: cs.Calendar, District: dist, Notifier: nt,
		BaseURL: "http://tiaojie.test", Log: log})
	asc := association.New(association.Deps{DB: d, Audit: al, Clock: c, Log: log})
	agc := agencies.New(agencies.Deps{DB: d, Audit: al, Clock: c, Log: log})
	trn := training.New(training.Deps{DB: d, Audit: al, Clock: c, Roster: ros, Notifier: nt, BaseURL: "http://tiaojie.test", Log: log}) // training (C11)

	// funding (C11), its venture reports due reminded by notice.
	fnd := funding.New(funding.Deps{DB: d, Audit: al, Clock: c, Log: log, Notifier: nt, Sealer: pii.NewSealer(m), BaseURL: "http://tiaojie.test"})

	pl := plan.New(plan.Deps{DB: d, Audit: al, Clock: c, Files: fs, District: dist, Notifier: nt, Keys: m, // the rollout plan (C14)
		BaseURL: "http://tiaojie.test", Log: log})
	st := stats.New(stats.Deps{DB: d, Audit: al, Clock: c, District: dist, Cases: cs, Incubation: inc, Log: log}) // statistics (C15)
	// Government procurement of mediation services (C9).
	prc := procurement.New(procurement.Deps{DB: d, Audit: al, Clock: c, Log: log, Agencies: agc, District: dist,
		Notifier: nt, Sealer: pii.NewSealer(m), BaseURL: "http://tiaojie.test"})
	// partners: joint meetings (C12).
	mtg := meetings.New(meetings.Deps{DB: d, Audit: al, Clock: c, Notifier: nt, Sealer: pii.NewSealer(m), BaseURL: "http://tiaojie.test", Log: log})
	broker, err := room.OpenBroker(context.Background(), d, log)
	if err != nil {
		t.Fatal(err)
	}
	rooms := room.New(room.Deps{DB: d, Audit: al, Access: cs, Broker: broker, Notifier: cs, Files: fs, Clock: c, Log: log})
	t.Cleanup(func() {
		rooms.Close()
		broker.Close()
	})
	w, err := web.New(web.Deps{Auth: svc, Audit: al, Registry: reg, Roster: ros, Settings: set, Experts: exp, Rating: rt, Cases: cs, Fonts: fonts(), Room: rooms, Content: con, Files: fs,
		DB: d, Catalog: cat, District: dist, Log: log, Version: "test", Disclosure: dis, Supervision: sup, Incubation: inc,
		Complaints: cpl, Association: asc,
		Agencies:    agc,
		Training:    trn,
		Funding:     fnd, // funding (C11)
		Plan:        pl,
		Stats:       st,
		Procurement: prc,
		Meetings:    mtg,
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := api.New(api.Deps{Auth: svc, Audit: al, Registry: reg, Roster: ros, Settings: set, Experts: exp, Rating: rt, Cases: cs, Content: con, Files: fs,
		DB: d, Catalog: cat, District: dist, Log: log, Version: "test", Disclosure: dis, Fonts: fonts(), Supervision: sup, Incubation: inc,
		Complaints: cpl, Association: asc,
		Agencies:    agc,
		Training:    trn,
		Funding:     fnd, // funding (C11)
		Plan:        pl,
		Stats:       st,
		Procurement: prc,
		Meetings:    mtg,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{}
	if o.Config != nil {
		cfg = *o.Config
	}
	srv := server.New(cfg, server.Deps{DB: d, Auth: svc, Catalog: cat, Web: w, API: a, Log: log, Version: "test"})
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &Stack{DB: d, Keys: m, Clock: c, Audit: al, Auth: svc, Registry: reg, Roster: ros, Settings: set, Experts: exp, Rating: rt, Cases: cs, Notifier: nt, Room: rooms, Content: con, Files: fs,
		Catalog: cat, District: dist, Server: srv, HTTP: hs, Disclosure: dis, Supervision: sup, Incubation: inc,
		Complaints: cpl, Association: asc,
		Agencies:    agc,
		Training:    trn,
		Funding:     fnd, // funding (C11)
		Plan:        pl,
		Stats:       st,
		Procurement: prc,
		Meetings:    mtg,
	}
}

// SQLite starts the platform on a fresh SQLite database.
func SQLite(t testing.TB) *Stack { return New(t, dbtest.SQLite(t), Options{}) }

// fonts returns the agreement's font from the system, or nil when none is
// installed (the PDF tests then skip, or fail in CI). It is parsed once
// per test binary: Fonts is read-only and safe to share.
var fonts = sync.OnceValue(func() *agreement.Fonts {
	f, err := agreement.LoadFonts(agreement.FontConfig{})
	if err != nil {
		return nil
	}
	return f
})
