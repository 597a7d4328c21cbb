package agreement

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/signintech/gopdf"
)

// Page geometry and type sizes, in points. The margins follow GB/T 9704
// (official documents: left 28 mm, right 26 mm) so that a printed copy can
// be bound on the left like the rest of the dossier.
const (
	pageW        = 595.0 // A4 as gopdf.PageSizeA4
	pageH        = 842.0
	marginLeft   = 79.0
	marginRight  = 74.0
	marginTop    = 72.0
	marginBottom = 72.0
	textW        = pageW - marginLeft - marginRight

	titleSize  = 22.0 // 二号
	bodySize   = 12.0 // 小四
	smallSize  = 9.0  // page numbers and the header
	lineHeight = 20.0 // 1⅔ lines: room for a handwritten correction
	indent     = 2 * bodySize

	// maxSpacing caps the extra space per character when a line is
	// justified: wider gaps read as spaces, to people and to text
	// extraction alike.
	maxSpacing = 0.12 * bodySize
)

// Render writes the agreement a as a PDF to w, using the font f. It checks a
// first (Validate), and fails rather than print a character the font lacks:
// gopdf would leave a blank, and a blank in a name or an amount makes a
// different agreement.
func Render(w io.Writer, a Agreement, f *Fonts) error {
	d, err := start(f, a.Validate, strings.TrimSpace(a.title()+" "+a.Number))
	if err != nil {
		return err
	}
	d.body(a)
	d.signatures(a)
	d.pageNumbers(a.Number)
	return d.finish(w, f)
}

// start begins a document titled title, once valid has passed.
func start(f *Fonts, valid func() error, title string) (*doc, error) {
	if f == nil {
		return nil, errors.New("agreement: no font (see LoadFonts)")
	}
	if err := f.ready(); err != nil {
		return nil, err
	}
	if err := valid(); err != nil {
		return nil, err
	}
	d, err := newDoc(f)
	if err != nil {
		return nil, err
	}
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Creator: "tiaojie"})
	return d, nil
}

// doc is one document being laid out: the PDF, the position of the next
// line on the current page, and the first error, after which drawing stops
// (so that the layout code reads as a sequence of steps).
type doc struct {
	pdf    *gopdf.GoPdf
	y      float64
	size   float64
	widths map[widthKey]float64
	drawn  strings.Builder // every character drawn, checked against the font
	err    error
}

// widthKey identifies a measured character at a type size.
type widthKey struct {
	r    rune
	size float64
}

// newDoc starts an A4 document with the font registered and a first page.
func newDoc(f *Fonts) (*doc, error) {
	d := &doc{pdf: new(gopdf.GoPdf), widths: make(map[widthKey]float64)}
	d.pdf.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	if err := d.pdf.AddTTFFontFromFontContainer(fontFamily, f.container); err != nil {
		return nil, fmt.Errorf("agreement: font: %w", err)
	}
	d.setSize(bodySize)
	d.newPage()
	return d, d.err
}

// fail records the first error.
func (d *doc) fail(err error) {
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("agreement: pdf: %w", err)
	}
}

// setSize sets the type size of the text drawn next.
func (d *doc) setSize(size float64) {
	d.size = size
	d.fail(d.pdf.SetFont(fontFamily, "", size))
}

// newPage starts a page and puts the next line at its top margin.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.y = marginTop
}

// ensure starts a new page unless h more points fit above the bottom margin.
func (d *doc) ensure(h float64) {
	if d.y+h > pageH-marginBottom {
		d.newPage()
	}
}

// room returns the height left on the current page.
func (d *doc) room() float64 { return pageH - marginBottom - d.y }

// width returns the advance of r at the current size. Widths are measured
// one character at a time with gopdf's MeasureTextWidth and cached: without
// kerning a line's width is the sum of its characters', and a document
// measures the same few hundred characters over and over.
func (d *doc) width(r rune) float64 {
	k := widthKey{r, d.size}
	if w, ok := d.widths[k]; ok {
		return w
	}
	w, err := d.pdf.MeasureTextWidth(string(r))
	d.fail(err)
	d.widths[k] = w
	return w
}

// textWidth returns the width of s at the current size.
func (d *doc) textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += d.width(r)
	}
	return w
}

// text draws s with its top left corner at (x, y).
func (d *doc) text(x, y float64, s string) {
	if d.err != nil || s == "" {
		return
	}
	d.drawn.WriteString(s)
	d.pdf.SetXY(x, y)
	d.fail(d.pdf.Cell(nil, s))
}

// line draws s on the next line at indent x from the left margin.
func (d *doc) line(x float64, s string) {
	d.ensure(lineHeight)
	d.text(marginLeft+x, d.y, s)
	d.y += lineHeight
}

// centered draws s centred on the next line of height h.
func (d *doc) centered(s string, h float64) {
	d.ensure(h)
	d.text((pageW-d.textWidth(s))/2, d.y, s)
	d.y += h
}

