package notify

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wneessen/go-mail"
)

// TLSPolicy says how the connection to the mail server is encrypted.
type TLSPolicy string

// The TLS policies. Mandatory is the default of smtp:// URLs because the
// password and the notices (names, case numbers) must not cross a network
// in clear; None exists for a relay on the same host or behind a tunnel.
const (
	TLSMandatory     TLSPolicy = "mandatory"     // STARTTLS, or no delivery
	TLSOpportunistic TLSPolicy = "opportunistic" // STARTTLS when offered, else clear text
	TLSNone          TLSPolicy = "none"          // clear text
	TLSImplicit      TLSPolicy = "implicit"      // TLS from the first byte (smtps://, port 465)
)

// DefaultSMTPTimeout bounds connecting and each SMTP command.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPConfig is how to reach the mail server. Build it with ParseSMTPURL
// from the --smtp setting, or by hand in tests.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string // "" means no SMTP AUTH (a relay that trusts the host)
	Password string
	TLS      TLSPolicy
	// From is the sender, a bare address or "Name <address>"; the name
	// may be Chinese.
	From    string
	Timeout time.Duration
	// Auth names the SASL mechanism: "" or "auto" picks the strongest the
	// server offers (SCRAM, then PLAIN, then LOGIN), or one of plain,
	// login, cram-md5, scram-sha-1, scram-sha-256 (and their -plus forms).
	// PLAIN and LOGIN are refused over clear text except to localhost.
	Auth string
	// HELO is the name given in EHLO; "" means the host name.
	HELO string
	// CAFile is a PEM file of the certificate authorities trusted for the
	// server's certificate instead of the system's, for an intranet relay
	// with a private CA; "" means the system roots.
	CAFile string
}

