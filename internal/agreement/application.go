package agreement

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Application is the parties' joint application for judicial confirmation
// of their mediation agreement (司法确认申请书), laid out as the court's
// standard form (民事诉讼文书样式, 申请书（申请司法确认调解协议用）): the
// applicants' particulars, the request, the facts and reasons, the
// declarations the form asks of the applicants, the court, the
// attachments, and a line for every applicant to sign. Every party to the
// agreement applies: the application is joint (人民调解法 Art. 33,
// 民事诉讼法 Art. 205), so there is no respondent.
//
// Like Agreement it is a plain value filled by the case service; identity
// and phone numbers must arrive masked.
type Application struct {
	// Kind decides the law cited: 人民调解法 Art. 33 as well as 民事诉讼法
	// Arts. 205–206 for a people's mediation committee's agreement.
	Kind Kind
	// Court is the court applied to: the basic people's court where the
	// mediation organization is located (民事诉讼法 Art. 205), such as
	// 上海市崇明区人民法院. Empty leaves a line to write the court in.
	Court string

	Applicants []Applicant

	OrgName         string    // the mediation organization that mediated
	AgreementNumber string    // 协议编号 or 卷号 of the agreement (optional)
	AgreedAt        time.Time // when the agreement took effect
	Terms           []string  // what was agreed, as on the agreement (optional)
	// Deadline is the last day on which the application may be made: the
	// thirtieth day from AgreedAt, moved past rest days (人民调解法 Art. 33).
	Deadline time.Time

	// Attachments are the papers handed in with the application; nil means
	// the list the court's rules ask for (民事诉讼法解释, on 司法确认).
	Attachments []string
}

// Applicant is a party to the agreement, now an applicant, with the agents
// who act for it. Role defaults to 申请人 and an agent's to 委托代理人.
type Applicant struct {
	Party
	Agents []Party
}

// Validate reports what an application lacks before it can be printed: at
// least two applicants, each with a name, the organization, the date the
// agreement took effect and a deadline after it. As with Agreement, the
// case service fills these from a case, so an error here is a bug.
func (a Application) Validate() error {
	var errs []string
	need := func(ok bool, what string) {
		if !ok {
			errs = append(errs, what)
		}
	}
	need(len(a.Applicants) >= 2, "fewer than two applicants")
	for i, p := range a.Applicants {
		need(strings.TrimSpace(p.Name) != "", fmt.Sprintf("applicant %d has no name", i+1))
		for j, ag := range p.Agents {
			need(strings.TrimSpace(ag.Name) != "", fmt.Sprintf("agent %d of applicant %d has no name", j+1, i+1))
		}
	}
	need(strings.TrimSpace(a.OrgName) != "", "no organization name")
	need(!a.AgreedAt.IsZero(), "no date the agreement took effect")
	need(!a.Deadline.IsZero() && !a.Deadline.Before(a.AgreedAt), "no deadline on or after the agreement")
	for i, t := range a.Terms {
		need(strings.TrimSpace(t) != "", fmt.Sprintf("term %d is empty", i+1))
	}
	need(utf8.ValidString(a.text()), "text is not valid UTF-8")
	if len(errs) > 0 {
		return fmt.Errorf("agreement: incomplete application: %s", strings.Join(errs, "; "))
	}
	return nil
}

// text returns all the free text of the application, for the encoding
// check.
func (a Application) text() string {
	parts := []string{a.Court, a.OrgName, a.AgreementNumber}
	parts = append(parts, a.Terms...)
	parts = append(parts, a.Attachments...)
	for _, p := range a.Applicants {
		for _, x := range append([]Party{p.Party}, p.Agents...) {
			parts = append(parts, x.Role, x.Name, x.Gender, x.Ethnicity, x.Occupation, x.IDNumberMasked,
				x.PhoneMasked, x.Address, x.USCC, x.Representative)
		}
	}
	return strings.Join(parts, "\n")
}

// applicationTitle is the document's title.
const applicationTitle = "司法确认申请书"

// RenderApplication writes the application a as a PDF to w, using the font
// f, with the page layout of the agreement. Like Render it checks a first
// and fails rather than print a character the font lacks.
func RenderApplication(w io.Writer, a Application, f *Fonts) error {
	header := strings.TrimSpace(applicationTitle + "　" + a.AgreementNumber)
	d, err := start(f, a.Validate, header)
	if err != nil {
		return err
	}
	d.applicationBody(a)
	d.applicationClosing(a)
	d.pageNumbers(header)
	return d.finish(w, f)
}

// finish checks that the font has every character drawn and writes the
// PDF.
func (d *doc) finish(w io.Writer, f *Fonts) error {
	if d.err != nil {
		return d.err
	}
	if missing := f.missing(d.drawn.String()); missing != "" {
		return fmt.Errorf("agreement: the font %s has no glyph for %q; configure one that has (FontConfig.Path)",
			cmp.Or(f.Path, "in use"), missing)
	}
	if _, err := d.pdf.WriteTo(w); err != nil {
		return fmt.Errorf("agreement: write pdf: %w", err)
	}
	return nil
}

