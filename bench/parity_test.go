package bench_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/bench/corpus"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/roster"
	"tiaojie/internal/search"
)

// TestRosterMatchesReference compares the public roster's pages with a
// reference: the plain query that filters every match (membership of a
// public organization included) and ranks them all. The roster checks
// membership only for the best-ranked matches and widens when too few
// pass; with nearly every organization suspended, its first and second
// tries fall short, so every path must still give the reference's page.
func TestRosterMatchesReference(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dist, err := district.Default()
		if err != nil {
			t.Fatal(err)
		}
		if err := corpus.Generate(ctx, d, dist, corpus.Size{Orgs: 300, Mediators: 1200}, corpusSeed); err != nil {
			t.Fatal(err)
		}
		_, ros := services(t, d)
		compare := func(t *testing.T) {
			t.Helper()
			for _, cl := range mediatorClasses {
				for _, f := range mediatorFilters {
					for _, q := range cl.queries {
						for _, offset := range []int{0, 40, 180} {
							dq := roster.DirectoryQuery{Q: q, Offset: offset}
							f.set(&dq)
							page, err := ros.Directory(ctx, dq)
							if err != nil {
								t.Fatal(err)
							}
							got := make([]int64, len(page.Cards))
							for i, c := range page.Cards {
								got[i] = c.ID
							}
							want, total := reference(t, d, dq)
							if !slices.Equal(got, want) || page.Total != total {
								t.Errorf("%s/%s %q offset %d: got %v (total %d), want %v (total %d)",
									cl.name, f.name, q, offset, got, page.Total, want, total)
							}
						}
					}
				}
			}
		}
		t.Run("corpus", compare)
		// Suspend all but one organization in 40: about 3% of mediators
		// stay public.
		if _, err := d.Writer().ExecContext(ctx, `UPDATE orgs SET status = 'suspended' WHERE id % 40 <> 0`); err != nil {
			t.Fatal(err)
		}
		t.Run("few public", compare)
	})
}

// reference returns the ids of the page dq asks for, and the capped
// count, by the plain query.
func reference(t *testing.T, d *db.DB, dq roster.DirectoryQuery) ([]int64, int) {
	t.Helper()
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	var public []string
	for _, st := range tiaojie.OrgStatuses() {
		if st.Public() {
			public = append(public, arg(string(st)))
		}
	}
	member := `SELECT 1 FROM mediator_orgs po JOIN orgs o ON o.id = po.org_id
		WHERE po.mediator_id = m.id AND po.left_at IS NULL AND o.status IN (` + strings.Join(public, ", ") + `)`
	if dq.Township != "" {
		member += " AND o.township = " + arg(dq.Township)
	}
	conds := []string{"m.public", "m.status = 'active'", "EXISTS (" + member + ")"}
	q := search.Parse(dq.Q)
	if c := q.Clause(d.Engine(), search.Mediators, "m.id", arg); c != "" {
		conds = append(conds, c)
	}
	if dq.DisputeType != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM mediator_specialties s WHERE s.mediator_id = m.id AND s.dispute_type = "+arg(dq.DisputeType)+")")
	}
	if dq.Grade != 0 {
		conds = append(conds, "m.grade = "+arg(int(dq.Grade)))
	}
	name := "m.name"
	if d.Engine() == db.Postgres {
		name = `m.name COLLATE "C"`
	}
	var order []string
	if terms := q.Terms(); len(terms) > 0 {
		var hits []string
		for _, term := range terms {
			hits = append(hits, "lower("+name+") LIKE "+arg("%"+db.EscapeLike(term)+"%")+` ESCAPE '\'`)
		}
		order = append(order, "CASE WHEN "+strings.Join(hits, " OR ")+" THEN 0 ELSE 1 END")
	}
	order = append(order, "CASE WHEN m.grade = 0 THEN 5 ELSE m.grade END", name, "m.id")
	rows, err := d.Reader().Query(`SELECT m.id FROM mediators m WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY `+strings.Join(order, ", "), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		all = append(all, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	total := min(len(all), roster.MaxResults)
	if dq.Offset >= total {
		return []int64{}, total
	}
	return all[dq.Offset:min(dq.Offset+20, total)], total
}
