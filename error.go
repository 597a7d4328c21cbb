package tiaojie

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that the edges (pages, API, CLI) can choose a
// status and a message without knowing where the error came from. The HTTP
// mapping lives in one place: internal/server.
type Kind uint8

// The kinds of error. The zero value is Internal so that an unclassified
// error is never mistaken for a user mistake.
const (
	Internal     Kind = iota // a bug or an outage; details go to the log only
	Invalid                  // the request is malformed or breaks a rule
	NotFound                 // the record does not exist or is outside the caller's scope
	Conflict                 // the record exists already or is in the wrong state
	Unauthorized             // the caller must log in (again)
	Forbidden                // the caller is known but may not do this
	TooMany                  // the caller is over a rate limit
	Unavailable              // a dependency is down; try again later
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "unauthorized", "forbidden", "too_many", "unavailable"}

// String returns the kind's stable name, used in logs and problem types.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Error is the error type of the domain. Code is a message key of the
// catalogue in internal/i18n (for example "auth.bad_credentials"), so the
// edge can show the user a message in their language; Args fill the
// message's {placeholders}. Fields carries per-field problems of a form or
// request body. Err is the cause and is only ever logged.
type Error struct {
	Kind   Kind
	Code   string
	Args   map[string]string
	Fields []FieldError
	Err    error
}

// FieldError is one problem with one input field: the field's name as the
// form or JSON body spells it, and a message key with its arguments.
type FieldError struct {
	Field string
	Code  string
	Args  map[string]string
}

// Error returns a developer-facing description; users see the localized Code.
func (e *Error) Error() string {
	s := e.Kind.String()
	if e.Code != "" {
		s += ": " + e.Code
	}
	for _, f := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f.Field, f.Code)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// E returns a new *Error of the kind with a message code.
func E(kind Kind, code string) *Error { return &Error{Kind: kind, Code: code} }

// With returns a copy of e with one message argument set.
func (e *Error) With(name, value string) *Error {
	c := *e
	c.Args = make(map[string]string, len(e.Args)+1)
	for k, v := range e.Args {
		c.Args[k] = v
	}
	c.Args[name] = value
	return &c
}

// Wrap returns a copy of e whose cause is err.
func (e *Error) Wrap(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// Internalf wraps an unexpected failure. Its message never reaches a user.
func Internalf(format string, args ...any) *Error {
	return &Error{Kind: Internal, Code: "error.internal", Err: fmt.Errorf(format, args...)}
}

// ErrorKind returns the kind of err: the Kind of the first *Error in its
// chain, or Internal when there is none.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// IsKind reports whether err is of the kind.
func IsKind(err error, kind Kind) bool { return err != nil && ErrorKind(err) == kind }

// FieldErrors collects per-field problems while validating input. The zero
// value is ready to use.
type FieldErrors []FieldError

// Add records a problem with a field.
func (fe *FieldErrors) Add(field, code string, args ...string) {
	f := FieldError{Field: field, Code: code}
	if len(args) > 0 {
		f.Args = make(map[string]string, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			f.Args[args[i]] = args[i+1]
		}
	}
	*fe = append(*fe, f)
}

// Err returns nil when no problem was recorded, otherwise an Invalid *Error
// that carries every field problem.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "error.invalid_input", Fields: fe}
}
