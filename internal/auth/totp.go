package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"fmt"
	"image/png"
	"math/big"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// The second factor is a standard TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30
// seconds), because that is what the authenticator apps on staff phones
// implement. Its secret is stored SM4-encrypted. A code is accepted from
// the previous, current or next time step (for clock drift), and never for
// a step at or before the last one accepted: a code cannot be replayed.

const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a second factor being set up: the secret to type into an
// app that cannot scan, and the otpauth URL the QR code encodes.
type Enrolment struct {
	Secret string
	URL    string
}

// BeginEnrol creates a new TOTP secret for the caller, pending until
// ConfirmEnrol proves the app holds it. A user who already has a second
// factor must ask an administrator to reset it first.
func (s *Service) BeginEnrol(ctx context.Context, p *tiaojie.Principal) (Enrolment, error) {
	if !p.Can(tiaojie.PermPending) {
		return Enrolment{}, tiaojie.E(tiaojie.Unauthorized, "auth.login_required")
	}
	key, err := s.otpKey(p.Name, "")
	if err != nil {
		return Enrolment{}, err
	}
	enc, err := s.sealer.SealString(key.Secret(), totpAAD(p.UserID))
	if err != nil {
		return Enrolment{}, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET totp_secret_enc = $1, updated_at = $2 WHERE id = $3 AND totp_enabled_at IS NULL`,
			enc, s.now(), p.UserID)
		if n, _ := res.RowsAffected(); err == nil && n == 0 {
			return tiaojie.E(tiaojie.Conflict, "totp.already_enrolled")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "auth.totp_begin", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

// EnrolmentQR returns the PNG QR code of the caller's pending secret.
func (s *Service) EnrolmentQR(ctx context.Context, p *tiaojie.Principal) ([]byte, error) {
	secret, _, enabled, err := s.totpState(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if secret == "" || enabled {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	k, err := s.otpKey(p.Name, secret)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("auth: qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: qr: %w", err)
	}
	return buf.Bytes(), nil
}

// otpKey returns the key of account name with the base32 secret, or with a
// new random secret when secret is "".
func (s *Service) otpKey(name, secret string) (*otp.Key, error) {
	opts := totp.GenerateOpts{
		Issuer: s.cfg.Issuer, AccountName: name, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Rand: rand.Reader,
	}
	if secret != "" {
		raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
		if err != nil {
			return nil, fmt.Errorf("auth: totp secret: %w", err)
		}
		opts.Secret = raw
	}
	key, err := totp.Generate(opts)
	if err != nil {
		return nil, fmt.Errorf("auth: totp key: %w", err)
	}
	return key, nil
}

// totpState returns the user's TOTP secret (pending or enabled), the last
// accepted step and whether it is enabled.
func (s *Service) totpState(ctx context.Context, id int64) (secret string, last int64, enabled bool, err error) {
	var enc []byte
	var since sql.NullTime
	err = s.db.Reader().QueryRowContext(ctx, `SELECT totp_secret_enc, totp_last_step, totp_enabled_at FROM users WHERE id = $1`, id).
		Scan(&enc, &last, &since)
	if err != nil {
		return "", 0, false, db.MapError(err)
	}
	secret, err = s.sealer.OpenString(enc, totpAAD(id))
	return secret, last, since.Valid, err
}

// matchStep returns the time step whose code equals code, among the steps
// around now that come after last.
func matchStep(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.TrimSpace(code)
	for _, d := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(d*totpPeriod) * time.Second)
		step := t.Unix() / totpPeriod
		if step <= last {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// ConfirmEnrol checks a code from the new app, enables the second factor,
// and returns ten single-use recovery codes (shown once) and a new session
// token that has passed the second factor.
func (s *Service) ConfirmEnrol(ctx context.Context, p *tiaojie.Principal, token, code string, c Client) (string, []string, error) {
	secret, last, enabled, err := s.totpState(ctx, p.UserID)
	if err != nil {
		return "", nil, err
	}
	if enabled {
		return "", nil, tiaojie.E(tiaojie.Conflict, "totp.already_enrolled")
	}
	if secret == "" {
		return "", nil, tiaojie.E(tiaojie.Conflict, "totp.not_started")
	}
	step, ok := matchStep(secret, code, s.now(), last)
	if !ok {
		var fe tiaojie.FieldErrors
		fe.Add("code", "totp.code_wrong")
		return "", nil, s.alsoAudit(ctx, p, audit.Event{Action: "auth.totp_enrol", Outcome: audit.Failed, Reason: "totp.code_wrong"}, fe.Err())
	}
	codes, err := recoveryCodes(10)
	if err != nil {
		return "", nil, err
	}
	var newToken string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET totp_enabled_at = $1, totp_last_step = $2, updated_at = $1
			WHERE id = $3 AND totp_enabled_at IS NULL`, now, step, p.UserID)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if err := s.storeRecoveryTx(ctx, tx, p.UserID, codes); err != nil {
			return err
		}
		if newToken, err = s.rotateTx(ctx, tx, p.UserID, token, c); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "auth.totp_enrol", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
	return newToken, codes, err
}

