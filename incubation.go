package tiaojie

import "slices"

// Incubation (培育孵化, SPEC C6) grows new mediation organizations: the
// district incubation base and each township's incubation home publish
// recruitment calls (公开招募); teams apply; experts screen them on scored
// criteria (筛选评估); the admitted move in (入驻) for 6 or 12 months with
// a plan, a mentor and milestones; staff record services and monthly
// tracking reports (跟踪管理); a team graduates (出壳) into an organization
// in preparation (筹建) in the register, or exits (退驻).

// IncubationStatus is where an incubation application is. The application
// row carries the residency too: one team, one path, from submitted to
// graduated or exited.
type IncubationStatus string

// The statuses of an incubation application.
const (
	IncSubmitted   IncubationStatus = "submitted"    // 已提交: filed by the team, awaiting screening
	IncScreening   IncubationStatus = "screening"    // 筛选评估中: experts assigned and scoring
	IncAdmitted    IncubationStatus = "admitted"     // 拟入驻: admitted, the residency not begun
	IncRejected    IncubationStatus = "rejected"     // 未通过
	IncWithdrawn   IncubationStatus = "withdrawn"    // 已撤回 by the team
	IncInResidence IncubationStatus = "in_residence" // 孵化中: moved in, with plan, period, mentor
	IncGraduated   IncubationStatus = "graduated"    // 已出壳: an organization in the register
	IncExited      IncubationStatus = "exited"       // 已退驻
)

// IncubationStatuses lists the statuses in the order of the path.
func IncubationStatuses() []IncubationStatus {
	return []IncubationStatus{IncSubmitted, IncScreening, IncAdmitted, IncRejected, IncWithdrawn, IncInResidence, IncGraduated, IncExited}
}

// Closed reports whether nothing more happens to an application.
func (s IncubationStatus) Closed() bool {
	return s == IncRejected || s == IncWithdrawn || s == IncGraduated || s == IncExited
}

// IncubationAction is a step on an incubation application.
type IncubationAction string

// The steps.
const (
	IncActScreen   IncubationAction = "screen"   // assign experts: submitted → screening
	IncActAdmit    IncubationAction = "admit"    // decide to admit, with a reason: screening → admitted
	IncActReject   IncubationAction = "reject"   // decide not to, with a reason
	IncActEnter    IncubationAction = "enter"    // 入驻 with plan, period, mentor: admitted → in_residence
	IncActGraduate IncubationAction = "graduate" // 出壳 into the register: in_residence → graduated
	IncActExit     IncubationAction = "exit"     // 退驻, with a reason
	IncActWithdraw IncubationAction = "withdraw" // the team withdraws before a decision
)

// IncubationActions lists the steps in the order of the path.
func IncubationActions() []IncubationAction {
	return []IncubationAction{IncActScreen, IncActAdmit, IncActReject, IncActEnter, IncActGraduate, IncActExit, IncActWithdraw}
}

// IncubationActor is who takes a step: the team that applied, or the
// staff who run the site (the bureau for the base and every home, a
// township office for its own township's home). Which site a caller runs
// is the service's check; this rule says which kind of actor a step needs.
type IncubationActor string

// The actors.
const (
	IncActorApplicant IncubationActor = "applicant"
	IncActorStaff     IncubationActor = "staff"
)

type incubationRule struct {
	from   []IncubationStatus
	to     IncubationStatus
	actor  IncubationActor
	reason bool
}