// applicationBody lays out the application from its title to the
// declarations, which close the facts and reasons as on the court's form.
func (d *doc) applicationBody(a Application) {
	d.setSize(titleSize)
	d.centered(applicationTitle, titleSize*1.5)
	d.setSize(bodySize)
	for _, p := range a.signers() {
		d.paragraph(p.particulars(), 0, indent)
	}
	d.y += lineHeight / 2
	d.heading("请求事项：")
	d.paragraph(a.request(), indent, 0)
	d.heading("事实和理由：")
	d.paragraph(a.facts(), indent, 0)
	for i, t := range a.Terms {
		d.paragraph(fmt.Sprintf("%d．%s", i+1, strings.TrimSpace(t)), indent, 0)
	}
	d.paragraph(a.reasons(), indent, 0)
	d.paragraph(applicationDeclaration, indent, 0)
}

// The note under the signatures is set smaller and closer than the text:
// it guides the applicants and is not part of what they apply for.
const (
	noteSize       = smallSize + 1
	noteLineHeight = 1.5 * noteSize
	noteGap        = lineHeight / 4
)

// applicationClosing lays out the court, the attachments, the signatures
// and the note on the deadline. The signatures and the note are kept on
// one page, with "以下无正文" closing the gap a move leaves, as on the
// agreement, so that nothing can be written in above the signatures.
func (d *doc) applicationClosing(a Application) {
	d.ensure(2 * lineHeight)
	d.line(indent, "此致")
	if a.Court != "" {
		d.line(0, a.Court)
	} else {
		d.rule(marginLeft, 12*bodySize)
		d.text(marginLeft+12*bodySize, d.y, "人民法院")
		d.y += lineHeight
	}
	d.heading("附：")
	for i, s := range a.attachments() {
		d.paragraph(fmt.Sprintf("%d．%s", i+1, s), indent, indent+1.5*bodySize)
	}

	note, signers := a.note(), a.signers()
	rows := 1 // the caption
	for _, p := range signers {
		_, n := d.signatureAt(p)
		rows += n
	}
	d.setSize(noteSize)
	noteLines := breakLines(note, textW, textW, d.width)
	d.setSize(bodySize)
	h := float64(rows)*lineHeight + noteGap + float64(len(noteLines))*noteLineHeight
	if h > d.room() && h <= pageH-marginTop-marginBottom {
		if d.room() >= lineHeight {
			d.line(indent, "（以下无正文）")
		}
		d.newPage()
	}
	d.line(0, "申请人（签名、盖章或按指印）：")
	for _, p := range signers {
		d.signatureRow(p)
	}
	d.y += noteGap
	d.setSize(noteSize)
	for _, l := range noteLines {
		d.ensure(noteLineHeight)
		d.text(marginLeft, d.y, l)
		d.y += noteLineHeight
	}
	d.setSize(bodySize)
}

// signatureRuleW is the length of the line to sign on.
const signatureRuleW = 8 * bodySize

// signatureDate is the date to fill in beside a signature.
const signatureDate = "年　月　日"

// signatureAt returns where the line to sign on starts for p, and how many
// lines p's signature takes: one, or more when the name leaves no room for
// the line and the date beside it.
func (d *doc) signatureAt(p Party) (x float64, lines int) {
	label := p.Role + "：" + p.Name
	lines = 1
	if w := d.textWidth(label); w > textW-indent {
		lines = len(breakLines(label, textW-indent, textW-indent, d.width))
	}
	x = marginLeft + indent + math.Max(d.textWidth(label)+bodySize, 10*bodySize)
	if x+signatureRuleW+bodySize+d.textWidth(signatureDate) > pageW-marginRight {
		return marginLeft + 2*indent, lines + 1
	}
	return x, lines
}

// signatureRow draws a line for one person to sign on, with the date to
// fill in at the right; both go on the line below a name too long to leave
// room beside it.
func (d *doc) signatureRow(p Party) {
	label := p.Role + "：" + p.Name
	x, lines := d.signatureAt(p)
	d.ensure(float64(lines) * lineHeight)
	if d.textWidth(label) > textW-indent {
		d.paragraph(label, indent, indent)
	} else {
		d.line(indent, label)
	}
	if x > marginLeft+2*indent { // beside the name, not below it
		d.y -= lineHeight
	}
	d.rule(x, signatureRuleW)
	d.text(pageW-marginRight-d.textWidth(signatureDate), d.y, signatureDate)
	d.y += lineHeight
}

