package agreement

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// unitWidth measures every character as 1 and ASCII as ½, roughly as a CJK
// font does, so that the expected lines can be counted by hand.
func unitWidth(r rune) float64 {
	if r < 0x80 {
		return 0.5
	}
	return 1
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		first, rest float64
		want        []string
	}{
		{"fits", "一二三", 5, 5, []string{"一二三"}},
		{"empty", "", 5, 5, nil},
		{"plain", "一二三四五六七八", 5, 5, []string{"一二三四五", "六七八"}},
		{"first line indented", "一二三四五六七八", 3, 5, []string{"一二三", "四五六七八"}},
		{"full stop not at line start", "一二三四五。六七", 5, 5, []string{"一二三四", "五。六七"}},
		{"comma not at line start", "一二三四五，六七", 5, 5, []string{"一二三四", "五，六七"}},
		{"closing quote and stop stay together", "一二三四五”。六", 5, 5, []string{"一二三四", "五”。六"}},
		{"closing bracket", "甲乙丙丁戊）己", 5, 5, []string{"甲乙丙丁", "戊）己"}},
		{"colon, semicolon, question and exclamation marks", "一二三四五：六七八九十；甲乙丙丁戊？己庚辛壬癸！",
			5, 5, []string{"一二三四", "五：六七八", "九十；甲乙", "丙丁戊？己", "庚辛壬癸！"}},
		{"opening bracket not at line end", "一二三四（五六）", 5, 5, []string{"一二三四", "（五六）"}},
		{"opening title mark not at line end", "一二三四《法》", 5, 5, []string{"一二三四", "《法》"}},
		{"opening quote not at line end", "一二三四“好”", 5, 5, []string{"一二三四", "“好”"}},
		{"break after a colon before a quote", "他说了句：“好”", 5, 5, []string{"他说了句：", "“好”"}},
		{"punctuation fits exactly", "一二三四。", 5, 5, []string{"一二三四。"}},
		{"number kept whole", "金额20000元整", 4, 4, []string{"金额", "20000元", "整"}},
		{"decimal kept whole", "共计12345.50元", 4, 4, []string{"共计", "12345.50", "元"}},
		{"masked phone kept whole", "电话138****5678", 6, 6, []string{"电话", "138****5678"}},
		{"too long a word is cut", "abcdefghijklmn", 3, 3, []string{"abcdef", "ghijkl", "mn"}},
		{"spaces dropped at breaks", "ab cd ef gh", 2.5, 2.5, []string{"ab cd", "ef gh"}},
		{"leading spaces dropped", "  一二", 5, 5, []string{"一二"}},
		{"ellipsis not split", "一二三四……五", 5, 5, []string{"一二三四", "……五"}},
		{"dash not split", "一二三四——五", 5, 5, []string{"一二三四", "——五"}},
		{"ideographic space kept", "一　二", 5, 5, []string{"一　二"}},
		{"width below one character", "一二", 0.5, 0.5, []string{"一", "二"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := breakLines(tc.text, tc.first, tc.rest, unitWidth)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("breakLines(%q, %v, %v) (-want +got):\n%s", tc.text, tc.first, tc.rest, diff)
			}
		})
	}
}

// TestBreakLinesRules breaks real agreement text at every width from 4 to
// 40 and checks the rules on every line: none too wide unless it is a
// single unbreakable run, none starting with closing or ending with opening
// punctuation, and no character lost.
func TestBreakLinesRules(t *testing.T) {
	text := "申请人张三（男，1980年生）与被申请人李四系邻居。2026年1月起，李四家卫生间漏水，" +
		"致张三家天花板受损；双方协商未果。经调解，双方同意：“李四赔偿15000.00元，于《协议》生效后十日内付清！”" +
		"张三表示：同意……不再追究——此事了结？是的。"
	for w := 4.0; w <= 40; w++ {
		lines := breakLines(text, w-2, w, unitWidth)
		if got := strings.Join(lines, ""); got != text {
			t.Fatalf("width %v: lines join to %q, want %q", w, got, text)
		}
		for i, l := range lines {
			rs := []rune(l)
			limit := w
			if i == 0 {
				limit = w - 2
			}
			width := 0.0
			for _, r := range rs {
				width += unitWidth(r)
			}
			if width > limit && len(rs) > 1 && strings.ContainsFunc(l, func(r rune) bool { return !isWordRune(r) }) {
				t.Errorf("width %v: line %q is %v wide", w, l, width)
			}
			if i > 0 && strings.ContainsRune(noLineStart, rs[0]) {
				t.Errorf("width %v: line %q starts with closing punctuation", w, l)
			}
			if i < len(lines)-1 && strings.ContainsRune(noLineEnd, rs[len(rs)-1]) {
				t.Errorf("width %v: line %q ends with opening punctuation", w, l)
			}
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs("  第一段。\r\n\r\n　　第二段。\n \n第三段。  ")
	want := []string{"第一段。", "第二段。", "第三段。"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paragraphs (-want +got):\n%s", diff)
	}
}
