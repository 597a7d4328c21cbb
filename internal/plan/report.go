package plan

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
)

// Report is the final evaluation report (总结评估报告): the board with the
// targets and their figures, as the bureau exports and prints it.
type Report struct {
	*Board
	Targets []Target
}

// Target is one of the policy's targets with the platform's figure.
type Target struct {
	Code   string // stable: pilots, in_home, district_orgs, brand, base
	Name   string // zh, as the report is filed upward; Sheets writes plan.target.<Code> in the reader's language
	Figure string
	Met    bool
}

// Report builds the final evaluation report. Only the bureau may: it
// holds the district-wide figures.
func (s *Service) Report(ctx context.Context, p *tiaojie.Principal) (*Report, error) {
	if err := needManage(p); err != nil {
		return nil, s.settle(ctx, p, "plan.report", "plan", 0, err)
	}
	b, err := s.Board(ctx, p)
	if err != nil {
		return nil, err
	}
	return &Report{Board: b, Targets: targets(b)}, nil
}

// targets states the policy's targets against the board.
func targets(b *Board) []Target {
	rows := b.RowsOf(0)
	inHome := Complete(rows)
	chosen, all := len(b.Pilots), 0
	for _, n := range tiaojie.PilotBatches() {
		size, _ := tiaojie.PilotBatchSize(n)
		all += size
	}
	return []Target{
		{"pilots", "试点乡镇已选取（3+6+9家）", strconv.Itoa(chosen) + "/" + strconv.Itoa(all), chosen == all},
		{"in_home", "试点乡镇设立依法登记注册的调解组织并入驻培育之家", strconv.Itoa(inHome) + "/" + strconv.Itoa(len(rows)), len(rows) > 0 && inHome == len(rows)},
		{"district_orgs", "区级层面依法登记注册的调解组织（2个及以上）", strconv.Itoa(b.Facts.DistrictOrgs), b.Facts.DistrictOrgs >= tiaojie.PlanDistrictOrgTarget},
		{"brand", "选树调解组织具备形象标识与特色服务清单", strconv.Itoa(b.Facts.FeaturedBranded) + "/" + strconv.Itoa(b.Facts.Featured),
			b.Facts.Featured > 0 && b.Facts.FeaturedBranded == b.Facts.Featured},
		{"base", "区调解组织培育基地已设立", yesNo(b.Facts.BaseApproved), b.Facts.BaseApproved},
	}
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// Sheets returns the report as workbook sheets in the reader's language
// (w): targets, phases, tasks and pilot townships. The sheet names,
// headers, targets, kinds, checks, batches and yes/no cells are w's; the
// township names are English for an English reader; what the bureau
// wrote (phase names, tasks, owners, notes) stays as written.
func (r *Report) Sheets(w i18n.Words) []export.Sheet {
	tg := export.Sheet{Name: w.T("plan.xlsx.targets"), Headers: w.List("plan.xlsx.", "target", "figure", "met")}
	for _, t := range r.Targets {
		figure := t.Figure
		if t.Code == "base" {
			figure = w.YesNo(t.Met)
		}
		tg.Rows = append(tg.Rows, []any{w.T("plan.target." + t.Code), figure, w.YesNo(t.Met)})
	}
	ph := export.Sheet{Name: w.T("plan.xlsx.phases"), Headers: w.List("plan.xlsx.",
		"seq", "phase", "starts_on", "ends_on", "batch", "task_count", "done", "percent", "overdue_count")}
	tk := export.Sheet{Name: w.T("plan.xlsx.tasks"), Headers: w.List("plan.xlsx.",
		"phase", "task", "owner", "due_on", "kind", "task_done", "overdue", "done_on", "note", "evidence")}
	for _, p := range r.Phases {
		ph.Rows = append(ph.Rows, []any{p.Seq, p.Name, p.StartsOn, p.EndsOn, batchName(w, p.Batch), len(p.Tasks), p.Done, p.Percent, p.Overdue})
		for _, t := range p.Tasks {
			kind := w.T("plan.kind.manual")
			if t.Computed() {
				kind = w.T("plan.xlsx.computed", "metric", w.T("plan.metric."+string(t.Metric)))
			}
			tk.Rows = append(tk.Rows, []any{p.Name, t.Text, t.Owner, t.DueOn, kind, w.YesNo(t.Done), w.YesNo(t.Overdue), t.DoneOn, t.Note, t.FileName})
		}
	}
	tw := export.Sheet{Name: w.T("plan.xlsx.townships"), Headers: w.List("plan.xlsx.", "township", "township_batch")}
	for _, c := range tiaojie.PlanChecks() {
		tw.Headers = append(tw.Headers, w.T("plan.check."+string(c)))
	}
	tw.Headers = append(tw.Headers, w.List("plan.xlsx.", "registered", "complete")...)
	for _, row := range r.Rows {
		cells := []any{w.Name(row.Township.Name, row.Township.NameEn), batchName(w, row.Batch)}
		for _, c := range row.Checks {
			cells = append(cells, w.YesNo(c.Done))
		}
		tw.Rows = append(tw.Rows, append(cells, row.Facts.Registered, w.YesNo(row.Complete)))
	}
	return []export.Sheet{tg, ph, tk, tw}
}

// batchName names pilot batch n (0: every pilot township).
func batchName(w i18n.Words, n int) string {
	if n == 0 {
		return w.T("plan.all_pilots")
	}
	return w.T("plan.batch_short", "n", strconv.Itoa(n))
}
