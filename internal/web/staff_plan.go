package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/plan"
	"tiaojie/internal/route"
)

// The rollout plan pages (实施步骤, SPEC C14, internal/plan): the progress
// board of every phase and pilot township, the bureau's forms (phases,
// tasks, pilot batches, ticks with evidence), a township's own page, and
// the final evaluation report, printable and as Excel.

// planRoutes registers the plan pages, one line each. Reading needs
// plan.view (the bureau, a township office, which the service narrows to
// its own row); every change and the report need plan.manage.
func (h *Handler) planRoutes(t *route.Table) {
	view, manage := tiaojie.PermPlanView, tiaojie.PermPlanManage
	t.Handle("GET /staff/plan", view, h.wrap(h.staffPlan))
	t.Handle("GET /staff/plan/townships/{code}", view, h.wrap(h.staffPlanTownship))
	t.Handle("GET /staff/plan/report", manage, h.wrap(h.staffPlanReport))
	t.Handle("GET /staff/plan/report.xlsx", manage, h.wrap(h.staffPlanExport))
	t.Handle("POST /staff/plan/phases/{seq}", manage, h.wrap(h.staffPlanPhase))
	t.Handle("POST /staff/plan/phases/{seq}/tasks", manage, h.wrap(h.staffPlanAddTask))
	t.Handle("POST /staff/plan/batches/{n}", manage, h.wrap(h.staffPlanBatch))
	t.Handle("POST /staff/plan/tasks/{id}", manage, h.wrap(h.staffPlanUpdateTask))
	t.Handle("POST /staff/plan/tasks/{id}/tick", manage, h.wrap(h.staffPlanTick))
	t.Handle("POST /staff/plan/tasks/{id}/untick", manage, h.wrap(h.staffPlanUntick))
	t.Handle("POST /staff/plan/tasks/{id}/delete", manage, h.wrap(h.staffPlanDelete))
	t.Handle("GET /staff/plan/tasks/{id}/evidence", manage, h.wrap(h.staffPlanEvidence))
}

// planData is the board page.
type planData struct {
	B       *plan.Board
	Phase   *plan.Phase // the phase shown, nil: all
	Rows    []plan.Row
	Checks  []tiaojie.PlanCheck
	Done    int                // complete rows among Rows
	Batches []*formView        // the bureau's batch forms, by batch
	Phases  map[int]*planForms // the bureau's forms of each phase
	Ticks   map[int64]*formView
	Edits   map[int64]*formView // the bureau's edit form of each task
	Metrics []optionView
}

// planForms are the forms of one phase.
type planForms struct {
	Edit, Add *formView
}

// staffPlan shows the board: every phase, or the one ?phase= names, with
// the rows of its batch.
func (h *Handler) staffPlan(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "plan.title", nil)
	h.notice(p, r, "plan.done.", "phase", "task", "task_saved", "batch", "tick", "untick", "delete")
	return h.planPage(w, r, p, http.StatusOK, "")
}

// planPage renders the board; live names the refused form ("" for none).
func (h *Handler) planPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	b, err := h.Plan.Board(r.Context(), p.User)
	if err != nil {
		return err
	}
	d := &planData{B: b, Rows: b.Rows, Checks: tiaojie.PlanChecks()}
	if seq, err := strconv.Atoi(r.URL.Query().Get("phase")); err == nil {
		if ph, ok := b.Phase(seq); ok {
			d.Phase, d.Rows = ph, b.RowsOf(ph.Batch)
		}
	}
	d.Done = plan.Complete(d.Rows)
	if b.Full {
		h.planForms(p, d, live)
	}
	p.Data = d
	return h.render(w, r, status, "staff_plan", p)
}

