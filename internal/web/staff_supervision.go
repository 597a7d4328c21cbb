package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/files"
	"tiaojie/internal/roster"
	"tiaojie/internal/route"
	"tiaojie/internal/supervision"
)

// Inspections (SPEC C8): the list, a new inspection with its checklist,
// and the inspection's page where the inspector orders, returns, verifies
// and closes, and the organization's admin responds with evidence. Every
// rule is the supervision service's; these handlers read forms and draw.

// staffInspectionsData is the inspection list.
type staffInspectionsData struct {
	List    []supervision.Inspection
	Filters *formView
	Export  string
	CanNew  bool
}

// inspectionFilter reads the list's filters; unknown values are ignored.
func inspectionFilter(q url.Values) supervision.Filter {
	f := supervision.Filter{Q: strings.TrimSpace(q.Get("q")), Township: q.Get("township"), Overdue: q.Get("overdue") == "1"}
	if s := tiaojie.InspectionStatus(q.Get("status")); slices.Contains(tiaojie.InspectionStatuses(), s) {
		f.Status = s
	}
	if k := tiaojie.InspectionKind(q.Get("kind")); slices.Contains(tiaojie.InspectionKinds(), k) {
		f.Kind = k
	}
	if _, err := time.Parse(time.DateOnly, q.Get("from")); err == nil {
		f.From = q.Get("from")
	}
	if _, err := time.Parse(time.DateOnly, q.Get("to")); err == nil {
		f.To = q.Get("to")
	}
	f.OrgID, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	return f
}

// staffInspections lists the inspections the caller may see.
func (h *Handler) staffInspections(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "sup.inspections.title", nil)
	p.Form = q
	list, err := h.Supervision.List(r.Context(), p.User, inspectionFilter(q))
	if err != nil {
		return err
	}
	b := h.formOf(p, "f", true)
	b.text("q", "search", "sup.f.q", "")
	b.choose("status", "sup.f.status", "", h.codeOptions(p.Lang, "staff.any", "sup.status.", strs(tiaojie.InspectionStatuses())...))
	b.choose("kind", "sup.f.kind", "", h.codeOptions(p.Lang, "staff.any", "sup.kind.", strs(tiaojie.InspectionKinds())...))
	if towns := h.visibleTownships(p.User); len(towns) > 1 {
		b.choose("township", "staff.org.township", "", h.townshipChoices(p.Lang, "staff.any", towns))
	}
	b.text("from", "date", "sup.f.from", "").text("to", "date", "sup.f.to", "").check("overdue", "sup.f.overdue", false)
	p.Data = &staffInspectionsData{List: list, Filters: b.done(), Export: withParam("/staff/inspections.xlsx", q, "page", ""),
		CanNew: p.User.Can(tiaojie.PermSupervision)}
	return h.render(w, r, http.StatusOK, "staff_inspections", p)
}

// staffInspectionsExport sends the filtered list as a workbook.
func (h *Handler) staffInspectionsExport(w http.ResponseWriter, r *http.Request) error {
	p, words := auth.PrincipalFrom(r.Context()), h.words(r)
	sheet, err := h.Supervision.InspectionsSheet(r.Context(), p, inspectionFilter(r.URL.Query()), words, h.townshipNamer(words.Lang))
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, "检查记录", "inspections", sheet)
}

// inspectionRow is one checklist line of the new-inspection form.
type inspectionRow struct {
	Index              int
	Item, Result, Note string
	Error              string
}

// staffInspectionNewData is the new-inspection form.
type staffInspectionNewData struct {
	Form      *formView
	Rows      []inspectionRow
	Results   []optionView
	Checklist *formView // the bureau's template; nil for others
}

// extraRows are the blank checklist lines offered beside the template.
const extraRows = 2

