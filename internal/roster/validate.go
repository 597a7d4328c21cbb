package roster

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"tiaojie"
)

// MediatorInput is what staff submit to create or edit a roster entry.
// Validation normalizes it in place (trimmed text, normalized identity
// number and phone, de-duplicated lists), so the stored form is canonical.
type MediatorInput struct {
	Name   string // 2–30 characters
	Gender string // "", "male" or "female"; with an identity number it must agree with it ("" takes it from the number)
	// IDNumber is the resident identity number, optional. On Update an
	// empty value keeps the stored number (pages only ever hold it masked);
	// ClearIDNumber removes it.
	IDNumber      string
	ClearIDNumber bool
	// Phone is a mainland mobile number, optional; on Update an empty value
	// keeps the stored one and ClearPhone removes it.
	Phone         string
	ClearPhone    bool
	Background    string // a code of tiaojie.Backgrounds; "" means "other"
	Certificates  string // qualifications and certificates, ≤ 1000 characters
	PracticeSince int    // the year mediation practice began, 1950…this year; 0 unknown
	Grade         tiaojie.MediatorGrade
	Specialties   []string // dispute type codes (tiaojie.DisputeTypes)
	Languages     []string // language codes of the district (tiaojie.District.Languages)
	Bio           string   // ≤ 2000 characters
	Public        bool     // shown in the public roster
	// Orgs are the memberships; at least one. On Update, memberships of
	// organizations outside the caller's scope are kept as they are,
	// whatever Orgs says about them.
	Orgs []Membership
}

// Membership is a mediator's place in one organization.
type Membership struct {
	OrgID    int64
	Position Position
}

// Limits of the free-text fields, in characters.
const (
	maxCertificates  = 1000
	maxBio           = 2000
	maxPurpose       = 200
	earliestPractice = 1950
)

// validate normalizes in and checks everything that needs no database:
// the organizations' existence and the uniqueness of the person are
// checked in the transaction.
func (s *Service) validate(in *MediatorInput) tiaojie.FieldErrors {
	var fe tiaojie.FieldErrors
	in.Name = strings.TrimSpace(in.Name)
	if n := utf8.RuneCountInString(in.Name); n < 2 || n > 30 {
		fe.Add("name", "mediator.name_length", "min", "2", "max", "30")
	}
	s.validateIdentity(&fe, in)
	s.validateProfile(&fe, in)
	validateMemberships(&fe, in.Orgs)
	return fe
}

// validateIdentity checks gender, identity number and phone.
func (s *Service) validateIdentity(fe *tiaojie.FieldErrors, in *MediatorInput) {
	in.IDNumber = tiaojie.NormalizeIDNumber(in.IDNumber)
	if in.ClearIDNumber {
		in.IDNumber = ""
	}
	if in.IDNumber != "" {
		if err := tiaojie.ValidateIDNumber(in.IDNumber, s.clock.Now()); err != nil {
			fe.Add("id_number", codeOf(err))
		}
	}
	switch in.Gender {
	case "", "male", "female":
	default:
		fe.Add("gender", "mediator.gender_unknown")
	}
	in.Phone = tiaojie.NormalizePhone(in.Phone)
	if in.ClearPhone {
		in.Phone = ""
	}
	if in.Phone != "" && tiaojie.ValidatePhone(in.Phone) != nil {
		fe.Add("phone", "phone.format")
	}
}

// checkGender makes gender agree with an identity number: an empty gender
// is taken from the number, a different one is refused. idNumber is the
// number the record will hold ("" for none).
func checkGender(fe *tiaojie.FieldErrors, gender *string, idNumber string) {
	sex, ok := tiaojie.IDNumberSex(idNumber)
	switch {
	case !ok:
	case *gender == "":
		*gender = sex
	case *gender != sex:
		fe.Add("gender", "mediator.gender_mismatch")
	}
}

// validateProfile checks the professional profile.
func (s *Service) validateProfile(fe *tiaojie.FieldErrors, in *MediatorInput) {
	if in.Background = strings.TrimSpace(in.Background); in.Background == "" {
		in.Background = "other"
	}
	if !slices.Contains(tiaojie.Backgrounds(), in.Background) {
		fe.Add("background", "mediator.background_unknown")
	}
	in.Certificates, in.Bio = strings.TrimSpace(in.Certificates), strings.TrimSpace(in.Bio)
	if utf8.RuneCountInString(in.Certificates) > maxCertificates {
		fe.Add("certificates", "mediator.certificates_length", "max", strconv.Itoa(maxCertificates))
	}
	if utf8.RuneCountInString(in.Bio) > maxBio {
		fe.Add("bio", "mediator.bio_length", "max", strconv.Itoa(maxBio))
	}
	year := s.clock.Now().Year()
	if in.PracticeSince != 0 && (in.PracticeSince < earliestPractice || in.PracticeSince > year) {
		fe.Add("practice_since", "mediator.practice_since", "min", strconv.Itoa(earliestPractice), "max", strconv.Itoa(year))
	}
	if !in.Grade.Valid() {
		fe.Add("grade", "mediator.grade")
	}
	in.Specialties = dedupe(in.Specialties)
	for _, c := range in.Specialties {
		if _, ok := tiaojie.DisputeTypeByCode(c); !ok {
			fe.Add("specialties", "mediator.specialty_unknown", "code", c)
		}
	}
	in.Languages = dedupe(in.Languages)
	for _, c := range in.Languages {
		if _, ok := s.district.Language(c); !ok {
			fe.Add("languages", "mediator.language_unknown", "code", c)
		}
	}
}

// validateMemberships checks the shape of the memberships: at least one,
// known positions, no organization twice.
func validateMemberships(fe *tiaojie.FieldErrors, ms []Membership) {
	if len(ms) == 0 {
		fe.Add("orgs", "mediator.org_required")
	}
	seen := map[int64]bool{}
	for i, m := range ms {
		field := "orgs[" + strconv.Itoa(i) + "]"
		switch {
		case m.OrgID <= 0:
			fe.Add(field+".org_id", "mediator.org_unknown")
		case seen[m.OrgID]:
			fe.Add(field+".org_id", "mediator.org_duplicate")
		}
		if !m.Position.Valid() {
			fe.Add(field+".position", "mediator.position_unknown")
		}
		seen[m.OrgID] = true
	}
}

// dedupe trims the codes and drops empty and repeated ones, keeping order.
func dedupe(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// codeOf returns the message code of a domain error.
func codeOf(err error) string {
	if e, ok := err.(*tiaojie.Error); ok {
		return e.Code
	}
	return "error.invalid_input"
}
