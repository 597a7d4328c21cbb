package incubation

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// The statuses of a call.
const (
	CallDraft  = "draft"  // being written; not public
	CallOpen   = "open"   // published on the portal; applications accepted within its period
	CallClosed = "closed" // no more applications
)

// Call is a public recruitment call (公开招募) of a site.
type Call struct {
	ID          int64
	SiteID      int64
	SiteName    string
	SiteKind    string
	Township    string // the site's township, "" for the base
	Title       string
	Description string
	TargetTypes []tiaojie.OrgType // the organization types sought; none: any
	Criteria    []string          // the screening criteria, each scored 0–10
	OpensOn     string
	ClosesOn    string
	Status      string
	CreatedAt   time.Time
	PublishedAt *time.Time
}

// Accepting reports whether the call takes applications on day.
func (c *Call) Accepting(day string) bool {
	return c.Status == CallOpen && c.OpensOn <= day && day <= c.ClosesOn
}

// CallInput is a call as staff write it.
type CallInput struct {
	SiteID      int64
	Title       string
	Description string
	TargetTypes []tiaojie.OrgType
	Criteria    string // one criterion a line
	OpensOn     string // YYYY-MM-DD
	ClosesOn    string
}

// Limits of a call.
const (
	maxCriteria = 10
)

func (in *CallInput) validate() ([]string, error) {
	var fe tiaojie.FieldErrors
	text(&fe, "title", &in.Title, true, 100)
	text(&fe, "description", &in.Description, false, 5000)
	for _, t := range in.TargetTypes {
		if !slices.Contains(tiaojie.OrgTypes(), t) {
			fe.Add("target_types", "org.type_unknown")
		}
	}
	criteria := lines(in.Criteria)
	if len(criteria) == 0 || len(criteria) > maxCriteria ||
		slices.ContainsFunc(criteria, func(c string) bool { return len([]rune(c)) > 100 }) {
		fe.Add("criteria", "incubation.criteria", "max", strconv.Itoa(maxCriteria))
	}
	date(&fe, "opens_on", &in.OpensOn)
	date(&fe, "closes_on", &in.ClosesOn)
	if in.OpensOn != "" && in.ClosesOn != "" && in.ClosesOn < in.OpensOn {
		fe.Add("closes_on", "incubation.closes_before_opens")
	}
	return criteria, fe.Err()
}

// CreateCall writes a call of a site p runs, as a draft. The site must be
// approved.
func (s *Service) CreateCall(ctx context.Context, p *tiaojie.Principal, in CallInput) (int64, error) {
	if err := needManage(p); err != nil {
		return 0, s.settle(ctx, p, "incubation.call.create", objCall, 0, err)
	}
	criteria, err := in.validate()
	if err != nil {
		return 0, err
	}
	st, err := loadSite(ctx, s.db.Reader(), in.SiteID)
	if err != nil {
		return 0, err
	}
	if !runsSite(p, st.Kind, st.Township) {
		return 0, s.settle(ctx, p, "incubation.call.create", objCall, 0, hide("site"))
	}
	if st.Status != tiaojie.SiteApproved {
		return 0, tiaojie.E(tiaojie.Conflict, "incubation.site_not_approved")
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO incubation_calls (site_id, title, description, target_types, criteria, opens_on, closes_on, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			in.SiteID, in.Title, in.Description, strings.Join(strs(in.TargetTypes), "\n"), strings.Join(criteria, "\n"),
			in.OpensOn, in.ClosesOn, max(p.UserID, 0), s.now()).Scan(&id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "incubation.call.create", objCall, id, map[string]string{"site": itoa(in.SiteID), "title": in.Title})
	})
	return id, err
}

// SetCallStatus publishes a draft (open) or closes an open call.
func (s *Service) SetCallStatus(ctx context.Context, p *tiaojie.Principal, id int64, status string) error {
	action := "incubation.call." + status
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, action, objCall, id, err)
	}
	from := map[string]string{CallOpen: CallDraft, CallClosed: CallOpen}[status]
	if from == "" {
		return tiaojie.E(tiaojie.Invalid, "incubation.call_status")
	}
	c, err := loadCall(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	if !runsSite(p, c.SiteKind, c.Township) {
		return s.settle(ctx, p, action, objCall, id, hide("scope"))
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE incubation_calls SET status = $1,
			published_at = CASE WHEN $1 = 'open' THEN $2 ELSE published_at END WHERE id = $3 AND status = $4`,
			status, s.now(), id, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "incubation.call_status_now").With("status", c.Status)
		}
		return s.record(ctx, tx, p, action, objCall, id, nil)
	})
}

const callColumns = `c.id, c.site_id, si.name, si.kind, si.township, c.title, c.description, c.target_types, c.criteria,
	c.opens_on, c.closes_on, c.status, c.created_at, c.published_at`

func scanCall(sc interface{ Scan(...any) error }) (*Call, error) {
	var c Call
	var targets, criteria string
	var published sql.NullTime
	if err := sc.Scan(&c.ID, &c.SiteID, &c.SiteName, &c.SiteKind, &c.Township, &c.Title, &c.Description, &targets, &criteria,
		&c.OpensOn, &c.ClosesOn, &c.Status, &c.CreatedAt, &published); err != nil {
		return nil, err
	}
	for _, t := range splitLines(targets) {
		c.TargetTypes = append(c.TargetTypes, tiaojie.OrgType(t))
	}
	c.Criteria = splitLines(criteria)
	c.PublishedAt = nullTime(published)
	return &c, nil
}

func loadCall(ctx context.Context, q db.Queryer, id int64) (*Call, error) {
	c, err := scanCall(q.QueryRowContext(ctx, `SELECT `+callColumns+`
		FROM incubation_calls c JOIN incubation_sites si ON si.id = c.site_id WHERE c.id = $1`, id))
	return c, notFound(err)
}

func (s *Service) queryCalls(ctx context.Context, w *db.Where) ([]Call, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+callColumns+`
		FROM incubation_calls c JOIN incubation_sites si ON si.id = c.site_id WHERE `+w.String()+`
		ORDER BY c.closes_on DESC, c.id DESC LIMIT 500`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// Calls lists the calls of the sites p runs, drafts included.
func (s *Service) Calls(ctx context.Context, p *tiaojie.Principal) ([]Call, error) {
	if err := needManage(p); err != nil {
		return nil, s.settle(ctx, p, "incubation.call.list", objCall, 0, err)
	}
	var w db.Where
	staffScope(p, &w)
	return s.queryCalls(ctx, &w)
}

// OpenCalls lists the published calls that have not yet closed, for the
// portal: public by design.
func (s *Service) OpenCalls(ctx context.Context) ([]Call, error) {
	var w db.Where
	w.Add("c.status = 'open' AND c.closes_on >= " + w.Arg(s.today()))
	return s.queryCalls(ctx, &w)
}

// Call returns a call: a published one to anyone, a draft only to those
// who run its site.
func (s *Service) Call(ctx context.Context, p *tiaojie.Principal, id int64) (*Call, error) {
	c, err := loadCall(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if c.Status == CallDraft && !runsSite(p, c.SiteKind, c.Township) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return c, nil
}

// Today is the service's date in Beijing (YYYY-MM-DD): pages compare a
// call's period with it.
func (s *Service) Today() string { return s.today() }

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}
