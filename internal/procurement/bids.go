package procurement

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Bid is an organization's application to a project.
type Bid struct {
	ID        int64
	ProjectID int64
	OrgID     int64
	OrgName   string
	Proposal  string
	PriceFen  int64
	Status    string // submitted, withdrawn, won, lost
	Total10   int    // the weighted total once awarded (or as scored so far, to the buyer)
	Scored    int    // experts who scored it completely
	MyScores  []int  // an expert's own scores, by criterion (nil: none yet)
	CreatedAt time.Time
	UpdatedAt time.Time
}

const objBid = "procurement_bid"

// maxProposal bounds a proposal, in characters.
const maxProposal = 5000

// Apply bids for organization orgID: an admin of it, while the project is
// published and its window open, at a price within the budget. An
// organization that fails the project's eligibility is refused with each
// failed condition (tiaojie.CheckEligibility) and nothing is written; a
// second bid is refused, but a withdrawn one may be made again.
func (s *Service) Apply(ctx context.Context, p *tiaojie.Principal, projectID, orgID int64, proposal string, priceFen int64) (int64, error) {
	if !adminOf(p, orgID) {
		return 0, s.settle(ctx, p, "procurement.apply", objProject, projectID, forbidden(tiaojie.PermProcurementApply))
	}
	proposal = strings.TrimSpace(proposal)
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pr, err := load(ctx, tx, projectID)
		if err != nil {
			return err
		}
		if err := s.open(pr); err != nil {
			return err
		}
		var fe tiaojie.FieldErrors
		if proposal == "" || utf8.RuneCountInString(proposal) > maxProposal {
			fe.Add("proposal", "procurement.proposal", "max", "5000")
		}
		if priceFen <= 0 || priceFen > pr.Input.BudgetFen {
			fe.Add("price", "procurement.price", "budget", tiaojie.FormatYuan(pr.Input.BudgetFen))
		}
		if err := fe.Err(); err != nil {
			return err
		}
		c, err := candidate(ctx, tx, orgID, s.today())
		if err != nil {
			return err
		}
		if err := tiaojie.Ineligible(tiaojie.CheckEligibility(pr.Input.Eligibility, c, s.clock.Now())); err != nil {
			return err
		}
		now := s.now()
		var status string
		err = tx.QueryRowContext(ctx, `SELECT id, status FROM procurement_bids WHERE project_id = $1 AND org_id = $2`, projectID, orgID).
			Scan(&id, &status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `
				INSERT INTO procurement_bids (project_id, org_id, proposal, price_fen, status, created_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $6) RETURNING id`, projectID, orgID, proposal, priceFen, max(p.UserID, 0), now).Scan(&id)
		case err != nil:
		case status != "withdrawn":
			return tiaojie.E(tiaojie.Conflict, "procurement.already_bid")
		default:
			_, err = tx.ExecContext(ctx, `UPDATE procurement_bids SET proposal = $1, price_fen = $2, status = 'submitted', updated_at = $3 WHERE id = $4`,
				proposal, priceFen, now, id)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.apply", objBid, id, map[string]string{
			"project": itoa(projectID), "org": itoa(orgID), "price": tiaojie.FormatYuan(priceFen)})
	})
	return id, s.settle(ctx, p, "procurement.apply", objProject, projectID, err)
}

// open refuses a bid or a withdrawal outside a published project's window.
func (s *Service) open(pr *Project) error {
	if pr.Status != tiaojie.ProjectPublished {
		return tiaojie.E(tiaojie.Conflict, "procurement.not_open")
	}
	switch pr.Window(s.today()) {
	case tiaojie.WindowBefore:
		return tiaojie.E(tiaojie.Conflict, "procurement.window_not_yet").With("from", pr.Input.WindowFrom)
	case tiaojie.WindowAfter:
		return tiaojie.E(tiaojie.Conflict, "procurement.window_closed").With("to", pr.Input.WindowTo)
	}
	return nil
}

// Withdraw withdraws an organization's bid while the window is open.
func (s *Service) Withdraw(ctx context.Context, p *tiaojie.Principal, bidID int64) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		b, err := loadBid(ctx, tx, bidID)
		if err != nil {
			return err
		}
		if !adminOf(p, b.OrgID) {
			return notFound()
		}
		pr, err := load(ctx, tx, b.ProjectID)
		if err != nil {
			return err
		}
		if err := s.open(pr); err != nil {
			return err
		}
		if b.Status != "submitted" {
			return tiaojie.E(tiaojie.Conflict, "procurement.not_submitted")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procurement_bids SET status = 'withdrawn', updated_at = $1 WHERE id = $2`, s.now(), bidID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.withdraw", objBid, bidID, map[string]string{"project": itoa(b.ProjectID)})
	})
	return s.settle(ctx, p, "procurement.withdraw", objBid, bidID, err)
}

// candidate reads what eligibility looks at in an organization.
func candidate(ctx context.Context, q db.Queryer, orgID int64, today string) (tiaojie.Candidate, error) {
	var c tiaojie.Candidate
	var stars sql.NullInt64
	var until sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT status, type, stars, stars_until FROM orgs WHERE id = $1`, orgID).Scan(&c.Status, &c.Type, &stars, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return c, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return c, err
	}
	c.Stars, c.StarsUntil = int(stars.Int64), until.Time
	c.OpenSanctions, err = openSanctions(ctx, q, orgID, today)
	return c, err
}

