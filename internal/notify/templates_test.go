package notify_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// sampleMessages are realistic notices: long organization names and case
// numbers as Chongming writes them, a deadline and a session time given in
// UTC (14:30 in Beijing), with and without the optional parts.
func sampleMessages() []notify.Message {
	at := time.Date(2026, 12, 3, 6, 30, 0, 0, time.UTC)
	org, caseNo := "崇明区城桥镇人民调解委员会", "（2026）崇城调字第0012号"
	link := "https://tj.example.gov.cn/cases/812"
	return []notify.Message{
		notify.CaseInvitation{Name: "张三", Org: org, CaseNo: caseNo, Deadline: at, Link: link},
		notify.CaseInvitation{Org: org, CaseNo: caseNo},
		notify.Reminder{Name: "张三", Org: org, CaseNo: caseNo, At: at, Place: "城桥镇人民调解委员会调解室（八一路100号）", Link: link},
		notify.Reminder{Org: org, CaseNo: caseNo, At: at},
		notify.RoomMessages{Name: "李四", CaseNo: caseNo, Count: 1, Link: link},
		notify.RoomMessages{CaseNo: caseNo, Count: 12},
		notify.TrainingSession{Name: "王五", Course: "人民调解员岗前培训", At: at, Place: "区司法局三楼会议室", Link: link},
		notify.TrainingSessionChanged{Name: "王五", Course: "人民调解员岗前培训", At: at.Add(48 * time.Hour), Place: "区司法局三楼会议室",
			Was: at, WasPlace: "城桥镇司法所二楼会议室", Link: link},
		notify.TrainingSessionChanged{Course: "人民调解员岗前培训", At: at.Add(48 * time.Hour), Was: at},
		notify.TrainingSessionCancelled{Name: "王五", Course: "人民调解员岗前培训", At: at, Reason: "授课老师因公出差，本场次取消，另行通知。", Link: link},
		notify.TrainingSessionCancelled{Course: "人民调解员岗前培训", At: at, Reason: "场地检修"},
		notify.MeetingDecisionDue{Owner: "区妇联", Meeting: "2026年第四季度联席会议", Decision: "建立婚姻家庭纠纷联合调解机制", Due: at, Late: true, Link: link},
		notify.PlanTaskDue{Phase: "入驻推广", Task: "完成首批试点乡镇品牌宣传材料", Owner: "区司法局", Due: at},
		notify.ProcurementReportDue{Project: "2026年度婚姻家庭纠纷调解服务", Org: org, From: "2026-04-01", To: "2026-06-30", Due: at, Link: link},
		notify.ProcurementReportDue{Project: "2026年度婚姻家庭纠纷调解服务", Org: org, From: "2026-04-01", To: "2026-06-30", Due: at, Late: true},
		notify.ProcurementReportDue{Project: "2026年度婚姻家庭纠纷调解服务", Org: org, From: "2026-04-01", To: "2026-06-30", Due: at, Late: true, Buyer: true, Link: link},
		notify.VentureReportDue{Round: "2026年度公益创投（第一期）", Project: "“和美家庭”家事调解进社区服务项目", Org: org, Kind: "progress", Due: at, Link: link},
		notify.VentureReportDue{Round: "2026年度公益创投（第一期）", Project: "“和美家庭”家事调解进社区服务项目", Org: org, Kind: "final", Due: at, Late: true},
		notify.VentureReportDue{Round: "2026年度公益创投（第一期）", Project: "“和美家庭”家事调解进社区服务项目", Org: org, Kind: "final", Due: at, Late: true, Bureau: true, Link: link},
	}
}

// subjectNames is what the subject of m must name for its reader to tell
// it from others: the case, or the course, meeting, phase or project.
func subjectNames(m notify.Message) string {
	switch m := m.(type) {
	case notify.TrainingSession:
		return m.Course
	case notify.TrainingSessionChanged:
		return m.Course
	case notify.TrainingSessionCancelled:
		return m.Course
	case notify.MeetingDecisionDue:
		return m.Meeting
	case notify.PlanTaskDue:
		return m.Phase
	case notify.ProcurementReportDue:
		return m.Project
	case notify.VentureReportDue:
		return m.Project
	}
	return "（2026）崇城调字第0012号"
}

