package notify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie/internal/notify"
)

// parsedMail is a received message decoded the way a mail client would.
type parsedMail struct {
	From, To, Subject string
	MessageID         string
	AutoSubmitted     string
	Text, HTML        string
}

// parseMail decodes a raw message: RFC 2047 headers, multipart bodies and
// their transfer encodings.
func parseMail(t *testing.T, raw []byte) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	dec := new(mime.WordDecoder)
	header := func(name string) string {
		v, err := dec.DecodeHeader(msg.Header.Get(name))
		if err != nil {
			t.Fatalf("decode %s header %q: %v", name, msg.Header.Get(name), err)
		}
		return v
	}
	p := parsedMail{From: header("From"), To: header("To"), Subject: header("Subject"),
		MessageID: msg.Header.Get("Message-ID"), AutoSubmitted: msg.Header.Get("Auto-Submitted")}
	readBody(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &p)
	return p
}

func readBody(t *testing.T, contentType, encoding string, body io.Reader, p *parsedMail) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("Content-Type %q: %v", contentType, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			readBody(t, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part, p)
		}
	}
	if params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("charset %q, want UTF-8", params["charset"])
	}
	switch strings.ToLower(encoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read %s body: %v", mt, err)
	}
	switch mt {
	case "text/plain":
		p.Text = string(b)
	case "text/html":
		p.HTML = string(b)
	default:
		t.Errorf("unexpected part %s", mt)
	}
}

// smtpURL is the --smtp setting that reaches s in clear text (the test
// server is on loopback), with a Chinese sender name.
func smtpURL(s *smtpServer, user, pass string, params ...string) string {
	u := url.URL{Scheme: "smtp", Host: s.Addr()}
	if user != "" {
		u.User = url.UserPassword(user, pass)
	}
	q := url.Values{"tls": {"none"}, "from": {"崇明区调解平台 <noreply@example.gov.cn>"}, "timeout": {"5s"}}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func newMailer(t *testing.T, rawURL string) notify.Mailer {
	t.Helper()
	c, err := notify.ParseSMTPURL(rawURL)
	if err != nil {
		t.Fatalf("ParseSMTPURL: %v", err)
	}
	m, err := notify.NewSMTPMailer(c)
	if err != nil {
		t.Fatalf("NewSMTPMailer: %v", err)
	}
	return m
}

func send(t *testing.T, m notify.Mailer, mail notify.Mail) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return m.Send(ctx, mail)
}

const (
	zhSubject = "调解邀请：崇明区城桥镇人民调解委员会邀请您参加调解（（2026）崇城调字第0012号）"
	zhText    = "张三，您好：\n\n崇明区城桥镇人民调解委员会已受理一宗纠纷调解申请，邀请您作为当事人参加调解。\n请于2026年12月3日 17:00前登录平台确认。\n\n本邮件由系统自动发送，请勿直接回复。\n"
	zhHTML    = "<p>张三，您好：</p><p>邀请您参加调解。</p>"
)

func TestSMTPChineseArrivesIntact(t *testing.T) {
	s := startSMTP(t, serverOptions{User: "notice", Pass: "s3cret:@/"})
	m := newMailer(t, smtpURL(s, "notice", "s3cret:@/"))
	err := send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: zhSubject, Text: zhText, HTML: zhHTML, ID: "case.invite:12:party:34"})
	if err != nil {
		t.Fatal(err)
	}
	got := s.Received()
	if len(got) != 1 {
		t.Fatalf("received %d messages, want 1", len(got))
	}
	if got[0].From != "noreply@example.gov.cn" || !cmp.Equal(got[0].To, []string{"zhangsan@example.com"}) {
		t.Errorf("envelope from %q to %q", got[0].From, got[0].To)
	}
	p := parseMail(t, got[0].Data)
	want := parsedMail{
		From:          "崇明区调解平台 <noreply@example.gov.cn>",
		To:            "<zhangsan@example.com>",
		Subject:       zhSubject,
		MessageID:     p.MessageID,
		AutoSubmitted: "auto-generated",
		Text:          zhText,
		HTML:          zhHTML,
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("decoded message (-want +got):\n%s", diff)
	}
	if !strings.HasSuffix(p.MessageID, "@example.gov.cn>") {
		t.Errorf("Message-ID %q is not in the sender's domain", p.MessageID)
	}
	// The raw subject must be an encoded word: 8-bit headers are mangled
	// by many relays.
	if raw := string(got[0].Data); strings.Contains(raw, "调解") {
		t.Errorf("Chinese text travels unencoded:\n%s", raw)
	}
}

