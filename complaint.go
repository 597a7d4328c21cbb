package tiaojie

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Complaints (投诉, SPEC C8/C10): a member of the public complains about a
// mediation organization or one of its mediators; the complaint goes to
// whoever supervises that organization, is handled within a deadline and
// answered, and the complainant sees the outcome. The rules here are pure:
// who handles a complaint, which steps are allowed from which status and
// by whom, and when a complaint is overdue. internal/complaints applies
// them with the database, the scope of each caller and the audit trail.

// ComplaintStatus is where a complaint stands.
type ComplaintStatus string

// The statuses of a complaint.
const (
	ComplaintFiled         ComplaintStatus = "filed"         // 已提交: waiting for the handler
	ComplaintAcknowledged  ComplaintStatus = "acknowledged"  // 已受理
	ComplaintInvestigating ComplaintStatus = "investigating" // 调查核实中
	ComplaintAnswered      ComplaintStatus = "answered"      // 已答复, with an outcome
	ComplaintClosed        ComplaintStatus = "closed"        // 已办结
	ComplaintRejected      ComplaintStatus = "rejected"      // 不予受理, with a reason
	ComplaintWithdrawn     ComplaintStatus = "withdrawn"     // 已撤回 by the complainant
)

// ComplaintStatuses lists the statuses in lifecycle order.
func ComplaintStatuses() []ComplaintStatus {
	return []ComplaintStatus{ComplaintFiled, ComplaintAcknowledged, ComplaintInvestigating, ComplaintAnswered,
		ComplaintClosed, ComplaintRejected, ComplaintWithdrawn}
}

// Open reports whether the complaint still waits for an answer: only an
// open complaint runs against its deadline.
func (s ComplaintStatus) Open() bool {
	return s == ComplaintFiled || s == ComplaintAcknowledged || s == ComplaintInvestigating
}

// ComplaintAction is a step of a complaint's lifecycle.
type ComplaintAction string

// The steps of a complaint.
const (
	ComplaintAcknowledge ComplaintAction = "acknowledge" // 受理
	ComplaintInvestigate ComplaintAction = "investigate" // 开始调查核实
	ComplaintAnswer      ComplaintAction = "answer"      // 答复, with an outcome and the answer's text
	ComplaintClose       ComplaintAction = "close"       // 办结
	ComplaintReject      ComplaintAction = "reject"      // 不予受理, with a reason
	ComplaintWithdraw    ComplaintAction = "withdraw"    // the complainant withdraws
	ComplaintReassign    ComplaintAction = "reassign"    // the bureau gives it to another handler
)

// ComplaintActions lists the steps in lifecycle order.
func ComplaintActions() []ComplaintAction {
	return []ComplaintAction{ComplaintAcknowledge, ComplaintInvestigate, ComplaintAnswer, ComplaintClose,
		ComplaintReject, ComplaintWithdraw, ComplaintReassign}
}

// ComplaintActor is the part a caller plays in a complaint: the service
// decides it from the caller's roles and the complaint's routing.
type ComplaintActor string

// The actors of a complaint.
const (
	ActorComplainant ComplaintActor = "complainant" // who filed it
	ActorHandler     ComplaintActor = "handler"     // the township office, the association or the bureau it is routed to
	ActorBureau      ComplaintActor = "bureau"      // the district bureau, over every complaint
)

// ComplaintOutcome is the handler's finding in the answer.
type ComplaintOutcome string

// The outcomes of an answered complaint. Upheld and partly upheld
// complaints count against the organization in ratings and supervision.
const (
	OutcomeNone         ComplaintOutcome = ""
	OutcomeUpheld       ComplaintOutcome = "upheld"        // 属实
	OutcomePartlyUpheld ComplaintOutcome = "partly_upheld" // 部分属实
	OutcomeNotUpheld    ComplaintOutcome = "not_upheld"    // 不属实
)

// ComplaintOutcomes lists the outcomes an answer may give.
func ComplaintOutcomes() []ComplaintOutcome {
	return []ComplaintOutcome{OutcomeUpheld, OutcomePartlyUpheld, OutcomeNotUpheld}
}

// Counts reports whether the outcome counts against the organization.
func (o ComplaintOutcome) Counts() bool { return o == OutcomeUpheld || o == OutcomePartlyUpheld }

// ComplaintHandler is who a complaint is routed to.
type ComplaintHandler string

// The handlers of complaints.
const (
	HandlerTownship    ComplaintHandler = "township"    // the township justice office (司法所) of the organization's township
	HandlerAssociation ComplaintHandler = "association" // the mediation industry association (调解行业协会)
	HandlerBureau      ComplaintHandler = "bureau"      // the district bureau (区司法局)
)

// ComplaintHandlers lists the handlers in the order forms offer them.
func ComplaintHandlers() []ComplaintHandler {
	return []ComplaintHandler{HandlerTownship, HandlerAssociation, HandlerBureau}
}

// ComplaintRoute returns who handles a complaint about an organization of
// type t at level l sitting in township: commercial mediation is
// self-regulated by the industry association (SPEC C10); a district-level
// organization has no township office above it, so the bureau handles it;
// every other organization is supervised by its township's office. The
// township is "" unless the handler is a township office.
func ComplaintRoute(t OrgType, l OrgLevel, township string) (ComplaintHandler, string) {
	switch {
	case t == OrgCommercial:
		return HandlerAssociation, ""
	case l == LevelDistrict || township == "":
		return HandlerBureau, ""
	}
	return HandlerTownship, township
}