// planForms builds the bureau's forms; the one named live shows what was
// typed and its problems.
func (h *Handler) planForms(p *Page, d *planData, live string) {
	d.Metrics = []optionView{{Value: "", Label: h.Catalog.T(p.Lang, "plan.kind.manual")}}
	for _, m := range tiaojie.PlanMetrics() {
		d.Metrics = append(d.Metrics, optionView{Value: string(m), Label: h.Catalog.T(p.Lang, "plan.metric."+string(m))})
	}
	for _, n := range tiaojie.PilotBatches() {
		id := "batch" + strconv.Itoa(n)
		var chosen []string
		var opts []checkOption
		for _, t := range h.District.Townships {
			if d.B.Pilots[t.Code] == n {
				chosen = append(chosen, t.Code)
			}
			opts = append(opts, checkOption{Value: t.Code, Label: h.townshipName(p.Lang, t.Code)})
		}
		size, _ := tiaojie.PilotBatchSize(n)
		f := h.formOf(p, id, live == id)
		f.checks("townships", "plan.batch_n", chosen, opts, false)
		v := f.done()
		g := v.Checks["townships"]
		g.Legend = h.Catalog.Tm(p.Lang, "plan.batch_legend", map[string]string{"n": strconv.Itoa(n), "size": strconv.Itoa(size)})
		v.Checks["townships"] = g
		d.Batches = append(d.Batches, v)
	}
	d.Phases, d.Ticks, d.Edits = map[int]*planForms{}, map[int64]*formView{}, map[int64]*formView{}
	for _, ph := range d.B.Phases {
		id := "phase" + strconv.Itoa(ph.Seq)
		edit := h.formOf(p, id, live == id).text("name", "text", "plan.f.name", ph.Name, "required").
			text("starts_on", "date", "plan.f.starts_on", ph.StartsOn, "required").
			text("ends_on", "date", "plan.f.ends_on", ph.EndsOn, "required").done()
		aid := "add" + strconv.Itoa(ph.Seq)
		add := h.formOf(p, aid, live == aid).text("text", "text", "plan.f.text", "", "required", "rows=2").
			text("owner", "text", "plan.f.owner", h.District.Bureau.Name, "required").
			text("due_on", "date", "plan.f.due_on", ph.EndsOn, "required").
			choose("metric", "plan.f.metric", "", d.Metrics, "hint=plan.f.metric_hint").done()
		d.Phases[ph.Seq] = &planForms{Edit: edit, Add: add}
		for _, t := range ph.Tasks {
			eid := "edit" + strconv.FormatInt(t.ID, 10)
			d.Edits[t.ID] = h.formOf(p, eid, live == eid).text("text", "text", "plan.f.text", t.Text, "required", "rows=2").
				text("owner", "text", "plan.f.owner", t.Owner, "required").
				text("due_on", "date", "plan.f.due_on", t.DueOn, "required").
				choose("metric", "plan.f.metric", string(t.Metric), d.Metrics, "hint=plan.f.metric_hint").done()
			if t.Computed() {
				continue
			}
			tid := "task" + strconv.FormatInt(t.ID, 10)
			f := h.formOf(p, tid, live == tid)
			if t.Done {
				f.text("reason", "text", "plan.f.reason", "", "required")
			} else {
				f.text("note", "text", "plan.f.note", "", "required", "rows=2").
					text("done_on", "date", "plan.f.done_on", "").
					text("file", "file", "plan.f.evidence", "", "required", "accept=.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx", "hint=plan.f.evidence_hint")
			}
			d.Ticks[t.ID] = f.done()
		}
	}
}

// planRefused re-renders the board with the refused form's problems, or
// returns err when it is not the user's to correct.
func (h *Handler) planRefused(w http.ResponseWriter, r *http.Request, err error, live string) error {
	p := h.page(r, "plan.title", nil)
	if !h.problems(p, err) {
		return err
	}
	return h.planPage(w, r, p, route.Status(err), live)
}

