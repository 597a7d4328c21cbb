package tiaojie

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Government procurement of mediation services (政府购买服务, SPEC C9): a
// buying department (the bureau or a partner agency) publishes a project,
// eligible organizations bid, assigned experts score the bids against
// weighted criteria, the buyer awards and signs a contract whose
// deliverables are verified against the platform's own case records,
// and pays against milestones. These are the pure rules; the service in
// internal/procurement keeps the records.

// ProjectStatus is where a procurement project stands.
type ProjectStatus string

// The project statuses.
const (
	ProjectDraft      ProjectStatus = "draft"      // 草稿: the buyer is writing it
	ProjectPublished  ProjectStatus = "published"  // 已发布: open for bids within its window
	ProjectEvaluating ProjectStatus = "evaluating" // 评审中: the window closed, experts score
	ProjectAwarded    ProjectStatus = "awarded"    // 已公示: winners chosen, the result public
	ProjectContracted ProjectStatus = "contracted" // 已签约: every winner has a contract
	ProjectCancelled  ProjectStatus = "cancelled"  // 已撤销
)

// ProjectStatuses lists the statuses in lifecycle order.
func ProjectStatuses() []ProjectStatus {
	return []ProjectStatus{ProjectDraft, ProjectPublished, ProjectEvaluating, ProjectAwarded, ProjectContracted, ProjectCancelled}
}

// Public reports whether a project in the status is on the public pages.
func (s ProjectStatus) Public() bool { return s != ProjectDraft }

// ProjectAction is a step of a project's lifecycle.
type ProjectAction string

// The project actions.
const (
	ProjectPublish  ProjectAction = "publish"  // the buyer publishes the draft
	ProjectClose    ProjectAction = "close"    // the window closed: evaluation begins
	ProjectAward    ProjectAction = "award"    // the buyer awards and the result is published (公示)
	ProjectContract ProjectAction = "contract" // the contracts are signed
	ProjectCancel   ProjectAction = "cancel"   // the buyer cancels before any contract
)

var projectSteps = map[ProjectAction]struct {
	from []ProjectStatus
	to   ProjectStatus
}{
	ProjectPublish:  {[]ProjectStatus{ProjectDraft}, ProjectPublished},
	ProjectClose:    {[]ProjectStatus{ProjectPublished}, ProjectEvaluating},
	ProjectAward:    {[]ProjectStatus{ProjectEvaluating}, ProjectAwarded},
	ProjectContract: {[]ProjectStatus{ProjectAwarded}, ProjectContracted},
	ProjectCancel:   {[]ProjectStatus{ProjectDraft, ProjectPublished, ProjectEvaluating, ProjectAwarded}, ProjectCancelled},
}

// NextProjectStatus returns the status after action a, or a Conflict
// "procurement.illegal_step" when the project cannot take it now.
func NextProjectStatus(from ProjectStatus, a ProjectAction) (ProjectStatus, error) {
	step, ok := projectSteps[a]
	if !ok || !slices.Contains(step.from, from) {
		return from, E(Conflict, "procurement.illegal_step").With("status", string(from)).With("action", string(a))
	}
	return step.to, nil
}

// ServiceCategory is what is being bought.
type ServiceCategory string

// The service categories.
const (
	CategoryMediation    ServiceCategory = "mediation"    // 纠纷调解服务
	CategoryConsultation ServiceCategory = "consultation" // 法律咨询、矛盾排查
	CategoryTraining     ServiceCategory = "training"     // 培训与宣传
	CategoryOtherService ServiceCategory = "other"        // 其他
)

// ServiceCategories lists the categories in the order forms offer them.
func ServiceCategories() []ServiceCategory {
	return []ServiceCategory{CategoryMediation, CategoryConsultation, CategoryTraining, CategoryOtherService}
}

// Criterion is one evaluation criterion with its weight (percent).
type Criterion struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// Limits of a project's texts and lists.
const (
	MaxProjectTitle = 100
	MaxProjectText  = 5000
	MaxCriteria     = 10
	MaxCriterionLen = 50
	// MaxScore is the most an expert gives a bid on one criterion.
	MaxScore = 100
)

// Eligibility is what a project asks of a bidding organization.
type Eligibility struct {
	MinStars   int       // 0: no star level needed
	OrgTypes   []OrgType // empty: any type
	NoSanction bool      // no sanction or rectification open (see Candidate.OpenSanctions)
}

