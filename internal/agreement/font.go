package agreement

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/signintech/gopdf"
)

// fontFamily is the name the font is registered under in each document.
const fontFamily = "cjk"

// systemFontDirs are the directories searched for a font when none is
// configured: where Debian packages and administrators install fonts.
var systemFontDirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}

// knownFontFiles are the file names looked for in the font directories, best
// first. All are openly licensed TrueType (glyf) fonts with CJK, Latin and
// digits: LXGW WenKai (fonts-lxgw-wenkai, OFL-1.1) is a 楷体-like face that
// suits a formal document; WenQuanYi Micro Hei and Zen Hei
// (fonts-wqy-microhei, fonts-wqy-zenhei) are collections, split on load.
// Noto CJK is absent on purpose: its CFF outlines are unreadable by gopdf;
// so is Droid Sans Fallback, which has no digits or Latin letters.
var knownFontFiles = []string{
	"LXGWWenKai-Regular.ttf",
	"wqy-microhei.ttc",
	"wqy-zenhei.ttc",
}

// ErrNoFont is returned (wrapped) by LoadFonts when no usable font is found.
var ErrNoFont = errors.New("agreement: no usable CJK TrueType font: install the Debian package " +
	"fonts-wqy-microhei or fonts-lxgw-wenkai, or configure the path of a TrueType (.ttf/.ttc) CJK font")

// requiredRunes must all be in the font: the title, digits for numbers,
// dates and amounts, Latin letters for masked identity numbers, and the
// full-width punctuation of the text. A font without them would print an
// agreement with silent gaps.
const requiredRunes = "人民调解协议书第页共号0123456789AXZaxz*（）《》。，、；：“”"

// FontConfig says where the agreement font comes from.
type FontConfig struct {
	// Path is a configured font file (.ttf, or .ttc whose first font is
	// used). When set, only this file is tried, so that a misconfiguration
	// is reported instead of silently replaced by another face.
	Path string
	// Dirs are searched, with their subdirectories, when Path is empty,
	// for LXGWWenKai-Regular.ttf, wqy-microhei.ttc and wqy-zenhei.ttc in
	// that order of preference; nil means /usr/share/fonts and
	// /usr/local/share/fonts.
	Dirs []string
	// Lazy finds the font now and parses it on first use. A server
	// starts faster by the parse (about a second for a CJK face) and does
	// not hold the parsed font while no PDF is asked for; a broken file
	// is then reported by the first render instead of at start-up.
	Lazy bool
}

// Fonts is a font parsed once and shared, read-only, by every Render: parsing
// a CJK font takes far longer than laying out an agreement. It is safe for
// concurrent use.
type Fonts struct {
	// Path is the file the font was read from, for logs and diagnostics.
	Path      string
	once      sync.Once // parses Path on first use when loaded lazily
	err       error     // the lazy parse's failure
	container *gopdf.FontContainer
	lookup    *gopdf.SubsetFontObj // cmap lookups to find missing glyphs
}

// ready parses a lazily loaded font on first use; a parsed one is ready.
func (f *Fonts) ready() error {
	f.once.Do(func() {
		if f.container != nil {
			return
		}
		g, err := readFont(f.Path)
		if err != nil {
			f.err = fmt.Errorf("agreement: font: %w", err)
			return
		}
		f.container, f.lookup = g.container, g.lookup
	})
	return f.err
}

// LoadFonts finds and parses the agreement font, as FontConfig describes.
// It fails with an error wrapping ErrNoFont when nothing usable is found,
// which names the Debian packages to install.
func LoadFonts(cfg FontConfig) (*Fonts, error) {
	if cfg.Lazy {
		return findFont(cfg)
	}
	if cfg.Path != "" {
		f, err := readFont(cfg.Path)
		if err != nil {
			return nil, fmt.Errorf("agreement: font: %w", err)
		}
		return f, nil
	}
	dirs := cfg.Dirs
	if dirs == nil {
		dirs = systemFontDirs
	}
	var tried []string
	for _, path := range findFonts(dirs) {
		f, err := readFont(path)
		if err == nil {
			return f, nil
		}
		tried = append(tried, err.Error())
	}
	if len(tried) > 0 {
		return nil, fmt.Errorf("%w (unusable: %s)", ErrNoFont, strings.Join(tried, "; "))
	}
	return nil, fmt.Errorf("%w (searched %s for %s)", ErrNoFont,
		strings.Join(dirs, ", "), strings.Join(knownFontFiles, ", "))
}

