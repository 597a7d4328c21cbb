package tiaojie

import (
	"testing"
	"time"
)

// shanxin is the amount-based schedule of DOMAIN.md §(b)9: ≤200k fixed
// 2,000; then 0.75%, 0.5%, 0.45%, 0.4%, 0.35%, 0.3%, 0.25%; cap 300,000.
func shanxin() FeeStandard {
	y := func(v int64) Money { return Money(v * 100) }
	return FeeStandard{
		Version: 1, EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, Beijing()), Cap: y(300_000),
		Tiers: []FeeTier{
			{UpTo: y(200_000), Fixed: y(2_000)},
			{UpTo: y(500_000), RateBP: 75},
			{UpTo: y(1_000_000), RateBP: 50},
			{UpTo: y(2_000_000), RateBP: 45},
			{UpTo: y(5_000_000), RateBP: 40},
			{UpTo: y(10_000_000), RateBP: 35},
			{UpTo: y(20_000_000), RateBP: 30},
			{RateBP: 25},
		},
	}
}

func TestFee(t *testing.T) {
	y := func(v int64) Money { return Money(v * 100) }
	s := shanxin()
	for _, tc := range []struct {
		amount, want Money
	}{
		{0, y(2_000)},                    // no amount: the first band's fixed fee
		{y(1), y(2_000)},                 // inside the first band
		{y(200_000), y(2_000)},           // the boundary belongs to the lower band
		{y(200_000) + 1, y(2_000)},       // one fen above: 0.0075 fen rounds to 0
		{y(200_000) + 67, y(2_000) + 1},  // 67 fen × 0.75% = 0.5025 fen rounds up
		{y(500_000), y(2_000 + 2_250)},   // 300,000 × 0.75%
		{y(1_000_000), y(6_750)},         // the worked example
		{y(1_500_000), y(6_750 + 2_250)}, // + 500,000 × 0.45%
		{y(20_000_000), y(6_750 + 4_500 + 12_000 + 17_500 + 30_000)},
		{y(200_000_000), y(300_000)}, // 70,750 + 180M × 0.25% = 520,750 → capped
		{-5, y(2_000)},               // a negative amount counts as none
	} {
		if got := s.Fee(tc.amount); got != tc.want {
			t.Errorf("Fee(%s) = %s, want %s", tc.amount.FormatYuan(), got.FormatYuan(), tc.want.FormatYuan())
		}
	}
	// The largest amount ParseYuan accepts does not overflow: 9,999,999,999,999.99
	// yuan under a 100% band is the amount itself.
	huge, _ := ParseYuan("9999999999999.99")
	if got := (FeeStandard{Tiers: []FeeTier{{RateBP: 10_000}}}).Fee(huge); got != huge {
		t.Errorf("Fee(max) = %s, want %s", got.FormatYuan(), huge.FormatYuan())
	}
	s.Minimum = y(3_000)
	if got := s.Fee(y(1_000)); got != y(3_000) {
		t.Errorf("minimum not applied: %s", got.FormatYuan())
	}
}

func TestFeeStandardValidate(t *testing.T) {
	ok := shanxin()
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid standard refused: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*FeeStandard)
		field string
		code  string
	}{
		{"no tiers", func(s *FeeStandard) { s.Tiers = nil }, "tiers", "fee.no_tiers"},
		{"unbounded in the middle", func(s *FeeStandard) { s.Tiers[1].UpTo = 0 }, "tiers[1].up_to", "fee.unbounded_not_last"},
		{"bounded last", func(s *FeeStandard) { s.Tiers[7].UpTo = 1 << 40 }, "tiers[7].up_to", "fee.last_unbounded"},
		{"falling bounds", func(s *FeeStandard) { s.Tiers[2].UpTo = s.Tiers[1].UpTo }, "tiers[2].up_to", "fee.bounds_rising"},
		{"rate over 100%", func(s *FeeStandard) { s.Tiers[3].RateBP = 10_001 }, "tiers[3].rate", "fee.rate_range"},
		{"negative fixed", func(s *FeeStandard) { s.Tiers[0].Fixed = -1 }, "tiers[0].fixed", "fee.negative"},
		{"cap below minimum", func(s *FeeStandard) { s.Minimum, s.Cap = 500, 100 }, "cap", "fee.cap_below_minimum"},
		{"no date", func(s *FeeStandard) { s.EffectiveFrom = time.Time{} }, "effective_from", "fee.effective_required"},
	} {
		s := shanxin()
		tc.edit(&s)
		err := s.Validate()
		e, _ := err.(*Error)
		if e == nil || len(e.Fields) == 0 || e.Fields[0].Field != tc.field || e.Fields[0].Code != tc.code {
			t.Errorf("%s: %v, want %s on %s", tc.name, err, tc.code, tc.field)
		}
	}
}

func TestInForceAndPublish(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, Beijing()) }
	v1 := shanxin()
	v1.PublishedAt = day(1, 1)
	v2 := shanxin()
	v2.Version, v2.EffectiveFrom, v2.PublishedAt = 2, day(6, 1), day(5, 20)
	v3 := shanxin() // a draft: never in force
	v3.Version, v3.EffectiveFrom = 3, day(3, 1)
	all := []FeeStandard{v3, v2, v1}
	for _, tc := range []struct {
		on   time.Time
		want int
	}{
		{day(1, 1).Add(-time.Second), 0},
		{day(1, 1), 1},
		{day(5, 31), 1},
		{day(6, 1), 2},
		{day(12, 31), 2},
	} {
		got, ok := InForce(all, tc.on)
		if !ok && tc.want != 0 || ok && got.Version != tc.want {
			t.Errorf("InForce(%v) = v%d (%v), want v%d", tc.on, got.Version, ok, tc.want)
		}
	}

	now := day(6, 10).Add(10 * time.Hour)
	if err := CanPublish(OrgBasic, FormPeoplesCommittee, v3, now); ErrorKind(err) != Conflict {
		t.Errorf("a people's mediation committee published a fee: %v", err)
	}
	if err := CanPublish(OrgProfessional, FormSocialService, v3, now); ErrorKind(err) != Conflict {
		t.Errorf("a professional organization published a fee: %v", err)
	}
	if err := CanPublish(OrgCommercial, FormSocialService, v1, now); ErrorKind(err) != Conflict {
		t.Errorf("republishing: %v", err)
	}
	if err := CanPublish(OrgCommercial, FormSocialService, v3, now); ErrorKind(err) != Invalid {
		t.Errorf("a backdated standard was publishable: %v", err)
	}
	v3.EffectiveFrom = day(6, 10)
	if err := CanPublish(OrgCommercial, FormCompany, v3, now); err != nil {
		t.Errorf("a standard effective today: %v", err)
	}
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Money
		ok   bool
	}{
		{"6750", 675000, true}, {"6,750.5", 675050, true}, {"0.01", 1, true}, {".5", 50, true},
		{"", 0, false}, {"-1", 0, false}, {"1.234", 0, false}, {"一百", 0, false}, {"1e5", 0, false},
	} {
		got, err := ParseYuan(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseYuan(%q) = %d, %v", tc.in, got, err)
		}
	}
	for m, want := range map[Money]string{0: "0.00", 5: "0.05", 675000: "6,750.00", 30000000000: "300,000,000.00", -150: "-1.50"} {
		if got := m.FormatYuan(); got != want {
			t.Errorf("%d.FormatYuan() = %q, want %q", m, got, want)
		}
	}
}
