package crash

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"tiaojie"
	"tiaojie/internal/db"
)

// stored is a case as the database holds it after a crash: its row and
// how many rows of each kind its filing wrote.
type stored struct {
	id                                  int64
	number, title, status               string
	parties, agents, events, access, au int
}

// storeReport is what the checks of a crashed database found.
type storeReport struct {
	cases        map[string]stored // by title
	auditRows    int64
	problems     []string
	unacked      int // committed filings whose answer never arrived (in flight at the kill)
	acknowledged int // acknowledged filings found, over every round so far
}

// checkStore checks the database the killed server left, before anything
// else opens it: SQLite's integrity and foreign-key checks on the file as
// the crash left it (read-only), then `tiaojie audit verify` (the first
// open, which recovers the WAL), then every case row against the ledger.
func (in *installation) checkStore(ctx context.Context, led *ledger) storeReport {
	rep := storeReport{cases: make(map[string]stored)}
	bad := func(format string, args ...any) { rep.problems = append(rep.problems, fmt.Sprintf(format, args...)) }
	if !db.IsPostgres(in.dsn) {
		if err := db.CheckFile(ctx, in.dsn); err != nil {
			bad("SQLite check: %v", err)
		}
	}
	out, err := in.run(ctx, append([]string{"audit", "verify"}, in.common()...)...)
	if err != nil {
		bad("audit chain: %v", err)
	} else if m := auditRows.FindStringSubmatch(out); m == nil || !auditOK.MatchString(out) {
		bad("audit verify said:\n%s", out)
	} else {
		rep.auditRows, _ = strconv.ParseInt(m[1], 10, 64)
	}
	rows, err := in.cases(ctx)
	if err != nil {
		bad("read the cases: %v", err)
		return rep
	}
	byID := make(map[int64]stored, len(rows))
	for _, c := range rows {
		byID[c.id] = c
		if first, dup := rep.cases[c.title]; dup {
			bad("case %d repeats case %d: %q was sent once, filed twice", c.id, first.id, c.title)
		}
		rep.cases[c.title] = c
		app := led.application(c.title)
		if app == nil {
			bad("case %d %q was never sent", c.id, c.title)
			continue
		}
		want := stored{id: c.id, number: c.number, title: c.title, status: "submitted",
			parties: len(app.Parties), agents: app.agents(), events: 2, access: 1, au: 1}
		if c != want {
			bad("case %d is half-written: %+v, want %+v", c.id, c, want)
		}
	}
	acked := make(map[string]bool)
	for _, a := range led.acksOf(0) {
		acked[a.app.Title] = true
		c, ok := byID[a.ID]
		switch {
		case !ok:
			bad("LOST: case %d %s (%q, acknowledged in round %d) is not in the database", a.ID, a.Number, a.app.Title, a.round)
		case c.title != a.app.Title || c.number != a.Number:
			bad("case %d is %s %q, but %s %q was acknowledged under that id", a.ID, c.number, c.title, a.Number, a.app.Title)
		default:
			rep.acknowledged++
		}
	}
	for title := range rep.cases {
		if !acked[title] {
			rep.unacked++
		}
	}
	return rep
}

var (
	auditRows = regexp.MustCompile(`(?m)^rows: (\d+)$`)
	auditOK   = regexp.MustCompile(`(?m)^audit trail verified$`)
)

