package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
	"tiaojie/internal/training"
)

// Unified training and mentoring pages (SPEC C11, internal/training):
// organizers (the bureau, a township office) keep courses and sessions and
// mark attendance; organization admins enrol their mediators and read
// their hours; a mediator enrols themself and sees their own hours and
// certificates; mentoring pairs with their notes.

// trainingCourseRoutes registers the training pages, one line each. The
// catalogue is open to every signed-in staff member (the service refuses
// anyone else); the rest need the permission named.
func (h *Handler) trainingCourseRoutes(t *route.Table) {
	self, manage, enrol := tiaojie.PermSelf, tiaojie.PermTraining, tiaojie.PermTrainingEnrol
	t.Handle("GET /staff/training", self, h.wrap(h.staffTraining))
	t.Handle("POST /staff/training/courses", manage, h.wrap(h.staffCourseCreate))
	t.Handle("GET /staff/training/courses/{id}", self, h.wrap(h.staffCourse))
	t.Handle("POST /staff/training/courses/{id}", manage, h.wrap(h.staffCourseUpdate))
	t.Handle("POST /staff/training/courses/{id}/sessions", manage, h.wrap(h.staffSessionCreate))
	t.Handle("GET /staff/training/sessions/{id}", self, h.wrap(h.staffSession))
	t.Handle("POST /staff/training/sessions/{id}", manage, h.wrap(h.staffSessionUpdate))
	t.Handle("POST /staff/training/sessions/{id}/cancel", manage, h.wrap(h.staffSessionCancel))
	t.Handle("POST /staff/training/sessions/{id}/enrol", self, h.wrap(h.staffSessionEnrol))
	t.Handle("POST /staff/training/enrolments/{id}/withdraw", self, h.wrap(h.staffEnrolmentWithdraw))
	t.Handle("POST /staff/training/enrolments/{id}/mark", manage, h.wrap(h.staffEnrolmentMark))
	t.Handle("GET /staff/training/certificates/{id}", self, h.wrap(h.staffCertificate))
	t.Handle("GET /staff/training/hours", enrol, h.wrap(h.staffTrainingHours))
	t.Handle("GET /staff/training/hours.xlsx", enrol, h.wrap(h.staffTrainingHoursExport))
	t.Handle("GET /staff/training/mine", self, h.wrap(h.staffTrainingMine))
	t.Handle("GET /staff/mentoring", enrol, h.wrap(h.staffMentoring))
	t.Handle("POST /staff/mentoring", enrol, h.wrap(h.staffMentoringCreate))
	t.Handle("GET /staff/mentoring/{id}", self, h.wrap(h.staffMentorship))
	t.Handle("POST /staff/mentoring/{id}/notes", self, h.wrap(h.staffMentorshipNote))
	t.Handle("POST /staff/mentoring/{id}/complete", self, h.wrap(h.staffMentorshipComplete))
}

// trainingData is the catalogue: courses, upcoming sessions and, for an
// organizer, the form that adds a course.
type trainingData struct {
	Courses  []training.Course
	Upcoming []training.Session
	Create   *formView
}

func (h *Handler) staffTraining(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "course.title", nil)
	return h.trainingPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) trainingPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	ctx := r.Context()
	courses, err := h.Training.Courses(ctx, p.User)
	if err != nil {
		return err
	}
	up, err := h.Training.Upcoming(ctx, p.User)
	if err != nil {
		return err
	}
	d := &trainingData{Courses: courses, Upcoming: up}
	if p.User.Can(tiaojie.PermTraining) {
		var orgs []optionView
		if training.CanOrganize(p.User, "") {
			orgs = append(orgs, optionView{Value: "", Label: h.Catalog.T(p.Lang, "course.bureau")})
		}
		for _, o := range h.townshipOptions(p.Lang, "") {
			if o.Value != "" && training.CanOrganize(p.User, o.Value) {
				orgs = append(orgs, o)
			}
		}
		d.Create = h.formOf(p, "course", live).
			text("title", "text", "course.f.title", "", "required").
			text("topic", "text", "course.f.topic", "", "hint=course.f.topic_hint").
			text("hours", "number", "course.f.hours", "", "required", "inputmode=numeric").
			choose("township", "course.f.organizer", "", orgs).
			text("description", "text", "course.f.description", "", "rows=3").done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_training_courses", p)
}