// ComplaintStep is a step as the actor asks for it.
type ComplaintStep struct {
	Action  ComplaintAction
	Outcome ComplaintOutcome // answer: the finding
	Text    string           // answer: the answer to the complainant; reject, withdraw, reassign: the reason; others: a note
	Notice  string           // answer: what the handler forwards to the organization (optional)
}

// Limits of a complaint's texts, in characters.
const (
	MaxComplaintText = 2000
	MaxComplaintNote = 500
)

// complaintStep is one allowed transition.
type complaintStep struct {
	from   []ComplaintStatus
	to     ComplaintStatus
	actors []ComplaintActor
	text   bool // Text is required
}

var complaintSteps = map[ComplaintAction]complaintStep{
	ComplaintAcknowledge: {from: []ComplaintStatus{ComplaintFiled}, to: ComplaintAcknowledged,
		actors: []ComplaintActor{ActorHandler, ActorBureau}},
	ComplaintInvestigate: {from: []ComplaintStatus{ComplaintAcknowledged}, to: ComplaintInvestigating,
		actors: []ComplaintActor{ActorHandler, ActorBureau}},
	ComplaintAnswer: {from: []ComplaintStatus{ComplaintAcknowledged, ComplaintInvestigating}, to: ComplaintAnswered,
		actors: []ComplaintActor{ActorHandler, ActorBureau}, text: true},
	ComplaintClose: {from: []ComplaintStatus{ComplaintAnswered}, to: ComplaintClosed,
		actors: []ComplaintActor{ActorHandler, ActorBureau, ActorComplainant}},
	ComplaintReject: {from: []ComplaintStatus{ComplaintFiled, ComplaintAcknowledged}, to: ComplaintRejected,
		actors: []ComplaintActor{ActorHandler, ActorBureau}, text: true},
	ComplaintWithdraw: {from: []ComplaintStatus{ComplaintFiled, ComplaintAcknowledged, ComplaintInvestigating}, to: ComplaintWithdrawn,
		actors: []ComplaintActor{ActorComplainant}},
	// A reassigned complaint starts again at filed: the new handler
	// acknowledges it. Its deadline still runs from the filing.
	ComplaintReassign: {from: []ComplaintStatus{ComplaintFiled, ComplaintAcknowledged, ComplaintInvestigating}, to: ComplaintFiled,
		actors: []ComplaintActor{ActorBureau}, text: true},
}

// textRequired names what is missing when a step's text is.
var textRequired = map[ComplaintAction]string{
	ComplaintAnswer:   "complaint.text_required.answer",
	ComplaintReject:   "complaint.text_required.reject",
	ComplaintReassign: "complaint.text_required.reassign",
}

// ComplaintActionActors returns who may take a step.
func ComplaintActionActors(a ComplaintAction) []ComplaintActor {
	return slices.Clone(complaintSteps[a].actors)
}

// ComplaintActionAllowed reports whether a step may be taken from status
// by any of actors: pages offer only these.
func ComplaintActionAllowed(from ComplaintStatus, a ComplaintAction, actors []ComplaintActor) bool {
	st, ok := complaintSteps[a]
	return ok && slices.Contains(st.from, from) && slices.ContainsFunc(actors, func(x ComplaintActor) bool {
		return slices.Contains(st.actors, x)
	})
}

// NextComplaintStatus validates a step taken by actor from status from and
// returns the status after it. The
// step is trimmed in place. An unknown step is Invalid; one not allowed
// from the status is Conflict; one the actor may not take is Forbidden; a
// missing outcome or text is a field error.
func NextComplaintStatus(from ComplaintStatus, actor ComplaintActor, s *ComplaintStep) (ComplaintStatus, error) {
	st, ok := complaintSteps[s.Action]
	if !ok {
		return "", E(Invalid, "complaint.unknown_action").With("action", string(s.Action))
	}
	if !slices.Contains(st.actors, actor) {
		return "", E(Forbidden, "complaint.not_yours").With("action", string(s.Action))
	}
	if !slices.Contains(st.from, from) {
		return "", E(Conflict, "complaint.bad_transition").With("action", string(s.Action)).With("status", string(from))
	}
	s.Text, s.Notice = strings.TrimSpace(s.Text), strings.TrimSpace(s.Notice)
	var fe FieldErrors
	if s.Action == ComplaintAnswer && !slices.Contains(ComplaintOutcomes(), s.Outcome) {
		fe.Add("outcome", "complaint.outcome")
	}
	if s.Action != ComplaintAnswer && s.Outcome != OutcomeNone {
		fe.Add("outcome", "complaint.outcome_not_here")
	}
	if st.text && s.Text == "" {
		fe.Add("text", textRequired[s.Action])
	}
	if utf8.RuneCountInString(s.Text) > MaxComplaintText {
		fe.Add("text", "complaint.too_long", "max", "2000")
	}
	if s.Action != ComplaintAnswer && s.Notice != "" {
		fe.Add("notice", "complaint.notice_not_here")
	}
	if utf8.RuneCountInString(s.Notice) > MaxComplaintText {
		fe.Add("notice", "complaint.too_long", "max", "2000")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	return st.to, nil
}

// ComplaintOverdue reports whether a complaint in status, due at due, is
// overdue at now: still open and its deadline passed.
func ComplaintOverdue(status ComplaintStatus, due, now time.Time) bool {
	return status.Open() && !due.IsZero() && !now.Before(due)
}

// ComplaintReminderDays is how many working days before its deadline the
// handlers of an open complaint are reminded.
const ComplaintReminderDays = 2
