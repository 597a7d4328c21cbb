package tiaojie

import (
	"strings"
	"unicode/utf8"
)

// maskRune is the character that stands for a hidden one.
const maskRune = '*'

// MaskIDNumber hides the middle of an identity number for display, keeping
// the first 3 and last 4 characters, so that a clerk can tell two people
// apart without the page exposing the birth date or the full number. The
// output has as many runes as the input; an input shorter than 8 runes is
// masked entirely, so at most 7 characters are ever revealed.
func MaskIDNumber(s string) string {
	if utf8.RuneCountInString(s) < 8 {
		return maskKeep(s, 0, 0)
	}
	return maskKeep(s, 3, 4)
}

// MaskPhone hides the middle of a phone number for display: an 11-rune number
// such as a mobile keeps its first 3 and last 4 (13812345678 → 138****5678),
// the common display form; other numbers of 7 runes or more keep their first
// 3 and last 2, and shorter ones are masked entirely.
func MaskPhone(s string) string {
	switch n := utf8.RuneCountInString(s); {
	case n == 11:
		return maskKeep(s, 3, 4)
	case n >= 7:
		return maskKeep(s, 3, 2)
	default:
		return maskKeep(s, 0, 0)
	}
}

// MaskName hides most of a person's name for public or low-privilege pages
// (张三 → 张*, 张三明 → 张*明, 欧阳娜娜 → 欧**娜) so that a party can recognise
// their own record while others cannot identify them. A name written only in
// ASCII keeps just its first letter, since its last letter says more than a
// Chinese given name's last character. A one-rune name is masked entirely.
func MaskName(s string) string {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return ""
	case n == 1:
		return maskKeep(s, 0, 0)
	case n == 2 || isASCIIText(s):
		return maskKeep(s, 1, 0)
	default:
		return maskKeep(s, 1, 1)
	}
}

// MaskEmail hides the local part of an e-mail address except its first
// character (zhangsan@example.com → z*******@example.com), so that a person
// can recognise their address while the page does not publish it. A one-rune
// local part is masked entirely; without an @ the whole input is masked.
func MaskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return maskKeep(s, 0, 0)
	}
	local, domain := s[:at], s[at:]
	if utf8.RuneCountInString(local) < 2 {
		return maskKeep(local, 0, 0) + domain
	}
	return maskKeep(local, 1, 0) + domain
}

// maskKeep keeps the first head and last tail runes of s and replaces every
// other rune with maskRune; the caller ensures head+tail ≤ the rune count.
func maskKeep(s string, head, tail int) string {
	n := utf8.RuneCountInString(s)
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, r := range s {
		if i >= head && i < n-tail {
			r = maskRune
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}

// isASCIIText reports whether s holds only ASCII bytes.
func isASCIIText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
