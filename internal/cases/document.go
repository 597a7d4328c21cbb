package cases

import (
	"context"

	"tiaojie"
	"tiaojie/internal/agreement"
	"tiaojie/internal/audit"
)

// AgreementDocument returns the agreement in effect as the 调解协议书
// prints it (internal/agreement renders it): the parties' particulars
// with masked identity numbers and phones, the contents Art. 29 requires,
// every confirmation, the mediator and the organization. Only those who
// see the case get it, and only once the agreement is in effect.
func (s *Service) AgreementDocument(ctx context.Context, p *tiaojie.Principal, id int64) (agreement.Agreement, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return agreement.Agreement{}, err
	}
	if !v.Parts.Content {
		return agreement.Agreement{}, s.settle(ctx, p, "case.agreement_document", id, notYours("agreement_document"))
	}
	ag, err := s.latestAgreement(ctx, s.db.Reader(), id)
	if err != nil {
		return agreement.Agreement{}, err
	}
	if ag == nil || ag.EffectiveAt == nil {
		return agreement.Agreement{}, tiaojie.E(tiaojie.Conflict, "case.no_agreement")
	}
	var orgType tiaojie.OrgType
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT type FROM orgs WHERE id = $1`, v.OrgID).Scan(&orgType); err != nil {
		return agreement.Agreement{}, err
	}
	doc := agreement.Agreement{
		Oral: ag.Oral, Number: firstNonEmpty(v.FileNo, v.Number), OrgName: v.OrgName, Facts: ag.Facts, Issues: ag.Issues,
		Responsibilities: ag.Duties, Terms: ag.Terms, Performance: ag.Performance, Mediator: v.MediatorName,
		Date: *ag.EffectiveAt,
	}
	if orgType == tiaojie.OrgCommercial {
		doc.Kind = agreement.Commercial
	}
	if ag.PerformBy != nil {
		doc.PerformDeadline = *ag.PerformBy
	}
	for _, pt := range v.Parties {
		role := map[tiaojie.PartySide]string{tiaojie.SideApplicant: "申请人", tiaojie.SideRespondent: "被申请人"}[pt.Side]
		if pt.AgentFor != 0 {
			role = "委托代理人"
		}
		dp := agreement.Party{Role: role, Name: pt.Name, Gender: pt.Gender, Ethnicity: pt.Ethnicity, Occupation: pt.Occupation,
			IDNumberMasked: pt.IDNumberMasked, Address: pt.Address, IsOrg: pt.Kind == tiaojie.PartyOrg,
			USCC: pt.CreditCode, Representative: pt.Representative}
		if pt.Phone != "" {
			dp.PhoneMasked = tiaojie.MaskPhone(pt.Phone)
		}
		doc.Parties = append(doc.Parties, dp)
		if c, ok := ag.Confirmed[pt.ID]; ok {
			method := "在线确认"
			if c.Method == "in_person" {
				method = "当面签字确认"
			}
			doc.Confirmations = append(doc.Confirmations, agreement.Confirmation{Name: pt.Name, Role: role, At: c.At, Method: method})
		}
	}
	// Who took a copy of the agreement is part of the case's record.
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "case.agreement_document", ObjectType: "case", ObjectID: itoa(id),
		Detail: map[string]string{"agreement": itoa(ag.ID)}})
	return doc, err
}
