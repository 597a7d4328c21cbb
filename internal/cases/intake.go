package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Application is a dispute as it is filed: online by a party, at the desk
// by staff, by a referring agency or through the city platform's import.
type Application struct {
	DisputeType string             `json:"dispute_type"`
	Township    string             `json:"township"`
	Title       string             `json:"title"`
	Facts       string             `json:"facts"`
	Claims      string             `json:"claims"`
	AmountFen   *int64             `json:"amount_fen,omitempty"`
	Parties     []PartyInput       `json:"parties"`
	Consent     bool               `json:"consent"` // the applicant accepts the declaration on voluntary mediation
	Source      tiaojie.CaseSource `json:"-"`
	ExternalID  string             `json:"-"`
}

// Limits of an application's text.
const (
	maxTitle = 100
	maxFacts = 5000
	// maxAmountFen is ten billion yuan: beyond any dispute a district sees,
	// and far from overflowing the fee arithmetic.
	maxAmountFen = 1_000_000_000_000
)

// validate normalizes and checks an application. draft relaxes what a
// draft may lack (parties, consent); submitting checks everything.
func (s *Service) validate(a *Application, draft bool) error {
	var fe tiaojie.FieldErrors
	a.Title, a.Facts, a.Claims = strings.TrimSpace(a.Title), strings.TrimSpace(a.Facts), strings.TrimSpace(a.Claims)
	if _, ok := tiaojie.DisputeTypeByCode(a.DisputeType); !ok {
		fe.Add("dispute_type", "case.dispute_type")
	}
	if _, ok := s.district.Township(a.Township); !ok {
		fe.Add("township", "case.township")
	}
	if a.Title == "" || utf8.RuneCountInString(a.Title) > maxTitle {
		fe.Add("title", "case.title")
	}
	if !draft && a.Facts == "" {
		fe.Add("facts", "case.facts_required")
	}
	if utf8.RuneCountInString(a.Facts) > maxFacts {
		fe.Add("facts", "case.too_long")
	}
	if utf8.RuneCountInString(a.Claims) > maxFacts {
		fe.Add("claims", "case.too_long")
	}
	if a.AmountFen != nil && (*a.AmountFen < 0 || *a.AmountFen > maxAmountFen) {
		fe.Add("amount", "case.amount")
	}
	if !draft || len(a.Parties) > 0 {
		ps, pfe := validateParties(a.Parties, s.clock.Now().In(tiaojie.Beijing()))
		fe = append(fe, pfe...)
		a.Parties = ps
	}
	if !draft && !a.Consent {
		fe.Add("consent", "case.consent_required")
	}
	return fe.Err()
}

// Apply saves a public user's application as a draft. The user logged in
// with a verified phone (a phone code), which makes them its owner.
func (s *Service) Apply(ctx context.Context, p *tiaojie.Principal, a Application) (int64, error) {
	if !p.LoggedIn() || p.Staff() || p.Pending != "" {
		return 0, s.settle(ctx, p, "case.apply", 0, forbid("case.apply_login", map[string]string{"need": "public"}))
	}
	a.Source = tiaojie.SourceOnline
	if err := s.validate(&a, true); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.insertCase(ctx, tx, p, a, p.UserID, 0, tiaojie.CaseDraft)
		return err
	})
	return id, err
}

