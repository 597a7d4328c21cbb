package demo_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/demo"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// start is 10:00 on 2 March 2026, Beijing time.
var start = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

type env struct {
	deps  demo.Deps
	audit *audit.Log
	db    *db.DB
}

func newEnv(t testing.TB, d *db.DB, dist *tiaojie.District) env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	fs := files.New(store, c)
	a := audit.New(m, c)
	return env{db: d, audit: a, deps: demo.Deps{
		Registry: registry.New(registry.Deps{DB: d, Audit: a, Files: fs, Clock: c, District: dist}),
		Roster:   roster.New(roster.Deps{DB: d, Audit: a, Keys: m, Files: fs, Clock: c, District: dist}),
		Content:  content.New(content.Deps{DB: d, Audit: a, Files: fs, Clock: c}),
		District: dist, Clock: c, Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}}
}

// testWriter sends log lines to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func defaultDistrict(t testing.TB) *tiaojie.District {
	t.Helper()
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	return dist
}

// allOrgs returns every organization, oldest first.
func allOrgs(t *testing.T, r *registry.Service) []*registry.Org {
	t.Helper()
	orgs, _, err := r.List(context.Background(), tiaojie.System(), registry.StaffFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(orgs)
	return orgs
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dist := defaultDistrict(t)
		e := newEnv(t, d, dist)
		began := time.Now()
		sum, err := demo.Load(ctx, e.deps)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded %d organizations and %d mediators in %s", sum.TotalOrgs(), sum.TotalMediators(), time.Since(began))
		orgs := allOrgs(t, e.deps.Registry)
		checkOrgs(t, dist, orgs, sum)
		checkQueues(t, e.deps.Registry, dist)
		checkDirectory(t, e.deps.Registry)
		checkFees(t, e.deps.Registry, orgs, sum)
		checkRoster(t, e.deps.Roster, sum)
		rep, err := e.audit.Verify(ctx, e.db)
		if err != nil || !rep.OK() {
			t.Errorf("audit chain after loading: %+v, %v", rep.Problems, err)
		}
		if _, err := demo.Load(ctx, e.deps); err == nil || !strings.Contains(err.Error(), "empty database") {
			t.Errorf("a second load: %v, want a refusal", err)
		}
	})
}

func checkOrgs(t *testing.T, dist *tiaojie.District, orgs []*registry.Org, sum demo.Summary) {
	t.Helper()
	if len(orgs) < 36 || len(orgs) != sum.TotalOrgs() {
		t.Errorf("%d organizations (summary %d), want at least 36", len(orgs), sum.TotalOrgs())
	}
	towns, types, forms := map[string]bool{}, map[tiaojie.OrgType]bool{}, map[tiaojie.LegalForm]bool{}
	for _, o := range orgs {
		towns[o.Township], types[o.Type], forms[o.LegalForm] = true, true, true
		if o.CreditCode != "" {
			if err := tiaojie.ValidateUSCC(o.CreditCode); err != nil {
				t.Errorf("%s: credit code %s: %v", o.Name, o.CreditCode, err)
			}
		}
		if o.LegalForm.NeedsCreditCode() && o.Status == tiaojie.StatusActive && o.CreditCode == "" {
			t.Errorf("%s is active without a credit code", o.Name)
		}
		if o.Logo == "" {
			t.Errorf("%s has no logo", o.Name)
		}
	}
	for _, tw := range dist.Townships {
		if !towns[tw.Code] {
			t.Errorf("no organization in %s", tw.Name)
		}
	}
	for _, ty := range tiaojie.OrgTypes() {
		if !types[ty] {
			t.Errorf("no organization of type %s", ty)
		}
	}
	for _, f := range tiaojie.LegalForms() {
		if !forms[f] {
			t.Errorf("no organization of legal form %s", f)
		}
	}
	want := map[tiaojie.OrgStatus]int{tiaojie.StatusPreparing: 2, tiaojie.StatusPrereview: 2, tiaojie.StatusRegistered: 1,
		tiaojie.StatusRectifying: 2, tiaojie.StatusSuspended: 1, tiaojie.StatusDissolved: 1}
	for st, n := range want {
		if sum.Orgs[st] != n {
			t.Errorf("%d organizations %s, want %d", sum.Orgs[st], st, n)
		}
	}
	if sum.Featured < 4 || sum.Rated == 0 || sum.Services < 100 || sum.Articles < 7 || sum.Photos < 40 {
		t.Errorf("summary %+v", sum)
	}
}

