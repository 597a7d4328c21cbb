// Package settings keeps the district bureau's policy (tiaojie.Policy):
// the rules a district sets for itself, such as the training hours a
// mediator needs to be assigned cases. The policy is one JSON document in
// the settings table under the key "policy", read over the defaults, so a
// setting added by a later release takes its default until the bureau sets
// it.
//
// Other services read the policy with Load inside their own transactions
// (the roster does when it decides whether a mediator is assignable), so
// that a decision and the rule it applied are one consistent snapshot.
// Only Service.SetPolicy writes it: the bureau alone, validated, audited
// with the old and new values.
package settings

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
)

// policyKey is the settings row that holds tiaojie.Policy.
const policyKey = "policy"

// Load returns the district's policy as q sees it: the stored JSON over
// tiaojie.DefaultPolicy, or the defaults when nothing was ever stored. q
// may be a transaction of another service.
func Load(ctx context.Context, q db.Queryer) (tiaojie.Policy, error) {
	p := tiaojie.DefaultPolicy()
	var value string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, policyKey).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("settings: load policy: %w", err)
	}
	if err := json.Unmarshal([]byte(value), &p); err != nil {
		return tiaojie.DefaultPolicy(), fmt.Errorf("settings: stored policy: %w", err)
	}
	return p, nil
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Clock clock.Clock
	Log   *slog.Logger // nil discards
}

// Service reads and changes the district's policy.
type Service struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
	log   *slog.Logger
}

// New returns a Service.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, clock: d.Clock, log: log}
}

// Policy returns the district's policy. The policy is not confidential:
// every staff page that applies a rule may show it, so Policy takes no
// principal (the front doors decide who reads it).
func (s *Service) Policy(ctx context.Context) (tiaojie.Policy, error) {
	return Load(ctx, s.db.Reader())
}

// SetPolicy replaces the district's policy with pol. The caller needs
// policy.edit (the district bureau); a refusal is audited. The policy is
// validated as a whole; the change is stored and audited in one
// transaction, the audit row carrying the old and the new policy.
func (s *Service) SetPolicy(ctx context.Context, p *tiaojie.Principal, pol tiaojie.Policy) error {
	_, err := s.UpdatePolicy(ctx, p, func(cur *tiaojie.Policy) { *cur = pol })
	return err
}

// UpdatePolicy changes some settings of the policy and returns the policy
// as changed: change edits the stored policy inside the transaction that
// writes it back, so a change of one setting never undoes a concurrent
// change of another (the API's partial update). Permission, validation
// and audit are SetPolicy's.
func (s *Service) UpdatePolicy(ctx context.Context, p *tiaojie.Principal, change func(*tiaojie.Policy)) (tiaojie.Policy, error) {
	if !p.Can(tiaojie.PermPolicy) {
		err := audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermPolicy)})
		return tiaojie.Policy{}, s.audit.Settle(ctx, s.db, p, "settings.policy", "settings", policyKey, err)
	}
	var pol tiaojie.Policy
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := Load(ctx, tx)
		if err != nil {
			return err
		}
		pol = old
		change(&pol)
		if err := pol.Validate(); err != nil {
			return err
		}
		next, err := json.Marshal(pol)
		if err != nil {
			return fmt.Errorf("settings: encode policy: %w", err)
		}
		changed, err := changes(old, pol)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO settings (key, value, updated_by, updated_at)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE
			SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			policyKey, string(next), max(p.UserID, 0), s.now())
		if err != nil {
			return fmt.Errorf("settings: store policy: %w", err)
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "settings.policy", ObjectType: "settings", ObjectID: policyKey,
			Detail: changed})
	})
	if err != nil {
		return tiaojie.Policy{}, err
	}
	return pol, nil
}

// changes names each setting that differs between old and new, with its
// values before and after ("0 → 24"), for the audit row.
func changes(old, new tiaojie.Policy) (map[string]string, error) {
	var before, after map[string]json.RawMessage
	for _, c := range []struct {
		p  tiaojie.Policy
		to *map[string]json.RawMessage
	}{{old, &before}, {new, &after}} {
		b, err := json.Marshal(c.p)
		if err != nil {
			return nil, fmt.Errorf("settings: encode policy: %w", err)
		}
		if err := json.Unmarshal(b, c.to); err != nil {
			return nil, fmt.Errorf("settings: decode policy: %w", err)
		}
	}
	out := map[string]string{}
	for k, v := range after {
		if string(before[k]) != string(v) {
			out[k] = string(before[k]) + " → " + string(v)
		}
	}
	return out, nil
}

// now returns the service's time, truncated to what both engines store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }
