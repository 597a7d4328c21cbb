package tiaojie

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Joint meetings (座谈会、联席会, SPEC C12) bring the bureau or a township
// office together with partner agencies and mediation organizations. What
// they decide is followed up: each decision has an owner and a due date,
// and progress notes until it is done. internal/meetings keeps them.

// MeetingKind is the sort of meeting.
type MeetingKind string

// The kinds of meeting.
const (
	MeetingSymposium MeetingKind = "symposium" // 座谈会
	MeetingJoint     MeetingKind = "joint"     // 联席会
)

// MeetingKinds lists the kinds in the order forms show them.
func MeetingKinds() []MeetingKind { return []MeetingKind{MeetingJoint, MeetingSymposium} }

// DecisionOwnerKind says who must carry out a decision.
type DecisionOwnerKind string

// The owners of a decision.
const (
	OwnerAgency   DecisionOwnerKind = "agency"
	OwnerOrg      DecisionOwnerKind = "org"
	OwnerBureau   DecisionOwnerKind = "bureau"
	OwnerTownship DecisionOwnerKind = "township"
)

// DecisionOwnerKinds lists the owner kinds in the order forms show them.
func DecisionOwnerKinds() []DecisionOwnerKind {
	return []DecisionOwnerKind{OwnerAgency, OwnerOrg, OwnerBureau, OwnerTownship}
}

// Limits of a meeting's text fields, in characters.
const (
	MaxMeetingTitle   = 100
	MaxMeetingPlace   = 200
	MaxMeetingText    = 5000 // agenda, named people
	MaxMeetingMinutes = 20000
	MaxDecisionText   = 1000
	MaxProgressNote   = 2000
)

// MeetingInput is what the convenor enters before a meeting.
type MeetingInput struct {
	Kind     MeetingKind
	Title    string
	At       time.Time
	Place    string
	Township string // the convening township office; "" for the bureau
	Agenda   string
	People   string  // participants by name, free text
	Agencies []int64 // partner agencies taking part
	Orgs     []int64 // mediation organizations taking part
}

// Normalize trims the text and drops repeated participants.
func (in *MeetingInput) Normalize() {
	in.Title, in.Place = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place)
	in.Agenda, in.People = strings.TrimSpace(in.Agenda), strings.TrimSpace(in.People)
	in.Agencies, in.Orgs = uniqueIDs(in.Agencies), uniqueIDs(in.Orgs)
}

func uniqueIDs(ids []int64) []int64 {
	out := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id <= 0 })
	slices.Sort(out)
	return slices.Compact(out)
}

// Validate checks the input, field by field. A meeting needs at least one
// participant: an agency, an organization or a named person.
func (in MeetingInput) Validate() error {
	var fe FieldErrors
	if !slices.Contains(MeetingKinds(), in.Kind) {
		fe.Add("kind", "meeting.kind")
	}
	if in.Title == "" || utf8.RuneCountInString(in.Title) > MaxMeetingTitle {
		fe.Add("title", "meeting.title", "max", "100")
	}
	if in.At.IsZero() {
		fe.Add("at", "meeting.at")
	}
	if utf8.RuneCountInString(in.Place) > MaxMeetingPlace {
		fe.Add("place", "meeting.place", "max", "200")
	}
	if utf8.RuneCountInString(in.Agenda) > MaxMeetingText {
		fe.Add("agenda", "meeting.agenda", "max", "5000")
	}
	if utf8.RuneCountInString(in.People) > MaxMeetingText {
		fe.Add("people", "meeting.people", "max", "5000")
	}
	if len(in.Agencies) == 0 && len(in.Orgs) == 0 && in.People == "" {
		fe.Add("agencies", "meeting.participants")
	}
	return fe.Err()
}

