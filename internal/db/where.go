package db

import (
	"slices"
	"strconv"
	"strings"
)

// Where builds the WHERE clause of a filtered query: conditions ANDed
// together and their arguments numbered $1…$n in order of registration,
// so that a count and a page built from the same Where always agree, and
// values never enter the SQL text.
type Where struct {
	conds []string
	args  []any
}

// Arg registers a value and returns its placeholder.
func (w *Where) Arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// Add ANDs a condition; "" is ignored.
func (w *Where) Add(cond string) {
	if cond != "" {
		w.conds = append(w.conds, cond)
	}
}

// Args returns the registered values, for the query call.
func (w *Where) Args() []any { return w.args }

// Clone returns a copy that can grow apart from w.
func (w *Where) Clone() *Where {
	return &Where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// String returns the conditions ANDed, or a condition that always holds.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return "1=1"
	}
	return strings.Join(w.conds, " AND ")
}

// In registers each value and returns the placeholders, comma-separated,
// for an IN (…) list. An empty list gives NULL, which matches nothing.
func In[T any](w *Where, vs []T) string {
	if len(vs) == 0 {
		return "NULL"
	}
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = w.Arg(v)
	}
	return strings.Join(ph, ", ")
}
