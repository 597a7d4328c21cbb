package room_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/room"
)

// start is 10:00 on 2 March 2026, Beijing time.
var start = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

const caseID = 42

// The callers of the tests: the mediator, the two parties, an observer
// (a township supervisor) and someone outside the case.
var (
	mediator   = &tiaojie.Principal{UserID: 10, Name: "mediator"}
	applicant  = &tiaojie.Principal{UserID: 11, Name: "applicant"}
	respondent = &tiaojie.Principal{UserID: 12, Name: "respondent"}
	observer   = &tiaojie.Principal{UserID: 13, Name: "observer"}
	stranger   = &tiaojie.Principal{UserID: 14, Name: "stranger"}
)

// fakeAccess stands in for the case service: a table of members per case.
type fakeAccess struct {
	mu      sync.Mutex
	members map[int64]map[int64]room.Member
}

func (a *fakeAccess) Member(_ context.Context, p *tiaojie.Principal, caseID int64) (room.Member, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m, ok := a.members[caseID][p.UserID]
	if !ok {
		return room.Member{}, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return m, nil
}

func (a *fakeAccess) set(caseID, userID int64, m room.Member) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.members[caseID] == nil {
		a.members[caseID] = map[int64]room.Member{}
	}
	a.members[caseID][userID] = m
}

func (a *fakeAccess) remove(caseID, userID int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.members[caseID], userID)
}

// newAccess returns the members of caseID: one mediator, two parties, an
// observer who (wrongly) claims CanPost, which the room must ignore.
func newAccess() *fakeAccess {
	a := &fakeAccess{members: map[int64]map[int64]room.Member{}}
	a.set(caseID, mediator.UserID, room.Member{Name: "调解员 王芳", Role: room.Mediator, Parties: []string{"applicant", "respondent"}, CanPost: true})
	a.set(caseID, applicant.UserID, room.Member{Name: "申请人 张三", Role: room.Party, PartyKey: "applicant", CanPost: true})
	a.set(caseID, respondent.UserID, room.Member{Name: "被申请人 李四", Role: room.Party, PartyKey: "respondent", CanPost: true})
	a.set(caseID, observer.UserID, room.Member{Name: "司法所 赵六", Role: room.Observer, CanPost: true})
	return a
}

// notes records what the Notifier hears.
type notes struct {
	mu       sync.Mutex
	posted   []room.Message
	sessions []room.Session
}

func (n *notes) OnPosted(_ context.Context, m room.Message) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.posted = append(n.posted, m)
}

func (n *notes) OnScheduled(_ context.Context, s room.Session) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sessions = append(n.sessions, s)
}

type env struct {
	svc    *room.Service
	db     *db.DB
	clock  *clock.Fake
	access *fakeAccess
	notes  *notes
	files  *files.Service
}

// newEnv builds a Service on d with the broker the engine calls for.
func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	return newEnvWith(t, d, m, c)
}

