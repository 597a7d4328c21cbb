// Package auth holds accounts, roles and their scopes, sessions, the second
// factor, phone-code login and API tokens. Its Service is the only code
// that reads or writes those tables; pages, API and CLI all call it.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
)

// Config holds the security settings of accounts. DefaultConfig gives the
// values of the 等保 level-3 profile described in docs/security.md.
type Config struct {
	Hasher          Hasher
	Policy          Policy
	MaxPasswordAge  time.Duration // staff passwords expire after this; 0 never
	IdleTimeout     time.Duration // a session unused this long ends
	AbsoluteTimeout time.Duration // a session ends this long after login, used or not
	LockThreshold   int           // failures within LockWindow that lock an account
	LockWindow      time.Duration
	LockDuration    time.Duration
	RequireStaffMFA bool          // staff must pass a second factor
	CodeTTL         time.Duration // lifetime of a phone login code
	CodeAttempts    int           // wrong guesses that void a phone code
	Issuer          string        // the name authenticator apps show
	ContextWords    []string      // words a password must not contain
}

// DefaultConfig returns the default security settings.
func DefaultConfig() Config {
	h, _ := DefaultHasher(Argon2id)
	return Config{
		Hasher:          h,
		Policy:          DefaultPolicy(),
		MaxPasswordAge:  90 * 24 * time.Hour,
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
		LockThreshold:   5,
		LockWindow:      15 * time.Minute,
		LockDuration:    30 * time.Minute,
		RequireStaffMFA: true,
		CodeTTL:         10 * time.Minute,
		CodeAttempts:    5,
		Issuer:          "tiaojie",
		ContextWords:    []string{"tiaojie"},
	}
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Keys     keys.Provider
	Clock    clock.Clock
	District *tiaojie.District
	SMS      Sender
	Log      *slog.Logger
}

// Service manages accounts and authentication.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	keys     keys.Provider
	sealer   *pii.Sealer
	clock    clock.Clock
	district *tiaojie.District
	sms      Sender
	log      *slog.Logger
	cfg      Config
	common   map[string]bool
	limits   *limiter
	dummy    string // a hash verified for unknown logins, so timing does not tell
}

// New returns a Service.
func New(d Deps, cfg Config) (*Service, error) {
	s := &Service{
		db: d.DB, audit: d.Audit, keys: d.Keys, sealer: pii.NewSealer(d.Keys), clock: d.Clock,
		district: d.District, sms: d.SMS, log: d.Log, cfg: cfg,
		common: commonPasswords(), limits: newLimiter(d.Clock),
	}
	dummy, err := cfg.Hasher.Hash("not a password of anyone")
	if err != nil {
		return nil, err
	}
	s.dummy = dummy
	return s, nil
}

// Config returns the settings the service runs with.
func (s *Service) Config() Config { return s.cfg }

// now returns the service's time, truncated to what both engines store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// newToken returns a random token of 32 bytes (256 bits) from the system's
// CSPRNG, base64url-encoded, with a prefix naming its use.
func newToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken returns the HMAC-SM3 of a secret under the token key: what is
// stored for sessions, API tokens, codes and recovery codes, so that a copy
// of the database does not hand out working credentials. Version 1 of the
// key is used on purpose: a stored hash must stay comparable after a key
// rotation.
func (s *Service) hashToken(secret string) (string, error) {
	key, _, err := s.keys.Key(keys.TokenMAC, 1)
	if err != nil {
		return "", fmt.Errorf("auth: token key: %w", err)
	}
	m := hmac.New(sm3.New, key)
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// record writes an audit event in tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, e audit.Event) error {
	return s.audit.Record(ctx, tx, p, e)
}

// recordAlone writes an audit event in a transaction of its own, for
// failures whose business transaction did not happen.
func (s *Service) recordAlone(ctx context.Context, p *tiaojie.Principal, e audit.Event) error {
	return s.audit.RecordAlone(ctx, s.db, p, e)
}

// deny audits a refused action and returns the refusal: every 403 leaves a
// trace, which is how probing for other people's records is noticed.
func (s *Service) deny(ctx context.Context, p *tiaojie.Principal, action string, perm tiaojie.Permission) error {
	err := tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	if aerr := s.recordAlone(ctx, p, audit.Event{Action: action, Outcome: audit.Denied, Reason: string(perm)}); aerr != nil {
		return aerr
	}
	return err
}
