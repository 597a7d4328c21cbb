package bench_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"tiaojie/bench/corpus"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
)

// corpusVersion names the generated corpus. Bump it whenever bench/corpus
// or the search index format changes, so cached corpora are rebuilt.
const corpusVersion = "v1"

// corpusSeed makes every build of a size the same corpus.
const corpusSeed = 20261129

// The environment variables that size the corpus; the defaults are the
// issue's 50,000 organizations and 200,000 mediators.
const (
	orgsEnv      = "TIAOJIE_BENCH_ORGS"
	mediatorsEnv = "TIAOJIE_BENCH_MEDIATORS"
)

// benchSize reads the corpus size from the environment.
func benchSize(b *testing.B) corpus.Size {
	b.Helper()
	n := func(env string, def int) int {
		v := os.Getenv(env)
		if v == "" {
			return def
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 1 {
			b.Fatalf("%s=%q: want a positive number", env, v)
		}
		return i
	}
	return corpus.Size{Orgs: n(orgsEnv, 50_000), Mediators: n(mediatorsEnv, 200_000)}
}

// corpusName names a cached corpus: its version and size.
func corpusName(s corpus.Size) string {
	return fmt.Sprintf("bench_%s_%d_%d", corpusVersion, s.Orgs, s.Mediators)
}

// built describes a corpus database ready for the benchmarks.
type built struct {
	db      *db.DB
	reused  bool          // found complete in the cache
	took    time.Duration // generation time (recorded when it was built)
	where   string        // file path or schema
	size    int64         // bytes on disk, tables and indexes
	index   int64         // bytes of the search index, when the engine tells
	version string        // engine version
}

// sqliteCorpus opens the cached SQLite corpus under os.TempDir(),
// building it first when it is missing or incomplete.
func sqliteCorpus(b *testing.B, s corpus.Size) *built {
	b.Helper()
	path := filepath.Join(os.TempDir(), "tiaojie-"+corpusName(s)+".db")
	open := func() *db.DB { return openMigrated(b, path) }
	reset := func(d *db.DB) *db.DB {
		d.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				b.Fatal(err)
			}
		}
		return open()
	}
	c := ensure(b, open(), s, reset, func(*db.DB) error { return nil })
	c.where = path
	ctx := context.Background()
	if _, err := c.db.Writer().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	c.size = st.Size()
	// dbstat is compiled into modernc's SQLite; without it the index size
	// is simply not reported.
	_ = c.db.Reader().QueryRowContext(ctx, `SELECT coalesce(sum(pgsize), 0) FROM dbstat
		WHERE name LIKE 'org_fts%' OR name LIKE 'mediator_fts%'`).Scan(&c.index)
	if err := c.db.Reader().QueryRowContext(ctx, "SELECT 'SQLite ' || sqlite_version()").Scan(&c.version); err != nil {
		b.Fatal(err)
	}
	return c
}

// postgresCorpus opens the cached corpus in its own schema of the
// database named by TIAOJIE_TEST_POSTGRES, building it first when missing
// or incomplete. It skips when the variable is unset.
func postgresCorpus(b *testing.B, s corpus.Size) *built {
	b.Helper()
	base := os.Getenv(dbtest.PostgresEnv)
	if base == "" {
		b.Skip("PostgreSQL benchmarks need " + dbtest.PostgresEnv + " (a postgres:// URL)")
	}
	ctx := context.Background()
	schema := corpusName(s)
	admin, err := db.Open(ctx, base, db.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	exec := func(q string) {
		if _, err := admin.Writer().ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	exec("CREATE SCHEMA IF NOT EXISTS " + schema)
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	open := func() *db.DB { return openMigrated(b, u.String()) }
	reset := func(d *db.DB) *db.DB {
		d.Close()
		exec("DROP SCHEMA " + schema + " CASCADE")
		exec("CREATE SCHEMA " + schema)
		return open()
	}
	// Autovacuum would analyze the new tables within a minute; do it now
	// so that the first plans are the steady state's.
	analyze := func(d *db.DB) error {
		_, err := d.Writer().ExecContext(ctx, `VACUUM ANALYZE orgs, org_specialties, org_languages, org_search,
			mediators, mediator_orgs, mediator_specialties, mediator_languages, mediator_search`)
		return err
	}
	c := ensure(b, open(), s, reset, analyze)
	c.where = "schema " + schema
	err = c.db.Reader().QueryRowContext(ctx, `
		SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0),
		       coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relname IN ('org_search', 'mediator_search')), 0)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'r'`, schema).Scan(&c.size, &c.index)
	if err != nil {
		b.Fatal(err)
	}
	if err := c.db.Reader().QueryRowContext(ctx, "SELECT 'PostgreSQL ' || current_setting('server_version')").Scan(&c.version); err != nil {
		b.Fatal(err)
	}
	return c
}

// openMigrated opens and migrates a database; the caller's cleanup closes it.
func openMigrated(b *testing.B, dsn string) *db.DB {
	b.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, db.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		b.Fatal(err)
	}
	return d
}

// ensure returns d when it holds a complete corpus of size s at the
// current schema version; otherwise it resets the database, generates the
// corpus, runs after (statistics) and marks the corpus complete. The mark
// is written last, so an interrupted build is rebuilt next time.
func ensure(b *testing.B, d *db.DB, s corpus.Size, reset func(*db.DB) *db.DB, after func(*db.DB) error) *built {
	b.Helper()
	ctx := context.Background()
	schema, _, err := d.SchemaVersion(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var version string
	var orgs, mediators, atSchema, ms int64
	err = d.Reader().QueryRowContext(ctx, `SELECT version, orgs, mediators, schema_version, build_ms FROM bench_corpus`).
		Scan(&version, &orgs, &mediators, &atSchema, &ms)
	if err == nil && version == corpusVersion && orgs == int64(s.Orgs) && mediators == int64(s.Mediators) && atSchema == schema {
		b.Cleanup(func() { d.Close() })
		return &built{db: d, reused: true, took: time.Duration(ms) * time.Millisecond}
	}
	d = reset(d)
	b.Cleanup(func() { d.Close() })
	dist, err := district.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generating %d organizations and %d mediators on %s (minutes) …", s.Orgs, s.Mediators, d.Engine())
	start := time.Now()
	if err := corpus.Generate(ctx, d, dist, s, corpusSeed); err != nil {
		b.Fatalf("generate corpus: %v", err)
	}
	if err := after(d); err != nil {
		b.Fatalf("after generating: %v", err)
	}
	took := time.Since(start)
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE bench_corpus (version TEXT NOT NULL, orgs BIGINT NOT NULL,
			mediators BIGINT NOT NULL, schema_version BIGINT NOT NULL, build_ms BIGINT NOT NULL)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bench_corpus VALUES ($1, $2, $3, $4, $5)`,
			corpusVersion, s.Orgs, s.Mediators, schema, took.Milliseconds())
		return err
	})
	if err != nil {
		b.Fatalf("mark corpus complete: %v", err)
	}
	return &built{db: d, took: took}
}
