package search

import (
	"strings"
	"unicode/utf8"
)

// Segment is a piece of text, marked when it matches a query term.
type Segment struct {
	Text  string
	Match bool
}

// Highlight splits text into segments, marking every occurrence of any
// term (case-insensitively, after the same normalization as the index).
// The template writes marked segments inside <mark>; escaping stays the
// template's job, so highlighting can never inject markup.
func Highlight(text string, terms []string) []Segment {
	if text == "" {
		return nil
	}
	runesText := []rune(text)
	folded := []rune(Normalize(text))
	if len(folded) != len(runesText) {
		// NFKC changed the length (rare ligatures): match without folding.
		folded = runesText
	}
	mark := make([]bool, len(runesText))
	for _, t := range terms {
		tr := []rune(t)
		if len(tr) == 0 {
			continue
		}
		for i := 0; i+len(tr) <= len(folded); i++ {
			if string(folded[i:i+len(tr)]) == t {
				for j := range tr {
					mark[i+j] = true
				}
			}
		}
	}
	var out []Segment
	start := 0
	for i := 1; i <= len(runesText); i++ {
		if i == len(runesText) || mark[i] != mark[start] {
			out = append(out, Segment{Text: string(runesText[start:i]), Match: mark[start]})
			start = i
		}
	}
	return out
}

// Snippet returns about n characters of text around the first match of
// the terms (or its start), with ellipses where it was cut.
func Snippet(text string, terms []string, n int) string {
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	folded := Normalize(text)
	first := -1
	for _, t := range terms {
		if i := strings.Index(folded, t); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	start := 0
	if first > 0 && utf8.RuneCountInString(folded) == len(rs) {
		start = max(utf8.RuneCountInString(folded[:first])-n/4, 0)
	}
	end := min(start+n, len(rs))
	s := string(rs[start:end])
	if start > 0 {
		s = "…" + s
	}
	if end < len(rs) {
		s += "…"
	}
	return s
}
