// Package disclosure keeps organizations' information disclosures (信息公开,
// SPEC C8): the annual disclosure of the year before, due by the bureau's
// deadline (tiaojie.Policy.DisclosureDue), and the ad-hoc disclosures of
// major changes the bureau requires.
//
// An organization's admin writes a draft and files it; a filed version is
// public on the organization's page and never edited again: a correction
// is a new version of the same chain, filed in turn, and the old one stays
// visible as superseded. The figures of the platform's own cases of the
// year are filled in from the cases table and frozen at filing; the
// organization may add a note but cannot change them.
//
// A daily sweep (Sweep, run by the job runner) reminds organizations
// that have not filed, before and after the deadline, and marks one that
// leaves a duty unfiled for Policy.DisclosureAbnormalDays past its
// deadline as abnormal (活动异常, orgs.abnormal_since), which the public
// directory shows until it files.
//
// The lifecycle and the standings are pure rules in the root package
// (disclosure.go); this package decides who may do what and keeps the
// records, each change audited.
package disclosure

import (
	"context"
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
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Disclosure is one version of a disclosure.
type Disclosure struct {
	ID           int64
	OrgID        int64
	OrgName      string
	Township     string
	Year         int
	Kind         tiaojie.DisclosureKind
	Status       tiaojie.DisclosureStatus
	ChainID      int64 // the id of version 1 of its chain
	Version      int
	Subject      string    // adhoc: what the bureau asked for
	DueAt        time.Time // the end of the due day
	FiledAt      time.Time // zero until filed
	FiledBy      int64
	SupersededAt time.Time // zero unless a later version was filed
	Structure    string    // 组织机构
	Persons      string    // 负责人
	Money        tiaojie.DisclosureMoney
	Services     string // 服务内容
	Cases        CaseFigures
	CaseNote     string
	Rewards      string   // 奖惩情况 as the organization states them
	Records      []Record // rewards and sanctions on record (the Records hook), frozen at filing
	Body         string   // adhoc: the disclosure itself
	RequestedBy  int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// DueDate returns the last day to file, "YYYY-MM-DD" (Beijing time).
func (d *Disclosure) DueDate() string { return lastDay(d.DueAt) }

// lastDay returns the day a deadline (the end of a day) closes.
func lastDay(due time.Time) string {
	return due.In(tiaojie.Beijing()).Add(-time.Second).Format(time.DateOnly)
}

// Superseded reports whether a later version of the chain was filed.
func (d *Disclosure) Superseded() bool { return !d.SupersededAt.IsZero() }

// Input is what an organization writes in a draft. Annual disclosures use
// every field but Body; ad-hoc ones use Body.
type Input struct {
	Structure, Persons, Services, CaseNote, Rewards, Body string
	Money                                                 tiaojie.DisclosureMoney
}

// maxText bounds each text of a disclosure, in characters.
const maxText = 5000

// validate trims the texts and checks their length and the amounts.
func (in *Input) validate() error {
	var fe tiaojie.FieldErrors
	for _, f := range []struct {
		name string
		v    *string
	}{{"structure", &in.Structure}, {"persons", &in.Persons}, {"services", &in.Services},
		{"case_note", &in.CaseNote}, {"rewards", &in.Rewards}, {"body", &in.Body}} {
		*f.v = strings.TrimSpace(*f.v)
		if utf8.RuneCountInString(*f.v) > maxText {
			fe.Add(f.name, "disclosure.too_long", "max", strconv.Itoa(maxText))
		}
	}
	if err := in.Money.Validate(); err != nil {
		fe = append(fe, err.(*tiaojie.Error).Fields...)
	}
	return fe.Err()
}

// complete refuses to file a disclosure whose required sections are empty.
func complete(d *Disclosure) error {
	var fe tiaojie.FieldErrors
	if d.Kind == tiaojie.DisclosureAdhoc {
		if d.Body == "" {
			fe.Add("body", "disclosure.required")
		}
		return fe.Err()
	}
	for name, v := range map[string]string{"structure": d.Structure, "persons": d.Persons, "services": d.Services} {
		if v == "" {
			fe.Add(name, "disclosure.required")
		}
	}
	slices.SortFunc(fe, func(a, b tiaojie.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return fe.Err()
}

// Record is a reward or a sanction on record about an organization.
type Record struct {
	Kind   string    `json:"kind"` // "reward" or a sanction kind (tiaojie.SanctionKind)
	Title  string    `json:"title"`
	Issuer string    `json:"issuer"`
	At     time.Time `json:"at"`
}

// Records supplies the rewards and sanctions on record about an
// organization in a year. It is the hook for internal/supervision, which
// owns them: the service freezes what it returns into each annual
// disclosure at filing, beside the organization's own free-text account
// (Rewards). nil (today's wiring) means none on record.
type Records interface {
	RecordsFor(ctx context.Context, q db.Queryer, orgID int64, year int) ([]Record, error)
}

// Notifier sends notices by SMS and e-mail (internal/notify's Notifier),
// in the caller's transaction.
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Deps are the collaborators of the Service. Notifier (nil: no reminders
// sent), Keys (nil: admins reached by e-mail only, their phones being
// sealed) and Records (nil: none on record) are optional.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Log      *slog.Logger
	Notifier Notifier
	Keys     keys.Provider
	Records  Records
	BaseURL  string // the platform's address, for links in notices
}

// Service keeps the disclosures.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	log      *slog.Logger
	notifier Notifier
	sealer   *pii.Sealer
	records  Records
	baseURL  string
}

// New returns a Service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, clock: d.Clock, log: d.Log, notifier: d.Notifier, records: d.Records, baseURL: d.BaseURL}
	if d.Keys != nil {
		s.sealer = pii.NewSealer(d.Keys)
	}
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

// filer reports whether p files disclosures for organization orgID: an
// admin of that very organization holding disclosure.file. The bureau
// supervises disclosures but never writes one for an organization.
func filer(p *tiaojie.Principal, orgID int64) bool {
	if !p.Can(tiaojie.PermDisclosure) {
		return false
	}
	return slices.ContainsFunc(p.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == orgID })
}

// supervisor reports whether p supervises the organization's disclosures:
// supervision.manage with a scope that covers it (the bureau, a township
// office in its township).
func supervisor(p *tiaojie.Principal, orgID int64, township string) bool {
	return p.Can(tiaojie.PermSupervision) && p.CoversOrg(orgID, township)
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

// disclosingStatuses are the organizations that owe disclosures: those
// registered and operating, including one under rectification or
// suspended (whose duty does not pause).
var disclosingStatuses = []string{string(tiaojie.StatusActive), string(tiaojie.StatusRectifying), string(tiaojie.StatusSuspended)}

// earliestYear is the first year a disclosure may be for.
const earliestYear = 2000

// RecordsFunc adapts a function to Records.
type RecordsFunc func(ctx context.Context, q db.Queryer, orgID int64, year int) ([]Record, error)

// RecordsFor calls f.
func (f RecordsFunc) RecordsFor(ctx context.Context, q db.Queryer, orgID int64, year int) ([]Record, error) {
	return f(ctx, q, orgID, year)
}
