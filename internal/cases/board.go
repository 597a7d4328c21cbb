package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Board is the supervising office's view of the cases in its scope: how
// many are in each status, and the ones that need attention (overdue,
// idle, returned to routing).
type Board struct {
	// Counts and Open are counted at most figuresTTL before CountedAt
	// (figures.go); the map is shared and read-only.
	Counts    map[tiaojie.CaseStatus]int
	Open      int
	CountedAt time.Time
	Overdue   []Row
	Idle      []Row
	Returned  []Row
}

// boardLimit bounds each list of the board; the counts are exact as of
// CountedAt.
const boardLimit = 100

// Board returns the board of the caller's scope, optionally narrowed to a
// township (a bureau user looking at one township).
func (s *Service) Board(ctx context.Context, p *tiaojie.Principal, township string) (*Board, error) {
	if !p.Can(tiaojie.PermCasesRead) {
		return nil, s.settle(ctx, p, "case.board", 0, forbid("error.forbidden", map[string]string{"need": string(tiaojie.PermCasesRead)}))
	}
	b := &Board{Counts: map[tiaojie.CaseStatus]int{}}
	w := &db.Where{}
	if !scopeWhere(p, w) {
		return b, nil
	}
	if township != "" {
		w.Add("c.township = " + w.Arg(township))
	}
	counts, at, err := s.figures.get(ctx, "counts "+w.String()+fmt.Sprint(w.Args()), s.now(), func(ctx context.Context) (any, error) {
		return s.countByStatus(ctx, w)
	})
	if err != nil {
		return nil, err
	}
	b.Counts, b.CountedAt = counts.(map[tiaojie.CaseStatus]int), at
	for st, n := range b.Counts {
		if st.Open() {
			b.Open += n
		}
	}
	cal, err := s.Calendar(ctx, s.db.Reader())
	if err != nil {
		return nil, err
	}
	now := s.now()
	// The idle threshold in time: activity before the start of the
	// working day IdleWorkdays back counts as idle, which the rows then
	// confirm with the calendar.
	idleBefore := now.AddDate(0, 0, -tiaojie.IdleWorkdays)
	// Each list names the statuses it can hold first, so that the status
	// indexes find the few open cases among millions closed.
	for _, l := range []struct {
		cond string
		arg  any
		dst  *[]Row
	}{
		{overdueCond, now, &b.Overdue},
		{openCond + " AND c.activity_at <= %s", idleBefore, &b.Idle},
		{"c.status = 'submitted' AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action IN ('decline', 'timeout')) AND %s", true, &b.Returned},
	} {
		lw := w.Clone()
		lw.Add(fmt.Sprintf(l.cond, lw.Arg(l.arg)))
		rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+rowColumns+caseFrom+` WHERE c.id IN (`+
			pageIDs(lw.String(), "ASC", fmt.Sprint(boardLimit), "0")+`) ORDER BY c.id`, lw.Args()...)
		if err != nil {
			return nil, err
		}
		if *l.dst, err = s.scanRows(rows, cal); err != nil {
			return nil, err
		}
	}
	b.Idle = slices.DeleteFunc(b.Idle, func(r Row) bool { return !r.Idle })
	return b, nil
}

