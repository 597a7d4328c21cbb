package tiaojie

import (
	"strconv"
	"strings"
)

// The kinds of township-level division. They decide the wording of pages and
// statistics (a 乡 is not a 镇), so Validate refuses any other value.
const (
	TownshipKindTown        = "town"        // 镇
	TownshipKindTownship    = "township"    // 乡
	TownshipKindSubdistrict = "subdistrict" // 街道
)

// District describes, as data, the district whose justice bureau runs the
// platform: its division code, its district-level units, its court and its
// township-level divisions. Keeping it as data rather than code lets another
// district adopt the platform by editing one JSON file.
type District struct {
	Code           string     `json:"code"` // administrative division code, e.g. "310151"
	Name           string     `json:"name"` // e.g. "崇明区"
	NameEn         string     `json:"name_en"`
	City           string     `json:"city"`            // e.g. "上海市"
	Bureau         Unit       `json:"bureau"`          // the district justice bureau (区司法局)
	Centre         Unit       `json:"centre"`          // the non-litigation dispute resolution centre
	IncubationBase Unit       `json:"incubation_base"` // the district incubation base (培育基地)
	Court          Unit       `json:"court"`           // the basic people's court applied to for judicial confirmation (optional)
	Townships      []Township `json:"townships"`
	// Languages are the languages and dialects mediators work in, local
	// dialects included (e.g. 崇明话): the directory filters by them.
	Languages []Language `json:"languages"`
}

// Language is a language or dialect a mediator can mediate in.
type Language struct {
	Code   string `json:"code"` // stable identifier, e.g. "mandarin"
	Name   string `json:"name"` // e.g. "普通话"
	NameEn string `json:"name_en"`
}

// Language returns the language with the code.
func (d *District) Language(code string) (Language, bool) {
	for _, l := range d.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// Unit is a public body shown to users with its contact details, such as a
// bureau, a justice office or a workstation. Address and Phone may be empty
// until the bureau supplies them.
type Unit struct {
	Name    string `json:"name"`
	NameEn  string `json:"name_en"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
}

// Township is a township-level division of the district (镇, 乡 or 街道)
// with the two units the platform routes work to: its justice office (司法所),
// which supervises local mediation, and its public legal service workstation
// (公共法律服务工作站), which can host an incubation home.
type Township struct {
	Code          string `json:"code"`    // 9-digit township division code
	Name          string `json:"name"`    // e.g. "城桥镇"
	NameEn        string `json:"name_en"` // e.g. "Chengqiao Town"
	Kind          string `json:"kind"`    // TownshipKindTown, TownshipKindTownship or TownshipKindSubdistrict
	JusticeOffice Unit   `json:"justice_office"`
	Workstation   Unit   `json:"workstation"`
}

// Township returns the township with the division code, so that records that
// store only the code can show the township's name and units.
func (d *District) Township(code string) (Township, bool) {
	for _, t := range d.Townships {
		if t.Code == code {
			return t, true
		}
	}
	return Township{}, false
}

// Validate checks a district profile once at start, so that a mistake in the
// JSON file stops the server instead of showing up later as a missing
// township. The error is an Invalid *Error whose Fields name each problem
// by its JSON path (for example "townships[3].code").
func (d *District) Validate() error {
	var fe FieldErrors
	if !allASCIIDigits(d.Code) || len(d.Code) != 6 {
		fe.Add("code", "district.code")
	}
	districtRequire(&fe, "name", d.Name)
	districtRequire(&fe, "bureau.name", d.Bureau.Name)
	if len(d.Townships) == 0 {
		fe.Add("townships", "district.no_townships")
	}
	codes := make(map[string]bool, len(d.Townships))
	names := make(map[string]bool, len(d.Townships))
	for i, t := range d.Townships {
		d.validateTownship(&fe, "townships["+strconv.Itoa(i)+"]", t)
		if t.Code != "" && codes[t.Code] {
			fe.Add("townships["+strconv.Itoa(i)+"].code", "district.duplicate_code", "code", t.Code)
		}
		if t.Name != "" && names[t.Name] {
			fe.Add("townships["+strconv.Itoa(i)+"].name", "district.duplicate_name", "name", t.Name)
		}
		codes[t.Code], names[t.Name] = true, true
	}
	langs := map[string]bool{}
	for i, l := range d.Languages {
		path := "languages[" + strconv.Itoa(i) + "]"
		districtRequire(&fe, path+".code", l.Code)
		districtRequire(&fe, path+".name", l.Name)
		if langs[l.Code] {
			fe.Add(path+".code", "district.duplicate_code", "code", l.Code)
		}
		langs[l.Code] = true
	}
	return fe.Err()
}

// validateTownship checks one township on its own; path is its JSON path.
func (d *District) validateTownship(fe *FieldErrors, path string, t Township) {
	if len(t.Code) != 9 || !allASCIIDigits(t.Code) || t.Code[:6] != d.Code {
		fe.Add(path+".code", "district.township_code", "district", d.Code)
	}
	districtRequire(fe, path+".name", t.Name)
	switch t.Kind {
	case TownshipKindTown, TownshipKindTownship, TownshipKindSubdistrict:
	default:
		fe.Add(path+".kind", "district.township_kind", "kind", t.Kind)
	}
}

// districtRequire records district.required when value is empty or blank.
func districtRequire(fe *FieldErrors, field, value string) {
	if strings.TrimSpace(value) == "" {
		fe.Add(field, "district.required")
	}
}
