package stats

import (
	"cmp"
	"context"
	"slices"

	"tiaojie"
	"tiaojie/internal/cases"
	"tiaojie/internal/db"
)

// Breakdown is one line of a lines of the cases: filed, accepted and ended
// in the period, how many of those ended with an agreement, the amounts
// in dispute, and the mediations' length.
type Breakdown struct {
	Key        string  `json:"key"`
	Label      string  `json:"label"`          // zh-CN
	Code       string  `json:"code,omitempty"` // message code of the label, when it has one
	Filed      int     `json:"filed"`
	Accepted   int     `json:"accepted"`
	Closed     int     `json:"closed"`
	Agreed     int     `json:"agreed"`
	Rate       float64 `json:"success_rate"` // agreed / closed, percent
	AmountFen  int64   `json:"amount_fen"`   // of the cases filed
	AgreedFen  int64   `json:"agreed_amount_fen"`
	MedianDays int     `json:"median_days"` // -1: no mediation ended
	MeanDays   float64 `json:"mean_days"`
	hist       map[int]int
}

// Amount is the amounts in dispute of the cases filed, in yuan.
func (r Breakdown) Amount() string { return tiaojie.Money(r.AmountFen).FormatYuan() }

// Median is the median days, or "—" when no mediation ended.
func (r Breakdown) Median() string {
	if r.MedianDays < 0 {
		return "—"
	}
	return itoa(r.MedianDays)
}

// Median is the median days, or "—" when no mediation ended.
func (c SettledCell) Median() string {
	if c.MedianDays < 0 {
		return "—"
	}
	return itoa(c.MedianDays)
}

// Tally is a labelled count.
type Tally struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Code  string `json:"code,omitempty"`
	N     int    `json:"n"`
}

// SettledCell is one cell of the township × dispute type view: agreements
// reached in the period and the median days they took.
type SettledCell struct {
	Township     string  `json:"township"`
	TownshipName string  `json:"township_name"`
	Type         string  `json:"dispute_type"`
	TypeName     string  `json:"dispute_type_name"`
	Closed       int     `json:"closed"`
	Settled      int     `json:"settled"`
	MedianDays   int     `json:"median_days"`
	MeanDays     float64 `json:"mean_days"`
}

// Participation is the participation of the respondents invited in the
// period, summed over the scope and township.
type Participation struct {
	Invited  int `json:"invited"`
	Opened   int `json:"opened"`
	Joined   int `json:"joined"`
	Agreed   int `json:"agreed"`
	Declined int `json:"declined"`
}

// Dashboard is the figures of a scope and period.
type Dashboard struct {
	Period       tiaojie.Period  `json:"-"`
	PeriodLabel  string          `json:"period"`
	Township     string          `json:"township,omitempty"`
	Scope        string          `json:"scope"`
	Total        Breakdown       `json:"total"`
	Ratings      int             `json:"ratings"`
	Satisfaction float64         `json:"satisfaction"` // mean stars of the ratings of cases ended in the period
	ByMonth      []Breakdown     `json:"by_month"`
	ByType       []Breakdown     `json:"by_type"`
	ByTownship   []Breakdown     `json:"by_township"`
	ByOrg        []Breakdown     `json:"by_org"` // the TopOrgs with the most cases filed
	BySource     []Breakdown     `json:"by_source"`
	ByOutcome    []Tally         `json:"by_outcome"` // cases filed in the period by how they stand
	ByForm       []Tally         `json:"by_form"`    // agreements reached in the period by form
	Settled      []SettledCell   `json:"settled"`    // township × dispute type
	Family       []SettledCell   `json:"family"`     // Settled for 婚姻家庭, one line per township
	Funnel       *Participation  `json:"funnel,omitempty"`
	Orgs         OrgFigures      `json:"orgs"`
	Incubation   []Tally         `json:"incubation,omitempty"`
	Training     TrainingFigures `json:"training"`
	Complaints   []Tally         `json:"complaints"`
	Sanctions    []Tally         `json:"sanctions"`
	Procurement  Procurement     `json:"procurement"`
}

// TopOrgs is how many organizations the lines by organization shows.
const TopOrgs = 10

// FamilyType is the dispute type of the at-a-glance view.
const FamilyType = "marriage_family"

