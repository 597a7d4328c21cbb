package tiaojie_test

import (
	"errors"
	"testing"
	"time"

	"tiaojie"
)

func fieldCodes(err error) []string {
	var e *tiaojie.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestMeetingInputValidate(t *testing.T) {
	at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	ok := tiaojie.MeetingInput{Kind: tiaojie.MeetingJoint, Title: "联席会", At: at, Agencies: []int64{1}}
	tests := []struct {
		name string
		edit func(*tiaojie.MeetingInput)
		want string
	}{
		{"ok", func(*tiaojie.MeetingInput) {}, ""},
		{"people only", func(in *tiaojie.MeetingInput) { in.Agencies, in.People = nil, "张三" }, ""},
		{"kind", func(in *tiaojie.MeetingInput) { in.Kind = "party" }, "kind:meeting.kind"},
		{"title", func(in *tiaojie.MeetingInput) { in.Title = "" }, "title:meeting.title"},
		{"time", func(in *tiaojie.MeetingInput) { in.At = time.Time{} }, "at:meeting.at"},
		{"nobody", func(in *tiaojie.MeetingInput) { in.Agencies = []int64{0, -1} }, "agencies:meeting.participants"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.edit(&in)
			in.Normalize()
			got := ""
			if cs := fieldCodes(in.Validate()); len(cs) > 0 {
				got = cs[0]
			}
			if got != tt.want {
				t.Errorf("Validate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecisionInputValidate(t *testing.T) {
	tests := []struct {
		name string
		in   tiaojie.DecisionInput
		want string
	}{
		{"agency", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerAgency, OwnerID: 3, Due: "2026-12-10"}, ""},
		{"bureau", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerBureau, Due: "2026-12-10"}, ""},
		{"township", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerTownship, Township: "310151101", Due: "2026-12-10"}, ""},
		{"no owner", tiaojie.DecisionInput{Text: "x", Due: "2026-12-10"}, "owner:meeting.decision_owner"},
		{"agency unnamed", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerAgency, Due: "2026-12-10"}, "owner:meeting.decision_owner"},
		{"township unnamed", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerTownship, Due: "2026-12-10"}, "owner:meeting.decision_owner"},
		{"no due", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerBureau}, "due:meeting.decision_due"},
		{"bad due", tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerBureau, Due: "2026-13-01"}, "due:meeting.decision_due"},
		{"no text", tiaojie.DecisionInput{Text: " ", OwnerKind: tiaojie.OwnerBureau, Due: "2026-12-10"}, "text:meeting.decision_text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if cs := fieldCodes(tt.in.Validate()); len(cs) > 0 {
				got = cs[0]
			}
			if got != tt.want {
				t.Errorf("Validate = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateMinutes(t *testing.T) {
	held := time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC) // 09:00 Beijing
	tests := []struct {
		name    string
		minutes string
		now     time.Time
		want    string
	}{
		{"same day earlier hour", "纪要", held.Add(-time.Hour), ""},
		{"after", "纪要", held.AddDate(0, 0, 2), ""},
		{"day before", "纪要", held.Add(-10 * time.Hour), "minutes:meeting.minutes_early"},
		{"empty", "  ", held, "minutes:meeting.minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if cs := fieldCodes(tiaojie.ValidateMinutes(tt.minutes, held, tt.now)); len(cs) > 0 {
				got = cs[0]
			}
			if got != tt.want {
				t.Errorf("ValidateMinutes = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecisionStanding(t *testing.T) {
	now := time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC) // 01:00 on the 4th in Beijing
	tests := []struct {
		due  string
		done bool
		want tiaojie.DecisionStanding
	}{
		{"2026-12-03", false, tiaojie.DecisionOverdue},
		{"2026-12-04", false, tiaojie.DecisionDueSoon},
		{"2026-12-07", false, tiaojie.DecisionDueSoon},
		{"2026-12-08", false, tiaojie.DecisionOpen},
		{"2026-12-01", true, tiaojie.DecisionDone},
	}
	for _, tt := range tests {
		if got := tiaojie.DecisionStandingOf(tt.due, tt.done, now); got != tt.want {
			t.Errorf("DecisionStandingOf(%s, %v) = %s, want %s", tt.due, tt.done, got, tt.want)
		}
	}
}
