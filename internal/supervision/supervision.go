// Package supervision is the supervision of mediation organizations (SPEC
// C8): inspections with a checklist, rectification orders and the
// organizations' responses, annual evaluations (年度考评), and sanctions and
// rewards (奖惩情况), which the public sees on each organization's page.
//
// The district bureau supervises every organization, a township office
// those of its township (tiaojie.PermSupervision); the gravest sanctions
// (a star downgrade, a mediator's removal, a recommendation to dissolve)
// are the bureau's alone (tiaojie.SanctionRoles). An organization's admin
// sees their own organization's inspections and answers its rectification
// orders. An order moves the organization to 整改 through the registry's
// lifecycle (tiaojie.ActRectify), and closing its last pending
// rectification moves it back to 正常 (tiaojie.ActRectified); a mediator's
// removal goes through the roster's status change. Every change is
// audited; every refusal too.
package supervision

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
	"tiaojie/internal/notify"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// Notifier queues notices in the caller's transaction (notify.Notifier).
type Notifier interface {
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Files    *files.Service
	Clock    clock.Clock
	Registry *registry.Service // lifecycle steps: 整改 and back
	Roster   *roster.Service   // a mediator's removal
	// Calendar returns the bureau's working-day calendar (cases.Service.Calendar);
	// nil counts every day but weekends as working days.
	Calendar func(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error)
	Notifier Notifier // nil: overdue orders are flagged, not mailed
	Log      *slog.Logger
}

// Service supervises the organizations.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	files    *files.Service
	clock    clock.Clock
	registry *registry.Service
	roster   *roster.Service
	calendar func(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error)
	notifier Notifier
	log      *slog.Logger
}

// New returns a Service.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, files: d.Files, clock: d.Clock, registry: d.Registry, roster: d.Roster,
		calendar: d.Calendar, notifier: d.Notifier, log: log}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today is the current date in Beijing, as stored.
func (s *Service) today() string { return s.clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal) of action on an object.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action, objType string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, objType, audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action, objType string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: objType, ObjectID: itoa(id), Detail: detail})
}

// Org is what supervision needs of an organization.
type Org struct {
	ID       int64
	Name     string
	Township string
	Status   tiaojie.OrgStatus
	Stars    int // 0: none
}

// loadOrg reads an organization; NotFound when there is none.
func loadOrg(ctx context.Context, q db.Queryer, id int64) (*Org, error) {
	var o Org
	var status string
	var stars sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, name, township, status, stars FROM orgs WHERE id = $1`, id).
		Scan(&o.ID, &o.Name, &o.Township, &status, &stars)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	o.Status, o.Stars = tiaojie.OrgStatus(status), int(stars.Int64)
	return &o, nil
}

// actingRole returns the role among roles in which p acts on o: a
// township office's grant must name o's township, an organization
// admin's o itself; "system" for the platform; "" when none reaches o.
// Supervising roles also need tiaojie.PermSupervision.
func actingRole(p *tiaojie.Principal, o *Org, roles []tiaojie.Role) string {
	if p.IsSystem() {
		return "system"
	}
	if !p.LoggedIn() {
		return ""
	}
	for _, g := range p.Grants {
		ok := false
		for _, r := range roles {
			ok = ok || r == g.Role
		}
		if !ok {
			continue
		}
		switch g.Role {
		case tiaojie.RoleBureau:
			ok = p.Can(tiaojie.PermSupervision)
		case tiaojie.RoleTownship:
			ok = p.Can(tiaojie.PermSupervision) && g.Township == o.Township
		case tiaojie.RoleOrgAdmin:
			ok = g.OrgID == o.ID
		default:
			ok = false
		}
		if ok {
			return string(g.Role)
		}
	}
	return ""
}

var inspectors = []tiaojie.Role{tiaojie.RoleTownship, tiaojie.RoleBureau}

// refuse is the refusal of a caller who may not act on o: NotFound when
// they may not even see it (another township's organization), else
// Forbidden with code.
func refuse(p *tiaojie.Principal, o *Org, code string) error {
	if actingRole(p, o, []tiaojie.Role{tiaojie.RoleTownship, tiaojie.RoleBureau, tiaojie.RoleOrgAdmin}) == "" {
		return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), map[string]string{"org": itoa(o.ID)})
	}
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, code), map[string]string{"org": itoa(o.ID)})
}

// scope narrows a query over orgs (aliased o) to the organizations p
// supervises or administers; false when p reaches none.
func scope(p *tiaojie.Principal, w *db.Where) bool {
	if p.IsSystem() {
		return true
	}
	var towns []string
	var orgs []int64
	for _, g := range p.Grants {
		switch {
		case g.Role == tiaojie.RoleBureau && p.Can(tiaojie.PermSupervision):
			return true
		case g.Role == tiaojie.RoleTownship && p.Can(tiaojie.PermSupervision):
			towns = append(towns, g.Township)
		case g.Role == tiaojie.RoleOrgAdmin:
			orgs = append(orgs, g.OrgID)
		}
	}
	if len(towns) == 0 && len(orgs) == 0 || !p.LoggedIn() {
		return false
	}
	cond := "(1 = 0"
	if len(towns) > 0 {
		cond += " OR o.township IN (" + db.In(w, towns) + ")"
	}
	if len(orgs) > 0 {
		cond += " OR o.id IN (" + db.In(w, orgs) + ")"
	}
	w.Add(cond + ")")
	return true
}

// calendarOf returns the bureau's working-day calendar.
func (s *Service) calendarOf(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error) {
	if s.calendar == nil {
		return tiaojie.NewCalendar(nil), nil
	}
	return s.calendar(ctx, q)
}

// parseDay checks a 'YYYY-MM-DD' date.
func parseDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
	return t, err == nil
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// refuseAll is the refusal of a caller who supervises and administers
// nothing.
func refuseAll() error {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), nil)
}

// Today returns the service's current date in Beijing (YYYY-MM-DD): what
// forms offer as the date of an inspection or a decision.
func (s *Service) Today() string { return s.today() }
