package funding

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
)

// Application is an organization's project in a venture round.
type Application struct {
	ID         int64
	RoundID    int64
	RoundTitle string
	OrgID      int64
	OrgName    string
	Title      string
	Plan       string
	Requested  tiaojie.Money
	Award      tiaojie.Money // 0: not awarded
	Total      int           // mean weighted score, tenths of a point out of 100
	Scored     int           // experts who scored it
	Scores     []Score       // every expert's (the bureau), the caller's own (an expert)
	Reports    []Report
	CreatedAt  time.Time
}

// HasTotal reports whether any expert scored the project.
func (a *Application) HasTotal() bool { return a.Scored > 0 }

// TotalText writes the total as points with one decimal, "" when unscored.
func (a *Application) TotalText() string {
	if a.Scored == 0 {
		return ""
	}
	return tenths(a.Total)
}

// Points writes the weighted score as points out of 100 with one decimal.
func (s Score) Points() string { return tenths(s.Weighted) }

// tenths writes tenths of a point with one decimal.
func tenths(n int) string { return strconv.Itoa(n/10) + "." + strconv.Itoa(n%10) }

// Score is one expert's scores of a project.
type Score struct {
	ExpertID   int64
	ExpertName string
	Scores     []int // per criterion
	Weighted   int   // tenths of a point out of 100
	Comment    string
	ScoredAt   time.Time
}

// Report is a progress or final report of an awarded project.
type Report struct {
	ID      int64
	Kind    tiaojie.VentureReportKind
	Body    string
	FiledAt time.Time
}

// ApplyInput is a project as an organization applies with it.
type ApplyInput struct {
	OrgID     int64
	Title     string
	Plan      string
	Requested tiaojie.Money
}

