package roster

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"tiaojie"
	"tiaojie/internal/db"
)

// SetLogin links a mediator's roster entry to the account they log in
// with (0 unlinks it), so that the cases assigned to them are theirs to
// mediate: the case service knows the assigned mediator by this link. The
// account must hold the mediator role in one of the mediator's current
// organizations, and may stand for one roster entry only. The caller needs
// mediators.edit within their scope; the change is audited.
func (s *Service) SetLogin(ctx context.Context, p *tiaojie.Principal, id, userID int64) error {
	if !p.Can(tiaojie.PermMediatorsEdit) {
		return s.deny(ctx, p, forbidden("mediator.login", id, tiaojie.PermMediatorsEdit))
	}
	return s.write(ctx, p, func(tx *db.Tx) error {
		cur, err := s.loadSealedTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !visible(p, tiaojie.PermMediatorsEdit, cur.Orgs) {
			return notFound()
		}
		if cur.Status == tiaojie.MediatorRemoved {
			return tiaojie.E(tiaojie.Conflict, "mediator.removed")
		}
		var link any
		if userID != 0 {
			if err := loginFits(ctx, tx, cur, userID); err != nil {
				return err
			}
			link = userID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mediators SET user_id = $1, updated_at = $2, version = version + 1 WHERE id = $3`,
			link, s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "mediator.login", id, map[string]string{"user": itoa(userID)})
	})
}

// loginFits checks that the account may stand for the mediator: it holds
// the mediator role of one of the mediator's current organizations, and no
// other roster entry uses it.
func loginFits(ctx context.Context, tx *db.Tx, cur *row, userID int64) error {
	var fe tiaojie.FieldErrors
	rows, err := tx.QueryContext(ctx, `SELECT org_id FROM user_roles WHERE user_id = $1 AND role = $2`, userID, string(tiaojie.RoleMediator))
	if err != nil {
		return err
	}
	var orgs []int64
	for rows.Next() {
		var o int64
		if err := rows.Scan(&o); err != nil {
			rows.Close()
			return err
		}
		orgs = append(orgs, o)
	}
	rows.Close()
	if !slices.ContainsFunc(cur.Orgs, func(m OrgMembership) bool { return slices.Contains(orgs, m.OrgID) }) {
		fe.Add("user_id", "mediator.login_role")
		return fe.Err()
	}
	var other int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM mediators WHERE user_id = $1 AND id <> $2`, userID, cur.ID).Scan(&other)
	if err == nil {
		fe.Add("user_id", "mediator.login_taken")
		return fe.Err()
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}
