package cases

import (
	"context"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
)

// Feedback to the referring agency (SPEC C12): the partner who referred a
// case (Refer) reads it on their desk (Referred) and is told, by notice,
// when it is accepted, refused or closed. insertEvent calls tellReferrer
// for every step, so no transition can forget it.

// Referred lists the cases the caller referred, newest first.
func (s *Service) Referred(ctx context.Context, p *tiaojie.Principal) ([]Row, error) {
	if !p.LoggedIn() || !p.Has(tiaojie.RolePartner) {
		return nil, nil
	}
	cal, err := s.Calendar(ctx, s.db.Reader())
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+rowColumns+caseFrom+`
		WHERE c.referrer_id = $1 ORDER BY c.id DESC LIMIT 200`, p.UserID)
	if err != nil {
		return nil, err
	}
	return s.scanRows(rows, cal)
}

// referralNews says what a step from → to means to the referrer: accepted
// by an organization, refused, closed; "" for nothing to tell.
func referralNews(from, to tiaojie.CaseStatus) string {
	switch {
	case from == to:
		return ""
	case from == tiaojie.CaseAwaitingOrg && (to == tiaojie.CaseAwaitingResp || to == tiaojie.CaseMediating):
		return "accepted"
	case to == tiaojie.CaseRejected:
		return "refused"
	case to == tiaojie.CaseAgreed || to == tiaojie.CaseTerminated || to == tiaojie.CaseWithdrawn:
		return "closed"
	}
	return ""
}

// tellReferrer queues the notice of a step to the case's referrer, once per
// case and kind of news.
func (s *Service) tellReferrer(ctx context.Context, tx *db.Tx, e Event) error {
	what := referralNews(e.FromStatus, e.ToStatus)
	if what == "" {
		return nil
	}
	var referrer int64
	var number, org string
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.referrer_id, 0), c.number, COALESCE(o.name, '') FROM cases c
		LEFT JOIN orgs o ON o.id = c.org_id WHERE c.id = $1`, e.ID).Scan(&referrer, &number, &org)
	if err != nil || referrer == 0 {
		return err
	}
	to, err := auth.Contacts(ctx, tx, s.sealer, `SELECT u.id, u.email, u.phone_enc FROM users u WHERE u.id = $1 AND u.status = 'active'`, referrer)
	if err != nil {
		return err
	}
	m := notify.ReferralUpdate{CaseNo: number, What: what, Org: org, Link: s.baseURL + "/partner"}
	for _, c := range to {
		if err := s.notify(ctx, tx, s.now(), "case.referral:"+itoa(e.ID)+":"+what+":"+itoa(referrer), c.Email, c.Phone, m); err != nil {
			return err
		}
	}
	return nil
}
