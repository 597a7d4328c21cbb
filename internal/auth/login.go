package auth

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// LoginResult is a successful first step of logging in: a session token
// and the step still owed, if any (Pending*).
type LoginResult struct {
	Token   string
	Pending string
}

// badCredentials is the one answer to every failed password login: unknown
// account, wrong password, locked or disabled account all read the same, so
// the answer does not tell which accounts exist (AUTH-04).
func badCredentials() error { return tiaojie.E(tiaojie.Unauthorized, "auth.bad_credentials") }

type loginRow struct {
	id          int64
	hash        sql.NullString
	status      string
	lockedUntil sql.NullTime
}

// PasswordLogin checks a login and password. After LockThreshold failures
// within LockWindow the account is locked for LockDuration; while locked
// even the right password is refused.
func (s *Service) PasswordLogin(ctx context.Context, login, password string, c Client) (LoginResult, error) {
	login = NormalizeLogin(login)
	actor := &tiaojie.Principal{Name: truncate(login, 64)}
	if !s.limits.allow("login:"+c.IP, 30, 5*time.Minute) {
		err := tiaojie.E(tiaojie.TooMany, "auth.too_many")
		return LoginResult{}, s.alsoAudit(ctx, actor, audit.Event{Action: "auth.login", Outcome: audit.Denied, Reason: "auth.too_many"}, err)
	}
	var r loginRow
	err := s.db.Reader().QueryRowContext(ctx, `
		SELECT id, password_hash, status, locked_until FROM users WHERE login = $1`, login).
		Scan(&r.id, &r.hash, &r.status, &r.lockedUntil)
	if err == sql.ErrNoRows || err == nil && !r.hash.Valid {
		_, _, _ = s.cfg.Hasher.Verify(password, s.dummy)
		return LoginResult{}, s.alsoAudit(ctx, actor, audit.Event{Action: "auth.login", Outcome: audit.Failed, Reason: "auth.unknown_login"}, badCredentials())
	}
	if err != nil {
		return LoginResult{}, db.MapError(err)
	}
	actor.UserID = r.id
	ok, rehash, err := s.cfg.Hasher.Verify(password, r.hash.String)
	if err != nil {
		return LoginResult{}, err
	}
	now := s.now()
	switch {
	case r.lockedUntil.Valid && now.Before(r.lockedUntil.Time):
		return LoginResult{}, s.alsoAudit(ctx, actor, audit.Event{Action: "auth.login", Outcome: audit.Denied, Reason: "auth.locked"}, badCredentials())
	case r.status != "active":
		return LoginResult{}, s.alsoAudit(ctx, actor, audit.Event{Action: "auth.login", Outcome: audit.Denied, Reason: "auth.disabled"}, badCredentials())
	case !ok:
		return LoginResult{}, s.failure(ctx, actor, "auth.login", "auth.bad_password")
	}
	return s.succeed(ctx, actor, password, rehash, c)
}

// alsoAudit records e in its own transaction and returns err, or the audit
// failure if the record could not be written (fail closed).
func (s *Service) alsoAudit(ctx context.Context, p *tiaojie.Principal, e audit.Event, err error) error {
	if aerr := s.recordAlone(ctx, p, e); aerr != nil {
		return aerr
	}
	return err
}

// failure counts a failed password or second-factor attempt and locks the
// account when the threshold is reached, then returns badCredentials.
func (s *Service) failure(ctx context.Context, p *tiaojie.Principal, action, reason string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (user_id, at) VALUES ($1, $2)`, p.UserID, now); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, audit.Event{Action: action, Outcome: audit.Failed, Reason: reason, ObjectType: "user", ObjectID: itoa(p.UserID)}); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_failures WHERE user_id = $1 AND at > $2`,
			p.UserID, now.Add(-s.cfg.LockWindow)).Scan(&n); err != nil {
			return err
		}
		if n < s.cfg.LockThreshold {
			return nil
		}
		return s.lockTx(ctx, tx, p, now)
	})
	if err != nil {
		return err
	}
	return badCredentials()
}

func (s *Service) lockTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, now time.Time) error {
	until := now.Add(s.cfg.LockDuration)
	if _, err := tx.ExecContext(ctx, `UPDATE users SET locked_until = $1 WHERE id = $2`, until, p.UserID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_id = $1`, p.UserID); err != nil {
		return err
	}
	// A locked account's half-finished logins end too.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND mfa_passed = FALSE`, p.UserID); err != nil {
		return err
	}
	return s.record(ctx, tx, p, audit.Event{Action: "auth.lock", ObjectType: "user", ObjectID: itoa(p.UserID),
		Detail: map[string]string{"until": until.Format(time.RFC3339)}})
}

func (s *Service) succeed(ctx context.Context, actor *tiaojie.Principal, password string, rehash bool, c Client) (LoginResult, error) {
	var token string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if rehash {
			h, err := s.cfg.Hasher.Hash(password)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, h, actor.UserID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_id = $1`, actor.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1, locked_until = NULL WHERE id = $2`, now, actor.UserID); err != nil {
			return err
		}
		var err error
		if token, err = s.createSessionTx(ctx, tx, actor.UserID, MethodPassword, false, c); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, audit.Event{Action: "auth.login", ObjectType: "user", ObjectID: itoa(actor.UserID)})
	})
	if err != nil {
		return LoginResult{}, err
	}
	p, err := s.Authenticate(ctx, token)
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: token, Pending: p.Pending}, nil
}

// ChangePassword changes the caller's own password after checking the
// current one. The new password must meet the policy and differ from the
// last Policy.History passwords. Every session of the user ends; the
// caller gets a fresh one, returned as a new token.
func (s *Service) ChangePassword(ctx context.Context, p *tiaojie.Principal, current, next string, c Client) (string, error) {
	if !p.Can(tiaojie.PermPending) {
		return "", tiaojie.E(tiaojie.Unauthorized, "auth.login_required")
	}
	var login string
	var hash sql.NullString
	err := s.db.Reader().QueryRowContext(ctx, `SELECT COALESCE(login, ''), password_hash FROM users WHERE id = $1`, p.UserID).Scan(&login, &hash)
	if err != nil {
		return "", db.MapError(err)
	}
	if ok, _, _ := s.cfg.Hasher.Verify(current, hash.String); !hash.Valid || !ok {
		var fe tiaojie.FieldErrors
		fe.Add("current", "password.current_wrong")
		return "", s.alsoAudit(ctx, p, audit.Event{Action: "account.password_change", Outcome: audit.Failed, Reason: "password.current_wrong"}, fe.Err())
	}
	fe := s.cfg.Policy.check("password", next, login, s.common, s.cfg.ContextWords...)
	if len(fe) == 0 {
		reused, err := s.reused(ctx, p.UserID, next)
		if err != nil {
			return "", err
		}
		if reused {
			fe.Add("password", "password.reused", "n", strconv.Itoa(s.cfg.Policy.History))
		}
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	newHash, err := s.cfg.Hasher.Hash(next)
	if err != nil {
		return "", err
	}
	var token string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.storePasswordTx(ctx, tx, p.UserID, newHash, false); err != nil {
			return err
		}
		if token, err = s.createSessionTx(ctx, tx, p.UserID, MethodPassword, p.MFA, c); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "account.password_change", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
	return token, err
}

// reused reports whether password matches one of the user's recent ones.
func (s *Service) reused(ctx context.Context, id int64, password string) (bool, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, id, s.cfg.Policy.History)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return false, err
		}
		hashes = append(hashes, h)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, h := range hashes {
		if ok, _, err := s.cfg.Hasher.Verify(password, h); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