// ParseSMTPURL reads a mail server setting written as a URL:
//
//	smtp://USER:PASS@HOST:PORT?from=noreply@example.gov.cn&tls=starttls
//	smtps://USER:PASS@HOST?from=…
//
// smtp:// defaults to port 587 and tls=starttls (mandatory; also spelled
// mandatory); tls may be opportunistic or none. smtps:// is TLS from the
// first byte and defaults to port 465. Other parameters: from (required),
// timeout (a Go duration, default 30s), auth, helo and ca (see
// SMTPConfig). The user name and password are percent-decoded, so a
// password with "@" or ":" is written %40 or %3A. An unknown parameter is
// an error, so that a typo does not silently weaken the connection.
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTPConfig{}, errors.New("notify: the SMTP URL does not parse") // the error would quote the password
	}
	c := SMTPConfig{Host: u.Hostname(), Timeout: DefaultSMTPTimeout}
	switch u.Scheme {
	case "smtp":
		c.Port, c.TLS = 587, TLSMandatory
	case "smtps":
		c.Port, c.TLS = 465, TLSImplicit
	default:
		return SMTPConfig{}, fmt.Errorf("notify: SMTP URL scheme %q: use smtp:// or smtps://", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port < 1 || c.Port > 65535 {
			return SMTPConfig{}, fmt.Errorf("notify: SMTP port %q is not a port number", p)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if err := c.setParams(u.Scheme, u.Query()); err != nil {
		return SMTPConfig{}, err
	}
	return c, c.validate()
}

// setParams applies the URL's query parameters.
func (c *SMTPConfig) setParams(scheme string, q url.Values) error {
	for name, vs := range q {
		v := vs[len(vs)-1]
		switch name {
		case "from":
			c.From = v
		case "auth":
			c.Auth = v
		case "helo":
			c.HELO = v
		case "ca":
			c.CAFile = v
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("notify: SMTP timeout %q: use a duration such as 30s", v)
			}
			c.Timeout = d
		case "tls":
			p, err := parseTLS(scheme, v)
			if err != nil {
				return err
			}
			c.TLS = p
		default:
			return fmt.Errorf("notify: unknown SMTP URL parameter %q (known: from, tls, timeout, auth, helo, ca)", name)
		}
	}
	return nil
}

func parseTLS(scheme, v string) (TLSPolicy, error) {
	if scheme == "smtps" {
		if v == "" || v == "implicit" || v == "tls" {
			return TLSImplicit, nil
		}
		return "", fmt.Errorf("notify: smtps:// is always TLS; tls=%q does not apply (use smtp:// for STARTTLS)", v)
	}
	switch v {
	case "starttls", "mandatory":
		return TLSMandatory, nil
	case "opportunistic":
		return TLSOpportunistic, nil
	case "none":
		return TLSNone, nil
	}
	return "", fmt.Errorf("notify: SMTP tls=%q: use starttls (mandatory), opportunistic or none", v)
}

// validate checks what every SMTPConfig needs, however it was built.
func (c SMTPConfig) validate() error {
	if c.Host == "" {
		return errors.New("notify: the SMTP server has no host")
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("notify: SMTP port %d is not a port number", c.Port)
	}
	switch c.TLS {
	case TLSMandatory, TLSOpportunistic, TLSNone, TLSImplicit:
	default:
		return fmt.Errorf("notify: unknown SMTP TLS policy %q", c.TLS)
	}
	if c.From == "" {
		return errors.New("notify: the SMTP setting needs a sender: add ?from=noreply@your.domain")
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("notify: SMTP sender %q is not an e-mail address: %w", c.From, err)
	}
	if _, err := authOption(c.Auth, c.Username); err != nil {
		return err
	}
	return nil
}

// String returns the setting as a URL with the password hidden, for the
// start-up log.
func (c SMTPConfig) String() string {
	u := url.URL{Scheme: "smtp", Host: c.Host + ":" + strconv.Itoa(c.Port)}
	q := url.Values{}
	if c.TLS == TLSImplicit {
		u.Scheme = "smtps"
	} else {
		q.Set("tls", string(c.TLS))
	}
	if c.Username != "" {
		u.User = url.UserPassword(c.Username, "xxxxx")
	}
	q.Set("from", c.From)
	for k, v := range map[string]string{"auth": c.Auth, "helo": c.HELO, "ca": c.CAFile} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if c.Timeout != DefaultSMTPTimeout && c.Timeout != 0 {
		q.Set("timeout", c.Timeout.String())
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// authOption returns the go-mail option for the configured mechanism, or
// nil when there is no user name (no SMTP AUTH).
func authOption(name, user string) (mail.Option, error) {
	if user == "" {
		if name != "" && name != "none" {
			return nil, fmt.Errorf("notify: SMTP auth=%s needs a user name in the URL", name)
		}
		return nil, nil
	}
	if name == "" || name == "auto" {
		// Opportunistic falls back to go-mail's own discovery (which
		// offers CRAM-MD5 and NTLM too) when none of these is offered.
		return mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256PLUS, mail.SMTPAuthSCRAMSHA256,
			mail.SMTPAuthSCRAMSHA1PLUS, mail.SMTPAuthSCRAMSHA1, mail.SMTPAuthPlain, mail.SMTPAuthLogin), nil
	}
	var t mail.SMTPAuthType
	if err := t.UnmarshalString(name); err != nil {
		return nil, fmt.Errorf("notify: SMTP auth=%s: %w", name, err)
	}
	switch t {
	case mail.SMTPAuthCustom, mail.SMTPAuthNoAuth, mail.SMTPAuthPlainNoEnc, mail.SMTPAuthLoginNoEnc:
		return nil, fmt.Errorf("notify: SMTP auth=%s is not allowed: it would send the password in clear or not at all", name)
	}
	return mail.WithSMTPAuth(t), nil
}

// SMTPMailer sends mail through an SMTP server with go-mail. Each Send
// opens its own connection and closes it: notices are few and come from
// one job at a time, and a connection held open would break on the
// server's idle timeout. It keeps no mutable state, so it is safe for
// concurrent use.
type SMTPMailer struct {
	cfg  SMTPConfig
	from *netmail.Address
	tls  *tls.Config
}

// NewSMTPMailer checks c and returns a mailer. It does not connect: the
// mail server may be down at start-up, and the job runner retries.
func NewSMTPMailer(c SMTPConfig) (*SMTPMailer, error) {
	if c.Timeout <= 0 {
		c.Timeout = DefaultSMTPTimeout
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	from, _ := netmail.ParseAddress(c.From)
	tc := &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("notify: SMTP CA file: %w", err)
		}
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("notify: SMTP CA file %s holds no PEM certificate", c.CAFile)
		}
	}
	return &SMTPMailer{cfg: c, from: from, tls: tc}, nil
}

// String describes the mailer for the start-up log, password hidden.
func (s *SMTPMailer) String() string { return s.cfg.String() }