// paragraph sets text as paragraphs (one per line of input), the first line
// of each indented by first and the others by rest, justified: every line
// but a paragraph's last is spread to the full width, as Chinese text is
// set, unless that needs gaps wide enough to look like spaces.
func (d *doc) paragraph(text string, first, rest float64) {
	for _, p := range paragraphs(text) {
		lines := breakLines(p, textW-first, textW-rest, d.width)
		for i, l := range lines {
			x := rest
			if i == 0 {
				x = first
			}
			spacing := 0.0
			if n := len([]rune(l)); i < len(lines)-1 && n > 1 {
				spacing = (textW - x - d.textWidth(l)) / float64(n-1)
				spacing = math.Max(0, spacing)
				if spacing > maxSpacing {
					spacing = 0
				}
			}
			// Reset at once: widths are measured without spacing.
			d.fail(d.pdf.SetCharSpacing(spacing))
			d.line(x, l)
			d.fail(d.pdf.SetCharSpacing(0))
		}
	}
}

// lineCount returns how many lines paragraph would take for text.
func (d *doc) lineCount(text string, first, rest float64) int {
	n := 0
	for _, p := range paragraphs(text) {
		n += len(breakLines(p, textW-first, textW-rest, d.width))
	}
	return n
}

// heading draws a section heading, on the next page if its first line of
// text would not follow it on this one.
func (d *doc) heading(s string) {
	d.ensure(2 * lineHeight)
	d.line(0, s)
}

// body lays out the agreement from its title to the closing sentences.
func (d *doc) body(a Agreement) {
	d.setSize(titleSize)
	d.centered(a.title(), titleSize*1.8)
	d.setSize(bodySize)
	if a.Number != "" {
		d.ensure(lineHeight)
		d.text(pageW-marginRight-d.textWidth(a.Number), d.y, a.Number)
		d.y += lineHeight * 1.5
	}
	for _, p := range a.Parties {
		d.paragraph(p.particulars(), 0, indent)
	}
	d.y += lineHeight / 2

	sections := []struct{ head, text string }{
		{"纠纷的主要事实", a.Facts},
		{"争议事项", a.Issues},
		{"各方当事人的责任", a.Responsibilities},
	}
	n := 0
	for _, s := range sections {
		if strings.TrimSpace(s.text) == "" {
			continue
		}
		n++
		d.heading(chineseNumber(n) + "、" + s.head)
		d.paragraph(s.text, indent, 0)
	}
	n++
	d.heading(chineseNumber(n) + "、经调解，各方当事人自愿达成如下协议：")
	for i, t := range a.Terms {
		d.paragraph(fmt.Sprintf("%d．%s", i+1, strings.TrimSpace(t)), indent, 0)
	}
	if perf := a.performance(); perf != "" {
		n++
		d.heading(chineseNumber(n) + "、履行方式和期限")
		d.paragraph(perf, indent, 0)
	}
}

// signatures lays out the closing sentences and the signature block. They
// are kept on one page, so that the page the parties sign also carries the
// text they sign to; "以下无正文" closes the gap a move leaves, so that
// nothing can be written into it afterwards.
func (d *doc) signatures(a Agreement) {
	closing := a.closing()
	rows := len(a.Parties) + 2 // the caption and the mediator
	if a.Recorder != "" {
		rows++
	}
	if a.Place != "" {
		rows++
	}
	// closing, gap, rows, gap, organization, then the date and the seal
	// below its line.
	h := float64(d.lineCount(closing, indent, 0)+rows+2)*lineHeight + lineHeight/2 + sealRadius
	if h > d.room() && h <= pageH-marginTop-marginBottom {
		d.line(indent, "（以下无正文）")
		d.newPage()
	}
	d.paragraph(closing, indent, 0)
	d.y += lineHeight / 2

	d.line(0, "各方当事人（签名、盖章或按指印）：")
	for _, p := range a.Parties {
		d.party(a, p)
	}
	mediator := "调解员"
	if a.Kind == People {
		mediator = "人民调解员"
	}
	signed := mediator + "（签名）：" + a.Mediator
	if !a.MediatorSigned.IsZero() {
		signed += "　已于 " + formatDateTime(a.MediatorSigned) + " 在线签名"
	}
	d.line(0, signed)
	if a.Recorder != "" {
		d.line(0, "记录人（签名）："+a.Recorder)
	}
	if a.Place != "" {
		d.line(0, "调解地点："+a.Place)
	}
	d.orgBlock(a)
}

