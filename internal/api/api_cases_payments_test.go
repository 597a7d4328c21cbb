package api_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// paymentsJSON is GET /cases/{id}/payments, as much as the tests read.
type paymentsJSON struct {
	FeeFen      int64  `json:"fee_fen"`
	FeeYuan     string `json:"fee_yuan"`
	FeeStandard *struct {
		Version       int    `json:"version"`
		EffectiveFrom string `json:"effective_from"`
	} `json:"fee_standard"`
	PaidFen     int64             `json:"paid_fen"`
	RefundedFen int64             `json:"refunded_fen"`
	BalanceFen  int64             `json:"balance_fen"`
	CanRecord   bool              `json:"can_record"`
	Items       []paymentItemJSON `json:"items"`
}

// paymentItemJSON is one payment of paymentsJSON.
type paymentItemJSON struct {
	ID         int64  `json:"id"`
	AmountFen  int64  `json:"amount_fen"`
	AmountYuan string `json:"amount_yuan"`
	Refund     bool   `json:"refund"`
	Method     string `json:"method"`
	Payer      string `json:"payer"`
	ReceiptNo  string `json:"receipt_no"`
	Note       string `json:"note"`
	PaidOn     string `json:"paid_on"`
	Recorder   string `json:"recorder"`
}

// commercial registers a commercial mediation centre in 城桥 serving
// contract disputes, with a fee standard in force (≤ 200,000 yuan fixed
// 2,000; ≤ 500,000 at 0.75%; ≤ 1,000,000 at 0.5%; above at 0.3%), its
// admin and a mediator with tokens, and takes a contract dispute of
// 1,000,000 yuan there through acceptance to the mediator's assignment:
// its fee is 6,750 yuan.
func (c *caseStack) commercial(t *testing.T) (id int64, admin, mediator string) {
	t.Helper()
	ctx := context.Background()
	in := committee("崇明区商事调解中心", chengqiao, "合同等商事纠纷的调解。", "contract")
	in.Type, in.LegalForm, in.Level = tiaojie.OrgCommercial, tiaojie.FormSocialService, tiaojie.LevelDistrict
	centre := c.register(t, in, creditCode(t, 7))
	fs := tiaojie.FeeStandard{EffectiveFrom: c.st.Clock.Now(), Tiers: []tiaojie.FeeTier{
		{UpTo: 20_000_000, Fixed: 200_000}, {UpTo: 50_000_000, RateBP: 75}, {UpTo: 100_000_000, RateBP: 50}, {RateBP: 30}}}
	v, err := c.st.Registry.SaveFeeDraft(ctx, system, centre, fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.st.Registry.PublishFee(ctx, system, centre, v); err != nil {
		t.Fatal(err)
	}
	tok := func(login string, g tiaojie.Grant) (string, int64) {
		p := c.user(t, login, g)
		return c.token(t, p, auth.Grantable(p)...), p.UserID
	}
	admin, _ = tok("centre.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: centre})
	mediator, uid := tok("sun.tiaojie", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: centre})
	med := c.linked(t, c.stack.mediator(t, "孙调解", thirdID, centre, "contract"), uid)

	app := application()
	app["dispute_type"], app["title"], app["amount_fen"] = "contract", "货款纠纷", 100_000_000
	app["facts"], app["claims"] = "被申请人拖欠货款一百万元。", "支付货款一百万元"
	var ref caseRefJSON
	c.do(t, req{method: "POST", path: "/api/v1/cases", auth: c.applicant, body: app}).ok(t, 201, &ref)
	c.step(t, ref.ID, c.applicant, map[string]any{"action": "submit"})
	c.step(t, ref.ID, c.applicant, map[string]any{"action": "route", "org_id": centre})
	c.step(t, ref.ID, admin, map[string]any{"action": "accept"})
	c.do(t, req{method: "POST", path: casePath(ref.ID, "/assignment"), auth: admin,
		body: map[string]any{"mediator_id": med, "how": "org"}}).ok(t, 204, nil)
	return ref.ID, admin, mediator
}

// TestCasePayments records the fee of a commercial case through the API:
// the mediator and the admin record, over-payment and over-refund are
// refused with nothing written, parties read but do not record, others do
// not find the case, and a people's mediation case takes no payment.
func TestCasePayments(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		id, admin, mediator := c.commercial(t)
		path := casePath(id, "/payments")
		today := c.st.Clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly)
		pay := func(fen int64) map[string]any {
			return map[string]any{"amount_fen": fen, "method": "transfer", "payer": "张三", "receipt_no": "SJ-0001",
				"note": "首期", "paid_on": today}
		}

		// read decodes afresh: json would keep a reused item's absent fields.
		read := func(who string) (got paymentsJSON) {
			t.Helper()
			c.do(t, req{method: "GET", path: path, auth: who}).ok(t, 200, &got)
			return got
		}
		got := read(c.applicant)
		if got.FeeFen != 675_000 || got.FeeYuan != "6750.00" || got.BalanceFen != 675_000 || got.CanRecord ||
			got.FeeStandard == nil || got.FeeStandard.Version != 1 || got.Items == nil {
			t.Fatalf("before payments: %+v", got)
		}

		var created struct{ ID int64 }
		c.do(t, req{method: "POST", path: path, auth: mediator, body: pay(400_000)}).ok(t, 201, &created)
		if created.ID == 0 {
			t.Fatal("no payment id")
		}
		p := c.do(t, req{method: "POST", path: path, auth: admin, body: pay(300_000)}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"amount_fen", "case.payment_over_fee"}}, p.fields()); diff != "" {
			t.Errorf("over-payment (-want +got):\n%s", diff)
		}
		if n := c.count(t, `SELECT COUNT(*) FROM case_payments WHERE case_id = $1`, id); n != 1 {
			t.Fatalf("%d payments after the refused one, want 1", n)
		}
		c.do(t, req{method: "POST", path: path, auth: admin, body: pay(275_000)}).ok(t, 201, nil)
		refund := pay(-50_000)
		delete(refund, "paid_on") // today
		c.do(t, req{method: "POST", path: path, auth: admin, body: refund}).ok(t, 201, nil)
		p = c.do(t, req{method: "POST", path: path, auth: admin, body: pay(-700_000)}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"amount_fen", "case.payment_over_refund"}}, p.fields()); diff != "" {
			t.Errorf("over-refund (-want +got):\n%s", diff)
		}

		// Dates: a day, not in the future, named as the API names it.
		bad := pay(1)
		bad["paid_on"] = "2026-13-01"
		p = c.do(t, req{method: "POST", path: path, auth: admin, body: bad}).problem(t, 422, "error.invalid_input")
		if len(p.Errors) != 1 || p.Errors[0].Field != "paid_on" {
			t.Errorf("bad date: %+v", p.Errors)
		}
		bad["paid_on"] = c.st.Clock.Now().AddDate(0, 0, 2).In(tiaojie.Beijing()).Format(time.DateOnly)
		p = c.do(t, req{method: "POST", path: path, auth: admin, body: bad}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"paid_on", "case.payment_future"}}, p.fields()); diff != "" {
			t.Errorf("future date (-want +got):\n%s", diff)
		}

		got = read(admin)
		if got.PaidFen != 675_000 || got.RefundedFen != 50_000 || got.BalanceFen != 50_000 || !got.CanRecord || len(got.Items) != 3 {
			t.Fatalf("after payments: %+v", got)
		}
		if it := got.Items[0]; it.AmountYuan != "4000.00" || it.Payer != "张三" || it.Note != "首期" || !strings.Contains(it.Recorder, "sun.tiaojie") || it.PaidOn != today {
			t.Errorf("the admin's first payment: %+v", it)
		}
		if !slices.ContainsFunc(got.Items, func(it paymentItemJSON) bool { return it.Refund && it.AmountFen == -50_000 }) {
			t.Errorf("no refund in %+v", got.Items)
		}

		// The applicant reads what was paid, without who recorded it; the
		// township office the figures, with the payer masked.
		got = read(c.applicant)
		if got.BalanceFen != 50_000 || got.CanRecord || got.Items[0].Payer != "张三" || got.Items[0].Recorder != "" {
			t.Errorf("the applicant's view: %+v", got)
		}
		got = read(c.cq)
		if got.BalanceFen != 50_000 || got.Items[0].Payer == "张三" || got.Items[0].Note != "" || got.Items[0].AmountFen != 400_000 {
			t.Errorf("the township's view: %+v", got)
		}

		// A party does not record (the page's permission, cases.handle);
		// another organization's admin does not find the case.
		c.do(t, req{method: "POST", path: path, auth: c.applicant, body: pay(1)}).problem(t, 403, "error.forbidden")
		c.do(t, req{method: "POST", path: path, auth: c.otherAdmin, body: pay(1)}).problem(t, 404, "error.not_found")
		c.do(t, req{method: "GET", path: path, auth: c.otherAdmin}).problem(t, 404, "error.not_found")
		if n := c.count(t, `SELECT COUNT(*) FROM case_payments WHERE case_id = $1`, id); n != 3 {
			t.Fatalf("%d payments, want 3", n)
		}

		// People's mediation is free: no fee, no payments.
		free := c.mediating(t)
		c.do(t, req{method: "GET", path: casePath(free, "/payments"), auth: c.applicant}).problem(t, 404, "case.no_fee")
		c.do(t, req{method: "POST", path: casePath(free, "/payments"), auth: c.orgAdmin, body: pay(1)}).problem(t, 409, "case.no_fee")
	})
}
