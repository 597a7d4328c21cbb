package tiaojie

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Unified vocational training (统一职业培训, SPEC C11): the bureau and the
// township offices run courses; each course has sessions with a capacity
// and an enrolment deadline; mediators are enrolled, marked attended or
// absent once the session has begun, and an attendance credits the
// course's hours to the mediator's training record (the roster's
// mediator_training, which decides assignability) and earns a certificate.
// These are the pure rules; internal/training keeps the records.

// Enrolment is the state of a mediator's place in a session.
type Enrolment string

// The enrolment states. Enrolled is the only one that holds a place
// before the session; attended and absent are marked after it begins;
// withdrawn frees the place.
const (
	EnrolEnrolled  Enrolment = "enrolled"
	EnrolWithdrawn Enrolment = "withdrawn"
	EnrolAttended  Enrolment = "attended"
	EnrolAbsent    Enrolment = "absent"
)

// Valid reports whether e is a known state.
func (e Enrolment) Valid() bool {
	return e == EnrolEnrolled || e == EnrolWithdrawn || e == EnrolAttended || e == EnrolAbsent
}

// Holds reports whether an enrolment in state e takes one of the session's
// places: every state but withdrawn.
func (e Enrolment) Holds() bool { return e.Valid() && e != EnrolWithdrawn }

// The bounds of a course and a session.
const (
	MaxCourseHours     = 200 // the roster's bound of one training record
	MaxSessionCapacity = 1000
)

// SessionPlan is when and for how many a session is held.
type SessionPlan struct {
	Start, End time.Time
	Deadline   time.Time // the last moment to enrol; not after Start
	Capacity   int
}

// Validate checks the plan's times and capacity; place and link are the
// service's (one of them is needed).
func (s SessionPlan) Validate() error {
	var fe FieldErrors
	if s.Start.IsZero() {
		fe.Add("start", "course.start_required")
	}
	if s.End.IsZero() {
		fe.Add("end", "course.end_required")
	} else if !s.Start.IsZero() && !s.End.After(s.Start) {
		fe.Add("end", "course.end_before_start")
	}
	if s.Deadline.IsZero() {
		fe.Add("deadline", "course.deadline_required")
	} else if !s.Start.IsZero() && s.Deadline.After(s.Start) {
		fe.Add("deadline", "course.deadline_after_start")
	}
	if s.Capacity < 1 || s.Capacity > MaxSessionCapacity {
		fe.Add("capacity", "course.capacity", "max", strconv.Itoa(MaxSessionCapacity))
	}
	return fe.Err()
}

// CheckEnrol refuses an enrolment at now in a session planned as s that
// already has taken places held: after the deadline, or when full.
func (s SessionPlan) CheckEnrol(taken int, now time.Time) error {
	if now.After(s.Deadline) {
		return E(Conflict, "course.enrol_closed").With("deadline", s.Deadline.In(Beijing()).Format("2006-01-02 15:04"))
	}
	if taken >= s.Capacity {
		return E(Conflict, "course.session_full").With("capacity", strconv.Itoa(s.Capacity))
	}
	return nil
}

// CheckWithdraw refuses a withdrawal once the session has begun, or of an
// enrolment that holds no place any more.
func (s SessionPlan) CheckWithdraw(cur Enrolment, now time.Time) error {
	if cur != EnrolEnrolled {
		return E(Conflict, "course.not_enrolled")
	}
	if !now.Before(s.Start) {
		return E(Conflict, "course.withdraw_started")
	}
	return nil
}

// CheckMark refuses marking an enrolment from cur to next at now: before
// the session begins, a withdrawn enrolment, a mark that is neither
// attended nor absent, and taking back an attendance (its hours are
// credited and its certificate issued). Marking the same state again is
// allowed and changes nothing.
func (s SessionPlan) CheckMark(cur, next Enrolment, now time.Time) error {
	if next != EnrolAttended && next != EnrolAbsent {
		return E(Invalid, "course.mark_invalid")
	}
	if now.Before(s.Start) {
		return E(Conflict, "course.not_started")
	}
	switch {
	case cur == EnrolWithdrawn:
		return E(Conflict, "course.withdrawn")
	case cur == EnrolAttended && next == EnrolAbsent:
		return E(Conflict, "course.certificate_issued")
	}
	return nil
}