func checkQueues(t *testing.T, r *registry.Service, dist *tiaojie.District) {
	t.Helper()
	ctx := context.Background()
	bureau := &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	q, err := r.PrereviewQueue(ctx, bureau)
	if err != nil || len(q) == 0 || q[0].Opinion != registry.OpinionSupport {
		t.Errorf("the bureau's queue: %d items, %v; want one with the township's support", len(q), err)
	}
	first := dist.Townships[0].Code
	office := &tiaojie.Principal{UserID: 2, Name: "township", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: first}}}
	q, err = r.PrereviewQueue(ctx, office)
	if err != nil || len(q) == 0 || q[0].Org.Township != first {
		t.Errorf("the first township's queue: %d items, %v", len(q), err)
	}
}

func checkDirectory(t *testing.T, r *registry.Service) {
	t.Helper()
	for _, q := range []string{"婚姻", "医疗", "商事", "海事"} {
		page, err := r.Directory(context.Background(), registry.DirectoryQuery{Q: q})
		if err != nil || page.Total == 0 {
			t.Errorf("directory %q: %d results, %v", q, page.Total, err)
		}
	}
	featured, err := r.Featured(context.Background())
	if err != nil || len(featured) < 4 {
		t.Errorf("featured: %d, %v", len(featured), err)
	}
}

