package crash

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie/bench/binary"
	"tiaojie/internal/db/dbtest"
)

// The environment that asks for the long version, and replays a run.
const (
	// roundsEnv sets the kill rounds per engine; the suite runs
	// shortRounds. TIAOJIE_CRASH_ROUNDS=100 is the long version.
	roundsEnv = "TIAOJIE_CRASH_ROUNDS"
	// seedEnv replays a run: the same kill delays and the same filings
	// (the moment a kill lands in the server's work still varies).
	seedEnv = "TIAOJIE_CRASH_SEED"
)

const (
	shortRounds = 3
	writers     = 4
	// maxKillDelay bounds the random moment of a kill, counted from the
	// start of the round's writes: from "before the first write is
	// answered" to well into a steady load.
	maxKillDelay = 1500 * time.Millisecond
	// One round in startCrashOdds also kills the restarting server within
	// maxStartKill of its start: a crash while recovering from a crash.
	startCrashOdds = 4
	maxStartKill   = 400 * time.Millisecond
)

// TestNoWriteLost kills the server with SIGKILL at random moments under a
// write load, on SQLite and on PostgreSQL; now and then it kills the
// restarting server again before it is up. After each kill: SQLite's
// integrity and foreign-key checks pass on the file as the crash left it;
// `tiaojie audit verify` finds the hash chain intact; every case in the
// database is one that was sent and has every row of its filing (nothing
// half-written); every acknowledged case, from this round or any before,
// is there under its id and number (nothing lost); and once the server is
// up again, every case new since the last round reads back through the
// API exactly as it was sent.
func TestNoWriteLost(t *testing.T) {
	rounds, seed := config(t)
	t.Logf("seed %d, %d rounds per engine; replay with %s=%d %s=%d", seed, rounds, seedEnv, seed, roundsEnv, rounds)
	bin := binary.Path(t)
	// The engines run side by side: most of a round is spent waiting
	// (for a server to start, for commits to reach the disk).
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		crashLoop(t, newInstallation(t, bin, filepath.Join(dir, "tiaojie.db"), dir), rounds, seed, 1)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		base := os.Getenv(dbtest.PostgresEnv)
		if base == "" {
			t.Skip("the PostgreSQL crash test needs " + dbtest.PostgresEnv + " (a postgres:// URL)")
		}
		crashLoop(t, newInstallation(t, bin, createDatabase(t, base), t.TempDir()), rounds, seed, 2)
	})
}

// config reads the rounds and the seed; a new seed unless one is given.
func config(t *testing.T) (int, uint64) {
	t.Helper()
	rounds := shortRounds
	if v := os.Getenv(roundsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a number of rounds", roundsEnv, v)
		}
		rounds = n
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(seedEnv); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want an unsigned number", seedEnv, v)
		}
		seed = n
	}
	return rounds, seed
}

// crashLoop runs the rounds on one installation: load, kill, check the
// database, restart, read back.
func crashLoop(t *testing.T, in *installation, rounds int, seed, engine uint64) {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(seed, engine))
	led := newLedger()
	cl := newClient(writers)
	srv := in.start(t)
	if err := cl.login(ctx, srv.url); err != nil {
		t.Fatalf("%v\n%s", err, srv.log)
	}
	codes, err := cl.codes(ctx, srv.url)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	readBack := make(map[string]bool) // titles of the cases already read through the API
	var rep storeReport
	startKills := 0
	for round := 1; round <= rounds; round++ {
		delay := time.Duration(rng.Int64N(int64(maxKillDelay)))
		l := &load{srv: srv, client: cl, codes: codes, ledger: led, round: round, writers: writers, seed: rng.Uint64()}
		l.run(ctx, delay)
		problems := led.failures()
		if srv.exitedEarly() {
			problems = append(problems, "the server exited before it was killed")
		}
		killed, again := srv, ""
		if rng.IntN(startCrashOdds) == 0 {
			d := time.Duration(rng.Int64N(int64(maxStartKill)))
			if err := in.crashStart(t, d); err != nil {
				problems = append(problems, err.Error())
			}
			again = fmt.Sprintf(", and again %v into the restart", d.Round(time.Millisecond))
			startKills++
		}
		rep = in.checkStore(ctx, led)
		problems = append(problems, rep.problems...)
		srv = in.start(t)
		for title, c := range rep.cases {
			if app := led.application(title); app != nil && !readBack[title] {
				readBack[title] = true
				problems = append(problems, cl.checkCase(ctx, srv.url, c.id, app)...)
			}
		}
		t.Logf("round %d: killed after %v%s; %d acknowledged, %d of %d in all present; %d committed but never answered; %d audit rows verified",
			round, delay.Round(time.Millisecond), again, len(led.acksOf(round)), rep.acknowledged, len(led.acksOf(0)), rep.unacked, rep.auditRows)
		if len(problems) > 0 {
			t.Fatalf("seed %d (replay: %s=%d), round %d, killed after %v%s:\n%s\n--- log of the killed server ---\n%s",
				seed, seedEnv, seed, round, delay, again, strings.Join(problems, "\n"), killed.log)
		}
	}
	srv.kill()
	t.Logf("%d kills under load and %d during restarts in %v: %d writes acknowledged, none lost, none half-written; %d committed but never answered; %d cases and %d audit rows at the end",
		rounds, startKills, time.Since(started).Round(time.Second), rep.acknowledged, rep.unacked, len(rep.cases), rep.auditRows)
}
