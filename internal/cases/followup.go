package cases

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// How far an agreement was performed, as a follow-up visit finds it.
const (
	PerformedFull    = "full"
	PerformedPartial = "partial"
	PerformedNone    = "none"
)

// VisitInput is a follow-up visit's record (回访记录): how far the
// agreement was performed, and what the visit found (satisfaction, a
// later lawsuit, signs the dispute may flare up again).
type VisitInput struct {
	Performed string `json:"performed"`
	Note      string `json:"note"`
}

// Visit records a follow-up visit by the mediator or the organization,
// after the agreement took effect (whether or not performance was
// recorded), and moves the case to visited.
func (s *Service) Visit(ctx context.Context, p *tiaojie.Principal, id int64, in VisitInput) error {
	in.Note = strings.TrimSpace(in.Note)
	var fe tiaojie.FieldErrors
	if !slices.Contains([]string{PerformedFull, PerformedPartial, PerformedNone}, in.Performed) {
		fe.Add("performed", "case.visit_performed")
	}
	if in.Note == "" || utf8.RuneCountInString(in.Note) > maxFacts {
		fe.Add("note", "case.visit_note")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.withCase(ctx, p, id, "case.visit", func(tx *db.Tx, c *Case, ps Parts) error {
		return s.stepTx(ctx, tx, p, c, ps, Step{Action: tiaojie.CaseVisit}, func() error {
			_, err := tx.ExecContext(ctx, `INSERT INTO case_visits (case_id, performed, note, visited_by, visited_at)
				VALUES ($1, $2, $3, $4, $5)`, c.ID, in.Performed, in.Note, max(p.UserID, 0), s.now())
			return err
		})
	})
}

// Rate records a party's rating of the service (满意度), once per party,
// after the mediation is over.
func (s *Service) Rate(ctx context.Context, p *tiaojie.Principal, id int64, stars int, comment string) error {
	comment = strings.TrimSpace(comment)
	var fe tiaojie.FieldErrors
	if stars < 1 || stars > 5 {
		fe.Add("stars", "case.rating_stars")
	}
	if utf8.RuneCountInString(comment) > 500 {
		fe.Add("comment", "case.too_long")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.withCase(ctx, p, id, "case.rate", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Party() {
			return notYours("rate")
		}
		if !c.Status.Closed() || c.Status == tiaojie.CaseRejected || c.Status == tiaojie.CaseWithdrawn {
			return tiaojie.E(tiaojie.Conflict, "case.rate_not_closed")
		}
		party := principalOf(c.Parties, append(slices.Clone(ps.Applicant), ps.Respondent...)[0])
		_, err := tx.ExecContext(ctx, `INSERT INTO case_ratings (case_id, party_id, stars, comment, created_at) VALUES ($1, $2, $3, $4, $5)`,
			c.ID, party, stars, comment, s.now())
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "case.rated_already")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.rate", c.ID, map[string]string{"stars": itoa(int64(stars))})
	})
}
