package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"550 5.1.1 <zhangsan@example.com>: user unknown", "550 5.1.1 <z*******@example.com>: user unknown"},
		{"gateway: 13812345678 is busy", "gateway: 138****5678 is busy"},
		{"+8613812345678 refused", "+86*********78 refused"},
		{"dial tcp 127.0.0.1:2525: connection refused", "dial tcp 127.0.0.1:2525: connection refused"},
		{"451 4.3.0 try again later", "451 4.3.0 try again later"},
		{"notify: e-mail case.invite:812:party:3041", "notify: e-mail case.invite:812:party:3041"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	cause := errors.New("<a.b@example.com> refused")
	err := redactErr(cause)
	if !errors.Is(err, cause) || strings.Contains(err.Error(), "a.b@") {
		t.Errorf("redactErr: %v", err)
	}
	if redactErr(nil) != nil {
		t.Error("redactErr(nil) is not nil")
	}
}

func TestMessageID(t *testing.T) {
	a, b := messageID("case.invite:1", "noreply@example.gov.cn"), messageID("case.invite:2", "noreply@example.gov.cn")
	if a == b || !strings.HasSuffix(a, "@example.gov.cn") || strings.Contains(a, "invite") {
		t.Errorf("messageID: %q, %q", a, b)
	}
	if got := messageID("k", "broken"); !strings.HasSuffix(got, "@tiaojie.invalid") {
		t.Errorf("messageID without a domain: %q", got)
	}
}

func TestLogMailerMasksAddresses(t *testing.T) {
	var buf bytes.Buffer
	m := LogMailer{Log: slog.New(slog.NewTextHandler(&buf, nil))}
	if err := m.Send(context.Background(), Mail{To: []string{"zhangsan@example.com", "lisi@example.cn"}, Subject: "调解邀请", Text: "请登录平台"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "zhangsan") || strings.Contains(out, "lisi@") ||
		!strings.Contains(out, "z*******@example.com") || !strings.Contains(out, "调解邀请") {
		t.Errorf("log: %s", out)
	}
}