// staffInspectionNew shows the form: the organization, the kind, the date
// and the checklist (the bureau's template or the default), optionally
// opened from a complaint (?complaint=) for an organization (?org=).
func (h *Handler) staffInspectionNew(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "sup.new.title", nil)
	h.notice(p, r, "sup.done.", "checklist")
	q := r.URL.Query()
	p.Form = url.Values{"org_id": {q.Get("org")}, "complaint_id": {q.Get("complaint")},
		"inspected_on": {h.Supervision.Today()}, "kind": {string(tiaojie.InspectionPlanned)}}
	d, err := h.inspectionForm(r, p, true, nil)
	if err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "staff_inspection_new", p)
}

// inspectionForm builds the new-inspection form; rowErr holds the
// problems of a refused submission's lines.
func (h *Handler) inspectionForm(r *http.Request, p *Page, fresh bool, rowErr map[int]string) (*staffInspectionNewData, error) {
	orgs, err := h.Supervision.Supervised(r.Context(), p.User)
	if err != nil {
		return nil, err
	}
	opts := []optionView{h.blankOption(p.Lang, "sup.f.choose_org")}
	for _, o := range orgs {
		opts = append(opts, optionView{Value: itoa64(o.ID), Label: o.Name + "（" + h.townshipName(p.Lang, o.Township) + "）"})
	}
	b := h.formOf(p, "insp", true)
	b.choose("org_id", "sup.f.org", "", opts, "required")
	b.choose("kind", "sup.f.kind", "", h.codeOptions(p.Lang, "", "sup.kind.", strs(tiaojie.InspectionKinds())...), "required")
	b.text("inspected_on", "date", "sup.f.inspected_on", "", "required")
	b.text("complaint_id", "number", "sup.f.complaint", "", "inputmode=numeric", "hint=sup.f.complaint_hint")
	b.text("summary", "text", "sup.f.summary", "", "rows=3")
	d := &staffInspectionNewData{Form: b.done(),
		Results: h.codeOptions(p.Lang, "", "sup.result.", strs(tiaojie.FindingResults())...)}
	if fresh {
		items, err := h.Supervision.Checklist(r.Context())
		if err != nil {
			return nil, err
		}
		for i, it := range items {
			d.Rows = append(d.Rows, inspectionRow{Index: i, Item: it, Result: string(tiaojie.FindingConforms)})
		}
		for i := range extraRows {
			d.Rows = append(d.Rows, inspectionRow{Index: len(items) + i})
		}
		if p.User.Has(tiaojie.RoleBureau) {
			d.Checklist = h.formOf(p, "cl", false).text("items", "text", "sup.f.checklist", strings.Join(items, "\n"),
				"rows=7", "hint=sup.f.checklist_hint").done()
		}
		return d, nil
	}
	n, _ := strconv.Atoi(p.Form.Get("rows"))
	for i := range min(n, 60) {
		k := strconv.Itoa(i)
		d.Rows = append(d.Rows, inspectionRow{Index: i, Item: p.Form.Get("item_" + k), Result: p.Form.Get("result_" + k),
			Note: p.Form.Get("note_" + k), Error: rowErr[i]})
	}
	return d, nil
}

