package tiaojie

import (
	"strings"
	"unicode/utf8"
)

// Partner agencies (协作单位, SPEC C12) are the departments mediation works
// with: they refer disputes, meet with the bureau, and may buy mediation
// services (C9). Each agency has its own users (partner accounts tied to it
// by internal/agencies).

// AgencyKind is what sort of department an agency is.
type AgencyKind string

// The agency kinds the policy names, and "other" for the rest.
const (
	AgencyCivilAffairs AgencyKind = "civil_affairs" // 民政
	AgencyFinance      AgencyKind = "finance"       // 财政
	AgencyUnion        AgencyKind = "union"         // 工会
	AgencyWomen        AgencyKind = "women"         // 妇联
	AgencyCourt        AgencyKind = "court"         // 法院
	AgencyPolice       AgencyKind = "police"        // 公安
	AgencyPetitions    AgencyKind = "petitions"     // 信访
	AgencyHRSS         AgencyKind = "hrss"          // 人社
	AgencyHousing      AgencyKind = "housing"       // 住建
	AgencyMarket       AgencyKind = "market"        // 市场监管
	AgencyOther        AgencyKind = "other"         // 其他
)

// AgencyKinds lists the kinds in the order forms show them.
func AgencyKinds() []AgencyKind {
	return []AgencyKind{AgencyCivilAffairs, AgencyFinance, AgencyUnion, AgencyWomen, AgencyCourt, AgencyPolice,
		AgencyPetitions, AgencyHRSS, AgencyHousing, AgencyMarket, AgencyOther}
}

// Valid reports whether k is a known kind.
func (k AgencyKind) Valid() bool {
	for _, v := range AgencyKinds() {
		if v == k {
			return true
		}
	}
	return false
}

// AgencyInput is what the bureau enters for an agency.
type AgencyInput struct {
	Name    string
	Kind    AgencyKind
	Contact string // the liaison's name and office phone, free text
	Note    string
}

// Limits of an agency's text fields, in characters.
const (
	MaxAgencyName    = 100
	MaxAgencyContact = 200
	MaxAgencyNote    = 1000
)

// Normalize trims the input's text.
func (in *AgencyInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Contact = strings.TrimSpace(in.Contact)
	in.Note = strings.TrimSpace(in.Note)
}

// Validate checks the input, field by field.
func (in AgencyInput) Validate() error {
	var fe FieldErrors
	if in.Name == "" || utf8.RuneCountInString(in.Name) > MaxAgencyName {
		fe.Add("name", "agency.name", "max", "100")
	}
	if !in.Kind.Valid() {
		fe.Add("kind", "agency.kind")
	}
	if utf8.RuneCountInString(in.Contact) > MaxAgencyContact {
		fe.Add("contact", "agency.contact", "max", "200")
	}
	if utf8.RuneCountInString(in.Note) > MaxAgencyNote {
		fe.Add("note", "agency.note", "max", "1000")
	}
	return fe.Err()
}
