package cases

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
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
}

// Confirmation is one party's confirmation of an agreement.
type Confirmation struct {
	PartyID int64
	Method  string // online, in_person
	At      time.Time
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
	var by, eff sql.NullTime
	err := q.QueryRowContext(ctx, `
		SELECT id, version, oral, facts, issues, duties, terms, performance, perform_by, drafted_at, effective_at
		FROM case_agreements WHERE case_id = $1 ORDER BY version DESC LIMIT 1`, caseID).
		Scan(&a.ID, &a.Version, &a.Oral, &a.Facts, &a.Issues, &a.Duties, &terms, &a.Performance, &by, &a.DraftedAt, &eff)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.Terms, a.PerformBy, a.EffectiveAt = strings.Split(terms, "\n"), timePtr(by), timePtr(eff)
	a.Confirmed = map[int64]Confirmation{}
	rows, err := q.QueryContext(ctx, `SELECT party_id, method, confirmed_at FROM case_confirmations WHERE agreement_id = $1`, a.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Confirmation
		if err := rows.Scan(&c.PartyID, &c.Method, &c.At); err != nil {
			return nil, err
		}
		a.Confirmed[c.PartyID] = c
	}
	return &a, rows.Err()
}

// Confirm records the caller's confirmation of the agreement put to the
// parties: a party for itself, an agent for its principal. When every
// party has confirmed, the agreement takes effect and the case is agreed.
func (s *Service) Confirm(ctx context.Context, p *tiaojie.Principal, id int64) error {
	return s.confirm(ctx, p, id, 0, "online")
}

// ConfirmFor records, by the mediator, the confirmation a party gave in
// person (a signature on paper, 按指印), for parties who cannot confirm
// online.
func (s *Service) ConfirmFor(ctx context.Context, p *tiaojie.Principal, id, partyID int64) error {
	return s.confirm(ctx, p, id, partyID, "in_person")
}

func (s *Service) confirm(ctx context.Context, p *tiaojie.Principal, id, partyID int64, method string) error {
	return s.withCase(ctx, p, id, "case.confirm", func(tx *db.Tx, c *Case, ps Parts) error {
		if c.Status != tiaojie.CaseSigning {
			return tiaojie.E(tiaojie.Conflict, "case.bad_transition").With("action", "confirm").With("status", string(c.Status))
		}
		a, err := s.latestAgreement(ctx, tx, c.ID)
		if err != nil {
			return err
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
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_confirmations (agreement_id, party_id, user_id, method, confirmed_at)
				VALUES ($1, $2, $3, $4, $5)`, a.ID, pid, max(p.UserID, 0), method, now); err != nil {
				return err
			}
			a.Confirmed[pid] = Confirmation{PartyID: pid, Method: method, At: now}
		}
		if err := s.record(ctx, tx, p, "case.confirm", c.ID, map[string]string{"agreement": itoa(a.ID), "method": method}); err != nil {
			return err
		}
		for _, pid := range principals {
			if _, ok := a.Confirmed[pid]; !ok {
				return s.update(ctx, tx, c, map[string]any{"activity_at": now})
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_agreements SET effective_at = $1 WHERE id = $2`, now, a.ID); err != nil {
			return err
		}
		return s.stepTx(ctx, tx, tiaojie.System(), c, Parts{System: true}, Step{Action: tiaojie.CaseConclude}, nil)
	})
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
