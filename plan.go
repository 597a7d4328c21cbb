package tiaojie

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The rollout plan (实施步骤, SPEC C14): the policy's four phases with their
// tasks, the pilot townships chosen in batches of 3, 6 and 9, and the
// targets the bureau reports on. internal/plan keeps the records and reads
// the platform's facts; these functions say what the facts mean.

// PlanMetric names a figure of the platform that decides a computed task.
// A task without one is manual: the bureau ticks it with evidence.
type PlanMetric string

// The metrics.
const (
	// MetricSites: the district incubation base approved and an approved
	// incubation home (培育之家) in every township of the phase's batch.
	MetricSites PlanMetric = "sites"
	// MetricBatchInHome: every township of the phase's batch has a
	// registered organization that moved into its incubation home.
	MetricBatchInHome PlanMetric = "batch_in_home"
	// MetricBatchRegistered: every township of the phase's batch has a
	// registered organization.
	MetricBatchRegistered PlanMetric = "batch_registered"
	// MetricDistrictOrgs: at least PlanDistrictOrgTarget registered
	// district-level organizations.
	MetricDistrictOrgs PlanMetric = "district_orgs"
	// MetricBrand: at least one featured organization (选树), and every
	// featured one has its logo (形象标识) and service list (服务清单).
	MetricBrand PlanMetric = "brand"
)

// PlanMetrics lists the metrics in the order forms offer them.
func PlanMetrics() []PlanMetric {
	return []PlanMetric{MetricSites, MetricBatchInHome, MetricBatchRegistered, MetricDistrictOrgs, MetricBrand}
}

// PlanDistrictOrgTarget is the policy's "区级层面成立2个及以上" target.
const PlanDistrictOrgTarget = 2

// pilotBatchSizes are the policy's batches of pilot townships: 3 in the
// first phase, 6 in the second, 9 in the third.
var pilotBatchSizes = []int{3, 6, 9}

// PilotBatches returns the batch numbers, from 1.
func PilotBatches() []int { return []int{1, 2, 3} }

// PilotBatchSize returns how many townships batch n holds, false for an
// unknown batch.
func PilotBatchSize(n int) (int, bool) {
	if n < 1 || n > len(pilotBatchSizes) {
		return 0, false
	}
	return pilotBatchSizes[n-1], true
}

// PhaseBatch returns the batch of pilot townships phase seq works on: the
// first three phases choose batches 1–3; the fourth (总结提升) looks at
// every pilot township, which 0 stands for.
func PhaseBatch(seq int) int {
	if _, ok := PilotBatchSize(seq); ok {
		return seq
	}
	return 0
}

// ValidateBatch checks the townships the bureau chooses for batch n:
// exactly the batch's size, each a township of the district, none twice,
// none already in another batch (current maps a township to its batch).
func ValidateBatch(n int, townships []string, current map[string]int, d *District) error {
	size, ok := PilotBatchSize(n)
	if !ok {
		return E(Invalid, "plan.batch_unknown").With("batch", strconv.Itoa(n))
	}
	var fe FieldErrors
	if len(townships) != size {
		fe.Add("townships", "plan.batch_count", "batch", strconv.Itoa(n), "want", strconv.Itoa(size), "got", strconv.Itoa(len(townships)))
	}
	seen := map[string]bool{}
	for _, code := range townships {
		t, ok := d.Township(code)
		switch {
		case !ok:
			fe.Add("townships", "plan.township_unknown", "code", code)
		case seen[code]:
			fe.Add("townships", "plan.township_twice", "name", t.Name)
		case current[code] != 0 && current[code] != n:
			fe.Add("townships", "plan.township_taken", "name", t.Name, "batch", strconv.Itoa(current[code]))
		}
		seen[code] = true
	}
	return fe.Err()
}

// PlanCheck is one thing checked in each pilot township: a column of the
// progress board.
type PlanCheck string

// The checks, in the order of the path a township takes.
const (
	CheckHome       PlanCheck = "home"       // 培育之家已批准
	CheckResident   PlanCheck = "resident"   // a team has moved into the home (入驻)
	CheckRegistered PlanCheck = "registered" // a registered (依法登记注册) organization in the township
	CheckInHome     PlanCheck = "in_home"    // that organization resident in the home: the target
)

