// Package pii protects personal data at rest: it encrypts fields with
// SM4-GCM and computes HMAC-SM3 blind indexes for exact-match lookups
// (SECURITY.md CRY-02, CRY-03, CRY-04).
//
// A sealed field carries a small header naming its format and key version,
// so that keys can rotate and records can be re-encrypted one by one. The
// header and the caller's location string (table, column, row id) are
// authenticated with the ciphertext, so a ciphertext copied to another row
// or column, or relabelled with another key version, fails to open.
package pii

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"

	"tiaojie"
	"tiaojie/internal/keys"
)

// Ciphertext layout (format 1):
//
//	byte 0       format, 0x01 = SM4-GCM
//	bytes 1–2    key version, big endian
//	bytes 3–14   random 96-bit nonce
//	bytes 15–    GCM ciphertext, then the 16-byte tag
const (
	format1   = 0x01
	headerLen = 3
	nonceLen  = 12
	tagLen    = 16
	minLen    = Overhead
	sm4KeyLen = 16
)

// Overhead is how many bytes Seal adds to a plaintext: header, nonce and
// tag. Schemas and size limits use it to size ciphertext columns.
const Overhead = headerLen + nonceLen + tagLen // 31 bytes

// Sealer encrypts and decrypts personal-data fields and computes their blind
// indexes, with keys from a [keys.Provider]. It keeps no state of its own
// beyond the provider, so it is safe for concurrent use and picks up a key
// rotation on the next Seal.
type Sealer struct {
	p keys.Provider
}

// NewSealer returns a Sealer that takes its keys from p. Services receive
// the Sealer rather than the provider so that no service handles raw keys.
func NewSealer(p keys.Provider) *Sealer {
	return &Sealer{p: p}
}

// Seal encrypts plaintext with SM4-GCM under the current field key. aad binds the ciphertext to where it is stored
// (for example "users.phone:42"), so a ciphertext moved to another row or column fails to open.
//
// A random nonce is drawn for every call, so sealing the same value twice
// gives different ciphertexts; a key version should seal fewer than 2^32
// values, which rotation keeps far away.
func (s *Sealer) Seal(plaintext []byte, aad string) ([]byte, error) {
	key, v, err := s.p.Key(keys.FieldEncryption, 0)
	if err != nil {
		return nil, keyError(err)
	}
	if v == 0 {
		return nil, tiaojie.E(tiaojie.Internal, "pii.key_unavailable").
			Wrap(errors.New("pii: the key provider reported version 0 as the current version"))
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, headerLen+nonceLen, minLen+len(plaintext))
	out[0] = format1
	binary.BigEndian.PutUint16(out[1:headerLen], v)
	nonce := out[headerLen : headerLen+nonceLen]
	if _, err := rand.Read(nonce); err != nil {
		return nil, tiaojie.Internalf("pii: reading a random nonce: %w", err)
	}
	return aead.Seal(out, nonce, plaintext, additionalData(out[:headerLen], aad)), nil
}

// Open verifies and decrypts a ciphertext made by Seal with the same aad.
// Any change to the ciphertext, its header or the aad fails with the code
// "pii.integrity", and the stored value is never returned unverified; a
// value that is not a sealed field at all fails with "pii.format".
func (s *Sealer) Open(ciphertext []byte, aad string) ([]byte, error) {
	v, err := KeyVersion(ciphertext)
	if err != nil {
		return nil, err
	}
	key, _, err := s.p.Key(keys.FieldEncryption, v)
	if keys.IsUnknownVersion(err) {
		return nil, tiaojie.E(tiaojie.Internal, "pii.integrity").
			Wrap(fmt.Errorf("pii: %s: sealed under key version %d, which the key provider does not hold (a tampered header, a key retired too early, or a rotation not yet loaded here): %w", aad, v, err))
	}
	if err != nil {
		return nil, keyError(err)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	nonce := ciphertext[headerLen : headerLen+nonceLen]
	plaintext, err := aead.Open(nil, nonce, ciphertext[headerLen+nonceLen:], additionalData(ciphertext[:headerLen], aad))
	if err != nil {
		return nil, tiaojie.E(tiaojie.Internal, "pii.integrity").
			Wrap(fmt.Errorf("pii: %s: the SM4-GCM tag does not verify (key version %d, %d bytes): the value was altered, moved from another row or column, or sealed under another key: %w", aad, v, len(ciphertext), err))
	}
	return plaintext, nil
}

// SealString seals a text field. The empty string seals to a nil
// ciphertext, stored as NULL, so "no value" stays visible to queries such as
// "phone IS NULL" without a key.
func (s *Sealer) SealString(v, aad string) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	return s.Seal([]byte(v), aad)
}

