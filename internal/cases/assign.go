package cases

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// How a mediator came to a case (人民调解法 Art. 19).
const (
	ChosenByOrg     = "org"     // the organization designated them
	ChosenByParties = "parties" // the parties chose them jointly
)

// Assign makes a mediator the case's mediator, ending any earlier
// assignment: the organization's admin designates, or records the
// parties' joint choice (how). The mediator must be an active member of
// the organization now; a suspended or removed (除名) mediator can never
// be assigned (the roster's Assignable decides). The mediator declares conflicts before mediating
// (DeclareConflict).
func (s *Service) Assign(ctx context.Context, p *tiaojie.Principal, id, mediatorID int64, how string) error {
	if how != ChosenByOrg && how != ChosenByParties {
		return tiaojie.E(tiaojie.Invalid, "case.assign_how")
	}
	return s.withCase(ctx, p, id, "case.assign", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Org {
			return notYours("assign")
		}
		switch c.Status {
		case tiaojie.CaseAwaitingResp, tiaojie.CaseMediating:
		default:
			return tiaojie.E(tiaojie.Conflict, "case.bad_transition").With("action", "assign").With("status", string(c.Status))
		}
		if err := s.roster.AssignableTx(ctx, tx, mediatorID, c.OrgID); err != nil {
			return err
		}
		if mediatorID == c.MediatorID {
			return nil
		}
		if err := s.endAssignment(ctx, tx, c.ID, "reassigned"); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO case_assignments (case_id, mediator_id, how, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)`,
			c.ID, mediatorID, how, max(p.UserID, 0), now); err != nil {
			return err
		}
		if err := s.update(ctx, tx, c, map[string]any{"mediator_id": mediatorID, "activity_at": now}); err != nil {
			return err
		}
		if err := s.insertEvent(ctx, tx, p, Event{ID: c.ID, Action: "assign", FromStatus: c.Status, ToStatus: c.Status,
			Reason: how, Role: string(tiaojie.ActorOrg)}); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.assign", c.ID, map[string]string{"mediator": itoa(mediatorID), "how": how})
	})
}

// endAssignment closes the current assignment, if any.
func (s *Service) endAssignment(ctx context.Context, tx *db.Tx, caseID int64, note string) error {
	_, err := tx.ExecContext(ctx, `UPDATE case_assignments SET ended_at = $1, end_note = $2 WHERE case_id = $3 AND ended_at IS NULL`,
		s.now(), note, caseID)
	return err
}

// Assignment is the current mediator's assignment.
type Assignment struct {
	MediatorID   int64
	How          string
	Declared     bool   // the conflict declaration is made
	ConflictNote string // what they declared; empty: no conflict
}

// CurrentAssignment returns the case's current assignment, if any.
func (s *Service) CurrentAssignment(ctx context.Context, q db.Queryer, caseID int64) (*Assignment, error) {
	var a Assignment
	var declared sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT mediator_id, how, declared_at, conflict_note FROM case_assignments
		WHERE case_id = $1 AND ended_at IS NULL`, caseID).Scan(&a.MediatorID, &a.How, &declared, &a.ConflictNote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.Declared = declared.Valid
	return &a, nil
}

// DeclareConflict is the assigned mediator's declaration before mediating
// (法释〔2021〕23号 Art. 13). With no conflict (note empty) they may
// start; declaring one withdraws them, and the organization assigns
// another.
func (s *Service) DeclareConflict(ctx context.Context, p *tiaojie.Principal, id int64, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > tiaojie.MaxReasonRunes {
		var fe tiaojie.FieldErrors
		fe.Add("note", "case.reason_length")
		return fe.Err()
	}
	return s.withCase(ctx, p, id, "case.declare", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Mediator {
			return notYours("declare")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE case_assignments SET declared_at = $1, conflict_note = $2
			WHERE case_id = $3 AND ended_at IS NULL AND declared_at IS NULL`, now, note, c.ID); err != nil {
			return err
		}
		action := "declare"
		if note != "" {
			action = "withdraw_conflict"
			if err := s.endAssignment(ctx, tx, c.ID, "conflict"); err != nil {
				return err
			}
			if err := s.update(ctx, tx, c, map[string]any{"mediator_id": nil, "activity_at": now}); err != nil {
				return err
			}
		}
		if err := s.insertEvent(ctx, tx, p, Event{ID: c.ID, Action: action, FromStatus: c.Status, ToStatus: c.Status,
			Reason: note, Role: string(tiaojie.ActorMediator)}); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case."+action, c.ID, nil)
	})
}

// requireDeclared refuses mediator steps before the conflict declaration.
func (s *Service) requireDeclared(ctx context.Context, q db.Queryer, c *Case) error {
	a, err := s.CurrentAssignment(ctx, q, c.ID)
	if err != nil {
		return err
	}
	if a == nil || !a.Declared {
		return tiaojie.E(tiaojie.Conflict, "case.declare_first")
	}
	return nil
}

// Recusal is a party's request that the mediator step aside (回避).
type Recusal struct {
	ID         int64
	PartyID    int64
	MediatorID int64
	Reason     string
	Status     string // pending, granted, refused
	Decision   string
}

// RequestRecusal files a party's request that the current mediator step
// aside, with the reason. The organization's admin decides.
func (s *Service) RequestRecusal(ctx context.Context, p *tiaojie.Principal, id int64, reason string) (int64, error) {
	reason = strings.TrimSpace(reason)
	var fe tiaojie.FieldErrors
	if reason == "" || utf8.RuneCountInString(reason) > tiaojie.MaxReasonRunes {
		fe.Add("reason", "case.reason_required")
		return 0, fe.Err()
	}
	var rid int64
	err := s.withCase(ctx, p, id, "case.recusal", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Party() {
			return notYours("recusal")
		}
		if c.MediatorID == 0 || !c.Status.Open() {
			return tiaojie.E(tiaojie.Conflict, "case.no_mediator")
		}
		party := append(ps.Applicant, ps.Respondent...)[0]
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_recusals (case_id, party_id, mediator_id, reason, status, created_at)
			VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id`, c.ID, party, c.MediatorID, reason, s.now()).Scan(&rid); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.recusal", c.ID, map[string]string{"recusal": itoa(rid)})
	})
	return rid, err
}

