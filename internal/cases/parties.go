package cases

import (
	"context"
	"database/sql"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Party is a party or agent of a case. IDNumber is masked; Phone and
// Email are plain for those who may contact the party, empty otherwise.
type Party struct {
	ID             int64
	Side           tiaojie.PartySide
	Kind           tiaojie.PartyKind
	AgentFor       int64 // an agent's principal party, 0 for a party
	Name           string
	Gender         string
	Ethnicity      string
	BirthYear      int
	Occupation     string
	Address        string
	CreditCode     string
	Representative string
	IDNumberMasked string
	Phone          string
	Email          string
	UserID         int64
	InvitedAt      *time.Time
	OpenedAt       *time.Time
	JoinedAt       *time.Time
	DeclinedAt     *time.Time
}

// PartyInput is a party as an applicant or the desk enters it.
type PartyInput struct {
	Side           tiaojie.PartySide `json:"side"`
	Kind           tiaojie.PartyKind `json:"kind"`
	AgentFor       int               `json:"agent_for,omitempty"` // 1-based index of the principal among the inputs; 0 for a party
	Name           string            `json:"name"`
	Gender         string            `json:"gender,omitempty"`
	Ethnicity      string            `json:"ethnicity,omitempty"`
	BirthYear      int               `json:"birth_year,omitempty"`
	Occupation     string            `json:"occupation,omitempty"`
	Address        string            `json:"address,omitempty"`
	CreditCode     string            `json:"credit_code,omitempty"`
	Representative string            `json:"representative,omitempty"`
	IDNumber       string            `json:"id_number,omitempty"`
	Phone          string            `json:"phone,omitempty"`
	Email          string            `json:"email,omitempty"`
}

// Blind-index kinds shared with internal/auth and internal/roster.
const (
	phoneKind    = "phone"
	idNumberKind = "idcard"
)

// validateParties normalizes and checks the parties of an application:
// at least one applicant and one respondent; a natural person's identity
// number by its check character; an organization's credit code; a phone
// for every applicant (the platform reaches them by it) and a phone or
// e-mail for every respondent (to invite them). Field names are
// "parties.<i>.<field>".
func validateParties(ps []PartyInput, today time.Time) ([]PartyInput, tiaojie.FieldErrors) {
	var fe tiaojie.FieldErrors
	sides := map[tiaojie.PartySide]int{}
	out := make([]PartyInput, len(ps))
	if len(ps) > 20 {
		fe.Add("parties", "case.too_many_parties")
		return nil, fe
	}
	for i, p := range ps {
		f := func(name string) string { return "parties." + strconv.Itoa(i) + "." + name }
		p.Name = strings.TrimSpace(p.Name)
		p.Address, p.Occupation = strings.TrimSpace(p.Address), strings.TrimSpace(p.Occupation)
		p.Representative, p.Ethnicity = strings.TrimSpace(p.Representative), strings.TrimSpace(p.Ethnicity)
		p.Email = strings.TrimSpace(p.Email)
		if p.Side != tiaojie.SideApplicant && p.Side != tiaojie.SideRespondent {
			fe.Add(f("side"), "case.party_side")
		}
		if p.Kind == "" {
			p.Kind = tiaojie.PartyPerson
		}
		if p.Kind != tiaojie.PartyPerson && p.Kind != tiaojie.PartyOrg {
			fe.Add(f("kind"), "case.party_kind")
		}
		if p.Name == "" || utf8.RuneCountInString(p.Name) > 100 {
			fe.Add(f("name"), "case.party_name")
		}
		if p.AgentFor < 0 || p.AgentFor > len(ps) || p.AgentFor == i+1 ||
			p.AgentFor > 0 && (ps[p.AgentFor-1].AgentFor != 0 || ps[p.AgentFor-1].Side != p.Side) {
			fe.Add(f("agent_for"), "case.party_agent")
		}
		if p.AgentFor == 0 {
			sides[p.Side]++
		}
		if p.IDNumber = tiaojie.NormalizeIDNumber(p.IDNumber); p.IDNumber != "" {
			if err := tiaojie.ValidateIDNumber(p.IDNumber, today); err != nil {
				fe.Add(f("id_number"), "case.party_id_number")
			}
		}
		if p.Kind == tiaojie.PartyOrg {
			if p.CreditCode = tiaojie.NormalizeUSCC(p.CreditCode); p.CreditCode != "" && tiaojie.ValidateUSCC(p.CreditCode) != nil {
				fe.Add(f("credit_code"), "case.party_credit_code")
			}
		} else {
			p.CreditCode, p.Representative = "", ""
		}
		if p.Phone = tiaojie.NormalizePhone(p.Phone); p.Phone != "" {
			if tiaojie.ValidatePhone(p.Phone) != nil {
				fe.Add(f("phone"), "case.party_phone")
			}
		} else if p.Side == tiaojie.SideApplicant && p.AgentFor == 0 {
			fe.Add(f("phone"), "case.party_phone_required")
		}
		if p.Email != "" {
			if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email || len(p.Email) > 200 {
				fe.Add(f("email"), "case.party_email")
			}
		}
		if p.Side == tiaojie.SideRespondent && p.AgentFor == 0 && p.Phone == "" && p.Email == "" {
			fe.Add(f("phone"), "case.respondent_contact")
		}
		if p.Gender != "" && p.Gender != "male" && p.Gender != "female" {
			fe.Add(f("gender"), "case.party_gender")
		}
		if p.BirthYear != 0 && (p.BirthYear < 1900 || p.BirthYear > today.Year()) {
			fe.Add(f("birth_year"), "case.party_birth_year")
		}
		for name, v := range map[string]string{"address": p.Address, "occupation": p.Occupation, "representative": p.Representative} {
			if utf8.RuneCountInString(v) > 200 {
				fe.Add(f(name), "case.too_long")
			}
		}
		out[i] = p
	}
	if sides[tiaojie.SideApplicant] == 0 {
		fe.Add("parties", "case.need_applicant")
	}
	if sides[tiaojie.SideRespondent] == 0 {
		fe.Add("parties", "case.need_respondent")
	}
	return out, fe
}

func partyAAD(field string, id int64) string { return "case_parties." + field + ":" + itoa(id) }

// insertParties writes validated parties of case caseID. Sealed fields are
// bound to the row id, so each row is inserted first and sealed after;
// agents are linked to their principals once all rows exist.
func (s *Service) insertParties(ctx context.Context, tx *db.Tx, caseID int64, ps []PartyInput) error {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO case_parties (case_id, side, kind, name, gender, ethnicity, birth_year, occupation,
			                          address, credit_code, representative, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			caseID, string(p.Side), string(p.Kind), p.Name, p.Gender, p.Ethnicity, nullInt(p.BirthYear),
			p.Occupation, p.Address, p.CreditCode, p.Representative, s.now()).Scan(&ids[i])
		if err != nil {
			return err
		}
		if err := s.sealParty(ctx, tx, ids[i], p); err != nil {
			return err
		}
	}
	for i, p := range ps {
		if p.AgentFor > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE case_parties SET agent_for = $1 WHERE id = $2`, ids[p.AgentFor-1], ids[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// sealParty writes the sealed identity number, phone and e-mail.
func (s *Service) sealParty(ctx context.Context, tx *db.Tx, id int64, p PartyInput) error {
	idEnc, idIdx, err := s.sealer.SealIndexed(p.IDNumber, partyAAD("id", id), idNumberKind)
	if err != nil {
		return err
	}
	phEnc, phIdx, err := s.sealer.SealIndexed(p.Phone, partyAAD("phone", id), phoneKind)
	if err != nil {
		return err
	}
	var emEnc []byte
	if p.Email != "" {
		if emEnc, err = s.sealer.SealString(p.Email, partyAAD("email", id)); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE case_parties SET id_enc = $1, id_idx = $2, phone_enc = $3, phone_idx = $4, email_enc = $5 WHERE id = $6`,
		idEnc, idIdx, phEnc, phIdx, emEnc, id)
	return err
}

