package stats

import (
	"context"

	"tiaojie"
)

// BothWays returns p's dashboard and report of f counted from the district
// tables and from the rollup, for tests that compare them.
func (s *Service) BothWays(ctx context.Context, p *tiaojie.Principal, f Filter) (district, rollup *Dashboard, drep, rrep *Report, err error) {
	sc, _ := scopeOf(p)
	if district, err = s.districtFigures(ctx, sc, f); err != nil {
		return
	}
	if rollup, err = s.rollupFigures(ctx, sc, f); err != nil {
		return
	}
	if drep, err = s.report(ctx, sc, f, true); err != nil {
		return
	}
	rrep, err = s.report(ctx, sc, f, false)
	return
}
