package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
)

// AgreementInput is the agreement the mediator puts to the parties, with
// the contents 人民调解法 Art. 29 requires: the main facts, the issues and
// each side's responsibility, what was agreed, and how and by when it is
// to be performed.
type AgreementInput struct {
	Facts       string     `json:"facts"`
	Issues      string     `json:"issues"`
	Duties      string     `json:"duties,omitempty"`
	Terms       []string   `json:"terms"`
	Performance string     `json:"performance"`
	PerformBy   *time.Time `json:"perform_by,omitempty"`
}

// Agreement is a version of a case's agreement with its confirmations.
type Agreement struct {
	ID          int64
	Version     int
	Oral        bool
	Facts       string
	Issues      string
	Duties      string
	Terms       []string
	Performance string
	PerformBy   *time.Time
	DraftedAt   time.Time
	EffectiveAt *time.Time
	Confirmed   map[int64]Confirmation // by party id
	// MediatorSignedAt is when the mediator signed; SealKey and SealedAt
	// the organization's seal applied; PDFKey and PDFSM3 the issued
	// document and its digest, once issued (IssueAgreement).
	MediatorSignedAt *time.Time
	SealKey          string
	SealedAt         *time.Time
	PDFKey           string
	PDFSM3           string
}

// Confirmation is one party's confirmation of an agreement.
type Confirmation struct {
	PartyID   int64
	Method    string // online, in_person
	At        time.Time
	TypedName string // online: the name the party typed
	IP        string // online: the address it came from
}

func (in *AgreementInput) validate() error {
	var fe tiaojie.FieldErrors
	in.Facts, in.Issues, in.Duties = strings.TrimSpace(in.Facts), strings.TrimSpace(in.Issues), strings.TrimSpace(in.Duties)
	in.Performance = strings.TrimSpace(in.Performance)
	for name, v := range map[string]string{"facts": in.Facts, "issues": in.Issues, "performance": in.Performance} {
		if v == "" {
			fe.Add(name, "case.agreement_required")
		}
	}
	for name, v := range map[string]string{"facts": in.Facts, "issues": in.Issues, "duties": in.Duties, "performance": in.Performance} {
		if utf8.RuneCountInString(v) > maxFacts {
			fe.Add(name, "case.too_long")
		}
	}
	// Terms are stored one a line, so a term with line breaks becomes
	// several terms.
	terms := in.Terms[:0:0]
	for _, t := range in.Terms {
		for line := range strings.SplitSeq(t, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				terms = append(terms, line)
			}
		}
	}
	in.Terms = terms
	if len(terms) == 0 || len(terms) > 50 {
		fe.Add("terms", "case.agreement_terms")
	}
	return fe.Err()
}

// DraftAgreement puts an agreement to the parties: a new version, which
// every party must confirm (Confirm) before it takes effect. Only the
// assigned mediator, after declaring conflicts, may draft it.
func (s *Service) DraftAgreement(ctx context.Context, p *tiaojie.Principal, id int64, in AgreementInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.withCase(ctx, p, id, "case.draft_agreement", func(tx *db.Tx, c *Case, ps Parts) error {
		if err := s.requireDeclared(ctx, tx, c); err != nil && ps.Mediator {
			return err
		}
		return s.stepTx(ctx, tx, p, c, ps, Step{Action: tiaojie.CaseDraftAgreement}, func() error {
			return s.insertAgreement(ctx, tx, p, c.ID, in, false)
		})
	})
}

// RecordOral records an oral agreement (人民调解法 Art. 28, 30): the
// mediator writes down its content; it takes effect at once.
func (s *Service) RecordOral(ctx context.Context, p *tiaojie.Principal, id int64, in AgreementInput) error {
	if err := in.validate(); err != nil {
		return err
	}
	return s.withCase(ctx, p, id, "case.oral_agreement", func(tx *db.Tx, c *Case, ps Parts) error {
		if err := s.requireDeclared(ctx, tx, c); err != nil && ps.Mediator {
			return err
		}
		if err := s.insertAgreement(ctx, tx, p, c.ID, in, true); err != nil {
			return err
		}
		return s.stepTx(ctx, tx, p, c, ps, Step{Action: tiaojie.CaseOralAgreement}, nil)
	})
}

