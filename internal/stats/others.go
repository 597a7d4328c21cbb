package stats

import (
	"context"
	"fmt"
	"strconv"

	"tiaojie"
	"tiaojie/internal/db"
)

// OrgFigures counts the organizations serving or registered (registered,
// active, under rectification, suspended) by type, star level and
// township, as they stand now.
type OrgFigures struct {
	Total      int     `json:"total"`
	ByType     []Tally `json:"by_type"`
	ByStars    []Tally `json:"by_stars"`
	ByTownship []Tally `json:"by_township"`
}

// TrainingFigures is the mediators' training recorded in the period.
type TrainingFigures struct {
	Hours     int     `json:"hours"`
	Mediators int     `json:"mediators"` // mediators with at least one session
	Sessions  int     `json:"sessions"`
	ByMonth   []Tally `json:"by_month"` // hours
}

func (s *Service) orgFigures(ctx context.Context, sc scope, f Filter) (OrgFigures, error) {
	var out OrgFigures
	w := &db.Where{}
	w.Add("o.status IN ('registered', 'active', 'rectifying', 'suspended')")
	if f.Township != "" {
		w.Add("o.township = " + w.Arg(f.Township))
	}
	sc.where(w, "o.township", "o.id")
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT o.type, COALESCE(o.stars, 0), o.township, COUNT(*) FROM orgs o WHERE `+
		w.String()+` GROUP BY o.type, COALESCE(o.stars, 0), o.township`, w.Args()...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	types, stars, towns := map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var typ, town string
		var st, n int
		if err := rows.Scan(&typ, &st, &town, &n); err != nil {
			return out, err
		}
		out.Total += n
		types[typ] += n
		stars[strconv.Itoa(st)] += n
		towns[town] += n
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for _, t := range []tiaojie.OrgType{tiaojie.OrgBasic, tiaojie.OrgProfessional, tiaojie.OrgCommercial, tiaojie.OrgNewType} {
		out.ByType = append(out.ByType, Tally{Key: string(t), Label: orgTypeName(t), Code: "stats.org_type." + string(t), N: types[string(t)]})
	}
	for st := 5; st >= 0; st-- {
		k := strconv.Itoa(st)
		label := fmt.Sprintf("%d星", st)
		if st == 0 {
			label = "未评星"
		}
		out.ByStars = append(out.ByStars, Tally{Key: k, Label: label, Code: "stats.stars." + k, N: stars[k]})
	}
	for _, t := range s.townshipCodes() {
		if n, ok := towns[t]; ok {
			out.ByTownship = append(out.ByTownship, Tally{Key: t, Label: s.townshipName(t), N: n})
		}
	}
	return out, nil
}

func orgTypeName(t tiaojie.OrgType) string {
	switch t {
	case tiaojie.OrgBasic:
		return "基础型"
	case tiaojie.OrgProfessional:
		return "专业型"
	case tiaojie.OrgCommercial:
		return "商事型"
	case tiaojie.OrgNewType:
		return "新型"
	}
	return string(t)
}

// training sums the training hours recorded in the period for the
// mediators of organizations in the scope.
func (s *Service) training(ctx context.Context, sc scope, f Filter) (TrainingFigures, error) {
	out := TrainingFigures{ByMonth: []Tally{}}
	w := &db.Where{}
	w.Add("t.held_on >= " + w.Arg(f.Period.Start().Format("2006-01-02")))
	w.Add("t.held_on < " + w.Arg(f.Period.End().Format("2006-01-02")))
	if f.Township != "" || !sc.district {
		// The organizations the mediator belongs to, in the filter and the scope.
		ow := &db.Where{}
		if f.Township != "" {
			ow.Add("o.township = " + w.Arg(f.Township))
		}
		sc.whereWith(w, ow, "o.township", "o.id")
		w.Add("EXISTS (SELECT 1 FROM mediator_orgs mo JOIN orgs o ON o.id = mo.org_id WHERE mo.mediator_id = t.mediator_id AND " + ow.String() + ")")
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT SUBSTR(t.held_on, 1, 7), COUNT(*), COUNT(DISTINCT t.mediator_id), SUM(t.hours)
		FROM mediator_training t WHERE `+w.String()+` GROUP BY SUBSTR(t.held_on, 1, 7) ORDER BY 1`, w.Args()...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var month string
		var sessions, meds, hours int
		if err := rows.Scan(&month, &sessions, &meds, &hours); err != nil {
			return out, err
		}
		out.Sessions += sessions
		out.Hours += hours
		out.ByMonth = append(out.ByMonth, Tally{Key: month, Label: month, N: hours})
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	// Mediators trained in the period, counted once over its months.
	err = s.db.Reader().QueryRowContext(ctx, `SELECT COUNT(DISTINCT t.mediator_id) FROM mediator_training t WHERE `+w.String(), w.Args()...).Scan(&out.Mediators)
	return out, err
}

