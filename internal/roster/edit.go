package roster

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/search"
)

// Create adds a mediator to the roster and returns its id. The caller needs
// mediators.edit, and their scope must cover every organization named in
// the memberships: an organization admin registers mediators of their own
// organization only. The identity number and phone are sealed to the new
// row in the same transaction, and the search index is updated with it.
func (s *Service) Create(ctx context.Context, p *tiaojie.Principal, in MediatorInput) (int64, error) {
	if !p.Can(tiaojie.PermMediatorsEdit) {
		return 0, s.deny(ctx, p, forbidden("mediator.create", 0, tiaojie.PermMediatorsEdit))
	}
	in.ClearIDNumber, in.ClearPhone = false, false
	fe := s.validate(&in)
	checkGender(&fe, &in.Gender, in.IDNumber)
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, p, func(tx *db.Tx) error {
		if err := s.checkNewOrgs(ctx, tx, p, "mediator.create", 0, in.Orgs, nil); err != nil {
			return err
		}
		if err := s.checkUniqueTx(ctx, tx, 0, in.IDNumber); err != nil {
			return err
		}
		var err error
		if id, err = s.insertTx(ctx, tx, p, in); err != nil {
			return err
		}
		if err := s.sealTx(ctx, tx, id, in.IDNumber, in.Phone, true, true); err != nil {
			return err
		}
		if err := s.joinTx(ctx, tx, id, in.Orgs); err != nil {
			return err
		}
		if err := s.replaceTagsTx(ctx, tx, id, in.Specialties, in.Languages); err != nil {
			return err
		}
		if err := s.reindexTx(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "mediator.create", id, map[string]string{
			"name": in.Name, "orgs": membershipsText(in.Orgs),
			"id_number": tiaojie.MaskIDNumber(in.IDNumber), "phone": tiaojie.MaskPhone(in.Phone),
		})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// insertTx inserts the row without its sealed fields, whose aad names the
// id the insert assigns.
func (s *Service) insertTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, in MediatorInput) (int64, error) {
	now := s.now()
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO mediators (name, gender, background, certificates, practice_since, grade, bio, public,
		                       status, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $10, 1)
		RETURNING id`,
		in.Name, in.Gender, in.Background, in.Certificates, nullYear(in.PracticeSince), int(in.Grade), in.Bio, in.Public,
		max(p.UserID, 0), now).Scan(&id)
	return id, err
}

// nullYear stores an unknown year (0) as NULL.
func nullYear(y int) sql.NullInt64 { return sql.NullInt64{Int64: int64(y), Valid: y != 0} }

// checkUniqueTx refuses an identity number that another roster entry
// holds: one entry per person, found through the blind index.
func (s *Service) checkUniqueTx(ctx context.Context, tx *db.Tx, self int64, idNumber string) error {
	if idNumber == "" {
		return nil
	}
	idx, err := s.sealer.Index(idNumberKind, idNumber)
	if err != nil {
		return err
	}
	var other int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM mediators WHERE id_number_idx = $1 AND id <> $2`, idx, self).Scan(&other)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	return idTaken()
}

// idTaken is the field error for a person already on the roster.
func idTaken() error {
	var fe tiaojie.FieldErrors
	fe.Add("id_number", "mediator.id_taken")
	return fe.Err()
}

// sealTx stores the identity number and the phone sealed to row id, with
// their blind indexes; setID and setPhone say which of the two to write.
func (s *Service) sealTx(ctx context.Context, tx *db.Tx, id int64, idNumber, phone string, setID, setPhone bool) error {
	if setID {
		enc, idx, err := s.sealer.SealIndexed(idNumber, idNumberAAD(id), idNumberKind)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE mediators SET id_number_enc = $1, id_number_idx = $2 WHERE id = $3`, enc, idx, id)
		if db.IsUnique(err) {
			return idTaken()
		}
		if err != nil {
			return err
		}
	}
	if setPhone {
		enc, idx, err := s.sealer.SealIndexed(phone, phoneAAD(id), phoneKind)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mediators SET phone_enc = $1, phone_idx = $2 WHERE id = $3`, enc, idx, id); err != nil {
			return err
		}
	}
	return nil
}

