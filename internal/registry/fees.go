package registry

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// SaveFeeDraft saves a fee standard that is not yet published and returns
// its version: with fs.Version 0 a new version (the organization's highest
// plus one), otherwise the edit of that unpublished version (a published
// one is Conflict fee.already_published: publish a new version instead).
// EffectiveFrom is stored as its day, Beijing time. Only an organization
// that may charge keeps fee standards: any other gets Conflict
// fee.free_by_law. It needs orgs.edit over the organization.
func (s *Service) SaveFeeDraft(ctx context.Context, p *tiaojie.Principal, orgID int64, fs tiaojie.FeeStandard) (int, error) {
	fs.Note = strings.TrimSpace(fs.Note)
	if !fs.EffectiveFrom.IsZero() {
		fs.EffectiveFrom = dayOf(fs.EffectiveFrom)
	}
	fs.PublishedAt = time.Time{}
	version := fs.Version
	err := s.withOrg(ctx, p, orgID, "fee.save", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		if !o.MayCharge() {
			return tiaojie.E(tiaojie.Conflict, "fee.free_by_law")
		}
		if err := validateFee(fs); err != nil {
			return err
		}
		var err error
		if fs.Version == 0 {
			version, err = s.insertFeeTx(ctx, tx, p, orgID, fs)
		} else {
			err = s.updateFeeTx(ctx, tx, orgID, fs)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "fee.save", orgID, map[string]string{"version": fmt.Sprint(version)})
	})
	return version, err
}

func validateFee(fs tiaojie.FeeStandard) error {
	if err := fs.Validate(); err != nil {
		return err
	}
	if utf8.RuneCountInString(fs.Note) > 2000 {
		var fe tiaojie.FieldErrors
		fe.Add("note", "fee.note_length")
		return fe.Err()
	}
	return nil
}

func (s *Service) insertFeeTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, orgID int64, fs tiaojie.FeeStandard) (int, error) {
	var id int64
	var version int
	err := tx.QueryRowContext(ctx, `
		INSERT INTO fee_standards (org_id, version, effective_from, minimum, cap, note, created_by, created_at)
		VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM fee_standards WHERE org_id = $1), $2, $3, $4, $5, $6, $7)
		RETURNING id, version`,
		orgID, fs.EffectiveFrom, int64(fs.Minimum), int64(fs.Cap), fs.Note, max(p.UserID, 0), s.now()).Scan(&id, &version)
	if err != nil {
		return 0, err
	}
	return version, insertTiersTx(ctx, tx, id, fs.Tiers)
}

func (s *Service) updateFeeTx(ctx context.Context, tx *db.Tx, orgID int64, fs tiaojie.FeeStandard) error {
	var id int64
	var published sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT id, published_at FROM fee_standards WHERE org_id = $1 AND version = $2`,
		orgID, fs.Version).Scan(&id, &published)
	if err != nil {
		return db.MapError(err)
	}
	if published.Valid {
		return tiaojie.E(tiaojie.Conflict, "fee.already_published")
	}
	_, err = tx.ExecContext(ctx, `
		UPDATE fee_standards SET effective_from = $1, minimum = $2, cap = $3, note = $4 WHERE id = $5`,
		fs.EffectiveFrom, int64(fs.Minimum), int64(fs.Cap), fs.Note, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fee_tiers WHERE standard_id = $1`, id); err != nil {
		return err
	}
	return insertTiersTx(ctx, tx, id, fs.Tiers)
}

func insertTiersTx(ctx context.Context, tx *db.Tx, id int64, tiers []tiaojie.FeeTier) error {
	for i, t := range tiers {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO fee_tiers (standard_id, position, up_to, fixed, rate_bp) VALUES ($1, $2, $3, $4, $5)`,
			id, i, int64(t.UpTo), int64(t.Fixed), t.RateBP)
		if err != nil {
			return err
		}
	}
	return nil
}

// PublishFee publishes a draft fee standard, if tiaojie.CanPublish allows
// it at the service clock's now (it may charge, it is valid, it takes
// effect today or later: published before use). From then on the
// organization is shown as charging. It needs orgs.edit over the
// organization.
func (s *Service) PublishFee(ctx context.Context, p *tiaojie.Principal, orgID int64, version int) error {
	return s.withOrg(ctx, p, orgID, "fee.publish", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		std, id, err := loadStandard(ctx, tx, orgID, version)
		if err != nil {
			return err
		}
		if err := tiaojie.CanPublish(o.Type, o.LegalForm, std, s.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE fee_standards SET published_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET charges = TRUE, updated_at = $1 WHERE id = $2`, s.now(), orgID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "fee.publish", orgID, map[string]string{
			"version": fmt.Sprint(version), "effective_from": std.EffectiveFrom.In(tiaojie.Beijing()).Format(time.DateOnly),
		})
	})
}

