package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// Step is a lifecycle step a caller asks for, with what some steps need.
type Step struct {
	Action    tiaojie.CaseAction `json:"action"`
	EndReason tiaojie.EndReason  `json:"end_reason,omitempty"` // terminate
	Reason    string             `json:"reason,omitempty"`     // decline, reject, extend, reopen, other
	OrgID     int64              `json:"org_id,omitempty"`     // route
	Until     *time.Time         `json:"until,omitempty"`      // extend: the new end of the period
	Confirmed *bool              `json:"confirmed,omitempty"`  // confirm_result: the court confirmed the agreement
}

// Act takes a lifecycle step. tiaojie.NextCaseStatus decides whether the
// caller's part may take it from the current status; Act checks the rest
// (the organization routed to, the new period, every confirmation) and
// writes the step with its deadlines, history row, audit row and notices
// in one transaction. The agreement steps go through DraftAgreement,
// Confirm and RecordOral, the visit through Visit.
func (s *Service) Act(ctx context.Context, p *tiaojie.Principal, id int64, st Step) error {
	switch st.Action {
	case tiaojie.CaseDraftAgreement, tiaojie.CaseOralAgreement, tiaojie.CaseConclude, tiaojie.CaseVisit:
		return tiaojie.E(tiaojie.Invalid, "case.use_dedicated_step").With("action", string(st.Action))
	}
	return s.withCase(ctx, p, id, "case."+string(st.Action), func(tx *db.Tx, c *Case, ps Parts) error {
		return s.stepTx(ctx, tx, p, c, ps, st, nil)
	})
}

