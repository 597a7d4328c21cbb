package cases

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie"
	"tiaojie/internal/db"
)

// inviteRespondents invites every respondent (not their agents) when the
// organization accepts: a link by SMS and e-mail to read the application
// and answer. Only the token's SM3 digest is stored.
func (s *Service) inviteRespondents(ctx context.Context, tx *db.Tx, c *Case, now time.Time) error {
	for _, p := range c.Parties {
		if p.Side != tiaojie.SideRespondent || p.AgentFor != 0 || p.InvitedAt != nil {
			continue
		}
		tok := token()
		if _, err := tx.ExecContext(ctx, `UPDATE case_parties SET invite_hash = $1, invited_at = $2 WHERE id = $3`,
			tokenHash(tok), now, p.ID); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, Notice{
			Key: "invite:" + itoa(p.ID), Phone: p.Phone, Email: p.Email,
			Subject: "调解邀请：" + c.Title,
			Text: fmt.Sprintf("【调解平台】%s您好，有当事人就“%s”申请调解，%s已受理。请在3个工作日内查看并答复是否同意调解：%s/invite/%s",
				p.Name, c.Title, c.OrgName, s.baseURL, tok),
		}); err != nil {
			return err
		}
	}
	return nil
}

// notify hands a notice to the notifier, or logs that there is none.
func (s *Service) notify(ctx context.Context, tx *db.Tx, now time.Time, n Notice) error {
	if n.Phone == "" && n.Email == "" {
		return nil
	}
	if s.notifier == nil {
		s.log.InfoContext(ctx, "cases: no notifier, notice not sent", "key", n.Key)
		return nil
	}
	return s.notifier.Enqueue(ctx, tx, now, n)
}

func tokenHash(tok string) string {
	sum := sm3.Sum([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// Invitation is what the respondent reads from the invitation link
// before logging in: the application in short, nobody's contact details.
type Invitation struct {
	CaseID      int64
	Number      string
	Status      tiaojie.CaseStatus
	OrgName     string
	DisputeType string
	Title       string
	Facts       string
	Claims      string
	Applicants  []string // names
	Respondent  string   // the invited party's name
	RespDue     *time.Time
}

// OpenInvitation shows an invitation and records that it was opened (the
// funnel's second step). A wrong or spent token is NotFound.
func (s *Service) OpenInvitation(ctx context.Context, tok string) (*Invitation, error) {
	if tok == "" || len(tok) > 64 {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	var inv Invitation
	var partyID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, case_id, name FROM case_parties WHERE invite_hash = $1`, tokenHash(tok)).
			Scan(&partyID, &inv.CaseID, &inv.Respondent)
		if errors.Is(err, sql.ErrNoRows) {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE case_parties SET opened_at = $1 WHERE id = $2 AND opened_at IS NULL`, s.now(), partyID)
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := s.loadCase(ctx, s.db.Reader(), inv.CaseID)
	if err != nil {
		return nil, err
	}
	inv.Number, inv.Status, inv.OrgName, inv.DisputeType = c.Number, c.Status, c.OrgName, c.DisputeType
	inv.Title, inv.Facts, inv.Claims, inv.RespDue = c.Title, c.Facts, c.Claims, c.RespDue
	for _, p := range c.Parties {
		if p.Side == tiaojie.SideApplicant && p.AgentFor == 0 {
			inv.Applicants = append(inv.Applicants, p.Name)
		}
	}
	return &inv, nil
}

// alertDesk is called when an organization declines a case or lets its
// deadline pass: the case is back on the township office's board, marked
// as returned (Board's Returned), which is how the supervising office is
// alerted; the history row says by whom and why.
func (s *Service) alertDesk(ctx context.Context, tx *db.Tx, c *Case, a tiaojie.CaseAction, reason string) error {
	s.log.InfoContext(ctx, "cases: returned to routing", "case", c.ID, "org", c.OrgID, "action", string(a))
	return nil
}
