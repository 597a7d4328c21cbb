package association

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

const columns = `a.id, a.org_id, o.name, o.type, o.township, a.status, a.statement, a.applied_at, a.decided_at, a.reason, a.member_since`

const from = ` FROM association_members a JOIN orgs o ON o.id = a.org_id `

type scanner interface{ Scan(...any) error }

func scan(sc scanner) (*Membership, error) {
	var m Membership
	var decided sql.NullTime
	if err := sc.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.OrgType, &m.Township, &m.Status, &m.Statement, &m.AppliedAt,
		&decided, &m.Reason, &m.MemberSince); err != nil {
		return nil, err
	}
	if decided.Valid {
		m.DecidedAt = &decided.Time
	}
	return &m, nil
}

// Get returns organization orgID's membership with its measures to the
// association and to those who may read the organization (its admins
// and mediators, its township office, the bureau); others get NotFound.
// An organization that never applied has a membership with no status.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, orgID int64) (*Membership, error) {
	q := s.db.Reader()
	var name, township string
	var typ tiaojie.OrgType
	err := q.QueryRowContext(ctx, `SELECT name, type, township FROM orgs WHERE id = $1`, orgID).Scan(&name, &typ, &township)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if !p.Can(tiaojie.PermAssociation) && !(p.Can(tiaojie.PermOrgsRead) && p.CoversOrg(orgID, township)) {
		return nil, s.settle(ctx, p, "association.read", orgID, refuseNotFound())
	}
	m, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+from+`WHERE a.org_id = $1`, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return &Membership{OrgID: orgID, OrgName: name, OrgType: typ, Township: township}, nil
	}
	if err != nil {
		return nil, err
	}
	m.Measures, err = measures(ctx, q, m.ID)
	return m, err
}

func measures(ctx context.Context, q db.Queryer, memberID int64) ([]Measure, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT m.id, m.kind, m.reason, m.decided_on, COALESCE(u.display_name, ''), m.recorded_at
		FROM association_measures m LEFT JOIN users u ON u.id = m.recorded_by
		WHERE m.member_id = $1 ORDER BY m.decided_on DESC, m.id DESC`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Measure
	for rows.Next() {
		var m Measure
		if err := rows.Scan(&m.ID, &m.Kind, &m.Reason, &m.DecidedOn, &m.Recorder, &m.At); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Filter narrows the association's list.
type Filter struct {
	Status tiaojie.MemberStatus // "" for all
	Q      string               // in the organization's name
}

// List returns every membership record, applications first, to the
// association.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Membership, error) {
	if err := keeper(p); err != nil {
		return nil, s.settle(ctx, p, "association.list", 0, err)
	}
	var w db.Where
	if f.Status != "" {
		w.Add("a.status = " + w.Arg(string(f.Status)))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		w.Add("o.name LIKE " + w.Arg("%"+db.EscapeLike(q)+"%") + " ESCAPE '\\'")
	}
	return s.query(ctx, `SELECT `+columns+from+`WHERE `+w.String()+`
		ORDER BY CASE a.status WHEN 'applied' THEN 0 ELSE 1 END, o.name, a.id LIMIT 2000`, w.Args()...)
}

// Register returns the public register of members: members and suspended
// members, by name. It holds nothing but public register data.
func (s *Service) Register(ctx context.Context) ([]Membership, error) {
	list, err := s.query(ctx, `SELECT `+columns+from+`WHERE a.status IN ('member', 'suspended') ORDER BY o.name, a.id LIMIT 2000`)
	for i := range list {
		list[i].Statement, list[i].Reason, list[i].DecidedAt = "", "", nil
		list[i].AppliedAt = time.Time{}
	}
	return list, err
}

func (s *Service) query(ctx context.Context, query string, args ...any) ([]Membership, error) {
	rows, err := s.db.Reader().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		m, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}
