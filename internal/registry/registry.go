// Package registry is the register of mediation organizations (SPEC C2)
// and the public directory built on it (SPEC C1): profiles, the lifecycle
// 筹建 → 前置审查 → 登记 → 正常 ⇄ 整改 → 暂停 → 注销 with its history,
// pre-review materials, versioned documents, fee standards, service lists
// (调解产品服务清单), featured organizations (选树) and the Chinese search
// of the directory.
//
// Its Service is the only code that writes the registry's tables. Pages,
// the API, the demo seeder and other capabilities (cases compute fees
// with FeeFor) call it with the caller's *tiaojie.Principal; it checks the
// permission and the scope of the record, validates, writes the change, its
// search index and its audit row in one transaction, and audits every
// refusal. Methods without a principal (Directory, PublicOrg, Featured,
// PublicDocuments, FeeFor) serve data that is public by law or needed by
// other services, and never return anything else.
package registry

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
	"tiaojie/internal/search"
)

// Deps are the collaborators of the Service. District is the profile whose
// townships and languages organizations are checked against.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Files    *files.Service
	Clock    clock.Clock
	District *tiaojie.District
	Log      *slog.Logger
	// Gate bounds the directory searches running at once (shared with
	// the roster's); nil admits all.
	Gate *search.Gate
}

// Service manages the registry of mediation organizations.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	files    *files.Service
	clock    clock.Clock
	district *tiaojie.District
	log      *slog.Logger
	gate     *search.Gate
}

// New returns a Service. A nil Log discards the service's few log lines.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, files: d.Files, clock: d.Clock, district: d.District, log: log, gate: d.Gate}
}

// now returns the service's time, truncated to what both engines store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// dayOf returns midnight, Beijing time, of the day t falls on (in Beijing):
// the form in which dates (registration, fee effect) are stored.
func dayOf(t time.Time) time.Time {
	bj := t.In(tiaojie.Beijing())
	return time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, tiaojie.Beijing()).UTC()
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// refusal is a denied request (audit.Refusal), audited by settle.
type refusal = audit.Refusal

// forbid refuses a caller who lacks what the operation needs.
func forbid(why, what string) *refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{why: what})
}

// hide refuses a caller whose scope does not reach the organization, with
// NotFound so that the answer does not tell whether it exists.
func hide() *refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), map[string]string{"scope": "outside"})
}

// guard decides whether p may do something to o; nil means yes.
type guard func(p *tiaojie.Principal, o *Org) *refusal

// staffGuard lets through holders of perm whose scope covers the
// organization (tiaojie.Principal.CoversOrg).
func staffGuard(perm tiaojie.Permission) guard {
	return func(p *tiaojie.Principal, o *Org) *refusal {
		if !p.Can(perm) {
			return forbid("need", string(perm))
		}
		if !p.CoversOrg(o.ID, o.Township) {
			return hide()
		}
		return nil
	}
}

// roleGuard is staffGuard narrowed to grants of some roles that reach the
// organization themselves: a township office only for its own township, an
// organization admin only for its own organization.
func roleGuard(perm tiaojie.Permission, roles ...tiaojie.Role) guard {
	return func(p *tiaojie.Principal, o *Org) *refusal {
		if r := staffGuard(perm)(p, o); r != nil {
			return r
		}
		if actingRole(p, o, roles) == "" {
			return forbid("role", "none")
		}
		return nil
	}
}

// actingRole returns the first of p's roles among roles whose grant reaches
// o, "system" for the platform itself, or "" when none does.
func actingRole(p *tiaojie.Principal, o *Org, roles []tiaojie.Role) string {
	if p.IsSystem() {
		return "system"
	}
	for _, g := range p.Grants {
		if !slices.Contains(roles, g.Role) {
			continue
		}
		switch g.Role.Scope() {
		case tiaojie.ScopeTownship:
			if g.Township == o.Township {
				return string(g.Role)
			}
		case tiaojie.ScopeOrg:
			if g.OrgID == o.ID {
				return string(g.Role)
			}
		default:
			return string(g.Role)
		}
	}
	return ""
}

// withOrg runs fn in a write transaction on the organization, after g let
// the caller through. A refusal rolls back and is audited under action.
func (s *Service) withOrg(ctx context.Context, p *tiaojie.Principal, id int64, action string, g guard, fn func(tx *db.Tx, o *Org) error) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := loadOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		if r := g(p, o); r != nil {
			return r
		}
		return fn(tx, o)
	})
	return s.settle(ctx, p, action, id, err)
}

// readOrg loads an organization for a reader that g lets through; a
// refusal is audited under action.
func (s *Service) readOrg(ctx context.Context, p *tiaojie.Principal, id int64, action string, g guard) (*Org, error) {
	o, err := loadOrg(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if r := g(p, o); r != nil {
		return nil, s.settle(ctx, p, action, id, r)
	}
	return o, nil
}

// settle turns a refusal into its error after auditing it; other errors
// pass unchanged. Every refusal leaves a trace, which is how probing for
// other townships' or organizations' records is noticed.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "org", audit.ID(id), err)
}

// record writes an audit event about an organization in tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "org", ObjectID: itoa(id), Detail: detail})
}

// closed refuses changes to an organization that has left the register
// (dissolved) or never entered it (withdrawn): its record is history.
func closed(o *Org) error {
	if o.Status == tiaojie.StatusDissolved || o.Status == tiaojie.StatusWithdrawn {
		return tiaojie.E(tiaojie.Conflict, "org.closed")
	}
	return nil
}

// visible reports whether p may see an organization's non-public record:
// staff with orgs.read whose scope covers it.
func visible(p *tiaojie.Principal, o *Org) bool {
	return p.Can(tiaojie.PermOrgsRead) && p.CoversOrg(o.ID, o.Township)
}
