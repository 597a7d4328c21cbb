package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/export"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// staffField is one labelled control of a staff form, as the "staff-field"
// template draws it: an input, a textarea (Rows > 0), a checkbox, a hidden
// input, or a fixed value shown as text and sent hidden. Unlike fieldView
// its id is not derived from its name alone, so one page can hold several
// forms with fields of the same name (every lifecycle action has a
// "reason"). Hint and error are tied to the control by aria-describedby.
type staffField struct {
	ID, Name, Type, Label, Value, Text, Error, Hint, Placeholder string
	Autocomplete, Inputmode, Accept                              string
	Required, Checked                                            bool
	Rows                                                         int
}

// checkGroup is a set of checkboxes or radio buttons in a fieldset whose
// legend names the group (WCAG 2.1: 1.3.1).
type checkGroup struct {
	ID, Name, Legend, Hint, Error string
	Radio, Required               bool
	Options                       []checkOption
}

// checkOption is one box of a checkGroup.
type checkOption struct {
	Value, Label string
	Checked      bool
}

// formView is one form of a staff page: its controls by name, and the
// problems of a refused submission that no control shows.
type formView struct {
	ID      string
	Live    bool // the form was submitted and refused: it shows what was typed
	Fields  map[string]staffField
	Selects map[string]selectView
	Checks  map[string]checkGroup
	Others  []string
}

// formBuilder fills a formView. A live form shows the submitted values and
// the page's field problems; any other form shows the stored values, so a
// refused form on a page of many forms does not spill into the others.
type formBuilder struct {
	h    *Handler
	lang i18n.Lang
	v    *formView
	form url.Values
	errs map[string]string
	used map[string]bool
}

// formOf starts a form of the page with the id prefix id.
func (h *Handler) formOf(p *Page, id string, live bool) *formBuilder {
	b := &formBuilder{h: h, lang: p.Lang, form: p.Form, used: map[string]bool{},
		v: &formView{ID: id, Live: live, Fields: map[string]staffField{}, Selects: map[string]selectView{}, Checks: map[string]checkGroup{}}}
	if live {
		b.errs = p.Errors
	}
	if b.form == nil {
		b.form = url.Values{}
	}
	return b
}

// value returns what a control shows: the submitted value of a live form,
// the stored one otherwise.
func (b *formBuilder) value(name, stored string) string {
	if b.v.Live {
		return b.form.Get(name)
	}
	return stored
}

// problem returns the problem of a field of a live form and marks it shown.
func (b *formBuilder) problem(name string) string {
	b.used[name] = true
	return b.errs[name]
}

// text adds an input (or a textarea with "rows=N"). opts are "required",
// "hint=<code>", "autocomplete=…", "inputmode=…", "placeholder=…" (text as
// is), "accept=…" and "rows=N".
func (b *formBuilder) text(name, typ, label, stored string, opts ...string) *formBuilder {
	f := staffField{ID: b.v.ID + "-" + name, Name: name, Type: typ, Label: b.h.Catalog.T(b.lang, label),
		Value: b.value(name, stored), Error: b.problem(name)}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			f.Required = true
		case "hint":
			f.Hint = b.h.Catalog.T(b.lang, v)
		case "autocomplete":
			f.Autocomplete = v
		case "inputmode":
			f.Inputmode = v
		case "placeholder":
			f.Placeholder = v
		case "accept":
			f.Accept = v
		case "rows":
			f.Rows, _ = strconv.Atoi(v)
		}
	}
	if typ == "file" || typ == "password" {
		f.Value = ""
	}
	b.v.Fields[name] = f
	return b
}

// hidden adds a hidden input that always carries the stored value.
func (b *formBuilder) hidden(name, value string) *formBuilder {
	b.v.Fields[name] = staffField{ID: b.v.ID + "-" + name, Name: name, Type: "hidden", Value: value}
	return b
}

// fixed adds a value the user sees but may not change: shown as text,
// sent as a hidden input.
func (b *formBuilder) fixed(name, label, value, text string) *formBuilder {
	b.v.Fields[name] = staffField{ID: b.v.ID + "-" + name, Name: name, Type: "fixed", Label: b.h.Catalog.T(b.lang, label),
		Value: value, Text: text, Error: b.problem(name)}
	return b
}

// check adds one checkbox with value "1".
func (b *formBuilder) check(name, label string, stored bool, opts ...string) *formBuilder {
	checked := stored
	if b.v.Live {
		checked = b.form.Get(name) == "1"
	}
	f := staffField{ID: b.v.ID + "-" + name, Name: name, Type: "checkbox", Label: b.h.Catalog.T(b.lang, label),
		Value: "1", Checked: checked, Error: b.problem(name)}
	for _, o := range opts {
		if k, v, _ := strings.Cut(o, "="); k == "hint" {
			f.Hint = b.h.Catalog.T(b.lang, v)
		}
	}
	b.v.Fields[name] = f
	return b
}

