package audit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
)

func newLog(t testing.TB) (*audit.Log, *clock.Fake) {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC))
	return audit.New(m, c), c
}

var admin = &tiaojie.Principal{UserID: 7, Name: "admin", Grants: []tiaojie.Grant{{Role: tiaojie.RoleAdmin}}}

func record(t *testing.T, d *db.DB, l *audit.Log, n int) {
	t.Helper()
	ctx := audit.WithClient(context.Background(), audit.Client{IP: "10.0.0.1", RequestID: "r1"})
	for i := range n {
		e := audit.Event{Action: "user.create", ObjectType: "user", ObjectID: string(rune('a' + i)), Detail: map[string]string{"role": "admin"}}
		if err := l.RecordAlone(ctx, d, admin, e); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, d *db.DB, l *audit.Log) audit.Report {
	t.Helper()
	rep, err := l.Verify(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestRecordAndVerify(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		l, _ := newLog(t)
		record(t, d, l, 5)
		rep := verify(t, d, l)
		if !rep.OK() || rep.Rows != 5 || rep.Last != 5 {
			t.Fatalf("report = %+v, want 5 good rows", rep)
		}
	})
}

// TestAppendOnly shows that the database itself refuses to change or remove
// audit rows (SECURITY.md AUD-03).
func TestAppendOnly(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		l, _ := newLog(t)
		record(t, d, l, 2)
		ctx := context.Background()
		if _, err := d.Writer().ExecContext(ctx, "UPDATE audit_log SET actor = 'x' WHERE seq = 1"); err == nil {
			t.Error("UPDATE of an audit row succeeded")
		}
		if _, err := d.Writer().ExecContext(ctx, "DELETE FROM audit_log WHERE seq = 1"); err == nil {
			t.Error("DELETE of an audit row succeeded")
		}
		if !verify(t, d, l).OK() {
			t.Error("chain broken after refused changes")
		}
	})
}

// TestVerifyDetectsTamper removes the append-only triggers, as an attacker
// with database access could, and tampers in four ways; Verify must name the
// first bad row each time.
func TestVerifyDetectsTamper(t *testing.T) {
	cases := []struct {
		name    string
		sql     []string
		wantSeq int64
		what    string
	}{
		{"edit a field", []string{"UPDATE audit_log SET object_id = 'zz' WHERE seq = 3"}, 3, "mac"},
		{"delete a middle row", []string{"DELETE FROM audit_log WHERE seq = 3"}, 4, "gap"},
		{"swap two rows", []string{
			"UPDATE audit_log SET seq = 100 WHERE seq = 2",
			"UPDATE audit_log SET seq = 2 WHERE seq = 3",
			"UPDATE audit_log SET seq = 3 WHERE seq = 100",
		}, 2, "link"},
		{"truncate the tail", []string{"DELETE FROM audit_log WHERE seq >= 4"}, 5, "head"},
		{"rewrite the actor and its MAC", []string{"UPDATE audit_log SET actor = 'someone', mac = prev_mac WHERE seq = 2"}, 2, "mac"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
				l, _ := newLog(t)
				record(t, d, l, 5)
				dropTriggers(t, d)
				for _, q := range tc.sql {
					if _, err := d.Writer().ExecContext(context.Background(), q); err != nil {
						t.Fatal(err)
					}
				}
				rep := verify(t, d, l)
				if rep.OK() {
					t.Fatal("tampering went unnoticed")
				}
				if p := rep.Problems[0]; p.Seq != tc.wantSeq || p.What != tc.what {
					t.Errorf("first problem = %v, want %s at %d", p, tc.what, tc.wantSeq)
				}
			})
		})
	}
}

