package cases

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// inviteRespondents invites every respondent (not their agents) when the
// organization accepts: a link by SMS and e-mail to read the application
// and answer. Only the token's SM3 digest is stored.
func (s *Service) inviteRespondents(ctx context.Context, tx *db.Tx, c *Case, now time.Time, due *time.Time) error {
	for _, p := range c.Parties {
		if p.Side != tiaojie.SideRespondent || p.AgentFor != 0 || p.InvitedAt != nil {
			continue
		}
		tok := token()
		if _, err := tx.ExecContext(ctx, `UPDATE case_parties SET invite_hash = $1, invited_at = $2 WHERE id = $3`,
			tokenHash(tok), now, p.ID); err != nil {
			return err
		}
		m := notify.CaseInvitation{Name: p.Name, Org: c.OrgName, CaseNo: c.Number, Link: s.baseURL + "/invite/" + tok}
		if due != nil {
			m.Deadline = due.Add(-time.Minute) // the end of the last day
		}
		if err := s.notify(ctx, tx, now, "case.invite:"+itoa(c.ID)+":party:"+itoa(p.ID), p.Email, p.Phone, m); err != nil {
			return err
		}
	}
	return nil
}

// notify words a notice (in Chinese, the parties' language here) and
// hands it to the notifier under the idempotency key, or logs that there
// is no notifier.
func (s *Service) notify(ctx context.Context, tx *db.Tx, now time.Time, key, email, phone string, m notify.Message) error {
	if phone == "" && email == "" {
		return nil
	}
	if s.notifier == nil {
		s.log.InfoContext(ctx, "cases: no notifier, notice not sent", "key", key)
		return nil
	}
	content, err := s.notifier.Render(i18n.Zh, m)
	if err != nil {
		return err
	}
	return s.notifier.Enqueue(ctx, tx, now, content.Notice(key, email, phone))
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
// funnel's second step). A wrong token, or one of a case already
// archived, is NotFound.
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
	if c.Status == tiaojie.CaseArchived {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
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
