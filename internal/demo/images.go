package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// The demo's pictures and documents are drawn here, in code, so the demo
// needs no asset files and every run produces the same bytes: logos are a
// coloured disc or rounded square with a geometric emblem, photos are
// faceless silhouettes, the cover is a flat landscape, and documents are
// one-page PDFs with ASCII text (CJK text would need an embedded font).

// hsv converts a hue in degrees and saturation and value in [0,1] to a colour.
func hsv(h, s, v float64) color.NRGBA {
	h = math.Mod(h, 360)
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := v - c
	return color.NRGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}

// hue returns the k-th hue of a golden-angle sequence: neighbours differ.
func hue(k int) float64 { return math.Mod(float64(k)*137.508+200, 360) }

// canvas is a paletted image with shape-filling helpers: the pictures
// have a few flat colours, which a paletted PNG encodes quickly and small.
type canvas struct{ *image.Paletted }

func newCanvas(w, h int) canvas {
	return canvas{image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.NRGBA{}})}
}

// shape is a region: a bounding box and a test for the pixels inside it.
type shape struct {
	box image.Rectangle
	in  func(x, y float64) bool
}

// fill paints every pixel whose centre is inside the shape.
func (c canvas) fill(col color.NRGBA, s shape) {
	idx := -1
	for i, p := range c.Palette {
		if p == color.Color(col) {
			idx = i
		}
	}
	if idx < 0 {
		c.Palette = append(c.Palette, col)
		idx = len(c.Palette) - 1
	}
	b := s.box.Intersect(c.Bounds())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if s.in(float64(x)+0.5, float64(y)+0.5) {
				c.SetColorIndex(x, y, uint8(idx))
			}
		}
	}
}

func (c canvas) encode() []byte {
	var buf bytes.Buffer
	e := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := e.Encode(&buf, c.Paletted); err != nil {
		panic("demo: png: " + err.Error()) // encoding an in-memory image cannot fail
	}
	return buf.Bytes()
}

func box(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(x0))-1, int(math.Floor(y0))-1, int(math.Ceil(x1))+1, int(math.Ceil(y1))+1)
}

func disc(cx, cy, r float64) shape {
	return shape{box(cx-r, cy-r, cx+r, cy+r), func(x, y float64) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r }}
}

func ring(cx, cy, r1, r2 float64) shape {
	return shape{box(cx-r2, cy-r2, cx+r2, cy+r2), func(x, y float64) bool {
		d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
		return d <= r2*r2 && d >= r1*r1
	}}
}

func rect(x0, y0, x1, y1 float64) shape {
	return shape{box(x0, y0, x1, y1), func(x, y float64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }}
}

// within narrows a shape to a box.
func within(s shape, x0, y0, x1, y1 float64) shape {
	r := rect(x0, y0, x1, y1)
	return shape{s.box.Intersect(r.box), func(x, y float64) bool { return r.in(x, y) && s.in(x, y) }}
}

