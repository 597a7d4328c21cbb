package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// TestAgencyAndMeetingPages: the bureau registers agencies and ties a
// partner account; convenes a joint meeting with the court; minutes
// before the meeting's day are refused; a decision owned by the court is
// followed up by the court's partner from the meeting page and shows on
// the partner desk; a partner of another agency sees nothing of it.
func TestAgencyAndMeetingPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	court, courtID := e.staff(t, "court", tiaojie.Grant{Role: tiaojie.RolePartner})
	police, policeID := e.staff(t, "police", tiaojie.Grant{Role: tiaojie.RolePartner})
	town, _ := e.staff(t, "town", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})

	court.get("/staff/agencies").want(t, http.StatusForbidden, "")
	bureau.post("/staff/agencies", url.Values{"name": {""}, "kind": {"court"}}).want(t, http.StatusUnprocessableEntity, "", "请填写单位名称")
	p := bureau.post("/staff/agencies", url.Values{"name": {"崇明区人民法院"}, "kind": {"court"}, "contact": {"立案庭"}})
	p.want(t, http.StatusOK, "", "协作单位已登记", `id="member-add"`)
	courtAg := p.path
	bureau.post(courtAg+"/members", url.Values{"user_id": {strconv.FormatInt(courtID, 10)}}).want(t, http.StatusOK, courtAg, "账号已关联", "court")
	pa := bureau.post("/staff/agencies", url.Values{"name": {"崇明公安分局"}, "kind": {"police"}})
	bureau.post(pa.path+"/members", url.Values{"user_id": {strconv.FormatInt(policeID, 10)}}).want(t, http.StatusOK, pa.path, "账号已关联")
	agencyID := courtAg[len("/staff/agencies/"):]

	when := start.Add(72 * time.Hour).In(tiaojie.Beijing()).Format("2006-01-02T15:04")
	form := url.Values{"kind": {"joint"}, "title": {"诉调对接联席会"}, "at": {when}, "place": {"区司法局"}, "agencies": {agencyID}}
	town.post("/staff/meetings", url.Values{"kind": {"joint"}, "title": {"x"}, "at": {when}, "agencies": {agencyID}}).want(t, http.StatusForbidden, "")
	bad := url.Values{"kind": {"joint"}, "title": {"诉调对接联席会"}, "at": {when}}
	bureau.post("/staff/meetings", bad).want(t, http.StatusUnprocessableEntity, "", "请至少选择一个参会单位")
	m := bureau.post("/staff/meetings", form)
	m.want(t, http.StatusOK, "", "会议已保存", "崇明区人民法院", `id="minutes-save"`)
	meeting := m.path
	bureau.post(meeting+"/minutes", url.Values{"minutes": {"议定事项"}}).want(t, http.StatusUnprocessableEntity, "", "会议尚未召开，不能录入纪要")
	police.get(meeting).want(t, http.StatusNotFound, "")
	police.get("/staff/meetings").lacks(t, "诉调对接联席会")
	court.get("/staff/meetings").want(t, http.StatusOK, "", "诉调对接联席会")

	// A meeting held today takes minutes and decisions.
	form.Set("at", start.In(tiaojie.Beijing()).Format("2006-01-02T15:04"))
	form.Set("title", "今日联席会")
	meeting = bureau.post("/staff/meetings", form).path
	bureau.post(meeting+"/minutes", url.Values{"minutes": {"会议议定建立诉前委派机制。"}}).want(t, http.StatusOK, meeting, "会议纪要已保存")
	bureau.post(meeting+"/decisions", url.Values{"text": {"建立诉前委派机制"}, "due": {"2026-12-10"}}).
		want(t, http.StatusUnprocessableEntity, "", "请指定决定事项的责任单位")
	bureau.post(meeting+"/decisions", url.Values{"text": {"建立诉前委派机制"}, "owner": {"agency:" + agencyID}, "due": {"2026-12-10"}}).
		want(t, http.StatusOK, meeting, "决定事项已添加", "办理中")
	var did string
	if err := e.st.DB.Reader().QueryRow(`SELECT CAST(id AS TEXT) FROM meeting_decisions`).Scan(&did); err != nil {
		t.Fatal(err)
	}
	police.post(meeting+"/decisions/"+did+"/progress", url.Values{"note": {"x"}}).want(t, http.StatusNotFound, "")
	court.get("/partner").want(t, http.StatusOK, "", "崇明区人民法院", "建立诉前委派机制")
	court.post(meeting+"/decisions/"+did+"/progress", url.Values{"note": {"方案已印发"}, "done": {"1"}}).want(t, http.StatusOK, meeting, "进展已记录", "已办结", "方案已印发")
	court.post(meeting+"/decisions/"+did+"/progress", url.Values{"note": {"再次"}, "done": {"1"}}).want(t, http.StatusConflict, "", "该决定事项已办结")
	court.get("/partner").want(t, http.StatusOK, "", "暂无待办的决定事项")

	// The court refers a dispute from its desk; it shows there with its status.
	court.get("/partner/refer").want(t, http.StatusOK, "", "移送纠纷", `action="/partner/refer"`)
	ref := url.Values{"dispute_type": {"neighbour"}, "township": {chengqiao}, "title": {"诉前委派：相邻漏水纠纷"},
		"facts": {"楼上漏水致楼下受损，原告起诉后法院征得同意委派调解。"}, "claims": {"赔偿损失"}, "consent": {"1"},
		"parties.0.name": {"钱一"}, "parties.0.phone": {"13800000051"}, "parties.1.kind": {"person"},
		"parties.1.name": {"孙二"}, "parties.1.phone": {"13900000052"}}
	bad = url.Values{"title": {"x"}}
	court.post("/partner/refer", bad).want(t, http.StatusUnprocessableEntity, "")
	bureau.post("/partner/refer", ref).want(t, http.StatusForbidden, "")
	court.post("/partner/refer", ref).want(t, http.StatusOK, "/partner", "纠纷已移送", "诉前委派：相邻漏水纠纷", "待分派")
}
