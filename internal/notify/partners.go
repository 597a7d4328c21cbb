package notify

import "time"

// MeetingDecisionDue reminds the owner of a joint meeting's decision
// (internal/meetings) that it falls due within three days, or is overdue
// (Late).
type MeetingDecisionDue struct {
	Owner    string // the agency, organization or office addressed
	Meeting  string // the meeting's title
	Decision string // what was decided, shortened
	Due      time.Time
	Late     bool
	Link     string
}

func (MeetingDecisionDue) template() string { return "meeting_decision" }

// ReferralUpdate tells the partner who referred a dispute (cases.Refer)
// what became of it: accepted by an organization, refused, or closed with
// an outcome. What is "accepted", "refused" or "closed".
type ReferralUpdate struct {
	CaseNo string
	What   string
	Org    string // the organization, "" when none
	Link   string
}

func (ReferralUpdate) template() string { return "referral_update" }
