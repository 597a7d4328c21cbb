package agreement

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// long repeats s n times, for text that must spill over a page.
func long(s string, n int) string { return strings.Repeat(s, n) }

// sample returns an agreement with two parties, an agent and an
// organization, and text long enough for two pages.
func sample() Agreement {
	return Agreement{
		Number:  "（2026）崇人调字第12号",
		OrgName: "上海市崇明区城桥镇人民调解委员会",
		Parties: []Party{
			{Role: "申请人", Name: "张三丰", Gender: "男", Ethnicity: "汉族", BirthDate: day(1980, 5, 1),
				Occupation: "个体工商户", IDNumberMasked: "310***********1234", PhoneMasked: "138****5678",
				Address: "上海市崇明区城桥镇八一路100弄5号301室"},
			{Role: "被申请人", Name: "李四娘", Gender: "女", Ethnicity: "汉族", Age: 52, Occupation: "退休",
				PhoneMasked: "139****0000", Address: "上海市崇明区城桥镇人民路20号"},
			{Role: "被申请人", Name: "上海崇明宜居物业管理有限公司", IsOrg: true, USCC: "91310230MA1K000000",
				Representative: "王五", PhoneMasked: "021****8888", Address: "上海市崇明区城桥镇东门路1号"},
			{Role: "委托代理人", Name: "赵律师", Occupation: "上海某某律师事务所律师"},
		},
		Facts: long("申请人与被申请人系上下楼邻居。2026年1月起，被申请人李四娘家卫生间漏水，致申请人家天花板、墙面（约12.5平方米）受损；"+
			"申请人多次协商未果，遂于2026年2月10日申请调解。", 6) + "\n物业公司称其已于“2026年1月20日”发出维修通知。",
		Issues:           "漏水原因的认定；维修费用20000.50元由谁承担；物业公司是否负有管理责任。",
		Responsibilities: long("被申请人李四娘对漏水负主要责任，物业公司未及时处置，负次要责任。", 3),
		Terms: []string{
			"被申请人李四娘于2026年3月31日前修复卫生间防水层，并承担费用。",
			"被申请人李四娘赔偿申请人维修费用人民币15000元。",
			"被申请人上海崇明宜居物业管理有限公司补偿申请人人民币5000元。",
			long("各方就本纠纷再无其他争议，今后互不追究。", 4),
		},
		Performance:     "银行转账至申请人指定账户",
		PerformBy:       "本协议生效之日起十日内",
		PerformDeadline: day(2026, 4, 30),
		Mediator:        "陈调解",
		Recorder:        "周记录",
		Date:            day(2026, 3, 5),
		Place:           "城桥镇人民调解委员会调解室",
		Confirmations: []Confirmation{
			{Name: "张三丰", At: time.Date(2026, 3, 5, 6, 20, 0, 0, time.UTC)},
			{Name: "李四娘", Role: "被申请人", At: time.Date(2026, 3, 5, 6, 35, 0, 0, time.UTC), Method: "人脸识别在线确认"},
			{Name: "上海崇明宜居物业管理有限公司", At: time.Date(2026, 3, 5, 6, 50, 0, 0, time.UTC), Method: "加盖电子签章在线确认"},
			{Name: "赵律师", Role: "申请人", At: time.Date(2026, 3, 5, 6, 55, 0, 0, time.UTC)}, // wrong role: not his
		},
	}
}

// render renders a and returns the PDF.
func render(t testing.TB, a Agreement) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, a, testFonts(t)); err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("Render wrote no PDF: %.20q", b.Bytes())
	}
	return b.Bytes()
}

