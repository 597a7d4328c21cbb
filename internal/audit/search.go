package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Filter selects audit rows. Zero fields do not filter. Rows come newest
// first; Before pages backwards by sequence number (keyset pagination stays
// fast however deep the page).
type Filter struct {
	Actor      string // exact login or user id
	Action     string // exact action, or a prefix ending in "." such as "user."
	ObjectType string
	ObjectID   string
	Outcome    Outcome
	From, To   time.Time
	Before     int64
	Limit      int // 1…200; 0 means 50
}

// Page is one page of search results.
type Page struct {
	Rows []Row
	// Next is the Before value of the following page, or 0 at the end.
	Next int64
}

// Search returns the rows matching f to a caller with audit.read. The search
// is itself audited: who looked at the trail is part of the trail.
func (l *Log) Search(ctx context.Context, d *db.DB, p *tiaojie.Principal, f Filter) (Page, error) {
	if !p.Can(tiaojie.PermAuditRead) {
		return Page{}, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		f.Limit = 200
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		var fe tiaojie.FieldErrors
		fe.Add("to", "audit.range")
		return Page{}, fe.Err()
	}
	err := l.RecordAlone(ctx, d, p, Event{Action: "audit.search", Detail: f.describe()})
	if err != nil {
		return Page{}, err
	}
	q, args := f.query()
	rows, err := d.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return Page{}, fmt.Errorf("audit: search: %w", err)
	}
	defer rows.Close()
	var page Page
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return Page{}, err
		}
		page.Rows = append(page.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("audit: search: %w", err)
	}
	if len(page.Rows) > f.Limit {
		page.Rows = page.Rows[:f.Limit]
		page.Next = page.Rows[f.Limit-1].Seq
	}
	return page, nil
}

func (f Filter) query() (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Actor != "" {
		if id, err := strconv.ParseInt(f.Actor, 10, 64); err == nil {
			add("actor_id = ?", id)
		} else {
			add("actor = ?", f.Actor)
		}
	}
	if strings.HasSuffix(f.Action, ".") {
		add(`action LIKE ? ESCAPE '\'`, db.EscapeLike(f.Action)+"%")
	} else if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if f.Outcome != "" {
		add("outcome = ?", string(f.Outcome))
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	if f.Before > 0 {
		add("seq < ?", f.Before)
	}
	q := `SELECT seq, at, actor_id, actor, role, action, object_type, object_id, outcome,
	             reason, client_ip, request_id, detail, key_version, prev_mac, mac
	      FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit+1)
	q += " ORDER BY seq DESC LIMIT $" + strconv.Itoa(len(args))
	return q, args
}

func (f Filter) describe() map[string]string {
	d := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	set("actor", f.Actor)
	set("action", f.Action)
	set("object_type", f.ObjectType)
	set("object_id", f.ObjectID)
	set("outcome", string(f.Outcome))
	if !f.From.IsZero() {
		d["from"] = f.From.UTC().Format(time.RFC3339)
	}
	if !f.To.IsZero() {
		d["to"] = f.To.UTC().Format(time.RFC3339)
	}
	return d
}
