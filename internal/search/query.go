package search

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"tiaojie/internal/db"
)

// Kind names what is searched; each kind has its own index table.
type Kind string

// The searchable kinds.
const (
	Orgs      Kind = "org"
	Mediators Kind = "mediator"
)

// maxTerms bounds a query, so a pasted essay cannot become a huge
// expression.
const maxTerms = 8

// Query is a parsed search query: its terms, all of which must match.
type Query struct {
	terms []run
}

// Parse reads what a user typed. Empty or punctuation-only input gives an
// empty query, which matches everything.
func Parse(s string) Query {
	rs := runs(Normalize(s))
	if len(rs) > maxTerms {
		rs = rs[:maxTerms]
	}
	for i := range rs {
		if utf8.RuneCountInString(rs[i].text) > 32 {
			rs[i].text = string([]rune(rs[i].text)[:32])
		}
	}
	return Query{terms: rs}
}

// Empty reports whether the query has no terms.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Terms returns the query's terms as typed (normalized), for highlighting.
func (q Query) Terms() []string {
	out := make([]string, len(q.terms))
	for i, t := range q.terms {
		out[i] = t.text
	}
	return out
}

// String returns the normalized query.
func (q Query) String() string { return strings.Join(q.Terms(), " ") }

// Clause returns an SQL condition that holds for the ids of kind matching
// the query, to be ANDed into a WHERE clause as "<col> IN (…)". arg
// registers a parameter value and returns its placeholder ($N), so the
// caller keeps numbering its own parameters. An empty query returns "".
func (q Query) Clause(e db.Engine, kind Kind, col string, arg func(any) string) string {
	if q.Empty() {
		return ""
	}
	if e == db.Postgres {
		return q.pgClause(kind, col, arg)
	}
	return col + " IN (SELECT rowid FROM " + string(kind) + "_fts WHERE " + string(kind) + "_fts MATCH " + arg(q.fts5()) + ")"
}

// fts5 writes the query in FTS5 syntax: a phrase of bigrams in column bi
// for a Han run of two or more characters, the character in column uni for
// one, a prefix in column bi for a word; all ANDed.
func (q Query) fts5() string {
	parts := make([]string, 0, len(q.terms))
	for _, t := range q.terms {
		switch {
		case !t.han:
			parts = append(parts, `bi:"`+t.text+`"*`)
		case utf8.RuneCountInString(t.text) == 1:
			parts = append(parts, `uni:"`+t.text+`"`)
		default:
			parts = append(parts, `bi:"`+strings.Join(bigrams(t.text), " ")+`"`)
		}
	}
	return strings.Join(parts, " AND ")
}

// pgClause writes the query as tsquery literals over the bi and uni
// columns of <kind>_search.
func (q Query) pgClause(kind Kind, col string, arg func(any) string) string {
	var bi, uni []string
	for _, t := range q.terms {
		switch {
		case !t.han:
			bi = append(bi, lexeme(t.text)+":*")
		case utf8.RuneCountInString(t.text) == 1:
			uni = append(uni, lexeme(t.text))
		default:
			ph := bigrams(t.text)
			for i := range ph {
				ph[i] = lexeme(ph[i])
			}
			bi = append(bi, "("+strings.Join(ph, " <-> ")+")")
		}
	}
	var conds []string
	if len(bi) > 0 {
		conds = append(conds, "bi @@ "+arg(strings.Join(bi, " & "))+"::tsquery")
	}
	if len(uni) > 0 {
		conds = append(conds, "uni @@ "+arg(strings.Join(uni, " & "))+"::tsquery")
	}
	return col + " IN (SELECT id FROM " + string(kind) + "_search WHERE " + strings.Join(conds, " AND ") + ")"
}

// lexeme quotes a token for a tsvector or tsquery literal.
func lexeme(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// tsvector writes a token stream as a tsvector literal with positions
// (1-based, at most 16383, the limit of PostgreSQL).
func tsvector(tokens []string) string {
	pos := map[string][]int{}
	var order []string
	for i, t := range tokens {
		if _, seen := pos[t]; !seen {
			order = append(order, t)
		}
		pos[t] = append(pos[t], min(i+1, 16383))
	}
	var b strings.Builder
	for i, t := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(lexeme(t))
		b.WriteByte(':')
		for j, p := range pos[t] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}