// OpenString opens a text field sealed by SealString; a nil or empty
// ciphertext (NULL in the database) opens to "".
func (s *Sealer) OpenString(c []byte, aad string) (string, error) {
	if len(c) == 0 {
		return "", nil
	}
	p, err := s.Open(c, aad)
	if err != nil {
		return "", err
	}
	return string(p), nil
}

// Index returns the blind index of a normalized value: hex(HMAC-SM3(index key, kind + "\x00" + value)).
// kind separates namespaces ("phone", "idcard") so equal values of different kinds never collide.
//
// The caller normalizes value first (for example digits only for a phone
// number, upper-case X for an ID number), because the index matches bytes
// exactly. The result is 64 lower-case hex digits, stored in an indexed
// column beside the ciphertext and compared with "=".
//
// An index must be stable, so Index always uses version 1 of the BlindIndex
// key, whatever the current version: rotating the master key does not
// change indexes, and master key v1 must stay in the key file for as long
// as such indexes exist. Replacing the index key means recomputing every
// index from the decrypted values (a re-index job), not a rotation.
//
// kind must be non-empty and free of NUL bytes, or two (kind, value) pairs
// could produce the same input; Index returns an Internal error otherwise.
func (s *Sealer) Index(kind, value string) (string, error) {
	if kind == "" || strings.IndexByte(kind, 0) >= 0 {
		return "", tiaojie.Internalf("pii: index kind %q must be non-empty and contain no NUL byte", kind)
	}
	key, _, err := s.p.Key(keys.BlindIndex, 1)
	if err != nil {
		return "", keyError(err)
	}
	mac := hmac.New(sm3.New, key)
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// SealIndexed seals a value that is also looked up by exact match (an
// identity number, a phone): its ciphertext bound to aad and its blind
// index of kind, both NULL for "" so that an absent value stores nothing.
func (s *Sealer) SealIndexed(v, aad, kind string) ([]byte, sql.NullString, error) {
	if v == "" {
		return nil, sql.NullString{}, nil
	}
	enc, err := s.SealString(v, aad)
	if err != nil {
		return nil, sql.NullString{}, err
	}
	idx, err := s.Index(kind, v)
	if err != nil {
		return nil, sql.NullString{}, err
	}
	return enc, sql.NullString{String: idx, Valid: true}, nil
}

// KeyVersion reports the key version a ciphertext was sealed with (for re-encryption after rotation).
// It checks the format and length but not the tag; only Open does that.
func KeyVersion(ciphertext []byte) (uint16, error) {
	if len(ciphertext) == 0 {
		return 0, formatError("empty ciphertext")
	}
	if ciphertext[0] != format1 {
		return 0, formatError(fmt.Sprintf("unknown format byte 0x%02x", ciphertext[0]))
	}
	if len(ciphertext) < minLen {
		return 0, formatError(fmt.Sprintf("%d bytes is shorter than the %d-byte minimum", len(ciphertext), minLen))
	}
	v := binary.BigEndian.Uint16(ciphertext[1:headerLen])
	if v == 0 {
		return 0, formatError("key version 0")
	}
	return v, nil
}

// formatError returns the error for bytes that are not a sealed field.
func formatError(why string) error {
	return tiaojie.E(tiaojie.Internal, "pii.format").Wrap(errors.New("pii: not a sealed field: " + why))
}

// newAEAD returns SM4-GCM under the first 16 bytes of key.
func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) < sm4KeyLen {
		return nil, tiaojie.E(tiaojie.Internal, "pii.key_unavailable").
			Wrap(fmt.Errorf("pii: the key provider returned a %d-byte key; SM4 needs %d", len(key), sm4KeyLen))
	}
	block, err := sm4.NewCipher(key[:sm4KeyLen])
	clear(key) // the caller owns the key (keys.Provider contract); drop our copy
	if err != nil {
		return nil, tiaojie.Internalf("pii: SM4: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, tiaojie.Internalf("pii: GCM: %w", err)
	}
	return aead, nil
}

// additionalData returns the GCM additional data: the header, then aad. The
// header has a fixed length, so the concatenation is unambiguous.
func additionalData(header []byte, aad string) []byte {
	ad := make([]byte, 0, len(header)+len(aad))
	ad = append(ad, header...)
	return append(ad, aad...)
}

// keyError classifies a provider failure. An outage of the crypto module
// keeps its Unavailable kind, so the edge says "try again later"; anything
// else is a configuration fault that must not look like a user mistake.
func keyError(err error) error {
	if tiaojie.IsKind(err, tiaojie.Unavailable) {
		return err
	}
	return tiaojie.E(tiaojie.Internal, "pii.key_unavailable").Wrap(err)
}
