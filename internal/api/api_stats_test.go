package api_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// statsOperations are the statistics operations with the permission each
// declares.
var statsOperations = map[string]string{
	"GET /api/v1/stats/dashboard":      "stats.read",
	"GET /api/v1/stats/dashboard.xlsx": "stats.read",
	"GET /api/v1/stats/report":         "stats.read",
	"GET /api/v1/stats/report.xlsx":    "stats.read",
}

// statsPageOf names the page route doing what each operation does.
var statsPageOf = map[string]string{
	"GET /api/v1/stats/dashboard":      "GET /staff/stats",
	"GET /api/v1/stats/dashboard.xlsx": "GET /staff/stats.xlsx",
	"GET /api/v1/stats/report":         "GET /staff/stats/report",
	"GET /api/v1/stats/report.xlsx":    "GET /staff/stats/report.xlsx",
}

// TestStatsPermissionsMatchPages checks that each operation declares the
// permission of the page route that does the same thing.
func TestStatsPermissionsMatchPages(t *testing.T) {
	matchPages(t, statsOperations, statsPageOf)
}

// TestStatsAPI: the bureau reads the district's family disputes by
// township; a township office reads its own only; a period that is not
// one is a bad request (400) with the field at fault; a mediator is
// refused; the report exports as a workbook.
func TestStatsAPI(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	a := s.register(t, committee("城桥镇人民调解委员会", chengqiao, "调解婚姻家庭纠纷。", "marriage_family"), "")
	b := s.register(t, committee("堡镇人民调解委员会", baozhen, "调解婚姻家庭纠纷。", "marriage_family"), "")
	add := func(i int, township string, org int64, days int) {
		created := time.Date(2026, 10, 1+i, 9, 0, 0, 0, tiaojie.Beijing())
		accepted := created.Add(24 * time.Hour)
		ended := accepted.Add(time.Duration(days) * 24 * time.Hour)
		if _, err := s.db.Writer().Exec(`
			INSERT INTO cases (number, status, source, dispute_type, township, title, amount_fen, org_id, created_at,
			                   accepted_at, agreed_at, ended_at, end_reason, activity_at)
			VALUES ($1, 'performed', 'court', 'marriage_family', $2, 't', 50000, $3, $4, $5, $6, $6, 'agreement', $6)`,
			fmt.Sprintf("TJA-%d", i), township, org, created.UTC(), accepted.UTC(), ended.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	add(0, chengqiao, a, 4)
	add(1, chengqiao, a, 8)
	add(2, baozhen, b, 2)
	// Each case's respondent was invited the day it was filed and joined.
	if _, err := s.db.Writer().Exec(`INSERT INTO case_parties (case_id, side, kind, name, created_at, invited_at, joined_at)
		SELECT id, 'respondent', 'person', '李四', created_at, created_at, accepted_at FROM cases WHERE number LIKE 'TJA-%'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.st.Stats.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	bureau := s.token(t, s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}), tiaojie.PermStats, tiaojie.PermCasesRead)
	cq := s.token(t, s.user(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}), tiaojie.PermStats)
	med := s.token(t, s.user(t, "med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: a}), tiaojie.PermCasesRead)

	type cell struct {
		Township   string `json:"township"`
		Settled    int    `json:"settled"`
		MedianDays int    `json:"median_days"`
	}
	var d struct {
		Total struct {
			Agreed int `json:"agreed"`
		} `json:"total"`
		Family []cell `json:"family"`
	}
	s.do(t, req{method: "GET", path: "/api/v1/stats/dashboard?period=2026-Q4", auth: bureau}).ok(t, 200, &d)
	want := []cell{{chengqiao, 2, 4}, {baozhen, 1, 2}}
	if d.Total.Agreed != 3 || fmt.Sprint(d.Family) != fmt.Sprint(want) {
		t.Errorf("bureau: agreed %d, family %+v; want 3, %+v", d.Total.Agreed, d.Family, want)
	}
	// The participation funnel follows the period and the township.
	for q, invited := range map[string]int{"period=2026-Q4": 3, "period=2026-Q4&township=" + baozhen: 1, "period=2026-Q3": 0} {
		var f struct {
			Funnel struct{ Invited, Joined int } `json:"funnel"`
		}
		s.do(t, req{method: "GET", path: "/api/v1/stats/dashboard?" + q, auth: bureau}).ok(t, 200, &f)
		if f.Funnel.Invited != invited || f.Funnel.Joined != invited {
			t.Errorf("%s: funnel %+v, want %d invited and joined", q, f.Funnel, invited)
		}
	}
	d.Family = nil
	s.do(t, req{method: "GET", path: "/api/v1/stats/dashboard?from=2026-10&to=2026-12", auth: cq}).ok(t, 200, &d)
	if d.Total.Agreed != 2 || len(d.Family) != 1 || d.Family[0].Township != chengqiao {
		t.Errorf("township office: agreed %d, family %+v", d.Total.Agreed, d.Family)
	}
	for q, field := range map[string]string{"period=2026-Q7": "period", "from=2026-12&to=2026-10": "to", "from=2026-01": "to"} {
		p := s.do(t, req{method: "GET", path: "/api/v1/stats/report?" + q, auth: bureau}).problem(t, 400, "error.invalid_input")
		if len(p.Errors) != 1 || p.Errors[0].Field != field || p.Errors[0].Message == "" {
			t.Errorf("%s: errors %+v, want one on %s", q, p.Errors, field)
		}
	}
	s.do(t, req{method: "GET", path: "/api/v1/stats/dashboard?period=2026-Q4", auth: med}).problem(t, 403, "error.forbidden")

	// The report is the form filed upward: Chinese whatever Accept-Language.
	for _, lang := range []string{"", "en"} {
		rows := sheetRows(t, s.do(t, req{method: "GET", path: "/api/v1/stats/report.xlsx?period=2026-Q4", auth: cq, lang: lang}), 0)
		if len(rows) != 3 || rows[0][0] != "乡镇" || rows[1][0] != "城桥镇" || rows[1][3] != "2" || rows[2][0] != "合计" {
			t.Errorf("report rows (Accept-Language %q) = %q", lang, rows)
		}
	}
	// The dashboard follows Accept-Language, Chinese by default.
	for lang, want := range map[string][][]string{
		"": {{"乡镇", "纠纷类型", "调解结束", "调解成功", "中位天数", "平均天数"}, {"城桥镇", "婚姻家庭", "2", "2", "4", "6"}},
		"en": {{"Township", "Dispute type", "Ended", "Settled", "Median days", "Mean days"},
			{"Chengqiao Town", "Marriage and family", "2", "2", "4", "6"}},
	} {
		rows := sheetRows(t, s.do(t, req{method: "GET", path: "/api/v1/stats/dashboard.xlsx?period=2026-Q4", auth: cq, lang: lang}), 1)
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("family sheet (Accept-Language %q) = %q, want %q", lang, rows, want)
		}
	}
}

// sheetRows returns the rows of sheet i of a workbook answered 200.
func sheetRows(t *testing.T, x *response, i int) [][]string {
	t.Helper()
	if x.status != 200 {
		t.Fatalf("workbook: %d %s", x.status, x.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(i))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
