// Package experts keeps the bureau's expert pool (SPEC C11): the lawyers,
// scholars and senior mediators who screen incubation applications, score
// star ratings and evaluate procurement bids, with their fields and their
// ties to organizations.
//
// A tie decides what an expert may never judge. Other services ask
// CheckUntied, in their own transaction, before they assign an expert to
// anything about an organization: an expert is tied to an organization
// when a tie is on record (employee, adviser, founder, relative, other) or
// when the expert's login is a mediator on that organization's roster.
// Only the bureau keeps the pool; an expert sees their own record and
// declares their own ties, which can only add to what they may not judge.
package experts

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
)

// The kinds of tie between an expert and an organization.
const (
	TieEmployee = "employee" // works or holds office there
	TieAdviser  = "adviser"  // paid or unpaid adviser
	TieFounder  = "founder"  // founded it or sits on its board
	TieRelative = "relative" // a close relative works there
	TieOther    = "other"    // any other interest, described in the note
)

// TieKinds lists the kinds of tie in the order forms offer them.
func TieKinds() []string { return []string{TieEmployee, TieAdviser, TieFounder, TieRelative, TieOther} }

// Expert is one member of the pool.
type Expert struct {
	ID        int64
	UserID    int64 // 0 until the expert has a login
	Name      string
	Title     string // 职称 or position
	Employer  string
	Fields    []string
	Active    bool
	Ties      []Tie
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Tie is an expert's tie to an organization.
type Tie struct {
	OrgID      int64
	OrgName    string
	Kind       string
	Note       string
	DeclaredAt time.Time
}

// Input is an expert as the bureau enters them.
type Input struct {
	Name     string
	Title    string
	Employer string
	Fields   []string
	UserID   int64 // the login to link, 0 for none
}

// Limits of an expert's texts, in characters.
const (
	maxName   = 50
	maxText   = 100
	maxFields = 10
)

func (in *Input) validate() error {
	var fe tiaojie.FieldErrors
	in.Name, in.Title, in.Employer = strings.TrimSpace(in.Name), strings.TrimSpace(in.Title), strings.TrimSpace(in.Employer)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > maxName {
		fe.Add("name", "expert.name")
	}
	if utf8.RuneCountInString(in.Title) > maxText {
		fe.Add("title", "expert.too_long", "max", strconv.Itoa(maxText))
	}
	if utf8.RuneCountInString(in.Employer) > maxText {
		fe.Add("employer", "expert.too_long", "max", strconv.Itoa(maxText))
	}
	var fields []string
	for _, f := range in.Fields {
		for line := range strings.SplitSeq(f, "\n") {
			if line = strings.TrimSpace(line); line != "" && !slices.Contains(fields, line) {
				fields = append(fields, line)
			}
		}
	}
	in.Fields = fields
	if len(fields) > maxFields || slices.ContainsFunc(fields, func(f string) bool { return utf8.RuneCountInString(f) > maxText }) {
		fe.Add("fields", "expert.fields", "max", strconv.Itoa(maxFields))
	}
	return fe.Err()
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Clock clock.Clock
	Log   *slog.Logger
}

// Service keeps the expert pool.
type Service struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
}

// New returns a Service.
func New(d Deps) *Service { return &Service{db: d.DB, audit: d.Audit, clock: d.Clock} }

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal) of action on expert id.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "expert", audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "expert", ObjectID: itoa(id), Detail: detail})
}

// keeper refuses a caller who does not keep the pool.
func keeper(p *tiaojie.Principal) error {
	if !p.Can(tiaojie.PermExperts) {
		return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermExperts)})
	}
	return nil
}

// Create adds an expert to the pool.
func (s *Service) Create(ctx context.Context, p *tiaojie.Principal, in Input) (int64, error) {
	if err := keeper(p); err != nil {
		return 0, s.settle(ctx, p, "expert.create", 0, err)
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO experts (user_id, name, title, employer, fields, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			nullID(in.UserID), in.Name, in.Title, in.Employer, strings.Join(in.Fields, "\n"), max(p.UserID, 0), now).Scan(&id)
		if err != nil {
			return db.MapError(err)
		}
		return s.record(ctx, tx, p, "expert.create", id, map[string]string{"name": in.Name, "user": itoa(in.UserID)})
	})
	return id, err
}

