package cluster_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"tiaojie/bench/cluster"
)

// startLimit bounds an instance's start (1–3 s), and the demo data's load
// (12 s on a quiet 2-core machine, 30 s on a busy one); one that hangs
// still fails.
const startLimit = 2 * time.Minute

// freeAddr returns a loopback address with a port free right now. The
// instances keep their port across restarts, since nginx's configuration
// names them.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// instance is one `tiaojie serve` process, restartable on the same
// address. Its output, JSON logs, goes to one file across restarts.
type instance struct {
	name, addr, bin, log string
	args                 []string
	env                  []string

	cmd  *exec.Cmd
	done chan struct{} // closed when the current process has exited
}

// start starts the process and waits until /readyz answers 200.
func (in *instance) start(t *testing.T) {
	t.Helper()
	in.launch(t)
	in.waitReady(t)
}

// launch starts the process.
func (in *instance) launch(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(in.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(in.bin, append([]string{"serve", "--addr", in.addr}, in.args...)...)
	cmd.Stdout, cmd.Stderr, cmd.Env = f, f, in.env
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("start %s: %v", in.name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait() // the exit status is the test's to judge from the log
		f.Close()
		close(done)
	}()
	in.cmd, in.done = cmd, done
}

// waitReady waits until the instance's /readyz answers 200.
func (in *instance) waitReady(t *testing.T) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(startLimit)
	for {
		resp, err := c.Get("http://" + in.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-in.done:
			t.Fatalf("%s exited before it was ready:\n%s", in.name, tail(in.log, 30))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready in %v:\n%s", in.name, startLimit, tail(in.log, 30))
		}
	}
}

// stop sends sig and waits for the process to exit (killing it after
// 30 s, as a supervisor would).
func (in *instance) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if in.cmd == nil {
		return
	}
	select {
	case <-in.done:
		return
	default:
	}
	if err := in.cmd.Process.Signal(sig); err != nil {
		t.Errorf("signal %s: %v", in.name, err)
	}
	select {
	case <-in.done:
	case <-time.After(30 * time.Second):
		t.Errorf("%s did not stop within 30 s of %v; killing it", in.name, sig)
		_ = in.cmd.Process.Kill()
		<-in.done
	}
}

// running reports whether the current process is alive.
func (in *instance) running() bool {
	if in.done == nil {
		return false
	}
	select {
	case <-in.done:
		return false
	default:
		return true
	}
}

// startNginx runs nginx in the foreground with cfg's configuration and
// waits until it answers through to an instance.
func startNginx(t *testing.T, bin string, cfg cluster.Nginx) {
	t.Helper()
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if u, err := user.Current(); err == nil {
			cfg.User = u.Username
		}
	}
	conf := filepath.Join(cfg.Dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(cfg.Config()), 0o644); err != nil {
		t.Fatal(err)
	}
	// -e: the error log before the configuration is read, which would
	// otherwise be /var/log/nginx/error.log.
	cmd := exec.Command(bin, "-c", conf, "-p", cfg.Dir, "-e", filepath.Join(cfg.Dir, "error.log"))
	out, err := os.Create(filepath.Join(cfg.Dir, "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group: if the master dies without stopping its
	// worker, the cleanup ends the worker too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		out.Close()
		t.Fatalf("start nginx: %v", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		out.Close()
		close(done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT) // graceful: workers finish, then exit
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	c := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		resp, err := c.Get("http://" + cfg.Listen + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-done:
			t.Fatalf("nginx exited:\n%s\n%s", tail(filepath.Join(cfg.Dir, "stderr.log"), 20), tail(filepath.Join(cfg.Dir, "error.log"), 20))
		case <-time.After(100 * time.Millisecond):
		}
		if i > 200 {
			t.Fatalf("nginx does not answer on %s:\n%s", cfg.Listen, tail(filepath.Join(cfg.Dir, "error.log"), 20))
		}
	}
}

// findNginx returns Debian's nginx, which is in /usr/sbin (not on every
// user's PATH).
func findNginx() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	const sbin = "/usr/sbin/nginx"
	if _, err := os.Stat(sbin); err != nil {
		return "", errors.New("nginx is not installed (apt-get install nginx)")
	}
	return sbin, nil
}

