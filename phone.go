package tiaojie

import (
	"strings"
	"unicode"
)

// NormalizePhone puts a mainland phone number typed or pasted by a person
// into the one form that is validated, stored and compared: spaces and
// dashes removed, full-width digits made half-width, and a leading country
// code (+86, 0086, or 86 in front of an 11-digit number) dropped. It does not
// validate.
func NormalizePhone(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = foldFullWidth(r)
		if unicode.IsSpace(r) || isPhoneDash(r) {
			continue
		}
		b.WriteRune(r)
	}
	n := b.String()
	for _, prefix := range []string{"+86", "0086"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok {
			return rest
		}
	}
	if rest, ok := strings.CutPrefix(n, "86"); ok && len(rest) == 11 && rest[0] == '1' {
		return rest
	}
	return n
}

// isPhoneDash reports whether r is one of the dashes people put between
// digit groups: hyphen-minus, hyphen, non-breaking hyphen, en dash, em dash
// or minus sign (the full-width hyphen is folded to hyphen-minus before).
func isPhoneDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '–', '—', '−':
		return true
	}
	return false
}

// ValidatePhone reports whether s is a mainland mobile number, 1[3-9]
// followed by nine digits, so that SMS notices to parties and mediators reach
// someone. s must already be normalized (NormalizePhone); the error is an
// Invalid *Error with code phone.format.
func ValidatePhone(s string) error {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' || !allASCIIDigits(s) {
		return E(Invalid, "phone.format")
	}
	return nil
}
