package demo

import (
	"fmt"
	"math"
	"strings"
	"time"

	"tiaojie"
)

// The numbers of the demo district are made up: credit codes and identity
// numbers are well formed (their check characters are computed) but are
// generated from the records' positions, phones use a pattern that does
// not look like anybody's own number, and coordinates scatter around a
// base point per township.

// usccAlphabet is the alphabet of unified social credit codes
// (GB 32100-2015), used to spell the generated organization codes.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode returns a valid unified social credit code for the k-th
// organization of the legal form, registered in the district with the
// division code: 52/51 (civil affairs: social service organization, social
// group) with an "MJ" organization code, or 91 (an enterprise) with an
// "MA1K" one, then the computed check character. It returns "" for forms
// without a code.
func creditCode(form tiaojie.LegalForm, division string, k int) string {
	var first17 string
	h := mix(uint64(k) + 7919)
	switch form {
	case tiaojie.FormSocialService:
		first17 = fmt.Sprintf("52%sMJ%07d", division, 1_000_000+h%9_000_000)
	case tiaojie.FormSocialGroup:
		first17 = fmt.Sprintf("51%sMJ%07d", division, 1_000_000+h%9_000_000)
	case tiaojie.FormSoleProprietor, tiaojie.FormPartnership, tiaojie.FormCompany:
		var b strings.Builder
		for i := range 5 {
			b.WriteByte(usccAlphabet[(h>>(6*i))%uint64(len(usccAlphabet))])
		}
		first17 = "91" + division + "MA1K" + b.String()
	default:
		return ""
	}
	c, err := tiaojie.USCCCheckChar(first17)
	if err != nil {
		panic("demo: credit code " + first17 + ": " + err.Error()) // the prefixes above are always well formed
	}
	return first17 + string(c)
}

// idNumber returns a valid resident identity number for the i-th person:
// the district's division code, the birth date, a sequence number whose
// last digit is odd for a man and even for a woman, and the check
// character. Distinct i give distinct numbers.
func idNumber(division string, birth time.Time, i int, male bool) string {
	seq := 2 * (i + 50)
	if male {
		seq++
	}
	first17 := fmt.Sprintf("%s%s%03d", division, birth.Format("20060102"), seq%1000)
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for k := range 17 {
		sum += int(first17[k]-'0') * weights[k]
	}
	return first17 + string("10X98765432"[sum%11])
}

// mobile returns the i-th demo mobile number, 1390000xxxx.
func mobile(i int) string { return fmt.Sprintf("1390000%04d", (i*37+1000)%10000) }

// landline returns the k-th organization's service number, 021-5961xxxx
// with generated digits.
func landline(k int) string { return fmt.Sprintf("021-5961%04d", mix(uint64(k)+101)%10000) }

// basePoints are illustrative centres (GCJ-02, longitude and latitude) of
// the townships of the default district profile, by position in the
// profile. They are demo data, not geography the platform relies on: a
// profile with more townships reuses them in turn, shifted a little.
var basePoints = [][2]float64{
	{121.397, 31.626}, {121.610, 31.532}, {121.523, 31.578}, {121.345, 31.713},
	{121.583, 31.601}, {121.718, 31.548}, {121.281, 31.731}, {121.650, 31.566},
	{121.768, 31.528}, {121.839, 31.519}, {121.223, 31.777}, {121.440, 31.664},
	{121.501, 31.632}, {121.362, 31.790}, {121.471, 31.702}, {121.702, 31.402},
	{121.318, 31.757}, {121.851, 31.344},
}

// point returns coordinates for the k-th organization in township t: the
// township's base point and a small deterministic offset.
func point(t, k int) (lat, lng float64) {
	b := basePoints[t%len(basePoints)]
	shift := float64(t/len(basePoints)) * 0.02
	h := mix(uint64(k) + 31)
	dLng := (float64(h%2001)/1000 - 1) * 0.012
	dLat := (float64((h>>16)%2001)/1000 - 1) * 0.008
	return round6(b[1] + dLat + shift), round6(b[0] + dLng + shift)
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// mix is a fixed integer hash (SplitMix64's finalizer): the same input
// gives the same number on every run and platform.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// date returns midnight, Beijing time, of a calendar day.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, tiaojie.Beijing())
}

// spreadDate returns a day between 2020-06 and 2025-10 chosen from k, for
// registration dates.
func spreadDate(k int) time.Time {
	h := mix(uint64(k) + 4242)
	first := date(2020, time.June, 1)
	span := int(date(2025, time.October, 31).Sub(first).Hours() / 24)
	return first.AddDate(0, 0, int(h%uint64(span)))
}

// districtShort returns the one-character short name of the district used
// in document numbers (沪崇司 for 崇明区): its first character.
func districtShort(d *tiaojie.District) string {
	for _, r := range d.Name {
		return string(r)
	}
	return ""
}

// cityShort returns the city's name without 市 (上海 for 上海市).
func cityShort(d *tiaojie.District) string { return strings.TrimSuffix(d.City, "市") }
