package complaints

import (
	"context"
	"slices"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// StepInput is a step as a caller asks for it: the root package's step,
// and for a reassignment the new handler.
type StepInput struct {
	tiaojie.ComplaintStep
	Handler  tiaojie.ComplaintHandler // reassign: the new handler
	Township string                   // reassign to a township office: its township
}

// Act takes a step of complaint id: the complainant withdraws or closes,
// the handler (or the bureau) acknowledges, investigates, answers, closes
// or rejects, the bureau reassigns. A caller with no part in the
// complaint gets NotFound; a step they may not take, Forbidden; a step not
// allowed from the status, Conflict. Each step is recorded and audited.
func (s *Service) Act(ctx context.Context, p *tiaojie.Principal, id int64, in StepInput) error {
	action := "complaint." + string(in.Action)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		as := actors(p, c)
		if len(as) == 0 {
			return notFound()
		}
		actor := as[0]
		for _, a := range as {
			if tiaojie.ComplaintActionAllowed(c.Status, in.Action, []tiaojie.ComplaintActor{a}) {
				actor = a
				break
			}
		}
		to, err := tiaojie.NextComplaintStatus(c.Status, actor, &in.ComplaintStep)
		if e, ok := err.(*tiaojie.Error); ok && e.Kind == tiaojie.Forbidden {
			return audit.Refuse(e, map[string]string{"status": string(c.Status)})
		}
		if err != nil {
			return err
		}
		if in.Action == tiaojie.ComplaintReassign {
			if err := s.checkReassign(c, &in); err != nil {
				return err
			}
		}
		now := s.now()
		if err := s.apply(ctx, tx, c, to, in, now); err != nil {
			return err
		}
		if err := addStep(ctx, tx, id, string(in.Action), c.Status, to, in.Text, max(p.UserID, 0), now); err != nil {
			return err
		}
		detail := map[string]string{"from": string(c.Status), "to": string(to), "actor": string(actor)}
		if in.Outcome != "" {
			detail["outcome"] = string(in.Outcome)
		}
		if in.Action == tiaojie.ComplaintReassign {
			detail["handler"], detail["township"] = string(in.Handler), in.Township
		}
		return s.record(ctx, tx, p, action, id, detail)
	})
	return s.settle(ctx, p, action, id, err)
}

// checkReassign checks the new handler: the association takes only
// commercial organizations, a township office only its own township's,
// and the handler must change.
func (s *Service) checkReassign(c *Complaint, in *StepInput) error {
	var fe tiaojie.FieldErrors
	switch in.Handler {
	case tiaojie.HandlerBureau:
		in.Township = ""
	case tiaojie.HandlerAssociation:
		in.Township = ""
		if c.OrgType != tiaojie.OrgCommercial {
			fe.Add("handler", "complaint.association_commercial_only")
		}
	case tiaojie.HandlerTownship:
		if in.Township != c.OrgTownship {
			fe.Add("township", "complaint.township_of_org")
		}
	default:
		fe.Add("handler", "complaint.handler")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if in.Handler == c.Handler && in.Township == c.HandlerTownship {
		fe.Add("handler", "complaint.same_handler")
	}
	return fe.Err()
}

// apply writes the step's effect on the complaint.
func (s *Service) apply(ctx context.Context, tx *db.Tx, c *Complaint, to tiaojie.ComplaintStatus, in StepInput, now time.Time) error {
	set, args := "status = $1, updated_at = $2", []any{string(to), now}
	arg := func(col string, v any) {
		args = append(args, v)
		set += ", " + col + " = $" + itoa(int64(len(args)))
	}
	switch in.Action {
	case tiaojie.ComplaintAcknowledge:
		arg("acknowledged_at", now)
	case tiaojie.ComplaintAnswer:
		arg("answered_at", now)
		arg("outcome", string(in.Outcome))
		arg("answer", in.Text)
		arg("org_notice", in.Notice)
	case tiaojie.ComplaintClose:
		arg("closed_at", now)
	case tiaojie.ComplaintReject, tiaojie.ComplaintWithdraw:
		arg("closed_at", now)
		arg("reason", in.Text)
	case tiaojie.ComplaintReassign:
		arg("handler", string(in.Handler))
		arg("handler_township", in.Township)
		arg("acknowledged_at", nil)
	}
	args = append(args, c.ID, string(c.Status))
	n := len(args)
	res, err := tx.ExecContext(ctx, `UPDATE complaints SET `+set+` WHERE id = $`+itoa(int64(n-1))+` AND status = $`+itoa(int64(n)), args...)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return tiaojie.E(tiaojie.Conflict, "complaint.changed")
	}
	return nil
}

// addStep records a step of a complaint.
func addStep(ctx context.Context, tx *db.Tx, id int64, action string, from, to tiaojie.ComplaintStatus, note string, actor int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO complaint_steps (complaint_id, action, from_status, to_status, note, actor_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, action, string(from), string(to), note, actor, at)
	return err
}

// steps reads a complaint's steps, oldest first. For the complainant
// (staff false) the notes of staff steps are left out but for the
// reasons of a rejection or a reassignment, which concern them.
func (s *Service) steps(ctx context.Context, q db.Queryer, id int64, staff bool) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT s.action, s.from_status, s.to_status, s.note, COALESCE(u.display_name, ''), s.at
		FROM complaint_steps s LEFT JOIN users u ON u.id = s.actor_id
		WHERE s.complaint_id = $1 ORDER BY s.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Step
	for rows.Next() {
		var st Step
		if err := rows.Scan(&st.Action, &st.From, &st.To, &st.Note, &st.Actor, &st.At); err != nil {
			return nil, err
		}
		if !staff {
			st.Actor = ""
			if !slices.Contains([]string{"reject", "withdraw", "answer", "file"}, st.Action) {
				st.Note = ""
			}
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
