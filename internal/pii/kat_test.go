package pii_test

import (
	"crypto/cipher"
	"encoding/hex"
	"testing"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"github.com/google/go-cmp/cmp"
)

// Known-answer tests for the algorithms pii relies on (SECURITY.md CRY-04).
// They catch a broken or substituted implementation before any data is sealed.

// unhex decodes a hex test vector or fails the test.
func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSM3_KAT(t *testing.T) {
	// GB/T 32905-2016 Appendix A, example 1.
	got := sm3.Sum([]byte("abc"))
	want := "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
	if diff := cmp.Diff(want, hex.EncodeToString(got[:])); diff != "" {
		t.Errorf("SM3(abc) (-want +got):\n%s", diff)
	}
}

func TestSM4_KAT(t *testing.T) {
	// GB/T 32907-2016 Appendix A, example 1: key = plaintext.
	key := unhex(t, "0123456789abcdeffedcba9876543210")
	block, err := sm4.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, sm4.BlockSize)
	block.Encrypt(got, key)
	if diff := cmp.Diff("681edf34d206965e86b3e94f536e4246", hex.EncodeToString(got)); diff != "" {
		t.Errorf("SM4 encrypt (-want +got):\n%s", diff)
	}
	back := make([]byte, sm4.BlockSize)
	block.Decrypt(back, got)
	if diff := cmp.Diff(key, back); diff != "" {
		t.Errorf("SM4 decrypt (-want +got):\n%s", diff)
	}
}

func TestSM4GCM_KAT(t *testing.T) {
	// RFC 8998 Appendix A.1: SM4-GCM through crypto/cipher.NewGCM, the
	// exact composition Sealer uses.
	key := unhex(t, "0123456789abcdeffedcba9876543210")
	nonce := unhex(t, "00001234567800000000abcd")
	aad := unhex(t, "feedfacedeadbeeffeedfacedeadbeefabaddad2")
	plaintext := unhex(t, "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"+
		"eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa")
	want := "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735" +
		"d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d" +
		"83de3541e4c2b58177e065a9bf7b62ec"
	block, err := sm4.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	got := aead.Seal(nil, nonce, plaintext, aad)
	if diff := cmp.Diff(want, hex.EncodeToString(got)); diff != "" {
		t.Errorf("SM4-GCM seal (-want +got):\n%s", diff)
	}
	opened, err := aead.Open(nil, nonce, got, aad)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plaintext, opened); diff != "" {
		t.Errorf("SM4-GCM open (-want +got):\n%s", diff)
	}
}
