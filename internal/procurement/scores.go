package procurement

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
)

// Score records an assigned expert's scores on a bid while the project is
// being evaluated: one score (0–100) per criterion, every criterion. An
// expert tied to the bidding organization is refused ("expert.tied"), as
// is a score out of range, and nothing changes. Scores may be changed
// until the award.
func (s *Service) Score(ctx context.Context, p *tiaojie.Principal, bidID int64, scores []int) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		expertID, err := experts.ByUser(ctx, tx, p.UserID)
		if err != nil || !p.Can(tiaojie.PermExpertReview) {
			return notFound()
		}
		b, err := loadBid(ctx, tx, bidID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM procurement_experts WHERE project_id = $1 AND expert_id = $2`,
			b.ProjectID, expertID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound()
		}
		pr, err := load(ctx, tx, b.ProjectID)
		if err != nil {
			return err
		}
		if pr.Status != tiaojie.ProjectEvaluating || b.Status != "submitted" {
			return tiaojie.E(tiaojie.Conflict, "procurement.not_evaluating")
		}
		if err := experts.CheckUntied(ctx, tx, expertID, b.OrgID); err != nil {
			var e *tiaojie.Error
			if errors.As(err, &e) {
				return audit.Refuse(e, map[string]string{"org": itoa(b.OrgID)})
			}
			return err
		}
		if len(scores) != len(pr.CriteriaIDs) {
			return tiaojie.E(tiaojie.Invalid, "procurement.score_all")
		}
		for _, sc := range scores {
			if err := tiaojie.ValidateScore(sc); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM procurement_scores WHERE bid_id = $1 AND expert_id = $2`, bidID, expertID); err != nil {
			return err
		}
		now := s.now()
		var parts []string
		for i, cid := range pr.CriteriaIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO procurement_scores (bid_id, expert_id, criterion_id, score, scored_at) VALUES ($1, $2, $3, $4, $5)`,
				bidID, expertID, cid, scores[i], now); err != nil {
				return err
			}
			parts = append(parts, itoa(int64(scores[i])))
		}
		return s.record(ctx, tx, p, "procurement.score", objBid, bidID, map[string]string{
			"expert": itoa(expertID), "scores": strings.Join(parts, ",")})
	})
	return s.settle(ctx, p, "procurement.score", objBid, bidID, err)
}

// scoreSheets returns, per bid, each expert's complete sheet of scores in
// the criteria's order.
func scoreSheets(ctx context.Context, q db.Queryer, pr *Project) (map[int64]map[int64][]int, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT s.bid_id, s.expert_id, s.criterion_id, s.score FROM procurement_scores s JOIN procurement_bids b ON b.id = s.bid_id
		WHERE b.project_id = $1`, pr.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int64][]int{}
	for rows.Next() {
		var bid, exp, cid int64
		var sc int
		if err := rows.Scan(&bid, &exp, &cid, &sc); err != nil {
			return nil, err
		}
		i := slices.Index(pr.CriteriaIDs, cid)
		if i < 0 {
			continue
		}
		if out[bid] == nil {
			out[bid] = map[int64][]int{}
		}
		sheet := out[bid][exp]
		if sheet == nil {
			sheet = make([]int, len(pr.CriteriaIDs))
			for j := range sheet {
				sheet[j] = -1
			}
		}
		sheet[i] = sc
		out[bid][exp] = sheet
	}
	return out, rows.Err()
}

// values returns the complete sheets of a bid, by expert id.
func values(m map[int64][]int) [][]int {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out [][]int
	for _, id := range ids {
		if !slices.Contains(m[id], -1) {
			out = append(out, m[id])
		}
	}
	return out
}

// Award chooses the winners among the bids scored and publishes the
// result (公示): each bid's weighted total is fixed, the winners (at
// least one, their prices together within the budget) marked won and the
// others lost. Every bid must have been scored by at least one expert.
func (s *Service) Award(ctx context.Context, p *tiaojie.Principal, id int64, winners []int64, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		var fe tiaojie.FieldErrors
		fe.Add("note", "procurement.note", "max", "2000")
		return fe.Err()
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		pr, err := s.managed(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if pr.Status != tiaojie.ProjectEvaluating {
			return tiaojie.E(tiaojie.Conflict, "procurement.not_evaluating")
		}
		all, err := bids(ctx, tx, id)
		if err != nil {
			return err
		}
		sheets, err := scoreSheets(ctx, tx, pr)
		if err != nil {
			return err
		}
		var prices []int64
		for _, w := range winners {
			i := slices.IndexFunc(all, func(b Bid) bool { return b.ID == w && b.Status == "submitted" })
			if i < 0 {
				return tiaojie.E(tiaojie.Invalid, "procurement.award_unknown")
			}
			prices = append(prices, all[i].PriceFen)
		}
		if err := tiaojie.CheckAward(pr.Input.BudgetFen, prices); err != nil {
			return err
		}
		for _, b := range all {
			if b.Status != "submitted" {
				continue
			}
			vs := values(sheets[b.ID])
			if len(vs) == 0 {
				return tiaojie.E(tiaojie.Conflict, "procurement.unscored").With("org", b.OrgName)
			}
			status := "lost"
			if slices.Contains(winners, b.ID) {
				status = "won"
			}
			if _, err := tx.ExecContext(ctx, `UPDATE procurement_bids SET status = $1, total10 = $2, updated_at = $3 WHERE id = $4`,
				status, tiaojie.WeightedTotal10(pr.Input.Criteria, vs), s.now(), b.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procurement_projects SET result_note = $1, awarded_at = $2 WHERE id = $3`, note, s.now(), id); err != nil {
			return err
		}
		return s.stepTx(ctx, tx, p, pr, tiaojie.ProjectAward, "", nil)
	})
	return s.settle(ctx, p, "procurement.award", objProject, id, err)
}
