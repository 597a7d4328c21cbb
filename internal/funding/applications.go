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
	"tiaojie/internal/db"
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
	Dues       []ReportDue // awarded in a published round, to the bureau and its admin: each report's due day and stage
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
	if r.Published() {
		filed, err := filedKinds(ctx, q, r.ID)
		if err != nil {
			return nil, nil, err
		}
		s.setDues(p, r, out, filed)
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
	filed := map[tiaojie.VentureReportKind]bool{}
	for _, rep := range t.Reports {
		filed[rep.Kind] = true
	}
	one := []Application{t}
	s.setDues(p, r, one, map[int64]map[tiaojie.VentureReportKind]bool{t.ID: filed})
	return r, &one[0], nil
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
