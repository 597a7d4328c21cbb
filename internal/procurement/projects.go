package procurement

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
)

// Project is one procurement project.
type Project struct {
	ID          int64
	AgencyID    int64 // 0: the bureau buys
	BuyerName   string
	Status      tiaojie.ProjectStatus
	Input       tiaojie.ProjectInput
	CriteriaIDs []int64 // the ids of Input.Criteria, in order
	ResultNote  string
	Cancel      string
	PublishedAt time.Time
	AwardedAt   time.Time
	Experts     []AssignedExpert // to its managers only
	Manage      bool             // the caller manages it
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// AssignedExpert is an expert assigned to a project.
type AssignedExpert struct {
	ID   int64
	Name string
}

// Window reports where today stands against the bidding window.
func (p *Project) Window(today string) tiaojie.WindowState {
	return tiaojie.InWindow(today, p.Input.WindowFrom, p.Input.WindowTo)
}

const objProject = "procurement_project"

// Create opens a draft project for buyer agencyID (0: the bureau).
func (s *Service) Create(ctx context.Context, p *tiaojie.Principal, agencyID int64, in tiaojie.ProjectInput) (int64, error) {
	ok, err := s.mayBuyFor(ctx, p, agencyID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, s.settle(ctx, p, "procurement.create", objProject, 0, forbidden(tiaojie.PermProcurement))
	}
	in.Normalize()
	if err := in.Validate(s.district); err != nil {
		return 0, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO procurement_projects (agency_id, title, scope, category, dispute_types, township, budget_fen, min_stars,
				org_types, no_sanction, window_from, window_to, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $14, $14) RETURNING id`,
			nullID(agencyID), in.Title, in.Scope, in.Category, strings.Join(in.DisputeTypes, ","), in.Township, in.BudgetFen,
			in.Eligibility.MinStars, joinList(in.Eligibility.OrgTypes), in.Eligibility.NoSanction, in.WindowFrom, in.WindowTo,
			max(p.UserID, 0), now).Scan(&id)
		if err != nil {
			return err
		}
		if err := writeCriteria(ctx, tx, id, in.Criteria); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.create", objProject, id, map[string]string{
			"title": in.Title, "budget": tiaojie.FormatYuan(in.BudgetFen), "agency": itoa(agencyID)})
	})
	return id, err
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func writeCriteria(ctx context.Context, tx *db.Tx, id int64, list []tiaojie.Criterion) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM procurement_criteria WHERE project_id = $1`, id); err != nil {
		return err
	}
	for i, c := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procurement_criteria (project_id, position, name, weight) VALUES ($1, $2, $3, $4)`,
			id, i+1, c.Name, c.Weight); err != nil {
			return err
		}
	}
	return nil
}

// managed loads a project in tx for a change by its buyer; another
// caller gets NotFound, audited.
func (s *Service) managed(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64) (*Project, error) {
	pr, err := load(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayBuyFor(ctx, p, pr.AgencyID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound()
	}
	pr.Manage = true
	return pr, nil
}

// Update rewrites a draft project.
func (s *Service) Update(ctx context.Context, p *tiaojie.Principal, id int64, in tiaojie.ProjectInput) error {
	in.Normalize()
	if err := in.Validate(s.district); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pr, err := s.managed(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if pr.Status != tiaojie.ProjectDraft {
			return tiaojie.E(tiaojie.Conflict, "procurement.not_draft")
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE procurement_projects SET title = $1, scope = $2, category = $3, dispute_types = $4, township = $5, budget_fen = $6,
				min_stars = $7, org_types = $8, no_sanction = $9, window_from = $10, window_to = $11, updated_at = $12 WHERE id = $13`,
			in.Title, in.Scope, in.Category, strings.Join(in.DisputeTypes, ","), in.Township, in.BudgetFen, in.Eligibility.MinStars,
			joinList(in.Eligibility.OrgTypes), in.Eligibility.NoSanction, in.WindowFrom, in.WindowTo, s.now(), id)
		if err != nil {
			return err
		}
		if err := writeCriteria(ctx, tx, id, in.Criteria); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.update", objProject, id, map[string]string{"title": in.Title})
	})
	return s.settle(ctx, p, "procurement.update", objProject, id, err)
}

// Publish opens a draft for bids. Its window must not have ended.
func (s *Service) Publish(ctx context.Context, p *tiaojie.Principal, id int64) error {
	return s.step(ctx, p, id, tiaojie.ProjectPublish, "", func(tx *db.Tx, pr *Project) error {
		if pr.Input.WindowTo < s.today() {
			return tiaojie.E(tiaojie.Conflict, "procurement.window_past")
		}
		_, err := tx.ExecContext(ctx, `UPDATE procurement_projects SET published_at = $1 WHERE id = $2`, s.now(), id)
		return err
	})
}

