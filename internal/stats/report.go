package stats

import (
	"context"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
)

// Report is the periodic statistics report (月报/季报/年报) in the layout
// the bureau reports upward: per township, the disputes accepted,
// mediated (ended) and settled (agreement reached), the success rate, the
// amounts involved, the mediated disputes by type, the accepted ones by
// source, and the agreements by form.
type Report struct {
	PeriodLabel string       `json:"period"`
	Scope       string       `json:"scope"`
	Types       []Tally      `json:"types"`   // the columns by dispute type (N unused)
	Sources     []Tally      `json:"sources"` // the columns by source (N unused)
	Lines       []ReportLine `json:"lines"`
	Total       ReportLine   `json:"total"`
}

// ReportLine is one township's line of the report.
type ReportLine struct {
	Township  string  `json:"township"`
	Name      string  `json:"name"`
	Accepted  int     `json:"accepted"`
	Mediated  int     `json:"mediated"`
	Settled   int     `json:"settled"`
	Rate      float64 `json:"success_rate"`
	AmountFen int64   `json:"amount_fen"` // in dispute, of the settled cases
	ByType    []int   `json:"by_type"`    // mediated, in the order of Report.Types
	BySource  []int   `json:"by_source"`  // accepted, in the order of Report.Sources
	Written   int     `json:"written"`
	Oral      int     `json:"oral"`
}

// Amount is the amounts in dispute of the settled cases, in yuan.
func (l ReportLine) Amount() string { return tiaojie.Money(l.AmountFen).FormatYuan() }

// Report returns the periodic report of f within p's scope.
func (s *Service) Report(ctx context.Context, p *tiaojie.Principal, f Filter) (*Report, error) {
	sc, ok := scopeOf(p)
	if !ok {
		return nil, s.forbid(ctx, p, "stats.report")
	}
	return s.report(ctx, sc, f, len(sc.orgs) == 0)
}

// report counts the report from the district tables (district) or from
// the rollup; a scope with organizations needs the rollup.
func (s *Service) report(ctx context.Context, sc scope, f Filter, district bool) (*Report, error) {
	rep := &Report{PeriodLabel: f.Period.Label, Scope: s.label(sc, f)}
	types, sources := typeCodes(), sourceCodes()
	typeAt, sourceAt := indexOf(types), indexOf(sources)
	for _, t := range types {
		rep.Types = append(rep.Types, Tally{Key: t, Label: typeName(t)})
	}
	for _, src := range sources {
		rep.Sources = append(rep.Sources, Tally{Key: src, Label: sourceName(src), Code: "case.source." + src})
	}
	lines := map[string]*ReportLine{}
	lineOf := func(t string) *ReportLine {
		l := lines[t]
		if l == nil {
			l = &ReportLine{Township: t, Name: s.townshipName(t), ByType: make([]int, len(types)), BySource: make([]int, len(sources))}
			lines[t] = l
		}
		return l
	}
	var err error
	if district {
		// The district tables (district.go): the lines of each township.
		err = scanLines(ctx, s.db.Lagging(), lineWhere(sc, f, pieces(f.Period)), func(_ string, k lineKey, ln *line) {
			for _, l := range []*ReportLine{lineOf(k.township), &rep.Total} {
				l.addLine(k, ln, typeAt, sourceAt, len(types), len(sources))
			}
		})
	} else {
		err = s.readRollup(ctx, sc, f, nil, func(r *rollupRow) {
			for _, l := range []*ReportLine{lineOf(r.k.township), &rep.Total} {
				l.add(r, typeAt, sourceAt, len(types), len(sources))
			}
		})
	}
	if err != nil {
		return nil, err
	}
	order := s.townshipCodes()
	if f.Township != "" {
		order = []string{f.Township}
	} else if !sc.district {
		order = sc.townships
	}
	seen := map[string]bool{}
	for _, t := range order {
		seen[t] = true
		l := lineOf(t)
		l.Rate = tiaojie.Rate(l.Settled, l.Mediated)
		rep.Lines = append(rep.Lines, *l)
	}
	for t, l := range lines {
		if !seen[t] { // an organization's cases in another township
			l.Rate = tiaojie.Rate(l.Settled, l.Mediated)
			rep.Lines = append(rep.Lines, *l)
		}
	}
	rep.Total.Name = "合计"
	if rep.Total.ByType == nil {
		rep.Total.ByType, rep.Total.BySource = make([]int, len(types)), make([]int, len(sources))
	}
	rep.Total.Rate = tiaojie.Rate(rep.Total.Settled, rep.Total.Mediated)
	return rep, nil
}

