// Package search is the Chinese full-text search of the directory, the
// same on SQLite and PostgreSQL.
//
// Neither engine segments Chinese: SQLite's FTS5 trigram tokenizer finds
// nothing under three characters, and PostgreSQL's pg_trgm ignores Chinese
// under a C locale while its text-search parser keeps a whole run of
// characters as one word (docs/STACK.md §2.2, §2.4). So the text is
// tokenized here, in Go, once for both engines: every run of Han
// characters becomes its overlapping bigrams (调解组织 → 调解 解组 组织) in
// column "bi", beside the Latin and digit words, and its single characters
// in column "uni". A query of two or more characters is a phrase of its
// bigrams; a single character matches "uni"; a Latin or digit word matches
// as a prefix. Every query is answered from an index (FTS5 on SQLite, GIN
// over tsvector on PostgreSQL), and both engines return the same records.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds text for indexing and querying: NFKC (full-width letters
// and digits become ASCII) and lower case.
func Normalize(s string) string { return strings.ToLower(norm.NFKC.String(s)) }

// run is a maximal sequence of Han characters, or of other letters and
// digits (a word).
type run struct {
	text string
	han  bool
}

// runs splits normalized text into Han runs and words; everything else
// (spaces, punctuation, symbols) separates runs.
func runs(s string) []run {
	var out []run
	var cur []rune
	curHan := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, run{text: string(cur), han: curHan})
			cur = cur[:0]
		}
	}
	for _, r := range s {
		han := unicode.Is(unicode.Han, r)
		word := !han && (unicode.IsLetter(r) || unicode.IsDigit(r))
		switch {
		case !han && !word:
			flush()
		case len(cur) > 0 && han != curHan:
			flush()
			fallthrough
		default:
			curHan = han
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// bigrams returns the overlapping pairs of a Han run; a single character
// stands for itself.
func bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) == 1 {
		return []string{s}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// Tokens returns the two token streams of a text, in order: bi (Han
// bigrams and words) and uni (single Han characters).
func Tokens(text string) (bi, uni []string) {
	for _, r := range runs(Normalize(text)) {
		if !r.han {
			bi = append(bi, r.text)
			continue
		}
		bi = append(bi, bigrams(r.text)...)
		for _, c := range r.text {
			uni = append(uni, string(c))
		}
	}
	return bi, uni
}
