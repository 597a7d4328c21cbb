package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
)

// auditPageSize is the number of audit rows per page.
const auditPageSize = 50

// auditData is the audit page's own data.
type auditData struct {
	Rows          []auditRow
	Outcome       selectView
	Older, Newest string // links to the next older page and back to the newest, "" when there is none
	Searched      bool   // the search ran (the filters were valid)
	Report        *verifyView
}

// auditRow is one audit record as the table shows it: the codes in it
// localized, the detail flattened.
type auditRow struct {
	audit.Row
	Roles, OutcomeText, ReasonText, DetailText string
}

// verifyView is the result of a chain verification as the page shows it.
type verifyView struct {
	OK       bool
	Rows     int64
	Last     int64
	LastMAC  string
	Problems []string
}

// auditLog searches the audit trail. Like the user list it answers htmx
// with the results block only.
func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) error {
	p := h.auditPageOf(r)
	if err := h.auditSearch(r, p); err != nil {
		return h.formError(w, r, "audit", p, err)
	}
	return h.render(w, r, http.StatusOK, "audit", p)
}

// auditVerify checks the whole chain and shows the result above the
// newest rows.
func (h *Handler) auditVerify(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Audit.VerifyAs(r.Context(), h.DB, auth.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	p := h.auditPageOf(r)
	d := p.Data.(*auditData)
	d.Report = h.verifyViewOf(p.Lang, rep)
	if err := h.auditSearch(r, p); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "audit", p)
}

// auditPageOf returns the audit page with its filter form filled from the
// query string.
func (h *Handler) auditPageOf(r *http.Request) *Page {
	p := h.page(r, "audit.title", nil)
	p.Path, p.Form = "/audit", r.URL.Query()
	if r.Method != http.MethodGet {
		p.Form = url.Values{}
	}
	d := &auditData{Outcome: selectView{ID: "f-outcome", Name: "outcome", Label: h.Catalog.T(p.Lang, "audit.outcome"),
		Options: []optionView{{Value: "", Label: h.Catalog.T(p.Lang, "audit.any_outcome")}}}}
	for _, o := range []audit.Outcome{audit.OK, audit.Denied, audit.Failed} {
		d.Outcome.Options = append(d.Outcome.Options, optionView{Value: string(o),
			Label: h.Catalog.T(p.Lang, "audit.outcome_"+string(o)), Selected: p.Form.Get("outcome") == string(o)})
	}
	p.Data = d
	return p
}

// auditSearch runs the search of the page's filters and fills its rows.
func (h *Handler) auditSearch(r *http.Request, p *Page) error {
	f, err := auditFilter(p.Form)
	if err != nil {
		return err
	}
	page, err := h.Audit.Search(r.Context(), h.DB, p.User, f)
	if err != nil {
		return err
	}
	d := p.Data.(*auditData)
	d.Searched = true
	for _, row := range page.Rows {
		d.Rows = append(d.Rows, h.auditRowOf(p.Lang, row))
	}
	if page.Next > 0 {
		d.Older = withParam("/audit", p.Form, "before", strconv.FormatInt(page.Next, 10))
	}
	if f.Before > 0 {
		d.Newest = withParam("/audit", p.Form, "before", "")
	}
	return nil
}

// auditFilter reads the filters of the audit page. Dates are days in
// Beijing time; "to" includes its whole day.
func auditFilter(q url.Values) (audit.Filter, error) {
	f := audit.Filter{
		Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		ObjectType: strings.TrimSpace(q.Get("object_type")), ObjectID: strings.TrimSpace(q.Get("object_id")),
		Limit: auditPageSize,
	}
	switch o := audit.Outcome(q.Get("outcome")); o {
	case audit.OK, audit.Denied, audit.Failed:
		f.Outcome = o
	}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	var fe tiaojie.FieldErrors
	var ok bool
	if f.From, ok = beijingDay(q.Get("from")); !ok {
		fe.Add("from", "audit.date_format")
	}
	switch f.To, ok = beijingDay(q.Get("to")); {
	case !ok:
		fe.Add("to", "audit.date_format")
	case f.To.IsZero():
	case f.To.Before(f.From):
		fe.Add("to", "audit.range")
	default:
		f.To = f.To.AddDate(0, 0, 1) // the whole of the last day
	}
	return f, fe.Err()
}

// beijingDay parses a date (YYYY-MM-DD) as the start of that day in
// Beijing time; an empty value is the zero time.
func beijingDay(s string) (time.Time, bool) {
	if s = strings.TrimSpace(s); s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation("2006-01-02", s, tiaojie.Beijing())
	return t, err == nil
}

// auditRowOf localizes one audit row: its roles, its outcome and its
// reason when the reason is a message code (a permission name or other
// text is shown as it is).
func (h *Handler) auditRowOf(lang i18n.Lang, row audit.Row) auditRow {
	v := auditRow{Row: row, OutcomeText: h.Catalog.T(lang, "audit.outcome_"+string(row.Outcome)), ReasonText: row.Reason}
	if row.Reason != "" && h.Catalog.Has(row.Reason) {
		v.ReasonText = h.Catalog.T(lang, row.Reason)
	}
	var roles []string
	for _, r := range strings.Split(row.Role, ",") {
		if r != "" {
			roles = append(roles, h.Catalog.T(lang, "role."+r))
		}
	}
	v.Roles = strings.Join(roles, h.Catalog.T(lang, "admin.list_sep"))
	v.DetailText = detailText(row.Detail)
	return v
}

// detailText flattens an audit row's JSON detail to "key=value" pairs.
func detailText(detail string) string {
	m := map[string]string{}
	if detail == "" || json.Unmarshal([]byte(detail), &m) != nil {
		return detail
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, " ")
}

// verifyViewOf localizes a verification report.
func (h *Handler) verifyViewOf(lang i18n.Lang, rep audit.Report) *verifyView {
	v := &verifyView{OK: rep.OK(), Rows: rep.Rows, Last: rep.Last, LastMAC: rep.LastMAC}
	for _, pr := range rep.Problems {
		v.Problems = append(v.Problems, h.Catalog.T(lang, "audit.problem_"+pr.What, "seq", strconv.FormatInt(pr.Seq, 10)))
	}
	return v
}
