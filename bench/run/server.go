package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// serverInfo describes the server under load.
type serverInfo struct {
	Database string
	Seed     time.Duration // loading the demo data (tiaojie seed), when it was loaded
	Startup  time.Duration // from exec to listening
	IdleRSS  int64         // bytes resident a second after listening, before any load
	IdleAnon int64         // of IdleRSS, anonymous memory (heap, stacks)
}

// server is the tiaojie process under load.
type server struct {
	cmd  *exec.Cmd
	pid  int
	url  string
	info serverInfo
	// exited is closed when the process has exited; exitErr is then its
	// exit status.
	exited  chan struct{}
	exitErr error
	log     *os.File
}

// startServer builds tiaojie (unless cfg.Bin names a binary) and starts
// it on cfg.Database, or on a fresh demo district in dir, on a free port.
// It returns once the server says it is listening. Demo data is loaded
// first by `tiaojie seed`, so that the server's start-up and idle memory
// are those of a warm start, not of the loading.
func startServer(ctx context.Context, cfg config, dir string) (*server, error) {
	bin := cfg.Bin
	if bin == "" {
		bin = filepath.Join(dir, "tiaojie")
		fmt.Fprintln(cfg.Log, "building tiaojie …")
		if err := build(ctx, bin); err != nil {
			return nil, err
		}
	}
	database, demo := cfg.Database, cfg.Demo
	if database == "" {
		database = filepath.Join(dir, "demo", "tiaojie.db")
		demo = true
	} else if !strings.Contains(database, "://") {
		if _, err := os.Stat(database); errors.Is(err, os.ErrNotExist) {
			demo = true
		}
	}
	if !strings.Contains(database, "://") {
		if err := os.MkdirAll(filepath.Dir(database), 0o755); err != nil {
			return nil, err
		}
	}
	logPath := cfg.ServerLog
	if logPath == "" {
		logPath = filepath.Join(dir, "server.log")
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	common := []string{"--database", database, "--log-level", "warn"}
	switch {
	case cfg.KeyFile != "":
		common = append(common, "--key-file", cfg.KeyFile)
	case strings.Contains(database, "://") && os.Getenv("TIAOJIE_MASTER_KEY") == "":
		// The server's default for a PostgreSQL URL is tiaojie.key in the
		// working directory, the checkout: keep the benchmark's key out
		// of it, in one place that the next run on that database finds.
		common = append(common, "--key-file", filepath.Join(os.TempDir(), "tiaojie-bench-run.key"))
	}
	var seeded time.Duration
	if demo {
		fmt.Fprintln(cfg.Log, "loading the demo district …")
		began := time.Now()
		seed := exec.CommandContext(ctx, bin, append([]string{"seed"}, common...)...)
		seed.Env, seed.Stdout, seed.Stderr = serverEnv(), logFile, logFile
		if err := seed.Run(); err != nil {
			logFile.Close()
			return nil, fmt.Errorf("tiaojie seed: %w; its log: %s", err, tail(logPath))
		}
		seeded = time.Since(began)
	}
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--trusted-proxies", "127.0.0.1/32",
		"--require-mfa=false", "--bench-static"}, common...)
	args = append(args, cfg.ServerArgs...)
	cmd := exec.Command(bin, args...)
	cmd.Env = serverEnv()
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, pid: cmd.Process.Pid, exited: make(chan struct{}), log: logFile,
		info: serverInfo{Database: database, Seed: seeded}}
	urls := make(chan string, 1)
	go func() { // owned by s: ends when the process closes its stdout
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "tiaojie is listening on "); ok {
				urls <- strings.TrimSpace(u)
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		s.exitErr = cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.url = <-urls:
	case <-s.exited:
		logFile.Close()
		return nil, fmt.Errorf("the server exited before listening (%v); its log: %s", s.exitErr, tail(logPath))
	case <-time.After(5 * time.Minute):
		s.stop(io.Discard)
		return nil, fmt.Errorf("the server did not listen within 5 minutes; its log: %s", tail(logPath))
	case <-ctx.Done():
		s.stop(io.Discard)
		return nil, ctx.Err()
	}
	s.info.Startup = time.Since(started)
	time.Sleep(time.Second) // let the start-up's work settle
	if m, err := readMemory(s.pid); err == nil {
		s.info.IdleRSS, s.info.IdleAnon = m.RSS, m.Anon
	}
	return s, nil
}

// build compiles the server. Plain `go build`, so that the packages
// compiled for `go test` are reused from the build cache.
func build(ctx context.Context, out string) error {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("find the go command: %w", err)
	}
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", out, "tiaojie/cmd/tiaojie")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build tiaojie/cmd/tiaojie: %w\n%s", err, stderr.String())
	}
	return nil
}

// serverEnv is the environment of the server: the caller's, without the
// TIAOJIE_* settings that would change what is measured behind the
// command line's back.
func serverEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TIAOJIE_") && !strings.HasPrefix(kv, "TIAOJIE_MASTER_KEY=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// stop asks the server to shut down (SIGTERM: it finishes what is in
// flight and ends the room's streams) and kills it if it has not within
// 30 seconds.
func (s *server) stop(log io.Writer) {
	defer s.log.Close()
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		if s.exitErr != nil {
			fmt.Fprintf(log, "server exited: %v\n", s.exitErr)
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		fmt.Fprintln(log, "server killed: it did not stop within 30 s")
	}
}

// tail is the end of a log file, for an error message.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// memory is a process's resident memory as /proc/PID/status reports it.
type memory struct {
	RSS  int64 // VmRSS: resident now
	Anon int64 // RssAnon: of RSS, the heap and stacks (the rest is mapped files: the binary, the database)
	Peak int64 // VmHWM: the high-water mark since start or the last reset
}

// readMemory reads VmRSS and VmHWM of pid (Linux only).
func readMemory(pid int) (memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	var m memory
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v) // "12345 kB"
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmRSS":
			m.RSS = n << 10
		case "VmHWM":
			m.Peak = n << 10
		case "RssAnon":
			m.Anon = n << 10
		}
	}
	if m.RSS == 0 {
		return m, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return m, nil
}

// resetPeak resets pid's VmHWM to its current RSS (writing 5 to
// clear_refs, Linux 4.0 and later), so that each scenario reports its own
// peak. It reports whether that worked; if not, peaks are cumulative.
func resetPeak(pid int) bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
}

// mib formats bytes as MiB, "n/a" for unknown.
func mib(n int64) string {
	if n <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}