// add counts a row of the rollup into the line, whose ByType and
// BySource have nt and ns columns.
func (l *ReportLine) add(r *rollupRow, typeAt, sourceAt map[string]int, nt, ns int) {
	if l.ByType == nil {
		l.ByType, l.BySource = make([]int, nt), make([]int, ns)
	}
	n := int(r.v.cases)
	switch r.basis {
	case BasisAccepted:
		l.Accepted += n
		if i, ok := sourceAt[r.k.source]; ok {
			l.BySource[i] += n
		}
	case BasisClosed:
		l.Mediated += n
		if i, ok := typeAt[r.k.disputeType]; ok {
			l.ByType[i] += n
		}
		if r.k.outcome == string(tiaojie.OutcomeAgreement) {
			l.Settled += n
			l.AmountFen += r.v.amountFen
			switch r.k.form {
			case tiaojie.AgreementWritten:
				l.Written += n
			case tiaojie.AgreementOral:
				l.Oral += n
			}
		}
	}
}

// addLine counts a line of the district tables into the report's line:
// the township's line its totals, a type's and a source's their column.
func (l *ReportLine) addLine(k lineKey, ln *line, typeAt, sourceAt map[string]int, nt, ns int) {
	if l.ByType == nil {
		l.ByType, l.BySource = make([]int, nt), make([]int, ns)
	}
	switch k.grp {
	case grpAll:
		l.Accepted += int(ln.accepted)
		l.Mediated += int(ln.closed)
		l.Settled += int(ln.agreed)
		l.AmountFen += ln.agreedFen
		l.Written += int(ln.written)
		l.Oral += int(ln.oral)
	case grpType:
		if i, ok := typeAt[k.item]; ok {
			l.ByType[i] += int(ln.closed)
		}
	case grpSource:
		if i, ok := sourceAt[k.item]; ok {
			l.BySource[i] += int(ln.accepted)
		}
	}
}

func indexOf(ks []string) map[string]int {
	m := make(map[string]int, len(ks))
	for i, k := range ks {
		m[k] = i
	}
	return m
}

// ReportSheet returns the report as a worksheet, the export audited
// (stats.export).
func (s *Service) ReportSheet(ctx context.Context, p *tiaojie.Principal, f Filter) (export.Sheet, error) {
	sc, ok := scopeOf(p)
	if !ok {
		return export.Sheet{}, s.forbid(ctx, p, "stats.export")
	}
	rep, err := s.report(ctx, sc, f, len(sc.orgs) == 0)
	if err != nil {
		return export.Sheet{}, err
	}
	if err := s.recordExport(ctx, p, "report", f); err != nil {
		return export.Sheet{}, err
	}
	return reportSheet(rep), nil
}

func reportSheet(rep *Report) export.Sheet {
	h := []string{"乡镇", "受理", "调解", "调解成功", "成功率(%)", "涉及金额"}
	for _, t := range rep.Types {
		h = append(h, "调解·"+t.Label)
	}
	for _, src := range rep.Sources {
		h = append(h, "受理·"+src.Label)
	}
	h = append(h, "书面协议", "口头协议")
	sh := export.Sheet{Name: "统计报表 " + rep.PeriodLabel, Headers: h}
	for _, l := range append(rep.Lines, rep.Total) {
		row := []any{l.Name, l.Accepted, l.Mediated, l.Settled, l.Rate, tiaojie.Money(l.AmountFen)}
		for _, n := range l.ByType {
			row = append(row, n)
		}
		for _, n := range l.BySource {
			row = append(row, n)
		}
		sh.Rows = append(sh.Rows, append(row, l.Written, l.Oral))
	}
	return sh
}

// DashboardSheets returns the dashboard of f as worksheets, one per
// chart, the export audited (stats.export).
func (s *Service) DashboardSheets(ctx context.Context, p *tiaojie.Principal, f Filter) ([]export.Sheet, error) {
	if _, ok := scopeOf(p); !ok {
		return nil, s.forbid(ctx, p, "stats.export")
	}
	d, err := s.Dashboard(ctx, p, f)
	if err != nil {
		return nil, err
	}
	if err := s.recordExport(ctx, p, "dashboard", f); err != nil {
		return nil, err
	}
	return dashboardSheets(d), nil
}

