package agreement

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The first four bytes of the font files this package meets.
var (
	tagTrueType   = []byte{0, 1, 0, 0} // sfnt with glyf outlines: what gopdf reads
	tagCollection = []byte("ttcf")     // TrueType/OpenType collection (.ttc, .otc)
	tagCFF        = []byte("OTTO")     // OpenType with CFF outlines (Noto CJK)
)

// splitTTC extracts font number index of a TrueType collection as a
// standalone TrueType file. gopdf reads only plain sfnt files, while Debian
// ships WenQuanYi Micro Hei (and Zen Hei, and Windows ships SimSun) as
// collections; copying one font's tables out is all a collection needs to
// become a file gopdf accepts.
//
// A collection starts with a header (tag, version, the number of fonts and
// the offset of each font's table directory). Each directory is an ordinary
// sfnt header whose table records point into the whole collection, tables
// being shared between fonts. The result is that directory followed by the
// tables it names, each re-offset and padded to four bytes as the sfnt
// format requires, with head.checkSumAdjustment recomputed for the new file.
//
// Its errors carry no package prefix: callers add it.
func splitTTC(data []byte, index int) ([]byte, error) {
	if len(data) < 12 || string(data[:4]) != string(tagCollection) {
		return nil, errors.New("not a font collection (no ttcf header)")
	}
	n := int(binary.BigEndian.Uint32(data[8:]))
	if index < 0 || index >= n {
		return nil, fmt.Errorf("font collection has %d fonts, cannot take font %d", n, index)
	}
	if 12+4*n > len(data) {
		return nil, errors.New("font collection is truncated (header)")
	}
	dir := int(binary.BigEndian.Uint32(data[12+4*index:]))
	if dir+12 > len(data) {
		return nil, errors.New("font collection is truncated (table directory)")
	}
	numTables := int(binary.BigEndian.Uint16(data[dir+4:]))
	headerLen := 12 + 16*numTables
	if dir+headerLen > len(data) {
		return nil, errors.New("font collection is truncated (table records)")
	}

	size := headerLen
	for i := range numTables {
		rec := data[dir+12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, fmt.Errorf("font collection is truncated (table %q)", rec[:4])
		}
		size += pad4(int(length))
	}

	out := make([]byte, size)
	copy(out, data[dir:dir+headerLen]) // sfnt version, table count, search fields, records
	next, head := headerLen, -1
	for i := range numTables {
		rec := out[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), int(binary.BigEndian.Uint32(rec[12:]))
		copy(out[next:], data[off:int(off)+length])
		binary.BigEndian.PutUint32(rec[8:], uint32(next))
		if string(rec[:4]) == "head" && length >= 12 {
			head = next
		}
		next += pad4(length)
	}
	if head >= 0 {
		// The whole-file checksum covers the new directory; the head table's
		// own checksum is defined with this field as zero, so it stays valid.
		binary.BigEndian.PutUint32(out[head+8:], 0)
		binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-sfntChecksum(out))
	}
	return out, nil
}

// pad4 rounds n up to a multiple of four: sfnt tables start on 4-byte
// boundaries.
func pad4(n int) int { return (n + 3) &^ 3 }

// sfntChecksum is the sfnt checksum: the sum of the data as big-endian
// 32-bit words, the last one zero-padded.
func sfntChecksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}