// staffPlanPhase saves a phase's name and dates.
func (h *Handler) staffPlanPhase(w http.ResponseWriter, r *http.Request) error {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := tiaojie.PlanPhaseInput{Name: f.Get("name"), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on")}
	if err := h.Plan.UpdatePhase(r.Context(), auth.PrincipalFrom(r.Context()), seq, in); err != nil {
		return h.planRefused(w, r, err, "phase"+strconv.Itoa(seq))
	}
	return redirect(w, r, "/staff/plan?done=phase")
}

// staffPlanAddTask adds a task to a phase.
func (h *Handler) staffPlanAddTask(w http.ResponseWriter, r *http.Request) error {
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := tiaojie.PlanTaskInput{Text: f.Get("text"), Owner: f.Get("owner"), DueOn: f.Get("due_on"), Metric: tiaojie.PlanMetric(f.Get("metric"))}
	if _, err := h.Plan.AddTask(r.Context(), auth.PrincipalFrom(r.Context()), seq, in); err != nil {
		return h.planRefused(w, r, err, "add"+strconv.Itoa(seq))
	}
	return redirect(w, r, "/staff/plan?done=task")
}

// staffPlanUpdateTask changes a task's text, owner, due date and kind.
func (h *Handler) staffPlanUpdateTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := tiaojie.PlanTaskInput{Text: f.Get("text"), Owner: f.Get("owner"), DueOn: f.Get("due_on"), Metric: tiaojie.PlanMetric(f.Get("metric"))}
	if err := h.Plan.UpdateTask(r.Context(), auth.PrincipalFrom(r.Context()), id, in); err != nil {
		return h.planRefused(w, r, err, "edit"+itoa64(id))
	}
	return redirect(w, r, "/staff/plan?done=task_saved")
}

// staffPlanBatch chooses the pilot townships of a batch.
func (h *Handler) staffPlanBatch(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := h.Plan.SetBatch(r.Context(), auth.PrincipalFrom(r.Context()), n, r.PostForm["townships"]); err != nil {
		return h.planRefused(w, r, err, "batch"+strconv.Itoa(n))
	}
	return redirect(w, r, "/staff/plan?done=batch")
}

// staffPlanTick ticks a manual task with a note and its evidence.
func (h *Handler) staffPlanTick(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	live := "task" + itoa64(id)
	in := plan.TickInput{}
	if r.MultipartForm != nil {
		in.Note, in.DoneOn = r.FormValue("note"), r.FormValue("done_on")
	}
	if err == nil {
		in.Evidence = &up
		err = h.Plan.Tick(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	}
	if err != nil {
		return h.planRefused(w, r, err, live)
	}
	return redirect(w, r, "/staff/plan?done=tick")
}

// staffPlanUntick reopens a ticked task with a reason.
func (h *Handler) staffPlanUntick(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := h.Plan.Untick(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PostForm.Get("reason")); err != nil {
		return h.planRefused(w, r, err, "task"+itoa64(id))
	}
	return redirect(w, r, "/staff/plan?done=untick")
}

// staffPlanDelete removes a task.
func (h *Handler) staffPlanDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Plan.DeleteTask(r.Context(), auth.PrincipalFrom(r.Context()), id); err != nil {
		return h.planRefused(w, r, err, "")
	}
	return redirect(w, r, "/staff/plan?done=delete")
}

// staffPlanEvidence sends a ticked task's evidence.
func (h *Handler) staffPlanEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, data, err := h.Plan.Evidence(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return sendBytes(w, m, data, true)
}

// planTownshipData is one township's page.
type planTownshipData struct {
	B      *plan.Board
	Row    *plan.Row
	Checks []tiaojie.PlanCheck
}

// staffPlanTownship shows one township's row with what each check means;
// a township office reaches only its own (the board holds no other row).
func (h *Handler) staffPlanTownship(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "plan.township_title", nil)
	b, err := h.Plan.Board(r.Context(), p.User)
	if err != nil {
		return err
	}
	row, ok := b.Row(r.PathValue("code"))
	if !ok {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	p.Data = &planTownshipData{B: b, Row: row, Checks: tiaojie.PlanChecks()}
	return h.render(w, r, http.StatusOK, "staff_plan_township", p)
}

// staffPlanReport shows the final evaluation report, laid out for print.
func (h *Handler) staffPlanReport(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "plan.report_title", nil)
	rep, err := h.Plan.Report(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = struct {
		R      *plan.Report
		Rows   []plan.Row
		Checks []tiaojie.PlanCheck
	}{rep, rep.Rows, tiaojie.PlanChecks()}
	return h.render(w, r, http.StatusOK, "staff_plan_report", p)
}

// staffPlanExport sends the report as a workbook of four sheets in the
// page's language.
func (h *Handler) staffPlanExport(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Plan.Report(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	lang := route.LangFrom(r.Context())
	return writeXLSX(w, lang, "总结评估报告", "rollout-report", rep.Sheets(h.Catalog.In(lang))...)
}
