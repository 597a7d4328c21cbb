package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/jobs"
	"tiaojie/internal/pii"
)

// The job kinds of the Notifier. E-mail and SMS are separate jobs so that
// a failing SMS gateway does not make the e-mail go out again on each retry,
// and the other way round.
const (
	KindEmail = "notify.email"
	KindSMS   = "notify.sms"
)

// maxKeyLen bounds a Notice's key, which becomes part of a unique index.
const maxKeyLen = 200

// Notice is one message to one person, by e-mail, SMS or both.
type Notice struct {
	// Key names the notice for idempotency: a second Enqueue with the same
	// key is silently dropped, even after the first was delivered (until
	// finished jobs are purged, after a week). Build it from what the
	// notice is about and who it is for, e.g. "case.invite:812:party:3041"
	// or "case.remind:812:party:3041:2026-12-03T06:30Z". It is stored in
	// clear, so it must be made of record identifiers, never of names,
	// phone numbers or addresses.
	Key     string
	Email   string // "" for no e-mail
	Phone   string // "" for no SMS
	Subject string // required with Email
	Text    string // the e-mail text; also the SMS when SMS is ""
	HTML    string // optional HTML alternative of Text
	SMS     string // the SMS text; "" means Text
}

// Deps are what a Notifier needs.
type Deps struct {
	Mailer Mailer
	SMS    SMSSender
	// Sealer encrypts the notice in the jobs table (see Notifier).
	Sealer *pii.Sealer
	Log    *slog.Logger
}

// Notifier delivers notices through the job runner.
//
// Enqueue writes one job per channel in the caller's transaction, so a
// notice exists exactly when the change that caused it commits (a rolled
// back invitation never reaches anyone), and the job's unique key, derived
// from Notice.Key, stops the same notice from being queued twice. The job
// handler sends it; a failure is retried with the runner's backoff. The
// runner gives a job up after its attempts (5 by default: about eight
// minutes of backoff), leaving it in the jobs table as failed, with its
// redacted error, for an operator to see; a mail server down for longer
// loses those notices until the jobs package allows more attempts per kind.
//
// Delivery is at least once, not exactly once: if an instance dies after
// the mail server accepted a message but before the job was marked done,
// the job runs again after its lease and the message goes out twice. SMTP
// has no way to ask "did you already take this one"; the Message-ID is
// derived from the key so that mail systems that suppress duplicate IDs
// (and people) can tell it is the same message.
//
// Personal data in the queue: a job's args sit in the jobs table for a
// week after delivery (until jobs.purge) and in every backup, and they hold
// an address or phone number and a text that often names the person. So
// the whole notice is sealed with pii (SM4-GCM under the field key, as
// other personal-data columns are), bound to the job kind and key; only
// the key is stored in clear. Error texts are redacted before the runner
// stores them.
type Notifier struct {
	mail      Mailer
	sms       SMSSender
	sealer    *pii.Sealer
	log       *slog.Logger
	templates *Templates
}

// New returns a Notifier. It loads the notice templates, so a broken
// template set stops the start.
func New(d Deps) (*Notifier, error) {
	if d.Mailer == nil || d.SMS == nil || d.Sealer == nil || d.Log == nil {
		return nil, errors.New("notify: New needs a Mailer, an SMS sender, a Sealer and a Log")
	}
	t, err := LoadTemplates()
	if err != nil {
		return nil, err
	}
	return &Notifier{mail: d.Mailer, sms: d.SMS, sealer: d.Sealer, log: d.Log, templates: t}, nil
}

// Render renders a notice's content in lang with the Notifier's templates.
func (n *Notifier) Render(lang i18n.Lang, m Message) (Content, error) {
	return n.templates.Render(lang, m)
}

// Register installs the job handlers of the Notifier on r. Call it once,
// before r.Start, on every instance that runs jobs.
func (n *Notifier) Register(r *jobs.Runner) {
	r.Handle(KindEmail, n.handleEmail)
	r.Handle(KindSMS, n.handleSMS)
}

// emailJob and smsJob are what a job carries once opened.
type emailJob struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
}

type smsJob struct {
	Phone string `json:"phone"`
	Text  string `json:"text"`
}

// sealedArgs are a job's stored args: the notice key in clear (the handler
// needs it to open the payload and to name the job in errors) and the
// sealed payload.
type sealedArgs struct {
	Key    string `json:"key"`
	Sealed []byte `json:"sealed"`
}

