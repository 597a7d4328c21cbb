package auth

import (
	"context"
	"slices"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/pii"
)

// Contact is where a member of staff is reached for a reminder: the phone
// and e-mail on their own account.
type Contact struct {
	UserID       int64
	Phone, Email string
}

// Contacts reads the accounts a query selects and returns those with a
// phone or an e-mail, phones opened. query must select, in this order,
// users.id, users.email and users.phone_enc (a service names whom it
// reminds — an organization's admins, a township's office — and this
// function alone knows how an account's phone is sealed). A nil sealer
// reads e-mail only.
func Contacts(ctx context.Context, q db.Queryer, sealer *pii.Sealer, query string, args ...any) ([]Contact, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		var enc []byte
		if err := rows.Scan(&c.UserID, &c.Email, &enc); err != nil {
			return nil, err
		}
		if enc != nil && sealer != nil {
			if c.Phone, err = sealer.OpenString(enc, phoneAAD(c.UserID)); err != nil {
				return nil, err
			}
		}
		if c.Phone != "" || c.Email != "" {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// contactColumns select what Contacts reads, from users u.
const contactColumns = `SELECT DISTINCT u.id, u.email, u.phone_enc FROM users u JOIN user_roles r ON r.user_id = u.id `

// OrgAdmins returns the active admins of organization orgID that can be
// reached: whom a reminder about the organization's own duty goes to.
func OrgAdmins(ctx context.Context, q db.Queryer, sealer *pii.Sealer, orgID int64) ([]Contact, error) {
	return Contacts(ctx, q, sealer, contactColumns+`WHERE r.org_id = $1 AND r.role = $2 AND u.status = 'active' ORDER BY u.id`,
		orgID, string(tiaojie.RoleOrgAdmin))
}

// Holding returns the active accounts that can be reached and hold perm
// through any role (the bureau's funding staff for funding.manage), so
// that a reminder follows the permission table rather than a role's name.
func Holding(ctx context.Context, q db.Queryer, sealer *pii.Sealer, perm tiaojie.Permission) ([]Contact, error) {
	var w db.Where
	var roles []string
	for _, r := range tiaojie.Roles() {
		if slices.Contains(tiaojie.RolePermissions(r), perm) {
			roles = append(roles, string(r))
		}
	}
	w.Add("r.role IN (" + db.In(&w, roles) + ")")
	w.Add("u.status = 'active'")
	return Contacts(ctx, q, sealer, contactColumns+`WHERE `+w.String()+` ORDER BY u.id`, w.Args()...)
}

// AccountPhone returns the phone of account id, "" when it has none.
func AccountPhone(ctx context.Context, q db.Queryer, sealer *pii.Sealer, id int64) (string, error) {
	var enc []byte
	if err := q.QueryRowContext(ctx, `SELECT phone_enc FROM users WHERE id = $1`, id).Scan(&enc); err != nil {
		return "", err
	}
	if enc == nil {
		return "", nil
	}
	return sealer.OpenString(enc, phoneAAD(id))
}