// ProjectInput is what the buyer enters for a project.
type ProjectInput struct {
	Title        string
	Scope        string // 服务内容与范围
	Category     ServiceCategory
	DisputeTypes []string // empty: every type
	Township     string   // "": the whole district
	BudgetFen    int64
	Eligibility  Eligibility
	WindowFrom   string // YYYY-MM-DD, Beijing: the first day bids are taken
	WindowTo     string // the last day
	Criteria     []Criterion
}

// Normalize trims the input's texts and sorts its lists.
func (in *ProjectInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Scope = strings.TrimSpace(in.Scope)
	in.Township = strings.TrimSpace(in.Township)
	slices.Sort(in.DisputeTypes)
	in.DisputeTypes = slices.Compact(in.DisputeTypes)
	slices.Sort(in.Eligibility.OrgTypes)
	in.Eligibility.OrgTypes = slices.Compact(in.Eligibility.OrgTypes)
	for i := range in.Criteria {
		in.Criteria[i].Name = strings.TrimSpace(in.Criteria[i].Name)
	}
}

// Validate checks a project, field by field, against the district d (nil:
// townships not checked).
func (in ProjectInput) Validate(d *District) error {
	var fe FieldErrors
	if in.Title == "" || utf8.RuneCountInString(in.Title) > MaxProjectTitle {
		fe.Add("title", "procurement.title_invalid", "max", strconv.Itoa(MaxProjectTitle))
	}
	if in.Scope == "" || utf8.RuneCountInString(in.Scope) > MaxProjectText {
		fe.Add("scope", "procurement.scope", "max", strconv.Itoa(MaxProjectText))
	}
	if !slices.Contains(ServiceCategories(), in.Category) {
		fe.Add("category", "procurement.category")
	}
	for _, t := range in.DisputeTypes {
		if _, ok := DisputeTypeByCode(t); !ok {
			fe.Add("dispute_types", "procurement.dispute_type")
			break
		}
	}
	if in.Township != "" && !knownTownship(d, in.Township) {
		fe.Add("township", "procurement.township")
	}
	if in.BudgetFen <= 0 {
		fe.Add("budget", "procurement.budget")
	}
	if in.Eligibility.MinStars < 0 || in.Eligibility.MinStars > 5 {
		fe.Add("min_stars", "procurement.min_stars")
	}
	for _, t := range in.Eligibility.OrgTypes {
		if !slices.Contains(OrgTypes(), t) {
			fe.Add("org_types", "procurement.org_type")
			break
		}
	}
	from, err1 := ParseDay(in.WindowFrom)
	to, err2 := ParseDay(in.WindowTo)
	switch {
	case err1 != nil:
		fe.Add("window_from", "procurement.date")
	case err2 != nil:
		fe.Add("window_to", "procurement.date")
	case to.Before(from):
		fe.Add("window_to", "procurement.window_order")
	}
	if err := ValidateCriteria(in.Criteria); err != nil {
		fe = append(fe, err.(*Error).Fields...)
	}
	return fe.Err()
}

// ValidateCriteria checks the evaluation criteria: one to MaxCriteria,
// each named (uniquely) with a positive weight, the weights summing to 100.
func ValidateCriteria(list []Criterion) error {
	var fe FieldErrors
	if len(list) == 0 || len(list) > MaxCriteria {
		fe.Add("criteria", "procurement.criteria_count", "max", strconv.Itoa(MaxCriteria))
		return fe.Err()
	}
	sum := 0
	seen := map[string]bool{}
	for _, c := range list {
		if c.Name == "" || utf8.RuneCountInString(c.Name) > MaxCriterionLen || seen[c.Name] {
			fe.Add("criteria", "procurement.criterion_name", "max", strconv.Itoa(MaxCriterionLen))
			return fe.Err()
		}
		seen[c.Name] = true
		if c.Weight <= 0 || c.Weight > 100 {
			fe.Add("criteria", "procurement.criterion_weight")
			return fe.Err()
		}
		sum += c.Weight
	}
	if sum != 100 {
		fe.Add("criteria", "procurement.weights_sum", "sum", strconv.Itoa(sum))
	}
	return fe.Err()
}

// ParseDay parses a day "YYYY-MM-DD" as its start in Beijing time.
func ParseDay(s string) (time.Time, error) { return time.ParseInLocation(time.DateOnly, s, Beijing()) }

