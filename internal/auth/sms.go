package auth

import (
	"context"
	"log/slog"
	"sync"

	"tiaojie"
)

// Sender sends a text message to a mobile phone. Production deployments
// plug in their SMS gateway (the bureau's government SMS platform or a
// cloud provider) behind this interface; the platform never depends on one.
type Sender interface {
	Send(ctx context.Context, phone, text string) error
}

// LogSender is the development sender: it writes the message to the log
// instead of sending it, so that a phone-code login can be tried without a
// gateway. The phone is masked; the text is logged because it is the point.
// Never use it in production: anyone reading the logs could log in.
type LogSender struct {
	Log *slog.Logger
}

// Send logs the message.
func (s LogSender) Send(ctx context.Context, phone, text string) error {
	s.Log.WarnContext(ctx, "development SMS sender: message not sent, logged instead",
		"phone", tiaojie.MaskPhone(phone), "text", text)
	return nil
}

// DemoSender is the sender of demo mode: it logs like LogSender and keeps
// the last text sent to each phone, so that the login page can show a
// demo visitor their code. Never use it outside demo mode: it hands login
// codes to whoever asks for them.
type DemoSender struct {
	LogSender
	mu   sync.Mutex
	last map[string]string
}

// NewDemoSender returns a DemoSender logging to log.
func NewDemoSender(log *slog.Logger) *DemoSender {
	return &DemoSender{LogSender: LogSender{Log: log}, last: map[string]string{}}
}

// Send logs the text and keeps it.
func (s *DemoSender) Send(ctx context.Context, phone, text string) error {
	s.mu.Lock()
	s.last[tiaojie.NormalizePhone(phone)] = text
	s.mu.Unlock()
	return s.LogSender.Send(ctx, phone, text)
}

// Last returns the last text sent to phone, "" if none.
func (s *DemoSender) Last(phone string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last[tiaojie.NormalizePhone(phone)]
}
