// Package audit keeps the audit trail: an append-only record of every state
// change and every read of confidential data, written in the same
// transaction as the change it records, so that a change whose audit row
// cannot be written does not happen (SECURITY.md AUD-01…AUD-04).
//
// Each row carries an HMAC-SM3 over its own fields and the previous row's
// MAC. Editing, deleting, reordering or truncating rows breaks the chain,
// and Verify finds the first broken row.
package audit

import (
	"context"
	"crypto/hmac"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/keys"
)

// Outcome is how an audited action ended.
type Outcome string

// The outcomes of an audited action.
const (
	OK     Outcome = "ok"     // the action happened
	Denied Outcome = "denied" // the caller was refused (authorization, lockout)
	Failed Outcome = "failed" // the action was attempted and failed (bad password, bad code)
)

// Event describes one audited action. Detail must never hold personal data
// in clear: use masked values or record identifiers.
type Event struct {
	Action     string // dotted verb, e.g. "user.create", "auth.login"
	ObjectType string // e.g. "user"
	ObjectID   string
	Outcome    Outcome // "" means OK
	Reason     string  // message code of a refusal or failure
	Detail     map[string]string
}

// Log writes and verifies the audit trail.
type Log struct {
	keys  keys.Provider
	clock clock.Clock
}

// New returns a Log that signs rows with the AuditMAC key of k.
func New(k keys.Provider, c clock.Clock) *Log { return &Log{keys: k, clock: c} }

// Row is one stored audit record.
type Row struct {
	Seq        int64
	At         time.Time
	ActorID    int64
	Actor      string
	Role       string
	Action     string
	ObjectType string
	ObjectID   string
	Outcome    Outcome
	Reason     string
	ClientIP   string
	RequestID  string
	Detail     string
	KeyVersion uint16
	PrevMAC    string
	MAC        string
}

// Record appends the event to the trail inside tx, on behalf of p. The
// row is written when tx commits, after everything else the transaction
// does (db.Tx.Last): numbering it locks the head of the chain, and on
// PostgreSQL that row lock serializes every audited transaction, so it is
// taken as late as possible. If writing fails, the commit fails and the
// whole transaction rolls back.
func (l *Log) Record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, e Event) error {
	row, err := l.newRow(ctx, p, e)
	if err != nil {
		return err
	}
	q := tx.Last(pendingKey{}, func() any { return &pending{} }, l.flush).(*pending)
	q.rows = append(q.rows, row)
	return nil
}

// pendingKey keys a transaction's unwritten audit rows.
type pendingKey struct{}

// pending holds the rows a transaction recorded, in order.
type pending struct{ rows []Row }

// flush numbers, chains and writes a transaction's rows: one statement
// takes all their numbers, and the rows are stamped then, so that time
// follows the chain's order.
func (l *Log) flush(ctx context.Context, tx *db.Tx) error {
	q, _ := tx.Last(pendingKey{}, nil, nil).(*pending)
	if q == nil || len(q.rows) == 0 {
		return nil
	}
	key, ver, err := l.keys.Key(keys.AuditMAC, 0)
	if err != nil {
		return fmt.Errorf("audit: key: %w", err)
	}
	var last int64
	var prev string
	err = tx.QueryRowContext(ctx,
		`UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, mac`, len(q.rows)).Scan(&last, &prev)
	if err != nil {
		return fmt.Errorf("audit: next sequence: %w", err)
	}
	at := l.clock.Now().UTC().Truncate(time.Microsecond)
	for i := range q.rows {
		r := &q.rows[i]
		r.Seq, r.PrevMAC, r.KeyVersion = last-int64(len(q.rows)-1-i), prev, ver
		r.At = at
		r.MAC = computeMAC(key, *r)
		prev = r.MAC
		if err := insertRow(ctx, tx, *r); err != nil {
			return err
		}
	}
	q.rows = nil
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET mac = $1 WHERE id = 1`, prev); err != nil {
		return fmt.Errorf("audit: update head: %w", err)
	}
	return nil
}

// RecordAlone appends the event in a transaction of its own: for refusals
// and failures, whose business transaction (if any) rolled back.
func (l *Log) RecordAlone(ctx context.Context, d *db.DB, p *tiaojie.Principal, e Event) error {
	return d.InTx(ctx, func(tx *db.Tx) error { return l.Record(ctx, tx, p, e) })
}

func (l *Log) newRow(ctx context.Context, p *tiaojie.Principal, e Event) (Row, error) {
	if e.Action == "" {
		return Row{}, tiaojie.Internalf("audit: event without an action")
	}
	if p == nil {
		p = tiaojie.Anonymous()
	}
	outcome := e.Outcome
	if outcome == "" {
		outcome = OK
	}
	detail := ""
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail) // map keys are sorted: canonical
		if err != nil {
			return Row{}, fmt.Errorf("audit: detail: %w", err)
		}
		detail = string(b)
	}
	c := ClientFrom(ctx)
	return Row{
		// Microseconds: the precision both engines keep, so the MAC
		// computed now matches the row read back later.
		At:         l.clock.Now().UTC().Truncate(time.Microsecond),
		ActorID:    max(p.UserID, 0),
		Actor:      p.Name,
		Role:       p.RoleNames(),
		Action:     e.Action,
		ObjectType: e.ObjectType,
		ObjectID:   e.ObjectID,
		Outcome:    outcome,
		Reason:     e.Reason,
		ClientIP:   c.IP,
		RequestID:  c.RequestID,
		Detail:     detail,
	}, nil
}

func insertRow(ctx context.Context, tx *db.Tx, r Row) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO audit_log (seq, at, actor_id, actor, role, action, object_type, object_id,
		                       outcome, reason, client_ip, request_id, detail, key_version, prev_mac, mac)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		r.Seq, r.At, r.ActorID, r.Actor, r.Role, r.Action, r.ObjectType, r.ObjectID,
		string(r.Outcome), r.Reason, r.ClientIP, r.RequestID, r.Detail, int(r.KeyVersion), r.PrevMAC, r.MAC)
	if err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	return nil
}

// computeMAC returns hex(HMAC-SM3(key, canonical(row))). The canonical form
// prefixes every field with its length, so no two different rows encode
// the same bytes, and it includes the previous MAC, which chains the rows.
func computeMAC(key []byte, r Row) string {
	m := hmac.New(sm3.New, key)
	for _, f := range []string{
		strconv.FormatInt(r.Seq, 10),
		r.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(r.ActorID, 10),
		r.Actor, r.Role, r.Action, r.ObjectType, r.ObjectID,
		string(r.Outcome), r.Reason, r.ClientIP, r.RequestID, r.Detail,
		strconv.Itoa(int(r.KeyVersion)),
		r.PrevMAC,
	} {
		m.Write([]byte(strconv.Itoa(len(f))))
		m.Write([]byte{':'})
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

type clientKey struct{}

// Client is where a request came from, as the audit trail records it.
type Client struct {
	IP        string
	RequestID string
}

// WithClient returns a context that carries the client of a request. The
// server's middleware sets it once per request.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the client stored by WithClient, or the zero Client.
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}
