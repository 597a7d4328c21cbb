package registry

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// Org is an organization's register record as staff see it: every column
// of orgs, with its specialties and languages.
type Org struct {
	ID                    int64
	Name                  string
	ShortName             string
	Type                  tiaojie.OrgType
	LegalForm             tiaojie.LegalForm
	Level                 tiaojie.OrgLevel
	Township              string // division code
	Address               string
	Latitude, Longitude   *float64 // GCJ-02 (the coordinates Chinese maps use); nil when not set
	CreditCode            string   // 统一社会信用代码; "" until registered
	RegistrationAuthority string
	RegistrationDate      time.Time // midnight Beijing time; zero until registered
	LegalRep              string
	ContactName           string
	ContactPhone          string // the published service number
	Email                 string
	Website               string
	Description           string
	Online                bool // offers online mediation
	Charges               bool // has published a fee standard
	Status                tiaojie.OrgStatus
	Stage                 string // pre-review stage: tiaojie.StageTownship, StageDistrict or ""
	Stars                 int    // star rating 1–5 (C7); 0 when not rated
	StarsUntil            time.Time
	Featured              bool
	FeaturedRank          int
	FeaturedReason        string
	Logo                  string // file key of the logo; "" when none
	Seal                  string // file key of the seal image (印章), never public; "" when none
	FoundedAt             time.Time
	CreatedBy             int64
	CreatedAt             time.Time
	UpdatedAt             time.Time
	Version               int      // optimistic lock: pass it back to Update
	Specialties           []string // dispute type codes (tiaojie.DisputeTypes)
	Languages             []string // language codes of the district profile
}

// Registration returns the organization's legal registration details.
func (o *Org) Registration() tiaojie.Registration {
	return tiaojie.Registration{CreditCode: o.CreditCode, Authority: o.RegistrationAuthority, Date: o.RegistrationDate}
}

// MayCharge reports whether the organization may publish a fee standard
// and price its services (only commercial mediation; tiaojie.MayCharge).
func (o *Org) MayCharge() bool { return tiaojie.MayCharge(o.Type, o.LegalForm) }

// registered reports whether an organization in the status has passed
// pre-review: its type and legal form are fixed from then on.
func registered(st tiaojie.OrgStatus) bool {
	switch st {
	case tiaojie.StatusRegistered, tiaojie.StatusActive, tiaojie.StatusRectifying, tiaojie.StatusSuspended, tiaojie.StatusDissolved:
		return true
	}
	return false
}

const orgColumns = `o.id, o.name, o.short_name, o.type, o.legal_form, o.level, o.township, o.address,
	o.latitude, o.longitude, COALESCE(o.credit_code, ''), o.registration_authority, o.registration_date,
	o.legal_rep, o.contact_name, o.contact_phone, o.email, o.website, o.description, o.online, o.charges,
	o.status, o.stage, COALESCE(o.stars, 0), o.stars_until, o.featured, o.featured_rank, o.featured_reason,
	COALESCE(o.logo_file, ''), o.seal_key, o.founded_at, o.created_by, o.created_at, o.updated_at, o.version`

type scanner interface{ Scan(...any) error }

func scanOrg(sc scanner) (*Org, error) {
	var o Org
	var lat, lng sql.NullFloat64
	var regDate, starsUntil, founded sql.NullTime
	var typ, form, level, status string
	err := sc.Scan(&o.ID, &o.Name, &o.ShortName, &typ, &form, &level, &o.Township, &o.Address,
		&lat, &lng, &o.CreditCode, &o.RegistrationAuthority, &regDate,
		&o.LegalRep, &o.ContactName, &o.ContactPhone, &o.Email, &o.Website, &o.Description, &o.Online, &o.Charges,
		&status, &o.Stage, &o.Stars, &starsUntil, &o.Featured, &o.FeaturedRank, &o.FeaturedReason,
		&o.Logo, &o.Seal, &founded, &o.CreatedBy, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	if err != nil {
		return nil, err
	}
	o.Type, o.LegalForm, o.Level, o.Status = tiaojie.OrgType(typ), tiaojie.LegalForm(form), tiaojie.OrgLevel(level), tiaojie.OrgStatus(status)
	if lat.Valid && lng.Valid {
		o.Latitude, o.Longitude = &lat.Float64, &lng.Float64
	}
	o.RegistrationDate, o.StarsUntil, o.FoundedAt = regDate.Time, starsUntil.Time, founded.Time
	return &o, nil
}

// loadOrg reads one organization with its specialties and languages.
func loadOrg(ctx context.Context, q db.Queryer, id int64) (*Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.id = $1`, id))
	if err != nil {
		return nil, db.MapError(err)
	}
	if err := loadTags(ctx, q, []*Org{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// loadTags fills the specialties and languages of orgs in two queries.
func loadTags(ctx context.Context, q db.Queryer, orgs []*Org) error {
	if len(orgs) == 0 {
		return nil
	}
	byID := make(map[int64]*Org, len(orgs))
	var w db.Where
	ids := make([]string, 0, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
		ids = append(ids, w.Arg(o.ID))
	}
	in := strings.Join(ids, ", ")
	err := eachPair(ctx, q, `SELECT org_id, dispute_type FROM org_specialties WHERE org_id IN (`+in+`) ORDER BY org_id, dispute_type`,
		w.Args(), func(id int64, v string) { byID[id].Specialties = append(byID[id].Specialties, v) })
	if err != nil {
		return err
	}
	for _, o := range orgs {
		o.Specialties = orderSpecialties(o.Specialties)
	}
	return eachPair(ctx, q, `SELECT org_id, language FROM org_languages WHERE org_id IN (`+in+`) ORDER BY org_id, language`,
		w.Args(), func(id int64, v string) { byID[id].Languages = append(byID[id].Languages, v) })
}

// eachPair runs a query of (id, text) rows and hands each to fn.
func eachPair(ctx context.Context, q db.Queryer, query string, args []any, fn func(int64, string)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		fn(id, v)
	}
	return rows.Err()
}

// orderSpecialties puts dispute type codes in the taxonomy's display
// order, so every page lists them alike; unknown codes follow, in their
// order, for validation to report.
func orderSpecialties(codes []string) []string {
	if len(codes) == 0 {
		return codes
	}
	out := make([]string, 0, len(codes))
	for _, t := range tiaojie.DisputeTypes() {
		if slices.Contains(codes, t.Code) {
			out = append(out, t.Code)
		}
	}
	for _, c := range codes {
		if _, ok := tiaojie.DisputeTypeByCode(c); !ok {
			out = append(out, c)
		}
	}
	return out
}

// Get returns an organization's full record to staff with orgs.read whose
// scope covers it. Outside the scope the answer is NotFound.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Org, error) {
	return s.readOrg(ctx, p, id, "org.read", staffGuard(tiaojie.PermOrgsRead))
}

// replaceTagsTx stores an organization's specialties and languages.
func replaceTagsTx(ctx context.Context, tx *db.Tx, id int64, specialties, languages []string) error {
	for _, q := range []string{`DELETE FROM org_specialties WHERE org_id = $1`, `DELETE FROM org_languages WHERE org_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	for _, c := range specialties {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_specialties (org_id, dispute_type) VALUES ($1, $2)`, id, c); err != nil {
			return err
		}
	}
	for _, c := range languages {
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_languages (org_id, language) VALUES ($1, $2)`, id, c); err != nil {
			return err
		}
	}
	return nil
}