// staffInspectionCreate records the inspection and goes to its page.
func (h *Handler) staffInspectionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := h.page(r, "sup.new.title", nil)
	p.Path = "/staff/inspections/new"
	f := r.PostForm
	in := supervision.InspectionInput{Kind: tiaojie.InspectionKind(f.Get("kind")), InspectedOn: strings.TrimSpace(f.Get("inspected_on")),
		Summary: f.Get("summary")}
	var fe tiaojie.FieldErrors
	in.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	if c := strings.TrimSpace(f.Get("complaint_id")); c != "" {
		var err error
		if in.ComplaintID, err = strconv.ParseInt(c, 10, 64); err != nil || in.ComplaintID <= 0 {
			fe.Add("complaint_id", "sup.complaint")
		}
	}
	n, _ := strconv.Atoi(f.Get("rows"))
	var rowOf []int
	for i := range min(n, 60) {
		k := strconv.Itoa(i)
		item, result := strings.TrimSpace(f.Get("item_"+k)), f.Get("result_"+k)
		if item == "" {
			continue
		}
		rowOf = append(rowOf, i)
		in.Findings = append(in.Findings, supervision.Finding{Item: item, Result: tiaojie.FindingResult(result), Note: f.Get("note_" + k)})
	}
	err := fe.Err()
	if err == nil {
		var id int64
		if id, err = h.Supervision.Open(r.Context(), p.User, in); err == nil {
			return redirect(w, r, "/staff/inspections/"+itoa64(id)+"?done=opened")
		}
	}
	rowErr := map[int]string{}
	msgs := h.fieldMessages(p.Lang, err)
	for k, row := range rowOf {
		if m, ok := msgs["finding."+strconv.Itoa(k)]; ok {
			rowErr[row] = m
		}
	}
	for k := range msgs {
		if strings.HasPrefix(k, "finding.") {
			delete(msgs, k)
		}
	}
	p.Errors = msgs
	d, derr := h.inspectionForm(r, p, false, rowErr)
	if derr != nil {
		return derr
	}
	p.Data = d
	return h.formError(w, r, "staff_inspection_new", p, err)
}

// staffChecklistSave keeps the bureau's checklist template.
func (h *Handler) staffChecklistSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	err := h.Supervision.SetChecklist(r.Context(), auth.PrincipalFrom(r.Context()), strings.Split(r.PostForm.Get("items"), "\n"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/staff/inspections/new?done=checklist")
}

// staffInspectionData is an inspection's page.
type staffInspectionData struct {
	In        *supervision.Inspection
	Forms     []*inspectionActionForm
	Evidence  bool // the caller may attach evidence now
	Complaint string
}

// inspectionActionForm is the form of one step the caller may take.
type inspectionActionForm struct {
	Action string
	Form   *formView
}

// staffInspection shows an inspection with the steps the caller may take.
func (h *Handler) staffInspection(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "sup.inspection.title", nil)
	h.notice(p, r, "sup.done.", "opened", "order", "respond", "return", "verify", "close", "evidence")
	if err := h.inspectionPage(r, p, ""); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "staff_inspection", p)
}

// inspectionPage fills p with inspection {id}; refused names the step
// whose form was just refused.
func (h *Handler) inspectionPage(r *http.Request, p *Page, refused string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := h.Supervision.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	d := &staffInspectionData{In: in}
	if in.ComplaintID > 0 {
		d.Complaint = "/staff/complaints/" + itoa64(in.ComplaintID)
	}
	inspector, admin := h.inspects(p.User, in), p.User.Has(tiaojie.RoleOrgAdmin) && slices.Contains(p.User.OrgIDs(), in.OrgID)
	for _, a := range tiaojie.InspectionActions() {
		if _, err := tiaojie.NextInspectionStatus(in.Status, a, "-"); err != nil {
			continue
		}
		roles := tiaojie.InspectionActionRoles(a)
		if !(inspector && slices.Contains(roles, tiaojie.RoleBureau)) && !(admin && slices.Contains(roles, tiaojie.RoleOrgAdmin)) {
			continue
		}
		b := h.formOf(p, string(a), refused == string(a)).hidden("action", string(a))
		b.text("text", "text", "sup.text."+string(a), "", "rows=3")
		if a == tiaojie.InspOrder || a == tiaojie.InspReturn {
			b.text("deadline", "date", "sup.f.deadline", in.Deadline, "hint=sup.f.deadline_hint")
		}
		d.Forms = append(d.Forms, &inspectionActionForm{Action: string(a), Form: b.done()})
	}
	d.Evidence = inspector && in.Status != tiaojie.InspectionClosed || admin && in.Status == tiaojie.InspectionRectifying
	p.Data = d
	return nil
}

// inspects reports whether p inspects the inspection's organization.
func (h *Handler) inspects(p *tiaojie.Principal, in *supervision.Inspection) bool {
	if !p.Can(tiaojie.PermSupervision) {
		return false
	}
	return p.Has(tiaojie.RoleBureau) || slices.Contains(p.Townships(), in.Township)
}