// Enqueue queues the notice in tx: an e-mail job when it has an Email, an
// SMS job when it has a Phone. now is the caller's clock; the jobs are due
// at once. A notice whose key was queued before is dropped without error.
func (n *Notifier) Enqueue(ctx context.Context, tx *db.Tx, now time.Time, no Notice) error {
	if err := no.validate(); err != nil {
		return err
	}
	if no.Email != "" {
		p := emailJob{To: no.Email, Subject: no.Subject, Text: no.Text, HTML: no.HTML}
		if err := n.enqueue(ctx, tx, now, KindEmail, no.Key, p); err != nil {
			return err
		}
	}
	if no.Phone != "" {
		text := no.SMS
		if text == "" {
			text = no.Text
		}
		if err := n.enqueue(ctx, tx, now, KindSMS, no.Key, smsJob{Phone: no.Phone, Text: text}); err != nil {
			return err
		}
	}
	return nil
}

// validate refuses a notice that could never be delivered. These are
// Internal errors: a notice is built by a service from stored records, so
// a bad one is a bug of that service, not a user's mistake.
func (no Notice) validate() error {
	switch {
	case no.Key == "" || len(no.Key) > maxKeyLen || !utf8.ValidString(no.Key):
		return tiaojie.Internalf("notify: a notice needs a key of 1 to %d bytes of UTF-8", maxKeyLen)
	case no.Email == "" && no.Phone == "":
		return tiaojie.Internalf("notify: notice %s has neither an e-mail address nor a phone number", no.Key)
	case no.Text == "" && (no.Email != "" || no.SMS == ""):
		return tiaojie.Internalf("notify: notice %s has no text", no.Key)
	case no.Email != "" && strings.TrimSpace(no.Subject) == "":
		return tiaojie.Internalf("notify: e-mail notice %s has no subject", no.Key)
	}
	if no.Email != "" {
		a, err := netmail.ParseAddress(no.Email)
		if err != nil || a.Address != no.Email {
			return tiaojie.Internalf("notify: notice %s: the e-mail address is not a bare address", no.Key)
		}
	}
	return nil
}

// aad binds a sealed payload to its job kind and notice key, so that an
// e-mail payload cannot be opened as an SMS job or under another key.
func aad(kind, key string) string { return "jobs.args:" + kind + ":" + key }

func (n *Notifier) enqueue(ctx context.Context, tx *db.Tx, now time.Time, kind, key string, payload any) error {
	plain, err := json.Marshal(payload)
	if err != nil {
		return tiaojie.Internalf("notify: %s %s: %w", kind, key, err)
	}
	sealed, err := n.sealer.Seal(plain, aad(kind, key))
	clear(plain)
	if err != nil {
		return err
	}
	return jobs.Enqueue(ctx, tx, now, kind, sealedArgs{Key: key, Sealed: sealed}, time.Time{}, kind+":"+key)
}

// open reads a job's args and decrypts its payload into v; it returns the
// notice key.
func (n *Notifier) open(kind string, args json.RawMessage, v any) (string, error) {
	var a sealedArgs
	if err := json.Unmarshal(args, &a); err != nil {
		return "", fmt.Errorf("notify: %s args: %w", kind, err)
	}
	plain, err := n.sealer.Open(a.Sealed, aad(kind, a.Key))
	if err != nil {
		return a.Key, fmt.Errorf("notify: %s %s: %w", kind, a.Key, err)
	}
	defer clear(plain)
	if err := json.Unmarshal(plain, v); err != nil {
		return a.Key, fmt.Errorf("notify: %s %s payload: %w", kind, a.Key, redactErr(err))
	}
	return a.Key, nil
}

func (n *Notifier) handleEmail(ctx context.Context, args json.RawMessage) error {
	var p emailJob
	key, err := n.open(KindEmail, args, &p)
	if err != nil {
		return err
	}
	m := Mail{To: []string{p.To}, Subject: p.Subject, Text: p.Text, HTML: p.HTML, ID: key}
	if err := n.mail.Send(ctx, m); err != nil {
		return fmt.Errorf("notify: e-mail %s: %w", key, redactErr(err))
	}
	n.log.InfoContext(ctx, "notice e-mailed", "key", key, "to", tiaojie.MaskEmail(p.To))
	return nil
}

func (n *Notifier) handleSMS(ctx context.Context, args json.RawMessage) error {
	var p smsJob
	key, err := n.open(KindSMS, args, &p)
	if err != nil {
		return err
	}
	if err := n.sms.Send(ctx, p.Phone, p.Text); err != nil {
		return fmt.Errorf("notify: SMS %s: %w", key, redactErr(err))
	}
	n.log.InfoContext(ctx, "notice sent by SMS", "key", key, "phone", tiaojie.MaskPhone(p.Phone))
	return nil
}
