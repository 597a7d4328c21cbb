package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	trainingsvc "tiaojie/internal/training"
)

// Unified training and mentoring (internal/training, SPEC C11), the same
// rules as the pages: organizers keep courses and sessions and record
// attendance; admins enrol their mediators and read their hours; a
// mediator enrols themself; mentoring pairs with notes and completion.

const tagTraining = "training"

// trainingCourseRoutes declares the training operations; each declares
// the permission of the page doing the same thing.
func (h *Handler) trainingCourseRoutes(a huma.API) {
	if h.training == nil {
		return
	}
	self, manage, enrol := tiaojie.PermSelf, tiaojie.PermTraining, tiaojie.PermTrainingEnrol
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	add(h, a, op(get, "/staff/training/courses", "list-training-courses", tagTraining, self, "培训课程 · Training courses", descCourses), h.listCourses)
	add(h, a, created(op(post, "/staff/training/courses", "create-training-course", tagTraining, manage, "新增培训课程 · Create a course", descCreateCourse)), h.createCourse)
	add(h, a, op(get, "/staff/training/courses/{id}", "get-training-course", tagTraining, self, "培训课程及场次 · A course and its sessions", descGetCourse), h.getCourse)
	add(h, a, op(put, "/staff/training/courses/{id}", "update-training-course", tagTraining, manage, "修改培训课程 · Update a course", descUpdateCourse), h.updateCourse)
	add(h, a, created(op(post, "/staff/training/courses/{id}/sessions", "add-training-session", tagTraining, manage, "新增场次 · Add a session", descAddSession)), h.addSession)
	add(h, a, op(get, "/staff/training/sessions/{id}", "get-training-session", tagTraining, self, "场次及报名 · A session and its enrolments", descGetSession), h.getSession)
	add(h, a, op(put, "/staff/training/sessions/{id}", "update-training-session", tagTraining, manage, "修改场次 · Update a session", descUpdateSession), h.updateSession)
	add(h, a, op(post, "/staff/training/sessions/{id}/cancel", "cancel-training-session", tagTraining, manage, "取消场次 · Cancel a session", descCancelSession), h.cancelSession)
	add(h, a, created(op(post, "/staff/training/sessions/{id}/enrolments", "enrol-in-training", tagTraining, self, "报名 · Enrol a mediator", descEnrol)), h.enrol)
	add(h, a, op(post, "/staff/training/enrolments/{id}/withdraw", "withdraw-training-enrolment", tagTraining, self, "取消报名 · Withdraw", descWithdraw), h.withdraw)
	add(h, a, op(post, "/staff/training/enrolments/{id}/attendance", "mark-training-attendance", tagTraining, manage, "登记出勤 · Record attendance", descMark), h.markAttendance)
	add(h, a, op(get, "/staff/training/certificates/{id}", "get-training-certificate", tagTraining, self, "培训证书 · A certificate", descCertificate), h.certificate)
	add(h, a, op(get, "/staff/training/hours", "list-training-hours", tagTraining, enrol, "培训学时统计 · Training hours", descHours), h.trainingHours)
	add(h, a, op(get, "/staff/mediators/{id}/training-hours", "get-mediator-training-hours", tagTraining, self, "调解员各年度学时 · A mediator's hours", descHoursOf), h.hoursOf)
	add(h, a, op(get, "/staff/mentorships", "list-mentorships", tagTraining, enrol, "传帮带结对 · Mentoring pairs", descMentorships), h.listMentorships)
	add(h, a, created(op(post, "/staff/mentorships", "create-mentorship", tagTraining, enrol, "建立传帮带结对 · Pair a mentor and an apprentice", descPair)), h.createMentorship)
	add(h, a, op(get, "/staff/mentorships/{id}", "get-mentorship", tagTraining, self, "传帮带结对 · A mentoring pair", descMentorship), h.getMentorship)
	add(h, a, op(post, "/staff/mentorships/{id}/notes", "add-mentorship-note", tagTraining, self, "带教记录 · Add a note", descMentorNote), h.mentorshipNote)
	add(h, a, op(post, "/staff/mentorships/{id}/complete", "complete-mentorship", tagTraining, self, "结业 · Complete a pair", descMentorComplete), h.completeMentorship)
}

