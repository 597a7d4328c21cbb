package tiaojie_test

import (
	"fmt"
	"strings"
	"testing"

	"tiaojie"
)

const usccTestCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// withUSCCCheck appends the check character to 17 characters. It recomputes
// the weights as 3^i mod 31 instead of using the package's table.
func withUSCCCheck(t testing.TB, first17 string) string {
	t.Helper()
	if len(first17) != 17 {
		t.Fatalf("withUSCCCheck(%q): need 17 characters", first17)
	}
	sum, w := 0, 1
	for i := range 17 {
		v := strings.IndexByte(usccTestCharset, first17[i])
		if v < 0 {
			t.Fatalf("withUSCCCheck(%q): %q is not in the charset", first17, first17[i])
		}
		sum += v * w
		w = w * 3 % 31
	}
	return first17 + string(usccTestCharset[(31-sum%31)%31])
}

// publishedUSCCs are real codes as printed on business licences and
// websites; each was checked with an implementation written independently of
// this package (see withUSCCCheck).
var publishedUSCCs = []string{
	"91350100M000100Y43",
	"91110108551385082Q",
	"914403001922038216",
	"91440300708461136T",
	"91330100716105852F",
}

func TestUSCCCheckHelperAgreesWithPublishedCodes(t *testing.T) {
	for _, s := range publishedUSCCs {
		if got := withUSCCCheck(t, s[:17]); got != s {
			t.Errorf("withUSCCCheck(%q) = %q, want %q", s[:17], got, s)
		}
	}
}

func TestNormalizeUSCC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91350100M000100Y43", "91350100M000100Y43"},
		{" 91350100m000100y43 ", "91350100M000100Y43"},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
		{"９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"},
		{"9135 0100 M000 100Y 43", "91350100M000100Y43"},
		{"\u300091350100M000100Y43\u3000", "91350100M000100Y43"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := tiaojie.NormalizeUSCC(tt.in); got != tt.want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateUSCC(t *testing.T) {
	type test struct{ name, in, want string }
	var tests []test
	for _, s := range publishedUSCCs {
		tests = append(tests, test{"published " + s, s, ""})
	}
	tests = append(tests, []test{
		{"people's mediation committee", withUSCCCheck(t, "53310151MJ0000001"), ""},
		{"social organization", withUSCCCheck(t, "51310151MJ0000001"), ""},
		{"check char 0", usccWithCheck(t, '0'), ""},
		{"check char Y", usccWithCheck(t, 'Y'), ""},

		{"empty", "", "uscc.length"},
		{"17", "91350100M000100Y4", "uscc.length"},
		{"19", "91350100M000100Y433", "uscc.length"},
		{"15-digit registration number", "310151000123456", "uscc.length"},
		{"lower case", "91350100m000100y43", "uscc.charset"},
		{"letter I", "91350100I000100Y43", "uscc.charset"},
		{"letter O", "91350100O000100Y43", "uscc.charset"},
		{"letter Z", "91350100Z000100Y43", "uscc.charset"},
		{"letter S", "91350100S000100Y43", "uscc.charset"},
		{"letter V", "91350100V000100Y43", "uscc.charset"},
		{"full width", "９１３５０１００Ｍ０００１００Ｙ４３", "uscc.charset"},
		{"dash", "91350100-000100Y43", "uscc.charset"},
		{"letter in division code", withUSCCCheck(t, "9135A100M000100Y4"), "uscc.format"},
		{"wrong check", "91350100M000100Y44", "uscc.checksum"},
		{"transposed", "91350100M000010Y43", "uscc.checksum"},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ruleCode(t, tiaojie.ValidateUSCC(tt.in)); got != tt.want {
				t.Errorf("ValidateUSCC(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// usccWithCheck finds a generated code whose check character is c, so that
// the 31 → 0 wrap and the last charset entry are both exercised.
func usccWithCheck(t testing.TB, c byte) string {
	t.Helper()
	for n := range 100000 {
		s := withUSCCCheck(t, fmt.Sprintf("9131015100%07d", n))
		if s[17] == c {
			return s
		}
	}
	t.Fatalf("no code with check character %q", c)
	return ""
}

func TestUSCCCheckChar(t *testing.T) {
	for _, s := range publishedUSCCs {
		got, err := tiaojie.USCCCheckChar(s[:17])
		if err != nil || got != s[17] {
			t.Errorf("USCCCheckChar(%q) = %q, %v; want %q", s[:17], got, err, s[17])
		}
	}
	for in, want := range map[string]string{
		"":                   "uscc.length",
		"91350100M000100Y":   "uscc.length",
		"91350100M000100Y43": "uscc.length",
		"91350100M000100YI":  "uscc.charset",
	} {
		_, err := tiaojie.USCCCheckChar(in)
		if got := ruleCode(t, err); got != want {
			t.Errorf("USCCCheckChar(%q) error = %q, want %q", in, got, want)
		}
	}
}

// usccOracle decides validity independently of the package.
func usccOracle(s string) bool {
	if len(s) != 18 || strings.Trim(s, usccTestCharset) != "" || strings.Trim(s[2:8], "0123456789") != "" {
		return false
	}
	sum, w := 0, 1
	for i := range 17 {
		sum += strings.IndexByte(usccTestCharset, s[i]) * w
		w = w * 3 % 31
	}
	return usccTestCharset[(31-sum%31)%31] == s[17]
}

func FuzzValidateUSCC(f *testing.F) {
	for _, s := range publishedUSCCs {
		f.Add(s)
	}
	f.Add("")
	f.Add("９１３５０１００Ｍ０００１００Ｙ４３")
	f.Fuzz(func(t *testing.T, s string) {
		err := tiaojie.ValidateUSCC(s)
		if err != nil {
			ruleCode(t, err)
		}
		if want := usccOracle(s); (err == nil) != want {
			t.Fatalf("ValidateUSCC(%q) = %v, oracle says valid=%v", s, err, want)
		}
		if len(s) >= 17 && strings.Trim(s[2:8], "0123456789") == "" {
			c, err := tiaojie.USCCCheckChar(s[:17])
			if err == nil && !usccOracle(s[:17]+string(c)) {
				t.Fatalf("USCCCheckChar(%q) = %q does not complete a valid code", s[:17], c)
			}
		}
		tiaojie.NormalizeUSCC(s)
	})
}