func (h *Handler) staffCourseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	hours, _ := strconv.Atoi(strings.TrimSpace(f.Get("hours")))
	id, err := h.Training.CreateCourse(r.Context(), auth.PrincipalFrom(r.Context()), training.CourseInput{
		Title: f.Get("title"), Topic: f.Get("topic"), Description: f.Get("description"), Hours: hours, Township: f.Get("township")})
	if err != nil {
		p := h.page(r, "course.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.trainingPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/training/courses/"+itoa64(id)+"?done=created")
}

// courseData is a course with its sessions and, for its organizer, the
// form that adds a session.
type courseData struct {
	C        *training.Course
	Sessions []training.Session
	Add      *formView
	Edit     *formView
}

func (h *Handler) staffCourse(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "course.title", nil)
	h.notice(p, r, "course.done.", "created", "session", "saved")
	return h.coursePage(w, r, p, http.StatusOK, "")
}

func (h *Handler) coursePage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, list, err := h.Training.Course(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &courseData{C: c, Sessions: list}
	if training.CanOrganize(p.User, c.Township) {
		d.Edit = h.formOf(p, "edit", live == "edit").
			text("title", "text", "course.f.title", c.Title, "required").
			text("topic", "text", "course.f.topic", c.Topic).
			text("hours", "number", "course.f.hours", strconv.Itoa(c.Hours), "required", "inputmode=numeric", "hint=course.f.hours_hint").
			text("description", "text", "course.f.description", c.Description, "rows=3").done()
		d.Add = sessionFields(h.formOf(p, "session", live == "session"), &training.Session{}).done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_training_course", p)
}

// staffCourseUpdate changes a course's particulars; hours already
// credited stay as they were.
func (h *Handler) staffCourseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	hours, _ := strconv.Atoi(strings.TrimSpace(f.Get("hours")))
	err = h.Training.UpdateCourse(r.Context(), auth.PrincipalFrom(r.Context()), id, training.CourseInput{
		Title: f.Get("title"), Topic: f.Get("topic"), Description: f.Get("description"), Hours: hours})
	if err != nil {
		p := h.page(r, "course.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.coursePage(w, r, p, route.Status(err), "edit")
	}
	return redirect(w, r, "/staff/training/courses/"+itoa64(id)+"?done=saved")
}

// sessionFields adds the fields of a session to a form, showing x's
// values (none for a new session).
func sessionFields(b *formBuilder, x *training.Session) *formBuilder {
	capacity := ""
	if x.Plan.Capacity > 0 {
		capacity = strconv.Itoa(x.Plan.Capacity)
	}
	return b.text("start", "datetime-local", "course.f.start", localValue(x.Plan.Start), "required").
		text("end", "datetime-local", "course.f.end", localValue(x.Plan.End), "required").
		text("deadline", "datetime-local", "course.f.deadline", localValue(x.Plan.Deadline), "required", "hint=course.f.deadline_hint").
		text("capacity", "number", "course.f.capacity", capacity, "required", "inputmode=numeric").
		text("place", "text", "course.f.place", x.Place, "hint=course.f.place_hint").
		text("link", "url", "course.f.link", x.Link)
}

// localValue is t as a datetime-local field shows it (Beijing time); the
// zero time is "".
func localValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tiaojie.Beijing()).Format("2006-01-02T15:04")
}

// localTime parses a datetime-local field (Beijing time); "" is zero.
func localTime(fe *tiaojie.FieldErrors, field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, tiaojie.Beijing())
	if err != nil {
		fe.Add(field, "course.time_invalid")
	}
	return t
}

// sessionInput reads a posted session form; times that do not parse are
// field problems.
func sessionInput(f url.Values) (training.SessionInput, error) {
	var fe tiaojie.FieldErrors
	in := training.SessionInput{Place: f.Get("place"), Link: f.Get("link")}
	in.Plan.Start = localTime(&fe, "start", f.Get("start"))
	in.Plan.End = localTime(&fe, "end", f.Get("end"))
	in.Plan.Deadline = localTime(&fe, "deadline", f.Get("deadline"))
	in.Plan.Capacity, _ = strconv.Atoi(strings.TrimSpace(f.Get("capacity")))
	return in, fe.Err()
}