// courseOut is a course.
type courseOut struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Topic       string `json:"topic"`
	Hours       int    `json:"hours"`
	Township    string `json:"township" doc:"主办单位：空为区司法局，否则为该乡镇司法所 The organizer: empty for the bureau, else that township's office"`
	Description string `json:"description"`
	Sessions    int    `json:"sessions"`
}

func courseOf(c *trainingsvc.Course) courseOut {
	return courseOut{ID: c.ID, Title: c.Title, Topic: c.Topic, Hours: c.Hours, Township: c.Township, Description: c.Description, Sessions: c.Sessions}
}

// sessionOut is a session.
type sessionOut struct {
	ID       int64     `json:"id"`
	CourseID int64     `json:"course_id"`
	Course   string    `json:"course"`
	Hours    int       `json:"hours"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Deadline time.Time `json:"deadline" doc:"报名截止 Enrolment closes"`
	Place    string    `json:"place"`
	Link     string    `json:"link"`
	Capacity int       `json:"capacity"`
	Taken    int       `json:"taken" doc:"已占名额 Places taken"`

	CancelledAt  *time.Time `json:"cancelled_at,omitempty" doc:"取消时间；未取消则省略 When the session was cancelled; omitted if it was not"`
	CancelReason string     `json:"cancel_reason,omitempty" doc:"取消原因 Why it was cancelled"`
}

func sessionOf(s *trainingsvc.Session) sessionOut {
	out := sessionOut{ID: s.ID, CourseID: s.CourseID, Course: s.CourseTitle, Hours: s.Hours, Start: s.Plan.Start.UTC(), End: s.Plan.End.UTC(),
		Deadline: s.Plan.Deadline.UTC(), Place: s.Place, Link: s.Link, Capacity: s.Plan.Capacity, Taken: s.Taken, CancelReason: s.CancelReason}
	if s.Cancelled() {
		at := s.CancelledAt.UTC()
		out.CancelledAt = &at
	}
	return out
}

// enrolmentOut is an enrolment.
type enrolmentOut struct {
	ID            int64  `json:"id"`
	SessionID     int64  `json:"session_id"`
	MediatorID    int64  `json:"mediator_id"`
	Mediator      string `json:"mediator"`
	Status        string `json:"status" enum:"enrolled,withdrawn,attended,absent"`
	CertificateNo string `json:"certificate_no,omitempty" doc:"出勤后颁发的证书编号 The certificate number, once attended"`
}

func (h *Handler) listCourses(ctx context.Context, _ *struct{}) (*body[[]courseOut], error) {
	list, err := h.training.Courses(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]courseOut, 0, len(list))
	for i := range list {
		out = append(out, courseOf(&list[i]))
	}
	return &body[[]courseOut]{Body: out}, nil
}

type courseInput struct {
	Body struct {
		Title       string `json:"title" maxLength:"400" doc:"课程名称，1–100 字 Title, 1–100 characters"`
		Topic       string `json:"topic,omitempty" maxLength:"200" doc:"培训领域 Field"`
		Hours       int    `json:"hours" doc:"学时，1–200 Hours, 1–200"`
		Township    string `json:"township,omitempty" doc:"主办乡镇代码；空为区司法局 The organizing township; empty for the bureau"`
		Description string `json:"description,omitempty" maxLength:"8000"`
	}
}

func (h *Handler) createCourse(ctx context.Context, in *courseInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.training.CreateCourse(ctx, auth.PrincipalFrom(ctx), trainingsvc.CourseInput{Title: b.Title, Topic: b.Topic,
		Hours: b.Hours, Township: b.Township, Description: b.Description})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type courseUpdateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"课程编号 Course ID"`
	Body struct {
		Title       string `json:"title" maxLength:"400" doc:"课程名称，1–100 字 Title, 1–100 characters"`
		Topic       string `json:"topic,omitempty" maxLength:"200"`
		Hours       int    `json:"hours" doc:"学时，1–200；已计入的学时不变 Hours, 1–200; hours already credited stay"`
		Description string `json:"description,omitempty" maxLength:"8000"`
	}
}

func (h *Handler) updateCourse(ctx context.Context, in *courseUpdateInput) (*none, error) {
	b := in.Body
	return done(h.training.UpdateCourse(ctx, auth.PrincipalFrom(ctx), in.ID, trainingsvc.CourseInput{Title: b.Title, Topic: b.Topic,
		Hours: b.Hours, Description: b.Description}))
}

type courseDetail struct {
	Course   courseOut    `json:"course"`
	Sessions []sessionOut `json:"sessions"`
}

