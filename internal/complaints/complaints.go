// Package complaints handles complaints (投诉, SPEC C8/C10) from the public
// against a mediation organization or one of its mediators.
//
// A member of the public files a complaint after logging in with a phone
// code; anonymous complaints are not taken, because the handler must be
// able to reach the complainant and answer them. The complaint is routed
// by tiaojie.ComplaintRoute: commercial organizations to the industry
// association, district-level ones to the bureau, the others to the
// township office of the organization's township. The handler
// acknowledges it, investigates and answers within
// Policy.ComplaintAnswerDays working days of the filing (the holiday
// calendar of internal/cases); a sweep reminds handlers before the
// deadline, and an open complaint past it is shown as overdue.
//
// Who sees what. The complainant sees their own complaints, the steps and
// the answer. The handler (and the bureau, over all) sees the complaint,
// the complainant's name and masked phone; the full phone only through
// RevealPhone, audited with a purpose. The organization and its mediators
// never see who complained, nor the complaint's text: for complaints
// about them that were answered they see the outcome and what the
// handler chose to forward to them (the answer's Notice), through ForOrg.
// A handler who needs the organization's account of events asks it in
// person; the platform does not pass the complainant's words on.
package complaints

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Notifier queues notices (internal/notify's Notifier).
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Calendar returns the working-day calendar (internal/cases' Calendar).
type Calendar func(ctx context.Context, q db.Queryer) (tiaojie.Calendar, error)

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Keys     keys.Provider
	Clock    clock.Clock
	Calendar Calendar // the holiday calendar of internal/cases counts the working days
	District *tiaojie.District
	Notifier Notifier // nil: reminders are logged only
	BaseURL  string   // the portal's address, for links in notices
	Log      *slog.Logger
}

// Service handles complaints.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	sealer   *pii.Sealer
	clock    clock.Clock
	calendar Calendar
	district *tiaojie.District
	notifier Notifier
	baseURL  string
	log      *slog.Logger
}

// New returns a Service.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, sealer: pii.NewSealer(d.Keys), clock: d.Clock, calendar: d.Calendar,
		district: d.District, notifier: d.Notifier, baseURL: d.BaseURL, log: log}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Number is how a complaint is named to people: "TS-" and its id.
func Number(id int64) string { return "TS-" + itoa(id) }

func phoneAAD(id int64) string { return "complaints.phone:" + itoa(id) }

// Complaint is one complaint as its reader may see it. Complainant fields
// are empty for readers who may not see them.
type Complaint struct {
	ID              int64
	Number          string
	OrgID           int64
	OrgName         string
	OrgType         tiaojie.OrgType
	OrgTownship     string
	MediatorID      int64 // 0: about the organization
	MediatorName    string
	ComplainantID   int64
	ComplainantName string
	PhoneMasked     string
	Title           string
	Content         string
	Request         string
	Handler         tiaojie.ComplaintHandler
	HandlerTownship string
	Status          tiaojie.ComplaintStatus
	Outcome         tiaojie.ComplaintOutcome
	Answer          string
	Notice          string // forwarded to the organization
	Reason          string // why rejected or withdrawn
	FiledAt         time.Time
	DueAt           time.Time
	AcknowledgedAt  *time.Time
	AnsweredAt      *time.Time
	ClosedAt        *time.Time
	Overdue         bool
	Steps           []Step
	// Actions are the steps the reader may take now.
	Actions []tiaojie.ComplaintAction
}

// Step is one recorded step of a complaint.
type Step struct {
	Action string // file or a tiaojie.ComplaintAction
	From   tiaojie.ComplaintStatus
	To     tiaojie.ComplaintStatus
	Note   string
	Actor  string // the actor's display name; "" for the platform
	At     time.Time
}

// settle audits a refusal of action on complaint id.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "complaint", audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "complaint", ObjectID: itoa(id), Detail: detail})
}

func notFound() *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil)
}

func forbidden(need tiaojie.Permission) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(need)})
}

