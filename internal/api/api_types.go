package api

import (
	"errors"
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/search"
)

// The JSON conventions of the directory operations (docs/api.md):
//
//   - Codes, not names: types, forms, levels, statuses and dispute types
//     are stable codes; GET /taxonomy names them in Chinese and English.
//     Townships carry their code and their official (Chinese) name.
//   - Money is integer fen (1/100 yuan) in fields ending _fen, which are
//     what a client writes; answers add the same amount as yuan with two
//     decimals and no separators in the matching _yuan field ("6750.00").
//   - Times are RFC 3339 in UTC. Calendar dates (registration, founding,
//     a fee standard's effect) are the Beijing date as YYYY-MM-DD, since a
//     date is not an instant.
//   - Personal data is masked as the staff pages mask it; the one way to
//     a full identity number is the audited reveal operation.

// enumSchema is the schema of a string from a closed list of codes.
func enumSchema(desc string, codes ...string) *huma.Schema {
	s := &huma.Schema{Type: huma.TypeString, Description: desc}
	for _, c := range codes {
		s.Enum = append(s.Enum, c)
	}
	return s
}

// strs converts a list of string-kinded codes.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// orgTypeName is a tiaojie.OrgType in a request or response.
type orgTypeName string

// Schema lists the organization types.
func (orgTypeName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("组织类型 Organization type", strs(tiaojie.OrgTypes())...)
}

// legalFormName is a tiaojie.LegalForm in a request or response.
type legalFormName string

// Schema lists the legal forms.
func (legalFormName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("组织形式 Legal form", strs(tiaojie.LegalForms())...)
}

// levelName is a tiaojie.OrgLevel in a request or response.
type levelName string

// Schema lists the levels.
func (levelName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("层级 Level", strs(tiaojie.OrgLevels())...)
}

// orgStatusName is a tiaojie.OrgStatus in a request or response.
type orgStatusName string

// Schema lists the lifecycle statuses.
func (orgStatusName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("生命周期状态 Lifecycle status", strs(tiaojie.OrgStatuses())...)
}

// orgActionName is a tiaojie.OrgAction in a request.
type orgActionName string

// Schema lists the lifecycle steps.
func (orgActionName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("生命周期步骤 Lifecycle step", strs(tiaojie.OrgActions())...)
}

// disputeCode is a dispute type code (tiaojie.DisputeTypes).
type disputeCode string

// Schema lists the dispute types.
func (disputeCode) Schema(huma.Registry) *huma.Schema {
	var codes []string
	for _, t := range tiaojie.DisputeTypes() {
		codes = append(codes, t.Code)
	}
	return enumSchema("纠纷类型代码 Dispute type code", codes...)
}

// docKindName is a registry.DocKind in a response.
type docKindName string

// Schema lists the document kinds.
func (docKindName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("文件类别 Document kind", strs(registry.DocKinds())...)
}

// mediatorStatusName is a tiaojie.MediatorStatus in a request or response.
type mediatorStatusName string

// Schema lists the roster statuses.
func (mediatorStatusName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("名册状态 Roster status", strs(tiaojie.MediatorStatuses())...)
}

// positionName is a roster.Position in a request or response.
type positionName string

// Schema lists the positions.
func (positionName) Schema(huma.Registry) *huma.Schema {
	return enumSchema("职务：首席、专职、兼职 Position: chief, full-time, part-time", strs(roster.Positions())...)
}

// triState is an optional yes-or-no filter: absent means either.
type triState string

// Schema allows true and false.
func (triState) Schema(huma.Registry) *huma.Schema {
	return enumSchema("true 或 false，省略表示不限 true or false; absent: either", "true", "false")
}

// ptr returns the filter as the services take it: nil for either.
func (t triState) ptr() *bool {
	if t == "" {
		return nil
	}
	v := t == "true"
	return &v
}

// segment is a piece of a highlighted text.
type segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match" doc:"该段与查询词匹配，可加粗显示 The piece matches a query term (show it marked)"`
}

// segmentsOut converts highlighted text; never nil.
func segmentsOut(ss []search.Segment) []segment {
	out := make([]segment, 0, len(ss))
	for _, s := range ss {
		out = append(out, segment{Text: s.Text, Match: s.Match})
	}
	return out
}

// orEmpty returns a non-nil slice, so JSON has [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// dateOut writes a stored date (midnight, Beijing time) as YYYY-MM-DD;
// "" for none.
func dateOut(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tiaojie.Beijing()).Format(time.DateOnly)
}

// dateIn reads a YYYY-MM-DD date as midnight Beijing time; "" is the zero
// time. A malformed date is a field problem of field.
func dateIn(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
	if err != nil {
		var fe tiaojie.FieldErrors
		fe.Add(field, codeDate)
		return time.Time{}, fe.Err()
	}
	return t, nil
}

// yuan writes fen as yuan with two decimals and no thousands separators,
// e.g. 675000 → "6750.00".
func yuan(m tiaojie.Money) string { return strings.ReplaceAll(m.FormatYuan(), ",", "") }

// percent writes basis points as a percentage with two decimals, e.g.
// 75 → "0.75".
func percent(bp int64) string { return fmt.Sprintf("%d.%02d", bp/100, bp%100) }

// fileURL is where the API serves a public file (a logo, a public
// mediator's photo, a cover picture); "" for no file.
func fileURL(key string) string {
	if key == "" {
		return ""
	}
	return Prefix + "/files/" + key
}

// attachment is the Content-Disposition of a download, with the file name
// encoded for any client (RFC 6266, RFC 8187 for non-ASCII names).
func attachment(filename string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": filename}); v != "" {
		return v
	}
	return "attachment"
}

// renameFields returns err with its field problems renamed by rename,
// for services whose field names follow the pages' forms.
func renameFields(err error, rename func(string) string) error {
	var e *tiaojie.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]tiaojie.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field = rename(f.Field)
		c.Fields[i] = f
	}
	return &c
}

// download is the answer of an operation that sends a file.
type download struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}
