// Package notify is how the platform tells people things outside the web
// pages: case invitations, reminders, and room messages for members who are
// offline, by e-mail and by SMS.
//
// The pieces:
//   - Mailer sends one e-mail. SMTPMailer speaks SMTP through go-mail;
//     LogMailer is the development sender that only logs.
//   - SMSSender sends one text message; auth.Sender and auth.LogSender fit it.
//   - Templates holds the wording of every notice, in Chinese and English.
//   - Notifier puts a Notice on the job queue inside the caller's
//     transaction and delivers it from a job, so that a notice goes out if
//     and only if the business change that caused it commits, a failed
//     delivery is retried, and one notice is not queued twice.
//
// Capability services (cases, room, …) import this package; it imports
// none of them, nor auth, so that auth may one day send its own mail
// through it without an import cycle.
package notify

import (
	"context"
	"log/slog"
	"regexp"
	"strings"

	"tiaojie"
)

// Mail is one e-mail. Text is the plain-text body and is required: many
// government mail systems and clients show only text. HTML is an optional
// alternative body. ID, when set, makes the Message-ID stable (see
// SMTPMailer.Send), so that a copy resent after a lost acknowledgement can
// be recognised as the same message.
type Mail struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	ID      string
}

// Mailer sends e-mail. Send returns when the message was handed to the
// mail server, or with an error; an error may be temporary, and the caller
// (the Notifier's job) retries. Error texts from Mailers in this package
// hold no e-mail address in clear.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// SMSSender sends a text message to a mobile phone. It has the method set
// of auth.Sender, so the deployment's SMS gateway adapter (and
// auth.LogSender in development) serves both the login codes and the
// notices. It is declared here rather than imported so that notify does
// not depend on auth.
type SMSSender interface {
	Send(ctx context.Context, phone, text string) error
}

// LogMailer is the development mailer: it writes each message to the log
// instead of sending it, so that invitations and reminders can be tried
// without a mail server. Addresses are masked; the subject and text are
// logged because reading them is the point. Never use it in production:
// notices would silently not reach anyone, and their text would sit in the
// logs.
type LogMailer struct {
	Log *slog.Logger
}

// String describes the mailer for the start-up log.
func (LogMailer) String() string { return "log (development: e-mail is logged, not sent)" }

// Send logs the message.
func (m LogMailer) Send(ctx context.Context, mail Mail) error {
	to := make([]string, len(mail.To))
	for i, a := range mail.To {
		to[i] = tiaojie.MaskEmail(a)
	}
	m.Log.WarnContext(ctx, "development mailer: e-mail not sent, logged instead",
		"to", strings.Join(to, ", "), "subject", mail.Subject, "text", mail.Text, "html", mail.HTML != "")
	return nil
}

// redact masks e-mail addresses and phone numbers in s. Error texts of mail
// servers and SMS gateways often quote the recipient ("550 <a@b.cn>: user
// unknown"), and the job runner stores and logs a failed job's error text,
// which must hold no personal data. The patterns are compiled on each call
// rather than kept in package variables: redact runs only on failures.
func redact(s string) string {
	emailLike := regexp.MustCompile(`[^\s<>()\[\],;:"']+@[^\s<>()\[\],;:"']+`)
	longDigits := regexp.MustCompile(`\+?\d{7,}`)
	s = emailLike.ReplaceAllStringFunc(s, tiaojie.MaskEmail)
	return longDigits.ReplaceAllStringFunc(s, tiaojie.MaskPhone)
}

// redactedError is an error whose text has been through redact. It keeps
// the cause for errors.Is and errors.As within the process; only the text
// is stored.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err with its text redacted, or nil.
func redactErr(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: redact(err.Error()), err: err}
}
