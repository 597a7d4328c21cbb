package disclosure

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// columns are the columns of a Disclosure, with its organization's name
// and township (d is disclosures, o orgs).
const columns = `d.id, d.org_id, o.name, o.township, d.year, d.kind, d.status, d.chain_id, d.version, d.subject,
	d.due_at, d.filed_at, d.filed_by, d.superseded_at, d.structure, d.persons,
	d.income_gov, d.income_donation, d.income_fees, d.income_other, d.spend_staff, d.spend_office, d.spend_activity, d.spend_other,
	d.services, d.case_figures, d.case_note, d.rewards, d.records, d.body, d.requested_by, d.created_at, d.updated_at`

const from = ` FROM disclosures d JOIN orgs o ON o.id = d.org_id `

type scanner interface{ Scan(...any) error }

func scan(sc scanner) (*Disclosure, error) {
	var d Disclosure
	var kind, status, figures, records string
	var filed, superseded sql.NullTime
	m := make([]tiaojie.Money, 8)
	err := sc.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.Township, &d.Year, &kind, &status, &d.ChainID, &d.Version, &d.Subject,
		&d.DueAt, &filed, &d.FiledBy, &superseded, &d.Structure, &d.Persons,
		&m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &m[6], &m[7],
		&d.Services, &figures, &d.CaseNote, &d.Rewards, &records, &d.Body, &d.RequestedBy, &d.CreatedAt, &d.UpdatedAt)
	if err != nil {
		return nil, err
	}
	d.Kind, d.Status, d.Money = tiaojie.DisclosureKind(kind), tiaojie.DisclosureStatus(status), tiaojie.DisclosureMoneyOf(m)
	d.FiledAt, d.SupersededAt = filed.Time, superseded.Time
	if figures != "" {
		if err := json.Unmarshal([]byte(figures), &d.Cases); err != nil {
			return nil, err
		}
	}
	if records != "" {
		if err := json.Unmarshal([]byte(records), &d.Records); err != nil {
			return nil, err
		}
	}
	return &d, nil
}

// load reads one version, NotFound when there is none.
func load(ctx context.Context, q db.Queryer, id int64) (*Disclosure, error) {
	d, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+from+`WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return d, err
}

// list reads the versions matching where (on d and o), newest year,
// chain and version first.
func list(ctx context.Context, q db.Queryer, where string, args ...any) ([]Disclosure, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+from+`WHERE `+where+`
		ORDER BY d.year DESC, d.kind, d.chain_id DESC, d.version DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Disclosure{}
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// orgInfo is what the service needs of an organization.
type orgInfo struct {
	ID             int64
	Name, Township string
	Status         tiaojie.OrgStatus
	Abnormal       bool
	CreatedAt      time.Time
	Since          time.Time // registered, else founded, else created (since)
	Phone, Email   string    // the organization's published contact
}

func loadOrg(ctx context.Context, q db.Queryer, id int64) (*orgInfo, error) {
	var o orgInfo
	var status string
	var abnormal, registered, founded sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, name, township, status, abnormal_since, registration_date, founded_at, created_at, contact_phone, email
		FROM orgs WHERE id = $1`, id).Scan(&o.ID, &o.Name, &o.Township, &status, &abnormal, &registered, &founded, &o.CreatedAt, &o.Phone, &o.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	o.Status, o.Abnormal, o.Since = tiaojie.OrgStatus(status), abnormal.Valid, since(registered, founded, o.CreatedAt)
	return &o, err
}

// since returns when an organization began to exist for the register: its
// registration, else its founding, else its record's creation (an
// organization entered on the platform years after it was founded owes
// the disclosures of the years it existed).
func since(registered, founded sql.NullTime, created time.Time) time.Time {
	switch {
	case registered.Valid:
		return registered.Time
	case founded.Valid:
		return founded.Time
	}
	return created
}

// annualChain returns the id of the annual chain of an organization and
// year, 0 when none was started.
func annualChain(ctx context.Context, q db.Queryer, orgID int64, year int) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MIN(chain_id), 0) FROM disclosures WHERE org_id = $1 AND year = $2 AND kind = 'annual'`,
		orgID, year).Scan(&id)
	return id, err
}

// newest returns the newest version of a chain.
func newest(ctx context.Context, q db.Queryer, chainID int64) (*Disclosure, error) {
	d, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+from+`WHERE d.chain_id = $1 ORDER BY d.version DESC LIMIT 1`, chainID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return d, err
}

