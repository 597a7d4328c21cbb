package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// requestTimeout is how long a client waits for an answer before it gives
// up and counts an error (as bench/load does).
const requestTimeout = 10 * time.Second

// bench drives the server: one HTTP client whose transport keeps one
// connection per concurrent client, and the sessions of the accounts the
// scenarios log in as.
type bench struct {
	srv      *server
	cfg      config
	client   *http.Client
	mu       sync.Mutex
	sessions map[string]string // login → session token
}

func newBench(srv *server, cfg config) *bench {
	tr := &http.Transport{MaxIdleConns: 0, MaxIdleConnsPerHost: cfg.Conns + 16, IdleConnTimeout: time.Minute}
	return &bench{srv: srv, cfg: cfg, sessions: map[string]string{},
		client: &http.Client{Transport: tr, Timeout: requestTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *bench) close() { b.client.CloseIdleConnections() }

// worker is one concurrent client of a scenario: its number, how many
// requests it has made, its random source (seeded by its number, so a run
// is the same sequence of requests every time) and the state a scenario
// keeps per client.
type worker struct {
	id    int
	n     int
	until time.Time // when the scenario's time is up
	rng   *rand.Rand
	state any
	path  string // the method and path (no query, ids as {id}) of the last request
}

// errTimeUp is what an op returns when the scenario's time is up before
// it sent anything (a paced client whose next turn comes too late).
var errTimeUp = errors.New("time is up")

// op makes one request of a scenario as w. An error is counted; it says
// what went wrong (a status, a transport error).
type op func(ctx context.Context, w *worker) error

// result is one row of the table.
type result struct {
	Name     string
	What     string // what one request is, and what the latency measures
	Requests int    // completed (answered as expected)
	Errors   int
	Elapsed  time.Duration
	Lat      []time.Duration // sorted
	Peak     int64           // VmHWM during the scenario, bytes
	PeakOK   bool            // the peak was reset before the scenario
	Failures map[string]int  // error → count, for the notes under the table
	Failed   string          // why the scenario could not run
	// ByPath holds the sorted latencies of each kind of request (method
	// and path), for the scenarios that mix several.
	ByPath map[string][]time.Duration
}

// RPS is the scenario's throughput.
func (r result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Pct is the nearest-rank percentile p (0–1) of the latencies.
func (r result) Pct(p float64) time.Duration { return pct(r.Lat, p) }

// pct is the nearest-rank percentile p (0–1) of sorted latencies.
func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	i := int(float64(len(lat))*p+0.5) - 1
	return lat[min(max(i, 0), len(lat)-1)]
}

// run prepares s, resets the server's memory high-water mark and runs the
// scenario, then reads the peak. A scenario that cannot be prepared (its
// warm-up fails: a route answers 404, a login is refused, a page takes
// longer than a client waits) is a row with the reason, and the run goes
// on; only the server's exit stops it.
func (b *bench) run(ctx context.Context, s scenario) (result, error) {
	r := result{Name: s.name, What: s.what}
	prepared, err := s.prepare(ctx, b)
	if err == nil {
		r.PeakOK = resetPeak(b.srv.pid)
		var out result
		if out, err = prepared(ctx); err == nil {
			out.Name, out.What, out.PeakOK = r.Name, r.What, r.PeakOK
			r = out
		}
	}
	select {
	case <-b.srv.exited:
		return result{}, fmt.Errorf("the server exited (%v)", b.srv.exitErr)
	default:
	}
	if err != nil {
		r.Failed = err.Error()
		return r, nil
	}
	if m, err := readMemory(b.srv.pid); err == nil {
		r.Peak = m.Peak
	}
	return r, nil
}

// closedLoop runs conns clients for d, each making one request after the
// other with f, and measures each request's latency. A request still
// unanswered when d is up is waited for (up to the client's timeout) and
// counted, and the elapsed time includes that wait: a scenario whose
// requests take longer than d shows its real latency and a throughput
// below one over d, not an empty row.
func closedLoop(ctx context.Context, conns int, d time.Duration, f op) result {
	until := time.Now().Add(d)
	type tally struct {
		lat      []time.Duration
		errors   int
		failures map[string]int
		byPath   map[string][]time.Duration
	}
	tallies := make([]tally, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range conns {
		wg.Go(func() {
			w := &worker{id: i, until: until, rng: rand.New(rand.NewPCG(uint64(i), 20261203))}
			t := &tallies[i]
			t.failures, t.byPath = map[string]int{}, map[string][]time.Duration{}
			for ; time.Now().Before(until); w.n++ {
				began := time.Now()
				err := f(ctx, w)
				if ctx.Err() != nil || errors.Is(err, errTimeUp) {
					break // interrupted, or nothing more to send in time: not counted
				}
				if err != nil {
					t.errors++
					t.failures[err.Error()]++
					continue
				}
				lat := time.Since(began)
				t.lat = append(t.lat, lat)
				t.byPath[w.path] = append(t.byPath[w.path], lat)
			}
		})
	}
	wg.Wait()
	r := result{Elapsed: time.Since(start), Failures: map[string]int{}, ByPath: map[string][]time.Duration{}}
	for _, t := range tallies {
		r.Lat = append(r.Lat, t.lat...)
		r.Errors += t.errors
		for k, v := range t.failures {
			r.Failures[k] += v
		}
		for k, v := range t.byPath {
			r.ByPath[k] = append(r.ByPath[k], v...)
		}
	}
	r.Requests = len(r.Lat)
	slices.Sort(r.Lat)
	for _, v := range r.ByPath {
		slices.Sort(v)
	}
	return r
}

// request is one HTTP request of a scenario.
type request struct {
	method  string
	path    string // with its query
	session string // the session token sent (bench.session); "" for none
	form    url.Values
	json    string
	accept  string
	want    int // expected status; 0 means 200
}

// do sends r from a random client address (X-Forwarded-For, believed
// because the server trusts 127.0.0.1 as a proxy) and reads the whole
// answer. It returns the body when the status is the expected one.
func (b *bench) do(ctx context.Context, w *worker, r request) ([]byte, error) {
	var body io.Reader
	ctype := ""
	switch {
	case r.form != nil:
		body, ctype = strings.NewReader(r.form.Encode()), "application/x-www-form-urlencoded"
	case r.json != "":
		body, ctype = strings.NewReader(r.json), "application/json"
	}
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, b.srv.url+r.path, body)
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	}
	req.Header.Set("X-Forwarded-For", clientAddr(w))
	if w != nil {
		w.path = method + " " + pathOnly(r.path)
	}
	if r.session != "" {
		req.AddCookie(&http.Cookie{Name: "tiaojie_session", Value: r.session})
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, transportError(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, transportError(err)
	}
	want := r.want
	if want == 0 {
		want = http.StatusOK
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: status %d", method, pathOnly(r.path), resp.StatusCode)
	}
	return data, nil
}

// transportError shortens a transport error to its kind, so that the
// notes under the table count alike errors together.
func transportError(err error) error {
	switch {
	case strings.Contains(err.Error(), "Client.Timeout"), strings.Contains(err.Error(), "deadline exceeded"):
		return fmt.Errorf("timeout (%s)", requestTimeout)
	case strings.Contains(err.Error(), "connection refused"):
		return fmt.Errorf("connection refused")
	case strings.Contains(err.Error(), "connection reset"):
		return fmt.Errorf("connection reset")
	}
	return err
}

// pathOnly drops the query (and numbers) from a path, for error counts.
func pathOnly(p string) string {
	p, _, _ = strings.Cut(p, "?")
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}

// clientAddr is a random client address in 10.0.0.0/8, from w's random
// source, or the global one for requests outside the load (warm-ups).
func clientAddr(w *worker) string {
	v := rand.Uint32()
	if w != nil && w.rng != nil {
		v = w.rng.Uint32()
	}
	return fmt.Sprintf("10.%d.%d.%d", byte(v>>16), byte(v>>8), byte(v))
}

// session logs in as login once (the password form, as a browser does)
// and returns the session token every later request of that account
// sends. The clients of a scenario share that one login: the password
// hash (tens of milliseconds) is then paid once, not once per client.
func (b *bench) session(ctx context.Context, login string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if tok, ok := b.sessions[login]; ok {
		return tok, nil
	}
	form := url.Values{"login": {login}, "password": {b.cfg.Password}, "next": {"/"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.srv.url+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("log in as %s: %w", login, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("log in as %s: status %d (wrong password, or the account is missing)", login, resp.StatusCode)
	}
	if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "/login") || strings.HasPrefix(loc, "/account") {
		return "", fmt.Errorf("log in as %s: a login step is still owed (%s)", login, loc)
	}
	for _, c := range resp.Cookies() {
		if strings.HasSuffix(c.Name, "tiaojie_session") && c.Value != "" {
			b.sessions[login] = c.Value
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("log in as %s: no session cookie", login)
}