func checkFees(t *testing.T, r *registry.Service, orgs []*registry.Org, sum demo.Summary) {
	t.Helper()
	ctx := context.Background()
	published := 0
	for _, o := range orgs {
		stds, err := r.FeeStandards(ctx, tiaojie.System(), o.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stds {
			published++
			if err := s.Validate(); err != nil {
				t.Errorf("%s fee v%d: %v", o.Name, s.Version, err)
			}
		}
	}
	if published < 3 || published != sum.FeeStandards-sum.FeeDrafts {
		t.Errorf("%d published fee standards, summary %d − %d drafts", published, sum.FeeStandards, sum.FeeDrafts)
	}
	fee, _, err := r.FeeFor(ctx, sum.CommercialCentre, tiaojie.Money(1_000_000*100), start)
	if err != nil || fee.FormatYuan() != "6,750.00" {
		t.Errorf("commercial centre fee for 1,000,000 yuan: %s, %v; want 6,750.00", fee.FormatYuan(), err)
	}
}

func checkRoster(t *testing.T, r *roster.Service, sum demo.Summary) {
	t.Helper()
	ctx := context.Background()
	if n := sum.TotalMediators(); n < 140 {
		t.Errorf("%d mediators, want at least 140", n)
	}
	if sum.Mediators[tiaojie.MediatorRemoved] != 1 || sum.Mediators[tiaojie.MediatorSuspended] != 2 {
		t.Errorf("mediators by status: %v", sum.Mediators)
	}
	removed, _, err := r.List(ctx, tiaojie.System(), roster.StaffFilter{Status: tiaojie.MediatorRemoved})
	if err != nil || len(removed) != 1 || !strings.Contains(removed[0].StatusDecision, "〔2026〕") {
		t.Fatalf("removed mediators: %v, %v", removed, err)
	}
	page, err := r.Directory(ctx, roster.DirectoryQuery{Q: removed[0].Name})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Cards {
		if c.ID == removed[0].ID {
			t.Errorf("the removed mediator %s is in the public roster", removed[0].Name)
		}
	}
	m, err := r.Get(ctx, tiaojie.System(), sum.Mediator)
	if err != nil || m.Status != tiaojie.MediatorActive || m.Orgs[0].OrgID != sum.CommercialCentre {
		t.Errorf("the demo mediator: %+v, %v", m, err)
	}
	public, err := r.Directory(ctx, roster.DirectoryQuery{Limit: 50})
	if err != nil || public.Total < 100 {
		t.Errorf("public roster: %d, %v", public.Total, err)
	}
	checkTraining(t, r, sum)
}

// checkTraining: most mediators have training on record, some of it more
// than 12 months old, and the bureau's requirement is off, so everyone
// active stays assignable.
func checkTraining(t *testing.T, r *roster.Service, sum demo.Summary) {
	t.Helper()
	ctx := context.Background()
	if sum.Training < 150 {
		t.Errorf("%d training records, want at least 150", sum.Training)
	}
	ms, _, err := r.List(ctx, tiaojie.System(), roster.StaffFilter{Status: tiaojie.MediatorActive, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var trained, old int
	for _, m := range ms {
		list, ts, err := r.Training(ctx, tiaojie.System(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ts.Required != 0 || ts.Short() {
			t.Errorf("%s: %+v with the requirement off", m.Name, ts)
		}
		if ts.Hours >= 8 {
			trained++
		}
		for _, tr := range list {
			if tr.HeldOn.Before(ts.From) {
				old++
			}
			if !strings.Contains(tr.Title, "培训") || tr.Hours < 4 || tr.Hours > 24 || tr.HeldOn.After(ts.To) {
				t.Errorf("%s: training %+v", m.Name, tr)
			}
		}
	}
	if trained < len(ms)*3/4 || old == 0 {
		t.Errorf("%d of %d active mediators trained, %d records older than 12 months", trained, len(ms), old)
	}
}

// TestDeterministic loads the demo twice into two databases: the same
// organizations come out in the same order, with the same codes.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dist := defaultDistrict(t)
	var runs [2][]string
	for i := range runs {
		e := newEnv(t, dbtest.SQLite(t), dist)
		if _, err := demo.Load(ctx, e.deps); err != nil {
			t.Fatal(err)
		}
		for _, o := range allOrgs(t, e.deps.Registry) {
			runs[i] = append(runs[i], o.Name+"|"+o.CreditCode+"|"+o.Address+"|"+string(o.Status))
		}
	}
	if !slices.Equal(runs[0], runs[1]) {
		t.Errorf("two loads differ:\n%v\n%v", runs[0], runs[1])
	}
}

// TestOtherDistrict loads the demo for a district profile with another
// name: no name, description or article mentions the default district.
func TestOtherDistrict(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dist := defaultDistrict(t)
	dist.Name, dist.Bureau.Name = "示例区", "上海市示例区司法局"
	dist.Centre.Name, dist.IncubationBase.Name = "示例区非诉讼争议解决中心", "示例区调解组织培育基地"
	for i := range dist.Languages {
		dist.Languages[i].Name = strings.ReplaceAll(dist.Languages[i].Name, "崇明", "示例")
	}
	e := newEnv(t, dbtest.SQLite(t), dist)
	if _, err := demo.Load(ctx, e.deps); err != nil {
		t.Fatal(err)
	}
	for _, o := range allOrgs(t, e.deps.Registry) {
		if strings.Contains(o.Name+o.Description+o.RegistrationAuthority, "崇明") {
			t.Errorf("%s names the default district: %s", o.Name, o.Description)
		}
	}
	items, _, err := e.deps.Content.List(ctx, tiaojie.System(), content.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range items {
		if strings.Contains(a.Title+a.Summary+a.Body, "崇明") {
			t.Errorf("article %q names the default district", a.Title)
		}
	}
}
