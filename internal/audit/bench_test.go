package audit_test

import (
	"context"
	"testing"

	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// BenchmarkRecord measures appending one audited change in its own
// transaction: the floor of every state change's cost on SQLite with
// synchronous=FULL.
func BenchmarkRecord(b *testing.B) {
	d := dbtest.SQLite(b)
	l, _ := newLog(b)
	ctx := context.Background()
	e := audit.Event{Action: "user.update", ObjectType: "user", ObjectID: "1"}
	b.ReportAllocs()
	for b.Loop() {
		if err := d.InTx(ctx, func(tx *db.Tx) error { return l.Record(ctx, tx, admin, e) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures checking the chain, per row.
func BenchmarkVerify(b *testing.B) {
	d := dbtest.SQLite(b)
	l, _ := newLog(b)
	ctx := context.Background()
	for range 1000 {
		l.RecordAlone(ctx, d, admin, audit.Event{Action: "user.update"})
	}
	b.ReportAllocs()
	for b.Loop() {
		if rep, err := l.Verify(ctx, d); err != nil || !rep.OK() {
			b.Fatal(err)
		}
	}
}
