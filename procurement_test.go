package tiaojie_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
)

func codes(fe tiaojie.FieldErrors) []string {
	var out []string
	for _, f := range fe {
		out = append(out, f.Code)
	}
	return out
}

// TestCheckEligibility: each condition a candidate fails is named, and
// only those.
func TestCheckEligibility(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	four := tiaojie.Eligibility{MinStars: 4, OrgTypes: []tiaojie.OrgType{tiaojie.OrgBasic, tiaojie.OrgProfessional}, NoSanction: true}
	good := tiaojie.Candidate{Status: tiaojie.StatusActive, Type: tiaojie.OrgBasic, Stars: 4, StarsUntil: now.AddDate(1, 0, 0)}
	tests := []struct {
		name string
		e    tiaojie.Eligibility
		c    func(c *tiaojie.Candidate)
		want []string
	}{
		{"eligible", four, func(*tiaojie.Candidate) {}, nil},
		{"five stars", four, func(c *tiaojie.Candidate) { c.Stars = 5 }, nil},
		{"no end of stars recorded", four, func(c *tiaojie.Candidate) { c.StarsUntil = time.Time{} }, nil},
		{"rectifying serves", tiaojie.Eligibility{}, func(c *tiaojie.Candidate) { c.Status = tiaojie.StatusRectifying }, nil},
		{"not serving", four, func(c *tiaojie.Candidate) { c.Status = tiaojie.StatusSuspended }, []string{"procurement.ineligible_status"}},
		{"only registered", four, func(c *tiaojie.Candidate) { c.Status = tiaojie.StatusPreparing }, []string{"procurement.ineligible_status"}},
		{"three stars", four, func(c *tiaojie.Candidate) { c.Stars = 3 }, []string{"procurement.ineligible_stars"}},
		{"stars lapsed", four, func(c *tiaojie.Candidate) { c.StarsUntil = now }, []string{"procurement.ineligible_stars"}},
		{"wrong type", four, func(c *tiaojie.Candidate) { c.Type = tiaojie.OrgCommercial }, []string{"procurement.ineligible_type"}},
		{"any type", tiaojie.Eligibility{}, func(c *tiaojie.Candidate) { c.Type = tiaojie.OrgCommercial }, nil},
		{"open sanction", four, func(c *tiaojie.Candidate) { c.OpenSanctions = 1 }, []string{"procurement.ineligible_sanction"}},
		{"sanction not asked", tiaojie.Eligibility{}, func(c *tiaojie.Candidate) { c.OpenSanctions = 2 }, nil},
		{"everything", four, func(c *tiaojie.Candidate) {
			*c = tiaojie.Candidate{Status: tiaojie.StatusDissolved, Type: tiaojie.OrgNewType, OpenSanctions: 1}
		}, []string{"procurement.ineligible_status", "procurement.ineligible_stars", "procurement.ineligible_type", "procurement.ineligible_sanction"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.c(&c)
			got := tiaojie.CheckEligibility(tt.e, c, now)
			if diff := cmp.Diff(tt.want, codes(got)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			err := tiaojie.Ineligible(got)
			if (err == nil) != (len(tt.want) == 0) || (err != nil && !tiaojie.IsKind(err, tiaojie.Forbidden)) {
				t.Errorf("Ineligible = %v", err)
			}
		})
	}
	got := tiaojie.CheckEligibility(four, tiaojie.Candidate{Status: tiaojie.StatusActive, Type: tiaojie.OrgBasic, Stars: 3}, now)
	if got[0].Args["need"] != "4" || got[0].Args["have"] != "3" {
		t.Errorf("stars reason args = %v", got[0].Args)
	}
}

// TestWeightedTotal: the experts' weighted totals averaged, in tenths.
func TestWeightedTotal(t *testing.T) {
	crit := []tiaojie.Criterion{{"方案", 40}, {"价格", 30}, {"业绩", 30}}
	tests := []struct {
		name   string
		sheets [][]int
		want   int
	}{
		{"none", nil, 0},
		{"full marks", [][]int{{100, 100, 100}}, 1000},
		{"one expert", [][]int{{90, 80, 70}}, 810},                 // 36+24+21
		{"two averaged", [][]int{{90, 80, 70}, {80, 80, 80}}, 805}, // (81+80)/2
		{"half rounds up", [][]int{{91, 0, 0}}, 364},               // 36.4
		{"rounding", [][]int{{1, 0, 0}, {0, 0, 0}}, 2},             // 0.2
		{"incomplete skipped", [][]int{{90, 80, 70}, {100}}, 810},
		{"zeros", [][]int{{0, 0, 0}}, 0},
	}
	for _, tt := range tests {
		if got := tiaojie.WeightedTotal10(crit, tt.sheets); got != tt.want {
			t.Errorf("%s: total10 = %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := tiaojie.FormatTotal10(805); got != "80.5" {
		t.Errorf("FormatTotal10 = %q", got)
	}
}

func TestValidateCriteriaAndScore(t *testing.T) {
	tests := []struct {
		name string
		list []tiaojie.Criterion
		want string
	}{
		{"ok", []tiaojie.Criterion{{"a", 60}, {"b", 40}}, ""},
		{"empty", nil, "procurement.criteria_count"},
		{"sum 90", []tiaojie.Criterion{{"a", 50}, {"b", 40}}, "procurement.weights_sum"},
		{"zero weight", []tiaojie.Criterion{{"a", 100}, {"b", 0}}, "procurement.criterion_weight"},
		{"duplicate", []tiaojie.Criterion{{"a", 50}, {"a", 50}}, "procurement.criterion_name"},
		{"unnamed", []tiaojie.Criterion{{"", 100}}, "procurement.criterion_name"},
	}
	for _, tt := range tests {
		err := tiaojie.ValidateCriteria(tt.list)
		got := ""
		var e *tiaojie.Error
		if errors.As(err, &e) {
			got = e.Fields[0].Code
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	for s, ok := range map[int]bool{-1: false, 0: true, 100: true, 101: false} {
		if (tiaojie.ValidateScore(s) == nil) != ok {
			t.Errorf("score %d accepted %v", s, !ok)
		}
	}
}

func TestProjectSteps(t *testing.T) {
	tests := []struct {
		from tiaojie.ProjectStatus
		a    tiaojie.ProjectAction
		to   tiaojie.ProjectStatus
		ok   bool
	}{
		{tiaojie.ProjectDraft, tiaojie.ProjectPublish, tiaojie.ProjectPublished, true},
		{tiaojie.ProjectPublished, tiaojie.ProjectClose, tiaojie.ProjectEvaluating, true},
		{tiaojie.ProjectEvaluating, tiaojie.ProjectAward, tiaojie.ProjectAwarded, true},
		{tiaojie.ProjectAwarded, tiaojie.ProjectContract, tiaojie.ProjectContracted, true},
		{tiaojie.ProjectPublished, tiaojie.ProjectCancel, tiaojie.ProjectCancelled, true},
		{tiaojie.ProjectDraft, tiaojie.ProjectAward, tiaojie.ProjectDraft, false},
		{tiaojie.ProjectContracted, tiaojie.ProjectCancel, tiaojie.ProjectContracted, false},
		{tiaojie.ProjectPublished, tiaojie.ProjectPublish, tiaojie.ProjectPublished, false},
	}
	for _, tt := range tests {
		to, err := tiaojie.NextProjectStatus(tt.from, tt.a)
		if to != tt.to || (err == nil) != tt.ok {
			t.Errorf("%s %s = %s, %v", tt.from, tt.a, to, err)
		}
	}
}

func TestInWindow(t *testing.T) {
	for _, tt := range []struct {
		today string
		want  tiaojie.WindowState
	}{{"2026-02-28", tiaojie.WindowBefore}, {"2026-03-01", tiaojie.WindowOpen}, {"2026-03-31", tiaojie.WindowOpen}, {"2026-04-01", tiaojie.WindowAfter}} {
		if got := tiaojie.InWindow(tt.today, "2026-03-01", "2026-03-31"); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.today, got, tt.want)
		}
	}
}

// TestVerifyDeliverables: cases come from the records, the rest from the
// buyer's verification; each beside its target.
func TestVerifyDeliverables(t *testing.T) {
	ds := []tiaojie.Deliverable{{tiaojie.DeliverCases, "调结案件", 100}, {tiaojie.DeliverHours, "驻点服务", 400}, {tiaojie.DeliverOther, "普法讲座", 1}}
	f := tiaojie.CaseFigures{Closed: 120, Agreed: 102, Ratings: 3, RatingStars: 13}
	got := tiaojie.VerifyDeliverables(ds, f, map[int]int{1: 380, 2: 1})
	want := []tiaojie.Verified{
		{Title: "调结案件", Target: 100, Actual: 120, Met: true, Source: "platform"},
		{Title: "驻点服务", Target: 400, Actual: 380, Met: false, Source: "buyer"},
		{Title: "普法讲座", Target: 1, Actual: 1, Met: true, Source: "buyer"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("deliverables (-want +got):\n%s", diff)
	}
	if f.SuccessPct() != 85 || f.Satisfaction10() != 43 { // 102/120, 13/3 = 4.33
		t.Errorf("success %d satisfaction %d", f.SuccessPct(), f.Satisfaction10())
	}
	ind := tiaojie.VerifyIndicators(90, 40, f)
	if len(ind) != 2 || ind[0].Met || !ind[1].Met {
		t.Errorf("indicators = %+v", ind)
	}
	if ind := tiaojie.VerifyIndicators(0, 40, tiaojie.CaseFigures{}); len(ind) != 1 || ind[0].Met {
		t.Errorf("no ratings meets satisfaction: %+v", ind)
	}
	short := tiaojie.VerifyDeliverables(ds[:1], tiaojie.CaseFigures{Closed: 99}, nil)
	if short[0].Met {
		t.Error("99 of 100 cases met the target")
	}
}

// TestCheckPayment: payments sum within the contract and the milestone.
func TestCheckPayment(t *testing.T) {
	tests := []struct {
		name                                     string
		contract, paid, milestone, mpaid, amount int64
		want                                     string
	}{
		{"first", 100000, 0, 50000, 0, 50000, ""},
		{"last fen", 100000, 50000, 50000, 0, 50000, ""},
		{"beyond the contract", 100000, 90000, 50000, 0, 20000, "procurement.payment_over_contract"},
		{"beyond the milestone", 100000, 0, 50000, 40000, 20000, "procurement.payment_over_milestone"},
		{"zero", 100000, 0, 50000, 0, 0, "procurement.payment_amount"},
		{"negative", 100000, 0, 50000, 0, -1, "procurement.payment_amount"},
	}
	for _, tt := range tests {
		err := tiaojie.CheckPayment(tt.contract, tt.paid, tt.milestone, tt.mpaid, tt.amount)
		got := ""
		var e *tiaojie.Error
		if errors.As(err, &e) {
			got = e.Code
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReportPeriods(t *testing.T) {
	got := tiaojie.ReportPeriods("2026-01-15", "2026-07-10", tiaojie.ReportQuarterly)
	want := []tiaojie.ReportPeriod{
		{From: "2026-01-15", To: "2026-03-31", DueOn: "2026-04-10"},
		{From: "2026-04-01", To: "2026-06-30", DueOn: "2026-07-10"},
		{From: "2026-07-01", To: "2026-07-10", DueOn: "2026-07-20"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("quarters (-want +got):\n%s", diff)
	}
	if m := tiaojie.ReportPeriods("2026-01-01", "2026-12-31", tiaojie.ReportMonthly); len(m) != 12 || m[11].DueOn != "2027-01-10" {
		t.Errorf("months = %+v", m)
	}
}

func TestContractValidate(t *testing.T) {
	ok := tiaojie.ContractInput{AmountFen: 100000, PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31", ReportEvery: tiaojie.ReportQuarterly,
		Deliverables: []tiaojie.Deliverable{{tiaojie.DeliverCases, "案件", 10}},
		Milestones:   []tiaojie.Milestone{{"首付", 40000, "2026-01-31"}, {"尾款", 60000, "2026-12-31"}}}
	if err := ok.Validate(100000); err != nil {
		t.Fatalf("valid contract refused: %v", err)
	}
	over := ok
	if err := over.Validate(90000); err == nil {
		t.Error("amount above the awarded price accepted")
	}
	bad := ok
	bad.Milestones = bad.Milestones[:1]
	if err := bad.Validate(100000); err == nil {
		t.Error("milestones not summing to the amount accepted")
	}
	if err := tiaojie.CheckAward(100, []int64{60, 50}); err == nil {
		t.Error("award beyond the budget accepted")
	}
	if err := tiaojie.CheckAward(100, []int64{60, 40}); err != nil {
		t.Errorf("award within budget refused: %v", err)
	}
}