// Dashboard returns the figures of f within p's scope.
func (s *Service) Dashboard(ctx context.Context, p *tiaojie.Principal, f Filter) (*Dashboard, error) {
	sc, ok := scopeOf(p)
	if !ok {
		return nil, s.forbid(ctx, p, "stats.dashboard")
	}
	d, err := s.figures.get(ctx, cacheKey(sc, f), s.now(), func(ctx context.Context) (*Dashboard, error) {
		return s.caseFigures(ctx, sc, f)
	})
	if err != nil {
		return nil, err
	}
	if d.Orgs, err = s.orgFigures(ctx, sc, f); err != nil {
		return nil, err
	}
	if d.Training, err = s.training(ctx, sc, f); err != nil {
		return nil, err
	}
	if d.Complaints, d.Sanctions, err = s.supervision(ctx, sc, f); err != nil {
		return nil, err
	}
	if d.Procurement, err = s.procurement(ctx, sc, f); err != nil {
		return nil, err
	}
	if s.cases != nil && p.Can(tiaojie.PermCasesRead) {
		// The respondents invited in the period, in the township asked for.
		r, err := s.cases.FunnelTotal(ctx, p, cases.FunnelScope{From: f.Period.Start(), To: f.Period.End(), Township: f.Township})
		if err != nil {
			return nil, err
		}
		d.Funnel = &Participation{Invited: r.Invited, Opened: r.Opened, Joined: r.Joined, Agreed: r.Agreed, Declined: r.Declined}
	}
	if s.incubation != nil && p.Can(tiaojie.PermIncubation) {
		if d.Incubation, err = s.incubationFunnel(ctx, p, f); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// rollupRow is a row of the rollup as the dashboard reads it.
type rollupRow struct {
	basis, month string
	k            key
	v            sums
}

// readRollup reads the rollup rows of the period within the scope, of
// the organizations orgs only unless nil.
func (s *Service) readRollup(ctx context.Context, sc scope, f Filter, orgs []int64, each func(r *rollupRow)) error {
	w := &db.Where{}
	// The bases named so that the primary key (basis, month, …) finds
	// the period's rows.
	w.Add("r.basis IN ('filed', 'accepted', 'closed')")
	w.Add("r.month >= " + w.Arg(f.Period.From.String()))
	w.Add("r.month <= " + w.Arg(f.Period.To.String()))
	if f.Township != "" {
		w.Add("r.township = " + w.Arg(f.Township))
	}
	sc.where(w, "r.township", "r.org_id")
	if orgs != nil {
		w.Add("r.org_id IN (" + db.In(w, orgs) + ")")
	}
	rows, err := s.db.Lagging().QueryContext(ctx, `
		SELECT r.basis, r.month, r.township, r.org_id, r.dispute_type, r.source, r.outcome, r.agreement_form, r.days,
		       r.cases, r.amount_fen, r.ratings, r.stars
		FROM stats_case_rollup r WHERE `+w.String(), w.Args()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r rollupRow
	for rows.Next() {
		if err := rows.Scan(&r.basis, &r.month, &r.k.township, &r.k.orgID, &r.k.disputeType, &r.k.source, &r.k.outcome,
			&r.k.form, &r.k.days, &r.v.cases, &r.v.amountFen, &r.v.ratings, &r.v.stars); err != nil {
			return err
		}
		each(&r)
	}
	return rows.Err()
}

// add counts a rollup row into a lines line.
func (row *Breakdown) add(r *rollupRow) {
	n := int(r.v.cases)
	switch r.basis {
	case BasisFiled:
		row.Filed += n
		row.AmountFen += r.v.amountFen
	case BasisAccepted:
		row.Accepted += n
	case BasisClosed:
		row.Closed += n
		if r.k.outcome == string(tiaojie.OutcomeAgreement) {
			row.Agreed += n
			row.AgreedFen += r.v.amountFen
		}
		if r.k.days >= 0 {
			if row.hist == nil {
				row.hist = map[int]int{}
			}
			row.hist[r.k.days] += n
		}
	}
}

// finish computes a line's rate and durations.
func (row *Breakdown) finish() {
	row.Rate = tiaojie.Rate(row.Agreed, row.Closed)
	row.MedianDays, row.MeanDays = durations(row.hist)
}

// durations returns the median and mean of a histogram of days, -1 and 0
// when it is empty.
func durations(hist map[int]int) (int, float64) {
	h := make([]tiaojie.DayCount, 0, len(hist))
	total, sum := 0, 0
	for d, n := range hist {
		h = append(h, tiaojie.DayCount{Days: d, N: n})
		total += n
		sum += d * n
	}
	med, ok := tiaojie.MedianDays(h)
	if !ok {
		return -1, 0
	}
	return med, float64(sum*10/total) / 10
}

// lines accumulates lines by a key.
type lines map[string]*Breakdown

func (b lines) add(k string, r *rollupRow) {
	row := b[k]
	if row == nil {
		row = &Breakdown{Key: k}
		b[k] = row
	}
	row.add(r)
}

// rows returns the lines in the order of keys, then any others by key.
func (b lines) rows(order []string, label func(string) (string, string)) []Breakdown {
	out := []Breakdown{}
	seen := map[string]bool{}
	emit := func(k string) {
		if row, ok := b[k]; ok && !seen[k] {
			seen[k] = true
			row.finish()
			row.Label, row.Code = label(k)
			out = append(out, *row)
		}
	}
	for _, k := range order {
		emit(k)
	}
	var rest []string
	for k := range b {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		emit(k)
	}
	return out
}

// tallies are the case figures being counted, by chart.
type tallies struct {
	byMonth, byType, byTownship, byOrg, bySource lines
	outcomes, forms                              map[string]int
	settled                                      map[[2]string]*Breakdown
	ratings, stars                               int64
}

func newTallies() *tallies {
	return &tallies{byMonth: lines{}, byType: lines{}, byTownship: lines{}, byOrg: lines{}, bySource: lines{},
		outcomes: map[string]int{}, forms: map[string]int{}, settled: map[[2]string]*Breakdown{}}
}

// caseFigures counts the case figures of a scope: from the district
// tables when it has no organizations (district.go), otherwise from the
// rollup.
func (s *Service) caseFigures(ctx context.Context, sc scope, f Filter) (*Dashboard, error) {
	if len(sc.orgs) == 0 {
		return s.districtFigures(ctx, sc, f)
	}
	return s.rollupFigures(ctx, sc, f)
}

// rollupFigures counts the case figures from the rollup.
func (s *Service) rollupFigures(ctx context.Context, sc scope, f Filter) (*Dashboard, error) {
	d := &Dashboard{Period: f.Period, PeriodLabel: f.Period.Label, Township: f.Township, Scope: s.label(sc, f)}
	t := newTallies()
	err := s.readRollup(ctx, sc, f, nil, func(r *rollupRow) {
		d.Total.add(r)
		t.byMonth.add(r.month, r)
		t.byType.add(r.k.disputeType, r)
		t.byTownship.add(r.k.township, r)
		t.byOrg.add(itoa64(r.k.orgID), r)
		t.bySource.add(r.k.source, r)
		switch r.basis {
		case BasisFiled:
			t.outcomes[r.k.outcome] += int(r.v.cases)
		case BasisClosed:
			t.ratings += r.v.ratings
			t.stars += r.v.stars
			if r.k.outcome == string(tiaojie.OutcomeAgreement) {
				t.forms[r.k.form] += int(r.v.cases)
			}
			c := [2]string{r.k.township, r.k.disputeType}
			if t.settled[c] == nil {
				t.settled[c] = &Breakdown{}
			}
			t.settled[c].add(r)
		}
	})
	if err != nil {
		return nil, err
	}
	return s.figuresOf(ctx, d, f, t)
}

// figuresOf finishes the dashboard d from its tallies.
func (s *Service) figuresOf(ctx context.Context, d *Dashboard, f Filter, t *tallies) (*Dashboard, error) {
	var err error
	byMonth, byType, byTownship, byOrg, bySource := t.byMonth, t.byType, t.byTownship, t.byOrg, t.bySource
	outcomes, forms, settled, ratings, stars := t.outcomes, t.forms, t.settled, t.ratings, t.stars
	d.Total.finish()
	d.Total.Key, d.Total.Label = "total", "合计"
	d.Ratings = int(ratings)
	if ratings > 0 {
		d.Satisfaction = float64(stars*100/ratings) / 100
	}
	var months []string
	for _, m := range f.Period.Each() {
		months = append(months, m.String())
		if byMonth[m.String()] == nil {
			byMonth[m.String()] = &Breakdown{Key: m.String()}
		}
	}
	d.ByMonth = byMonth.rows(months, func(k string) (string, string) { return k, "" })
	d.ByType = byType.rows(typeCodes(), func(k string) (string, string) { return typeName(k), "" })
	d.ByTownship = byTownship.rows(s.townshipCodes(), func(k string) (string, string) { return s.townshipName(k), "" })
	d.BySource = bySource.rows(sourceCodes(), func(k string) (string, string) { return sourceName(k), "case.source." + k })
	if d.ByOrg, err = s.topOrgs(ctx, byOrg); err != nil {
		return nil, err
	}
	for _, o := range tiaojie.CaseOutcomes() {
		d.ByOutcome = append(d.ByOutcome, Tally{Key: string(o), Label: outcomeName(string(o)), Code: "stats.outcome." + string(o), N: outcomes[string(o)]})
	}
	for _, fm := range []string{tiaojie.AgreementWritten, tiaojie.AgreementOral, ""} {
		if n := forms[fm]; n > 0 || fm != "" {
			d.ByForm = append(d.ByForm, Tally{Key: fm, Label: formName(fm), Code: "stats.form." + cmp.Or(fm, "unknown"), N: n})
		}
	}
	d.Settled = s.settledView(settled)
	for _, c := range d.Settled {
		if c.Type == FamilyType {
			d.Family = append(d.Family, c)
		}
	}
	return d, nil
}

// settledView returns the township × dispute type cells in the
// district's order.
func (s *Service) settledView(m map[[2]string]*Breakdown) []SettledCell {
	out := []SettledCell{}
	tOrder := map[string]int{}
	for i, t := range s.townshipCodes() {
		tOrder[t] = i
	}
	yOrder := map[string]int{}
	for i, t := range typeCodes() {
		yOrder[t] = i
	}
	for c, row := range m {
		row.finish()
		out = append(out, SettledCell{Township: c[0], TownshipName: s.townshipName(c[0]), Type: c[1], TypeName: typeName(c[1]),
			Closed: row.Closed, Settled: row.Agreed, MedianDays: row.MedianDays, MeanDays: row.MeanDays})
	}
	slices.SortFunc(out, func(a, b SettledCell) int {
		return cmp.Or(cmp.Compare(orderOf(tOrder, a.Township), orderOf(tOrder, b.Township)), cmp.Compare(a.Township, b.Township),
			cmp.Compare(orderOf(yOrder, a.Type), orderOf(yOrder, b.Type)), cmp.Compare(a.Type, b.Type))
	})
	return out
}

func orderOf(m map[string]int, k string) int {
	if i, ok := m[k]; ok {
		return i
	}
	return len(m)
}

// topOrgs returns the TopOrgs organizations with the most cases filed.
func (s *Service) topOrgs(ctx context.Context, b lines) ([]Breakdown, error) {
	delete(b, "0")
	rows := b.rows(nil, func(k string) (string, string) { return k, "" })
	slices.SortStableFunc(rows, func(a, b Breakdown) int { return cmp.Or(b.Filed-a.Filed, b.Closed-a.Closed) })
	rows = rows[:min(len(rows), TopOrgs)]
	if len(rows) == 0 {
		return rows, nil
	}
	w := &db.Where{}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.Key
	}
	q, err := s.db.Reader().QueryContext(ctx, `SELECT CAST(id AS TEXT), name FROM orgs WHERE CAST(id AS TEXT) IN (`+db.In(w, ids)+`)`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	names := map[string]string{}
	for q.Next() {
		var id, name string
		if err := q.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	for i := range rows {
		rows[i].Label = names[rows[i].Key]
	}
	return rows, q.Err()
}

func (s *Service) townshipCodes() []string {
	if s.district == nil {
		return nil
	}
	out := make([]string, len(s.district.Townships))
	for i, t := range s.district.Townships {
		out[i] = t.Code
	}
	return out
}

func typeCodes() []string {
	var out []string
	for _, t := range tiaojie.DisputeTypes() {
		out = append(out, t.Code)
	}
	return out
}

func typeName(code string) string {
	if t, ok := tiaojie.DisputeTypeByCode(code); ok {
		return t.Name
	}
	return code
}

func sourceCodes() []string {
	var out []string
	for _, s := range tiaojie.CaseSources() {
		out = append(out, string(s))
	}
	return out
}

func sourceName(code string) string {
	switch tiaojie.CaseSource(code) {
	case tiaojie.SourceOnline:
		return "网上申请"
	case tiaojie.SourceDesk:
		return "窗口登记"
	case tiaojie.SourceReferral:
		return "部门移送"
	case tiaojie.SourceCourt:
		return "法院委派/委托"
	case tiaojie.SourceCity:
		return "市级平台分流"
	}
	return code
}

func outcomeName(code string) string {
	switch tiaojie.CaseOutcome(code) {
	case tiaojie.OutcomeAgreement:
		return "调解成功"
	case tiaojie.OutcomeTerminated:
		return "调解终止"
	case tiaojie.OutcomeWithdrawn:
		return "撤回"
	case tiaojie.OutcomeRejected:
		return "不予受理"
	case tiaojie.OutcomeOpen:
		return "办理中"
	}
	return code
}

func formName(code string) string {
	switch code {
	case tiaojie.AgreementWritten:
		return "书面协议"
	case tiaojie.AgreementOral:
		return "口头协议"
	}
	return "未登记"
}
