package tiaojie

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// idWeights are the ISO 7064 MOD 11-2 weights of the first 17 characters of
// a resident identity number (GB 11643-1999): 2^(18-i) mod 11, i counted from 1.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// idProvinces holds the accepted first two digits of the address code: the
// province-level codes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao) plus
// 91, which the platform specification lists. An address code starting with
// 0 is therefore refused too.
var idProvinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "91": true,
}

// idEarliestBirth is the earliest birth date accepted in an identity number.
var idEarliestBirth = time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)

// NormalizeIDNumber puts a resident identity number typed or pasted by a
// person into the one form that is validated, stored and compared: every
// space (including the ideographic space and spaces between digit groups)
// removed, full-width digits and X made half-width, and a lower-case x made
// upper-case. It does not validate.
func NormalizeIDNumber(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		r = foldFullWidth(r)
		if r == 'x' {
			r = 'X'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldFullWidth maps a full-width ASCII variant (U+FF01–U+FF5E) to its ASCII
// character, so that numbers typed with a Chinese input method compare equal
// to the same numbers typed in ASCII. Other runes are returned unchanged.
func foldFullWidth(r rune) rune {
	if r >= '！' && r <= '～' {
		return r - '！' + '!'
	}
	return r
}

// ValidateIDNumber reports whether s is a well-formed 18-character resident
// identity number as of today, so that a typo is caught when a party or a
// mediator is registered rather than when the number is needed. s must
// already be normalized (NormalizeIDNumber); the error is an Invalid *Error
// with one of the codes idcard.length, idcard.format, idcard.region,
// idcard.birthdate or idcard.checksum, checked in that order.
func ValidateIDNumber(s string, today time.Time) error {
	if utf8.RuneCountInString(s) != 18 {
		return E(Invalid, "idcard.length")
	}
	if !idWellFormed(s) {
		return E(Invalid, "idcard.format")
	}
	if !idProvinces[s[:2]] {
		return E(Invalid, "idcard.region")
	}
	birth, ok := idBirthDate(s)
	if !ok || birth.Before(idEarliestBirth) || birth.After(calendarDayUTC(today)) {
		return E(Invalid, "idcard.birthdate")
	}
	if idCheckChar(s[:17]) != s[17] {
		return E(Invalid, "idcard.checksum")
	}
	return nil
}

// IDNumberBirthDate returns the birth date encoded in an identity number, at
// midnight UTC, so that ages can be computed without storing the date twice.
// ok is false when s is not shaped like an 18-character identity number or
// the date is not a real calendar date; the checksum is not checked, so
// validate the number first.
func IDNumberBirthDate(s string) (time.Time, bool) {
	if !idWellFormed(s) {
		return time.Time{}, false
	}
	return idBirthDate(s)
}

// IDNumberSex returns "male" or "female" from the parity of the 17th digit
// (odd is male), so that the sex of a party need not be typed twice. ok is
// false when s is not shaped like an 18-character identity number.
func IDNumberSex(s string) (string, bool) {
	if !idWellFormed(s) {
		return "", false
	}
	if (s[16]-'0')%2 == 1 {
		return "male", true
	}
	return "female", true
}

// idWellFormed reports whether s is 17 ASCII digits followed by a digit or X.
func idWellFormed(s string) bool {
	if len(s) != 18 || !allASCIIDigits(s[:17]) {
		return false
	}
	c := s[17]
	return c == 'X' || isASCIIDigit(c)
}

// idBirthDate parses the YYYYMMDD of a well-formed number, refusing dates
// such as 19990230 that time.Date would silently roll over.
func idBirthDate(s string) (time.Time, bool) {
	y, m, d := digitsValue(s[6:10]), digitsValue(s[10:12]), digitsValue(s[12:14])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// idCheckChar computes the check character of the first 17 digits.
func idCheckChar(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// calendarDayUTC returns t's calendar date in t's own location as midnight UTC,
// so that it compares with birth dates independent of time zones.
func calendarDayUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// allASCIIDigits reports whether s is non-empty and holds only ASCII digits.
func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}

// isASCIIDigit reports whether c is 0–9.
func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitsValue converts a string of ASCII digits; the caller has checked them.
func digitsValue(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
