package route

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"tiaojie/internal/i18n"
)

type langKey struct{}

// WithLang returns a context carrying the request's language.
func WithLang(ctx context.Context, l i18n.Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// LangFrom returns the request's language, Chinese by default.
func LangFrom(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey{}).(i18n.Lang); ok {
		return l
	}
	return i18n.Zh
}

// ClientIP returns the address of the client. X-Forwarded-For is believed
// only when the direct peer is one of the trusted proxies (the intranet's
// load balancer); otherwise anyone could write any address into the audit
// trail (SECURITY.md AC-07).
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !contains(trusted, peer) {
		return host
	}
	// Walk the chain from the right, skipping our own proxies.
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !contains(trusted, a) {
			return a.String()
		}
	}
	return host
}

func contains(prefixes []netip.Prefix, a netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// Allowed reports whether the request's direct peer is in one of prefixes.
func Allowed(r *http.Request, prefixes []netip.Prefix) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	return err == nil && contains(prefixes, a)
}
