// Package rating runs the district's star rating (星级评估, SPEC C7): the
// versioned indicator sets the bureau keeps, rating rounds, organizations'
// applications with a self-assessment and evidence, the experts who score
// them (at least two, never one tied to the organization), publication of
// the results for objections (公示), the answers to objections, and the
// final results that set an organization's stars and their validity.
//
// The rules are the root package's (rating.go: the combination rule, the
// round's states, the objection period); the district's settings are
// tiaojie.Policy (star levels, thresholds, validity, objection days).
// Figures the platform can compute — case volume, success rate,
// timeliness, satisfaction, complaints upheld, disclosure on time,
// training hours — are read from the platform's records and shown beside
// the experts' scores (figures.go); they inform the experts, they do not
// replace them.
//
// Every change is audited in its transaction; every refusal is audited by
// Settle. An organization's current stars are the latest of its final
// rating and any sanction downgrade (internal/supervision writes
// orgs.stars directly and keeps its own record); org_star_history holds
// both, newest last.
package rating

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Deps are the collaborators of the Service.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Clock clock.Clock
	Files *files.Service
	// Calendar returns the bureau's working-day calendar (cases.Service.
	// Calendar); nil counts weekends only.
	Calendar func(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error)
	Log      *slog.Logger
}

// Service runs star ratings.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	files    *files.Service
	calendar func(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error)
}

// New returns a Service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, clock: d.Clock, files: d.Files, calendar: d.Calendar}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today returns today's date, Beijing time, as YYYY-MM-DD.
func (s *Service) today() string { return s.clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly) }

func (s *Service) cal(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error) {
	if s.calendar == nil {
		return tiaojie.Calendar{}, nil
	}
	return s.calendar(ctx, q)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal) of action on an object.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action, objType string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, objType, audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action, objType string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: objType, ObjectID: itoa(id), Detail: detail})
}

// manager refuses a caller who does not run ratings (the bureau).
func manager(p *tiaojie.Principal) error {
	if !p.Can(tiaojie.PermRatings) {
		return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermRatings)})
	}
	return nil
}

// adminOf reports whether p administers organization orgID with the right
// to apply for ratings.
func adminOf(p *tiaojie.Principal, orgID int64) bool {
	if !p.Can(tiaojie.PermRatingApply) {
		return false
	}
	return slices.ContainsFunc(p.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == orgID })
}

// hidden is the refusal of a record the caller may not see: NotFound, so
// that probing reveals nothing.
func hidden() *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil)
}

// forbidden is the refusal of a caller whose roles never allow the step.
func forbidden() *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), nil)
}

func notFound() error { return tiaojie.E(tiaojie.NotFound, "error.not_found") }

// tenths converts a total in tenths to points.
func points(tenths int) float64 { return float64(tenths) / 10 }