// TestSMTPStableMessageID: a resent notice (same ID) carries the same
// Message-ID, another notice a different one.
func TestSMTPStableMessageID(t *testing.T) {
	s := startSMTP(t, serverOptions{})
	m := newMailer(t, smtpURL(s, "", ""))
	for _, id := range []string{"n:1", "n:1", "n:2"} {
		if err := send(t, m, notify.Mail{To: []string{"a@example.com"}, Subject: "s", Text: "t", ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Received()
	ids := []string{parseMail(t, got[0].Data).MessageID, parseMail(t, got[1].Data).MessageID, parseMail(t, got[2].Data).MessageID}
	if ids[0] != ids[1] || ids[0] == ids[2] || ids[0] == "" {
		t.Errorf("Message-IDs %q: want the first two equal and the third different", ids)
	}
}

func TestSMTPMultipleRecipients(t *testing.T) {
	s := startSMTP(t, serverOptions{})
	m := newMailer(t, smtpURL(s, "", ""))
	to := []string{"zhangsan@example.com", "lisi@example.cn", "wangwu@example.gov.cn"}
	if err := send(t, m, notify.Mail{To: to, Subject: "调解提醒", Text: "明天上午九点调解。"}); err != nil {
		t.Fatal(err)
	}
	got := s.Received()
	if len(got) != 1 {
		t.Fatalf("received %d messages, want one for all recipients", len(got))
	}
	if diff := cmp.Diff(to, got[0].To); diff != "" {
		t.Errorf("RCPT TO (-want +got):\n%s", diff)
	}
	p := parseMail(t, got[0].Data)
	if want := "<zhangsan@example.com>, <lisi@example.cn>, <wangwu@example.gov.cn>"; p.To != want {
		t.Errorf("To: %q, want %q", p.To, want)
	}
	if p.Text != "明天上午九点调解。" {
		t.Errorf("text %q", p.Text)
	}
}

func TestSMTPAuthFailure(t *testing.T) {
	s := startSMTP(t, serverOptions{User: "notice", Pass: "right"})
	m := newMailer(t, smtpURL(s, "notice", "wrong-password"))
	err := send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: "s", Text: "t"})
	if err == nil {
		t.Fatal("sent with a wrong password")
	}
	if !strings.Contains(err.Error(), "535") {
		t.Errorf("error %q does not carry the server's 535", err)
	}
	if strings.Contains(err.Error(), "wrong-password") {
		t.Errorf("error %q quotes the password", err)
	}
	if n := len(s.Received()); n != 0 {
		t.Errorf("server accepted %d messages", n)
	}
}

// TestSMTPServerDown: nothing listens on the port (it was just free).
func TestSMTPServerDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	m := newMailer(t, "smtp://"+addr+"?tls=none&timeout=5s&from=noreply@example.gov.cn")
	err = send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: "s", Text: "t"})
	if err == nil {
		t.Fatal("no error with the server down")
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("error %q does not say the connection was refused", err)
	}
}