// choose adds a select of options (value, label pairs as optionView).
func (b *formBuilder) choose(name, label, stored string, options []optionView, opts ...string) *formBuilder {
	sel := b.value(name, stored)
	s := selectView{ID: b.v.ID + "-" + name, Name: name, Label: b.h.Catalog.T(b.lang, label), Error: b.problem(name)}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			s.Required = true
		case "hint":
			s.Hint = b.h.Catalog.T(b.lang, v)
		}
	}
	for _, o := range options {
		o.Selected = o.Value == sel
		s.Options = append(s.Options, o)
	}
	b.v.Selects[name] = s
	return b
}

// checks adds a group of checkboxes (or radio buttons when radio).
func (b *formBuilder) checks(name, legend string, stored []string, options []checkOption, radio bool, opts ...string) *formBuilder {
	chosen := stored
	if b.v.Live {
		chosen = b.form[name]
	}
	g := checkGroup{ID: b.v.ID + "-" + name, Name: name, Legend: b.h.Catalog.T(b.lang, legend), Radio: radio, Error: b.problem(name)}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			g.Required = true
		case "hint":
			g.Hint = b.h.Catalog.T(b.lang, v)
		}
	}
	for _, o := range options {
		o.Checked = slices.Contains(chosen, o.Value)
		g.Options = append(g.Options, o)
	}
	b.v.Checks[name] = g
	return b
}

// claim marks fields as shown elsewhere on the form (rows of a table).
func (b *formBuilder) claim(names ...string) {
	for _, n := range names {
		b.used[n] = true
	}
}

// done returns the form with the problems no control showed.
func (b *formBuilder) done() *formView {
	var keys []string
	for k := range b.errs {
		if !b.used[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.v.Others = append(b.v.Others, b.errs[k])
	}
	return b.v
}

// pagerView is the pagination of a staff list; Target is the htmx target.
type pagerView struct {
	Page, Pages int
	Prev, Next  string
	Target      string
}

// pagerOf returns the pager of a list at path with the query q.
func pagerOf(path string, q url.Values, page, total, per int, target string) pagerView {
	v := pagerView{Page: page, Pages: max(1, (total+per-1)/per), Target: target}
	if page > 1 {
		v.Prev = withParam(path, q, "page", strconv.Itoa(page-1))
	}
	if page < v.Pages {
		v.Next = withParam(path, q, "page", strconv.Itoa(page+1))
	}
	return v
}

// pageNumber reads the page parameter of a list, 1 or more.
func pageNumber(q url.Values) int {
	n, _ := strconv.Atoi(q.Get("page"))
	return max(n, 1)
}

// blankOption is the first option of a filter or a form select.
func (h *Handler) blankOption(lang i18n.Lang, code string) optionView {
	return optionView{Value: "", Label: h.Catalog.T(lang, code)}
}

// codeOptions lists codes with their labels from the catalogue (prefix +
// code), after a blank option labelled blank ("" for none).
func (h *Handler) codeOptions(lang i18n.Lang, blank, prefix string, codes ...string) []optionView {
	var out []optionView
	if blank != "" {
		out = append(out, h.blankOption(lang, blank))
	}
	for _, c := range codes {
		out = append(out, optionView{Value: c, Label: h.Catalog.T(lang, prefix+c)})
	}
	return out
}

// strs converts a list of string-typed codes.
func strs[T ~string](codes []T) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}

// disputeTypeName returns a dispute type's name in lang.
func disputeTypeName(lang i18n.Lang, code string) string {
	t, ok := tiaojie.DisputeTypeByCode(code)
	switch {
	case !ok:
		return code
	case lang == i18n.En:
		return t.NameEn
	}
	return t.Name
}

// disputeChecks lists the dispute types as checkboxes.
func disputeChecks(lang i18n.Lang) []checkOption {
	var out []checkOption
	for _, t := range tiaojie.DisputeTypes() {
		out = append(out, checkOption{Value: t.Code, Label: disputeTypeName(lang, t.Code)})
	}
	return out
}

// disputeOptions lists the dispute types for a select.
func (h *Handler) disputeOptions(lang i18n.Lang, blank string) []optionView {
	out := []optionView{h.blankOption(lang, blank)}
	for _, t := range tiaojie.DisputeTypes() {
		out = append(out, optionView{Value: t.Code, Label: disputeTypeName(lang, t.Code)})
	}
	return out
}

// languageName returns a language of the district profile in lang.
func (h *Handler) languageName(lang i18n.Lang, code string) string {
	l, ok := h.District.Language(code)
	switch {
	case !ok:
		return code
	case lang == i18n.En && l.NameEn != "":
		return l.NameEn
	}
	return l.Name
}

// languageChecks lists the district's languages and dialects as checkboxes.
func (h *Handler) languageChecks(lang i18n.Lang) []checkOption {
	var out []checkOption
	for _, l := range h.District.Languages {
		out = append(out, checkOption{Value: l.Code, Label: h.languageName(lang, l.Code)})
	}
	return out
}

