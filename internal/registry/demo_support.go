package registry

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// SetStarsForDemo gives an organization a star level (1–5, valid until
// until; a zero until is open-ended) or, with stars 0, takes it away. It
// exists only so that the demo data (internal/demo) can show star levels
// before the star-rating capability (SPEC C7) exists: only the platform
// itself (tiaojie.System) may call it, anyone else is refused and audited.
// The rating module will replace it with the assessed rating and its
// history; delete this method then.
func (s *Service) SetStarsForDemo(ctx context.Context, p *tiaojie.Principal, id int64, stars int, until time.Time) error {
	systemOnly := func(p *tiaojie.Principal, _ *Org) *refusal {
		if !p.IsSystem() {
			return forbid("need", "system")
		}
		return nil
	}
	return s.withOrg(ctx, p, id, "org.stars", systemOnly, func(tx *db.Tx, o *Org) error {
		if stars < 0 || stars > 5 {
			return tiaojie.E(tiaojie.Invalid, "error.invalid_input")
		}
		if err := closed(o); err != nil {
			return err
		}
		var value any
		if stars > 0 {
			value = stars
		}
		if stars == 0 {
			until = time.Time{}
		}
		_, err := tx.ExecContext(ctx, `UPDATE orgs SET stars = $1, stars_until = $2, updated_at = $3 WHERE id = $4`,
			value, nullTime(until), s.now(), id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.stars", id, map[string]string{"stars": strconv.Itoa(stars), "source": "demo"})
	})
}
