package meetings

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Meeting is one meeting with its participants.
type Meeting struct {
	ID        int64
	Kind      tiaojie.MeetingKind
	Title     string
	At        time.Time
	Place     string
	Township  string // the convening township office; "" for the bureau
	Agenda    string
	People    string
	Minutes   string
	MinutesAt time.Time
	Agencies  []Named
	Orgs      []Named
	Decisions []Decision
	// Open and Overdue count the decisions not done, and those past due.
	Open, Overdue int
}

// Named is a participant (or owner) by id and name.
type Named struct {
	ID   int64
	Name string
}

// Decision is one decision of a meeting with its follow-up.
type Decision struct {
	ID        int64
	MeetingID int64
	Meeting   string // the meeting's title, in lists of decisions
	Text      string
	OwnerKind tiaojie.DecisionOwnerKind
	OwnerID   int64
	Township  string
	OwnerName string // the agency's or organization's name
	Due       string // YYYY-MM-DD
	Done      bool
	DoneNote  string
	DoneAt    time.Time
	Standing  tiaojie.DecisionStanding
	Progress  []Progress
	Mine      bool // the caller may add progress notes
}

// Progress is one note on a decision.
type Progress struct {
	Note string
	By   string
	At   time.Time
}

const meetingCols = `m.id, m.kind, m.title, m.held_at, m.place, m.township, m.agenda, m.people, m.minutes, m.minutes_at`

func scanMeeting(r interface{ Scan(...any) error }) (*Meeting, error) {
	var m Meeting
	var mat sql.NullTime
	if err := r.Scan(&m.ID, &m.Kind, &m.Title, &m.At, &m.Place, &m.Township, &m.Agenda, &m.People, &m.Minutes, &mat); err != nil {
		return nil, err
	}
	m.MinutesAt = mat.Time
	return &m, nil
}

func (s *Service) meeting(ctx context.Context, q db.Queryer, id int64) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return m, err
}

const decisionCols = `d.id, d.meeting_id, mt.title, d.text, d.owner_kind, d.owner_id, d.township,
	COALESCE(a.name, o.name, ''), d.due_on, d.status = 'done', d.done_note, d.done_at`

const decisionFrom = ` FROM meeting_decisions d JOIN meetings mt ON mt.id = d.meeting_id
	LEFT JOIN agencies a ON d.owner_kind = 'agency' AND a.id = d.owner_id
	LEFT JOIN orgs o ON d.owner_kind = 'org' AND o.id = d.owner_id`

func (s *Service) scanDecision(r interface{ Scan(...any) error }) (Decision, error) {
	var d Decision
	var done sql.NullTime
	err := r.Scan(&d.ID, &d.MeetingID, &d.Meeting, &d.Text, &d.OwnerKind, &d.OwnerID, &d.Township, &d.OwnerName, &d.Due, &d.Done, &d.DoneNote, &done)
	d.DoneAt = done.Time
	d.Standing = tiaojie.DecisionStandingOf(d.Due, d.Done, s.clock.Now())
	return d, err
}

