package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Opinions a township office may give in pre-review (ActOpinion's detail).
const (
	OpinionSupport = "support" // 同意
	OpinionOppose  = "oppose"  // 不同意
)

// Transition is one step of an organization's history: who took which
// step, in which role, when and why. Creation is recorded as action
// "create" from status "".
type Transition struct {
	ID         int64
	OrgID      int64
	Action     string // a tiaojie.OrgAction, or "create"
	FromStatus tiaojie.OrgStatus
	ToStatus   tiaojie.OrgStatus
	FromStage  string
	ToStage    string
	Reason     string // the reason, or the township office's opinion
	Detail     string // ActOpinion: OpinionSupport or OpinionOppose
	ActorID    int64
	Actor      string
	Role       string // the role the actor acted in
	At         time.Time
}

func (s *Service) insertTransitionTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, t Transition) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO org_transitions (org_id, action, from_status, to_status, from_stage, to_stage,
		                             reason, detail, actor_id, actor, role, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		t.OrgID, t.Action, string(t.FromStatus), string(t.ToStatus), t.FromStage, t.ToStage,
		t.Reason, t.Detail, max(p.UserID, 0), p.Name, t.Role, s.now())
	return err
}

// Act takes a lifecycle step (tiaojie.NextOrgStatus decides whether it is
// allowed from the current status and stage). The actor needs
// orgs.lifecycle and one of tiaojie.OrgActionRoles(action) through a grant
// that reaches the organization: a township office only in its township,
// an organization admin only for its own organization. ActOpinion needs
// detail OpinionSupport or OpinionOppose with the opinion as reason;
// ActSubmit needs the pre-review materials and a charter; ActActivate
// needs valid registration details (SetRegistration). The step, its
// history row, its audit row and the re-indexing happen together or not
// at all.
func (s *Service) Act(ctx context.Context, p *tiaojie.Principal, id int64, action tiaojie.OrgAction, reason, detail string) error {
	if !slices.Contains(tiaojie.OrgActions(), action) {
		return tiaojie.E(tiaojie.Invalid, "org.unknown_action").With("action", string(action))
	}
	reason, detail = strings.TrimSpace(reason), strings.TrimSpace(detail)
	roles := tiaojie.OrgActionRoles(action)
	return s.withOrg(ctx, p, id, "org."+string(action), roleGuard(tiaojie.PermOrgsLifecycle, roles...), func(tx *db.Tx, o *Org) error {
		next, err := tiaojie.NextOrgStatus(o.Status, o.Stage, action, o.Level, reason)
		if err != nil {
			return err
		}
		if detail, err = s.precondition(ctx, tx, o, action, detail); err != nil {
			return err
		}
		return s.stepTx(ctx, tx, p, o, Transition{
			OrgID: id, Action: string(action), FromStatus: o.Status, ToStatus: next.To, FromStage: o.Stage,
			ToStage: next.Stage, Reason: reason, Detail: detail, Role: actingRole(p, o, roles),
		})
	})
}

// precondition checks what a step needs besides the state machine and
// returns the detail to record.
func (s *Service) precondition(ctx context.Context, tx *db.Tx, o *Org, a tiaojie.OrgAction, detail string) (string, error) {
	switch a {
	case tiaojie.ActOpinion:
		if detail != OpinionSupport && detail != OpinionOppose {
			var fe tiaojie.FieldErrors
			fe.Add("opinion", "org.opinion_required")
			return "", fe.Err()
		}
		return detail, nil
	case tiaojie.ActSubmit:
		return "", s.readyForReview(ctx, tx, o.ID)
	case tiaojie.ActActivate:
		return "", tiaojie.ValidateRegistration(o.LegalForm, o.Registration(), s.now())
	}
	return "", nil
}