// actors returns the parts p plays in complaint c: the complainant, its
// handler (the township office of its township, or the association, as
// routed), the bureau over all.
func actors(p *tiaojie.Principal, c *Complaint) []tiaojie.ComplaintActor {
	var out []tiaojie.ComplaintActor
	if p.LoggedIn() && p.UserID == c.ComplainantID && p.Can(tiaojie.PermSelf) {
		out = append(out, tiaojie.ActorComplainant)
	}
	if !p.Can(tiaojie.PermComplaints) {
		return out
	}
	if p.Has(tiaojie.RoleBureau) {
		out = append(out, tiaojie.ActorBureau)
	}
	if handles(p, c.Handler, c.HandlerTownship) {
		out = append(out, tiaojie.ActorHandler)
	}
	return out
}

// handles reports whether p is the handler a complaint is routed to.
func handles(p *tiaojie.Principal, h tiaojie.ComplaintHandler, township string) bool {
	for _, g := range p.Grants {
		switch {
		case h == tiaojie.HandlerBureau && g.Role == tiaojie.RoleBureau,
			h == tiaojie.HandlerAssociation && g.Role == tiaojie.RoleAssociation,
			h == tiaojie.HandlerTownship && g.Role == tiaojie.RoleTownship && g.Township == township:
			return true
		}
	}
	return false
}

// staffSees reports whether any of actors is staff (handler or bureau).
func staffSees(as []tiaojie.ComplaintActor) bool {
	for _, a := range as {
		if a != tiaojie.ActorComplainant {
			return true
		}
	}
	return false
}

// offered returns the steps actors may take from status.
func offered(st tiaojie.ComplaintStatus, as []tiaojie.ComplaintActor) []tiaojie.ComplaintAction {
	var out []tiaojie.ComplaintAction
	for _, a := range tiaojie.ComplaintActions() {
		if tiaojie.ComplaintActionAllowed(st, a, as) {
			out = append(out, a)
		}
	}
	return out
}

// Get returns a complaint to its complainant, its handler or the bureau,
// with the steps and the actions the reader may take; anyone else gets
// NotFound (audited). The complainant does not see the notice forwarded
// to the organization.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Complaint, error) {
	c, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	as := actors(p, c)
	if len(as) == 0 {
		return nil, s.settle(ctx, p, "complaint.read", id, notFound())
	}
	if !staffSees(as) {
		c.Notice = ""
	}
	c.Overdue = tiaojie.ComplaintOverdue(c.Status, c.DueAt, s.now())
	c.Actions = offered(c.Status, as)
	if c.Steps, err = s.steps(ctx, s.db.Reader(), id, staffSees(as)); err != nil {
		return nil, err
	}
	return c, nil
}

// RevealPhone returns the complainant's full phone number to the handler
// or the bureau, for the purpose given, and audits it (the list and the
// page show it masked).
func (s *Service) RevealPhone(ctx context.Context, p *tiaojie.Principal, id int64, purpose string) (string, error) {
	c, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return "", err
	}
	if !staffSees(actors(p, c)) {
		return "", s.settle(ctx, p, "complaint.reveal", id, notFound())
	}
	purpose = strings.TrimSpace(purpose)
	if err := checkPurpose(purpose); err != nil {
		return "", err
	}
	var enc []byte
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT complainant_phone_enc FROM complaints WHERE id = $1`, id).Scan(&enc); err != nil {
		return "", err
	}
	phone, err := s.sealer.OpenString(enc, phoneAAD(id))
	if err != nil {
		return "", err
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "complaint.reveal", ObjectType: "complaint",
		ObjectID: itoa(id), Detail: map[string]string{"field": "phone", "purpose": purpose}})
	return phone, err
}

func checkPurpose(purpose string) error {
	if n := len([]rune(purpose)); n < 2 || n > 200 {
		var fe tiaojie.FieldErrors
		fe.Add("purpose", "complaint.purpose")
		return fe.Err()
	}
	return nil
}
