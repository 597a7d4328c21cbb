package cases

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"tiaojie"
)

// ByExternal returns a case imported from another platform (Import), found
// by that platform's own id, as the caller may see it: it is how the city
// platform learns the outcome of a case it routed here (status, end reason,
// when the agreement took effect, the file number). An id never imported
// and a case the caller plays no part in are both NotFound, so the lookup
// cannot probe another platform's ids.
func (s *Service) ByExternal(ctx context.Context, p *tiaojie.Principal, src tiaojie.CaseSource, externalID string) (*View, error) {
	externalID = strings.TrimSpace(externalID)
	if externalID == "" || len(externalID) > 100 {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	id, err := s.byExternal(ctx, s.db.Reader(), src, externalID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}
