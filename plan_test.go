package tiaojie

import (
	"strconv"
	"testing"
	"time"
)

// planDistrict is a district of twenty townships, none of them Chongming's.
func planDistrict() *District {
	d := &District{Code: "110105", Name: "测试区", Bureau: Unit{Name: "测试区司法局"}}
	for i := range 20 {
		code := "110105" + strconv.Itoa(100+i)
		d.Townships = append(d.Townships, Township{Code: code, Name: "镇" + strconv.Itoa(i), Kind: TownshipKindTown})
	}
	return d
}

// codes returns the codes of townships from..to-1 of d.
func codes(d *District, from, to int) []string {
	var out []string
	for _, t := range d.Townships[from:to] {
		out = append(out, t.Code)
	}
	return out
}

// TestValidateBatch: a batch holds exactly its size of the district's
// townships, none twice, none in another batch.
func TestValidateBatch(t *testing.T) {
	d := planDistrict()
	taken := map[string]int{d.Townships[0].Code: 1, d.Townships[1].Code: 1, d.Townships[2].Code: 1}
	for _, tc := range []struct {
		name  string
		batch int
		towns []string
		codes []string // field codes expected, in order; nil: valid
	}{
		{"first batch", 1, codes(d, 0, 3), nil},
		{"first batch again, same townships", 1, codes(d, 0, 3), nil},
		{"second batch", 2, codes(d, 3, 9), nil},
		{"third batch", 3, codes(d, 3, 12), nil},
		{"too few", 2, codes(d, 3, 8), []string{"plan.batch_count"}},
		{"too many", 1, codes(d, 3, 7), []string{"plan.batch_count"}},
		{"unknown township", 1, []string{d.Townships[3].Code, d.Townships[4].Code, "310151999"}, []string{"plan.township_unknown"}},
		{"twice", 1, []string{d.Townships[3].Code, d.Townships[4].Code, d.Townships[3].Code}, []string{"plan.township_twice"}},
		{"in another batch", 2, append(codes(d, 2, 3), codes(d, 10, 15)...), []string{"plan.township_taken"}},
		{"empty", 1, nil, []string{"plan.batch_count"}},
	} {
		err := ValidateBatch(tc.batch, tc.towns, taken, d)
		var got []string
		if err != nil {
			for _, f := range err.(*Error).Fields {
				got = append(got, f.Code)
			}
			if !IsKind(err, Invalid) {
				t.Errorf("%s: kind of %v", tc.name, err)
			}
		}
		if strconv.Quote(join(got)) != strconv.Quote(join(tc.codes)) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.codes)
		}
	}
	for _, n := range []int{0, 4, -1} {
		if err := ValidateBatch(n, codes(d, 0, 3), nil, d); err == nil || err.(*Error).Code != "plan.batch_unknown" {
			t.Errorf("batch %d: %v", n, err)
		}
	}
}

func join(s []string) string {
	out := ""
	for _, x := range s {
		out += x + ";"
	}
	return out
}

// TestRegisteredForPlan: registered by law means a registering legal form
// in a registered status.
func TestRegisteredForPlan(t *testing.T) {
	for _, tc := range []struct {
		form   LegalForm
		status OrgStatus
		want   bool
	}{
		{FormSocialService, StatusActive, true},
		{FormSocialGroup, StatusRectifying, true},
		{FormCompany, StatusSuspended, true},
		{FormSocialService, StatusRegistered, false}, // approved, registration not done
		{FormSocialService, StatusPreparing, false},
		{FormSocialService, StatusDissolved, false},
		{FormPeoplesCommittee, StatusActive, false}, // filed, not registered
		{FormOther, StatusActive, false},
	} {
		if got := RegisteredForPlan(tc.form, tc.status); got != tc.want {
			t.Errorf("%s %s: %v", tc.form, tc.status, got)
		}
	}
}

