package tiaojie

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Money is an amount in fen (1/100 yuan). Integer fen keep fee arithmetic
// exact; yuan appear only at the edges.
type Money int64

// FormatYuan writes m as yuan with two decimals and thousands separators,
// e.g. 675000 → "6,750.00".
func (m Money) FormatYuan() string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := strconv.FormatInt(int64(m)/100, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	s := whole + "." + strconv.FormatInt(100+int64(m)%100, 10)[1:]
	if neg {
		s = "-" + s
	}
	return s
}

// ParseYuan reads an amount in yuan ("6750", "6,750.5", "0.01") into fen.
// More than two decimals, signs and other characters are refused.
func ParseYuan(s string) (Money, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 2 || len(whole) > 13 || !allASCIIDigits(whole+frac) {
		return 0, E(Invalid, "money.format")
	}
	frac += strings.Repeat("0", 2-len(frac))
	if whole == "" {
		whole = "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return Money(w*100 + f), nil
}

// FeeTier is one band of a progressive fee schedule: the part of the amount
// in dispute between the previous tier's UpTo and this UpTo is charged
// RateBP basis points (1/10,000), plus Fixed once when the amount reaches
// the band. UpTo 0 means no upper bound and is only allowed last.
type FeeTier struct {
	UpTo   Money
	Fixed  Money
	RateBP int64
}

// FeeStandard is one version of an organization's published fee standard
// (收费标准). It applies to cases accepted on or after EffectiveFrom, once
// it has been published; a later version replaces it from its own date.
type FeeStandard struct {
	Version       int
	EffectiveFrom time.Time // a date (midnight, Beijing time, stored in UTC)
	PublishedAt   time.Time // zero while a draft
	Minimum       Money     // the least fee of a case
	Cap           Money     // the most; 0 means no cap
	Tiers         []FeeTier
	Note          string // what the fee covers, who pays, how it is shared
}

// Published reports whether the standard has been published.
func (s FeeStandard) Published() bool { return !s.PublishedAt.IsZero() }

// Validate checks a fee standard: at least one tier, bounds rising, only
// the last tier unbounded, rates between 0 and 100%, amounts not negative,
// a cap not below the minimum.
func (s FeeStandard) Validate() error {
	var fe FieldErrors
	if len(s.Tiers) == 0 {
		fe.Add("tiers", "fee.no_tiers")
	}
	var prev Money
	for i, t := range s.Tiers {
		field := "tiers[" + strconv.Itoa(i) + "]"
		last := i == len(s.Tiers)-1
		switch {
		case t.UpTo == 0 && !last:
			fe.Add(field+".up_to", "fee.unbounded_not_last")
		case t.UpTo != 0 && last:
			fe.Add(field+".up_to", "fee.last_unbounded")
		case t.UpTo != 0 && t.UpTo <= prev:
			fe.Add(field+".up_to", "fee.bounds_rising")
		}
		if t.RateBP < 0 || t.RateBP > 10_000 {
			fe.Add(field+".rate", "fee.rate_range")
		}
		if t.Fixed < 0 {
			fe.Add(field+".fixed", "fee.negative")
		}
		prev = t.UpTo
	}
	if s.Minimum < 0 || s.Cap < 0 {
		fe.Add("minimum", "fee.negative")
	}
	if s.Cap != 0 && s.Cap < s.Minimum {
		fe.Add("cap", "fee.cap_below_minimum")
	}
	if s.EffectiveFrom.IsZero() {
		fe.Add("effective_from", "fee.effective_required")
	}
	return fe.Err()
}

// Fee returns the fee of a case with the amount in dispute under the
// standard: the sum over the bands the amount reaches, each band charging
// its fixed part and its rate on the portion of the amount inside it
// (rounded half up to the fen), then raised to the minimum and limited to
// the cap. The first band is always reached, so a dispute without an
// amount pays the first band's fixed fee.
//
// Worked example (DOMAIN.md §(b)9): bands ≤200,000 fixed 2,000;
// ≤500,000 at 0.75%; ≤1,000,000 at 0.5%; an amount of 1,000,000 yuan
// pays 2,000 + 2,250 + 2,500 = 6,750 yuan.
func (s FeeStandard) Fee(amount Money) Money {
	if amount < 0 {
		amount = 0
	}
	var total, lower Money
	for i, t := range s.Tiers {
		if i > 0 && amount <= lower {
			break
		}
		upper := t.UpTo
		if upper == 0 || amount < upper {
			upper = amount
		}
		total += t.Fixed
		if portion := upper - lower; portion > 0 {
			total += rateOf(portion, t.RateBP)
		}
		lower = t.UpTo
		if t.UpTo == 0 {
			break
		}
	}
	total = max(total, s.Minimum)
	if s.Cap > 0 {
		total = min(total, s.Cap)
	}
	return total
}

// rateOf returns portion × bp / 10,000 rounded half up, split so that no
// intermediate product overflows for any amount ParseYuan accepts.
func rateOf(portion Money, bp int64) Money {
	q, r := int64(portion)/10_000, int64(portion)%10_000
	return Money(q*bp + (r*bp+5_000)/10_000)
}

// InForce returns the standard that applies on a date: among published
// standards effective on or before it, the one with the latest effective
// date (the highest version among equals). ok is false when the
// organization had no published standard in force.
func InForce(standards []FeeStandard, on time.Time) (FeeStandard, bool) {
	var best FeeStandard
	found := false
	for _, s := range standards {
		if !s.Published() || s.EffectiveFrom.After(on) {
			continue
		}
		if !found || s.EffectiveFrom.After(best.EffectiveFrom) ||
			s.EffectiveFrom.Equal(best.EffectiveFrom) && s.Version > best.Version {
			best, found = s, true
		}
	}
	return best, found
}

// CanPublish checks that a standard may be published now: its
// organization may charge, it is valid, it is not published already, and
// it does not take effect before it is published (a fee is published
// before use, never backdated).
func CanPublish(t OrgType, f LegalForm, s FeeStandard, now time.Time) error {
	if !MayCharge(t, f) {
		return E(Conflict, "fee.free_by_law")
	}
	if s.Published() {
		return E(Conflict, "fee.already_published")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	bj := now.In(Beijing())
	today := time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, Beijing())
	if s.EffectiveFrom.Before(today) {
		var fe FieldErrors
		fe.Add("effective_from", "fee.backdated")
		return fe.Err()
	}
	return nil
}

// SortStandards orders standards newest version first, for display.
func SortStandards(s []FeeStandard) {
	slices.SortFunc(s, func(a, b FeeStandard) int { return b.Version - a.Version })
}
