package auth

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// User is an account as the administration pages see it. Personal data is
// masked: PhoneMasked, never the number.
type User struct {
	ID          int64
	Login       string
	DisplayName string
	Email       string
	PhoneMasked string
	Status      string // "active" or "disabled"
	Grants      []tiaojie.Grant
	TOTPEnabled bool
	MustChange  bool
	LockedUntil time.Time
	LastLoginAt time.Time
	CreatedAt   time.Time
}

// Staff reports whether the user holds a staff role.
func (u *User) Staff() bool {
	return (&tiaojie.Principal{UserID: u.ID, Grants: u.Grants}).Staff()
}

// NewUser is the input for creating an account.
type NewUser struct {
	Login       string
	DisplayName string
	Email       string
	Phone       string
	Password    string
	Grants      []tiaojie.Grant
	// MustChange makes the user choose a new password at first login; set
	// when an administrator picked the password.
	MustChange bool
}

var loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// NormalizeLogin folds a login to its canonical form (NFKC, lower case,
// trimmed), so "Zhang", "zhang" and "ｚｈａｎｇ" are one account (AUTH-01).
func NormalizeLogin(s string) string {
	return strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
}

func (s *Service) validateNewUser(u *NewUser) error {
	var fe tiaojie.FieldErrors
	u.Login = NormalizeLogin(u.Login)
	if !loginPattern.MatchString(u.Login) {
		fe.Add("login", "user.login_format")
	}
	fe = append(fe, validateProfile(&u.DisplayName, &u.Email, &u.Phone)...)
	fe = append(fe, s.cfg.Policy.check("password", u.Password, u.Login, s.common, s.contextWords(u.Phone)...)...)
	if err := fe.Err(); err != nil {
		return err
	}
	return tiaojie.ValidateGrants(u.Grants, s.district)
}

func validateProfile(name, email, phone *string) tiaojie.FieldErrors {
	var fe tiaojie.FieldErrors
	*name = strings.TrimSpace(*name)
	if n := utf8.RuneCountInString(*name); n < 1 || n > 64 {
		fe.Add("display_name", "user.name_length", "max", "64")
	}
	*email = strings.TrimSpace(*email)
	if *email != "" {
		if a, err := mail.ParseAddress(*email); err != nil || a.Address != *email || len(*email) > 254 {
			fe.Add("email", "user.email_format")
		}
	}
	*phone = tiaojie.NormalizePhone(*phone)
	if *phone != "" && tiaojie.ValidatePhone(*phone) != nil {
		fe.Add("phone", "phone.format")
	}
	return fe
}

func (s *Service) contextWords(phone string) []string {
	w := append([]string{}, s.cfg.ContextWords...)
	if phone != "" {
		w = append(w, phone)
	}
	return w
}