func dropTriggers(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if d.Engine() == db.Postgres {
		stmts = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, s := range stmts {
		if _, err := d.Writer().Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRecordInTransaction shows the fail-closed rule: an audit row rolls
// back with its change, and a change whose audit row fails does not happen.
func TestRecordInTransaction(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		l, _ := newLog(t)
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := l.Record(ctx, tx, admin, audit.Event{Action: "user.create"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		broken := audit.New(noKeys{}, clock.System{})
		now := time.Now().UTC()
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO users (login, display_name, created_at, updated_at) VALUES ('x', 'x', $1, $1)`, now); err != nil {
				return err
			}
			return broken.Record(ctx, tx, admin, audit.Event{Action: "user.create"})
		})
		if err == nil {
			t.Fatal("a change went through although its audit row failed")
		}
		var users, rows int
		d.Reader().QueryRow("SELECT count(*) FROM users").Scan(&users)
		d.Reader().QueryRow("SELECT count(*) FROM audit_log").Scan(&rows)
		if users != 0 || rows != 0 {
			t.Errorf("users = %d, audit rows = %d; want 0, 0", users, rows)
		}
		if rep := verify(t, d, l); !rep.OK() {
			t.Errorf("chain: %v", rep.Problems)
		}
	})
}

type noKeys struct{}

func (noKeys) Key(keys.Purpose, uint16) ([]byte, uint16, error) {
	return nil, 0, errors.New("key module offline")
}

func TestSearch(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		l, c := newLog(t)
		ctx := context.Background()
		record(t, d, l, 3)
		c.Advance(time.Hour)
		l.RecordAlone(ctx, d, admin, audit.Event{Action: "auth.login", Outcome: audit.Failed, Reason: "auth.bad_credentials"})
		auditor := &tiaojie.Principal{UserID: 9, Name: "auditor", Grants: []tiaojie.Grant{{Role: tiaojie.RoleAuditor}}}

		if _, err := l.Search(ctx, d, admin, audit.Filter{}); tiaojie.ErrorKind(err) != tiaojie.Forbidden {
			t.Errorf("admin searching the audit trail: %v, want forbidden", err)
		}
		page, err := l.Search(ctx, d, auditor, audit.Filter{Action: "user.", Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Rows) != 2 || page.Rows[0].ObjectID != "c" || page.Next != page.Rows[1].Seq {
			t.Fatalf("first page = %+v", page)
		}
		page, err = l.Search(ctx, d, auditor, audit.Filter{Action: "user.", Limit: 2, Before: page.Next})
		if err != nil || len(page.Rows) != 1 || page.Next != 0 {
			t.Fatalf("second page = %+v, %v", page, err)
		}
		page, _ = l.Search(ctx, d, auditor, audit.Filter{Outcome: audit.Failed})
		if len(page.Rows) != 1 || page.Rows[0].Reason != "auth.bad_credentials" {
			t.Errorf("failed outcomes = %+v", page.Rows)
		}
		from := time.Date(2026, 11, 29, 8, 30, 0, 0, time.UTC)
		page, _ = l.Search(ctx, d, auditor, audit.Filter{From: from, Action: "auth.login"})
		if len(page.Rows) != 1 {
			t.Errorf("time filter found %d rows, want 1", len(page.Rows))
		}
		page, _ = l.Search(ctx, d, auditor, audit.Filter{Action: "audit.search"})
		if len(page.Rows) < 4 || page.Rows[0].Actor != "auditor" {
			t.Errorf("searches were not audited: %+v", page.Rows)
		}
		if _, err := l.Search(ctx, d, auditor, audit.Filter{From: from, To: from.Add(-time.Hour)}); tiaojie.ErrorKind(err) != tiaojie.Invalid {
			t.Errorf("reversed range: %v, want invalid", err)
		}
		if rep := verify(t, d, l); !rep.OK() {
			t.Errorf("chain: %v", rep.Problems)
		}
	})
}

func TestSettle(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		l, _ := newLog(t)
		ctx := context.Background()
		p := &tiaojie.Principal{UserID: 7, Name: "zhang"}
		plain := errors.New("disk full")
		if err := l.Settle(ctx, d, p, "org.read", "org", "3", plain); err != plain {
			t.Fatalf("a plain error changed: %v", err)
		}
		if err := l.Settle(ctx, d, p, "org.read", "org", "3", nil); err != nil {
			t.Fatalf("nil became %v", err)
		}
		r := audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), map[string]string{"scope": "outside"})
		err := l.Settle(ctx, d, p, "org.read", "org", "3", fmt.Errorf("in a transaction: %w", r))
		if !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Fatalf("err = %v, want the refusal's NotFound", err)
		}
		var outcome, reason, detail string
		if err := d.Reader().QueryRow(`SELECT outcome, reason, detail FROM audit_log WHERE action = 'org.read'`).Scan(&outcome, &reason, &detail); err != nil {
			t.Fatal(err)
		}
		if outcome != "denied" || reason != "error.not_found" || !strings.Contains(detail, "outside") {
			t.Errorf("audit row = %s %s %s", outcome, reason, detail)
		}
	})
}
