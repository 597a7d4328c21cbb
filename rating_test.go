package tiaojie

import (
	"testing"
	"time"
)

func TestCombineScores(t *testing.T) {
	tests := []struct {
		name   string
		sheets [][]int
		want   float64
	}{
		{"no experts", nil, 0},
		{"one expert", [][]int{{100, 200, 305}}, 60.5},
		{"two agree", [][]int{{100, 200}, {100, 200}}, 30},
		{"mean of totals", [][]int{{180, 200}, {200, 220}}, 40},
		{"half a tenth rounds up", [][]int{{85}, {90}}, 8.8},          // 8.75
		{"third rounds to one decimal", [][]int{{10}, {10}, {11}}, 1}, // 1.0333
		{"two thirds", [][]int{{10}, {11}, {11}}, 1.1},                // 1.0667
		{"full marks", [][]int{{1000}, {1000}, {1000}}, 100},
	}
	for _, tt := range tests {
		if got := CombineScores(tt.sheets); got != tt.want {
			t.Errorf("%s: CombineScores = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseScore(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"8", 80, true}, {" 8.5 ", 85, true}, {"0", 0, true}, {"10.0", 100, true},
		{"-1", 0, false}, {"8.55", 0, false}, {"8.", 0, false}, {".5", 0, false}, {"abc", 0, false},
		{"", 0, false}, {"+3", 0, false}, {"8.x", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseScore(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseScore(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for tenths, want := range map[int]string{80: "8", 85: "8.5", 0: "0", 1000: "100"} {
		if got := FormatScore(tenths); got != want {
			t.Errorf("FormatScore(%d) = %q, want %q", tenths, got, want)
		}
	}
}

// TestStarsByPolicy: the thresholds of the policy decide the stars, for
// five levels and for three.
func TestStarsByPolicy(t *testing.T) {
	five := DefaultPolicy()
	three := Policy{StarLevels: 3, StarThresholds: []int{60, 75, 90}}
	tests := []struct {
		p     Policy
		total float64
		want  int
	}{
		{five, 49.9, 0}, {five, 50, 1}, {five, 69.9, 2}, {five, 89.9, 4}, {five, 90, 5}, {five, 100, 5},
		{three, 59.9, 0}, {three, 60, 1}, {three, 80, 2}, {three, 95, 3},
	}
	for _, tt := range tests {
		if got := tt.p.StarsFor(tt.total); got != tt.want {
			t.Errorf("%d levels, %v points: %d stars, want %d", tt.p.StarLevels, tt.total, got, tt.want)
		}
	}
}

func TestRatingValidUntil(t *testing.T) {
	bj := Beijing()
	final := time.Date(2026, 3, 31, 23, 30, 0, 0, bj)
	tests := []struct {
		months int
		want   time.Time
	}{
		{60, time.Date(2031, 4, 1, 0, 0, 0, 0, bj)},
		{12, time.Date(2027, 4, 1, 0, 0, 0, 0, bj)},
		{6, time.Date(2026, 10, 1, 0, 0, 0, 0, bj)},
	}
	for _, tt := range tests {
		if got := RatingValidUntil(final, tt.months); !got.Equal(tt.want) {
			t.Errorf("%d months: %v, want %v", tt.months, got, tt.want)
		}
	}
}

func TestRoundSteps(t *testing.T) {
	for _, s := range RatingRoundStatuses() {
		for _, a := range []RoundAction{RoundClose, RoundPublish, RoundFinalize} {
			want, ok := map[[2]string]RatingRoundStatus{
				{"open", "close"}:          RoundScoring,
				{"scoring", "publish"}:     RoundPublicized,
				{"publicized", "finalize"}: RoundFinal,
			}[[2]string{string(s), string(a)}]
			got, err := s.Next(a)
			switch {
			case ok && (err != nil || got != want):
				t.Errorf("%s %s: %s, %v; want %s", s, a, got, err, want)
			case !ok && !IsKind(err, Conflict):
				t.Errorf("%s %s: allowed (%s)", s, a, got)
			}
		}
	}
	if RoundScoring.Public() || !RoundPublicized.Public() || !RoundFinal.Public() {
		t.Error("Public: results are public from publication on")
	}
}

func TestCheckFinalize(t *testing.T) {
	bj := Beijing()
	published := time.Date(2026, 12, 3, 10, 0, 0, 0, bj) // a Thursday
	due := ObjectionDue(Calendar{}, published, 5)
	if want := time.Date(2026, 12, 11, 0, 0, 0, 0, bj); !due.Equal(want) {
		t.Fatalf("due %v, want %v (five working days: Fri–Thu, over a weekend)", due, want)
	}
	tests := []struct {
		name string
		now  time.Time
		open int
		code string
	}{
		{"during the period", time.Date(2026, 12, 10, 23, 59, 0, 0, bj), 0, "rating.objection_period"},
		{"after, objections open", due, 1, "rating.objections_open"},
		{"after, all answered", due, 0, ""},
	}
	for _, tt := range tests {
		err := CheckFinalize(tt.now, due, tt.open)
		if code := errCode(err); code != tt.code {
			t.Errorf("%s: %q, want %q", tt.name, code, tt.code)
		}
	}
}

func TestValidateIndicators(t *testing.T) {
	ok := []RatingIndicator{{Category: "组织建设", Name: "机构设置", MaxScore: 40}, {Category: "工作成效", Name: "调解成功率", MaxScore: 60, Source: SourceSuccessRate}}
	if err := ValidateIndicators(ok, true); err != nil {
		t.Fatalf("a good set: %v", err)
	}
	short := ok[:1]
	if err := ValidateIndicators(short, false); err != nil {
		t.Errorf("a draft may add up to less than 100: %v", err)
	}
	tests := []struct {
		name string
		list []RatingIndicator
		code string
	}{
		{"under 100 on publication", short, "rating.total_not_100"},
		{"empty on publication", nil, "rating.total_not_100"},
		{"nameless", []RatingIndicator{{Category: "a", MaxScore: 100}}, "rating.indicator_name"},
		{"no category", []RatingIndicator{{Name: "a", MaxScore: 100}}, "rating.indicator_category"},
		{"zero points", []RatingIndicator{{Category: "a", Name: "b", MaxScore: 0}, {Category: "a", Name: "c", MaxScore: 100}}, "rating.indicator_max"},
		{"unknown source", []RatingIndicator{{Category: "a", Name: "b", MaxScore: 100, Source: "x"}}, "rating.indicator_source"},
	}
	for _, tt := range tests {
		err := ValidateIndicators(tt.list, true)
		if !hasFieldCode(err, tt.code) {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
}

func errCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return err.Error()
}

func hasFieldCode(err error, code string) bool {
	e, ok := err.(*Error)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Code == code {
			return true
		}
	}
	return false
}
