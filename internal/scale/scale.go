// Package scale generates a synthetic dataset the size of a city's
// mediation (issue 6): organizations of every type in every township with
// last year's annual disclosures, mediators on their rosters, and five
// years of disputes in every status with their parties, history, mediator
// assignments, room messages, agreements and confirmations, follow-up
// visits and ratings.
//
// It writes straight to the tables in large transactions with multi-row
// prepared INSERTs, rather than through the services: a service call
// writes an audit row, checks permissions and reads the case back for
// every step, which is right for users and takes hours for two million
// cases. What the services would add beside the rows (the audit trail of
// each step, notices) is not generated. The rows themselves are written as
// the services write them: the lifecycle follows tiaojie.NextCaseStatus
// step by step with the deadlines stepTx sets, personal data is sealed by
// pii with the aad the cases and roster services use (so pages decrypt
// it), and organizations and mediators enter the search index through
// search.Index with the texts the registry and roster index.
//
// On SQLite the load runs with a large page cache and synchronous=OFF on
// the writer connection (restored afterwards): a load that stops halfway
// is started again on a fresh database. One goroutine draws and seals
// the rows while the caller's writes the previous chunk.
//
// Output is a function of the seed, the factor, the anchor time and the
// data already in the database (generated ids follow the highest in use):
// the same inputs give the same rows, and Report.Digest says so.
package scale

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/pii"
)

// The city set (DOMAIN.md §(d): Shanghai has about 6,000 mediation
// organizations and 50,000 mediators, and mediates a quarter of a million
// disputes a year; 2,000,000 cases is eight years of that, or five years
// of a busier city). Factor 1 generates it.
const (
	CityOrgs      = 6000
	CityMediators = 50000
	CityCases     = 2000000
	// CityHomeCases is how many cases go to the home mediator at factor 1
	// (a busy mediator's five years).
	CityHomeCases = 2000
	// Years is how far back the cases go.
	Years = 5
)

// Home is where a share of the cases goes so that a known account sees
// them: the demo committee, the demo mediator's roster entry and the demo
// township. A zero Home sends no case anywhere in particular.
type Home struct {
	OrgID        int64
	MediatorID   int64
	UserID       int64 // the mediator's login, the author of their room messages
	OrgName      string
	MediatorName string
	Township     string
}

// Options say what to generate.
type Options struct {
	Factor   float64 // 1 is the city set; 0.01 a hundredth of it
	Seed     uint64
	Now      time.Time // the five years end here
	District *tiaojie.District
	Sealer   *pii.Sealer
	Calendar tiaojie.Calendar // working days for the deadlines
	Policy   tiaojie.Policy   // the bureau's policy: when annual disclosures are due
	Home     Home
	// Progress, when set, is told after each chunk what has been written.
	Progress func(done, total int, what string)
}

// Report is what was generated.
type Report struct {
	Orgs, Mediators, Cases int
	Rows                   map[string]int64 // rows per table
	Statuses               map[tiaojie.CaseStatus]int
	HomeCases              int
	Digest                 string // SHA-256 of every generated value but the sealed ones (their plaintext instead)
	Elapsed                time.Duration
}

// sizes returns the counts for a factor.
func sizes(f float64) (orgs, mediators, cases, home int) {
	n := func(city int, least int) int { return max(least, int(math.Round(float64(city)*f))) }
	return n(CityOrgs, 4), n(CityMediators, 8), n(CityCases, 20), n(CityHomeCases, 20)
}

// gen is the state of one run.
type gen struct {
	o      Options
	r      *rand.Rand
	h      *digester
	ids    map[*table]int64
	seq    int // for unique identity numbers, phones and codes
	orgs   []orgInfo
	byTown map[string][]int // indexes into orgs, public ones
	comm   []int            // public commercial and new-type orgs
	// serials continue the annual series of application and file numbers.
	serials map[serialKey]int64
	taken   map[string]bool // identity-number blind indexes and credit codes in use
	err     error           // the first failure to seal, see fail
}

type serialKey struct {
	scope string
	year  int
}

func (g *gen) nextID(t *table) int64 {
	g.ids[t]++
	return g.ids[t]
}

