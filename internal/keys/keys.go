// Package keys supplies the cryptographic keys of tiaojie, one per purpose.
//
// GB/T 39786 (密评) level 3 expects keys to live in a certified crypto module
// (GB/T 37092 level 2 or higher) in production, each key to serve exactly one
// purpose, and keys to rotate. The rest of the code therefore asks a
// [Provider] for "the key for this purpose at this version" and never sees a
// master key. [Master] is the software provider for development, tests and
// demo mode: it derives every purpose key from versioned master keys kept in
// a protected file or environment variable. A provider backed by a server
// crypto machine (服务器密码机) can later replace it without touching callers.
package keys

import (
	"bytes"
	"crypto/hmac"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie"
)

// Purpose names what a key is for. Each purpose gets its own key, derived
// from the master key, so that a key leaked or misused in one place (say the
// token MAC) reveals nothing about another (say the field encryption key).
// The purposes are a closed list kept here, so that the key inventory an
// assessor asks for is this one block of constants.
type Purpose string

// The purposes of tiaojie's keys. Add a purpose here rather than reusing one.
const (
	FieldEncryption Purpose = "pii.enc"   // SM4-GCM encryption of personal-data fields
	BlindIndex      Purpose = "pii.index" // HMAC-SM3 blind index for exact-match lookups
	AuditMAC        Purpose = "audit.mac" // HMAC-SM3 chain over the audit log
	TokenMAC        Purpose = "token.mac" // HMAC-SM3 over session and API tokens before storage
)

// valid reports whether p is one of the declared purposes.
func (p Purpose) valid() bool {
	switch p {
	case FieldEncryption, BlindIndex, AuditMAC, TokenMAC:
		return true
	}
	return false
}

// Provider hands out purpose keys. It is the seam between tiaojie and its
// crypto module: the software [Master] implements it today, and a certified
// module (HSM) can implement it later.
//
// Contract for implementations:
//   - The key of a given purpose and version never changes, so callers may
//     store the version beside their data and come back years later.
//   - Keys are at least 32 bytes; callers take the prefix they need (SM4
//     takes 16 bytes).
//   - The returned slice belongs to the caller, who may overwrite it.
//   - A version the provider does not hold is reported with the code
//     "keys.unknown_version" (see [IsUnknownVersion]), so that callers can
//     tell a missing or tampered version from an outage of the module.
//   - Implementations are safe for concurrent use.
type Provider interface {
	// Key returns the key for purpose at version; version 0 asks for the current version,
	// and the version actually used is returned so it can be stored beside the ciphertext.
	Key(purpose Purpose, version uint16) (key []byte, used uint16, err error)
}

// KeySize is the length in bytes of a master key and of every derived
// purpose key: 256 bits, the output size of SM3.
const KeySize = sm3.Size

// IsUnknownVersion reports whether err says that a provider does not hold
// the requested key version. Readers of stored ciphertexts use it to treat
// an unknown version as an integrity failure (a tampered header, or a key
// retired too early) rather than as an outage.
func IsUnknownVersion(err error) bool {
	var e *tiaojie.Error
	for err != nil {
		if !errors.As(err, &e) {
			return false
		}
		if e.Code == "keys.unknown_version" {
			return true
		}
		err = e.Err
	}
	return false
}

// Master is the software key provider: a set of versioned 32-byte master
// keys, of which the highest version is current. Each purpose key is
// HMAC-SM3(master_v, "tiaojie/key/" + purpose).
//
// Master never prints its keys: String, GoString, Format and LogValue show
// only the version numbers, so a stray %v, %x or slog attribute cannot leak
// them. Master is safe for concurrent use; [Master.Rotate] may run while
// other goroutines call [Master.Key].
type Master struct {
	// ring is a pointer so that the formatting methods can have value
	// receivers: then even a Master value (not a pointer) printed with %d
	// goes through Format instead of fmt's field-by-field reflection.
	ring *ring
}

// ring holds the master keys, and the purpose keys derived so far, behind a
// lock. Caching derived keys adds no exposure (the master keys sit beside
// them) and removes two SM3 compressions' worth of HMAC setup from every
// Seal and Index, most of their cost.
type ring struct {
	mu      sync.RWMutex
	keys    map[uint16][]byte // version → 32-byte master key
	derived map[slot][]byte   // (purpose, version) → purpose key
}