// VerifyTOTP completes a login with the authenticator code, or with one of
// the recovery codes. Failures count toward the account lock like wrong
// passwords. The session token is replaced (renewed at login).
func (s *Service) VerifyTOTP(ctx context.Context, p *tiaojie.Principal, token, code string, c Client) (string, error) {
	if p.Pending != PendingTOTP {
		return "", tiaojie.E(tiaojie.Conflict, "totp.not_pending")
	}
	secret, last, enabled, err := s.totpState(ctx, p.UserID)
	if err != nil {
		return "", err
	}
	if !enabled {
		return "", tiaojie.E(tiaojie.Conflict, "totp.not_pending")
	}
	if isRecoveryCode(code) {
		return s.useRecovery(ctx, p, token, code, c)
	}
	step, ok := matchStep(secret, code, s.now(), last)
	if !ok {
		if err := s.failure(ctx, p, "auth.totp", "totp.code_wrong"); err != nil && !tiaojie.IsKind(err, tiaojie.Unauthorized) {
			return "", err
		}
		var fe tiaojie.FieldErrors
		fe.Add("code", "totp.code_wrong")
		return "", fe.Err()
	}
	var newToken string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// The step condition makes a replay of the same code lose a race.
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, p.UserID)
		if err := mustAffect(res, err); err != nil {
			return tiaojie.E(tiaojie.Invalid, "totp.code_wrong")
		}
		if newToken, err = s.rotateTx(ctx, tx, p.UserID, token, c); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "auth.totp", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
	return newToken, err
}

// rotateTx replaces the session of token by a new one that has passed the
// second factor: the privilege changed, so the identifier changes too.
func (s *Service) rotateTx(ctx context.Context, tx *db.Tx, userID int64, token string, c Client) (string, error) {
	hash, err := s.hashToken(token)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_id = $1`, userID); err != nil {
		return "", err
	}
	return s.createSessionTx(ctx, tx, userID, MethodPassword, true, c)
}

// recoveryAlphabet leaves out letters and digits that read alike (i l 1 o 0).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// recoveryCodes returns n codes of 10 characters (about 49 random bits),
// written "xxxxx-xxxxx".
func recoveryCodes(n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		var c [10]byte
		for j := range c {
			k, err := rand.Int(rand.Reader, big.NewInt(int64(len(recoveryAlphabet))))
			if err != nil {
				return nil, err
			}
			c[j] = recoveryAlphabet[k.Int64()]
		}
		out[i] = string(c[:5]) + "-" + string(c[5:])
	}
	return out, nil
}

func isRecoveryCode(code string) bool {
	c := strings.ReplaceAll(strings.TrimSpace(code), "-", "")
	return len(c) == 10 && strings.Trim(strings.ToLower(c), recoveryAlphabet) == ""
}

func (s *Service) recoveryHash(id int64, code string) (string, error) {
	c := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))
	return s.hashToken("recovery:" + itoa(id) + ":" + c)
}

func (s *Service) storeRecoveryTx(ctx context.Context, tx *db.Tx, id int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, id); err != nil {
		return err
	}
	for _, c := range codes {
		h, err := s.recoveryHash(id, c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, id, h); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) useRecovery(ctx context.Context, p *tiaojie.Principal, token, code string, c Client) (string, error) {
	h, err := s.recoveryHash(p.UserID, code)
	if err != nil {
		return "", err
	}
	var newToken string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
			s.now(), p.UserID, h)
		if err := mustAffect(res, err); err != nil {
			return err
		}
		if newToken, err = s.rotateTx(ctx, tx, p.UserID, token, c); err != nil {
			return err
		}
		return s.record(ctx, tx, p, audit.Event{Action: "auth.recovery_used", ObjectType: "user", ObjectID: itoa(p.UserID)})
	})
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		if ferr := s.failure(ctx, p, "auth.totp", "totp.recovery_wrong"); ferr != nil && !tiaojie.IsKind(ferr, tiaojie.Unauthorized) {
			return "", ferr
		}
		var fe tiaojie.FieldErrors
		fe.Add("code", "totp.code_wrong")
		return "", fe.Err()
	}
	return newToken, err
}

// RecoveryCodesLeft returns how many unused recovery codes the caller has.
func (s *Service) RecoveryCodesLeft(ctx context.Context, p *tiaojie.Principal) (int, error) {
	var n int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, p.UserID).Scan(&n)
	return n, err
}
