// Package web serves the platform's pages: server-rendered html/template
// with htmx for partial updates, every asset embedded in the binary so the
// platform runs on an intranet with no outside network. Handlers are thin:
// they read the form, call a service with the caller's principal, and
// render the result or the service's error.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/agreement"
	"tiaojie/internal/association"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/complaints"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/disclosure"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
	"tiaojie/internal/funding"
	"tiaojie/internal/i18n"
	"tiaojie/internal/incubation"
	"tiaojie/internal/meetings"
	"tiaojie/internal/plan"
	"tiaojie/internal/procurement"
	"tiaojie/internal/rating"
	"tiaojie/internal/registry"
	"tiaojie/internal/room"
	"tiaojie/internal/roster"
	"tiaojie/internal/route"
	"tiaojie/internal/settings"
	"tiaojie/internal/stats"
	"tiaojie/internal/supervision"
	"tiaojie/internal/training"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are the collaborators of the pages.
type Deps struct {
	Auth     *auth.Service
	Audit    *audit.Log
	Registry *registry.Service
	Roster   *roster.Service
	Settings *settings.Service // the bureau's policy
	Experts  *experts.Service  // the expert pool
	Rating   *rating.Service   // star rating (C7)
	Cases    *cases.Service
	Fonts    *agreement.Fonts // the agreement's font; nil: PDFs unavailable
	Room     *room.Service
	// DemoCodes, in demo mode only, holds the texts sent to phones: the
	// login page shows a demo visitor their code.
	DemoCodes CodeBox
	Content   *content.Service
	Files     *files.Service
	DB        *db.DB
	Catalog   *i18n.Catalog
	District  *tiaojie.District
	Log       *slog.Logger
	Secure    bool   // served over HTTPS: cookies are Secure
	Demo      bool   // demo mode: the login page lists the demo accounts
	Version   string // shown in the footer and used to bust asset caches

	// Supervision keeps inspections, evaluations and 奖惩情况 (C8); nil: no
	// supervision pages.
	Supervision *supervision.Service
	// Disclosure keeps organizations' information disclosures (信息公开,
	// C8); nil: no disclosure pages or sections.
	Disclosure *disclosure.Service
	// Incubation runs the incubation base and homes (C6); nil: no
	// incubation pages.
	Incubation *incubation.Service
	// Complaints handles complaints from the public (C8/C10); nil: no
	// complaint pages or sections.
	Complaints *complaints.Service
	// Association keeps the industry association's members and measures
	// (C10); nil: no association pages.
	Association *association.Service
	// Agencies keeps the partner agencies (协作单位, C12); nil: no agency
	// pages.
	Agencies *agencies.Service
	// Training keeps unified training and mentoring (C11); nil: no
	// training pages.
	Training *training.Service

	// Funding keeps donations, grants and venture rounds (C11); nil: no
	// funding pages or sections.
	Funding *funding.Service

	// Plan keeps the rollout plan (实施步骤, C14); nil: no plan pages.
	Plan *plan.Service
	// Stats counts the statistics dashboards and reports (C15); nil: no
	// statistics pages.
	Stats *stats.Service
	// Procurement keeps government procurement of mediation services
	// (政府购买服务, C9); nil: no procurement pages.
	Procurement *procurement.Service
	// Meetings keeps the joint meetings with partner agencies (C12,
	// partners); nil: no meeting pages.
	Meetings *meetings.Service
}

// CodeBox returns the last text sent to a phone (auth.DemoSender).
type CodeBox interface{ Last(phone string) string }

// Handler serves the pages.
type Handler struct {
	Deps
	layouts   map[i18n.Lang]*template.Template // the shared layout, never executed
	pageNames map[string]bool                  // the page templates there are

	mu    sync.Mutex
	pages map[pageKey]*template.Template // parsed on first use
}

type pageKey struct {
	lang i18n.Lang
	name string
}

