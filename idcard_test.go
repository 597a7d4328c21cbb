package tiaojie_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
)

// idToday is the fixed "today" of the identity-number tests.
var idToday = time.Date(2025, time.March, 15, 10, 0, 0, 0, time.UTC)

// withIDCheck appends the check character to 17 digits. It recomputes the
// weights as 2^(17-i) mod 11 instead of using the package's table, so that a
// typo in the table would make the tests fail.
func withIDCheck(t testing.TB, first17 string) string {
	t.Helper()
	if len(first17) != 17 {
		t.Fatalf("withIDCheck(%q): need 17 digits", first17)
	}
	sum, w := 0, 1
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// flipIDCheck returns s with a different, wrong check character.
func flipIDCheck(s string) string {
	if s[17] == '0' {
		return s[:17] + "1"
	}
	return s[:17] + "0"
}

// ruleCode returns the Code of an Invalid *Error, "" for nil, and fails the
// test for any other error.
func ruleCode(t testing.TB, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *tiaojie.Error
	if !errors.As(err, &e) || e.Kind != tiaojie.Invalid {
		t.Fatalf("error %v is not an Invalid *tiaojie.Error", err)
	}
	return e.Code
}

func TestIDCheckHelperAgreesWithStandardExample(t *testing.T) {
	// The example of GB 11643-1999 and of countless documents.
	if got := withIDCheck(t, "11010519491231002"); got != "11010519491231002X" {
		t.Fatalf("withIDCheck = %q, want 11010519491231002X", got)
	}
}

func TestNormalizeIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"  11010519491231002X\t\n", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"110105 19491231 002X", "11010519491231002X"},
		{"\u3000110105194912310021\u3000", "110105194912310021"},
		{"", ""},
		{"abc", "abc"},
	}
	for _, tt := range tests {
		if got := tiaojie.NormalizeIDNumber(tt.in); got != tt.want {
			t.Errorf("NormalizeIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateIDNumber(t *testing.T) {
	valid := withIDCheck(t, "31015119900307123")
	tests := []struct {
		name, in string
		today    time.Time
		want     string
	}{
		{"standard example", "11010519491231002X", idToday, ""},
		{"Chongming", valid, idToday, ""},
		{"check digit 1", withIDCheck(t, "11010119900307803"), idToday, ""},
		{"earliest date", withIDCheck(t, "31015119000101001"), idToday, ""},
		{"leap day 2000", withIDCheck(t, "31015120000229001"), idToday, ""},
		{"born today", withIDCheck(t, "31015120250315001"), idToday, ""},
		{"Hong Kong", withIDCheck(t, "81000019800101001"), idToday, ""},
		{"Taiwan", withIDCheck(t, "71000019800101001"), idToday, ""},
		{"foreigner", withIDCheck(t, "91310019800101001"), idToday, ""},

		{"empty", "", idToday, "idcard.length"},
		{"17", "11010519491231002", idToday, "idcard.length"},
		{"19", "11010519491231002X1", idToday, "idcard.length"},
		{"15-digit old card", "110105491231002", idToday, "idcard.length"},
		{"18 runes, not bytes", "１１０１０５１９４９１２３１００２Ｘ", idToday, "idcard.format"},
		{"lower x", "11010519491231002x", idToday, "idcard.format"},
		{"X inside", "1101051949123100X2", idToday, "idcard.format"},
		{"letter", "11010519491231A02X", idToday, "idcard.format"},
		{"sign", "+1010519491231002X", idToday, "idcard.format"},

		{"leading zero", withIDCheck(t, "01010519491231002"), idToday, "idcard.region"},
		{"province 10", withIDCheck(t, "10010519491231002"), idToday, "idcard.region"},
		{"province 16", withIDCheck(t, "16010519491231002"), idToday, "idcard.region"},
		{"province 83", withIDCheck(t, "83000019800101001"), idToday, "idcard.region"},
		{"province 99", withIDCheck(t, "99010519491231002"), idToday, "idcard.region"},

		{"GB example born 1880", "440524188001010014", idToday, "idcard.birthdate"},
		{"day before 1900", withIDCheck(t, "31015118991231001"), idToday, "idcard.birthdate"},
		{"1900 not leap", withIDCheck(t, "31015119000229001"), idToday, "idcard.birthdate"},
		{"1999 not leap", withIDCheck(t, "31015119990229001"), idToday, "idcard.birthdate"},
		{"month 13", withIDCheck(t, "31015119901301001"), idToday, "idcard.birthdate"},
		{"month 00", withIDCheck(t, "31015119900001001"), idToday, "idcard.birthdate"},
		{"day 00", withIDCheck(t, "31015119900100001"), idToday, "idcard.birthdate"},
		{"April 31", withIDCheck(t, "31015119900431001"), idToday, "idcard.birthdate"},
		{"tomorrow", withIDCheck(t, "31015120250316001"), idToday, "idcard.birthdate"},

		{"wrong check", flipIDCheck(valid), idToday, "idcard.checksum"},
		{"transposed digits", "11010519491213002X", idToday, "idcard.checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ruleCode(t, tiaojie.ValidateIDNumber(tt.in, tt.today))
			if got != tt.want {
				t.Errorf("ValidateIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestValidateIDNumberUsesTodaysCalendarDate checks that "today" is the
// calendar date where the caller is: just after midnight in Shanghai it is
// still yesterday in UTC, and a baby born today must be accepted.
func TestValidateIDNumberUsesTodaysCalendarDate(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*60*60)
	today := time.Date(2025, time.March, 15, 0, 30, 0, 0, shanghai)
	born := withIDCheck(t, "31015120250315001")
	if err := tiaojie.ValidateIDNumber(born, today); err != nil {
		t.Errorf("born on the local date: %v", err)
	}
	if err := tiaojie.ValidateIDNumber(born, today.Add(-time.Hour)); ruleCode(t, err) != "idcard.birthdate" {
		t.Errorf("born the day after the local date: %v, want idcard.birthdate", err)
	}
}

func TestIDNumberBirthDate(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"11010519491231002X", time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC), true},
		{withIDCheck(t, "31015120000229001"), time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"440524188001010014", time.Date(1880, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"31015119990229001X", time.Time{}, false},
		{"11010519491231002x", time.Time{}, false},
		{"110105194912310", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := tiaojie.IDNumberBirthDate(tt.in)
		if ok != tt.wantOK || !got.Equal(tt.want) {
			t.Errorf("IDNumberBirthDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestIDNumberSex(t *testing.T) {
	type result struct {
		Sex string
		OK  bool
	}
	tests := []struct {
		in   string
		want result
	}{
		{"11010519491231002X", result{"female", true}},
		{withIDCheck(t, "31015119900307001"), result{"male", true}},
		{withIDCheck(t, "31015119900307009"), result{"male", true}},
		{withIDCheck(t, "31015119900307000"), result{"female", true}},
		{"1101051949123100AX", result{"", false}},
		{"", result{"", false}},
	}
	for _, tt := range tests {
		sex, ok := tiaojie.IDNumberSex(tt.in)
		if diff := cmp.Diff(tt.want, result{sex, ok}); diff != "" {
			t.Errorf("IDNumberSex(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// idOracle decides validity independently of the package: time.Parse for the
// date, a literal province list and recomputed weights.
func idOracle(s string, today time.Time) bool {
	if len(s) != 18 || strings.Trim(s[:17], "0123456789") != "" || !strings.ContainsAny(s[17:], "0123456789X") {
		return false
	}
	provinces := " 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 91 "
	if !strings.Contains(provinces, " "+s[:2]+" ") {
		return false
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1900 || birth.After(today) {
		return false
	}
	sum, w := 0, 1
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		sum += int(s[i]-'0') * w
	}
	return "10X98765432"[sum%11] == s[17]
}

func FuzzValidateIDNumber(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "110105194912310021", "440524188001010014",
		"31015120000229001X", "", "x", "１１０１０５１９４９１２３１００２Ｘ",
	} {
		f.Add(s)
	}
	today := time.Date(2025, time.March, 15, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		err := tiaojie.ValidateIDNumber(s, today)
		if err != nil {
			ruleCode(t, err)
		}
		if want := idOracle(s, today); (err == nil) != want {
			t.Fatalf("ValidateIDNumber(%q) = %v, oracle says valid=%v", s, err, want)
		}
		if err == nil {
			if _, ok := tiaojie.IDNumberBirthDate(s); !ok {
				t.Errorf("IDNumberBirthDate(%q) not ok for a valid number", s)
			}
			if _, ok := tiaojie.IDNumberSex(s); !ok {
				t.Errorf("IDNumberSex(%q) not ok for a valid number", s)
			}
		}
		tiaojie.NormalizeIDNumber(s)
	})
}
