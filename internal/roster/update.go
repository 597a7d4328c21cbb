package roster

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Update edits a mediator. version is the Version the editor saw; if the
// record changed since, the edit is refused with "mediator.stale" rather
// than silently overwriting someone else's change. The caller needs
// mediators.edit and the mediator must be within their scope (else
// NotFound). An organization admin may add and remove memberships of their
// own organization only: memberships of organizations outside the caller's
// scope stay exactly as they are. A removed mediator cannot be edited.
func (s *Service) Update(ctx context.Context, p *tiaojie.Principal, id int64, in MediatorInput, version int) error {
	if !p.Can(tiaojie.PermMediatorsEdit) {
		return s.deny(ctx, p, forbidden("mediator.update", id, tiaojie.PermMediatorsEdit))
	}
	fe := s.validate(&in)
	keepID := in.IDNumber == "" && !in.ClearIDNumber
	if !keepID {
		checkGender(&fe, &in.Gender, in.IDNumber)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.write(ctx, p, func(tx *db.Tx) error {
		cur, err := s.editableTx(ctx, tx, p, id, version)
		if err != nil {
			return err
		}
		if keepID {
			if err := s.checkStoredGender(cur, &in.Gender); err != nil {
				return err
			}
		} else if err := s.checkUniqueTx(ctx, tx, id, in.IDNumber); err != nil {
			return err
		}
		joins, leaves, err := s.planMemberships(ctx, tx, p, id, cur.Orgs, in.Orgs)
		if err != nil {
			return err
		}
		setPhone := in.Phone != "" || in.ClearPhone
		if err := s.updateRowTx(ctx, tx, id, in, version); err != nil {
			return err
		}
		if err := s.sealTx(ctx, tx, id, in.IDNumber, in.Phone, !keepID, setPhone); err != nil {
			return err
		}
		if err := s.applyUpdateTx(ctx, tx, cur, in, joins, leaves); err != nil {
			return err
		}
		detail := map[string]string{"fields": strings.Join(changedFields(cur, in, !keepID, setPhone), ","),
			"orgs_joined": membershipsText(joins), "orgs_left": idsText(leaves)}
		if !keepID {
			detail["id_number"] = tiaojie.MaskIDNumber(in.IDNumber)
		}
		if setPhone {
			detail["phone"] = tiaojie.MaskPhone(in.Phone)
		}
		return s.record(ctx, tx, p, "mediator.update", id, detail)
	})
}

// editableTx loads a mediator that p may edit at version: within scope
// (else NotFound), not removed, not changed since.
func (s *Service) editableTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64, version int) (*row, error) {
	cur, err := s.loadSealedTx(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case !visible(p, tiaojie.PermMediatorsEdit, cur.Orgs):
		return nil, notFound()
	case cur.Status == tiaojie.MediatorRemoved:
		return nil, tiaojie.E(tiaojie.Conflict, "mediator.removed")
	case cur.Version != version:
		return nil, tiaojie.E(tiaojie.Conflict, "mediator.stale")
	}
	return cur, nil
}

// checkStoredGender makes the gender agree with the identity number on
// record, which the edit keeps.
func (s *Service) checkStoredGender(cur *row, gender *string) error {
	stored, err := s.sealer.OpenString(cur.idEnc, idNumberAAD(cur.ID))
	if err != nil {
		return err
	}
	var fe tiaojie.FieldErrors
	checkGender(&fe, gender, stored)
	return fe.Err()
}

// planMemberships works out which memberships an edit starts or changes
// (joins) and which it ends (leaves). Only memberships of organizations
// within p's scope are touched; an organization newly named must pass
// checkNewOrgs.
func (s *Service) planMemberships(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64, cur []OrgMembership, want []Membership) (joins []Membership, leaves []int64, err error) {
	current := map[int64]OrgMembership{}
	for _, c := range cur {
		current[c.OrgID] = c
	}
	mine := func(c OrgMembership) bool { return reaches(p, tiaojie.PermMediatorsEdit, c.OrgID, c.Township) }
	if err := s.checkNewOrgs(ctx, tx, p, "mediator.update", id, want, current); err != nil {
		return nil, nil, err
	}
	wanted := map[int64]bool{}
	for _, w := range want {
		wanted[w.OrgID] = true
		c, exists := current[w.OrgID]
		switch {
		case !exists:
			joins = append(joins, w)
		case mine(c) && c.Position != w.Position:
			joins = append(joins, w)
		}
	}
	for _, c := range cur {
		if mine(c) && !wanted[c.OrgID] {
			leaves = append(leaves, c.OrgID)
		}
	}
	return joins, leaves, nil
}

// updateRowTx writes the profile columns under the optimistic lock.
func (s *Service) updateRowTx(ctx context.Context, tx *db.Tx, id int64, in MediatorInput, version int) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE mediators SET name = $1, gender = $2, background = $3, certificates = $4, practice_since = $5,
		                     grade = $6, bio = $7, public = $8, updated_at = $9, version = version + 1
		WHERE id = $10 AND version = $11`,
		in.Name, in.Gender, in.Background, in.Certificates, nullYear(in.PracticeSince), int(in.Grade), in.Bio, in.Public,
		s.now(), id, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return tiaojie.E(tiaojie.Conflict, "mediator.stale").Wrap(err)
	}
	return nil
}

// applyUpdateTx writes what hangs off the row: memberships, specialties,
// languages, the photo's visibility and the search entry.
func (s *Service) applyUpdateTx(ctx context.Context, tx *db.Tx, cur *row, in MediatorInput, joins []Membership, leaves []int64) error {
	if err := s.joinTx(ctx, tx, cur.ID, joins); err != nil {
		return err
	}
	if err := s.leaveTx(ctx, tx, cur.ID, leaves); err != nil {
		return err
	}
	if err := s.replaceTagsTx(ctx, tx, cur.ID, in.Specialties, in.Languages); err != nil {
		return err
	}
	was, now := photoPublic(cur.Public, cur.Status), photoPublic(in.Public, cur.Status)
	if cur.Photo != "" && was != now {
		if err := files.SetPublic(ctx, tx, cur.Photo, now); err != nil {
			return err
		}
	}
	return s.reindexTx(ctx, tx, cur.ID)
}

// changedFields names the fields an edit changes, for the audit trail
// (names only: the values of personal fields never go there in clear).
func changedFields(cur *row, in MediatorInput, idChanged, phoneChanged bool) []string {
	var out []string
	add := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	add("name", cur.Name != in.Name)
	add("gender", cur.Gender != in.Gender)
	add("id_number", idChanged)
	add("phone", phoneChanged)
	add("background", cur.Background != in.Background)
	add("certificates", cur.Certificates != in.Certificates)
	add("practice_since", cur.PracticeSince != in.PracticeSince)
	add("grade", cur.Grade != in.Grade)
	add("specialties", !sameSet(cur.Specialties, in.Specialties))
	add("languages", !sameSet(cur.Languages, in.Languages))
	add("bio", cur.Bio != in.Bio)
	add("public", cur.Public != in.Public)
	return out
}

// sameSet reports whether a and b hold the same codes in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// idsText writes organization ids for the audit trail.
func idsText(ids []int64) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	return strings.Join(parts, ",")
}
