package registry_test

import (
	"context"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

// beijingDay returns midnight, Beijing time, of a date.
func beijingDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, tiaojie.Beijing())
}

// chengduTiers is the amount-based schedule of DOMAIN.md §(b)9 (成都善信):
// ≤200k 2,000 per case; then 0.75%, 0.5%, 0.45%, 0.4%, 0.35%, 0.3%,
// 0.25% above 20M; cap 300,000.
func chengduStandard(from time.Time) tiaojie.FeeStandard {
	return tiaojie.FeeStandard{
		EffectiveFrom: from,
		Cap:           money(300_000),
		Note:          "按争议金额分档累进计算，由双方平均分担。",
		Tiers: []tiaojie.FeeTier{
			{UpTo: money(200_000), Fixed: money(2_000)},
			{UpTo: money(500_000), RateBP: 75},
			{UpTo: money(1_000_000), RateBP: 50},
			{UpTo: money(2_000_000), RateBP: 45},
			{UpTo: money(5_000_000), RateBP: 40},
			{UpTo: money(10_000_000), RateBP: 35},
			{UpTo: money(20_000_000), RateBP: 30},
			{RateBP: 25},
		},
	}
}

// TestFeeStandards: drafts, publication before use, the worked example
// through FeeFor on dates, versions replacing each other.
func TestFeeStandards(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.active(t, commercial("崇明区商事调解中心"), "01")
		admin := orgAdmin(id)

		// A draft cannot be used, and a backdated one cannot be published.
		back, err := e.svc.SaveFeeDraft(ctx, admin, id, chengduStandard(beijingDay(2026, 3, 1)))
		must(t, err)
		wantCode(t, e.svc.PublishFee(ctx, admin, id, back), "fee.backdated")
		if _, _, err := e.svc.FeeFor(ctx, id, money(1_000_000), start); code(err) != "fee.none_in_force" {
			t.Fatalf("fee without a published standard: %v", err)
		}
		// Editing the draft to a date from today on makes it publishable.
		std := chengduStandard(beijingDay(2026, 3, 10))
		std.Version = back
		v, err := e.svc.SaveFeeDraft(ctx, admin, id, std)
		must(t, err)
		if v != back {
			t.Fatalf("editing draft %d made version %d", back, v)
		}
		wantCode(t, e.svc.PublishFee(ctx, cq, id, v), "")
		wantCode(t, e.svc.PublishFee(ctx, admin, id, v), "fee.already_published")
		std.Note = "改"
		_, err = e.svc.SaveFeeDraft(ctx, admin, id, std)
		wantCode(t, err, "fee.already_published")
		o, _ := e.svc.Get(ctx, bureau, id)
		if !o.Charges {
			t.Error("publishing did not mark the organization as charging")
		}

		// Before its effective date nothing is in force.
		if _, _, err := e.svc.FeeFor(ctx, id, money(1_000_000), beijingDay(2026, 3, 9).Add(23*time.Hour)); code(err) != "fee.none_in_force" {
			t.Errorf("fee before the effective date: %v", err)
		}
		on := beijingDay(2026, 3, 10)
		for _, tc := range []struct {
			amount, want tiaojie.Money
		}{
			{0, money(2_000)},
			{money(200_000), money(2_000)},
			{money(200_000) + 100_00, money(2_000) + 75}, // 100 yuan at 0.75% = 0.75 yuan
			{money(500_000), money(4_250)},               // 2,000 + 2,250
			{money(1_000_000), money(6_750)},             // the worked example
			{money(100_000_000), money(270_750)},         // every band, under the cap
			{money(200_000_000), money(300_000)},         // capped
		} {
			fee, used, err := e.svc.FeeFor(ctx, id, tc.amount, on)
			must(t, err)
			if fee != tc.want || used.Version != v {
				t.Errorf("fee of %s = %s (version %d), want %s", tc.amount.FormatYuan(), fee.FormatYuan(), used.Version, tc.want.FormatYuan())
			}
		}

		// A second version from April replaces the first from its date.
		next := chengduStandard(beijingDay(2026, 4, 1))
		next.Tiers[0].Fixed = money(1_500)
		v2, err := e.svc.SaveFeeDraft(ctx, admin, id, next)
		must(t, err)
		must(t, e.svc.PublishFee(ctx, bureau, id, v2))
		for _, tc := range []struct {
			on      time.Time
			version int
			fee     tiaojie.Money
		}{
			{beijingDay(2026, 3, 31), v, money(2_000)},
			{beijingDay(2026, 4, 1), v2, money(1_500)},
		} {
			fee, used, err := e.svc.FeeFor(ctx, id, money(100_000), tc.on)
			must(t, err)
			if used.Version != tc.version || fee != tc.fee {
				t.Errorf("on %s: version %d fee %s", tc.on, used.Version, fee.FormatYuan())
			}
		}

		// The public sees published standards; drafts are staff's.
		draft, err := e.svc.SaveFeeDraft(ctx, admin, id, chengduStandard(beijingDay(2026, 6, 1)))
		must(t, err)
		pub, err := e.svc.FeeStandards(ctx, anon, id, false)
		must(t, err)
		if len(pub) != 2 || pub[0].Version != v2 || len(pub[0].Tiers) != 8 {
			t.Errorf("public standards %+v", pub)
		}
		if _, err := e.svc.FeeStandards(ctx, anon, id, true); code(err) != "error.forbidden" {
			t.Errorf("public read drafts: %v", err)
		}
		all, err := e.svc.FeeStandards(ctx, admin, id, true)
		must(t, err)
		if len(all) != 3 || all[0].Version != draft || all[0].Published() {
			t.Errorf("staff standards %+v", all)
		}
		if prof, _ := e.svc.PublicOrg(ctx, id); prof.FeeInForce != nil {
			t.Errorf("a standard in force before its date: %+v", prof.FeeInForce)
		}
		e.clock.Set(beijingDay(2026, 3, 15))
		prof, err := e.svc.PublicOrg(ctx, id)
		must(t, err)
		if prof.FeeInForce == nil || prof.FeeInForce.Version != v || len(prof.FeeHistory) != 2 || !prof.Paid {
			t.Errorf("profile fees: in force %+v, history %d", prof.FeeInForce, len(prof.FeeHistory))
		}
		if n := e.audits(t, "fee.publish", audit.OK); n != 2 {
			t.Errorf("%d publications audited", n)
		}
	})
}

