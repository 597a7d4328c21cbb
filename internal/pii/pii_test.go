package pii_test

import (
	"bytes"
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tiaojie"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
)

// Test master keys. They are fixed so that failures are reproducible; they protect nothing.
const (
	hex1 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	hex2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
)

// code returns the Code of the first *tiaojie.Error in err's chain, or "".
func code(err error) string {
	var e *tiaojie.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// master parses a key file or fails the test.
func master(t testing.TB, data string) *keys.Master {
	t.Helper()
	m, err := keys.ParseKeyFile([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// seal seals plaintext or fails the test.
func seal(t testing.TB, s *pii.Sealer, plaintext, aad string) []byte {
	t.Helper()
	c, err := s.Seal([]byte(plaintext), aad)
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return c
}

// fakeProvider returns a fixed error, standing in for a crypto module.
type fakeProvider struct{ err error }

func (f fakeProvider) Key(keys.Purpose, uint16) ([]byte, uint16, error) { return nil, 0, f.err }

func TestSealOpen(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	tests := []struct {
		name, plaintext, aad string
	}{
		{"ascii", "13800138000", "users.phone:42"},
		{"chinese", "北京市朝阳区人民调解委员会 张三", "parties.address:7"},
		{"id number", "11010519491231002X", "parties.idcard:7"},
		{"empty", "", "cases.note:1"},
		{"empty aad", "x", ""},
		{"long", strings.Repeat("调解", 4096), "agreements.body:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := seal(t, s, tt.plaintext, tt.aad)
			if got, want := len(c), len(tt.plaintext)+pii.Overhead; got != want {
				t.Errorf("ciphertext length = %d, want %d", got, want)
			}
			// A short plaintext occurs in random bytes by chance (one byte:
			// about one time in eight here), so only longer ones tell.
			if len(tt.plaintext) >= 8 && bytes.Contains(c, []byte(tt.plaintext)) {
				t.Error("ciphertext contains the plaintext")
			}
			got, err := s.Open(c, tt.aad)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if diff := cmp.Diff([]byte(tt.plaintext), got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSealLayout(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1+"\nv513 "+hex2))
	c := seal(t, s, "13800138000", "users.phone:42")
	if diff := cmp.Diff([]byte{0x01, 0x02, 0x01}, c[:3]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	v, err := pii.KeyVersion(c)
	if err != nil || v != 513 {
		t.Errorf("KeyVersion = %d, %v; want 513", v, err)
	}
}

func TestSealRandomNonce(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	a := seal(t, s, "13800138000", "users.phone:42")
	b := seal(t, s, "13800138000", "users.phone:42")
	if bytes.Equal(a, b) {
		t.Error("two seals of the same value are equal")
	}
	if bytes.Equal(a[3:15], b[3:15]) {
		t.Error("two seals share a nonce")
	}
}

func TestOpenDetectsTampering(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	const aad = "users.phone:42"
	c := seal(t, s, "13800138000", aad)
	for i := range c {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			bad := bytes.Clone(c)
			bad[i] ^= mask
			got, err := s.Open(bad, aad)
			if code(err) != "pii.integrity" && code(err) != "pii.format" {
				t.Errorf("byte %d ^ %#02x: Open = %q, %v; want pii.integrity or pii.format", i, mask, got, err)
				continue
			}
			if got != nil {
				t.Errorf("byte %d ^ %#02x: Open returned data with its error", i, mask)
			}
			if !tiaojie.IsKind(err, tiaojie.Internal) {
				t.Errorf("byte %d ^ %#02x: kind %v, want internal", i, mask, tiaojie.ErrorKind(err))
			}
			if strings.Contains(err.Error(), "13800138000") {
				t.Errorf("byte %d: error %q reveals the plaintext", i, err)
			}
		}
	}
	// Truncation and extension.
	for _, bad := range [][]byte{c[:len(c)-1], c[:pii.Overhead], c[:pii.Overhead-1], c[:3], c[:1], append(bytes.Clone(c), 0)} {
		if _, err := s.Open(bad, aad); code(err) != "pii.integrity" && code(err) != "pii.format" {
			t.Errorf("%d of %d bytes: Open = %v; want pii.integrity or pii.format", len(bad), len(c), err)
		}
	}
}

func TestOpenFormat(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	good := seal(t, s, "x", "a")
	zeroVersion := bytes.Clone(good)
	zeroVersion[1], zeroVersion[2] = 0, 0
	otherFormat := bytes.Clone(good)
	otherFormat[0] = 0x02
	tests := []struct {
		name string
		c    []byte
	}{
		{"nil", nil},
		{"plaintext left in the column", []byte("13800138000 plain text left over")},
		{"format 2", otherFormat},
		{"version 0", zeroVersion},
		{"too short", good[:pii.Overhead-1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Open(tt.c, "a"); code(err) != "pii.format" {
				t.Errorf("Open = %v, want pii.format", err)
			}
			if _, err := pii.KeyVersion(tt.c); code(err) != "pii.format" {
				t.Errorf("KeyVersion = %v, want pii.format", err)
			}
		})
	}
}

func TestOpenBindsLocation(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	phone42 := seal(t, s, "13800138000", "users.phone:42")
	phone43 := seal(t, s, "13900139000", "users.phone:43")
	tests := []struct {
		name string
		c    []byte
		aad  string
	}{
		{"other column", phone42, "users.idcard:42"},
		{"other row", phone42, "users.phone:43"},
		{"empty aad", phone42, ""},
		{"swapped into row 43", phone42, "users.phone:43"},
		{"swapped into row 42", phone43, "users.phone:42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Open(tt.c, tt.aad); code(err) != "pii.integrity" {
				t.Errorf("Open = %v, want pii.integrity", err)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	m := master(t, "v1 "+hex1)
	s := pii.NewSealer(m)
	old := seal(t, s, "13800138000", "users.phone:42")
	oldIndex, err := s.Index("phone", "13800138000")
	if err != nil {
		t.Fatal(err)
	}
	content, err := m.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	fresh := seal(t, s, "13800138000", "users.phone:42")
	for _, tc := range []struct {
		c    []byte
		want uint16
	}{{old, 1}, {fresh, 2}} {
		if v, err := pii.KeyVersion(tc.c); err != nil || v != tc.want {
			t.Errorf("KeyVersion = %d, %v; want %d", v, err, tc.want)
		}
	}
	for _, c := range [][]byte{old, fresh} {
		if got, err := s.OpenString(c, "users.phone:42"); err != nil || got != "13800138000" {
			t.Errorf("OpenString = %q, %v", got, err)
		}
	}
	// The version is authenticated: relabelling v2 data as v1 fails.
	relabelled := bytes.Clone(fresh)
	relabelled[2] = 1
	if _, err := s.Open(relabelled, "users.phone:42"); code(err) != "pii.integrity" {
		t.Errorf("relabelled version: %v, want pii.integrity", err)
	}
	// The index is stable across rotation.
	if idx, err := s.Index("phone", "13800138000"); err != nil || idx != oldIndex {
		t.Errorf("index changed across rotation: %s → %s (%v)", oldIndex, idx, err)
	}
	// Another instance that reloads the rotated file reads both.
	other := pii.NewSealer(master(t, string(content)))
	for _, c := range [][]byte{old, fresh} {
		if _, err := other.Open(c, "users.phone:42"); err != nil {
			t.Errorf("reloaded key file: %v", err)
		}
	}
}

func TestOpenMissingVersion(t *testing.T) {
	v2 := pii.NewSealer(master(t, "v1 "+hex1+"\nv2 "+hex2))
	c := seal(t, v2, "13800138000", "users.phone:42")
	onlyV1 := pii.NewSealer(master(t, "v1 "+hex1))
	_, err := onlyV1.Open(c, "users.phone:42")
	if code(err) != "pii.integrity" {
		t.Fatalf("Open = %v, want pii.integrity", err)
	}
	if !keys.IsUnknownVersion(err) {
		t.Errorf("the cause does not say keys.unknown_version: %v", err)
	}
	if !strings.Contains(err.Error(), "key version 2") {
		t.Errorf("error %q does not name the missing version", err)
	}
}

func TestProviderFailures(t *testing.T) {
	down := tiaojie.E(tiaojie.Unavailable, "hsm.down")
	misconfigured := errors.New("no such key slot")
	s := pii.NewSealer(master(t, "v1 "+hex1))
	c := seal(t, s, "x", "a")
	tests := []struct {
		name string
		err  error
		kind tiaojie.Kind
		code string
	}{
		{"outage keeps its kind", down, tiaojie.Unavailable, "hsm.down"},
		{"other failure is internal", misconfigured, tiaojie.Internal, "pii.key_unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := pii.NewSealer(fakeProvider{tt.err})
			_, sealErr := bad.Seal([]byte("x"), "a")
			_, openErr := bad.Open(c, "a")
			_, indexErr := bad.Index("phone", "x")
			for name, err := range map[string]error{"Seal": sealErr, "Open": openErr, "Index": indexErr} {
				if tiaojie.ErrorKind(err) != tt.kind || code(err) != tt.code || !errors.Is(err, tt.err) {
					t.Errorf("%s = %v; want kind %v, code %s, wrapping the cause", name, err, tt.kind, tt.code)
				}
			}
		})
	}
}

func TestStrings(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	c, err := s.SealString("", "users.phone:42")
	if err != nil || c != nil {
		t.Errorf("SealString(\"\") = %v, %v; want nil, nil", c, err)
	}
	for _, empty := range [][]byte{nil, {}} {
		if got, err := s.OpenString(empty, "users.phone:42"); err != nil || got != "" {
			t.Errorf("OpenString(%v) = %q, %v; want \"\"", empty, got, err)
		}
	}
	c, err = s.SealString("张三", "parties.name:1")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.OpenString(c, "parties.name:1"); err != nil || got != "张三" {
		t.Errorf("OpenString = %q, %v", got, err)
	}
	if _, err := s.OpenString(c, "parties.name:2"); code(err) != "pii.integrity" {
		t.Errorf("OpenString in another row = %v, want pii.integrity", err)
	}
}

func TestIndex(t *testing.T) {
	s1 := pii.NewSealer(master(t, "v1 "+hex1))
	s1rotated := pii.NewSealer(master(t, "v1 "+hex1+"\nv2 "+hex2))
	s2 := pii.NewSealer(master(t, "v1 "+hex2))
	index := func(s *pii.Sealer, kind, value string) string {
		t.Helper()
		idx, err := s.Index(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		return idx
	}
	a := index(s1, "phone", "13800138000")

	// The documented construction, computed independently.
	key, _, err := master(t, "v1 "+hex1).Key(keys.BlindIndex, 1)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sm3.New, key)
	mac.Write([]byte("phone\x0013800138000"))
	if diff := cmp.Diff(hex.EncodeToString(mac.Sum(nil)), a); diff != "" {
		t.Errorf("index construction (-want +got):\n%s", diff)
	}

	if len(a) != 64 || strings.ToLower(a) != a {
		t.Errorf("index %q is not 64 lower-case hex digits", a)
	}
	tests := []struct {
		name  string
		other string
		equal bool
	}{
		{"deterministic", index(s1, "phone", "13800138000"), true},
		{"uses v1 after rotation", index(s1rotated, "phone", "13800138000"), true},
		{"other value", index(s1, "phone", "13800138001"), false},
		{"other kind", index(s1, "idcard", "13800138000"), false},
		{"other master key", index(s2, "phone", "13800138000"), false},
		{"kind/value boundary", index(s1, "phone1", "3800138000"), false},
	}
	for _, tt := range tests {
		if got := tt.other == a; got != tt.equal {
			t.Errorf("%s: equal = %t, want %t", tt.name, got, tt.equal)
		}
	}
	for _, kind := range []string{"", "pho\x00ne"} {
		if _, err := s1.Index(kind, "x"); err == nil {
			t.Errorf("Index(%q) succeeded; want an error", kind)
		}
	}
	// A provider that has retired v1 cannot compute indexes.
	noV1 := pii.NewSealer(master(t, "v2 "+hex2))
	if _, err := noV1.Index("phone", "x"); !keys.IsUnknownVersion(err) {
		t.Errorf("Index without v1 = %v, want keys.unknown_version", err)
	}
}

func BenchmarkSeal(b *testing.B) {
	s := pii.NewSealer(master(b, "v1 "+hex1))
	value := bytes.Repeat([]byte("a"), 64)
	b.SetBytes(int64(len(value)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Seal(value, "users.phone:42"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	s := pii.NewSealer(master(b, "v1 "+hex1))
	c := seal(b, s, strings.Repeat("a", 64), "users.phone:42")
	b.SetBytes(64)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Open(c, "users.phone:42"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIndex(b *testing.B) {
	s := pii.NewSealer(master(b, "v1 "+hex1))
	value := strings.Repeat("1", 64)
	b.SetBytes(int64(len(value)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Index("phone", value); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSealIndexed(t *testing.T) {
	s := pii.NewSealer(master(t, "v1 "+hex1))
	enc, idx, err := s.SealIndexed("", "users.phone:1", "phone")
	if err != nil || enc != nil || idx.Valid {
		t.Fatalf("empty value: %v %v %v, want nothing stored", enc, idx, err)
	}
	enc, idx, err = s.SealIndexed("13800138000", "users.phone:1", "phone")
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.Index("phone", "13800138000")
	if err != nil {
		t.Fatal(err)
	}
	if !idx.Valid || idx.String != want {
		t.Errorf("index = %v, want %s", idx, want)
	}
	if got, err := s.OpenString(enc, "users.phone:1"); err != nil || got != "13800138000" {
		t.Errorf("open = %q, %v", got, err)
	}
	if _, err := s.OpenString(enc, "users.phone:2"); err == nil {
		t.Error("opened under another row's aad")
	}
}