// MaxCancelReason bounds the reason a session is cancelled for, in
// characters.
const MaxCancelReason = 500

// CheckChange refuses changing or cancelling a session planned as s at
// now once it has begun: by then its enrolments may be marked, and a
// mediator on the way must not find it gone.
func (s SessionPlan) CheckChange(now time.Time) error {
	if !now.Before(s.Start) {
		return E(Conflict, "course.session_started")
	}
	return nil
}

// CheckReplan refuses next as the new plan of a session that has taken
// places held, at now: a start already past (a change cannot reach back
// to a session that would then have begun) and fewer places than are
// held. Validate's rules are checked apart.
func (next SessionPlan) CheckReplan(taken int, now time.Time) error {
	var fe FieldErrors
	if !next.Start.IsZero() && !next.Start.After(now) {
		fe.Add("start", "course.start_past")
	}
	if next.Capacity >= 1 && next.Capacity < taken {
		fe.Add("capacity", "course.capacity_below_taken", "taken", strconv.Itoa(taken))
	}
	return fe.Err()
}

// CancelReason trims the reason a session is cancelled for and refuses
// none and one longer than MaxCancelReason: the enrolled mediators are
// told it.
func CancelReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 1 || n > MaxCancelReason {
		var fe FieldErrors
		fe.Add("reason", "course.cancel_reason", "max", strconv.Itoa(MaxCancelReason))
		return "", fe.Err()
	}
	return reason, nil
}

// TrainingHours is one training record as the totals read it.
type TrainingHours struct {
	HeldOn time.Time
	Hours  int
}

// HoursByYear totals hours by calendar year (Beijing time).
func HoursByYear(records []TrainingHours) map[int]int {
	out := map[int]int{}
	for _, r := range records {
		out[r.HeldOn.In(Beijing()).Year()] += r.Hours
	}
	return out
}

// HoursWithin totals the hours of records held from first through last
// (days, inclusive): the figure TrainingWindow's requirement is checked on.
func HoursWithin(records []TrainingHours, first, last time.Time) int {
	n := 0
	for _, r := range records {
		if !r.HeldOn.Before(first) && !r.HeldOn.After(last) {
			n += r.Hours
		}
	}
	return n
}

// CertificateNo is the number of the certificate of an attended
// enrolment: the year of the session and the enrolment's id, so unique
// by construction, e.g. "培训证字2026第000123号".
func CertificateNo(year int, enrolmentID int64) string {
	return fmt.Sprintf("培训证字%d第%06d号", year, enrolmentID)
}

// Mentorship is the state of a mentoring pair (传帮带).
type Mentorship string

// The mentorship states.
const (
	MentorActive    Mentorship = "active"
	MentorCompleted Mentorship = "completed"
)

// MentorPair is a proposed pair of mediators and its period.
type MentorPair struct {
	Mentor, Apprentice int64
	From, To           time.Time // days
}

// Validate refuses a mediator mentoring themself, a missing side and a
// period that ends before it begins.
func (m MentorPair) Validate() error {
	var fe FieldErrors
	if m.Mentor <= 0 {
		fe.Add("mentor", "mentoring.mentor_required")
	}
	if m.Apprentice <= 0 {
		fe.Add("apprentice", "mentoring.apprentice_required")
	} else if m.Apprentice == m.Mentor {
		fe.Add("apprentice", "mentoring.self")
	}
	if m.From.IsZero() {
		fe.Add("from", "mentoring.from_required")
	}
	if m.To.IsZero() {
		fe.Add("to", "mentoring.to_required")
	} else if !m.From.IsZero() && m.To.Before(m.From) {
		fe.Add("to", "mentoring.to_before_from")
	}
	return fe.Err()
}
