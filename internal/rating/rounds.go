package rating

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/settings"
)

// Round is a rating round: one published indicator set, an application
// window, the period whose records the platform figures cover, and where
// the round stands.
type Round struct {
	ID           int64
	Title        string
	SetID        int64
	SetVersion   int
	SetTitle     string
	PeriodFrom   string // YYYY-MM-DD, Beijing
	PeriodTo     string
	ApplyUntil   string // last day to apply
	Status       tiaojie.RatingRoundStatus
	PublishedAt  time.Time // zero until published
	ObjectionDue time.Time // end of the objection period; zero until published
	FinalizedAt  time.Time
	CreatedAt    time.Time
	Applications int
}

// ObjectionsOpen reports whether objections may be filed at now.
func (r *Round) ObjectionsOpen(now time.Time) bool {
	return r.Status == tiaojie.RoundPublicized && now.Before(r.ObjectionDue)
}

// RoundInput is a round as the bureau opens it.
type RoundInput struct {
	Title      string
	SetID      int64
	PeriodFrom string // YYYY-MM-DD
	PeriodTo   string
	ApplyUntil string
}

func (s *Service) validateRound(in *RoundInput) error {
	var fe tiaojie.FieldErrors
	in.Title = strings.TrimSpace(in.Title)
	if validTitle(in.Title) != nil {
		fe.Add("title", "rating.title_invalid")
	}
	if in.SetID <= 0 {
		fe.Add("set_id", "rating.set_required")
	}
	day := func(field string, v *string) bool {
		*v = strings.TrimSpace(*v)
		if _, err := time.Parse(time.DateOnly, *v); err != nil {
			fe.Add(field, "rating.date")
			return false
		}
		return true
	}
	from, to := day("period_from", &in.PeriodFrom), day("period_to", &in.PeriodTo)
	if from && to && in.PeriodTo < in.PeriodFrom {
		fe.Add("period_to", "rating.period_order")
	}
	if day("apply_until", &in.ApplyUntil) && in.ApplyUntil < s.today() {
		fe.Add("apply_until", "rating.apply_until_past")
	}
	return fe.Err()
}

// OpenRound opens a round on a published indicator set.
func (s *Service) OpenRound(ctx context.Context, p *tiaojie.Principal, in RoundInput) (int64, error) {
	if err := manager(p); err != nil {
		return 0, s.settle(ctx, p, "rating.round.open", "rating_round", 0, err)
	}
	if err := s.validateRound(&in); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		st, err := loadSet(ctx, tx, in.SetID)
		if err != nil || !st.Published {
			var fe tiaojie.FieldErrors
			fe.Add("set_id", "rating.set_unpublished")
			return fe.Err()
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO rating_rounds (title, set_id, period_from, period_to, apply_until, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			in.Title, in.SetID, in.PeriodFrom, in.PeriodTo, in.ApplyUntil, max(p.UserID, 0), s.now()).Scan(&id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.round.open", "rating_round", id, map[string]string{
			"title": in.Title, "set": itoa(in.SetID), "apply_until": in.ApplyUntil})
	})
	return id, err
}

// Step takes a step of a round's state machine (tiaojie.RatingRoundStatus):
// close applications, publish the results for objections, make them
// final. Publication needs every application scored by at least two
// experts who all handed their scores in; finalization needs the
// objection period over and every objection answered.
func (s *Service) Step(ctx context.Context, p *tiaojie.Principal, id int64, a tiaojie.RoundAction) error {
	action := "rating.round." + string(a)
	if err := manager(p); err != nil {
		return s.settle(ctx, p, action, "rating_round", id, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := loadRound(ctx, tx, id)
		if err != nil {
			return err
		}
		to, err := r.Status.Next(a)
		if err != nil {
			return err
		}
		pol, err := settings.Load(ctx, tx)
		if err != nil {
			return err
		}
		detail := map[string]string{"from": string(r.Status), "to": string(to)}
		switch a {
		case tiaojie.RoundClose:
			_, err = tx.ExecContext(ctx, `UPDATE rating_rounds SET status = $1 WHERE id = $2`, string(to), id)
		case tiaojie.RoundPublish:
			err = s.publishTx(ctx, tx, r, pol, detail)
		case tiaojie.RoundFinalize:
			err = s.finalizeTx(ctx, tx, p, r, pol, detail)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, "rating_round", id, detail)
	})
}