// Close ends bidding once the window has passed, for evaluation. The
// sweep closes projects whose window passed by itself.
func (s *Service) Close(ctx context.Context, p *tiaojie.Principal, id int64) error {
	return s.step(ctx, p, id, tiaojie.ProjectClose, "", func(tx *db.Tx, pr *Project) error {
		if pr.Window(s.today()) != tiaojie.WindowAfter {
			return tiaojie.E(tiaojie.Conflict, "procurement.window_open")
		}
		return nil
	})
}

// Cancel cancels a project before any contract, with a reason.
func (s *Service) Cancel(ctx context.Context, p *tiaojie.Principal, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		var fe tiaojie.FieldErrors
		fe.Add("reason", "procurement.reason")
		return fe.Err()
	}
	return s.step(ctx, p, id, tiaojie.ProjectCancel, reason, func(tx *db.Tx, _ *Project) error {
		_, err := tx.ExecContext(ctx, `UPDATE procurement_projects SET cancel_reason = $1 WHERE id = $2`, reason, id)
		return err
	})
}

// step takes a lifecycle step of a project for its buyer.
func (s *Service) step(ctx context.Context, p *tiaojie.Principal, id int64, a tiaojie.ProjectAction, reason string, fn func(*db.Tx, *Project) error) error {
	action := "procurement." + string(a)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pr, err := s.managed(ctx, tx, p, id)
		if err != nil {
			return err
		}
		return s.stepTx(ctx, tx, p, pr, a, reason, fn)
	})
	return s.settle(ctx, p, action, objProject, id, err)
}

func (s *Service) stepTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, pr *Project, a tiaojie.ProjectAction, reason string, fn func(*db.Tx, *Project) error) error {
	to, err := tiaojie.NextProjectStatus(pr.Status, a)
	if err != nil {
		return err
	}
	if fn != nil {
		if err := fn(tx, pr); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE procurement_projects SET status = $1, updated_at = $2 WHERE id = $3`, to, s.now(), pr.ID); err != nil {
		return err
	}
	detail := map[string]string{"from": string(pr.Status), "to": string(to)}
	if reason != "" {
		detail["reason"] = reason
	}
	pr.Status = to
	return s.record(ctx, tx, p, "procurement."+string(a), objProject, pr.ID, detail)
}

// AssignExpert assigns an expert from the pool to a project before the
// award. An expert tied to an organization that has bid is refused
// (experts.CheckUntied) and nothing changes; a later bid of an
// organization they are tied to they may not score.
func (s *Service) AssignExpert(ctx context.Context, p *tiaojie.Principal, id, expertID int64) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pr, err := s.managed(ctx, tx, p, id)
		if err != nil {
			return err
		}
		switch pr.Status {
		case tiaojie.ProjectDraft, tiaojie.ProjectPublished, tiaojie.ProjectEvaluating:
		default:
			return tiaojie.E(tiaojie.Conflict, "procurement.assign_closed")
		}
		if err := experts.CheckUntied(ctx, tx, expertID, 0); err != nil {
			return err
		}
		if err := experts.CheckAvailable(ctx, tx, expertID, s.today()); err != nil {
			return err
		}
		orgs, err := bidOrgs(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if err := experts.CheckUntied(ctx, tx, expertID, o); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO procurement_experts (project_id, expert_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)`,
			id, expertID, max(p.UserID, 0), s.now())
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "procurement.already_assigned")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.assign", objProject, id, map[string]string{"expert": itoa(expertID)})
	})
	return s.settle(ctx, p, "procurement.assign", objProject, id, err)
}

