package complaints

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// columns are the complaint's columns, joined with its organization and
// mediator, in the order scan reads them.
const columns = `c.id, c.subject_org_id, o.name, o.type, o.township, COALESCE(c.subject_mediator_id, 0), COALESCE(m.name, ''),
	c.complainant_user_id, c.complainant_name, c.complainant_phone_enc, c.title, c.content, c.request, c.handler, c.handler_township,
	c.status, c.outcome, c.answer, c.org_notice, c.reason, c.filed_at, c.due_at, c.acknowledged_at, c.answered_at, c.closed_at`

const from = ` FROM complaints c JOIN orgs o ON o.id = c.subject_org_id LEFT JOIN mediators m ON m.id = c.subject_mediator_id `

type scanner interface{ Scan(...any) error }

func (s *Service) scan(sc scanner) (*Complaint, error) {
	var c Complaint
	var enc []byte
	var ack, ans, closed sql.NullTime
	err := sc.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.OrgType, &c.OrgTownship, &c.MediatorID, &c.MediatorName,
		&c.ComplainantID, &c.ComplainantName, &enc, &c.Title, &c.Content, &c.Request, &c.Handler, &c.HandlerTownship,
		&c.Status, &c.Outcome, &c.Answer, &c.Notice, &c.Reason, &c.FiledAt, &c.DueAt, &ack, &ans, &closed)
	if err != nil {
		return nil, err
	}
	c.Number = Number(c.ID)
	c.AcknowledgedAt, c.AnsweredAt, c.ClosedAt = timePtr(ack), timePtr(ans), timePtr(closed)
	if enc != nil {
		phone, err := s.sealer.OpenString(enc, phoneAAD(c.ID))
		if err != nil {
			return nil, err
		}
		c.PhoneMasked = tiaojie.MaskPhone(phone)
	}
	return &c, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// load reads a complaint with everything in it; callers decide what the
