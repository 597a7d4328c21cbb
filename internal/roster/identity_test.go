package roster_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/i18n"
	"tiaojie/internal/pii"
	"tiaojie/internal/roster"
)

const canaryPhone = "13912345678"

// unmasked finds a full identity number or mobile number in text
// (SECURITY.md PI-05's scan).
var unmasked = regexp.MustCompile(`\d{17}[\dXx]|1\d{10}`)

// TestIdentityNumberSealed: the identity number and phone are stored only
// sealed (no digits of them in the raw columns), bound to their row, found
// through the blind index, and never in clear in the audit trail.
func TestIdentityNumberSealed(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		in := input("钱敏", cq)
		in.IDNumber, in.Phone = womanID, canaryPhone
		id := e.create(t, in)

		var idEnc, phoneEnc []byte
		var idIdx, phoneIdx string
		err := d.Reader().QueryRow(`SELECT id_number_enc, id_number_idx, phone_enc, phone_idx FROM mediators WHERE id = $1`, id).
			Scan(&idEnc, &idIdx, &phoneEnc, &phoneIdx)
		if err != nil {
			t.Fatal(err)
		}
		for _, canary := range []string{womanID, womanID[6:14], womanID[:17], canaryPhone, canaryPhone[3:]} {
			for _, raw := range [][]byte{idEnc, []byte(idIdx), phoneEnc, []byte(phoneIdx)} {
				if bytes.Contains(raw, []byte(canary)) {
					t.Errorf("%q found in clear in a stored column", canary)
				}
			}
		}
		sealer := pii.NewSealer(e.keys)
		if got, err := sealer.OpenString(idEnc, fmt.Sprintf("mediators.id_number:%d", id)); err != nil || got != womanID {
			t.Errorf("open with the row's aad = %q, %v", got, err)
		}
		if _, err := sealer.OpenString(idEnc, fmt.Sprintf("mediators.id_number:%d", id+1)); err == nil {
			t.Error("the ciphertext opened under another row's aad")
		}
		idx, _ := sealer.Index("idcard", womanID)
		if n := e.count(t, `SELECT count(*) FROM mediators WHERE id_number_idx = $1 AND id = $2`, idx, id); n != 1 {
			t.Errorf("blind index lookup found %d rows", n)
		}
		ms, _, err := e.svc.List(context.Background(), bureau, roster.StaffFilter{Q: womanID})
		if err != nil || len(ms) != 1 || ms[0].ID != id {
			t.Errorf("staff search by identity number = %v, %v", ms, err)
		}
		for _, r := range e.auditRows(t, "") {
			if unmasked.MatchString(r.Detail) {
				t.Errorf("audit detail holds personal data in clear: %s", r.Detail)
			}
		}
	})
}

// TestMaskedInStaffViews: Get, List and the export show the identity
// number and phone masked, whoever the staff member is.
func TestMaskedInStaffViews(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		in := input("吴静", cq)
		in.IDNumber, in.Phone = womanID, canaryPhone
		id := e.create(t, in)
		for _, p := range []*tiaojie.Principal{bureau, association, cqOffice, orgAdmin(cq), mediatorUser(cq)} {
			m, err := e.svc.Get(ctx, p, id)
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			list, _, err := e.svc.List(ctx, p, roster.StaffFilter{})
			if err != nil {
				t.Fatal(err)
			}
			table, err := e.svc.ExportRows(ctx, p, roster.StaffFilter{}, i18n.Words{})
			if err != nil {
				t.Fatal(err)
			}
			text := fmt.Sprintf("%+v %+v %+v", m, *list[0], table)
			if unmasked.MatchString(text) {
				t.Errorf("%s sees personal data in clear: %s", p.Name, text)
			}
			if !strings.Contains(text, "310***********0422") || !strings.Contains(text, "139****5678") {
				t.Errorf("%s: masked values missing: %s", p.Name, text)
			}
		}
	})
}

// TestRevealIDNumber: only the bureau reveals, only with a purpose, and
// each reveal is in the audit trail with its purpose; refusals are
// audited too.
func TestRevealIDNumber(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		in := input("郑华", cq)
		in.IDNumber = manID
		id := e.create(t, in)
		none := e.create(t, input("无证号", cq))

		if _, err := e.svc.RevealIDNumber(ctx, bureau, id, "  "); kindCode(err) != "invalid purpose:mediator.purpose_required" {
			t.Errorf("no purpose = %v", err)
		}
		for _, p := range []*tiaojie.Principal{cqOffice, orgAdmin(cq), association, public} {
			if _, err := e.svc.RevealIDNumber(ctx, p, id, "核查"); kindCode(err) != "forbidden mediator.reveal_bureau_only" {
				t.Errorf("%s reveal = %v, want forbidden", p.Name, err)
			}
		}
		got, err := e.svc.RevealIDNumber(ctx, bureau, id, "资格核查")
		if err != nil || got != manID {
			t.Fatalf("reveal = %q, %v", got, err)
		}
		if _, err := e.svc.RevealIDNumber(ctx, bureau, none, "资格核查"); kindCode(err) != "not_found mediator.no_id_number" {
			t.Errorf("reveal without a number = %v", err)
		}
		rows := e.auditRows(t, "mediator.reveal_id")
		var ok, denied int
		for _, r := range rows {
			switch r.Outcome {
			case "ok":
				ok++
				if r.ObjectID != itoa(id) || !strings.Contains(r.Detail, `"purpose":"资格核查"`) || strings.Contains(r.Detail, manID) {
					t.Errorf("reveal audit row = %+v", r)
				}
			case "denied":
				denied++
			}
		}
		if ok != 1 || denied != 4 {
			t.Errorf("reveal audit rows: %d ok, %d denied, want 1 and 4: %+v", ok, denied, rows)
		}
	})
}
