package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/dossier"
	"tiaojie/internal/roster"
	"tiaojie/internal/route"
)

// caseData is the case page: one page for every participant, showing
// what their part lets them see, and the forms of the steps they may
// take now.
type caseData struct {
	V           *cases.View
	Parties     []partyView
	Due         dueView
	History     []cases.Event
	Agreement   *agreementView
	Can         map[string]bool
	Suggestions []cases.Suggestion
	Mediators   []optionView // the organization's mediators, for assignment
	Assignment  *cases.Assignment
	Recusals    []cases.Recusal
	Ends        []optionView // termination reasons
	AgreeForm   *formView
	VisitForm   *formView
	Refused     string // the form a refused submission came from
	Confirmable bool   // the caller is a party who has not confirmed the agreement
	Signing     *signingView
	Rateable    bool
	OwnDraft    bool
	Room        *roomView
	Evidence    []cases.Evidence
	Fees        *feesView // a commercial case's fee and payments (case_payments.go)
}

// partyView is one party as the page shows it.
type partyView struct {
	cases.Party
	SideLabel string
	Agent     bool
	Confirmed string // when the party confirmed the agreement, "" if not
	Funnel    []string
}

// dueView is the deadline the case runs against now.
type dueView struct {
	Label, At string
	Left      int // working days left; negative when overdue
	Overdue   bool
}

// agreementView is the current agreement.
type agreementView struct {
	*cases.Agreement
	PerformBy string
}

// casePage shows a case to anyone who plays a part in it.
func (h *Handler) casePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.casePageOf(r, id, "", nil)
	if err != nil {
		return err
	}
	h.notice(p, r, "case.done.", "saved", "submitted", "filed", "routed", "acted", "assigned", "declared",
		"agreement", "confirmed", "visited", "rated", "recusal", "decided", "scheduled", "opened", "evidence", "paid", "signed", "sealed")
	return h.render(w, r, http.StatusOK, "case", p)
}

