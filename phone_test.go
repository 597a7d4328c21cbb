package tiaojie_test

import (
	"testing"

	"tiaojie"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "13812345678"},
		{"138 1234 5678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{" 138—1234–5678 ", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"+86-13812345678", "13812345678"},
		{"008613812345678", "13812345678"},
		{"8613812345678", "13812345678"},
		{"１３８１２３４５６７８", "13812345678"},
		{"＋８６　１３８－１２３４－５６７８", "13812345678"},
		{"021-59611234", "02159611234"},
		{"86123456", "86123456"},
		{"86", "86"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := tiaojie.NormalizePhone(tt.in); got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidatePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", ""},
		{"13000000000", ""},
		{"19999999999", ""},
		{"15912345678", ""},
		{"17012345678", ""},

		{"", "phone.format"},
		{"12812345678", "phone.format"},
		{"10812345678", "phone.format"},
		{"23812345678", "phone.format"},
		{"1381234567", "phone.format"},
		{"138123456789", "phone.format"},
		{"1381234567X", "phone.format"},
		{"138 1234 5678", "phone.format"},
		{"+8613812345678", "phone.format"},
		{"02159611234", "phone.format"},
		{"１３８１２３４５６７８", "phone.format"},
	}
	for _, tt := range tests {
		if got := ruleCode(t, tiaojie.ValidatePhone(tt.in)); got != tt.want {
			t.Errorf("ValidatePhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizedPhoneValidates(t *testing.T) {
	for _, in := range []string{"+86 138 1234 5678", "0086-138-1234-5678", "８６１３８１２３４５６７８"} {
		if err := tiaojie.ValidatePhone(tiaojie.NormalizePhone(in)); err != nil {
			t.Errorf("ValidatePhone(NormalizePhone(%q)) = %v", in, err)
		}
	}
}