func newEnvWith(t testing.TB, d *db.DB, m keys.Provider, c clock.Clock) *env {
	t.Helper()
	b, err := room.OpenBroker(context.Background(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: d, access: newAccess(), notes: &notes{}, files: files.New(store, c)}
	e.clock, _ = c.(*clock.Fake)
	e.svc = room.New(room.Deps{DB: d, Audit: audit.New(m, c), Access: e.access, Broker: b, Notifier: e.notes, Files: e.files, Clock: c, Heartbeat: time.Second})
	t.Cleanup(e.svc.Close)
	return e
}

// code returns the message code of err, "" for nil, and the first field
// code of an Invalid error with fields.
func code(err error) string {
	var te *tiaojie.Error
	if err == nil || !errors.As(err, &te) {
		if err != nil {
			return "other: " + err.Error()
		}
		return ""
	}
	if len(te.Fields) > 0 {
		return te.Fields[0].Field + ":" + te.Fields[0].Code
	}
	return te.Code
}

func post(t testing.TB, e *env, p *tiaojie.Principal, ch room.Channel, body string) room.Message {
	t.Helper()
	m, err := e.svc.Post(context.Background(), p, caseID, ch, body, "")
	if err != nil {
		t.Fatalf("post by %s in %s: %v", p.Name, ch, err)
	}
	return m
}

func bodies(msgs []room.Message) []string {
	out := []string{}
	for _, m := range msgs {
		out = append(out, m.Body)
	}
	return out
}

func TestPostHistoryAndReadState(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		m1 := post(t, e, mediator, room.Main, "  各位好，今天我们先确认争议焦点。\r\n请双方依次陈述。  ")
		if m1.Body != "各位好，今天我们先确认争议焦点。\n请双方依次陈述。" {
			t.Errorf("body not normalized: %q", m1.Body)
		}
		if !m1.Mine || m1.AuthorName != "调解员 王芳" || m1.AuthorRole != room.Mediator || m1.CaseID != caseID || !m1.CreatedAt.Equal(start) {
			t.Errorf("posted = %+v", m1)
		}
		m2 := post(t, e, applicant, room.Main, "对方拖欠工资三个月。")
		m3 := post(t, e, respondent, room.Main, "我们有异议。")

		got, err := e.svc.History(ctx, applicant, caseID, room.Main, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{m1.Body, m2.Body, m3.Body}, bodies(got)); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
		if got[0].Mine || !got[1].Mine || got[2].Mine {
			t.Errorf("Mine flags wrong for the applicant: %v %v %v", got[0].Mine, got[1].Mine, got[2].Mine)
		}
		// Paging back: the one message before m3, then the one before m2.
		page, err := e.svc.History(ctx, applicant, caseID, room.Main, m3.ID, 1)
		if err != nil || len(page) != 1 || page[0].ID != m2.ID {
			t.Errorf("page before m3 = %v, %v", page, err)
		}

		unread := func(p *tiaojie.Principal) map[room.Channel]int {
			t.Helper()
			cs, err := e.svc.Channels(ctx, p, caseID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[room.Channel]int{}
			for _, c := range cs {
				out[c.Channel] = c.Unread
			}
			return out
		}
		// Own messages are never unread.
		want := map[room.Channel]int{room.Main: 2, room.Caucus("applicant"): 0}
		if diff := cmp.Diff(want, unread(applicant)); diff != "" {
			t.Errorf("applicant unread (-want +got):\n%s", diff)
		}
		if err := e.svc.MarkRead(ctx, applicant, caseID, room.Main, m1.ID); err != nil {
			t.Fatal(err)
		}
		if got := unread(applicant)[room.Main]; got != 1 {
			t.Errorf("after reading m1, unread = %d, want 1", got)
		}
		// Marking an older message does not move the position back, and a
		// position past the newest message is clamped to it.
		if err := e.svc.MarkRead(ctx, applicant, caseID, room.Main, 1<<40); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.MarkRead(ctx, applicant, caseID, room.Main, m1.ID); err != nil {
			t.Fatal(err)
		}
		cs, err := e.svc.Channels(ctx, applicant, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if cs[0].Unread != 0 || cs[0].LastRead != m3.ID || cs[0].LastID != m3.ID {
			t.Errorf("main after reading all = %+v, want last read and last id %d", cs[0], m3.ID)
		}
		m4 := post(t, e, mediator, room.Main, "好的。")
		if got := unread(applicant)[room.Main]; got != 1 {
			t.Errorf("a message after the clamp is unread: got %d, want 1", got)
		}
		if ok, err := e.svc.HasRead(ctx, caseID, applicant.UserID, room.Main, m3.ID); !ok || err != nil {
			t.Errorf("HasRead(m3) = %v, %v", ok, err)
		}
		if ok, err := e.svc.HasRead(ctx, caseID, applicant.UserID, room.Main, m4.ID); ok || err != nil {
			t.Errorf("HasRead(m4) = %v, %v", ok, err)
		}

		// The Notifier heard of each post after commit.
		e.notes.mu.Lock()
		n := len(e.notes.posted)
		e.notes.mu.Unlock()
		if n != 4 {
			t.Errorf("notifier heard %d posts, want 4", n)
		}

		// The audit trail has the posts, without their bodies.
		rows, err := d.Reader().QueryContext(ctx, `SELECT detail FROM audit_log WHERE action = 'room.post' AND outcome = 'ok'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		count := 0
		for rows.Next() {
			var detail string
			if err := rows.Scan(&detail); err != nil {
				t.Fatal(err)
			}
			count++
			if strings.Contains(detail, "工资") || !strings.Contains(detail, `"channel":"main"`) {
				t.Errorf("audit detail %s", detail)
			}
		}
		if count != 4 {
			t.Errorf("%d room.post audit rows, want 4", count)
		}
	})
}

// TestCaucusIsolation checks that one party never sees the other's caucus:
// not in history, not in the transcript, not in unread counts (the live
// stream is checked in stream_test.go and sse_test.go).
func TestCaucusIsolation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		post(t, e, mediator, room.Main, "公开说明")
		post(t, e, mediator, room.Caucus("applicant"), "申请人，您的底线是多少？")
		post(t, e, applicant, room.Caucus("applicant"), "最低八千元。")
		post(t, e, mediator, room.Caucus("respondent"), "被申请人，您能接受分期吗？")

		// History: the respondent cannot open the applicant's caucus, and
		// the answer is the same as for a channel that does not exist.
		_, err := e.svc.History(ctx, respondent, caseID, room.Caucus("applicant"), 0, 0)
		if code(err) != "error.not_found" {
			t.Errorf("respondent reading applicant's caucus: %v", err)
		}
		_, err = e.svc.History(ctx, respondent, caseID, room.Caucus("nobody"), 0, 0)
		if code(err) != "error.not_found" {
			t.Errorf("respondent reading an unknown caucus: %v", err)
		}
		// Nor post in it.
		_, err = e.svc.Post(ctx, respondent, caseID, room.Caucus("applicant"), "我也看看", "")
		if code(err) != "error.not_found" {
			t.Errorf("respondent posting in applicant's caucus: %v", err)
		}
		// Nor mark it read.
		if err := e.svc.MarkRead(ctx, respondent, caseID, room.Caucus("applicant"), 1); code(err) != "error.not_found" {
			t.Errorf("respondent marking applicant's caucus: %v", err)
		}
		// The observer reads the main channel only.
		_, err = e.svc.History(ctx, observer, caseID, room.Caucus("applicant"), 0, 0)
		if code(err) != "error.not_found" {
			t.Errorf("observer reading a caucus: %v", err)
		}
		// Own caucus and main are readable.
		own, err := e.svc.History(ctx, respondent, caseID, room.Caucus("respondent"), 0, 0)
		if err != nil || len(own) != 1 {
			t.Errorf("respondent's own caucus = %v, %v", bodies(own), err)
		}

		// Transcripts hold exactly what each member may read.
		for _, tc := range []struct {
			p    *tiaojie.Principal
			want []string
		}{
			{mediator, []string{"公开说明", "申请人，您的底线是多少？", "最低八千元。", "被申请人，您能接受分期吗？"}},
			{applicant, []string{"公开说明", "申请人，您的底线是多少？", "最低八千元。"}},
			{respondent, []string{"公开说明", "被申请人，您能接受分期吗？"}},
			{observer, []string{"公开说明"}},
		} {
			got, err := e.svc.Transcript(ctx, tc.p, caseID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, bodies(got)); diff != "" {
				t.Errorf("%s's transcript (-want +got):\n%s", tc.p.Name, diff)
			}
		}

		// Unread counts list only readable channels.
		for _, tc := range []struct {
			p    *tiaojie.Principal
			want []room.ChannelState
		}{
			{respondent, []room.ChannelState{{Channel: room.Main, LastID: 1, Unread: 1}, {Channel: room.Caucus("respondent"), LastID: 4, Unread: 1}}},
			{applicant, []room.ChannelState{{Channel: room.Main, LastID: 1, Unread: 1}, {Channel: room.Caucus("applicant"), LastID: 3, Unread: 1}}},
			{observer, []room.ChannelState{{Channel: room.Main, LastID: 1, Unread: 1}}},
			{mediator, []room.ChannelState{{Channel: room.Main, LastID: 1}, {Channel: room.Caucus("applicant"), LastID: 3, Unread: 1}, {Channel: room.Caucus("respondent"), LastID: 4}}},
		} {
			got, err := e.svc.Channels(ctx, tc.p, caseID)
			if err != nil {
				t.Fatal(err)
			}
			// Ids are per engine; compare them relative to the first message.
			base := got[0].LastID - 1
			for i := range got {
				if got[i].LastID > 0 {
					got[i].LastID -= base
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s's channels (-want +got):\n%s", tc.p.Name, diff)
			}
		}
	})
}

func TestNonMemberNotFound(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		post(t, e, mediator, room.Main, "hello")
		calls := map[string]func(p *tiaojie.Principal, id int64) error{
			"post": func(p *tiaojie.Principal, id int64) error {
				_, err := e.svc.Post(ctx, p, id, room.Main, "hi", "")
				return err
			},
			"history": func(p *tiaojie.Principal, id int64) error {
				_, err := e.svc.History(ctx, p, id, room.Main, 0, 0)
				return err
			},
			"transcript": func(p *tiaojie.Principal, id int64) error {
				_, err := e.svc.Transcript(ctx, p, id)
				return err
			},
			"channels": func(p *tiaojie.Principal, id int64) error {
				_, err := e.svc.Channels(ctx, p, id)
				return err
			},
			"mark": func(p *tiaojie.Principal, id int64) error { return e.svc.MarkRead(ctx, p, id, room.Main, 1) },
			"sessions": func(p *tiaojie.Principal, id int64) error {
				_, err := e.svc.Upcoming(ctx, p, id)
				return err
			},
			"watch": func(p *tiaojie.Principal, id int64) error {
				st, err := e.svc.Subscribe(ctx, p, id, -1)
				if err == nil {
					st.Close()
				}
				return err
			},
		}
		for name, call := range calls {
			// A stranger to an existing case and a member of this case
			// asking for another case get the same answer.
			if err := call(stranger, caseID); !tiaojie.IsKind(err, tiaojie.NotFound) || code(err) != "error.not_found" {
				t.Errorf("%s by a stranger: %v", name, err)
			}
			if err := call(mediator, caseID+1); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("%s of another case: %v", name, err)
			}
			if err := call(tiaojie.Anonymous(), caseID); !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Errorf("%s by an anonymous caller: %v", name, err)
			}
		}
		var denied int
		err := d.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND actor_id = $1 AND reason = 'error.not_found'`, stranger.UserID).Scan(&denied)
		if err != nil || denied != len(calls) {
			t.Errorf("%d denials audited for the stranger (err %v), want %d", denied, err, len(calls))
		}
	})
}

func TestPostValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		// A file the applicant uploaded, and one the respondent did.
		var own, theirs files.Meta
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			up := func(by int64) (files.Meta, error) {
				return e.files.Save(ctx, tx, files.Document(), "case", caseID,
					files.Upload{Filename: "证据.pdf", Body: bytes.NewReader([]byte("%PDF-1.4\n%test\n"))}, false, by)
			}
			if own, err = up(applicant.UserID); err != nil {
				return err
			}
			theirs, err = up(respondent.UserID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			ch   room.Channel
			body string
			file string
			want string
		}{
			{"empty", applicant, room.Main, "", "", "body:room.body_empty"},
			{"blank", applicant, room.Main, " \n\t\u3000 ", "", "body:room.body_empty"},
			{"controls only", applicant, room.Main, "\x00\x1b\x07", "", "body:room.body_empty"},
			{"too long", applicant, room.Main, strings.Repeat("字", room.MaxBody+1), "", "body:room.body_too_long"},
			{"bad channel", applicant, room.Channel("caucus:"), "hi", "", "channel:room.channel"},
			{"bad channel name", applicant, room.Channel("side"), "hi", "", "channel:room.channel"},
			{"unknown file", applicant, room.Main, "见附件", "nope.pdf", "file:room.file"},
			{"someone else's file", applicant, room.Main, "见附件", theirs.Key, "file:room.file"},
			{"observer", observer, room.Main, "我来说两句", "", "room.read_only"},
			{"longest", applicant, room.Main, strings.Repeat("字", room.MaxBody), "", ""},
			{"with own file", applicant, room.Main, "见附件", own.Key, ""},
		} {
			_, err := e.svc.Post(ctx, tc.p, caseID, tc.ch, tc.body, tc.file)
			if got := code(err); got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
			}
		}
		// The attachment is served to members who read its channel only.
		caucus, err := e.svc.Post(ctx, applicant, caseID, room.Caucus("applicant"), "私下的证据", own.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := e.svc.Attachment(ctx, mediator, caseID, own.Key); err != nil || got.ID == caucus.ID {
			t.Errorf("mediator's attachment = %+v, %v (want the main-channel message first)", got, err)
		}
		if _, err := e.svc.Attachment(ctx, respondent, caseID, own.Key); err != nil {
			t.Errorf("respondent, file also in main: %v", err)
		}
		var only files.Meta
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			only, err = e.files.Save(ctx, tx, files.Document(), "case", caseID,
				files.Upload{Filename: "私下.pdf", Body: bytes.NewReader([]byte("%PDF-1.4\n%secret\n"))}, false, mediator.UserID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Post(ctx, mediator, caseID, room.Caucus("applicant"), "附件", only.Key); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Attachment(ctx, applicant, caseID, only.Key); err != nil {
			t.Errorf("applicant, own caucus attachment: %v", err)
		}
		for _, p := range []*tiaojie.Principal{respondent, observer, stranger} {
			if _, err := e.svc.Attachment(ctx, p, caseID, only.Key); code(err) != "error.not_found" {
				t.Errorf("%s reading the applicant's caucus attachment: %v", p.Name, err)
			}
		}
		if _, err := e.svc.Attachment(ctx, applicant, caseID, ""); code(err) != "error.not_found" {
			t.Errorf("empty key: %v", err)
		}

		// A closed case: the party reads but cannot post.
		e.access.set(caseID, applicant.UserID, room.Member{Name: "申请人", Role: room.Party, PartyKey: "applicant"})
		if _, err := e.svc.Post(ctx, applicant, caseID, room.Main, "还在吗", ""); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("post in a closed case: %v", err)
		}
		msgs, err := e.svc.History(ctx, applicant, caseID, room.Main, 0, 0)
		if err != nil || len(msgs) != 2 || msgs[1].FileKey != own.Key {
			t.Errorf("history of a closed case = %v, %v", msgs, err)
		}
		// A malformed Member from the case side is a bug, not a refusal.
		e.access.set(caseID, stranger.UserID, room.Member{Name: "x", Role: room.Party, PartyKey: "Bad Key"})
		if _, err := e.svc.History(ctx, stranger, caseID, room.Main, 0, 0); !tiaojie.IsKind(err, tiaojie.Internal) {
			t.Errorf("malformed member: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		tomorrow := start.Add(24 * time.Hour)
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			in   room.SessionInput
			want string
		}{
			{"party", applicant, room.SessionInput{At: tomorrow, Mode: room.Online}, "room.mediator_only"},
			{"observer", observer, room.SessionInput{At: tomorrow, Mode: room.Online}, "room.mediator_only"},
			{"stranger", stranger, room.SessionInput{At: tomorrow, Mode: room.Online}, "error.not_found"},
			{"past", mediator, room.SessionInput{At: start.Add(-time.Minute), Mode: room.Online}, "at:room.session_at"},
			{"zero time", mediator, room.SessionInput{Mode: room.Online}, "at:room.session_at"},
			{"too far", mediator, room.SessionInput{At: start.AddDate(1, 0, 1), Mode: room.Online}, "at:room.session_at"},
			{"mode", mediator, room.SessionInput{At: tomorrow, Mode: "phone"}, "mode:room.session_mode"},
			{"no place", mediator, room.SessionInput{At: tomorrow, Mode: room.OnSite, Place: " "}, "place:room.session_place"},
			{"http link", mediator, room.SessionInput{At: tomorrow, Mode: room.Video, VideoURL: "http://meet.example.cn/123"}, "video_url:room.session_url"},
			{"not a link", mediator, room.SessionInput{At: tomorrow, Mode: room.Video, VideoURL: "会议号 123"}, "video_url:room.session_url"},
			{"long note", mediator, room.SessionInput{At: tomorrow, Mode: room.Online, Note: strings.Repeat("注", 1001)}, "note:room.session_note"},
		} {
			_, err := e.svc.Schedule(ctx, tc.p, caseID, tc.in)
			if got := code(err); got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
			}
		}
		video, err := e.svc.Schedule(ctx, mediator, caseID, room.SessionInput{At: tomorrow.Add(time.Hour), Mode: room.Video,
			VideoURL: "https://meet.example.cn/j/123", Place: "ignored", Note: "请提前五分钟进入"})
		if err != nil {
			t.Fatal(err)
		}
		if video.Place != "" || video.CreatedByName != "调解员 王芳" {
			t.Errorf("video session = %+v", video)
		}
		site, err := e.svc.Schedule(ctx, mediator, caseID, room.SessionInput{At: tomorrow, Mode: room.OnSite, Place: "城桥镇人民调解委员会 二楼调解室"})
		if err != nil {
			t.Fatal(err)
		}
		soon, err := e.svc.Schedule(ctx, mediator, caseID, room.SessionInput{At: start.Add(time.Hour), Mode: room.Online})
		if err != nil {
			t.Fatal(err)
		}
		ids := func(ss []room.Session) []int64 {
			out := []int64{}
			for _, s := range ss {
				out = append(out, s.ID)
			}
			return out
		}
		got, err := e.svc.Upcoming(ctx, respondent, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{soon.ID, site.ID, video.ID}, ids(got)); diff != "" {
			t.Errorf("upcoming (-want +got):\n%s", diff)
		}
		if !got[2].At.Equal(tomorrow.Add(time.Hour)) || got[2].VideoURL != "https://meet.example.cn/j/123" {
			t.Errorf("stored video session = %+v", got[2])
		}
		// Two hours after it started, the first session is still listed;
		// four hours after, it is not.
		e.clock.Advance(3 * time.Hour)
		if got, _ := e.svc.Upcoming(ctx, respondent, caseID); len(got) != 3 {
			t.Errorf("within the grace: %v", ids(got))
		}
		e.clock.Advance(2 * time.Hour)
		if got, _ := e.svc.Upcoming(ctx, respondent, caseID); len(got) != 2 {
			t.Errorf("after the grace: %v", ids(got))
		}
		if err := e.svc.CancelSession(ctx, applicant, caseID, site.ID); code(err) != "room.mediator_only" {
			t.Errorf("party cancelling: %v", err)
		}
		if err := e.svc.CancelSession(ctx, mediator, caseID, site.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.CancelSession(ctx, mediator, caseID, site.ID); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("cancelling twice: %v", err)
		}
		if err := e.svc.CancelSession(ctx, mediator, caseID+1, video.ID); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("cancelling through another case: %v", err)
		}
		if got, _ := e.svc.Upcoming(ctx, respondent, caseID); len(got) != 1 || got[0].ID != video.ID {
			t.Errorf("after cancelling: %v", ids(got))
		}
		e.notes.mu.Lock()
		defer e.notes.mu.Unlock()
		if len(e.notes.sessions) != 3 {
			t.Errorf("notifier heard %d sessions, want 3", len(e.notes.sessions))
		}
	})
}

func TestChannelNames(t *testing.T) {
	for _, tc := range []struct {
		ch    room.Channel
		valid bool
		party string
	}{
		{room.Main, true, ""},
		{room.Caucus("applicant"), true, "applicant"},
		{room.Caucus("p3"), true, "p3"},
		{room.Caucus(""), false, ""},
		{room.Caucus("Applicant"), false, "Applicant"},
		{room.Caucus("-x"), false, "-x"},
		{room.Caucus(strings.Repeat("a", 33)), false, strings.Repeat("a", 33)},
		{"caucus", false, ""},
		{"", false, ""},
	} {
		if tc.ch.Valid() != tc.valid || tc.ch.PartyKey() != tc.party {
			t.Errorf("%q: valid %v party %q", tc.ch, tc.ch.Valid(), tc.ch.PartyKey())
		}
	}
}