// TestFeeRefusals: a people's mediation committee mediates free by law;
// invalid standards are refused with their fields.
func TestFeeRefusals(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		committee := e.active(t, input("城桥镇人民调解委员会", chengqiao), "01")
		_, err := e.svc.SaveFeeDraft(ctx, bureau, committee, chengduStandard(beijingDay(2026, 3, 10)))
		wantCode(t, err, "fee.free_by_law")
		if n := e.count(t, `SELECT count(*) FROM fee_standards`); n != 0 {
			t.Errorf("%d standards stored for a committee", n)
		}
		fee, std, err := e.svc.FeeFor(ctx, committee, money(1_000_000), start)
		if err != nil || fee != 0 || std.Version != 0 {
			t.Errorf("committee fee = %s, %+v, %v; want 0 without error", fee.FormatYuan(), std, err)
		}

		centre := e.active(t, commercial("崇明区商事调解中心"), "02")
		bad := chengduStandard(beijingDay(2026, 3, 10))
		bad.Tiers[1].UpTo = money(100_000)
		_, err = e.svc.SaveFeeDraft(ctx, bureau, centre, bad)
		wantCode(t, err, "fee.bounds_rising")
		_, err = e.svc.SaveFeeDraft(ctx, bureau, centre, tiaojie.FeeStandard{EffectiveFrom: start})
		wantCode(t, err, "fee.no_tiers")
		_, err = e.svc.SaveFeeDraft(ctx, cq, centre+100, chengduStandard(start))
		wantCode(t, err, "error.not_found")
		wantCode(t, e.svc.PublishFee(ctx, bureau, centre, 7), "error.not_found")
		if _, err := e.svc.SaveFeeDraft(ctx, mediatorOf(centre), centre, chengduStandard(start)); code(err) != "error.forbidden" {
			t.Errorf("a mediator saved a fee standard: %v", err)
		}
		if n := e.audits(t, "fee.save", audit.Denied); n != 1 {
			t.Errorf("%d refusals audited", n)
		}
	})
}
