package agreement

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// sampleApplication is the application for sample(): its three parties
// apply, the first with its agent.
func sampleApplication() Application {
	ag := sample()
	app := Application{
		Court:           "上海市崇明区人民法院",
		OrgName:         ag.OrgName,
		AgreementNumber: ag.Number,
		AgreedAt:        ag.Date,
		Terms:           ag.Terms,
		Deadline:        day(2026, 4, 7),
	}
	for _, p := range ag.Parties[:3] {
		p.Role = ""
		app.Applicants = append(app.Applicants, Applicant{Party: p})
	}
	app.Applicants[0].Agents = []Party{ag.Parties[3]}
	return app
}

// renderApplication renders a and returns the PDF.
func renderApplication(t testing.TB, a Application) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := RenderApplication(&b, a, testFonts(t)); err != nil {
		t.Fatalf("RenderApplication: %v", err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("RenderApplication wrote no PDF: %.20q", b.Bytes())
	}
	return b.Bytes()
}

func TestRenderApplication(t *testing.T) {
	commercial := sampleApplication()
	commercial.Kind = Commercial
	commercial.Court = ""
	commercial.OrgName = "上海崇明商事调解中心"
	commercial.AgreementNumber = ""
	commercial.Applicants = commercial.Applicants[1:]
	commercial.Terms = nil

	long := sampleApplication()
	long.Applicants[2].Name = "上海崇明宜居物业管理有限公司崇明区城桥镇八一路分公司第一物业服务中心"
	for range 3 {
		long.Terms = append(long.Terms, long.Terms...)
	}

	tests := []struct {
		name    string
		a       Application
		pages   [2]int   // at least, at most
		want    []string // found in the text, white space ignored
		notWant []string
	}{{
		name:  "people's mediation",
		a:     sampleApplication(),
		pages: [2]int{1, 2},
		want: []string{
			"司法确认申请书",
			"申请人：张三丰，男，汉族，1980年5月1日出生，职业：个体工商户，身份证号码：310***********1234，联系电话：138****5678",
			"委托代理人：赵律师，职业：上海某某律师事务所律师。",
			"申请人：李四娘，女，汉族，52岁",
			"申请人：上海崇明宜居物业管理有限公司，统一社会信用代码：91310230MA1K000000，法定代表人：王五",
			"请求事项：",
			"请求确认申请人张三丰、李四娘与上海崇明宜居物业管理有限公司于2026年3月5日经上海市崇明区城桥镇人民调解委员会主持调解达成的调解协议（协议编号：（2026）崇人调字第12号）有效。",
			"事实和理由：",
			"协议的主要内容如下：",
			"1．被申请人李四娘于2026年3月31日前修复卫生间防水层，并承担费用。",
			"3．被申请人上海崇明宜居物业管理有限公司补偿申请人人民币5000元。",
			"不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益，不违背公序良俗。",
			"《中华人民共和国人民调解法》第三十三条和《中华人民共和国民事诉讼法》第二百零五条、第二百零六条",
			"出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为",
			"如因虚假陈述等造成他人合法权益损害的，愿意承担相应的民事责任和其他法律责任。",
			"此致上海市崇明区人民法院",
			"附：1．人民调解协议书（原件）2．调解组织主持调解的证明3．申请人的身份证明",
			"4．授权委托书及委托代理人的身份证明5．与调解协议相关的财产权利证明等证明材料（如有）",
			"申请人（签名、盖章或按指印）：申请人：张三丰年月日委托代理人：赵律师年月日申请人：李四娘年月日",
			"申请人：上海崇明宜居物业管理有限公司年月日",
			"最迟于2026年4月7日（调解协议生效之日起三十日内）共同向上海市崇明区人民法院提出",
		},
		notWant: []string{"被申请人：", "口头", "已于"},
	}, {
		name:  "commercial, no court, no terms, no agents",
		a:     commercial,
		pages: [2]int{1, 1},
		want: []string{
			"请求确认申请人李四娘与上海崇明宜居物业管理有限公司于2026年3月5日经上海崇明商事调解中心主持调解达成的调解协议有效。",
			"协议内容详见所附调解协议书。",
			"依照《中华人民共和国民事诉讼法》第二百零五条、第二百零六条的规定",
			"此致人民法院", "1．调解协议书（原件）",
			"4．与调解协议相关的财产权利证明等证明材料（如有）",
			"共同向调解组织所在地基层人民法院提出",
		},
		notWant: []string{"人民调解法", "人民调解协议书", "协议编号", "委托代理人：", "授权委托书及", "主要内容如下"},
	}, {
		name:  "long: over pages, a name too long for its signature line",
		a:     long,
		pages: [2]int{2, 4},
		want: []string{
			"32．" + sampleApplication().Terms[3],
			"申请人：上海崇明宜居物业管理有限公司崇明区城桥镇八一路分公司第一物业服务中心年月日",
			"说明：本申请书须由全体申请人签名",
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := pdftotext(t, renderApplication(t, tc.a))
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
			// The signatures and the note on the deadline are on one page.
			last := squeeze(pages[len(pages)-1])
			if !strings.Contains(last, "申请人（签名、盖章或按指印）：") || !strings.Contains(last, "说明：") {
				t.Errorf("the signatures and the note are not together on the last page:\n%s", pages[len(pages)-1])
			}
			checkLineEnds(t, raw)
			if t.Failed() {
				t.Logf("extracted text:\n%s", raw)
			}
		})
	}
}

func TestRenderApplicationErrors(t *testing.T) {
	f := testFonts(t)
	single := sampleApplication()
	single.Applicants = single.Applicants[:1]
	late := sampleApplication()
	late.Deadline = day(2026, 3, 1)
	noGlyph := sampleApplication()
	noGlyph.Applicants[1].Agents = []Party{{Name: "王😀"}}
	nameless := sampleApplication()
	nameless.Applicants[0].Agents[0].Name = " "

	tests := []struct {
		name  string
		a     Application
		fonts *Fonts
		want  []string
	}{
		{"no font", sampleApplication(), nil, []string{"agreement: no font"}},
		{"empty", Application{}, f, []string{"agreement: incomplete application", "fewer than two applicants",
			"no organization name", "no date the agreement took effect", "no deadline"}},
		{"one applicant", single, f, []string{"fewer than two applicants"}},
		{"deadline before the agreement", late, f, []string{"no deadline on or after the agreement"}},
		{"agent without a name", nameless, f, []string{"agent 1 of applicant 1 has no name"}},
		{"invalid utf-8", Application{Court: "\xff"}, f, []string{"not valid UTF-8"}},
		{"glyph missing", noGlyph, f, []string{"agreement: the font", "no glyph", "😀"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			err := RenderApplication(&b, tc.a, tc.fonts)
			if err == nil {
				t.Fatal("RenderApplication succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if b.Len() != 0 {
				t.Errorf("RenderApplication wrote %d bytes despite the error", b.Len())
			}
		})
	}
}

func TestApplicationNames(t *testing.T) {
	for n, want := range map[int]string{2: "甲与乙", 3: "甲、乙与丙", 4: "甲、乙、丙与丁"} {
		var a Application
		for _, name := range []string{"甲", "乙", "丙", "丁"}[:n] {
			a.Applicants = append(a.Applicants, Applicant{Party: Party{Name: name}})
		}
		if got := a.names(); got != want {
			t.Errorf("names of %d = %q, want %q", n, got, want)
		}
	}
}
