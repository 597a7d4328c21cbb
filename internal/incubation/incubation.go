// Package incubation runs the district's incubation of new mediation
// organizations (SPEC C6, 培育孵化): the district incubation base and the
// townships' incubation homes (sites), their public recruitment calls
// (公开招募), the teams' applications, screening by experts on scored
// criteria (筛选评估), residency (入驻) with a plan, a period, a mentor and
// milestones, service records, monthly tracking reports (跟踪管理) with a
// sweep that flags the overdue, and graduation (出壳) into an organization
// in preparation in the register, or exit (退驻).
//
// Who may do what: the bureau runs every site; a township office runs its
// own township's home (never the base, never another township's home).
// Both need incubation.manage. A member of the public logged in by phone
// applies and sees their own applications, never another's; an expert
// sees and scores only the applications they are assigned. The lifecycle
// of an application is the root package's rule (tiaojie.NextIncubationStatus).
// Every change is audited in its transaction, every refusal by Settle.
package incubation

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
	"tiaojie/internal/registry"
)

// Deps are the collaborators of the Service. Registry opens the
// organization a graduating team becomes.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Keys     keys.Provider
	Clock    clock.Clock
	District *tiaojie.District
	Registry *registry.Service
	Log      *slog.Logger
}

// Service runs incubation.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	sealer   *pii.Sealer
	clock    clock.Clock
	district *tiaojie.District
	registry *registry.Service
	log      *slog.Logger
}

// New returns a Service.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, sealer: pii.NewSealer(d.Keys), clock: d.Clock, district: d.District,
		registry: d.Registry, log: log}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today is the service's date in Beijing, as dates are stored.
func (s *Service) today() string { return s.clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// The audit object types.
const (
	objSite = "incubation_site"
	objCall = "incubation_call"
	objApp  = "incubation_application"
)

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action, obj string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: obj, ObjectID: itoa(id), Detail: detail})
}

// settle audits a refusal (and only a refusal) of action on an object.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action, obj string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, obj, audit.ID(id), err)
}

// forbid refuses a caller who lacks what the operation needs.
func forbid(why, what string) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{why: what})
}

// hide refuses a caller who may not know the record exists: NotFound.
func hide(why string) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), map[string]string{"why": why})
}

// runsSite reports whether p runs a site: the platform and the bureau run
// all, a township office its own township's home.
func runsSite(p *tiaojie.Principal, kind, township string) bool {
	if p.IsSystem() {
		return true
	}
	if !p.Can(tiaojie.PermIncubation) {
		return false
	}
	return p.Has(tiaojie.RoleBureau) || kind == KindHome && slices.Contains(p.Townships(), township)
}

// staffScope narrows a query on sites (aliased si) to those p runs.
func staffScope(p *tiaojie.Principal, w *db.Where) {
	if p.IsSystem() || p.Has(tiaojie.RoleBureau) {
		return
	}
	w.Add("si.kind = 'home' AND si.township IN (" + db.In(w, p.Townships()) + ")")
}

// needManage refuses a caller without incubation.manage.
func needManage(p *tiaojie.Principal) error {
	if !p.Can(tiaojie.PermIncubation) {
		return forbid("need", string(tiaojie.PermIncubation))
	}
	return nil
}

// text trims s and checks its length in characters; an empty s is a
// problem only when required.
func text(fe *tiaojie.FieldErrors, field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	n := utf8.RuneCountInString(*s)
	if required && n == 0 || n > max {
		fe.Add(field, "incubation.text", "max", strconv.Itoa(max))
	}
}

// date checks a YYYY-MM-DD date.
func date(fe *tiaojie.FieldErrors, field string, s *string) {
	*s = strings.TrimSpace(*s)
	if _, err := time.Parse(time.DateOnly, *s); err != nil {
		fe.Add(field, "incubation.date")
	}
}

// addMonths returns the date n months after a YYYY-MM-DD date.
func addMonths(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, n, 0).Format(time.DateOnly)
}

// lines splits a text into its non-empty trimmed lines, without repeats.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return err
}
