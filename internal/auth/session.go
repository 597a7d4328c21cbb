package auth

import (
	"context"
	"database/sql"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// Login methods, stored with each session. A phone-code session only ever
// carries the public role, even when the phone belongs to a staff member:
// staff powers need the password and the second factor.
const (
	MethodPassword = "password"
	MethodPhone    = "phone"
)

// Steps of logging in that may still be pending (Principal.Pending).
const (
	PendingTOTP     = "totp"     // enter the code of the authenticator app
	PendingEnrol    = "enrol"    // set up an authenticator app first
	PendingPassword = "password" // choose a new password
)

// Client describes the browser or program that logs in.
type Client struct {
	IP        string
	UserAgent string
}

// Session is a login session as its owner sees it in "my account".
type Session struct {
	ID         string // a short, non-secret handle: the start of the token hash
	Method     string
	ClientIP   string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	Current    bool
}

// touchEvery limits how often a session's last use is written: at most once
// a minute, so reading pages does not cost a durable write each time. The
// idle timeout is therefore exact to within a minute.
const touchEvery = time.Minute

// createSessionTx issues a new session token. The token itself goes to the
// caller only; the table keeps its HMAC.
func (s *Service) createSessionTx(ctx context.Context, tx *db.Tx, userID int64, method string, mfa bool, c Client) (string, error) {
	token, err := newToken("")
	if err != nil {
		return "", err
	}
	hash, err := s.hashToken(token)
	if err != nil {
		return "", err
	}
	now := s.now()
	_, err = tx.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, user_id, method, mfa_passed, client_ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
		hash, userID, method, mfa, c.IP, truncate(c.UserAgent, 256), now, now.Add(s.cfg.AbsoluteTimeout))
	if err != nil {
		return "", err
	}
	return token, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

type sessionRow struct {
	userID               int64
	method               string
	mfa                  bool
	lastSeen, expires    time.Time
	status, login, name  string
	mustChange           bool
	changedAt, totpSince sql.NullTime
}

// Authenticate returns the principal of a session token. An unknown token,
// an expired session (idle or absolute) or a disabled account gives
// Unauthorized; an expired session's row is deleted at once.
func (s *Service) Authenticate(ctx context.Context, token string) (*tiaojie.Principal, error) {
	hash, err := s.hashToken(token)
	if err != nil {
		return nil, err
	}
	var r sessionRow
	err = s.db.Reader().QueryRowContext(ctx, `
		SELECT s.user_id, s.method, s.mfa_passed, s.last_seen_at, s.expires_at, u.status,
		       COALESCE(u.login, ''), u.display_name, u.must_change_password, u.password_changed_at, u.totp_enabled_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1`, hash).Scan(&r.userID, &r.method, &r.mfa, &r.lastSeen, &r.expires, &r.status,
		&r.login, &r.name, &r.mustChange, &r.changedAt, &r.totpSince)
	if err == sql.ErrNoRows {
		return nil, tiaojie.E(tiaojie.Unauthorized, "auth.session_expired")
	}
	if err != nil {
		return nil, db.MapError(err)
	}
	now := s.now()
	if r.status != "active" || !now.Before(r.expires) || !now.Before(r.lastSeen.Add(s.cfg.IdleTimeout)) {
		if err := s.deleteSession(ctx, hash); err != nil {
			return nil, err
		}
		return nil, tiaojie.E(tiaojie.Unauthorized, "auth.session_expired")
	}
	if now.Sub(r.lastSeen) >= touchEvery {
		if err := s.touch(ctx, hash, now); err != nil {
			return nil, err
		}
	}
	return s.principal(ctx, r)
}

func (s *Service) touch(ctx context.Context, hash string, now time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, now, hash)
		return err
	})
}

func (s *Service) deleteSession(ctx context.Context, hash string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
		return err
	})
}

func (s *Service) principal(ctx context.Context, r sessionRow) (*tiaojie.Principal, error) {
	grants, err := grantsTx(ctx, s.db.Reader(), r.userID)
	if err != nil {
		return nil, err
	}
	if r.method == MethodPhone {
		grants = []tiaojie.Grant{{Role: tiaojie.RolePublic}}
	}
	p := &tiaojie.Principal{UserID: r.userID, Name: r.login, Grants: grants, MFA: r.mfa}
	if p.Name == "" {
		p.Name = r.name
	}
	p.Pending = s.pending(p, r)
	return p, nil
}

// pending returns the login step still owed: staff must pass (or first
// set up) the second factor, then change a password that an administrator
// chose or that is older than the maximum age.
func (s *Service) pending(p *tiaojie.Principal, r sessionRow) string {
	if r.method != MethodPassword {
		return ""
	}
	staff := p.Staff()
	switch {
	case staff && s.cfg.RequireStaffMFA && !r.mfa && r.totpSince.Valid:
		return PendingTOTP
	case staff && s.cfg.RequireStaffMFA && !r.mfa:
		return PendingEnrol
	case r.mustChange:
		return PendingPassword
	case staff && s.cfg.MaxPasswordAge > 0 && r.changedAt.Valid && s.now().Sub(r.changedAt.Time) > s.cfg.MaxPasswordAge:
		return PendingPassword
	}
	return ""
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, p *tiaojie.Principal, token string) error {
	hash, err := s.hashToken(token)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "auth.logout", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
}

// Sessions returns the caller's open sessions, marking the one of token.
func (s *Service) Sessions(ctx context.Context, p *tiaojie.Principal, token string) ([]Session, error) {
	current, err := s.hashToken(token)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT token_hash, method, client_ip, user_agent, created_at, last_seen_at, expires_at
		FROM sessions WHERE user_id = $1 ORDER BY created_at DESC`, p.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var ss Session
		var hash string
		if err := rows.Scan(&hash, &ss.Method, &ss.ClientIP, &ss.UserAgent, &ss.CreatedAt, &ss.LastSeenAt, &ss.ExpiresAt); err != nil {
			return nil, err
		}
		ss.ID, ss.Current = hash[:16], hash == current
		out = append(out, ss)
	}
	return out, rows.Err()
}

// RevokeSession ends one of the caller's own sessions by its ID.
func (s *Service) RevokeSession(ctx context.Context, p *tiaojie.Principal, id string) error {
	if len(id) != 16 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) = $2`, p.UserID, id)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "session.revoke", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
}

// PurgeSessions deletes expired sessions and login codes (SECURITY.md
// RES-01: released credentials are cleared). The job runner calls it.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.now()
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, now, now.Add(-s.cfg.IdleTimeout))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `DELETE FROM phone_codes WHERE expires_at <= $1`, now)
		return err
	})
	return n, err
}
