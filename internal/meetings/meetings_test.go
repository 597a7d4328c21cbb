package meetings_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/meetings"
	"tiaojie/internal/notify"
	"tiaojie/internal/route"
)

var start = time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC) // 09:00 Beijing

func code(err error) string {
	if err == nil {
		return ""
	}
	if fs := route.Fields(err); len(fs) > 0 {
		return fs[0].Field + ":" + fs[0].Code
	}
	return tiaojie.ErrorKind(err).String() + " " + route.Code(err)
}

// fakeNotifier records the notices queued.
type fakeNotifier struct{ keys []string }

func (f *fakeNotifier) Render(_ i18n.Lang, m notify.Message) (notify.Content, error) {
	d := m.(notify.MeetingDecisionDue)
	return notify.Content{Subject: d.Meeting, Text: d.Decision, SMS: d.Decision}, nil
}

func (f *fakeNotifier) Enqueue(_ context.Context, _ *db.Tx, _ time.Time, n notify.Notice) error {
	f.keys = append(f.keys, n.Key)
	return nil
}

type env struct {
	d                          *db.DB
	svc                        *meetings.Service
	clk                        *clock.Fake
	notes                      *fakeNotifier
	bureau, town, otherTown    *tiaojie.Principal
	court, police, admin, adm2 *tiaojie.Principal
	anon                       *tiaojie.Principal
	courtID, policeID          int64
	orgX, orgY                 int64
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clk: clock.NewFake(start), notes: &fakeNotifier{}, anon: tiaojie.Anonymous()}
	e.svc = meetings.New(meetings.Deps{DB: d, Audit: audit.New(m, e.clk), Clock: e.clk, Notifier: e.notes, BaseURL: "https://x"})
	n := 0
	user := func(g tiaojie.Grant) *tiaojie.Principal {
		n++
		login := string(g.Role) + strings.Repeat("x", n)
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, email, created_at, updated_at) VALUES ($1, $1, $2, $3, $3) RETURNING id`,
			login, login+"@example.cn", start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, township_code, org_id, granted_at) VALUES ($1, $2, $3, $4, $5)`,
			id, g.Role, g.Township, g.OrgID, start); err != nil {
			t.Fatal(err)
		}
		return &tiaojie.Principal{UserID: id, Name: login, MFA: true, Grants: []tiaojie.Grant{g}}
	}
	org := func(name, township string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ($1, $1, 'commercial', 'company', 'township', $2, 'active', $3, $3) RETURNING id`, name, township, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	agency := func(name, kind string, member *tiaojie.Principal) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO agencies (name, kind, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`,
			name, kind, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Writer().Exec(`INSERT INTO agency_members (agency_id, user_id, added_at) VALUES ($1, $2, $3)`, id, member.UserID, start); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.orgX, e.orgY = org("城桥调解中心", "310151101"), org("长兴调解中心", "310151102")
	e.bureau = user(tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.town = user(tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151101"})
	e.otherTown = user(tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151102"})
	e.court = user(tiaojie.Grant{Role: tiaojie.RolePartner})
	e.police = user(tiaojie.Grant{Role: tiaojie.RolePartner})
	e.admin = user(tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.orgX})
	e.adm2 = user(tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.orgY})
	e.courtID = agency("崇明区人民法院", "court", e.court)
	e.policeID = agency("崇明公安分局", "police", e.police)
	return e
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Reader().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMeetings convenes a joint meeting, records its minutes and
// decisions, follows them up, and checks who sees and does what.
func TestMeetings(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d)
		in := tiaojie.MeetingInput{Kind: tiaojie.MeetingJoint, Title: "诉调对接联席会", At: start.Add(48 * time.Hour), Place: "区司法局",
			Agenda: "诉调对接", People: "张三（特邀）", Agencies: []int64{e.courtID}, Orgs: []int64{e.orgX}}

		// Who may convene.
		for _, p := range []*tiaojie.Principal{e.court, e.admin, e.anon} {
			if _, err := e.svc.Create(ctx, p, in); code(err) != "forbidden error.forbidden" {
				t.Errorf("%s Create = %v, want forbidden", p.Name, err)
			}
		}
		townIn := in
		townIn.Township = "310151102"
		if _, err := e.svc.Create(ctx, e.town, townIn); code(err) != "forbidden error.forbidden" {
			t.Errorf("a township office convening in another township = %v", err)
		}
		id, err := e.svc.Create(ctx, e.bureau, in)
		if err != nil {
			t.Fatal(err)
		}
		townIn.Township, townIn.Title, townIn.Agencies, townIn.Orgs = "310151101", "城桥镇座谈会", []int64{e.policeID}, nil
		townID, err := e.svc.Create(ctx, e.town, townIn)
		if err != nil {
			t.Fatal(err)
		}

		// Who sees what.
		sees := func(p *tiaojie.Principal) []int64 {
			list, err := e.svc.List(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, m := range list {
				ids = append(ids, m.ID)
			}
			slices.Sort(ids)
			return ids
		}
		for _, c := range []struct {
			who  *tiaojie.Principal
			want []int64
		}{
			{e.bureau, []int64{id, townID}}, {e.town, []int64{townID}}, {e.otherTown, nil},
			{e.court, []int64{id}}, {e.police, []int64{townID}}, {e.admin, []int64{id}}, {e.adm2, nil}, {e.anon, nil},
		} {
			if got := sees(c.who); !slices.Equal(got, c.want) {
				t.Errorf("%s sees %v, want %v", c.who.Name, got, c.want)
			}
		}
		if _, err := e.svc.Get(ctx, e.police, id); code(err) != "not_found error.not_found" {
			t.Errorf("a partner of another agency reads the meeting: %v", err)
		}
		if _, err := e.svc.Get(ctx, e.adm2, id); code(err) != "not_found error.not_found" {
			t.Errorf("an admin of another organization reads the meeting: %v", err)
		}

		// Minutes before the meeting's day are refused, nothing changed.
		if err := e.svc.RecordMinutes(ctx, e.bureau, id, "纪要"); code(err) != "minutes:meeting.minutes_early" {
			t.Errorf("early minutes = %v", err)
		}
		if _, err := e.svc.AddDecision(ctx, e.bureau, id, tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerBureau, Due: "2026-12-20"}); code(err) != "conflict meeting.decision_early" {
			t.Errorf("early decision = %v", err)
		}
		e.clk.Set(start.Add(50 * time.Hour))
		if err := e.svc.RecordMinutes(ctx, e.court, id, "纪要"); code(err) != "forbidden error.forbidden" {
			t.Errorf("a partner writing minutes = %v", err)
		}
		if err := e.svc.RecordMinutes(ctx, e.bureau, id, "会议议定三项工作。"); err != nil {
			t.Fatal(err)
		}

		// Decisions: without owner or due date refused, nothing written.
		before := count(t, d, "meeting_decisions")
		for _, bad := range []struct {
			in   tiaojie.DecisionInput
			want string
		}{
			{tiaojie.DecisionInput{Text: "x", Due: "2026-12-20"}, "owner:meeting.decision_owner"},
			{tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerAgency, OwnerID: e.courtID}, "due:meeting.decision_due"},
			{tiaojie.DecisionInput{Text: "x", OwnerKind: tiaojie.OwnerAgency, OwnerID: 9999, Due: "2026-12-20"}, "owner:meeting.decision_owner"},
		} {
			if _, err := e.svc.AddDecision(ctx, e.bureau, id, bad.in); code(err) != bad.want {
				t.Errorf("AddDecision(%+v) = %v, want %s", bad.in, err, bad.want)
			}
		}
		if n := count(t, d, "meeting_decisions"); n != before {
			t.Errorf("refused decisions left %d rows", n-before)
		}
		courtDec, err := e.svc.AddDecision(ctx, e.bureau, id, tiaojie.DecisionInput{Text: "建立诉前委派机制", OwnerKind: tiaojie.OwnerAgency, OwnerID: e.courtID, Due: "2026-12-07"})
		if err != nil {
			t.Fatal(err)
		}
		orgDec, err := e.svc.AddDecision(ctx, e.bureau, id, tiaojie.DecisionInput{Text: "配备专职调解员", OwnerKind: tiaojie.OwnerOrg, OwnerID: e.orgX, Due: "2026-12-01"})
		if err != nil {
			t.Fatal(err)
		}
		m, err := e.svc.Get(ctx, e.court, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Open != 2 || m.Overdue != 1 || len(m.Decisions) != 2 || !m.Decisions[1].Mine || m.Decisions[0].Mine {
			t.Errorf("court's view: open %d overdue %d decisions %+v", m.Open, m.Overdue, m.Decisions)
		}

		// Progress: the owner may; another agency's partner may not.
		if err := e.svc.AddProgress(ctx, e.court, orgDec, "进展", false); code(err) != "forbidden error.forbidden" {
			t.Errorf("court on the organization's decision = %v", err)
		}
		if err := e.svc.AddProgress(ctx, e.police, courtDec, "进展", false); code(err) != "not_found error.not_found" {
			t.Errorf("police on the court's decision = %v", err)
		}
		if err := e.svc.AddProgress(ctx, e.court, courtDec, " ", false); code(err) != "note:meeting.note" {
			t.Errorf("empty note = %v", err)
		}
		if err := e.svc.AddProgress(ctx, e.court, courtDec, "已起草方案", false); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.AddProgress(ctx, e.court, courtDec, "方案已印发", true); err != nil {
			t.Fatal(err)
		}
		progress := count(t, d, "meeting_progress")
		if err := e.svc.AddProgress(ctx, e.court, courtDec, "再次办结", true); code(err) != "conflict meeting.decision_closed" {
			t.Errorf("closing a closed decision = %v", err)
		}
		if n := count(t, d, "meeting_progress"); n != progress {
			t.Errorf("closing a closed decision wrote %d notes", n-progress)
		}
		owned, err := e.svc.Owned(ctx, e.admin)
		if err != nil || len(owned) != 1 || owned[0].ID != orgDec || owned[0].Standing != tiaojie.DecisionOverdue {
			t.Errorf("admin's open decisions = %+v, %v", owned, err)
		}
		if owned, _ := e.svc.Owned(ctx, e.court); len(owned) != 0 {
			t.Errorf("the court's done decision is still open: %+v", owned)
		}

		// Reminders: the overdue decision once per week, the done one never.
		n, err := e.svc.Sweep(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Sweep = %d, %v", n, err)
		}
		want := "meeting.remind:" + strconv.FormatInt(orgDec, 10) + ":late0:" + strconv.FormatInt(e.admin.UserID, 10)
		if !slices.Equal(e.notes.keys, []string{want}) {
			t.Errorf("notices %v, want %s", e.notes.keys, want)
		}
	})
}
