package agencies

import (
	"context"

	"tiaojie"
)

// Partners returns the active accounts holding the partner role, by name:
// those the bureau may tie to an agency.
func (s *Service) Partners(ctx context.Context, p *tiaojie.Principal) ([]Member, error) {
	if err := keeper(p); err != nil {
		return nil, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT u.id, COALESCE(u.login, ''), u.display_name, u.created_at FROM users u
		WHERE u.status = 'active' AND u.id IN (SELECT r.user_id FROM user_roles r WHERE r.role = $1)
		ORDER BY u.display_name, u.id`, tiaojie.RolePartner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Login, &m.Name, &m.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
