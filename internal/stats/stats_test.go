package stats_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/stats"
)

const (
	chengqiao = "310151101"
	baozhen   = "310151102"
)

// now is 20 July 2026, Beijing; the cases run from January to June.
var now = time.Date(2026, 7, 20, 10, 0, 0, 0, tiaojie.Beijing())

type env struct {
	svc      *stats.Service
	db       *db.DB
	clock    *clock.Fake
	a, b     int64 // organizations of Chengqiao and Baozhen
	bureau   *tiaojie.Principal
	cqOffice *tiaojie.Principal
	adminB   *tiaojie.Principal
	mediator *tiaojie.Principal
	assoc    *tiaojie.Principal
	rnd      *rand.Rand
	n        int
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(now)
	e := &env{db: d, clock: c, rnd: rand.New(rand.NewPCG(7, 11))}
	e.svc = stats.New(stats.Deps{DB: d, Audit: audit.New(m, c), Clock: c, District: dist})
	org := func(name, township string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, stars, contact_phone, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', $2, 'active', 3, '13800000000', $3, $3) RETURNING id`,
			name, township, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.a, e.b = org("城桥镇人民调解委员会", chengqiao), org("堡镇人民调解委员会", baozhen)
	p := func(id int64, g tiaojie.Grant) *tiaojie.Principal {
		return &tiaojie.Principal{UserID: id, Name: "u", MFA: true, Grants: []tiaojie.Grant{g}}
	}
	e.bureau = p(1, tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.cqOffice = p(2, tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.adminB = p(3, tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.b})
	e.mediator = p(4, tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.a})
	e.assoc = p(5, tiaojie.Grant{Role: tiaojie.RoleAssociation})
	return e
}

// addCase writes a case as the cases store leaves it, with its parties,
// agreement and ratings; days < 0 leaves it open.
func (e *env) addCase(t *testing.T, township string, org int64, typ string, src tiaojie.CaseSource, created time.Time, accept bool, end string, days int) int64 {
	t.Helper()
	e.n++
	status, endReason := "submitted", ""
	var accepted, ended, agreed any
	if accept {
		a := created.Add(24 * time.Hour)
		accepted, status = a, "mediating"
		switch end {
		case "agreement":
			x := a.Add(time.Duration(days)*24*time.Hour + time.Hour)
			ended, agreed, status, endReason = x, x, "performed", "agreement"
		case "far_apart":
			x := a.Add(time.Duration(days)*24*time.Hour + time.Hour)
			ended, status, endReason = x, "terminated", "far_apart"
		}
	} else if end == "withdrawn" {
		status = "withdrawn"
	}
	var orgID any = org
	if org == 0 {
		orgID = nil // not routed
	}
	var id int64
	err := e.db.Writer().QueryRow(`
		INSERT INTO cases (number, status, source, dispute_type, township, title, amount_fen, org_id, created_at,
		                   accepted_at, agreed_at, ended_at, end_reason, activity_at)
		VALUES ($1, $2, $3, $4, $5, 't', $6, $7, $8, $9, $10, $11, $12, $8) RETURNING id`,
		fmt.Sprintf("TJ-%d", e.n), status, string(src), typ, township, int64(e.rnd.IntN(100000)), orgID, created.UTC(),
		utc(accepted), utc(agreed), utc(ended), endReason).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	var party int64
	if err := e.db.Writer().QueryRow(`INSERT INTO case_parties (case_id, side, kind, name, created_at) VALUES ($1, 'applicant', 'person', '张三', $2) RETURNING id`,
		id, created.UTC()).Scan(&party); err != nil {
		t.Fatal(err)
	}
	if end == "agreement" {
		if _, err := e.db.Writer().Exec(`INSERT INTO case_agreements (case_id, version, oral, facts, issues, terms, performance, drafted_at)
			VALUES ($1, 1, $2, 'f', 'i', 't', 'p', $3)`, id, e.rnd.IntN(3) == 0, created.UTC()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Writer().Exec(`INSERT INTO case_ratings (case_id, party_id, stars, created_at) VALUES ($1, $2, $3, $4)`,
			id, party, 1+e.rnd.IntN(5), created.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// seed writes n cases spread over January to June 2026 in two townships.
func (e *env) seed(t *testing.T, n int) {
	t.Helper()
	types := []string{"marriage_family", "neighbour", "labour", "traffic"}
	for range n {
		town, org := chengqiao, e.a
		if e.rnd.IntN(2) == 0 {
			town, org = baozhen, e.b
		}
		created := time.Date(2026, time.Month(1+e.rnd.IntN(6)), 1+e.rnd.IntN(28), 9, 0, 0, 0, tiaojie.Beijing())
		end := []string{"agreement", "agreement", "far_apart", "", "withdrawn"}[e.rnd.IntN(5)]
		e.addCase(t, town, org, types[e.rnd.IntN(len(types))], tiaojie.CaseSources()[e.rnd.IntN(5)], created,
			end != "withdrawn", end, e.rnd.IntN(40))
	}
}

// raw is the figures counted in the test from the cases themselves.
type raw struct {
	Filed, Accepted, Closed, Agreed int
	Amount                          int64
	FamilyByTown                    map[string][2]int // settled, median days
}

// countRaw counts the cases of the period [from, to) in township ("" all)
// and organization (0 all) straight from the rows.
func countRaw(t *testing.T, d *db.DB, from, to time.Time, township string, org int64) raw {
	t.Helper()
	var r raw
	cond := " AND status <> 'draft' AND ($3 = '' OR township = $3) AND ($4 = 0 OR org_id = $4)"
	q := func(sql string, dst any) {
		t.Helper()
		if err := d.Reader().QueryRow(sql, from.UTC(), to.UTC(), township, org).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q(`SELECT COUNT(*) FROM cases WHERE created_at >= $1 AND created_at < $2`+cond, &r.Filed)
	q(`SELECT COALESCE(SUM(amount_fen), 0) FROM cases WHERE created_at >= $1 AND created_at < $2`+cond, &r.Amount)
	q(`SELECT COUNT(*) FROM cases WHERE accepted_at >= $1 AND accepted_at < $2`+cond, &r.Accepted)
	q(`SELECT COUNT(*) FROM cases WHERE ended_at >= $1 AND ended_at < $2`+cond, &r.Closed)
	q(`SELECT COUNT(*) FROM cases WHERE ended_at >= $1 AND ended_at < $2 AND agreed_at IS NOT NULL`+cond, &r.Agreed)
	rows, err := d.Reader().Query(`SELECT township, accepted_at, ended_at, agreed_at IS NOT NULL FROM cases
		WHERE dispute_type = 'marriage_family' AND ended_at >= $1 AND ended_at < $2`+cond, from.UTC(), to.UTC(), township, org)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	days := map[string][]int{}
	settled := map[string]int{}
	for rows.Next() {
		var town string
		var a, e time.Time
		var ok bool
		if err := rows.Scan(&town, &a, &e, &ok); err != nil {
			t.Fatal(err)
		}
		a, e = a.In(tiaojie.Beijing()), e.In(tiaojie.Beijing())
		da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
		de := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
		days[town] = append(days[town], int(de.Sub(da).Hours()/24))
		if ok {
			settled[town]++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	r.FamilyByTown = map[string][2]int{}
	for town, ds := range days {
		slices.Sort(ds)
		r.FamilyByTown[town] = [2]int{settled[town], ds[(len(ds)-1)/2]}
	}
	return r
}

func fromDashboard(d *stats.Dashboard) raw {
	r := raw{Filed: d.Total.Filed, Accepted: d.Total.Accepted, Closed: d.Total.Closed, Agreed: d.Total.Agreed,
		Amount: d.Total.AmountFen, FamilyByTown: map[string][2]int{}}
	for _, c := range d.Family {
		r.FamilyByTown[c.Township] = [2]int{c.Settled, c.MedianDays}
	}
	return r
}

func filter(t *testing.T, s *stats.Service, period, township string) stats.Filter {
	t.Helper()
	f, err := s.ParseFilter(period, "", "", township)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestFigures checks the dashboard against counts made from the raw rows,
// for the district, a township and an organization, over two periods.
func TestFigures(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.seed(t, 160)
		if n, err := e.svc.Refresh(ctx); err != nil || n == 0 {
			t.Fatalf("Refresh = %d, %v", n, err)
		}
		for _, period := range []string{"2026-Q1", "2026", "2026-05"} {
			f := filter(t, e.svc, period, "")
			for _, c := range []struct {
				name     string
				p        *tiaojie.Principal
				township string
				org      int64
			}{{"bureau", e.bureau, "", 0}, {"association", e.assoc, "", 0}, {"township office", e.cqOffice, chengqiao, 0}, {"org admin", e.adminB, "", e.b}} {
				got, err := e.svc.Dashboard(ctx, c.p, f)
				if err != nil {
					t.Fatal(err)
				}
				want := countRaw(t, d, f.Period.Start(), f.Period.End(), c.township, c.org)
				if diff := cmp.Diff(want, fromDashboard(got)); diff != "" {
					t.Errorf("%s %s: dashboard differs from the rows (-rows +dashboard):\n%s", period, c.name, diff)
				}
				if want.Filed == 0 && period != "2026-05" {
					t.Errorf("%s %s: no cases counted; the test proves nothing", period, c.name)
				}
			}
		}
		// The report's totals are the dashboard's.
		f := filter(t, e.svc, "2026-Q2", "")
		rep, err := e.svc.Report(ctx, e.bureau, f)
		if err != nil {
			t.Fatal(err)
		}
		want := countRaw(t, d, f.Period.Start(), f.Period.End(), "", 0)
		if rep.Total.Accepted != want.Accepted || rep.Total.Mediated != want.Closed || rep.Total.Settled != want.Agreed {
			t.Errorf("report total = %+v, rows %+v", rep.Total, want)
		}
		sum := 0
		for _, l := range rep.Lines {
			sum += l.Accepted
		}
		if sum != rep.Total.Accepted {
			t.Errorf("report lines sum to %d accepted, total %d", sum, rep.Total.Accepted)
		}
	})
}

// rollupRows reads the whole rollup and the district tables, sorted.
func rollupRows(t *testing.T, d *db.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT basis, month, township, org_id, dispute_type, source, outcome, agreement_form, days,
			cases, amount_fen, ratings, stars FROM stats_case_rollup`,
		`SELECT period, township, grp, item, filed, filed_fen, o_open, o_agreement, o_terminated, o_withdrawn, o_rejected,
			accepted, closed, agreed, agreed_fen, written, oral, ratings, stars, days FROM stats_district_lines`,
		`SELECT period, township, org_id, filed, accepted, closed FROM stats_org_period`,
	} {
		rows, err := d.Reader().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			v := make([]any, len(cols))
			ptrs := make([]any, len(v))
			for i := range v {
				ptrs[i] = &v[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(v...))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	slices.Sort(out)
	return out
}

// TestDistrictTablesAgree checks that the dashboard and the report read
// from the district tables equal those counted from the rollup, every
// chart and line, for the district, a township filter and a township
// office, over periods made of months, quarters and years.
func TestDistrictTablesAgree(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.seed(t, 200)
		// A third organization in Chengqiao, so that the ranking has ties.
		var c int64
		if err := d.Writer().QueryRow(`INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ('城桥镇第二调解委员会', 'basic', 'peoples_committee', 'township', $1, 'active', $2, $2) RETURNING id`, chengqiao, now).Scan(&c); err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			e.addCase(t, chengqiao, c, "labour", tiaojie.SourceOnline, time.Date(2026, time.Month(1+i%6), 3, 9, 0, 0, 0, tiaojie.Beijing()), true, "agreement", i)
		}
		e.addCase(t, baozhen, 0, "neighbour", tiaojie.SourceDesk, time.Date(2026, 2, 3, 9, 0, 0, 0, tiaojie.Beijing()), false, "", 0)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		ignore := cmpopts.IgnoreUnexported(stats.Breakdown{})
		for _, period := range [][2]string{{"2026", ""}, {"2026-Q2", ""}, {"2026-03", ""}, {"", "2026-02~2026-06"}, {"", "2025-11~2026-07"}} {
			from, to, _ := strings.Cut(period[1], "~")
			for _, c := range []struct {
				name     string
				p        *tiaojie.Principal
				township string
			}{{"bureau", e.bureau, ""}, {"bureau, Baozhen", e.bureau, baozhen}, {"township office", e.cqOffice, ""}, {"association, Chengqiao", e.assoc, chengqiao}} {
				f, err := e.svc.ParseFilter(period[0], from, to, c.township)
				if err != nil {
					t.Fatal(err)
				}
				fast, slow, frep, srep, err := e.svc.BothWays(ctx, c.p, f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(slow, fast, ignore); diff != "" {
					t.Errorf("%v %s: dashboard from the district tables differs (-rollup +district):\n%s", period, c.name, diff)
				}
				if diff := cmp.Diff(srep, frep); diff != "" {
					t.Errorf("%v %s: report from the district tables differs (-rollup +district):\n%s", period, c.name, diff)
				}
				if slow.Total.Closed == 0 && period[0] != "2026-03" {
					t.Errorf("%v %s: nothing ended; the test proves little", period, c.name)
				}
			}
		}
	})
}

// TestRollupKeptCorrect changes cases after the rollup was built (steps,
// an agreement, a rating, a new case) and checks that the next run leaves
// the rollup equal to a recomputation from scratch, and the figures equal
// to the rows.
func TestRollupKeptCorrect(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.seed(t, 80)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour)
		later := e.clock.Now()
		// An open case ends with an agreement in July; a
		// mediating case moves to the other organization; a new case.
		var open, mediating int64
		if err := d.Reader().QueryRow(`SELECT MAX(id) FROM cases WHERE status = 'mediating'`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if err := d.Reader().QueryRow(`SELECT MIN(id) FROM cases WHERE status = 'mediating'`).Scan(&mediating); err != nil {
			t.Fatal(err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.Writer().Exec(q, args...); err != nil {
				t.Fatal(err)
			}
		}
		exec(`UPDATE cases SET status = 'agreed', accepted_at = created_at, agreed_at = $1, ended_at = $1, end_reason = 'agreement',
			dispute_type = 'marriage_family', activity_at = $1 WHERE id = $2`, later, open)
		exec(`UPDATE cases SET org_id = CASE WHEN org_id = $1 THEN $2 ELSE $1 END, activity_at = $3 WHERE id = $4`, e.a, e.b, later, mediating)
		added := e.addCase(t, baozhen, e.b, "marriage_family", tiaojie.SourceDesk, later.Add(-30*time.Hour), true, "agreement", 0)
		exec(`UPDATE cases SET activity_at = $1 WHERE id = $2`, later, added) // as the store stamps its last step
		// A rating of an older case (which does not bump activity_at).
		var rated, party int64
		if err := d.Reader().QueryRow(`SELECT MIN(c.id) FROM cases c WHERE c.ended_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_ratings r WHERE r.case_id = c.id)`).Scan(&rated); err != nil {
			t.Fatal(err)
		}
		if err := d.Reader().QueryRow(`SELECT id FROM case_parties WHERE case_id = $1`, rated).Scan(&party); err != nil {
			t.Fatal(err)
		}
		exec(`INSERT INTO case_ratings (case_id, party_id, stars, created_at) VALUES ($1, $2, 5, $3)`, rated, party, later)

		e.clock.Advance(time.Minute)
		n, err := e.svc.Refresh(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 || n > 12 {
			t.Errorf("Refresh recomputed %d months; want only the touched ones", n)
		}
		incremental := rollupRows(t, d)
		exec(`DELETE FROM stats_case_rollup`)
		exec(`DELETE FROM stats_district_lines`)
		exec(`DELETE FROM stats_org_period`)
		exec(`DELETE FROM stats_watermarks`)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rollupRows(t, d), incremental); diff != "" {
			t.Errorf("incremental rollup differs from a recomputation (-full +incremental):\n%s", diff)
		}
		f, err := e.svc.ParseFilter("", "2026-01", "2026-07", "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Dashboard(ctx, e.bureau, f)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(countRaw(t, d, f.Period.Start(), f.Period.End(), "", 0), fromDashboard(got)); diff != "" {
			t.Errorf("dashboard after changes differs from the rows:\n%s", diff)
		}
		// Once the margin has passed, a run with nothing changed
		// recomputes nothing.
		e.clock.Advance(time.Hour)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Refresh(ctx); err != nil || n != 0 {
			t.Errorf("idle Refresh = %d, %v; want 0", n, err)
		}
	})
}

// TestScope checks that each role sees its own figures only.
func TestScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.seed(t, 60)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		f := filter(t, e.svc, "2026", "")
		cq, err := e.svc.Dashboard(ctx, e.cqOffice, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range cq.ByTownship {
			if r.Key != chengqiao {
				t.Errorf("Chengqiao's office sees township %s", r.Key)
			}
		}
		for _, r := range cq.ByOrg {
			if r.Key == fmt.Sprint(e.b) {
				t.Errorf("Chengqiao's office sees Baozhen's organization")
			}
		}
		// Asking for another township gives nothing of it.
		other, err := e.svc.Dashboard(ctx, e.cqOffice, filter(t, e.svc, "2026", baozhen))
		if err != nil {
			t.Fatal(err)
		}
		if other.Total.Filed != 0 || other.Orgs.Total != 0 {
			t.Errorf("Chengqiao's office asking for Baozhen got %d cases, %d organizations", other.Total.Filed, other.Orgs.Total)
		}
		adm, err := e.svc.Dashboard(ctx, e.adminB, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(adm.ByOrg) != 1 || adm.ByOrg[0].Key != fmt.Sprint(e.b) || adm.Orgs.Total != 1 {
			t.Errorf("org admin of B sees organizations %+v (%d)", adm.ByOrg, adm.Orgs.Total)
		}
		rep, err := e.svc.Report(ctx, e.adminB, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range rep.Lines {
			if l.Township != baozhen && l.Accepted > 0 {
				t.Errorf("org admin of B's report has %d cases of %s", l.Accepted, l.Township)
			}
		}
		for name, p := range map[string]*tiaojie.Principal{"mediator": e.mediator, "anonymous": tiaojie.Anonymous()} {
			if _, err := e.svc.Dashboard(ctx, p, f); !tiaojie.IsKind(err, tiaojie.Forbidden) {
				t.Errorf("%s: Dashboard err = %v, want Forbidden", name, err)
			}
			if _, err := e.svc.ReportSheet(ctx, p, f); !tiaojie.IsKind(err, tiaojie.Forbidden) {
				t.Errorf("%s: ReportSheet err = %v, want Forbidden", name, err)
			}
		}
	})
}

// TestBadPeriod checks that a period that is not one is refused with the
// field at fault and nothing recorded.
func TestBadPeriod(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	for _, c := range []struct{ period, from, to, township, field, code string }{
		{"2026-13", "", "", "", "period", "stats.period_malformed"},
		{"2026-Q5", "", "", "", "period", "stats.period_malformed"},
		{"", "2026-06", "2026-01", "", "to", "stats.period_reversed"},
		{"", "2020-01", "2026-01", "", "to", "stats.period_too_long"},
		{"", "2026-01", "", "", "to", "stats.period_malformed"},
		{"2026", "", "", "999999999", "township", "stats.township_unknown"},
	} {
		_, err := e.svc.ParseFilter(c.period, c.from, c.to, c.township)
		var te *tiaojie.Error
		if !tiaojie.IsKind(err, tiaojie.Invalid) || !asError(err, &te) || len(te.Fields) != 1 || te.Fields[0].Field != c.field || te.Fields[0].Code != c.code {
			t.Errorf("ParseFilter(%q, %q, %q, %q) = %v, want %s on %s", c.period, c.from, c.to, c.township, err, c.code, c.field)
		}
	}
	var n int
	if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'stats.%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("audit rows after refused periods = %d, %v", n, err)
	}
}

// TestExport opens the exported workbooks in Chinese and English, checks
// sheet names, headers, labels, cells and the audit.
func TestExport(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.seed(t, 60)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		f := filter(t, e.svc, "2026", "")
		want := countRaw(t, d, f.Period.Start(), f.Period.End(), "", 0)
		for _, tc := range []struct {
			lang                      i18n.Lang
			overview, family, filed   string
			header                    []string
			towns                     map[string]string // name → code
			kind, scope, outcomeSheet string
			outcomes                  []string // some outcome labels
		}{
			{i18n.Zh, "概览", "婚姻家庭·各乡镇", "受理(立案)", []string{"乡镇", "纠纷类型", "调解结束", "调解成功", "中位天数", "平均天数"},
				map[string]string{"城桥镇": chengqiao, "堡镇": baozhen}, "婚姻家庭", "崇明区", "办理结果", []string{"调解成功", "办理中"}},
			{i18n.En, "Overview", "Family disputes by township", "Filed", []string{"Township", "Dispute type", "Ended", "Settled", "Median days", "Mean days"},
				map[string]string{"Chengqiao Town": chengqiao, "Baozhen Town": baozhen}, "Marriage and family", "Chongming District", "Outcomes", []string{"Settled", "Open"}},
		} {
			sheets, err := e.svc.DashboardSheets(ctx, e.bureau, f, cat.In(tc.lang))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := export.WriteXLSX(&buf, sheets...); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if list := x.GetSheetList(); len(list) < 3 || list[0] != tc.overview || list[1] != tc.family {
				t.Errorf("%s sheets %q", tc.lang, list)
			}
			rows, err := x.GetRows(tc.family)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 2 || fmt.Sprint(rows[0]) != fmt.Sprint(tc.header) {
				t.Fatalf("%s family sheet rows = %q", tc.lang, rows)
			}
			for _, r := range rows[1:] {
				code, ok := tc.towns[r[0]]
				w := want.FamilyByTown[code]
				if !ok || r[1] != tc.kind || r[3] != fmt.Sprint(w[0]) || r[4] != fmt.Sprint(w[1]) {
					t.Errorf("%s family sheet %q: want %s, settled %d, median %d", tc.lang, r, tc.kind, w[0], w[1])
				}
			}
			a4, _ := x.GetCellValue(tc.overview, "A4")
			b4, _ := x.GetCellValue(tc.overview, "B4")
			scope, _ := x.GetCellValue(tc.overview, "B3")
			if a4 != tc.filed || b4 != fmt.Sprint(want.Filed) || scope != tc.scope {
				t.Errorf("%s overview: %s = %s, scope %q; want %s = %d, %q", tc.lang, a4, b4, scope, tc.filed, want.Filed, tc.scope)
			}
			outcomes, err := x.GetCols(tc.outcomeSheet)
			if err != nil || len(outcomes) == 0 {
				t.Fatalf("%s outcomes: %v", tc.lang, err)
			}
			for _, o := range tc.outcomes {
				if !slices.Contains(outcomes[0], o) {
					t.Errorf("%s outcomes %q lack %q", tc.lang, outcomes[0], o)
				}
			}
		}
		sh, err := e.svc.ReportSheet(ctx, e.cqOffice, filter(t, e.svc, "2026-Q2", ""))
		if err != nil {
			t.Fatal(err)
		}
		q2 := countRaw(t, d, filter(t, e.svc, "2026-Q2", "").Period.Start(), filter(t, e.svc, "2026-Q2", "").Period.End(), chengqiao, 0)
		if len(sh.Rows) != 2 || sh.Rows[0][1] != q2.Accepted || sh.Rows[0][3] != q2.Agreed {
			t.Errorf("Chengqiao's report rows = %v, want accepted %d settled %d", sh.Rows, q2.Accepted, q2.Agreed)
		}
		var n int
		if err := d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("stats.export audit rows = %d, %v; want 3", n, err)
		}
	})
}

// utc gives a time as the stores write it (UTC), or nil.
func utc(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.UTC()
	}
	return v
}

// TestMonthBoundary checks that a case counts in its month in Beijing
// time: filed at 00:30 on 1 April in Beijing (16:30 UTC on 31 March), it
// is April's.
func TestMonthBoundary(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		e.addCase(t, chengqiao, e.a, "neighbour", tiaojie.SourceDesk, time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC), false, "", -1)
		if _, err := e.svc.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		for period, want := range map[string]int{"2026-03": 0, "2026-04": 1} {
			got, err := e.svc.Dashboard(ctx, e.bureau, filter(t, e.svc, period, ""))
			if err != nil {
				t.Fatal(err)
			}
			if got.Total.Filed != want {
				t.Errorf("%s: %d cases filed, want %d", period, got.Total.Filed, want)
			}
		}
	})
}

func asError(err error, te **tiaojie.Error) bool {
	e, ok := err.(*tiaojie.Error)
	*te = e
	return ok
}
