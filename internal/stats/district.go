package stats

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/db"
)

// The district tables (migration 00026) are the rollup without the
// organization: per period and township, a line for the township, one
// per dispute type and one per source, with the days of the mediations
// ended as a histogram in one column; and per period, township and
// organization the three counts that rank the organizations. A period is
// a month, a quarter or a year, so that a district's year is read as one
// set of a few hundred rows. They are derived from stats_case_rollup in
// the transaction that replaces a month there (rebuildDistrict), and read
// by the dashboard and the report of every scope without organizations:
// the district and the township offices (districtFigures).

// The groups of lines.
const (
	grpAll    = "all"
	grpType   = "type"
	grpSource = "source"
)

// outcomeOrder is the outcome columns of a line, in their order.
var outcomeOrder = tiaojie.CaseOutcomes()

// line is one row of stats_district_lines.
type line struct {
	filed, filedFen int64
	outcome         [5]int64 // cases filed, by outcomeOrder
	accepted        int64
	closed, agreed  int64
	agreedFen       int64
	written, oral   int64
	ratings, stars  int64
	days            map[int]int
}

type lineKey struct{ township, grp, item string }

// add counts a row of the case rollup into the line.
func (l *line) add(r *rollupRow) {
	n := r.v.cases
	switch r.basis {
	case BasisFiled:
		l.filed += n
		l.filedFen += r.v.amountFen
		if i := slices.Index(outcomeOrder, tiaojie.CaseOutcome(r.k.outcome)); i >= 0 {
			l.outcome[i] += n
		}
	case BasisAccepted:
		l.accepted += n
	case BasisClosed:
		l.closed += n
		l.ratings += r.v.ratings
		l.stars += r.v.stars
		if r.k.outcome == string(tiaojie.OutcomeAgreement) {
			l.agreed += n
			l.agreedFen += r.v.amountFen
			switch r.k.form {
			case tiaojie.AgreementWritten:
				l.written += n
			case tiaojie.AgreementOral:
				l.oral += n
			}
		}
		if r.k.days >= 0 {
			if l.days == nil {
				l.days = map[int]int{}
			}
			l.days[r.k.days] += int(n)
		}
	}
}

// merge adds the line o.
func (l *line) merge(o *line) {
	l.filed += o.filed
	l.filedFen += o.filedFen
	for i := range l.outcome {
		l.outcome[i] += o.outcome[i]
	}
	l.accepted += o.accepted
	l.closed += o.closed
	l.agreed += o.agreed
	l.agreedFen += o.agreedFen
	l.written += o.written
	l.oral += o.oral
	l.ratings += o.ratings
	l.stars += o.stars
	for d, n := range o.days {
		if l.days == nil {
			l.days = map[int]int{}
		}
		l.days[d] += n
	}
}

// encodeDays writes a histogram as "days:n" pairs by days.
func encodeDays(h map[int]int) string {
	ds := make([]int, 0, len(h))
	for d := range h {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(d))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(h[d]))
	}
	return b.String()
}

// addDays adds the histogram encoded in s to h.
func addDays(h map[int]int, s string) error {
	for s != "" {
		pair, rest, _ := strings.Cut(s, " ")
		d, n, ok := strings.Cut(pair, ":")
		dd, err1 := strconv.Atoi(d)
		nn, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil {
			return fmt.Errorf("stats: malformed days %q", pair)
		}
		h[dd] += nn
		s = rest
	}
	return nil
}

// periodKeys returns the keys of the month m and of its quarter and year.
func periodKeys(m tiaojie.Month) (month, quarter, year string) {
	return m.String(), fmt.Sprintf("%04d-Q%d", m.Year(), (m.Num()+2)/3), strconv.Itoa(m.Year())
}