// supervision counts the complaints filed in the period by status and the
// sanctions and rewards decided in it by kind, about organizations in the
// scope.
func (s *Service) supervision(ctx context.Context, sc scope, f Filter) (complaints, sanctions []Tally, err error) {
	w := &db.Where{}
	w.Add("c.filed_at >= " + w.Arg(f.Period.Start().UTC())) // stored in UTC: compared as text on SQLite
	w.Add("c.filed_at < " + w.Arg(f.Period.End().UTC()))
	if f.Township != "" {
		w.Add("o.township = " + w.Arg(f.Township))
	}
	sc.where(w, "o.township", "o.id")
	byStatus, err := s.countBy(ctx, `SELECT c.status, COUNT(*) FROM complaints c JOIN orgs o ON o.id = c.subject_org_id WHERE `+
		w.String()+` GROUP BY c.status`, w.Args())
	if err != nil {
		return nil, nil, err
	}
	for _, st := range []string{"filed", "acknowledged", "investigating", "answered", "closed", "rejected", "withdrawn"} {
		complaints = append(complaints, Tally{Key: st, Label: complaintStatusName(st), Code: "complaint.status." + st, N: byStatus[st]})
	}
	w = &db.Where{}
	w.Add("x.decided_on >= " + w.Arg(f.Period.Start().Format("2006-01-02")))
	w.Add("x.decided_on < " + w.Arg(f.Period.End().Format("2006-01-02")))
	if f.Township != "" {
		w.Add("o.township = " + w.Arg(f.Township))
	}
	sc.where(w, "o.township", "o.id")
	byKind, err := s.countBy(ctx, `SELECT x.kind, COUNT(*) FROM org_sanctions x JOIN orgs o ON o.id = x.org_id WHERE `+
		w.String()+` GROUP BY x.kind`, w.Args())
	if err != nil {
		return nil, nil, err
	}
	for _, k := range []string{"warning", "rectify", "downgrade", "removal", "dissolve", "reward"} {
		sanctions = append(sanctions, Tally{Key: k, Label: sanctionName(k), Code: "sup.sanction." + k, N: byKind[k]})
	}
	return complaints, sanctions, nil
}

func (s *Service) countBy(ctx context.Context, q string, args []any) (map[string]int, error) {
	rows, err := s.db.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] += n
	}
	return out, rows.Err()
}

func complaintStatusName(st string) string {
	return map[string]string{"filed": "已提交", "acknowledged": "已受理", "investigating": "调查核实中", "answered": "已答复",
		"closed": "已办结", "rejected": "不予受理", "withdrawn": "已撤回"}[st]
}

func sanctionName(k string) string {
	return map[string]string{"warning": "警告", "rectify": "责令整改", "downgrade": "降低星级", "removal": "调解员除名",
		"dissolve": "建议撤销登记", "reward": "表彰"}[k]
}

// incubationFunnel sums the incubation package's funnel by township over
// the townships of the filter and the scope.
func (s *Service) incubationFunnel(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Tally, error) {
	_, byTownship, err := s.incubation.Funnels(ctx, p)
	if err != nil {
		return nil, err
	}
	var sum [5]int
	for _, t := range byTownship {
		if f.Township != "" && t.Key != f.Township {
			continue
		}
		for i, n := range []int{t.Applied, t.Screened, t.Admitted, t.Graduated, t.Registered} {
			sum[i] += n
		}
	}
	out := make([]Tally, 0, 5)
	for i, k := range []string{"applied", "screened", "admitted", "graduated", "registered"} {
		out = append(out, Tally{Key: k, Label: []string{"申请", "初审", "入驻", "出壳", "登记"}[i], Code: "stats.incubation." + k, N: sum[i]})
	}
	return out, nil
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// Procurement is government procurement of mediation services (C9) with
// the organizations in scope: contracts signed in the period and what
// they commit, and payments made in the period.
type Procurement struct {
	Contracts    int   `json:"contracts"`
	CommittedFen int64 `json:"committed_fen"`
	PaidFen      int64 `json:"paid_fen"`
}

// Committed is the contracts' amount in yuan.
func (p Procurement) Committed() string { return tiaojie.Money(p.CommittedFen).FormatYuan() }

// Paid is the payments' amount in yuan.
func (p Procurement) Paid() string { return tiaojie.Money(p.PaidFen).FormatYuan() }

// procurement counts contracts signed and payments made in the period, by
// the dates procurement records them with (Beijing days).
func (s *Service) procurement(ctx context.Context, sc scope, f Filter) (Procurement, error) {
	var out Procurement
	for _, q := range []struct {
		sql, day string
		into     func(n int, fen int64)
	}{
		{`SELECT COUNT(*), COALESCE(SUM(k.amount_fen), 0) FROM procurement_contracts k JOIN orgs o ON o.id = k.org_id WHERE `, "k.signed_on",
			func(n int, fen int64) { out.Contracts, out.CommittedFen = n, fen }},
		{`SELECT COUNT(*), COALESCE(SUM(y.amount_fen), 0) FROM procurement_payments y JOIN procurement_contracts k ON k.id = y.contract_id
			JOIN orgs o ON o.id = k.org_id WHERE `, "y.paid_on", func(_ int, fen int64) { out.PaidFen = fen }},
	} {
		w := &db.Where{}
		w.Add(q.day + " >= " + w.Arg(f.Period.Start().Format("2006-01-02")))
		w.Add(q.day + " < " + w.Arg(f.Period.End().Format("2006-01-02")))
		if f.Township != "" {
			w.Add("o.township = " + w.Arg(f.Township))
		}
		sc.where(w, "o.township", "o.id")
		var n int
		var fen int64
		if err := s.db.Reader().QueryRowContext(ctx, q.sql+w.String(), w.Args()...).Scan(&n, &fen); err != nil {
			return out, err
		}
		q.into(n, fen)
	}
	return out, nil
}
