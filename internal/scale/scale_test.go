package scale_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/scale"
)

// factor is a tiny share of the city set: 1,000 cases, fast on both
// engines, yet every status, the home share and the directory show.
const factor = 0.0005

// now is the anchor of the generated five years: a Friday afternoon.
var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// env is a database with the home committee, its mediator and their
// login (as the demo seed makes them), and the services that read the
// generated data.
type env struct {
	db       *db.DB
	keys     *keys.Master
	registry *registry.Service
	roster   *roster.Service
	cases    *cases.Service
	home     scale.Home
	mediator *tiaojie.Principal
}

func newEnv(t *testing.T, d *db.DB, m *keys.Master) *env {
	t.Helper()
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(now)
	a := audit.New(m, c)
	ros := roster.New(roster.Deps{DB: d, Audit: a, Keys: m, Clock: c, District: dist})
	e := &env{db: d, keys: m, registry: registry.New(registry.Deps{DB: d, Audit: a, Clock: c, District: dist}), roster: ros,
		cases: cases.New(cases.Deps{DB: d, Audit: a, Keys: m, Clock: c, District: dist, Roster: ros})}
	township := dist.Townships[0]
	h := scale.Home{OrgName: township.Name + "人民调解委员会", MediatorName: "黄洁", Township: township.Code}
	w := d.Writer()
	if err := w.QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ('tjmediator', '黄洁', $1, $1) RETURNING id`,
		now).Scan(&h.UserID); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRow(`
		INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, 'basic', 'peoples_committee', 'township', $2, 'active', $3, $3) RETURNING id`,
		h.OrgName, h.Township, now).Scan(&h.OrgID); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRow(`INSERT INTO mediators (name, gender, status, user_id, created_at, updated_at) VALUES ($1, 'female', 'active', $2, $3, $3) RETURNING id`,
		h.MediatorName, h.UserID, now).Scan(&h.MediatorID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`INSERT INTO mediator_orgs (mediator_id, org_id, position, joined_at) VALUES ($1, $2, 'full_time', $3)`,
		h.MediatorID, h.OrgID, now); err != nil {
		t.Fatal(err)
	}
	e.home = h
	e.mediator = &tiaojie.Principal{UserID: h.UserID, Name: "tjmediator", MFA: true,
		Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: h.OrgID}}}
	return e
}

func (e *env) generate(t *testing.T, seed uint64) scale.Report {
	t.Helper()
	dist, _ := district.Default()
	rep, err := scale.Generate(context.Background(), e.db, scale.Options{Factor: factor, Seed: seed, Now: now, District: dist,
		Sealer: pii.NewSealer(e.keys), Calendar: tiaojie.NewCalendar(nil), Policy: tiaojie.DefaultPolicy(), Home: e.home})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases, %d rows of events, %d messages in %s", rep.Cases, rep.Rows["case_events"], rep.Rows["room_messages"], rep.Elapsed)
	return rep
}

// TestGenerate checks that the services see the generated data as their
// own: the public directory finds a generated organization, the home
// township's board and the home mediator's case list count the generated
// cases, every status is there, sealed personal data opens, and the same
// seed gives the same data.
func TestGenerate(t *testing.T) {
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, m)
		rep := e.generate(t, 42)

		var name string
		if err := d.Reader().QueryRow(`SELECT name FROM orgs WHERE id > $1 AND status = 'active' ORDER BY id LIMIT 1`, e.home.OrgID).Scan(&name); err != nil {
			t.Fatal(err)
		}
		page, err := e.registry.Directory(ctx, registry.DirectoryQuery{Q: name})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(page.Cards, func(c registry.OrgCard) bool { return c.Name == name }) {
			t.Errorf("the directory does not find the generated %s (%d results)", name, page.Total)
		}

		desk := &tiaojie.Principal{UserID: e.home.UserID + 1000, Name: "township", MFA: true,
			Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: e.home.Township}}}
		board, err := e.cases.Board(ctx, desk, "")
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, n := range board.Counts {
			total += n
		}
		if total < rep.HomeCases || rep.HomeCases < 20 {
			t.Errorf("the home township's board counts %d cases; %d home cases were generated", total, rep.HomeCases)
		}
		list, err := e.cases.List(ctx, e.mediator, cases.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var assigned int
		if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM cases WHERE mediator_id = $1`, e.home.MediatorID).Scan(&assigned); err != nil {
			t.Fatal(err)
		}
		if list.Total != assigned || assigned < rep.HomeCases/2 {
			t.Errorf("the home mediator lists %d cases; %d of the %d home cases are assigned to them", list.Total, assigned, rep.HomeCases)
		}

		rows, err := d.Reader().Query(`SELECT DISTINCT status FROM cases`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		rows.Close()
		for _, s := range tiaojie.CaseStatuses() {
			if !slices.Contains(got, string(s)) {
				t.Errorf("no case in status %s (have %v)", s, got)
			}
		}

		var caseID int64
		var partyName string
		if err := d.Reader().QueryRow(`
			SELECT c.id, p.name FROM cases c JOIN case_parties p ON p.case_id = c.id
			WHERE c.mediator_id = $1 AND p.id_enc IS NOT NULL AND p.phone_enc IS NOT NULL ORDER BY c.id LIMIT 1`,
			e.home.MediatorID).Scan(&caseID, &partyName); err != nil {
			t.Fatal(err)
		}
		v, err := e.cases.Get(ctx, e.mediator, caseID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(v.Parties, func(p cases.Party) bool { return p.Name == partyName })
		if i < 0 {
			t.Fatalf("case %d does not show party %s: %+v", caseID, partyName, v.Parties)
		}
		p := v.Parties[i]
		if tiaojie.ValidatePhone(p.Phone) != nil || p.IDNumberMasked == "" {
			t.Errorf("party %s: phone %q, identity number %q, want both opened", p.Name, p.Phone, p.IDNumberMasked)
		}

		var medID int64
		if err := d.Reader().QueryRow(`SELECT MAX(id) FROM mediators`).Scan(&medID); err != nil {
			t.Fatal(err)
		}
		med, err := e.roster.Get(ctx, tiaojie.System(), medID)
		if err != nil {
			t.Fatal(err)
		}
		if med.IDNumberMasked == "" || med.PhoneMasked == "" {
			t.Errorf("mediator %d: identity number %q, phone %q, want both opened and masked", medID, med.IDNumberMasked, med.PhoneMasked)
		}

		// The services' next row gets the next id (PostgreSQL's identity
		// sequences were moved past the generated ids).
		var next, top int64
		if err := d.Writer().QueryRow(`
			INSERT INTO case_events (case_id, action, actor, role, at) VALUES ($1, 'note', 'test', 'desk', $2) RETURNING id`,
			caseID, now).Scan(&next); err != nil {
			t.Fatal(err)
		}
		if err := d.Reader().QueryRow(`SELECT MAX(id) FROM case_events WHERE action <> 'note'`).Scan(&top); err != nil {
			t.Fatal(err)
		}
		if next <= top {
			t.Errorf("a new event got id %d, at or below the generated %d", next, top)
		}

		again := newEnv(t, reopen(t, d), m)
		if r2 := again.generate(t, 42); r2.Digest != rep.Digest {
			t.Errorf("the same seed gave digest %s, then %s", rep.Digest, r2.Digest)
		}
	})
}

// reopen returns a fresh database of the same engine as d.
func reopen(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	if d.Engine() == db.Postgres {
		return dbtest.Postgres(t)
	}
	return dbtest.SQLite(t)
}
