package room

import (
	"context"
	"sync"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
)

// How the live stream is sized. A hub reads new messages in pages of
// hubPage; a stream queues at most streamBuffer of them before it is
// marked behind and catches up from the database in pages of streamPage.
const (
	hubPage      = 500
	streamBuffer = 256
	streamPage   = 200
	retryAfter   = time.Second
)

// hub is the live side of one case on this instance. It holds the
// case's broker subscription and, whenever an event arrives, reads what is
// new once for all the case's streams here and hands each stream the
// messages its member may read. One read per event per instance, not per
// member, is what lets a thousand viewers share a room.
//
// A hub exists while the case has streams on this instance; it runs one
// goroutine, owned by the Service (Close waits for it).
type hub struct {
	s      *Service
	caseID int64
	refs   int // guarded by s.mu

	ready   chan struct{} // closed once last is known or initErr set
	initErr error

	events      <-chan Event
	unsubscribe func()
	stop        chan struct{} // closed when the last stream leaves

	mu      sync.Mutex
	streams map[*Stream]struct{}
	last    int64 // newest id handed to the streams; only the hub goroutine changes it after start
}

// acquire returns the running hub of the case, starting it if needed.
// Starting reads the case's newest id after subscribing to the broker, so
// that anything committed later is announced, before any stream joins.
func (s *Service) acquire(ctx context.Context, caseID int64) (*hub, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, errClosed
	}
	h := s.hubs[caseID]
	creator := h == nil
	if creator {
		h = &hub{s: s, caseID: caseID, ready: make(chan struct{}), stop: make(chan struct{}), streams: map[*Stream]struct{}{}}
		s.hubs[caseID] = h
		s.wg.Add(1)
	}
	h.refs++
	s.mu.Unlock()

	if creator {
		h.events, h.unsubscribe = s.broker.Subscribe(caseID)
		h.last, h.initErr = s.latest(ctx, caseID)
		if h.initErr != nil {
			h.unsubscribe()
			s.mu.Lock()
			if s.hubs[caseID] == h {
				delete(s.hubs, caseID)
			}
			s.mu.Unlock()
			s.wg.Done()
			close(h.ready)
			return nil, h.initErr
		}
		go h.run()
		close(h.ready)
		return h, nil
	}
	select {
	case <-h.ready:
	case <-ctx.Done():
		s.release(h)
		return nil, ctx.Err()
	}
	if h.initErr != nil {
		return nil, h.initErr
	}
	return h, nil
}

// release drops one reference; the last one stops the hub. A hub that
// failed to start never gets here: its creator holds a reference it does
// not release, and the hub is already out of the map.
func (s *Service) release(h *hub) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h.refs--
	if h.refs > 0 {
		return
	}
	if s.hubs[h.caseID] == h {
		delete(s.hubs, h.caseID)
	}
	close(h.stop)
}

// run waits for events and catches up, until the hub is stopped, the
// service closes or the broker closes the subscription (then the hub's
// streams end and their clients reconnect).
func (h *hub) run() {
	defer h.s.wg.Done()
	defer h.unsubscribe()
	retry := time.NewTimer(retryAfter)
	retry.Stop()
	defer retry.Stop()
	for {
		select {
		case <-h.s.ctx.Done():
			h.end()
			return
		case <-h.stop:
			return
		case _, ok := <-h.events:
			if !ok {
				h.end()
				return
			}
			if !h.drain() {
				h.end()
				return
			}
		case <-retry.C:
		}
		if err := h.catchUp(); err != nil {
			h.s.log.Warn("room: reading new messages failed; retrying", "case", h.caseID, "err", err)
			retry.Reset(retryAfter)
		}
	}
}

// drain takes every queued event, so that a burst costs one read. It
// reports false when the subscription was closed.
func (h *hub) drain() bool {
	for {
		select {
		case _, ok := <-h.events:
			if !ok {
				return false
			}
		default:
			return true
		}
	}
}

// catchUp reads every message after h.last and hands it to the streams.
// Reading after the event was received (rather than trusting its id) is
// what makes dropped events harmless: any read after a commit sees it.
func (h *hub) catchUp() error {
	for {
		msgs, err := h.s.readAfter(h.s.ctx, h.caseID, h.last, nil, hubPage)
		if err != nil {
			return err
		}
		if len(msgs) == 0 {
			return nil
		}
		h.mu.Lock()
		for st := range h.streams {
			st.deliver(msgs)
		}
		h.last = msgs[len(msgs)-1].ID
		h.mu.Unlock()
		if len(msgs) < hubPage {
			return nil
		}
	}
}

// end tells every stream that no more will come from this hub.
func (h *hub) end() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for st := range h.streams {
		st.end()
	}
}

