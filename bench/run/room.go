package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// roomTag starts the body of every message the room scenario posts; the
// rest is the time it was sent (Unix nanoseconds), which the stream's
// reader subtracts from the time it reads the message.
const roomTag = "bench "

// roomGrace is how long the streams may take, after the last post, to
// deliver what is still on its way before a message counts as lost.
const roomGrace = 3 * time.Second

// prepareRoom logs in as the demo mediator and finds a case in mediation
// whose room they may post in (the demo data's 宅基地边界围墙纠纷).
func prepareRoom(ctx context.Context, b *bench) (func(context.Context) (result, error), error) {
	tok, err := b.session(ctx, loginMediator)
	if err != nil {
		return nil, err
	}
	data, err := b.do(ctx, nil, request{path: "/api/v1/cases?status=mediating&limit=50", session: tok})
	if err != nil {
		return nil, err
	}
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	for _, c := range list.Items {
		r := roomPost(c.ID, tok, "压测：准备")
		if _, err := b.do(ctx, nil, r); err == nil {
			rm := &room{b: b, caseID: c.ID, session: tok}
			return rm.run, nil
		}
	}
	return nil, fmt.Errorf("%s may post in no case in mediation (%d looked at)", loginMediator, len(list.Items))
}

// roomPost is a message to the main channel of a case's room, posted as
// the page's script posts it (asking for JSON).
func roomPost(id int64, session, body string) request {
	return request{method: http.MethodPost, path: "/cases/" + strconv.FormatInt(id, 10) + "/room/messages", session: session,
		form: url.Values{"channel": {"main"}, "body": {body}}, accept: "application/json", want: http.StatusCreated}
}

// room is the room scenario on one case.
type room struct {
	b       *bench
	caseID  int64
	session string
}

// listener is one SSE client: the delivery latencies it measured.
type listener struct {
	lat []time.Duration
	err error
}

// run connects the streams, posts for the configured time from the
// posting clients, waits for the messages still on their way and reports
// posts a second, the delivery latencies and, as errors, failed posts,
// streams that failed and deliveries that never came.
func (rm *room) run(ctx context.Context) (result, error) {
	cfg := rm.b.cfg
	clients := cfg.RoomClients
	if clients <= 0 {
		clients = cfg.Conns
	}
	posters := cfg.RoomPosters
	if posters <= 0 {
		posters = max(1, cfg.Conns/16)
	}
	streamCtx, stopStreams := context.WithCancel(ctx)
	defer stopStreams()
	// A stream's headers come at once (the server flushes "retry:" as
	// it subscribes); a client still waiting after this counts as failed.
	tr := &http.Transport{MaxIdleConnsPerHost: -1, ResponseHeaderTimeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	sc := &http.Client{Transport: tr}
	listeners := make([]listener, clients)
	var received atomic.Int64
	var ready, wg sync.WaitGroup
	ready.Add(clients)
	for i := range clients {
		wg.Go(func() {
			w := &worker{id: i, rng: rand.New(rand.NewPCG(uint64(i), 7))}
			listeners[i] = rm.listen(streamCtx, sc, w, ready.Done, &received)
		})
	}
	ready.Wait()
	res := result{Failures: map[string]int{}}
	for _, l := range listeners {
		if l.err != nil {
			res.Errors++
			res.Failures[l.err.Error()]++
		}
	}
	connected := int64(clients - res.Errors)

	posts := rm.post(ctx, posters, cfg.Duration, cfg.RoomRate)
	res.Requests, res.Elapsed = posts.Requests, posts.Elapsed
	res.Errors += posts.Errors
	for k, v := range posts.Failures {
		res.Failures[k] += v
	}
	want := int64(res.Requests) * connected
	deadline := time.Now().Add(roomGrace)
	for received.Load() < want && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	stopStreams()
	wg.Wait()
	for _, l := range listeners {
		res.Lat = append(res.Lat, l.lat...)
	}
	slices.Sort(res.Lat)
	if lost := want - int64(len(res.Lat)); lost > 0 {
		res.Errors += int(lost)
		res.Failures[fmt.Sprintf("not delivered within %s of the last post (of %d deliveries)", roomGrace, want)] += int(lost)
	}
	return res, nil
}

// listen reads the room's stream until ctx ends, measuring each bench
// message's delivery. done is called once the stream is open (or failed).
func (rm *room) listen(ctx context.Context, c *http.Client, w *worker, done func(), received *atomic.Int64) listener {
	var l listener
	once := sync.OnceFunc(done)
	defer once()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rm.b.srv.url+"/cases/"+strconv.FormatInt(rm.caseID, 10)+"/room/events", nil)
	if err != nil {
		l.err = err
		return l
	}
	req.Header.Set("X-Forwarded-For", clientAddr(w))
	req.Header.Set("Accept", "text/event-stream")
	req.AddCookie(&http.Cookie{Name: "tiaojie_session", Value: rm.session})
	resp, err := c.Do(req)
	if err != nil {
		l.err = fmt.Errorf("stream: %w", transportError(err))
		return l
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		l.err = fmt.Errorf("stream: status %d", resp.StatusCode)
		return l
	}
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return l // the end of the run closes the stream
		}
		if strings.HasPrefix(line, "retry:") {
			once() // the server holds the subscription: posts from now on reach this client
			continue
		}
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		if sent, ok := sentAt(data); ok {
			l.lat = append(l.lat, time.Since(time.Unix(0, sent)))
			received.Add(1)
		}
	}
}

// sentAt finds the send time in a bench message's event data.
func sentAt(data string) (int64, bool) {
	_, rest, ok := strings.Cut(data, `"body":"`+roomTag)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, `"`)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil
}

// post posts from n clients for d, as fast as the server answers or, with
// rate > 0, at most rate messages a second over all of them.
func (rm *room) post(ctx context.Context, n int, d time.Duration, rate float64) result {
	var every time.Duration
	if rate > 0 {
		every = time.Duration(float64(n) / rate * float64(time.Second))
	}
	return closedLoop(ctx, n, d, func(ctx context.Context, w *worker) error {
		if every > 0 {
			due, _ := w.state.(time.Time)
			if due.IsZero() {
				due = time.Now().Add(time.Duration(w.id) * every / time.Duration(n))
			}
			if !due.Before(w.until) {
				return errTimeUp
			}
			if wait := time.Until(due); wait > 0 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			w.state = due.Add(every)
		}
		_, err := rm.b.do(ctx, w, roomPost(rm.caseID, rm.session, roomTag+strconv.FormatInt(time.Now().UnixNano(), 10)))
		return err
	})
}