// Update changes an expert's particulars.
func (s *Service) Update(ctx context.Context, p *tiaojie.Principal, id int64, in Input) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "expert.update", id, err)
	}
	if err := in.validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE experts SET user_id = $1, name = $2, title = $3, employer = $4, fields = $5, updated_at = $6 WHERE id = $7`,
			nullID(in.UserID), in.Name, in.Title, in.Employer, strings.Join(in.Fields, "\n"), s.now(), id)
		if err != nil {
			return db.MapError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "expert.update", id, map[string]string{"name": in.Name, "user": itoa(in.UserID)})
	})
}

// SetActive takes an expert out of the pool or back in; an inactive
// expert is assigned nothing new.
func (s *Service) SetActive(ctx context.Context, p *tiaojie.Principal, id int64, active bool) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "expert.status", id, err)
	}
	status := map[bool]string{true: "active", false: "inactive"}[active]
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE experts SET status = $1, updated_at = $2 WHERE id = $3`, status, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "expert.status", id, map[string]string{"status": status})
	})
}

// mayRead reports whether p may see expert e: those who keep the pool or
// assign experts (ratings, incubation), and the expert themself.
func mayRead(p *tiaojie.Principal, e *Expert) bool {
	return p.Can(tiaojie.PermExperts) || p.Can(tiaojie.PermRatings) || p.Can(tiaojie.PermIncubation) ||
		e.UserID != 0 && e.UserID == p.UserID
}

// Get returns an expert with their ties. A caller who may not see the
// expert gets NotFound.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Expert, error) {
	e, err := load(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !mayRead(p, e) {
		return nil, s.settle(ctx, p, "expert.read", id, audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil))
	}
	return e, nil
}

// Mine returns the caller's own expert record, NotFound when they are no
// expert.
func (s *Service) Mine(ctx context.Context, p *tiaojie.Principal) (*Expert, error) {
	id, err := ByUser(ctx, s.db.Reader(), p.UserID)
	if err != nil {
		return nil, err
	}
	return load(ctx, s.db.Reader(), id)
}

// Filter narrows List.
type Filter struct {
	Q          string // in the name, title, employer or fields
	ActiveOnly bool
}

// List returns the pool, by name, without ties, to those who keep it or
// assign from it.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Expert, error) {
	if !p.Can(tiaojie.PermExperts) && !p.Can(tiaojie.PermRatings) && !p.Can(tiaojie.PermIncubation) {
		return nil, s.settle(ctx, p, "expert.list", 0, audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), nil))
	}
	var w db.Where
	if f.ActiveOnly {
		w.Add("status = 'active'")
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := w.Arg("%" + db.EscapeLike(q) + "%")
		w.Add("(name LIKE " + like + " ESCAPE '\\' OR title LIKE " + like + " ESCAPE '\\' OR employer LIKE " + like +
			" ESCAPE '\\' OR fields LIKE " + like + " ESCAPE '\\')")
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+columns+` FROM experts WHERE `+w.String()+` ORDER BY name, id LIMIT 500`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Expert
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// DeclareTie records a tie of expert id to an organization: by the
// bureau, or by the expert themself (a declaration only ever narrows what
// they may judge).
func (s *Service) DeclareTie(ctx context.Context, p *tiaojie.Principal, id int64, t Tie) error {
	e, err := load(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	if !p.Can(tiaojie.PermExperts) && (e.UserID == 0 || e.UserID != p.UserID) {
		return s.settle(ctx, p, "expert.tie", id, audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil))
	}
	var fe tiaojie.FieldErrors
	if !slices.Contains(TieKinds(), t.Kind) {
		fe.Add("kind", "expert.tie_kind")
	}
	if t.Note = strings.TrimSpace(t.Note); utf8.RuneCountInString(t.Note) > maxText || t.Kind == TieOther && t.Note == "" {
		fe.Add("note", "expert.tie_note", "max", strconv.Itoa(maxText))
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE id = $1`, t.OrgID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			fe.Add("org_id", "expert.tie_org")
			return fe.Err()
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO expert_ties (expert_id, org_id, kind, note, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (expert_id, org_id) DO UPDATE SET kind = excluded.kind, note = excluded.note,
				declared_by = excluded.declared_by, declared_at = excluded.declared_at`,
			id, t.OrgID, t.Kind, t.Note, max(p.UserID, 0), s.now())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "expert.tie", id, map[string]string{"org": itoa(t.OrgID), "kind": t.Kind})
	})
}

