package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/search"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in      string
		bi, uni []string
	}{
		{"调解组织", []string{"调解", "解组", "组织"}, []string{"调", "解", "组", "织"}},
		{"堡镇", []string{"堡镇"}, []string{"堡", "镇"}},
		{"A座5楼", []string{"a", "座", "5", "楼"}, []string{"座", "楼"}},
		{"ＩＰ纠纷，12348热线", []string{"ip", "纠纷", "12348", "热线"}, []string{"纠", "纷", "热", "线"}},
		{"Mediation   center!", []string{"mediation", "center"}, nil},
		{"", nil, nil},
	} {
		bi, uni := search.Tokens(tc.in)
		if diff := cmp.Diff(tc.bi, bi); diff != "" {
			t.Errorf("Tokens(%q) bi (-want +got):\n%s", tc.in, diff)
		}
		if diff := cmp.Diff(tc.uni, uni); diff != "" {
			t.Errorf("Tokens(%q) uni (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestParse(t *testing.T) {
	q := search.Parse("  婚姻家庭 ＡＢＣ, 镇 ")
	if got := q.Terms(); !slices.Equal(got, []string{"婚姻家庭", "abc", "镇"}) {
		t.Errorf("terms = %q", got)
	}
	if !search.Parse(" ，。!").Empty() {
		t.Error("punctuation made a query")
	}
	long := search.Parse(strings.Repeat("a ", 50))
	if len(long.Terms()) > 8 {
		t.Errorf("%d terms kept", len(long.Terms()))
	}
}

func TestHighlight(t *testing.T) {
	got := search.Highlight("崇明区婚姻家庭纠纷人民调解委员会", []string{"婚姻", "调解"})
	want := []search.Segment{{"崇明区", false}, {"婚姻", true}, {"家庭纠纷人民", false}, {"调解", true}, {"委员会", false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got = search.Highlight("Shanghai Mediation", []string{"mediation"})
	if len(got) != 2 || !got[1].Match || got[1].Text != "Mediation" {
		t.Errorf("case-insensitive highlight: %+v", got)
	}
	if s := search.Snippet(strings.Repeat("甲", 100)+"婚姻"+strings.Repeat("乙", 100), []string{"婚姻"}, 40); !strings.Contains(s, "婚姻") || !strings.HasPrefix(s, "…") {
		t.Errorf("snippet %q", s)
	}
}

// corpus is a small directory with the traps of Chinese search: short
// words, words across punctuation, Latin names and digits.
var corpus = []string{
	"城桥镇人民调解委员会 邻里纠纷 婚姻家庭 城桥镇人民路68号",
	"崇明区医患纠纷人民调解委员会 医疗纠纷 医患沟通",
	"崇明区商事调解中心 金融 保险 知识产权 Commercial Mediation Centre",
	"堡镇婚姻家庭调解工作室 婚姻家庭 继承",
	"长兴镇海事纠纷联合调解室 海事海商 崇明话 12348",
	"新河镇物业纠纷调解工作室 物业 小区 A座5楼",
}

// queries and the corpus rows (1-based) they must find, on both engines.
var queries = []struct {
	q    string
	want []int64
}{
	{"婚姻", []int64{1, 4}},
	{"婚姻家庭", []int64{1, 4}},
	{"医疗", []int64{2}},
	{"调解", []int64{1, 2, 3, 4, 5, 6}},
	{"人民调解委员会", []int64{1, 2}},
	{"镇", []int64{1, 4, 5, 6}},
	{"崇", []int64{2, 3, 5}},
	{"mediation", []int64{3}},
	{"MEDIA", []int64{3}},
	{"1234", []int64{5}},
	{"商事 金融", []int64{3}},
	{"物业 A座", []int64{6}},
	{"纠纷调解", []int64{6}}, // 纠纷，调解 elsewhere are split by other text
	{"婚姻 医疗", nil},
	{"上海", nil},
	{"委员会调解", nil},
}

func index(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i, text := range corpus {
			var id int64
			err := tx.QueryRowContext(ctx, `
				INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
				VALUES ($1, 'basic', 'peoples_committee', 'township', '310151101', 'active', $2, $2) RETURNING id`,
				"org "+string(rune('a'+i)), now).Scan(&id)
			if err != nil {
				return err
			}
			if err := search.Index(ctx, tx, search.Orgs, id, text); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func find(t *testing.T, d *db.DB, q string) []int64 {
	t.Helper()
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + string(rune('0'+len(args))) }
	cond := search.Parse(q).Clause(d.Engine(), search.Orgs, "o.id", arg)
	rows, err := d.Reader().QueryContext(context.Background(), `SELECT o.id FROM orgs o WHERE `+cond+` ORDER BY o.id`, args...)
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

// TestSearchBothEngines runs the query set on SQLite and PostgreSQL; both
// must find exactly the expected rows, so they agree with each other.
func TestSearchBothEngines(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		index(t, d)
		for _, tc := range queries {
			if got := find(t, d, tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("%q found %v, want %v", tc.q, got, tc.want)
			}
		}
	})
}

// TestReindexAndRemove: re-indexing replaces the old text, removal drops
// the record, and a rolled-back change leaves the index as it was.
func TestReindexAndRemove(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		index(t, d)
		ctx := context.Background()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(d.InTx(ctx, func(tx *db.Tx) error { return search.Index(ctx, tx, search.Orgs, 2, "劳动争议调解中心") }))
		if got := find(t, d, "医疗"); len(got) != 0 {
			t.Errorf("old text still found: %v", got)
		}
		if got := find(t, d, "劳动"); !slices.Equal(got, []int64{2}) {
			t.Errorf("new text: %v", got)
		}
		d.InTx(ctx, func(tx *db.Tx) error {
			search.Remove(ctx, tx, search.Orgs, 1)
			return context.Canceled
		})
		if got := find(t, d, "城桥"); !slices.Equal(got, []int64{1}) {
			t.Errorf("a rolled-back removal took effect: %v", got)
		}
		must(d.InTx(ctx, func(tx *db.Tx) error { return search.Remove(ctx, tx, search.Orgs, 1) }))
		if got := find(t, d, "城桥"); len(got) != 0 {
			t.Errorf("removed record found: %v", got)
		}
	})
}

// TestQueriesUseTheIndex asks each engine for its plan: a two-character
// query must be answered from the full-text index, not by scanning.
func TestQueriesUseTheIndex(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		index(t, d)
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + string(rune('0'+len(args))) }
		cond := search.Parse("婚姻").Clause(d.Engine(), search.Orgs, "o.id", arg)
		explain := "EXPLAIN QUERY PLAN "
		if d.Engine() == db.Postgres {
			explain = "EXPLAIN "
			d.Writer().Exec("SET enable_seqscan = off") // tiny tables: make the planner show the index it can use
		}
		rows, err := d.Writer().Query(explain+`SELECT o.id FROM orgs o WHERE `+cond, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan strings.Builder
		for rows.Next() {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			for _, v := range vals {
				plan.WriteString(strings.TrimSpace(strings.ReplaceAll(toString(v), "\n", " ")) + " ")
			}
			plan.WriteString("\n")
		}
		p := plan.String()
		want := "VIRTUAL TABLE INDEX"
		if d.Engine() == db.Postgres {
			want = "org_search_bi"
		}
		if !strings.Contains(p, want) {
			t.Errorf("plan does not use the index (%s):\n%s", want, p)
		}
	})
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
