package registry

import (
	"strconv"
	"strings"
)

// where builds the WHERE clause of a filtered query: conditions ANDed
// together and their arguments numbered $1…$n in order, so a count and a
// page of the same filter always agree.
type where struct {
	conds []string
	args  []any
}

// arg registers a value and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// list registers values and returns their placeholders separated by commas,
// for IN (…).
func (w *where) list(values []string) string {
	ph := make([]string, len(values))
	for i, v := range values {
		ph[i] = w.arg(v)
	}
	return strings.Join(ph, ", ")
}

// add ANDs a condition.
func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

// String returns the conditions ANDed, or a condition that always holds.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return "1=1"
	}
	return strings.Join(w.conds, " AND ")
}
