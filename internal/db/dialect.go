package db

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"tiaojie"
)

// This file holds every difference between SQLite and PostgreSQL that the
// stores need to know about. Everything else is shared SQL.

// SQLite extended result codes (https://sqlite.org/rescode.html).
const (
	sqliteBusy       = 5
	sqliteLocked     = 6
	sqliteCheck      = 275
	sqliteForeignKey = 787
	sqliteNotNull    = 1299
	sqlitePrimaryKey = 1555
	sqliteUnique     = 2067
)

// constraintClass is an engine-independent name for a failed constraint.
type constraintClass int

const (
	noConstraint constraintClass = iota
	uniqueViolation
	foreignKeyViolation
	checkViolation
	busy
)

func classify(err error) constraintClass {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqliteUnique, sqlitePrimaryKey:
			return uniqueViolation
		case sqliteForeignKey:
			return foreignKeyViolation
		case sqliteCheck, sqliteNotNull:
			return checkViolation
		case sqliteBusy, sqliteLocked:
			return busy
		}
		return noConstraint
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return uniqueViolation
		case "23503":
			return foreignKeyViolation
		case "23514", "23502":
			return checkViolation
		case "40001", "40P01", "55P03":
			return busy
		}
	}
	return noConstraint
}

// MapError turns driver errors into domain errors, in one place: no row is
// NotFound, a unique violation is Conflict, a broken reference is Conflict,
// a failed CHECK is Invalid and lock contention is Unavailable. A
// *tiaojie.Error passes through unchanged; anything else stays Internal.
func MapError(err error) error {
	if err == nil {
		return nil
	}
	var te *tiaojie.Error
	if errors.As(err, &te) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return tiaojie.E(tiaojie.NotFound, "error.not_found").Wrap(err)
	}
	switch classify(err) {
	case uniqueViolation:
		return tiaojie.E(tiaojie.Conflict, "error.duplicate").Wrap(err)
	case foreignKeyViolation:
		return tiaojie.E(tiaojie.Conflict, "error.reference").Wrap(err)
	case checkViolation:
		return tiaojie.E(tiaojie.Invalid, "error.invalid_input").Wrap(err)
	case busy:
		return tiaojie.E(tiaojie.Unavailable, "error.busy").Wrap(err)
	}
	return err
}

// IsUnique reports whether err is a unique-constraint violation, for stores
// that turn it into a field-specific message.
func IsUnique(err error) bool { return classify(err) == uniqueViolation }

// EscapeLike escapes the LIKE wildcards in s; use it with ESCAPE '\'.
func EscapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// ContainsOp returns a case-insensitive "contains" comparison of col with the
// placeholder param, which must hold an EscapeLike'd pattern wrapped in %.
// SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE.
func (e Engine) ContainsOp(col, param string) string {
	if e == Postgres {
		return col + " ILIKE " + param + ` ESCAPE '\'`
	}
	return col + " LIKE " + param + ` ESCAPE '\'`
}
