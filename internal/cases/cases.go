// Package cases is the life of a dispute on the platform (SPEC C4): intake
// from every source, routing to an organization, acceptance, the
// respondent's consent, mediator assignment, the mediation period, the
// agreement and its confirmations, judicial confirmation, performance,
// follow-up and archiving, with working-day deadlines, overdue and idle
// flags and the participation funnel.
//
// The lifecycle itself is the pure rule tiaojie.NextCaseStatus; this
// package decides the part a caller plays in a case (CaseActor: a party
// matched by the phone they logged in with, the assigned mediator, the
// organization's admin, the township office or bureau at the desk),
// checks what the rule leaves to it (deadlines, confirmations, an
// assignable mediator), and writes the step, its history row and its
// audit row in one transaction. Every refusal is audited. A caller who
// plays no part in a case gets NotFound, so case numbers cannot be probed.
package cases

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Notifier sends notices to people by SMS and e-mail (internal/notify's
// Notifier). Enqueue runs in the caller's transaction, so a notice goes
// out if and only if the change that caused it commits; Render words it
// from the reviewed templates.
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// FeeSource computes a commercial case's fee (internal/registry's FeeFor).
type FeeSource interface {
	FeeFor(ctx context.Context, orgID int64, amount tiaojie.Money, on time.Time) (tiaojie.Money, tiaojie.FeeStandard, error)
}

// Roster decides whether a mediator may be given a case of an
// organization (internal/roster's AssignableTx), in the caller's
// transaction.
type Roster interface {
	AssignableTx(ctx context.Context, tx *db.Tx, mediatorID, orgID int64) error
}

// Codes sends and checks the phone codes parties sign agreements with
// (internal/auth's SendCode and UseCode).
type Codes interface {
	SendCode(ctx context.Context, phone, purpose string, text func(code string) string, c auth.Client) error
	UseCode(ctx context.Context, phone, purpose, code string) (bool, error)
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Keys     keys.Provider
	Files    *files.Service
	Clock    clock.Clock
	District *tiaojie.District
	Fees     FeeSource
	Roster   Roster
	Notifier Notifier // nil: notices are logged only
	Codes    Codes    // nil: parties confirm agreements in person only
	BaseURL  string   // the portal's address, for links in notices
	Log      *slog.Logger
}

// Service manages cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	sealer   *pii.Sealer
	files    *files.Service
	clock    clock.Clock
	district *tiaojie.District
	fees     FeeSource
	roster   Roster
	notifier Notifier
	codes    Codes
	baseURL  string
	log      *slog.Logger
	figures  figures // the board's aggregate figures, recounted each minute
}

// New returns a Service.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, sealer: pii.NewSealer(d.Keys), files: d.Files, clock: d.Clock,
		district: d.District, fees: d.Fees, roster: d.Roster, notifier: d.Notifier, codes: d.Codes, baseURL: d.BaseURL, log: log}
}

// now returns the service's time, truncated to what both engines store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Case is a dispute as its handlers see it. Parties' identity numbers and
// phones are masked here; Party.Phone is filled only for callers allowed
// to contact them.
type Case struct {
	ID           int64
	Number       string
	FileNo       string
	Status       tiaojie.CaseStatus
	Source       tiaojie.CaseSource
	ExternalID   string
	DisputeType  string
	Township     string
	Title        string
	Facts        string
	Claims       string
	AmountFen    *int64
	OrgID        int64
	OrgName      string
	MediatorID   int64
	MediatorName string
	RouteReason  string
	OwnerID      int64
	ReferrerID   int64
	CreatedAt    time.Time
	SubmittedAt  *time.Time
	RoutedAt     *time.Time
	AcceptDue    *time.Time
	AcceptedAt   *time.Time
	RespDue      *time.Time
	MediationDue *time.Time
	AgreedAt     *time.Time
	ConfirmDue   *time.Time
	Confirmed    *bool
	VisitDue     *time.Time
	EndedAt      *time.Time
	EndReason    tiaojie.EndReason
	FeeFen       *int64
	ActivityAt   time.Time
	Version      int64
	ConsentAt    *time.Time

	Parties []Party
}

// caseColumns are read by scanCase, from cases c joined with orgs o and
// mediators m.
const caseColumns = `c.id, c.number, COALESCE(c.file_no, ''), c.status, c.source, COALESCE(c.external_id, ''),
	c.dispute_type, c.township, c.title, c.facts, c.claims, c.amount_fen, COALESCE(c.org_id, 0), COALESCE(o.name, ''),
	COALESCE(c.mediator_id, 0), COALESCE(m.name, ''), c.route_reason, COALESCE(c.owner_id, 0), COALESCE(c.referrer_id, 0),
	c.created_at, c.submitted_at, c.routed_at, c.accept_due, c.accepted_at, c.resp_due, c.mediation_due, c.agreed_at,
	c.confirm_due, c.confirmed, c.visit_due, c.ended_at, c.end_reason, c.fee_fen, c.activity_at, c.version, c.consent_at`

const caseFrom = ` FROM cases c LEFT JOIN orgs o ON o.id = c.org_id LEFT JOIN mediators m ON m.id = c.mediator_id`

type scanner interface{ Scan(dest ...any) error }

