// Package procurement keeps government procurement of mediation services
// (政府购买服务, SPEC C9): projects a department buys, the organizations'
// bids, the experts' scores, the award and its published result, the
// contracts with their deliverables, performance reports, final
// evaluation and payments, and each department's budgets committed and
// spent.
//
// Who does what. A buying department is the bureau (a bureau account
// holding procurement.manage) or a partner agency (a partner account
// acting for it, agencies.ActsFor); it manages its own projects only,
// another agency's partner sees none of them. Organizations' admins
// (procurement.apply) bid for their own organization and see their own
// bids only. Experts assigned to a project score its bids, never one of an
// organization they are tied to (experts.CheckUntied, as ratings do).
// The public sees projects once published and the result once awarded,
// never a bid's proposal or a losing price.
//
// Eligibility reads the registry (status, type), star rating (orgs.stars
// and stars_until) and supervision (what counts as an open sanction is
// openSanctions' rule); an ineligible organization is told each failed
// condition and nothing is written. The rules are pure functions in the
// root package (procurement.go); this package decides who may, keeps the
// records in one transaction per change, and audits each.
package procurement

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Agencies tells whether a partner acts for an agency
// (internal/agencies' Service).
type Agencies interface {
	ActsFor(ctx context.Context, p *tiaojie.Principal, agencyID int64) (bool, error)
}

// Notifier queues notices in the caller's transaction (notify.Notifier).
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Log      *slog.Logger
	Agencies Agencies
	District *tiaojie.District // nil: townships not checked
	Notifier Notifier          // nil: report reminders are only flagged on the pages
	Sealer   *pii.Sealer       // opens the recipients' phone numbers for reminders
	BaseURL  string            // for links in reminders
}

// Service keeps the procurement records.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	log      *slog.Logger
	agencies Agencies
	district *tiaojie.District
	notifier Notifier
	sealer   *pii.Sealer
	baseURL  string
}

// New returns a Service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, clock: d.Clock, log: d.Log, agencies: d.Agencies, district: d.District,
		notifier: d.Notifier, sealer: d.Sealer, baseURL: d.BaseURL}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today is the Beijing day, "YYYY-MM-DD".
func (s *Service) today() string { return tiaojie.Day(s.clock.Now()) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal).
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action, objType string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, objType, audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action, objType string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: objType, ObjectID: itoa(id), Detail: detail})
}

// notFound is the refusal of a record the caller may not see or touch:
// the same answer as a record that does not exist.
func notFound() *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil)
}

func forbidden(need tiaojie.Permission) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(need)})
}

// Buyer names a buying department: the bureau (AgencyID 0) or an agency.
type Buyer struct {
	AgencyID int64
	Name     string
}

// mayBuyFor reports whether p manages the purchases of buyer agencyID:
// the bureau its own (agencyID 0), a partner those of agencies it acts for.
func (s *Service) mayBuyFor(ctx context.Context, p *tiaojie.Principal, agencyID int64) (bool, error) {
	if !p.Can(tiaojie.PermProcurement) {
		return false, nil
	}
	if agencyID == 0 {
		return p.Has(tiaojie.RoleBureau), nil
	}
	if s.agencies == nil {
		return false, nil
	}
	return s.agencies.ActsFor(ctx, p, agencyID)
}

// Buyers returns the departments p buys for: the bureau and the active
// agencies a partner acts for.
func (s *Service) Buyers(ctx context.Context, p *tiaojie.Principal) ([]Buyer, error) {
	if !p.Can(tiaojie.PermProcurement) {
		return nil, nil
	}
	var out []Buyer
	if p.Has(tiaojie.RoleBureau) {
		out = append(out, Buyer{Name: s.bureau()})
	}
	if p.Has(tiaojie.RolePartner) {
		rows, err := s.db.Reader().QueryContext(ctx, `SELECT a.id, a.name FROM agencies a JOIN agency_members m ON m.agency_id = a.id
			WHERE m.user_id = $1 AND a.active ORDER BY a.name`, p.UserID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var b Buyer
			if err := rows.Scan(&b.AgencyID, &b.Name); err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		return out, rows.Err()
	}
	return out, nil
}

// bureauName names the bureau as a buyer where no agency row does; the
// district profile's name of its bureau replaces it (Service.bureau).
const bureauName = "区司法局"

// bureau returns the district bureau's name as a buyer.
func (s *Service) bureau() string {
	if s.district != nil && s.district.Bureau.Name != "" {
		return s.district.Bureau.Name
	}
	return bureauName
}

// named puts the bureau's own name on a project it buys.
func (s *Service) named(pr *Project) {
	if pr.AgencyID == 0 {
		pr.BuyerName = s.bureau()
	}
}

// adminOf reports whether p is an admin of organization orgID who may bid.
func adminOf(p *tiaojie.Principal, orgID int64) bool {
	return p.Can(tiaojie.PermProcurementApply) &&
		slices.ContainsFunc(p.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == orgID })
}

// adminOrgs returns the organizations p bids for.
func adminOrgs(p *tiaojie.Principal) []int64 {
	if !p.Can(tiaojie.PermProcurementApply) {
		return nil
	}
	return p.AdminOrgIDs()
}

// joinList and splitList keep short lists in one text column.
func joinList[T ~string](vs []T) string {
	ss := make([]string, len(vs))
	for i, v := range vs {
		ss[i] = string(v)
	}
	return strings.Join(ss, ",")
}

func splitList[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	var out []T
	for _, v := range strings.Split(s, ",") {
		out = append(out, T(v))
	}
	return out
}

// Today returns the platform's current day, "YYYY-MM-DD" (Beijing), as
// the bidding windows read it.
func (s *Service) Today() string { return s.today() }
