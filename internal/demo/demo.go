// Package demo loads a realistic demonstration district into an empty
// database: about forty mediation organizations in every township, of
// every type and legal form and at every step of their lifecycle, about
// 150 mediators with their training records, fee standards, service
// lists, logos, photos, documents, featured organizations and the
// alliance's articles.
//
// Everything goes through the services (registry, roster, content) as the
// platform itself (tiaojie.System), so the demo data is validated, audited
// and indexed exactly as real data is. Names and texts are built from the
// district profile, so another district's profile gets a demo of its own;
// the people, numbers and street addresses are invented. The data is the
// same on every run (fixed seeds, positions instead of randomness), except
// for dates that are relative to the clock (articles, fee effect dates).
package demo

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/content"
	"tiaojie/internal/files"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// Deps are what Load works with: the services it fills, the district
// profile the names come from, the clock that says what "today" is, and a
// log (nil discards).
type Deps struct {
	Registry *registry.Service
	Roster   *roster.Service
	Content  *content.Service
	District *tiaojie.District
	Clock    clock.Clock
	Log      *slog.Logger
}

// Summary says what Load made, for the seed command to print and for
// the demo accounts to point at.
type Summary struct {
	Orgs         map[tiaojie.OrgStatus]int      // organizations by status
	Mediators    map[tiaojie.MediatorStatus]int // mediators by status
	Memberships  int                            // mediator–organization memberships
	FeeStandards int                            // fee standard versions saved (published and drafts)
	FeeDrafts    int                            // of which drafts
	Services     int                            // service list entries
	Documents    int                            // charters and disclosure documents
	Logos        int
	Photos       int
	Featured     int
	Training     int // training records of mediators (training.go)
	Rated        int // organizations with a star level
	Articles     int // published articles (introduction, news, events)
	// CommercialCentre is the id of the district's commercial mediation
	// centre, whose admin the demo accounts include.
	CommercialCentre int64
	// Mediator is the roster id of the mediator the demo mediator account
	// stands for, a member of the commercial centre; MediatorName is its name.
	Mediator     int64
	MediatorName string
	// Committee is the people's mediation committee of the district's
	// first township (its seat), which the demo cases go to;
	// CommitteeMediator is the roster id of one of its mediators, whom the
	// committee's demo mediator account stands for.
	Committee             int64
	CommitteeMediator     int64
	CommitteeMediatorName string
	Elapsed               time.Duration
}

// TotalOrgs returns the number of organizations.
func (s Summary) TotalOrgs() int { return total(s.Orgs) }

// TotalMediators returns the number of mediators.
func (s Summary) TotalMediators() int { return total(s.Mediators) }

func total[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// loader carries one Load.
type loader struct {
	Deps
	sys    *tiaojie.Principal
	now    time.Time
	orgs   []orgSpec
	people []personSpec
	ids    []int64 // organization ids, by position in orgs
	sum    Summary
}

// Load builds the demo district and says what it made. It refuses a
// database that has organizations already: demo data goes only into an
// empty database. It stops at the first error; what was written until
// then stays, as it would for a user taking the same steps.
func Load(ctx context.Context, deps Deps) (Summary, error) {
	started := time.Now()
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	l := &loader{Deps: deps, sys: tiaojie.System(), now: deps.Clock.Now()}
	_, n, err := deps.Registry.List(ctx, l.sys, registry.StaffFilter{Limit: 1})
	if err != nil {
		return Summary{}, err
	}
	if n > 0 {
		return Summary{}, fmt.Errorf("demo: the database has %d organizations already; demo data goes only into an empty database", n)
	}
	l.orgs = plan(deps.District)
	l.people = people(deps.District, l.orgs, l.now)
	for _, step := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"organizations", l.createOrgs}, {"services", l.addServices}, {"fees", l.addFees},
		{"mediators", l.addMediators}, {"training", l.train}, {"lifecycle", l.finishLifecycles}, {"stars", l.rate},
		{"featured", l.feature}, {"articles", l.publish}, {"summary", l.count},
	} {
		began := time.Now()
		if err := step.fn(ctx); err != nil {
			return Summary{}, fmt.Errorf("demo: %s: %w", step.name, err)
		}
		deps.Log.Debug("demo step", "step", step.name, "elapsed", time.Since(began).Round(time.Millisecond))
	}
	l.sum.Elapsed = time.Since(started)
	deps.Log.Debug("demo data built", "orgs", l.sum.TotalOrgs(), "mediators", l.sum.TotalMediators(),
		"elapsed", l.sum.Elapsed.Round(time.Millisecond))
	return l.sum, nil
}

// today returns midnight, Beijing time, of the clock's day.
func (l *loader) today() time.Time {
	bj := l.now.In(tiaojie.Beijing())
	return time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, tiaojie.Beijing())
}

func upload(name string, data []byte) files.Upload {
	return files.Upload{Filename: name, Body: bytes.NewReader(data)}
}

func itoa(n int) string { return strconv.Itoa(n) }

// keyed returns the position of the organization with the plan key.
func (l *loader) keyed(key string) int {
	for k, o := range l.orgs {
		if o.key == key {
			return k
		}
	}
	return -1
}

// count fills the summary's counts by status from the services.
func (l *loader) count(ctx context.Context) error {
	l.sum.Orgs = map[tiaojie.OrgStatus]int{}
	for _, st := range tiaojie.OrgStatuses() {
		_, n, err := l.Registry.List(ctx, l.sys, registry.StaffFilter{Status: st, Limit: 1})
		if err != nil {
			return err
		}
		if n > 0 {
			l.sum.Orgs[st] = n
		}
	}
	l.sum.Mediators = map[tiaojie.MediatorStatus]int{}
	for _, st := range tiaojie.MediatorStatuses() {
		_, n, err := l.Roster.List(ctx, l.sys, roster.StaffFilter{Status: st, Limit: 1})
		if err != nil {
			return err
		}
		if n > 0 {
			l.sum.Mediators[st] = n
		}
	}
	return nil
}