func (s *Service) decision(ctx context.Context, q db.Queryer, id int64) (*Decision, error) {
	d, err := s.scanDecision(q.QueryRowContext(ctx, `SELECT `+decisionCols+decisionFrom+` WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return &d, err
}

// visible adds to w the condition that meeting m (aliased m) is one p may
// see; false when p may see none.
func visible(p *tiaojie.Principal, w *db.Where) bool {
	if district(p) {
		return true
	}
	var or []string
	if p.Can(tiaojie.PermMeetings) {
		if ts := p.Townships(); len(ts) > 0 {
			or = append(or, `m.township IN (`+db.In(w, ts)+`)`)
		}
	}
	if p.LoggedIn() && p.Has(tiaojie.RolePartner) {
		u := w.Arg(p.UserID)
		mine := `(SELECT am.agency_id FROM agency_members am JOIN agencies ag ON ag.id = am.agency_id WHERE am.user_id = ` + u + ` AND ag.active)`
		or = append(or, `EXISTS (SELECT 1 FROM meeting_agencies ma WHERE ma.meeting_id = m.id AND ma.agency_id IN `+mine+`)`,
			`EXISTS (SELECT 1 FROM meeting_decisions md WHERE md.meeting_id = m.id AND md.owner_kind = 'agency' AND md.owner_id IN `+mine+`)`)
	}
	if orgs := p.AdminOrgIDs(); len(orgs) > 0 {
		in := db.In(w, orgs)
		or = append(or, `EXISTS (SELECT 1 FROM meeting_orgs mo WHERE mo.meeting_id = m.id AND mo.org_id IN (`+in+`))`,
			`EXISTS (SELECT 1 FROM meeting_decisions md WHERE md.meeting_id = m.id AND md.owner_kind = 'org' AND md.owner_id IN (`+in+`))`)
	}
	if len(or) == 0 {
		return false
	}
	cond := "(" + or[0]
	for _, c := range or[1:] {
		cond += " OR " + c
	}
	w.Add(cond + ")")
	return true
}

// sees reports whether p may see meeting id.
func (s *Service) sees(ctx context.Context, q db.Queryer, p *tiaojie.Principal, id int64) (bool, error) {
	var w db.Where
	if !visible(p, &w) {
		return false, nil
	}
	w.Add(`m.id = ` + w.Arg(id))
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM meetings m WHERE `+w.String(), w.Args()...).Scan(&n)
	return n > 0, err
}

// CanKeep reports whether p convenes meeting m (edits it, records minutes
// and decisions).
func CanKeep(p *tiaojie.Principal, m *Meeting) bool { return convenes(p, m.Township) }

// Get returns a meeting with its participants, decisions and their
// progress, to those who may see it.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Meeting, error) {
	q := s.db.Reader()
	ok, err := s.sees(ctx, q, p, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	m, err := s.meeting(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if m.Agencies, err = named(ctx, q, `SELECT a.id, a.name FROM meeting_agencies ma JOIN agencies a ON a.id = ma.agency_id
		WHERE ma.meeting_id = $1 ORDER BY a.name`, id); err != nil {
		return nil, err
	}
	if m.Orgs, err = named(ctx, q, `SELECT o.id, o.name FROM meeting_orgs mo JOIN orgs o ON o.id = mo.org_id
		WHERE mo.meeting_id = $1 ORDER BY o.name`, id); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+decisionCols+decisionFrom+` WHERE d.meeting_id = $1 ORDER BY d.due_on, d.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		d, err := s.scanDecision(rows)
		if err != nil {
			return nil, err
		}
		m.count(d)
		m.Decisions = append(m.Decisions, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range m.Decisions {
		d := &m.Decisions[i]
		if d.Progress, err = progress(ctx, q, d.ID); err != nil {
			return nil, err
		}
		if !d.Done {
			if d.Mine, err = s.owns(ctx, q, p, d); err != nil {
				return nil, err
			}
			d.Mine = d.Mine || convenes(p, m.Township)
		}
	}
	return m, nil
}

func (m *Meeting) count(d Decision) {
	if !d.Done {
		m.Open++
	}
	if d.Standing == tiaojie.DecisionOverdue {
		m.Overdue++
	}
}

func named(ctx context.Context, q db.Queryer, query string, id int64) ([]Named, error) {
	rows, err := q.QueryContext(ctx, query, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Named
	for rows.Next() {
		var n Named
		if err := rows.Scan(&n.ID, &n.Name); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func progress(ctx context.Context, q db.Queryer, id int64) ([]Progress, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.note, COALESCE(u.display_name, ''), p.at FROM meeting_progress p
		LEFT JOIN users u ON u.id = p.by_user WHERE p.decision_id = $1 ORDER BY p.at, p.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Progress
	for rows.Next() {
		var pr Progress
		if err := rows.Scan(&pr.Note, &pr.By, &pr.At); err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, rows.Err()
}

// List returns the meetings p may see, newest first, with their decision
// counts (Agencies, Orgs and Decisions are not filled).
func (s *Service) List(ctx context.Context, p *tiaojie.Principal) ([]*Meeting, error) {
	var w db.Where
	if !visible(p, &w) {
		return nil, nil
	}
	q := s.db.Reader()
	rows, err := q.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE `+w.String()+` ORDER BY m.held_at DESC, m.id DESC LIMIT 500`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Meeting
	byID := map[int64]*Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	w2 := w.Clone()
	drows, err := q.QueryContext(ctx, `SELECT `+decisionCols+decisionFrom+` WHERE d.meeting_id IN (SELECT m.id FROM meetings m WHERE `+w2.String()+`)`, w2.Args()...)
	if err != nil {
		return nil, err
	}
	defer drows.Close()
	for drows.Next() {
		d, err := s.scanDecision(drows)
		if err != nil {
			return nil, err
		}
		if m := byID[d.MeetingID]; m != nil {
			m.count(d)
		}
	}
	return out, drows.Err()
}

// Owned returns the open decisions p's agencies or organizations own, due
// first: the partner's and organization admin's to-do list.
func (s *Service) Owned(ctx context.Context, p *tiaojie.Principal) ([]Decision, error) {
	var w db.Where
	var or []string
	if p.LoggedIn() && p.Has(tiaojie.RolePartner) {
		or = append(or, `(d.owner_kind = 'agency' AND d.owner_id IN (SELECT am.agency_id FROM agency_members am WHERE am.user_id = `+w.Arg(p.UserID)+`))`)
	}
	if orgs := p.AdminOrgIDs(); len(orgs) > 0 {
		or = append(or, `(d.owner_kind = 'org' AND d.owner_id IN (`+db.In(&w, orgs)+`))`)
	}
	if len(or) == 0 {
		return nil, nil
	}
	cond := or[0]
	if len(or) > 1 {
		cond += " OR " + or[1]
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+decisionCols+decisionFrom+` WHERE d.status = 'open' AND (`+cond+`) ORDER BY d.due_on, d.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		d, err := s.scanDecision(rows)
		if err != nil {
			return nil, err
		}
		d.Mine = true
		out = append(out, d)
	}
	return out, rows.Err()
}
