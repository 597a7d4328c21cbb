package plan

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/export"
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
	Name   string // zh, as the report is filed upward in Chinese
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

// metricNames are the zh names of the metrics in the workbook.
var metricNames = map[tiaojie.PlanMetric]string{
	tiaojie.MetricSites:           "培育基地与培育之家",
	tiaojie.MetricBatchInHome:     "试点组织登记并入驻",
	tiaojie.MetricBatchRegistered: "试点组织登记",
	tiaojie.MetricDistrictOrgs:    "区级登记组织",
	tiaojie.MetricBrand:           "品牌材料",
}

// checkNames are the zh names of the township checks in the workbook.
var checkNames = map[tiaojie.PlanCheck]string{
	tiaojie.CheckHome:       "培育之家已批准",
	tiaojie.CheckResident:   "团队已入驻",
	tiaojie.CheckRegistered: "已有登记注册组织",
	tiaojie.CheckInHome:     "登记组织已入驻培育之家",
}

// Sheets returns the report as workbook sheets: targets, phases, tasks
// and pilot townships.
func (r *Report) Sheets() []export.Sheet {
	tg := export.Sheet{Name: "目标", Headers: []string{"目标", "完成情况", "是否达成"}}
	for _, t := range r.Targets {
		tg.Rows = append(tg.Rows, []any{t.Name, t.Figure, yesNo(t.Met)})
	}
	ph := export.Sheet{Name: "阶段", Headers: []string{"序号", "阶段", "开始日期", "结束日期", "试点批次", "任务数", "已完成", "完成率(%)", "逾期任务"}}
	ts := export.Sheet{Name: "任务", Headers: []string{"阶段", "任务", "责任单位", "完成期限", "类型", "是否完成", "是否逾期", "完成日期", "说明", "佐证材料"}}
	for _, p := range r.Phases {
		ph.Rows = append(ph.Rows, []any{p.Seq, p.Name, p.StartsOn, p.EndsOn, batchName(p.Batch), len(p.Tasks), p.Done, p.Percent, p.Overdue})
		for _, t := range p.Tasks {
			kind := "人工确认"
			if t.Computed() {
				kind = "平台计算：" + metricNames[t.Metric]
			}
			ts.Rows = append(ts.Rows, []any{p.Name, t.Text, t.Owner, t.DueOn, kind, yesNo(t.Done), yesNo(t.Overdue), t.DoneOn, t.Note, t.FileName})
		}
	}
	tw := export.Sheet{Name: "试点乡镇", Headers: []string{"乡镇", "批次"}}
	for _, c := range tiaojie.PlanChecks() {
		tw.Headers = append(tw.Headers, checkNames[c])
	}
	tw.Headers = append(tw.Headers, "已登记组织数", "全部达成")
	for _, row := range r.Rows {
		cells := []any{row.Township.Name, batchName(row.Batch)}
		for _, c := range row.Checks {
			cells = append(cells, yesNo(c.Done))
		}
		tw.Rows = append(tw.Rows, append(cells, row.Facts.Registered, yesNo(row.Complete)))
	}
	return []export.Sheet{tg, ph, ts, tw}
}

func batchName(n int) string {
	if n == 0 {
		return "全部试点乡镇"
	}
	return "第" + []string{"", "一", "二", "三"}[n] + "批"
}