// findFont finds the font LoadFonts would parse, without parsing it: the
// configured file, or the best font found, which must be a readable file.
func findFont(cfg FontConfig) (*Fonts, error) {
	paths := []string{cfg.Path}
	if cfg.Path == "" {
		dirs := cfg.Dirs
		if dirs == nil {
			dirs = systemFontDirs
		}
		if paths = findFonts(dirs); len(paths) == 0 {
			return nil, fmt.Errorf("%w (searched %s for %s)", ErrNoFont, strings.Join(dirs, ", "), strings.Join(knownFontFiles, ", "))
		}
	}
	st, err := os.Stat(paths[0])
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%s: not a file", paths[0])
	}
	if err != nil {
		return nil, fmt.Errorf("agreement: font: %w", err)
	}
	return &Fonts{Path: paths[0]}, nil
}

// findFonts returns the paths of the knownFontFiles under dirs, best font
// first, and in dirs order for the same font, in one walk of the
// directories. Missing or unreadable directories are skipped: a system need
// not have them all.
func findFonts(dirs []string) []string {
	found := make([][]string, len(knownFontFiles))
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // skip what cannot be read, keep walking the rest
			}
			if i := slices.Index(knownFontFiles, d.Name()); i >= 0 && !d.IsDir() {
				found[i] = append(found[i], path)
			}
			return nil
		})
	}
	return slices.Concat(found...)
}

// readFont reads and parses the font file at path. Its errors name the
// path; the caller adds the package prefix.
func readFont(path string) (*Fonts, error) {
	data, err := os.ReadFile(path) // a *PathError names the path
	if err != nil {
		return nil, err
	}
	f, err := parseFont(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Path = path
	return f, nil
}

// ParseFont parses a TrueType font (.ttf) or collection (.ttc, whose first
// font is taken), for a caller that holds the bytes itself, for instance a
// licensed face stored with the deployment. It rejects fonts gopdf cannot
// draw with, and fonts lacking the digits, Latin letters or punctuation an
// agreement needs.
func ParseFont(data []byte) (*Fonts, error) {
	f, err := parseFont(data)
	if err != nil {
		return nil, fmt.Errorf("agreement: font: %w", err)
	}
	return f, nil
}

// parseFont is ParseFont without the package prefix on its errors.
func parseFont(data []byte) (*Fonts, error) {
	if len(data) < 4 {
		return nil, errors.New("file too short")
	}
	if bytes.Equal(data[:4], tagCollection) {
		var err error
		if data, err = splitTTC(data, 0); err != nil {
			return nil, err
		}
	}
	switch {
	case bytes.Equal(data[:4], tagCFF):
		return nil, errors.New("CFF outlines (OpenType/CFF, such as Noto CJK), which gopdf cannot embed; use a TrueType font")
	case !bytes.Equal(data[:4], tagTrueType):
		return nil, fmt.Errorf("unknown format (starts with %q); need TrueType .ttf or .ttc", data[:4])
	}

	lookup := new(gopdf.SubsetFontObj)
	lookup.SetTtfFontOption(gopdf.TtfOption{})
	if err := lookup.SetTTFData(data); err != nil {
		return nil, err
	}
	f := &Fonts{container: new(gopdf.FontContainer), lookup: lookup}
	if missing := f.missing(requiredRunes); missing != "" {
		return nil, fmt.Errorf("lacks %q, which agreements need (a CJK-only fallback font?)", missing)
	}
	if err := f.container.AddTTFFontData(fontFamily, data); err != nil {
		return nil, err
	}
	return f, nil
}

// missing returns the distinct characters of s that the font cannot draw,
// in order of appearance. gopdf would print a blank in their place; in a
// legal document a blank in a name or an amount must be an error instead.
// Line breaks and tabs are never drawn, so never missing.
func (f *Fonts) missing(s string) string {
	var out []rune
	for _, r := range s {
		if r == '\n' || r == '\t' || r == utf8.RuneError || containsRune(out, r) {
			continue
		}
		if gid, err := f.lookup.CharCodeToGlyphIndex(r); err != nil || gid == 0 {
			out = append(out, r)
		}
	}
	return string(out)
}

// containsRune reports whether r is in rs; the lists are tiny.
func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
