package rating

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Objection is an organization's objection to its published result and
// the bureau's answer.
type Objection struct {
	ID         int64
	Reasons    string
	FiledAt    time.Time
	Answer     string
	Changed    bool    // the answer changed the result
	NewTotal   float64 // the corrected total, when Changed
	AnsweredAt time.Time
}

// Answered reports whether the bureau has answered.
func (o Objection) Answered() bool { return !o.AnsweredAt.IsZero() }

const maxReasons = 2000

// Object files the organization's objection to its published result,
// within the objection period (公示期).
func (s *Service) Object(ctx context.Context, p *tiaojie.Principal, appID int64, reasons string) (int64, error) {
	reasons = strings.TrimSpace(reasons)
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadHead(ctx, tx, appID)
		if err != nil {
			return err
		}
		if !adminOf(p, a.OrgID) {
			return hidden()
		}
		if a.Status != tiaojie.RoundPublicized || !s.now().Before(a.ObjectionDue) {
			return tiaojie.E(tiaojie.Conflict, "rating.objections_closed")
		}
		if n := utf8.RuneCountInString(reasons); n < 1 || n > maxReasons {
			var fe tiaojie.FieldErrors
			fe.Add("reasons", "rating.reasons_invalid", "max", strconv.Itoa(maxReasons))
			return fe.Err()
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO rating_objections (application_id, reasons, filed_by, filed_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			appID, reasons, max(p.UserID, 0), s.now()).Scan(&id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.object", "rating_application", appID, map[string]string{"objection": itoa(id)})
	})
	return id, s.settle(ctx, p, "rating.object", "rating_application", appID, err)
}

// Answer records the bureau's answer to an objection while the results
// are published; newTotal10 (tenths, ≥ 0) changes the application's
// result when the objection is upheld, -1 leaves it. An objection is
// answered once.
func (s *Service) Answer(ctx context.Context, p *tiaojie.Principal, objectionID int64, answer string, newTotal10 int) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "rating.answer", "rating_objection", objectionID, err)
	}
	answer = strings.TrimSpace(answer)
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(answer); n < 1 || n > maxReasons {
		fe.Add("answer", "rating.answer_invalid", "max", strconv.Itoa(maxReasons))
	}
	if newTotal10 > tiaojie.RatingMaxTotal*10 || newTotal10 < -1 {
		fe.Add("new_total", "rating.new_total")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var appID int64
		var answered sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT application_id, answered_at FROM rating_objections WHERE id = $1`, objectionID).
			Scan(&appID, &answered)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return err
		}
		a, err := loadHead(ctx, tx, appID)
		if err != nil {
			return err
		}
		switch {
		case a.Status != tiaojie.RoundPublicized:
			return tiaojie.E(tiaojie.Conflict, "rating.round_not_publicized")
		case answered.Valid:
			return tiaojie.E(tiaojie.Conflict, "rating.already_answered")
		}
		var total any
		if newTotal10 >= 0 {
			total = newTotal10
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE rating_objections SET answer = $1, new_total10 = $2, answered_by = $3, answered_at = $4 WHERE id = $5`,
			answer, total, max(p.UserID, 0), s.now(), objectionID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.answer", "rating_objection", objectionID, map[string]string{
			"application": itoa(appID), "new_total": tiaojie.FormatScore(max(newTotal10, 0)), "changed": strconv.FormatBool(newTotal10 >= 0)})
	})
}

func objectionsOf(ctx context.Context, q db.Queryer, appID int64) ([]Objection, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, reasons, filed_at, answer, new_total10, answered_at FROM rating_objections
		WHERE application_id = $1 ORDER BY id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Objection
	for rows.Next() {
		var o Objection
		var total sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&o.ID, &o.Reasons, &o.FiledAt, &o.Answer, &total, &at); err != nil {
			return nil, err
		}
		o.Changed, o.NewTotal, o.AnsweredAt = total.Valid, points(int(total.Int64)), at.Time
		out = append(out, o)
	}
	return out, rows.Err()
}

// StarChange is one change of an organization's stars.
type StarChange struct {
	Stars      int
	Until      time.Time // zero: none
	Source     string    // "rating" or "sanction"
	Note       string
	RecordedAt time.Time
}

// StarHistory returns the changes of an organization's stars, newest
// first: the final ratings kept here, and the downgrades that
// internal/supervision records as sanctions (org_sanctions, kind
// 'downgrade', which writes orgs.stars directly). The organization's
// current stars are the newest of them. Ratings and sanctions are public,
// so is their history.
func (s *Service) StarHistory(ctx context.Context, orgID int64) ([]StarChange, error) {
	q := s.db.Reader()
	out, err := starChanges(ctx, q, `
		SELECT stars, stars_until, source, note, recorded_at FROM org_star_history WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	downs, err := starChanges(ctx, q, `
		SELECT COALESCE(stars_after, 0), stars_until, 'sanction', reason, created_at FROM org_sanctions
		CROSS JOIN (SELECT CAST(NULL AS TIMESTAMP) AS stars_until) n
		WHERE org_id = $1 AND kind = 'downgrade'`, orgID)
	if err != nil {
		return nil, err
	}
	out = append(out, downs...)
	slices.SortStableFunc(out, func(a, b StarChange) int { return b.RecordedAt.Compare(a.RecordedAt) })
	return out, nil
}

func starChanges(ctx context.Context, q db.Queryer, query string, orgID int64) ([]StarChange, error) {
	rows, err := q.QueryContext(ctx, query, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StarChange
	for rows.Next() {
		var c StarChange
		var until sql.NullTime
		if err := rows.Scan(&c.Stars, &until, &c.Source, &c.Note, &c.RecordedAt); err != nil {
			return nil, err
		}
		c.Until = until.Time
		out = append(out, c)
	}
	return out, rows.Err()
}