// New parses every template once, for every language, so a broken
// template stops the start-up instead of a page. It keeps only the
// layouts: each page is a copy of its language's layout with the page
// added, some 180 copies in all, which held about 35 MB of parse trees in
// an idle server; a page is parsed again on its first render instead.
func New(d Deps) (*Handler, error) {
	h := &Handler{Deps: d, layouts: map[i18n.Lang]*template.Template{}, pageNames: map[string]bool{}, pages: map[pageKey]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range i18n.Langs() {
		base, err := template.New("").Funcs(h.funcs(lang)).ParseFS(templateFS, "templates/layout/*.html")
		if err != nil {
			return nil, fmt.Errorf("web: layout: %w", err)
		}
		h.layouts[lang] = base
		for _, n := range names {
			if _, err := template.Must(base.Clone()).ParseFS(templateFS, n); err != nil {
				return nil, fmt.Errorf("web: %s: %w", n, err)
			}
			h.pageNames[strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")] = true
		}
	}
	return h, nil
}

// pageTemplate returns the template of page name in lang, parsing it on first use
// (New has checked that it parses).
func (h *Handler) pageTemplate(lang i18n.Lang, name string) (*template.Template, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := pageKey{lang, name}
	if t, ok := h.pages[k]; ok {
		return t, nil
	}
	base, ok := h.layouts[lang]
	if !ok || !h.pageNames[name] {
		return nil, fmt.Errorf("web: no template %q", name)
	}
	t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
	if err != nil {
		return nil, fmt.Errorf("web: %s: %w", name, err)
	}
	h.pages[k] = t
	return t, nil
}

// funcs are the template functions of one language.
func (h *Handler) funcs(lang i18n.Lang) template.FuncMap {
	zone := tiaojie.Beijing()
	return template.FuncMap{
		"t": func(code string, args ...string) string { return h.Catalog.T(lang, code, args...) },
		"time": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(zone).Format("2006-01-02 15:04")
		},
		"seconds": func(t time.Time) string { return t.In(zone).Format("2006-01-02 15:04:05") },
		"role":    func(r tiaojie.Role) string { return h.Catalog.T(lang, "role."+string(r)) },
		"township": func(code string) string {
			if t, ok := h.District.Township(code); ok {
				if lang == i18n.En && t.NameEn != "" {
					return t.NameEn
				}
				return t.Name
			}
			return code
		},
		"can": func(p *tiaojie.Principal, perm string) bool { return p.Can(tiaojie.Permission(perm)) },
		"districtName": func(d *tiaojie.District) string {
			if lang == i18n.En && d.NameEn != "" {
				return d.NameEn
			}
			return d.Name
		},
		"field": func(p *Page, name, typ, label string, opts ...string) fieldView {
			return h.field(lang, p, name, typ, label, opts)
		},
		"add":     func(a, b int) int { return a + b },
		"list":    func(s ...string) []string { return s },
		"join":    func(s []string) string { return strings.Join(s, "、") },
		"dispute": func(code string) string { return disputeTypeName(lang, code) },
		// ptime shows an optional time, "—" when there is none.
		"ptime": func(t *time.Time) string {
			if t == nil || t.IsZero() {
				return "—"
			}
			return t.In(zone).Format("2006-01-02 15:04")
		},
	}
}

// fieldView is one labelled form input as the "input" template draws it:
// label tied to the input, hint and error tied by aria-describedby, and
// aria-invalid when the value was refused (WCAG 2.1: 1.3.1, 3.3.1, 3.3.2).
type fieldView struct {
	Name, Type, Label, Value, Error, Hint string
	Autocomplete, Inputmode               string
	Required                              bool
}

// field builds a fieldView. opts are "required", "autocomplete=…",
// "inputmode=…", "hint=<message code>" and "value=…" (a default).
func (h *Handler) field(lang i18n.Lang, p *Page, name, typ, label string, opts []string) fieldView {
	f := fieldView{Name: name, Type: typ, Label: h.Catalog.T(lang, label), Error: p.Errors[name]}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			f.Required = true
		case "autocomplete":
			f.Autocomplete = v
		case "inputmode":
			f.Inputmode = v
		case "hint":
			f.Hint = h.Catalog.T(lang, v)
		case "value":
			f.Value = v
		}
	}
	if p.Form != nil && p.Form.Has(name) && typ != "password" {
		f.Value = p.Form.Get(name)
	}
	return f
}

// Page is what every page template receives. Data holds the page's own
// values.
type Page struct {
	Lang      i18n.Lang
	Title     string // message code
	User      *tiaojie.Principal
	District  *tiaojie.District
	RequestID string
	Path      string
	Version   string
	Demo      bool
	Notice    string            // a success notice, already localized
	Form      url.Values        // the submitted form, to refill fields
	Errors    map[string]string // field name → localized problem
	Problem   string            // localized summary of the problem
	Data      any
}