// countByStatus counts the cases of w's scope by status.
func (s *Service) countByStatus(ctx context.Context, w *db.Where) (map[tiaojie.CaseStatus]int, error) {
	rows, err := s.db.Lagging().QueryContext(ctx, `SELECT c.status, COUNT(*) FROM cases c WHERE `+w.String()+` GROUP BY c.status`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[tiaojie.CaseStatus]int{}
	for rows.Next() {
		var st tiaojie.CaseStatus
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		counts[st] = n
	}
	return counts, rows.Err()
}

// FunnelRow is the respondents' participation in one organization's
// cases: invited, opened the invitation, joined (consented), reached an
// agreement, declined.
type FunnelRow struct {
	OrgID    int64
	OrgName  string
	Invited  int
	Opened   int
	Joined   int
	Agreed   int
	Declined int
}

// Funnel returns the participation funnel per organization in the
// caller's scope (DOMAIN.md Part 2: respondent participation decides
// everything).
func (s *Service) Funnel(ctx context.Context, p *tiaojie.Principal) ([]FunnelRow, error) {
	w, ok, err := s.funnelWhere(ctx, p, FunnelScope{})
	if !ok {
		return nil, err
	}
	rows, _, err := s.figures.get(ctx, "funnel "+w.String()+fmt.Sprint(w.Args()), s.now(), func(ctx context.Context) (any, error) {
		return s.funnel(ctx, w)
	})
	if err != nil {
		return nil, err
	}
	return rows.([]FunnelRow), nil
}

// FunnelScope narrows the funnel to the invitations sent in [From, To)
// (zero times: whenever) and to the cases of one township ("" for all).
type FunnelScope struct {
	From, To time.Time
	Township string
}

// FunnelTotal sums the funnel over every organization in the caller's
// scope and sc, for the statistics, which filter by period and township;
// Funnel shows only the busiest organizations.
func (s *Service) FunnelTotal(ctx context.Context, p *tiaojie.Principal, sc FunnelScope) (FunnelRow, error) {
	w, ok, err := s.funnelWhere(ctx, p, sc)
	if !ok {
		return FunnelRow{}, err
	}
	row, _, err := s.figures.get(ctx, "funnel-total "+w.String()+fmt.Sprint(w.Args()), s.now(), func(ctx context.Context) (any, error) {
		var f FunnelRow
		err := s.db.Lagging().QueryRowContext(ctx, `SELECT `+funnelSums+`
			FROM case_parties cp JOIN cases c ON c.id = cp.case_id WHERE `+w.String(), w.Args()...).
			Scan(&f.Invited, &f.Opened, &f.Joined, &f.Agreed, &f.Declined)
		return f, err
	})
	if err != nil {
		return FunnelRow{}, err
	}
	return row.(FunnelRow), nil
}

// funnelWhere selects the invited respondents of the cases in p's scope
// and sc; ok is false when there is nothing to count, err when p may not
// read cases at all (audited).
func (s *Service) funnelWhere(ctx context.Context, p *tiaojie.Principal, sc FunnelScope) (w *db.Where, ok bool, err error) {
	if !p.Can(tiaojie.PermCasesRead) {
		return nil, false, s.settle(ctx, p, "case.funnel", 0, forbid("error.forbidden", map[string]string{"need": string(tiaojie.PermCasesRead)}))
	}
	w = &db.Where{}
	if !scopeWhere(p, w) {
		return nil, false, nil
	}
	w.Add("cp.side = 'respondent' AND cp.agent_for IS NULL AND cp.invited_at IS NOT NULL")
	if !sc.From.IsZero() {
		w.Add("cp.invited_at >= " + w.Arg(sc.From.UTC()))
	}
	if !sc.To.IsZero() {
		w.Add("cp.invited_at < " + w.Arg(sc.To.UTC()))
	}
	if sc.Township != "" {
		w.Add("c.township = " + w.Arg(sc.Township))
	}
	return w, true, nil
}

// funnelSums counts a funnel's invited respondents (cp) of cases (c).
const funnelSums = `COUNT(*),
	COALESCE(SUM(CASE WHEN cp.opened_at IS NOT NULL OR cp.joined_at IS NOT NULL THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN cp.joined_at IS NOT NULL THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN c.agreed_at IS NOT NULL THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN cp.declined_at IS NOT NULL THEN 1 ELSE 0 END), 0)`

// funnelLimit bounds the funnel to the organizations with the most
// invitations: the bureau's scope holds thousands, more than a page
// shows or a reader compares.
const funnelLimit = 100

func (s *Service) funnel(ctx context.Context, w *db.Where) ([]FunnelRow, error) {
	rows, err := s.db.Lagging().QueryContext(ctx, `
		SELECT c.org_id, o.name, `+funnelSums+`
		FROM case_parties cp JOIN cases c ON c.id = cp.case_id JOIN orgs o ON o.id = c.org_id
		WHERE `+w.String()+` GROUP BY c.org_id, o.name ORDER BY COUNT(*) DESC, c.org_id LIMIT `+fmt.Sprint(funnelLimit), w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FunnelRow
	for rows.Next() {
		var f FunnelRow
		if err := rows.Scan(&f.OrgID, &f.OrgName, &f.Invited, &f.Opened, &f.Joined, &f.Agreed, &f.Declined); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Suggestion is an organization suggested for a dispute, with why.
type Suggestion struct {
	OrgID    int64
	Name     string
	Township string
	Stars    int
	Open     int      // cases it has open now
	Reasons  []string // message codes: case.why_type, case.why_township, case.why_stars, case.why_load
	Score    int
}

// Suggest ranks the organizations that serve the public and the dispute
// type: those of the dispute's township first, then by star level, then
// by the fewest open cases (so work spreads), at most n. A case's
// earlier decliners are left out. Every suggestion says why.
func (s *Service) Suggest(ctx context.Context, disputeType, township string, exclude []int64, n int) ([]Suggestion, error) {
	if _, ok := tiaojie.DisputeTypeByCode(disputeType); !ok {
		return nil, tiaojie.E(tiaojie.Invalid, "case.dispute_type")
	}
	w := &db.Where{}
	w.Add("o.status IN ('active', 'rectifying')")
	w.Add("EXISTS (SELECT 1 FROM org_specialties sp WHERE sp.org_id = o.id AND sp.dispute_type = " + w.Arg(disputeType) + ")")
	if len(exclude) > 0 {
		w.Add("o.id NOT IN (" + db.In(w, exclude) + ")")
	}
	tw := w.Arg(township)
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT o.id, o.name, o.township, COALESCE(o.stars, 0),
		       (SELECT COUNT(*) FROM cases c WHERE c.org_id = o.id AND c.status IN ('awaiting_org', 'awaiting_resp', 'mediating', 'signing'))
		FROM orgs o WHERE `+w.String()+`
		ORDER BY CASE WHEN o.township = `+tw+` THEN 0 ELSE 1 END, COALESCE(o.stars, 0) DESC, 5, o.id
		LIMIT `+fmt.Sprint(max(min(n, 20), 1)), w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var sg Suggestion
		if err := rows.Scan(&sg.OrgID, &sg.Name, &sg.Township, &sg.Stars, &sg.Open); err != nil {
			return nil, err
		}
		sg.Reasons = []string{"case.why_type"}
		if sg.Township == township {
			sg.Reasons = append(sg.Reasons, "case.why_township")
		}
		if sg.Stars > 0 {
			sg.Reasons = append(sg.Reasons, "case.why_stars")
		}
		if sg.Open == 0 {
			sg.Reasons = append(sg.Reasons, "case.why_load")
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// SuggestFor suggests organizations for a case the caller sees, leaving
// out those that declined it.
func (s *Service) SuggestFor(ctx context.Context, p *tiaojie.Principal, id int64, n int) ([]Suggestion, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT DISTINCT org_id FROM case_events
		WHERE case_id = $1 AND action IN ('decline', 'timeout') AND org_id IS NOT NULL`, id)
	if err != nil {
		return nil, err
	}
	var exclude []int64
	for rows.Next() {
		var o int64
		if err := rows.Scan(&o); err != nil {
			rows.Close()
			return nil, err
		}
		exclude = append(exclude, o)
	}
	rows.Close()
	return s.Suggest(ctx, v.DisputeType, v.Township, exclude, n)
}
