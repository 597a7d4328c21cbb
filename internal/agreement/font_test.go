package agreement

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeFile writes data to dir/name, creating directories, and returns the
// path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLoadFontsNone needs no font: it is the error an administrator sees.
func TestLoadFontsNone(t *testing.T) {
	empty := t.TempDir()
	junk := t.TempDir()
	junkPath := writeFile(t, junk, "sub/wqy-microhei.ttc", []byte("not a font at all"))
	tests := []struct {
		name string
		cfg  FontConfig
		want []string
	}{
		{"empty directory", FontConfig{Dirs: []string{empty}},
			[]string{"fonts-wqy-microhei", "fonts-lxgw-wenkai", "searched " + empty, "wqy-microhei.ttc"}},
		{"missing directory", FontConfig{Dirs: []string{filepath.Join(empty, "nope")}},
			[]string{"fonts-wqy-microhei", "searched"}},
		{"unusable file", FontConfig{Dirs: []string{junk}},
			[]string{"fonts-wqy-microhei", "unusable: " + junkPath, "unknown format"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := LoadFonts(tc.cfg)
			if !errors.Is(err, ErrNoFont) {
				t.Fatalf("LoadFonts = %v, %v; want ErrNoFont", f, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadFonts(t *testing.T) {
	ttc := readWQY(t)
	ttf, err := splitTTC(ttc, 0)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plain := writeFile(t, dir, "plain/WQY-split.ttf", ttf)
	nested := writeFile(t, dir, "deep/er/wqy-microhei.ttc", ttc)
	junk := writeFile(t, dir, "junk.ttf", []byte("junk"))

	tests := []struct {
		name     string
		cfg      FontConfig
		wantPath string // "" for any system font
		wantErr  string
	}{
		{"system", FontConfig{}, "", ""},
		{"configured TrueType file", FontConfig{Path: plain}, plain, ""},
		{"configured collection", FontConfig{Path: wqyMicroHei}, wqyMicroHei, ""},
		{"found in a subdirectory", FontConfig{Dirs: []string{filepath.Join(dir, "deep")}}, nested, ""},
		{"configured file missing: no fallback", FontConfig{Path: filepath.Join(dir, "nope.ttf")}, "", "agreement: font: open " + filepath.Join(dir, "nope.ttf") + ": no such file"},
		{"configured file unusable: no fallback", FontConfig{Path: junk}, "", "agreement: font: " + junk + ": unknown format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := LoadFonts(tc.cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("LoadFonts = %v, want an error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantPath != "" && f.Path != tc.wantPath {
				t.Errorf("Path = %q, want %q", f.Path, tc.wantPath)
			}
			if !slices.Contains(knownFontFiles, filepath.Base(f.Path)) && tc.wantPath == "" {
				t.Errorf("Path = %q, not one of %v", f.Path, knownFontFiles)
			}
			if m := f.missing(requiredRunes + "张三丰李四娘"); m != "" {
				t.Errorf("font %s lacks %q", f.Path, m)
			}
		})
	}
}

func TestParseFontErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"OpenType CFF (Noto CJK)", []byte("OTTO\x00\x10\x00\x80"), "CFF outlines"},
		{"WOFF", []byte("wOFF\x00\x01\x00\x00"), "unknown format"},
		{"broken TrueType", []byte("\x00\x01\x00\x00\x00\x05"), "agreement: font:"},
		{"broken collection", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x09"), "agreement: font: font collection is truncated (header)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFont(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "agreement: ") {
				t.Errorf("ParseFont = %v, want an agreement error with %q", err, tc.want)
			}
		})
	}
}

// TestLoadFontsLazy: a lazy load finds the font without parsing it, the
// first render parses it, and a broken file found lazily is reported by
// the render that needs it; a missing font is still an error at once.
func TestLoadFontsLazy(t *testing.T) {
	f, err := LoadFonts(FontConfig{Path: wqyMicroHei, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != wqyMicroHei || f.container != nil {
		t.Fatalf("lazy load of %s: path %q, parsed %v", wqyMicroHei, f.Path, f.container != nil)
	}
	var b bytes.Buffer
	if err := Render(&b, sample(), f); err != nil || !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) {
		t.Fatalf("first render: %v", err)
	}
	if f.container == nil {
		t.Error("the font is still unparsed after a render")
	}

	junk := writeFile(t, t.TempDir(), "wqy-microhei.ttc", []byte("junk"))
	bad, err := LoadFonts(FontConfig{Dirs: []string{filepath.Dir(junk)}, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(&b, sample(), bad); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("render with a broken font: %v", err)
	}
	if _, err := LoadFonts(FontConfig{Dirs: []string{t.TempDir()}, Lazy: true}); !errors.Is(err, ErrNoFont) {
		t.Errorf("lazy load with no font: %v, want ErrNoFont", err)
	}
}