// Apply files organization in.OrgID's project in round roundID and
// returns its id. Only the organization's admin may; the organization must
// be registered; applying outside the window, above the cap or a second
// time is refused and nothing is written.
func (s *Service) Apply(ctx context.Context, p *tiaojie.Principal, roundID int64, in ApplyInput) (int64, error) {
	if !orgAdmin(p, in.OrgID) {
		var err error = forbidden(tiaojie.PermFundingOrg)
		if p.Can(tiaojie.PermFundingOrg) {
			err = notFound()
		}
		return 0, s.settle(ctx, p, "venture.apply", "venture_round", roundID, err)
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := loadRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Published() {
			return tiaojie.E(tiaojie.Conflict, "venture.closed")
		}
		if err := r.Window().Accepts(s.clock.Now()); err != nil {
			return err
		}
		var fe tiaojie.FieldErrors
		in.Title, in.Plan = strings.TrimSpace(in.Title), strings.TrimSpace(in.Plan)
		if in.Title == "" || utf8.RuneCountInString(in.Title) > maxTitle {
			fe.Add("title", "venture.title_bad", "max", strconv.Itoa(maxTitle))
		}
		if in.Plan == "" || utf8.RuneCountInString(in.Plan) > maxPlan {
			fe.Add("plan", "venture.plan", "max", strconv.Itoa(maxPlan))
		}
		if err := tiaojie.CheckVentureRequest(in.Requested, r.Cap); err != nil {
			fe = append(fe, err.(*tiaojie.Error).Fields...)
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if _, err := checkRecipient(ctx, tx, in.OrgID); err != nil {
			return err
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `
			INSERT INTO venture_applications (round_id, org_id, title, plan, requested, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			roundID, in.OrgID, in.Title, in.Plan, in.Requested, max(p.UserID, 0), now).Scan(&id)
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "venture.applied")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "venture.apply", "venture_application", id, map[string]string{
			"round": itoa(roundID), "org": itoa(in.OrgID), "requested": strconv.FormatInt(int64(in.Requested), 10)})
	})
	return id, s.settle(ctx, p, "venture.apply", "venture_round", roundID, err)
}

// view is what a caller may see of a round's applications.
type view int

const (
	viewNone     view = iota
	viewAwarded       // the published awards (everyone, once published)
	viewOwn           // an organization's admin: their own, plus the published awards
	viewAssigned      // an expert of the round: every application, their own scores
	viewAll           // the bureau: everything
)

// viewOf returns what p may see of round r's applications.
func viewOf(p *tiaojie.Principal, r *Round) view {
	switch {
	case p.Can(tiaojie.PermFunding):
		return viewAll
	case assigned(p, r):
		return viewAssigned
	case p.Can(tiaojie.PermFundingOrg):
		return viewOwn
	case r.Published():
		return viewAwarded
	}
	return viewNone
}

// visible reports whether a caller with view v sees application a.
func visible(p *tiaojie.Principal, v view, r *Round, a *Application) bool {
	switch v {
	case viewAll, viewAssigned:
		return true
	case viewOwn:
		return orgAdmin(p, a.OrgID) || r.Published() && a.Award > 0
	case viewAwarded:
		return a.Award > 0
	}
	return false
}

// Applications returns the applications of round roundID the caller may
// see, by total score then by time: the bureau and the round's experts
// see all, an organization's admin their own, and everyone the awarded
// ones once the results are published.
func (s *Service) Applications(ctx context.Context, p *tiaojie.Principal, roundID int64) (*Round, []Application, error) {
	q := s.db.Reader()
	r, err := loadRound(ctx, q, roundID)
	if err != nil {
		return nil, nil, err
	}
	v := viewOf(p, r)
	all, err := listApplications(ctx, q, r)
	if err != nil {
		return nil, nil, err
	}
	out := []Application{}
	for _, a := range all {
		if visible(p, v, r, &a) {
			out = append(out, s.trim(p, v, r, a))
		}
	}
	if v != viewAll && !assigned(p, r) {
		r.Experts = nil
	}
	return r, out, nil
}

// trim removes what view v may not see of an application: others'
// scores, and an unpublished award to anyone but the bureau and experts.
func (s *Service) trim(p *tiaojie.Principal, v view, r *Round, a Application) Application {
	switch v {
	case viewAll:
	case viewAssigned:
		me := r.expertOf(p.UserID)
		a.Scores = slices.DeleteFunc(a.Scores, func(sc Score) bool { return sc.ExpertID != me })
	default:
		a.Scores = nil
		if !r.Published() {
			a.Award, a.Total, a.Scored = 0, 0, 0
		}
	}
	return a
}

// Application returns one application with its scores and reports, to
// those who may see it (NotFound to anyone else).
func (s *Service) Application(ctx context.Context, p *tiaojie.Principal, id int64) (*Round, *Application, error) {
	q := s.db.Reader()
	a, err := loadApplication(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	r, err := loadRound(ctx, q, a.RoundID)
	if err != nil {
		return nil, nil, err
	}
	v := viewOf(p, r)
	if !visible(p, v, r, a) {
		return nil, nil, s.settle(ctx, p, "venture.read", "venture_application", id, notFound())
	}
	if err := fillApplication(ctx, q, r, a); err != nil {
		return nil, nil, err
	}
	t := s.trim(p, v, r, *a)
	return r, &t, nil
}

// Score saves the calling expert's scores of a project, a score (0–10)
// per criterion, while the round is not published. An expert not
// assigned to the round gets NotFound; one tied to the applying
// organization is refused (experts.CheckUntied, in this transaction).
func (s *Service) Score(ctx context.Context, p *tiaojie.Principal, appID int64, scores []int, comment string) error {
	if !p.Can(tiaojie.PermExpertReview) {
		return s.settle(ctx, p, "venture.score", "venture_application", appID, forbidden(tiaojie.PermExpertReview))
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadApplication(ctx, tx, appID)
		if err != nil {
			return err
		}
		r, err := loadRound(ctx, tx, a.RoundID)
		if err != nil {
			return err
		}
		me := r.expertOf(p.UserID)
		if me == 0 {
			return notFound()
		}
		if r.Published() {
			return tiaojie.E(tiaojie.Conflict, "venture.published")
		}
		if err := experts.CheckUntied(ctx, tx, me, a.OrgID); err != nil {
			if te, ok := err.(*tiaojie.Error); ok && te.Kind == tiaojie.Conflict {
				return audit.Refuse(te, map[string]string{"org": itoa(a.OrgID)}) // audited: an expert tried to judge a tied organization
			}
			return err
		}
		if err := tiaojie.CheckVentureScores(r.Criteria, scores); err != nil {
			return err
		}
		if comment = strings.TrimSpace(comment); utf8.RuneCountInString(comment) > maxText {
			var fe tiaojie.FieldErrors
			fe.Add("comment", "funding.too_long", "max", strconv.Itoa(maxText))
			return fe.Err()
		}
		js, _ := json.Marshal(scores)
		_, err = tx.ExecContext(ctx, `
			INSERT INTO venture_scores (application_id, expert_id, scores, comment, scored_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (application_id, expert_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment,
				scored_at = excluded.scored_at`, appID, me, string(js), comment, s.now())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "venture.score", "venture_application", appID, map[string]string{
			"expert": itoa(me), "weighted": strconv.Itoa(tiaojie.VentureWeighted(r.Criteria, scores))})
	})
	return s.settle(ctx, p, "venture.score", "venture_application", appID, err)
}

// Award sets the amount awarded to a project (0: none) once the window
// has closed and before publication. The round's awards together may not
// exceed its budget.
func (s *Service) Award(ctx context.Context, p *tiaojie.Principal, appID int64, amount tiaojie.Money) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "venture.award", "venture_application", appID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadApplication(ctx, tx, appID)
		if err != nil {
			return err
		}
		r, err := loadRound(ctx, tx, a.RoundID)
		if err != nil {
			return err
		}
		if r.Published() {
			return tiaojie.E(tiaojie.Conflict, "venture.published")
		}
		if !r.Window().Closed(s.clock.Now()) {
			return tiaojie.E(tiaojie.Conflict, "venture.award_early")
		}
		apps, err := listApplications(ctx, tx, r)
		if err != nil {
			return err
		}
		var all []tiaojie.Money
		for _, o := range apps {
			if o.ID != appID {
				all = append(all, o.Award)
			}
		}
		if err := tiaojie.CheckVentureAward(amount, a.Requested, append(all, amount), r.Budget); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE venture_applications SET award = $1, updated_at = $2 WHERE id = $3`,
			amount, s.now(), appID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "venture.award", "venture_application", appID, map[string]string{
			"round": itoa(r.ID), "award": strconv.FormatInt(int64(amount), 10)})
	})
}

// Publish publishes a round's results: the awards become public and each
// is recorded as a grant to its organization (shown in its disclosure).
// The window must have closed and at least one project be awarded.
func (s *Service) Publish(ctx context.Context, p *tiaojie.Principal, roundID int64) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "venture.publish", "venture_round", roundID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := loadRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Published() {
			return tiaojie.E(tiaojie.Conflict, "venture.published")
		}
		if !r.Window().Closed(s.clock.Now()) {
			return tiaojie.E(tiaojie.Conflict, "venture.award_early")
		}
		if r.Awarded == 0 {
			return tiaojie.E(tiaojie.Conflict, "venture.no_awards")
		}
		apps, err := listApplications(ctx, tx, r)
		if err != nil {
			return err
		}
		now, today := s.now(), s.today()
		for _, a := range apps {
			if a.Award == 0 {
				continue
			}
			in := Input{OrgID: a.OrgID, Kind: tiaojie.FundingGrant, Source: r.Title, Amount: a.Award, ReceivedOn: today,
				Purpose: a.Title, Restrictions: "公益创投项目资金，专款专用"}
			if _, err := insertFunding(ctx, tx, in, a.ID, max(p.UserID, 0), now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE venture_rounds SET status = 'published', published_at = $1, updated_at = $1 WHERE id = $2`,
			now, roundID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "venture.publish", "venture_round", roundID, map[string]string{
			"awarded": strconv.FormatInt(int64(r.Awarded), 10)})
	})
}

// FileReport files a progress or final report of an awarded project, by
// its organization's admin, once the results are published. A project
// has one final report.
func (s *Service) FileReport(ctx context.Context, p *tiaojie.Principal, appID int64, kind tiaojie.VentureReportKind, body string) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadApplication(ctx, tx, appID)
		if err != nil {
			return err
		}
		if !orgAdmin(p, a.OrgID) {
			return notFound()
		}
		r, err := loadRound(ctx, tx, a.RoundID)
		if err != nil {
			return err
		}
		if !r.Published() || a.Award == 0 {
			return tiaojie.E(tiaojie.Conflict, "venture.not_awarded_error")
		}
		var fe tiaojie.FieldErrors
		if kind != tiaojie.VentureProgress && kind != tiaojie.VentureFinal {
			fe.Add("kind", "venture.report_kind")
		}
		if body = strings.TrimSpace(body); body == "" || utf8.RuneCountInString(body) > maxPlan {
			fe.Add("body", "venture.report_body", "max", strconv.Itoa(maxPlan))
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var finals int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM venture_reports WHERE application_id = $1 AND kind = 'final'`,
			appID).Scan(&finals); err != nil {
			return err
		}
		if finals > 0 {
			return tiaojie.E(tiaojie.Conflict, "venture.final_filed")
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO venture_reports (application_id, kind, body, filed_by, filed_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, appID, string(kind), body, max(p.UserID, 0), s.now()).Scan(&id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "venture.report", "venture_application", appID, map[string]string{"kind": string(kind)})
	})
	return id, s.settle(ctx, p, "venture.report", "venture_application", appID, err)
}

const appColumns = `a.id, a.round_id, v.title, a.org_id, o.name, a.title, a.plan, a.requested, a.award, a.created_at`

const appFrom = ` FROM venture_applications a JOIN venture_rounds v ON v.id = a.round_id JOIN orgs o ON o.id = a.org_id `

func scanApplication(sc scanner) (*Application, error) {
	var a Application
	err := sc.Scan(&a.ID, &a.RoundID, &a.RoundTitle, &a.OrgID, &a.OrgName, &a.Title, &a.Plan, &a.Requested, &a.Award, &a.CreatedAt)
	return &a, err
}

func loadApplication(ctx context.Context, q db.Queryer, id int64) (*Application, error) {
	a, err := scanApplication(q.QueryRowContext(ctx, `SELECT `+appColumns+appFrom+`WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return a, err
}

// listApplications reads a round's applications with their scores, best
// total first.
func listApplications(ctx context.Context, q db.Queryer, r *Round) ([]Application, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+appColumns+appFrom+`WHERE a.round_id = $1 ORDER BY a.created_at, a.id`, r.ID)
	if err != nil {
		return nil, err
	}
	var out []Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, *a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	scores, err := roundScores(ctx, q, r)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].setScores(r, scores[out[i].ID])
	}
	slices.SortStableFunc(out, func(a, b Application) int { return b.Total - a.Total })
	return out, nil
}

// setScores keeps an application's scores and computes its total.
func (a *Application) setScores(r *Round, scores []Score) {
	a.Scores = scores
	var by [][]int
	for _, sc := range scores {
		by = append(by, sc.Scores)
	}
	a.Total, _ = tiaojie.VentureTotal(r.Criteria, by)
	a.Scored = len(scores)
}

// roundScores reads every score of a round, by application.
func roundScores(ctx context.Context, q db.Queryer, r *Round) (map[int64][]Score, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT s.application_id, s.expert_id, e.name, s.scores, s.comment, s.scored_at
		FROM venture_scores s JOIN venture_applications a ON a.id = s.application_id JOIN experts e ON e.id = s.expert_id
		WHERE a.round_id = $1 ORDER BY e.name, e.id`, r.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Score{}
	for rows.Next() {
		var app int64
		var sc Score
		var js string
		if err := rows.Scan(&app, &sc.ExpertID, &sc.ExpertName, &js, &sc.Comment, &sc.ScoredAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(js), &sc.Scores); err != nil {
			return nil, err
		}
		sc.Weighted = tiaojie.VentureWeighted(r.Criteria, sc.Scores)
		out[app] = append(out[app], sc)
	}
	return out, rows.Err()
}

// fillApplication adds an application's scores and reports.
func fillApplication(ctx context.Context, q db.Queryer, r *Round, a *Application) error {
	scores, err := roundScores(ctx, q, r)
	if err != nil {
		return err
	}
	a.setScores(r, scores[a.ID])
	rows, err := q.QueryContext(ctx, `SELECT id, kind, body, filed_at FROM venture_reports WHERE application_id = $1 ORDER BY filed_at, id`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rep Report
		var kind string
		if err := rows.Scan(&rep.ID, &kind, &rep.Body, &rep.FiledAt); err != nil {
			return err
		}
		rep.Kind = tiaojie.VentureReportKind(kind)
		a.Reports = append(a.Reports, rep)
	}
	return rows.Err()
}
