package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// staffCasesData is the staff list of cases with its filters.
type staffCasesData struct {
	Page     cases.Page
	Status   []optionView
	Township []optionView
	Q        string
	Overdue  bool
	Pager    pagerView
	Desk     bool // the caller may file cases at the desk
}

// casesPerPage is the length of a page of the staff list.
const casesPerPage = 50

// staffCases lists the cases in the caller's scope.
func (h *Handler) staffCases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pr := auth.PrincipalFrom(r.Context())
	page := pageNumber(q)
	f := cases.Filter{Status: tiaojie.CaseStatus(q.Get("status")), Township: q.Get("township"), Q: q.Get("q"),
		Overdue: q.Get("overdue") == "1", Limit: casesPerPage, Offset: (page - 1) * casesPerPage}
	f.OrgID, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	res, err := h.Cases.List(r.Context(), pr, f)
	if err != nil {
		return err
	}
	p := h.page(r, "case.staff.title", nil)
	statuses := make([]string, 0, len(tiaojie.CaseStatuses()))
	for _, s := range tiaojie.CaseStatuses() {
		if s != tiaojie.CaseDraft {
			statuses = append(statuses, string(s))
		}
	}
	d := &staffCasesData{Page: res, Q: f.Q, Overdue: f.Overdue, Desk: pr.Can(tiaojie.PermCasesDesk),
		Status:   h.codeOptions(p.Lang, "case.f.any_status", "case.status.", statuses...),
		Township: h.townshipOptions(p.Lang, f.Township),
		Pager:    pagerOf("/staff/cases", q, page, res.Total, casesPerPage, "#cases")}
	for i := range d.Status {
		d.Status[i].Selected = d.Status[i].Value == string(f.Status)
	}
	p.Data = d
	h.notice(p, r, "case.done.", "declined")
	return h.render(w, r, http.StatusOK, "staff_cases", p)
}

// boardData is the supervising office's board.
type boardData struct {
	Board    *cases.Board
	Funnel   []cases.FunnelRow
	Statuses []tiaojie.CaseStatus
	Township string
}

// staffBoard shows the overdue, idle and returned cases and the
// participation funnel of the caller's scope.
func (h *Handler) staffBoard(w http.ResponseWriter, r *http.Request) error {
	pr := auth.PrincipalFrom(r.Context())
	township := r.URL.Query().Get("township")
	b, err := h.Cases.Board(r.Context(), pr, township)
	if err != nil {
		return err
	}
	f, err := h.Cases.Funnel(r.Context(), pr)
	if err != nil {
		return err
	}
	var sts []tiaojie.CaseStatus
	for _, s := range tiaojie.CaseStatuses() {
		if s != tiaojie.CaseDraft {
			sts = append(sts, s)
		}
	}
	return h.render(w, r, http.StatusOK, "staff_board", h.page(r, "case.board.title",
		&boardData{Board: b, Funnel: f, Statuses: sts, Township: township}))
}

// calendarData is the holiday calendar of a year.
type calendarData struct {
	Year  int
	Prev  int
	Next  int
	Days  []tiaojie.CalendarDay
	Form  *formView
	Edit  bool
	Today string
}

// staffCalendar shows the exceptions of a year's calendar; the bureau
// edits them.
func (h *Handler) staffCalendar(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "case.calendar.title", nil)
	return h.calendarPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) calendarPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		year = time.Now().In(tiaojie.Beijing()).Year()
	}
	days, err := h.Cases.Holidays(r.Context(), strconv.Itoa(year))
	if err != nil {
		return err
	}
	d := &calendarData{Year: year, Prev: year - 1, Next: year + 1, Days: days, Edit: p.User.Can(tiaojie.PermCalendar),
		Today: time.Now().In(tiaojie.Beijing()).Format(time.DateOnly)}
	d.Form = h.formOf(p, "day", live).
		text("date", "date", "case.f.date", "", "required").
		choose("kind", "case.f.day_kind", "", h.codeOptions(p.Lang, "", "case.day.", "holiday", "workday"), "required").
		text("name", "text", "case.f.day_name", "", "hint=case.f.day_name_hint").done()
	p.Data = d
	return h.render(w, r, status, "staff_calendar", p)
}

// staffCalendarSet adds or changes a day.
func (h *Handler) staffCalendarSet(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	d := tiaojie.CalendarDay{Date: f.Get("date"), Kind: tiaojie.DayKind(f.Get("kind")), Name: f.Get("name")}
	if err := h.Cases.SetDay(r.Context(), auth.PrincipalFrom(r.Context()), d); err != nil {
		p := h.page(r, "case.calendar.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.calendarPage(w, r, p, http.StatusUnprocessableEntity, true)
	}
	return redirect(w, r, "/staff/calendar?"+url.Values{"year": {d.Date[:4]}}.Encode())
}

// staffCalendarDelete removes a day.
func (h *Handler) staffCalendarDelete(w http.ResponseWriter, r *http.Request) error {
	date := r.PathValue("date")
	if err := h.Cases.DeleteDay(r.Context(), auth.PrincipalFrom(r.Context()), date); err != nil {
		return err
	}
	year := ""
	if len(date) >= 4 {
		year = date[:4]
	}
	return redirect(w, r, "/staff/calendar?"+url.Values{"year": {year}}.Encode())
}