// CreateUser creates an account. Only a user with users.manage may.
func (s *Service) CreateUser(ctx context.Context, p *tiaojie.Principal, u NewUser) (int64, error) {
	if !p.Can(tiaojie.PermUsersManage) {
		return 0, s.deny(ctx, p, "user.create", tiaojie.PermUsersManage)
	}
	if err := s.validateNewUser(&u); err != nil {
		return 0, err
	}
	hash, err := s.cfg.Hasher.Hash(u.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO users (login, display_name, email, password_hash, password_changed_at,
			                   must_change_password, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $5, $5) RETURNING id`,
			u.Login, u.DisplayName, u.Email, hash, now, u.MustChange).Scan(&id)
		if db.IsUnique(err) {
			var fe tiaojie.FieldErrors
			fe.Add("login", "user.login_taken")
			return fe.Err()
		}
		if err != nil {
			return err
		}
		if err := s.setPhoneTx(ctx, tx, id, u.Phone); err != nil {
			return err
		}
		if err := s.insertHistoryTx(ctx, tx, id, hash, now); err != nil {
			return err
		}
		if err := s.replaceGrantsTx(ctx, tx, p, id, u.Grants, now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10),
			Detail: map[string]string{"login": u.Login, "roles": grantsText(u.Grants)}})
	})
	return id, err
}

// setPhoneTx stores a phone encrypted, bound to its row, with its blind
// index for lookups at phone-code login.
func (s *Service) setPhoneTx(ctx context.Context, tx *db.Tx, id int64, phone string) error {
	var enc []byte
	var idx sql.NullString
	if phone != "" {
		var err error
		if enc, err = s.sealer.SealString(phone, phoneAAD(id)); err != nil {
			return err
		}
		i, err := s.sealer.Index("phone", phone)
		if err != nil {
			return err
		}
		idx = sql.NullString{String: i, Valid: true}
	}
	_, err := tx.ExecContext(ctx, `UPDATE users SET phone_enc = $1, phone_idx = $2 WHERE id = $3`, enc, idx, id)
	if db.IsUnique(err) {
		var fe tiaojie.FieldErrors
		fe.Add("phone", "user.phone_taken")
		return fe.Err()
	}
	return err
}

func phoneAAD(id int64) string { return "users.phone:" + strconv.FormatInt(id, 10) }
func totpAAD(id int64) string  { return "users.totp:" + strconv.FormatInt(id, 10) }

func (s *Service) replaceGrantsTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64, grants []tiaojie.Grant, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
		return err
	}
	for _, g := range grants {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO user_roles (user_id, role, township_code, org_id, granted_by, granted_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, string(g.Role), g.Township, g.OrgID, max(p.UserID, 0), now)
		if err != nil {
			return err
		}
	}
	return nil
}

func grantsText(grants []tiaojie.Grant) string {
	parts := make([]string, 0, len(grants))
	for _, g := range grants {
		s := string(g.Role)
		if g.Township != "" {
			s += "@" + g.Township
		}
		if g.OrgID != 0 {
			s += "@org" + strconv.FormatInt(g.OrgID, 10)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

// SetGrants replaces a user's roles. The separation of duties is checked
// on the full new set, and an administrator cannot take the admin role from
// themselves (the platform must keep one way in).
func (s *Service) SetGrants(ctx context.Context, p *tiaojie.Principal, id int64, grants []tiaojie.Grant) error {
	if !p.Can(tiaojie.PermUsersManage) {
		return s.deny(ctx, p, "user.grant", tiaojie.PermUsersManage)
	}
	if err := tiaojie.ValidateGrants(grants, s.district); err != nil {
		return err
	}
	if id == p.UserID && !(&tiaojie.Principal{UserID: id, Grants: grants}).Has(tiaojie.RoleAdmin) {
		return tiaojie.E(tiaojie.Conflict, "user.keep_own_admin")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := grantsTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.replaceGrantsTx(ctx, tx, p, id, grants, s.now()); err != nil {
			return err
		}
		// New powers take effect at the next login: end the user's sessions.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "user.grant", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10),
			Detail: map[string]string{"before": grantsText(before), "after": grantsText(grants)}})
	})
}

func grantsTx(ctx context.Context, q db.Queryer, id int64) ([]tiaojie.Grant, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT role, township_code, org_id FROM user_roles WHERE user_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tiaojie.Grant
	for rows.Next() {
		var g tiaojie.Grant
		var role string
		if err := rows.Scan(&role, &g.Township, &g.OrgID); err != nil {
			return nil, err
		}
		g.Role = tiaojie.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

// UpdateProfile changes a user's name and email, and the phone when phone
// is not nil ("" removes it). The pages never hold a phone in clear (they
// show it masked), so a form whose phone field is left empty passes nil
// and keeps the number. A user may change their own profile; users.manage
// may change anyone's.
func (s *Service) UpdateProfile(ctx context.Context, p *tiaojie.Principal, id int64, name, email string, phone *string) error {
	if id != p.UserID && !p.Can(tiaojie.PermUsersManage) {
		return s.deny(ctx, p, "user.update", tiaojie.PermUsersManage)
	}
	newPhone := ""
	if phone != nil {
		newPhone = *phone
	}
	if fe := validateProfile(&name, &email, &newPhone); len(fe) > 0 {
		return fe.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, email = $2, updated_at = $3 WHERE id = $4`,
			name, email, s.now(), id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		detail := map[string]string{}
		if phone != nil {
			if err := s.setPhoneTx(ctx, tx, id, newPhone); err != nil {
				return err
			}
			detail["phone"] = tiaojie.MaskPhone(newPhone)
		}
		return s.record(ctx, tx, p, audit.Event{Action: "user.update", ObjectType: "user", ObjectID: itoa(id), Detail: detail})
	})
}

