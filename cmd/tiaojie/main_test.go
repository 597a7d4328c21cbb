package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tiaojie/internal/db/dbtest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine to write
// while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// startServe runs `tiaojie serve` on a free port and returns its base URL,
// its log, and a stop function that shuts it down and returns run's error.
// startLimit bounds a start-up: with --demo the first start loads the whole
// demo district through the services (on PostgreSQL with fsync on, half a
// minute on a loaded machine); a start that hangs still fails.
const startLimit = 2 * time.Minute

func startServe(t *testing.T, env map[string]string, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenvFrom(env), strings.NewReader(""), pw, logs)
		pw.Close()
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "tiaojie is listening on "); ok {
				urls <- u
			}
		}
		close(urls)
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before listening: %v\n%s", err, logs)
	case <-time.After(startLimit):
		cancel()
		t.Fatalf("serve did not start in %v\n%s", startLimit, logs)
	}
	var once sync.Once
	var serr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case serr = <-done:
			case <-time.After(30 * time.Second):
				t.Errorf("serve did not stop in time")
			}
		})
		return serr
	}
	t.Cleanup(func() { stop() })
	return base, logs, stop
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestServeDemoEndToEnd starts the real serve command on SQLite with demo
// data, as the README's quick start does, and walks the operational
// endpoints and the first login step of the demo admin.
func TestServeDemoEndToEnd(t *testing.T) {
	dir := t.TempDir()
	base, logs, stop := startServe(t, map[string]string{"TIAOJIE_DATABASE": filepath.Join(dir, "demo.db")}, "--demo")
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/": 200, "/login": 200, "/metrics": 200, "/no/such/page": 404, "/static/app.css": 200, "/static/": 404} {
		if resp, _ := get(t, c, base+path); resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	if _, body := get(t, c, base+"/"); !strings.Contains(body, "崇明区调解联盟") {
		t.Error("the home page does not name the alliance")
	}
	if resp, _ := get(t, c, base+"/admin/users"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("anonymous /admin/users: %d %s, want a redirect to login", resp.StatusCode, resp.Header.Get("Location"))
	}

	jar, _ := cookiejar.New(nil)
	c.Jar = jar
	resp, err := c.PostForm(base+"/login", url.Values{"login": {"admin"}, "password": {demoPassword}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/totp" {
		t.Errorf("demo admin login: %d → %q, want the authenticator enrolment", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = c.PostForm(base+"/login", url.Values{"login": {"admin"}, "password": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "账号或密码不正确") {
		t.Errorf("wrong password: %d, want 401 with the localized message", resp.StatusCode)
	}

	if err := stop(); err != nil {
		t.Fatalf("serve returned %v after a clean shutdown", err)
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("no clean stop in the log:\n%s", logs)
	}
	if strings.Contains(logs.String(), demoPassword) {
		t.Error("the log contains a password")
	}
}

// TestServePostgres runs the same start-up on PostgreSQL.
func TestServePostgres(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	keyFile := filepath.Join(t.TempDir(), "tiaojie.key")
	base, _, stop := startServe(t, map[string]string{"TIAOJIE_DATABASE": dsn, "TIAOJIE_KEY_FILE": keyFile,
		"TIAOJIE_FILES": filepath.Join(filepath.Dir(keyFile), "files")}, "--demo")
	resp, body := get(t, http.DefaultClient, base+"/readyz")
	if resp.StatusCode != 200 || !strings.Contains(body, "ready") {
		t.Errorf("readyz on PostgreSQL: %d %q", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestServeRefusesMissingKey: outside demo mode, a missing key file stops
// the start with a message that says what to do.
func TestServeRefusesMissingKey(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"serve", "--database", filepath.Join(dir, "x.db")}, getenvFrom(nil), strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "tiaojie keys generate") {
		t.Fatalf("err = %v, want advice to generate a key", err)
	}
}

// TestCLIMaintenance drives the maintenance commands on one database:
// user add (password from stdin), list, grant, backup, audit verify,
// restore, and version.
func TestCLIMaintenance(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "ops.db")
	keyFile := filepath.Join(dir, "ops.key")
	env := map[string]string{"TIAOJIE_DATABASE": dbPath, "TIAOJIE_KEY_FILE": keyFile}
	cli := func(stdin string, args ...string) (string, error) {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, getenvFrom(env), strings.NewReader(stdin), &out, &errb)
		return out.String() + errb.String(), err
	}
	mustCLI := func(stdin string, args ...string) string {
		t.Helper()
		out, err := cli(stdin, args...)
		if err != nil {
			t.Fatalf("tiaojie %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	mustCLI("", "keys", "generate", "--out", keyFile)
	if _, err := cli("", "keys", "generate", "--out", keyFile); err == nil {
		t.Error("keys generate overwrote an existing key file")
	}
	if st, _ := os.Stat(keyFile); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	mustCLI("", "migrate")
	mustCLI("Str0ng#Passw0rd\n", "user", "add", "--login", "ops-admin", "--name", "运维管理员", "--role", "admin")
	out, err := cli("", "user", "add", "--login", "x", "--name", "短", "--password", "weak")
	if err == nil || !strings.Contains(out+err.Error(), "--login") {
		t.Errorf("a bad user add: %v %s", err, out)
	}
	mustCLI("", "user", "grant", "--login", "ops-admin", "--role", "township_office", "--township", "310151102")
	if out := mustCLI("", "user", "list"); !strings.Contains(out, "ops-admin") || !strings.Contains(out, "township_office") {
		t.Errorf("user list:\n%s", out)
	}
	if _, err := cli("", "user", "grant", "--login", "ops-admin", "--role", "auditor"); err == nil {
		t.Error("admin and auditor were combined")
	}
	backup := filepath.Join(dir, "b.db")
	if out := mustCLI("", "backup", "--out", backup); !strings.Contains(out, "integrity check ok") {
		t.Errorf("backup: %s", out)
	}
	verify := mustCLI("", "audit", "verify")
	if !strings.Contains(verify, "audit trail verified") {
		t.Errorf("audit verify: %s", verify)
	}
	mustCLI("Other#Passw0rd2\n", "user", "add", "--login", "later", "--name", "后来者")
	if _, err := cli("", "restore", "--from", backup); err == nil {
		t.Error("restore replaced a database without --force")
	}
	if out := mustCLI("", "restore", "--from", backup, "--force"); !strings.Contains(out, "audit trail verified") {
		t.Errorf("restore: %s", out)
	}
	if out := mustCLI("", "user", "list"); strings.Contains(out, "later") || !strings.Contains(out, "ops-admin") {
		t.Errorf("after restore the accounts are not the backup's:\n%s", out)
	}
	if out := mustCLI("", "version"); !strings.HasPrefix(out, "tiaojie ") {
		t.Errorf("version: %q", out)
	}
	if _, err := cli("", "nonsense"); err == nil {
		t.Error("an unknown command succeeded")
	}
}

// TestSeedRefusesNonEmptyDatabase: demo accounts with a published password
// never go into a database that has real accounts.
func TestSeedRefusesNonEmptyDatabase(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TIAOJIE_DATABASE": filepath.Join(dir, "prod.db"), "TIAOJIE_KEY_FILE": filepath.Join(dir, "k")}
	var out bytes.Buffer
	cli := func(stdin string, args ...string) error {
		return run(context.Background(), args, getenvFrom(env), strings.NewReader(stdin), &out, &out)
	}
	if err := cli("", "keys", "generate", "--out", env["TIAOJIE_KEY_FILE"]); err != nil {
		t.Fatal(err)
	}
	if err := cli("Str0ng#Passw0rd\n", "user", "add", "--login", "real-admin", "--name", "管理员", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if err := cli("", "seed"); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("seed on a production database: %v", err)
	}
}
