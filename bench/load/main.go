// Command load drives a running tiaojie with concurrent requests and
// reports throughput and latency percentiles. It is a benchmark, not a
// test: run it against `make run` or a deployment, and record the figures
// in the issue notes. Example:
//
//	go run ./bench/load -url http://127.0.0.1:8080 -c 32 -d 10s -path / -path /login -path /api/v1/district
//	go run ./bench/load -url … -token tj_… -path /api/v1/me
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(s string) error { *p = append(*p, s); return nil }

func main() {
	var (
		base  = flag.String("url", "http://127.0.0.1:8080", "base URL of the platform")
		conc  = flag.Int("c", 16, "concurrent clients")
		dur   = flag.Duration("d", 10*time.Second, "duration")
		token = flag.String("token", "", "API token sent as Authorization: Bearer")
		ps    paths
	)
	flag.Var(&ps, "path", "path to request (repeatable; clients cycle through them)")
	flag.Parse()
	if len(ps) == 0 {
		ps = paths{"/"}
	}
	if err := run(*base, ps, *conc, *dur, *token); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type result struct {
	lat    []time.Duration
	errors int
	status map[int]int
}

func run(base string, ps []string, conc int, dur time.Duration, token string) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	results := make([]result, conc)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = worker(ctx, client, base, ps, i, token)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	return report(results, elapsed, conc, ps)
}

func worker(ctx context.Context, c *http.Client, base string, ps []string, offset int, token string) result {
	r := result{status: map[int]int{}}
	for n := offset; ctx.Err() == nil; n++ {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+ps[n%len(ps)], nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		t := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				r.errors++
			}
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		r.lat = append(r.lat, time.Since(t))
		r.status[resp.StatusCode]++
	}
	return r
}

func report(results []result, elapsed time.Duration, conc int, ps []string) error {
	var all []time.Duration
	status := map[int]int{}
	errs := 0
	for _, r := range results {
		all = append(all, r.lat...)
		errs += r.errors
		for k, v := range r.status {
			status[k] += v
		}
	}
	if len(all) == 0 {
		return fmt.Errorf("no request succeeded (%d errors)", errs)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[int(float64(len(all)-1)*p)] }
	fmt.Printf("paths %v, %d clients, %s\n", ps, conc, elapsed.Round(time.Millisecond))
	fmt.Printf("requests %d, %.0f req/s, errors %d, status %v\n", len(all), float64(len(all))/elapsed.Seconds(), errs, status)
	fmt.Printf("latency p50 %s  p95 %s  p99 %s  max %s\n", pct(.50), pct(.95), pct(.99), all[len(all)-1])
	return nil
}