// OpenMailer returns the mailer for the --smtp setting: an SMTPMailer for
// an smtp:// or smtps:// URL, or, when the setting is empty, a LogMailer
// into log (development and demonstrations).
func OpenMailer(smtpURL string, log *slog.Logger) (Mailer, error) {
	if smtpURL == "" {
		return LogMailer{Log: log}, nil
	}
	c, err := ParseSMTPURL(smtpURL)
	if err != nil {
		return nil, err
	}
	return NewSMTPMailer(c)
}

// Send delivers m to the server. An error says which step failed (connect,
// TLS, AUTH, a refused recipient, the message) with addresses masked.
//
// go-mail leaves the connection open when a step before DATA fails (a
// refused STARTTLS or AUTH), and it bounds each step by the timeout but
// does not watch ctx once connected. So Send dials through a dialer of its
// own that keeps the connections, closes them when ctx ends (a stopping
// job runner is not held up by a slow server), and closes them again when
// Send returns.
func (s *SMTPMailer) Send(ctx context.Context, m Mail) error {
	msg, err := s.message(m)
	if err != nil {
		return err
	}
	d := &dialer{implicit: s.cfg.TLS == TLSImplicit, tls: s.tls.Clone()}
	defer d.close()
	stop := context.AfterFunc(ctx, d.close)
	defer stop()
	c, err := mail.NewClient(s.cfg.Host, s.options(d)...)
	if err != nil {
		return redactErr(fmt.Errorf("notify: smtp client: %w", err))
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return redactErr(fmt.Errorf("notify: smtp %s:%d: %w", s.cfg.Host, s.cfg.Port, err))
	}
	return nil
}

// dialer opens the connections of one Send and closes them all at the end.
type dialer struct {
	implicit bool
	tls      *tls.Config

	mu    sync.Mutex
	conns []net.Conn
}

func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := &net.Dialer{}
	var c net.Conn
	var err error
	if d.implicit {
		c, err = (&tls.Dialer{NetDialer: nd, Config: d.tls}).DialContext(ctx, network, addr)
	} else {
		c, err = nd.DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.conns = append(d.conns, c)
	return c, nil
}

// close closes every connection; closing one twice is harmless.
func (d *dialer) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.conns {
		c.Close()
	}
}

// options returns the go-mail client options for one Send. For implicit
// TLS the dialer does the handshake, and WithSSL only tells go-mail not to
// try STARTTLS on top.
func (s *SMTPMailer) options(d *dialer) []mail.Option {
	opts := []mail.Option{
		mail.WithPort(s.cfg.Port),
		mail.WithTimeout(s.cfg.Timeout),
		mail.WithTLSConfig(d.tls),
		mail.WithDialContextFunc(d.dial),
	}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSMandatory:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case TLSOpportunistic:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if s.cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(s.cfg.HELO))
	}
	if s.cfg.Username != "" {
		auth, _ := authOption(s.cfg.Auth, s.cfg.Username) // checked by validate
		opts = append(opts, auth, mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	return opts
}

// message builds the MIME message. Bodies are UTF-8 in base64, which is a
// third the size of quoted-printable for Chinese text; the Subject is an
// RFC 2047 encoded word. Auto-Submitted tells mail servers and out-of-office
// responders that no human wrote it, so they do not answer it.
func (s *SMTPMailer) message(m Mail) (*mail.Msg, error) {
	if len(m.To) == 0 {
		return nil, errors.New("notify: e-mail without a recipient")
	}
	if m.Text == "" {
		return nil, errors.New("notify: e-mail without a text body")
	}
	msg := mail.NewMsg(mail.WithEncoding(mail.EncodingB64), mail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To...); err != nil {
		return nil, redactErr(fmt.Errorf("notify: e-mail recipient: %w", err))
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	if m.ID != "" {
		msg.SetMessageIDWithValue(messageID(m.ID, s.from.Address))
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// messageID derives a Message-ID from a notice's key and the sender's
// domain. The key is hashed so that whatever it holds stays out of the
// header, and the result is a valid msg-id whatever characters it has.
func messageID(id, from string) string {
	sum := sha256.Sum256([]byte(id))
	domain := "tiaojie.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	return hex.EncodeToString(sum[:16]) + ".notice@" + domain
}

// oneLine folds line breaks into spaces: a subject is one line, and a
// line break taken from data must not start a new header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