func (s *Service) recordExport(ctx context.Context, p *tiaojie.Principal, what string, f Filter) error {
	return s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "stats.export", ObjectType: "stats",
		Detail: map[string]string{"what": what, "period": f.Period.Label, "township": f.Township}})
}

// rowHeaders are the columns of a lines sheet.
var rowHeaders = []string{"受理(立案)", "受理", "调解结束", "调解成功", "成功率(%)", "涉及金额", "成功涉及金额", "中位天数", "平均天数"}

func rowSheet(name, first string, rows []Breakdown) export.Sheet {
	sh := export.Sheet{Name: name, Headers: append([]string{first}, rowHeaders...)}
	for _, r := range rows {
		var med any
		if r.MedianDays >= 0 {
			med = r.MedianDays
		}
		sh.Rows = append(sh.Rows, []any{r.Label, r.Filed, r.Accepted, r.Closed, r.Agreed, r.Rate,
			tiaojie.Money(r.AmountFen), tiaojie.Money(r.AgreedFen), med, r.MeanDays})
	}
	return sh
}

func countSheet(name, first string, cs []Tally) export.Sheet {
	sh := export.Sheet{Name: name, Headers: []string{first, "数量"}}
	for _, c := range cs {
		sh.Rows = append(sh.Rows, []any{c.Label, c.N})
	}
	return sh
}

func settledSheet(name string, cells []SettledCell) export.Sheet {
	sh := export.Sheet{Name: name, Headers: []string{"乡镇", "纠纷类型", "调解结束", "调解成功", "中位天数", "平均天数"}}
	for _, c := range cells {
		var med any
		if c.MedianDays >= 0 {
			med = c.MedianDays
		}
		sh.Rows = append(sh.Rows, []any{c.TownshipName, c.TypeName, c.Closed, c.Settled, med, c.MeanDays})
	}
	return sh
}

func dashboardSheets(d *Dashboard) []export.Sheet {
	var med any
	if d.Total.MedianDays >= 0 {
		med = d.Total.MedianDays
	}
	overview := export.Sheet{Name: "概览", Headers: []string{"指标", "数值"}, Rows: [][]any{
		{"统计期间", d.PeriodLabel}, {"范围", d.Scope},
		{"受理(立案)", d.Total.Filed}, {"受理", d.Total.Accepted}, {"调解结束", d.Total.Closed}, {"调解成功", d.Total.Agreed},
		{"成功率(%)", d.Total.Rate}, {"涉及金额", tiaojie.Money(d.Total.AmountFen)}, {"成功涉及金额", tiaojie.Money(d.Total.AgreedFen)},
		{"调解天数中位数", med}, {"调解天数平均数", d.Total.MeanDays}, {"评价数", d.Ratings}, {"满意度(平均星级)", d.Satisfaction},
		{"培训学时", d.Training.Hours}, {"参训调解员", d.Training.Mediators},
	}}
	if d.Funnel != nil {
		overview.Rows = append(overview.Rows, []any{"被申请人·已邀请", d.Funnel.Invited}, []any{"被申请人·已查看", d.Funnel.Opened},
			[]any{"被申请人·同意调解", d.Funnel.Joined}, []any{"被申请人·达成协议", d.Funnel.Agreed}, []any{"被申请人·拒绝", d.Funnel.Declined})
	}
	sheets := []export.Sheet{overview,
		settledSheet("婚姻家庭·各乡镇", d.Family),
		settledSheet("乡镇×纠纷类型", d.Settled),
		rowSheet("按月", "月份", d.ByMonth),
		rowSheet("按纠纷类型", "纠纷类型", d.ByType),
		rowSheet("按乡镇", "乡镇", d.ByTownship),
		rowSheet("按组织", "调解组织", d.ByOrg),
		rowSheet("按来源", "案件来源", d.BySource),
		countSheet("办理结果", "结果", d.ByOutcome),
		countSheet("协议形式", "形式", d.ByForm),
		countSheet("组织·类型", "类型", d.Orgs.ByType),
		countSheet("组织·星级", "星级", d.Orgs.ByStars),
		countSheet("组织·乡镇", "乡镇", d.Orgs.ByTownship),
		countSheet("培训学时·按月", "月份", d.Training.ByMonth),
		countSheet("投诉", "状态", d.Complaints),
		countSheet("奖惩", "类别", d.Sanctions),
	}
	if d.Incubation != nil {
		sheets = append(sheets, countSheet("孵化", "阶段", d.Incubation))
	}
	return sheets
}
