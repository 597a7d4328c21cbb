package stats

import (
	"context"

	"tiaojie"
	"tiaojie/internal/db"
)

// lineWhere selects the district lines of the periods keyed in periods
// within the filter's township and the scope's townships.
func lineWhere(sc scope, f Filter, periods []string) *db.Where {
	w := &db.Where{}
	w.Add("period IN (" + db.In(w, periods) + ")")
	if f.Township != "" {
		w.Add("township = " + w.Arg(f.Township))
	}
	if !sc.district {
		w.Add("township IN (" + db.In(w, sc.townships) + ")")
	}
	return w
}

// addLine counts a district line into a breakdown line.
func (row *Breakdown) addLine(l *line) {
	row.Filed += int(l.filed)
	row.AmountFen += l.filedFen
	row.Accepted += int(l.accepted)
	row.Closed += int(l.closed)
	row.Agreed += int(l.agreed)
	row.AgreedFen += l.agreedFen
	for d, n := range l.days {
		if row.hist == nil {
			row.hist = map[int]int{}
		}
		row.hist[d] += n
	}
}

func (b lines) addLine(k string, l *line) {
	row := b[k]
	if row == nil {
		row = &Breakdown{Key: k}
		b[k] = row
	}
	row.addLine(l)
}

// districtFigures counts the case figures of a scope without
// organizations from the district tables: the period's lines (a year or
// a quarter is one piece), the months' lines of the townships, and the
// rollup's rows of the TopOrgs organizations ranked in stats_org_period.
// They are the figures rollupFigures counts (TestDistrictTablesAgree).
func (s *Service) districtFigures(ctx context.Context, sc scope, f Filter) (*Dashboard, error) {
	d := &Dashboard{Period: f.Period, PeriodLabel: f.Period.Label, Township: f.Township, Scope: s.label(sc, f)}
	t := newTallies()
	q := s.db.Lagging()
	err := scanLines(ctx, q, lineWhere(sc, f, pieces(f.Period)), func(_ string, k lineKey, l *line) {
		switch k.grp {
		case grpAll:
			d.Total.addLine(l)
			t.byTownship.addLine(k.township, l)
			for i, o := range outcomeOrder {
				t.outcomes[string(o)] += int(l.outcome[i])
			}
			t.forms[tiaojie.AgreementWritten] += int(l.written)
			t.forms[tiaojie.AgreementOral] += int(l.oral)
			t.forms[""] += int(l.agreed - l.written - l.oral)
			t.ratings += l.ratings
			t.stars += l.stars
		case grpType:
			t.byType.addLine(k.item, l)
			if l.closed > 0 {
				c := [2]string{k.township, k.item}
				if t.settled[c] == nil {
					t.settled[c] = &Breakdown{}
				}
				t.settled[c].addLine(l)
			}
		case grpSource:
			t.bySource.addLine(k.item, l)
		}
	})
	if err != nil {
		return nil, err
	}
	months := make([]string, 0, f.Period.Months())
	for _, m := range f.Period.Each() {
		months = append(months, m.String())
	}
	w := lineWhere(sc, f, months)
	w.Add("grp = 'all'")
	if err := scanLines(ctx, q, w, func(period string, _ lineKey, l *line) { t.byMonth.addLine(period, l) }); err != nil {
		return nil, err
	}
	orgs, err := s.rankOrgs(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	if len(orgs) > 0 {
		err := s.readRollup(ctx, sc, f, orgs, func(r *rollupRow) { t.byOrg.add(itoa64(r.k.orgID), r) })
		if err != nil {
			return nil, err
		}
	}
	return s.figuresOf(ctx, d, f, t)
}

// rankOrgs returns the TopOrgs organizations with the most cases filed,
// then ended, in the period within the filter and the scope, in the order
// topOrgs keeps ties (by id as text).
func (s *Service) rankOrgs(ctx context.Context, sc scope, f Filter) ([]int64, error) {
	w := lineWhere(sc, f, pieces(f.Period))
	return db.IDs(ctx, s.db.Lagging(), `SELECT org_id FROM stats_org_period WHERE `+w.String()+`
		GROUP BY org_id ORDER BY SUM(filed) DESC, SUM(closed) DESC, CAST(org_id AS TEXT) LIMIT `+itoa(TopOrgs), w.Args()...)
}
