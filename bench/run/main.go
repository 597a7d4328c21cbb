// Command run is the platform's load benchmark. It builds tiaojie, starts
// the real binary on a dataset (a fresh demo district unless -database
// names one), drives each scenario with a fixed number of connections for
// a fixed time and prints a table: requests a second, p50, p99, errors,
// the server's peak memory, and each scenario's throughput as a share of a
// static response of the same size served by the same binary in the same
// run. The machines this runs on are shared and noisy; only the ratios
// hold from one run to the next.
//
//	go run ./bench/run                                  # demo district, 64 connections, 10 s a scenario
//	go run ./bench/run -database /tmp/city/tiaojie.db -c 64 -d 10s
//	go run ./bench/run -scenario search-api,org-page -d 5s
//
// The server runs with --bench-static (the baseline, GET /_bench/static),
// --trusted-proxies 127.0.0.1/32 (every request carries a random
// X-Forwarded-For, so the public operations' per-address rate limit does
// not turn the load into 429s), --require-mfa=false (the staff scenarios
// log in with the demo accounts' password, without an authenticator) and
// --log-level warn. See docs/PERFORMANCE.md, "The load benchmark".
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	cfg := config{Out: os.Stdout, Log: os.Stderr}
	flag.StringVar(&cfg.Database, "database", "", "SQLite file or postgres:// URL to serve; empty: a fresh demo district in a temporary directory")
	flag.StringVar(&cfg.KeyFile, "key-file", "", "master key file passed to the server (default: tiaojie.key beside the SQLite file; for a postgres:// URL, tiaojie-bench-run.key in the temporary directory)")
	flag.BoolVar(&cfg.Demo, "demo", false, "load the demo district first with tiaojie seed (implied when -database is empty or does not exist yet)")
	flag.StringVar(&cfg.Bin, "bin", "", "a tiaojie binary to run; empty: build ./cmd/tiaojie into a temporary directory")
	flag.IntVar(&cfg.Conns, "c", 64, "connections (concurrent clients) of each scenario")
	flag.DurationVar(&cfg.Duration, "d", 10*time.Second, "how long each scenario runs")
	scen := flag.String("scenario", "", "comma-separated scenarios to run (default all): "+strings.Join(scenarioNames(), ","))
	flag.StringVar(&cfg.Password, "password", "Demo#2026cm", "password of the demo accounts (cmd/tiaojie/seed.go)")
	flag.IntVar(&cfg.RoomClients, "room-clients", 0, "room scenario: connected SSE clients (default -c)")
	flag.IntVar(&cfg.RoomPosters, "room-posters", 0, "room scenario: clients posting (default -c/16, at least 1)")
	flag.Float64Var(&cfg.RoomRate, "room-rate", 0, "room scenario: messages a second over all posters; 0: as fast as they are answered")
	flag.StringVar(&cfg.ServerLog, "server-log", "", "file for the server's log (default: server.log in the temporary directory, removed at the end)")
	serverArgs := flag.String("server-args", "", "more flags for tiaojie serve, space-separated, e.g. --public-cache=0 to measure without the public micro-cache")
	flag.Parse()
	cfg.ServerArgs = strings.Fields(*serverArgs)
	if *scen != "" {
		cfg.Scenarios = strings.Split(*scen, ",")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench/run:", err)
		os.Exit(1)
	}
}

// config is one benchmark run.
type config struct {
	Database  string
	KeyFile   string
	Demo      bool
	Bin       string
	Conns     int
	Duration  time.Duration
	Scenarios []string // empty: all
	Password  string
	// The room scenario: SSE clients, posting clients and their rate.
	RoomClients int
	RoomPosters int
	RoomRate    float64
	ServerLog   string
	ServerArgs  []string  // more flags for tiaojie serve
	Out         io.Writer // the table
	Log         io.Writer // progress
}

// report is what a run measured.
type report struct {
	Server  serverInfo
	Static  int // bytes of the baseline's response: the mean search response
	Results []result
}

// run builds and starts the server, prepares the scenarios, runs them one
// after the other between two runs of the static baseline, and prints the
// table.
func run(ctx context.Context, cfg config) (*report, error) {
	todo, err := selectScenarios(cfg.Scenarios)
	if err != nil {
		return nil, err
	}
	if cfg.Conns < 1 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("-c must be at least 1 and -d positive")
	}
	tmp, err := os.MkdirTemp("", "tiaojie-bench-run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	srv, err := startServer(ctx, cfg, tmp)
	if err != nil {
		return nil, err
	}
	defer srv.stop(cfg.Log)
	fmt.Fprintf(cfg.Log, "server ready at %s (pid %d, start-up %s, idle RSS %s; log in %s)\n",
		srv.url, srv.pid, srv.info.Startup.Round(time.Millisecond), mib(srv.info.IdleRSS), srv.log.Name())

	b := newBench(srv, cfg)
	defer b.close()
	rep := &report{Server: srv.info}
	if rep.Static, err = b.searchSize(ctx); err != nil {
		return nil, fmt.Errorf("measure the search response: %w", err)
	}
	static := staticScenario(rep.Static)
	began := time.Now()
	runOne := func(s scenario) error {
		fmt.Fprintf(cfg.Log, "%6.1fs %-15s %d connections, %s …\n", time.Since(began).Seconds(), s.name, cfg.Conns, cfg.Duration)
		r, err := b.run(ctx, s)
		if err != nil {
			return fmt.Errorf("scenario %s: %w", s.name, err)
		}
		if r.Failed != "" {
			fmt.Fprintf(cfg.Log, "        %s failed: %s\n", s.name, r.Failed)
		}
		rep.Results = append(rep.Results, r)
		return ctx.Err()
	}
	if err := runOne(static); err != nil {
		return nil, err
	}
	for _, s := range todo {
		if err := runOne(s); err != nil {
			return nil, err
		}
	}
	static.name = "static (again)"
	if err := runOne(static); err != nil {
		return nil, err
	}
	printTable(cfg.Out, cfg, rep)
	return rep, nil
}
