package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
)

// TestStaffSettings: the bureau's settings page is the bureau's alone,
// linked from its navigation; a refused value is shown next to the field
// and nothing changes; a saved one is in force and audited.
func TestStaffSettings(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})

	page := bureau.get("/staff/settings")
	page.want(t, http.StatusOK, "/staff/settings", `href="/staff/settings" aria-current="page"`, "制度设置", "现行要求：不作要求",
		`id="policy-training_hours_required"`, `value="0"`)
	cq.get("/staff/mediators").lacks(t, `href="/staff/settings"`)
	cq.get("/staff/settings").want(t, http.StatusForbidden, "")
	cq.post("/staff/settings", policyForm("training_hours_required", "8")).want(t, http.StatusForbidden, "")

	for bad, msg := range map[string]string{"201": "培训学时要求应为 0 至 200 之间的整数", "-1": "培训学时要求应为 0 至 200 之间的整数", "八": "请填写整数"} {
		p := bureau.post("/staff/settings", policyForm("training_hours_required", bad))
		p.want(t, http.StatusUnprocessableEntity, "/staff/settings", msg, `id="e-policy-training_hours_required"`)
	}
	bureau.post("/staff/settings", policyForm("star_thresholds", "50, 60, 60, 80, 90")).
		want(t, http.StatusUnprocessableEntity, "/staff/settings", "逐级递增", `id="e-policy-star_thresholds"`)
	bureau.post("/staff/settings", policyForm("training_hours_required", "16", "star_levels", "3", "star_thresholds", "60，75，90")).
		want(t, http.StatusOK, "/staff/settings", "制度设置已保存", "调解员近 12 个月须完成 16 学时统一职业培训", `value="16"`, `value="60, 75, 90"`)
	if pol, err := e.st.Settings.Policy(context.Background()); err != nil || pol.TrainingHoursRequired != 16 || pol.StarLevels != 3 {
		t.Errorf("policy = %+v, %v", pol, err)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'settings.policy' AND outcome = 'ok' AND actor = 'bureau'`); n != 1 {
		t.Errorf("%d audited changes, want 1", n)
	}

	bureau.post("/lang", url.Values{"lang": {"en"}, "next": {"/staff/settings"}}).
		want(t, http.StatusOK, "/staff/settings", "Policy", "mediators need 16 hours of unified training")
}

// TestStaffMediatorTraining: the mediator page lists training with the
// hours of the last 12 months against the requirement, flags a mediator
// short of it, and lets those who may edit the mediator record training.
func TestStaffMediatorTraining(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newStaffEnv(t, d)
		ctx := context.Background()
		org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
		cq, _ := e.staff(t, "cq.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		bz, _ := e.staff(t, "bz.office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
		med, _ := e.staff(t, "med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org})
		mid, err := e.st.Roster.Create(ctx, tiaojie.System(), roster.MediatorInput{Name: "顾培训", Background: "law",
			Orgs: []roster.Membership{{OrgID: org, Position: roster.PositionFullTime}}})
		if err != nil {
			t.Fatal(err)
		}
		path := "/staff/mediators/" + strconv.FormatInt(mid, 10)

		// Not enforced: the hours are shown, nothing is flagged.
		p := cq.get(path)
		p.want(t, http.StatusOK, path, `id="training"`, "培训记录", "尚无培训记录", "区司法局目前未设培训学时要求", `id="add-training"`)
		p.lacks(t, "培训学时不足")

		if err := e.st.Settings.SetPolicy(ctx, tiaojie.System(), tiaojie.DefaultPolicy().WithTraining(16)); err != nil {
			t.Fatal(err)
		}
		cq.get(path).want(t, http.StatusOK, path, "近 12 个月培训 0 学时，区司法局要求 16 学时", "培训学时不足，不能被指派案件", `id="training-flag"`)

		today := start.In(tiaojie.Beijing()).Format(time.DateOnly)
		tomorrow := start.In(tiaojie.Beijing()).AddDate(0, 0, 1).Format(time.DateOnly)
		bad := cq.post(path+"/training", url.Values{"title": {""}, "held_on": {tomorrow}, "hours": {"0"}})
		bad.want(t, http.StatusUnprocessableEntity, "", "请填写培训名称", "培训日期不能晚于今天", "学时应为 1 至 200 之间的整数",
			`id="e-training-held_on"`, `value="`+tomorrow+`"`)
		cq.post(path+"/training", url.Values{"title": {"x"}, "held_on": {"2026/05/20"}, "hours": {"8"}}).
			want(t, http.StatusUnprocessableEntity, "", "培训日期格式不正确")

		form := url.Values{"title": {"2026年全区人民调解员统一职业培训"}, "held_on": {today}, "hours": {"8"}}
		cq.post(path+"/training", form).want(t, http.StatusOK, path, "培训记录已登记", "2026年全区人民调解员统一职业培训",
			"近 12 个月培训 8 学时，区司法局要求 16 学时", "培训学时不足")
		form.Set("title", "调解技巧专题培训")
		done := cq.post(path+"/training", form)
		done.want(t, http.StatusOK, path, "调解技巧专题培训", "近 12 个月培训 16 学时，区司法局要求 16 学时")
		done.lacks(t, "培训学时不足")
		if _, sum, err := e.st.Roster.Training(ctx, tiaojie.System(), mid); err != nil || sum.Short() {
			t.Errorf("after 16 hours: %+v, %v", sum, err)
		}

		// The mediator's colleagues read, without the form; another
		// township neither reads nor records.
		mp := med.get(path)
		mp.want(t, http.StatusOK, path, "调解技巧专题培训")
		mp.lacks(t, `id="add-training"`)
		med.post(path+"/training", form).want(t, http.StatusForbidden, "")
		bz.get(path).want(t, http.StatusNotFound, "")
		bz.post(path+"/training", form).want(t, http.StatusNotFound, "")
		if n := e.count(t, `SELECT count(*) FROM mediator_training`); n != 2 {
			t.Errorf("%d training records, want 2", n)
		}
	})
}

// TestCaseAssignUnderTrained: with the bureau's requirement on, the case
// page still lists the organization's mediators, and assigning one short
// of the hours is refused with the hours had and required; once trained,
// the same assignment goes through.
func TestCaseAssignUnderTrained(t *testing.T) {
	e := newCaseEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	app := e.public(t, "13800000001", "/apply")
	done := app.post("/apply", url.Values{
		"org_id": {strconv.FormatInt(e.org, 10)}, "dispute_type": {"neighbour"}, "township": {chengqiao},
		"title": {"楼上漏水纠纷"}, "facts": {"楼上卫生间漏水。"}, "claims": {"赔偿修理费"}, "amount": {"5000"},
		"parties.0.name": {"张三"}, "parties.0.phone": {"13800000001"},
		"parties.1.kind": {"person"}, "parties.1.name": {"李四"}, "parties.1.phone": {"13900000002"},
		"consent": {"1"}, "do": {"submit"},
	})
	m := caseLink.FindStringSubmatch(done.path)
	if m == nil {
		t.Fatalf("not on a case page: %s\n%s", done.path, excerpt(done.body))
	}
	path := "/cases/" + m[1]
	e.admin.post(path+"/act", url.Values{"action": {"accept"}}).want(t, http.StatusOK, path, "待被申请人同意")

	if err := e.st.Settings.SetPolicy(ctx, tiaojie.System(), tiaojie.DefaultPolicy().WithTraining(12)); err != nil {
		t.Fatal(err)
	}
	e.admin.get(path).want(t, http.StatusOK, path, "王调解")
	assign := url.Values{"mediator_id": {strconv.FormatInt(e.mediatorID, 10)}, "how": {"org"}}
	e.admin.post(path+"/assign", assign).want(t, http.StatusConflict, "",
		"该调解员近 12 个月的培训学时为 0 学时，未达到区司法局要求的 12 学时。培训学时不足，不能被指派案件。")

	if _, err := e.st.Roster.RecordTraining(ctx, tiaojie.System(), e.mediatorID, roster.TrainingInput{
		Title: "2026年全区人民调解员统一职业培训", HeldOn: start, Hours: 12}); err != nil {
		t.Fatal(err)
	}
	e.admin.post(path+"/assign", assign).want(t, http.StatusOK, path, "已指派调解员", "王调解")
}

// policyForm is the settings form as the page sends it, with the default
// policy's values but for the pairs given (name, value, …).
func policyForm(pairs ...string) url.Values {
	d := tiaojie.DefaultPolicy()
	f := url.Values{"training_hours_required": {"0"}, "star_levels": {"5"}, "star_thresholds": {"50, 60, 70, 80, 90"},
		"rating_validity_months": {strconv.Itoa(d.RatingValidityMonths)}, "rating_objection_days": {strconv.Itoa(d.RatingObjectionDays)},
		"complaint_answer_days": {strconv.Itoa(d.ComplaintAnswerDays)}, "disclosure_due": {d.DisclosureDue},
		"disclosure_abnormal_days": {strconv.Itoa(d.DisclosureAbnormalDays)}}
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Set(pairs[i], pairs[i+1])
	}
	return f
}
