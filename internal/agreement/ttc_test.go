package agreement

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
)

// wqyMicroHei is the collection Debian's fonts-wqy-microhei installs.
const wqyMicroHei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

// readWQY returns the WenQuanYi Micro Hei collection, or skips (fails in
// CI) without it.
func readWQY(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(wqyMicroHei)
	need(t, wqyMicroHei, "fonts-wqy-microhei", err)
	return data
}

// utf16BE encodes s as the name table's Windows strings are encoded.
func utf16BE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.BigEndian.AppendUint16(b, u)
	}
	return b
}

func TestSplitTTC(t *testing.T) {
	ttc := readWQY(t)
	tests := []struct {
		index   int
		family  string
		notMono bool
	}{
		{0, "WenQuanYi Micro Hei", true},
		{1, "WenQuanYi Micro Hei Mono", false},
	}
	for _, tc := range tests {
		t.Run(tc.family, func(t *testing.T) {
			ttf, err := splitTTC(ttc, tc.index)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ttf[:4], tagTrueType) {
				t.Fatalf("starts with %x, want a TrueType sfnt", ttf[:4])
			}
			dir := int(binary.BigEndian.Uint32(ttc[12+4*tc.index:]))
			numTables := int(binary.BigEndian.Uint16(ttf[4:]))
			if want := int(binary.BigEndian.Uint16(ttc[dir+4:])); numTables != want {
				t.Fatalf("%d tables, the collection's directory has %d", numTables, want)
			}
			tables := map[string][]byte{}
			for i := range numTables {
				rec, src := ttf[12+16*i:], ttc[dir+12+16*i:]
				tag := string(rec[:4])
				sum, off, length := binary.BigEndian.Uint32(rec[4:]), binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
				if off%4 != 0 || int(off+length) > len(ttf) {
					t.Fatalf("table %q at %d+%d: misaligned or outside the %d-byte file", tag, off, length, len(ttf))
				}
				if !bytes.Equal(rec[:8], src[:8]) || !bytes.Equal(rec[12:16], src[12:16]) {
					t.Errorf("record %d (%q) differs from the collection's beyond its offset", i, tag)
				}
				data := bytes.Clone(ttf[off : off+length])
				srcOff := binary.BigEndian.Uint32(src[8:])
				orig := bytes.Clone(ttc[srcOff : srcOff+length])
				if tag == "head" {
					// checkSumAdjustment is rewritten for the new file.
					// (WenQuanYi's own head checksum is not the spec's, so
					// the copy is compared, not the checksum.)
					binary.BigEndian.PutUint32(data[8:], 0)
					binary.BigEndian.PutUint32(orig[8:], 0)
				} else if got := sfntChecksum(data); got != sum {
					t.Errorf("table %q checksum %08x, record says %08x", tag, got, sum)
				}
				if !bytes.Equal(data, orig) {
					t.Errorf("table %q differs from the collection's", tag)
				}
				tables[tag] = data
			}
			for _, tag := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name"} {
				if tables[tag] == nil {
					t.Errorf("table %q missing", tag)
				}
			}
			if got := sfntChecksum(ttf); got != 0xB1B0AFBA {
				t.Errorf("whole-file checksum %08x, want B1B0AFBA (checkSumAdjustment wrong)", got)
			}
			name := tables["name"]
			if !bytes.Contains(name, utf16BE(tc.family)) {
				t.Errorf("name table lacks %q: the wrong font was taken", tc.family)
			}
			if tc.notMono && bytes.Contains(name, utf16BE("Mono")) {
				t.Errorf("font %d is the Mono face", tc.index)
			}
			f, err := ParseFont(ttf)
			if err != nil {
				t.Fatalf("the split font does not load: %v", err)
			}
			if m := f.missing("人民调解协议书张三丰（2026）崇人调字第12号"); m != "" {
				t.Errorf("the split font lacks %q", m)
			}
		})
	}
}

func TestSplitTTCErrors(t *testing.T) {
	ttc := readWQY(t)
	ttf, err := splitTTC(ttc, 0)
	if err != nil {
		t.Fatal(err)
	}
	shortHeader := append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01"), 0, 0, 0, 16)
	tests := []struct {
		name  string
		data  []byte
		index int
		want  string
	}{
		{"plain TrueType", ttf, 0, "not a font collection"},
		{"empty", nil, 0, "not a font collection"},
		{"no such font", ttc, 2, "has 2 fonts, cannot take font 2"},
		{"negative index", ttc, -1, "cannot take font -1"},
		{"directory beyond the end", shortHeader, 0, "truncated (table directory)"},
		{"tables beyond the end", ttc[:len(ttc)/2], 0, "truncated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := splitTTC(tc.data, tc.index)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("splitTTC = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
