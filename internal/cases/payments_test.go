package cases_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/cases"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// commercialEnv is env with fees: the service computes them with the
// registry, and 城桥 has a commercial mediation centre with a published
// fee standard (the worked example of DOMAIN.md §(b)9), its admin and a
// mediator with a login.
type commercialEnv struct {
	*env
	centre      int64
	centreAdmin *tiaojie.Principal
	centreMed   *tiaojie.Principal
	centreMedID int64
}

func newCommercialEnv(t *testing.T, d *db.DB) *commercialEnv {
	t.Helper()
	e := newEnv(t, d)
	dist, err := district.Default()
	must(t, err)
	store, err := files.OpenStore(t.TempDir())
	must(t, err)
	fs := files.New(store, e.clock)
	reg := registry.New(registry.Deps{DB: d, Audit: e.audit, Files: fs, Clock: e.clock, District: dist})
	ros := roster.New(roster.Deps{DB: d, Audit: e.audit, Keys: e.keys, Clock: e.clock, District: dist})
	e.svc = cases.New(cases.Deps{DB: d, Audit: e.audit, Keys: e.keys, Clock: e.clock, District: dist, Notifier: e.notes,
		Roster: ros, Files: fs, Fees: reg, BaseURL: "https://tj.example"})

	c := &commercialEnv{env: e}
	if err := d.Writer().QueryRow(`
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, contact_phone, created_at, updated_at)
		VALUES ('崇明商事调解中心', '崇明商', 'commercial', 'social_service', 'district', $1, 'active', '13600000008', $2, $2)
		RETURNING id`, chengqiao, start).Scan(&c.centre); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `INSERT INTO org_specialties (org_id, dispute_type) VALUES ($1, 'contract')`, c.centre)
	ctx := context.Background()
	from := time.Date(2026, 9, 14, 0, 0, 0, 0, tiaojie.Beijing()) // the day the tests start
	y := func(n int64) tiaojie.Money { return tiaojie.Money(n * 100) }
	v, err := reg.SaveFeeDraft(ctx, tiaojie.System(), c.centre, tiaojie.FeeStandard{EffectiveFrom: from, Cap: y(300_000),
		Tiers: []tiaojie.FeeTier{{UpTo: y(200_000), Fixed: y(2_000)}, {UpTo: y(500_000), RateBP: 75}, {UpTo: y(1_000_000), RateBP: 50}, {RateBP: 45}}})
	must(t, err)
	must(t, reg.PublishFee(ctx, tiaojie.System(), c.centre, v))
	c.centreAdmin = e.staff(t, "centreadmin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: c.centre})
	c.centreMed = e.staff(t, "centremediator", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: c.centre})
	c.centreMedID = e.mediatorRow(t, "孙调解", c.centreMed.UserID, c.centre, tiaojie.MediatorActive)
	return c
}

// accepted files a contract dispute of 1,000,000 yuan, routes it to the
// centre, which accepts it and assigns its mediator: the fee is 6,750
// yuan.
func (c *commercialEnv) accepted(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	app := application()
	amount := int64(1_000_000_00)
	app.DisputeType, app.Title, app.AmountFen = "contract", "货款纠纷", &amount
	app.Facts, app.Claims = "被申请人拖欠货款一百万元。", "支付货款一百万元"
	id, err := c.svc.Apply(ctx, c.applicant, app)
	must(t, err)
	must(t, c.svc.Act(ctx, c.applicant, id, cases.Step{Action: tiaojie.CaseSubmit}))
	must(t, c.svc.Act(ctx, c.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: c.centre}))
	must(t, c.svc.Act(ctx, c.centreAdmin, id, cases.Step{Action: tiaojie.CaseAccept}))
	must(t, c.svc.Assign(ctx, c.centreAdmin, id, c.centreMedID, cases.ChosenByOrg))
	return id
}

// payment is a transfer of amount yuan by 张三 on the day the tests start.
func payment(yuan int64) cases.PaymentInput {
	return cases.PaymentInput{Amount: tiaojie.Money(yuan * 100), Method: cases.PayTransfer, Payer: "张三",
		ReceiptNo: "SJ-0001", Note: "首期", PaidAt: time.Date(2026, 9, 14, 0, 0, 0, 0, tiaojie.Beijing())}
}