// loadStandard reads one version of an organization's fee standard with
// its tiers, and its row id.
func loadStandard(ctx context.Context, q db.Queryer, orgID int64, version int) (tiaojie.FeeStandard, int64, error) {
	all, ids, err := loadStandards(ctx, q, orgID, "AND version = $2", version)
	if err != nil {
		return tiaojie.FeeStandard{}, 0, err
	}
	if len(all) == 0 {
		return tiaojie.FeeStandard{}, 0, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return all[0], ids[0], nil
}

// loadStandards reads an organization's fee standards, newest version
// first, with their tiers; cond narrows them with its extra arguments
// numbered from $2.
func loadStandards(ctx context.Context, q db.Queryer, orgID int64, cond string, args ...any) ([]tiaojie.FeeStandard, []int64, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, version, effective_from, published_at, minimum, cap, note
		FROM fee_standards WHERE org_id = $1 `+cond+` ORDER BY version DESC`, append([]any{orgID}, args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("registry: fee standards: %w", err)
	}
	out, ids, err := scanStandards(rows)
	if err != nil {
		return nil, nil, err
	}
	for i := range out {
		if out[i].Tiers, err = loadTiers(ctx, q, ids[i]); err != nil {
			return nil, nil, err
		}
	}
	return out, ids, nil
}

func scanStandards(rows *sql.Rows) ([]tiaojie.FeeStandard, []int64, error) {
	defer rows.Close()
	out := []tiaojie.FeeStandard{}
	var ids []int64
	for rows.Next() {
		var fs tiaojie.FeeStandard
		var id, minimum, maximum int64
		var published sql.NullTime
		if err := rows.Scan(&id, &fs.Version, &fs.EffectiveFrom, &published, &minimum, &maximum, &fs.Note); err != nil {
			return nil, nil, err
		}
		fs.PublishedAt, fs.Minimum, fs.Cap = published.Time, tiaojie.Money(minimum), tiaojie.Money(maximum)
		out = append(out, fs)
		ids = append(ids, id)
	}
	return out, ids, rows.Err()
}

func loadTiers(ctx context.Context, q db.Queryer, id int64) ([]tiaojie.FeeTier, error) {
	rows, err := q.QueryContext(ctx, `SELECT up_to, fixed, rate_bp FROM fee_tiers WHERE standard_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("registry: fee tiers: %w", err)
	}
	defer rows.Close()
	var out []tiaojie.FeeTier
	for rows.Next() {
		var upTo, fixed int64
		var t tiaojie.FeeTier
		if err := rows.Scan(&upTo, &fixed, &t.RateBP); err != nil {
			return nil, err
		}
		t.UpTo, t.Fixed = tiaojie.Money(upTo), tiaojie.Money(fixed)
		out = append(out, t)
	}
	return out, rows.Err()
}

// FeeStandards returns an organization's fee standards, newest version
// first. Published standards of a public organization are public; drafts
// (includeDrafts) and the standards of an organization that is not public
// need orgs.read over it. The principal is an addition to the first
// sketch of this API: without it drafts would leak to anyone.
func (s *Service) FeeStandards(ctx context.Context, p *tiaojie.Principal, orgID int64, includeDrafts bool) ([]tiaojie.FeeStandard, error) {
	o, err := loadOrg(ctx, s.db.Reader(), orgID)
	if err != nil {
		return nil, err
	}
	if includeDrafts || !o.Status.Public() {
		if r := staffGuard(tiaojie.PermOrgsRead)(p, o); r != nil {
			if !includeDrafts {
				r = hideAll(r) // to the public, a non-public organization does not exist
			}
			return nil, s.settle(ctx, p, "fee.read", orgID, r)
		}
	}
	cond := "AND published_at IS NOT NULL"
	if includeDrafts {
		cond = ""
	}
	all, _, err := loadStandards(ctx, s.db.Reader(), orgID, cond)
	return all, err
}

// FeeFor computes the fee of a case with the amount in dispute at an
// organization, under the standard in force on the date given (the day the
// case was accepted; tiaojie.InForce), and returns the standard used. It
// is what cases call, without a principal. An organization that may not
// charge (people's mediation is free by law) gets a fee of 0, a zero
// standard and no error; one that may charge but has no published
// standard in force on that date gets NotFound fee.none_in_force, so that
// a case is never charged by guesswork.
func (s *Service) FeeFor(ctx context.Context, orgID int64, amount tiaojie.Money, on time.Time) (tiaojie.Money, tiaojie.FeeStandard, error) {
	o, err := loadOrg(ctx, s.db.Reader(), orgID)
	if err != nil {
		return 0, tiaojie.FeeStandard{}, err
	}
	if !o.MayCharge() {
		return 0, tiaojie.FeeStandard{}, nil
	}
	all, _, err := loadStandards(ctx, s.db.Reader(), orgID, "AND published_at IS NOT NULL")
	if err != nil {
		return 0, tiaojie.FeeStandard{}, err
	}
	std, ok := tiaojie.InForce(all, on)
	if !ok {
		return 0, tiaojie.FeeStandard{}, tiaojie.E(tiaojie.NotFound, "fee.none_in_force")
	}
	return std.Fee(amount), std, nil
}
