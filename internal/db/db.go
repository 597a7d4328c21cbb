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
	"sync/atomic"
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
// PostgreSQL both are the same pool, and an optional third pool reads
// from a streaming replica (Options.Replica, see Lagging).
type DB struct {
	engine Engine
	write  *sql.DB
	read   *sql.DB
	pool   *pgxpool.Pool // PostgreSQL only
	path   string        // SQLite only: the database file

	lagging     *sql.DB       // the replica, or read when there is none
	replicaPool *pgxpool.Pool // PostgreSQL with a replica only
	replicaHits *atomic.Int64 // queries sent to the replica, for metrics
}

// Options tune how a database is opened. The zero value is sensible.
type Options struct {
	// Readers is the size of the SQLite read pool; 0 means 4.
	Readers int
	// BusyTimeout is how long SQLite waits for a lock held by another
	// process (a CLI command beside the server); 0 means 10 seconds.
	BusyTimeout time.Duration
	// Replica is a postgres:// URL of a read replica of the PostgreSQL
	// database (a hot standby fed by streaming replication), which serves
	// the reads that tolerate lag (Lagging). "" means none; a replica of
	// a SQLite database is refused. To fall back to the primary when no
	// standby answers, list the standbys and then the primary as hosts
	// with target_session_attrs=prefer-standby (libpq's syntax, which pgx
	// follows): postgres://u@standby1,standby2,primary/db?target_session_attrs=prefer-standby.
	Replica string
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL,
// or else a SQLite file path (created with its directory if missing).
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("db: no database given")
	}
	if IsPostgres(dsn) {
		d, err := openPostgres(ctx, dsn)
		if err != nil || opts.Replica == "" {
			return d, err
		}
		if err := d.openReplica(ctx, opts.Replica); err != nil {
			d.Close()
			return nil, err
		}
		return d, nil
	}
	if opts.Replica != "" {
		return nil, errors.New("db: a read replica needs a PostgreSQL database")
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

// Lagging returns the pool for reads that may lag behind the latest
// commits by the replica's replication delay (usually under a second, but
// unbounded while the replica catches up): the public directory's search
// and the statistics, which nobody reads to confirm their own change. It
// is the read replica when one is configured (Options.Replica), else the
// same pool as Reader. Never use it for a read that must see a write just
// committed by the same caller (a session after login, a case after its
// transition, a form after saving it): those use Reader or a transaction.
// A replica's connections are read-only, so a write sent here by mistake
// fails instead of reaching the primary.
func (db *DB) Lagging() *sql.DB { return db.lagging }

// ReplicaQueries returns how many queries the read replica has been sent
// since the database was opened; 0 without a replica. It is a metric, and
// the proof in tests that the lag-tolerant reads go there.
func (db *DB) ReplicaQueries() int64 {
	if db.replicaHits == nil {
		return 0
	}
	return db.replicaHits.Load()
}

// HasReplica reports whether a read replica serves Lagging.
func (db *DB) HasReplica() bool { return db.replicaPool != nil }

// Writer returns the pool that may write. Prefer InTx, which also maps
// errors; Writer exists for tools such as migrations and backups.
func (db *DB) Writer() *sql.DB { return db.write }

// Pool returns the pgx pool on PostgreSQL (for LISTEN/NOTIFY), else nil.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close closes every pool.
func (db *DB) Close() error {
	var errs []error
	if db.replicaPool != nil {
		errs = append(errs, db.lagging.Close())
		db.replicaPool.Close()
	}
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

	ctx   context.Context
	last  []func(context.Context, *Tx) error // run by Commit, in order
	state map[any]any                        // per-transaction state of the hooks' owners
}

// Last registers fn to run at the very end of the transaction, just before
// it commits, under the key given: a second registration under the same key
// is ignored, and State returns what the first one kept. The audit trail
// writes its rows there, so the row it locks to chain them (audit_head) is
// held for its own statements and the commit only, not for the whole
// transaction (docs/PERFORMANCE.md). An error from fn fails the commit
// and rolls everything back.
func (tx *Tx) Last(key any, init func() any, fn func(context.Context, *Tx) error) any {
	if v, ok := tx.state[key]; ok {
		return v
	}
	if tx.state == nil {
		tx.state = map[any]any{}
	}
	v := init()
	tx.state[key] = v
	tx.last = append(tx.last, fn)
	return v
}

// Commit runs the hooks registered with Last, then commits.
func (tx *Tx) Commit() error {
	for _, fn := range tx.last {
		if err := fn(tx.ctx, tx); err != nil {
			return err
		}
	}
	return tx.Tx.Commit()
}

// InTx runs fn in a write transaction and commits when fn returns nil. Any
// error, or a panic, rolls the whole transaction back, so a failed request
// leaves no partial rows. The returned error has been through MapError.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return MapError(fmt.Errorf("db: begin: %w", err))
	}
	tx := &Tx{Tx: stx, Engine: db.engine, ctx: ctx}
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
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// IDs runs a query whose rows are single integer ids and returns them in
// order: the many "which ones" queries need nothing more.
func IDs(ctx context.Context, q Queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