// TestSMTPCancelled: a server that stops answering does not hold Send
// beyond its context, so a stopping job runner is not held up.
func TestSMTPCancelled(t *testing.T) {
	stall := make(chan struct{})
	s := startSMTP(t, serverOptions{Stall: stall})
	t.Cleanup(func() { close(stall) }) // runs before the server's Shutdown
	m := newMailer(t, smtpURL(s, "", "", "timeout", "1m"))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := m.Send(ctx, notify.Mail{To: []string{"a@example.com"}, Subject: "s", Text: "t"})
	if err == nil {
		t.Fatal("Send succeeded against a stalled server")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send returned after %v, want soon after its context ended", d)
	}
}

// TestSMTPRefusedRecipientIsRedacted: servers quote the address they
// refuse; the error, which the job runner stores, must not.
func TestSMTPRefusedRecipientIsRedacted(t *testing.T) {
	s := startSMTP(t, serverOptions{RejectRcpt: "zhangsan@example.com"})
	m := newMailer(t, smtpURL(s, "", ""))
	err := send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: "s", Text: "t"})
	if err == nil {
		t.Fatal("no error for a refused recipient")
	}
	if strings.Contains(err.Error(), "zhangsan") || !strings.Contains(err.Error(), "550") {
		t.Errorf("error %q: want the 550 with the address masked", err)
	}
}

// TestSMTPMandatoryTLSRefusesCleartext: with the default policy, a server
// that does not offer STARTTLS gets neither the password nor the notice.
func TestSMTPMandatoryTLSRefusesCleartext(t *testing.T) {
	s := startSMTP(t, serverOptions{User: "notice", Pass: "pw"})
	m := newMailer(t, smtpURL(s, "notice", "pw", "tls", "starttls"))
	err := send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("error %v, want a refusal to go on without STARTTLS", err)
	}
	if n := len(s.Received()); n != 0 {
		t.Errorf("server accepted %d messages", n)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	s := startSMTP(t, serverOptions{User: "notice", Pass: "pw", StartTLS: true})
	m := newMailer(t, smtpURL(s, "notice", "pw", "tls", "starttls", "ca", s.CAFile, "auth", "plain"))
	if err := send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: zhSubject, Text: zhText}); err != nil {
		t.Fatal(err)
	}
	got := s.Received()
	if len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %+v, want one message over TLS", got)
	}
	if p := parseMail(t, got[0].Data); p.Subject != zhSubject {
		t.Errorf("subject %q", p.Subject)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	s := startSMTP(t, serverOptions{User: "notice", Pass: "pw", Implicit: true})
	u := "smtps://notice:pw@" + s.Addr() + "?from=noreply@example.gov.cn&timeout=5s&ca=" + url.QueryEscape(s.CAFile)
	m := newMailer(t, u)
	if err := send(t, m, notify.Mail{To: []string{"zhangsan@example.com"}, Subject: zhSubject, Text: zhText}); err != nil {
		t.Fatal(err)
	}
	if got := s.Received(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %+v, want one message over TLS", got)
	}
}

// TestSMTPUntrustedCertificate: STARTTLS to a server whose certificate is
// not trusted fails rather than falling back.
func TestSMTPUntrustedCertificate(t *testing.T) {
	s := startSMTP(t, serverOptions{StartTLS: true})
	m := newMailer(t, smtpURL(s, "", "", "tls", "starttls"))
	if err := send(t, m, notify.Mail{To: []string{"a@example.com"}, Subject: "s", Text: "t"}); err == nil {
		t.Fatal("sent to a server with an untrusted certificate")
	}
	if n := len(s.Received()); n != 0 {
		t.Errorf("server accepted %d messages", n)
	}
}

