package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// baseline is the static throughput the ratios divide by: the mean of the
// static runs (before and after the scenarios), so that a machine that
// got busier or quieter during the run shows as two different static
// rows rather than as a skewed ratio.
func baseline(rs []result) float64 {
	var sum float64
	n := 0
	for _, r := range rs {
		if strings.HasPrefix(r.Name, "static") && r.Failed == "" {
			sum += r.RPS()
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// printTable writes the run's table (Markdown, to paste into
// docs/PERFORMANCE.md) and the notes that say what each row measured.
func printTable(w io.Writer, cfg config, rep *report) {
	base := baseline(rep.Results)
	db := rep.Server.Database
	if cfg.Database == "" {
		db = "a fresh demo district"
	}
	fmt.Fprintf(w, "\ntiaojie load benchmark, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "database %s · %d connections · %s a scenario · %s, %d CPUs · load average %s\n",
		db, cfg.Conns, cfg.Duration, runtime.Version(), runtime.NumCPU(), loadAverage())
	seed := ""
	if rep.Server.Seed > 0 {
		seed = fmt.Sprintf(" (after loading the demo data in %s)", rep.Server.Seed.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "server start-up %s%s · idle RSS %s (%s anonymous) · static response %d bytes (the mean answer of the search mix)\n\n",
		rep.Server.Startup.Round(time.Millisecond), seed, mib(rep.Server.IdleRSS), mib(rep.Server.IdleAnon), rep.Static)
	fmt.Fprintln(w, "| scenario | req/s | × static | p50 | p99 | errors | peak RSS |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	cumulative := false
	for _, r := range rep.Results {
		if r.Failed != "" {
			fmt.Fprintf(w, "| %s | failed | | | | | |\n", r.Name)
			continue
		}
		ratio := "n/a"
		if base > 0 {
			ratio = fmt.Sprintf("%.2f", r.RPS()/base)
		}
		peak := mib(r.Peak)
		if !r.PeakOK {
			peak += "*"
			cumulative = true
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d | %s |\n", r.Name, rate(r.RPS()), ratio, ms(r.Pct(0.50)), ms(r.Pct(0.99)), r.Errors, peak)
	}
	fmt.Fprintf(w, "\n× static: req/s over %s req/s, the mean of the two static runs. Peak RSS: the server's VmHWM during the scenario.\n", rate(base))
	if cumulative {
		fmt.Fprintln(w, "* the high-water mark could not be reset (/proc/PID/clear_refs): since start-up, not this scenario's own.")
	}
	fmt.Fprintln(w, "\nWhat one request is:")
	for _, r := range rep.Results {
		if r.Name == "static (again)" {
			continue
		}
		fmt.Fprintf(w, "  %-15s %s\n", r.Name, r.What)
		if r.Name == "room" {
			fmt.Fprintf(w, "  %-15s %s\n", "", roomNote(cfg, r))
		}
		if len(r.ByPath) > 1 {
			for _, p := range slices.Sorted(maps.Keys(r.ByPath)) {
				lat := r.ByPath[p]
				fmt.Fprintf(w, "  %-15s   %s: %d answered, p50 %s, p99 %s\n", "", p, len(lat), ms(pct(lat, 0.50)), ms(pct(lat, 0.99)))
			}
		}
	}
	printFailures(w, rep.Results)
}

// roomNote says what the room row's figures are.
func roomNote(cfg config, r result) string {
	clients, posters := cfg.RoomClients, cfg.RoomPosters
	if clients <= 0 {
		clients = cfg.Conns
	}
	if posters <= 0 {
		posters = max(1, cfg.Conns/16)
	}
	pace := "as fast as answered"
	if cfg.RoomRate > 0 {
		pace = fmt.Sprintf("paced at %.0f/s", cfg.RoomRate)
	}
	return fmt.Sprintf("(%d SSE clients, %s %s; req/s are posts a second, p50/p99 of %d deliveries)",
		clients, plural(posters, "posting client"), pace, len(r.Lat))
}

// printFailures lists what went wrong, most frequent first.
func printFailures(w io.Writer, rs []result) {
	header := false
	for _, r := range rs {
		if len(r.Failures) == 0 && r.Failed == "" {
			continue
		}
		if !header {
			fmt.Fprintln(w, "\nErrors:")
			header = true
		}
		if r.Failed != "" {
			fmt.Fprintf(w, "  %-15s could not run: %s\n", r.Name, r.Failed)
			continue
		}
		keys := slices.SortedFunc(maps.Keys(r.Failures), func(a, b string) int { return r.Failures[b] - r.Failures[a] })
		for i, k := range keys {
			if i == 5 {
				fmt.Fprintf(w, "  %-15s … %d more kinds\n", r.Name, len(keys)-5)
				break
			}
			fmt.Fprintf(w, "  %-15s %d × %s\n", r.Name, r.Failures[k], k)
		}
	}
}

// ms formats a latency in milliseconds with about three digits.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case d == 0:
		return "–"
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	case v < 10_000:
		return fmt.Sprintf("%.0f ms", v)
	}
	return fmt.Sprintf("%.1f s", v/1000)
}

// rate formats requests a second.
func rate(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// loadAverage is the machine's 1-, 5- and 15-minute load average, for
// reading the figures of a shared machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "n/a"
	}
	return strings.Join(f[:3], " ")
}

// plural is "1 thing" or "n things".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
