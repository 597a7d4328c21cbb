package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// statsCases writes family disputes settled in October and November 2026
// (2026-Q4): n in Chengqiao by orgA, and one in Baozhen by orgB, each
// taking days from acceptance to agreement; and refreshes the rollup.
func (e *staffEnv) statsCases(t testing.TB, orgA, orgB int64, n int) {
	t.Helper()
	add := func(i int, township string, org int64, days int) {
		created := time.Date(2026, 10, 1+i, 9, 0, 0, 0, tiaojie.Beijing())
		accepted := created.Add(24 * time.Hour)
		ended := accepted.Add(time.Duration(days) * 24 * time.Hour)
		if _, err := e.db.Writer().Exec(`
			INSERT INTO cases (number, status, source, dispute_type, township, title, amount_fen, org_id, created_at,
			                   accepted_at, agreed_at, ended_at, end_reason, activity_at)
			VALUES ($1, 'performed', 'desk', 'marriage_family', $2, 't', 10000, $3, $4, $5, $6, $6, 'agreement', $6)`,
			fmt.Sprintf("TJS-%s-%d", township, i), township, org, created.UTC(), accepted.UTC(), ended.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		add(i, chengqiao, orgA, 10+i)
	}
	add(0, baozhen, orgB, 3)
	if _, err := e.st.Stats.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestStatsPages: the bureau's dashboard answers how many family disputes
// each township settled and how fast, in the page and in the export
// (audited); a township office sees its own township only; a mediator
// has no statistics; a period that is not one is refused.
func TestStatsPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	a := e.operatingOrg(t, "城桥镇人民调解委员会", chengqiao)
	b := e.operatingOrg(t, "堡镇人民调解委员会", baozhen)
	e.statsCases(t, a, b, 3)
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	office, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	med, _ := e.staff(t, "med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: a})

	p := bureau.get("/staff/stats?period=2026-Q4")
	p.want(t, http.StatusOK, "", `id="family-table"`, "<caption>", `scope="row">城桥镇</th><td>3</td><td>3</td><td>11</td>`,
		`scope="row">堡镇</th><td>1</td><td>1</td><td>3</td>`, `data-chart=`, `/static/vendor/echarts.min.js`, `href="/staff/stats"`)
	p.lacks(t, "<script>", "cdn")

	// The dashboard's workbook follows the page's language; the periodic
	// report's is the form filed upward, Chinese whatever the language.
	for _, tc := range []struct {
		lang, path, sheet string
		want              [][]string
	}{
		{"", "/staff/stats.xlsx?period=2026-Q4", "婚姻家庭·各乡镇", [][]string{{"乡镇", "纠纷类型", "调解结束", "调解成功", "中位天数", "平均天数"},
			{"城桥镇", "婚姻家庭", "3", "3", "11", "11"}, {"堡镇", "婚姻家庭", "1", "1", "3", "3"}}},
		{"en", "/staff/stats.xlsx?period=2026-Q4", "Family disputes by township", [][]string{{"Township", "Dispute type", "Ended", "Settled", "Median days", "Mean days"},
			{"Chengqiao Town", "Marriage and family", "3", "3", "11", "11"}, {"Baozhen Town", "Marriage and family", "1", "1", "3", "3"}}},
		{"en", "/staff/stats/report.xlsx?period=2026-Q4&township=" + baozhen, "统计报表 2026-Q4", [][]string{{"乡镇", "受理", "调解", "调解成功"},
			{"堡镇", "1", "1", "1"}, {"合计", "1", "1", "1"}}},
	} {
		x := bureau.get(tc.path, "Accept-Language", tc.lang)
		if x.status != http.StatusOK || !strings.HasPrefix(x.header.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Fatalf("export %s %q: %d %q", tc.path, tc.lang, x.status, x.header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(tc.sheet)
		f.Close()
		if err != nil {
			t.Fatalf("export %s %q: %v", tc.path, tc.lang, err)
		}
		for i := range rows {
			rows[i] = rows[i][:min(len(rows[i]), len(tc.want[0]))]
		}
		if fmt.Sprint(rows) != fmt.Sprint(tc.want) {
			t.Errorf("export %s %q: %q, want %q", tc.path, tc.lang, rows, tc.want)
		}
	}
	var audited int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'`).Scan(&audited); err != nil || audited != 3 {
		t.Errorf("stats.export audit rows = %d, %v", audited, err)
	}

	o := office.get("/staff/stats?period=2026-Q4")
	o.want(t, http.StatusOK, "", `scope="row">城桥镇</th><td>3</td>`)
	o.lacks(t, `scope="row">堡镇</th>`, "堡镇人民调解委员会")
	o = office.get("/staff/stats?period=2026-Q4&township=" + baozhen)
	o.lacks(t, `scope="row">堡镇</th><td>1</td>`)

	r := bureau.get("/staff/stats/report?period=2026-Q4")
	r.want(t, http.StatusOK, "", `id="report-table"`, `<th scope="row">合计</th><td>4</td><td>4</td><td>4</td><td>100%</td>`)

	med.get("/staff/stats?period=2026-Q4").want(t, http.StatusForbidden, "")
	for q, reason := range map[string]string{"period=2026-13": "统计期间格式不正确", "from=2026-06&to=2026-01": "截止月不能早于起始月",
		"from=2010-01&to=2026-01": "统计期间不能超过 60 个月"} {
		bad := bureau.get("/staff/stats?" + q)
		bad.want(t, http.StatusBadRequest, "", reason, `aria-invalid="true"`, `id="stats-filter"`)
		bad.lacks(t, `id="family-table"`)
	}
}
