// Package room is the online mediation room of a case (SPEC C5): messages
// between the parties and the mediator in a main channel, private caucus
// (背对背) channels between the mediator and one party, read state and
// unread counts, scheduled sessions, and a live stream of new messages that
// reaches members connected to any instance of the server.
//
// The room does not decide who belongs to a case: the case service does,
// through Access, so that the rules of a case (assignment, recusal,
// closure) live in one place. The room enforces what follows from a
// member's role: a party reads the main channel and its own caucus and
// never another party's; a mediator reads every channel; an observer (org
// staff, a township office supervising) reads the main channel only and
// never posts. A caucus is what a party tells the mediator in confidence,
// so even supervisors do not read it here; a complaint that needs it goes
// through the case file, where its disclosure is a decision of its own.
//
// Anyone outside the case gets tiaojie.NotFound, as does a member asking
// for a channel they may not read, so that neither the case nor another
// party's caucus is revealed by the answer. Every refusal and every post
// is audited; message bodies never reach the audit trail or the log.
package room

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Role is what a member does in the room of one case. It is not the
// platform role (tiaojie.Role): a mediator of the organization who is not
// assigned to the case is not a Mediator here.
type Role string

// The roles in a room.
const (
	Mediator Role = "mediator" // assigned mediator(s): read and write every channel
	Party    Role = "party"    // a party or its agent: main and its own caucus
	Observer Role = "observer" // org staff, supervisors: read the main channel only
)

// Member is what the case service tells the room about a caller in one
// case. The room derives channels from it (Channels, CanRead, CanWrite)
// rather than trusting a list, so that a mistake on the case side cannot
// open one party's caucus to the other.
type Member struct {
	// Name is the name shown on the member's messages in this case, such
	// as "调解员 王芳" or "申请人 张三".
	Name string
	Role Role
	// PartyKey identifies a party's side in the case ("applicant",
	// "respondent", "p3" …: 1–32 of a–z, 0–9, _ and -). A party and its
	// agents share the key and so share the caucus. Parties only.
	PartyKey string
	// Parties lists the keys of every party of the case, one caucus each.
	// Mediators only; it is ignored for other roles.
	Parties []string
	// CanPost is false when the member may read but not write, for example
	// once the case is closed and the room is kept as a record. An observer
	// never posts whatever it says.
	CanPost bool
}

// Access is the case service's answer to "who is p in case caseID?". It
// must return an error of kind tiaojie.NotFound when p is not a member or
// the case does not exist (the room then answers NotFound itself); any
// other error is passed through as a failure.
type Access interface {
	Member(ctx context.Context, p *tiaojie.Principal, caseID int64) (Member, error)
}

// Notifier is told of each message after it is committed, so that the
// case side can notify members who are offline (SMS, email) without the
// room knowing how. It runs on the poster's request with a context that
// is not cancelled when the request ends; it should only enqueue work.
// HasRead lets a delayed job check whether the message was read meanwhile.
type Notifier interface {
	OnPosted(ctx context.Context, m Message)
}

// SessionNotifier may also be implemented by the Notifier, to be told of
// each scheduled session after it is committed.
type SessionNotifier interface {
	OnScheduled(ctx context.Context, s Session)
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB     *db.DB
	Audit  *audit.Log
	Access Access
	// Broker carries "there is a new message" between instances: a
	// LocalBroker on SQLite or a single instance, a PGBroker when several
	// instances share a PostgreSQL database (OpenBroker picks).
	Broker Broker
	// Notifier is optional.
	Notifier Notifier
	// Files keeps the messages' attachments (attach.go); nil: the room
	// takes none.
	Files *files.Service
	Clock clock.Clock
	// Log receives the few operational lines (a failed catch-up read); nil
	// discards them.
	Log *slog.Logger
	// Heartbeat is the interval of the SSE keep-alive comment; 0 means 25
	// seconds, under the 30–60 s idle timeouts of common proxies.
	Heartbeat time.Duration
}

// Service is the mediation room. It owns one goroutine per case that has
// live streams on this instance; Close stops them.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	access    Access
	broker    Broker
	notify    Notifier
	files     *files.Service
	clock     clock.Clock
	log       *slog.Logger
	heartbeat time.Duration

	ctx    context.Context // cancelled by Close: ends hubs and streams
	cancel context.CancelFunc
	wg     sync.WaitGroup // one per running hub

	mu     sync.Mutex
	hubs   map[int64]*hub
	closed bool
}

// New returns a Service. It starts no goroutine until a stream opens.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hb := d.Heartbeat
	if hb <= 0 {
		hb = 25 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{
		db: d.DB, audit: d.Audit, access: d.Access, broker: d.Broker, notify: d.Notifier, files: d.Files,
		clock: d.Clock, log: log, heartbeat: hb,
		ctx: ctx, cancel: cancel, hubs: map[int64]*hub{},
	}
}

// Close ends every live stream and waits for the service's goroutines. Call
// it when the server starts shutting down (http.Server.RegisterOnShutdown),
// not after: open streams would otherwise hold the shutdown until its
// timeout. Clients reconnect elsewhere with Last-Event-ID. It does not close
// the broker, which the caller owns.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// errClosed ends streams when the service or the broker closes.
var errClosed = errors.New("room: closed")

// now returns the service's time, truncated to what both engines store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// member asks the case service who p is in the case. Not being a member is
// audited as a denial under action and answered NotFound.
func (s *Service) member(ctx context.Context, p *tiaojie.Principal, caseID int64, action string) (Member, error) {
	if p == nil {
		p = tiaojie.Anonymous()
	}
	// Nobody is a member without an account; the case service is not even
	// asked. The platform itself (tiaojie.System) is left to it.
	if !p.LoggedIn() && !p.IsSystem() {
		return Member{}, s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.NotFound, "error.not_found"), "scope", "anonymous")
	}
	m, err := s.access.Member(ctx, p, caseID)
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		return Member{}, s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.NotFound, "error.not_found"), "scope", "outside")
	}
	if err != nil {
		return Member{}, err
	}
	if err := m.check(); err != nil {
		return Member{}, err
	}
	return m, nil
}

// deny records a refusal in the audit trail, in a transaction of its own,
// and returns the error the caller gets. Every refusal leaves a trace, which
// is how probing for other cases or another party's caucus is noticed.
func (s *Service) deny(ctx context.Context, p *tiaojie.Principal, action string, caseID int64, e *tiaojie.Error, detail ...string) error {
	ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID), Outcome: audit.Denied, Reason: e.Code}
	if len(detail) > 0 {
		ev.Detail = map[string]string{}
		for i := 0; i+1 < len(detail); i += 2 {
			ev.Detail[detail[i]] = detail[i+1]
		}
	}
	if err := s.audit.RecordAlone(ctx, s.db, p, ev); err != nil {
		return err
	}
	return e
}

// readable refuses a channel the member may not read, with NotFound so
// that another party's caucus is indistinguishable from no channel at all.
func (s *Service) readable(ctx context.Context, p *tiaojie.Principal, caseID int64, action string, m Member, ch Channel) error {
	if !ch.Valid() {
		var fe tiaojie.FieldErrors
		fe.Add("channel", "room.channel")
		return fe.Err()
	}
	if !m.CanRead(ch) {
		return s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.NotFound, "error.not_found"), "channel", string(ch))
	}
	return nil
}
