package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpServer is a real SMTP server (emersion/go-smtp) on a loopback port
// that keeps what it receives in memory. Tests talk to it through the real
// client code: go-mail, sockets, EHLO, STARTTLS, AUTH and DATA.
type smtpServer struct {
	Host string
	Port int
	// CAFile is the PEM file of the server's self-signed certificate when
	// it was started with TLS.
	CAFile string

	opts serverOptions

	mu       sync.Mutex
	got      []received
	failData int
}

// received is one message as the server saw it.
type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool // the session was encrypted
}

// serverOptions choose how the test server behaves.
type serverOptions struct {
	User, Pass string // "" means no AUTH offered and none required
	StartTLS   bool   // offer STARTTLS with a self-signed certificate
	Implicit   bool   // TLS from the first byte (smtps)
	// RejectRcpt is refused at RCPT with a 550 that quotes the address,
	// as real servers do.
	RejectRcpt string
	// Stall, when set, makes DATA hang until the channel is closed, as a
	// server that stopped answering would.
	Stall chan struct{}
}

// startSMTP starts a server and stops it when the test ends, waiting for
// every connection's goroutine to return.
func startSMTP(t *testing.T, o serverOptions) *smtpServer {
	t.Helper()
	s := &smtpServer{opts: o}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, tls: isTLS, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback only; TLS tests check the real path
	srv.ReadTimeout = 5 * time.Second
	srv.WriteTimeout = 5 * time.Second
	srv.ErrorLog = log.New(t.Output(), "smtp server: ", 0)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.StartTLS || o.Implicit {
		cfg, caFile := selfSigned(t)
		s.CAFile = caFile
		if o.Implicit {
			l = tls.NewListener(l, cfg)
		} else {
			srv.TLSConfig = cfg
		}
	}
	addr := l.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("stop the SMTP server: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("SMTP server: %v", err)
		}
	})
	return s
}

// Addr returns host:port.
func (s *smtpServer) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// FailData makes the next n DATA commands fail with a temporary 451.
func (s *smtpServer) FailData(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failData = n
}

// Received returns the messages accepted so far.
func (s *smtpServer) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

// session is one SMTP connection.
type session struct {
	s    *smtpServer
	conn *smtp.Conn
	tls  bool
	auth bool
	from string
	to   []string
}

func (z *session) AuthMechanisms() []string {
	if z.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (z *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != z.s.opts.User || pass != z.s.opts.Pass {
			return smtp.ErrAuthFailed
		}
		z.auth = true
		return nil
	}), nil
}

func (z *session) Mail(from string, _ *smtp.MailOptions) error {
	if z.s.opts.User != "" && !z.auth {
		return smtp.ErrAuthRequired
	}
	z.from = from
	return nil
}

func (z *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == z.s.opts.RejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: user unknown"}
	}
	z.to = append(z.to, to)
	return nil
}

func (z *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if z.s.opts.Stall != nil {
		<-z.s.opts.Stall
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "stalled"}
	}
	z.s.mu.Lock()
	defer z.s.mu.Unlock()
	if z.s.failData > 0 {
		z.s.failData--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	_, isTLS := z.conn.TLSConnectionState()
	z.s.got = append(z.s.got, received{From: z.from, To: z.to, Data: b, TLS: isTLS || z.tls})
	return nil
}

func (z *session) Reset()        { z.from, z.to = "", nil }
func (z *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and writes it, as its own
// CA, to a PEM file for the client's ca= parameter.
func selfSigned(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "tiaojie test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, caFile
}