// Stream is one member's live view of a case's room: the messages, in
// order and each once, that the member may read and has not yet been given.
// It is what ServeEvents writes out; other front doors (a WebSocket, a
// long poll) can use it the same way: wait on Ready, then call Next.
//
// A stream never blocks the hub: when its queue is full it drops the queue
// and marks itself behind, and Next then reads from the database from the
// last id it returned.
type Stream struct {
	s      *Service
	h      *hub
	p      *tiaojie.Principal
	caseID int64
	ready  chan struct{} // capacity 1: "Next has something"

	mu     sync.Mutex
	member Member
	queue  []Message
	behind bool // read from the database instead of the queue
	ended  bool

	last int64 // newest id returned by Next; used by Next only
	once sync.Once
}

// Subscribe opens a live stream of the case for p. after is the id of the
// last message the client has (the SSE Last-Event-ID): the stream first
// returns what came after it. A negative after starts at the newest
// message, for a client that has just loaded the history. Audited as
// "room.watch". Close the stream when done.
func (s *Service) Subscribe(ctx context.Context, p *tiaojie.Principal, caseID, after int64) (*Stream, error) {
	const action = "room.watch"
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return nil, err
	}
	h, err := s.acquire(ctx, caseID)
	if err != nil {
		return nil, err
	}
	st := &Stream{s: s, h: h, p: p, caseID: caseID, member: m, ready: make(chan struct{}, 1)}
	h.mu.Lock()
	h.streams[st] = struct{}{}
	h.mu.Unlock()
	// The newest id is read after joining the hub: anything newer is
	// delivered by the hub, anything older is read by the first Next.
	newest, err := s.latest(ctx, caseID)
	if err != nil {
		st.Close()
		return nil, err
	}
	if after < 0 || after > newest {
		after = newest
	}
	st.last = after
	if after < newest {
		st.mu.Lock()
		st.behind = true
		st.mu.Unlock()
		st.signal()
	}
	ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID), Detail: map[string]string{"after": itoa(after)}}
	if err := s.audit.RecordAlone(ctx, s.db, p, ev); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// signal wakes the reader without blocking; one pending token is enough,
// since Next takes everything queued.
func (st *Stream) signal() {
	select {
	case st.ready <- struct{}{}:
	default:
	}
}

// deliver is called by the hub with new messages of the case; it keeps
// those the member may read.
func (st *Stream) deliver(msgs []Message) {
	st.mu.Lock()
	if st.behind || st.ended {
		st.mu.Unlock()
		return
	}
	wake := false
	for _, m := range msgs {
		if !st.member.CanRead(m.Channel) {
			continue
		}
		if len(st.queue) >= streamBuffer {
			st.behind, st.queue, wake = true, nil, true
			break
		}
		st.queue = append(st.queue, m)
		wake = true
	}
	st.mu.Unlock()
	if wake {
		st.signal()
	}
}

func (st *Stream) end() {
	st.mu.Lock()
	st.ended = true
	st.mu.Unlock()
	st.signal()
}

// Ready receives when Next may have messages (or the stream has ended).
func (st *Stream) Ready() <-chan struct{} { return st.ready }

// Member returns the member the stream serves, as last checked.
func (st *Stream) Member() Member {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.member
}

// Next returns the messages the member has not yet been given, oldest
// first, possibly none; it does not wait. It fails once the stream has
// ended (the service or the broker closed): the client should reconnect.
// Only one goroutine may call it.
func (st *Stream) Next(ctx context.Context) ([]Message, error) {
	st.mu.Lock()
	q, behind, ended, m := st.queue, st.behind, st.ended, st.member
	st.queue, st.behind = nil, false
	st.mu.Unlock()
	if ended || st.s.ctx.Err() != nil {
		return nil, errClosed
	}
	var out []Message
	if behind {
		// Everything queued is committed, so the database has it too.
		msgs, err := st.s.readAfter(ctx, st.caseID, st.last, m.Channels(), streamPage+1)
		if err != nil {
			st.mu.Lock()
			st.behind = true
			st.mu.Unlock()
			return nil, err
		}
		if len(msgs) > streamPage {
			msgs = msgs[:streamPage]
			st.mu.Lock()
			st.behind, st.queue = true, nil
			st.mu.Unlock()
			st.signal()
		}
		out = msgs
	} else {
		for _, msg := range q {
			if msg.ID > st.last && m.CanRead(msg.Channel) {
				out = append(out, msg)
			}
		}
	}
	if len(out) > 0 {
		st.last = out[len(out)-1].ID
	}
	for i := range out {
		out[i].Mine = out[i].AuthorID == st.p.UserID
	}
	return out, nil
}

// Refresh asks the case service again who the member is, so that a party
// removed from the case, or a mediator recused, stops receiving within a
// heartbeat. It fails when the caller is no longer a member.
func (st *Stream) Refresh(ctx context.Context) error {
	m, err := st.s.access.Member(ctx, st.p, st.caseID)
	if err == nil {
		err = m.check()
	}
	if err != nil {
		return err
	}
	st.mu.Lock()
	st.member = m
	st.mu.Unlock()
	return nil
}

// Close leaves the hub; the last stream of a case stops it.
func (st *Stream) Close() {
	st.once.Do(func() {
		st.h.mu.Lock()
		delete(st.h.streams, st)
		st.h.mu.Unlock()
		st.end()
		st.s.release(st.h)
	})
}