// stepTx writes a lifecycle step: the new status (guarded by the version
// read, so two concurrent steps cannot both pass), the history row, the
// audit row and the search index.
func (s *Service) stepTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, o *Org, t Transition) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE orgs SET status = $1, stage = $2, updated_at = $3, version = version + 1
		WHERE id = $4 AND version = $5`, string(t.ToStatus), t.ToStage, s.now(), o.ID, o.Version)
	if err := affected(res, err, tiaojie.E(tiaojie.Conflict, "org.stale")); err != nil {
		return err
	}
	if t.Action == string(tiaojie.ActSubmit) {
		if _, err := tx.ExecContext(ctx, `UPDATE org_prereview SET submitted_at = $1 WHERE org_id = $2`, s.now(), o.ID); err != nil {
			return err
		}
	}
	if err := s.insertTransitionTx(ctx, tx, p, t); err != nil {
		return err
	}
	if err := s.reindexTx(ctx, tx, o.ID); err != nil {
		return err
	}
	return s.record(ctx, tx, p, "org."+t.Action, o.ID, map[string]string{
		"from": string(t.FromStatus), "to": string(t.ToStatus), "stage": t.ToStage, "opinion": t.Detail, "role": t.Role,
	})
}

// History returns an organization's lifecycle history, oldest first, to
// staff with orgs.read whose scope covers it.
func (s *Service) History(ctx context.Context, p *tiaojie.Principal, id int64) ([]Transition, error) {
	if _, err := s.readOrg(ctx, p, id, "org.history", staffGuard(tiaojie.PermOrgsRead)); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT id, org_id, action, from_status, to_status, from_stage, to_stage, reason, detail,
		       actor_id, actor, role, at
		FROM org_transitions WHERE org_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("registry: history: %w", err)
	}
	defer rows.Close()
	out := []Transition{}
	for rows.Next() {
		var t Transition
		var from, to string
		if err := rows.Scan(&t.ID, &t.OrgID, &t.Action, &from, &to, &t.FromStage, &t.ToStage, &t.Reason, &t.Detail,
			&t.ActorID, &t.Actor, &t.Role, &t.At); err != nil {
			return nil, err
		}
		t.FromStatus, t.ToStatus = tiaojie.OrgStatus(from), tiaojie.OrgStatus(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

// SetRegistration records an organization's legal registration once
// pre-review has passed (status registered, active or rectifying): the
// credit code (normalized and checked by its check character, unique in
// the register), the authority and the date (stored as that day, Beijing
// time). The bureau or the organization's own admin may set it.
func (s *Service) SetRegistration(ctx context.Context, p *tiaojie.Principal, id int64, r tiaojie.Registration) error {
	r.CreditCode = tiaojie.NormalizeUSCC(r.CreditCode)
	r.Authority = strings.TrimSpace(r.Authority)
	if !r.Date.IsZero() {
		r.Date = dayOf(r.Date)
	}
	g := roleGuard(tiaojie.PermOrgsEdit, tiaojie.RoleBureau, tiaojie.RoleOrgAdmin)
	return s.withOrg(ctx, p, id, "org.registration", g, func(tx *db.Tx, o *Org) error {
		switch o.Status {
		case tiaojie.StatusRegistered, tiaojie.StatusActive, tiaojie.StatusRectifying:
		default:
			return tiaojie.E(tiaojie.Conflict, "org.registration_status")
		}
		if err := tiaojie.ValidateRegistration(o.LegalForm, r, s.now()); err != nil {
			return err
		}
		if utf8.RuneCountInString(r.Authority) > 100 {
			var fe tiaojie.FieldErrors
			fe.Add("registration_authority", "org.authority_length")
			return fe.Err()
		}
		if err := s.storeRegistrationTx(ctx, tx, id, r); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.registration", id, map[string]string{"credit_code": r.CreditCode, "authority": r.Authority})
	})
}

func (s *Service) storeRegistrationTx(ctx context.Context, tx *db.Tx, id int64, r tiaojie.Registration) error {
	var code any
	if r.CreditCode != "" {
		code = r.CreditCode
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE orgs SET credit_code = $1, registration_authority = $2, registration_date = $3,
		       updated_at = $4, version = version + 1
		WHERE id = $5`, code, r.Authority, r.Date.UTC(), s.now(), id)
	if db.IsUnique(err) {
		var fe tiaojie.FieldErrors
		fe.Add("credit_code", "org.credit_code_taken")
		return fe.Err()
	}
	return err
}
