// Package association keeps the mediation industry association's register
// (调解行业协会, SPEC C10): organizations apply for membership, the
// association admits or declines them, and records self-discipline
// measures (行业自律措施) against members: a reminder talk, a circulated
// criticism, suspension or cancellation of membership, the last two
// changing the membership's status (tiaojie.NextMeasureStatus).
//
// Who does what. An organization's admin applies for their organization
// and sees its membership and measures; the association (PermAssociation)
// decides and records; staff who may read the organization (the bureau,
// its township office) see its membership too. The register of members is
// public: name, township, type, since when, and whether suspended.
// Complaints against members are handled by internal/complaints.
package association

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
)

// Deps are the collaborators of the Service.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Clock clock.Clock
	Log   *slog.Logger
}

// Service keeps the association's register.
type Service struct {
	db    *db.DB
	audit *audit.Log
	clock clock.Clock
}

// New returns a Service.
func New(d Deps) *Service { return &Service{db: d.DB, audit: d.Audit, clock: d.Clock} }

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Membership is an organization's standing with the association.
type Membership struct {
	ID          int64
	OrgID       int64
	OrgName     string
	OrgType     tiaojie.OrgType
	Township    string
	Status      tiaojie.MemberStatus
	Statement   string
	AppliedAt   time.Time
	DecidedAt   *time.Time
	Reason      string // why declined, suspended or cancelled
	MemberSince string // YYYY-MM-DD; "" before admission
	Measures    []Measure
}

// Measure is one self-discipline measure recorded against a member.
type Measure struct {
	ID        int64
	Kind      tiaojie.MeasureKind
	Reason    string
	DecidedOn string // YYYY-MM-DD, Beijing
	Recorder  string
	At        time.Time
}

func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, orgID int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "association_member", audit.ID(orgID), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, orgID int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "association_member", ObjectID: itoa(orgID), Detail: detail})
}

func keeper(p *tiaojie.Principal) error {
	if !p.Can(tiaojie.PermAssociation) {
		return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermAssociation)})
	}
	return nil
}

// adminOf reports whether p administers organization orgID.
func adminOf(p *tiaojie.Principal, orgID int64) bool {
	return p.Can(tiaojie.PermOrgsEdit) && slices.ContainsFunc(p.Grants, func(g tiaojie.Grant) bool {
		return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == orgID
	})
}

