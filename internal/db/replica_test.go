package db_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// TestReplica opens a PostgreSQL database with a read replica. A real
// streaming replica cannot be set up in a test, so the replica URL names
// the same database: what is checked is the routing, that Lagging reads
// through the replica's own pool (its query counter moves, Reader's reads
// do not move it), and that the replica's sessions are read-only, so a
// write sent there by mistake fails rather than reaching the primary.
func TestReplica(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		_, err := db.Open(ctx, filepath.Join(t.TempDir(), "r.db"), db.Options{Replica: "postgres://localhost/x"})
		if err == nil {
			t.Fatal("a SQLite database with a replica was opened")
		}
		d := dbtest.SQLite(t)
		if d.Lagging() != d.Reader() || d.HasReplica() || d.ReplicaQueries() != 0 {
			t.Error("without a replica, Lagging is not the read pool")
		}
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := dbtest.PostgresURL(t)
		d, err := db.Open(ctx, dsn, db.Options{Replica: dsn})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if !d.HasReplica() || d.Lagging() == d.Reader() {
			t.Fatal("the replica is not a pool of its own")
		}
		before := d.ReplicaQueries()
		var n int
		if err := d.Reader().QueryRowContext(ctx, `SELECT count(*) FROM orgs`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if d.ReplicaQueries() != before {
			t.Error("a read through Reader was counted on the replica")
		}
		if err := d.Lagging().QueryRowContext(ctx, `SELECT count(*) FROM orgs`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if got := d.ReplicaQueries(); got != before+1 {
			t.Errorf("replica queries %d after one read, want %d", got, before+1)
		}
		if _, err := d.Lagging().ExecContext(ctx, `CREATE TABLE replica_write (x int)`); err == nil {
			t.Error("a write through the replica pool succeeded; its sessions must be read-only")
		}
		if _, err := db.Open(ctx, dsn, db.Options{Replica: "/tmp/not-a-url.db"}); err == nil {
			t.Error("a replica that is not a postgres:// URL was accepted")
		}

		// The documented fallback: several hosts, standbys first, with
		// target_session_attrs=prefer-standby, so that the lag-tolerant
		// reads go to the primary when no standby answers. Here the
		// "standby" is a closed port.
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		multi := strings.Replace(dsn, "@"+u.Host, "@127.0.0.1:1,"+u.Host, 1) + "&target_session_attrs=prefer-standby"
		if !strings.Contains(multi, "127.0.0.1:1,") {
			t.Fatalf("cannot add a host to %s", dsn)
		}
		f, err := db.Open(ctx, dsn, db.Options{Replica: multi})
		if err != nil {
			t.Fatalf("a replica URL whose standby is down: %v", err)
		}
		defer f.Close()
		if err := f.Lagging().QueryRowContext(ctx, `SELECT count(*) FROM orgs`).Scan(&n); err != nil {
			t.Errorf("read through the fallback: %v", err)
		}
	})
}
