package registry

import (
	"context"
	"database/sql"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// OrgInput is what staff type into an organization's profile, for Create
// and Update. Registration details are set apart (SetRegistration), the
// status only by lifecycle steps (Act), the logo by SetLogo.
type OrgInput struct {
	Name                string // 2–100 characters, unique in the register
	ShortName           string // at most 30
	Type                tiaojie.OrgType
	LegalForm           tiaojie.LegalForm
	Level               tiaojie.OrgLevel
	Township            string // division code of a township of the district
	Address             string // at most 200
	Latitude, Longitude *float64
	LegalRep            string // 法定代表人/负责人, at most 50
	ContactName         string // at most 50
	ContactPhone        string // a mobile, landline (021-…), or hotline (12348) number
	Email               string
	Website             string // http(s) URL; "www.…" gets https://
	Description         string // at most 5000
	Online              bool
	FoundedAt           time.Time // zero when unknown; not in the future
	Specialties         []string  // dispute type codes
	Languages           []string  // language codes of the district profile
}

// normalize trims the text fields, removes repeated codes and puts the
// website in URL form, before validation and storage.
func (in *OrgInput) normalize() {
	for _, f := range []*string{&in.Name, &in.ShortName, &in.Township, &in.Address, &in.LegalRep,
		&in.ContactName, &in.ContactPhone, &in.Email, &in.Website, &in.Description} {
		*f = strings.TrimSpace(*f)
	}
	if in.Website != "" && !strings.Contains(in.Website, "://") {
		in.Website = "https://" + in.Website
	}
	in.Specialties = orderSpecialties(dedupe(in.Specialties))
	in.Languages = dedupe(in.Languages)
	if !in.FoundedAt.IsZero() {
		in.FoundedAt = dayOf(in.FoundedAt)
	}
}

func dedupe(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// validate checks a normalized input against the rules of the register and
// the district profile.
func (s *Service) validate(in *OrgInput) error {
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(in.Name); n < 2 || n > 100 {
		fe.Add("name", "org.name_length")
	}
	if utf8.RuneCountInString(in.ShortName) > 30 {
		fe.Add("short_name", "org.short_name_length")
	}
	if err := tiaojie.ValidateOrgKind(in.Type, in.LegalForm, in.Level); err != nil {
		fe = append(fe, fieldsOf(err)...)
	}
	if _, ok := s.district.Township(in.Township); !ok {
		fe.Add("township", "org.township_unknown")
	}
	s.validateContact(&fe, in)
	s.validateTags(&fe, in)
	if utf8.RuneCountInString(in.Description) > 5000 {
		fe.Add("description", "org.description_length")
	}
	if !validCoordinates(in.Latitude, in.Longitude) {
		fe.Add("latitude", "org.coordinates")
	}
	if !in.FoundedAt.IsZero() && in.FoundedAt.After(s.now()) {
		fe.Add("founded_at", "org.founded_future")
	}
	return fe.Err()
}

// fieldsOf returns the field problems of a validation error.
func fieldsOf(err error) tiaojie.FieldErrors {
	var fe tiaojie.FieldErrors
	if e, ok := err.(*tiaojie.Error); ok {
		fe = append(fe, e.Fields...)
	}
	return fe
}

func (s *Service) validateContact(fe *tiaojie.FieldErrors, in *OrgInput) {
	if utf8.RuneCountInString(in.Address) > 200 {
		fe.Add("address", "org.address_length")
	}
	if utf8.RuneCountInString(in.LegalRep) > 50 {
		fe.Add("legal_rep", "org.person_length")
	}
	if utf8.RuneCountInString(in.ContactName) > 50 {
		fe.Add("contact_name", "org.person_length")
	}
	if in.ContactPhone != "" && !validServicePhone(in.ContactPhone) {
		fe.Add("contact_phone", "org.phone_format")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
			fe.Add("email", "org.email_format")
		}
	}
	if in.Website != "" && !validWebsite(in.Website) {
		fe.Add("website", "org.website_format")
	}
}

func (s *Service) validateTags(fe *tiaojie.FieldErrors, in *OrgInput) {
	for _, c := range in.Specialties {
		if _, ok := tiaojie.DisputeTypeByCode(c); !ok {
			fe.Add("specialties", "org.specialty_unknown", "code", c)
		}
	}
	for _, c := range in.Languages {
		if _, ok := s.district.Language(c); !ok {
			fe.Add("languages", "org.language_unknown", "code", c)
		}
	}
}

// validServicePhone accepts the numbers an organization publishes: a
// mainland mobile, a landline with its area code (021-5962 1234, with an
// optional extension), a local eight- or seven-digit number, or a short
// hotline such as 12348 or a 400/800 number. Spaces and dashes are
// ignored.
func validServicePhone(s string) bool {
	n := tiaojie.NormalizePhone(strings.NewReplacer("(", "", ")", "", "（", "", "）", "").Replace(s))
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return false
	}
	switch {
	case tiaojie.ValidatePhone(n) == nil:
		return true
	case n[0] == '0':
		return len(n) >= 10 && len(n) <= 18 // area code, number, extension
	case strings.HasPrefix(n, "400"), strings.HasPrefix(n, "800"):
		return len(n) == 10
	case n[0] == '1' || n[0] == '9':
		return len(n) == 5 || len(n) == 6 // 12348, 95518
	}
	return len(n) == 7 || len(n) == 8
}

