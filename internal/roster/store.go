package roster

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Mediator is a roster entry as staff see it. Personal data is masked
// (IDNumberMasked, PhoneMasked); the full identity number is only ever
// returned by RevealIDNumber.
type Mediator struct {
	ID             int64
	Name           string
	Gender         string // "", "male" or "female"
	IDNumberMasked string // e.g. 310***********1234; "" when none is on record
	PhoneMasked    string // e.g. 138****5678; "" when none is on record
	Photo          string // file key of the photo; "" for none
	Background     string
	Certificates   string
	PracticeSince  int // year; 0 unknown
	Grade          tiaojie.MediatorGrade
	Specialties    []string // dispute type codes, in taxonomy order
	Languages      []string // language codes, in the district's order
	Bio            string
	Public         bool
	Status         tiaojie.MediatorStatus
	StatusReason   string
	StatusDecision string    // the removal decision (除名决定)
	StatusAt       time.Time // zero if the status never changed
	Orgs           []OrgMembership
	UserID         int64 // the mediator's login, 0 if none
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int // pass back to Update (optimistic lock)
}

// OrgMembership is one current membership with the organization's
// particulars that staff pages show beside it.
type OrgMembership struct {
	OrgID     int64
	OrgName   string
	Township  string // division code of the organization's township
	OrgStatus tiaojie.OrgStatus
	Position  Position
	JoinedAt  time.Time
}

// mediatorColumns are read by scanRow, in its order.
const mediatorColumns = `m.id, m.name, m.gender, m.id_number_enc, m.phone_enc, m.photo_file, m.background,
	m.certificates, m.practice_since, m.grade, m.bio, m.public, m.status, m.status_reason, m.status_decision,
	m.status_at, m.user_id, m.created_at, m.updated_at, m.version`

// row is a mediators row with its sealed fields still sealed.
type row struct {
	Mediator
	idEnc, phoneEnc []byte
}

// scanRow reads one row of mediatorColumns.
func scanRow(sc interface{ Scan(...any) error }) (*row, error) {
	var r row
	var photo sql.NullString
	var since, user sql.NullInt64
	var statusAt sql.NullTime
	var status string
	err := sc.Scan(&r.ID, &r.Name, &r.Gender, &r.idEnc, &r.phoneEnc, &photo, &r.Background,
		&r.Certificates, &since, &r.Grade, &r.Bio, &r.Public, &status, &r.StatusReason, &r.StatusDecision,
		&statusAt, &user, &r.CreatedAt, &r.UpdatedAt, &r.Version)
	if err != nil {
		return nil, err
	}
	r.Photo, r.PracticeSince, r.UserID = photo.String, int(since.Int64), user.Int64
	r.Status, r.StatusAt = tiaojie.MediatorStatus(status), statusAt.Time
	return &r, nil
}

// mask opens the sealed fields of r and fills their masked forms.
func (s *Service) mask(r *row) error {
	id, err := s.sealer.OpenString(r.idEnc, idNumberAAD(r.ID))
	if err != nil {
		return err
	}
	phone, err := s.sealer.OpenString(r.phoneEnc, phoneAAD(r.ID))
	if err != nil {
		return err
	}
	r.IDNumberMasked, r.PhoneMasked = tiaojie.MaskIDNumber(id), tiaojie.MaskPhone(phone)
	return nil
}

// loadTx reads one mediator with its current memberships, specialties and
// languages, masked; NotFound if there is none.
func (s *Service) loadTx(ctx context.Context, q db.Queryer, id int64) (*row, error) {
	r, err := s.loadSealedTx(ctx, q, id)
	if err != nil {
		return nil, err
	}
	return r, s.mask(r)
}

// loadSealedTx is loadTx without opening the sealed fields, for callers
// that have no use for them.
func (s *Service) loadSealedTx(ctx context.Context, q db.Queryer, id int64) (*row, error) {
	r, err := scanRow(q.QueryRowContext(ctx, `SELECT `+mediatorColumns+` FROM mediators m WHERE m.id = $1`, id))
	if err != nil {
		return nil, db.MapError(err)
	}
	if err := s.details(ctx, q, []*Mediator{&r.Mediator}); err != nil {
		return nil, err
	}
	return r, nil
}

// details fills the memberships, specialties and languages of ms with
// three queries, whatever the number of mediators.
func (s *Service) details(ctx context.Context, q db.Queryer, ms []*Mediator) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[int64]*Mediator, len(ms))
	ids := make([]int64, 0, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
		ids = append(ids, m.ID)
	}
	orgs, err := membershipsOf(ctx, q, ids, false)
	if err != nil {
		return err
	}
	specs, langs, err := s.tagsOf(ctx, q, ids)
	if err != nil {
		return err
	}
	for id, m := range byID {
		m.Orgs, m.Specialties, m.Languages = orgs[id], specs[id], langs[id]
	}
	return nil
}

