package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/cases"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// TestCasePayments: the fees section of a commercial case. The centre's
// admin records a payment in yuan from the page; an amount above what is
// outstanding or with three decimals is refused next to the field; the
// township office sees the figures without the form; a people's
// mediation case has no fees section.
func TestCasePayments(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newCaseEnv(t, d)
		ctx := context.Background()
		var centre int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, contact_phone, created_at, updated_at)
			VALUES ('崇明商事调解中心', '崇明商', 'commercial', 'social_service', 'district', $1, 'active', '021-59620001', $2, $2)
			RETURNING id`, chengqiao, start).Scan(&centre); err != nil {
			t.Fatal(err)
		}
		today := start.In(tiaojie.Beijing()).Format(time.DateOnly)
		from, _ := time.ParseInLocation(time.DateOnly, today, tiaojie.Beijing())
		v, err := e.st.Registry.SaveFeeDraft(ctx, tiaojie.System(), centre, tiaojie.FeeStandard{EffectiveFrom: from,
			Tiers: []tiaojie.FeeTier{{UpTo: 20_000_000, Fixed: 200_000}, {UpTo: 50_000_000, RateBP: 75}, {UpTo: 100_000_000, RateBP: 50}, {RateBP: 30}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.st.Registry.PublishFee(ctx, tiaojie.System(), centre, v); err != nil {
			t.Fatal(err)
		}
		adminGrant := tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: centre}
		admin, adminID := e.staff(t, "centreadmin", adminGrant)
		deskGrant := tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}
		desk := &tiaojie.Principal{UserID: e.user(t, "cqdesk", false, deskGrant), Name: "cqdesk", Grants: []tiaojie.Grant{deskGrant}, MFA: true}
		orgAdmin := &tiaojie.Principal{UserID: adminID, Name: "centreadmin", Grants: []tiaojie.Grant{adminGrant}, MFA: true}

		// A contract dispute of 1,000,000 yuan, filed at the desk and
		// accepted by the centre: the fee is 6,750 yuan.
		amount := int64(100_000_000)
		id, err := e.st.Cases.File(ctx, desk, cases.Application{DisputeType: "contract", Township: chengqiao, Title: "货款纠纷",
			Facts: "被申请人拖欠货款一百万元。", Claims: "支付货款", AmountFen: &amount, Consent: true, Source: tiaojie.SourceDesk,
			Parties: []cases.PartyInput{
				{Side: tiaojie.SideApplicant, Kind: tiaojie.PartyPerson, Name: "张三", Phone: "13800000001"},
				{Side: tiaojie.SideRespondent, Kind: tiaojie.PartyPerson, Name: "李四", Phone: "13900000002"}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.st.Cases.Act(ctx, desk, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: centre}); err != nil {
			t.Fatal(err)
		}
		if err := e.st.Cases.Act(ctx, orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}); err != nil {
			t.Fatal(err)
		}
		path := "/cases/" + strconv.FormatInt(id, 10)
		admin.get(path).want(t, http.StatusOK, path, `id="fees"`, "6,750.00", "第 1 版收费标准", `id="payment-form"`, `name="amount"`)

		form := url.Values{"kind": {"payment"}, "amount": {"4,000.50"}, "method": {"transfer"}, "payer": {"张三"},
			"receipt_no": {"SJ-0001"}, "paid_at": {today}, "note": {"首期"}}
		admin.post(path+"/payments", form).want(t, http.StatusOK, path, "已登记", "4,000.50", "2,749.50", "SJ-0001")
		if n := e.count(t, `SELECT COUNT(*) FROM case_payments WHERE case_id = $1 AND amount_fen = 400050`, id); n != 1 {
			t.Fatalf("%d payments of 4,000.50 yuan, want 1", n)
		}

		form.Set("amount", "3000")
		admin.post(path+"/payments", form).want(t, http.StatusUnprocessableEntity, path+"/payments",
			"超过应收的调解费：尚欠 2,749.50 元", `aria-invalid="true"`, `id="payment-form" open`)
		form.Set("amount", "1.234")
		admin.post(path+"/payments", form).want(t, http.StatusUnprocessableEntity, path+"/payments", "最多两位小数")
		if n := e.count(t, `SELECT COUNT(*) FROM case_payments`); n != 1 {
			t.Fatalf("%d payments after the refused ones, want 1", n)
		}

		// The township office sees the figures, not the form nor the note.
		town := e.township.get(path)
		town.want(t, http.StatusOK, path, `id="fees"`, "4,000.50", "交款人姓名已隐去")
		town.lacks(t, `id="payment-form"`, "首期")
	})
}
