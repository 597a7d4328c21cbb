package room

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"tiaojie"
)

// writeTimeout bounds each write to an SSE client. The server's own
// WriteTimeout would end every stream after a minute, so each write sets
// its own deadline instead; a client that cannot take a heartbeat within
// it is gone.
const writeTimeout = 30 * time.Second

// ServeEvents streams the case's room to p as Server-Sent Events
// (text/event-stream), for htmx-ext-sse or a plain EventSource. SSE rather
// than WebSocket because it passes the proxies and gateways of government
// networks more reliably; sending is an ordinary POST to Post.
//
// Each message is an event "message" whose id is the message id and whose
// data is the Message as JSON, as p sees it. A browser that reconnects
// sends Last-Event-ID and gets what it missed; a first connection may pass
// the newest id it already shows as ?after=N, and without either the
// stream starts at the newest message. A comment line is sent every
// heartbeat to keep proxies from closing an idle stream, and the
// membership is checked again each time.
//
// An error (not a member, a malformed cursor) is returned only before
// anything is written, for the caller's error adapter; once streaming, it
// returns nil when the client goes, the member is removed, or the service
// closes, and the client reconnects.
func (s *Service) ServeEvents(w http.ResponseWriter, r *http.Request, p *tiaojie.Principal, caseID int64) error {
	after, err := cursor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st, err := s.Subscribe(ctx, p, caseID, after)
	if err != nil {
		return err
	}
	defer st.Close()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	// retry: how long a browser waits before reconnecting.
	if !s.send(w, rc, []byte("retry: 3000\n\n")) {
		return nil
	}
	tick := time.NewTicker(s.heartbeat)
	defer tick.Stop()
	var buf bytes.Buffer
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.ctx.Done():
			return nil
		case <-tick.C:
			if err := st.Refresh(ctx); err != nil {
				return nil
			}
			if !s.send(w, rc, []byte(": ping\n\n")) {
				return nil
			}
		case <-st.Ready():
			msgs, err := st.Next(ctx)
			if err != nil {
				if !errors.Is(err, errClosed) && ctx.Err() == nil {
					s.log.Warn("room: stream read failed", "case", caseID, "err", err)
				}
				return nil
			}
			if len(msgs) == 0 {
				continue
			}
			buf.Reset()
			for _, m := range msgs {
				if err := writeEvent(&buf, m); err != nil {
					s.log.Error("room: encode event", "case", caseID, "err", err)
					return nil
				}
			}
			if !s.send(w, rc, buf.Bytes()) {
				return nil
			}
		}
	}
}

// cursor reads where the client's copy ends: Last-Event-ID (sent by the
// browser on reconnection) or ?after=; -1 when neither is given.
func cursor(r *http.Request) (int64, error) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("after")
	}
	if v == "" {
		return -1, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	return n, nil
}

// writeEvent appends one SSE event. JSON never contains a raw newline, so
// the data fits one line.
func writeEvent(buf *bytes.Buffer, m Message) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	buf.WriteString("id: ")
	buf.WriteString(strconv.FormatInt(m.ID, 10))
	buf.WriteString("\nevent: message\ndata: ")
	buf.Write(data)
	buf.WriteString("\n\n")
	return nil
}

// send writes and flushes b within writeTimeout, reporting false when the
// client is gone.
func (s *Service) send(w http.ResponseWriter, rc *http.ResponseController, b []byte) bool {
	if err := rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return false
	}
	if _, err := w.Write(b); err != nil {
		return false
	}
	return rc.Flush() == nil
}