func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil && len(s) <= 200
}

// validCoordinates requires both coordinates or neither, each in range.
func validCoordinates(lat, lng *float64) bool {
	if lat == nil || lng == nil {
		return lat == nil && lng == nil
	}
	return !math.IsNaN(*lat) && !math.IsNaN(*lng) && *lat >= -90 && *lat <= 90 && *lng >= -180 && *lng <= 180
}

func nullTime(t time.Time) sql.NullTime { return sql.NullTime{Time: t.UTC(), Valid: !t.IsZero()} }

// Create opens a new organization in preparation (筹建) and returns its id.
// It needs orgs.create; a township office may open organizations only in
// its own township.
func (s *Service) Create(ctx context.Context, p *tiaojie.Principal, in OrgInput) (int64, error) {
	if !p.Can(tiaojie.PermOrgsCreate) {
		return 0, s.settle(ctx, p, "org.create", 0, forbid("need", string(tiaojie.PermOrgsCreate)))
	}
	in.normalize()
	if err := s.validate(&in); err != nil {
		return 0, err
	}
	if !p.CoversOrg(0, in.Township) {
		return 0, s.settle(ctx, p, "org.create", 0, forbid("township", in.Township))
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if id, err = s.insertOrgTx(ctx, tx, p, &in); err != nil {
			return err
		}
		if err := replaceTagsTx(ctx, tx, id, in.Specialties, in.Languages); err != nil {
			return err
		}
		t := Transition{OrgID: id, Action: "create", ToStatus: tiaojie.StatusPreparing, Role: creatorRole(p, in.Township)}
		if err := s.insertTransitionTx(ctx, tx, p, t); err != nil {
			return err
		}
		if err := s.reindexTx(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.create", id, map[string]string{"name": in.Name, "township": in.Township})
	})
	return id, err
}

func (s *Service) insertOrgTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, in *OrgInput) (int64, error) {
	var id int64
	now := s.now()
	err := tx.QueryRowContext(ctx, `
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, address, latitude, longitude,
		                  legal_rep, contact_name, contact_phone, email, website, description, online,
		                  founded_at, status, stage, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, '', $19, $20, $20)
		RETURNING id`,
		in.Name, in.ShortName, string(in.Type), string(in.LegalForm), string(in.Level), in.Township, in.Address,
		in.Latitude, in.Longitude, in.LegalRep, in.ContactName, in.ContactPhone, in.Email, in.Website,
		in.Description, in.Online, nullTime(in.FoundedAt), string(tiaojie.StatusPreparing), max(p.UserID, 0), now).Scan(&id)
	if db.IsUnique(err) {
		return 0, nameTaken()
	}
	return id, err
}

func nameTaken() error {
	var fe tiaojie.FieldErrors
	fe.Add("name", "org.name_taken")
	return fe.Err()
}

// creatorRole names the role in which p opens an organization in a
// township, for its history.
func creatorRole(p *tiaojie.Principal, township string) string {
	return actingRole(p, &Org{Township: township}, []tiaojie.Role{tiaojie.RoleBureau, tiaojie.RoleTownship})
}

// Update saves an edited profile. version is the Version the editor read:
// if the record changed since, the answer is Conflict org.stale and
// nothing is saved. It needs orgs.edit and a scope covering the
// organization (and its new township, if it moves); a dissolved or
// withdrawn organization cannot be edited, and type and legal form are
// fixed once pre-review has passed.
func (s *Service) Update(ctx context.Context, p *tiaojie.Principal, id int64, in OrgInput, version int) error {
	in.normalize()
	return s.withOrg(ctx, p, id, "org.update", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		if o.Version != version {
			return tiaojie.E(tiaojie.Conflict, "org.stale")
		}
		if err := s.validate(&in); err != nil {
			return err
		}
		if err := s.checkChange(ctx, tx, p, o, &in); err != nil {
			return err
		}
		if err := s.updateOrgTx(ctx, tx, id, &in, version); err != nil {
			return err
		}
		if err := replaceTagsTx(ctx, tx, id, in.Specialties, in.Languages); err != nil {
			return err
		}
		if err := s.reindexTx(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.update", id, map[string]string{"fields": strings.Join(changedFields(o, &in), ",")})
	})
}

// checkChange applies the rules that depend on the record before the
// edit: kind fixed after pre-review, moving township needs a grant there,
// an organization with fees or priced services stays one that may charge.
func (s *Service) checkChange(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, o *Org, in *OrgInput) error {
	if registered(o.Status) && (in.Type != o.Type || in.LegalForm != o.LegalForm) {
		return tiaojie.E(tiaojie.Conflict, "org.kind_locked")
	}
	if in.Township != o.Township && creatorRole(p, in.Township) == "" {
		return forbid("township", in.Township)
	}
	if o.MayCharge() && !tiaojie.MayCharge(in.Type, in.LegalForm) {
		var n int
		err := tx.QueryRowContext(ctx, `
			SELECT (SELECT count(*) FROM fee_standards WHERE org_id = $1) +
			       (SELECT count(*) FROM services WHERE org_id = $1 AND price IS NOT NULL)`, o.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return tiaojie.E(tiaojie.Conflict, "org.kind_has_fees")
		}
	}
	return nil
}

