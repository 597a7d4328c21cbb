package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/complaints"
)

// Complaints (SPEC C8/C10): the public's form and "my complaints", the
// handlers' queue and a complaint's page with its steps. Every rule is
// internal/complaints'; these handlers read forms and draw.

// complainData is the complaint form.
type complainData struct {
	LoggedIn, Staff bool
	OrgID           int64
	OrgName         string
	Form            *formView
}

// complainPage shows the form: first the organization (or ?org= from an
// organization's page), then the mediator and the complaint. Someone not
// logged in is asked to log in with their phone first.
func (h *Handler) complainPage(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "complaint.new.title", nil)
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	d, err := h.complainForm(r, p, orgID, false)
	if err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "complaint_new", p)
}

// complainForm builds the form for organization orgID (0: not chosen).
func (h *Handler) complainForm(r *http.Request, p *Page, orgID int64, live bool) (*complainData, error) {
	d := &complainData{LoggedIn: p.User.LoggedIn(), Staff: p.User.Staff()}
	orgs, err := h.Complaints.Orgs(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []optionView{h.blankOption(p.Lang, "complaint.f.choose_org")}
	for _, o := range orgs {
		opts = append(opts, optionView{Value: itoa64(o.ID), Label: o.Name})
		if o.ID == orgID {
			d.OrgID, d.OrgName = o.ID, o.Name
		}
	}
	b := h.formOf(p, "complaint", live)
	if d.OrgID == 0 {
		b.choose("org", "complaint.f.org", "", opts, "required")
		d.Form = b.done()
		return d, nil
	}
	meds, err := h.Complaints.Mediators(r.Context(), d.OrgID)
	if err != nil {
		return nil, err
	}
	mopts := []optionView{h.blankOption(p.Lang, "complaint.f.about_org")}
	for _, m := range meds {
		mopts = append(mopts, optionView{Value: itoa64(m.ID), Label: m.Name})
	}
	b.hidden("org_id", itoa64(d.OrgID))
	b.choose("mediator_id", "complaint.f.mediator", "", mopts, "hint=complaint.f.mediator_hint")
	b.text("name", "text", "complaint.f.name", "", "required", "autocomplete=name", "hint=complaint.f.name_hint")
	b.text("phone", "tel", "complaint.f.phone", "", "autocomplete=tel", "inputmode=tel", "hint=complaint.f.phone_hint")
	b.text("title", "text", "complaint.f.title", "", "required", "hint=complaint.f.title_hint")
	b.text("content", "text", "complaint.f.content", "", "required", "rows=6", "hint=complaint.f.content_hint")
	b.text("request", "text", "complaint.f.request", "", "rows=3")
	d.Form = b.done()
	return d, nil
}

// complainSave files the complaint and shows it.
func (h *Handler) complainSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := complaints.Input{Name: f.Get("name"), Phone: f.Get("phone"), Title: f.Get("title"), Content: f.Get("content"),
		Request: f.Get("request")}
	in.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	in.MediatorID, _ = strconv.ParseInt(f.Get("mediator_id"), 10, 64)
	id, err := h.Complaints.File(r.Context(), auth.PrincipalFrom(r.Context()), in)
	if err == nil {
		return redirect(w, r, "/my/complaints/"+itoa64(id)+"?done=filed")
	}
	p := h.page(r, "complaint.new.title", nil)
	p.Errors = h.fieldMessages(p.Lang, err)
	d, derr := h.complainForm(r, p, in.OrgID, true)
	if derr != nil {
		return derr
	}
	p.Data = d
	return h.formError(w, r, "complaint_new", p, err)
}

// myComplaints lists the caller's own complaints.
func (h *Handler) myComplaints(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Complaints.Mine(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "complaint_mine", h.page(r, "complaint.mine.title", list))
}

// complaintData is a complaint's page, for its complainant or its
// handler.
type complaintData struct {
	C      *complaints.Complaint
	Staff  bool // the staff page: forms post to /staff/complaints
	Forms  []complaintForm
	Phone  string // the revealed phone, after a reveal
	Reveal *formView
	// Inspect links to a new inspection of the organization from this
	// complaint, for supervisors.
	Inspect string
}