// insert writes a new version and returns its id; version 1 starts its
// own chain.
func insert(ctx context.Context, tx *db.Tx, d *Disclosure, by int64, now time.Time) (int64, error) {
	m := d.Money.Amounts()
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO disclosures (org_id, year, kind, status, chain_id, version, subject, due_at, structure, persons,
			income_gov, income_donation, income_fees, income_other, spend_staff, spend_office, spend_activity, spend_other,
			services, case_note, rewards, body, requested_by, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $24)
		RETURNING id`,
		d.OrgID, d.Year, string(d.Kind), d.ChainID, d.Version, d.Subject, d.DueAt, d.Structure, d.Persons,
		m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], d.Services, d.CaseNote, d.Rewards, d.Body, d.RequestedBy, by, now).Scan(&id)
	if err != nil {
		return 0, db.MapError(err)
	}
	if d.ChainID == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE disclosures SET chain_id = id WHERE id = $1`, id); err != nil {
			return 0, db.MapError(err)
		}
	}
	return id, nil
}

// update writes a draft's content.
func update(ctx context.Context, tx *db.Tx, id int64, in Input, now time.Time) error {
	m := in.Money.Amounts()
	_, err := tx.ExecContext(ctx, `
		UPDATE disclosures SET structure = $1, persons = $2, income_gov = $3, income_donation = $4, income_fees = $5,
			income_other = $6, spend_staff = $7, spend_office = $8, spend_activity = $9, spend_other = $10,
			services = $11, case_note = $12, rewards = $13, body = $14, updated_at = $15
		WHERE id = $16 AND status = 'draft'`,
		in.Structure, in.Persons, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], in.Services, in.CaseNote, in.Rewards, in.Body, now, id)
	return err
}

// CaseFigures are the platform's own cases of an organization in a year
// (created that year, Beijing time; drafts not counted), by status and by
// end reason.
type CaseFigures struct {
	Year        int     `json:"year"`
	Total       int     `json:"total"`
	ByStatus    []Count `json:"by_status"`
	ByEndReason []Count `json:"by_end_reason"`
	// Donations and grants the organization received that year as the
	// platform records them (internal/funding), in fen, frozen with the
	// cases; the disclosure's own income figures stay the organization's.
	Donations tiaojie.Money `json:"funding_donations,omitempty"`
	Grants    tiaojie.Money `json:"funding_grants,omitempty"`
}

// Count is one line of the figures.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// caseFigures counts the cases.
func caseFigures(ctx context.Context, q db.Queryer, orgID int64, year int) (CaseFigures, error) {
	f := CaseFigures{Year: year, ByStatus: []Count{}, ByEndReason: []Count{}}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, tiaojie.Beijing())
	end := start.AddDate(1, 0, 0)
	rows, err := q.QueryContext(ctx, `
		SELECT status, end_reason, COUNT(*) FROM cases
		WHERE org_id = $1 AND created_at >= $2 AND created_at < $3 AND status <> 'draft'
		GROUP BY status, end_reason ORDER BY status, end_reason`, orgID, start, end)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	byStatus, byReason := map[string]int{}, map[string]int{}
	for rows.Next() {
		var st, reason string
		var n int
		if err := rows.Scan(&st, &reason, &n); err != nil {
			return f, err
		}
		f.Total += n
		byStatus[st] += n
		if reason != "" {
			byReason[reason] += n
		}
	}
	f.ByStatus, f.ByEndReason = counts(byStatus), counts(byReason)
	if err := rows.Err(); err != nil {
		return f, err
	}
	return f, fundingFigures(ctx, q, orgID, year, &f)
}

// fundingFigures adds the year's recorded donations and grants (funding,
// C11: the fundings table, read only).
func fundingFigures(ctx context.Context, q db.Queryer, orgID int64, year int, f *CaseFigures) error {
	rows, err := q.QueryContext(ctx, `SELECT kind, COALESCE(SUM(amount), 0) FROM fundings WHERE org_id = $1 AND year = $2 GROUP BY kind`,
		orgID, year)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var sum tiaojie.Money
		if err := rows.Scan(&kind, &sum); err != nil {
			return err
		}
		if tiaojie.FundingKind(kind) == tiaojie.FundingDonation {
			f.Donations = sum
		} else {
			f.Grants = sum
		}
	}
	return rows.Err()
}

// counts returns a map's counts ordered by key.
func counts(m map[string]int) []Count {
	out := []Count{}
	for k, n := range m {
		out = append(out, Count{Key: k, N: n})
	}
	slices.SortFunc(out, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	return out
}