func (s *Service) updateOrgTx(ctx context.Context, tx *db.Tx, id int64, in *OrgInput, version int) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE orgs SET name = $1, short_name = $2, type = $3, legal_form = $4, level = $5, township = $6,
		       address = $7, latitude = $8, longitude = $9, legal_rep = $10, contact_name = $11,
		       contact_phone = $12, email = $13, website = $14, description = $15, online = $16,
		       founded_at = $17, updated_at = $18, version = version + 1
		WHERE id = $19 AND version = $20`,
		in.Name, in.ShortName, string(in.Type), string(in.LegalForm), string(in.Level), in.Township,
		in.Address, in.Latitude, in.Longitude, in.LegalRep, in.ContactName,
		in.ContactPhone, in.Email, in.Website, in.Description, in.Online,
		nullTime(in.FoundedAt), s.now(), id, version)
	if db.IsUnique(err) {
		return nameTaken()
	}
	return affected(res, err, tiaojie.E(tiaojie.Conflict, "org.stale"))
}

// affected returns none when a statement changed no row.
func affected(res sql.Result, err error, none error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return none
	}
	return nil
}

// changedFields names the profile fields an edit changes, for the audit
// trail (names only: values may be personal data).
func changedFields(o *Org, in *OrgInput) []string {
	var out []string
	diff := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	diff("name", o.Name != in.Name)
	diff("short_name", o.ShortName != in.ShortName)
	diff("type", o.Type != in.Type)
	diff("legal_form", o.LegalForm != in.LegalForm)
	diff("level", o.Level != in.Level)
	diff("township", o.Township != in.Township)
	diff("address", o.Address != in.Address)
	diff("coordinates", !sameFloat(o.Latitude, in.Latitude) || !sameFloat(o.Longitude, in.Longitude))
	diff("legal_rep", o.LegalRep != in.LegalRep)
	diff("contact", o.ContactName != in.ContactName || o.ContactPhone != in.ContactPhone || o.Email != in.Email)
	diff("website", o.Website != in.Website)
	diff("description", o.Description != in.Description)
	diff("online", o.Online != in.Online)
	diff("founded_at", !o.FoundedAt.Equal(in.FoundedAt))
	diff("specialties", !slices.Equal(o.Specialties, in.Specialties))
	diff("languages", !slices.Equal(o.Languages, in.Languages))
	return out
}

func sameFloat(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// SetLogo stores an uploaded image (files.Image: PNG or JPEG, checked by
// content) as the organization's logo, a public file, in place of the old
// one, which stops being served. It needs orgs.edit over the organization.
func (s *Service) SetLogo(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload) error {
	return s.withOrg(ctx, p, id, "org.logo", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		m, err := s.files.Save(ctx, tx, files.Image(), "org_logo", id, up, true, max(p.UserID, 0))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET logo_file = $1, updated_at = $2 WHERE id = $3`, m.Key, s.now(), id); err != nil {
			return err
		}
		if o.Logo != "" {
			if err := files.SetPublic(ctx, tx, o.Logo, false); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "org.logo", id, map[string]string{"file": m.Key, "replaced": o.Logo})
	})
}

// SetSeal stores an uploaded image (PNG or JPEG, checked by content) as the
// organization's seal (印章), which the platform applies to the agreements
// its mediators conclude (internal/cases). Only the organization's own
// admin sets it: the bureau supervises an organization but does not hold
// its seal. The image is never public; the old one stays on file, because
// agreements already sealed with it point to it.
func (s *Service) SetSeal(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload) error {
	return s.withOrg(ctx, p, id, "org.seal", roleGuard(tiaojie.PermOrgsEdit, tiaojie.RoleOrgAdmin), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		m, err := s.files.Save(ctx, tx, files.Image(), "org_seal", id, up, false, max(p.UserID, 0))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET seal_key = $1, updated_at = $2 WHERE id = $3`, m.Key, s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.seal", id, map[string]string{"file": m.Key, "sm3": m.SM3, "replaced": o.Seal})
	})
}

// SealImage returns the organization's seal image to its own admin.
func (s *Service) SealImage(ctx context.Context, p *tiaojie.Principal, id int64) (files.Meta, []byte, error) {
	o, err := s.readOrg(ctx, p, id, "org.seal_view", roleGuard(tiaojie.PermOrgsEdit, tiaojie.RoleOrgAdmin))
	if err != nil {
		return files.Meta{}, nil, err
	}
	if o.Seal == "" {
		return files.Meta{}, nil, tiaojie.E(tiaojie.NotFound, "org.no_seal")
	}
	meta, err := s.files.Meta(ctx, s.db.Reader(), o.Seal)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, meta)
	return meta, data, err
}
