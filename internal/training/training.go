// Package training keeps unified vocational training (统一职业培训) and
// mentoring (传帮带), SPEC C11.
//
// The bureau organizes courses for the district and a township office for
// its township; each course has sessions with a place or an online link,
// a capacity and an enrolment deadline. An organization's admin enrols
// the mediators of their organization (a township office and the bureau
// those in their scope), and a mediator may enrol themself. The organizer
// marks attendance once a session has begun: an attendance credits the
// course's hours to the mediator's training record through the roster
// (roster.Service.RecordTrainingTx, the one place that rule lives), once,
// and issues a certificate with a unique number. Hours per mediator are
// read back from that same record, so the roster's requirement and
// assignability see them at once.
//
// Mentoring pairs two mediators on the roster for a period with goals;
// the mentor writes periodic notes and the pair is completed with a
// closing note.
//
// The pure rules are in the root package (training_course.go); this
// package decides who may do what and keeps the records, each change
// audited in its transaction, each refusal audited.
package training

import (
	"context"
	"database/sql"
	"errors"
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
	"tiaojie/internal/roster"
)

// Notifier sends notices by e-mail and SMS (internal/notify's Notifier),
// in the caller's transaction.
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Deps are the collaborators of the Service. Notifier is optional (nil:
// no reminders sent).
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Roster   *roster.Service // credits attended hours to the training record
	Notifier Notifier
	BaseURL  string // the platform's address, for links in notices
	Log      *slog.Logger
}

// Service keeps courses, sessions, enrolments and mentorships.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	roster   *roster.Service
	notifier Notifier
	baseURL  string
	log      *slog.Logger
}

// New returns a Service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, clock: d.Clock, roster: d.Roster, notifier: d.Notifier, baseURL: d.BaseURL, log: d.Log}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal) of action on object.
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

// forbidden is the refusal of a caller who lacks the permission.
func forbidden(need tiaojie.Permission) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(need)})
}

// refuse wraps a rule's refusal so that it is audited as denied.
func refuse(err error) error {
	var te *tiaojie.Error
	if errors.As(err, &te) {
		return audit.Refuse(te, nil)
	}
	return err
}

// grantsWith returns p's grants whose role confers perm.
func grantsWith(p *tiaojie.Principal, perm tiaojie.Permission) []tiaojie.Grant {
	if !p.Can(perm) {
		return nil
	}
	var out []tiaojie.Grant
	for _, g := range p.Grants {
		if slices.Contains(tiaojie.RolePermissions(g.Role), perm) {
			out = append(out, g)
		}
	}
	return out
}

// districtWide reports whether p holds perm without a scope (the bureau)
// or is the platform itself.
func districtWide(p *tiaojie.Principal, perm tiaojie.Permission) bool {
	if p.IsSystem() {
		return true
	}
	return slices.ContainsFunc(grantsWith(p, perm), func(g tiaojie.Grant) bool { return g.Role.Scope() == tiaojie.ScopeNone })
}

// organizes reports whether p organizes the courses of township ("" the
// bureau's): training.manage district-wide, or a township office's grant
// for that very township.
func organizes(p *tiaojie.Principal, township string) bool {
	if districtWide(p, tiaojie.PermTraining) {
		return true
	}
	return township != "" && slices.ContainsFunc(grantsWith(p, tiaojie.PermTraining), func(g tiaojie.Grant) bool {
		return g.Role.Scope() == tiaojie.ScopeTownship && g.Township == township
	})
}

// membership is a mediator's current organization.
type membership struct {
	OrgID    int64
	Township string
}

// mediator is what this package needs of a roster entry.
type mediator struct {
	ID     int64
	Name   string
	Status tiaojie.MediatorStatus
	UserID int64
	Orgs   []membership
}

// reaches reports whether one of p's grants conferring perm covers one of
// the mediator's current organizations.
func reaches(p *tiaojie.Principal, perm tiaojie.Permission, m *mediator) bool {
	if districtWide(p, perm) {
		return true
	}
	for _, g := range grantsWith(p, perm) {
		one := &tiaojie.Principal{UserID: p.UserID, Grants: []tiaojie.Grant{g}}
		if slices.ContainsFunc(m.Orgs, func(o membership) bool { return one.CoversOrg(o.OrgID, o.Township) }) {
			return true
		}
	}
	return false
}

// self reports whether p is the mediator's own login.
func self(p *tiaojie.Principal, m *mediator) bool {
	return p.LoggedIn() && p.Can(tiaojie.PermSelf) && m.UserID > 0 && m.UserID == p.UserID
}

// loadMediator reads a roster entry and its current organizations.
func loadMediator(ctx context.Context, q db.Queryer, id int64) (*mediator, error) {
	m := &mediator{ID: id}
	var status string
	var user sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT name, status, user_id FROM mediators WHERE id = $1`, id).Scan(&m.Name, &status, &user)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	m.Status, m.UserID = tiaojie.MediatorStatus(status), user.Int64
	rows, err := q.QueryContext(ctx, `
		SELECT mo.org_id, o.township FROM mediator_orgs mo JOIN orgs o ON o.id = mo.org_id
		WHERE mo.mediator_id = $1 AND mo.left_at IS NULL ORDER BY mo.org_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o membership
		if err := rows.Scan(&o.OrgID, &o.Township); err != nil {
			return nil, err
		}
		m.Orgs = append(m.Orgs, o)
	}
	return m, rows.Err()
}

// MediatorOf returns the roster entry linked to p's login (0 when none):
// the mediator a self-service page is about.
func (s *Service) MediatorOf(ctx context.Context, p *tiaojie.Principal) (int64, error) {
	if !p.LoggedIn() {
		return 0, nil
	}
	var id int64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id FROM mediators WHERE user_id = $1 ORDER BY id LIMIT 1`, p.UserID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// scopeSQL returns the condition on mediators m that keeps those within
// p's scope for perm, registering its values with arg; "" means no limit.
// It is the SQL form of reaches.
func scopeSQL(p *tiaojie.Principal, perm tiaojie.Permission, arg func(any) string) string {
	if districtWide(p, perm) {
		return ""
	}
	var ors []string
	for _, g := range grantsWith(p, perm) {
		switch g.Role.Scope() {
		case tiaojie.ScopeTownship:
			ors = append(ors, "so.township = "+arg(g.Township))
		case tiaojie.ScopeOrg:
			ors = append(ors, "sm.org_id = "+arg(g.OrgID))
		}
	}
	if len(ors) == 0 {
		return "1=0"
	}
	return `EXISTS (SELECT 1 FROM mediator_orgs sm JOIN orgs so ON so.id = sm.org_id
		WHERE sm.mediator_id = m.id AND sm.left_at IS NULL AND (` + strings.Join(ors, " OR ") + `))`
}

// day parses a stored day.
func day(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
	return t
}
