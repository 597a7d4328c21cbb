package tiaojie

import (
	"strconv"
	"time"
)

// Information disclosure (信息公开, SPEC C8): the rules, free of storage.
// internal/disclosure keeps the records and asks these functions what a
// disclosure's state allows and where an organization stands.

// DisclosureKind is what a disclosure answers: the annual duty or a
// request of the bureau.
type DisclosureKind string

// The kinds of disclosure.
const (
	DisclosureAnnual DisclosureKind = "annual" // 年度信息公开, for the year before
	DisclosureAdhoc  DisclosureKind = "adhoc"  // 重大事项公开, required by the bureau
)

// DisclosureStatus is where one version of a disclosure is.
type DisclosureStatus string

// The statuses of a version. A filed version that a later one replaced is
// still "filed" (so that "filed by its deadline" stays true of the first
// filing); it is marked superseded beside its status.
const (
	DisclosureDraft DisclosureStatus = "draft" // being written; seen only by the organization and its supervisors
	DisclosureFiled DisclosureStatus = "filed" // published, never edited again
)

// DisclosureAction is a step on a disclosure version.
type DisclosureAction string

// The steps.
const (
	DisclosureSave    DisclosureAction = "save"    // change a draft
	DisclosureFile    DisclosureAction = "file"    // publish a draft
	DisclosureCorrect DisclosureAction = "correct" // start a new version of the latest filed one
)

// NextDisclosureStatus returns the status a version moves to when action
// is taken on it in status from; latest says whether it is the newest
// filed version of its chain (only that one may be corrected). Anything
// else is a Conflict "disclosure.not_draft" or "disclosure.superseded_error".
// A correction leaves the filed version as it is and returns draft: the
// status of the new version it starts.
func NextDisclosureStatus(from DisclosureStatus, action DisclosureAction, latest bool) (DisclosureStatus, error) {
	switch {
	case from == DisclosureDraft && (action == DisclosureSave || action == DisclosureFile):
		if action == DisclosureFile {
			return DisclosureFiled, nil
		}
		return DisclosureDraft, nil
	case from == DisclosureFiled && action == DisclosureCorrect:
		if !latest {
			return "", E(Conflict, "disclosure.superseded_error")
		}
		return DisclosureDraft, nil
	case from == DisclosureDraft && action == DisclosureCorrect:
		return "", E(Conflict, "disclosure.is_draft")
	case from == DisclosureFiled:
		return "", E(Conflict, "disclosure.not_draft")
	}
	return "", E(Conflict, "disclosure.unknown_step")
}

// DisclosureStanding is where an organization stands on one disclosure
// duty (a year's annual disclosure, an ad-hoc request), as the bureau's
// overview and the directory see it.
type DisclosureStanding string

// The standings.
const (
	StandingOnTime    DisclosureStanding = "on_time"    // filed by the deadline
	StandingFiledLate DisclosureStanding = "filed_late" // filed after the deadline
	StandingPending   DisclosureStanding = "pending"    // not filed, deadline not passed
	StandingLate      DisclosureStanding = "late"       // not filed, deadline passed (逾期)
	StandingAbnormal  DisclosureStanding = "abnormal"   // not filed for the policy's days past the deadline (活动异常)
)

// DisclosureStandings lists the standings in the order filters offer them.
func DisclosureStandings() []DisclosureStanding {
	return []DisclosureStanding{StandingOnTime, StandingFiledLate, StandingPending, StandingLate, StandingAbnormal}
}

// AbnormalAt returns when an unfiled disclosure due at due makes its
// organization abnormal: abnormalDays calendar days after the deadline.
func AbnormalAt(due time.Time, abnormalDays int) time.Time {
	return due.AddDate(0, 0, abnormalDays)
}

// StandingOf returns the standing of a duty due at due (the end of the due
// day, as Policy.DisclosureDueFor gives it), first filed at filed (zero:
// never), at now. Only the first filing counts: a correction filed later
// does not make an on-time filing late.
func StandingOf(due, filed, now time.Time, abnormalDays int) DisclosureStanding {
	switch {
	case !filed.IsZero() && !filed.After(due):
		return StandingOnTime
	case !filed.IsZero():
		return StandingFiledLate
	case now.Before(due):
		return StandingPending
	case now.Before(AbnormalAt(due, abnormalDays)):
		return StandingLate
	}
	return StandingAbnormal
}