// Apply applies for membership of organization orgID, by its admin, with
// a statement (申请书). An organization may apply when it never has, or
// after a decline or a cancellation; it must be registered and serving.
func (s *Service) Apply(ctx context.Context, p *tiaojie.Principal, orgID int64, statement string) error {
	if !adminOf(p, orgID) {
		return s.settle(ctx, p, "association.apply", orgID, audit.Refuse(tiaojie.E(tiaojie.Forbidden, "association.admin_only"), nil))
	}
	statement = strings.TrimSpace(statement)
	if n := len([]rune(statement)); n < 1 || n > tiaojie.MaxMemberText {
		var fe tiaojie.FieldErrors
		fe.Add("statement", "association.statement", "max", "1000")
		return fe.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM orgs WHERE id = $1`, orgID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		if err != nil {
			return err
		}
		if !slices.Contains([]string{"registered", "active", "rectifying"}, status) {
			return tiaojie.E(tiaojie.Conflict, "association.org_not_serving")
		}
		cur, err := currentStatus(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if _, err := tiaojie.NextMemberStatus(cur, tiaojie.MemberApply, tiaojie.MemberByOrg, ""); err != nil {
			return err
		}
		now := s.now()
		_, err = tx.ExecContext(ctx, `
			INSERT INTO association_members (org_id, status, statement, applied_by, applied_at, updated_at)
			VALUES ($1, 'applied', $2, $3, $4, $4)
			ON CONFLICT (org_id) DO UPDATE SET status = 'applied', statement = excluded.statement, applied_by = excluded.applied_by,
				applied_at = excluded.applied_at, decided_by = 0, decided_at = NULL, reason = '', updated_at = excluded.updated_at`,
			orgID, statement, max(p.UserID, 0), now)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "association.apply", orgID, map[string]string{"from": string(cur)})
	})
}

// currentStatus returns an organization's membership status, MemberNone
// when it never applied.
func currentStatus(ctx context.Context, q db.Queryer, orgID int64) (tiaojie.MemberStatus, error) {
	var st tiaojie.MemberStatus
	err := q.QueryRowContext(ctx, `SELECT status FROM association_members WHERE org_id = $1`, orgID).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return tiaojie.MemberNone, nil
	}
	return st, err
}

// Decide takes the association's step on organization orgID's membership:
// admit or decline an application (a reason for declining), reinstate a
// suspended member. Suspension and cancellation are measures
// (RecordMeasure), so that each is on the member's record.
func (s *Service) Decide(ctx context.Context, p *tiaojie.Principal, orgID int64, a tiaojie.MemberAction, reason string) error {
	action := "association." + string(a)
	if err := keeper(p); err != nil {
		return s.settle(ctx, p, action, orgID, err)
	}
	if a != tiaojie.MemberAdmit && a != tiaojie.MemberDecline && a != tiaojie.MemberReinstate {
		return tiaojie.E(tiaojie.Invalid, "association.unknown_action").With("action", string(a))
	}
	reason = strings.TrimSpace(reason)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, err := currentStatus(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if cur == tiaojie.MemberNone {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		to, err := tiaojie.NextMemberStatus(cur, a, tiaojie.MemberByAssociation, reason)
		if err != nil {
			return err
		}
		if err := s.setStatus(ctx, tx, p, orgID, cur, to, reason); err != nil {
			return err
		}
		return s.record(ctx, tx, p, action, orgID, map[string]string{"from": string(cur), "to": string(to), "reason": reason})
	})
}

// setStatus moves a membership from cur to to; admission dates the
// membership (a reinstated member keeps its first date).
func (s *Service) setStatus(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, orgID int64, cur, to tiaojie.MemberStatus, reason string) error {
	now := s.now()
	since := ""
	if to == tiaojie.MemberActive {
		since = now.In(tiaojie.Beijing()).Format(time.DateOnly)
	}
	if to == tiaojie.MemberActive {
		reason = ""
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE association_members SET status = $1, decided_by = $2, decided_at = $3, reason = $4, updated_at = $3,
			member_since = CASE WHEN member_since = '' THEN $5 ELSE member_since END
		WHERE org_id = $6 AND status = $7`, string(to), max(p.UserID, 0), now, reason, since, orgID, string(cur))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tiaojie.E(tiaojie.Conflict, "association.changed")
	}
	return nil
}

// MeasureInput is a measure as the association records it.
type MeasureInput struct {
	Kind      tiaojie.MeasureKind
	Reason    string
	DecidedOn time.Time // the day decided (Beijing); zero for today; not in the future
}

// RecordMeasure records a self-discipline measure against member orgID
// and returns its id; suspension and cancellation change the membership.
func (s *Service) RecordMeasure(ctx context.Context, p *tiaojie.Principal, orgID int64, in MeasureInput) (int64, error) {
	if err := keeper(p); err != nil {
		return 0, s.settle(ctx, p, "association.measure", orgID, err)
	}
	in.Reason = strings.TrimSpace(in.Reason)
	now := s.now()
	today := now.In(tiaojie.Beijing()).Format(time.DateOnly)
	day := today
	if !in.DecidedOn.IsZero() {
		day = in.DecidedOn.In(tiaojie.Beijing()).Format(time.DateOnly)
	}
	if day > today {
		var fe tiaojie.FieldErrors
		fe.Add("decided_on", "association.future_date")
		return 0, fe.Err()
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var memberID int64
		var cur tiaojie.MemberStatus
		err := tx.QueryRowContext(ctx, `SELECT id, status FROM association_members WHERE org_id = $1`, orgID).Scan(&memberID, &cur)
		if errors.Is(err, sql.ErrNoRows) {
			return tiaojie.E(tiaojie.Conflict, "association.not_member")
		}
		if err != nil {
			return err
		}
		to, err := tiaojie.NextMeasureStatus(cur, in.Kind, in.Reason)
		if err != nil {
			return err
		}
		if to != cur {
			if err := s.setStatus(ctx, tx, p, orgID, cur, to, in.Reason); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO association_measures (member_id, kind, reason, decided_on, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, memberID, string(in.Kind), in.Reason, day, max(p.UserID, 0), now).Scan(&id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "association.measure", orgID, map[string]string{"measure": itoa(id), "kind": string(in.Kind),
			"from": string(cur), "to": string(to), "decided_on": day})
	})
	return id, err
}

func refuseNotFound() *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil)
}
