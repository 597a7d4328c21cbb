package auth

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// API tokens let a program call /api/v1 as a user. The user names the
// token, picks its scopes (a subset of their own permissions) and may give
// it an expiry; it can be revoked at any time. The token is shown once;
// the database keeps its HMAC.

// TokenPrefix starts every API token, so that secret scanners and people
// can recognize one.
const TokenPrefix = "tj_"

// Token is an API token as its owner sees it in the list.
type Token struct {
	ID         int64
	Name       string
	Prefix     string
	Scopes     []tiaojie.Permission
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: no expiry
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Grantable returns the permissions p may put on a token: their own,
// except the pseudo-permissions that every caller has anyway.
func Grantable(p *tiaojie.Principal) []tiaojie.Permission {
	var out []tiaojie.Permission
	for _, g := range p.Grants {
		for _, perm := range tiaojie.RolePermissions(g.Role) {
			if perm != tiaojie.PermPublic && perm != tiaojie.PermPending && !slices.Contains(out, perm) && p.Can(perm) {
				out = append(out, perm)
			}
		}
	}
	slices.Sort(out)
	return out
}

// CreateToken creates an API token for the caller and returns its secret
// value, which is never shown again.
func (s *Service) CreateToken(ctx context.Context, p *tiaojie.Principal, name string, scopes []tiaojie.Permission, ttl time.Duration) (string, error) {
	if !p.Can(tiaojie.PermSelf) || p.Scopes != nil {
		// A token cannot mint tokens: that would outlive its own revocation.
		return "", tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	var fe tiaojie.FieldErrors
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 64 {
		fe.Add("name", "token.name_length")
	}
	allowed := Grantable(p)
	if len(scopes) == 0 {
		fe.Add("scopes", "token.scopes_required")
	}
	for _, sc := range scopes {
		if !slices.Contains(allowed, sc) {
			fe.Add("scopes", "token.scope_not_allowed", "scope", string(sc))
		}
	}
	if ttl < 0 || ttl > 366*24*time.Hour {
		fe.Add("expires", "token.ttl")
	}
	if err := fe.Err(); err != nil {
		return "", err
	}
	secret, err := newToken(TokenPrefix)
	if err != nil {
		return "", err
	}
	hash, err := s.hashToken(secret)
	if err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var expires sql.NullTime
		if ttl > 0 {
			expires = sql.NullTime{Time: now.Add(ttl), Valid: true}
		}
		var id int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO api_tokens (user_id, name, prefix, token_hash, scopes, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			p.UserID, name, secret[:len(TokenPrefix)+6], hash, joinScopes(scopes), now, expires).Scan(&id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "token.create", ObjectType: "api_token", ObjectID: itoa(id),
			Detail: map[string]string{"scopes": joinScopes(scopes)}})
	})
	return secret, err
}

func joinScopes(scopes []tiaojie.Permission) string {
	s := make([]string, len(scopes))
	for i, sc := range scopes {
		s[i] = string(sc)
	}
	slices.Sort(s)
	return strings.Join(slices.Compact(s), " ")
}

// Tokens returns the caller's tokens, newest first.
func (s *Service) Tokens(ctx context.Context, p *tiaojie.Principal) ([]Token, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, p.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var scopes string
		var exp, used, rev sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &scopes, &t.CreatedAt, &exp, &used, &rev); err != nil {
			return nil, err
		}
		for _, sc := range strings.Fields(scopes) {
			t.Scopes = append(t.Scopes, tiaojie.Permission(sc))
		}
		t.ExpiresAt, t.LastUsedAt, t.RevokedAt = exp.Time, used.Time, rev.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the caller's tokens.
func (s *Service) RevokeToken(ctx context.Context, p *tiaojie.Principal, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, s.now(), id, p.UserID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "token.revoke", ObjectType: "api_token", ObjectID: itoa(id)})
	})
}

// AuthenticateToken returns the principal of an API token: the owner's
// grants narrowed to the token's scopes. A token of a disabled account, a
// revoked or an expired token is refused.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (*tiaojie.Principal, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, tiaojie.E(tiaojie.Unauthorized, "auth.token_invalid")
	}
	hash, err := s.hashToken(secret)
	if err != nil {
		return nil, err
	}
	var id, userID int64
	var scopes, login, name, status string
	var exp, rev, used sql.NullTime
	err = s.db.Reader().QueryRowContext(ctx, `
		SELECT t.id, t.user_id, t.scopes, t.expires_at, t.revoked_at, t.last_used_at,
		       COALESCE(u.login, ''), u.display_name, u.status
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, hash).
		Scan(&id, &userID, &scopes, &exp, &rev, &used, &login, &name, &status)
	now := s.now()
	if err == sql.ErrNoRows || err == nil && (rev.Valid || exp.Valid && !now.Before(exp.Time) || status != "active") {
		return nil, tiaojie.E(tiaojie.Unauthorized, "auth.token_invalid")
	}
	if err != nil {
		return nil, db.MapError(err)
	}
	if !used.Valid || now.Sub(used.Time) >= touchEvery {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	grants, err := grantsTx(ctx, s.db.Reader(), userID)
	if err != nil {
		return nil, err
	}
	p := &tiaojie.Principal{UserID: userID, Name: login, Grants: grants, MFA: true, Scopes: []tiaojie.Permission{tiaojie.PermSelf}}
	if p.Name == "" {
		p.Name = name
	}
	for _, sc := range strings.Fields(scopes) {
		p.Scopes = append(p.Scopes, tiaojie.Permission(sc))
	}
	return p, nil
}