// pieces splits a period into whole years, whole quarters and months,
// the coarsest first, as the district tables key them: a year is one
// piece, a quarter one, 2026-02 to 2026-12 five (two months and three
// quarters).
func pieces(p tiaojie.Period) []string {
	var out []string
	for m := p.From; m <= p.To; {
		month, quarter, year := periodKeys(m)
		switch {
		case m.Num() == 1 && m+11 <= p.To:
			out, m = append(out, year), m+12
		case (m.Num()-1)%3 == 0 && m+2 <= p.To:
			out, m = append(out, quarter), m+3
		default:
			out, m = append(out, month), m+1
		}
	}
	return out
}

// rebuildDistrict replaces the district tables' rows of month m, its
// quarter and its year, from the case rollup as tx sees it.
func rebuildDistrict(ctx context.Context, tx *db.Tx, m tiaojie.Month) error {
	lines, orgs, err := districtMonth(ctx, tx, m)
	if err != nil {
		return err
	}
	month, quarter, year := periodKeys(m)
	if err := writeDistrict(ctx, tx, month, lines, orgs); err != nil {
		return err
	}
	q0 := m - tiaojie.Month((m.Num()-1)%3)
	y0 := m - tiaojie.Month(m.Num()-1)
	for _, span := range []struct {
		key      string
		from, to tiaojie.Month
	}{{quarter, q0, q0 + 2}, {year, y0, y0 + 11}} {
		var months []string
		for x := span.from; x <= span.to; x++ {
			months = append(months, x.String())
		}
		lines, orgs, err := readDistrict(ctx, tx, months)
		if err != nil {
			return err
		}
		if err := writeDistrict(ctx, tx, span.key, lines, orgs); err != nil {
			return err
		}
	}
	return nil
}

type orgKey struct {
	township string
	orgID    int64
}

// districtMonth counts month m's rows of the case rollup into lines and
// organization counts.
func districtMonth(ctx context.Context, tx *db.Tx, m tiaojie.Month) (map[lineKey]*line, map[orgKey]*[3]int64, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT basis, township, org_id, dispute_type, source, outcome, agreement_form, days, cases, amount_fen, ratings, stars
		FROM stats_case_rollup WHERE basis IN ('filed', 'accepted', 'closed') AND month = $1`, m.String())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	lines, orgs := map[lineKey]*line{}, map[orgKey]*[3]int64{}
	get := func(k lineKey) *line {
		l := lines[k]
		if l == nil {
			l = &line{}
			lines[k] = l
		}
		return l
	}
	var r rollupRow
	for rows.Next() {
		if err := rows.Scan(&r.basis, &r.k.township, &r.k.orgID, &r.k.disputeType, &r.k.source, &r.k.outcome, &r.k.form,
			&r.k.days, &r.v.cases, &r.v.amountFen, &r.v.ratings, &r.v.stars); err != nil {
			return nil, nil, err
		}
		get(lineKey{r.k.township, grpAll, ""}).add(&r)
		get(lineKey{r.k.township, grpType, r.k.disputeType}).add(&r)
		get(lineKey{r.k.township, grpSource, r.k.source}).add(&r)
		if r.k.orgID != 0 {
			k := orgKey{r.k.township, r.k.orgID}
			if orgs[k] == nil {
				orgs[k] = &[3]int64{}
			}
			orgs[k][slices.IndexFunc(bases, func(b struct{ name, col string }) bool { return b.name == r.basis })] += r.v.cases
		}
	}
	return lines, orgs, rows.Err()
}

// lineCols are the columns of a line after its key, in the order of scan.
const lineCols = `filed, filed_fen, o_open, o_agreement, o_terminated, o_withdrawn, o_rejected, accepted,
	closed, agreed, agreed_fen, written, oral, ratings, stars, days`

// outcomeCol maps outcomes' order to the o_* columns' order.
var outcomeCol = []tiaojie.CaseOutcome{tiaojie.OutcomeOpen, tiaojie.OutcomeAgreement, tiaojie.OutcomeTerminated,
	tiaojie.OutcomeWithdrawn, tiaojie.OutcomeRejected}

// scanLine scans lineCols into l, the histogram into days.
func scanLine(dst []any, l *line, days *string) []any {
	dst = append(dst, &l.filed, &l.filedFen)
	for _, o := range outcomeCol {
		dst = append(dst, &l.outcome[slices.Index(outcomeOrder, o)])
	}
	return append(dst, &l.accepted, &l.closed, &l.agreed, &l.agreedFen, &l.written, &l.oral, &l.ratings, &l.stars, days)
}

// scanLines reads the lines of stats_district_lines that w selects
// (conditions on period, township, grp) and calls each with every one.
func scanLines(ctx context.Context, q db.Queryer, w *db.Where, each func(period string, k lineKey, l *line)) error {
	rows, err := q.QueryContext(ctx, `SELECT period, township, grp, item, `+lineCols+` FROM stats_district_lines WHERE `+w.String(), w.Args()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var period, days string
	for rows.Next() {
		var k lineKey
		var l line
		if err := rows.Scan(scanLine([]any{&period, &k.township, &k.grp, &k.item}, &l, &days)...); err != nil {
			return err
		}
		if days != "" {
			l.days = map[int]int{}
			if err := addDays(l.days, days); err != nil {
				return err
			}
		}
		each(period, k, &l)
	}
	return rows.Err()
}

// readDistrict sums the district rows of the periods keyed in periods.
func readDistrict(ctx context.Context, tx *db.Tx, periods []string) (map[lineKey]*line, map[orgKey]*[3]int64, error) {
	w := &db.Where{}
	w.Add("period IN (" + db.In(w, periods) + ")")
	lines := map[lineKey]*line{}
	err := scanLines(ctx, tx, w, func(_ string, k lineKey, l *line) {
		if lines[k] == nil {
			lines[k] = &line{}
		}
		lines[k].merge(l)
	})
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT township, org_id, filed, accepted, closed FROM stats_org_period WHERE `+w.String(), w.Args()...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	orgs := map[orgKey]*[3]int64{}
	for rows.Next() {
		var k orgKey
		var v [3]int64
		if err := rows.Scan(&k.township, &k.orgID, &v[0], &v[1], &v[2]); err != nil {
			return nil, nil, err
		}
		if orgs[k] == nil {
			orgs[k] = &[3]int64{}
		}
		for i := range v {
			orgs[k][i] += v[i]
		}
	}
	return lines, orgs, rows.Err()
}

