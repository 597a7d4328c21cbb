package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteDSN builds the connection string for one pool. Pragmas go through
// _pragma so that modernc runs them on every new connection; a pragma given
// any other way is silently ignored (SECURITY.md REL-01), which is why
// TestPragmasInForce opens the database exactly as production does.
//
// synchronous=FULL makes a commit durable once it returns (NORMAL could roll
// back acknowledged commits after a power loss), secure_delete overwrites
// deleted personal data, and _txlock=immediate takes the write lock at BEGIN
// so a transaction never fails halfway with SQLITE_BUSY on upgrade.
func sqliteDSN(path string, busyMS int64, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busyMS, 10)+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_time_format", "sqlite")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string, opts Options) (*DB, error) {
	if strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("db: the SQLite path %q must be a plain file path", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("db: create directory for %s: %w", path, err)
		}
	}
	busy := opts.BusyTimeout.Milliseconds()
	if busy <= 0 {
		busy = 10_000
	}
	readers := opts.Readers
	if readers <= 0 {
		readers = 4
	}
	write, err := sql.Open("sqlite", sqliteDSN(path, busy, false))
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer must exist before readers so that WAL mode is set on the
	// file before a query-only connection tries to read it.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", sqliteDSN(path, busy, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	return &DB{engine: SQLite, write: write, read: read, lagging: read, path: path}, nil
}

// Backup writes a consistent copy of a SQLite database to path with VACUUM
// INTO, which reads one snapshot while writers go on, and produces a
// compact file without a WAL. It uses a connection of its own (the read
// pool is query-only, which forbids writing even the new file; the writer
// must stay free), so the server keeps reading and writing meanwhile.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.engine != SQLite {
		return fmt.Errorf("db: online backup is for SQLite; use pg_dump or pg_basebackup for PostgreSQL")
	}
	conn, err := sql.Open("sqlite", sqliteDSN(db.path, 10_000, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("db: backup to %s: %w", path, err)
	}
	return nil
}

// Optimize refreshes SQLite's statistics of the tables whose size has
// changed much since they were last analyzed (PRAGMA optimize, with a
// bounded sample), as SQLite advises for long-lived connections. Without
// statistics the planner guesses, and on the city dataset it read the
// table through the general status index where the small partial index
// of open cases answers alone (cases_open: 50 ms against 5). PostgreSQL
// keeps its own statistics (autovacuum); there it does nothing.
func (db *DB) Optimize(ctx context.Context) error {
	if db.engine != SQLite {
		return nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
		return fmt.Errorf("db: optimize: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA optimize = 0x10002"); err != nil {
		return fmt.Errorf("db: optimize: %w", err)
	}
	return nil
}