// squeeze removes all white space, so that text can be found whatever the
// line breaks.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestRender(t *testing.T) {
	commercial := sample()
	commercial.Kind = Commercial
	commercial.OrgName = "上海崇明商事调解中心"
	commercial.OrgSeal = "上海崇明商事调解中心"
	commercial.Parties = commercial.Parties[:2]
	commercial.Facts, commercial.Issues = "双方因货款结算发生争议。", "货款金额。"
	commercial.Responsibilities = ""
	commercial.Terms = commercial.Terms[:2]
	commercial.Copies = 5
	commercial.Confirmations = nil

	oral := sample()
	oral.Oral = true
	oral.Parties = oral.Parties[:2]
	oral.Facts, oral.Issues, oral.Responsibilities = "邻里噪音纠纷。", "", ""
	oral.Terms = oral.Terms[1:2]

	tests := []struct {
		name    string
		a       Agreement
		pages   [2]int   // at least, at most
		want    []string // found in the text, white space ignored
		notWant []string
	}{{
		name:  "people's mediation over pages",
		a:     sample(),
		pages: [2]int{2, 3},
		want: []string{
			"人民调解协议书", "（2026）崇人调字第12号",
			"申请人：张三丰，男，汉族，1980年5月1日出生，职业：个体工商户，身份证号码：310***********1234，联系电话：138****5678",
			"被申请人：李四娘，女，汉族，52岁", "上海崇明宜居物业管理有限公司，统一社会信用代码：91310230MA1K000000，法定代表人：王五",
			"委托代理人：赵律师",
			"一、纠纷的主要事实", "物业公司称其已于“2026年1月20日”发出维修通知。", "二、争议事项", "三、各方当事人的责任",
			"四、经调解，各方当事人自愿达成如下协议：",
			"1．被申请人李四娘于2026年3月31日前修复卫生间防水层，并承担费用。",
			"2．被申请人李四娘赔偿申请人维修费用人民币15000元。",
			"3．被申请人上海崇明宜居物业管理有限公司补偿申请人人民币5000元。",
			"4．" + long("各方就本纠纷再无其他争议，今后互不追究。", 4),
			"五、履行方式和期限", "履行方式：银行转账至申请人指定账户",
			"履行期限：本协议生效之日起十日内，于2026年4月30日前履行完毕",
			"本协议经各方当事人签名（盖章或按指印）、调解员签名并加盖调解组织印章后生效。本协议一式四份，当事人各执一份，调解组织留存一份。",
			"可以自本协议生效之日起三十日内，共同向有管辖权的人民法院申请司法确认（《中华人民共和国人民调解法》第三十三条）。",
			"申请人：张三丰已于2026年3月5日14:20在线确认",
			"被申请人：李四娘已于2026年3月5日14:35人脸识别在线确认",
			"被申请人：上海崇明宜居物业管理有限公司已于2026年3月5日14:50加盖电子签章在线确认",
			"人民调解员（签名）：陈调解", "记录人（签名）：周记录", "调解地点：城桥镇人民调解委员会调解室",
			"上海市崇明区城桥镇人民调解委员会2026年3月5日",
		},
		notWant: []string{"口头", "民事诉讼法", "赵律师已于"},
	}, {
		name:  "commercial, copies given",
		a:     commercial,
		pages: [2]int{1, 1},
		want: []string{
			"调解协议书", "本协议一式五份，当事人各执一份，调解组织留存三份。", "《中华人民共和国民事诉讼法》第二百零五条", "调解员（签名）：陈调解",
			"一、纠纷的主要事实", "三、经调解", "申请人：张三丰", "被申请人：李四娘", "上海崇明商事调解中心",
		},
		notWant: []string{"人民调解协议书", "人民调解员", "人民调解法", "已于"},
	}, {
		name:    "one page",
		a:       onePage(),
		pages:   [2]int{1, 1},
		want:    []string{"人民调解协议书", "本协议一式三份", "第 1 页 共 1 页"},
		notWant: []string{"以下无正文", "委托代理人"},
	}, {
		name:  "oral agreement",
		a:     oral,
		pages: [2]int{1, 1},
		want: []string{
			"口头调解协议记录", "本协议由各方当事人口头达成，调解员记录，自各方当事人达成协议之日起生效（《中华人民共和国人民调解法》第三十条）。",
			"二、经调解", "1．被申请人李四娘赔偿申请人维修费用人民币15000元。",
		},
		notWant: []string{"人民调解协议书", "一式", "争议事项"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := pdftotext(t, render(t, tc.a))
			text := squeeze(raw)
			for _, w := range tc.want {
				if !strings.Contains(text, squeeze(w)) {
					t.Errorf("the PDF lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, squeeze(w)) {
					t.Errorf("the PDF has %q", w)
				}
			}
			pages := strings.Split(strings.TrimRight(raw, "\f\n"), "\f")
			if len(pages) < tc.pages[0] || len(pages) > tc.pages[1] {
				t.Errorf("%d pages, want %d to %d", len(pages), tc.pages[0], tc.pages[1])
			}
			for i, p := range pages {
				foot := fmt.Sprintf("第 %d 页 共 %d 页", i+1, len(pages))
				if !strings.Contains(p, foot) {
					t.Errorf("page %d lacks %q:\n%s", i+1, foot, p)
				}
			}
			checkLineEnds(t, raw)
			if t.Failed() {
				t.Logf("extracted text:\n%s", raw)
			}
		})
	}
}