// publishTx combines every application's scores by the published rule
// and opens the objection period.
func (s *Service) publishTx(ctx context.Context, tx *db.Tx, r *Round, pol tiaojie.Policy, detail map[string]string) error {
	apps, err := applicationRows(ctx, tx, `a.round_id = $1`, r.ID)
	if err != nil {
		return err
	}
	for _, a := range apps {
		sheets, err := sheetsOf(ctx, tx, a.ID, r.SetID)
		if err != nil {
			return err
		}
		if a.Experts < tiaojie.RatingMinExperts || a.Submitted < a.Experts {
			return tiaojie.E(tiaojie.Conflict, "rating.unscored").With("org", a.OrgName)
		}
		total := tiaojie.CombineScores(sheets)
		if _, err := tx.ExecContext(ctx, `UPDATE rating_applications SET total10 = $1, stars = $2, updated_at = $3 WHERE id = $4`,
			int(math.Round(total*10)), pol.StarsFor(total), s.now(), a.ID); err != nil {
			return err
		}
	}
	cal, err := s.cal(ctx, tx)
	if err != nil {
		return err
	}
	now := s.now()
	due := tiaojie.ObjectionDue(cal, now, pol.RatingObjectionDays)
	detail["objection_due"] = due.In(tiaojie.Beijing()).Format(time.DateTime)
	_, err = tx.ExecContext(ctx, `UPDATE rating_rounds SET status = 'publicized', published_at = $1, objection_due = $2 WHERE id = $3`,
		now, due, r.ID)
	return err
}