// membershipsOf returns the current memberships of the mediators, chief
// positions first; publicOnly keeps those in organizations the public sees.
func membershipsOf(ctx context.Context, q db.Queryer, ids []int64, publicOnly bool) (map[int64][]OrgMembership, error) {
	var b builder
	b.where("mo.left_at IS NULL")
	b.where("mo.mediator_id IN (" + list(&b, ids) + ")")
	if publicOnly {
		b.where("o.status IN (" + list(&b, publicOrgStatuses()) + ")")
	}
	rows, err := q.QueryContext(ctx, `
		SELECT mo.mediator_id, mo.org_id, o.name, o.township, o.status, mo.position, mo.joined_at
		FROM mediator_orgs mo JOIN orgs o ON o.id = mo.org_id
		`+b.whereSQL()+`
		ORDER BY mo.mediator_id, mo.org_id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("roster: memberships: %w", err)
	}
	defer rows.Close()
	out := map[int64][]OrgMembership{}
	for rows.Next() {
		var mid int64
		var m OrgMembership
		var status, pos string
		if err := rows.Scan(&mid, &m.OrgID, &m.OrgName, &m.Township, &status, &pos, &m.JoinedAt); err != nil {
			return nil, fmt.Errorf("roster: memberships: %w", err)
		}
		m.OrgStatus, m.Position = tiaojie.OrgStatus(status), Position(pos)
		out[mid] = append(out[mid], m)
	}
	for _, ms := range out {
		slices.SortStableFunc(ms, func(a, b OrgMembership) int { return cmp.Compare(a.Position.rank(), b.Position.rank()) })
	}
	return out, rows.Err()
}

// tagsOf returns the specialties and languages of the mediators, each in
// its display order (the taxonomy's, the district's).
func (s *Service) tagsOf(ctx context.Context, q db.Queryer, ids []int64) (specs, langs map[int64][]string, err error) {
	var b builder
	in := list(&b, ids)
	rows, err := q.QueryContext(ctx, `
		SELECT mediator_id, 's', dispute_type FROM mediator_specialties WHERE mediator_id IN (`+in+`)
		UNION ALL
		SELECT mediator_id, 'l', language FROM mediator_languages WHERE mediator_id IN (`+in+`)`, b.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("roster: specialties and languages: %w", err)
	}
	defer rows.Close()
	specs, langs = map[int64][]string{}, map[int64][]string{}
	for rows.Next() {
		var id int64
		var kind, code string
		if err := rows.Scan(&id, &kind, &code); err != nil {
			return nil, nil, fmt.Errorf("roster: specialties and languages: %w", err)
		}
		if kind == "s" {
			specs[id] = append(specs[id], code)
		} else {
			langs[id] = append(langs[id], code)
		}
	}
	for id := range specs {
		sortByOrder(specs[id], specialtyOrder())
	}
	for id := range langs {
		sortByOrder(langs[id], s.languageOrder())
	}
	return specs, langs, rows.Err()
}

// specialtyOrder returns the dispute type codes in taxonomy order.
func specialtyOrder() []string {
	var out []string
	for _, t := range tiaojie.DisputeTypes() {
		out = append(out, t.Code)
	}
	return out
}

// languageOrder returns the district's language codes in its order.
func (s *Service) languageOrder() []string {
	var out []string
	for _, l := range s.district.Languages {
		out = append(out, l.Code)
	}
	return out
}

// sortByOrder sorts codes by their place in order; unknown codes go last.
func sortByOrder(codes, order []string) {
	pos := func(c string) int {
		if i := slices.Index(order, c); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(codes, func(a, b string) int { return cmp.Or(cmp.Compare(pos(a), pos(b)), strings.Compare(a, b)) })
}

// org is what the roster needs to know of an organization.
type org struct {
	ID       int64
	Name     string
	Township string
	Status   tiaojie.OrgStatus
}

// orgsByID reads the organizations with the ids; missing ones are absent
// from the map.
func orgsByID(ctx context.Context, q db.Queryer, ids []int64) (map[int64]org, error) {
	out := map[int64]org{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	rows, err := q.QueryContext(ctx, `SELECT id, name, township, status FROM orgs WHERE id IN (`+list(&b, ids)+`)`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("roster: organizations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o org
		var status string
		if err := rows.Scan(&o.ID, &o.Name, &o.Township, &status); err != nil {
			return nil, fmt.Errorf("roster: organizations: %w", err)
		}
		o.Status = tiaojie.OrgStatus(status)
		out[o.ID] = o
	}
	return out, rows.Err()
}

// publicOrgStatuses lists the organization statuses the public sees.
func publicOrgStatuses() []string {
	var out []string
	for _, st := range tiaojie.OrgStatuses() {
		if st.Public() {
			out = append(out, string(st))
		}
	}
	return out
}

// builder collects the conditions and numbered parameters of a query, so
// optional filters can be added without counting placeholders by hand.
type builder struct {
	conds []string
	args  []any
}

// arg registers a parameter and returns its placeholder.
func (b *builder) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

// list registers each value and returns the placeholders, comma-separated,
// for an IN (…) list; callers never pass an empty slice.
func list[T any](b *builder, vs []T) string {
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = b.arg(v)
	}
	return strings.Join(ph, ", ")
}

// where adds a condition; "" is ignored.
func (b *builder) where(cond string) {
	if cond != "" {
		b.conds = append(b.conds, cond)
	}
}

// whereSQL returns the WHERE clause of the conditions, or "".
func (b *builder) whereSQL() string {
	if len(b.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(b.conds, " AND ")
}