// Day returns the Beijing day of t, "YYYY-MM-DD".
func Day(t time.Time) string { return t.In(Beijing()).Format(time.DateOnly) }

// WindowState says where a day stands against a bidding window.
type WindowState int

// The window states.
const (
	WindowBefore WindowState = iota - 1
	WindowOpen
	WindowAfter
)

// InWindow returns where day today ("YYYY-MM-DD") stands against the
// window from–to (inclusive days). Days compare as text.
func InWindow(today, from, to string) WindowState {
	switch {
	case today < from:
		return WindowBefore
	case today > to:
		return WindowAfter
	}
	return WindowOpen
}

// Candidate is what eligibility looks at in an organization, read from
// the registry (status, type), star rating (stars and their validity) and
// supervision (open sanctions).
type Candidate struct {
	Status        OrgStatus
	Type          OrgType
	Stars         int       // 0: none
	StarsUntil    time.Time // zero: no end recorded
	OpenSanctions int       // sanctions in force and rectifications not yet verified
}

// StarsAt returns the stars in force at now: none once they have lapsed.
func (c Candidate) StarsAt(now time.Time) int {
	if !c.StarsUntil.IsZero() && !now.Before(c.StarsUntil) {
		return 0
	}
	return c.Stars
}

// CheckEligibility returns every condition of e the candidate fails, in
// a stable order, as field errors naming the condition (an empty list:
// eligible). The organization is told each one.
func CheckEligibility(e Eligibility, c Candidate, now time.Time) FieldErrors {
	var fe FieldErrors
	if c.Status != StatusActive && c.Status != StatusRectifying {
		fe.Add("status", "procurement.ineligible_status", "status", string(c.Status))
	}
	if have := c.StarsAt(now); have < e.MinStars {
		fe.Add("stars", "procurement.ineligible_stars", "need", strconv.Itoa(e.MinStars), "have", strconv.Itoa(have))
	}
	if len(e.OrgTypes) > 0 && !slices.Contains(e.OrgTypes, c.Type) {
		fe.Add("type", "procurement.ineligible_type", "type", string(c.Type))
	}
	if e.NoSanction && c.OpenSanctions > 0 {
		fe.Add("sanction", "procurement.ineligible_sanction", "count", strconv.Itoa(c.OpenSanctions))
	}
	return fe
}

// Ineligible returns the refusal of an ineligible organization's bid,
// carrying each failed condition, or nil when fe is empty.
func Ineligible(fe FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Kind: Forbidden, Code: "procurement.ineligible", Fields: fe}
}

// ValidateScore checks one expert's score on one criterion: 0 to MaxScore.
func ValidateScore(score int) error {
	if score < 0 || score > MaxScore {
		return E(Invalid, "procurement.score_range").With("max", strconv.Itoa(MaxScore))
	}
	return nil
}

// WeightedTotal10 combines the experts' score sheets on a bid into its
// total out of 100, in tenths, rounded half up: each expert's sheet (a
// score 0–100 per criterion, in the criteria's order) is weighted by the
// criteria and the experts' totals are averaged. Sheets with a missing
// score are skipped; no complete sheet gives 0.
func WeightedTotal10(criteria []Criterion, sheets [][]int) int {
	sum, n := 0, 0
	for _, s := range sheets {
		if len(s) != len(criteria) {
			continue
		}
		for i, c := range criteria {
			sum += c.Weight * s[i] // at most 100 × 100 per sheet
		}
		n++
	}
	if n == 0 {
		return 0
	}
	// total10 = sum / 100 (points) × 10 (tenths) / n
	return (sum*2 + 10*n) / (20 * n)
}

// FormatTotal10 formats a total in tenths, "87.5".
func FormatTotal10(t int) string { return fmt.Sprintf("%d.%d", t/10, t%10) }

// CheckAward checks the winners chosen: at least one, each price within
// the budget in total.
func CheckAward(budget int64, prices []int64) error {
	if len(prices) == 0 {
		return E(Invalid, "procurement.award_none")
	}
	var sum int64
	for _, p := range prices {
		sum += p
	}
	if sum > budget {
		return E(Invalid, "procurement.award_over_budget").With("sum", FormatYuan(sum)).With("budget", FormatYuan(budget))
	}
	return nil
}

// FormatYuan formats fen as yuan, "12,345.60".
func FormatYuan(fen int64) string { return Money(fen).FormatYuan() }

