package room

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"tiaojie/internal/db"
)

// PGBroker carries events between instances through PostgreSQL's
// LISTEN/NOTIFY, so several servers behind a load balancer need nothing
// but their shared database. Post issues pg_notify inside its transaction,
// and PostgreSQL delivers it only if and when the transaction commits: no
// event announces a message that rolled back or is not yet visible.
//
// Each broker holds one dedicated connection outside the pool, LISTENing
// on a channel named after the database schema (two deployments, or two
// test schemas, sharing a database must not hear each other's ids). One
// goroutine reads notifications and fans them out; when the connection
// drops it reconnects with backoff and asks every subscriber to read
// again, since notifications sent meanwhile are lost. Events of this
// instance come back the same way as others', so local and remote members
// are served by one path.
type PGBroker struct {
	f       fanout
	cfg     *pgx.ConnConfig
	channel string
	log     *slog.Logger

	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

// NewPGBroker connects the LISTEN connection and starts the goroutine that
// reads it. It returns once LISTEN is in place, so an event published
// after it returns is received. Close stops it.
func NewPGBroker(ctx context.Context, d *db.DB, log *slog.Logger) (*PGBroker, error) {
	if d.Engine() != db.Postgres || d.Pool() == nil {
		return nil, errors.New("room: the PostgreSQL broker needs a PostgreSQL database")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var schema string
	if err := d.Pool().QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, fmt.Errorf("room: current schema: %w", err)
	}
	b := &PGBroker{cfg: d.Pool().Config().ConnConfig, channel: channelName(schema), log: log, done: make(chan struct{})}
	conn, err := b.listen(ctx)
	if err != nil {
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	go b.run(lctx, conn)
	return b, nil
}

// channelName derives the NOTIFY channel from the schema. Identifiers are
// at most 63 bytes; a longer name is replaced by its hash.
func channelName(schema string) string {
	name := "tiaojie_room"
	if schema != "" && schema != "public" {
		name += "_" + schema
	}
	if len(name) > 63 {
		h := fnv.New64a()
		h.Write([]byte(schema))
		name = fmt.Sprintf("tiaojie_room_%016x", h.Sum64())
	}
	return name
}

func (b *PGBroker) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, b.cfg)
	if err != nil {
		return nil, fmt.Errorf("room: connect listener: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{b.channel}.Sanitize()); err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("room: listen: %w", err)
	}
	return conn, nil
}

func closeConn(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = conn.Close(ctx)
}

// run reads notifications until ctx is cancelled, reconnecting with
// backoff (0.1 s doubling to 5 s) when the connection fails.
func (b *PGBroker) run(ctx context.Context, conn *pgx.Conn) {
	defer close(b.done)
	backoff := 100 * time.Millisecond
	for {
		if conn == nil {
			t := time.NewTimer(backoff)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			c, err := b.listen(ctx)
			if err != nil {
				if ctx.Err() == nil {
					b.log.Warn("room: LISTEN connection failed; retrying", "err", err, "in", backoff)
				}
				backoff = min(2*backoff, 5*time.Second)
				continue
			}
			conn, backoff = c, 100*time.Millisecond
			b.f.resyncAll()
		}
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			closeConn(conn)
			conn = nil
			if ctx.Err() != nil {
				return
			}
			b.log.Warn("room: LISTEN connection lost; reconnecting", "err", err)
			continue
		}
		e, ok := parsePayload(n.Payload)
		if !ok {
			b.log.Warn("room: malformed notification", "channel", n.Channel)
			continue
		}
		b.f.deliver(e)
	}
}

// payload and parsePayload encode an event as "caseID:messageID": a few
// bytes, far below NOTIFY's 8000-byte limit.
func payload(e Event) string {
	return strconv.FormatInt(e.CaseID, 10) + ":" + strconv.FormatInt(e.MessageID, 10)
}

func parsePayload(s string) (Event, bool) {
	c, m, ok := strings.Cut(s, ":")
	if !ok {
		return Event{}, false
	}
	caseID, err1 := strconv.ParseInt(c, 10, 64)
	msgID, err2 := strconv.ParseInt(m, 10, 64)
	if err1 != nil || err2 != nil {
		return Event{}, false
	}
	return Event{CaseID: caseID, MessageID: msgID}, true
}

// PublishTx queues the notification in the posting transaction; PostgreSQL
// sends it on commit and drops it on rollback.
func (b *PGBroker) PublishTx(ctx context.Context, tx *db.Tx, e Event) error {
	if tx.Engine != db.Postgres {
		return errors.New("room: the PostgreSQL broker cannot publish in a SQLite transaction")
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, b.channel, payload(e)); err != nil {
		return fmt.Errorf("room: notify: %w", err)
	}
	return nil
}

// Publish does nothing: the notification queued by PublishTx comes back
// to this instance too.
func (b *PGBroker) Publish(Event) {}

// Subscribe returns the case's events and a func that ends the
// subscription.
func (b *PGBroker) Subscribe(caseID int64) (<-chan Event, func()) { return b.f.subscribe(caseID) }

// Close stops the LISTEN goroutine, closes its connection and closes every
// subscription's channel.
func (b *PGBroker) Close() error {
	b.once.Do(func() {
		b.cancel()
		<-b.done
		b.f.close()
	})
	return nil
}

// Dropped returns how many events full subscriptions have dropped.
func (b *PGBroker) Dropped() int64 { return b.f.dropped.Load() }