// UpdateDraft replaces a draft's contents. Only its owner may.
func (s *Service) UpdateDraft(ctx context.Context, p *tiaojie.Principal, id int64, a Application) error {
	if err := s.validate(&a, true); err != nil {
		return err
	}
	return s.withCase(ctx, p, id, "case.update", func(tx *db.Tx, c *Case, ps Parts) error {
		if c.Status != tiaojie.CaseDraft {
			return tiaojie.E(tiaojie.Conflict, "case.not_draft")
		}
		if c.OwnerID != p.UserID && !ps.Desk {
			return forbid("error.forbidden", map[string]string{"need": "owner"})
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE cases SET dispute_type = $1, township = $2, title = $3, facts = $4, claims = $5, amount_fen = $6,
			       consent_at = $7, activity_at = $8, version = version + 1 WHERE id = $9`,
			a.DisputeType, a.Township, a.Title, a.Facts, a.Claims, a.AmountFen, s.consentAt(a), s.now(), id); err != nil {
			return err
		}
		if len(a.Parties) > 0 {
			if err := s.replaceParties(ctx, tx, id, a.Parties); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "case.update", id, nil)
	})
}

func (s *Service) consentAt(a Application) any {
	if !a.Consent {
		return nil
	}
	return s.now()
}

// replaceParties swaps a draft's parties for new ones.
func (s *Service) replaceParties(ctx context.Context, tx *db.Tx, id int64, ps []PartyInput) error {
	if _, err := tx.ExecContext(ctx, `UPDATE case_parties SET agent_for = NULL WHERE case_id = $1`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_parties WHERE case_id = $1`, id); err != nil {
		return err
	}
	return s.insertParties(ctx, tx, id, ps)
}

// File enters a case at the desk for an applicant who came in or phoned
// (source desk), or for a court (court), and submits it at once: the
// township office or the bureau, within its township. It is the same
// record an online application makes.
func (s *Service) File(ctx context.Context, p *tiaojie.Principal, a Application) (int64, error) {
	if a.Source == "" {
		a.Source = tiaojie.SourceDesk
	}
	if a.Source != tiaojie.SourceDesk && a.Source != tiaojie.SourceCourt {
		return 0, tiaojie.E(tiaojie.Invalid, "case.source")
	}
	if !p.Can(tiaojie.PermCasesDesk) {
		return 0, s.settle(ctx, p, "case.file", 0, forbid("error.forbidden", map[string]string{"need": string(tiaojie.PermCasesDesk)}))
	}
	if err := s.validate(&a, false); err != nil {
		return 0, err
	}
	if !s.deskCovers(p, &Case{Township: a.Township}) {
		return 0, s.settle(ctx, p, "case.file", 0, forbid("case.outside_township", map[string]string{"township": a.Township}))
	}
	return s.fileSubmitted(ctx, p, a, 0, "desk")
}

// Refer files a case referred by a partner agency's user (诉前委派, 110
// 联动 and the like): submitted at once, with the referrer kept so the
// agency hears the outcome.
func (s *Service) Refer(ctx context.Context, p *tiaojie.Principal, a Application) (int64, error) {
	if !p.Has(tiaojie.RolePartner) || p.Pending != "" {
		return 0, s.settle(ctx, p, "case.refer", 0, forbid("error.forbidden", map[string]string{"need": "partner"}))
	}
	a.Source = tiaojie.SourceReferral
	if err := s.validate(&a, false); err != nil {
		return 0, err
	}
	return s.fileSubmitted(ctx, p, a, p.UserID, "referrer")
}

// Import files a case routed from the city-wide platform (or a court's
// system) through the API. It is idempotent by external id: importing the
// same id again returns the case made the first time, changing nothing.
// The second result reports whether the case is new.
func (s *Service) Import(ctx context.Context, p *tiaojie.Principal, a Application) (int64, bool, error) {
	if !p.Can(tiaojie.PermCasesDesk) || !p.Has(tiaojie.RoleBureau) && !p.IsSystem() {
		return 0, false, s.settle(ctx, p, "case.import", 0, forbid("error.forbidden", map[string]string{"need": "bureau"}))
	}
	if a.Source == "" {
		a.Source = tiaojie.SourceCity
	}
	if a.Source != tiaojie.SourceCity && a.Source != tiaojie.SourceCourt {
		return 0, false, tiaojie.E(tiaojie.Invalid, "case.source")
	}
	a.ExternalID = strings.TrimSpace(a.ExternalID)
	if a.ExternalID == "" || len(a.ExternalID) > 100 {
		var fe tiaojie.FieldErrors
		fe.Add("external_id", "case.external_id")
		return 0, false, fe.Err()
	}
	if id, err := s.byExternal(ctx, s.db.Reader(), a.Source, a.ExternalID); err == nil {
		return id, false, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	if err := s.validate(&a, false); err != nil {
		return 0, false, err
	}
	id, err := s.fileSubmitted(ctx, p, a, 0, "import")
	if err != nil && db.IsUnique(err) {
		// A concurrent import of the same id won: return its case.
		id, err = s.byExternal(ctx, s.db.Reader(), a.Source, a.ExternalID)
		return id, false, err
	}
	return id, err == nil, err
}

func (s *Service) byExternal(ctx context.Context, q db.Queryer, src tiaojie.CaseSource, ext string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM cases WHERE source = $1 AND external_id = $2`, string(src), ext).Scan(&id)
	return id, err
}

// fileSubmitted inserts a case already submitted.
func (s *Service) fileSubmitted(ctx context.Context, p *tiaojie.Principal, a Application, referrer int64, role string) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if id, err = s.insertCase(ctx, tx, p, a, 0, referrer, tiaojie.CaseSubmitted); err != nil {
			return err
		}
		if role == "desk" && p.UserID > 0 {
			// The desk typed the content in; it reads it for the working day.
			if err := s.grantAccess(ctx, tx, id, p.UserID, "窗口登记"); err != nil {
				return err
			}
		}
		return s.insertEvent(ctx, tx, p, Event{ID: id, Action: string(tiaojie.CaseSubmit), FromStatus: tiaojie.CaseDraft,
			ToStatus: tiaojie.CaseSubmitted, Role: role})
	})
	return id, err
}

// insertCase writes a new case with its parties, its "create" event and
// its audit row.
func (s *Service) insertCase(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, a Application, owner, referrer int64, st tiaojie.CaseStatus) (int64, error) {
	now := s.now()
	year := now.In(tiaojie.Beijing()).Year()
	n, err := serial(ctx, tx, "app", year)
	if err != nil {
		return 0, err
	}
	number := fmt.Sprintf("TJ%d-%06d", year, n)
	var submitted any
	if st == tiaojie.CaseSubmitted {
		submitted = now
	}
	var ext any
	if a.ExternalID != "" {
		ext = a.ExternalID
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO cases (number, status, source, external_id, dispute_type, township, title, facts, claims, amount_fen,
		                   consent_at, owner_id, referrer_id, created_by, created_at, submitted_at, activity_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15) RETURNING id`,
		number, string(st), string(a.Source), ext, a.DisputeType, a.Township, a.Title, a.Facts, a.Claims, a.AmountFen,
		s.consentAt(a), nullID(owner), nullID(referrer), max(p.UserID, 0), now, submitted).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := s.insertParties(ctx, tx, id, a.Parties); err != nil {
		return 0, err
	}
	if err := s.insertEvent(ctx, tx, p, Event{ID: id, Action: "create", ToStatus: tiaojie.CaseDraft, Role: string(a.Source)}); err != nil {
		return 0, err
	}
	return id, s.record(ctx, tx, p, "case.create", id, map[string]string{"source": string(a.Source), "number": number})
}
