package auth_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"testing"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
)

// TestNoPlaintextPersonalDataAtRest plants a phone number and an identity
// number through the application's own paths, then reads the raw bytes of
// the SQLite file, its WAL and the log, and must find neither in clear
// (SECURITY.md CRY-02, AUD-02).
func TestNoPlaintextPersonalDataAtRest(t *testing.T) {
	const (
		staffPhone  = "13812345678"
		publicPhone = "13987654321"
		idNumber    = "11010519491231002X"
	)
	ctx := context.Background()
	d := dbtest.SQLite(t)
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dist, _ := district.Default()
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	c := clock.NewFake(start)
	svc, err := auth.New(auth.Deps{DB: d, Audit: audit.New(m, c), Keys: m, Clock: c, District: dist,
		SMS: auth.LogSender{Log: log}, Log: log}, fastConfig())
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateUser(ctx, tiaojie.System(), auth.NewUser{Login: "canary", DisplayName: "金丝雀", Phone: staffPhone,
		Password: password("canary"), Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.RequestCode(ctx, publicPhone, client); err != nil {
		t.Fatal(err)
	}

	// Identity numbers enter the platform with the roster and case
	// parties; the storage rule is the same: sealed, with a blind index.
	sealer := pii.NewSealer(m)
	if _, err := d.Writer().ExecContext(ctx, `CREATE TABLE canary (id INTEGER PRIMARY KEY, id_enc BLOB, id_idx TEXT)`); err != nil {
		t.Fatal(err)
	}
	enc, err := sealer.SealString(idNumber, "canary.id_number:1")
	if err != nil {
		t.Fatal(err)
	}
	idx, _ := sealer.Index("idcard", idNumber)
	if _, err := d.Writer().ExecContext(ctx, `INSERT INTO canary VALUES (1, $1, $2)`, enc, idx); err != nil {
		t.Fatal(err)
	}

	scan := func(when string) {
		t.Helper()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			raw, err := os.ReadFile(d.Path() + suffix)
			if err != nil && suffix == "" {
				t.Fatal(err)
			}
			for _, canary := range []string{staffPhone, publicPhone, idNumber, "19491231002X"} {
				if bytes.Contains(raw, []byte(canary)) {
					t.Errorf("%s: %q found in clear in the database file%s", when, canary, suffix)
				}
			}
		}
	}
	scan("before checkpoint")
	if _, err := d.Writer().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	scan("after checkpoint")
	for _, canary := range []string{staffPhone, publicPhone} {
		if bytes.Contains(logs.Bytes(), []byte(canary)) {
			t.Errorf("the log holds %s in clear", canary)
		}
	}
	if !bytes.Contains(logs.Bytes(), []byte("139****4321")) {
		t.Error("the development SMS sender did not log the masked phone")
	}

	// The data is still usable: the blind index finds the row, the
	// ciphertext opens.
	var got []byte
	if err := d.Reader().QueryRowContext(ctx, `SELECT id_enc FROM canary WHERE id_idx = $1`, idx).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if v, err := sealer.OpenString(got, "canary.id_number:1"); err != nil || v != idNumber {
		t.Errorf("open = %q, %v", v, err)
	}
	u, err := svc.UserByLogin(ctx, tiaojie.System(), "canary")
	if err != nil || u.PhoneMasked != "138****5678" {
		t.Errorf("masked phone %q, %v", u.PhoneMasked, err)
	}
}