// Overdue reports whether the standing is a duty not met in time and
// still open (late or abnormal).
func (s DisclosureStanding) Overdue() bool { return s == StandingLate || s == StandingAbnormal }

// disclosureLeadDays are the days before a deadline on which an
// organization that has not filed is reminded; after the deadline it is
// reminded every disclosureLateEvery days until it files.
var disclosureLeadDays = []int{30, 7, 1}

const disclosureLateEvery = 7

// DisclosureReminderStage names the reminder an unfiled duty due at due
// has reached at now: "" before the first (30 days ahead), then "before30",
// "before7", "before1", and after the deadline "late1", "late2", … (one a
// week). A daily sweep sends each stage once (the stage is part of the
// notice's key), so a missed day sends the latest stage, not each one
// skipped.
func DisclosureReminderStage(due, now time.Time) string {
	if !now.Before(due) {
		weeks := int(now.Sub(due).Hours()/24)/disclosureLateEvery + 1
		return "late" + strconv.Itoa(weeks)
	}
	stage := ""
	for _, d := range disclosureLeadDays {
		if !now.Before(due.AddDate(0, 0, -d)) {
			stage = "before" + strconv.Itoa(d)
		}
	}
	return stage
}

// DisclosureYear returns the year whose annual disclosure is the current
// duty at now: the calendar year before now's (Beijing time).
func DisclosureYear(now time.Time) int { return now.In(Beijing()).Year() - 1 }

// Income and expenditure of an annual disclosure, by the main categories
// (SPEC C8), in fen.
type DisclosureMoney struct {
	IncomeGov, IncomeDonation, IncomeFees, IncomeOther Money // 政府购买服务、捐赠、收费、其他
	SpendStaff, SpendOffice, SpendActivity, SpendOther Money // 人员、办公、业务活动、其他
}

// Income returns the total income.
func (m DisclosureMoney) Income() Money {
	return m.IncomeGov + m.IncomeDonation + m.IncomeFees + m.IncomeOther
}

// Spending returns the total expenditure.
func (m DisclosureMoney) Spending() Money {
	return m.SpendStaff + m.SpendOffice + m.SpendActivity + m.SpendOther
}

// MaxDisclosureMoney bounds each amount: a hundred million yuan is beyond
// any mediation organization's year, so more is a typing slip.
const MaxDisclosureMoney Money = 100_000_000_00

// Validate refuses negative amounts and amounts over MaxDisclosureMoney,
// per field under its form name.
func (m DisclosureMoney) Validate() error {
	var fe FieldErrors
	for i, v := range m.Amounts() {
		if v < 0 || v > MaxDisclosureMoney {
			fe.Add(DisclosureMoneyNames()[i], "disclosure.money")
		}
	}
	return fe.Err()
}

// DisclosureMoneyNames are the form and JSON names of the amounts, in
// the order of Amounts: income first, then expenditure.
func DisclosureMoneyNames() []string {
	return []string{"income_gov", "income_donation", "income_fees", "income_other",
		"spend_staff", "spend_office", "spend_activity", "spend_other"}
}

// Amounts returns the amounts in the order of DisclosureMoneyNames.
func (m DisclosureMoney) Amounts() []Money {
	return []Money{m.IncomeGov, m.IncomeDonation, m.IncomeFees, m.IncomeOther,
		m.SpendStaff, m.SpendOffice, m.SpendActivity, m.SpendOther}
}

// DisclosureMoneyOf builds the amounts from values in the order of
// DisclosureMoneyNames (missing ones are 0).
func DisclosureMoneyOf(v []Money) DisclosureMoney {
	a := make([]Money, 8)
	copy(a, v)
	return DisclosureMoney{IncomeGov: a[0], IncomeDonation: a[1], IncomeFees: a[2], IncomeOther: a[3],
		SpendStaff: a[4], SpendOffice: a[5], SpendActivity: a[6], SpendOther: a[7]}
}