func nullInt(v int) sql.NullInt64 { return sql.NullInt64{Int64: int64(v), Valid: v != 0} }

// loadParties reads a case's parties, opening the sealed fields: the
// identity number masked, phone and e-mail plain (View clears them for
// callers who may not see them).
func (s *Service) loadParties(ctx context.Context, q db.Queryer, caseID int64) ([]Party, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, side, kind, COALESCE(agent_for, 0), name, gender, ethnicity, COALESCE(birth_year, 0), occupation, address,
		       credit_code, representative, id_enc, phone_enc, email_enc, COALESCE(user_id, 0),
		       invited_at, opened_at, joined_at, declined_at
		FROM case_parties WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Party
	for rows.Next() {
		var p Party
		var idEnc, phEnc, emEnc []byte
		var invited, opened, joined, declined sql.NullTime
		if err := rows.Scan(&p.ID, &p.Side, &p.Kind, &p.AgentFor, &p.Name, &p.Gender, &p.Ethnicity, &p.BirthYear,
			&p.Occupation, &p.Address, &p.CreditCode, &p.Representative, &idEnc, &phEnc, &emEnc, &p.UserID,
			&invited, &opened, &joined, &declined); err != nil {
			return nil, err
		}
		if idEnc != nil {
			v, err := s.sealer.OpenString(idEnc, partyAAD("id", p.ID))
			if err != nil {
				return nil, err
			}
			p.IDNumberMasked = tiaojie.MaskIDNumber(v)
		}
		if phEnc != nil {
			if p.Phone, err = s.sealer.OpenString(phEnc, partyAAD("phone", p.ID)); err != nil {
				return nil, err
			}
		}
		if emEnc != nil {
			if p.Email, err = s.sealer.OpenString(emEnc, partyAAD("email", p.ID)); err != nil {
				return nil, err
			}
		}
		p.InvitedAt, p.OpenedAt, p.JoinedAt, p.DeclinedAt = timePtr(invited), timePtr(opened), timePtr(joined), timePtr(declined)
		out = append(out, p)
	}
	return out, rows.Err()
}