// ValidateMinutes checks minutes recorded at now for a meeting held at
// held: not empty, not too long, and not before the meeting's day (in
// Beijing): minutes record what was said.
func ValidateMinutes(minutes string, held, now time.Time) error {
	var fe FieldErrors
	n := utf8.RuneCountInString(strings.TrimSpace(minutes))
	if n == 0 || n > MaxMeetingMinutes {
		fe.Add("minutes", "meeting.minutes", "max", "20000")
	}
	if meetingDay(now).Before(meetingDay(held)) {
		fe.Add("minutes", "meeting.minutes_early")
	}
	return fe.Err()
}

// meetingDay returns the Beijing calendar day of t, at midnight Beijing.
func meetingDay(t time.Time) time.Time {
	y, m, d := t.In(Beijing()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Beijing())
}

// DecisionInput is one decision of a meeting.
type DecisionInput struct {
	Text      string
	OwnerKind DecisionOwnerKind
	OwnerID   int64  // the agency or organization
	Township  string // the township office
	Due       string // YYYY-MM-DD
}

// Validate checks the decision: it needs a text, an owner (with the agency,
// organization or township named) and a due date.
func (in *DecisionInput) Validate() error {
	in.Text, in.Due, in.Township = strings.TrimSpace(in.Text), strings.TrimSpace(in.Due), strings.TrimSpace(in.Township)
	var fe FieldErrors
	if in.Text == "" || utf8.RuneCountInString(in.Text) > MaxDecisionText {
		fe.Add("text", "meeting.decision_text", "max", "1000")
	}
	switch in.OwnerKind {
	case OwnerAgency, OwnerOrg:
		if in.OwnerID <= 0 {
			fe.Add("owner", "meeting.decision_owner")
		}
		in.Township = ""
	case OwnerTownship:
		if in.Township == "" {
			fe.Add("owner", "meeting.decision_owner")
		}
		in.OwnerID = 0
	case OwnerBureau:
		in.OwnerID, in.Township = 0, ""
	default:
		fe.Add("owner", "meeting.decision_owner")
	}
	if _, err := time.ParseInLocation(time.DateOnly, in.Due, Beijing()); err != nil {
		fe.Add("due", "meeting.decision_due")
	}
	return fe.Err()
}

// ValidateProgress checks a progress note (or the closing note).
func ValidateProgress(note string) error {
	n := utf8.RuneCountInString(strings.TrimSpace(note))
	if n == 0 || n > MaxProgressNote {
		var fe FieldErrors
		fe.Add("note", "meeting.note", "max", "2000")
		return fe.Err()
	}
	return nil
}

// DecisionStanding is where an open or done decision stands on a day.
type DecisionStanding string

// The standings of a decision.
const (
	DecisionDone    DecisionStanding = "done"
	DecisionOpen    DecisionStanding = "open"
	DecisionDueSoon DecisionStanding = "due_soon" // due within DecisionSoonDays
	DecisionOverdue DecisionStanding = "overdue"  // past its due day, not done
)

// DecisionSoonDays is how many days ahead a decision's owner is reminded.
const DecisionSoonDays = 3

// DecisionStandingOf returns where a decision due on due (YYYY-MM-DD) stands at
// now: done, overdue after its day, due soon within DecisionSoonDays days,
// open otherwise.
func DecisionStandingOf(due string, done bool, now time.Time) DecisionStanding {
	if done {
		return DecisionDone
	}
	d, err := time.ParseInLocation(time.DateOnly, due, Beijing())
	if err != nil {
		return DecisionOpen
	}
	today := meetingDay(now)
	switch {
	case today.After(d):
		return DecisionOverdue
	case !d.After(today.AddDate(0, 0, DecisionSoonDays)):
		return DecisionDueSoon
	}
	return DecisionOpen
}

// MeetingHeld reports whether a meeting at held has come by now (its day,
// in Beijing): decisions and minutes are recorded from then on.
func MeetingHeld(held, now time.Time) bool { return !meetingDay(now).Before(meetingDay(held)) }