// complaintForm is the form of one step.
type complaintForm struct {
	Action string
	Form   *formView
}

// myComplaint shows the caller's complaint, with the steps they may take.
func (h *Handler) myComplaint(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "complaint.page.title", nil)
	h.notice(p, r, "complaint.done.", "filed", "withdraw", "close")
	if err := h.complaintPage(r, p, "", false); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "complaint", p)
}

// staffComplaint shows a complaint to its handler.
func (h *Handler) staffComplaint(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "complaint.page.title", nil)
	h.notice(p, r, "complaint.done.", strs(tiaojie.ComplaintActions())...)
	if err := h.complaintPage(r, p, "", true); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "staff_complaint", p)
}

// complaintPage fills p with complaint {id} and the forms of the steps
// the caller may take (of the complainant's steps on the public page, of
// the others on the staff page); refused names a form just refused.
func (h *Handler) complaintPage(r *http.Request, p *Page, refused string, staff bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := h.Complaints.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &complaintData{C: c, Staff: staff}
	mine := c.ComplainantID == p.User.UserID
	for _, a := range c.Actions {
		own := a == tiaojie.ComplaintWithdraw || a == tiaojie.ComplaintClose && mine && !staff
		if own == staff {
			continue
		}
		b := h.formOf(p, string(a), refused == string(a)).hidden("action", string(a))
		switch a {
		case tiaojie.ComplaintAnswer:
			b.choose("outcome", "complaint.f.outcome", "", h.codeOptions(p.Lang, "complaint.f.choose_outcome", "complaint.outcome.",
				strs(tiaojie.ComplaintOutcomes())...), "required")
			b.text("text", "text", "complaint.f.answer", "", "required", "rows=5", "hint=complaint.f.answer_hint")
			b.text("notice", "text", "complaint.f.notice", "", "rows=3", "hint=complaint.f.notice_hint")
		case tiaojie.ComplaintReassign:
			b.choose("handler", "complaint.f.handler", "", h.codeOptions(p.Lang, "", "complaint.handler.", strs(tiaojie.ComplaintHandlers())...), "required")
			b.hidden("township", c.OrgTownship)
			b.text("text", "text", "complaint.f.reason", "", "required", "rows=2")
		case tiaojie.ComplaintReject:
			b.text("text", "text", "complaint.f.reason", "", "required", "rows=3")
		case tiaojie.ComplaintClose, tiaojie.ComplaintWithdraw, tiaojie.ComplaintAcknowledge, tiaojie.ComplaintInvestigate:
			b.text("text", "text", "complaint.f.note", "", "rows=2")
		}
		d.Forms = append(d.Forms, complaintForm{Action: string(a), Form: b.done()})
	}
	if staff {
		d.Reveal = h.formOf(p, "reveal", refused == "reveal").text("purpose", "text", "complaint.f.purpose", "", "required").done()
		if p.User.Can(tiaojie.PermSupervision) {
			d.Inspect = "/staff/inspections/new?org=" + itoa64(c.OrgID) + "&complaint=" + itoa64(c.ID)
		}
	}
	p.Data = d
	return nil
}

// complaintStep reads a step's form.
func complaintStep(f url.Values) complaints.StepInput {
	return complaints.StepInput{ComplaintStep: tiaojie.ComplaintStep{Action: tiaojie.ComplaintAction(f.Get("action")),
		Outcome: tiaojie.ComplaintOutcome(f.Get("outcome")), Text: f.Get("text"), Notice: f.Get("notice")},
		Handler: tiaojie.ComplaintHandler(f.Get("handler")), Township: f.Get("township")}
}

// myComplaintAct takes the complainant's step.
func (h *Handler) myComplaintAct(w http.ResponseWriter, r *http.Request) error {
	return h.complaintAct(w, r, "/my/complaints/", "complaint", false)
}

// staffComplaintAct takes the handler's step.
func (h *Handler) staffComplaintAct(w http.ResponseWriter, r *http.Request) error {
	return h.complaintAct(w, r, "/staff/complaints/", "staff_complaint", true)
}

