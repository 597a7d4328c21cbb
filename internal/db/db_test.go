package db_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

var update = flag.Bool("update", false, "rewrite the committed schema dumps")

// TestPragmasInForce opens a database exactly as production does and reads
// the settings back from both pools: a pragma that the driver silently
// ignored would otherwise go unnoticed (SECURITY.md REL-01).
func TestPragmasInForce(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "p.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	want := map[string]int64{"synchronous": 2, "foreign_keys": 1, "busy_timeout": 10000, "secure_delete": 1}
	check := func(t *testing.T, q db.Queryer, readOnly bool) {
		t.Helper()
		var mode string
		if err := q.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" {
			t.Errorf("journal_mode = %q, want wal", mode)
		}
		for p, w := range want {
			var got int64
			if err := q.QueryRowContext(ctx, "PRAGMA "+p).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != w {
				t.Errorf("%s = %d, want %d", p, got, w)
			}
		}
		var qo int64
		if err := q.QueryRowContext(ctx, "PRAGMA query_only").Scan(&qo); err != nil {
			t.Fatal(err)
		}
		if (qo == 1) != readOnly {
			t.Errorf("query_only = %d, want read-only %v", qo, readOnly)
		}
	}
	t.Run("writer", func(t *testing.T) { check(t, d.Writer(), false) })
	t.Run("reader", func(t *testing.T) { check(t, d.Reader(), true) })
	if _, err := d.Reader().ExecContext(ctx, "CREATE TABLE x (a INT)"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

// TestSchemaDump proves that the committed schema dump of each engine is what
// the migrations produce. Run with -update to rewrite the dumps.
func TestSchemaDump(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		got, err := d.DumpSchema(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("schema", string(d.Engine())+".sql")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/db -run TestSchemaDump -update)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("schema differs from %s (-committed +migrated); run with -update after review:\n%s", path, diff)
		}
		if err := d.CheckSchema(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

// TestCheckSchemaRefusesOldSchema shows that a database behind the binary's
// migrations is refused.
func TestCheckSchemaRefusesOldSchema(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "old.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.CheckSchema(ctx); err == nil {
		t.Fatal("an unmigrated database passed CheckSchema")
	}
}

// TestMapError checks that driver errors become the right domain kinds on
// both engines, and that a failed transaction leaves nothing behind.
func TestMapError(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		insert := func(tx *db.Tx, login string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, login, "测试", now)
			return err
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return insert(tx, "a") }); err != nil {
			t.Fatal(err)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := insert(tx, "b"); err != nil {
				return err
			}
			return insert(tx, "a")
		})
		if got := tiaojie.ErrorKind(err); got != tiaojie.Conflict {
			t.Errorf("duplicate login: kind %v (%v), want conflict", got, err)
		}
		var n int
		if err := d.Reader().QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("after a failed transaction there are %d users, want 1 (no partial rows)", n)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			var id int64
			return tx.QueryRowContext(ctx, "SELECT id FROM users WHERE login = $1", "nobody").Scan(&id)
		})
		if got := tiaojie.ErrorKind(err); got != tiaojie.NotFound {
			t.Errorf("no row: kind %v, want not_found", got)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)`, 999999, "admin", now)
			return err
		})
		if got := tiaojie.ErrorKind(err); got != tiaojie.Conflict {
			t.Errorf("broken reference: kind %v (%v), want conflict", got, err)
		}
	})
}

// TestTimesRoundTrip checks that a UTC instant written through either
// driver comes back as the same instant, with sub-second precision kept.
func TestTimesRoundTrip(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Date(2026, 11, 29, 4, 5, 6, 123456000, time.UTC)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, "t", "时间", at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := d.Reader().QueryRowContext(ctx, "SELECT created_at FROM users WHERE login = $1", "t").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(at) {
			t.Errorf("round trip: got %v, want %v", got, at)
		}
		var n int
		if err := d.Reader().QueryRowContext(ctx, "SELECT count(*) FROM users WHERE created_at < $1", at.Add(time.Millisecond)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("time comparison in SQL found %d rows, want 1", n)
		}
	})
}

// TestPlaceholdersOutOfOrder guards the rule that $N binds argument N.
func TestPlaceholdersOutOfOrder(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		var a, b string
		if err := d.Reader().QueryRowContext(context.Background(), "SELECT $2, $1", "one", "two").Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		if a != "two" || b != "one" {
			t.Errorf("SELECT $2, $1 = %q, %q; want two, one", a, b)
		}
	})
}

// TestOnlineBackupConsistent takes a backup while eight goroutines write,
// then checks that the copy passes SQLite's checks and holds every row
// committed before the backup began (SECURITY.md BAK-01).
func TestOnlineBackupConsistent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d := dbtest.SQLite(t)
	insert := func(login string) error {
		return d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, 'x', $2, $2)`, login, time.Now().UTC())
			return err
		})
	}
	for i := range 100 {
		if err := insert(fmt.Sprintf("before-%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := insert(fmt.Sprintf("during-%d-%d", w, i)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	out := filepath.Join(dir, "backup.db")
	err := d.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CheckFile(ctx, out); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(dir, "restored.db")
	if err := db.Restore(ctx, out, restored); err != nil {
		t.Fatal(err)
	}
	r, err := db.Open(ctx, restored, db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int
	if err := r.Reader().QueryRowContext(ctx, `SELECT count(*) FROM users WHERE login LIKE 'before-%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 100 {
		t.Errorf("the backup holds %d of the 100 rows committed before it", n)
	}
	if err := r.CheckSchema(ctx); err != nil {
		t.Error(err)
	}
}

// TestRestoreRefusesDatabaseInUse: a database held by a running server
// (an open write transaction here) cannot be replaced.
func TestRestoreRefusesDatabaseInUse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := db.Open(ctx, filepath.Join(dir, "live.db"), db.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "b.db")
	if err := d.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	held := make(chan struct{})
	go d.InTx(ctx, func(tx *db.Tx) error {
		tx.ExecContext(ctx, `INSERT INTO jobs (kind, run_at, created_at) VALUES ('x', $1, $1)`, time.Now().UTC())
		close(held)
		<-release
		return nil
	})
	<-held
	err = db.Restore(ctx, backup, filepath.Join(dir, "live.db"))
	close(release)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("restore over a database in use: %v", err)
	}
}
