package notify_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/i18n"
	"tiaojie/internal/jobs"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// t0 is the fake clock's start: 16:00 in Beijing. A constant in all but
// name: a function, so that no test can change it under another.
func t0() time.Time { return time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC) }

// fakeSMS is an SMS gateway that keeps what it is asked to send and can be
// told to fail.
type fakeSMS struct {
	mu   sync.Mutex
	sent []sentSMS
	fail int
}

type sentSMS struct{ Phone, Text string }

func (f *fakeSMS) Send(_ context.Context, phone, text string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail > 0 {
		f.fail--
		return errors.New("gateway: 13812345678 is busy, try later")
	}
	f.sent = append(f.sent, sentSMS{phone, text})
	return nil
}

func (f *fakeSMS) Sent() []sentSMS {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentSMS(nil), f.sent...)
}

func (f *fakeSMS) FailNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = n
}

// env is a Notifier wired as in production: a real SMTP server, the job
// runner on a real database, sealing with a real key.
type env struct {
	d      *db.DB
	clock  *clock.Fake
	runner *jobs.Runner
	n      *notify.Notifier
	smtp   *smtpServer
	sms    *fakeSMS
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := startSMTP(t, serverOptions{User: "notice", Pass: "pw"})
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{d: d, clock: clock.NewFake(t0()), smtp: srv, sms: &fakeSMS{}}
	e.n, err = notify.New(notify.Deps{Mailer: newMailer(t, smtpURL(srv, "notice", "pw")), SMS: e.sms,
		Sealer: pii.NewSealer(m), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	e.runner = jobs.New(d, e.clock, log, jobs.Options{Worker: "test"})
	e.n.Register(e.runner)
	return e
}

// invitation is a rendered case invitation to 张三.
func (e *env) invitation(t *testing.T, key string) notify.Notice {
	t.Helper()
	c, err := e.n.Render(i18n.Zh, notify.CaseInvitation{Name: "张三", Org: "崇明区城桥镇人民调解委员会",
		CaseNo: "（2026）崇城调字第0012号", Deadline: t0().Add(72 * time.Hour), Link: "https://tj.example.gov.cn/cases/812"})
	if err != nil {
		t.Fatal(err)
	}
	return c.Notice(key, "zhangsan@example.com", "13812345678")
}

// enqueue queues no in a transaction that commits, or rolls back when
// rollback is set.
func (e *env) enqueue(t *testing.T, no notify.Notice, rollback bool) {
	t.Helper()
	ctx := context.Background()
	errRollback := errors.New("the business change failed")
	err := e.d.InTx(ctx, func(tx *db.Tx) error {
		if err := e.n.Enqueue(ctx, tx, e.clock.Now(), no); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if err != nil && !(rollback && errors.Is(err, errRollback)) {
		t.Fatal(err)
	}
}

func (e *env) runDue(t *testing.T) int {
	t.Helper()
	n, err := e.runner.RunDue(context.Background())
	if err != nil {
		t.Fatalf("RunDue: %v", err)
	}
	return n
}

// jobRow is what the tests read back of the jobs table.
type jobRow struct {
	Kind, UniqueKey, State, Args, LastError string
}

func jobRows(t *testing.T, d *db.DB) []jobRow {
	t.Helper()
	rows, err := d.Reader().QueryContext(context.Background(), `
		SELECT kind, unique_key, state, args, last_error FROM jobs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []jobRow
	for rows.Next() {
		var r jobRow
		if err := rows.Scan(&r.Kind, &r.UniqueKey, &r.State, &r.Args, &r.LastError); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNotifierRollbackSendsNothing(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.enqueue(t, e.invitation(t, "case.invite:812:party:3041"), true)
		if n := e.runDue(t); n != 0 {
			t.Errorf("RunDue ran %d jobs after a rollback", n)
		}
		if got := jobRows(t, d); len(got) != 0 {
			t.Errorf("jobs after a rollback: %+v", got)
		}
		if len(e.smtp.Received()) != 0 || len(e.sms.Sent()) != 0 {
			t.Error("a rolled-back notice was sent")
		}
	})
}

func TestNotifierCommitSendsOnce(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		no := e.invitation(t, "case.invite:812:party:3041")
		e.enqueue(t, no, false)
		if n := e.runDue(t); n != 2 {
			t.Errorf("first pass ran %d jobs, want 2 (e-mail and SMS)", n)
		}
		if n := e.runDue(t); n != 0 {
			t.Errorf("second pass ran %d jobs, want 0", n)
		}
		// The same notice again (a retried request, a second instance):
		// dropped by its key.
		e.enqueue(t, no, false)
		e.clock.Advance(time.Hour)
		if n := e.runDue(t); n != 0 {
			t.Errorf("a re-enqueued notice ran %d jobs", n)
		}

		got := e.smtp.Received()
		if len(got) != 1 {
			t.Fatalf("received %d e-mails, want 1", len(got))
		}
		if !cmp.Equal(got[0].To, []string{"zhangsan@example.com"}) {
			t.Errorf("RCPT TO %q", got[0].To)
		}
		p := parseMail(t, got[0].Data)
		if p.Subject != no.Subject || p.Text != no.Text {
			t.Errorf("e-mail arrived as %q / %q, want %q / %q", p.Subject, p.Text, no.Subject, no.Text)
		}
		if want := []sentSMS{{"13812345678", no.SMS}}; !cmp.Equal(e.sms.Sent(), want) {
			t.Errorf("SMS sent %+v, want %+v", e.sms.Sent(), want)
		}
		want := []jobRow{
			{Kind: notify.KindEmail, UniqueKey: "notify.email:case.invite:812:party:3041", State: "done"},
			{Kind: notify.KindSMS, UniqueKey: "notify.sms:case.invite:812:party:3041", State: "done"},
		}
		if diff := cmp.Diff(want, jobRows(t, d), cmp.FilterPath(func(p cmp.Path) bool {
			return p.Last().String() == ".Args"
		}, cmp.Ignore())); diff != "" {
			t.Errorf("jobs (-want +got):\n%s", diff)
		}
	})
}

// TestNotifierJobArgsAreSealed: the jobs table holds neither the address,
// the phone number, nor the text (which names the person).
func TestNotifierJobArgsAreSealed(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.enqueue(t, e.invitation(t, "case.invite:812:party:3041"), false)
		rows := jobRows(t, d)
		if len(rows) != 2 {
			t.Fatalf("%d jobs, want 2", len(rows))
		}
		for _, r := range rows {
			for _, clear := range []string{"zhangsan", "13812345678", "张三", "调解", `\u`} {
				if strings.Contains(r.Args, clear) {
					t.Errorf("%s args %s hold %q in clear", r.Kind, r.Args, clear)
				}
			}
		}
	})
}

// TestNotifierRetriesThenDelivers: the mail server and the SMS gateway
// fail once; each job is retried after its backoff and delivered once,
// and neither failure sends the other channel again.
func TestNotifierRetriesThenDelivers(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.smtp.FailData(1)
		e.sms.FailNext(1)
		e.enqueue(t, e.invitation(t, "case.invite:812:party:3041"), false)

		if n := e.runDue(t); n != 2 {
			t.Fatalf("first pass ran %d jobs, want 2", n)
		}
		if len(e.smtp.Received()) != 0 || len(e.sms.Sent()) != 0 {
			t.Fatal("delivered although both channels failed")
		}
		if s := e.runner.Stats(); s.Retried != 2 {
			t.Errorf("stats %+v, want 2 retries", s)
		}
		for _, r := range jobRows(t, d) {
			if r.State != "available" || r.LastError == "" {
				t.Errorf("%s: state %s, last error %q; want a scheduled retry with the error", r.Kind, r.State, r.LastError)
			}
			if strings.Contains(r.LastError, "zhangsan") || strings.Contains(r.LastError, "13812345678") {
				t.Errorf("%s: last error %q holds personal data", r.Kind, r.LastError)
			}
		}
		if n := e.runDue(t); n != 0 {
			t.Errorf("a pass before the backoff ran %d jobs", n)
		}

		e.clock.Advance(31 * time.Second)
		if n := e.runDue(t); n != 2 {
			t.Errorf("pass after the backoff ran %d jobs, want 2", n)
		}
		e.clock.Advance(time.Hour)
		e.runDue(t)
		if n := len(e.smtp.Received()); n != 1 {
			t.Errorf("received %d e-mails, want 1", n)
		}
		if n := len(e.sms.Sent()); n != 1 {
			t.Errorf("sent %d SMS, want 1", n)
		}
		for _, r := range jobRows(t, d) {
			if r.State != "done" {
				t.Errorf("%s: state %s, want done", r.Kind, r.State)
			}
		}
	})
}

// TestNotifierChannels: a notice goes only where it has an address.
func TestNotifierChannels(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	e.enqueue(t, notify.Notice{Key: "a", Email: "lisi@example.cn", Subject: "主题", Text: "正文"}, false)
	e.enqueue(t, notify.Notice{Key: "b", Phone: "13900001111", SMS: "短信"}, false)
	e.runDue(t)
	if got := e.smtp.Received(); len(got) != 1 || got[0].To[0] != "lisi@example.cn" {
		t.Errorf("e-mails %+v", got)
	}
	if want := []sentSMS{{"13900001111", "短信"}}; !cmp.Equal(e.sms.Sent(), want) {
		t.Errorf("SMS %+v, want %+v", e.sms.Sent(), want)
	}
}

func TestNotifierRefusesBadNotices(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	for _, no := range []notify.Notice{
		{Email: "a@example.com", Subject: "s", Text: "t"},                                // no key
		{Key: strings.Repeat("k", 201), Email: "a@example.com", Subject: "s", Text: "t"}, // key too long
		{Key: "k", Subject: "s", Text: "t"},                                              // nowhere to send
		{Key: "k", Email: "a@example.com", Text: "t"},                                    // no subject
		{Key: "k", Email: "a@example.com", Subject: "s"},                                 // no text
		{Key: "k", Phone: "13800000000"},                                                 // no text
		{Key: "k", Email: "张三 <a@example.com>", Subject: "s", Text: "t"},                 // not a bare address
		{Key: "k", Email: "not an address", Subject: "s", Text: "t"},
	} {
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			return e.n.Enqueue(context.Background(), tx, t0(), no)
		})
		if err == nil {
			t.Errorf("Enqueue(%+v) succeeded", no)
		}
	}
	if rows := jobRows(t, d); len(rows) != 0 {
		t.Errorf("refused notices left jobs: %+v", rows)
	}
}

func TestNewNeedsDeps(t *testing.T) {
	if _, err := notify.New(notify.Deps{}); err == nil {
		t.Error("New without dependencies succeeded")
	}
}