// Generate writes the dataset into d, on top of whatever is there.
func Generate(ctx context.Context, d *db.DB, o Options) (Report, error) {
	start := time.Now()
	if o.Factor <= 0 || o.Sealer == nil || o.District == nil || o.Now.IsZero() {
		return Report{}, fmt.Errorf("scale: a positive factor, a sealer, a district and an anchor time are needed")
	}
	g := &gen{o: o, r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), h: newDigester(),
		byTown: map[string][]int{}, serials: map[serialKey]int64{}, taken: map[string]bool{}}
	var err error
	if g.ids, err = nextIDs(ctx, d); err != nil {
		return Report{}, err
	}
	if err := g.load(ctx, d); err != nil {
		return Report{}, err
	}
	nOrgs, nMeds, nCases, nHome := sizes(o.Factor)
	if o.Home.OrgID == 0 {
		nHome = 0
	}
	restore, err := tune(ctx, d)
	if err != nil {
		return Report{}, err
	}
	defer restore()
	w := &writer{d: d, counts: map[string]int64{}}
	rep := Report{Orgs: nOrgs, Mediators: nMeds, Cases: nCases, Statuses: map[tiaojie.CaseStatus]int{}}

	// One goroutine builds chunks (random draws, texts, sealing) while
	// this one writes the previous chunk: the two halves of the work run
	// on two cores. The channel is small, so memory stays bounded.
	chunks := make(chan *chunk, 2)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer close(chunks)
		done <- g.produce(gctx, chunks, nOrgs, nMeds, nCases, nHome, &rep)
	}()
	written := 0
	for c := range chunks {
		if err := w.write(ctx, c); err != nil {
			cancel()
			for range chunks { // let the producer finish
			}
			<-done
			return rep, err
		}
		written++
		if o.Progress != nil {
			o.Progress(int(w.counts["cases"]), nCases, fmt.Sprintf("chunk %d", written))
		}
	}
	if err := <-done; err != nil {
		return rep, err
	}
	if err := g.saveSerials(ctx, d); err != nil {
		return rep, err
	}
	if err := resetSequences(ctx, d); err != nil {
		return rep, err
	}
	rep.Rows = w.counts
	rep.Digest = g.h.sum()
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// produce generates the directory, then the cases, in chunks.
func (g *gen) produce(ctx context.Context, out chan<- *chunk, nOrgs, nMeds, nCases, nHome int, rep *Report) error {
	send := func(c *chunk) error {
		if g.err != nil {
			return g.err
		}
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := g.directory(nOrgs, nMeds, send); err != nil {
		return err
	}
	return g.cases(nCases, nHome, rep, send)
}

// load reads what the generator must continue or avoid: the annual
// serials, and the identity numbers and credit codes already in use.
func (g *gen) load(ctx context.Context, d *db.DB) error {
	rows, err := d.Reader().QueryContext(ctx, `SELECT scope, year, last FROM case_serials`)
	if err != nil {
		return fmt.Errorf("scale: read serials: %w", err)
	}
	for rows.Next() {
		var k serialKey
		var n int64
		if err := rows.Scan(&k.scope, &k.year, &n); err != nil {
			rows.Close()
			return err
		}
		g.serials[k] = n
	}
	rows.Close()
	for _, q := range []string{`SELECT id_number_idx FROM mediators WHERE id_number_idx IS NOT NULL`,
		`SELECT credit_code FROM orgs WHERE credit_code IS NOT NULL`} {
		rows, err := d.Reader().QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("scale: read codes in use: %w", err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			g.taken[s] = true
		}
		rows.Close()
	}
	return nil
}

// serial returns the next number of an annual series, as the cases
// service's serial would.
func (g *gen) serial(scope string, year int) int64 {
	k := serialKey{scope, year}
	g.serials[k]++
	return g.serials[k]
}

// saveSerials stores where the series stand, so that the next case the
// services file gets the next number.
func (g *gen) saveSerials(ctx context.Context, d *db.DB) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		for k, n := range g.serials {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO case_serials (scope, year, last) VALUES ($1, $2, $3)
				ON CONFLICT (scope, year) DO UPDATE SET last = excluded.last`, k.scope, k.year, n)
			if err != nil {
				return fmt.Errorf("scale: save serials: %w", err)
			}
		}
		return nil
	})
}

// nullable returns nil for a zero value, so it is stored as NULL.
func nullable[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// tv returns a time as stored, or nil for the zero time.
func tv(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// weighted picks an index by weights.
func weighted(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := r.Float64() * total
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}
