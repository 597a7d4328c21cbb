package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The demo accounts the scenarios log in as (cmd/tiaojie/seed.go): a
// mediator of the seat township's people's mediation committee, that
// committee's admin, and the seat township's justice office.
const (
	loginMediator = "tjmediator"
	loginOrgAdmin = "tjadmin"
	loginTownship = "township"
)

// scenario is one row of the table. prepare logs in, finds the records it
// needs and warms the server up; the function it returns runs the load.
type scenario struct {
	name    string
	what    string // what one request is, for the notes under the table
	prepare func(ctx context.Context, b *bench) (func(context.Context) (result, error), error)
}

// scenarios are the scenarios in the order they run, between two runs of
// the static baseline.
func scenarios() []scenario {
	return []scenario{
		{"search-api", "GET /api/v1/directory/orgs, 9 queries of 1, 2 and 4 characters × 3 filter sets", prepareSearch(false)},
		{"search-page", "GET /directory (the page), the same 27 searches", prepareSearch(true)},
		{"org-page", "GET /orgs/{id}, an organization's public page, cycling through public organizations", prepareOrgPage},
		{"mediator-cases", "tjmediator: GET /api/v1/cases?limit=50 and the page /staff/cases, alternately", prepareGets(loginMediator, "/api/v1/cases?limit=50", "/staff/cases")},
		{"board", "township: GET /api/v1/cases/board (counts, overdue, idle, returned) and the page /staff/cases/board", prepareGets(loginTownship, "/api/v1/cases/board", "/staff/cases/board")},
		{"board-stats", "township: GET /api/v1/cases/funnel and /api/v1/cases?overdue=true&limit=50, alternately", prepareGets(loginTownship, "/api/v1/cases/funnel", "/api/v1/cases?overdue=true&limit=50")},
		{"room", "tjmediator posts to a case's room (POST …/room/messages) while clients read its SSE stream; latency is from the post to its receipt by a stream", prepareRoom},
		{"transitions", "township files at the desk, routes to the committee, tjadmin accepts: one step a request (POST /api/v1/cases/desk, …/steps)", prepareTransitions},
	}
}

func scenarioNames() []string {
	var out []string
	for _, s := range scenarios() {
		out = append(out, s.name)
	}
	return out
}

// selectScenarios returns the named scenarios in their usual order; all
// of them for none.
func selectScenarios(names []string) ([]scenario, error) {
	all := scenarios()
	if len(names) == 0 {
		return all, nil
	}
	for _, n := range names {
		if !slices.ContainsFunc(all, func(s scenario) bool { return s.name == strings.TrimSpace(n) }) {
			return nil, fmt.Errorf("no scenario %q (have %s)", n, strings.Join(scenarioNames(), ", "))
		}
	}
	var out []scenario
	for _, s := range all {
		if slices.ContainsFunc(names, func(n string) bool { return strings.TrimSpace(n) == s.name }) {
			out = append(out, s)
		}
	}
	return out, nil
}

// loop is the load of a closed-loop scenario: the configured connections
// for the configured time, each request made by f.
func (b *bench) loop(f op) func(context.Context) (result, error) {
	return func(ctx context.Context) (result, error) {
		return closedLoop(ctx, b.cfg.Conns, b.cfg.Duration, f), nil
	}
}

// warm makes each request once, one after the other, so that the first
// seconds of the load do not measure cold caches; it fails when one does
// not get its expected status, which means the scenario is broken.
func (b *bench) warm(ctx context.Context, reqs []request) error {
	for _, r := range reqs {
		if _, err := b.do(ctx, nil, r); err != nil {
			return err
		}
	}
	return nil
}

// cycle is the closed-loop request of a scenario that cycles through a
// fixed list, each client starting at its own place in it.
func (b *bench) cycle(reqs []request) op {
	return func(ctx context.Context, w *worker) error {
		_, err := b.do(ctx, w, reqs[(w.id+w.n)%len(reqs)])
		return err
	}
}

