package room

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"tiaojie/internal/db"
)

// Event says that a message was committed in a case. It carries ids only:
// receivers read the message from the database and filter it by what each
// member may read, so no message body crosses the broker, and a lost or
// dropped event costs a later read, never a wrong delivery. MessageID 0
// means "something may have been missed: read again".
type Event struct {
	CaseID    int64
	MessageID int64
}

// Broker tells every instance that a case has a new message.
//
// Post calls PublishTx inside its transaction and Publish after the
// commit; a broker uses whichever suits it (PostgreSQL's NOTIFY is itself
// delivered only on commit). A subscriber receives on a bounded channel:
// when it is full, events are dropped rather than blocking the publisher
// or other subscribers, and the subscriber catches up by reading the
// database from the last id it has seen. The channel is closed by the
// cancel func or by Close.
type Broker interface {
	PublishTx(ctx context.Context, tx *db.Tx, e Event) error
	Publish(e Event)
	Subscribe(caseID int64) (events <-chan Event, cancel func())
	Close() error
}

// OpenBroker returns the broker for the database: a PGBroker on
// PostgreSQL, which reaches every instance sharing the database, and a
// LocalBroker on SQLite, which runs as a single instance.
func OpenBroker(ctx context.Context, d *db.DB, log *slog.Logger) (Broker, error) {
	if d.Engine() == db.Postgres {
		return NewPGBroker(ctx, d, log)
	}
	return NewLocalBroker(), nil
}

// eventBuffer is each subscription's queue. A subscriber is a case's hub,
// which reads everything new on any event, so a short queue suffices.
const eventBuffer = 16

// fanout is the subscriber registry both brokers share.
type fanout struct {
	mu      sync.Mutex
	subs    map[int64]map[chan Event]struct{}
	closed  bool
	dropped atomic.Int64
}

func (f *fanout) subscribe(caseID int64) (<-chan Event, func()) {
	ch := make(chan Event, eventBuffer)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		close(ch)
		return ch, func() {}
	}
	if f.subs == nil {
		f.subs = map[int64]map[chan Event]struct{}{}
	}
	if f.subs[caseID] == nil {
		f.subs[caseID] = map[chan Event]struct{}{}
	}
	f.subs[caseID][ch] = struct{}{}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			if _, ok := f.subs[caseID][ch]; !ok {
				return // closed by close()
			}
			delete(f.subs[caseID], ch)
			if len(f.subs[caseID]) == 0 {
				delete(f.subs, caseID)
			}
			close(ch)
		})
	}
}

// deliver hands e to the case's subscribers without ever blocking.
func (f *fanout) deliver(e Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.subs[e.CaseID] {
		select {
		case ch <- e:
		default:
			f.dropped.Add(1)
		}
	}
}

// resyncAll asks every subscriber to read again, after a stretch in which
// events may have been lost (a reconnected LISTEN connection).
func (f *fanout) resyncAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for caseID, subs := range f.subs {
		for ch := range subs {
			select {
			case ch <- Event{CaseID: caseID}:
			default: // a queued event will make it read anyway
			}
		}
	}
}

func (f *fanout) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for _, subs := range f.subs {
		for ch := range subs {
			close(ch)
		}
	}
	f.subs = nil
}

// LocalBroker delivers events within one process: for SQLite, or any
// single-instance deployment.
type LocalBroker struct{ f fanout }

// NewLocalBroker returns a broker for a single instance. It starts no
// goroutine.
func NewLocalBroker() *LocalBroker { return &LocalBroker{} }

// PublishTx does nothing: within one process, Publish after the commit is
// enough.
func (b *LocalBroker) PublishTx(context.Context, *db.Tx, Event) error { return nil }

// Publish delivers e to the case's subscribers.
func (b *LocalBroker) Publish(e Event) { b.f.deliver(e) }

// Subscribe returns the case's events and a func that ends the
// subscription.
func (b *LocalBroker) Subscribe(caseID int64) (<-chan Event, func()) { return b.f.subscribe(caseID) }

// Close closes every subscription's channel.
func (b *LocalBroker) Close() error {
	b.f.close()
	return nil
}

// Dropped returns how many events full subscriptions have dropped, for
// metrics and tests.
func (b *LocalBroker) Dropped() int64 { return b.f.dropped.Load() }