// reader may see.
func (s *Service) load(ctx context.Context, q db.Queryer, id int64) (*Complaint, error) {
	c, err := s.scan(q.QueryRowContext(ctx, `SELECT `+columns+from+`WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return c, err
}

// Filter narrows a handler's queue.
type Filter struct {
	Status  tiaojie.ComplaintStatus  // "" for all
	Open    bool                     // only complaints waiting for an answer
	Overdue bool                     // only open complaints past their deadline
	Outcome tiaojie.ComplaintOutcome // "" for all
	OrgID   int64
	Q       string // in the title or the organization's name
}

// queueWhere builds the scope and the filter of a queue: the bureau sees
// every complaint, a township office those routed to its townships, the
// association those routed to it.
func (s *Service) queueWhere(p *tiaojie.Principal, f Filter) *db.Where {
	var w db.Where
	if !p.Has(tiaojie.RoleBureau) {
		var scope []string
		if p.Has(tiaojie.RoleAssociation) {
			scope = append(scope, "c.handler = 'association'")
		}
		if ts := p.Townships(); len(ts) > 0 {
			scope = append(scope, "(c.handler = 'township' AND c.handler_township IN ("+db.In(&w, ts)+"))")
		}
		if len(scope) == 0 {
			scope = append(scope, "1=0")
		}
		w.Add("(" + strings.Join(scope, " OR ") + ")")
	}
	if f.Status != "" {
		w.Add("c.status = " + w.Arg(string(f.Status)))
	}
	if f.Open || f.Overdue {
		w.Add("c.status IN ('filed', 'acknowledged', 'investigating')")
	}
	if f.Overdue {
		w.Add("c.due_at <= " + w.Arg(s.now()))
	}
	if f.Outcome != "" {
		w.Add("c.outcome = " + w.Arg(string(f.Outcome)))
	}
	if f.OrgID > 0 {
		w.Add("c.subject_org_id = " + w.Arg(f.OrgID))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := w.Arg("%" + db.EscapeLike(q) + "%")
		w.Add("(c.title LIKE " + like + " ESCAPE '\\' OR o.name LIKE " + like + " ESCAPE '\\')")
	}
	return &w
}

// maxList bounds a queue and an export.
const maxList = 5000

// List returns the caller's queue, open complaints by deadline first, then
// the others newest first. It needs complaints.handle.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Complaint, error) {
	if !p.Can(tiaojie.PermComplaints) {
		return nil, s.settle(ctx, p, "complaint.list", 0, forbidden(tiaojie.PermComplaints))
	}
	return s.query(ctx, s.queueWhere(p, f), maxList)
}

func (s *Service) query(ctx context.Context, w *db.Where, limit int) ([]Complaint, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+columns+from+`WHERE `+w.String()+`
		ORDER BY CASE WHEN c.status IN ('filed', 'acknowledged', 'investigating') THEN 0 ELSE 1 END,
			CASE WHEN c.status IN ('filed', 'acknowledged', 'investigating') THEN c.due_at END, c.filed_at DESC, c.id DESC
		LIMIT `+itoa(int64(limit)), w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := s.now()
	var out []Complaint
	for rows.Next() {
		c, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		c.Overdue = tiaojie.ComplaintOverdue(c.Status, c.DueAt, now)
		out = append(out, *c)
	}
	return out, rows.Err()
}

// Mine returns the caller's own complaints, newest first, without the
// notices forwarded to organizations.
func (s *Service) Mine(ctx context.Context, p *tiaojie.Principal) ([]Complaint, error) {
	if !p.LoggedIn() {
		return nil, tiaojie.E(tiaojie.Unauthorized, "error.unauthorized")
	}
	var w db.Where
	w.Add("c.complainant_user_id = " + w.Arg(p.UserID))
	list, err := s.query(ctx, &w, 500)
	for i := range list {
		list[i].Notice = ""
	}
	return list, err
}

// OrgComplaint is a complaint as the organization complained about sees
// it: never who complained nor what they wrote; the outcome and what the
// handler forwarded.
type OrgComplaint struct {
	ID           int64
	Number       string
	MediatorName string
	Outcome      tiaojie.ComplaintOutcome
	Notice       string
	FiledAt      time.Time
	AnsweredAt   time.Time
}

// ForOrg returns the answered complaints about organization orgID to
// those who may read the organization's non-public data (orgs.read within
// scope: its admins and mediators, its township office, the association,
// the bureau), newest first. Open complaints are not shown: until it is
// answered a complaint is the handler's business.
func (s *Service) ForOrg(ctx context.Context, p *tiaojie.Principal, orgID int64) ([]OrgComplaint, error) {
	var township string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT township FROM orgs WHERE id = $1`, orgID).Scan(&township)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if !p.Can(tiaojie.PermOrgsRead) || !p.CoversOrg(orgID, township) {
		return nil, s.settle(ctx, p, "complaint.org_list", 0, notFound())
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT c.id, COALESCE(m.name, ''), c.outcome, c.org_notice, c.filed_at, c.answered_at
		FROM complaints c LEFT JOIN mediators m ON m.id = c.subject_mediator_id
		WHERE c.subject_org_id = $1 AND c.status IN ('answered', 'closed') AND c.answered_at IS NOT NULL
		ORDER BY c.answered_at DESC, c.id DESC LIMIT 200`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrgComplaint
	for rows.Next() {
		var c OrgComplaint
		if err := rows.Scan(&c.ID, &c.MediatorName, &c.Outcome, &c.Notice, &c.FiledAt, &c.AnsweredAt); err != nil {
			return nil, err
		}
		c.Number = Number(c.ID)
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpheldCount counts the complaints about organization orgID answered
// upheld or partly upheld in [from, to) (zero times leave that end open).
// Ratings and supervision call it in their own transactions.
func UpheldCount(ctx context.Context, q db.Queryer, orgID int64, from, to time.Time) (int, error) {
	var w db.Where
	w.Add("subject_org_id = " + w.Arg(orgID))
	w.Add("outcome IN ('upheld', 'partly_upheld')")
	w.Add("answered_at IS NOT NULL")
	if !from.IsZero() {
		w.Add("answered_at >= " + w.Arg(from.UTC()))
	}
	if !to.IsZero() {
		w.Add("answered_at < " + w.Arg(to.UTC()))
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints WHERE `+w.String(), w.Args()...).Scan(&n)
	return n, err
}
