// Package bench_test measures the public directory's Chinese search over a
// generated corpus (bench/corpus) the size of a large city: by default
// 50,000 organizations and 200,000 mediators. It holds benchmarks only, so
// a plain `go test ./...` builds nothing big; run them with -bench:
//
//	go test ./bench/ -run '^$' -bench Directory -benchtime 200x
//	TIAOJIE_TEST_POSTGRES=postgres://… go test ./bench/ -run '^$' -bench Directory -benchtime 200x
//
// The corpus is built once and cached (a SQLite file under os.TempDir(),
// a schema in the PostgreSQL database), so later runs start at once.
// docs/PERFORMANCE.md records the figures and what they mean.
package bench_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"tiaojie/bench/corpus"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// class is a kind of query people type: its examples are cycled through,
// one per call.
type class struct {
	name    string
	queries []string
}

// orgClasses are the query classes of the organization directory.
var orgClasses = []class{
	{"none", []string{""}}, // browsing, filters only
	{"1char", []string{"婚", "调", "镇"}},
	{"2char", []string{"婚姻", "医疗", "物业", "劳动", "邻里"}},
	{"4char+", []string{"人民调解委员会", "婚姻家庭纠纷", "商事调解中心"}},
	{"words", []string{"城桥 婚姻", "堡镇 物业", "崇明区 商事"}},
	{"digits", []string{"12345", "168", "30"}},
}

// mediatorClasses are the query classes of the mediator roster: names,
// specialties and words of the biographies.
var mediatorClasses = []class{
	{"none", []string{""}},
	{"1char", []string{"王", "婚", "调"}},
	{"2char", []string{"婚姻", "医疗", "物业", "劳动", "张伟"}},
	{"4char+", []string{"婚姻家庭纠纷", "道路交通事故", "诉调对接"}},
	{"words", []string{"王 婚姻", "李 物业", "陈 医患"}},
}

// Township and dispute type of the "township+type" filters: 城桥镇, marriage
// and family.
const (
	filterTownship = "310151101"
	filterDispute  = "marriage_family"
)

// orgFilters are the filter sets of the organization benchmarks.
var orgFilters = []struct {
	name string
	set  func(*registry.DirectoryQuery)
}{
	{"all", func(*registry.DirectoryQuery) {}},
	{"township+type", func(q *registry.DirectoryQuery) {
		q.Township, q.DisputeTypes = filterTownship, []string{filterDispute}
	}},
	{"online", func(q *registry.DirectoryQuery) { q.Online = new(true) }},
	{"paid", func(q *registry.DirectoryQuery) { q.Paid = new(true) }},
}

// mediatorFilters are the filter sets of the mediator benchmarks (the
// roster has no online or paid filter; grade is its own).
var mediatorFilters = []struct {
	name string
	set  func(*roster.DirectoryQuery)
}{
	{"all", func(*roster.DirectoryQuery) {}},
	{"township+type", func(q *roster.DirectoryQuery) { q.Township, q.DisputeType = filterTownship, filterDispute }},
	{"grade1", func(q *roster.DirectoryQuery) { q.Grade = 1 }},
}

// BenchmarkDirectory measures the first page (20 results, with the capped
// count) of registry.Service.Directory and roster.Service.Directory per
// engine, query class and filter set, reporting the median and 99th
// percentile of single calls and the mean result count ("total", capped at
// 1000 as the pages show it).
func BenchmarkDirectory(b *testing.B) {
	size := benchSize(b)
	for _, engine := range []struct {
		name string
		open func(*testing.B, corpus.Size) *built
	}{{"sqlite", sqliteCorpus}, {"postgres", postgresCorpus}} {
		b.Run(engine.name, func(b *testing.B) {
			c := engine.open(b, size)
			how := "built"
			if c.reused {
				how = "reused (built earlier)"
			}
			// A leaf of its own, so that its log and figures are printed
			// without -v.
			b.Run("corpus", func(b *testing.B) {
				for b.Loop() {
				}
				b.Logf("%s: %d organizations, %d mediators in %s, %s in %s; %.1f MiB on disk, search index %.1f MiB",
					c.version, size.Orgs, size.Mediators, c.where, how, c.took.Round(time.Second),
					mib(c.size), mib(c.index))
				b.ReportMetric(c.took.Seconds(), "build_s")
				b.ReportMetric(mib(c.size), "db_MiB")
				b.ReportMetric(mib(c.index), "index_MiB")
			})
			reg, ros := services(b, c.db)
			b.Run("orgs", func(b *testing.B) { benchOrgs(b, reg) })
			b.Run("mediators", func(b *testing.B) { benchMediators(b, ros) })
			b.Run("orgpage/mediators", func(b *testing.B) { benchOrgPage(b, ros, size.Orgs) })
		})
	}
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// services builds the two services with their real dependencies.
func services(b testing.TB, d *db.DB) (*registry.Service, *roster.Service) {
	b.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		b.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		b.Fatal(err)
	}
	store, err := files.OpenStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	c := clock.System{}
	fs := files.New(store, c)
	reg := registry.New(registry.Deps{DB: d, Audit: audit.New(m, c), Files: fs, Clock: c, District: dist})
	ros := roster.New(roster.Deps{DB: d, Audit: audit.New(m, c), Keys: m, Files: fs, Clock: c, District: dist})
	return reg, ros
}

