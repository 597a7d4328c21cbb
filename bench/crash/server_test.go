package crash

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for creating and dropping the test database
)

// startTimeout bounds how long a server may take to listen: generous,
// because the machine running the suite is shared and a restart after a
// crash may first recover the SQLite WAL.
const startTimeout = 60 * time.Second

// childEnv is the environment of the binary: the test's own, without any
// TIAOJIE_* variable, so that only the flags given here configure it (a
// developer's TIAOJIE_DATABASE or TIAOJIE_MASTER_KEY must not leak in).
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TIAOJIE_") {
			env = append(env, kv)
		}
	}
	return env
}

// installation is one platform under test: the binary, its database, its
// key file and its upload directory.
type installation struct {
	bin     string
	dsn     string // a SQLite file path or a postgres:// URL
	keyFile string
	files   string
}

// newInstallation generates a master key in dir and creates the district
// bureau account whose desk files the cases (the first command to touch
// the database, so it also applies the migrations).
func newInstallation(t *testing.T, bin, dsn, dir string) *installation {
	t.Helper()
	in := &installation{bin: bin, dsn: dsn, keyFile: filepath.Join(dir, "tiaojie.key"), files: filepath.Join(dir, "files")}
	if _, err := in.run(t.Context(), "keys", "generate", "--out", in.keyFile); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"user", "add"}, in.common()...)
	args = append(args, "--login", deskLogin, "--name", "压测窗口", "--role", "district_bureau", "--password", deskPassword)
	if _, err := in.run(t.Context(), args...); err != nil {
		t.Fatal(err)
	}
	return in
}

// The desk account. The password passes the platform's policy.
const (
	deskLogin    = "desk-writer"
	deskPassword = "Durable-commits-2026!"
)

// common are the flags every command that opens the database takes.
func (in *installation) common() []string {
	return []string{"--database", in.dsn, "--key-file", in.keyFile, "--files", in.files, "--log-level", "warn"}
}

// run runs a command of the binary to its end and returns its output.
func (in *installation) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, in.bin, args...)
	cmd.Env = childEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tiaojie %s: %w\n%s", args[0], err, out)
	}
	return string(out), nil
}

// server is a running `tiaojie serve`.
type server struct {
	url    string
	cmd    *exec.Cmd
	log    *tail // its standard error (warnings and errors)
	exited chan struct{}
	killed atomic.Bool // set just before the test sends SIGKILL
}

// start runs `tiaojie serve` on a free port and waits until it listens.
func (in *installation) start(t *testing.T) *server {
	t.Helper()
	s, listening := in.spawn(t)
	select {
	case s.url = <-listening:
		return s
	case <-s.exited:
		t.Fatalf("tiaojie serve exited before listening: %v\n%s", s.cmd.ProcessState, s.log)
	case <-time.After(startTimeout):
		s.kill()
		t.Fatalf("tiaojie serve did not listen within %s\n%s", startTimeout, s.log)
	}
	return nil
}

// crashStart starts the server and kills it after delay, wherever it is
// then: opening the database (and recovering SQLite's WAL), checking the
// schema, running the first due jobs, or listening idle. A server that
// exits by itself meanwhile (refusing a database a crash left) is an
// error.
func (in *installation) crashStart(t *testing.T, delay time.Duration) error {
	t.Helper()
	s, _ := in.spawn(t)
	select {
	case <-time.After(delay):
	case <-s.exited:
	}
	if s.exitedEarly() {
		return fmt.Errorf("tiaojie serve exited by itself %v after a crash: %v\n%s", delay, s.cmd.ProcessState, s.log)
	}
	s.kill()
	return nil
}

// spawn starts `tiaojie serve` on a free port. Staff need no second
// factor here: the desk logs in with its password. The channel receives
// the server's URL once it listens.
func (in *installation) spawn(t *testing.T) (*server, <-chan string) {
	t.Helper()
	args := append([]string{"serve"}, in.common()...)
	args = append(args, "--addr", "127.0.0.1:0", "--require-mfa=false")
	cmd := exec.Command(in.bin, args...)
	cmd.Env = childEnv()
	w := &listenWatcher{found: make(chan string, 1)}
	s := &server{cmd: cmd, log: &tail{max: 64 << 10}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = w, s.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start tiaojie serve: %v", err)
	}
	go func() { // owned by the process: ends when it exits
		_ = cmd.Wait() // a killed server's error; its state is in cmd.ProcessState
		close(s.exited)
	}()
	t.Cleanup(s.kill)
	return s, w.found
}

// kill sends SIGKILL, unless the process has ended, and waits for it to be
// gone: no deferred function, no shutdown hook, no flush runs.
func (s *server) kill() {
	s.killed.Store(true)
	select {
	case <-s.exited:
		return
	default:
	}
	// An error means the process has just ended by itself; either way,
	// wait for it.
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// exitedEarly reports whether the process ended before the test killed it.
func (s *server) exitedEarly() bool {
	select {
	case <-s.exited:
		return !s.killed.Load()
	default:
		return false
	}
}

// listenWatcher reads the server's standard output for the line that
// names the address it listens on.
type listenWatcher struct {
	mu    sync.Mutex
	buf   []byte
	found chan string
	done  bool
}

const listeningPrefix = "tiaojie is listening on "

func (w *listenWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.buf[:i])
		w.buf = w.buf[i+1:]
		if u, ok := strings.CutPrefix(line, listeningPrefix); ok {
			w.found <- strings.TrimSpace(u)
			w.done, w.buf = true, nil
			return len(p), nil
		}
	}
}

// tail keeps the last max bytes written to it: a server's log, shown when
// a check fails.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = t.buf[over:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// createDatabase creates a PostgreSQL database with a random name on the
// server of base and drops it when the test ends. A database of its own,
// not a schema, because the server under test is a separate process that
// is killed in the middle of its transactions.
func createDatabase(t *testing.T, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "tiaojie_crash_" + hex.EncodeToString(b)
	// The same encoding and locale as the database named (CI creates it
	// UTF8, C.UTF-8): the filings are Chinese.
	var enc, collate, ctype string
	err = admin.QueryRowContext(t.Context(), `
		SELECT pg_encoding_to_char(encoding), datcollate, datctype
		FROM pg_database WHERE datname = current_database()`).Scan(&enc, &collate, &ctype)
	if err != nil {
		admin.Close()
		t.Fatalf("read the encoding of %s: %v", base, err)
	}
	create := fmt.Sprintf("CREATE DATABASE %s TEMPLATE template0 ENCODING '%s' LC_COLLATE '%s' LC_CTYPE '%s'", name, enc, collate, ctype)
	if _, err := admin.ExecContext(t.Context(), create); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		// FORCE ends the connections a killed server may have left for
		// PostgreSQL to notice.
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse the PostgreSQL URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