func TestParseSMTPURL(t *testing.T) {
	tests := []struct {
		in   string
		want notify.SMTPConfig
	}{
		{"smtp://user:pa%40ss@mail.example.gov.cn?from=noreply@example.gov.cn",
			notify.SMTPConfig{Host: "mail.example.gov.cn", Port: 587, Username: "user", Password: "pa@ss",
				TLS: notify.TLSMandatory, From: "noreply@example.gov.cn", Timeout: 30 * time.Second}},
		{"smtp://user:pass@host:587?tls=starttls&from=noreply@example.gov.cn",
			notify.SMTPConfig{Host: "host", Port: 587, Username: "user", Password: "pass",
				TLS: notify.TLSMandatory, From: "noreply@example.gov.cn", Timeout: 30 * time.Second}},
		{"smtp://relay:25?tls=none&from=a@b.cn&timeout=10s",
			notify.SMTPConfig{Host: "relay", Port: 25, TLS: notify.TLSNone, From: "a@b.cn", Timeout: 10 * time.Second}},
		{"smtp://relay?tls=opportunistic&from=a@b.cn&helo=tiaojie.example.gov.cn&auth=none",
			notify.SMTPConfig{Host: "relay", Port: 587, TLS: notify.TLSOpportunistic, From: "a@b.cn",
				Timeout: 30 * time.Second, HELO: "tiaojie.example.gov.cn", Auth: "none"}},
		{"smtps://u:p@smtp.example.com?from=a@b.cn&auth=login",
			notify.SMTPConfig{Host: "smtp.example.com", Port: 465, Username: "u", Password: "p",
				TLS: notify.TLSImplicit, From: "a@b.cn", Timeout: 30 * time.Second, Auth: "login"}},
	}
	for _, tt := range tests {
		got, err := notify.ParseSMTPURL(tt.in)
		if err != nil {
			t.Errorf("ParseSMTPURL(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSMTPURL(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseSMTPURLErrors(t *testing.T) {
	for _, in := range []string{
		"http://host?from=a@b.cn",
		"smtp://host",                                  // no sender
		"smtp://host?from=not-an-address",              // bad sender
		"smtp://host:99999?from=a@b.cn",                // bad port
		"smtp://host?from=a@b.cn&tls=maybe",            // unknown policy
		"smtps://host?from=a@b.cn&tls=none",            // contradiction
		"smtp://host?from=a@b.cn&tmeout=5s",            // typo
		"smtp://host?from=a@b.cn&timeout=soon",         // bad duration
		"smtp://u:p@host?from=a@b.cn&auth=plain-noenc", // password in clear
		"smtp://host?from=a@b.cn&auth=plain",           // auth without a user
		"smtp://?from=a@b.cn",                          // no host
	} {
		if _, err := notify.ParseSMTPURL(in); err == nil {
			t.Errorf("ParseSMTPURL(%q) succeeded", in)
		}
	}
}

func TestSMTPConfigStringHidesPassword(t *testing.T) {
	c, err := notify.ParseSMTPURL("smtp://user:topsecret@host:2525?from=noreply@example.gov.cn&tls=opportunistic")
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	if strings.Contains(s, "topsecret") || !strings.Contains(s, "user:xxxxx@host:2525") || !strings.Contains(s, "tls=opportunistic") {
		t.Errorf("String() = %q", s)
	}
	back, err := notify.ParseSMTPURL(strings.Replace(s, "xxxxx", "topsecret", 1))
	if err != nil || !cmp.Equal(back, c) {
		t.Errorf("String() does not parse back: %v, %+v", err, back)
	}
}

func TestOpenMailerDefaultsToLog(t *testing.T) {
	m, err := notify.OpenMailer("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(notify.LogMailer); !ok {
		t.Errorf("OpenMailer(\"\") = %T, want LogMailer", m)
	}
	if got := fmt.Sprint(m); !strings.HasPrefix(got, "log") {
		t.Errorf("LogMailer prints as %q", got)
	}
	m, err = notify.OpenMailer("smtp://u:secret@host?from=a@b.cn", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(m); got != "smtp://u:xxxxx@host:587?from=a%40b.cn&tls=mandatory" {
		t.Errorf("SMTPMailer prints as %q", got)
	}
	if _, err := notify.OpenMailer("smtp://host", nil); err == nil {
		t.Error("OpenMailer accepted a URL without a sender")
	}
}
