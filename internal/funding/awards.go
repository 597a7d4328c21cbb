package funding

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
)

// The steps after the applications: the experts' scores, the bureau's
// awards and publication, and the awarded organizations' reports.

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