// DecideRecusal is the organization admin's decision on a recusal
// request. Granting it ends the mediator's assignment.
func (s *Service) DecideRecusal(ctx context.Context, p *tiaojie.Principal, id, recusalID int64, grant bool, decision string) error {
	decision = strings.TrimSpace(decision)
	if decision == "" || utf8.RuneCountInString(decision) > tiaojie.MaxReasonRunes {
		var fe tiaojie.FieldErrors
		fe.Add("decision", "case.reason_required")
		return fe.Err()
	}
	return s.withCase(ctx, p, id, "case.recusal_decide", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Org {
			return notYours("recusal_decide")
		}
		var mediator int64
		err := tx.QueryRowContext(ctx, `SELECT mediator_id FROM case_recusals WHERE id = $1 AND case_id = $2 AND status = 'pending'`,
			recusalID, c.ID).Scan(&mediator)
		if errors.Is(err, sql.ErrNoRows) {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		if err != nil {
			return err
		}
		status := "refused"
		if grant {
			status = "granted"
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE case_recusals SET status = $1, decision = $2, decided_by = $3, decided_at = $4 WHERE id = $5`,
			status, decision, max(p.UserID, 0), now, recusalID); err != nil {
			return err
		}
		if grant && mediator == c.MediatorID {
			if err := s.endAssignment(ctx, tx, c.ID, "recusal"); err != nil {
				return err
			}
			if err := s.update(ctx, tx, c, map[string]any{"mediator_id": nil, "activity_at": now}); err != nil {
				return err
			}
		}
		if err := s.insertEvent(ctx, tx, p, Event{ID: c.ID, Action: "recusal_" + status, FromStatus: c.Status, ToStatus: c.Status,
			Reason: decision, Role: string(tiaojie.ActorOrg)}); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.recusal_decide", c.ID, map[string]string{"recusal": itoa(recusalID), "status": status})
	})
}

// Recusals lists a case's recusal requests for those who see the case.
func (s *Service) Recusals(ctx context.Context, p *tiaojie.Principal, id int64) ([]Recusal, error) {
	if _, err := s.Get(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, party_id, mediator_id, reason, status, decision
		FROM case_recusals WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recusal
	for rows.Next() {
		var r Recusal
		if err := rows.Scan(&r.ID, &r.PartyID, &r.MediatorID, &r.Reason, &r.Status, &r.Decision); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