// staticScenario is the baseline: the same binary, through the same
// middleware, answering with n bytes of JSON and no other work.
func staticScenario(n int) scenario {
	return scenario{name: "static", what: fmt.Sprintf("GET /_bench/static?bytes=%d: %d bytes of JSON, no database work (serve --bench-static)", n, n),
		prepare: func(ctx context.Context, b *bench) (func(context.Context) (result, error), error) {
			reqs := []request{{path: "/_bench/static?bytes=" + strconv.Itoa(n)}}
			if err := b.warm(ctx, reqs); err != nil {
				return nil, err
			}
			return b.loop(b.cycle(reqs)), nil
		}}
}

// The directory's fixed mix: three words each of one, two and four
// characters, each with three filter sets (none; the first township; a
// dispute type and online mediation), as the API and the page spell them.
var searchWords = []string{"婚", "调", "镇", "婚姻", "物业", "邻里", "婚姻家庭", "交通事故", "人民调解"}

// searchRequests is the mix for the API or the page; township is the
// district's first township.
func searchRequests(page bool, township string) []request {
	filters := []url.Values{{}, {"township": {township}}, {"dispute_type": {"marriage_family"}, "online": {"true"}}}
	path := "/api/v1/directory/orgs?"
	if page {
		filters[2] = url.Values{"dispute": {"marriage_family"}, "online": {"1"}}
		path = "/directory?"
	}
	var out []request
	for _, w := range searchWords {
		for _, f := range filters {
			q := url.Values{"q": {w}}
			for k, v := range f {
				q[k] = v
			}
			out = append(out, request{path: path + q.Encode()})
		}
	}
	return out
}

// firstTownship is the code of the district's first township, from the
// public taxonomy.
func (b *bench) firstTownship(ctx context.Context) (string, error) {
	data, err := b.do(ctx, nil, request{path: "/api/v1/taxonomy"})
	if err != nil {
		return "", err
	}
	var t struct {
		Townships []struct {
			Code string `json:"code"`
		} `json:"townships"`
	}
	if err := json.Unmarshal(data, &t); err != nil || len(t.Townships) == 0 {
		return "", fmt.Errorf("taxonomy: no townships (%v)", err)
	}
	return t.Townships[0].Code, nil
}

// searchSize makes each search of the API's mix once (warming the server
// up) and returns the mean size of the answers: the size of the static
// baseline's response.
func (b *bench) searchSize(ctx context.Context) (int, error) {
	township, err := b.firstTownship(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	reqs := searchRequests(false, township)
	for _, r := range reqs {
		data, err := b.do(ctx, nil, r)
		if err != nil {
			return 0, err
		}
		total += len(data)
	}
	return total / len(reqs), nil
}

func prepareSearch(page bool) func(context.Context, *bench) (func(context.Context) (result, error), error) {
	return func(ctx context.Context, b *bench) (func(context.Context) (result, error), error) {
		township, err := b.firstTownship(ctx)
		if err != nil {
			return nil, err
		}
		reqs := searchRequests(page, township)
		if err := b.warm(ctx, reqs); err != nil {
			return nil, err
		}
		return b.loop(b.cycle(reqs)), nil
	}
}

// maxOrgPages bounds how many organizations the org-page scenario cycles
// through.
const maxOrgPages = 200

func prepareOrgPage(ctx context.Context, b *bench) (func(context.Context) (result, error), error) {
	var reqs []request
	for offset := 0; len(reqs) < maxOrgPages; offset += 50 {
		data, err := b.do(ctx, nil, request{path: "/api/v1/directory/orgs?limit=50&offset=" + strconv.Itoa(offset)})
		if err != nil {
			return nil, err
		}
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			return nil, fmt.Errorf("directory: %w", err)
		}
		for _, it := range page.Items {
			reqs = append(reqs, request{path: "/orgs/" + strconv.FormatInt(it.ID, 10)})
		}
		if len(page.Items) < 50 || offset+50 > 1000 {
			break
		}
	}
	if len(reqs) == 0 {
		return nil, fmt.Errorf("the directory lists no organization")
	}
	if err := b.warm(ctx, reqs[:min(len(reqs), 20)]); err != nil {
		return nil, err
	}
	return b.loop(b.cycle(reqs)), nil
}

