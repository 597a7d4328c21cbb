package cases

import (
	"cmp"
	"context"
	"slices"
	"time"

	"tiaojie"
	"tiaojie/internal/agreement"
	"tiaojie/internal/audit"
)

// ConfirmationApplication returns the parties' joint application for
// judicial confirmation (司法确认申请书) of the agreement in effect, as
// internal/agreement prints it: every party an applicant with its
// particulars and agents as on the agreement (identity numbers and phones
// masked), the organization, the agreement's number, date and terms, the
// district's court and the last day to apply. Only those who see the
// case's content get it, as they get the agreement, and every copy taken
// is audited.
//
// It is refused (Conflict) without an agreement in effect, for an oral
// agreement (the court confirms a written one), once the court has ruled,
// and once the 30 days of 人民调解法 Art. 33 have passed.
func (s *Service) ConfirmationApplication(ctx context.Context, p *tiaojie.Principal, id int64) (agreement.Application, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return agreement.Application{}, err
	}
	if !v.Parts.Content {
		return agreement.Application{}, s.settle(ctx, p, "case.confirmation_application", id, notYours("confirmation_application"))
	}
	ag, err := s.latestAgreement(ctx, s.db.Reader(), id)
	if err != nil {
		return agreement.Application{}, err
	}
	if err := ConfirmationOpen(v.Case, ag, s.now()); err != nil {
		return agreement.Application{}, err
	}
	var orgType tiaojie.OrgType
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT type FROM orgs WHERE id = $1`, v.OrgID).Scan(&orgType); err != nil {
		return agreement.Application{}, err
	}
	app := agreement.Application{
		OrgName: v.OrgName, AgreementNumber: firstNonEmpty(v.FileNo, v.Number), AgreedAt: *ag.EffectiveAt, Terms: ag.Terms,
		Deadline: ConfirmationDue(v.Case, ag).In(tiaojie.Beijing()).AddDate(0, 0, -1),
	}
	if orgType == tiaojie.OrgCommercial {
		app.Kind = agreement.Commercial
	}
	if s.district != nil {
		app.Court = s.district.Court.Name
	}
	app.Applicants = applicants(v.Parties)
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "case.confirmation_application", ObjectType: "case",
		ObjectID: itoa(id), Detail: map[string]string{"agreement": itoa(ag.ID)}})
	return app, err
}

// ConfirmationOpen reports, with the refusal to show, whether the parties
// may still apply for judicial confirmation of the agreement ag of case c
// at now: it must be in effect and written, the court must not have ruled
// yet, and the 30 days must not have passed. The case page asks it too,
// to offer the application only while it can be made.
func ConfirmationOpen(c *Case, ag *Agreement, now time.Time) error {
	switch {
	case ag == nil || ag.EffectiveAt == nil:
		return tiaojie.E(tiaojie.Conflict, "case.no_agreement")
	case ag.Oral:
		return tiaojie.E(tiaojie.Conflict, "case.oral_no_confirmation")
	case c.Confirmed != nil:
		return tiaojie.E(tiaojie.Conflict, "case.confirmation_decided")
	case !now.Before(ConfirmationDue(c, ag)):
		return tiaojie.E(tiaojie.Conflict, "case.confirm_late")
	}
	return nil
}

// ConfirmationDue returns when the time to apply for judicial
// confirmation ends (the midnight after its last day): the case's
// deadline, set when the agreement took effect, or for a case without
// one, 30 days from the agreement with only weekends resting.
func ConfirmationDue(c *Case, ag *Agreement) time.Time {
	if c.ConfirmDue != nil {
		return *c.ConfirmDue
	}
	return tiaojie.Calendar{}.AddDays(*ag.EffectiveAt, tiaojie.ConfirmationDays)
}

// applicants turns the parties into the applicants, applicant side first,
// each with its agents.
func applicants(ps []Party) []agreement.Applicant {
	principals := slices.DeleteFunc(slices.Clone(ps), func(pt Party) bool { return pt.AgentFor != 0 })
	rank := func(pt Party) int {
		if pt.Side == tiaojie.SideApplicant {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(principals, func(a, b Party) int { return cmp.Compare(rank(a), rank(b)) })
	out := make([]agreement.Applicant, len(principals))
	for i, pt := range principals {
		out[i].Party = documentParty(pt, "申请人")
		for _, ag := range ps {
			if ag.AgentFor == pt.ID {
				out[i].Agents = append(out[i].Agents, documentParty(ag, "委托代理人"))
			}
		}
	}
	return out
}

// documentParty returns a party's particulars as documents print them:
// the gender in Chinese, the phone masked (the identity number is masked
// already).
func documentParty(pt Party, role string) agreement.Party {
	gender := map[string]string{"male": "男", "female": "女"}[pt.Gender]
	dp := agreement.Party{Role: role, Name: pt.Name, Gender: gender, Ethnicity: pt.Ethnicity, Occupation: pt.Occupation,
		IDNumberMasked: pt.IDNumberMasked, Address: pt.Address, IsOrg: pt.Kind == tiaojie.PartyOrg,
		USCC: pt.CreditCode, Representative: pt.Representative}
	if pt.Phone != "" {
		dp.PhoneMasked = tiaojie.MaskPhone(pt.Phone)
	}
	return dp
}
