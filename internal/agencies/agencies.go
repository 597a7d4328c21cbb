// Package agencies keeps the partner agencies (协作单位, SPEC C12): the
// departments (民政, 财政, 工会, 妇联, 法院, 公安, 信访 …) that refer
// disputes to mediation, meet with the bureau and may buy mediation
// services, and the partner accounts that act for each.
//
// Who does what. The bureau (PermAgencies) registers agencies and ties
// partner accounts to them. The list of agencies and their members' names
// is read by staff; an account's own agencies (OfUser) tell the other
// capabilities (referrals, meetings, procurement) whom a partner acts for.
package agencies

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
)

// Deps are the collaborators of the Service.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Clock clock.Clock
	Log   *slog.Logger
}

// Service keeps the agencies.
type Service struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
}

// New returns a Service.
func New(d Deps) *Service { return &Service{db: d.DB, audit: d.Audit, clock: d.Clock} }

// Agency is one partner agency.
type Agency struct {
	ID        int64
	Name      string
	Kind      tiaojie.AgencyKind
	Contact   string
	Note      string
	Active    bool
	Members   int // partner accounts acting for it
	UpdatedAt time.Time
}

// Member is a partner account acting for an agency.
type Member struct {
	UserID  int64
	Login   string
	Name    string
	AddedAt time.Time
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "agency", audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "agency", ObjectID: strconv.FormatInt(id, 10), Detail: detail})
}

func keeper(p *tiaojie.Principal) error {
	if !p.Can(tiaojie.PermAgencies) {
		return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermAgencies)})
	}
	return nil
}

// Create registers an agency.
func (s *Service) Create(ctx context.Context, p *tiaojie.Principal, in tiaojie.AgencyInput) (int64, error) {
	if err := keeper(p); err != nil {
		return 0, s.settle(ctx, p, "agency.create", 0, err)
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := nameFree(ctx, tx, in.Name, 0); err != nil {
			return err
		}
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO agencies (name, kind, contact, note, active, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, TRUE, $5, $6, $6) RETURNING id`,
			in.Name, in.Kind, in.Contact, in.Note, max(p.UserID, 0), now).Scan(&id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "agency.create", id, map[string]string{"name": in.Name, "kind": string(in.Kind)})
	})
	return id, err
}

// Update changes an agency's details, or retires it (active false): a
// retired agency keeps its history but takes no new referrals, meetings
// or projects.
func (s *Service) Update(ctx context.Context, p *tiaojie.Principal, id int64, in tiaojie.AgencyInput, active bool) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "agency.update", id, err)
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := nameFree(ctx, tx, in.Name, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE agencies SET name = $1, kind = $2, contact = $3, note = $4, active = $5, updated_at = $6 WHERE id = $7`,
			in.Name, in.Kind, in.Contact, in.Note, active, s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "agency.update", id, map[string]string{"name": in.Name, "active": strconv.FormatBool(active)})
	})
}

// nameFree refuses a name another agency has.
func nameFree(ctx context.Context, q db.Queryer, name string, except int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM agencies WHERE name = $1 AND id <> $2`, name, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		var fe tiaojie.FieldErrors
		fe.Add("name", "agency.name_taken")
		return fe.Err()
	}
	return nil
}

const agencyCols = `a.id, a.name, a.kind, a.contact, a.note, a.active, a.updated_at,
	(SELECT count(*) FROM agency_members m WHERE m.agency_id = a.id)`

func scanAgency(r interface{ Scan(...any) error }) (Agency, error) {
	var a Agency
	err := r.Scan(&a.ID, &a.Name, &a.Kind, &a.Contact, &a.Note, &a.Active, &a.UpdatedAt, &a.Members)
	return a, err
}

// List returns the agencies, active ones first, by name. Staff read it;
// the names of partner agencies are not confidential.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal) ([]Agency, error) {
	if !p.Staff() {
		return nil, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+agencyCols+` FROM agencies a ORDER BY a.active DESC, a.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get returns one agency with its members. Staff read it.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (Agency, []Member, error) {
	if !p.Staff() {
		return Agency{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	q := s.db.Reader()
	a, err := scanAgency(q.QueryRowContext(ctx, `SELECT `+agencyCols+` FROM agencies a WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Agency{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return Agency{}, nil, err
	}
	rows, err := q.QueryContext(ctx, `
		SELECT m.user_id, COALESCE(u.login, ''), u.display_name, m.added_at FROM agency_members m JOIN users u ON u.id = m.user_id
		WHERE m.agency_id = $1 ORDER BY u.display_name`, id)
	if err != nil {
		return Agency{}, nil, err
	}
	defer rows.Close()
	var ms []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Login, &m.Name, &m.AddedAt); err != nil {
			return Agency{}, nil, err
		}
		ms = append(ms, m)
	}
	return a, ms, rows.Err()
}

// AddMember ties a partner account to an agency. The account must hold the
// partner role: a bureau or organization account does not act for an
// agency.
func (s *Service) AddMember(ctx context.Context, p *tiaojie.Principal, agencyID, userID int64) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "agency.member_add", agencyID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := exists(ctx, tx, agencyID); err != nil {
			return err
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM user_roles WHERE user_id = $1 AND role = $2`,
			userID, tiaojie.RolePartner).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			var fe tiaojie.FieldErrors
			fe.Add("user_id", "agency.member_not_partner")
			return fe.Err()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO agency_members (agency_id, user_id, added_at) VALUES ($1, $2, $3)
			ON CONFLICT (agency_id, user_id) DO NOTHING`, agencyID, userID, s.now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "agency.member_already")
		}
		return s.record(ctx, tx, p, "agency.member_add", agencyID, map[string]string{"user": strconv.FormatInt(userID, 10)})
	})
}

// RemoveMember unties a partner account from an agency.
func (s *Service) RemoveMember(ctx context.Context, p *tiaojie.Principal, agencyID, userID int64) error {
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, "agency.member_remove", agencyID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM agency_members WHERE agency_id = $1 AND user_id = $2`, agencyID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		return s.record(ctx, tx, p, "agency.member_remove", agencyID, map[string]string{"user": strconv.FormatInt(userID, 10)})
	})
}

// OfUser returns the active agencies a user acts for, by name: what the
// other capabilities ask before letting a partner refer, meet or buy on
// an agency's behalf.
func (s *Service) OfUser(ctx context.Context, userID int64) ([]Agency, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+agencyCols+` FROM agencies a
		JOIN agency_members am ON am.agency_id = a.id WHERE am.user_id = $1 AND a.active ORDER BY a.name`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ActsFor reports whether the caller acts for agency agencyID: a partner
// tied to it, while it is active.
func (s *Service) ActsFor(ctx context.Context, p *tiaojie.Principal, agencyID int64) (bool, error) {
	if !p.LoggedIn() || !p.Has(tiaojie.RolePartner) {
		return false, nil
	}
	var n int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM agency_members am JOIN agencies a ON a.id = am.agency_id
		WHERE am.agency_id = $1 AND am.user_id = $2 AND a.active`, agencyID, p.UserID).Scan(&n)
	return n > 0, err
}

func exists(ctx context.Context, q db.Queryer, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM agencies WHERE id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return nil
}
