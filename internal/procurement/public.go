package procurement

import (
	"context"
	"slices"

	"tiaojie"
)

// Result is a project's published result (公示): every bidding
// organization with its weighted total, and the winners' prices. Losing
// prices and every proposal stay confidential.
type Result struct {
	OrgName  string
	Total10  int
	Won      bool
	PriceFen int64 // winners only
}

// Public returns the projects the public sees: published ones and their
// results, newest first.
func (s *Service) Public(ctx context.Context) ([]Project, error) {
	return s.query(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.status <> 'draft' ORDER BY p.published_at DESC, p.id DESC`)
}

// PublicProject returns a published project with its result once
// awarded (nil before).
func (s *Service) PublicProject(ctx context.Context, id int64) (*Project, []Result, error) {
	pr, err := load(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, nil, err
	}
	if !pr.Status.Public() {
		return nil, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	pr.Experts = nil
	s.named(pr)
	if pr.AwardedAt.IsZero() {
		return pr, nil, nil
	}
	all, err := bids(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, nil, err
	}
	var out []Result
	for _, b := range all {
		if b.Status != "won" && b.Status != "lost" {
			continue
		}
		r := Result{OrgName: b.OrgName, Total10: b.Total10, Won: b.Status == "won"}
		if r.Won {
			r.PriceFen = b.PriceFen
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Result) int { return b.Total10 - a.Total10 })
	return pr, out, nil
}