// cases reads every case with the number of rows its filing wrote in each
// table. The connection is closed before the server starts again, so the
// server recovers from the crash alone, as it would in production.
func (in *installation) cases(ctx context.Context) ([]stored, error) {
	d, err := db.Open(ctx, in.dsn, db.Options{Readers: 1})
	if err != nil {
		return nil, err
	}
	defer d.Close()
	rows, err := d.Reader().QueryContext(ctx, `
		SELECT c.id, c.number, c.title, c.status,
		       (SELECT count(*) FROM case_parties p WHERE p.case_id = c.id),
		       (SELECT count(*) FROM case_parties p WHERE p.case_id = c.id AND p.agent_for IS NOT NULL),
		       (SELECT count(*) FROM case_events e WHERE e.case_id = c.id),
		       (SELECT count(*) FROM case_access a WHERE a.case_id = c.id),
		       (SELECT count(*) FROM audit_log l
		        WHERE l.object_type = 'case' AND l.object_id = CAST(c.id AS TEXT) AND l.action = 'case.create')
		FROM cases c
		ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []stored
	for rows.Next() {
		var c stored
		if err := rows.Scan(&c.id, &c.number, &c.title, &c.status, &c.parties, &c.agents, &c.events, &c.access, &c.au); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// caseView is the part of GET /api/v1/cases/{id} the checks compare.
type caseView struct {
	ID          int64       `json:"id"`
	Number      string      `json:"number"`
	Status      string      `json:"status"`
	Source      string      `json:"source"`
	DisputeType string      `json:"dispute_type"`
	Township    string      `json:"township"`
	Title       string      `json:"title"`
	Facts       string      `json:"facts"`
	Claims      string      `json:"claims"`
	AmountFen   *int64      `json:"amount_fen"`
	Parties     []partyView `json:"parties"`
}

// partyView is a party of a caseView.
type partyView struct {
	ID             int64  `json:"id"`
	Side           string `json:"side"`
	AgentFor       int64  `json:"agent_for"`
	Name           string `json:"name"`
	IDNumberMasked string `json:"id_number_masked"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
}

// checkCase reads a case back through the API of the restarted server and
// compares it, field by field and party by party (sealed phones and
// identity numbers decrypted), with the filing that was sent, and its
// history with the two events of a desk filing.
func (c *client) checkCase(ctx context.Context, base string, id int64, app *application) []string {
	var v caseView
	u := base + "/api/v1/cases/" + strconv.FormatInt(id, 10)
	if err := c.do(ctx, http.MethodGet, u, nil, http.StatusOK, &v); err != nil {
		return []string{fmt.Sprintf("case %d: %v", id, err)}
	}
	var h struct {
		Items []struct {
			Action string `json:"action"`
		} `json:"items"`
	}
	if err := c.do(ctx, http.MethodGet, u+"/history", nil, http.StatusOK, &h); err != nil {
		return []string{fmt.Sprintf("case %d history: %v", id, err)}
	}
	var bad []string
	diff := func(what string, got, want any) {
		if got != want {
			bad = append(bad, fmt.Sprintf("case %d %s: got %v, want %v", id, what, got, want))
		}
	}
	diff("title", v.Title, app.Title)
	diff("status", v.Status, "submitted")
	diff("source", v.Source, "desk")
	diff("dispute type", v.DisputeType, app.DisputeType)
	diff("township", v.Township, app.Township)
	diff("facts", v.Facts, app.Facts)
	diff("claims", v.Claims, app.Claims)
	diff("amount", fmt.Sprint(deref(v.AmountFen)), fmt.Sprint(deref(app.AmountFen)))
	var actions []string
	for _, e := range h.Items {
		actions = append(actions, e.Action)
	}
	diff("history", fmt.Sprint(actions), fmt.Sprint([]string{"create", "submit"}))
	if len(v.Parties) != len(app.Parties) {
		return append(bad, fmt.Sprintf("case %d: %d parties, want %d", id, len(v.Parties), len(app.Parties)))
	}
	if !slices.IsSortedFunc(v.Parties, func(a, b partyView) int { return cmp.Compare(a.ID, b.ID) }) {
		bad = append(bad, fmt.Sprintf("case %d: parties not in the order entered", id))
	}
	for i, p := range app.Parties {
		got := v.Parties[i]
		what := "party " + strconv.Itoa(i+1) + " "
		diff(what+"side", got.Side, p.Side)
		diff(what+"name", got.Name, p.Name)
		diff(what+"phone", got.Phone, p.Phone)
		diff(what+"e-mail", got.Email, p.Email)
		if p.IDNumber != "" {
			diff(what+"identity number", got.IDNumberMasked, tiaojie.MaskIDNumber(p.IDNumber))
		}
		var principal int64
		if p.AgentFor > 0 {
			principal = v.Parties[p.AgentFor-1].ID
		}
		diff(what+"agent for", got.AgentFor, principal)
	}
	return bad
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