// incubationRules is the lifecycle as data. A decision (admit or reject)
// follows screening, so no team is admitted unscreened; a rejection may
// come before screening (an application outside the call's target). A
// team that never moves in may still exit (it gave up its place).
var incubationRules = map[IncubationAction]incubationRule{
	IncActScreen:   {from: []IncubationStatus{IncSubmitted}, to: IncScreening, actor: IncActorStaff},
	IncActAdmit:    {from: []IncubationStatus{IncScreening}, to: IncAdmitted, actor: IncActorStaff, reason: true},
	IncActReject:   {from: []IncubationStatus{IncSubmitted, IncScreening}, to: IncRejected, actor: IncActorStaff, reason: true},
	IncActEnter:    {from: []IncubationStatus{IncAdmitted}, to: IncInResidence, actor: IncActorStaff},
	IncActGraduate: {from: []IncubationStatus{IncInResidence}, to: IncGraduated, actor: IncActorStaff},
	IncActExit:     {from: []IncubationStatus{IncAdmitted, IncInResidence}, to: IncExited, actor: IncActorStaff, reason: true},
	IncActWithdraw: {from: []IncubationStatus{IncSubmitted, IncScreening}, to: IncWithdrawn, actor: IncActorApplicant},
}

// NextIncubationStatus validates a step: known, taken by the right kind of
// actor, from a status it leaves, with a reason where one is needed. It
// returns the status the step leads to.
func NextIncubationStatus(from IncubationStatus, a IncubationAction, by IncubationActor, reason string) (IncubationStatus, error) {
	r, ok := incubationRules[a]
	switch {
	case !ok:
		return "", E(Invalid, "incubation.action_unknown").With("action", string(a))
	case r.actor != by:
		return "", E(Forbidden, "incubation.not_yours").With("action", string(a))
	case !slices.Contains(r.from, from):
		return "", E(Conflict, "incubation.wrong_status").With("action", string(a)).With("status", string(from))
	case r.reason && blank(reason):
		var fe FieldErrors
		fe.Add("reason", "incubation.reason_required")
		return "", fe.Err()
	}
	return r.to, nil
}

// IncubationStepsFrom lists the steps an actor may take from a status, in
// path order: the buttons a page shows.
func IncubationStepsFrom(from IncubationStatus, by IncubationActor) []IncubationAction {
	var out []IncubationAction
	for _, a := range IncubationActions() {
		if r := incubationRules[a]; r.actor == by && slices.Contains(r.from, from) {
			out = append(out, a)
		}
	}
	return out
}

func blank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '　' {
			return false
		}
	}
	return true
}

// IncubationSiteStatus is where a site's proposal is: a township office
// proposes its home, the bureau approves it (or the base, which it
// proposes itself).
type IncubationSiteStatus string

// The statuses of a site.
const (
	SiteProposed IncubationSiteStatus = "proposed" // 待审批
	SiteApproved IncubationSiteStatus = "approved" // 已批准: may recruit
	SiteRejected IncubationSiteStatus = "rejected" // 未批准
)

// Residency periods (入驻期限) in months: six for a team with a clear plan
// and an immature model, twelve otherwise (DOMAIN.md §8).
var incubationPeriods = []int{6, 12}

// ValidIncubationPeriod reports whether months is a residency period the
// district offers.
func ValidIncubationPeriod(months int) bool { return slices.Contains(incubationPeriods, months) }

// IncubationPeriods lists the periods offered, in months.
func IncubationPeriods() []int { return slices.Clone(incubationPeriods) }

// The kinds of service a site records for a team in residence.
const (
	IncServicePolicy       = "policy"       // 政策解读
	IncServiceConsult      = "consult"      // 信息咨询
	IncServiceRegistration = "registration" // 登记协助
	IncServicePlanning     = "planning"     // 项目规划
)

// IncubationServiceKinds lists the kinds of service in display order.
func IncubationServiceKinds() []string {
	return []string{IncServicePolicy, IncServiceConsult, IncServiceRegistration, IncServicePlanning}
}

// IncubationScoreMax is the top score of one screening criterion; a
// criterion is scored 0 to IncubationScoreMax.
const IncubationScoreMax = 10

// IncubationReportMonths is how often a team in residence reports: a
// tracking report is due one month after the residency began or after
// the last report, and overdue after that day.
const IncubationReportMonths = 1