// names joins the names of codes with the list separator of lang.
func (h *Handler) names(lang i18n.Lang, codes []string, name func(i18n.Lang, string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(lang, c)
	}
	return strings.Join(out, h.Catalog.T(lang, "admin.list_sep"))
}

// day formats a date stored as midnight Beijing time; "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tiaojie.Beijing()).Format(time.DateOnly)
}

// optionalDay parses a date field: "" is the zero time, anything else must
// be YYYY-MM-DD, else the field gets staff.date_format.
func optionalDay(fe *tiaojie.FieldErrors, field, s string) time.Time {
	t, ok := beijingDay(s)
	if !ok {
		fe.Add(field, "staff.date_format")
	}
	return t
}

// optionalYuan parses an amount in yuan; "" is 0.
func optionalYuan(fe *tiaojie.FieldErrors, field, s string) tiaojie.Money {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	m, err := tiaojie.ParseYuan(s)
	if err != nil {
		fe.Add(field, "money.format")
	}
	return m
}

// yuan formats an amount for an input: "" for 0 when empty0.
func yuan(m tiaojie.Money, empty0 bool) string {
	if m == 0 && empty0 {
		return ""
	}
	return strings.ReplaceAll(m.FormatYuan(), ",", "")
}

// uploadLimit bounds the body of an upload form: the largest file kind
// (files.Document, 10 MiB) and the form's other fields.
const uploadLimit = 11 << 20

// readUpload parses a multipart upload form and returns its "file" part.
// The body limit is the upload's own (uploadLimit), read through
// http.MaxBytesReader. A missing file is the field error files.empty; a
// body over the limit is files.too_large. The caller must call the
// returned cleanup when done.
func readUpload(w http.ResponseWriter, r *http.Request) (files.Upload, func(), error) {
	none := func() {}
	r.Body = http.MaxBytesReader(w, r.Body, uploadLimit)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		var fe tiaojie.FieldErrors
		if errors.As(err, &mbe) {
			// The limit that stopped the body: this one, or a smaller one
			// of the server's (its MaxBody), which the user must be told.
			fe.Add("file", "files.too_large", "max", strconv.FormatInt(max(mbe.Limit>>20, 1), 10))
			return files.Upload{}, none, fe.Err()
		}
		return files.Upload{}, none, tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	cleanup := func() { _ = r.MultipartForm.RemoveAll() }
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var fe tiaojie.FieldErrors
		fe.Add("file", "files.empty")
		return files.Upload{}, cleanup, fe.Err()
	}
	return files.Upload{Filename: hdr.Filename, Body: f}, func() { f.Close(); cleanup() }, nil
}

// words are the catalogue in the request's language, for what a service
// writes for the reader (a workbook).
func (h *Handler) words(r *http.Request) i18n.Words {
	return h.Catalog.In(route.LangFrom(r.Context()))
}

// writeXLSX answers with a workbook of sheets as an attachment named
// name-YYYYMMDD.xlsx (Beijing date) for a Chinese reader and
// ascii-YYYYMMDD.xlsx for an English one (lang: the workbook's language).
// The workbook is built in memory first, so a failure is an error page,
// not half a file.
func writeXLSX(w http.ResponseWriter, lang i18n.Lang, name, ascii string, sheets ...export.Sheet) error {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, sheets...); err != nil {
		return err
	}
	date := time.Now().In(tiaojie.Beijing()).Format("20060102")
	if lang == i18n.En {
		name = ascii
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(ascii+"-"+date+".xlsx", name+"-"+date+".xlsx"))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}

// attachment returns a Content-Disposition value for a download: an ASCII
// fallback name for old clients and the real (Chinese) name encoded per
// RFC 5987 / RFC 6266.
func attachment(ascii, name string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(ascii), rfc5987(name))
}

// asciiName keeps a file name's printable ASCII letters, digits and
// . - _, for the quoted fallback.
func asciiName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// rfc5987 percent-encodes every byte of s that is not an attr-char.
func rfc5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// serveFile answers with a stored file's bytes; download makes it an
// attachment under its original name.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, key string, download bool) error {
	if key == "" {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	m, data, err := h.Files.Load(r.Context(), h.DB.Reader(), key)
	if err != nil {
		return err
	}
	return sendBytes(w, m, data, download)
}

// sendBytes writes a file's bytes with its type.
func sendBytes(w http.ResponseWriter, m files.Meta, data []byte, download bool) error {
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if download {
		w.Header().Set("Content-Disposition", attachment(m.Filename, m.Filename))
	}
	_, err := w.Write(data)
	return err
}

// idParam returns a numeric path parameter other than {id}.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return id, nil
}

// itoa64 formats an id.
func itoa64(id int64) string { return strconv.FormatInt(id, 10) }