// stepTx applies a step inside a transaction. extra, if not nil, runs
// after the status changed (the agreement steps write their rows there).
func (s *Service) stepTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, c *Case, ps Parts, st Step, extra func() error) error {
	next, actor, err := decide(c.Status, st, ps)
	if err != nil {
		return err
	}
	st.Reason = strings.TrimSpace(st.Reason)
	cal, err := s.Calendar(ctx, tx)
	if err != nil {
		return err
	}
	now := s.now()
	set := map[string]any{"status": string(next.To), "activity_at": now}
	if next.End != "" {
		set["end_reason"], set["ended_at"] = string(next.End), now
	}
	ev := Event{ID: c.ID, Action: string(st.Action), FromStatus: c.Status, ToStatus: next.To, EndReason: next.End,
		Reason: st.Reason, Role: string(actor), OrgID: c.OrgID}
	switch st.Action {
	case tiaojie.CaseSubmit:
		if c.ConsentAt == nil || len(c.Parties) == 0 {
			return s.validateStored(c)
		}
		set["submitted_at"] = now
	case tiaojie.CaseRoute:
		reason, err := s.routeCheck(ctx, tx, c, st.OrgID)
		if err != nil {
			return err
		}
		set["org_id"], set["routed_at"], set["accept_due"] = st.OrgID, now, cal.AddWorkdays(now, tiaojie.AcceptWorkdays)
		set["route_reason"] = firstNonEmpty(st.Reason, reason)
		ev.OrgID = st.OrgID
	case tiaojie.CaseDecline, tiaojie.CaseTimeout:
		set["org_id"], set["routed_at"], set["accept_due"], set["route_reason"] = nil, nil, nil, ""
		// Back on the township office's board, flagged as returned (the
		// history says by whom and why): that is how the supervising
		// office is alerted.
		s.log.InfoContext(ctx, "cases: returned to routing", "case", c.ID, "org", c.OrgID, "action", string(st.Action))
	case tiaojie.CaseAccept:
		if c.AcceptDue != nil && !now.Before(*c.AcceptDue) {
			// The deadline job returns it to routing; until it runs, a late
			// acceptance is refused all the same.
			return tiaojie.E(tiaojie.Conflict, "case.accept_late")
		}
		fileNo, err := s.fileNumber(ctx, tx, c)
		if err != nil {
			return err
		}
		set["file_no"], set["accepted_at"] = fileNo, now
		set["resp_due"] = cal.AddWorkdays(now, tiaojie.RespondentWorkdays)
		set["mediation_due"] = cal.AddDays(now, tiaojie.MediationDays)
		if fee, ok, err := s.fee(ctx, c); err != nil {
			return err
		} else if ok {
			set["fee_fen"] = fee
		}
	case tiaojie.CaseConsent, tiaojie.CaseRefuse:
		col := "joined_at"
		if st.Action == tiaojie.CaseRefuse {
			col = "declined_at"
		}
		if err := s.markRespondents(ctx, tx, c, ps, col, now); err != nil {
			return err
		}
	case tiaojie.CaseExtend:
		if st.Until == nil || c.MediationDue == nil || !st.Until.After(*c.MediationDue) || st.Until.After(now.AddDate(1, 0, 0)) {
			var fe tiaojie.FieldErrors
			fe.Add("until", "case.extend_until")
			return fe.Err()
		}
		set["mediation_due"] = st.Until.UTC()
	case tiaojie.CaseConclude, tiaojie.CaseOralAgreement:
		set["agreed_at"], set["confirm_due"] = now, cal.AddDays(now, tiaojie.ConfirmationDays)
		set["visit_due"] = cal.AddDays(now, tiaojie.DefaultVisitDays)
		if a, err := s.latestAgreement(ctx, tx, c.ID); err != nil {
			return err
		} else if a != nil && a.PerformBy != nil {
			// Follow up once performance is due.
			set["visit_due"] = cal.AddDays(*a.PerformBy, 1)
		}
	case tiaojie.CaseApplyConfirm:
		if c.ConfirmDue != nil && !now.Before(*c.ConfirmDue) {
			return tiaojie.E(tiaojie.Conflict, "case.confirm_late")
		}
	case tiaojie.CaseConfirmResult:
		if st.Confirmed == nil {
			var fe tiaojie.FieldErrors
			fe.Add("confirmed", "case.confirmed_required")
			return fe.Err()
		}
		set["confirmed"] = *st.Confirmed
	}
	if err := s.update(ctx, tx, c, set); err != nil {
		return err
	}
	if extra != nil {
		if err := extra(); err != nil {
			return err
		}
	}
	if st.Action == tiaojie.CaseAccept {
		due, _ := set["resp_due"].(time.Time)
		if err := s.inviteRespondents(ctx, tx, c, now, &due); err != nil {
			return err
		}
	}
	if err := s.insertEvent(ctx, tx, p, ev); err != nil {
		return err
	}
	detail := map[string]string{"from": string(c.Status), "to": string(next.To), "as": string(actor)}
	if next.End != "" {
		detail["end"] = string(next.End)
	}
	if ev.OrgID != 0 {
		detail["org"] = itoa(ev.OrgID)
	}
	return s.record(ctx, tx, p, "case."+string(st.Action), c.ID, detail)
}

