package agreement

import (
	"fmt"
	"strings"
	"time"

	"tiaojie"
)

// This file holds the wording of the agreement: what is said, apart from
// where render.go puts it on the page.

// closing returns the closing sentences: when the agreement takes effect,
// how many originals there are, and the time for judicial confirmation.
func (a Agreement) closing() string {
	var b strings.Builder
	if a.Oral {
		b.WriteString("本协议由各方当事人口头达成，调解员记录，自各方当事人达成协议之日起生效" +
			"（《中华人民共和国人民调解法》第三十条）。\n")
	} else {
		fmt.Fprintf(&b, "本协议经各方当事人签名（盖章或按指印）、调解员签名并加盖调解组织印章后生效。"+
			"本协议一式%s份，当事人各执一份，调解组织留存%s份。\n",
			chineseNumber(a.copies()), chineseNumber(a.copies()-a.principals()))
	}
	law := "《中华人民共和国人民调解法》第三十三条"
	if a.Kind == Commercial {
		law = "《中华人民共和国民事诉讼法》第二百零五条"
	}
	fmt.Fprintf(&b, "各方当事人认为有必要的，可以自本协议生效之日起三十日内，共同向有管辖权的人民法院申请司法确认（%s）。", law)
	return b.String()
}

// title returns the document's title.
func (a Agreement) title() string {
	switch {
	case a.Oral:
		return "口头调解协议记录"
	case a.Kind == People:
		return "人民调解协议书"
	default:
		return "调解协议书"
	}
}

// performance returns the text of the performance section: the manner, then
// the time limit.
func (a Agreement) performance() string {
	var parts []string
	if s := strings.TrimSpace(a.Performance); s != "" {
		parts = append(parts, "履行方式："+s)
	}
	limit := strings.TrimSpace(a.PerformBy)
	if !a.PerformDeadline.IsZero() {
		deadline := "于" + formatDate(a.PerformDeadline) + "前履行完毕"
		if limit != "" {
			limit += "，" + deadline
		} else {
			limit = deadline
		}
	}
	if limit != "" {
		parts = append(parts, "履行期限："+limit)
	}
	return strings.Join(parts, "\n")
}

// particulars returns a party's particulars as one sentence, leaving out
// what is unknown.
func (p Party) particulars() string {
	fields := []string{strings.TrimSpace(p.Role) + "：" + strings.TrimSpace(p.Name)}
	add := func(label, v string) {
		if v = strings.TrimSpace(v); v != "" {
			fields = append(fields, label+v)
		}
	}
	if p.IsOrg {
		add("统一社会信用代码：", p.USCC)
		add("法定代表人：", p.Representative)
		add("联系电话：", p.PhoneMasked)
		add("住所：", p.Address)
		return strings.Join(fields, "，") + "。"
	}
	add("", p.Gender)
	add("", p.Ethnicity)
	switch {
	case !p.BirthDate.IsZero():
		add("", formatDate(p.BirthDate)+"出生")
	case p.Age > 0:
		add("", fmt.Sprintf("%d岁", p.Age))
	}
	add("职业：", p.Occupation)
	add("身份证号码：", p.IDNumberMasked)
	add("联系电话：", p.PhoneMasked)
	add("住址：", p.Address)
	return strings.Join(fields, "，") + "。"
}

// formatDate writes a date the way Chinese documents do (2026年3月5日), in
// Beijing time: the day an agreement is signed is the day in China, whatever
// the server's zone.
func formatDate(t time.Time) string {
	return t.In(tiaojie.Beijing()).Format("2006年1月2日")
}

// formatDateTime writes a moment to the minute, in Beijing time.
func formatDateTime(t time.Time) string {
	return t.In(tiaojie.Beijing()).Format("2006年1月2日 15:04")
}

// chineseNumber writes 1–99 in Chinese numerals (三, 十二, 二十), as
// section numbers and the number of copies are written; other numbers in
// Arabic digits.
func chineseNumber(n int) string {
	const digits = "零一二三四五六七八九"
	d := []rune(digits)
	switch {
	case n >= 0 && n < 10:
		return string(d[n])
	case n >= 10 && n < 20:
		s := "十"
		if n%10 != 0 {
			s += string(d[n%10])
		}
		return s
	case n >= 20 && n < 100:
		s := string(d[n/10]) + "十"
		if n%10 != 0 {
			s += string(d[n%10])
		}
		return s
	}
	return fmt.Sprint(n)
}