// RemoveTie deletes a recorded tie; only the bureau does (an expert
// cannot free themself to judge an organization).
func (s *Service) RemoveTie(ctx context.Context, p *tiaojie.Principal, id, orgID int64) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "expert.untie", id, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM expert_ties WHERE expert_id = $1 AND org_id = $2`, id, orgID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "expert.untie", id, map[string]string{"org": itoa(orgID)})
	})
}

// CheckUntied refuses, with Conflict "expert.tied" (naming the
// organization), an expert tied to organization orgID, and with Conflict
// "expert.inactive" one out of the pool. Call it in the transaction that
// assigns the expert.
func CheckUntied(ctx context.Context, q db.Queryer, expertID, orgID int64) error {
	var status, org string
	var userID sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT e.status, e.user_id, COALESCE(o.name, '') FROM experts e LEFT JOIN orgs o ON o.id = $2
		WHERE e.id = $1`, expertID, orgID).Scan(&status, &userID, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return tiaojie.E(tiaojie.NotFound, "expert.unknown")
	}
	if err != nil {
		return err
	}
	if status != "active" {
		return tiaojie.E(tiaojie.Conflict, "expert.inactive")
	}
	var ties int
	err = q.QueryRowContext(ctx, `
		SELECT (SELECT COUNT(*) FROM expert_ties WHERE expert_id = $1 AND org_id = $2)
		     + (SELECT COUNT(*) FROM mediators m JOIN mediator_orgs mo ON mo.mediator_id = m.id
		        WHERE m.user_id = $3 AND mo.org_id = $2 AND mo.left_at IS NULL)`,
		expertID, orgID, userID).Scan(&ties)
	if err != nil {
		return err
	}
	if ties > 0 {
		return tiaojie.E(tiaojie.Conflict, "expert.tied").With("org", org)
	}
	return nil
}

// ByUser returns the expert whose login is userID, NotFound when none.
func ByUser(ctx context.Context, q db.Queryer, userID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM experts WHERE user_id = $1`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || userID <= 0 {
		return 0, tiaojie.E(tiaojie.NotFound, "expert.not_expert")
	}
	return id, err
}

const columns = `id, COALESCE(user_id, 0), name, title, employer, fields, status, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scan(sc scanner) (*Expert, error) {
	var e Expert
	var fields, status string
	if err := sc.Scan(&e.ID, &e.UserID, &e.Name, &e.Title, &e.Employer, &fields, &status, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	if fields != "" {
		e.Fields = strings.Split(fields, "\n")
	}
	e.Active = status == "active"
	return &e, nil
}

// load reads an expert and their ties.
func load(ctx context.Context, q db.Queryer, id int64) (*Expert, error) {
	e, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM experts WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
		SELECT t.org_id, o.name, t.kind, t.note, t.declared_at FROM expert_ties t JOIN orgs o ON o.id = t.org_id
		WHERE t.expert_id = $1 ORDER BY o.name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t Tie
		if err := rows.Scan(&t.OrgID, &t.OrgName, &t.Kind, &t.Note, &t.DeclaredAt); err != nil {
			return nil, err
		}
		e.Ties = append(e.Ties, t)
	}
	return e, rows.Err()
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