// slot names one purpose key.
type slot struct {
	purpose Purpose
	version uint16
}

// newMaster returns a Master over keys, which it takes ownership of.
func newMaster(keys map[uint16][]byte) *Master {
	return &Master{ring: &ring{keys: keys, derived: make(map[slot][]byte)}}
}

// Key returns the purpose key derived from master key version (0 means the
// current version) and the version used. It implements [Provider].
func (m Master) Key(purpose Purpose, version uint16) ([]byte, uint16, error) {
	if !purpose.valid() {
		return nil, 0, tiaojie.E(tiaojie.Internal, "keys.unknown_purpose").
			Wrap(fmt.Errorf("keys: no such key purpose %q", string(purpose)))
	}
	if m.ring == nil {
		return nil, 0, tiaojie.E(tiaojie.Invalid, "keys.empty").
			Wrap(errors.New("keys: the key provider holds no master key"))
	}
	r := m.ring
	r.mu.RLock()
	if version == 0 {
		version = maxVersion(r.keys)
	}
	key, ok := r.derived[slot{purpose, version}]
	r.mu.RUnlock()
	if ok {
		return bytes.Clone(key), version, nil
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	master, ok := r.keys[version]
	if !ok {
		return nil, 0, tiaojie.E(tiaojie.Invalid, "keys.unknown_version").
			With("version", strconv.Itoa(int(version))).
			With("purpose", string(purpose)).
			Wrap(fmt.Errorf("keys: no master key version %d (held: %v)", version, sortedVersions(r.keys)))
	}
	key = derive(master, purpose)
	r.derived[slot{purpose, version}] = key
	return bytes.Clone(key), version, nil
}

// derive computes the purpose key HMAC-SM3(master, "tiaojie/key/" + purpose).
func derive(master []byte, purpose Purpose) []byte {
	mac := hmac.New(sm3.New, master)
	mac.Write([]byte("tiaojie/key/" + string(purpose)))
	return mac.Sum(nil)
}

// Versions returns the master key versions held, in ascending order. The
// re-encryption job uses it to know which versions are still in play.
func (m Master) Versions() []uint16 {
	if m.ring == nil {
		return nil
	}
	m.ring.mu.RLock()
	defer m.ring.mu.RUnlock()
	return sortedVersions(m.ring.keys)
}

// Current returns the current (highest) master key version, the one new
// data is sealed under; 0 when no key is held.
func (m Master) Current() uint16 {
	if m.ring == nil {
		return 0
	}
	m.ring.mu.RLock()
	defer m.ring.mu.RUnlock()
	return maxVersion(m.ring.keys)
}

// String describes the key set by its versions only, for example
// "keys.Master{versions: [1 2]}", so that printing a Master never reveals a key.
func (m Master) String() string {
	return fmt.Sprintf("keys.Master{versions: %v}", m.Versions())
}

// GoString is String, so that %#v cannot reveal a key either.
func (m Master) GoString() string { return m.String() }

// Format writes String for every verb (%v, %+v, %#v, %s, %x, %d …).
// Without it, verbs such as %d would make fmt print the fields, keys included.
func (m Master) Format(f fmt.State, verb rune) { fmt.Fprint(f, m.String()) }

// LogValue makes slog log the versions only, whatever the handler.
func (m Master) LogValue() slog.Value { return slog.StringValue(m.String()) }

// sortedVersions returns the versions in keys in ascending order.
func sortedVersions(keys map[uint16][]byte) []uint16 {
	vs := make([]uint16, 0, len(keys))
	for v := range keys {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// maxVersion returns the highest version in keys, or 0 when it is empty.
func maxVersion(keys map[uint16][]byte) uint16 {
	var hi uint16
	for v := range keys {
		hi = max(hi, v)
	}
	return hi
}

// render returns the key file content for keys.
func render(keys map[uint16][]byte) []byte {
	var b strings.Builder
	b.WriteString("# tiaojie master keys. Keep this file secret: chmod 600, never commit it.\n")
	b.WriteString("# One key per line, \"v<N> <64 hex digits>\"; the highest version is current.\n")
	b.WriteString("# Keep an old version until every record sealed under it has been re-encrypted;\n")
	b.WriteString("# keep v1 for as long as blind indexes built with it are in use.\n")
	for _, v := range sortedVersions(keys) {
		fmt.Fprintf(&b, "v%d %x\n", v, keys[v])
	}
	return []byte(b.String())
}
