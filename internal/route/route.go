// Package route is the HTTP plumbing that the pages (internal/web) and the
// API (internal/api) share without importing each other: the table of
// routes with the permission each declares, the mapping of error kinds to
// status codes, and the request's client and language.
package route

import (
	"net/http"
	"strings"

	"tiaojie"
)

// Route is one registered route: its pattern, the permission it requires
// and whether it changes state. Deny by default: a route cannot be
// registered without a permission, and TestEveryRouteHasPermission walks
// every table.
type Route struct {
	Method  string
	Pattern string
	Perm    tiaojie.Permission
	Handler http.Handler
}

// Table collects routes and registers them on a ServeMux.
type Table struct {
	mux    *http.ServeMux
	guard  func(tiaojie.Permission, http.Handler) http.Handler
	routes []Route
}

// NewTable returns a table that registers on mux, wrapping each handler in
// guard, which enforces the route's permission.
func NewTable(mux *http.ServeMux, guard func(tiaojie.Permission, http.Handler) http.Handler) *Table {
	return &Table{mux: mux, guard: guard}
}

// Handle registers h for "METHOD /pattern" behind permission perm. An
// empty permission is a programming error and panics at start-up.
func (t *Table) Handle(pattern string, perm tiaojie.Permission, h http.Handler) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || perm == "" {
		panic("route: " + pattern + ": a route needs a method and a permission")
	}
	t.routes = append(t.routes, Route{Method: method, Pattern: path, Perm: perm, Handler: h})
	t.mux.Handle(pattern, t.guard(perm, h))
}

// Record lists a route that a framework registered on the mux itself (the
// API's operations, registered by huma), so that it is walked by the same
// permission test. The framework must enforce r.Perm.
func (t *Table) Record(r Route) {
	if r.Perm == "" {
		panic("route: " + r.Method + " " + r.Pattern + ": a route needs a permission")
	}
	t.routes = append(t.routes, r)
}

// Routes returns the registered routes.
func (t *Table) Routes() []Route { return append([]Route(nil), t.routes...) }

// Mutating reports whether a method may change state; GET and HEAD never do.
func Mutating(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// Status returns the HTTP status of an error: the one place where error
// kinds meet HTTP.
func Status(err error) int {
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Invalid:
		return http.StatusUnprocessableEntity
	case tiaojie.NotFound:
		return http.StatusNotFound
	case tiaojie.Conflict:
		return http.StatusConflict
	case tiaojie.Unauthorized:
		return http.StatusUnauthorized
	case tiaojie.Forbidden:
		return http.StatusForbidden
	case tiaojie.TooMany:
		return http.StatusTooManyRequests
	case tiaojie.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Code returns the user-facing message code of an error; an Internal
// error always reads "error.internal", whatever its cause.
func Code(err error) string {
	if e, ok := asError(err); ok && e.Kind != tiaojie.Internal && e.Code != "" {
		return e.Code
	}
	switch tiaojie.ErrorKind(err) {
	case tiaojie.Unavailable:
		return "error.unavailable"
	}
	return "error.internal"
}

func asError(err error) (*tiaojie.Error, bool) {
	for err != nil {
		if e, ok := err.(*tiaojie.Error); ok {
			return e, true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return nil, false
		}
		err = u.Unwrap()
	}
	return nil, false
}

// Fields returns the per-field problems an error carries.
func Fields(err error) []tiaojie.FieldError {
	if e, ok := asError(err); ok {
		return e.Fields
	}
	return nil
}

// Args returns the message arguments an error carries.
func Args(err error) map[string]string {
	if e, ok := asError(err); ok {
		return e.Args
	}
	return nil
}
