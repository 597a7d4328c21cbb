package tiaojie

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestNextComplaintStatus walks every status, step and actor: the table
// below lists each allowed (status, step, actor) and where it leads;
// everything else must be refused, as a Forbidden for an actor who never
// takes the step and a Conflict for a step not allowed from the status.
func TestNextComplaintStatus(t *testing.T) {
	type key struct {
		from  ComplaintStatus
		act   ComplaintAction
		actor ComplaintActor
	}
	allowed := map[key]ComplaintStatus{}
	add := func(to ComplaintStatus, act ComplaintAction, actors []ComplaintActor, from ...ComplaintStatus) {
		for _, f := range from {
			for _, a := range actors {
				allowed[key{f, act, a}] = to
			}
		}
	}
	staff := []ComplaintActor{ActorHandler, ActorBureau}
	add(ComplaintAcknowledged, ComplaintAcknowledge, staff, ComplaintFiled)
	add(ComplaintInvestigating, ComplaintInvestigate, staff, ComplaintAcknowledged)
	add(ComplaintAnswered, ComplaintAnswer, staff, ComplaintAcknowledged, ComplaintInvestigating)
	add(ComplaintClosed, ComplaintClose, []ComplaintActor{ActorHandler, ActorBureau, ActorComplainant}, ComplaintAnswered)
	add(ComplaintRejected, ComplaintReject, staff, ComplaintFiled, ComplaintAcknowledged)
	add(ComplaintWithdrawn, ComplaintWithdraw, []ComplaintActor{ActorComplainant}, ComplaintFiled, ComplaintAcknowledged, ComplaintInvestigating)
	add(ComplaintFiled, ComplaintReassign, []ComplaintActor{ActorBureau}, ComplaintFiled, ComplaintAcknowledged, ComplaintInvestigating)

	for _, from := range ComplaintStatuses() {
		for _, act := range ComplaintActions() {
			for _, actor := range []ComplaintActor{ActorComplainant, ActorHandler, ActorBureau} {
				name := fmt.Sprintf("%s/%s/%s", from, act, actor)
				step := ComplaintStep{Action: act, Text: " 理由 "}
				if act == ComplaintAnswer {
					step.Outcome = OutcomeUpheld
				}
				got, err := NextComplaintStatus(from, actor, &step)
				want, ok := allowed[key{from, act, actor}]
				switch {
				case ok && (err != nil || got != want):
					t.Errorf("%s = %q, %v; want %q", name, got, err, want)
				case !ok && err == nil:
					t.Errorf("%s = %q, want a refusal", name, got)
				case !ok && ComplaintActionAllowed(from, act, []ComplaintActor{actor}):
					t.Errorf("%s offered but refused", name)
				case ok && !ComplaintActionAllowed(from, act, []ComplaintActor{actor}):
					t.Errorf("%s allowed but not offered", name)
				}
				if ok && step.Text != "理由" {
					t.Errorf("%s: text not trimmed: %q", name, step.Text)
				}
			}
		}
	}
}