func (h *Handler) getCourse(ctx context.Context, in *idPath) (*body[courseDetail], error) {
	c, list, err := h.training.Course(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := courseDetail{Course: courseOf(c), Sessions: make([]sessionOut, 0, len(list))}
	for i := range list {
		out.Sessions = append(out.Sessions, sessionOf(&list[i]))
	}
	return &body[courseDetail]{Body: out}, nil
}

// sessionBody is a session as an organizer writes it.
type sessionBody struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Deadline time.Time `json:"deadline" doc:"报名截止，不晚于开始 Enrolment closes, no later than the start"`
	Capacity int       `json:"capacity" doc:"名额，1–1000 Places, 1–1000"`
	Place    string    `json:"place,omitempty" maxLength:"800"`
	Link     string    `json:"link,omitempty" maxLength:"500" doc:"线上链接（http/https）The online link"`
}

func (b sessionBody) input() trainingsvc.SessionInput {
	return trainingsvc.SessionInput{Place: b.Place, Link: b.Link,
		Plan: tiaojie.SessionPlan{Start: b.Start, End: b.End, Deadline: b.Deadline, Capacity: b.Capacity}}
}

type sessionInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"课程编号 Course ID"`
	Body sessionBody
}

func (h *Handler) addSession(ctx context.Context, in *sessionInput) (*body[createdID], error) {
	id, err := h.training.AddSession(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type sessionUpdateInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"场次编号 Session ID"`
	Body sessionBody
}

func (h *Handler) updateSession(ctx context.Context, in *sessionUpdateInput) (*none, error) {
	return done(h.training.UpdateSession(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input()))
}

type sessionCancelInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"场次编号 Session ID"`
	Body struct {
		Reason string `json:"reason" maxLength:"2000" doc:"取消原因，1–500 字，将告知已报名的调解员 Why, 1–500 characters; the enrolled mediators are told"`
	}
}

func (h *Handler) cancelSession(ctx context.Context, in *sessionCancelInput) (*none, error) {
	return done(h.training.CancelSession(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Reason))
}

type sessionDetail struct {
	Session    sessionOut     `json:"session"`
	Enrolments []enrolmentOut `json:"enrolments" doc:"调用者可见的报名：主办方为全部，其他人为其范围内的调解员 The enrolments the caller may see"`
}

func (h *Handler) getSession(ctx context.Context, in *idPath) (*body[sessionDetail], error) {
	s, list, err := h.training.Session(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := sessionDetail{Session: sessionOf(s), Enrolments: make([]enrolmentOut, 0, len(list))}
	for _, e := range list {
		out.Enrolments = append(out.Enrolments, enrolmentOut{ID: e.ID, SessionID: e.SessionID, MediatorID: e.MediatorID,
			Mediator: e.MediatorName, Status: string(e.Status), CertificateNo: e.CertificateNo})
	}
	return &body[sessionDetail]{Body: out}, nil
}

type enrolInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"场次编号 Session ID"`
	Body struct {
		MediatorID int64 `json:"mediator_id,omitempty" minimum:"0" doc:"调解员编号；省略为调用者本人 The mediator; omitted: the caller themself"`
	}
}

func (h *Handler) enrol(ctx context.Context, in *enrolInput) (*body[createdID], error) {
	p := auth.PrincipalFrom(ctx)
	m := in.Body.MediatorID
	if m == 0 {
		var err error
		if m, err = h.training.MediatorOf(ctx, p); err != nil {
			return nil, err
		}
		if m == 0 {
			var fe tiaojie.FieldErrors
			fe.Add("mediator_id", "course.mediator_required")
			return nil, fe.Err()
		}
	}
	id, err := h.training.Enrol(ctx, p, in.ID, m)
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) withdraw(ctx context.Context, in *idPath) (*none, error) {
	return done(h.training.Withdraw(ctx, auth.PrincipalFrom(ctx), in.ID))
}

type markInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"报名编号 Enrolment ID"`
	Body struct {
		Status string `json:"status" enum:"attended,absent"`
	}
}

func (h *Handler) markAttendance(ctx context.Context, in *markInput) (*none, error) {
	return done(h.training.Mark(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.Enrolment(in.Body.Status)))
}

type certificateOut struct {
	No          string    `json:"no"`
	EnrolmentID int64     `json:"enrolment_id"`
	MediatorID  int64     `json:"mediator_id"`
	Mediator    string    `json:"mediator"`
	Course      string    `json:"course"`
	Topic       string    `json:"topic"`
	Hours       int       `json:"hours"`
	Township    string    `json:"township" doc:"主办单位：空为区司法局 The organizer: empty for the bureau"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	IssuedAt    time.Time `json:"issued_at"`
}

