package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"fmt"
	"math/big"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// Phone-code login for the public (SPEC C16): a six-digit code sent by SMS,
// valid for CodeTTL and voided after CodeAttempts wrong guesses. Sending is
// limited per phone (one a minute, five an hour, counted in the database
// so the limit holds across instances) and per address (in memory).

// RequestCode sends a login code to phone. The answer is the same whether
// or not an account exists for the phone.
func (s *Service) RequestCode(ctx context.Context, phone string, c Client) error {
	return s.SendCode(ctx, phone, "", func(code string) string {
		return fmt.Sprintf("【%s】您的登录验证码为 %s，%d 分钟内有效。如非本人操作，请忽略本短信。",
			s.district.Bureau.Name, code, int(s.cfg.CodeTTL.Minutes()))
	}, c)
}

// SendCode sends phone a code for purpose ("" is logging in; a signature
// names what is signed, e.g. "agreement:12:3"), worded by text. A code
// serves only its purpose: the purpose is part of what is hashed, and a
// new code voids the older ones of the same purpose. The limits per phone
// count codes of every purpose.
func (s *Service) SendCode(ctx context.Context, phone, purpose string, text func(code string) string, c Client) error {
	phone = tiaojie.NormalizePhone(phone)
	if err := tiaojie.ValidatePhone(phone); err != nil {
		var fe tiaojie.FieldErrors
		fe.Add("phone", "phone.format")
		return fe.Err()
	}
	actor := &tiaojie.Principal{Name: tiaojie.MaskPhone(phone)}
	idx, err := s.sealer.Index("phone", phone)
	if err != nil {
		return err
	}
	ev := audit.Event{Action: "auth.code_request", Detail: purposeDetail(purpose)}
	if !s.limits.allow("code:"+c.IP, 10, time.Hour) {
		ev.Outcome, ev.Reason = audit.Denied, "auth.too_many"
		return s.alsoAudit(ctx, actor, ev, tiaojie.E(tiaojie.TooMany, "auth.too_many"))
	}
	code, err := sixDigits()
	if err != nil {
		return err
	}
	hash, err := s.hashToken(codeInput(idx, purpose, code))
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if err := s.codeLimitTx(ctx, tx, idx, now); err != nil {
			return err
		}
		// A new code voids the older ones.
		if _, err := tx.ExecContext(ctx, `UPDATE phone_codes SET used_at = $1 WHERE phone_idx = $2 AND purpose = $3 AND used_at IS NULL`,
			now, idx, purpose); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO phone_codes (phone_idx, purpose, code_hash, created_at, expires_at, client_ip)
			VALUES ($1, $2, $3, $4, $5, $6)`, idx, purpose, hash, now, now.Add(s.cfg.CodeTTL), c.IP)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, ev)
	})
	if tiaojie.IsKind(err, tiaojie.TooMany) {
		ev.Outcome, ev.Reason = audit.Denied, "auth.too_many"
		return s.alsoAudit(ctx, actor, ev, err)
	}
	if err != nil {
		return err
	}
	if err := s.sms.Send(ctx, phone, text(code)); err != nil {
		return tiaojie.E(tiaojie.Unavailable, "auth.sms_failed").Wrap(err)
	}
	return nil
}

// UseCode checks code against the live code phone was sent for purpose,
// and uses it up when it matches. Wrong guesses count as at login.
func (s *Service) UseCode(ctx context.Context, phone, purpose, code string) (bool, error) {
	idx, err := s.sealer.Index("phone", tiaojie.NormalizePhone(phone))
	if err != nil {
		return false, err
	}
	return s.checkCode(ctx, idx, purpose, code)
}

// codeInput is what a code's hash covers. Login codes keep the form they
// had before codes had purposes.
func codeInput(idx, purpose, code string) string {
	if purpose == "" {
		return "code:" + idx + ":" + code
	}
	return "code:" + purpose + ":" + idx + ":" + code
}

func purposeDetail(purpose string) map[string]string {
	if purpose == "" {
		return nil
	}
	return map[string]string{"purpose": purpose}
}

func (s *Service) codeLimitTx(ctx context.Context, tx *db.Tx, idx string, now time.Time) error {
	var lastMinute, lastHour int
	err := tx.QueryRowContext(ctx, `
		SELECT COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0), count(*)
		FROM phone_codes WHERE phone_idx = $1 AND created_at > $3`, idx, now.Add(-time.Minute), now.Add(-time.Hour)).
		Scan(&lastMinute, &lastHour)
	if err != nil {
		return err
	}
	if lastMinute >= 1 || lastHour >= 5 {
		return tiaojie.E(tiaojie.TooMany, "auth.code_too_soon")
	}
	return nil
}

func sixDigits() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("auth: code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// CodeLogin logs a member of the public in with the code sent to their
// phone, creating their account at first login. The session carries the
// public role only.
func (s *Service) CodeLogin(ctx context.Context, phone, code string, c Client) (LoginResult, error) {
	phone = tiaojie.NormalizePhone(phone)
	var fe tiaojie.FieldErrors
	if tiaojie.ValidatePhone(phone) != nil {
		fe.Add("phone", "phone.format")
		return LoginResult{}, fe.Err()
	}
	actor := &tiaojie.Principal{Name: tiaojie.MaskPhone(phone)}
	idx, err := s.sealer.Index("phone", phone)
	if err != nil {
		return LoginResult{}, err
	}
	if ok, err := s.checkCode(ctx, idx, "", code); err != nil {
		return LoginResult{}, err
	} else if !ok {
		fe.Add("code", "auth.code_wrong")
		return LoginResult{}, s.alsoAudit(ctx, actor, audit.Event{Action: "auth.code_login", Outcome: audit.Failed, Reason: "auth.code_wrong"}, fe.Err())
	}
	var token string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err := s.publicUserTx(ctx, tx, phone, idx)
		if err != nil {
			return err
		}
		actor.UserID = id
		if token, err = s.createSessionTx(ctx, tx, id, MethodPhone, false, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, audit.Event{Action: "auth.code_login", ObjectType: "user", ObjectID: itoa(id)})
	})
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: token}, nil
}

// checkCode compares code with the phone's live code, counting the attempt
// first, so that guesses are limited even when they race.
func (s *Service) checkCode(ctx context.Context, idx, purpose, code string) (bool, error) {
	want, err := s.hashToken(codeInput(idx, purpose, code))
	if err != nil {
		return false, err
	}
	ok := false
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		var id int64
		var hash string
		var attempts int
		err := tx.QueryRowContext(ctx, `
			SELECT id, code_hash, attempts FROM phone_codes
			WHERE phone_idx = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
			ORDER BY id DESC LIMIT 1`, idx, purpose, now).Scan(&id, &hash, &attempts)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		ok = attempts < s.cfg.CodeAttempts && subtle.ConstantTimeCompare([]byte(hash), []byte(want)) == 1
		if ok || attempts+1 >= s.cfg.CodeAttempts {
			_, err = tx.ExecContext(ctx, `UPDATE phone_codes SET attempts = attempts + 1, used_at = $1 WHERE id = $2`, now, id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE phone_codes SET attempts = attempts + 1 WHERE id = $1`, id)
		}
		return err
	})
	return ok, err
}

// publicUserTx returns the account of the phone, creating a public account
// when there is none.
func (s *Service) publicUserTx(ctx context.Context, tx *db.Tx, phone, idx string) (int64, error) {
	var id int64
	var status string
	err := tx.QueryRowContext(ctx, `SELECT id, status FROM users WHERE phone_idx = $1`, idx).Scan(&id, &status)
	if err == nil {
		if status != "active" {
			return 0, tiaojie.E(tiaojie.Forbidden, "auth.disabled_account")
		}
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, err
	}
	now := s.now()
	err = tx.QueryRowContext(ctx, `
		INSERT INTO users (display_name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id`,
		tiaojie.MaskPhone(phone), now).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := s.setPhoneTx(ctx, tx, id, phone); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)`, id, string(tiaojie.RolePublic), now)
	if err != nil {
		return 0, err
	}
	return id, s.record(ctx, tx, tiaojie.System(), audit.Event{Action: "user.create", ObjectType: "user", ObjectID: itoa(id),
		Detail: map[string]string{"roles": string(tiaojie.RolePublic), "via": "phone"}})
}