// decide asks the rule for the step as each part the caller plays, most
// specific first, and returns the first that may take it. A refusal for
// every part is audited as such.
func decide(from tiaojie.CaseStatus, st Step, ps Parts) (tiaojie.CaseStep, tiaojie.CaseActor, error) {
	var first error
	for _, actor := range ps.Actors() {
		next, err := tiaojie.NextCaseStatus(from, st.Action, actor, st.EndReason, st.Reason)
		if err == nil {
			return next, actor, nil
		}
		if !tiaojie.IsKind(err, tiaojie.Forbidden) {
			return next, actor, err
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		// A reader only (a referrer, the organization's other mediators).
		first = tiaojie.E(tiaojie.Forbidden, "case.not_your_step").With("action", string(st.Action))
	}
	var e *tiaojie.Error
	errors.As(first, &e)
	return tiaojie.CaseStep{}, "", audit.Refuse(e, map[string]string{"action": string(st.Action)})
}

// update writes columns of a case, guarded by the version read, so two
// concurrent steps cannot both pass.
func (s *Service) update(ctx context.Context, tx *db.Tx, c *Case, set map[string]any) error {
	cols := make([]string, 0, len(set))
	for k := range set {
		cols = append(cols, k)
	}
	slices.Sort(cols)
	args := make([]any, 0, len(cols)+2)
	parts := make([]string, len(cols))
	for i, k := range cols {
		args = append(args, set[k])
		parts[i] = fmt.Sprintf("%s = $%d", k, i+1)
	}
	args = append(args, c.ID, c.Version)
	res, err := tx.ExecContext(ctx, `UPDATE cases SET `+strings.Join(parts, ", ")+`, version = version + 1
		WHERE id = $`+fmt.Sprint(len(cols)+1)+` AND version = $`+fmt.Sprint(len(cols)+2), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return tiaojie.E(tiaojie.Conflict, "case.stale")
	}
	c.Version++
	return nil
}

// validateStored checks a stored draft as a submission would.
func (s *Service) validateStored(c *Case) error {
	var fe tiaojie.FieldErrors
	if len(c.Parties) == 0 {
		fe.Add("parties", "case.need_applicant")
	}
	if c.ConsentAt == nil {
		fe.Add("consent", "case.consent_required")
	}
	if strings.TrimSpace(c.Facts) == "" {
		fe.Add("facts", "case.facts_required")
	}
	return fe.Err()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// routeCheck checks the organization a case is routed to: it serves the
// public now and has not declined this case before. It returns the
// suggestion's reason when the organization is among the suggestions.
func (s *Service) routeCheck(ctx context.Context, tx *db.Tx, c *Case, orgID int64) (string, error) {
	var fe tiaojie.FieldErrors
	var status tiaojie.OrgStatus
	err := tx.QueryRowContext(ctx, `SELECT status FROM orgs WHERE id = $1`, orgID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !status.Public() {
		fe.Add("org_id", "case.route_org")
		return "", fe.Err()
	}
	if err != nil {
		return "", err
	}
	var declined int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_events WHERE case_id = $1 AND org_id = $2 AND action IN ('decline', 'timeout')`,
		c.ID, orgID).Scan(&declined); err != nil {
		return "", err
	}
	if declined > 0 {
		fe.Add("org_id", "case.route_declined")
		return "", fe.Err()
	}
	return "", nil
}

// fileNumber gives the case its file number (卷号) in the organization's
// annual series: （2026）<short name>调字第N号.
func (s *Service) fileNumber(ctx context.Context, tx *db.Tx, c *Case) (string, error) {
	var name, short string
	if err := tx.QueryRowContext(ctx, `SELECT name, short_name FROM orgs WHERE id = $1`, c.OrgID).Scan(&name, &short); err != nil {
		return "", err
	}
	year := s.now().In(tiaojie.Beijing()).Year()
	n, err := serial(ctx, tx, "file:"+itoa(c.OrgID), year)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("（%d）%s调字第%d号", year, firstNonEmpty(short, name), n), nil
}

// markRespondents stamps the funnel column of the respondent parties the
// caller is, or of every respondent when staff record the answer.
func (s *Service) markRespondents(ctx context.Context, tx *db.Tx, c *Case, ps Parts, col string, now time.Time) error {
	ids := ps.Respondent
	if len(ids) == 0 {
		for _, p := range c.Parties {
			if p.Side == tiaojie.SideRespondent {
				ids = append(ids, p.ID)
			}
		}
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE case_parties SET `+col+` = $1 WHERE id = $2 AND `+col+` IS NULL`, now, id); err != nil {
			return err
		}
	}
	return nil
}

// fee computes a commercial case's fee under the organization's standard
// in force today; people's mediation is free (ok false).
// A commercial organization with no standard in force charges nothing
// rather than a guess.
func (s *Service) fee(ctx context.Context, c *Case) (int64, bool, error) {
	if c.AmountFen == nil || s.fees == nil {
		return 0, false, nil
	}
	fee, std, err := s.fees.FeeFor(ctx, c.OrgID, tiaojie.Money(*c.AmountFen), s.now())
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return int64(fee), std.Version != 0, nil
}
