package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// selectView is one labelled <select> as the "select" template draws it,
// with the same accessibility wiring as the "input" template. A select with
// Toggle shows, among the fields of its group, only those whose Scope the
// chosen option names (static/app.js); without JavaScript every field
// stays visible and the handler ignores the ones the role does not use.
type selectView struct {
	ID, Name, Label, Hint, Error string
	Required                     bool
	Toggle                       bool   // the choice shows and hides the scope fields of its group
	Scope                        string // shown only when the group's toggle needs this scope
	Options                      []optionView
}

// optionView is one <option>. Scope names the scope field the option needs
// ("township", "org" or "").
type optionView struct {
	Value, Label, Scope string
	Selected            bool
}

// scopeName returns the scope field a role needs, as the templates and
// app.js name it.
func scopeName(r tiaojie.Role) string {
	switch r.Scope() {
	case tiaojie.ScopeTownship:
		return "township"
	case tiaojie.ScopeOrg:
		return "org"
	}
	return ""
}

// roleOptions lists every role, after a blank "choose" option whose label
// is the message code blank.
func (h *Handler) roleOptions(lang i18n.Lang, selected tiaojie.Role, blank string) []optionView {
	out := []optionView{{Value: "", Label: h.Catalog.T(lang, blank), Selected: selected == ""}}
	for _, r := range tiaojie.Roles() {
		out = append(out, optionView{Value: string(r), Label: h.Catalog.T(lang, "role."+string(r)),
			Scope: scopeName(r), Selected: r == selected})
	}
	return out
}

// townshipOptions lists the district's townships after a blank option.
func (h *Handler) townshipOptions(lang i18n.Lang, selected string) []optionView {
	out := []optionView{{Value: "", Label: h.Catalog.T(lang, "admin.choose"), Selected: selected == ""}}
	for _, t := range h.District.Townships {
		out = append(out, optionView{Value: t.Code, Label: h.townshipName(lang, t.Code), Selected: t.Code == selected})
	}
	return out
}

// townshipName returns a township's name in lang, or its code when the
// district does not know it.
// townshipNamer returns townshipName in lang, for a service that names
// townships in a workbook.
func (h *Handler) townshipNamer(lang i18n.Lang) func(string) string {
	return func(code string) string { return h.townshipName(lang, code) }
}

func (h *Handler) townshipName(lang i18n.Lang, code string) string {
	t, ok := h.District.Township(code)
	switch {
	case !ok:
		return code
	case lang == i18n.En && t.NameEn != "":
		return t.NameEn
	}
	return t.Name
}

// notice sets the page's success notice from the "done" query parameter
// of a post/redirect/get. Only the listed values count, each mapped to the
// message prefix+value, so nothing the user typed is ever echoed.
func (h *Handler) notice(p *Page, r *http.Request, prefix string, allowed ...string) {
	if d := r.URL.Query().Get("done"); slices.Contains(allowed, d) {
		p.Notice = h.Catalog.T(p.Lang, prefix+d)
	}
}

// parseForm parses a posted form; a malformed body is a bad request.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	return nil
}

// pathID returns the numeric {id} of the route; anything else is a
// record that does not exist.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return id, nil
}

// withParam returns path?query with one parameter replaced (or removed
// when value is ""), for pagination links that keep the filters.
func withParam(path string, q url.Values, key, value string) string {
	c := url.Values{}
	for k, v := range q {
		if len(v) > 0 && v[0] != "" && k != key {
			c.Set(k, v[0])
		}
	}
	if value != "" {
		c.Set(key, value)
	}
	if len(c) == 0 {
		return path
	}
	return path + "?" + c.Encode()
}

// recordPage shows a staff record's page, with live naming the form whose
// problems p holds ("" for none).
type recordPage func(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error

// recordStep runs a POST on the record the path names (/…/{id}/…): it
// reads the id and the form and runs do as the caller. Done, it goes back
// to base+id with the done notice; refused with problems in a form, it
// shows the record's page again (titled title) with form's problems and
// the refusal's status; any other error is the caller's.
func (h *Handler) recordStep(w http.ResponseWriter, r *http.Request, title, base string, show recordPage, form, done string,
	do func(p *tiaojie.Principal, id int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	return h.recordDone(w, r, title, base, show, id, form, done, do(auth.PrincipalFrom(r.Context()), id))
}

// recordDone ends a step on record id: back to base+id with the done
// notice, or the record's page again with form's problems.
func (h *Handler) recordDone(w http.ResponseWriter, r *http.Request, title, base string, show recordPage, id int64, form, done string, err error) error {
	if err != nil {
		p := h.page(r, title, nil)
		if !h.problems(p, err) {
			return err
		}
		return show(w, r, p, route.Status(err), form)
	}
	return redirect(w, r, base+itoa64(id)+"?done="+done)
}