func (h *Handler) staffSessionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := sessionInput(r.PostForm)
	var sid int64
	if err == nil {
		sid, err = h.Training.AddSession(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	}
	if err != nil {
		p := h.page(r, "course.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.coursePage(w, r, p, route.Status(err), "session")
	}
	return redirect(w, r, "/staff/training/sessions/"+itoa64(sid)+"?done=session")
}

// sessionData is a session with the enrolments the caller may see, the
// enrol form (a choice of mediators for those who enrol others, a button
// for a mediator), the organizer's attendance buttons and, while the
// session may still change, the organizer's forms that change and cancel
// it. A cancelled session shows why, and nothing to do.
type sessionData struct {
	S            *training.Session
	Enrolments   []training.Enrolment
	Organizer    bool
	Started      bool
	Enrol        *formView
	Edit, Cancel *formView
	Self         int64 // the caller's own roster entry, 0 if none
	SelfIn       bool  // already enrolled
}

func (h *Handler) staffSession(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "course.title", nil)
	h.notice(p, r, "course.done.", "session", "enrolled", "withdrawn", "marked", "updated", "cancelled")
	return h.sessionPage(w, r, p, http.StatusOK, "")
}

// sessionPage shows a session, with live naming the form whose problems p
// holds ("enrol", "edit", "cancel"; "" for none).
func (h *Handler) sessionPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	s, list, err := h.Training.Session(ctx, p.User, id)
	if err != nil {
		return err
	}
	d := &sessionData{S: s, Enrolments: list, Organizer: training.CanOrganize(p.User, s.Township),
		Started: h.Training.Started(s)}
	if d.Self, err = h.Training.MediatorOf(ctx, p.User); err != nil {
		return err
	}
	for _, e := range list {
		if e.MediatorID == d.Self && e.Status.Holds() {
			d.SelfIn = true
		}
	}
	if d.Organizer && h.Training.Changeable(s) {
		d.Edit = sessionFields(h.formOf(p, "edit", live == "edit"), s).done()
		d.Cancel = h.formOf(p, "cancel", live == "cancel").
			text("reason", "text", "course.f.reason", "", "required", "rows=3", "hint=course.cancel_session_hint").done()
	}
	switch {
	case s.Cancelled():
	case p.User.Can(tiaojie.PermTrainingEnrol):
		hours, err := h.Training.Hours(ctx, p.User)
		if err != nil {
			return err
		}
		opts := []optionView{h.blankOption(p.Lang, "admin.choose")}
		for _, m := range hours.Rows {
			opts = append(opts, optionView{Value: itoa64(m.MediatorID), Label: m.Name + "（" + m.Orgs + "）"})
		}
		d.Enrol = h.formOf(p, "enrol", live == "enrol").choose("mediator", "course.f.mediator", "", opts, "required").done()
	case live == "enrol":
		d.Enrol = h.formOf(p, "enrol", true).done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_training_session", p)
}

func (h *Handler) staffSessionEnrol(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	pr := auth.PrincipalFrom(ctx)
	var m int64
	if v := r.PostForm.Get("mediator"); v == "self" {
		if m, err = h.Training.MediatorOf(ctx, pr); err != nil {
			return err
		}
	} else {
		m, _ = strconv.ParseInt(v, 10, 64)
	}
	if m <= 0 {
		var fe tiaojie.FieldErrors
		fe.Add("mediator", "course.mediator_required")
		err = fe.Err()
	} else {
		_, err = h.Training.Enrol(ctx, pr, id, m)
	}
	return h.recordDone(w, r, "course.title", "/staff/training/sessions/", h.sessionPage, id, "enrol", "enrolled", err)
}

// staffSessionUpdate changes a session before it begins; its enrolled
// mediators are told of a new time or place.
func (h *Handler) staffSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.recordStep(w, r, "course.title", "/staff/training/sessions/", h.sessionPage, "edit", "updated", func(p *tiaojie.Principal, id int64) error {
		in, err := sessionInput(r.PostForm)
		if err != nil {
			return err
		}
		return h.Training.UpdateSession(r.Context(), p, id, in)
	})
}