func (h *Handler) certificate(ctx context.Context, in *idPath) (*body[certificateOut], error) {
	c, err := h.training.Certificate(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[certificateOut]{Body: certificateOut{No: c.No, EnrolmentID: c.EnrolmentID, MediatorID: c.MediatorID, Mediator: c.MediatorName,
		Course: c.CourseTitle, Topic: c.Topic, Hours: c.Hours, Township: c.Township, Start: c.Start.UTC(), End: c.End.UTC(), IssuedAt: c.IssuedAt.UTC()}}, nil
}

type hoursRowOut struct {
	MediatorID int64  `json:"mediator_id"`
	Name       string `json:"name"`
	Orgs       string `json:"orgs"`
	YearHours  int    `json:"year_hours" doc:"本年度学时 Hours this calendar year"`
	Window     int    `json:"window_hours" doc:"近 12 个月学时（与要求比较）Hours of the last 12 months, checked against the requirement"`
	Short      bool   `json:"short" doc:"学时不足 Short of the requirement"`
}

type hoursOut struct {
	Year     int           `json:"year"`
	Required int           `json:"required" doc:"要求学时；0 为不作要求 Required hours; 0: not enforced"`
	From     string        `json:"from" format:"date"`
	To       string        `json:"to" format:"date"`
	Short    int           `json:"short"`
	Rows     []hoursRowOut `json:"rows"`
}

func (h *Handler) trainingHours(ctx context.Context, _ *struct{}) (*body[hoursOut], error) {
	hs, err := h.training.Hours(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := hoursOut{Year: hs.Year, Required: hs.Required, From: hs.From.Format(time.DateOnly), To: hs.To.Format(time.DateOnly),
		Short: hs.Short, Rows: make([]hoursRowOut, 0, len(hs.Rows))}
	for _, r := range hs.Rows {
		out.Rows = append(out.Rows, hoursRowOut{MediatorID: r.MediatorID, Name: r.Name, Orgs: r.Orgs, YearHours: r.YearHours, Window: r.Window, Short: r.Short})
	}
	return &body[hoursOut]{Body: out}, nil
}

type yearHoursOut struct {
	Year  int `json:"year"`
	Hours int `json:"hours"`
}

type hoursOfOut struct {
	MediatorID int64          `json:"mediator_id"`
	ByYear     []yearHoursOut `json:"by_year"`
	Window     int            `json:"window_hours"`
	Required   int            `json:"required"`
	Short      bool           `json:"short"`
}

func (h *Handler) hoursOf(ctx context.Context, in *idPath) (*body[hoursOfOut], error) {
	m, err := h.training.HoursOf(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := hoursOfOut{MediatorID: m.MediatorID, Window: m.Window, Required: m.Required, Short: m.Short, ByYear: []yearHoursOut{}}
	for y := m.To.Year(); y > m.To.Year()-10; y-- {
		if n, ok := m.ByYear[y]; ok {
			out.ByYear = append(out.ByYear, yearHoursOut{Year: y, Hours: n})
		}
	}
	return &body[hoursOfOut]{Body: out}, nil
}

type mentorNoteOut struct {
	Body      string    `json:"body"`
	WrittenBy string    `json:"written_by"`
	WrittenAt time.Time `json:"written_at"`
}

type mentorshipOut struct {
	ID           int64           `json:"id"`
	MentorID     int64           `json:"mentor_id"`
	Mentor       string          `json:"mentor"`
	ApprenticeID int64           `json:"apprentice_id"`
	Apprentice   string          `json:"apprentice"`
	From         string          `json:"from" format:"date"`
	To           string          `json:"to" format:"date"`
	Goals        string          `json:"goals"`
	Status       string          `json:"status" enum:"active,completed"`
	ClosingNote  string          `json:"closing_note,omitempty"`
	Notes        []mentorNoteOut `json:"notes"`
}

func mentorshipOf(m *trainingsvc.Mentorship) mentorshipOut {
	out := mentorshipOut{ID: m.ID, MentorID: m.MentorID, Mentor: m.MentorName, ApprenticeID: m.ApprenticeID, Apprentice: m.ApprenticeName,
		From: m.From.Format(time.DateOnly), To: m.To.Format(time.DateOnly), Goals: m.Goals, Status: string(m.Status),
		ClosingNote: m.ClosingNote, Notes: []mentorNoteOut{}}
	for _, n := range m.Notes {
		out.Notes = append(out.Notes, mentorNoteOut{Body: n.Body, WrittenBy: n.WrittenBy, WrittenAt: n.WrittenAt.UTC()})
	}
	return out
}

func (h *Handler) listMentorships(ctx context.Context, _ *struct{}) (*body[[]mentorshipOut], error) {
	list, err := h.training.MentorshipsInScope(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]mentorshipOut, 0, len(list))
	for i := range list {
		out = append(out, mentorshipOf(&list[i]))
	}
	return &body[[]mentorshipOut]{Body: out}, nil
}

type pairInput struct {
	Body struct {
		MentorID     int64  `json:"mentor_id" minimum:"1"`
		ApprenticeID int64  `json:"apprentice_id" minimum:"1"`
		From         string `json:"from" format:"date"`
		To           string `json:"to" format:"date"`
		Goals        string `json:"goals" maxLength:"8000" doc:"带教目标，1–2000 字 Goals, 1–2000 characters"`
	}
}

func (h *Handler) createMentorship(ctx context.Context, in *pairInput) (*body[createdID], error) {
	b := in.Body
	from, err := dateIn("from", b.From)
	if err != nil {
		return nil, err
	}
	to, err := dateIn("to", b.To)
	if err != nil {
		return nil, err
	}
	id, err := h.training.Pair(ctx, auth.PrincipalFrom(ctx), trainingsvc.MentorInput{Goals: b.Goals,
		Pair: tiaojie.MentorPair{Mentor: b.MentorID, Apprentice: b.ApprenticeID, From: from, To: to}})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getMentorship(ctx context.Context, in *idPath) (*body[mentorshipOut], error) {
	m, err := h.training.Mentorship(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[mentorshipOut]{Body: mentorshipOf(m)}, nil
}

type mentorTextInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"结对编号 Pair ID"`
	Body struct {
		Text string `json:"text" maxLength:"8000" doc:"1–2000 字 1–2000 characters"`
	}
}

func (h *Handler) mentorshipNote(ctx context.Context, in *mentorTextInput) (*none, error) {
	return done(h.training.Note(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Text))
}

func (h *Handler) completeMentorship(ctx context.Context, in *mentorTextInput) (*none, error) {
	return done(h.training.Complete(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Text))
}

// The descriptions of the training operations, Chinese first.
const (
	descCourses        = "全区的培训课程（区司法局与各司法所主办），最新在前。调解员与工作人员可见。\n\nThe district's training courses (organized by the bureau and the township offices), newest first, for mediators and staff."
	descCreateCourse   = "新增培训课程。区司法局可为全区或任一乡镇主办；司法所只能以本乡镇名义主办，否则返回 403。成功返回 201 与编号。\n\nCreates a course. The bureau organizes for the district or any township; a township office for its own only (403 otherwise). Answers 201 with the ID."
	descUpdateCourse   = "主办方修改课程名称、领域、学时与简介（整体替换）。已计入调解员培训记录的学时不变。不是主办方返回 404。\n\nThe organizer changes a course's title, field, hours and description (replaced as a whole). Hours already credited stay as they were. Anyone else gets 404."
	descGetCourse      = "课程及其场次（按开始时间）。\n\nA course and its sessions, soonest first."
	descAddSession     = "为主办方的课程新增场次：开始、结束、报名截止（不晚于开始）、名额，以及地点或线上链接。不是主办方返回 404。\n\nAdds a session to a course the caller organizes: start, end, enrolment deadline (no later than the start), places, and a place or an online link. Anyone else gets 404."
	descGetSession     = "场次及报名名单。主办方看到全部报名，组织管理员与司法所看到其范围内调解员的报名，调解员看到自己的。\n\nA session with the enrolments the caller may see: all for the organizer, those of the mediators in scope for admins and offices, their own for a mediator."
	descUpdateSession  = "主办方在场次开始前修改开始、结束、报名截止、名额、地点或线上链接（整体替换），规则同新增场次；开始时间须晚于当前，名额不得少于已报名人数（422）。场次已开始或已取消返回 409，不是主办方返回 404。时间或地点变更后，系统以邮件通知每位已报名且留有邮箱的调解员；重复提交相同的修改不会重复通知。\n\nThe organizer changes a session's start, end, enrolment deadline, places, place or online link before it begins (replaced as a whole), with the rules of adding one; the start must be ahead and the places no fewer than those enrolled (422). A session that has begun or was cancelled answers 409; anyone but the organizer gets 404. A change of time or place is e-mailed to each enrolled mediator with an address; saving the same change again tells nobody twice."
	descCancelSession  = "主办方在场次开始前取消场次，须填写取消原因（1–500 字）。报名记录保留并随场次显示为已取消，此后不能再报名、取消报名、修改或登记出勤（409）；每位已报名且留有邮箱的调解员收到附原因的取消通知，前一天的提醒不再发送。已开始或已取消返回 409，不是主办方返回 404。\n\nThe organizer cancels a session before it begins, with a reason (1–500 characters). Its enrolments are kept and shown as cancelled with it; nobody can enrol, withdraw, change it or be marked in it afterwards (409). Each enrolled mediator with an address is e-mailed the cancellation with the reason, and the day-before reminder is not sent. A session that has begun or was cancelled answers 409; anyone but the organizer gets 404."
	descEnrol          = "报名：组织管理员为本组织调解员报名，司法所与区司法局为其范围内的调解员报名，调解员省略 mediator_id 为本人报名。名额已满、报名已截止、重复报名、已除名的调解员返回 409，且不作任何改动；范围外的调解员返回 404。名额在事务内加锁检查，并发报名不会超员。\n\nEnrols a mediator: an organization's admin their own mediators, offices and the bureau those in scope; a mediator omits mediator_id to enrol themself. A full session, a closed enrolment, a second enrolment and a removed mediator answer 409 with nothing changed; a mediator outside the caller's scope 404. Places are checked under a lock in the transaction, so concurrent enrolments never exceed them."
	descWithdraw       = "场次开始前取消报名（调解员本人、为其报名者或主办方）。开始后返回 409。\n\nWithdraws an enrolment before the session begins (the mediator, whoever may enrol them, or the organizer). Afterwards 409."
	descMark           = "主办方在场次开始后登记出勤或缺勤。出勤即把课程学时计入调解员的培训记录（只计一次，重复登记不重复计入）并颁发唯一编号的证书；已出勤不能改为缺勤（409）。\n\nThe organizer records attended or absent once the session has begun. An attendance credits the course's hours to the mediator's training record (once; recording it again changes nothing) and issues a certificate with a unique number; it cannot be changed to absent (409)."
	descCertificate    = "出勤报名的培训证书，按报名编号查询。调解员本人、其组织管理员与监管部门、主办方可见；其他调用者返回 404。\n\nThe certificate of an attended enrolment, by enrolment ID, for the mediator, whoever may enrol them, and the organizer; anyone else gets 404."
	descHours          = "调用者范围内在册调解员（未除名）的本年度学时与近 12 个月学时，与区司法局要求比较，学时不足者标注并排在前面。\n\nThe mediators on the roster within the caller's scope with this year's hours and the last 12 months' against the bureau's requirement, those short flagged and listed first."
	descHoursOf        = "一名调解员各年度的培训学时与近 12 个月学时。本人与为其报名者可见。\n\nA mediator's hours by year and in the last 12 months, for the mediator and whoever may enrol them."
	descMentorships    = "调用者范围内的传帮带结对（任一方在范围内），含带教记录。\n\nThe mentoring pairs within the caller's scope (either side), with their notes."
	descPair           = "建立传帮带结对：师傅与徒弟均为在册调解员且不能是同一人，组织管理员限本组织，司法所与区司法局限其范围。成功返回 201 与编号。\n\nPairs a mentor and an apprentice, both mediators on the roster and not the same person: an organization's admin within its organization, offices and the bureau within their scope. Answers 201 with the ID."
	descMentorship     = "一个结对及其带教记录。师傅本人与范围内的管理者可见。\n\nOne pair with its notes, for the mentor and those who keep the pair."
	descMentorNote     = "师傅（或管理者）为进行中的结对添加带教记录。已结业返回 409。\n\nThe mentor (or a keeper) adds a note to an active pair. A completed pair answers 409."
	descMentorComplete = "以结业评语结束结对。已结业返回 409。\n\nCompletes a pair with a closing note. A completed pair answers 409."
)