// staffInspectionAct takes a step on the inspection.
func (h *Handler) staffInspectionAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a := tiaojie.InspectionAction(r.PostForm.Get("action"))
	err = h.Supervision.Act(r.Context(), auth.PrincipalFrom(r.Context()), id, supervision.Action{Action: a,
		Text: r.PostForm.Get("text"), Deadline: r.PostForm.Get("deadline")})
	if err == nil {
		return redirect(w, r, "/staff/inspections/"+itoa64(id)+"?done="+url.QueryEscape(string(a)))
	}
	return h.inspectionFormError(w, r, string(a), err)
}

// inspectionFormError redraws the inspection page with the refused form.
func (h *Handler) inspectionFormError(w http.ResponseWriter, r *http.Request, refused string, err error) error {
	if k := tiaojie.ErrorKind(err); k != tiaojie.Invalid && k != tiaojie.Conflict {
		return err
	}
	p := h.page(r, "sup.inspection.title", nil)
	p.Errors = h.fieldMessages(p.Lang, err)
	if perr := h.inspectionPage(r, p, refused); perr != nil {
		return perr
	}
	return h.formError(w, r, "staff_inspection", p, err)
}

// staffInspectionEvidence attaches a photo or scan.
func (h *Handler) staffInspectionEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		_, err = h.Supervision.AddEvidence(r.Context(), auth.PrincipalFrom(r.Context()), id, up)
	}
	if err != nil {
		return h.inspectionFormError(w, r, "evidence", err)
	}
	return redirect(w, r, "/staff/inspections/"+itoa64(id)+"?done=evidence")
}

// staffInspectionFile serves an evidence file to those who see the
// inspection.
func (h *Handler) staffInspectionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, data, err := h.Supervision.File(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PathValue("key"))
	if err != nil {
		return err
	}
	return sendBytes(w, m, data, true)
}

// staffEvaluationsData is a year's evaluations.
type staffEvaluationsData struct {
	Year, Prev, Next int
	Township         string
	List             []supervision.Evaluation
	Missing          int
	Grades           []optionView
	Export           string
}

// evaluationYear reads ?year=, this year by default.
func (h *Handler) evaluationYear(q url.Values) int {
	this, _ := strconv.Atoi(h.Supervision.Today()[:4])
	y, err := strconv.Atoi(q.Get("year"))
	if err != nil || y < 2000 || y > this {
		return this
	}
	return y
}

// staffEvaluations lists a year's evaluations with the missing ones
// flagged and a form on each line.
func (h *Handler) staffEvaluations(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "sup.evaluations.title", nil)
	h.notice(p, r, "sup.done.", "evaluated")
	return h.evaluationsPage(w, r, p, http.StatusOK)
}

func (h *Handler) evaluationsPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	q := r.URL.Query()
	y := h.evaluationYear(q)
	list, err := h.Supervision.Evaluations(r.Context(), p.User, y, q.Get("township"))
	if err != nil {
		return err
	}
	d := &staffEvaluationsData{Year: y, Prev: y - 1, Next: y + 1, Township: q.Get("township"), List: list,
		Grades: h.codeOptions(p.Lang, "", "sup.grade.", strs(tiaojie.EvaluationGrades())...),
		Export: withParam("/staff/evaluations.xlsx", q, "year", strconv.Itoa(y))}
	for _, e := range list {
		if e.Missing {
			d.Missing++
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_evaluations", p)
}

// staffEvaluationsExport sends a year's evaluations as a workbook.
func (h *Handler) staffEvaluationsExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	y := h.evaluationYear(q)
	words := h.words(r)
	sheet, err := h.Supervision.EvaluationsSheet(r.Context(), auth.PrincipalFrom(r.Context()), y, q.Get("township"), words, h.townshipNamer(words.Lang))
	if err != nil {
		return err
	}
	return writeXLSX(w, words.Lang, strconv.Itoa(y)+"年度考评", "evaluations-"+strconv.Itoa(y), sheet)
}