// prepareGets is a scenario of GET requests as one account, alternating
// between the paths.
func prepareGets(login string, paths ...string) func(context.Context, *bench) (func(context.Context) (result, error), error) {
	return func(ctx context.Context, b *bench) (func(context.Context) (result, error), error) {
		tok, err := b.session(ctx, login)
		if err != nil {
			return nil, err
		}
		var reqs []request
		for _, p := range paths {
			reqs = append(reqs, request{path: p, session: tok})
		}
		if err := b.warm(ctx, reqs); err != nil {
			return nil, err
		}
		return b.loop(b.cycle(reqs)), nil
	}
}

// me is the part of GET /api/v1/me the scenarios read: the roles' scope.
type me struct {
	Roles []struct {
		Role     string `json:"role"`
		OrgID    int64  `json:"org_id"`
		Township string `json:"township"`
	} `json:"roles"`
}

func (b *bench) me(ctx context.Context, tok string) (me, error) {
	var m me
	data, err := b.do(ctx, nil, request{path: "/api/v1/me", session: tok})
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil || len(m.Roles) == 0 {
		return m, fmt.Errorf("/api/v1/me: no roles (%v)", err)
	}
	return m, nil
}

// transition is where a client of the transitions scenario is: the case
// it is walking and the next step.
type transition struct {
	caseID int64
	step   int
}

func prepareTransitions(ctx context.Context, b *bench) (func(context.Context) (result, error), error) {
	township, err := b.session(ctx, loginTownship)
	if err != nil {
		return nil, err
	}
	admin, err := b.session(ctx, loginOrgAdmin)
	if err != nil {
		return nil, err
	}
	tm, err := b.me(ctx, township)
	if err != nil {
		return nil, err
	}
	am, err := b.me(ctx, admin)
	if err != nil {
		return nil, err
	}
	code, org := tm.Roles[0].Township, am.Roles[0].OrgID
	if code == "" || org == 0 {
		return nil, fmt.Errorf("%s has no township or %s no organization", loginTownship, loginOrgAdmin)
	}
	route := fmt.Sprintf(`{"action":"route","org_id":%d,"reason":"纠纷发生在本镇"}`, org)
	step := func(ctx context.Context, w *worker) error {
		t, _ := w.state.(*transition)
		if t == nil {
			t = &transition{}
			w.state = t
		}
		var err error
		switch t.step {
		case 0:
			var data []byte
			data, err = b.do(ctx, w, request{method: http.MethodPost, path: "/api/v1/cases/desk", session: township,
				json: deskCase(code, w), want: http.StatusCreated})
			if err == nil {
				var ref struct {
					ID int64 `json:"id"`
				}
				if err = json.Unmarshal(data, &ref); err == nil {
					t.caseID = ref.ID
				}
			}
		case 1:
			err = b.do204(ctx, w, t.caseID, township, route)
		case 2:
			err = b.do204(ctx, w, t.caseID, admin, `{"action":"accept"}`)
		}
		if err != nil {
			t.step = 0 // start again with a new case
			return err
		}
		t.step = (t.step + 1) % 3
		return nil
	}
	return b.loop(step), nil
}

// do204 takes a lifecycle step through the API.
func (b *bench) do204(ctx context.Context, w *worker, id int64, tok, body string) error {
	_, err := b.do(ctx, w, request{method: http.MethodPost, path: "/api/v1/cases/" + strconv.FormatInt(id, 10) + "/steps",
		session: tok, json: body, want: http.StatusNoContent})
	return err
}

// deskCase is a neighbour dispute filed at the township's desk, with
// parties whose mobile numbers differ from client to client.
func deskCase(township string, w *worker) string {
	n := w.rng.IntN(100_000_000)
	c := map[string]any{
		"dispute_type": "neighbour", "township": township, "title": "楼上卫生间漏水纠纷（压测）",
		"facts": "楼上住户卫生间漏水，导致楼下天花板受损，双方协商未果。", "claims": "请求赔偿修理费五千元。", "consent": true,
		"parties": []map[string]any{
			{"side": "applicant", "name": "张三", "phone": fmt.Sprintf("138%08d", n)},
			{"side": "respondent", "name": "李四", "phone": fmt.Sprintf("139%08d", n)},
		},
	}
	b, _ := json.Marshal(c)
	return string(b)
}
