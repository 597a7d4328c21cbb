package web

import (
	"io/fs"
	"net/http"
	"slices"
	"time"

	"tiaojie"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// static serves the embedded assets. File names do not change between
// releases, so pages add ?v=<version> and the cache lives an hour.
func (h *Handler) static() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/static/" || r.URL.Path[len(r.URL.Path)-1] == '/' {
			http.NotFound(w, r) // no directory listings (SECURITY.md INT-06)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// entries are the public entry points of the alliance portal whose
// capability is not built yet: they lead to a "coming soon" page. (The
// directory, applying for mediation, following one's cases and
// complaining are open: /directory, /apply, /my/cases and /complain.)
var entries = []string{}

// openEntries are the entry points that are open, with their pages; their
// old coming-soon addresses lead there.
var openEntries = map[string]string{"directory": "/directory", "apply": "/apply", "track": "/my/cases", "consult": "/consult",
	"complain": "/complain"}

// home is the portal's front page: the alliance, a search box, quick
// searches by dispute type and township, featured organizations, the
// latest news and the entry points.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "home.title", nil)
	d, err := h.pubHomeData(r.Context(), h.pubLabels(p.Lang))
	if err != nil {
		return err
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "home", p)
}

// soon tells a visitor that an entry point is not open yet, and what to do
// meanwhile. The directory's old coming-soon address leads to the
// directory.
func (h *Handler) soon(w http.ResponseWriter, r *http.Request) error {
	f := r.PathValue("feature")
	if to, ok := openEntries[f]; ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return nil
	}
	if !slices.Contains(entries, f) {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return h.render(w, r, http.StatusOK, "soon", h.page(r, "entry."+f, f))
}

// setLang remembers the language the user picked and goes back.
func (h *Handler) setLang(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	l, ok := i18n.Parse(r.PostForm.Get("lang"))
	if !ok {
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	http.SetCookie(w, &http.Cookie{Name: route.LangCookie, Value: string(l), Path: "/", MaxAge: int(365 * 24 * time.Hour / time.Second),
		Secure: h.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return redirect(w, r, safeNext(r.PostForm.Get("next")))
}
