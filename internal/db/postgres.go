package db

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := connectPostgres(ctx, dsn, "", nil)
	if err != nil {
		return nil, err
	}
	sqldb := stdlib.OpenDBFromPool(pool)
	return &DB{engine: Postgres, write: sqldb, read: sqldb, lagging: sqldb, pool: pool}, nil
}

// openReplica opens the pool of the read replica that serves Lagging. Its
// sessions are read-only (default_transaction_read_only), so that a write
// routed there by mistake fails even when the URL names the primary, as it
// may in a test or a small deployment that has no replica yet.
func (db *DB) openReplica(ctx context.Context, dsn string) error {
	if !IsPostgres(dsn) {
		return fmt.Errorf("db: the read replica must be a postgres:// URL")
	}
	hits := &atomic.Int64{}
	pool, err := connectPostgres(ctx, dsn, "on", &queryCounter{n: hits})
	if err != nil {
		return fmt.Errorf("db: read replica: %w", err)
	}
	db.replicaPool, db.replicaHits = pool, hits
	db.lagging = stdlib.OpenDBFromPool(pool)
	return nil
}

// connectPostgres opens and pings a pgx pool with the platform's session
// settings. readOnly, when not "", sets default_transaction_read_only;
// tracer, when not nil, sees every query.
func connectPostgres(ctx context.Context, dsn, readOnly string, tracer pgx.QueryTracer) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("db: parse PostgreSQL URL: %w", err)
	}
	rp := cfg.ConnConfig.RuntimeParams
	if rp["timezone"] == "" {
		rp["timezone"] = "UTC"
	}
	// Custom plans keep short LIKE patterns from reading a whole trigram
	// index once pgx's cached statements switch to a generic plan.
	if rp["plan_cache_mode"] == "" {
		rp["plan_cache_mode"] = "force_custom_plan"
	}
	if readOnly != "" {
		rp["default_transaction_read_only"] = readOnly
	}
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeCacheDescribe
	cfg.ConnConfig.Tracer = tracer
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect to PostgreSQL: %w", err)
	}
	return pool, nil
}

// queryCounter counts the queries of a pool (pgx calls it for Query,
// QueryRow and Exec).
type queryCounter struct{ n *atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
