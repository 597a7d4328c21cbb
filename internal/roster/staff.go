package roster

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/search"
)

// Get returns a mediator as staff see it (personal data masked) to a
// caller with mediators.read whose scope covers one of the mediator's
// organizations; to anyone else it is NotFound, so existence does not leak.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Mediator, error) {
	if !p.Can(tiaojie.PermMediatorsRead) {
		return nil, s.deny(ctx, p, forbidden("mediator.read", id, tiaojie.PermMediatorsRead))
	}
	r, err := s.loadSealedTx(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !visible(p, tiaojie.PermMediatorsRead, r.Orgs) {
		return nil, notFound()
	}
	if err := s.mask(r); err != nil {
		return nil, err
	}
	return &r.Mediator, nil
}

// RevealIDNumber returns a mediator's full identity number. Only the
// district bureau may, for a stated purpose (for example "资格核查"), and
// every reveal writes an audit row "mediator.reveal_id" with the purpose in
// the same transaction, so the number is never shown without a record of
// who saw it and why (SECURITY.md PI-05, AUD-06). A mediator without a
// number on record is NotFound ("mediator.no_id_number").
func (s *Service) RevealIDNumber(ctx context.Context, p *tiaojie.Principal, id int64, purpose string) (string, error) {
	if !mayReveal(p) {
		return "", s.deny(ctx, p, &denial{action: "mediator.reveal_id", objectID: itoa(id), reason: "reveal",
			err: tiaojie.E(tiaojie.Forbidden, "mediator.reveal_bureau_only")})
	}
	purpose = strings.TrimSpace(purpose)
	var fe tiaojie.FieldErrors
	switch n := utf8.RuneCountInString(purpose); {
	case n == 0:
		fe.Add("purpose", "mediator.purpose_required")
	case n > maxPurpose:
		fe.Add("purpose", "mediator.purpose_length", "max", fmt.Sprint(maxPurpose))
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	var number string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var enc []byte
		if err := tx.QueryRowContext(ctx, `SELECT id_number_enc FROM mediators WHERE id = $1`, id).Scan(&enc); err != nil {
			return err
		}
		var err error
		if number, err = s.sealer.OpenString(enc, idNumberAAD(id)); err != nil {
			return err
		}
		if number == "" {
			return tiaojie.E(tiaojie.NotFound, "mediator.no_id_number")
		}
		return s.record(ctx, tx, p, "mediator.reveal_id", id, map[string]string{
			"purpose": purpose, "id_number": tiaojie.MaskIDNumber(number)})
	})
	if err != nil {
		return "", err
	}
	return number, nil
}

// mayReveal reports whether p may reveal identity numbers: a district
// bureau grant, in a session that holds mediators.read.
func mayReveal(p *tiaojie.Principal) bool {
	return p.Can(tiaojie.PermMediatorsRead) && p.Has(tiaojie.RoleBureau)
}

// StaffFilter narrows the staff list and export. Zero fields do not filter.
type StaffFilter struct {
	// Q searches names, biographies, certificates, specialties and
	// languages; a full identity number or mobile number finds its holder
	// through the blind index instead.
	Q           string
	OrgID       int64
	Township    string // division code: mediators of organizations in it
	Status      tiaojie.MediatorStatus
	Grade       tiaojie.MediatorGrade // 1–4, NoGrade for ungraded, 0 any
	DisputeType string                // a specialty
	Offset      int
	Limit       int // 1…200; 0 means 50
}

// NoGrade selects ungraded mediators in StaffFilter.Grade, whose zero value
// means "any grade".
const NoGrade tiaojie.MediatorGrade = -1