func (h *Handler) complaintAct(w http.ResponseWriter, r *http.Request, base, page string, staff bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := complaintStep(r.PostForm)
	err = h.Complaints.Act(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	if err == nil {
		return redirect(w, r, base+itoa64(id)+"?done="+url.QueryEscape(string(in.Action)))
	}
	if k := tiaojie.ErrorKind(err); k != tiaojie.Invalid && k != tiaojie.Conflict {
		return err
	}
	p := h.page(r, "complaint.page.title", nil)
	p.Errors = h.fieldMessages(p.Lang, err)
	if perr := h.complaintPage(r, p, string(in.Action), staff); perr != nil {
		return perr
	}
	return h.formError(w, r, page, p, err)
}

// staffComplaintReveal shows the complainant's full phone to the handler,
// for the purpose given (audited).
func (h *Handler) staffComplaintReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	phone, err := h.Complaints.RevealPhone(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("purpose"))
	p := h.page(r, "complaint.page.title", nil)
	if err != nil {
		if tiaojie.ErrorKind(err) != tiaojie.Invalid {
			return err
		}
		p.Errors = h.fieldMessages(p.Lang, err)
		if perr := h.complaintPage(r, p, "reveal", true); perr != nil {
			return perr
		}
		return h.formError(w, r, "staff_complaint", p, err)
	}
	if err := h.complaintPage(r, p, "", true); err != nil {
		return err
	}
	p.Data.(*complaintData).Phone = phone
	return h.render(w, r, http.StatusOK, "staff_complaint", p)
}

// staffComplaintsData is the handler's queue.
type staffComplaintsData struct {
	List    []complaints.Complaint
	Filters *formView
	Export  string
}

// complaintFilter reads the queue's filters; unknown values are ignored.
func complaintFilter(q url.Values) complaints.Filter {
	f := complaints.Filter{Q: strings.TrimSpace(q.Get("q")), Open: q.Get("open") == "1", Overdue: q.Get("overdue") == "1"}
	if s := tiaojie.ComplaintStatus(q.Get("status")); slices.Contains(tiaojie.ComplaintStatuses(), s) {
		f.Status = s
	}
	if o := tiaojie.ComplaintOutcome(q.Get("outcome")); slices.Contains(tiaojie.ComplaintOutcomes(), o) {
		f.Outcome = o
	}
	f.OrgID, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	return f
}

// staffComplaints shows the caller's queue: the township office's
// township, the association's commercial organizations, the bureau's all.
func (h *Handler) staffComplaints(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "complaint.queue.title", nil)
	p.Form = q
	list, err := h.Complaints.List(r.Context(), p.User, complaintFilter(q))
	if err != nil {
		return err
	}
	b := h.formOf(p, "f", true)
	b.text("q", "search", "complaint.f.q", "")
	b.choose("status", "complaint.f.status", "", h.codeOptions(p.Lang, "staff.any", "complaint.status.", strs(tiaojie.ComplaintStatuses())...))
	b.choose("outcome", "complaint.f.outcome", "", h.codeOptions(p.Lang, "staff.any", "complaint.outcome.", strs(tiaojie.ComplaintOutcomes())...))
	b.check("open", "complaint.f.open", false).check("overdue", "complaint.f.overdue", false)
	p.Data = &staffComplaintsData{List: list, Filters: b.done(), Export: withParam("/staff/complaints.xlsx", q, "page", "")}
	return h.render(w, r, http.StatusOK, "staff_complaints", p)
}

// staffComplaintsExport sends the filtered queue as a workbook.
func (h *Handler) staffComplaintsExport(w http.ResponseWriter, r *http.Request) error {
	words := h.words(r)
	sheet, err := h.Complaints.ExportRows(r.Context(), auth.PrincipalFrom(r.Context()), complaintFilter(r.URL.Query()), words)
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "投诉", "complaints", sheet)
}

// orgComplaints returns the answered complaints about an organization for
// its staff page, nil when complaints are not served or the caller may
// not see them.
func (h *Handler) orgComplaints(r *http.Request, p *Page, orgID int64) []complaints.OrgComplaint {
	if h.Complaints == nil {
		return nil
	}
	list, err := h.Complaints.ForOrg(r.Context(), p.User, orgID)
	if err != nil {
		return nil
	}
	return list
}