// staffSessionCancel cancels a session before it begins, with a reason
// its enrolled mediators are told.
func (h *Handler) staffSessionCancel(w http.ResponseWriter, r *http.Request) error {
	return h.recordStep(w, r, "course.title", "/staff/training/sessions/", h.sessionPage, "cancel", "cancelled", func(p *tiaojie.Principal, id int64) error {
		return h.Training.CancelSession(r.Context(), p, id, r.PostForm.Get("reason"))
	})
}

// enrolmentAction runs a change of an enrolment and returns to its
// session, or shows the session with the refusal.
func (h *Handler) enrolmentAction(w http.ResponseWriter, r *http.Request, done string, run func(p *tiaojie.Principal, id int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	session, _ := strconv.ParseInt(r.PostForm.Get("session"), 10, 64)
	if err := run(auth.PrincipalFrom(r.Context()), id); err != nil {
		p := h.page(r, "course.title", nil)
		if !h.problems(p, err) || session <= 0 {
			return err
		}
		r.SetPathValue("id", itoa64(session))
		return h.sessionPage(w, r, p, route.Status(err), "enrol")
	}
	return redirect(w, r, "/staff/training/sessions/"+itoa64(session)+"?done="+done)
}

func (h *Handler) staffEnrolmentWithdraw(w http.ResponseWriter, r *http.Request) error {
	return h.enrolmentAction(w, r, "withdrawn", func(p *tiaojie.Principal, id int64) error {
		return h.Training.Withdraw(r.Context(), p, id)
	})
}

func (h *Handler) staffEnrolmentMark(w http.ResponseWriter, r *http.Request) error {
	return h.enrolmentAction(w, r, "marked", func(p *tiaojie.Principal, id int64) error {
		return h.Training.Mark(r.Context(), p, id, tiaojie.Enrolment(r.PostForm.Get("status")))
	})
}

// staffCertificate shows a certificate as a printable page.
func (h *Handler) staffCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := h.page(r, "course.certificate", nil)
	c, err := h.Training.Certificate(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	p.Data = c
	return h.render(w, r, http.StatusOK, "staff_training_certificate", p)
}

func (h *Handler) staffTrainingHours(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "course.hours_title", nil)
	hours, err := h.Training.Hours(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = hours
	return h.render(w, r, http.StatusOK, "staff_training_hours", p)
}

func (h *Handler) staffTrainingHoursExport(w http.ResponseWriter, r *http.Request) error {
	words := h.words(r)
	sheet, err := h.Training.Export(r.Context(), auth.PrincipalFrom(r.Context()), words)
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "培训学时", "training-hours", sheet)
}

// mineData is a mediator's own training: hours, enrolments with their
// certificates, mentoring.
type mineData struct {
	Hours      *training.MyHours
	Years      []yearHours
	Enrolments []training.MediatorEnrolment
	Mentoring  []training.Mentorship
	MediatorID int64
}

// yearHours is one year's total.
type yearHours struct{ Year, Hours int }

func (h *Handler) staffTrainingMine(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "course.mine", nil)
	ctx := r.Context()
	id, err := h.Training.MediatorOf(ctx, p.User)
	if err != nil {
		return err
	}
	if id == 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	d := &mineData{MediatorID: id}
	if d.Hours, err = h.Training.HoursOf(ctx, p.User, id); err != nil {
		return err
	}
	for y := d.Hours.To.Year(); y > d.Hours.To.Year()-5; y-- {
		d.Years = append(d.Years, yearHours{Year: y, Hours: d.Hours.ByYear[y]})
	}
	if d.Enrolments, err = h.Training.EnrolmentsOf(ctx, p.User, id); err != nil {
		return err
	}
	if d.Mentoring, err = h.Training.Mentorships(ctx, p.User, id); err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "staff_training_mine", p)
}

// mentoringData is the pairs in scope and the form that pairs two
// mediators.
type mentoringData struct {
	Pairs  []training.Mentorship
	Create *formView
}

