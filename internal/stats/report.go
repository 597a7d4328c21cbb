package stats

import (
	"context"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
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
// (stats.export). It is always in Chinese, whatever the reader's
// language: it is the form the bureau files upward (docs/statistics.md).
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
// chart, in the reader's language (w), the export audited (stats.export).
func (s *Service) DashboardSheets(ctx context.Context, p *tiaojie.Principal, f Filter, w i18n.Words) ([]export.Sheet, error) {
	sc, ok := scopeOf(p)
	if !ok {
		return nil, s.forbid(ctx, p, "stats.export")
	}
	d, err := s.Dashboard(ctx, p, f)
	if err != nil {
		return nil, err
	}
	if err := s.recordExport(ctx, p, "dashboard", f); err != nil {
		return nil, err
	}
	return s.dashboardSheets(d, s.labelIn(w, sc, f), w), nil
}

func (s *Service) recordExport(ctx context.Context, p *tiaojie.Principal, what string, f Filter) error {
	return s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "stats.export", ObjectType: "stats",
		Detail: map[string]string{"what": what, "period": f.Period.Label, "township": f.Township}})
}

// sheetWords are the words of the dashboard's workbook: the headers, and
// the labels of a line or a count in the reader's language.
type sheetWords struct {
	w i18n.Words
	s *Service
}

// t returns the header stats.xlsx.<key>.
func (x sheetWords) t(key string) string { return x.w.T("stats.xlsx." + key) }

// code labels a line or count by its message code, or as it is (months,
// organizations).
func (x sheetWords) code(_, label, code string) string {
	if code == "" {
		return label
	}
	return x.w.T(code)
}

// kind labels a dispute type by its code.
func (x sheetWords) kind(key, label, _ string) string {
	t, _ := tiaojie.DisputeTypeByCode(key)
	return x.w.Name(label, t.NameEn)
}

// town labels a township by its code.
func (x sheetWords) town(key, label, _ string) string {
	if name := x.s.townshipIn(x.w, key); name != key {
		return name
	}
	return label
}

// label labels a line or a count: its key, zh label and message code.
type label func(key, label, code string) string

func (x sheetWords) rowSheet(name, first string, rows []Breakdown, lb label) export.Sheet {
	sh := export.Sheet{Name: x.t("sheet." + name), Headers: append([]string{x.t(first)},
		x.w.List("stats.xlsx.", "filed", "accepted", "closed", "agreed", "rate", "amount", "agreed_amount", "median", "mean")...)}
	for _, r := range rows {
		var med any
		if r.MedianDays >= 0 {
			med = r.MedianDays
		}
		sh.Rows = append(sh.Rows, []any{lb(r.Key, r.Label, r.Code), r.Filed, r.Accepted, r.Closed, r.Agreed, r.Rate,
			tiaojie.Money(r.AmountFen), tiaojie.Money(r.AgreedFen), med, r.MeanDays})
	}
	return sh
}

func (x sheetWords) countSheet(name, first string, cs []Tally, lb label) export.Sheet {
	sh := export.Sheet{Name: x.t("sheet." + name), Headers: []string{x.t(first), x.t("count")}}
	for _, c := range cs {
		sh.Rows = append(sh.Rows, []any{lb(c.Key, c.Label, c.Code), c.N})
	}
	return sh
}

func (x sheetWords) settledSheet(name string, cells []SettledCell) export.Sheet {
	sh := export.Sheet{Name: x.t("sheet." + name),
		Headers: x.w.List("stats.xlsx.", "township", "dispute_type", "closed", "agreed", "median", "mean")}
	for _, c := range cells {
		var med any
		if c.MedianDays >= 0 {
			med = c.MedianDays
		}
		sh.Rows = append(sh.Rows, []any{x.town(c.Township, c.TownshipName, ""), x.kind(c.Type, c.TypeName, ""),
			c.Closed, c.Settled, med, c.MeanDays})
	}
	return sh
}

// dashboardSheets writes the dashboard as sheets in w's language: the
// labels with a message code are w's, dispute types and townships are
// named in English for an English reader, months and organizations as
// they are. scope names the dashboard's scope in w's language.
func (s *Service) dashboardSheets(d *Dashboard, scope string, w i18n.Words) []export.Sheet {
	x := sheetWords{w: w, s: s}
	var med any
	if d.Total.MedianDays >= 0 {
		med = d.Total.MedianDays
	}
	overview := export.Sheet{Name: x.t("sheet.overview"), Headers: []string{x.t("figure"), x.t("value")}}
	for _, r := range []struct {
		key string
		v   any
	}{
		{"period", d.PeriodLabel}, {"scope", scope},
		{"filed", d.Total.Filed}, {"accepted", d.Total.Accepted}, {"closed", d.Total.Closed}, {"agreed", d.Total.Agreed},
		{"rate", d.Total.Rate}, {"amount", tiaojie.Money(d.Total.AmountFen)}, {"agreed_amount", tiaojie.Money(d.Total.AgreedFen)},
		{"median_days", med}, {"mean_days", d.Total.MeanDays}, {"ratings", d.Ratings}, {"satisfaction", d.Satisfaction},
		{"training_hours", d.Training.Hours}, {"trainees", d.Training.Mediators},
	} {
		overview.Rows = append(overview.Rows, []any{x.t(r.key), r.v})
	}
	if f := d.Funnel; f != nil {
		overview.Rows = append(overview.Rows, []any{x.t("funnel_invited"), f.Invited}, []any{x.t("funnel_opened"), f.Opened},
			[]any{x.t("funnel_joined"), f.Joined}, []any{x.t("funnel_agreed"), f.Agreed}, []any{x.t("funnel_declined"), f.Declined})
	}
	sheets := []export.Sheet{overview,
		x.settledSheet("family", d.Family),
		x.settledSheet("settled", d.Settled),
		x.rowSheet("by_month", "month", d.ByMonth, x.code),
		x.rowSheet("by_type", "dispute_type", d.ByType, x.kind),
		x.rowSheet("by_township", "township", d.ByTownship, x.town),
		x.rowSheet("by_org", "org", d.ByOrg, x.code),
		x.rowSheet("by_source", "source", d.BySource, x.code),
		x.countSheet("outcomes", "outcome", d.ByOutcome, x.code),
		x.countSheet("forms", "form", d.ByForm, x.code),
		x.countSheet("org_types", "type", d.Orgs.ByType, x.code),
		x.countSheet("org_stars", "stars", d.Orgs.ByStars, x.code),
		x.countSheet("org_townships", "township", d.Orgs.ByTownship, x.town),
		x.countSheet("training", "month", d.Training.ByMonth, x.code),
		x.countSheet("complaints", "status", d.Complaints, x.code),
		x.countSheet("sanctions", "kind", d.Sanctions, x.code),
	}
	if d.Incubation != nil {
		sheets = append(sheets, x.countSheet("incubation", "stage", d.Incubation, x.code))
	}
	return sheets
}