// rule draws a line w wide to write on, from x on the current line.
func (d *doc) rule(x, w float64) {
	if d.err != nil {
		return
	}
	d.pdf.SetLineWidth(0.5)
	d.pdf.SetStrokeColor(0, 0, 0)
	d.pdf.Line(x, d.y+bodySize+2, x+w, d.y+bodySize+2)
}

// signers returns the applicants, each followed by its agents, with their
// roles: the people named at the head and who sign at the foot.
func (a Application) signers() []Party {
	var out []Party
	for _, p := range a.Applicants {
		out = append(out, p.withRole("申请人"))
		for _, ag := range p.Agents {
			out = append(out, ag.withRole("委托代理人"))
		}
	}
	return out
}

// withRole returns p with role when it has none.
func (p Party) withRole(role string) Party {
	if strings.TrimSpace(p.Role) == "" {
		p.Role = role
	}
	return p
}

// This part of the file holds the application's wording.

// applicationDeclaration is what the court's form has the applicants
// declare: that they agreed to settle the dispute, without collusion or
// evasion of the law, and that they answer for any harm their false
// statements cause others (司法确认 exists to be trusted, and is refused
// or revoked for sham agreements: 民事诉讼法 Art. 115).
const applicationDeclaration = "申请人出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为；" +
	"申请人所提交的材料真实、合法，所作陈述属实；如因虚假陈述等造成他人合法权益损害的，愿意承担相应的民事责任和其他法律责任。"

// names writes the applicants' names as a list: 甲与乙, 甲、乙与丙.
func (a Application) names() string {
	var ns []string
	for _, p := range a.Applicants {
		ns = append(ns, strings.TrimSpace(p.Name))
	}
	if len(ns) < 2 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], "、") + "与" + ns[len(ns)-1]
}

// numbered returns " （协议编号：…）" for an agreement with a number.
func (a Application) numbered() string {
	if n := strings.TrimSpace(a.AgreementNumber); n != "" {
		return "（协议编号：" + n + "）"
	}
	return ""
}

// request is the 请求事项: that the court confirm the agreement valid.
func (a Application) request() string {
	return fmt.Sprintf("请求确认申请人%s于%s经%s主持调解达成的调解协议%s有效。",
		a.names(), formatDate(a.AgreedAt), strings.TrimSpace(a.OrgName), a.numbered())
}

// facts opens the 事实和理由: who agreed, before whom, and when, followed
// by the terms.
func (a Application) facts() string {
	s := fmt.Sprintf("申请人%s之间的纠纷，经%s主持调解，于%s达成调解协议%s，该协议自当日起生效。",
		a.names(), strings.TrimSpace(a.OrgName), formatDate(a.AgreedAt), a.numbered())
	if len(a.Terms) == 0 {
		return s + "协议内容详见所附调解协议书。"
	}
	return s + "协议的主要内容如下："
}

// reasons closes the 事实和理由: the agreement is voluntary and lawful,
// which is what the court checks (司法确认程序若干规定 Art. 7), and the
// applicants apply jointly, in time, under the law that allows it.
func (a Application) reasons() string {
	law := "《中华人民共和国民事诉讼法》第二百零五条、第二百零六条"
	if a.Kind == People {
		law = "《中华人民共和国人民调解法》第三十三条和" + law
	}
	return "上述调解协议系申请人在调解组织主持下，出于解决纠纷的目的自愿达成，是申请人的真实意思表示；" +
		"协议内容不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益，不违背公序良俗。" +
		"为此，申请人依照" + law + "的规定，自调解协议生效之日起三十日内共同申请司法确认。"
}

// attachments returns the papers listed under 附: the agreement, the
// organization's certificate that it mediated, the applicants' identity
// papers, the agents' powers when there are agents, and the proof of
// property rights the agreement concerns (民事诉讼法解释, on 司法确认).
func (a Application) attachments() []string {
	if a.Attachments != nil {
		return a.Attachments
	}
	title := "调解协议书"
	if a.Kind == People {
		title = "人民调解协议书"
	}
	out := []string{
		title + "（原件）",
		"调解组织主持调解的证明",
		"申请人的身份证明",
	}
	for _, p := range a.Applicants {
		if len(p.Agents) > 0 {
			out = append(out, "授权委托书及委托代理人的身份证明")
			break
		}
	}
	return append(out, "与调解协议相关的财产权利证明等证明材料（如有）")
}

// note is the guidance under the signatures: who signs, what to bring, and
// by when.
func (a Application) note() string {
	court := strings.TrimSpace(a.Court)
	if court == "" {
		court = "调解组织所在地基层人民法院"
	}
	return fmt.Sprintf("说明：本申请书须由全体申请人签名（盖章或按指印）后，连同调解协议书原件和上列材料，"+
		"最迟于%s（调解协议生效之日起三十日内）共同向%s提出。申请人应当本人到场，或者由委托代理人凭授权委托书代为申请。",
		formatDate(a.Deadline), court)
}