// mustAffect turns an UPDATE that touched no row into NotFound.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return nil
}

// ResetPassword sets a new password chosen by an administrator, which the
// user must change at next login, and ends the user's sessions.
func (s *Service) ResetPassword(ctx context.Context, p *tiaojie.Principal, id int64, password string) error {
	if !p.Can(tiaojie.PermUsersManage) {
		return s.deny(ctx, p, "user.password_reset", tiaojie.PermUsersManage)
	}
	u, err := s.getUser(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	if fe := s.cfg.Policy.check("password", password, u.Login, s.common, s.cfg.ContextWords...); len(fe) > 0 {
		return fe.Err()
	}
	hash, err := s.cfg.Hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.storePasswordTx(ctx, tx, id, hash, true); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "user.password_reset", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10)})
	})
}

// storePasswordTx stores a new password hash, keeps it in the history,
// clears any lock and ends the user's sessions.
func (s *Service) storePasswordTx(ctx context.Context, tx *db.Tx, id int64, hash string, mustChange bool) error {
	now := s.now()
	res, err := tx.ExecContext(ctx, `
		UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3,
		                 locked_until = NULL, updated_at = $2
		WHERE id = $4`, hash, now, mustChange, id)
	if err := mustAffect(res, err); err != nil {
		return err
	}
	if err := s.insertHistoryTx(ctx, tx, id, hash, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_id = $1`, id); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
	return err
}

func (s *Service) insertHistoryTx(ctx context.Context, tx *db.Tx, id int64, hash string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1, $2, $3)`, id, hash, now)
	return err
}

// SetStatus enables or disables an account. Disabling ends every session
// of the user at once (AUTH-09); no one can disable themselves.
func (s *Service) SetStatus(ctx context.Context, p *tiaojie.Principal, id int64, active bool) error {
	action := map[bool]string{true: "user.enable", false: "user.disable"}[active]
	if !p.Can(tiaojie.PermUsersManage) {
		return s.deny(ctx, p, action, tiaojie.PermUsersManage)
	}
	if id == p.UserID && !active {
		return tiaojie.E(tiaojie.Conflict, "user.disable_self")
	}
	status := map[bool]string{true: "active", false: "disabled"}[active]
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET status = $1, locked_until = NULL, updated_at = $2 WHERE id = $3`, status, s.now(), id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: action, ObjectType: "user", ObjectID: strconv.FormatInt(id, 10)})
	})
}

// ResetTOTP removes a user's second factor (a lost phone); the user enrols
// again at next login.
func (s *Service) ResetTOTP(ctx context.Context, p *tiaojie.Principal, id int64) error {
	if !p.Can(tiaojie.PermUsersManage) {
		return s.deny(ctx, p, "user.totp_reset", tiaojie.PermUsersManage)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = 0, updated_at = $1
			WHERE id = $2`, s.now(), id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM recovery_codes WHERE user_id = $1`, `DELETE FROM sessions WHERE user_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, audit.Event{Action: "user.totp_reset", ObjectType: "user", ObjectID: strconv.FormatInt(id, 10)})
	})
}

const userColumns = `id, COALESCE(login, ''), display_name, email, phone_enc, status, totp_enabled_at,
	must_change_password, locked_until, last_login_at, created_at`

func (s *Service) scanUser(sc interface{ Scan(...any) error }) (*User, error) {
	var u User
	var phone []byte
	var totp, locked, last sql.NullTime
	if err := sc.Scan(&u.ID, &u.Login, &u.DisplayName, &u.Email, &phone, &u.Status, &totp,
		&u.MustChange, &locked, &last, &u.CreatedAt); err != nil {
		return nil, err
	}
	if len(phone) > 0 {
		p, err := s.sealer.OpenString(phone, phoneAAD(u.ID))
		if err != nil {
			return nil, err
		}
		u.PhoneMasked = tiaojie.MaskPhone(p)
	}
	u.TOTPEnabled, u.LockedUntil, u.LastLoginAt = totp.Valid, locked.Time, last.Time
	return &u, nil
}

