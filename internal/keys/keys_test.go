package keys_test

import (
	"bytes"
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emmansun/gmsm/sm3"
	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/keys"
)

// Test keys. They are fixed so that failures are reproducible; they protect nothing.
const (
	hex1 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	hex2 = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
	hex3 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

// code returns the Code of the first *tiaojie.Error in err's chain, or "".
func code(err error) string {
	var e *tiaojie.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// args returns the Args of the first *tiaojie.Error in err's chain.
func args(err error) map[string]string {
	var e *tiaojie.Error
	if errors.As(err, &e) {
		return e.Args
	}
	return nil
}

// mustParse parses a key file or fails the test.
func mustParse(t *testing.T, data string) *keys.Master {
	t.Helper()
	m, err := keys.ParseKeyFile([]byte(data))
	if err != nil {
		t.Fatalf("ParseKeyFile: %v", err)
	}
	return m
}

// writeFile writes data to a new file in a temporary directory with mode.
func writeFile(t *testing.T, data []byte, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tiaojie.keys")
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode is filtered by the umask; set it exactly.
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSM3_KAT(t *testing.T) {
	// GB/T 32905-2016 Appendix A, example 1.
	got := sm3.Sum([]byte("abc"))
	want := "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
	if diff := cmp.Diff(want, hex.EncodeToString(got[:])); diff != "" {
		t.Errorf("SM3(abc) mismatch (-want +got):\n%s", diff)
	}
}

func TestParseKeyFile(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		versions []uint16
		code     string
		line     string
	}{
		{
			name:     "good file with comments",
			data:     "# tiaojie keys\n\n  v1 " + hex1 + "  # first\nv2\t" + strings.ToUpper(hex2) + "\r\n\n# end\n",
			versions: []uint16{1, 2},
		},
		{name: "versions out of order", data: "v7 " + hex3 + "\nv2 " + hex2 + "\n", versions: []uint16{2, 7}},
		{name: "highest version", data: "v65535 " + hex1, versions: []uint16{65535}},
		{name: "no trailing newline", data: "v1 " + hex1, versions: []uint16{1}},
		{name: "duplicate version", data: "v1 " + hex1 + "\nv1 " + hex2 + "\n", code: "keys.duplicate_version", line: "2"},
		{name: "same key twice", data: "v1 " + hex1 + "\n\nv2 " + hex1 + "\n", code: "keys.duplicate_key", line: "3"},
		{name: "bad hex", data: "# c\nv1 " + strings.Replace(hex1, "a", "g", 1) + "\n", code: "keys.bad_key", line: "2"},
		{name: "short key", data: "v1 " + hex1[:62] + "\n", code: "keys.bad_key", line: "1"},
		{name: "long key", data: "v1 " + hex1 + "00\n", code: "keys.bad_key", line: "1"},
		{name: "zero key", data: "v1 " + strings.Repeat("0", 64) + "\n", code: "keys.zero_key", line: "1"},
		{name: "empty file", data: "", code: "keys.empty"},
		{name: "only comments", data: "# nothing\n\n   \n", code: "keys.empty"},
		{name: "no version prefix", data: "1 " + hex1, code: "keys.bad_line", line: "1"},
		{name: "key only", data: hex1, code: "keys.bad_line", line: "1"},
		{name: "three fields", data: "v1 " + hex1 + " extra", code: "keys.bad_line", line: "1"},
		{name: "version zero", data: "v0 " + hex1, code: "keys.bad_version", line: "1"},
		{name: "version too big", data: "v65536 " + hex1, code: "keys.bad_version", line: "1"},
		{name: "version not a number", data: "vx " + hex1, code: "keys.bad_version", line: "1"},
		{name: "signed version", data: "v+1 " + hex1, code: "keys.bad_version", line: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := keys.ParseKeyFile([]byte(tt.data))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("ParseKeyFile: %v", err)
				}
				if diff := cmp.Diff(tt.versions, m.Versions()); diff != "" {
					t.Errorf("versions (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseKeyFile succeeded with %v; want %s", m, tt.code)
			}
			if got := code(err); got != tt.code {
				t.Errorf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if !tiaojie.IsKind(err, tiaojie.Invalid) {
				t.Errorf("kind = %v, want invalid", tiaojie.ErrorKind(err))
			}
			if got := args(err)["line"]; got != tt.line {
				t.Errorf("line = %q, want %q", got, tt.line)
			}
			for _, h := range []string{hex1, hex2, hex1[:62], strings.Replace(hex1, "a", "g", 1)} {
				if strings.Contains(strings.ToLower(err.Error()), h) {
					t.Errorf("error %q quotes key material", err)
				}
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	m, err := keys.FromEnv("v1 " + hex1 + ";v2 " + hex2 + "; # rotated\n")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint16{1, 2}, m.Versions()); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
	if _, err := keys.FromEnv(""); code(err) != "keys.empty" {
		t.Errorf("FromEnv(\"\") = %v, want keys.empty", err)
	}
	_, err = keys.FromEnv("v1 " + hex1 + ";v1 " + hex2)
	if code(err) != "keys.duplicate_version" || args(err)["line"] != "2" {
		t.Errorf("duplicate in env = %v, want keys.duplicate_version on line 2", err)
	}
}

func TestLoadFile(t *testing.T) {
	data := []byte("v1 " + hex1 + "\n")
	tests := []struct {
		name string
		mode os.FileMode
		code string
	}{
		{"0600", 0o600, ""},
		{"0400", 0o400, ""},
		{"0644", 0o644, "keys.insecure_mode"},
		{"0640", 0o640, "keys.insecure_mode"},
		{"0604", 0o604, "keys.insecure_mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, data, tt.mode)
			m, err := keys.LoadFile(path)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("LoadFile: %v", err)
				}
				if diff := cmp.Diff([]uint16{1}, m.Versions()); diff != "" {
					t.Errorf("versions (-want +got):\n%s", diff)
				}
				return
			}
			if code(err) != tt.code {
				t.Fatalf("LoadFile = %v, want %s", err, tt.code)
			}
			if args(err)["path"] != path || !strings.Contains(err.Error(), "chmod 600 "+path) {
				t.Errorf("error %q does not name the path and the chmod fix", err)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.keys")
	_, err := keys.LoadFile(missing)
	if code(err) != "keys.missing" || args(err)["path"] != missing || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v, want keys.missing naming %s", err, missing)
	}

	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.LoadFile(dir); code(err) != "keys.unreadable" {
		t.Errorf("directory: %v, want keys.unreadable", err)
	}

	bad := writeFile(t, []byte("# keys\nv1 "+hex1[:10]+"\n"), 0o600)
	_, err = keys.LoadFile(bad)
	if code(err) != "keys.bad_key" || args(err)["line"] != "2" || args(err)["path"] != bad {
		t.Errorf("bad key: %v (args %v), want keys.bad_key with line 2 and the path", err, args(err))
	}
	if !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error %q does not name the path and line", err)
	}
}

func TestKeyDerivation(t *testing.T) {
	m := mustParse(t, "v1 "+hex1+"\nv2 "+hex2+"\n")
	master2, _ := hex.DecodeString(hex2)
	mac := hmac.New(sm3.New, master2)
	mac.Write([]byte("tiaojie/key/pii.enc"))
	want := mac.Sum(nil)

	key, used, err := m.Key(keys.FieldEncryption, 0)
	if err != nil {
		t.Fatal(err)
	}
	if used != 2 {
		t.Errorf("current version = %d, want 2", used)
	}
	if diff := cmp.Diff(want, key); diff != "" {
		t.Errorf("derived key (-want +got):\n%s", diff)
	}

	// Every (purpose, version) pair has its own key.
	seen := map[string]string{}
	for _, v := range []uint16{1, 2} {
		for _, p := range []keys.Purpose{keys.FieldEncryption, keys.BlindIndex, keys.AuditMAC, keys.TokenMAC} {
			k, used, err := m.Key(p, v)
			if err != nil {
				t.Fatal(err)
			}
			if used != v || len(k) != keys.KeySize {
				t.Errorf("Key(%s, %d) = %d bytes at version %d", p, v, len(k), used)
			}
			name := fmt.Sprintf("%s@%d", p, v)
			if other, dup := seen[string(k)]; dup {
				t.Errorf("%s and %s share a key", name, other)
			}
			seen[string(k)] = name
		}
	}

	// The caller owns the returned slice.
	k1, _, _ := m.Key(keys.AuditMAC, 1)
	clear(k1)
	k2, _, _ := m.Key(keys.AuditMAC, 1)
	if bytes.Equal(k1, k2) {
		t.Error("overwriting a returned key changed the provider's key")
	}
}

func TestKeyErrors(t *testing.T) {
	m := mustParse(t, "v1 "+hex1)
	_, _, err := m.Key(keys.FieldEncryption, 3)
	if code(err) != "keys.unknown_version" || !keys.IsUnknownVersion(err) || args(err)["version"] != "3" {
		t.Errorf("Key(v3) = %v, want keys.unknown_version for version 3", err)
	}
	if wrapped := fmt.Errorf("opening: %w", tiaojie.E(tiaojie.Internal, "x").Wrap(err)); !keys.IsUnknownVersion(wrapped) {
		t.Errorf("IsUnknownVersion misses a wrapped unknown version: %v", wrapped)
	}
	if keys.IsUnknownVersion(errors.New("keys.unknown_version")) || keys.IsUnknownVersion(nil) {
		t.Error("IsUnknownVersion matched a plain error or nil")
	}
	if _, _, err := m.Key("pii.enx", 1); code(err) != "keys.unknown_purpose" {
		t.Errorf("unknown purpose: %v", err)
	}
	var zero keys.Master
	if _, _, err := zero.Key(keys.FieldEncryption, 0); code(err) != "keys.empty" {
		t.Errorf("zero Master: %v", err)
	}
	if _, err := zero.Rotate(); code(err) != "keys.empty" {
		t.Errorf("zero Master Rotate: %v", err)
	}
}

func TestGenerateAndRotate(t *testing.T) {
	m, content, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]uint16{1}, m.Versions()); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
	reread := mustParse(t, string(content))
	assertSameKeys(t, m, reread, 1)

	k1, _, _ := m.Key(keys.FieldEncryption, 1)
	content, err = m.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if m.Current() != 2 {
		t.Errorf("Current after Rotate = %d, want 2", m.Current())
	}
	if k, used, _ := m.Key(keys.FieldEncryption, 0); used != 2 || bytes.Equal(k, k1) {
		t.Errorf("after Rotate the current key is version %d (same as v1: %t)", used, bytes.Equal(k, k1))
	}
	reread = mustParse(t, string(content))
	if diff := cmp.Diff([]uint16{1, 2}, reread.Versions()); diff != "" {
		t.Errorf("rotated file versions (-want +got):\n%s", diff)
	}
	assertSameKeys(t, m, reread, 1, 2)

	// Two generated key sets differ.
	other, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := keyOf(t, m, 1), keyOf(t, other, 1); bytes.Equal(a, b) {
		t.Error("two Generate calls returned the same key")
	}
}

func TestRotateExhausted(t *testing.T) {
	m := mustParse(t, "v65535 "+hex1)
	if _, err := m.Rotate(); code(err) != "keys.versions_exhausted" {
		t.Errorf("Rotate past v65535: %v", err)
	}
	if diff := cmp.Diff([]uint16{65535}, m.Versions()); diff != "" {
		t.Errorf("a failed Rotate changed the versions (-want +got):\n%s", diff)
	}
}

func TestConcurrentRotate(t *testing.T) {
	m := mustParse(t, "v1 "+hex1)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if _, _, err := m.Key(keys.TokenMAC, 0); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 5 {
		if _, err := m.Rotate(); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if m.Current() != 6 {
		t.Errorf("Current = %d, want 6", m.Current())
	}
}

func TestMasterNeverPrintsKeys(t *testing.T) {
	m := mustParse(t, "v1 "+hex1+"\nv2 "+hex2+"\n")
	want := "keys.Master{versions: [1 2]}"
	if diff := cmp.Diff(want, m.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("start", "keys", m, "value", *m)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("start", "keys", m, "value", *m)
	outputs := map[string]string{"slog": logged.String()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
		outputs[verb+" pointer"] = fmt.Sprintf(verb, m)
		outputs[verb+" value"] = fmt.Sprintf(verb, *m)
		outputs[verb+" in struct"] = fmt.Sprintf(verb, struct{ M *keys.Master }{m})
	}
	forbidden := []string{hex1, hex2, hex1[:16], hex2[:16], "0 17 34 51", "255 238 221"}
	for name, out := range outputs {
		for _, f := range forbidden {
			if strings.Contains(strings.ToLower(out), f) {
				t.Errorf("%s output %q contains key material %q", name, out, f)
			}
		}
		if !strings.Contains(out, "versions") && !strings.Contains(name, "%x") && !strings.Contains(name, "%X") {
			t.Errorf("%s output %q does not describe the versions", name, out)
		}
	}
}

// keyOf returns m's field encryption key at version v.
func keyOf(t *testing.T, m *keys.Master, v uint16) []byte {
	t.Helper()
	k, _, err := m.Key(keys.FieldEncryption, v)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// assertSameKeys checks that a and b derive equal keys at the versions.
func assertSameKeys(t *testing.T, a, b *keys.Master, versions ...uint16) {
	t.Helper()
	for _, v := range versions {
		if !bytes.Equal(keyOf(t, a, v), keyOf(t, b, v)) {
			t.Errorf("version %d differs after writing and reading the key file", v)
		}
	}
}