func (h *Handler) staffMentoring(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "mentoring.title", nil)
	return h.mentoringPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) mentoringPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	ctx := r.Context()
	pairs, err := h.Training.MentorshipsInScope(ctx, p.User)
	if err != nil {
		return err
	}
	hours, err := h.Training.Hours(ctx, p.User)
	if err != nil {
		return err
	}
	opts := []optionView{h.blankOption(p.Lang, "admin.choose")}
	for _, m := range hours.Rows {
		opts = append(opts, optionView{Value: itoa64(m.MediatorID), Label: m.Name + "（" + m.Orgs + "）"})
	}
	p.Data = &mentoringData{Pairs: pairs, Create: h.formOf(p, "pair", live).
		choose("mentor", "mentoring.f.mentor", "", opts, "required").
		choose("apprentice", "mentoring.f.apprentice", "", opts, "required").
		text("from", "date", "mentoring.f.from", "", "required").
		text("to", "date", "mentoring.f.to", "", "required").
		text("goals", "text", "mentoring.f.goals", "", "required", "rows=3").done()}
	return h.render(w, r, status, "staff_mentoring", p)
}

func (h *Handler) staffMentoringCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	var fe tiaojie.FieldErrors
	in := training.MentorInput{Goals: f.Get("goals")}
	in.Pair.Mentor, _ = strconv.ParseInt(f.Get("mentor"), 10, 64)
	in.Pair.Apprentice, _ = strconv.ParseInt(f.Get("apprentice"), 10, 64)
	in.Pair.From = optionalDay(&fe, "from", f.Get("from"))
	in.Pair.To = optionalDay(&fe, "to", f.Get("to"))
	err := fe.Err()
	var id int64
	if err == nil {
		id, err = h.Training.Pair(r.Context(), auth.PrincipalFrom(r.Context()), in)
	}
	if err != nil {
		p := h.page(r, "mentoring.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.mentoringPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/mentoring/"+itoa64(id)+"?done=created")
}

// mentorshipData is one pair with the forms of its notes and completion.
type mentorshipData struct {
	M              *training.Mentorship
	Note, Complete *formView
}

func (h *Handler) staffMentorship(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "mentoring.title", nil)
	h.notice(p, r, "mentoring.done.", "created", "note", "completed")
	return h.mentorshipPage(w, r, p, http.StatusOK, "")
}

func (h *Handler) mentorshipPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.Training.Mentorship(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &mentorshipData{M: m}
	if m.Status == tiaojie.MentorActive {
		d.Note = h.formOf(p, "note", live == "note").text("body", "text", "mentoring.f.note", "", "required", "rows=3").done()
		d.Complete = h.formOf(p, "complete", live == "complete").text("closing_note", "text", "mentoring.f.closing_note", "", "required", "rows=3").done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_mentorship", p)
}

func (h *Handler) staffMentorshipNote(w http.ResponseWriter, r *http.Request) error {
	return h.mentorshipAction(w, r, "note", "note", func(p *tiaojie.Principal, id int64) error {
		return h.Training.Note(r.Context(), p, id, r.PostForm.Get("body"))
	})
}

func (h *Handler) staffMentorshipComplete(w http.ResponseWriter, r *http.Request) error {
	return h.mentorshipAction(w, r, "complete", "completed", func(p *tiaojie.Principal, id int64) error {
		return h.Training.Complete(r.Context(), p, id, r.PostForm.Get("closing_note"))
	})
}

func (h *Handler) mentorshipAction(w http.ResponseWriter, r *http.Request, form, done string, run func(p *tiaojie.Principal, id int64) error) error {
	return h.recordStep(w, r, "mentoring.title", "/staff/mentoring/", h.mentorshipPage, form, done, run)
}

// mentoringOf is the mentoring section of a mediator's staff record.
type mentoringOf struct{ Pairs []training.Mentorship }

// mentoringOfMediator lists the pairs mediator id is in, for those who
// keep pairs (training.enrol); nil for anyone else.
func (h *Handler) mentoringOfMediator(r *http.Request, p *Page, id int64) (*mentoringOf, error) {
	if h.Training == nil || !p.User.Can(tiaojie.PermTrainingEnrol) {
		return nil, nil
	}
	pairs, err := h.Training.Mentorships(r.Context(), p.User, id)
	if err != nil {
		return nil, err
	}
	return &mentoringOf{Pairs: pairs}, nil
}