// wantField checks that err is Invalid with the code on the field.
func wantField(t *testing.T, err error, field, code string) {
	t.Helper()
	var e *tiaojie.Error
	if !errors.As(err, &e) || e.Kind != tiaojie.Invalid {
		t.Fatalf("err = %v, want invalid %s", err, field)
	}
	if !slices.ContainsFunc(e.Fields, func(f tiaojie.FieldError) bool { return f.Field == field && f.Code == code }) {
		t.Fatalf("err = %v, want %s on %s", err, code, field)
	}
}

// rows counts with q.
func (c *commercialEnv) rows(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, c.db.Reader().QueryRow(q, args...).Scan(&n))
	return n
}

func TestPayments(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCommercialEnv(t, d)
		ctx := context.Background()
		id := c.accepted(t)

		// The fee came from the standard in force at acceptance.
		list, sum, err := c.svc.Payments(ctx, c.applicant, id)
		must(t, err)
		if len(list) != 0 || sum.Fee != 6_750_00 || sum.Balance != 6_750_00 || sum.StandardVersion != 1 || sum.CanRecord {
			t.Fatalf("before any payment: %v %+v", list, sum)
		}

		// The mediator records a payment; the admin the rest.
		pid, err := c.svc.RecordPayment(ctx, c.centreMed, id, payment(4_000))
		must(t, err)
		if pid == 0 {
			t.Fatal("no payment id")
		}
		// More than the balance (2,750) is refused, and nothing is written.
		err = func() error { _, err := c.svc.RecordPayment(ctx, c.centreAdmin, id, payment(3_000)); return err }()
		wantField(t, err, "amount", "case.payment_over_fee")
		if n := c.rows(t, `SELECT COUNT(*) FROM case_payments WHERE case_id = $1`, id); n != 1 {
			t.Fatalf("%d payments after the refused one, want 1", n)
		}
		_, err = c.svc.RecordPayment(ctx, c.centreAdmin, id, payment(2_750))
		must(t, err)

		// A refund of part of it; never more than was received.
		refund := payment(-500)
		refund.ReceiptNo, refund.Note = "TF-0001", "调解未成，部分退还"
		_, err = c.svc.RecordPayment(ctx, c.centreAdmin, id, refund)
		must(t, err)
		_, err = c.svc.RecordPayment(ctx, c.centreAdmin, id, payment(-7_000))
		wantField(t, err, "amount", "case.payment_over_refund")

		list, sum, err = c.svc.Payments(ctx, c.centreAdmin, id)
		must(t, err)
		if want := (cases.PaymentSummary{Fee: 6_750_00, Paid: 6_750_00, Refunded: 500_00, Balance: 500_00, StandardVersion: 1,
			StandardFrom: sum.StandardFrom, CanRecord: true}); sum != want || len(list) != 3 || !list[2].Refund() {
			t.Fatalf("after payments and a refund: %+v\n%+v", sum, list)
		}
		if list[0].Recorder != "centremediator" || list[0].Payer != "张三" || list[0].Note != "首期" {
			t.Fatalf("the admin's view of a payment: %+v", list[0])
		}

		// The parties see what was paid, not which staff member recorded it.
		list, sum, err = c.svc.Payments(ctx, c.applicant, id)
		must(t, err)
		if sum.Net() != 6_250_00 || sum.CanRecord || list[0].Payer != "张三" || list[0].RecordedBy != 0 || list[0].Recorder != "" {
			t.Fatalf("the applicant's view: %+v %+v", sum, list[0])
		}

		// The township office sees the figures: the payer masked, no note.
		list, sum, err = c.svc.Payments(ctx, c.township, id)
		must(t, err)
		if sum.Balance != 500_00 || list[0].Amount != 4_000_00 || list[0].Payer == "张三" || list[0].Note != "" || sum.CanRecord {
			t.Fatalf("the township's view: %+v %+v", sum, list[0])
		}

		// A party cannot record; a stranger and another organization's
		// admin do not find the case.
		_, err = c.svc.RecordPayment(ctx, c.applicant, id, payment(1))
		wantKind(t, err, tiaojie.Forbidden)
		_, err = c.svc.RecordPayment(ctx, c.township, id, payment(1))
		wantKind(t, err, tiaojie.Forbidden)
		for _, p := range []*tiaojie.Principal{c.stranger, c.orgAdmin} {
			_, err = c.svc.RecordPayment(ctx, p, id, payment(1))
			wantKind(t, err, tiaojie.NotFound)
			_, _, err = c.svc.Payments(ctx, p, id)
			wantKind(t, err, tiaojie.NotFound)
		}

		// What a payment says is checked before anything else.
		for _, tc := range []struct {
			name        string
			edit        func(*cases.PaymentInput)
			field, code string
		}{
			{"zero", func(in *cases.PaymentInput) { in.Amount = 0 }, "amount", "case.payment_amount"},
			{"method", func(in *cases.PaymentInput) { in.Method = "cheque" }, "method", "case.payment_method"},
			{"payer", func(in *cases.PaymentInput) { in.Payer = " " }, "payer", "case.payment_payer"},
			{"receipt", func(in *cases.PaymentInput) { in.ReceiptNo = strings.Repeat("9", 51) }, "receipt_no", "case.payment_receipt"},
			{"note", func(in *cases.PaymentInput) { in.Note = strings.Repeat("注", 501) }, "note", "case.payment_note"},
			{"no date", func(in *cases.PaymentInput) { in.PaidAt = time.Time{} }, "paid_at", "case.payment_paid_at"},
			{"tomorrow", func(in *cases.PaymentInput) { in.PaidAt = start.Add(24 * time.Hour) }, "paid_at", "case.payment_future"},
			{"before acceptance", func(in *cases.PaymentInput) { in.PaidAt = start.Add(-48 * time.Hour) }, "paid_at", "case.payment_before_accept"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := payment(1)
				in.Amount = -1 // a refund fits what is held
				tc.edit(&in)
				_, err := c.svc.RecordPayment(ctx, c.centreAdmin, id, in)
				wantField(t, err, tc.field, tc.code)
			})
		}
		if n := c.rows(t, `SELECT COUNT(*) FROM case_payments WHERE case_id = $1`, id); n != 3 {
			t.Fatalf("%d payments, want 3", n)
		}

		// Each payment is audited; so is each refusal.
		if n := c.rows(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'case.payment' AND outcome = 'ok'`); n != 3 {
			t.Errorf("%d audit rows of payments, want 3", n)
		}
		if n := c.rows(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'case.payment' AND outcome = 'denied'`); n != 4 {
			t.Errorf("%d audit rows of refused payments, want 4", n)
		}

		// The case file lists them.
		file, err := c.svc.CaseFile(ctx, c.centreAdmin, id)
		must(t, err)
		i := slices.IndexFunc(file.Docs, func(d cases.DossierDoc) bool { return d.Name == "07-收费记录.txt" })
		if i < 0 || !strings.Contains(file.Docs[i].Text, "6,750.00") || !strings.Contains(file.Docs[i].Text, "退费") ||
			!strings.Contains(file.Cover, "07-收费记录.txt") {
			t.Fatalf("case file: %+v", file.Docs)
		}

		// Once archived, the record is closed.
		must(t, c.svc.Act(ctx, c.centreMed, id, cases.Step{Action: tiaojie.CaseUnreachable}))
		must(t, c.svc.Act(ctx, c.centreAdmin, id, cases.Step{Action: tiaojie.CaseArchive}))
		_, err = c.svc.RecordPayment(ctx, c.centreAdmin, id, payment(-1))
		wantKind(t, err, tiaojie.Conflict)
		if _, sum, err = c.svc.Payments(ctx, c.centreAdmin, id); err != nil || sum.CanRecord {
			t.Fatalf("archived: %+v %v", sum, err)
		}
		if _, err := c.audit.Verify(ctx, d); err != nil {
			t.Fatal(err)
		}
	})
}

// TestPaymentsFreeCase: people's mediation is free, so its cases take no
// payments.
func TestPaymentsFreeCase(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCommercialEnv(t, d)
		ctx := context.Background()
		id := c.mediating(t)
		_, err := c.svc.RecordPayment(ctx, c.orgAdmin, id, payment(100))
		wantKind(t, err, tiaojie.Conflict)
		_, _, err = c.svc.Payments(ctx, c.applicant, id)
		wantKind(t, err, tiaojie.NotFound)
		if n := c.rows(t, `SELECT COUNT(*) FROM case_payments`); n != 0 {
			t.Fatalf("%d payments of a free case", n)
		}
	})
}