// TestNextComplaintStatusInput covers the outcome and texts a step needs.
func TestNextComplaintStatusInput(t *testing.T) {
	long := strings.Repeat("字", MaxComplaintText+1)
	for _, tc := range []struct {
		name  string
		from  ComplaintStatus
		actor ComplaintActor
		step  ComplaintStep
		want  string
	}{
		{"answer without outcome", ComplaintInvestigating, ActorHandler, ComplaintStep{Action: ComplaintAnswer, Text: "答复"}, "outcome:complaint.outcome"},
		{"answer with a made-up outcome", ComplaintInvestigating, ActorHandler, ComplaintStep{Action: ComplaintAnswer, Outcome: "maybe", Text: "答复"}, "outcome:complaint.outcome"},
		{"answer without text", ComplaintInvestigating, ActorHandler, ComplaintStep{Action: ComplaintAnswer, Outcome: OutcomeNotUpheld, Text: "  "}, "text:complaint.text_required.answer"},
		{"answer too long", ComplaintInvestigating, ActorHandler, ComplaintStep{Action: ComplaintAnswer, Outcome: OutcomeUpheld, Text: long}, "text:complaint.too_long"},
		{"notice too long", ComplaintInvestigating, ActorHandler, ComplaintStep{Action: ComplaintAnswer, Outcome: OutcomeUpheld, Text: "答复", Notice: long}, "notice:complaint.too_long"},
		{"answer with notice", ComplaintInvestigating, ActorHandler, ComplaintStep{Action: ComplaintAnswer, Outcome: OutcomePartlyUpheld, Text: "答复", Notice: "请整改"}, ""},
		{"reject without reason", ComplaintFiled, ActorHandler, ComplaintStep{Action: ComplaintReject}, "text:complaint.text_required.reject"},
		{"reassign without reason", ComplaintFiled, ActorBureau, ComplaintStep{Action: ComplaintReassign}, "text:complaint.text_required.reassign"},
		{"outcome on acknowledge", ComplaintFiled, ActorHandler, ComplaintStep{Action: ComplaintAcknowledge, Outcome: OutcomeUpheld}, "outcome:complaint.outcome_not_here"},
		{"notice on reject", ComplaintFiled, ActorHandler, ComplaintStep{Action: ComplaintReject, Text: "不属受理范围", Notice: "x"}, "notice:complaint.notice_not_here"},
		{"withdraw without reason", ComplaintFiled, ActorComplainant, ComplaintStep{Action: ComplaintWithdraw}, ""},
		{"unknown step", ComplaintFiled, ActorHandler, ComplaintStep{Action: "escalate"}, "invalid complaint.unknown_action"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NextComplaintStatus(tc.from, tc.actor, &tc.step)
			if got := describe(err); got != tc.want {
				t.Errorf("err = %q, want %q", got, tc.want)
			}
		})
	}
}

// describe renders an error as "field:code" for field errors and
// "kind code" otherwise.
func describe(err error) string {
	if err == nil {
		return ""
	}
	var fe FieldErrors
	if e, ok := err.(*Error); ok && e.Kind == Invalid && len(e.Fields) > 0 {
		fe = e.Fields
	}
	if len(fe) > 0 {
		return fe[0].Field + ":" + fe[0].Code
	}
	e, _ := err.(*Error)
	if e == nil {
		return err.Error()
	}
	return e.Kind.String() + " " + e.Code
}

func TestComplaintRoute(t *testing.T) {
	for _, tc := range []struct {
		typ      OrgType
		level    OrgLevel
		township string
		want     ComplaintHandler
		wantTown string
	}{
		{OrgCommercial, LevelDistrict, "310151100", HandlerAssociation, ""},
		{OrgCommercial, LevelTownship, "310151100", HandlerAssociation, ""},
		{OrgBasic, LevelDistrict, "310151100", HandlerBureau, ""},
		{OrgProfessional, LevelDistrict, "310151100", HandlerBureau, ""},
		{OrgBasic, LevelTownship, "310151100", HandlerTownship, "310151100"},
		{OrgBasic, LevelVillage, "310151101", HandlerTownship, "310151101"},
		{OrgNewType, LevelTownship, "310151102", HandlerTownship, "310151102"},
		{OrgBasic, LevelVillage, "", HandlerBureau, ""},
	} {
		h, town := ComplaintRoute(tc.typ, tc.level, tc.township)
		if h != tc.want || town != tc.wantTown {
			t.Errorf("ComplaintRoute(%s, %s, %q) = %s, %q; want %s, %q", tc.typ, tc.level, tc.township, h, town, tc.want, tc.wantTown)
		}
	}
}

func TestComplaintOverdue(t *testing.T) {
	due := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	before, at := due.Add(-time.Second), due
	for _, st := range ComplaintStatuses() {
		if ComplaintOverdue(st, due, before) {
			t.Errorf("%s overdue before its deadline", st)
		}
		if got := ComplaintOverdue(st, due, at); got != st.Open() {
			t.Errorf("%s overdue at the deadline = %v, want %v", st, got, st.Open())
		}
	}
	if ComplaintOverdue(ComplaintFiled, time.Time{}, at) {
		t.Error("no deadline, overdue")
	}
}

func TestComplaintOutcomeCounts(t *testing.T) {
	want := map[ComplaintOutcome]bool{OutcomeNone: false, OutcomeUpheld: true, OutcomePartlyUpheld: true, OutcomeNotUpheld: false}
	for o, w := range want {
		if o.Counts() != w {
			t.Errorf("%q.Counts() = %v", o, !w)
		}
	}
}
