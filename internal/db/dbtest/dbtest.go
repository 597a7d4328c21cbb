// Package dbtest opens fresh, migrated databases for tests: a SQLite file in
// t.TempDir() always, and a private schema in the PostgreSQL database named
// by TIAOJIE_TEST_POSTGRES when that variable is set. Store tests run their
// body once per engine through ForEach, so one code path is proven on both.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"tiaojie/internal/db"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for the schema admin connection
)

// PostgresEnv names the environment variable holding the test PostgreSQL URL.
const PostgresEnv = "TIAOJIE_TEST_POSTGRES"

// ForEach runs fn as a subtest on a fresh SQLite database and, when
// TIAOJIE_TEST_POSTGRES is set, on a fresh PostgreSQL schema. Without the
// variable the PostgreSQL subtest is skipped with a message saying so; CI
// sets it and fails on any skip.
func ForEach(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// Postgres returns a migrated database in a new PostgreSQL schema that is
// dropped when the test ends. It skips the test when TIAOJIE_TEST_POSTGRES
// is unset.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip("PostgreSQL tests need " + PostgresEnv + " (a postgres:// URL)")
	}
	schema := "t_" + randomHex(t, 8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return open(t, u.String())
}

func open(t testing.TB, dsn string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, db.Options{})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

// PostgresURL returns a URL for a fresh schema (created and later dropped),
// for tests that open the database themselves, such as end-to-end tests of
// the serve command. It skips when TIAOJIE_TEST_POSTGRES is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	d := Postgres(t)
	var schema string
	if err := d.Writer().QueryRow("SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatalf("current schema: %v", err)
	}
	u, _ := url.Parse(os.Getenv(PostgresEnv))
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