func scanCase(r scanner) (*Case, error) {
	var c Case
	var amount, fee sql.NullInt64
	var submitted, routed, acceptDue, accepted, respDue, medDue, agreed, confirmDue, visitDue, ended, consent sql.NullTime
	var confirmed sql.NullBool
	err := r.Scan(&c.ID, &c.Number, &c.FileNo, &c.Status, &c.Source, &c.ExternalID, &c.DisputeType, &c.Township, &c.Title,
		&c.Facts, &c.Claims, &amount, &c.OrgID, &c.OrgName, &c.MediatorID, &c.MediatorName, &c.RouteReason, &c.OwnerID,
		&c.ReferrerID, &c.CreatedAt, &submitted, &routed, &acceptDue, &accepted, &respDue, &medDue, &agreed, &confirmDue,
		&confirmed, &visitDue, &ended, &c.EndReason, &fee, &c.ActivityAt, &c.Version, &consent)
	if err != nil {
		return nil, err
	}
	c.AmountFen, c.FeeFen = intPtr(amount), intPtr(fee)
	c.SubmittedAt, c.RoutedAt, c.AcceptDue, c.AcceptedAt = timePtr(submitted), timePtr(routed), timePtr(acceptDue), timePtr(accepted)
	c.RespDue, c.MediationDue, c.AgreedAt, c.ConfirmDue = timePtr(respDue), timePtr(medDue), timePtr(agreed), timePtr(confirmDue)
	c.VisitDue, c.EndedAt, c.ConsentAt = timePtr(visitDue), timePtr(ended), timePtr(consent)
	if confirmed.Valid {
		c.Confirmed = &confirmed.Bool
	}
	return &c, nil
}

func intPtr(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.Int64
}

func timePtr(v sql.NullTime) *time.Time {
	if !v.Valid {
		return nil
	}
	t := v.Time.UTC()
	return &t
}

// loadCase reads a case with its parties.
func (s *Service) loadCase(ctx context.Context, q db.Queryer, id int64) (*Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if c.Parties, err = s.loadParties(ctx, q, id); err != nil {
		return nil, err
	}
	return c, nil
}

// refusal is a denied request (audit.Refusal), audited by settle.
type refusal = audit.Refusal

// hide refuses a caller who plays no part in the case, with NotFound.
func hide() *refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), map[string]string{"scope": "outside"})
}

// forbid refuses a caller who plays a part, but not one that may do this.
func forbid(code string, detail map[string]string) *refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, code), detail)
}

// notYours refuses a step the caller's part in the case does not allow,
// naming the step in the message as well as in the audit trail.
func notYours(action string) *refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "case.not_your_step").With("action", action),
		map[string]string{"action": action})
}

// settle audits a refusal and returns its error; other errors pass.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "case", audit.ID(id), err)
}

// record writes the audit row of a change to case id.
func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(id), Detail: detail})
}

// withCase runs fn in a write transaction on the case, with the parts the
// caller plays in it. A caller who plays none gets NotFound.
func (s *Service) withCase(ctx context.Context, p *tiaojie.Principal, id int64, action string, fn func(tx *db.Tx, c *Case, parts Parts) error) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		parts, err := s.partsOf(ctx, tx, p, c)
		if err != nil {
			return err
		}
		if parts.None() {
			return hide()
		}
		return fn(tx, c, parts)
	})
	return s.settle(ctx, p, action, id, err)
}

// Event is one step of a case's history.
type Event struct {
	ID         int64
	Action     string
	FromStatus tiaojie.CaseStatus
	ToStatus   tiaojie.CaseStatus
	OrgID      int64
	EndReason  tiaojie.EndReason
	Reason     string
	ActorID    int64
	Actor      string
	Role       string
	At         time.Time
}

func (s *Service) insertEvent(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, e Event) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO case_events (case_id, action, from_status, to_status, org_id, end_reason, reason, actor_id, actor, role, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.Action, string(e.FromStatus), string(e.ToStatus), nullID(e.OrgID), string(e.EndReason), e.Reason,
		max(p.UserID, 0), p.Name, e.Role, s.now())
	if err != nil {
		return err
	}
	return s.tellReferrer(ctx, tx, e) // referred.go: feedback to the referring agency
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// History returns the case's events, oldest first.
//
// Parties see who acted by their part (the role), not staff's logins.
func (s *Service) History(ctx context.Context, p *tiaojie.Principal, id int64) ([]Event, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT id, action, from_status, to_status, COALESCE(org_id, 0), end_reason, reason, actor_id, actor, role, at
		FROM case_events WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Action, &e.FromStatus, &e.ToStatus, &e.OrgID, &e.EndReason, &e.Reason,
			&e.ActorID, &e.Actor, &e.Role, &e.At); err != nil {
			return nil, err
		}
		if !v.Parts.Staff() && e.ActorID != p.UserID {
			e.ActorID, e.Actor = 0, ""
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// serial returns the next number of an annual series.
func serial(ctx context.Context, tx *db.Tx, scope string, year int) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO case_serials (scope, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (scope, year) DO UPDATE SET last = case_serials.last + 1
		RETURNING last`, scope, year).Scan(&n)
	return n, err
}

// token returns a random URL-safe token for invitation links.
func token() string { return rand.Text() }

// auditCalendar is the audit event of a calendar change.
func auditCalendar(action string, d tiaojie.CalendarDay) audit.Event {
	return audit.Event{Action: action, ObjectType: "calendar", ObjectID: d.Date, Detail: map[string]string{"kind": string(d.Kind)}}
}