// staffEvaluationSave records one organization's evaluation.
func (h *Handler) staffEvaluationSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := supervision.EvaluationInput{Grade: tiaojie.EvaluationGrade(f.Get("grade")), Remarks: f.Get("remarks")}
	in.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	in.Year, _ = strconv.Atoi(f.Get("year"))
	var err error
	if in.Score, err = strconv.Atoi(strings.TrimSpace(f.Get("score"))); err != nil {
		in.Score = -1 // refused by the service as a score
	}
	p := h.page(r, "sup.evaluations.title", nil)
	if err = h.Supervision.Evaluate(r.Context(), p.User, in); err == nil {
		return redirect(w, r, "/staff/evaluations?year="+strconv.Itoa(in.Year)+"&done=evaluated#org-"+itoa64(in.OrgID))
	}
	if k := tiaojie.ErrorKind(err); k != tiaojie.Invalid {
		return err
	}
	p.Problem = h.problemText(p.Lang, err)
	for _, m := range h.fieldMessages(p.Lang, err) {
		p.Problem += " " + m
	}
	r.URL.RawQuery = url.Values{"year": {f.Get("year")}}.Encode()
	return h.evaluationsPage(w, r, p, http.StatusUnprocessableEntity)
}

// staffSanctionsData is the list of sanctions and rewards and the form
// that records one.
type staffSanctionsData struct {
	List    []supervision.Sanction
	Filters *formView
	Form    *formView
}

// staffSanctions lists the sanctions and rewards and offers the form.
func (h *Handler) staffSanctions(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "sup.sanctions.title", nil)
	h.notice(p, r, "sup.done.", "sanction")
	return h.sanctionsPage(w, r, p, false, http.StatusOK)
}

func (h *Handler) sanctionsPage(w http.ResponseWriter, r *http.Request, p *Page, live bool, status int) error {
	q := r.URL.Query()
	f := supervision.SanctionFilter{}
	if k := tiaojie.SanctionKind(q.Get("kind")); slices.Contains(tiaojie.SanctionKinds(), k) {
		f.Kind = k
	}
	f.OrgID, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	if q.Get("pick") != "" {
		// "List its mediators" resubmits the form by GET: keep what was
		// typed and list the chosen organization's roster.
		form := maps.Clone(q)
		if form.Get("decided_on") == "" {
			form.Set("decided_on", h.Supervision.Today())
		}
		p.Form, live = form, true
		f.OrgID, _ = strconv.ParseInt(q.Get("org_id"), 10, 64)
		f.Kind, q = "", url.Values{} // the list shows the organization's whole record
	}
	list, err := h.Supervision.Sanctions(r.Context(), p.User, f)
	if err != nil {
		return err
	}
	orgs, err := h.Supervision.Supervised(r.Context(), p.User)
	if err != nil {
		return err
	}
	orgOpts := []optionView{h.blankOption(p.Lang, "sup.f.choose_org")}
	for _, o := range orgs {
		orgOpts = append(orgOpts, optionView{Value: itoa64(o.ID), Label: o.Name})
	}
	var kinds []string
	for _, k := range tiaojie.SanctionKinds() {
		if p.User.Has(tiaojie.RoleBureau) || !k.Grave() {
			kinds = append(kinds, string(k))
		}
	}
	fb := h.formOf(&Page{Lang: p.Lang, Form: q}, "sf", true)
	fb.choose("kind", "sup.f.sanction_kind", "", h.codeOptions(p.Lang, "staff.any", "sup.sanction.", strs(tiaojie.SanctionKinds())...))
	b := h.formOf(p, "sanction", live)
	b.choose("org_id", "sup.f.org", q.Get("org"), orgOpts, "required")
	b.choose("kind", "sup.f.sanction_kind", "", h.codeOptions(p.Lang, "", "sup.sanction.", kinds...), "required", "hint=sup.f.kind_hint")
	b.text("decided_on", "date", "sup.f.decided_on", h.Supervision.Today(), "required")
	b.text("title", "text", "sup.f.title", "", "hint=sup.f.title_hint")
	b.text("granted_by", "text", "sup.f.granted_by", "")
	b.text("reason", "text", "sup.f.reason", "", "rows=3")
	b.text("document", "text", "sup.f.document", "", "rows=4", "hint=sup.f.document_hint")
	b.text("file", "file", "sup.f.file", "", "accept=.pdf,.png,.jpg,.jpeg")
	b.text("levels", "number", "sup.f.levels", "", "inputmode=numeric")
	if err := h.mediatorChoice(r, p, b, f.OrgID, q.Get("mediator")); err != nil {
		return err
	}
	b.text("deadline", "date", "sup.f.deadline", "")
	p.Data = &staffSanctionsData{List: list, Filters: fb.done(), Form: b.done()}
	return h.render(w, r, status, "staff_sanctions", p)
}

