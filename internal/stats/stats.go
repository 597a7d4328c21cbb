// Package stats is the statistics of the platform (SPEC C15): the
// dashboards of each supervising role and the periodic report the bureau
// sends upward (月报/季报), with their Excel exports.
//
// The case figures are read from a rollup (stats_case_rollup, migration
// 00023) that the job stats.rollup keeps up to date by recomputing the
// months touched since its watermark (rollup.go), so that a dashboard over
// two million cases reads a few thousand rows; the scopes without
// organizations (the district, township offices) read the district
// tables derived from it (district.go, migration 00026), a few hundred
// lines whatever the period. The other figures
// (organizations, training, complaints, sanctions) come from small tables
// and are counted live; the participation and incubation funnels are
// those of the cases and incubation packages, reused as they are.
//
// Every figure is scoped to what the viewer may see: the bureau and the
// industry association the district, a township office its township, an
// organization's admin its organization. The rules (periods, outcomes,
// medians) are in the root package (stats.go).
package stats

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/incubation"
)

// Deps are the Service's dependencies.
type Deps struct {
	DB         *db.DB
	Audit      *audit.Log
	Clock      clock.Clock
	District   *tiaojie.District
	Cases      *cases.Service      // the participation funnel (optional)
	Incubation *incubation.Service // the incubation funnel (optional)
	Log        *slog.Logger
}

// Service counts the figures.
type Service struct {
	db         *db.DB
	audit      *audit.Log
	clock      clock.Clock
	district   *tiaojie.District
	cases      *cases.Service
	incubation *incubation.Service
	log        *slog.Logger
	figures    cache // the case figures per scope and filter
}

// New returns a Service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, clock: d.Clock, district: d.District, cases: d.Cases, incubation: d.Incubation, log: d.Log}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// Filter chooses the figures: a period and, optionally, one township.
type Filter struct {
	Period   tiaojie.Period
	Township string
}

// ParseFilter reads a filter from its query values (period, or from and
// to; township), refusing a period that is not one.
func (s *Service) ParseFilter(period, from, to, township string) (Filter, error) {
	p, err := tiaojie.ParsePeriod(period, from, to, s.clock.Now())
	if err != nil {
		return Filter{}, err
	}
	township = strings.TrimSpace(township)
	if township != "" && s.district != nil {
		if _, ok := s.district.Township(township); !ok {
			var fe tiaojie.FieldErrors
			fe.Add("township", "stats.township_unknown")
			return Filter{}, fe.Err()
		}
	}
	return Filter{Period: p, Township: township}, nil
}

// scope is what a principal may see of the figures: everything
// (district), or the cases and organizations of some townships and some
// organizations.
type scope struct {
	district  bool
	townships []string
	orgs      []int64
}

// scopeOf returns p's scope; ok is false when p may see no figures.
func scopeOf(p *tiaojie.Principal) (sc scope, ok bool) {
	if !p.Can(tiaojie.PermStats) {
		return sc, false
	}
	if p.IsSystem() || p.Has(tiaojie.RoleBureau) || p.Has(tiaojie.RoleAssociation) {
		return scope{district: true}, true
	}
	sc.townships = p.Townships()
	for _, g := range p.Grants {
		if g.Role == tiaojie.RoleOrgAdmin && g.OrgID > 0 {
			sc.orgs = append(sc.orgs, g.OrgID)
		}
	}
	return sc, len(sc.townships) > 0 || len(sc.orgs) > 0
}

// where adds the scope's condition on the township column tcol and the
// organization column ocol to w.
func (sc scope) where(w *db.Where, tcol, ocol string) { sc.whereWith(w, w, tcol, ocol) }

// whereWith adds the scope's condition to cond, numbering its arguments
// in args (for a condition of a subquery built apart).
func (sc scope) whereWith(args, cond *db.Where, tcol, ocol string) {
	if sc.district {
		return
	}
	var or []string
	if len(sc.townships) > 0 {
		or = append(or, tcol+" IN ("+db.In(args, sc.townships)+")")
	}
	if len(sc.orgs) > 0 {
		or = append(or, ocol+" IN ("+db.In(args, sc.orgs)+")")
	}
	cond.Add("(" + strings.Join(or, " OR ") + ")")
}

// label names the scope for a page's heading and the report's title, in
// Chinese (the JSON's and the report's language).
func (s *Service) label(sc scope, f Filter) string {
	return s.labelIn(i18n.Words{Lang: i18n.Zh}, sc, f)
}

// labelIn names the scope in w's language: the district's and the
// townships' English names for an English reader.
func (s *Service) labelIn(w i18n.Words, sc scope, f Filter) string {
	if f.Township != "" {
		return s.townshipIn(w, f.Township)
	}
	if sc.district || s.district == nil {
		if s.district != nil {
			return w.Name(s.district.Name, s.district.NameEn)
		}
		return ""
	}
	var names []string
	for _, t := range sc.townships {
		names = append(names, s.townshipIn(w, t))
	}
	return w.Join(names)
}

func (s *Service) townshipName(code string) string {
	return s.townshipIn(i18n.Words{Lang: i18n.Zh}, code)
}

// townshipIn names a township in w's language; an unknown code is
// itself.
func (s *Service) townshipIn(w i18n.Words, code string) string {
	if s.district != nil {
		if t, ok := s.district.Township(code); ok {
			return w.Name(t.Name, t.NameEn)
		}
	}
	return code
}

// forbid refuses a caller without stats.read, audited as a refusal.
func (s *Service) forbid(ctx context.Context, p *tiaojie.Principal, action string) error {
	err := audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermStats)})
	return s.audit.Settle(ctx, s.db, p, action, "stats", audit.ID(0), err)
}

func itoa(n int) string { return strconv.Itoa(n) }