// districtBatch is how many rows one INSERT writes: few enough that
// SQLite binds the numbered parameters cheaply.
const districtBatch = 50

// writeDistrict replaces the district rows of period by lines and orgs.
func writeDistrict(ctx context.Context, tx *db.Tx, period string, lines map[lineKey]*line, orgs map[orgKey]*[3]int64) error {
	for _, t := range []string{"stats_district_lines", "stats_org_period"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE period = $1`, period); err != nil {
			return err
		}
	}
	var rows [][]any
	for k, l := range lines {
		var days string
		row := scanLine([]any{period, k.township, k.grp, k.item}, l, &days)
		row[len(row)-1] = encodeDays(l.days)
		for i, v := range row {
			if p, ok := v.(*int64); ok {
				row[i] = *p
			}
		}
		rows = append(rows, row)
	}
	if err := insertRows(ctx, tx, `INSERT INTO stats_district_lines (period, township, grp, item, `+lineCols+`) VALUES `, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for k, v := range orgs {
		rows = append(rows, []any{period, k.township, k.orgID, v[0], v[1], v[2]})
	}
	return insertRows(ctx, tx, `INSERT INTO stats_org_period (period, township, org_id, filed, accepted, closed) VALUES `, rows)
}

// insertRows inserts rows with head, districtBatch at a time.
func insertRows(ctx context.Context, tx *db.Tx, head string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), districtBatch)
		var b strings.Builder
		b.WriteString(head)
		var args []any
		for i, row := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j, v := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				b.WriteString("$" + strconv.Itoa(len(args)))
			}
			b.WriteString(")")
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
