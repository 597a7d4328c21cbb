package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
)

// TestTrainingCoursePages walks a training from the course to the
// certificate: the bureau adds a course and a session of two places; a
// mediator enrols themself, their organization's admin enrols another,
// the bureau's third enrolment is refused as full with nothing changed;
// once the session has begun the bureau marks attendance, the hours reach
// the mediator's record and the hours page, and the certificate prints.
func TestTrainingCoursePages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	other := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	admin, _ := e.staff(t, "admin.cq", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
	otherAdmin, _ := e.staff(t, "admin.bz", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: other})
	med, medUser := e.staff(t, "med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org})
	ms := e.trainees(t, org, "顾培训", "施学习")
	m1, m2, m3 := ms[0], ms[1], e.trainees(t, other, "黄堡镇")[0]
	if _, err := e.st.DB.Writer().Exec(`UPDATE mediators SET user_id = $1 WHERE id = $2`, medUser, m1); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Settings.SetPolicy(ctx, tiaojie.System(), tiaojie.DefaultPolicy().WithTraining(16)); err != nil {
		t.Fatal(err)
	}

	// The course and a session 20 minutes ahead, enrolment closing 10
	// minutes before (the sessions of the browsers stay alive).
	admin.post("/staff/training/courses", url.Values{"title": {"x"}, "hours": {"8"}}).want(t, http.StatusForbidden, "")
	bureau.post("/staff/training/courses", url.Values{"title": {""}, "hours": {"0"}}).
		want(t, http.StatusUnprocessableEntity, "/staff/training/courses", "请填写培训名称", `id="e-course-title"`)
	p := bureau.post("/staff/training/courses", url.Values{"title": {"2026年人民调解员统一职业培训"}, "topic": {"婚姻家庭纠纷调解"}, "hours": {"8"}})
	p.want(t, http.StatusOK, "", "培训课程已新增", "2026年人民调解员统一职业培训")
	course := p.path
	admin.post(course, url.Values{"title": {"x"}, "hours": {"8"}}).want(t, http.StatusForbidden, "")
	bureau.post(course, url.Values{"title": {"2026年人民调解员统一职业培训"}, "hours": {"0"}}).
		want(t, http.StatusUnprocessableEntity, course, "学时应为 1 至 200 之间的整数", `id="e-edit-hours"`)
	bureau.post(course, url.Values{"title": {"2026年人民调解员统一职业培训"}, "topic": {"人民调解法"}, "hours": {"8"}}).
		want(t, http.StatusOK, course, "课程信息已保存", "人民调解法")
	bj := start.In(tiaojie.Beijing())
	at := func(d time.Duration) string { return bj.Add(d).Format("2006-01-02T15:04") }
	p = bureau.post(course+"/sessions", url.Values{"start": {at(20 * time.Minute)}, "end": {at(4 * time.Hour)},
		"deadline": {at(10 * time.Minute)}, "capacity": {"2"}, "place": {"区司法局三楼会议室"}})
	p.want(t, http.StatusOK, "", "场次已新增", "0 / 2")
	session := p.path
	sid := session[strings.LastIndex(session, "/")+1:]

	// Enrolment: the mediator themself, the admin another, the bureau a third.
	med.get(session).want(t, http.StatusOK, session, `id="enrol-self"`)
	med.post(session+"/enrol", url.Values{"mediator": {"self"}}).want(t, http.StatusOK, session, "报名成功", "顾培训", "1 / 2")
	med.post(session+"/enrol", url.Values{"mediator": {"self"}}).want(t, http.StatusConflict, "", "不能重复报名")
	otherAdmin.post(session+"/enrol", url.Values{"mediator": {strconv.FormatInt(m2, 10)}}).want(t, http.StatusNotFound, "")
	admin.post(session+"/enrol", url.Values{"mediator": {strconv.FormatInt(m2, 10)}}).want(t, http.StatusOK, session, "报名成功", "2 / 2", "已满")
	bureau.post(session+"/enrol", url.Values{"mediator": {strconv.FormatInt(m3, 10)}}).
		want(t, http.StatusConflict, "", "该场次 2 个名额已满，不能再报名")
	if n := e.count(t, `SELECT count(*) FROM training_enrolments WHERE session_id = $1`, sid); n != 2 {
		t.Fatalf("%d enrolments after a refusal, want 2", n)
	}

	// Attendance once the session has begun.
	var en1 int64
	if err := e.st.DB.Reader().QueryRow(`SELECT id FROM training_enrolments WHERE mediator_id = $1`, m1).Scan(&en1); err != nil {
		t.Fatal(err)
	}
	mark := url.Values{"session": {sid}, "status": {"attended"}}
	enrolment := "/staff/training/enrolments/" + strconv.FormatInt(en1, 10)
	bureau.post(enrolment+"/mark", mark).want(t, http.StatusConflict, "", "培训尚未开始")
	e.st.Clock.Set(start.Add(21 * time.Minute))
	admin.post(enrolment+"/mark", mark).want(t, http.StatusForbidden, "")
	p = bureau.post(enrolment+"/mark", mark)
	no := tiaojie.CertificateNo(2026, en1)
	p.want(t, http.StatusOK, session, "出勤情况已登记", no)
	bureau.post(enrolment+"/mark", url.Values{"session": {sid}, "status": {"absent"}}).want(t, http.StatusConflict, "", "不能改为缺勤")
	if n := e.count(t, `SELECT count(*) FROM mediator_training WHERE mediator_id = $1 AND hours = 8`, m1); n != 1 {
		t.Errorf("%d training records, want 1", n)
	}

	// The certificate, the hours page (everyone short of 16) and the mediator's own page.
	cert := "/staff/training/certificates/" + strconv.FormatInt(en1, 10)
	med.get(cert).want(t, http.StatusOK, cert, "培训证书", no, "顾培训", "完成培训8学时")
	otherAdmin.get(cert).want(t, http.StatusNotFound, "")
	hours := bureau.get("/staff/training/hours")
	hours.want(t, http.StatusOK, "/staff/training/hours", "共 3 名调解员，3 名学时不足（要求 16 学时）", "培训学时不足", "8 / 16")
	ah := admin.get("/staff/training/hours")
	ah.want(t, http.StatusOK, "", "共 2 名调解员")
	ah.lacks(t, "黄堡镇")
	med.get("/staff/training/hours").want(t, http.StatusForbidden, "")
	// The workbook follows the page's language (everyone is short of 16).
	for lang, want := range map[string][]string{"": {"培训学时", "调解员", "是否不足", "不足"}, "en": {"Training hours", "Mediator", "Short of hours", "Short"}} {
		x := bureau.get("/staff/training/hours.xlsx", "Accept-Language", lang)
		if x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheet") {
			t.Fatalf("export %q: %d %s", lang, x.status, x.header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		rows, _ := f.GetRows(sheet)
		f.Close()
		if len(rows) != 4 || sheet != want[0] || rows[0][0] != want[1] || rows[0][5] != want[2] || rows[1][5] != want[3] {
			t.Errorf("export %q: sheet %q, rows %q; want %q", lang, sheet, rows, want)
		}
	}
	med.get("/staff/training/mine").want(t, http.StatusOK, "/staff/training/mine", "近 12 个月培训 8 学时，区司法局要求 16 学时", no)
}

// trainees adds a mediator of org to the roster for each name and
// returns their ids.
func (e *staffEnv) trainees(t *testing.T, org int64, names ...string) []int64 {
	t.Helper()
	var ids []int64
	for _, name := range names {
		id, err := e.st.Roster.Create(context.Background(), tiaojie.System(), roster.MediatorInput{Name: name, Background: "law",
			Orgs: []roster.Membership{{OrgID: org, Position: roster.PositionFullTime}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestMentoringPages: an admin pairs two of their mediators, the mentor
// writes a note and completes the pair, and the pair shows on the
// mediator's record.
func TestMentoringPages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	admin, _ := e.staff(t, "admin.cq", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
	med, medUser := e.staff(t, "med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org})
	var ids []string
	for _, id := range e.trainees(t, org, "顾师傅", "施徒弟") {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	if _, err := e.st.DB.Writer().Exec(`UPDATE mediators SET user_id = $1 WHERE id = $2`, medUser, ids[0]); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"mentor": {ids[0]}, "apprentice": {ids[0]}, "from": {"2026-12-01"}, "to": {"2027-05-31"}, "goals": {"独立主持调解"}}
	admin.post("/staff/mentoring", form).want(t, http.StatusUnprocessableEntity, "/staff/mentoring", "师傅和徒弟不能是同一名调解员")
	form.Set("apprentice", ids[1])
	p := admin.post("/staff/mentoring", form)
	p.want(t, http.StatusOK, "", "结对已建立", "顾师傅", "施徒弟")
	pair := p.path
	med.post(pair+"/notes", url.Values{"body": {"旁听调解两场"}}).want(t, http.StatusOK, pair, "带教记录已添加", "旁听调解两场")
	med.post(pair+"/complete", url.Values{"closing_note": {"已能独立调解"}}).want(t, http.StatusOK, pair, "已结业", "已能独立调解")
	med.post(pair+"/notes", url.Values{"body": {"再记一条"}}).want(t, http.StatusConflict, "", "该结对已结业")
	admin.get("/staff/mediators/"+ids[1]).want(t, http.StatusOK, "", `id="mentoring"`, "顾师傅")
}

// TestTrainingSessionChangePages: on a session's page the bureau finds a
// form to change it, filled with its values, and one to cancel it, while
// it has neither begun nor been cancelled; nobody else does. A change of
// place is saved and the enrolled mediator told; fewer places than
// enrolled and a cancellation without a reason are refused with the
// field's problem; once cancelled the session shows why, to the bureau
// and to the mediator on their own pages, and takes no enrolment.
func TestTrainingSessionChangePages(t *testing.T) {
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	bureau, _ := e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	admin, _ := e.staff(t, "admin.cq", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: org})
	med, medUser := e.staff(t, "med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org})
	ms := e.trainees(t, org, "顾培训", "施学习")
	if _, err := e.st.DB.Writer().Exec(`UPDATE mediators SET user_id = $1 WHERE id = $2`, medUser, ms[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.DB.Writer().Exec(`UPDATE users SET email = 'med@example.cn' WHERE id = $1`, medUser); err != nil {
		t.Fatal(err)
	}
	p := bureau.post("/staff/training/courses", url.Values{"title": {"调解协议书制作规范"}, "hours": {"2"}})
	p.want(t, http.StatusOK, "", "培训课程已新增")
	course := p.path
	bj := start.In(tiaojie.Beijing())
	at := func(d time.Duration) string { return bj.Add(d).Format("2006-01-02T15:04") }
	addSession := func(d time.Duration) string {
		t.Helper()
		p := bureau.post(course+"/sessions", url.Values{"start": {at(d)}, "end": {at(d + 2*time.Hour)},
			"deadline": {at(d - 10*time.Minute)}, "capacity": {"3"}, "place": {"区司法局三楼会议室"}})
		p.want(t, http.StatusOK, "", "场次已新增")
		return p.path
	}
	session, soon := addSession(48*time.Hour), addSession(20*time.Minute)
	med.post(session+"/enrol", url.Values{"mediator": {"self"}}).want(t, http.StatusOK, session, "报名成功")
	admin.post(session+"/enrol", url.Values{"mediator": {strconv.FormatInt(ms[1], 10)}}).want(t, http.StatusOK, session, "2 / 3")

	bureau.get(session).want(t, http.StatusOK, session, `id="form-edit"`, `id="form-cancel"`,
		`value="`+at(48*time.Hour)+`"`, `id="edit-place" name="place" type="text" value="区司法局三楼会议室"`, `id="edit-capacity" name="capacity" type="number" value="3"`)
	admin.get(session).lacks(t, `id="form-edit"`, `id="form-cancel"`)
	med.get(session).lacks(t, `id="form-edit"`, `id="form-cancel"`)
	edit := url.Values{"start": {at(72 * time.Hour)}, "end": {at(74 * time.Hour)}, "deadline": {at(71 * time.Hour)}, "capacity": {"3"},
		"place": {"区司法局四楼多功能厅"}}
	admin.post(session, edit).want(t, http.StatusForbidden, "")
	med.post(session+"/cancel", url.Values{"reason": {"x"}}).want(t, http.StatusForbidden, "")

	few := url.Values{}
	for k, v := range edit {
		few[k] = v
	}
	few.Set("capacity", "1")
	bureau.post(session, few).want(t, http.StatusUnprocessableEntity, session, "已有 2 人报名，名额不能少于已报名人数", `id="e-edit-capacity"`)
	if n := e.count(t, `SELECT count(*) FROM training_sessions WHERE capacity = 3 AND place = '区司法局三楼会议室'`); n != 2 {
		t.Errorf("a refused change was saved: %d sessions as added", n)
	}
	bureau.post(session, edit).want(t, http.StatusOK, session, "场次已保存", "区司法局四楼多功能厅", at(72 * time.Hour)[11:])
	if n := e.count(t, `SELECT count(*) FROM jobs WHERE unique_key LIKE 'notify.email:training.session.change:%'`); n != 1 {
		t.Errorf("%d change notices queued, want 1 (the mediator with an address)", n)
	}

	bureau.post(session+"/cancel", url.Values{"reason": {"  "}}).
		want(t, http.StatusUnprocessableEntity, session+"/cancel", "请填写取消原因", `id="e-cancel-reason"`)
	p = bureau.post(session+"/cancel", url.Values{"reason": {"授课老师因公出差，另行通知"}})
	p.want(t, http.StatusOK, session, "场次已取消", `id="session-cancelled"`, "取消原因：授课老师因公出差，另行通知")
	p.lacks(t, `id="form-edit"`, `id="form-cancel"`, `id="enrol-mediator"`)
	if n := e.count(t, `SELECT count(*) FROM jobs WHERE unique_key LIKE 'notify.email:training.session.cancel:%'`); n != 1 {
		t.Errorf("%d cancellation notices queued, want 1", n)
	}
	bureau.post(session+"/cancel", url.Values{"reason": {"再次取消"}}).want(t, http.StatusConflict, "", "本场次已取消")
	med.get(session).lacks(t, `id="enrol-self"`)
	med.get("/staff/training/mine").want(t, http.StatusOK, "/staff/training/mine", "已取消", "取消原因：授课老师因公出差，另行通知")
	med.get("/staff/training").want(t, http.StatusOK, "/staff/training", "upcoming-cancelled-", "取消原因：授课老师因公出差，另行通知")
	admin.post(session+"/enrol", url.Values{"mediator": {strconv.FormatInt(ms[1], 10)}}).want(t, http.StatusConflict, "", "本场次已取消")

	// Once begun, a session has no forms to change it, and takes no change.
	e.st.Clock.Set(start.Add(21 * time.Minute))
	bureau.get(soon).lacks(t, `id="form-edit"`, `id="form-cancel"`)
	bureau.post(soon+"/cancel", url.Values{"reason": {"太迟了"}}).want(t, http.StatusConflict, "", "培训已开始，不能再修改或取消本场次")
}