// casePageOf builds the case page; refused names the form whose refused
// submission (with the problems of refusal) the page shows again.
func (h *Handler) casePageOf(r *http.Request, id int64, refused string, refusal error) (*Page, error) {
	ctx := r.Context()
	pr := auth.PrincipalFrom(ctx)
	v, err := h.Cases.Get(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	p := h.page(r, "case.page.title", nil)
	if refusal != nil {
		h.problems(p, refusal)
	}
	d := &caseData{V: v, Refused: refused, Can: map[string]bool{}}
	for _, a := range v.Actions {
		d.Can[string(a)] = true
	}
	if d.History, err = h.Cases.History(ctx, pr, id); err != nil {
		return nil, err
	}
	ag, err := h.Cases.CurrentAgreement(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	if ag != nil {
		d.Agreement = &agreementView{Agreement: ag}
		if ag.PerformBy != nil {
			d.Agreement.PerformBy = day(*ag.PerformBy)
		}
	}
	d.Parties = h.partyViews(p, v, ag)
	d.Due = h.dueOf(p, r, v)
	mine := append(slices.Clone(v.Parts.Applicant), v.Parts.Respondent...)
	if ag != nil && v.Status == tiaojie.CaseSigning {
		for _, pid := range mine {
			if _, ok := ag.Confirmed[principalOf(v.Parties, pid)]; !ok && pid != 0 {
				d.Confirmable = true
			}
		}
	}
	d.Signing = signing(v, ag)
	d.Rateable = v.Parts.Party() && v.Status.Closed() && v.Status != tiaojie.CaseRejected && v.Status != tiaojie.CaseWithdrawn
	d.OwnDraft = v.Status == tiaojie.CaseDraft && v.OwnerID == pr.UserID
	if d.Can[string(tiaojie.CaseRoute)] {
		if d.Suggestions, err = h.Cases.SuggestFor(ctx, pr, id, 5); err != nil {
			return nil, err
		}
	}
	if v.Parts.Org || v.Parts.Mediator {
		if d.Assignment, err = h.Cases.CurrentAssignment(ctx, h.DB.Reader(), id); err != nil {
			return nil, err
		}
	}
	if v.Parts.Org && v.OrgID != 0 {
		ms, _, err := h.Roster.List(ctx, pr, roster.StaffFilter{OrgID: v.OrgID, Status: tiaojie.MediatorActive, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			d.Mediators = append(d.Mediators, optionView{Value: itoa64(m.ID), Label: m.Name, Selected: m.ID == v.MediatorID})
		}
	}
	if v.Parts.Org || v.Parts.Party() || v.Parts.Mediator {
		if d.Recusals, err = h.Cases.Recusals(ctx, pr, id); err != nil {
			return nil, err
		}
	}
	for _, e := range tiaojie.TerminationReasons() {
		d.Ends = append(d.Ends, optionView{Value: string(e), Label: h.Catalog.T(p.Lang, "case.end."+string(e))})
	}
	d.AgreeForm = h.agreementForm(p, refused == "agreement", ag, v)
	d.VisitForm = h.formOf(p, "visit", refused == "visit").
		choose("performed", "case.f.performed", "", h.codeOptions(p.Lang, "case.f.choose", "case.performed.", cases.PerformedFull, cases.PerformedPartial, cases.PerformedNone), "required").
		text("note", "text", "case.f.visit_note", "", "required", "rows=3", "hint=case.f.visit_hint").done()
	if d.Room, err = h.roomOf(r, p, v); err != nil {
		return nil, err
	}
	if d.Evidence, err = h.Cases.EvidenceList(ctx, pr, id); err != nil {
		return nil, err
	}
	if d.Fees, err = h.caseFees(r, p, v, refused == "payment"); err != nil {
		return nil, err
	}
	p.Data = d
	return p, nil
}

// principalOf returns the party an agent acts for, or the party itself.
func principalOf(ps []cases.Party, id int64) int64 {
	for _, p := range ps {
		if p.ID == id && p.AgentFor != 0 {
			return p.AgentFor
		}
	}
	return id
}

// partyViews writes out the parties with their confirmations and the
// respondent's progress through the invitation.
func (h *Handler) partyViews(p *Page, v *cases.View, ag *cases.Agreement) []partyView {
	var out []partyView
	for _, pt := range v.Parties {
		pv := partyView{Party: pt, SideLabel: h.Catalog.T(p.Lang, "case.side."+string(pt.Side)), Agent: pt.AgentFor != 0}
		if ag != nil {
			if c, ok := ag.Confirmed[pt.ID]; ok {
				pv.Confirmed = c.At.In(tiaojie.Beijing()).Format("2006-01-02 15:04")
			}
		}
		for _, step := range []struct {
			at   *time.Time
			code string
		}{{pt.InvitedAt, "invited"}, {pt.OpenedAt, "opened"}, {pt.JoinedAt, "joined"}, {pt.DeclinedAt, "declined"}} {
			if step.at != nil {
				pv.Funnel = append(pv.Funnel, h.Catalog.T(p.Lang, "case.funnel."+step.code)+" "+step.at.In(tiaojie.Beijing()).Format("01-02 15:04"))
			}
		}
		out = append(out, pv)
	}
	return out
}

// dueOf describes the deadline the case runs against now.
func (h *Handler) dueOf(p *Page, r *http.Request, v *cases.View) dueView {
	if v.Clock.Kind == "" {
		return dueView{}
	}
	cal, err := h.Cases.Calendar(r.Context(), h.DB.Reader())
	if err != nil {
		cal = tiaojie.Calendar{}
	}
	last := v.Clock.Due.In(tiaojie.Beijing()).AddDate(0, 0, -1)
	return dueView{Label: h.Catalog.T(p.Lang, "case.deadline."+v.Clock.Kind), At: last.Format("2006-01-02"),
		Left: cal.WorkdaysLeft(time.Now(), v.Clock.Due), Overdue: v.Clock.Overdue}
}

// agreementForm is the mediator's agreement form, filled with the current
// draft when there is one.
func (h *Handler) agreementForm(p *Page, live bool, ag *cases.Agreement, v *cases.View) *formView {
	var in cases.AgreementInput
	if ag != nil {
		in = cases.AgreementInput{Facts: ag.Facts, Issues: ag.Issues, Duties: ag.Duties, Terms: ag.Terms, Performance: ag.Performance}
	} else {
		in.Facts = v.Facts
	}
	by := ""
	if ag != nil && ag.PerformBy != nil {
		by = day(*ag.PerformBy)
	}
	return h.formOf(p, "agreement", live).
		text("facts", "text", "case.f.ag_facts", in.Facts, "required", "rows=4").
		text("issues", "text", "case.f.ag_issues", in.Issues, "required", "rows=2").
		text("duties", "text", "case.f.ag_duties", in.Duties, "rows=2").
		text("terms", "text", "case.f.ag_terms", strings.Join(in.Terms, "\n"), "required", "rows=5", "hint=case.f.ag_terms_hint").
		text("performance", "text", "case.f.ag_performance", in.Performance, "required").
		text("perform_by", "date", "case.f.ag_perform_by", by).
		check("oral", "case.f.ag_oral", false, "hint=case.f.ag_oral_hint").done()
}

// caseFormError shows the case page again with a refused form's problems.
func (h *Handler) caseFormError(w http.ResponseWriter, r *http.Request, id int64, refused string, err error) error {
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Invalid, tiaojie.Conflict:
	default:
		return err
	}
	p, perr := h.casePageOf(r, id, refused, err)
	if perr != nil {
		return perr
	}
	return h.render(w, r, route.Status(err), "case", p)
}

// caseDone is where a successful step leads: the case page, with a notice.
func caseDone(id int64, done string) string {
	return "/cases/" + itoa64(id) + "?done=" + done
}

// caseAct takes a lifecycle step from the page's forms.
func (h *Handler) caseAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	st := cases.Step{Action: tiaojie.CaseAction(f.Get("action")), EndReason: tiaojie.EndReason(f.Get("end_reason")), Reason: f.Get("reason")}
	st.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	if u := f.Get("until"); u != "" {
		if t, err := time.ParseInLocation(time.DateOnly, u, tiaojie.Beijing()); err == nil {
			end := t.AddDate(0, 0, 1) // the end of that day
			st.Until = &end
		} else {
			var fe tiaojie.FieldErrors
			fe.Add("until", "case.extend_until")
			return h.caseFormError(w, r, id, "act-"+string(st.Action), fe.Err())
		}
	}
	if c := f.Get("confirmed"); c != "" {
		yes := c == "1"
		st.Confirmed = &yes
	}
	if err := h.Cases.Act(r.Context(), auth.PrincipalFrom(r.Context()), id, st); err != nil {
		return h.caseFormError(w, r, id, "act-"+string(st.Action), err)
	}
	if st.Action == tiaojie.CaseDecline || st.Action == tiaojie.CaseReject {
		// The organization no longer sees a case it declined.
		return redirect(w, r, "/staff/cases?done=declined")
	}
	return redirect(w, r, caseDone(id, "acted"))
}

// casePost is the handler of a form of the case page: it parses the form,
// lets do take the step as the caller, and returns to the case page with
// the notice done, or shows the page again with the refused form
// (refused) and its problems.
func (h *Handler) casePost(refused, done string, do func(r *http.Request, p *tiaojie.Principal, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		if err := do(r, auth.PrincipalFrom(r.Context()), id); err != nil {
			return h.caseFormError(w, r, id, refused, err)
		}
		return redirect(w, r, caseDone(id, done))
	}
}

// openContent opens a case's content for a supervising office, with the
// reason it gives.
func (h *Handler) openContent(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.OpenContent(r.Context(), p, id, r.PostForm.Get("reason"))
}

// formID reads a numeric id from the form or the path; 0 when absent or
// malformed (the service refuses it).
func formID(s string) int64 {
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

// assign assigns a mediator.
func (h *Handler) assign(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.Assign(r.Context(), p, id, formID(r.PostForm.Get("mediator_id")), r.PostForm.Get("how"))
}

// declare is the mediator's conflict-of-interest declaration: none, or a
// conflict with what it is.
func (h *Handler) declare(r *http.Request, p *tiaojie.Principal, id int64) error {
	note := ""
	if r.PostForm.Get("conflict") == "1" {
		if note = r.PostForm.Get("note"); strings.TrimSpace(note) == "" {
			var fe tiaojie.FieldErrors
			fe.Add("note", "case.reason_required")
			return fe.Err()
		}
	}
	return h.Cases.DeclareConflict(r.Context(), p, id, note)
}

// agreement puts an agreement to the parties, or records an oral one.
func (h *Handler) agreement(r *http.Request, p *tiaojie.Principal, id int64) error {
	f := r.PostForm
	in := cases.AgreementInput{Facts: f.Get("facts"), Issues: f.Get("issues"), Duties: f.Get("duties"),
		Terms: strings.Split(f.Get("terms"), "\n"), Performance: f.Get("performance")}
	if s := f.Get("perform_by"); s != "" {
		t, err := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
		if err != nil {
			var fe tiaojie.FieldErrors
			fe.Add("perform_by", "case.f.bad_date")
			return fe.Err()
		}
		in.PerformBy = &t
	}
	if f.Get("oral") == "1" {
		return h.Cases.RecordOral(r.Context(), p, id, in)
	}
	return h.Cases.DraftAgreement(r.Context(), p, id, in)
}

// confirmFor records, by the mediator, a party's confirmation given in
// person.
func (h *Handler) confirmFor(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.ConfirmFor(r.Context(), p, id, formID(r.PathValue("party")))
}

// visit records a follow-up visit.
func (h *Handler) visit(r *http.Request, p *tiaojie.Principal, id int64) error {
	return h.Cases.Visit(r.Context(), p, id, cases.VisitInput{Performed: r.PostForm.Get("performed"), Note: r.PostForm.Get("note")})
}

// rate records a party's rating.
func (h *Handler) rate(r *http.Request, p *tiaojie.Principal, id int64) error {
	stars, _ := strconv.Atoi(r.PostForm.Get("stars"))
	return h.Cases.Rate(r.Context(), p, id, stars, r.PostForm.Get("comment"))
}

// recusal files a party's request that the mediator step aside.
func (h *Handler) recusal(r *http.Request, p *tiaojie.Principal, id int64) error {
	_, err := h.Cases.RequestRecusal(r.Context(), p, id, r.PostForm.Get("reason"))
	return err
}

// decideRecusal is the organization admin's decision on a recusal.
func (h *Handler) decideRecusal(r *http.Request, p *tiaojie.Principal, id int64) error {
	grant := r.PostForm.Get("grant") == "1"
	return h.Cases.DecideRecusal(r.Context(), p, id, formID(r.PathValue("rid")), grant, r.PostForm.Get("decision"))
}

// myCases lists a member of the public's cases.
func (h *Handler) myCases(w http.ResponseWriter, r *http.Request) error {
	rows, err := h.Cases.Mine(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "case_mine", h.page(r, "case.mine.title", rows))
}

// invitation shows a respondent what they are invited to, before they log
// in with the phone the invitation went to.
func (h *Handler) invitation(w http.ResponseWriter, r *http.Request) error {
	inv, err := h.Cases.OpenInvitation(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "case_invite", h.page(r, "case.invite.title", inv))
}

// caseEvidenceAdd uploads a piece of evidence.
func (h *Handler) caseEvidenceAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		_, err = h.Cases.AddEvidence(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("title"), up)
	}
	if err != nil {
		return h.caseFormError(w, r, id, "evidence", err)
	}
	return redirect(w, r, caseDone(id, "evidence")+"#evidence")
}

// caseEvidenceFile downloads a piece of evidence.
func (h *Handler) caseEvidenceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, data, err := h.Cases.OpenEvidence(r.Context(), auth.PrincipalFrom(r.Context()), id, formID(r.PathValue("eid")))
	if err != nil {
		return err
	}
	return sendPrivate(w, m, data, true)
}

// caseFileZip downloads the case file (卷宗) as one ZIP (internal/dossier).
func (h *Handler) caseFileZip(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b := dossier.Builder{Cases: h.Cases, Fonts: h.Fonts}
	if h.Room != nil {
		b.Room = h.Room
	}
	f, err := b.Build(r.Context(), auth.PrincipalFrom(r.Context()), id, time.Now())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", "attachment; filename=\"case-file.zip\"; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(f.ZIP)
	return err
}
