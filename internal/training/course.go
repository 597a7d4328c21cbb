package training

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Course is a training course and its organizer.
type Course struct {
	ID          int64
	Title       string
	Topic       string // the field, e.g. 婚姻家庭纠纷调解
	Hours       int    // credited to each attendee
	Township    string // the organizer: "" the bureau, else that township's office
	Description string
	CreatedAt   time.Time
	Sessions    int // how many sessions it has
}

// CourseInput is what an organizer writes of a course.
type CourseInput struct {
	Title, Topic, Description string
	Hours                     int
	Township                  string // "" the bureau's
}

// The bounds of a course's texts, in characters.
const (
	maxTitle       = 100 // the roster's bound of a training record's title
	maxTopic       = 50
	maxDescription = 2000
	maxPlace       = 200
)

// validate trims the input and checks it.
func (in *CourseInput) validate() error {
	in.Title, in.Topic, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Topic), strings.TrimSpace(in.Description)
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(in.Title); n < 1 || n > maxTitle {
		fe.Add("title", "training.title_length", "max", strconv.Itoa(maxTitle))
	}
	if utf8.RuneCountInString(in.Topic) > maxTopic {
		fe.Add("topic", "course.too_long", "max", strconv.Itoa(maxTopic))
	}
	if utf8.RuneCountInString(in.Description) > maxDescription {
		fe.Add("description", "course.too_long", "max", strconv.Itoa(maxDescription))
	}
	if in.Hours < 1 || in.Hours > tiaojie.MaxCourseHours {
		fe.Add("hours", "training.hours", "min", "1", "max", strconv.Itoa(tiaojie.MaxCourseHours))
	}
	return fe.Err()
}