// PlanChecks lists the checks in board order.
func PlanChecks() []PlanCheck {
	return []PlanCheck{CheckHome, CheckResident, CheckRegistered, CheckInHome}
}

// RegisteredForPlan reports whether an organization counts as registered
// by law (依法登记注册) for the plan's targets: a legal form registered
// with an authority (a 民办非企业单位, a social group, an enterprise; not a
// people's mediation committee, which is only filed), in a status that
// is registered and not dissolved (正常, 整改, 暂停).
func RegisteredForPlan(form LegalForm, status OrgStatus) bool {
	if !form.NeedsCreditCode() {
		return false
	}
	return status == StatusActive || status == StatusRectifying || status == StatusSuspended
}

// TownshipFacts are what the platform's records say about one township.
type TownshipFacts struct {
	HomeApproved bool // an approved incubation home
	Resident     bool // a team moved into that home (in residence or graduated)
	Registered   int  // registered organizations of township or village level
	InHome       int  // of them, those that moved into the township's home
}

// Done reports whether the township passes check c.
func (f TownshipFacts) Done(c PlanCheck) bool {
	switch c {
	case CheckHome:
		return f.HomeApproved
	case CheckResident:
		return f.Resident
	case CheckRegistered:
		return f.Registered > 0
	case CheckInHome:
		return f.InHome > 0
	}
	return false
}

// Complete reports whether the township passes every check.
func (f TownshipFacts) Complete() bool {
	for _, c := range PlanChecks() {
		if !f.Done(c) {
			return false
		}
	}
	return true
}

// PlanFacts are the platform's facts the plan's computed tasks read.
type PlanFacts struct {
	BaseApproved    bool
	Townships       map[string]TownshipFacts // by township code; a township absent has no facts
	DistrictOrgs    int                      // registered district-level organizations
	Featured        int                      // featured public organizations
	FeaturedBranded int                      // of them, with a logo and a service list
}

// MetricDone reports whether a computed task on metric m is done, for a
// phase whose batch holds batch (the townships chosen; want is the
// batch's size, 0 for "every pilot township", which must then be non-empty).
func (f PlanFacts) MetricDone(m PlanMetric, batch []string, want int) bool {
	chosen := len(batch) > 0 && (want == 0 || len(batch) == want)
	all := func(c PlanCheck) bool {
		if !chosen {
			return false
		}
		for _, code := range batch {
			if !f.Townships[code].Done(c) {
				return false
			}
		}
		return true
	}
	switch m {
	case MetricSites:
		return f.BaseApproved && all(CheckHome)
	case MetricBatchInHome:
		return all(CheckInHome)
	case MetricBatchRegistered:
		return all(CheckRegistered)
	case MetricDistrictOrgs:
		return f.DistrictOrgs >= PlanDistrictOrgTarget
	case MetricBrand:
		return f.Featured > 0 && f.FeaturedBranded == f.Featured
	}
	return false
}

// Percent returns done out of total as a whole percentage, rounded down;
// 0 when there is nothing to do.
func Percent(done, total int) int {
	if total <= 0 {
		return 0
	}
	return done * 100 / total
}

// TaskOverdue reports whether a task due on due ("YYYY-MM-DD", "" for no
// date) and not done is late on today.
func TaskOverdue(due string, done bool, today string) bool {
	return !done && due != "" && today > due
}

// PlanReminderDays is how many days ahead a manual task's owner is reminded.
const PlanReminderDays = 7

// TaskRemindable reports whether a manual task not done, due on due, is
// within PlanReminderDays of today (due today included, overdue excluded).
func TaskRemindable(due string, done bool, today time.Time) bool {
	if done || due == "" {
		return false
	}
	if _, err := time.Parse(time.DateOnly, due); err != nil {
		return false
	}
	day := today.In(Beijing())
	return due >= day.Format(time.DateOnly) && due <= day.AddDate(0, 0, PlanReminderDays).Format(time.DateOnly)
}

// PlanPhaseInput is a phase as the bureau edits it.
type PlanPhaseInput struct {
	Name     string
	StartsOn string // YYYY-MM-DD
	EndsOn   string
}

