package keys

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"tiaojie"
)

// maxFileSize bounds what LoadFile reads. A real key file is a few hundred
// bytes; the bound stops a misconfigured path from reading without end.
const maxFileSize = 1 << 20

// ParseKeyFile reads master keys in the key file format: one key per line,
// "v<N> <64 hex digits>" with N in 1..65535, plus blank lines and "#"
// comments. The format is plain text so that operators can inspect and edit
// it with the tools at hand, and versioned so that keys can rotate.
//
// Errors name the line but never quote it, since a bad line may be a key.
func ParseKeyFile(data []byte) (*Master, error) {
	keys := make(map[uint16][]byte)
	first := make(map[uint16]int) // version → line it first appeared on
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		v, key, err := parseLine(line, n)
		if err != nil {
			return nil, err
		}
		if key == nil {
			continue
		}
		if prev, dup := first[v]; dup {
			return nil, lineError("keys.duplicate_version", n,
				fmt.Errorf("version %d already appears on line %d", v, prev)).
				With("version", strconv.Itoa(int(v)))
		}
		for w, other := range keys {
			if subtle.ConstantTimeCompare(key, other) == 1 {
				return nil, lineError("keys.duplicate_key", n,
					fmt.Errorf("the key of version %d repeats the key of version %d (line %d); a rotated key must be new", v, w, first[w]))
			}
		}
		keys[v], first[v] = key, n
	}
	if len(keys) == 0 {
		return nil, tiaojie.E(tiaojie.Invalid, "keys.empty").
			Wrap(errors.New("keys: no master key found; expected lines \"v<N> <64 hex digits>\""))
	}
	return newMaster(keys), nil
}

// parseLine parses line number n. It returns a nil key for a blank or
// comment line.
func parseLine(line string, n int) (uint16, []byte, error) {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return 0, nil, nil
	}
	if len(fields) != 2 || !strings.HasPrefix(fields[0], "v") {
		return 0, nil, lineError("keys.bad_line", n,
			errors.New(`expected "v<N> <64 hex digits>"`))
	}
	v, err := strconv.ParseUint(fields[0][1:], 10, 16)
	if err != nil || v == 0 {
		return 0, nil, lineError("keys.bad_version", n,
			errors.New("the version must be v1 to v65535"))
	}
	if len(fields[1]) != 2*KeySize {
		return 0, nil, lineError("keys.bad_key", n,
			fmt.Errorf("the key has %d characters; it must be %d hex digits (%d bytes)", len(fields[1]), 2*KeySize, KeySize))
	}
	key, err := hex.DecodeString(fields[1])
	if err != nil {
		// The hex error would quote the offending character: leave it out.
		return 0, nil, lineError("keys.bad_key", n,
			fmt.Errorf("the key must be %d hex digits (0-9, a-f)", 2*KeySize))
	}
	if isZero(key) {
		return 0, nil, lineError("keys.zero_key", n,
			errors.New("the key is all zeros; generate a random key"))
	}
	return uint16(v), key, nil
}

// lineError returns an Invalid error with code about line n.
func lineError(code string, n int, cause error) *tiaojie.Error {
	return tiaojie.E(tiaojie.Invalid, code).
		With("line", strconv.Itoa(n)).
		Wrap(fmt.Errorf("keys: line %d: %w", n, cause))
}

// isZero reports whether every byte of b is zero.
func isZero(b []byte) bool {
	var acc byte
	for _, c := range b {
		acc |= c
	}
	return acc == 0
}

// LoadFile reads the key file at path. It refuses a file that group or
// others may access: a key file is the one secret that protects every
// encrypted field, and GB/T 39786 asks for it to be protected at rest.
// Errors carry the path as the argument "path".
func LoadFile(path string) (*Master, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, tiaojie.E(tiaojie.Invalid, "keys.missing").With("path", path).
			Wrap(fmt.Errorf("keys: key file %s: %w", path, err))
	}
	if err != nil {
		return nil, unreadable(path, err)
	}
	defer f.Close()
	// Stat the open file, not the path, so the checked file is the read one.
	fi, err := f.Stat()
	if err != nil {
		return nil, unreadable(path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, unreadable(path, fmt.Errorf("not a regular file (mode %s)", fi.Mode()))
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, tiaojie.E(tiaojie.Invalid, "keys.insecure_mode").
			With("path", path).With("mode", fmt.Sprintf("%04o", perm)).
			Wrap(fmt.Errorf("keys: key file %s has mode %04o, so group or others can read it; run: chmod 600 %s", path, perm, path))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, unreadable(path, err)
	}
	if len(data) > maxFileSize {
		return nil, unreadable(path, fmt.Errorf("larger than %d bytes; this is not a key file", maxFileSize))
	}
	m, err := ParseKeyFile(data)
	if err != nil {
		return nil, withPath(err, path)
	}
	return m, nil
}

// unreadable returns the error for a key file that exists but cannot be read.
func unreadable(path string, cause error) error {
	return tiaojie.E(tiaojie.Invalid, "keys.unreadable").With("path", path).
		Wrap(fmt.Errorf("keys: cannot read key file %s: %w", path, cause))
}

// withPath adds the path to a parse error, as argument and in the cause.
func withPath(err error, path string) error {
	var e *tiaojie.Error
	if !errors.As(err, &e) {
		return err
	}
	return e.With("path", path).Wrap(fmt.Errorf("%s: %w", path, e.Err))
}

// FromEnv reads master keys from the value of one environment variable, for
// deployments that inject secrets that way. The format is the key file's,
// except that ";" also separates lines, so "v1 <hex>;v2 <hex>" fits on one
// line. Line numbers in errors count these entries.
func FromEnv(value string) (*Master, error) {
	return ParseKeyFile([]byte(strings.ReplaceAll(value, ";", "\n")))
}

// Generate returns a Master holding one fresh random key, version 1, and
// the key file content for it. Demo mode uses it on first start and writes
// the content next to the database with mode 0600.
func Generate() (*Master, []byte, error) {
	key, err := newKey()
	if err != nil {
		return nil, nil, err
	}
	keys := map[uint16][]byte{1: key}
	return newMaster(keys), render(keys), nil
}

// Rotate adds a fresh random key as version current+1, which becomes the
// current version at once, and returns the new key file content holding
// every version. The caller must write that content (mode 0600) before
// anything sealed under the new version is stored; old versions stay so that
// existing data still opens until it is re-encrypted.
func (m Master) Rotate() ([]byte, error) {
	if m.ring == nil {
		return nil, tiaojie.E(tiaojie.Invalid, "keys.empty").
			Wrap(errors.New("keys: cannot rotate an empty key set; use Generate"))
	}
	key, err := newKey()
	if err != nil {
		return nil, err
	}
	m.ring.mu.Lock()
	defer m.ring.mu.Unlock()
	next := int(maxVersion(m.ring.keys)) + 1
	if next > math.MaxUint16 {
		return nil, tiaojie.E(tiaojie.Invalid, "keys.versions_exhausted").
			Wrap(fmt.Errorf("keys: version %d is the last possible version", math.MaxUint16))
	}
	m.ring.keys[uint16(next)] = key
	return render(m.ring.keys), nil
}

// newKey returns KeySize bytes from crypto/rand.
func newKey() ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, tiaojie.Internalf("keys: reading random bytes: %w", err)
	}
	return key, nil
}
