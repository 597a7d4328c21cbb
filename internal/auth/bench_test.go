package auth_test

import (
	"context"
	"testing"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db/dbtest"
)

// BenchmarkAuthenticate measures resolving a session cookie, which every
// logged-in request pays.
func BenchmarkAuthenticate(b *testing.B) {
	e := newEnv(b, dbtest.SQLite(b))
	ctx := context.Background()
	e.user(b, "bench", tiaojie.Grant{Role: tiaojie.RolePublic})
	res, err := e.svc.PasswordLogin(ctx, "bench", password("bench"), client)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.Authenticate(ctx, res.Token); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPasswordHash measures the production password hashes: what an
// attacker pays per guess and a user per login.
func BenchmarkPasswordHash(b *testing.B) {
	for _, alg := range []string{auth.Argon2id, auth.PBKDF2SM3} {
		b.Run(alg, func(b *testing.B) {
			h, _ := auth.DefaultHasher(alg)
			for b.Loop() {
				if _, err := h.Hash("Qu!et-River-7"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