// Validate trims the name and checks the dates.
func (in *PlanPhaseInput) Validate() error {
	var fe FieldErrors
	in.Name = strings.TrimSpace(in.Name)
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 100 {
		fe.Add("name", "plan.name_length")
	}
	start, okS := planDay(&fe, "starts_on", in.StartsOn)
	end, okE := planDay(&fe, "ends_on", in.EndsOn)
	if okS && okE && end < start {
		fe.Add("ends_on", "plan.ends_before_start")
	}
	return fe.Err()
}

// PlanTaskInput is a task as the bureau edits it.
type PlanTaskInput struct {
	Text   string
	Owner  string     // the unit responsible (责任单位)
	DueOn  string     // YYYY-MM-DD
	Metric PlanMetric // "" for a manual task
}

// Validate trims the texts and checks the date and the metric.
func (in *PlanTaskInput) Validate() error {
	var fe FieldErrors
	in.Text, in.Owner = strings.TrimSpace(in.Text), strings.TrimSpace(in.Owner)
	if n := utf8.RuneCountInString(in.Text); n < 1 || n > 1000 {
		fe.Add("text", "plan.text_length")
	}
	if n := utf8.RuneCountInString(in.Owner); n < 1 || n > 100 {
		fe.Add("owner", "plan.owner_length")
	}
	planDay(&fe, "due_on", in.DueOn)
	if in.Metric != "" && !slices.Contains(PlanMetrics(), in.Metric) {
		fe.Add("metric", "plan.metric_unknown")
	}
	return fe.Err()
}

// planDay checks a required YYYY-MM-DD date.
func planDay(fe *FieldErrors, field, s string) (string, bool) {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		fe.Add(field, "plan.date")
		return "", false
	}
	return s, true
}

// PlanPhaseSpec is one phase of a plan as loaded by default.
type PlanPhaseSpec struct {
	PlanPhaseInput
	Tasks []PlanTaskInput
}

// DefaultPlan returns the policy's four phases (五、实施步骤) with their
// tasks, the owners named from the district's profile: what a district
// that has not written its own plan starts from.
func DefaultPlan(d *District) []PlanPhaseSpec {
	bureau, base := d.Bureau.Name, d.Centre.Name
	if base == "" {
		base = bureau
	}
	const towns = "各乡镇司法所"
	return []PlanPhaseSpec{
		{PlanPhaseInput{"试点建设", "2020-04-01", "2021-02-28"}, []PlanTaskInput{
			{"深入基层及相关部门开展调研工作，争取相关部门政策支持", bureau, "2021-02-28", ""},
			{"在" + base + "设立区调解组织培育基地，引导各乡镇在公共法律服务工作站等建立调解组织培育之家，规范服务流程，完善制度设计", bureau, "2021-02-28", MetricSites},
			{"选取第一批试点乡镇（3家），设立依法登记注册的调解组织，并入驻调解组织培育之家", towns, "2021-02-28", MetricBatchInHome},
		}},
		{PlanPhaseInput{"入驻推广", "2021-03-01", "2021-06-30"}, []PlanTaskInput{
			{"选取第二批试点乡镇（6家），设立依法登记注册的调解组织，推动调解组织入驻培育发展机构", towns, "2021-06-30", MetricBatchInHome},
			{"区级层面成立2个及以上依法登记注册的调解组织", bureau, "2021-06-30", MetricDistrictOrgs},
			{"组织试点乡镇召开座谈会、联席会，交流经验做法", bureau, "2021-06-30", ""},
		}},
		{PlanPhaseInput{"深化拓展", "2021-07-01", "2021-10-31"}, []PlanTaskInput{
			{"选取第三批试点乡镇（9家），设立依法登记注册的调解组织", towns, "2021-10-31", MetricBatchRegistered},
			{"引导调解组织设计独立形象标识、特色服务清单，选树一批机制成熟、服务优良、口碑良好的调解组织并开展推广", bureau, "2021-10-31", MetricBrand},
			{"引导具有相关专业背景、热衷调解事业发展的个人或团体参与专业调解服务", bureau, "2021-10-31", ""},
		}},
		{PlanPhaseInput{"总结提升", "2021-11-01", "2021-12-31"}, []PlanTaskInput{
			{"对调解组织运行状态进行全面评估，完善相关制度机制，总结工作经验和成效", bureau, "2021-12-31", ""},
		}},
	}
}