func (s *Service) getUser(ctx context.Context, q db.Queryer, id int64) (*User, error) {
	u, err := s.scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, db.MapError(err)
	}
	if u.Grants, err = grantsTx(ctx, q, id); err != nil {
		return nil, err
	}
	return u, nil
}

// GetUser returns one account to a caller who may see it: the user
// themselves, or a holder of users.read whose scope covers the account.
// Outside the scope the answer is NotFound, so existence does not leak.
func (s *Service) GetUser(ctx context.Context, p *tiaojie.Principal, id int64) (*User, error) {
	if id != p.UserID && !p.Can(tiaojie.PermUsersRead) {
		return nil, s.deny(ctx, p, "user.read", tiaojie.PermUsersRead)
	}
	u, err := s.getUser(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if id != p.UserID && !inScope(p, u.Grants) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return u, nil
}

// inScope reports whether a user with the grants is visible to p: district-
// wide readers see everyone, a township office sees grants in its township,
// an organization admin sees grants in its organization.
func inScope(p *tiaojie.Principal, grants []tiaojie.Grant) bool {
	if p.IsSystem() || p.Has(tiaojie.RoleAdmin) || p.Has(tiaojie.RoleBureau) {
		return true
	}
	for _, mine := range p.Grants {
		for _, g := range grants {
			if mine.Role == tiaojie.RoleTownship && g.Township == mine.Township ||
				mine.Role == tiaojie.RoleOrgAdmin && g.OrgID == mine.OrgID {
				return true
			}
		}
	}
	return false
}

// UserFilter narrows ListUsers.
type UserFilter struct {
	Query  string // part of the login or name
	Role   tiaojie.Role
	Offset int
	Limit  int // 1…200; 0 means 50
}

// ListUsers returns the accounts in the caller's scope that match f, and
// the total count of matches.
func (s *Service) ListUsers(ctx context.Context, p *tiaojie.Principal, f UserFilter) ([]*User, int, error) {
	if !p.Can(tiaojie.PermUsersRead) {
		return nil, 0, s.deny(ctx, p, "user.list", tiaojie.PermUsersRead)
	}
	where, args := s.userScope(p, f)
	var total int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM users u WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("auth: count users: %w", err)
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	n := len(args)
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where+
		` ORDER BY id LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("auth: list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := s.scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for _, u := range out {
		if u.Grants, err = grantsTx(ctx, s.db.Reader(), u.ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// userScope builds the WHERE clause of ListUsers: the filter, and the
// caller's scope as SQL so counts and pages agree.
func (s *Service) userScope(p *tiaojie.Principal, f UserFilter) (string, []any) {
	conds := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := arg("%" + db.EscapeLike(NormalizeLogin(q)) + "%")
		conds = append(conds, "("+s.db.Engine().ContainsOp("u.login", pat)+" OR "+s.db.Engine().ContainsOp("u.display_name", pat)+")")
	}
	if f.Role != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = "+arg(string(f.Role))+")")
	}
	if !(p.IsSystem() || p.Has(tiaojie.RoleAdmin) || p.Has(tiaojie.RoleBureau)) {
		var scope []string
		for _, g := range p.Grants {
			switch g.Role {
			case tiaojie.RoleTownship:
				scope = append(scope, "r.township_code = "+arg(g.Township))
			case tiaojie.RoleOrgAdmin:
				scope = append(scope, "r.org_id = "+arg(g.OrgID))
			}
		}
		if len(scope) == 0 {
			scope = []string{"1=0"}
		}
		conds = append(conds, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND ("+strings.Join(scope, " OR ")+"))")
	}
	return strings.Join(conds, " AND "), args
}

// UserByLogin returns the account with the login, to a caller who may see
// it (GetUser's rules).
func (s *Service) UserByLogin(ctx context.Context, p *tiaojie.Principal, login string) (*User, error) {
	var id int64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id FROM users WHERE login = $1`, NormalizeLogin(login)).Scan(&id)
	if err != nil {
		return nil, db.MapError(err)
	}
	return s.GetUser(ctx, p, id)
}