func benchOrgs(b *testing.B, s *registry.Service) {
	for _, cl := range orgClasses {
		for _, f := range orgFilters {
			b.Run(cl.name+"/"+f.name, func(b *testing.B) {
				measure(b, cl.queries, func(ctx context.Context, q string) (int, error) {
					dq := registry.DirectoryQuery{Q: q}
					f.set(&dq)
					p, err := s.Directory(ctx, dq)
					return p.Total, err
				})
			})
		}
	}
}

func benchMediators(b *testing.B, s *roster.Service) {
	for _, cl := range mediatorClasses {
		for _, f := range mediatorFilters {
			b.Run(cl.name+"/"+f.name, func(b *testing.B) {
				measure(b, cl.queries, func(ctx context.Context, q string) (int, error) {
					dq := roster.DirectoryQuery{Q: q}
					f.set(&dq)
					p, err := s.Directory(ctx, dq)
					return p.Total, err
				})
			})
		}
	}
}

// benchOrgPage measures the mediator list of an organization's public
// page (roster.Service.OrgMediators), cycling through 50 organizations.
func benchOrgPage(b *testing.B, s *roster.Service, orgs int) {
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = strconv.Itoa(1 + i*orgs/len(ids))
	}
	measure(b, ids, func(ctx context.Context, id string) (int, error) {
		n, _ := strconv.ParseInt(id, 10, 64)
		cards, err := s.OrgMediators(ctx, n)
		return len(cards), err
	})
}

// measure times each call of search, cycling through queries, after one
// warm-up call per query, and reports p50_ms, p99_ms and the mean total.
func measure(b *testing.B, queries []string, search func(context.Context, string) (int, error)) {
	ctx := context.Background()
	for _, q := range queries {
		if _, err := search(ctx, q); err != nil {
			b.Fatalf("%q: %v", q, err)
		}
	}
	var lat []time.Duration
	var total int
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		n, err := search(ctx, q)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatalf("%q: %v", q, err)
		}
		total += n
	}
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50_ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99_ms")
	b.ReportMetric(float64(total)/float64(len(lat)), "total")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile returns the nearest-rank p-th percentile of ds (sorting it).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(float64(len(ds))*p+0.999999) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}

// TestPercentile pins the nearest-rank definition the reports use.
func TestPercentile(t *testing.T) {
	ds := make([]time.Duration, 200)
	for i := range ds {
		ds[i] = time.Duration(200 - i)
	}
	if p50, p99 := percentile(ds, 0.50), percentile(ds, 0.99); p50 != 100 || p99 != 198 {
		t.Errorf("p50 %d, p99 %d; want 100, 198", p50, p99)
	}
}

// TestQueries runs every class and filter of the benchmarks once on a
// small corpus on each engine, so a plain test run proves the harness
// works and that every class finds something (a
// small corpus lacks some of the examples).
func TestQueries(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dist, err := district.Default()
		if err != nil {
			t.Fatal(err)
		}
		if err := corpus.Generate(ctx, d, dist, corpus.Size{Orgs: 300, Mediators: 1200}, corpusSeed); err != nil {
			t.Fatal(err)
		}
		reg, ros := services(t, d)
		check := func(kind string, cl class, search func(string) (int, error)) {
			found := 0
			for _, q := range cl.queries {
				n, err := search(q)
				if err != nil {
					t.Fatalf("%s %q: %v", kind, q, err)
				}
				found += n
			}
			if found == 0 {
				t.Errorf("%s %s: no query found anything", kind, cl.name)
			}
		}
		for _, cl := range orgClasses {
			check("orgs", cl, func(q string) (int, error) {
				p, err := reg.Directory(ctx, registry.DirectoryQuery{Q: q})
				return p.Total, err
			})
		}
		for _, cl := range mediatorClasses {
			check("mediators", cl, func(q string) (int, error) {
				p, err := ros.Directory(ctx, roster.DirectoryQuery{Q: q})
				return p.Total, err
			})
		}
	})
}