// DeliverableKind is what a contract's deliverable counts.
type DeliverableKind string

// The deliverable kinds.
const (
	DeliverCases DeliverableKind = "cases" // cases closed in scope: counted from the platform's records
	DeliverHours DeliverableKind = "hours" // hours of service: reported, verified by the buyer
	DeliverOther DeliverableKind = "other" // anything else: verified by the buyer
)

// DeliverableKinds lists the kinds.
func DeliverableKinds() []DeliverableKind {
	return []DeliverableKind{DeliverCases, DeliverHours, DeliverOther}
}

// Deliverable is one deliverable of a contract with its target.
type Deliverable struct {
	Kind   DeliverableKind `json:"kind"`
	Title  string          `json:"title"`
	Target int             `json:"target"` // a count (cases, hours; other: 1)
}

// Milestone is one payment milestone of a contract.
type Milestone struct {
	Title     string `json:"title"`
	AmountFen int64  `json:"amount_fen"`
	DueOn     string `json:"due_on"` // YYYY-MM-DD
}

// ReportEvery is how often the organization reports on a contract.
type ReportEvery string

// The report frequencies.
const (
	ReportMonthly   ReportEvery = "month"
	ReportQuarterly ReportEvery = "quarter"
)

// ContractInput is what the buyer enters for a contract with a winner.
type ContractInput struct {
	AmountFen       int64
	PeriodFrom      string // YYYY-MM-DD
	PeriodTo        string
	ReportEvery     ReportEvery
	MinSuccessPct   int // performance indicator: agreements among cases closed, percent (0: none)
	MinSatisfaction int // performance indicator: average rating, tenths of a star (0: none)
	Deliverables    []Deliverable
	Milestones      []Milestone
}

// Validate checks a contract against the winning price: an amount within
// it, a period in order, deliverables with targets, milestones whose
// amounts sum to the amount.
func (in ContractInput) Validate(price int64) error {
	var fe FieldErrors
	if in.AmountFen <= 0 || in.AmountFen > price {
		fe.Add("amount", "procurement.contract_amount", "price", FormatYuan(price))
	}
	from, err1 := ParseDay(in.PeriodFrom)
	to, err2 := ParseDay(in.PeriodTo)
	if err1 != nil || err2 != nil || !from.Before(to) {
		fe.Add("period", "procurement.contract_period")
	}
	if in.ReportEvery != ReportMonthly && in.ReportEvery != ReportQuarterly {
		fe.Add("report_every", "procurement.report_every")
	}
	if in.MinSuccessPct < 0 || in.MinSuccessPct > 100 || in.MinSatisfaction < 0 || in.MinSatisfaction > 50 {
		fe.Add("indicators", "procurement.indicators")
	}
	if len(in.Deliverables) == 0 {
		fe.Add("deliverables", "procurement.deliverables")
	}
	for _, d := range in.Deliverables {
		if !slices.Contains(DeliverableKinds(), d.Kind) || d.Target <= 0 || strings.TrimSpace(d.Title) == "" {
			fe.Add("deliverables", "procurement.deliverables")
			break
		}
	}
	var sum int64
	for _, m := range in.Milestones {
		if _, err := ParseDay(m.DueOn); err != nil || m.AmountFen <= 0 || strings.TrimSpace(m.Title) == "" {
			fe.Add("milestones", "procurement.milestone")
			return fe.Err()
		}
		sum += m.AmountFen
	}
	if len(in.Milestones) == 0 || sum != in.AmountFen {
		fe.Add("milestones", "procurement.milestones_sum", "sum", FormatYuan(sum))
	}
	return fe.Err()
}

// CaseFigures are the platform's own figures of an organization's cases
// within a contract's period and scope.
type CaseFigures struct {
	Closed       int // mediated to an end: agreement or termination
	Agreed       int // ended with an agreement
	Ratings      int // parties' ratings of those cases
	RatingStars  int // the ratings' stars summed
	Hours        int // hours of service reported and accepted (hours deliverables)
	OtherChecked int // other deliverables the buyer verified done
}

// SuccessPct returns agreements among cases closed, in percent (0 when
// none closed), rounded down.
func (f CaseFigures) SuccessPct() int {
	if f.Closed == 0 {
		return 0
	}
	return f.Agreed * 100 / f.Closed
}

