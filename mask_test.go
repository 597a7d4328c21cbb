package tiaojie_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"tiaojie"
)

type maskTest struct{ in, want string }

func runMaskTests(t *testing.T, name string, mask func(string) string, tests []maskTest) {
	t.Helper()
	for _, tt := range tests {
		if got := mask(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", name, tt.in, got, tt.want)
		}
	}
}

func TestMaskIDNumber(t *testing.T) {
	runMaskTests(t, "MaskIDNumber", tiaojie.MaskIDNumber, []maskTest{
		{"110105194912310021", "110***********0021"},
		{"11010519491231002X", "110***********002X"},
		{"110105491231002", "110********1002"},
		{"12345678", "123*5678"},
		{"1234567", "*******"},
		{"123", "***"},
		{"", ""},
		{"护照E12345678", "护照E****5678"},
	})
}

func TestMaskPhone(t *testing.T) {
	runMaskTests(t, "MaskPhone", tiaojie.MaskPhone, []maskTest{
		{"13812345678", "138****5678"},
		{"02159611234", "021****1234"},
		{"59611234", "596***34"},
		{"1234567", "123**67"},
		{"123456", "******"},
		{"", ""},
		{"+85291234567", "+85*******67"},
	})
}

func TestMaskName(t *testing.T) {
	runMaskTests(t, "MaskName", tiaojie.MaskName, []maskTest{
		{"张三", "张*"},
		{"张三明", "张*明"},
		{"欧阳娜娜", "欧**娜"},
		{"买买提·艾力", "买****力"},
		{"张", "*"},
		{"Tom", "T**"},
		{"John Smith", "J*********"},
		{"A", "*"},
		{"", ""},
	})
}

func TestMaskEmail(t *testing.T) {
	runMaskTests(t, "MaskEmail", tiaojie.MaskEmail, []maskTest{
		{"zhangsan@example.com", "z*******@example.com"},
		{"ab@example.com", "a*@example.com"},
		{"a@example.com", "*@example.com"},
		{"@example.com", "@example.com"},
		{"张三@例子.中国", "张*@例子.中国"},
		{"not-an-email", "************"},
		{"", ""},
	})
}

func FuzzMaskIDNumber(f *testing.F) {
	for _, s := range []string{"110105194912310021", "1234567", "12345678", "", "护照E12345678", "\xff\xfe12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := tiaojie.MaskIDNumber(s)
		if n, m := utf8.RuneCountInString(s), utf8.RuneCountInString(got); n != m {
			t.Fatalf("MaskIDNumber(%q) = %q: %d runes, want %d", s, got, m, n)
		}
		if shown := utf8.RuneCountInString(strings.ReplaceAll(got, "*", "")); shown > 7 {
			t.Fatalf("MaskIDNumber(%q) = %q reveals %d runes", s, got, shown)
		}
	})
}