// checkLineEnds checks the extracted lines for 避头尾: no closing mark at
// the start of a line and no opening mark at its end.
func checkLineEnds(t *testing.T, text string) {
	t.Helper()
	for l := range strings.SplitSeq(text, "\n") {
		rs := []rune(strings.TrimSpace(strings.Trim(l, "\f")))
		if len(rs) == 0 {
			continue
		}
		if strings.ContainsRune(noLineStart, rs[0]) {
			t.Errorf("line starts with %q: %s", rs[0], string(rs))
		}
		if strings.ContainsRune(noLineEnd, rs[len(rs)-1]) {
			t.Errorf("line ends with %q: %s", rs[len(rs)-1], string(rs))
		}
	}
}

func TestRenderErrors(t *testing.T) {
	f := testFonts(t)
	noGlyph := sample()
	noGlyph.Parties[0].Name = "张😀"
	single := sample()
	single.Parties = single.Parties[:1]

	tests := []struct {
		name  string
		a     Agreement
		fonts *Fonts
		want  []string
	}{
		{"no font", sample(), nil, []string{"agreement: no font"}},
		{"empty", Agreement{}, f, []string{"agreement: incomplete", "no organization name", "fewer than two parties", "no facts", "no terms", "no mediator", "no date"}},
		{"one party", single, f, []string{"agreement: incomplete: fewer than two parties"}},
		{"too few copies", func() Agreement { a := sample(); a.Copies = 3; return a }(), f, []string{"fewer copies than parties plus one"}},
		{"invalid utf-8", Agreement{OrgName: "\xff"}, f, []string{"not valid UTF-8"}},
		{"glyph missing", noGlyph, f, []string{"agreement: the font", "no glyph", "😀"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Render(&b, tc.a, tc.fonts)
			if err == nil {
				t.Fatal("Render succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if b.Len() != 0 {
				t.Errorf("Render wrote %d bytes despite the error", b.Len())
			}
		})
	}
}

// TestRenderConcurrent renders with one Fonts from several goroutines: the
// parsed font is shared, so this is for the race detector.
func TestRenderConcurrent(t *testing.T) {
	f := testFonts(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = Render(new(bytes.Buffer), sample(), f) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{0: "零", 3: "三", 10: "十", 12: "十二", 20: "二十", 35: "三十五", 99: "九十九", 100: "100"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("chineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

// onePage is a short agreement that fits one page, as most do.
func onePage() Agreement {
	a := sample()
	a.Parties = a.Parties[:2]
	a.Facts = "申请人与被申请人系上下楼邻居，因卫生间漏水致申请人家天花板受损。"
	a.Issues = "维修费用由谁承担。"
	a.Responsibilities = ""
	a.Terms = a.Terms[:2]
	return a
}

func BenchmarkRender(b *testing.B) {
	f := testFonts(b)
	a := onePage()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, a, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}