// mediatorChoice offers the mediators of the chosen organization for a
// removal (除名), by name; before an organization is chosen, or for a
// caller who may not read the roster, the field takes a roster number.
func (h *Handler) mediatorChoice(r *http.Request, p *Page, b *formBuilder, orgID int64, stored string) error {
	if orgID == 0 || !p.User.Can(tiaojie.PermMediatorsRead) {
		b.text("mediator_id", "number", "sup.f.mediator", stored, "inputmode=numeric", "hint=sup.f.mediator_hint")
		return nil
	}
	list, _, err := h.Roster.List(r.Context(), p.User, roster.StaffFilter{OrgID: orgID, Limit: 200})
	if err != nil {
		return err
	}
	opts := []optionView{h.blankOption(p.Lang, "sup.f.no_mediator")}
	for _, m := range list {
		opts = append(opts, optionView{Value: itoa64(m.ID), Label: m.Name + "（" + h.Catalog.T(p.Lang, "staff.med.status."+string(m.Status)) + "）"})
	}
	b.choose("mediator_id", "sup.f.mediator_pick", stored, opts, "hint=sup.f.mediator_pick_hint")
	return nil
}

// staffSanctionCreate records a sanction or reward; the decision document
// is an optional upload beside the optional text.
func (h *Handler) staffSanctionCreate(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "sup.sanctions.title", nil)
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	var upload *files.Upload
	switch {
	case err == nil:
		upload = &up
	case r.MultipartForm == nil && r.PostForm == nil:
		return err
	case !isEmptyFile(err):
		return err
	}
	f := r.PostForm
	in := supervision.SanctionInput{Kind: tiaojie.SanctionKind(f.Get("kind")), Title: f.Get("title"), GrantedBy: f.Get("granted_by"),
		DecidedOn: strings.TrimSpace(f.Get("decided_on")), Reason: f.Get("reason"), Document: f.Get("document"),
		Deadline: strings.TrimSpace(f.Get("deadline"))}
	in.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	in.Levels, _ = strconv.Atoi(strings.TrimSpace(f.Get("levels")))
	in.MediatorID, _ = strconv.ParseInt(strings.TrimSpace(f.Get("mediator_id")), 10, 64)
	if _, err = h.Supervision.Impose(r.Context(), p.User, in, upload); err == nil {
		return redirect(w, r, "/staff/sanctions?done=sanction")
	}
	if k := tiaojie.ErrorKind(err); k != tiaojie.Invalid && k != tiaojie.Conflict && k != tiaojie.Forbidden {
		return err
	}
	p.Form = f
	p.Errors = h.fieldMessages(p.Lang, err)
	p.Problem = h.problemText(p.Lang, err)
	return h.sanctionsPage(w, r, p, true, route.Status(err))
}

// isEmptyFile reports whether err is only the missing file of an upload
// form, which a sanction may go without.
func isEmptyFile(err error) bool {
	var e *tiaojie.Error
	return errors.As(err, &e) && len(e.Fields) == 1 && e.Fields[0].Code == "files.empty"
}
