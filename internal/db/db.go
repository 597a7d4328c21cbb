// Package db opens the platform's database, embedded SQLite or PostgreSQL,
// applies the embedded migrations and offers the few helpers that stores
// share: transactions, error mapping and the dialect differences.
//
// Stores write portable SQL with $1…$n placeholders (numbered in order of
// first appearance), which both modernc.org/sqlite and pgx bind by number.
// Where the engines differ, the difference lives in dialect.go.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Engine names a database engine.
type Engine string

// The engines the platform runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database. On SQLite it holds two pools: a single-connection
// writer (SQLite allows one writer; queueing writers in Go instead of in
// SQLite's busy loop keeps latency predictable) and a pool of read-only
// connections that read a WAL snapshot in parallel with the writer. On
// PostgreSQL both are the same pool.
type DB struct {
	engine Engine
	write  *sql.DB
	read   *sql.DB
	pool   *pgxpool.Pool // PostgreSQL only
	path   string        // SQLite only: the database file
}

// Options tune how a database is opened. The zero value is sensible.
type Options struct {
	// Readers is the size of the SQLite read pool; 0 means 4.
	Readers int
	// BusyTimeout is how long SQLite waits for a lock held by another
	// process (a CLI command beside the server); 0 means 10 seconds.
	BusyTimeout time.Duration
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL,
// or else a SQLite file path (created with its directory if missing).
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("db: no database given")
	}
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn, opts)
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Engine returns the engine of the database.
func (db *DB) Engine() Engine { return db.engine }

// Path returns the SQLite file path, or "" on PostgreSQL.
func (db *DB) Path() string { return db.path }

// Reader returns the pool for queries that need no write lock. On SQLite its
// connections are query-only.
func (db *DB) Reader() *sql.DB { return db.read }

// Writer returns the pool that may write. Prefer InTx, which also maps
// errors; Writer exists for tools such as migrations and backups.
func (db *DB) Writer() *sql.DB { return db.write }

// Pool returns the pgx pool on PostgreSQL (for LISTEN/NOTIFY), else nil.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close closes every pool.
func (db *DB) Close() error {
	var errs []error
	if db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	if db.pool != nil {
		db.pool.Close()
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	return nil
}

// Queryer is what both a pool and a transaction offer, so that read helpers
// can run inside or outside a transaction.
type Queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a write transaction. It embeds *sql.Tx and knows its engine, so a
// store can pick a dialect variant without another parameter.
type Tx struct {
	*sql.Tx
	Engine Engine
}

// InTx runs fn in a write transaction and commits when fn returns nil. Any
// error, or a panic, rolls the whole transaction back, so a failed request
// leaves no partial rows. The returned error has been through MapError.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return MapError(fmt.Errorf("db: begin: %w", err))
	}
	tx := &Tx{Tx: stx, Engine: db.engine}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
			err = MapError(err)
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}
