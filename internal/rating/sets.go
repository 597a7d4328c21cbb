package rating

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Set is a version of the district's indicator set. A set is edited as a
// draft and published as the next version; a published set never changes
// (rounds that used it keep meaning what they meant), and the next version
// starts as a copy of it.
type Set struct {
	ID          int64
	Title       string
	Version     int // 0 while a draft
	Published   bool
	Indicators  []tiaojie.RatingIndicator
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt time.Time // zero while a draft
}

// MaxTotal returns what the indicators' maximum scores add up to.
func (st *Set) MaxTotal() int {
	n := 0
	for _, in := range st.Indicators {
		n += in.MaxScore
	}
	return n
}

func validTitle(title string) error {
	if n := utf8.RuneCountInString(title); n < 1 || n > 100 {
		var fe tiaojie.FieldErrors
		fe.Add("title", "rating.title_invalid")
		return fe.Err()
	}
	return nil
}

// CreateSet starts a draft set, as a copy of the indicators of set from
// (0: empty).
func (s *Service) CreateSet(ctx context.Context, p *tiaojie.Principal, title string, from int64) (int64, error) {
	if err := manager(p); err != nil {
		return 0, s.settle(ctx, p, "rating.set.create", "rating_set", 0, err)
	}
	title = strings.TrimSpace(title)
	if err := validTitle(title); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var list []tiaojie.RatingIndicator
		if from > 0 {
			src, err := loadSet(ctx, tx, from)
			if err != nil {
				return err
			}
			list = src.Indicators
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO rating_sets (title, created_by, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`,
			title, max(p.UserID, 0), now).Scan(&id); err != nil {
			return err
		}
		if err := writeIndicators(ctx, tx, id, list); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.set.create", "rating_set", id, map[string]string{"title": title, "from": itoa(from)})
	})
	return id, err
}

// SaveSet replaces a draft's title and indicators. A draft may add up to
// less than 100 while it is edited; publication checks the sum.
func (s *Service) SaveSet(ctx context.Context, p *tiaojie.Principal, id int64, title string, list []tiaojie.RatingIndicator) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "rating.set.save", "rating_set", id, err)
	}
	title = strings.TrimSpace(title)
	for i := range list {
		trimIndicator(&list[i])
	}
	var fe tiaojie.FieldErrors
	if err := validTitle(title); err != nil {
		fe.Add("title", "rating.title_invalid")
	}
	if err := tiaojie.ValidateIndicators(list, false); err != nil {
		var e *tiaojie.Error
		if errors.As(err, &e) {
			fe = append(fe, e.Fields...)
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := draftOnly(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rating_sets SET title = $1, updated_at = $2 WHERE id = $3`, title, s.now(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rating_indicators WHERE set_id = $1`, id); err != nil {
			return err
		}
		if err := writeIndicators(ctx, tx, id, list); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.set.save", "rating_set", id, map[string]string{"title": title, "indicators": strconv.Itoa(len(list))})
	})
}

func trimIndicator(in *tiaojie.RatingIndicator) {
	in.Category, in.Name = strings.TrimSpace(in.Category), strings.TrimSpace(in.Name)
	in.Evidence, in.Rules = strings.TrimSpace(in.Evidence), strings.TrimSpace(in.Rules)
}

// PublishSet publishes a draft as the next version, once its maximum
// scores add up to exactly 100.
func (s *Service) PublishSet(ctx context.Context, p *tiaojie.Principal, id int64) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "rating.set.publish", "rating_set", id, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := draftOnly(ctx, tx, id); err != nil {
			return err
		}
		st, err := loadSet(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tiaojie.ValidateIndicators(st.Indicators, true); err != nil {
			return err
		}
		var version int
		err = tx.QueryRowContext(ctx, `
			UPDATE rating_sets SET status = 'published', published_at = $1, updated_at = $1,
				version = (SELECT COALESCE(MAX(version), 0) + 1 FROM rating_sets)
			WHERE id = $2 RETURNING version`, s.now(), id).Scan(&version)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "rating.set.publish", "rating_set", id, map[string]string{"version": strconv.Itoa(version)})
	})
}

// draftOnly refuses a set that is not a draft.
func draftOnly(ctx context.Context, q db.Queryer, id int64) error {
	var status string
	err := q.QueryRowContext(ctx, `SELECT status FROM rating_sets WHERE id = $1`, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	if err != nil {
		return err
	}
	if status != "draft" {
		return tiaojie.E(tiaojie.Conflict, "rating.set_published")
	}
	return nil
}

// Sets lists the indicator sets, drafts first, then by version, newest
// first; to the bureau.
func (s *Service) Sets(ctx context.Context, p *tiaojie.Principal) ([]Set, error) {
	if err := manager(p); err != nil {
		return nil, s.settle(ctx, p, "rating.set.list", "rating_set", 0, err)
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+setColumns+` FROM rating_sets
		ORDER BY CASE WHEN status = 'draft' THEN 0 ELSE 1 END, COALESCE(version, 0) DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Set
	for rows.Next() {
		st, err := scanSet(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *st)
	}
	return out, rows.Err()
}

// Set returns a set with its indicators: any draft or version to the
// bureau; published versions to anyone who takes part in ratings (an
// organization applying, an expert scoring) and to the public, since the
// rules of a public rating are public.
func (s *Service) Set(ctx context.Context, p *tiaojie.Principal, id int64) (*Set, error) {
	st, err := loadSet(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !st.Published && !p.Can(tiaojie.PermRatings) {
		return nil, s.settle(ctx, p, "rating.set.read", "rating_set", id, hidden())
	}
	return st, nil
}

const setColumns = `id, title, COALESCE(version, 0), status, created_at, updated_at, published_at`

func scanSet(sc interface{ Scan(...any) error }) (*Set, error) {
	var st Set
	var status string
	var pub sql.NullTime
	if err := sc.Scan(&st.ID, &st.Title, &st.Version, &status, &st.CreatedAt, &st.UpdatedAt, &pub); err != nil {
		return nil, err
	}
	st.Published, st.PublishedAt = status == "published", pub.Time
	return &st, nil
}

// loadSet reads a set and its indicators in order.
func loadSet(ctx context.Context, q db.Queryer, id int64) (*Set, error) {
	st, err := scanSet(q.QueryRowContext(ctx, `SELECT `+setColumns+` FROM rating_sets WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	st.Indicators, err = indicators(ctx, q, id)
	return st, err
}

func indicators(ctx context.Context, q db.Queryer, setID int64) ([]tiaojie.RatingIndicator, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, category, name, max_score, evidence, rules, source FROM rating_indicators
		WHERE set_id = $1 ORDER BY position, id`, setID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tiaojie.RatingIndicator
	for rows.Next() {
		var in tiaojie.RatingIndicator
		if err := rows.Scan(&in.ID, &in.Category, &in.Name, &in.MaxScore, &in.Evidence, &in.Rules, &in.Source); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

func writeIndicators(ctx context.Context, tx *db.Tx, setID int64, list []tiaojie.RatingIndicator) error {
	for i, in := range list {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO rating_indicators (set_id, position, category, name, max_score, evidence, rules, source)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			setID, i+1, in.Category, in.Name, in.MaxScore, in.Evidence, in.Rules, in.Source)
		if err != nil {
			return err
		}
	}
	return nil
}