func (s *Service) insertAgreement(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, caseID int64, in AgreementInput, oral bool) error {
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM case_agreements WHERE case_id = $1`, caseID).Scan(&v); err != nil {
		return err
	}
	var effective any
	if oral {
		effective = s.now()
	}
	var by any
	if in.PerformBy != nil {
		by = in.PerformBy.UTC()
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO case_agreements (case_id, version, oral, facts, issues, duties, terms, performance, perform_by,
		                             drafted_by, drafted_at, effective_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		caseID, v, oral, in.Facts, in.Issues, in.Duties, strings.Join(in.Terms, "\n"), in.Performance, by,
		max(p.UserID, 0), s.now(), effective)
	return err
}

// CurrentAgreement returns the case's latest agreement, or nil.
func (s *Service) CurrentAgreement(ctx context.Context, p *tiaojie.Principal, id int64) (*Agreement, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !v.Parts.Content {
		return nil, nil
	}
	return s.latestAgreement(ctx, s.db.Reader(), id)
}

func (s *Service) latestAgreement(ctx context.Context, q db.Queryer, caseID int64) (*Agreement, error) {
	var a Agreement
	var terms string
	var by, eff, signed, sealed sql.NullTime
	err := q.QueryRowContext(ctx, `
		SELECT id, version, oral, facts, issues, duties, terms, performance, perform_by, drafted_at, effective_at,
		       mediator_signed_at, seal_key, sealed_at, pdf_key, pdf_sm3
		FROM case_agreements WHERE case_id = $1 ORDER BY version DESC LIMIT 1`, caseID).
		Scan(&a.ID, &a.Version, &a.Oral, &a.Facts, &a.Issues, &a.Duties, &terms, &a.Performance, &by, &a.DraftedAt, &eff,
			&signed, &a.SealKey, &sealed, &a.PDFKey, &a.PDFSM3)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.Terms, a.PerformBy, a.EffectiveAt = strings.Split(terms, "\n"), timePtr(by), timePtr(eff)
	a.MediatorSignedAt, a.SealedAt = timePtr(signed), timePtr(sealed)
	a.Confirmed = map[int64]Confirmation{}
	rows, err := q.QueryContext(ctx, `
		SELECT party_id, method, confirmed_at, typed_name, client_ip FROM case_confirmations WHERE agreement_id = $1`, a.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Confirmation
		if err := rows.Scan(&c.PartyID, &c.Method, &c.At, &c.TypedName, &c.IP); err != nil {
			return nil, err
		}
		a.Confirmed[c.PartyID] = c
	}
	return &a, rows.Err()
}

// Signature is a party's online confirmation of an agreement: the name
// they type and the code sent to the phone the party gave on the case,
// with the network address and browser it came from, which the record
// keeps (电子签名法 Art. 13: the signature is the signer's alone and under
// their control when signed).
type Signature struct {
	Name   string
	Code   string
	Client auth.Client
}

// signingPurpose is what a signing code is for: one party, one version of
// the agreement. A code sent for a draft that has since changed signs
// nothing.
func signingPurpose(agreementID, partyID int64) string {
	return "agreement:" + itoa(agreementID) + ":" + itoa(partyID)
}

// signer returns the party row a party caller signs as: the first of
// theirs (a person is rarely more than one party of a case).
func signer(c *Case, ps Parts) (Party, bool) {
	for _, pt := range c.Parties {
		if slices.Contains(ps.Applicant, pt.ID) || slices.Contains(ps.Respondent, pt.ID) {
			return pt, true
		}
	}
	return Party{}, false
}

// signingState loads what a party signs: the case, the agreement put to
// the parties and the caller's party row, refusing (audited) any caller
// who is not a party and any case not awaiting signatures.
func (s *Service) signingState(ctx context.Context, p *tiaojie.Principal, id int64, action string) (*View, *Agreement, Party, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, nil, Party{}, err
	}
	if !v.Parts.Party() {
		return nil, nil, Party{}, s.settle(ctx, p, action, id, notYours("confirm"))
	}
	if v.Status != tiaojie.CaseSigning {
		return nil, nil, Party{}, tiaojie.E(tiaojie.Conflict, "case.bad_transition").With("action", "confirm").With("status", string(v.Status))
	}
	a, err := s.latestAgreement(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, nil, Party{}, err
	}
	// The view hides phones from parties; the signing code goes to the
	// phone on the party's own row.
	parties, err := s.loadParties(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, nil, Party{}, err
	}
	pt, ok := signer(&Case{Parties: parties}, v.Parts)
	if !ok || a == nil {
		return nil, nil, Party{}, s.settle(ctx, p, action, id, notYours("confirm"))
	}
	return v, a, pt, nil
}

// RequestSigningCode sends the caller, a party, the code they confirm the
// agreement with, to the phone the party gave on the case. A party with no
// phone on the case confirms in person (ConfirmFor).
//
// It returns the phone the code went to, which is the caller's own, for
// the page to show masked.
func (s *Service) RequestSigningCode(ctx context.Context, p *tiaojie.Principal, id int64, cl auth.Client) (string, error) {
	v, a, pt, err := s.signingState(ctx, p, id, "case.signing_code")
	if err != nil {
		return "", err
	}
	if pt.Phone == "" {
		return "", tiaojie.E(tiaojie.Conflict, "case.sign_no_phone")
	}
	if s.codes == nil {
		return "", tiaojie.E(tiaojie.Unavailable, "auth.sms_failed")
	}
	number := firstNonEmpty(v.FileNo, v.Number)
	return pt.Phone, s.codes.SendCode(ctx, pt.Phone, signingPurpose(a.ID, pt.ID), func(code string) string {
		return fmt.Sprintf("【%s】您正在确认 %s 的调解协议书，验证码 %s。确认即表示您已阅读并同意协议全部内容。请勿将验证码告诉他人，包括调解员。",
			s.district.Bureau.Name, number, code)
	}, cl)
}

// Confirm records the caller's confirmation of the agreement put to the
// parties: a party for itself, an agent for its principal, by typing the
// name on the case (a natural person's name; for an organization, its
// representative's) and the code sent to their phone. The agreement takes
// effect when every party and the mediator have confirmed and the
// organization's seal is applied (takeEffect).
func (s *Service) Confirm(ctx context.Context, p *tiaojie.Principal, id int64, sig Signature) error {
	var fe tiaojie.FieldErrors
	sig.Name, sig.Code = strings.TrimSpace(sig.Name), strings.TrimSpace(sig.Code)
	if sig.Name == "" {
		fe.Add("name", "case.sign_name_required")
	}
	if len(sig.Code) != 6 {
		fe.Add("code", "auth.code_wrong")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	_, a, pt, err := s.signingState(ctx, p, id, "case.confirm")
	if err != nil {
		return err
	}
	if !sameName(sig.Name, pt.Name) && (pt.Kind != tiaojie.PartyOrg || !sameName(sig.Name, pt.Representative)) {
		fe.Add("name", "case.sign_name_mismatch")
		return s.settle(ctx, p, "case.confirm", id, fe.Err())
	}
	if s.codes == nil || pt.Phone == "" {
		return tiaojie.E(tiaojie.Conflict, "case.sign_no_phone")
	}
	ok, err := s.codes.UseCode(ctx, pt.Phone, signingPurpose(a.ID, pt.ID), sig.Code)
	if err != nil {
		return err
	}
	if !ok {
		fe.Add("code", "auth.code_wrong")
		return s.settle(ctx, p, "case.confirm", id, fe.Err())
	}
	return s.confirm(ctx, p, id, a.ID, 0, "online", sig)
}

// sameName compares a typed name with the one on the case, ignoring
// spaces (full-width ones too) and the middle dot variants in names of
// ethnic minorities (阿依古丽·买买提).
func sameName(typed, want string) bool {
	norm := strings.NewReplacer(" ", "", "\u3000", "", "·", "", "•", "", "・", "", ".", "")
	return want != "" && norm.Replace(typed) == norm.Replace(want)
}

// ConfirmFor records, by the mediator, the confirmation a party gave in
// person (a signature on paper, 按指印), for parties who cannot confirm
// online.
func (s *Service) ConfirmFor(ctx context.Context, p *tiaojie.Principal, id, partyID int64) error {
	return s.confirm(ctx, p, id, 0, partyID, "in_person", Signature{})
}

// confirm writes confirmations of the agreement agreementID (0: the
// latest, for in-person confirmations) and lets it take effect when it
// is complete.
func (s *Service) confirm(ctx context.Context, p *tiaojie.Principal, id, agreementID, partyID int64, method string, sig Signature) error {
	return s.withCase(ctx, p, id, "case.confirm", func(tx *db.Tx, c *Case, ps Parts) error {
		if c.Status != tiaojie.CaseSigning {
			return tiaojie.E(tiaojie.Conflict, "case.bad_transition").With("action", "confirm").With("status", string(c.Status))
		}
		a, err := s.latestAgreement(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if a == nil || agreementID != 0 && a.ID != agreementID {
			// A new draft was put to the parties after the code was sent.
			return tiaojie.E(tiaojie.Conflict, "case.agreement_changed")
		}
		var parties []int64
		switch {
		case partyID != 0 && ps.Mediator:
			parties = []int64{partyID}
		case partyID == 0 && ps.Party():
			parties = append(slices.Clone(ps.Applicant), ps.Respondent...)
		default:
			return notYours("confirm")
		}
		principals := principalParties(c.Parties)
		now := s.now()
		for _, pid := range parties {
			pid = principalOf(c.Parties, pid)
			if !slices.Contains(principals, pid) {
				return tiaojie.E(tiaojie.Invalid, "case.party_unknown")
			}
			if _, done := a.Confirmed[pid]; done {
				continue
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO case_confirmations (agreement_id, party_id, user_id, method, confirmed_at, typed_name, client_ip, user_agent)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				a.ID, pid, max(p.UserID, 0), method, now, sig.Name, sig.Client.IP, truncate(sig.Client.UserAgent, 300)); err != nil {
				return err
			}
			a.Confirmed[pid] = Confirmation{PartyID: pid, Method: method, At: now, TypedName: sig.Name, IP: sig.Client.IP}
		}
		if err := s.record(ctx, tx, p, "case.confirm", c.ID, map[string]string{"agreement": itoa(a.ID), "method": method}); err != nil {
			return err
		}
		return s.takeEffect(ctx, tx, c, a, now)
	})
}

// SignAsMediator records the assigned mediator's signature on the
// agreement put to the parties (Art. 29: the mediator signs).
func (s *Service) SignAsMediator(ctx context.Context, p *tiaojie.Principal, id int64) error {
	mine := func(ps Parts) bool { return ps.Mediator }
	return s.withSigning(ctx, p, id, "mediator_sign", mine, func(tx *db.Tx, c *Case, a *Agreement) error {
		if a.MediatorSignedAt != nil {
			return tiaojie.E(tiaojie.Conflict, "case.already_signed")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE case_agreements SET mediator_signed_at = $1, mediator_signed_by = $2 WHERE id = $3`,
			now, p.UserID, a.ID); err != nil {
			return err
		}
		a.MediatorSignedAt = &now
		if err := s.record(ctx, tx, p, "case.mediator_sign", c.ID, map[string]string{"agreement": itoa(a.ID)}); err != nil {
			return err
		}
		return s.takeEffect(ctx, tx, c, a, now)
	})
}