// checkNewOrgs checks the organizations of ms that a mediator is to join
// (those not among its current memberships): each exists, is not dissolved
// or withdrawn, and lies within the caller's scope (else the whole action
// is refused and audited). Field errors name the index in ms.
func (s *Service) checkNewOrgs(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, ms []Membership, current map[int64]OrgMembership) error {
	ids := make([]int64, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.OrgID)
	}
	orgs, err := orgsByID(ctx, tx, ids)
	if err != nil {
		return err
	}
	var fe tiaojie.FieldErrors
	for i, m := range ms {
		o, ok := orgs[m.OrgID]
		field := "orgs[" + strconv.Itoa(i) + "].org_id"
		if _, member := current[m.OrgID]; member {
			continue
		}
		switch {
		case !ok:
			fe.Add(field, "mediator.org_unknown")
		case !reaches(p, tiaojie.PermMediatorsEdit, o.ID, o.Township):
			return &denial{action: action, objectID: objectID(id), reason: "scope",
				err: tiaojie.E(tiaojie.Forbidden, "mediator.org_out_of_scope")}
		case o.Status == tiaojie.StatusDissolved || o.Status == tiaojie.StatusWithdrawn:
			fe.Add(field, "mediator.org_closed")
		}
	}
	return fe.Err()
}

// objectID is the audit object id of a mediator, "" before it exists.
func objectID(id int64) string {
	if id <= 0 {
		return ""
	}
	return itoa(id)
}

// joinTx makes the mediator a current member of each organization at its
// position: a new membership starts now, a former one is resumed from now,
// a current one only changes position.
func (s *Service) joinTx(ctx context.Context, tx *db.Tx, id int64, ms []Membership) error {
	now := s.now()
	for _, m := range ms {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO mediator_orgs (mediator_id, org_id, position, joined_at)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (mediator_id, org_id) DO UPDATE SET
				position  = excluded.position,
				joined_at = CASE WHEN mediator_orgs.left_at IS NULL THEN mediator_orgs.joined_at ELSE excluded.joined_at END,
				left_at   = NULL`,
			id, m.OrgID, string(m.Position), now)
		if err != nil {
			return err
		}
	}
	return nil
}

// leaveTx ends the mediator's current membership of each organization; the
// row stays as the membership's history.
func (s *Service) leaveTx(ctx context.Context, tx *db.Tx, id int64, orgIDs []int64) error {
	for _, o := range orgIDs {
		_, err := tx.ExecContext(ctx, `
			UPDATE mediator_orgs SET left_at = $1 WHERE mediator_id = $2 AND org_id = $3 AND left_at IS NULL`,
			s.now(), id, o)
		if err != nil {
			return err
		}
	}
	return nil
}

// replaceTagsTx replaces the mediator's specialties and languages.
func (s *Service) replaceTagsTx(ctx context.Context, tx *db.Tx, id int64, specs, langs []string) error {
	for _, q := range []string{`DELETE FROM mediator_specialties WHERE mediator_id = $1`, `DELETE FROM mediator_languages WHERE mediator_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	for _, c := range specs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mediator_specialties (mediator_id, dispute_type) VALUES ($1, $2)`, id, c); err != nil {
			return err
		}
	}
	for _, c := range langs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mediator_languages (mediator_id, language) VALUES ($1, $2)`, id, c); err != nil {
			return err
		}
	}
	return nil
}

// reindexTx rewrites the mediator's search entry from what is stored, in
// the transaction that changed it: name, biography, certificates, and the
// Chinese names of its specialties, background and languages, so that a
// search for 婚姻 finds a mediator of 婚姻家庭 disputes.
func (s *Service) reindexTx(ctx context.Context, tx *db.Tx, id int64) error {
	r, err := s.loadSealedTx(ctx, tx, id)
	if err != nil {
		return err
	}
	texts := []string{r.Name, r.Bio, r.Certificates}
	for _, c := range r.Specialties {
		t, _ := tiaojie.DisputeTypeByCode(c)
		texts = append(texts, t.Name)
	}
	if b, ok := BackgroundByCode(r.Background); ok {
		texts = append(texts, b.Name)
	}
	for _, c := range r.Languages {
		l, _ := s.district.Language(c)
		texts = append(texts, l.Name)
	}
	return search.Index(ctx, tx, search.Mediators, id, texts...)
}

// membershipsText writes memberships for the audit trail: "12:chief,13:part_time".
func membershipsText(ms []Membership) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		parts = append(parts, itoa(m.OrgID)+":"+string(m.Position))
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// photoPublic says whether a mediator's photo may be served to anyone: it
// follows the public flag, and a mediator off the public roster (suspended
// or removed) takes the photo off with them.
func photoPublic(public bool, status tiaojie.MediatorStatus) bool {
	return public && status == tiaojie.MediatorActive
}

// years returns whole years of practice in year now since a starting year;
// 0 when unknown.
func years(since int, now time.Time) int {
	if since == 0 {
		return 0
	}
	return max(now.Year()-since, 0)
}