// roundedSquare is a square from m to size-m with corners of radius r.
func roundedSquare(size, m, r float64) shape {
	lo, hi := m+r, size-m-r
	return shape{box(m, m, size-m, size-m), func(x, y float64) bool {
		cx, cy := math.Max(lo, math.Min(x, hi)), math.Max(lo, math.Min(y, hi))
		return x >= m && x < size-m && y >= m && y < size-m && (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	}}
}

// logoPNG draws the k-th organization's logo, 256×256: a disc or a
// rounded square in the organization's colour with a white emblem.
func logoPNG(k int) []byte {
	c := newCanvas(256, 256)
	base := hsv(hue(k), 0.55, 0.72)
	white := color.NRGBA{255, 255, 255, 255}
	if k%2 == 0 {
		c.fill(base, disc(128, 128, 120))
	} else {
		c.fill(base, roundedSquare(256, 8, 48))
	}
	switch k % 5 {
	case 0: // two hands meeting: two discs joined by a bar
		c.fill(white, disc(88, 128, 30))
		c.fill(white, disc(168, 128, 30))
		c.fill(white, rect(88, 118, 168, 138))
	case 1: // a ring around a dot
		c.fill(white, ring(128, 128, 58, 74))
		c.fill(white, disc(128, 128, 26))
	case 2: // a diamond
		c.fill(white, shape{box(58, 58, 198, 198), func(x, y float64) bool { return math.Abs(x-128)+math.Abs(y-128) <= 70 }})
		c.fill(base, shape{box(94, 94, 162, 162), func(x, y float64) bool { return math.Abs(x-128)+math.Abs(y-128) <= 34 }})
	case 3: // a balance: a post, a beam and two pans
		c.fill(white, rect(120, 70, 136, 190))
		c.fill(white, rect(64, 82, 192, 96))
		c.fill(white, within(disc(80, 120, 30), 40, 120, 120, 151))
		c.fill(white, within(disc(176, 120, 30), 136, 120, 216, 151))
		c.fill(white, rect(96, 186, 160, 200))
	default: // three waves (the river and the sea)
		for i := range 3 {
			y0 := 92 + float64(i)*30
			c.fill(white, shape{box(60, y0-9, 197, y0+22), func(x, y float64) bool {
				w := y0 + 9*math.Sin((x-60)/22)
				return x >= 60 && x <= 196 && y >= w && y <= w+12
			}})
		}
	}
	return c.encode()
}

// avatarPNG draws the i-th mediator's photo placeholder, 256×256: a
// silhouette (head and shoulders) on a soft coloured disc, without
// initials or any feature that could be taken for a face.
func avatarPNG(i int) []byte {
	c := newCanvas(256, 256)
	bg := hsv(hue(i+11), 0.30, 0.88)
	fg := hsv(hue(i+11), 0.45, 0.55)
	in := disc(128, 128, 124)
	c.fill(bg, in)
	c.fill(fg, disc(128, 104, 44))
	c.fill(fg, shape{box(44, 156, 212, 256), func(x, y float64) bool {
		dx, dy := (x-128)/84, (y-236)/80
		return in.in(x, y) && dx*dx+dy*dy <= 1
	}})
	return c.encode()
}

// coverPNG draws the cover picture of an article, 960×540: sky, an
// island on the water, the sun, and the alliance's emblem.
func coverPNG() []byte {
	c := newCanvas(960, 540)
	for band := range 6 {
		col := hsv(205, 0.35-float64(band)*0.04, 0.95-float64(band)*0.03)
		c.fill(col, rect(0, float64(band)*50, 960, float64(band+1)*50))
	}
	c.fill(color.NRGBA{250, 214, 120, 255}, disc(770, 110, 56))
	c.fill(hsv(200, 0.55, 0.70), rect(0, 300, 960, 540))
	c.fill(hsv(110, 0.45, 0.62), shape{box(70, 276, 790, 331), func(x, y float64) bool {
		dx, dy := (x-430)/360, (y-318)/42
		return dx*dx+dy*dy <= 1 && y <= 330
	}})
	for i := range 4 {
		y0 := 380 + float64(i)*38
		c.fill(hsv(200, 0.25, 0.90), shape{box(0, y0-6, 960, y0+12), func(x, y float64) bool {
			w := y0 + 6*math.Sin(x/40+float64(i))
			return y >= w && y <= w+5
		}})
	}
	c.fill(color.NRGBA{255, 255, 255, 255}, disc(170, 150, 70))
	c.fill(hsv(hue(0), 0.55, 0.72), disc(140, 150, 26))
	c.fill(hsv(hue(0), 0.55, 0.72), disc(200, 150, 26))
	c.fill(hsv(hue(0), 0.55, 0.72), rect(140, 142, 200, 158))
	return c.encode()
}

// person draws a faceless figure, a head over rounded shoulders, whose
// body ends at y (the ground or the table's edge), of height h.
func (c canvas) person(col color.NRGBA, x, y, h float64) {
	head, w, r := h*0.15, h*0.22, h*0.14
	top := y - h + head*2 + h*0.03 // the shoulders' top
	c.fill(col, disc(x, y-h+head, head))
	c.fill(col, shape{box(x-w, top, x+w, y), func(px, py float64) bool {
		dx := math.Abs(px - x)
		if py < top || py > y || dx > w {
			return false
		}
		ex, ey := dx/w, (py-top-r)/r
		return py >= top+r || ex*ex+ey*ey <= 1
	}})
}

// activityPNG draws the k-th photo of an activity report, 800×600: a
// forum around a long table under a red banner (even k), or mediators
// answering people at a stand outdoors (odd k). The figures are
// faceless, as the mediators' photos are.
func activityPNG(k int) []byte {
	c := newCanvas(800, 600)
	red := color.NRGBA{192, 40, 44, 255}
	if k%2 == 0 {
		c.fill(hsv(40, 0.10, 0.95), rect(0, 0, 800, 600))   // wall
		c.fill(hsv(30, 0.25, 0.78), rect(0, 420, 800, 600)) // floor
		c.fill(red, rect(120, 40, 680, 110))                // banner
		c.fill(hsv(45, 0.5, 0.95), rect(140, 70, 660, 78))  // its line of text
		for i := range 4 {                                  // the far side of the table
			c.person(hsv(hue(i+3), 0.35, 0.45), 220+float64(i)*120, 330, 150)
		}
		c.fill(hsv(25, 0.55, 0.50), rect(120, 320, 680, 360)) // the table
		c.fill(hsv(25, 0.55, 0.38), rect(120, 360, 680, 380))
		for i := range 3 { // the near side, seen from behind
			c.person(hsv(hue(i+9), 0.30, 0.30), 280+float64(i)*120, 520, 190)
		}
		return c.encode()
	}
	c.fill(hsv(205, 0.30, 0.95), rect(0, 0, 800, 380))                               // sky
	c.fill(color.NRGBA{250, 214, 120, 255}, disc(680, 90, 44))                       // sun
	c.fill(hsv(105, 0.40, 0.70), rect(0, 380, 800, 600))                             // grass
	c.fill(hsv(0, 0, 0.98), shape{box(140, 120, 460, 200), func(x, y float64) bool { // the tent's roof
		return y >= 120 && y <= 200 && math.Abs(x-300) <= (y-120)*2
	}})
	c.fill(red, rect(140, 200, 460, 250)) // its valance
	c.fill(hsv(0, 0, 0.55), rect(146, 250, 154, 420))
	c.fill(hsv(0, 0, 0.55), rect(446, 250, 454, 420))
	c.person(hsv(hue(1), 0.35, 0.40), 250, 360, 100) // two mediators behind the desk
	c.person(hsv(hue(2), 0.35, 0.40), 350, 360, 100)
	c.fill(hsv(210, 0.45, 0.55), rect(180, 340, 420, 410)) // the desk
	c.fill(hsv(0, 0, 0.97), rect(540, 200, 700, 320))      // a notice board
	c.fill(red, rect(540, 200, 700, 226))
	c.fill(hsv(0, 0, 0.45), rect(616, 320, 624, 420))
	for i := range 4 { // people come to ask
		c.person(hsv(hue(i+5), 0.40, 0.35), 160+float64(i)*110, 560, 200)
	}
	return c.encode()
}

// pdf returns a one-page PDF whose lines are ASCII text.
func pdf(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 16 Tf 72 770 Td 22 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", pdfEscape(l))
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// pdfEscape keeps a line printable inside a PDF string: ASCII only, with
// backslashes and parentheses escaped.
func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == '(' || r == ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 32 && r < 127:
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// sealPNG draws a demo organization's seal, 256×256 on a transparent
// ground: a red ring around a five-pointed star, with two short bars below
// where the seal's number would be. It carries no name, so that it cannot
// pass for a real seal.
func sealPNG() []byte {
	c := newCanvas(256, 256)
	red := color.NRGBA{200, 16, 32, 235}
	c.fill(red, ring(128, 128, 112, 124))
	c.fill(red, star(128, 118, 54, 21))
	c.fill(red, rect(86, 188, 170, 196))
	c.fill(red, rect(100, 204, 156, 210))
	return c.encode()
}

// star is a five-pointed star centred at (cx, cy) with outer and inner
// radii ro and ri, pointing up.
func star(cx, cy, ro, ri float64) shape {
	var xs, ys [10]float64
	for i := range 10 {
		r := ro
		if i%2 == 1 {
			r = ri
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		xs[i], ys[i] = cx+r*math.Cos(a), cy+r*math.Sin(a)
	}
	return shape{box(cx-ro, cy-ro, cx+ro, cy+ro), func(x, y float64) bool {
		// Even-odd rule over the star's ten edges.
		in := false
		for i, j := 0, 9; i < 10; j, i = i, i+1 {
			if (ys[i] > y) != (ys[j] > y) && x < (xs[j]-xs[i])*(y-ys[i])/(ys[j]-ys[i])+xs[i] {
				in = !in
			}
		}
		return in
	}}
}
