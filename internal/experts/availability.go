package experts

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// Availability is whether an expert may be given new work: an expert away
// (leave, illness, a busy season) is unavailable until a day, with a note
// the bureau keeps. Services that assign experts ask CheckAvailable in
// the assigning transaction.
type Availability struct {
	Until string // YYYY-MM-DD (Beijing), the last day away; "" available
	Note  string
}

// AvailableOn reports whether an expert with this availability may be
// assigned on day (YYYY-MM-DD).
func (a Availability) AvailableOn(day string) bool { return a.Until == "" || a.Until < day }

// Today returns the current day in Beijing, YYYY-MM-DD, by the service's
// clock: the day availability is judged on.
func (s *Service) Today() string { return s.clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly) }

// maxNote bounds the availability note, in characters.
const maxNote = 200

// SetAvailability records that expert id is available (until "") or
// unavailable until the day until, with a note. Only the bureau keeps it.
func (s *Service) SetAvailability(ctx context.Context, p *tiaojie.Principal, id int64, a Availability) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "expert.availability", id, err)
	}
	var fe tiaojie.FieldErrors
	a.Until, a.Note = strings.TrimSpace(a.Until), strings.TrimSpace(a.Note)
	if a.Until != "" {
		if _, err := time.ParseInLocation(time.DateOnly, a.Until, tiaojie.Beijing()); err != nil {
			fe.Add("until", "expert.until")
		}
	}
	if utf8.RuneCountInString(a.Note) > maxNote {
		fe.Add("note", "expert.too_long", "max", strconv.Itoa(maxNote))
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE experts SET unavailable_until = $1, availability_note = $2, updated_at = $3 WHERE id = $4`,
			a.Until, a.Note, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "expert.availability", id, map[string]string{"until": a.Until})
	})
}

// AvailabilityOf returns an expert's availability.
func AvailabilityOf(ctx context.Context, q db.Queryer, id int64) (Availability, error) {
	var a Availability
	err := q.QueryRowContext(ctx, `SELECT unavailable_until, availability_note FROM experts WHERE id = $1`, id).Scan(&a.Until, &a.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return a, tiaojie.E(tiaojie.NotFound, "expert.unknown")
	}
	return a, err
}

// CheckAvailable refuses an expert out of the pool (Conflict
// "expert.inactive") or unavailable on day, YYYY-MM-DD (Conflict
// "expert.unavailable", naming the expert and the day they are back).
// Call it in the transaction that assigns the expert.
func CheckAvailable(ctx context.Context, q db.Queryer, expertID int64, day string) error {
	var status, name string
	var a Availability
	err := q.QueryRowContext(ctx, `SELECT status, name, unavailable_until, availability_note FROM experts WHERE id = $1`, expertID).
		Scan(&status, &name, &a.Until, &a.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return tiaojie.E(tiaojie.NotFound, "expert.unknown")
	}
	if err != nil {
		return err
	}
	if status != "active" {
		return tiaojie.E(tiaojie.Conflict, "expert.inactive")
	}
	if !a.AvailableOn(day) {
		return tiaojie.E(tiaojie.Conflict, "expert.unavailable").With("name", name).With("until", a.Until)
	}
	return nil
}

// Assignment is one piece of work an expert was given: an incubation
// screening, a rating application, a venture round or a procurement
// project.
type Assignment struct {
	Kind       string // "incubation", "rating", "venture" or "procurement"
	ID         int64  // the application's or the round's id
	Title      string // what it is about: the team, the organization, the round
	Round      string // the call or round it belongs to; a project's buying agency ("" for the bureau)
	AssignedAt time.Time
	Done       bool // scored or handed in (a venture round: published; a project: awarded or cancelled)
}

// Assignments lists what expert id was assigned across incubation,
// ratings and venture rounds, newest first; to the bureau and to the
// expert themself. Each capability's work is one read-only query over its
// own tables.
func (s *Service) Assignments(ctx context.Context, p *tiaojie.Principal, id int64) ([]Assignment, error) {
	e, err := load(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !p.Can(tiaojie.PermExperts) && (e.UserID == 0 || e.UserID != p.UserID) {
		return nil, s.settle(ctx, p, "expert.assignments", id, audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil))
	}
	out := []Assignment{}
	for _, q := range assignmentQueries {
		rows, err := s.db.Reader().QueryContext(ctx, q.sql, id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			a := Assignment{Kind: q.kind}
			if err := rows.Scan(&a.ID, &a.Title, &a.Round, &a.AssignedAt, &a.Done); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	sortAssignments(out)
	return out, nil
}

// assignmentQueries are the capabilities' queries, each returning id,
// title, round, assigned_at and done for expert $1.
var assignmentQueries = []struct{ kind, sql string }{
	{"incubation", `
		SELECT a.id, a.org_name, c.title, r.assigned_at, r.scored_at IS NOT NULL
		FROM incubation_reviewers r JOIN incubation_applications a ON a.id = r.application_id
		JOIN incubation_calls c ON c.id = a.call_id
		WHERE r.expert_id = $1 ORDER BY r.assigned_at DESC LIMIT 200`},
	{"rating", `
		SELECT a.id, o.name, rr.title, r.assigned_at, r.submitted_at IS NOT NULL
		FROM rating_assignments r JOIN rating_applications a ON a.id = r.application_id
		JOIN orgs o ON o.id = a.org_id JOIN rating_rounds rr ON rr.id = a.round_id
		WHERE r.expert_id = $1 ORDER BY r.assigned_at DESC LIMIT 200`},
	{"venture", `
		SELECT v.id, v.theme, v.title, r.assigned_at, v.status = 'published'
		FROM venture_experts r JOIN venture_rounds v ON v.id = r.round_id
		WHERE r.expert_id = $1 ORDER BY r.assigned_at DESC LIMIT 200`},
	{"procurement", `
		SELECT p.id, p.title, COALESCE(ag.name, ''), r.assigned_at, p.status IN ('awarded', 'contracted', 'cancelled')
		FROM procurement_experts r JOIN procurement_projects p ON p.id = r.project_id
		LEFT JOIN agencies ag ON ag.id = p.agency_id
		WHERE r.expert_id = $1 ORDER BY r.assigned_at DESC LIMIT 200`},
}

// sortAssignments orders assignments newest first.
func sortAssignments(a []Assignment) {
	slices.SortStableFunc(a, func(x, y Assignment) int { return y.AssignedAt.Compare(x.AssignedAt) })
}