// List returns the mediators within the caller's scope that match f, one
// page of them, and the number of all matches: the district bureau and the
// association see the whole roster, a township office the mediators of
// organizations in its township, an organization admin or mediator those
// of their own organizations.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f StaffFilter) ([]*Mediator, int, error) {
	if !p.Can(tiaojie.PermMediatorsRead) {
		return nil, 0, s.deny(ctx, p, forbidden("mediator.list", 0, tiaojie.PermMediatorsRead))
	}
	b, err := s.staffWhere(p, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM mediators m `+b.whereSQL(), b.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("roster: count: %w", err)
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	ms, err := s.staffRows(ctx, b, f.Limit, max(f.Offset, 0))
	return ms, total, err
}

// staffWhere builds the conditions of the staff list: the caller's scope
// and the filter.
func (s *Service) staffWhere(p *tiaojie.Principal, f StaffFilter) (*builder, error) {
	b := &builder{}
	b.where(scopeSQL(p, tiaojie.PermMediatorsRead, b.arg))
	if err := s.whereQuery(b, f.Q); err != nil {
		return nil, err
	}
	if f.OrgID != 0 {
		b.where(`EXISTS (SELECT 1 FROM mediator_orgs fo WHERE fo.mediator_id = m.id AND fo.left_at IS NULL AND fo.org_id = ` + b.arg(f.OrgID) + `)`)
	}
	if f.Township != "" {
		b.where(`EXISTS (SELECT 1 FROM mediator_orgs fo JOIN orgs o ON o.id = fo.org_id
			WHERE fo.mediator_id = m.id AND fo.left_at IS NULL AND o.township = ` + b.arg(f.Township) + `)`)
	}
	if f.Status != "" {
		b.where("m.status = " + b.arg(string(f.Status)))
	}
	switch {
	case f.Grade == NoGrade:
		b.where("m.grade = 0")
	case f.Grade != 0:
		b.where("m.grade = " + b.arg(int(f.Grade)))
	}
	if f.DisputeType != "" {
		b.where(`EXISTS (SELECT 1 FROM mediator_specialties fs WHERE fs.mediator_id = m.id AND fs.dispute_type = ` + b.arg(f.DisputeType) + `)`)
	}
	return b, nil
}

// whereQuery adds the staff query: an exact identity number or phone
// through its blind index, otherwise the full-text search.
func (s *Service) whereQuery(b *builder, q string) error {
	if id := tiaojie.NormalizeIDNumber(q); id != "" && tiaojie.ValidateIDNumber(id, s.clock.Now()) == nil {
		idx, err := s.sealer.Index(idNumberKind, id)
		b.where("m.id_number_idx = " + b.arg(idx))
		return err
	}
	if ph := tiaojie.NormalizePhone(q); ph != "" && tiaojie.ValidatePhone(ph) == nil {
		idx, err := s.sealer.Index(phoneKind, ph)
		b.where("m.phone_idx = " + b.arg(idx))
		return err
	}
	b.where(search.Parse(q).Clause(s.db.Engine(), search.Mediators, "m.id", b.arg))
	return nil
}

// staffRows reads one page of the staff list, by name, masked, with
// details.
func (s *Service) staffRows(ctx context.Context, b *builder, limit, offset int) ([]*Mediator, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+mediatorColumns+` FROM mediators m `+b.whereSQL()+`
		ORDER BY `+nameOrder(s.db.Engine())+`, m.id LIMIT `+b.arg(limit)+` OFFSET `+b.arg(offset), b.args...)
	if err != nil {
		return nil, fmt.Errorf("roster: list: %w", err)
	}
	defer rows.Close()
	var out []*Mediator
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, fmt.Errorf("roster: list: %w", err)
		}
		if err := s.mask(r); err != nil {
			return nil, err
		}
		out = append(out, &r.Mediator)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("roster: list: %w", err)
	}
	return out, s.details(ctx, s.db.Reader(), out)
}

// nameOrder returns the ORDER BY term for names, byte-wise (code point
// order) on both engines, whatever collation a PostgreSQL database has,
// so that both engines list the same names in the same order.
func nameOrder(e db.Engine) string {
	if e == db.Postgres {
		return `m.name COLLATE "C"`
	}
	return "m.name"
}