// finalizeTx makes the results final: each application's total after
// the answers to its objections, its stars by the policy, valid for the
// policy's months; the organizations' stars set and the change kept in
// org_star_history.
func (s *Service) finalizeTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, r *Round, pol tiaojie.Policy, detail map[string]string) error {
	var open int
	if err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM rating_objections o JOIN rating_applications a ON a.id = o.application_id
		WHERE a.round_id = $1 AND o.answered_at IS NULL`, r.ID).Scan(&open); err != nil {
		return err
	}
	now := s.now()
	if err := tiaojie.CheckFinalize(now, r.ObjectionDue, open); err != nil {
		return err
	}
	apps, err := applicationRows(ctx, tx, `a.round_id = $1`, r.ID)
	if err != nil {
		return err
	}
	until := tiaojie.RatingValidUntil(now, pol.RatingValidityMonths)
	for _, a := range apps {
		final := a.Total10
		if err := tx.QueryRowContext(ctx, `
			SELECT COALESCE((SELECT new_total10 FROM rating_objections WHERE application_id = $1 AND new_total10 IS NOT NULL
			ORDER BY answered_at DESC, id DESC LIMIT 1), $2)`, a.ID, a.Total10).Scan(&final); err != nil {
			return err
		}
		stars := pol.StarsFor(points(final))
		if _, err := tx.ExecContext(ctx, `UPDATE rating_applications SET final10 = $1, final_stars = $2, updated_at = $3 WHERE id = $4`,
			final, stars, now, a.ID); err != nil {
			return err
		}
		if err := setStarsTx(ctx, tx, p, a.OrgID, stars, until, a.ID, r.Title, now); err != nil {
			return err
		}
	}
	detail["valid_until"] = until.In(tiaojie.Beijing()).Format(time.DateOnly)
	_, err = tx.ExecContext(ctx, `UPDATE rating_rounds SET status = 'final', finalized_at = $1 WHERE id = $2`, now, r.ID)
	return err
}

// setStarsTx sets an organization's stars from a final rating (none when
// the total earns none) and keeps the change in the history.
func setStarsTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, orgID int64, stars int, until time.Time, appID int64, note string, now time.Time) error {
	var value, validity any
	if stars > 0 {
		value, validity = stars, until
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orgs SET stars = $1, stars_until = $2, updated_at = $3 WHERE id = $4`,
		value, validity, now, orgID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO org_star_history (org_id, stars, stars_until, source, ref_id, note, recorded_by, recorded_at)
		VALUES ($1, $2, $3, 'rating', $4, $5, $6, $7)`, orgID, stars, validity, appID, note, max(p.UserID, 0), now)
	return err
}

// Rounds lists the rounds, newest first: every round to the bureau and to
// organizations' admins (who apply to them).
func (s *Service) Rounds(ctx context.Context, p *tiaojie.Principal) ([]Round, error) {
	if !p.Can(tiaojie.PermRatings) && !p.Can(tiaojie.PermRatingApply) {
		return nil, s.settle(ctx, p, "rating.round.list", "rating_round", 0, forbidden())
	}
	return listRounds(ctx, s.db.Reader(), "1 = 1")
}

// PublicRounds lists the rounds whose results are public (publicized or
// final), newest first.
func (s *Service) PublicRounds(ctx context.Context) ([]Round, error) {
	return listRounds(ctx, s.db.Reader(), "r.status IN ('publicized', 'final')")
}

// Round returns a round to the bureau and organizations' admins; anyone
// gets a round whose results are public.
func (s *Service) Round(ctx context.Context, p *tiaojie.Principal, id int64) (*Round, error) {
	r, err := loadRound(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !r.Status.Public() && !p.Can(tiaojie.PermRatings) && !p.Can(tiaojie.PermRatingApply) && !p.Can(tiaojie.PermExpertReview) {
		return nil, s.settle(ctx, p, "rating.round.read", "rating_round", id, hidden())
	}
	return r, nil
}

const roundSelect = `SELECT r.id, r.title, r.set_id, COALESCE(s.version, 0), s.title, r.period_from, r.period_to, r.apply_until,
	r.status, r.published_at, r.objection_due, r.finalized_at, r.created_at,
	(SELECT COUNT(*) FROM rating_applications a WHERE a.round_id = r.id)
	FROM rating_rounds r JOIN rating_sets s ON s.id = r.set_id`

func scanRound(sc interface{ Scan(...any) error }) (*Round, error) {
	var r Round
	var status string
	var pub, due, fin sql.NullTime
	err := sc.Scan(&r.ID, &r.Title, &r.SetID, &r.SetVersion, &r.SetTitle, &r.PeriodFrom, &r.PeriodTo, &r.ApplyUntil,
		&status, &pub, &due, &fin, &r.CreatedAt, &r.Applications)
	r.Status, r.PublishedAt, r.ObjectionDue, r.FinalizedAt = tiaojie.RatingRoundStatus(status), pub.Time, due.Time, fin.Time
	return &r, err
}

func loadRound(ctx context.Context, q db.Queryer, id int64) (*Round, error) {
	r, err := scanRound(q.QueryRowContext(ctx, roundSelect+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return r, err
}

func listRounds(ctx context.Context, q db.Queryer, cond string) ([]Round, error) {
	rows, err := q.QueryContext(ctx, roundSelect+` WHERE `+cond+` ORDER BY r.created_at DESC, r.id DESC LIMIT 200`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// ObjectionsOpen reports whether objections to round r may be filed now,
// by the service's clock.
func (s *Service) ObjectionsOpen(r *Round) bool { return r.ObjectionsOpen(s.now()) }

// Applicable returns the rounds the caller may apply to today: open, not
// past their last day.
func (s *Service) Applicable(ctx context.Context, p *tiaojie.Principal) ([]Round, error) {
	if !p.Can(tiaojie.PermRatingApply) {
		return nil, s.settle(ctx, p, "rating.round.list", "rating_round", 0, forbidden())
	}
	var w db.Where
	w.Add("r.status = 'open'")
	w.Add("r.apply_until >= " + w.Arg(s.today()))
	rows, err := s.db.Reader().QueryContext(ctx, roundSelect+` WHERE `+w.String()+` ORDER BY r.created_at DESC, r.id DESC`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}