// tail returns the last n lines of a file, for failure messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// logLines calls fn with each JSON log line of an instance's log file.
func logLines(t *testing.T, path string, fn func(map[string]any)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			fn(m)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// stream is a client of a room's event stream that reconnects as a
// browser's EventSource does (sending Last-Event-ID), and records every
// message id it receives.
type stream struct {
	mu         sync.Mutex
	seen       map[int64]bool
	last       int64
	connects   int
	lastErr    string
	cancel     context.CancelFunc
	done       chan struct{}
	url        string
	cookie     string
	reconnects bool
}

// openStream starts reading url (the room's events) after message id
// after, as the session cookie. With reconnect it reconnects whenever the
// stream ends, until close.
func openStream(url, cookie string, after int64, reconnect bool) *stream {
	ctx, cancel := context.WithCancel(context.Background())
	s := &stream{seen: map[int64]bool{}, last: after, cancel: cancel, done: make(chan struct{}), url: url, cookie: cookie, reconnects: reconnect}
	go s.run(ctx)
	return s
}

func (s *stream) run(ctx context.Context) {
	defer close(s.done)
	c := &http.Client{} // no timeout: a stream lasts
	for {
		err := s.read(ctx, c)
		if ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		if err != nil {
			s.lastErr = err.Error()
		}
		s.mu.Unlock()
		if !s.reconnects {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func (s *stream) read(ctx context.Context, c *http.Client) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	req.Header.Set("Last-Event-ID", strconv.FormatInt(s.last, 10))
	s.connects++
	s.mu.Unlock()
	req.Header.Set("Cookie", "tiaojie_session="+s.cookie)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("stream: %s", resp.Status)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	id := int64(-1)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			id, _ = strconv.ParseInt(strings.TrimPrefix(line, "id: "), 10, 64)
		case line == "" && id >= 0:
			s.mu.Lock()
			s.seen[id] = true
			s.last = max(s.last, id)
			s.mu.Unlock()
			id = -1
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.EOF
}

// waitFor waits until every id has been received, and returns the ones
// still missing after the timeout.
func (s *stream) waitFor(ids []int64, timeout time.Duration) []int64 {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		var missing []int64
		for _, id := range ids {
			if !s.seen[id] {
				missing = append(missing, id)
			}
		}
		s.mu.Unlock()
		if len(missing) == 0 || time.Now().After(deadline) {
			return missing
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// close stops the stream and waits for its goroutine.
func (s *stream) close() (connects int, lastErr string) {
	s.cancel()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects, s.lastErr
}

// smtpSink is a mail server that takes every message, slowly, and counts
// them by subject: the receiving end of the notices, where "delivered
// once" is decided. Each message takes delay, so that a batch of jobs
// outlasts the runners' poll period and both instances take part.
type smtpSink struct {
	l     net.Listener
	delay time.Duration
	wg    sync.WaitGroup

	mu       sync.Mutex
	subjects map[string]int
}

// startSMTP listens on a loopback port. The cleanup, registered before the
// instances start, runs after they are stopped.
func startSMTP(t *testing.T, delay time.Duration) *smtpSink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{l: l, delay: delay, subjects: map[string]int{}}
	s.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.serve(c) })
		}
	})
	t.Cleanup(func() {
		l.Close()
		s.wg.Wait()
	})
	return s
}

// URL is the --smtp setting that sends to the sink.
func (s *smtpSink) URL() string {
	return "smtp://" + s.l.Addr().String() + "?from=noreply@example.cn&tls=none&timeout=10s"
}

// count returns how many messages with the subject were received.
func (s *smtpSink) count(subject string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subjects[subject]
}

// serve speaks the little SMTP a client needs to hand over a message.
func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(c)
	reply := func(line string) bool {
		_, err := io.WriteString(c, line+"\r\n")
		return err == nil
	}
	if !reply("220 sink ESMTP") {
		return
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		switch verb {
		case "EHLO", "HELO":
			reply("250 sink")
		case "DATA":
			reply("354 go ahead")
			subject := ""
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				l = strings.TrimRight(l, "\r\n")
				if l == "." {
					break
				}
				if v, ok := strings.CutPrefix(l, "Subject: "); ok && subject == "" {
					subject = v
				}
			}
			time.Sleep(s.delay)
			s.mu.Lock()
			s.subjects[subject]++
			s.mu.Unlock()
			reply("250 accepted")
		case "QUIT":
			reply("221 bye")
			return
		default: // MAIL, RCPT, RSET, NOOP
			reply("250 ok")
		}
	}
}
