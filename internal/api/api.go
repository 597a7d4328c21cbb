// Package api serves the JSON API under /api/v1 with its OpenAPI document.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"

	"tiaojie"
)

// Deps are the collaborators of the API.
type Deps struct {
	Auth     *auth.Service
	Audit    *audit.Log
	DB       *db.DB
	Catalog  *i18n.Catalog
	District *tiaojie.District
	Log      *slog.Logger
	Version  string
}

// Handler serves the API.
type Handler struct {
	Deps
}

// New returns the API handler.
func New(d Deps) (*Handler, error) { return &Handler{Deps: d}, nil }

// Register adds the API's routes to mux.
func (h *Handler) Register(mux *http.ServeMux) *route.Table {
	t := route.NewTable(mux, func(_ tiaojie.Permission, next http.Handler) http.Handler { return next })
	return t
}

// Error writes err as application/problem+json.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	lang := route.LangFrom(r.Context())
	status := route.Status(err)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"status": status, "title": http.StatusText(status),
		"detail": h.Catalog.Tm(lang, route.Code(err), route.Args(err)),
	})
}