func bidOrgs(ctx context.Context, q db.Queryer, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id FROM procurement_bids WHERE project_id = $1 AND status <> 'withdrawn' ORDER BY org_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var o int64
		if err := rows.Scan(&o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

const projectCols = `p.id, COALESCE(p.agency_id, 0), COALESCE(a.name, ''), p.status, p.title, p.scope, p.category, p.dispute_types,
	p.township, p.budget_fen, p.min_stars, p.org_types, p.no_sanction, p.window_from, p.window_to, p.result_note, p.cancel_reason,
	p.published_at, p.awarded_at, p.created_at, p.updated_at`

const projectFrom = ` FROM procurement_projects p LEFT JOIN agencies a ON a.id = p.agency_id`

func scanProject(r interface{ Scan(...any) error }) (*Project, error) {
	var pr Project
	var dt, ot string
	var pub, aw sql.NullTime
	in := &pr.Input
	err := r.Scan(&pr.ID, &pr.AgencyID, &pr.BuyerName, &pr.Status, &in.Title, &in.Scope, &in.Category, &dt, &in.Township,
		&in.BudgetFen, &in.Eligibility.MinStars, &ot, &in.Eligibility.NoSanction, &in.WindowFrom, &in.WindowTo, &pr.ResultNote,
		&pr.Cancel, &pub, &aw, &pr.CreatedAt, &pr.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if pr.AgencyID == 0 {
		pr.BuyerName = bureauName
	}
	in.DisputeTypes = splitList[string](dt)
	in.Eligibility.OrgTypes = splitList[tiaojie.OrgType](ot)
	pr.PublishedAt, pr.AwardedAt = pub.Time, aw.Time
	return &pr, nil
}

// load reads a project with its criteria and experts.
func load(ctx context.Context, q db.Queryer, id int64) (*Project, error) {
	pr, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name, weight FROM procurement_criteria WHERE project_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c tiaojie.Criterion
		var cid int64
		if err := rows.Scan(&cid, &c.Name, &c.Weight); err != nil {
			rows.Close()
			return nil, err
		}
		pr.Input.Criteria = append(pr.Input.Criteria, c)
		pr.CriteriaIDs = append(pr.CriteriaIDs, cid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT e.id, e.name FROM procurement_experts pe JOIN experts e ON e.id = pe.expert_id
		WHERE pe.project_id = $1 ORDER BY e.name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e AssignedExpert
		if err := rows.Scan(&e.ID, &e.Name); err != nil {
			return nil, err
		}
		pr.Experts = append(pr.Experts, e)
	}
	return pr, rows.Err()
}

// Access is how a caller stands to a project.
type Access struct {
	Manage bool  // the buyer
	Expert int64 // an assigned expert's id
	Orgs   []int64
}

// access decides what p may see of pr: the buyer everything, an assigned
// expert the bids to score, an organization's admin a published project
// and its own bid, and the bureau (supervising) every project read-only.
func (s *Service) access(ctx context.Context, q db.Queryer, p *tiaojie.Principal, pr *Project) (Access, bool, error) {
	var a Access
	ok, err := s.mayBuyFor(ctx, p, pr.AgencyID)
	if err != nil {
		return a, false, err
	}
	if ok {
		a.Manage = true
		return a, true, nil
	}
	if p.Can(tiaojie.PermExpertReview) {
		if eid, err := experts.ByUser(ctx, q, p.UserID); err == nil {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM procurement_experts WHERE project_id = $1 AND expert_id = $2`,
				pr.ID, eid).Scan(&n); err != nil {
				return a, false, err
			}
			if n > 0 {
				a.Expert = eid
				return a, true, nil
			}
		}
	}
	if orgs := adminOrgs(p); len(orgs) > 0 && pr.Status.Public() {
		a.Orgs = orgs
		return a, true, nil
	}
	if p.Has(tiaojie.RoleBureau) && p.Can(tiaojie.PermProcurement) {
		return a, true, nil
	}
	return a, pr.Status.Public() && p.Staff(), nil
}

// Get returns a project the caller may see with what they may do there.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Project, Access, error) {
	q := s.db.Reader()
	pr, err := load(ctx, q, id)
	if err != nil {
		return nil, Access{}, err
	}
	a, ok, err := s.access(ctx, q, p, pr)
	if err != nil {
		return nil, a, err
	}
	if !ok {
		return nil, a, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	pr.Manage = a.Manage
	s.named(pr)
	if !a.Manage && !p.Has(tiaojie.RoleBureau) {
		pr.Experts = nil
	}
	return pr, a, nil
}

// List returns the projects the caller works with, newest first: a
// buyer's own, an expert's assigned, the published ones to organizations'
// admins, every one to the bureau.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal) ([]Project, error) {
	if !p.Staff() {
		return nil, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	var w db.Where
	var conds []string
	if p.Has(tiaojie.RoleBureau) && p.Can(tiaojie.PermProcurement) {
		conds = append(conds, "TRUE")
	}
	if p.Has(tiaojie.RolePartner) && p.Can(tiaojie.PermProcurement) {
		conds = append(conds, `p.agency_id IN (SELECT m.agency_id FROM agency_members m JOIN agencies ag ON ag.id = m.agency_id
			WHERE m.user_id = `+w.Arg(p.UserID)+` AND ag.active)`)
	}
	if p.Can(tiaojie.PermExpertReview) {
		conds = append(conds, `p.id IN (SELECT pe.project_id FROM procurement_experts pe JOIN experts e ON e.id = pe.expert_id
			WHERE e.user_id = `+w.Arg(p.UserID)+`)`)
	}
	if len(adminOrgs(p)) > 0 {
		conds = append(conds, `p.status <> 'draft'`)
	}
	if len(conds) == 0 {
		return nil, nil
	}
	w.Add("(" + strings.Join(conds, " OR ") + ")")
	return s.query(ctx, `SELECT `+projectCols+projectFrom+` WHERE `+w.String()+` ORDER BY p.created_at DESC, p.id DESC`, w.Args()...)
}

func (s *Service) query(ctx context.Context, q string, args ...any) ([]Project, error) {
	rows, err := s.db.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		pr, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		s.named(pr)
		out = append(out, *pr)
	}
	return out, rows.Err()
}

// Pool returns the active experts a buyer may assign, by name.
func (s *Service) Pool(ctx context.Context, p *tiaojie.Principal) ([]AssignedExpert, error) {
	if !p.Can(tiaojie.PermProcurement) {
		return nil, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, name FROM experts WHERE status = 'active' ORDER BY name, id LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AssignedExpert
	for rows.Next() {
		var e AssignedExpert
		if err := rows.Scan(&e.ID, &e.Name); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