// page returns the Page of a request, ready for its specific fields.
func (h *Handler) page(r *http.Request, title string, data any) *Page {
	return &Page{
		Lang: route.LangFrom(r.Context()), Title: title, User: auth.PrincipalFrom(r.Context()),
		District: h.District, RequestID: audit.ClientFrom(r.Context()).RequestID, Path: r.URL.Path,
		Version: h.Version, Demo: h.Demo, Form: r.PostForm, Data: data,
	}
}

// render writes the page template name with status.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	t, err := h.pageTemplate(p.Lang, name)
	if err != nil {
		return err
	}
	block := "layout"
	if r.Header.Get("HX-Request") == "true" && t.Lookup("fragment") != nil && r.Header.Get("HX-Target") != "" {
		block = "fragment"
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, block, p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang.Tag())
	w.WriteHeader(status)
	_, err = io.WriteString(w, buf.String())
	return err
}

// handlerFunc is a page handler that returns its error instead of writing
// it; wrap turns it into an http.Handler.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (h *Handler) wrap(f handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := f(w, r); err != nil {
			h.Error(w, r, err)
		}
	})
}

// Error shows an error as a page with the right status: a login prompt
// for Unauthorized, the localized message otherwise. Internal errors are
// logged with the request ID, which the page shows so a user can quote it.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away: nobody is left to read a page, and it is
		// no server error (under overload these would flood the log).
		h.Log.DebugContext(r.Context(), "request abandoned by the client", "path", r.URL.Path)
		return
	}
	status := route.Status(err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status, err = http.StatusRequestEntityTooLarge, tiaojie.E(tiaojie.Invalid, "error.too_large")
	}
	if status >= 500 {
		h.Log.ErrorContext(r.Context(), "page error", "err", err, "id", audit.ClientFrom(r.Context()).RequestID)
	}
	p := h.page(r, "error.title", nil)
	p.Problem = h.problemText(p.Lang, err)
	if rerr := h.render(w, r, status, "error", p); rerr != nil {
		h.Log.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, http.StatusText(status), status)
	}
}

// formError re-renders a form page with the problems of err next to their
// fields (status 422), or shows the error page when err is not about the
// input.
func (h *Handler) formError(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) error {
	fields := route.Fields(err)
	kind := tiaojie.ErrorKind(err)
	if kind != tiaojie.Invalid && kind != tiaojie.Conflict && kind != tiaojie.Unauthorized && kind != tiaojie.TooMany {
		return err
	}
	p.Errors = map[string]string{}
	for _, f := range fields {
		if _, dup := p.Errors[f.Field]; !dup {
			p.Errors[f.Field] = h.Catalog.Tm(p.Lang, f.Code, f.Args)
		}
	}
	p.Problem = h.problemText(p.Lang, err)
	return h.render(w, r, route.Status(err), name, p)
}

// redirect answers a successful form post (post/redirect/get).
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// client describes the request for the session table.
func client(r *http.Request) auth.Client {
	return auth.Client{IP: audit.ClientFrom(r.Context()).IP, UserAgent: r.UserAgent()}
}

// safeNext keeps a post-login redirect on this site: a local path only,
// never "//other.example" or a URL.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// problemText is the localized message of an error. A case error's status
// and step arguments are codes; they are shown by their names ("已归档",
// "受理"), not as codes.
func (h *Handler) problemText(lang i18n.Lang, err error) string {
	code, args := route.Code(err), route.Args(err)
	if strings.HasPrefix(code, "case.") && len(args) > 0 {
		named := make(map[string]string, len(args))
		for k, v := range args {
			named[k] = v
			if k != "status" && k != "action" {
				continue
			}
			// Lifecycle steps and statuses have names of their own; the
			// other operations (assign, confirm …) are named as the API
			// names them.
			for _, key := range []string{"case." + k + "." + v, "api.case.step." + v} {
				if h.Catalog.Has(key) {
					named[k] = h.Catalog.T(lang, key)
					break
				}
			}
		}
		args = named
	}
	return h.Catalog.Tm(lang, code, args)
}