// openSanctions counts what keeps an organization under sanction for
// procurement ("no open sanction"): its status is rectifying (整改, ordered
// by the lifecycle); an inspection's rectification order not yet verified
// (status rectifying or responded); a rectification sanction (责令整改)
// decided by today whose deadline has not passed (or has none), unless
// the inspection that ordered it has verified the rectification; a
// recommendation to dissolve (建议撤销登记) on record. A warning, a star downgrade (already
// in its stars) and a mediator's removal are spent once recorded.
func openSanctions(ctx context.Context, q db.Queryer, orgID int64, today string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM orgs WHERE id = $1 AND status = 'rectifying')
		     + (SELECT count(*) FROM inspections WHERE org_id = $1 AND status IN ('rectifying', 'responded'))
		     + (SELECT count(*) FROM org_sanctions s WHERE s.org_id = $1 AND s.decided_on <= $2 AND
		          ((s.kind = 'rectify' AND (s.deadline = '' OR s.deadline >= $2)
		            AND (s.inspection_id IS NULL OR s.inspection_id NOT IN (SELECT i.id FROM inspections i WHERE i.status IN ('verified', 'closed'))))
		           OR s.kind = 'dissolve'))`, orgID, today).Scan(&n)
	return n, err
}

// Eligibility tells an organization's admin, before bidding, which of a
// project's conditions their organization fails (none: eligible).
func (s *Service) Eligibility(ctx context.Context, p *tiaojie.Principal, projectID, orgID int64) (tiaojie.FieldErrors, error) {
	if !adminOf(p, orgID) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	q := s.db.Reader()
	pr, err := load(ctx, q, projectID)
	if err != nil {
		return nil, err
	}
	c, err := candidate(ctx, q, orgID, s.today())
	if err != nil {
		return nil, err
	}
	return tiaojie.CheckEligibility(pr.Input.Eligibility, c, s.clock.Now()), nil
}

const bidCols = `b.id, b.project_id, b.org_id, o.name, b.proposal, b.price_fen, b.status, COALESCE(b.total10, 0), b.created_at, b.updated_at`

func scanBid(r interface{ Scan(...any) error }) (*Bid, error) {
	var b Bid
	err := r.Scan(&b.ID, &b.ProjectID, &b.OrgID, &b.OrgName, &b.Proposal, &b.PriceFen, &b.Status, &b.Total10, &b.CreatedAt, &b.UpdatedAt)
	return &b, err
}

func loadBid(ctx context.Context, q db.Queryer, id int64) (*Bid, error) {
	b, err := scanBid(q.QueryRowContext(ctx, `SELECT `+bidCols+` FROM procurement_bids b JOIN orgs o ON o.id = b.org_id WHERE b.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return b, err
}

// Bids returns the bids of a project the caller may see: every one to
// the buyer (with the totals scored so far), the ones to score (not
// withdrawn, not of an organization they are tied to) to an assigned
// expert once evaluation begins, an organization's admin their own only.
func (s *Service) Bids(ctx context.Context, p *tiaojie.Principal, projectID int64) ([]Bid, error) {
	q := s.db.Reader()
	pr, err := load(ctx, q, projectID)
	if err != nil {
		return nil, err
	}
	a, ok, err := s.access(ctx, q, p, pr)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	all, err := bids(ctx, q, projectID)
	if err != nil {
		return nil, err
	}
	sheets, err := scoreSheets(ctx, q, pr)
	if err != nil {
		return nil, err
	}
	var out []Bid
	for _, b := range all {
		switch {
		case a.Manage:
			if b.Status != "won" && b.Status != "lost" {
				b.Total10 = tiaojie.WeightedTotal10(pr.Input.Criteria, values(sheets[b.ID]))
			}
			b.Scored = len(values(sheets[b.ID]))
		case a.Expert > 0:
			if b.Status == "withdrawn" || pr.Status == tiaojie.ProjectPublished || pr.Status == tiaojie.ProjectDraft {
				continue
			}
			b.MyScores = sheets[b.ID][a.Expert]
			b.Total10 = 0
		case slices.Contains(a.Orgs, b.OrgID):
		default:
			continue
		}
		out = append(out, b)
	}
	return out, nil
}

func bids(ctx context.Context, q db.Queryer, projectID int64) ([]Bid, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+bidCols+` FROM procurement_bids b JOIN orgs o ON o.id = b.org_id
		WHERE b.project_id = $1 ORDER BY b.created_at, b.id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Bid
	for rows.Next() {
		b, err := scanBid(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *b)
	}
	return out, rows.Err()
}

// MyBids returns the bids of the organizations the caller is admin of.
func (s *Service) MyBids(ctx context.Context, p *tiaojie.Principal) ([]Bid, error) {
	orgs := adminOrgs(p)
	if len(orgs) == 0 {
		return nil, nil
	}
	var w db.Where
	w.Add("b.org_id IN (" + db.In(&w, orgs) + ")")
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+bidCols+` FROM procurement_bids b JOIN orgs o ON o.id = b.org_id
		WHERE `+w.String()+` ORDER BY b.created_at DESC`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Bid
	for rows.Next() {
		b, err := scanBid(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *b)
	}
	return out, rows.Err()
}
