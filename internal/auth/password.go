package auth

import (
	"bufio"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/crypto/argon2"

	"tiaojie"
)

// Hash algorithms for stored passwords. Each stored hash names its
// algorithm and parameters (PHC string format), so a deployment can switch
// algorithm and old hashes keep working until their owner next logs in.
const (
	Argon2id  = "argon2id"   // the default (OWASP: m=19 MiB, t=2, p=1)
	PBKDF2SM3 = "pbkdf2-sm3" // for 密评 deployments that must use national algorithms
)

// Hasher hashes and verifies passwords.
type Hasher struct {
	Algorithm string
	// Argon2id parameters.
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	// PBKDF2-HMAC-SM3 iterations.
	Iterations int
}

// DefaultHasher returns the production parameters for an algorithm.
func DefaultHasher(algorithm string) (Hasher, error) {
	switch algorithm {
	case "", Argon2id:
		return Hasher{Algorithm: Argon2id, Memory: 19 * 1024, Time: 2, Threads: 1}, nil
	case PBKDF2SM3:
		return Hasher{Algorithm: PBKDF2SM3, Iterations: 200_000}, nil
	}
	return Hasher{}, fmt.Errorf("auth: unknown password hash algorithm %q (use %s or %s)", algorithm, Argon2id, PBKDF2SM3)
}

var b64 = base64.RawStdEncoding

// Hash returns the PHC string of password with a fresh random salt. The
// password is hashed byte for byte: no trimming, no case change.
func (h Hasher) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	switch h.Algorithm {
	case PBKDF2SM3:
		key, err := pbkdf2.Key(sm3.New, password, salt, h.Iterations, 32)
		if err != nil {
			return "", fmt.Errorf("auth: pbkdf2: %w", err)
		}
		return fmt.Sprintf("$%s$i=%d$%s$%s", PBKDF2SM3, h.Iterations, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
	default:
		key := argon2.IDKey([]byte(password), salt, h.Time, h.Memory, h.Threads, 32)
		return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.Memory, h.Time, h.Threads,
			b64.EncodeToString(salt), b64.EncodeToString(key)), nil
	}
}

// Verify reports whether password matches the stored hash, and whether the
// hash should be replaced because it was made with other parameters than
// h's (so parameters are upgraded at the next successful login).
func (h Hasher) Verify(password, stored string) (ok, rehash bool, err error) {
	parts := strings.Split(stored, "$")
	if len(parts) < 5 || parts[0] != "" {
		return false, false, fmt.Errorf("auth: malformed password hash")
	}
	switch parts[1] {
	case Argon2id:
		return h.verifyArgon2(password, parts)
	case PBKDF2SM3:
		return h.verifyPBKDF2(password, parts)
	}
	return false, false, fmt.Errorf("auth: unknown password hash %q", parts[1])
}

func (h Hasher) verifyArgon2(password string, parts []string) (bool, bool, error) {
	if len(parts) != 6 {
		return false, false, fmt.Errorf("auth: malformed argon2id hash")
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, false, fmt.Errorf("auth: argon2id parameters: %w", err)
	}
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, false, fmt.Errorf("auth: malformed argon2id hash")
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	ok := subtle.ConstantTimeCompare(got, want) == 1
	rehash := h.Algorithm != Argon2id || m != h.Memory || t != h.Time || p != h.Threads
	return ok, rehash, nil
}

func (h Hasher) verifyPBKDF2(password string, parts []string) (bool, bool, error) {
	iter, err := strconv.Atoi(strings.TrimPrefix(parts[2], "i="))
	if err != nil || iter <= 0 {
		return false, false, fmt.Errorf("auth: pbkdf2-sm3 parameters")
	}
	salt, err1 := b64.DecodeString(parts[3])
	want, err2 := b64.DecodeString(parts[4])
	if err1 != nil || err2 != nil {
		return false, false, fmt.Errorf("auth: malformed pbkdf2-sm3 hash")
	}
	got, err := pbkdf2.Key(sm3.New, password, salt, iter, len(want))
	if err != nil {
		return false, false, fmt.Errorf("auth: pbkdf2: %w", err)
	}
	ok := subtle.ConstantTimeCompare(got, want) == 1
	return ok, h.Algorithm != PBKDF2SM3 || iter != h.Iterations, nil
}

// Policy is the password policy. The defaults follow the 等保 profile
// (SECURITY.md §0.1): composition rules that assessors check, plus the ASVS
// controls that do not conflict with them (long passwords allowed, common
// passwords and context words refused, no truncation).
type Policy struct {
	MinLength  int // runes; default 8
	MaxLength  int // runes; default 128
	MinClasses int // of lower, upper, digit, symbol; default 3
	History    int // the last N passwords cannot be reused; default 5
}

// DefaultPolicy returns the default password policy.
func DefaultPolicy() Policy { return Policy{MinLength: 8, MaxLength: 128, MinClasses: 3, History: 5} }

//go:embed common-passwords.txt
var commonPasswordsText string

// commonPasswords parses the embedded list of passwords that attackers try
// first (international lists and the ones common in China: pinyin, QQ
// numbers, keyboard walks). It is parsed once per Service.
func commonPasswords() map[string]bool {
	set := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			set[strings.ToLower(w)] = true
		}
	}
	return set
}

// check returns the problems of password for the account login under the
// policy, as field errors on the named field. context lists further words
// the password must not contain (the platform's and district's names).
func (p Policy) check(field, password, login string, common map[string]bool, context ...string) tiaojie.FieldErrors {
	var fe tiaojie.FieldErrors
	n := utf8.RuneCountInString(password)
	switch {
	case n < p.MinLength:
		fe.Add(field, "password.too_short", "min", strconv.Itoa(p.MinLength))
	case n > p.MaxLength:
		fe.Add(field, "password.too_long", "max", strconv.Itoa(p.MaxLength))
	case classes(password) < p.MinClasses:
		fe.Add(field, "password.classes", "min", strconv.Itoa(p.MinClasses))
	case common[strings.ToLower(password)]:
		fe.Add(field, "password.common")
	case containsWord(password, append([]string{login}, context...)):
		fe.Add(field, "password.context")
	}
	return fe
}

func classes(s string) int {
	var lower, upper, digit, other int
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}

func containsWord(password string, words []string) bool {
	lp := strings.ToLower(password)
	for _, w := range words {
		if w = strings.ToLower(strings.TrimSpace(w)); utf8.RuneCountInString(w) >= 3 && strings.Contains(lp, w) {
			return true
		}
	}
	return false
}