// TestPlanProgress: each metric against facts, and the township checks.
func TestPlanProgress(t *testing.T) {
	d := planDistrict()
	b1 := codes(d, 0, 3)
	full := TownshipFacts{HomeApproved: true, Resident: true, Registered: 1, InHome: 1}
	allFull := map[string]TownshipFacts{b1[0]: full, b1[1]: full, b1[2]: full}
	oneShort := map[string]TownshipFacts{b1[0]: full, b1[1]: full, b1[2]: {HomeApproved: true, Resident: true, Registered: 2}}
	for _, tc := range []struct {
		name   string
		facts  PlanFacts
		metric PlanMetric
		batch  []string
		want   int
		done   bool
	}{
		{"sites done", PlanFacts{BaseApproved: true, Townships: allFull}, MetricSites, b1, 3, true},
		{"sites without base", PlanFacts{Townships: allFull}, MetricSites, b1, 3, false},
		{"sites, batch not chosen", PlanFacts{BaseApproved: true, Townships: allFull}, MetricSites, nil, 3, false},
		{"sites, batch short", PlanFacts{BaseApproved: true, Townships: allFull}, MetricSites, b1[:2], 3, false},
		{"in home done", PlanFacts{Townships: allFull}, MetricBatchInHome, b1, 3, true},
		{"in home, one registered outside its home", PlanFacts{Townships: oneShort}, MetricBatchInHome, b1, 3, false},
		{"registered, one outside its home", PlanFacts{Townships: oneShort}, MetricBatchRegistered, b1, 3, true},
		{"registered, township without facts", PlanFacts{Townships: oneShort}, MetricBatchRegistered, codes(d, 1, 4), 3, false},
		{"every pilot township", PlanFacts{Townships: allFull}, MetricBatchInHome, b1, 0, true},
		{"every pilot township, none chosen", PlanFacts{Townships: allFull}, MetricBatchInHome, nil, 0, false},
		{"district orgs 2", PlanFacts{DistrictOrgs: 2}, MetricDistrictOrgs, nil, 0, true},
		{"district orgs 1", PlanFacts{DistrictOrgs: 1}, MetricDistrictOrgs, nil, 0, false},
		{"brand all", PlanFacts{Featured: 2, FeaturedBranded: 2}, MetricBrand, nil, 0, true},
		{"brand one short", PlanFacts{Featured: 2, FeaturedBranded: 1}, MetricBrand, nil, 0, false},
		{"brand none featured", PlanFacts{}, MetricBrand, nil, 0, false},
		{"unknown metric", PlanFacts{DistrictOrgs: 5}, "stars", nil, 0, false},
	} {
		if got := tc.facts.MetricDone(tc.metric, tc.batch, tc.want); got != tc.done {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	for _, tc := range []struct {
		f        TownshipFacts
		done     []bool
		complete bool
	}{
		{TownshipFacts{}, []bool{false, false, false, false}, false},
		{TownshipFacts{HomeApproved: true}, []bool{true, false, false, false}, false},
		{TownshipFacts{HomeApproved: true, Registered: 1}, []bool{true, false, true, false}, false},
		{full, []bool{true, true, true, true}, true},
	} {
		for i, c := range PlanChecks() {
			if tc.f.Done(c) != tc.done[i] {
				t.Errorf("%+v %s: %v", tc.f, c, tc.f.Done(c))
			}
		}
		if tc.f.Complete() != tc.complete {
			t.Errorf("%+v complete: %v", tc.f, tc.f.Complete())
		}
	}
}

// TestPlanDates: percentages, overdue and reminder windows.
func TestPlanDates(t *testing.T) {
	for _, tc := range []struct{ done, total, want int }{{0, 0, 0}, {0, 3, 0}, {1, 3, 33}, {2, 3, 66}, {3, 3, 100}} {
		if got := Percent(tc.done, tc.total); got != tc.want {
			t.Errorf("Percent(%d, %d) = %d", tc.done, tc.total, got)
		}
	}
	for _, tc := range []struct {
		due  string
		done bool
		want bool
	}{{"2026-12-02", false, true}, {"2026-12-03", false, false}, {"2026-12-02", true, false}, {"", false, false}} {
		if got := TaskOverdue(tc.due, tc.done, "2026-12-03"); got != tc.want {
			t.Errorf("overdue %q done=%v: %v", tc.due, tc.done, got)
		}
	}
	// 23:30 UTC on 2 December is 07:30 on 3 December in Beijing.
	now := time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		due  string
		done bool
		want bool
	}{
		{"2026-12-03", false, true}, {"2026-12-10", false, true}, {"2026-12-11", false, false},
		{"2026-12-02", false, false}, {"2026-12-05", true, false}, {"bad", false, false},
	} {
		if got := TaskRemindable(tc.due, tc.done, now); got != tc.want {
			t.Errorf("remindable %q done=%v: %v", tc.due, tc.done, got)
		}
	}
}

// TestPlanInputs: the bureau's edits are checked before anything is kept.
func TestPlanInputs(t *testing.T) {
	for _, tc := range []struct {
		in   PlanPhaseInput
		want string
	}{
		{PlanPhaseInput{" 试点建设 ", "2020-04-01", "2021-02-28"}, ""},
		{PlanPhaseInput{"", "2020-04-01", "2021-02-28"}, "name:plan.name_length;"},
		{PlanPhaseInput{"a", "2020-04-31", "2021-02-28"}, "starts_on:plan.date;"},
		{PlanPhaseInput{"a", "2021-04-01", "2021-02-28"}, "ends_on:plan.ends_before_start;"},
	} {
		if got := fieldCodes(tc.in.Validate()); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in   PlanTaskInput
		want string
	}{
		{PlanTaskInput{"调研", "区司法局", "2021-02-28", ""}, ""},
		{PlanTaskInput{"调研", "区司法局", "2021-02-28", MetricBrand}, ""},
		{PlanTaskInput{" ", "区司法局", "2021-02-28", ""}, "text:plan.text_length;"},
		{PlanTaskInput{"调研", "", "2021-02-28", ""}, "owner:plan.owner_length;"},
		{PlanTaskInput{"调研", "区司法局", "", "stars"}, "due_on:plan.date;metric:plan.metric_unknown;"},
	} {
		if got := fieldCodes(tc.in.Validate()); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.in, got, tc.want)
		}
	}
}

func fieldCodes(err error) string {
	if err == nil {
		return ""
	}
	s := ""
	for _, f := range err.(*Error).Fields {
		s += f.Field + ":" + f.Code + ";"
	}
	return s
}

// TestDefaultPlan: the policy's four phases, owners from the district's
// profile, every computed task on a known metric.
func TestDefaultPlan(t *testing.T) {
	d := planDistrict()
	p := DefaultPlan(d)
	if len(p) != 4 || p[0].Name != "试点建设" || p[3].EndsOn != "2021-12-31" {
		t.Fatalf("phases: %+v", p)
	}
	manual := 0
	for _, ph := range p {
		if err := ph.PlanPhaseInput.Validate(); err != nil {
			t.Errorf("%s: %v", ph.Name, err)
		}
		for _, task := range ph.Tasks {
			if err := task.Validate(); err != nil {
				t.Errorf("%s: %v", task.Text, err)
			}
			if task.Metric == "" {
				manual++
			}
		}
	}
	if manual != 4 || p[0].Tasks[0].Owner != "测试区司法局" {
		t.Errorf("manual tasks %d, owner %q", manual, p[0].Tasks[0].Owner)
	}
	if PhaseBatch(1) != 1 || PhaseBatch(3) != 3 || PhaseBatch(4) != 0 {
		t.Error("phase batches")
	}
}
