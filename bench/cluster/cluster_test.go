package cluster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"tiaojie/bench/binary"
	"tiaojie/bench/cluster"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// demoPassword is the password of every demo account (cmd/tiaojie/seed.go).
const demoPassword = "Demo#2026cm"

// demoMediator is the demo account of the committee's mediator, who
// handles the demo case in mediation and so is a member of its room.
const demoMediator = "tjmediator"

// env is the running cluster: two instances on one PostgreSQL schema and
// one uploads directory, nginx in front.
type env struct {
	bin, dsn, keyFile string
	bare              []string // the instances' environment
	smtp              *smtpSink
	nginxDir          string
	a, b              *instance
	lb                string // nginx's address
	db                *db.DB // the test's own connection, to check what was stored
	http              *http.Client
	caseID            int64  // the demo case in mediation
	cookie            string // the mediator's session, logged in through a
}

// TestCluster runs two instances of the real binary on one PostgreSQL
// database behind nginx and checks that sessions, the room, uploads and
// jobs work across them, that the directory reads go to the replica pool,
// and that stopping an instance under load (SIGTERM, then SIGKILL on the
// other) loses no acknowledged write while clients carry on through the
// other instance.
func TestCluster(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("the cluster test needs " + dbtest.PostgresEnv + " (a postgres:// URL)")
	}
	nginx, err := findNginx()
	if err != nil {
		t.Skip("the cluster test needs nginx: " + err.Error())
	}
	const jobs = 100
	e := startCluster(t, nginx, jobs)

	t.Run("sessions", e.testSessions)
	t.Run("room", e.testRoom)
	t.Run("uploads", e.testUploads)
	t.Run("replica", e.testReplica)
	t.Run("jobs", func(t *testing.T) { e.testJobs(t, jobs) })
	t.Run("failover", e.testFailover)
	t.Run("audit", e.testAudit)
}

// startCluster builds the binary and starts instance a (which loads the
// demo data into the fresh schema), queues n notices, then starts b and
// nginx.
func startCluster(t *testing.T, nginx string, n int) *env {
	t.Helper()
	dir := t.TempDir()
	began := time.Now()
	e := &env{bin: binary.Path(t), dsn: dbtest.PostgresURL(t), keyFile: filepath.Join(dir, "tiaojie.key")}
	built := time.Now()
	// 60 ms a message: 100 notices take one instance over 6 s, longer
	// than the runners' 5 s poll, so the other instance claims some too.
	e.smtp = startSMTP(t, 60*time.Millisecond)
	// Every flag is given, and the environment is bare, so that no
	// TIAOJIE_* variable of the caller's changes what runs.
	files := filepath.Join(dir, "files")
	e.bare = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TZ=UTC"}
	seed(t, e, files)
	seeded := time.Now()
	ctx := context.Background()
	var err error
	if e.db, err = db.Open(ctx, e.dsn, db.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.db.Close() })
	// Queued before the instances start, the notices are claimed by both
	// runners' first passes.
	enqueueNotices(t, e, n)

	args := []string{"--database", e.dsn, "--database-replica", e.dsn, "--key-file", e.keyFile,
		"--files", files, "--require-mfa=false", "--trusted-proxies", "127.0.0.1",
		"--smtp", e.smtp.URL(), "--log-format", "json", "--log-level", "info"}
	e.a = &instance{name: "a", addr: freeAddr(t), bin: e.bin, log: filepath.Join(dir, "a.log"), args: args, env: e.bare}
	e.b = &instance{name: "b", addr: freeAddr(t), bin: e.bin, log: filepath.Join(dir, "b.log"), args: args, env: e.bare}
	t.Cleanup(func() {
		e.a.stop(t, syscall.SIGKILL)
		e.b.stop(t, syscall.SIGKILL)
	})
	// Both at once, as a deployment starts them: the second to migrate
	// waits for the first's lock and finds nothing to do.
	e.a.launch(t)
	e.b.launch(t)
	e.a.waitReady(t)
	e.b.waitReady(t)
	e.lb, e.nginxDir = freeAddr(t), filepath.Join(dir, "nginx")
	startNginx(t, nginx, cluster.Nginx{Listen: e.lb, Upstreams: []string{e.a.addr, e.b.addr}, Dir: e.nginxDir})
	t.Logf("binary built and schema migrated in %v; demo data loaded in %v; both instances and nginx ready in %v",
		built.Sub(began).Round(100*time.Millisecond), seeded.Sub(built).Round(100*time.Millisecond), time.Since(seeded).Round(100*time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("instance a:\n%s\ninstance b:\n%s\nnginx:\n%s", tail(e.a.log, 15), tail(e.b.log, 15), tail(filepath.Join(e.nginxDir, "error.log"), 15))
		}
	})

	if err := e.db.Reader().QueryRowContext(ctx, `SELECT id FROM cases WHERE status = 'mediating' ORDER BY id LIMIT 1`).Scan(&e.caseID); err != nil {
		t.Fatalf("the demo case in mediation: %v", err)
	}
	e.http = &http.Client{
		Timeout:       20 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	e.cookie = e.login(t, e.a.addr)
	return e
}