// Satisfaction10 returns the average rating in tenths of a star, rounded
// half up (0 when none).
func (f CaseFigures) Satisfaction10() int {
	if f.Ratings == 0 {
		return 0
	}
	return (f.RatingStars*20 + f.Ratings) / (2 * f.Ratings)
}

// Verified is a deliverable or indicator beside what the records show.
type Verified struct {
	Title  string
	Target int
	Actual int
	Met    bool
	Source string // "platform" (from the records) or "buyer" (verified by hand)
}

// VerifyDeliverables sets each deliverable's actual figure beside its
// target: cases from the platform's records, hours and other deliverables
// from what the buyer verified (manual, by deliverable index).
func VerifyDeliverables(ds []Deliverable, f CaseFigures, manual map[int]int) []Verified {
	out := make([]Verified, 0, len(ds))
	for i, d := range ds {
		v := Verified{Title: d.Title, Target: d.Target, Source: "buyer"}
		switch d.Kind {
		case DeliverCases:
			v.Actual, v.Source = f.Closed, "platform"
		default:
			v.Actual = manual[i]
		}
		v.Met = v.Actual >= v.Target
		out = append(out, v)
	}
	return out
}

// VerifyIndicators checks the contract's performance indicators against
// the figures: the success rate and the satisfaction, each only when the
// contract sets it.
func VerifyIndicators(minSuccessPct, minSatisfaction10 int, f CaseFigures) []Verified {
	var out []Verified
	if minSuccessPct > 0 {
		out = append(out, Verified{Title: "success", Target: minSuccessPct, Actual: f.SuccessPct(),
			Met: f.SuccessPct() >= minSuccessPct, Source: "platform"})
	}
	if minSatisfaction10 > 0 {
		s := f.Satisfaction10()
		out = append(out, Verified{Title: "satisfaction", Target: minSatisfaction10, Actual: s,
			Met: f.Ratings > 0 && s >= minSatisfaction10, Source: "platform"})
	}
	return out
}

// CheckPayment refuses a payment that would take the total paid beyond
// the contract amount, or the milestone's paid beyond its amount, and a
// payment that is not positive.
func CheckPayment(contract, paid, milestone, milestonePaid, amount int64) error {
	switch {
	case amount <= 0:
		return E(Invalid, "procurement.payment_amount")
	case paid+amount > contract:
		return E(Conflict, "procurement.payment_over_contract").
			With("left", FormatYuan(contract-paid)).With("amount", FormatYuan(contract))
	case milestonePaid+amount > milestone:
		return E(Conflict, "procurement.payment_over_milestone").With("left", FormatYuan(milestone-milestonePaid))
	}
	return nil
}

// ReportPeriod is one period a contract's performance report covers.
type ReportPeriod struct {
	From, To string // YYYY-MM-DD, inclusive
	DueOn    string // the last day to file it
}

// ReportGraceDays is how long after a period's end its report is due.
const ReportGraceDays = 10

// ReportPeriods divides a contract's period into its report periods,
// calendar months or quarters cut to the period, each due ReportGraceDays
// after it ends.
func ReportPeriods(from, to string, every ReportEvery) []ReportPeriod {
	start, err1 := ParseDay(from)
	end, err2 := ParseDay(to)
	if err1 != nil || err2 != nil || end.Before(start) {
		return nil
	}
	months := 1
	if every == ReportQuarterly {
		months = 3
	}
	var out []ReportPeriod
	for cur := start; !cur.After(end); {
		// the first day of the next month (or quarter) after cur
		m := int(cur.Month()) - 1
		next := time.Date(cur.Year(), time.Month(m-m%months+months+1), 1, 0, 0, 0, 0, Beijing())
		last := next.AddDate(0, 0, -1)
		if last.After(end) {
			last = end
		}
		out = append(out, ReportPeriod{From: Day(cur), To: Day(last), DueOn: Day(last.AddDate(0, 0, ReportGraceDays))})
		cur = next
	}
	return out
}

// FinalGrade is the buyer's final evaluation of a contract.
type FinalGrade string

// The final grades, best first.
const (
	FinalExcellent FinalGrade = "excellent" // 优秀
	FinalPass      FinalGrade = "pass"      // 合格
	FinalFail      FinalGrade = "fail"      // 不合格
)

// FinalGrades lists the grades, best first.
func FinalGrades() []FinalGrade { return []FinalGrade{FinalExcellent, FinalPass, FinalFail} }
