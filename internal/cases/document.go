package cases

import (
	"bytes"
	"cmp"
	"context"
	"errors"

	"tiaojie"
	"tiaojie/internal/agreement"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
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
	doc, err := s.document(ctx, v, ag)
	if err != nil {
		return doc, err
	}
	// Who took a copy of the agreement is part of the case's record.
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "case.agreement_document", ObjectType: "case", ObjectID: itoa(id),
		Detail: map[string]string{"agreement": itoa(ag.ID)}})
	return doc, err
}

// document fills the printed agreement from the case and its agreement,
// with the seal image applied to it.
func (s *Service) document(ctx context.Context, v *View, ag *Agreement) (agreement.Agreement, error) {
	var orgType tiaojie.OrgType
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT type FROM orgs WHERE id = $1`, v.OrgID).Scan(&orgType); err != nil {
		return agreement.Agreement{}, err
	}
	doc := agreement.Agreement{
		Oral: ag.Oral, Number: firstNonEmpty(v.FileNo, v.Number), OrgName: v.OrgName, Facts: ag.Facts, Issues: ag.Issues,
		Responsibilities: ag.Duties, Terms: ag.Terms, Performance: ag.Performance, Mediator: v.MediatorName,
		Date: *ag.EffectiveAt,
	}
	if ag.MediatorSignedAt != nil {
		doc.MediatorSigned = *ag.MediatorSignedAt
	}
	if ag.SealKey != "" {
		m, err := s.files.Meta(ctx, s.db.Reader(), ag.SealKey)
		if err != nil {
			return doc, err
		}
		if doc.SealImage, err = s.files.Read(ctx, m); err != nil {
			return doc, err
		}
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
		doc.Parties = append(doc.Parties, documentParty(pt, role))
		if c, ok := ag.Confirmed[pt.ID]; ok {
			method := "在线确认"
			if c.Method == "in_person" {
				method = "当面签字确认"
			}
			doc.Confirmations = append(doc.Confirmations, agreement.Confirmation{Name: pt.Name, Role: role, At: c.At, Method: method})
		}
	}
	return doc, nil
}

// IssuedAgreement is the agreement's document as issued: the same bytes
// on every download, with the SM3 digest recorded when it was issued.
type IssuedAgreement struct {
	Number string
	PDF    []byte
	SM3    string
}

// IssueAgreement returns the agreement in effect as a PDF. The first
// request renders it with fonts and keeps it, with its SM3 digest, on the
// agreement; later ones return the kept document, so that every party
// holds the same bytes and a copy can be checked against the record. Who
// may have it is decided as for AgreementDocument.
func (s *Service) IssueAgreement(ctx context.Context, p *tiaojie.Principal, id int64, fonts *agreement.Fonts) (IssuedAgreement, error) {
	doc, err := s.AgreementDocument(ctx, p, id)
	if err != nil {
		return IssuedAgreement{}, err
	}
	out := IssuedAgreement{Number: doc.Number}
	ag, err := s.latestAgreement(ctx, s.db.Reader(), id)
	if err != nil {
		return out, err
	}
	if ag.PDFKey == "" {
		if fonts == nil {
			return out, tiaojie.E(tiaojie.Unavailable, "case.pdf_no_font")
		}
		var buf bytes.Buffer
		if err := agreement.Render(&buf, doc, fonts); err != nil {
			return out, err
		}
		if ag.PDFKey, err = s.keepDocument(ctx, id, ag.ID, buf.Bytes(), doc.Number); err != nil {
			return out, err
		}
	}
	m, err := s.files.Meta(ctx, s.db.Reader(), ag.PDFKey)
	if err != nil {
		return out, err
	}
	out.SM3 = m.SM3
	out.PDF, err = s.files.Read(ctx, m)
	return out, err
}

// keepDocument stores a rendered agreement and records it and its digest
// on the agreement, unless another request issued it first: then the
// first one stands and its key is returned.
func (s *Service) keepDocument(ctx context.Context, caseID, agreementID int64, pdf []byte, number string) (string, error) {
	var key string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT pdf_key FROM case_agreements WHERE id = $1`, agreementID).Scan(&key); err != nil {
			return err
		}
		if key != "" {
			return nil
		}
		m, err := s.files.Save(ctx, tx, files.Document(), "case_agreement", agreementID,
			files.Upload{Filename: "调解协议书-" + number + ".pdf", Body: bytes.NewReader(pdf)}, false, 0)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE case_agreements SET pdf_key = $1, pdf_sm3 = $2 WHERE id = $3 AND pdf_key = ''`,
			m.Key, m.SM3, agreementID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, errIssuedMeanwhile)
		}
		key = m.Key
		return s.record(ctx, tx, tiaojie.System(), "case.agreement_issued", caseID,
			map[string]string{"agreement": itoa(agreementID), "sm3": m.SM3})
	})
	if errors.Is(err, errIssuedMeanwhile) {
		err = s.db.Reader().QueryRowContext(ctx, `SELECT pdf_key FROM case_agreements WHERE id = $1`, agreementID).Scan(&key)
	}
	return key, err
}

// errIssuedMeanwhile rolls back a second, concurrent issue of a document.
var errIssuedMeanwhile = errors.New("cases: agreement issued meanwhile")