// seed loads the demo data with `tiaojie seed`, which also writes the key
// file. Only this load runs with synchronous_commit off (it is a third of
// the test's time on a busy machine, and a lost commit here would only
// fail the test); the instances run with PostgreSQL's durable default.
func seed(t *testing.T, e *env, files string) {
	t.Helper()
	cmd := exec.Command(e.bin, "seed", "--database", e.dsn+"&synchronous_commit=off", "--key-file", e.keyFile,
		"--files", files, "--log-level", "warn")
	cmd.Env = e.bare
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tiaojie seed: %v\n%s", err, out)
	}
}

// login logs the demo mediator in through addr and returns the session.
func (e *env) login(t *testing.T, addr string) string {
	t.Helper()
	resp, err := e.http.PostForm("http://"+addr+"/login", url.Values{"login": {demoMediator}, "password": {demoPassword}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "tiaojie_session" && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("login through %s: %s, no session cookie", addr, resp.Status)
	return ""
}

// do sends a request to addr as the session cookie ("" for none) and
// returns the status and body.
func (e *env) do(method, addr, path, cookie, contentType string, body io.Reader, accept string) (int, []byte, error) {
	req, err := http.NewRequest(method, "http://"+addr+path, body)
	if err != nil {
		return 0, nil, err
	}
	if cookie != "" {
		req.Header.Set("Cookie", "tiaojie_session="+cookie)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func (e *env) casePath() string { return "/cases/" + strconv.FormatInt(e.caseID, 10) }

// post posts a text message to the case's main channel through addr, as
// the page's script does, and returns the message as the server
// acknowledged it.
func (e *env) post(addr, body string) (msg struct {
	ID      int64  `json:"id"`
	FileKey string `json:"file_key"`
}, status int, err error) {
	form := url.Values{"channel": {"main"}, "body": {body}}
	status, b, err := e.do(http.MethodPost, addr, e.casePath()+"/room/messages", e.cookie,
		"application/x-www-form-urlencoded", strings.NewReader(form.Encode()), "application/json")
	if err != nil || status != http.StatusCreated {
		return msg, status, err
	}
	err = json.Unmarshal(b, &msg)
	return msg, status, err
}

// lastMessage is the newest message id of the case's room.
func (e *env) lastMessage(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := e.db.Reader().QueryRow(`SELECT COALESCE(MAX(id), 0) FROM room_messages WHERE case_id = $1`, e.caseID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// testSessions: a session made by logging in on one instance is good on
// the other, and a logout on the other ends it on the first.
func (e *env) testSessions(t *testing.T) {
	if st, _, err := e.do(http.MethodGet, e.b.addr, e.casePath(), e.cookie, "", nil, ""); err != nil || st != http.StatusOK {
		t.Errorf("the case page on b with a session from a: %d %v, want 200", st, err)
	}
	if st, _, err := e.do(http.MethodGet, e.b.addr, e.casePath(), "", "", nil, ""); err != nil || st != http.StatusSeeOther {
		t.Errorf("the case page on b without a session: %d %v, want a redirect to the login", st, err)
	}
	other := e.login(t, e.a.addr)
	if st, _, err := e.do(http.MethodPost, e.b.addr, "/logout", other, "", nil, ""); err != nil || st != http.StatusSeeOther {
		t.Fatalf("logout on b: %d %v", st, err)
	}
	if st, _, err := e.do(http.MethodGet, e.a.addr, e.casePath(), other, "", nil, ""); err != nil || st != http.StatusSeeOther {
		t.Errorf("the case page on a with a session ended on b: %d %v, want a redirect to the login", st, err)
	}
}

// testRoom: a message posted on a reaches a stream held on b, and one
// held through nginx, through PostgreSQL's LISTEN/NOTIFY.
func (e *env) testRoom(t *testing.T) {
	for _, in := range []*instance{e.a, e.b} {
		found := false
		logLines(t, in.log, func(m map[string]any) {
			found = found || (m["msg"] == "starting" && m["engine"] == "postgres")
		})
		if !found {
			t.Fatalf("instance %s did not log that it runs on PostgreSQL (so on the PostgreSQL broker)", in.name)
		}
	}
	// Each instance's broker holds a connection LISTENing on the
	// schema's channel.
	var listeners int
	if err := e.db.Reader().QueryRow(`SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN "tiaojie_room_' || current_schema() || '"'`).Scan(&listeners); err != nil {
		t.Fatal(err)
	}
	if listeners != 2 {
		t.Errorf("%d connections LISTEN on the room's channel, want one per instance", listeners)
	}
	after := e.lastMessage(t)
	onB := openStream("http://"+e.b.addr+e.casePath()+"/room/events", e.cookie, after, false)
	viaLB := openStream("http://"+e.lb+e.casePath()+"/room/events", e.cookie, after, false)
	msg, st, err := e.post(e.a.addr, "cluster: posted on a")
	if err != nil || st != http.StatusCreated {
		t.Fatalf("post on a: %d %v", st, err)
	}
	for name, s := range map[string]*stream{"on b": onB, "through nginx": viaLB} {
		if missing := s.waitFor([]int64{msg.ID}, 20*time.Second); len(missing) > 0 {
			_, lastErr := s.close()
			t.Errorf("the stream %s did not receive message %d posted on a (%s)", name, msg.ID, lastErr)
			continue
		}
		s.close()
	}
}

// testUploads: a file attached on a is downloaded from b and through
// nginx (the instances share the uploads directory).
func (e *env) testUploads(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range 16 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	_ = mw.WriteField("channel", "main")
	_ = mw.WriteField("body", "cluster: a photo posted on a")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="cluster.png"`)
	h.Set("Content-Type", "image/png")
	w, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(pic.Bytes())
	mw.Close()
	st, b, err := e.do(http.MethodPost, e.a.addr, e.casePath()+"/room/messages", e.cookie, mw.FormDataContentType(), &form, "application/json")
	if err != nil || st != http.StatusCreated {
		t.Fatalf("upload on a: %d %v %s", st, err, b)
	}
	var msg struct {
		FileKey string `json:"file_key"`
	}
	if err := json.Unmarshal(b, &msg); err != nil || msg.FileKey == "" {
		t.Fatalf("upload on a: no file key in %s (%v)", b, err)
	}
	for _, addr := range []string{e.b.addr, e.lb} {
		st, got, err := e.do(http.MethodGet, addr, e.casePath()+"/room/files/"+url.PathEscape(msg.FileKey), e.cookie, "", nil, "")
		if err != nil || st != http.StatusOK || !bytes.Equal(got, pic.Bytes()) {
			t.Errorf("download from %s: %d %v, %d bytes (want the %d uploaded)", addr, st, err, len(got), pic.Len())
		}
	}
}

// testReplica: the public directory reads through the replica pool. The
// replica URL names the same database (a streaming replica cannot be set
// up here), so what is proven is the routing: the replica's query
// counter, a metric of each instance, moves with directory searches.
func (e *env) testReplica(t *testing.T) {
	before := e.replicaQueries(t)
	const searches = 6
	for i := range searches {
		// Each search differs (page size), so the public micro-cache
		// answers none of them from memory.
		path := "/directory?limit=" + strconv.Itoa(10+i) + "&q=" + url.QueryEscape("调解")
		if i%2 == 1 {
			path = "/directory/mediators?limit=" + strconv.Itoa(10+i) + "&q=" + url.QueryEscape("王")
		}
		if st, _, err := e.do(http.MethodGet, e.lb, path, "", "", nil, ""); err != nil || st != http.StatusOK {
			t.Fatalf("GET %s through nginx: %d %v", path, st, err)
		}
	}
	if after := e.replicaQueries(t); after-before < searches {
		t.Errorf("replica queries went from %d to %d over %d directory searches; want at least one each", before, after, searches)
	}
}

// replicaQueries sums tiaojie_db_replica_queries_total over the instances.
func (e *env) replicaQueries(t *testing.T) int64 {
	t.Helper()
	var sum int64
	for _, in := range []*instance{e.a, e.b} {
		st, b, err := e.do(http.MethodGet, in.addr, "/metrics", "", "", nil, "")
		if err != nil || st != http.StatusOK {
			t.Fatalf("metrics of %s: %d %v", in.name, st, err)
		}
		found := false
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "tiaojie_db_replica_queries_total "); ok {
				n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					t.Fatalf("metric %q: %v", line, err)
				}
				sum += int64(n)
				found = true
			}
		}
		if !found {
			t.Fatalf("%s has no tiaojie_db_replica_queries_total metric", in.name)
		}
	}
	return sum
}

// enqueueNotices queues n e-mail notices, as the platform's services do,
// for both instances' job runners to deliver. The mailer of the instances
// logs each message instead of sending it, so the logs show who ran what.
func enqueueNotices(t *testing.T, e *env, n int) {
	t.Helper()
	ctx := context.Background()
	m, err := keys.LoadFile(e.keyFile)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	nt, err := notify.New(notify.Deps{Mailer: notify.LogMailer{Log: quiet}, SMS: auth.LogSender{Log: quiet}, Sealer: pii.NewSealer(m), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.InTx(ctx, func(tx *db.Tx) error {
		for i := range n {
			no := notify.Notice{Key: fmt.Sprintf("cluster.test:%d", i), Email: fmt.Sprintf("party%d@example.cn", i),
				Subject: fmt.Sprintf("cluster notice %d", i), Text: "one notice, delivered once"}
			if err := nt.Enqueue(ctx, tx, time.Now(), no); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testJobs: each queued notice is delivered exactly once (counted by the
// mail server), by whichever instance claimed it; both instances took
// part, so the claims really competed; and each job ran on its first
// attempt.
func (e *env) testJobs(t *testing.T, n int) {
	ctx := context.Background()
	deadline := time.Now().Add(45 * time.Second) // the runners poll every 5 s
	var done int
	for {
		if err := e.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM jobs
			WHERE unique_key LIKE 'notify.email:cluster.test:%' AND state = 'done'`).Scan(&done); err != nil {
			t.Fatal(err)
		}
		if done == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if done != n {
		t.Fatalf("%d of %d jobs done", done, n)
	}
	var retried int
	if err := e.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM jobs
		WHERE unique_key LIKE 'notify.email:cluster.test:%' AND attempts <> 1`).Scan(&retried); err != nil {
		t.Fatal(err)
	}
	if retried != 0 {
		t.Errorf("%d jobs took more than one attempt", retried)
	}
	for i := range n {
		if got := e.smtp.count(fmt.Sprintf("cluster notice %d", i)); got != 1 {
			t.Errorf("notice %d reached the mail server %d times, want once", i, got)
		}
	}
	by := map[string]int{}
	for _, in := range []*instance{e.a, e.b} {
		logLines(t, in.log, func(m map[string]any) {
			if key, _ := m["key"].(string); m["msg"] == "notice e-mailed" && strings.HasPrefix(key, "cluster.test:") {
				by[in.name]++
			}
		})
	}
	t.Logf("%d notices delivered once each: %d by a, %d by b", n, by["a"], by["b"])
	if by["a"]+by["b"] != n {
		t.Errorf("the instances logged %d deliveries, want %d", by["a"]+by["b"], n)
	}
	if by["a"] == 0 || by["b"] == 0 {
		t.Errorf("one instance ran every job (a %d, b %d): the claims did not compete", by["a"], by["b"])
	}
}

// killPhase is the phase that begins with SIGKILL of instance a.
const killPhase = 4

// load is what the clients of a load run saw.
type load struct {
	mu         sync.Mutex
	acked      map[int64]string // message id → body, as acknowledged (201)
	writeFails []string
	readFails  []string
	readCuts   []string // answers cut short by the SIGKILL (killPhase)

	phase    atomic.Int32
	reads    [8]atomic.Int64 // successful reads per phase
	writes   [8]atomic.Int64 // acknowledged writes per phase
	attempts atomic.Int64
}

// testFailover runs writers (room posts) and readers (public pages and
// the case page, with the session) through nginx, stops b with SIGTERM
// and restarts it, then kills a with SIGKILL and restarts it. Every write
// acknowledged must be in the database, a stream through nginx must get
// every one of them across both stops, and the clients must carry on.
func (e *env) testFailover(t *testing.T) {
	const writers, readers = 4, 4
	after := e.lastMessage(t)
	sse := openStream("http://"+e.lb+e.casePath()+"/room/events", e.cookie, after, true)
	defer sse.close()

	l := &load{acked: map[int64]string{}}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				l.attempts.Add(1)
				body := fmt.Sprintf("cluster load w%d-%d", w, i)
				msg, st, err := e.post(e.lb, body)
				l.mu.Lock()
				if err == nil && st == http.StatusCreated {
					l.acked[msg.ID] = body
					l.writes[l.phase.Load()].Add(1)
				} else {
					l.writeFails = append(l.writeFails, fmt.Sprintf("phase %d: %d %v", l.phase.Load(), st, err))
				}
				l.mu.Unlock()
			}
		})
	}
	paths := []string{"/", "/directory?q=" + url.QueryEscape("婚姻"), e.casePath()}
	for r := range readers {
		wg.Go(func() {
			for i := r; ctx.Err() == nil; i++ {
				p := paths[i%len(paths)]
				st, _, err := e.do(http.MethodGet, e.lb, p, e.cookie, "", nil, "")
				if err == nil && st == http.StatusOK {
					l.reads[l.phase.Load()].Add(1)
					continue
				}
				l.mu.Lock()
				what := fmt.Sprintf("phase %d: GET %s: %d %v", l.phase.Load(), p, st, err)
				if st == http.StatusOK && err != nil && l.phase.Load() == killPhase {
					// The answer was on its way when its instance was
					// killed: nginx had begun passing it on and can only
					// cut it short. The client reads again, as a user
					// reloads, and goes on through the other instance.
					l.readCuts = append(l.readCuts, what)
				} else {
					l.readFails = append(l.readFails, what)
				}
				l.mu.Unlock()
			}
		})
	}
	// The clients stop however the test ends (a failed restart ends it
	// through t.Fatal); stopping twice is harmless.
	defer func() {
		stop()
		wg.Wait()
	}()
	// The phases. In each one marked, the test waits until the clients
	// have had some writes acknowledged and some reads answered, so that
	// "they carried on" does not hang on how fast a busy machine runs.
	phases := []struct {
		what   string
		assert bool
	}{
		{"both instances", true},
		{"b stopped with SIGTERM (it drains its requests), a alone", true},
		{"b restarting", false},
		{"both instances", true},
		{"a killed with SIGKILL, b alone", true},
		{"a restarting", false},
		{"both instances", true},
	}
	const enough = 10 // killPhase is phases' "a killed with SIGKILL"
	next := func() {
		p := l.phase.Load()
		if phases[p].assert {
			deadline := time.Now().Add(30 * time.Second)
			for (l.writes[p].Load() < enough || l.reads[p].Load() < enough) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
		}
		l.phase.Add(1)
	}
	next() // 0 → 1
	e.b.stop(t, syscall.SIGTERM)
	next() // 1 → 2
	mark := e.accessLogSize(t)
	e.b.start(t)
	// nginx sends b traffic again once its fail_timeout has passed; only
	// then may a go, as an operator restarting instances one by one waits
	// for the balancer to see each one healthy before the next.
	e.waitServed(t, e.b.addr, mark)
	next() // 2 → 3
	next() // 3 → 4
	e.a.stop(t, syscall.SIGKILL)
	next() // 4 → 5
	mark = e.accessLogSize(t)
	e.a.start(t)
	e.waitServed(t, e.a.addr, mark)
	next() // 5 → 6
	next() // 6 → the end
	stop()
	wg.Wait()

	l.mu.Lock()
	defer l.mu.Unlock()
	t.Logf("writes: %d attempted, %d acknowledged, %d failed; reads: %d failed", l.attempts.Load(), len(l.acked), len(l.writeFails), len(l.readFails))
	for p, ph := range phases {
		t.Logf("phase %d, %s: %d writes acknowledged, %d reads", p, ph.what, l.writes[p].Load(), l.reads[p].Load())
		if ph.assert && (l.writes[p].Load() < enough || l.reads[p].Load() < enough) {
			t.Errorf("phase %d, %s: %d writes, %d reads in 30 s: the clients did not carry on", p, ph.what, l.writes[p].Load(), l.reads[p].Load())
		}
	}
	// A write in flight on the killed instance may fail (nginx does not
	// repeat a POST it has sent), but only those: one per writer and stop.
	if len(l.writeFails) > 2*writers {
		t.Errorf("%d writes failed, more than the %d that could be in flight at the two stops: %q", len(l.writeFails), 2*writers, l.writeFails)
	} else if len(l.writeFails) > 0 {
		t.Logf("writes refused while in flight at a stop (not acknowledged): %q", l.writeFails)
	}
	// nginx passes a failed read to the other instance; only an answer
	// already under way when SIGKILL struck can be cut, one per reader.
	if len(l.readCuts) > readers {
		t.Errorf("%d reads cut short, more than the %d that could be under way at the kill: %q", len(l.readCuts), readers, l.readCuts)
	} else if len(l.readCuts) > 0 {
		t.Logf("reads cut short by the kill (read again): %q", l.readCuts)
	}
	if len(l.readFails) > 0 {
		t.Errorf("%d reads failed: %q", len(l.readFails), l.readFails[:min(len(l.readFails), 5)])
	}

	ids := make([]int64, 0, len(l.acked))
	for id := range l.acked {
		ids = append(ids, id)
	}
	stored := map[int64]string{}
	rows, err := e.db.Reader().Query(`SELECT id, body FROM room_messages WHERE case_id = $1 AND id > $2`, e.caseID, after)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			t.Fatal(err)
		}
		stored[id] = body
	}
	rows.Close()
	lost := 0
	for id, body := range l.acked {
		if stored[id] != body {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged message %d (%q) is not in the database (found %q)", id, body, stored[id])
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged writes lost", lost, len(l.acked))
	}
	if missing := sse.waitFor(ids, 30*time.Second); len(missing) > 0 {
		t.Errorf("the stream through nginx missed %d of %d acknowledged messages, e.g. %v", len(missing), len(ids), missing[:min(len(missing), 5)])
	}
	connects, _ := sse.close()
	t.Logf("the stream through nginx received all %d messages over %d connections", len(ids), connects)
	e.logUpstreams(t)
}

// accessLogSize is the length of nginx's access log, a mark to read from.
func (e *env) accessLogSize(t *testing.T) int64 {
	t.Helper()
	fi, err := os.Stat(filepath.Join(e.nginxDir, "access.log"))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// waitServed waits until nginx's access log, after mark, shows a request
// answered by the instance at addr.
func (e *env) waitServed(t *testing.T, addr string, mark int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(filepath.Join(e.nginxDir, "access.log"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b[min(mark, int64(len(b))):]), "\n") {
			if f := strings.Split(line, "|"); len(f) >= 5 && f[0] == "200" && strings.HasSuffix(f[3], addr) {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("nginx sent no request to %s within 30 s of its start", addr)
}

// logUpstreams summarizes nginx's access log: how many requests each
// instance answered, and how many nginx passed on after an instance
// failed.
func (e *env) logUpstreams(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(e.nginxDir, "access.log"))
	if err != nil {
		t.Fatal(err)
	}
	answered := map[string]int{}
	passedOn := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "|")
		if len(f) < 5 {
			continue
		}
		ups := strings.Split(f[3], ", ")
		answered[ups[len(ups)-1]]++
		if len(ups) > 1 {
			passedOn++
		}
	}
	t.Logf("nginx: %d requests answered by a (%s), %d by b (%s), %d passed on to the other instance after a failure",
		answered[e.a.addr], e.a.addr, answered[e.b.addr], e.b.addr, passedOn)
}

// testAudit: the audit chain, written by both instances, verifies.
func (e *env) testAudit(t *testing.T) {
	cmd := exec.Command(e.bin, "audit", "verify", "--database", e.dsn, "--key-file", e.keyFile, "--log-level", "error")
	cmd.Env = e.bare
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit trail verified") {
		t.Errorf("audit verify: %v\n%s", err, out)
	}
}
