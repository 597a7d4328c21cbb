package room_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/room"
)

// sseServer serves the room's events of caseID over HTTP as internal/web
// will: the caller is named by a header here instead of a session.
func sseServer(t testing.TB, svc *room.Service) *httptest.Server {
	t.Helper()
	users := map[string]*tiaojie.Principal{}
	for _, p := range []*tiaojie.Principal{mediator, applicant, respondent, observer, stranger} {
		users[strconv.FormatInt(p.UserID, 10)] = p
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := users[r.Header.Get("X-User")]
		if err := svc.ServeEvents(w, r, p, caseID); err != nil {
			status := http.StatusInternalServerError
			switch tiaojie.ErrorKind(err) {
			case tiaojie.NotFound:
				status = http.StatusNotFound
			case tiaojie.Invalid:
				status = http.StatusBadRequest
			}
			http.Error(w, code(err), status)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// sseEvent is one parsed event, or a comment (a heartbeat).
type sseEvent struct {
	ID, Event, Data string
	Comment         bool
}

// sseClient is an open event stream.
type sseClient struct {
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

// openSSE connects as p, sending lastID as Last-Event-ID when not "". The
// connection is closed at the end of the test or by close.
func openSSE(t testing.TB, url string, p *tiaojie.Principal, lastID string) (*sseClient, int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-User", strconv.FormatInt(p.UserID, 10))
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	c := &sseClient{resp: resp, events: make(chan sseEvent, 1024), cancel: cancel}
	t.Cleanup(c.close)
	if resp.StatusCode != http.StatusOK {
		c.close()
		return nil, resp.StatusCode
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type = %q", ct)
	}
	go c.read()
	return c, resp.StatusCode
}

func (c *sseClient) read() {
	defer close(c.events)
	sc := bufio.NewScanner(c.resp.Body)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev != (sseEvent{}) {
				c.events <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
			c.events <- sseEvent{Comment: true, Data: strings.TrimSpace(line[1:])}
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "id":
				ev.ID = value
			case "event":
				ev.Event = value
			case "data":
				ev.Data += value
			}
		}
	}
}

func (c *sseClient) close() {
	c.cancel()
	c.resp.Body.Close()
}

// next returns the next message event, skipping comments and the retry
// line, failing after five seconds or if the stream ends.
func (c *sseClient) next(t testing.TB) (string, room.Message) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				t.Fatal("stream ended")
			}
			if ev.Comment || ev.Event != "message" {
				continue
			}
			var m room.Message
			if err := json.Unmarshal([]byte(ev.Data), &m); err != nil {
				t.Fatalf("data %q: %v", ev.Data, err)
			}
			if ev.ID != strconv.FormatInt(m.ID, 10) {
				t.Errorf("event id %s for message %d", ev.ID, m.ID)
			}
			return ev.ID, m
		case <-timeout:
			t.Fatal("no event within 5 s")
		}
	}
}

func TestServeEvents(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		srv := sseServer(t, e.svc)
		post(t, e, mediator, room.Main, "连接前的消息")

		// Refusals come before the stream starts, as statuses.
		if _, status := openSSE(t, srv.URL, stranger, ""); status != http.StatusNotFound {
			t.Errorf("stranger: status %d", status)
		}
		if _, status := openSSE(t, srv.URL, applicant, "abc"); status != http.StatusBadRequest {
			t.Errorf("malformed Last-Event-ID: status %d", status)
		}

		app, _ := openSSE(t, srv.URL, applicant, "")
		resp, _ := openSSE(t, srv.URL, respondent, "")
		m1 := post(t, e, mediator, room.Main, "第一条")
		post(t, e, mediator, room.Caucus("respondent"), "只给被申请人")
		m3 := post(t, e, respondent, room.Main, "第三条")

		// No cursor: the stream starts after what existed; the applicant
		// never gets the respondent's caucus.
		id, got := app.next(t)
		if got.ID != m1.ID || got.Body != "第一条" || got.Mine || got.AuthorName != "调解员 王芳" {
			t.Errorf("applicant's first event = %+v", got)
		}
		_, got = app.next(t)
		if got.ID != m3.ID {
			t.Errorf("applicant's second event = %q (id %d), want %q", got.Body, got.ID, "第三条")
		}
		for _, want := range []string{"第一条", "只给被申请人", "第三条"} {
			if _, got := resp.next(t); got.Body != want {
				t.Errorf("respondent got %q, want %q", got.Body, want)
			}
		}

		// The applicant drops off after the first event, misses two
		// messages and reconnects with Last-Event-ID.
		app.close()
		post(t, e, respondent, room.Caucus("respondent"), "断线期间的私下消息")
		post(t, e, mediator, room.Main, "断线期间一")
		post(t, e, mediator, room.Main, "断线期间二")
		again, _ := openSSE(t, srv.URL, applicant, id)
		var resumed []string
		for range 3 {
			_, m := again.next(t)
			resumed = append(resumed, m.Body)
		}
		want := []string{"第三条", "断线期间一", "断线期间二"}
		if strings.Join(resumed, "|") != strings.Join(want, "|") {
			t.Errorf("resumed %v, want %v", resumed, want)
		}

		// Heartbeats keep the stream alive (the test heartbeat is 1 s);
		// a member removed from the case is cut off at the next one.
		deadline := time.After(5 * time.Second)
	wait:
		for {
			select {
			case ev := <-again.events:
				if ev.Comment && ev.Data == "ping" {
					break wait
				}
			case <-deadline:
				t.Fatal("no heartbeat within 5 s")
			}
		}
		e.access.remove(caseID, applicant.UserID)
		deadline = time.After(5 * time.Second)
		for {
			select {
			case _, ok := <-again.events:
				if !ok {
					return
				}
			case <-deadline:
				t.Fatal("stream of a removed member still open")
			}
		}
	})
}

// TestServeEventsAfterParam starts a first connection from ?after=, as a
// page that has just rendered the history does.
func TestServeEventsAfterParam(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	srv := sseServer(t, e.svc)
	first := post(t, e, mediator, room.Main, "一")
	post(t, e, mediator, room.Main, "二")
	c, status := openSSE(t, srv.URL+"?after="+strconv.FormatInt(first.ID, 10), observer, "")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if _, m := c.next(t); m.Body != "二" {
		t.Errorf("got %q, want 二", m.Body)
	}
}

// TestServeEventsEndsOnClose checks that Close ends open streams, so that a
// server shutting down is not held by them.
func TestServeEventsEndsOnClose(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	srv := sseServer(t, e.svc)
	c, _ := openSSE(t, srv.URL, applicant, "")
	post(t, e, mediator, room.Main, "hi")
	c.next(t)
	e.svc.Close()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-c.events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal(errors.New("stream still open after Close"))
		}
	}
}
