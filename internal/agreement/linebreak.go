package agreement

import (
	"strings"
	"unicode"
)

// noLineStart holds the characters that must not begin a line (避头): the
// closing punctuation of GB/T 15834 and its half-width counterparts. gopdf's
// own MultiCell ignores these rules and puts 。 at the head of a line, which
// looks careless in a formal document.
const noLineStart = "。，、；：？！）》」』”’〉】〕］｝％‰℃·,.;:?!)]}%"

// noLineEnd holds the characters that must not end a line (避尾): opening
// brackets and quotation marks stay with the text they open.
const noLineEnd = "（《「『“‘〈【〔［｛([{"

// canBreak reports whether a line may break between prev and next: Chinese
// text breaks between any two characters, except before closing and after
// opening punctuation, inside a run of Latin letters and digits (an amount
// like 20000.50, a masked number like 138****5678, a word), and inside the
// doubled ——  and …… which GB/T 15834 keeps on one line.
func canBreak(prev, next rune) bool {
	switch {
	case strings.ContainsRune(noLineStart, next), strings.ContainsRune(noLineEnd, prev):
		return false
	case prev == next && (next == '—' || next == '…'):
		return false
	case isWordRune(prev) && isWordRune(next):
		return false
	}
	return true
}

// isWordRune reports whether r belongs to an unbreakable run: ASCII letters,
// digits and symbols, and letters and digits of alphabetic scripts. CJK
// ideographs, kana and spaces are not.
func isWordRune(r rune) bool {
	if r < 0x80 {
		return r > ' ' && r != 0x7f
	}
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// breakLines breaks one paragraph into lines at most first wide for the
// first line and rest wide for the others, measuring each character with
// width. It is greedy: each line takes as many characters as fit, then backs
// off to the last place canBreak allows, so a closing mark that does not
// fit takes the preceding character with it to the next line (推出). A run
// with no allowed break longer than a line is cut where the line is full.
// ASCII spaces at a break are dropped; ideographic spaces are kept, since
// they are put in on purpose.
func breakLines(text string, first, rest float64, width func(rune) float64) []string {
	rs := []rune(text)
	var lines []string
	limit := first
	start := skipSpaces(rs, 0)
	for start < len(rs) {
		end := fitLine(rs, start, limit, width)
		lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
		start = skipSpaces(rs, end)
		limit = rest
	}
	return lines
}

// fitLine returns the end (exclusive) of the line that starts at rs[start]:
// len(rs) when the rest fits, otherwise the last allowed break within the
// limit, otherwise the last character that fits (at least one character, so
// that the caller always advances).
func fitLine(rs []rune, start int, limit float64, width func(rune) float64) int {
	w, lastBreak := 0.0, -1
	for i := start; i < len(rs); i++ {
		if i > start && canBreak(rs[i-1], rs[i]) {
			lastBreak = i
		}
		w += width(rs[i])
		if w <= limit || rs[i] == ' ' { // a space may hang in the margin: it is dropped
			continue
		}
		switch {
		case lastBreak > start:
			return lastBreak
		case i > start:
			return i
		default:
			return i + 1
		}
	}
	return len(rs)
}

// skipSpaces returns the index of the first rune at or after i that is not
// an ASCII space.
func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && rs[i] == ' ' {
		i++
	}
	return i
}

// paragraphs splits text at line breaks into its non-blank paragraphs, with
// surrounding white space removed: the case service stores what a mediator
// typed, blank lines and all.
func paragraphs(text string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