func loadTemplates(t *testing.T) *notify.Templates {
	t.Helper()
	tp, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestTemplatesRenderEveryNoticeInEveryLanguage(t *testing.T) {
	tp := loadTemplates(t)
	for _, m := range sampleMessages() {
		var byLang []notify.Content
		for _, lang := range i18n.Langs() {
			c, err := tp.Render(lang, m)
			if err != nil {
				t.Fatalf("Render(%s, %T): %v", lang, m, err)
			}
			byLang = append(byLang, c)
			all := c.Subject + c.Text + c.SMS
			switch {
			case c.Subject == "" || c.Text == "" || c.SMS == "":
				t.Errorf("%s %+v: an empty part: %+v", lang, m, c)
			case strings.Contains(all, "<no value>"):
				t.Errorf("%s %+v: a missing value: %+v", lang, m, c)
			case strings.ContainsAny(c.Subject+c.SMS, "\r\n"):
				t.Errorf("%s %+v: subject or SMS spans lines: %+v", lang, m, c)
			case strings.Contains(c.Text, "\n\n\n") || !strings.HasSuffix(c.Text, "\n") || strings.HasPrefix(c.Text, "\n"):
				t.Errorf("%s %+v: untidy text %q", lang, m, c.Text)
			case strings.Contains(c.SMS, "http"):
				t.Errorf("%s %+v: a link in the SMS: %q", lang, m, c.SMS)
			case !strings.Contains(c.Subject, subjectNames(m)):
				t.Errorf("%s %+v: the subject does not name %q: %q", lang, m, subjectNames(m), c.Subject)
			}
			if strings.Contains(all, "06:30") {
				t.Errorf("%s %+v: a time in UTC rather than Beijing time: %+v", lang, m, c)
			}
		}
		if byLang[0] == byLang[1] {
			t.Errorf("%+v: Chinese and English are the same", m)
		}
	}
}

// TestTemplatesChineseSMSFitsOneSegment: a Chinese SMS is one 70-character
// segment, signature aside; longer ones cost double and arrive split.
func TestTemplatesChineseSMSFitsOneSegment(t *testing.T) {
	tp := loadTemplates(t)
	for _, m := range sampleMessages() {
		c, err := tp.Render(i18n.Zh, m)
		if err != nil {
			t.Fatal(err)
		}
		if n := utf8.RuneCountInString(c.SMS); n > 70 {
			t.Errorf("%T SMS is %d characters: %s", m, n, c.SMS)
		}
	}
}

func TestTemplatesDetails(t *testing.T) {
	tp := loadTemplates(t)
	render := func(lang i18n.Lang, m notify.Message) notify.Content {
		t.Helper()
		c, err := tp.Render(lang, m)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	at := time.Date(2026, 12, 3, 6, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"zh time", render(i18n.Zh, notify.Reminder{CaseNo: "1", At: at}).Subject, "2026年12月3日 14:30"},
		{"en time", render(i18n.En, notify.Reminder{CaseNo: "1", At: at}).Subject, "3 Dec 2026 14:30 (Beijing time)"},
		{"en singular", render(i18n.En, notify.RoomMessages{CaseNo: "1", Count: 1}).Text, "There is 1 new message"},
		{"en plural", render(i18n.En, notify.RoomMessages{CaseNo: "1", Count: 2}).Text, "There are 2 new messages"},
		{"zh greeting", render(i18n.Zh, notify.RoomMessages{Name: "王五", CaseNo: "1", Count: 2}).Text, "王五，您好："},
		{"zh no name", render(i18n.Zh, notify.RoomMessages{CaseNo: "1", Count: 2}).Text, "您好："},
		{"zh link", render(i18n.Zh, notify.RoomMessages{CaseNo: "1", Count: 2, Link: "https://x.example/r"}).Text, "\nhttps://x.example/r\n"},
		{"zh deadline", render(i18n.Zh, notify.CaseInvitation{Org: "甲", CaseNo: "1", Deadline: at}).SMS, "请于12月3日前登录平台确认"},
		{"zh online", render(i18n.Zh, notify.Reminder{CaseNo: "1", At: at}).Text, "在平台上在线进行"},
		{"zh venture final", render(i18n.Zh, notify.VentureReportDue{Project: "甲", Kind: "final", Due: at, Late: true}).SMS, "结项报告已逾期（12月3日）"},
		{"en venture bureau", render(i18n.En, notify.VentureReportDue{Project: "甲", Org: "乙", Kind: "progress", Due: at, Late: true, Bureau: true}).Text,
			"The progress report of 乙 for the venture project \"甲\""},
		{"zh training moved", render(i18n.Zh, notify.TrainingSessionChanged{Course: "培训", At: at.Add(48 * time.Hour), Place: "区司法局", Was: at, WasPlace: "司法所"}).Text,
			"原定于2026年12月3日 14:30在司法所举行，现变更为2026年12月5日 14:30在区司法局举行。"},
		{"en training online", render(i18n.En, notify.TrainingSessionChanged{Course: "x", At: at, Was: at, WasPlace: "司法所"}).Text,
			"at 司法所. It now takes place on 3 Dec 2026 14:30 (Beijing time), online."},
		{"zh training cancelled", render(i18n.Zh, notify.TrainingSessionCancelled{Course: "培训", At: at, Reason: "场地检修"}).Text, "取消原因：场地检修\n"},
		{"unknown language is Chinese", render(i18n.Lang("fr"), notify.RoomMessages{CaseNo: "1", Count: 2}).SMS, "条新消息"},
	}
	for _, tt := range tests {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("%s: %q does not contain %q", tt.name, tt.got, tt.want)
		}
	}
}