// ApplySeal applies the organization's seal to an agreement every party
// and the mediator have signed: the organization's admin does it when the
// seal was not on file at the last signature.
func (s *Service) ApplySeal(ctx context.Context, p *tiaojie.Principal, id int64) error {
	mine := func(ps Parts) bool { return ps.Org }
	return s.withSigning(ctx, p, id, "apply_seal", mine, func(tx *db.Tx, c *Case, a *Agreement) error {
		if !a.Signed(c.Parties) {
			return tiaojie.E(tiaojie.Conflict, "case.not_all_signed")
		}
		var seal string
		if err := tx.QueryRowContext(ctx, `SELECT seal_key FROM orgs WHERE id = $1`, c.OrgID).Scan(&seal); err != nil {
			return err
		}
		if seal == "" {
			return tiaojie.E(tiaojie.Conflict, "case.no_seal")
		}
		return s.takeEffect(ctx, tx, c, a, s.now())
	})
}

// withSigning runs fn on the agreement of a case awaiting signatures, for
// a caller whose part mine allows the step.
func (s *Service) withSigning(ctx context.Context, p *tiaojie.Principal, id int64, step string, mine func(Parts) bool,
	fn func(tx *db.Tx, c *Case, a *Agreement) error) error {
	return s.withCase(ctx, p, id, "case."+step, func(tx *db.Tx, c *Case, ps Parts) error {
		if !mine(ps) {
			return notYours(step)
		}
		if c.Status != tiaojie.CaseSigning {
			return tiaojie.E(tiaojie.Conflict, "case.bad_transition").With("action", step).With("status", string(c.Status))
		}
		a, err := s.latestAgreement(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		return fn(tx, c, a)
	})
}

// Signed reports whether every party (agents aside) and the mediator have
// signed the agreement.
func (a *Agreement) Signed(parties []Party) bool {
	if a.MediatorSignedAt == nil {
		return false
	}
	for _, pid := range principalParties(parties) {
		if _, ok := a.Confirmed[pid]; !ok {
			return false
		}
	}
	return true
}

// takeEffect completes an agreement once all have signed: it applies the
// organization's seal on file and concludes the case. Without a seal on
// file the agreement waits for the organization's admin (ApplySeal), who
// is alerted by the case's next steps.
func (s *Service) takeEffect(ctx context.Context, tx *db.Tx, c *Case, a *Agreement, now time.Time) error {
	if !a.Signed(c.Parties) {
		return s.update(ctx, tx, c, map[string]any{"activity_at": now})
	}
	var seal string
	if err := tx.QueryRowContext(ctx, `SELECT seal_key FROM orgs WHERE id = $1`, c.OrgID).Scan(&seal); err != nil {
		return err
	}
	if seal == "" {
		return s.update(ctx, tx, c, map[string]any{"activity_at": now})
	}
	if _, err := tx.ExecContext(ctx, `UPDATE case_agreements SET seal_key = $1, sealed_at = $2, effective_at = $2 WHERE id = $3`,
		seal, now, a.ID); err != nil {
		return err
	}
	if err := s.record(ctx, tx, tiaojie.System(), "case.seal", c.ID, map[string]string{"agreement": itoa(a.ID), "seal": seal}); err != nil {
		return err
	}
	return s.stepTx(ctx, tx, tiaojie.System(), c, Parts{System: true}, Step{Action: tiaojie.CaseConclude}, nil)
}

// principalParties returns the ids of the parties that are not agents.
func principalParties(ps []Party) []int64 {
	var out []int64
	for _, p := range ps {
		if p.AgentFor == 0 {
			out = append(out, p.ID)
		}
	}
	return out
}

// principalOf returns the party an agent acts for, or the party itself.
func principalOf(ps []Party, id int64) int64 {
	for _, p := range ps {
		if p.ID == id && p.AgentFor != 0 {
			return p.AgentFor
		}
	}
	return id
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
