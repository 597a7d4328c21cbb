package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/pii"
	"tiaojie/internal/scale"
	"tiaojie/internal/settings"
)

// scaleFlags are the seed command's flags for the synthetic dataset.
type scaleFlags struct {
	scale string // "city", a factor of it, or "" for the demo data only
	seed  string
}

func (s *scaleFlags) register(f *flags) {
	f.str(&s.scale, "scale", "", `after the demo data, generate a synthetic dataset: "city" (6,000 organizations, 50,000 mediators, `+
		`2,000,000 cases over five years) or a factor of it such as 0.01 or 2`)
	f.str(&s.seed, "seed", "1", "random seed of the synthetic dataset: the same seed, scale and day give the same data")
}

// factor parses --scale.
func (s *scaleFlags) factor() (float64, error) {
	if s.scale == "city" {
		return 1, nil
	}
	f, err := strconv.ParseFloat(s.scale, 64)
	if err != nil || f <= 0 || f > 100 {
		return 0, fmt.Errorf("--scale must be \"city\" or a factor between 0 and 100, not %q", s.scale)
	}
	return f, nil
}

// seedScale generates the synthetic dataset (internal/scale) on top of
// the demo data, loading the demo data first into an empty database, so
// the demo accounts exist and a share of the generated cases belongs to
// the demo mediator (tjmediator), their committee and the demo township:
// a benchmark logs in as them and sees a long case list and a full
// overdue board. The rows are written straight to the tables in large
// transactions (see the package doc for why not through the services);
// the five years end today.
func seedScale(ctx context.Context, a *app, e *env, s scaleFlags) error {
	factor, err := s.factor()
	if err != nil {
		return err
	}
	seed, err := strconv.ParseUint(s.seed, 10, 64)
	if err != nil {
		return fmt.Errorf("--seed must be a whole number: %w", err)
	}
	if !hasDemoData(ctx, a) {
		if err := seedDemo(ctx, a, e); err != nil {
			return err
		}
	}
	home, err := demoHome(ctx, a)
	if err != nil {
		return err
	}
	cal, err := a.cases.Calendar(ctx, a.db.Reader())
	if err != nil {
		return err
	}
	pol, err := settings.Load(ctx, a.db.Reader())
	if err != nil {
		return err
	}
	now := a.clock.Now().In(tiaojie.Beijing())
	// Midnight, Beijing time: the generated years end before today, and a
	// run on the same day with the same seed gives the same data.
	now = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tiaojie.Beijing())
	fmt.Fprintf(e.stdout, "Generating the synthetic dataset (scale %g, seed %d, five years to %s) on %s …\n",
		factor, seed, now.Format("2006-01-02"), a.db.Engine())
	last := time.Now()
	rep, err := scale.Generate(ctx, a.db, scale.Options{Factor: factor, Seed: seed, Now: now, District: a.district,
		Sealer: pii.NewSealer(a.keys), Calendar: cal, Policy: pol, Home: home,
		Progress: func(done, total int, _ string) {
			if time.Since(last) > 10*time.Second {
				last = time.Now()
				a.log.Info("generating", "cases", done, "of", total)
			}
		}})
	if err != nil {
		return fmt.Errorf("generate the dataset: %w", err)
	}
	// The planner's statistics now, so that the server's first start on
	// the dataset does not spend its first half minute taking them.
	started := time.Now()
	if err := a.db.Optimize(ctx); err != nil {
		return err
	}
	a.log.Info("statistics taken", "took", time.Since(started).Round(time.Millisecond))
	printScale(e.stdout, rep, home)
	return nil
}

// demoHome finds the demo mediator's roster entry, committee and
// township, which receive a share of the generated cases.
func demoHome(ctx context.Context, a *app) (scale.Home, error) {
	var h scale.Home
	err := a.db.Reader().QueryRowContext(ctx, `
		SELECT m.id, m.name, u.id, o.id, o.name, o.township
		FROM users u JOIN mediators m ON m.user_id = u.id
		JOIN mediator_orgs mo ON mo.mediator_id = m.id JOIN orgs o ON o.id = mo.org_id
		WHERE u.login = 'tjmediator' ORDER BY mo.joined_at LIMIT 1`).
		Scan(&h.MediatorID, &h.MediatorName, &h.UserID, &h.OrgID, &h.OrgName, &h.Township)
	if err != nil {
		return h, fmt.Errorf("find the demo mediator tjmediator and their committee: %w", err)
	}
	return h, nil
}

// printScale writes what was generated and how long it took.
func printScale(w io.Writer, rep scale.Report, home scale.Home) {
	fmt.Fprintf(w, "Generated in %s: %d organizations, %d mediators, %d cases (%d of them %s's, in %s).\n",
		rep.Elapsed.Round(time.Second), rep.Orgs, rep.Mediators, rep.Cases, rep.HomeCases, home.MediatorName, home.OrgName)
	names := make([]string, 0, len(rep.Rows))
	for n := range rep.Rows {
		names = append(names, n)
	}
	slices.Sort(names)
	var total int64
	for _, n := range names {
		fmt.Fprintf(w, "  %-22s %12d\n", n, rep.Rows[n])
		total += rep.Rows[n]
	}
	fmt.Fprintf(w, "  %-22s %12d rows\n", "total", total)
	var st []string
	for _, s := range tiaojie.CaseStatuses() {
		st = append(st, fmt.Sprintf("%s %d", s, rep.Statuses[s]))
	}
	fmt.Fprintf(w, "Cases by status: %s\n", strings.Join(st, ", "))
	fmt.Fprintf(w, "Digest %s\n", rep.Digest)
}
