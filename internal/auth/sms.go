package auth

import (
	"context"
	"log/slog"

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
