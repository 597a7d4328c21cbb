package corpus_test

import (
	"context"
	"testing"
	"time"

	"tiaojie/bench/corpus"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
)

// TestGenerate checks that a small corpus is written, indexed and
// reproducible, so the benchmarks measure what they claim.
func TestGenerate(t *testing.T) {
	d := dbtest.SQLite(t)
	dist, _ := district.Default()
	start := time.Now()
	if err := corpus.Generate(context.Background(), d, dist, corpus.Size{Orgs: 500, Mediators: 2000}, 1); err != nil {
		t.Fatal(err)
	}
	t.Logf("500 orgs, 2000 mediators in %s", time.Since(start))
	var orgs, mediators, indexed int
	d.Reader().QueryRow(`SELECT count(*) FROM orgs`).Scan(&orgs)
	d.Reader().QueryRow(`SELECT count(*) FROM mediators`).Scan(&mediators)
	d.Reader().QueryRow(`SELECT count(*) FROM org_fts WHERE org_fts MATCH 'bi:"调解"'`).Scan(&indexed)
	if orgs != 500 || mediators != 2000 || indexed != 500 {
		t.Errorf("orgs %d, mediators %d, indexed with 调解 %d", orgs, mediators, indexed)
	}
}
