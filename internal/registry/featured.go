package registry

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// SetFeatured features an organization (选树) with its rank (ascending on
// the home page) and the reason shown with it, or stops featuring it. Only
// the bureau (orgs.feature) may, and only a public organization can be
// featured; one that later leaves the public statuses drops out of
// Featured by itself.
func (s *Service) SetFeatured(ctx context.Context, p *tiaojie.Principal, id int64, featured bool, rank int, reason string) error {
	reason = strings.TrimSpace(reason)
	action := "org.feature"
	if !featured {
		action, rank, reason = "org.unfeature", 0, ""
	}
	return s.withOrg(ctx, p, id, action, staffGuard(tiaojie.PermOrgsFeature), func(tx *db.Tx, o *Org) error {
		if featured {
			if err := checkFeature(o, rank, reason); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `
			UPDATE orgs SET featured = $1, featured_rank = $2, featured_reason = $3, updated_at = $4 WHERE id = $5`,
			featured, rank, reason, s.now(), id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, id, map[string]string{"rank": strconv.Itoa(rank)})
	})
}

func checkFeature(o *Org, rank int, reason string) error {
	if !o.Status.Public() {
		return tiaojie.E(tiaojie.Conflict, "org.not_public")
	}
	var fe tiaojie.FieldErrors
	if rank < 0 || rank > 9999 {
		fe.Add("rank", "org.feature_rank")
	}
	if n := utf8.RuneCountInString(reason); n < 1 || n > 500 {
		fe.Add("reason", "org.feature_reason")
	}
	return fe.Err()
}

// Featured returns the featured public organizations in rank order, for
// the home page.
func (s *Service) Featured(ctx context.Context) ([]OrgCard, error) {
	w := &db.Where{}
	// "o.featured = TRUE" lets SQLite use orgs_featured, and the unary +
	// keeps it off orgs_status, which it would otherwise take and read
	// every public organization through (docs/PERFORMANCE.md, "Found while
	// measuring"). Neither changes the result.
	status := "o.status"
	if s.db.Engine() == db.SQLite {
		status = "+o.status"
	}
	w.Add("o.featured = TRUE")
	w.Add(status + " IN (" + db.In(w, publicStatuses()) + ")")
	order := "o.featured_rank, " + nameOrder(s.db.Engine()) + ", o.id"
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+cardColumns+` FROM orgs o WHERE `+w.String()+` ORDER BY `+order, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("registry: featured: %w", err)
	}
	return s.scanCards(ctx, rows, nil)
}