// CreateCourse adds a course organized by in.Township (the bureau's when
// ""). The bureau may organize for any township; a township office only
// for its own.
func (s *Service) CreateCourse(ctx context.Context, p *tiaojie.Principal, in CourseInput) (int64, error) {
	var id int64
	err := func() error {
		if !p.Can(tiaojie.PermTraining) {
			return forbidden(tiaojie.PermTraining)
		}
		if !organizes(p, in.Township) {
			return audit403(in.Township)
		}
		if err := in.validate(); err != nil {
			return err
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			now := s.now()
			err := tx.QueryRowContext(ctx, `
				INSERT INTO training_courses (title, topic, hours, township, description, created_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
				in.Title, in.Topic, in.Hours, in.Township, in.Description, max(p.UserID, 0), now).Scan(&id)
			if err != nil {
				return err
			}
			return s.record(ctx, tx, p, "training.course.create", "training_course", id, map[string]string{
				"title": in.Title, "hours": strconv.Itoa(in.Hours), "township": in.Township})
		})
	}()
	return id, s.settle(ctx, p, "training.course.create", "training_course", 0, err)
}

// audit403 is the refusal of an organizer acting outside their township.
func audit403(township string) error {
	r := forbidden(tiaojie.PermTraining)
	r.Detail["township"] = township
	return r
}

// UpdateCourse changes a course's particulars. Hours already credited stay
// as they were.
func (s *Service) UpdateCourse(ctx context.Context, p *tiaojie.Principal, id int64, in CourseInput) error {
	err := func() error {
		if !p.Can(tiaojie.PermTraining) {
			return forbidden(tiaojie.PermTraining)
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			c, err := loadCourse(ctx, tx, id)
			if err != nil {
				return err
			}
			if !organizes(p, c.Township) {
				return notFound()
			}
			in.Township = c.Township
			if err := in.validate(); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `
				UPDATE training_courses SET title = $1, topic = $2, hours = $3, description = $4, updated_at = $5 WHERE id = $6`,
				in.Title, in.Topic, in.Hours, in.Description, s.now(), id)
			if err != nil {
				return err
			}
			return s.record(ctx, tx, p, "training.course.update", "training_course", id, map[string]string{
				"title": in.Title, "hours": strconv.Itoa(in.Hours)})
		})
	}()
	return s.settle(ctx, p, "training.course.update", "training_course", id, err)
}

const courseColumns = `c.id, c.title, c.topic, c.hours, c.township, c.description, c.created_at,
	(SELECT COUNT(*) FROM training_sessions ts WHERE ts.course_id = c.id)`

func scanCourse(sc interface{ Scan(...any) error }) (*Course, error) {
	var c Course
	err := sc.Scan(&c.ID, &c.Title, &c.Topic, &c.Hours, &c.Township, &c.Description, &c.CreatedAt, &c.Sessions)
	return &c, err
}

func loadCourse(ctx context.Context, q db.Queryer, id int64) (*Course, error) {
	c, err := scanCourse(q.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM training_courses c WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return c, err
}

// reader reports whether p may read the course catalogue: staff and
// mediators (who enrol themselves).
func reader(p *tiaojie.Principal) bool { return p.LoggedIn() && p.Staff() || p.IsSystem() }

// Courses lists the courses, newest first. Every staff member and
// mediator may read them: a course is open to the whole district.
func (s *Service) Courses(ctx context.Context, p *tiaojie.Principal) ([]Course, error) {
	if !reader(p) {
		return nil, s.settle(ctx, p, "training.courses", "training_course", 0, forbidden(tiaojie.PermSelf))
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+courseColumns+` FROM training_courses c ORDER BY c.id DESC LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Course{}
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// Course returns a course with its sessions, soonest first.
func (s *Service) Course(ctx context.Context, p *tiaojie.Principal, id int64) (*Course, []Session, error) {
	if !reader(p) {
		return nil, nil, s.settle(ctx, p, "training.course", "training_course", id, forbidden(tiaojie.PermSelf))
	}
	q := s.db.Reader()
	c, err := loadCourse(ctx, q, id)
	if err != nil {
		return nil, nil, s.settle(ctx, p, "training.course", "training_course", id, err)
	}
	list, err := sessions(ctx, q, `s.course_id = $1`, id)
	return c, list, err
}

// CanOrganize reports whether p organizes the courses of township, for
// pages that show the organizer's forms.
func CanOrganize(p *tiaojie.Principal, township string) bool { return organizes(p, township) }

// Session is one session of a course.
type Session struct {
	ID          int64
	CourseID    int64
	CourseTitle string
	Topic       string
	Hours       int
	Township    string // the course's organizer
	Plan        tiaojie.SessionPlan
	Place, Link string
	Taken       int // places held (enrolled, attended, absent)
	// Version counts the changes of the session's time or place: the
	// notices of a change are keyed by it.
	Version int
	// CancelledAt is when the organizer cancelled the session (zero: it
	// was not), CancelReason why. The enrolments of a cancelled session
	// are kept as they were and shown with it.
	CancelledAt  time.Time
	CancelReason string
}

// Cancelled reports whether the organizer cancelled the session.
func (s *Session) Cancelled() bool { return !s.CancelledAt.IsZero() }

// Started reports whether the session has begun at the service's time:
// attendance may be marked, withdrawal no longer.
func (s *Service) Started(x *Session) bool { return !s.now().Before(x.Plan.Start) }

// Changeable reports whether the organizer may still change or cancel the
// session: it has neither begun nor been cancelled.
func (s *Service) Changeable(x *Session) bool { return !x.Cancelled() && !s.Started(x) }

// Full reports whether every place is held.
func (s *Session) Full() bool { return s.Taken >= s.Plan.Capacity }

// SessionInput is what an organizer writes of a session.
type SessionInput struct {
	Plan        tiaojie.SessionPlan
	Place, Link string
}

// validate trims and checks the input: the plan's rules, a place or an
// online link (http or https), and the field problems of more rules.
func (in *SessionInput) validate(rules ...error) error {
	in.Place, in.Link = strings.TrimSpace(in.Place), strings.TrimSpace(in.Link)
	var fe tiaojie.FieldErrors
	for _, err := range append([]error{in.Plan.Validate()}, rules...) {
		if err != nil {
			fe = append(fe, err.(*tiaojie.Error).Fields...)
		}
	}
	if in.Place == "" && in.Link == "" {
		fe.Add("place", "course.place_required")
	}
	if utf8.RuneCountInString(in.Place) > maxPlace {
		fe.Add("place", "course.too_long", "max", strconv.Itoa(maxPlace))
	}
	if in.Link != "" {
		if u, err := url.Parse(in.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.Link) > 500 {
			fe.Add("link", "course.link_invalid")
		}
	}
	return fe.Err()
}

// AddSession adds a session to a course its organizer keeps.
func (s *Service) AddSession(ctx context.Context, p *tiaojie.Principal, courseID int64, in SessionInput) (int64, error) {
	var id int64
	err := func() error {
		if !p.Can(tiaojie.PermTraining) {
			return forbidden(tiaojie.PermTraining)
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			c, err := loadCourse(ctx, tx, courseID)
			if err != nil {
				return err
			}
			if !organizes(p, c.Township) {
				return notFound()
			}
			if err := in.validate(); err != nil {
				return err
			}
			pl := in.Plan
			err = tx.QueryRowContext(ctx, `
				INSERT INTO training_sessions (course_id, starts_at, ends_at, deadline, place, link, capacity, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				courseID, pl.Start.UTC(), pl.End.UTC(), pl.Deadline.UTC(), in.Place, in.Link, pl.Capacity, max(p.UserID, 0), s.now()).Scan(&id)
			if err != nil {
				return err
			}
			return s.record(ctx, tx, p, "training.session.create", "training_session", id, map[string]string{
				"course": itoa(courseID), "start": pl.Start.UTC().Format(time.RFC3339), "capacity": strconv.Itoa(pl.Capacity)})
		})
	}()
	return id, s.settle(ctx, p, "training.session.create", "training_course", courseID, err)
}

const sessionColumns = `s.id, s.course_id, c.title, c.topic, c.hours, c.township, s.starts_at, s.ends_at, s.deadline,
	s.place, s.link, s.capacity,
	(SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status <> 'withdrawn'),
	s.version, s.cancelled_at, s.cancel_reason`

const sessionFrom = ` FROM training_sessions s JOIN training_courses c ON c.id = s.course_id `

func scanSession(sc interface{ Scan(...any) error }) (*Session, error) {
	var x Session
	var cancelled sql.NullTime
	err := sc.Scan(&x.ID, &x.CourseID, &x.CourseTitle, &x.Topic, &x.Hours, &x.Township, &x.Plan.Start, &x.Plan.End,
		&x.Plan.Deadline, &x.Place, &x.Link, &x.Plan.Capacity, &x.Taken, &x.Version, &cancelled, &x.CancelReason)
	x.CancelledAt = cancelled.Time
	return &x, err
}

func loadSession(ctx context.Context, q db.Queryer, id int64) (*Session, error) {
	x, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+`WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return x, err
}

func sessions(ctx context.Context, q db.Queryer, where string, args ...any) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+`WHERE `+where+` ORDER BY s.starts_at, s.id LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *x)
	}
	return out, rows.Err()
}

// Upcoming lists the sessions not yet begun, soonest first, the cancelled
// ones among them (shown as cancelled, with nothing to enrol in): a
// mediator enrolled in one finds it where they looked for it.
func (s *Service) Upcoming(ctx context.Context, p *tiaojie.Principal) ([]Session, error) {
	if !reader(p) {
		return nil, s.settle(ctx, p, "training.sessions", "training_session", 0, forbidden(tiaojie.PermSelf))
	}
	return sessions(ctx, s.db.Reader(), `s.starts_at > $1`, s.now())
}

// Session returns a session with its enrolments. The organizer sees every
// enrolment; others see those of the mediators in their scope (and a
// mediator their own).
func (s *Service) Session(ctx context.Context, p *tiaojie.Principal, id int64) (*Session, []Enrolment, error) {
	if !reader(p) {
		return nil, nil, s.settle(ctx, p, "training.session", "training_session", id, forbidden(tiaojie.PermSelf))
	}
	q := s.db.Reader()
	x, err := loadSession(ctx, q, id)
	if err != nil {
		return nil, nil, s.settle(ctx, p, "training.session", "training_session", id, err)
	}
	w := &db.Where{}
	w.Add("e.session_id = " + w.Arg(id))
	if !organizes(p, x.Township) {
		cond := scopeSQL(p, tiaojie.PermTrainingEnrol, w.Arg)
		own := "m.user_id = " + w.Arg(max(p.UserID, 0))
		if cond == "" {
			own = ""
		} else {
			own = "(" + cond + " OR " + own + ")"
		}
		w.Add(own)
	}
	list, err := enrolments(ctx, q, w)
	return x, list, err
}
