package roster

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// SetStatus suspends, reinstates or removes (除名) a mediator, following
// tiaojie.NextMediatorStatus: suspension and removal need a reason, removal
// the decision it rests on, and removal is final. The caller needs
// mediators.status within their scope; removal is the district bureau's
// alone, so a township office asking for it is refused (and audited). The
// change is kept in the mediator's history and in the audit trail, and a
// mediator who leaves the active status leaves the public roster with
// their photo.
func (s *Service) SetStatus(ctx context.Context, p *tiaojie.Principal, id int64, to tiaojie.MediatorStatus, reason, decision string) error {
	if !p.Can(tiaojie.PermMediatorsStatus) {
		return s.deny(ctx, p, forbidden("mediator.status", id, tiaojie.PermMediatorsStatus))
	}
	if to == tiaojie.MediatorRemoved && !mayRemove(p) {
		return s.deny(ctx, p, &denial{action: "mediator.status", objectID: itoa(id), reason: "removal",
			err: tiaojie.E(tiaojie.Forbidden, "mediator.removal_bureau_only")})
	}
	reason, decision = strings.TrimSpace(reason), strings.TrimSpace(decision)
	return s.write(ctx, p, func(tx *db.Tx) error {
		cur, err := s.loadSealedTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !visible(p, tiaojie.PermMediatorsStatus, cur.Orgs) {
			return notFound()
		}
		if err := tiaojie.NextMediatorStatus(cur.Status, to, reason, decision); err != nil {
			return err
		}
		if err := s.changeStatusTx(ctx, tx, p, cur, to, reason, decision); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "mediator.status", id, map[string]string{
			"from": string(cur.Status), "to": string(to), "reason": reason, "decision": decision})
	})
}

// mayRemove reports whether p may remove mediators from the roster: the
// district bureau, or the platform itself (maintenance and demo data).
func mayRemove(p *tiaojie.Principal) bool {
	if p.IsSystem() {
		return true
	}
	return p.Can(tiaojie.PermMediatorsStatus) &&
		slices.ContainsFunc(p.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleBureau })
}

// changeStatusTx writes the new status, its history row, the photo's
// visibility and the search entry.
func (s *Service) changeStatusTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, cur *row, to tiaojie.MediatorStatus, reason, decision string) error {
	now := s.now()
	_, err := tx.ExecContext(ctx, `
		UPDATE mediators SET status = $1, status_reason = $2, status_decision = $3, status_at = $4,
		                     updated_at = $4, version = version + 1
		WHERE id = $5`, string(to), reason, decision, now, cur.ID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO mediator_transitions (mediator_id, from_status, to_status, reason, decision, actor_id, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		cur.ID, string(cur.Status), string(to), reason, decision, max(p.UserID, 0), p.Name, now)
	if err != nil {
		return err
	}
	if was, will := photoPublic(cur.Public, cur.Status), photoPublic(cur.Public, to); cur.Photo != "" && was != will {
		if err := files.SetPublic(ctx, tx, cur.Photo, will); err != nil {
			return err
		}
	}
	return s.reindexTx(ctx, tx, cur.ID)
}

// Transition is one status change of a mediator: who, when, why.
type Transition struct {
	From, To tiaojie.MediatorStatus
	Reason   string
	Decision string
	ActorID  int64
	Actor    string
	At       time.Time
}

// History returns a mediator's status changes, oldest first, to staff who
// may see the mediator (mediators.read within scope; else NotFound).
func (s *Service) History(ctx context.Context, p *tiaojie.Principal, id int64) ([]Transition, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT from_status, to_status, reason, decision, actor_id, actor, at
		FROM mediator_transitions WHERE mediator_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("roster: history: %w", err)
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		var from, to string
		if err := rows.Scan(&from, &to, &t.Reason, &t.Decision, &t.ActorID, &t.Actor, &t.At); err != nil {
			return nil, fmt.Errorf("roster: history: %w", err)
		}
		t.From, t.To = tiaojie.MediatorStatus(from), tiaojie.MediatorStatus(to)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Assignable reports whether the mediator may be given a case of the
// organization: the mediator is active, a current member of the
// organization, the organization is one the public sees (正常 or 整改),
// and, where the bureau's policy requires training hours, the mediator
// has them in the last 12 months. It is the check the case module makes
// before every assignment; the errors are Conflicts with the codes
// mediator.removed, mediator.suspended, mediator.not_member,
// mediator.org_not_public and mediator.under_trained (with the hours had
// and required), or NotFound.
func (s *Service) Assignable(ctx context.Context, mediatorID, orgID int64) error {
	return assignable(ctx, s.db.Reader(), mediatorID, orgID, s.now())
}

// AssignableTx is Assignable inside the caller's transaction, so that the
// check and the assignment see the same state (the policy included).
func (s *Service) AssignableTx(ctx context.Context, tx *db.Tx, mediatorID, orgID int64) error {
	return assignable(ctx, tx, mediatorID, orgID, s.now())
}

// assignable is the query behind Assignable and AssignableTx; now decides
// which training counts.
func assignable(ctx context.Context, q db.Queryer, mediatorID, orgID int64, now time.Time) error {
	var status string
	if err := q.QueryRowContext(ctx, `SELECT status FROM mediators WHERE id = $1`, mediatorID).Scan(&status); err != nil {
		return db.MapError(err)
	}
	switch tiaojie.MediatorStatus(status) {
	case tiaojie.MediatorRemoved:
		return tiaojie.E(tiaojie.Conflict, "mediator.removed")
	case tiaojie.MediatorSuspended:
		return tiaojie.E(tiaojie.Conflict, "mediator.suspended")
	}
	var orgStatus string
	err := q.QueryRowContext(ctx, `
		SELECT o.status FROM mediator_orgs mo JOIN orgs o ON o.id = mo.org_id
		WHERE mo.mediator_id = $1 AND mo.org_id = $2 AND mo.left_at IS NULL`, mediatorID, orgID).Scan(&orgStatus)
	if err == sql.ErrNoRows {
		return tiaojie.E(tiaojie.Conflict, "mediator.not_member")
	}
	if err != nil {
		return fmt.Errorf("roster: assignable: %w", err)
	}
	if !tiaojie.OrgStatus(orgStatus).Public() {
		return tiaojie.E(tiaojie.Conflict, "mediator.org_not_public")
	}
	return checkTraining(ctx, q, mediatorID, now)
}
