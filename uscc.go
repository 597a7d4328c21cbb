package tiaojie

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// usccCharset is the alphabet of a unified social credit code (GB 32100-2015):
// digits and upper-case letters without I, O, Z, S and V, which are easily
// confused with 1, 0, 2, 5 and U. A character's value is its index.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights of the first 17 characters: 3^i mod 31.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeUSCC puts a unified social credit code typed or pasted by a person
// into the one form that is validated, stored and compared: every space
// removed, full-width characters made half-width and letters upper-case. It
// does not validate.
func NormalizeUSCC(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(foldFullWidth(r)))
	}
	return b.String()
}

// ValidateUSCC reports whether s is a well-formed unified social credit code,
// so that a mediation organization's registration is not accepted with a
// mistyped code. s must already be normalized (NormalizeUSCC); the error is
// an Invalid *Error with one of the codes uscc.length, uscc.charset,
// uscc.format (positions 3–8, the administrative division code, are not all
// digits) or uscc.checksum, checked in that order.
func ValidateUSCC(s string) error {
	if utf8.RuneCountInString(s) != 18 {
		return E(Invalid, "uscc.length")
	}
	if !usccInCharset(s) {
		return E(Invalid, "uscc.charset")
	}
	if !allASCIIDigits(s[2:8]) {
		return E(Invalid, "uscc.format")
	}
	if usccCheck(s[:17]) != s[17] {
		return E(Invalid, "uscc.checksum")
	}
	return nil
}

// USCCCheckChar returns the 18th (check) character for the first 17
// characters of a code, so that tests and data generators can build valid
// codes. The error is an Invalid *Error with code uscc.length or
// uscc.charset.
func USCCCheckChar(first17 string) (byte, error) {
	if utf8.RuneCountInString(first17) != 17 {
		return 0, E(Invalid, "uscc.length")
	}
	if !usccInCharset(first17) {
		return 0, E(Invalid, "uscc.charset")
	}
	return usccCheck(first17), nil
}

// usccInCharset reports whether every byte of s is in the code's alphabet.
func usccInCharset(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(usccCharset, s[i]) < 0 {
			return false
		}
	}
	return true
}

// usccCheck computes the check character of 17 characters of the alphabet:
// 31 − (Σ value×weight mod 31), where 31 becomes 0.
func usccCheck(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(usccCharset, first17[i]) * usccWeights[i]
	}
	return usccCharset[(31-sum%31)%31]
}