// party draws one party's signature line: the confirmation recorded by the
// platform, or a rule to sign on. Either goes on the line below when a long
// name leaves no room beside it.
func (d *doc) party(a Agreement, p Party) {
	label := p.Role + "：" + p.Name
	c, confirmed := a.confirmation(p)
	mark, markW := "", 12*bodySize
	if confirmed {
		method := c.Method
		if method == "" {
			method = "在线确认"
		}
		mark = "已于 " + formatDateTime(c.At) + " " + method
		markW = d.textWidth(mark)
	}
	d.ensure(lineHeight)
	d.text(marginLeft+indent, d.y, label)
	x := marginLeft + indent + math.Max(d.textWidth(label)+bodySize, 10*bodySize)
	if x+markW > pageW-marginRight {
		d.y += lineHeight
		d.ensure(lineHeight)
		x = marginLeft + 2*indent
	}
	if confirmed {
		d.text(x, d.y, mark)
	} else if d.err == nil {
		d.pdf.SetLineWidth(0.5)
		d.pdf.SetStrokeColor(0, 0, 0)
		d.pdf.Line(x, d.y+bodySize+2, x+markW, d.y+bodySize+2)
	}
	d.y += lineHeight
}

// sealRadius is the seal placeholder's radius: a 42 mm round seal, the
// usual size for a mediation committee's.
const sealRadius = 42.0 / 25.4 * 72 / 2

// orgBlock draws the organization's name and the date on the right, and the
// seal placeholder over them.
func (d *doc) orgBlock(a Agreement) {
	d.y += lineHeight
	d.ensure(lineHeight + sealRadius) // the seal is centred on the date line
	date := formatDate(a.Date)
	right := pageW - marginRight - indent
	wide := math.Max(d.textWidth(a.OrgName), d.textWidth(date))
	cx := right - wide/2
	d.text(cx-d.textWidth(a.OrgName)/2, d.y, a.OrgName)
	d.text(cx-d.textWidth(date)/2, d.y+lineHeight, date)
	d.seal(a, cx, d.y+lineHeight)
	d.y += 2 * lineHeight
}

// seal draws where the seal goes: a red circle with the organization's name
// along its upper edge, as on a round official seal, and 盖章处 at the
// bottom. It is a placeholder, not a seal: a printed imitation must not be
// mistaken for the organization's real seal or electronic seal.
func (d *doc) seal(a Agreement, cx, cy float64) {
	if d.err != nil {
		return
	}
	if len(a.SealImage) > 0 {
		d.sealImage(a.SealImage, cx, cy)
		return
	}
	const red = 200
	r := sealRadius
	d.pdf.SetStrokeColor(red, 0, 0)
	d.pdf.SetLineWidth(1.2)
	d.pdf.Oval(cx-r, cy-r, cx+r, cy+r)
	d.pdf.SetTextColor(red, 0, 0)
	defer d.pdf.SetTextColor(0, 0, 0)

	name := []rune(a.OrgSeal)
	if len(name) == 0 {
		name = []rune(a.OrgName)
	}
	size := math.Min(13, math.Max(7, 2*math.Pi*r*0.62/float64(max(len(name), 1))))
	d.setSize(size)
	defer d.setSize(bodySize)
	// The name runs clockwise over the top, through at most 240 degrees,
	// each character upright towards the centre.
	step := math.Min(240.0/float64(max(len(name), 1)), size*1.15/(r-size)*180/math.Pi)
	arc := r - size*0.9 // the characters' centres
	for i, ch := range name {
		deg := (float64(i) - float64(len(name)-1)/2) * step
		rad := deg * math.Pi / 180
		px, py := cx+arc*math.Sin(rad), cy-arc*math.Cos(rad)
		d.pdf.Rotate(-deg, px, py)
		d.text(px-d.width(ch)/2, py-size/2, string(ch))
		d.pdf.RotateReset()
	}
	d.setSize(smallSize)
	mark := "盖章处"
	d.text(cx-d.textWidth(mark)/2, cy+r/2, mark)
}

// sealImage applies the organization's seal image, scaled to the seal's
// size and centred where the placeholder would be.
func (d *doc) sealImage(img []byte, cx, cy float64) {
	h, err := gopdf.ImageHolderByBytes(img)
	if err != nil {
		d.fail(fmt.Errorf("agreement: seal image: %w", err))
		return
	}
	r := sealRadius
	d.fail(d.pdf.ImageByHolder(h, cx-r, cy-r, &gopdf.Rect{W: 2 * r, H: 2 * r}))
}

// pageNumbers goes back over every page to print 第 i 页 共 N 页 at the foot
// (N is known only now) and, from the second page on, the agreement number
// at the head, so that a loose page can be matched to its agreement.
func (d *doc) pageNumbers(number string) {
	if d.err != nil {
		return
	}
	n := d.pdf.GetNumberOfPages()
	d.setSize(smallSize)
	for i := 1; i <= n; i++ {
		d.fail(d.pdf.SetPage(i))
		foot := fmt.Sprintf("第 %d 页 共 %d 页", i, n)
		d.text((pageW-d.textWidth(foot))/2, pageH-marginBottom/2-smallSize, foot)
		if i > 1 && number != "" {
			d.text(pageW-marginRight-d.textWidth(number), marginTop/2, number)
		}
	}
}
