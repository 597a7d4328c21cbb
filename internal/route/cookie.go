package route

import (
	"net/http"
	"time"
)

// The session cookie. Under TLS it carries the __Host- prefix, which makes
// the browser insist on Secure, Path=/ and no Domain (SECURITY.md
// AUTH-10); plain HTTP (development, or TLS ended at a 国密 gateway
// in front) cannot use the prefix.
const (
	sessionCookie       = "tiaojie_session"
	secureSessionCookie = "__Host-tiaojie_session"
	// LangCookie remembers the language the user chose with the switch.
	LangCookie = "lang"
)

// SessionToken returns the session token sent with the request, or "".
func SessionToken(r *http.Request) string {
	for _, name := range []string{secureSessionCookie, sessionCookie} {
		if c, err := r.Cookie(name); err == nil && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

// SetSession sends the session cookie: HttpOnly so scripts cannot read it,
// SameSite=Lax against cross-site posts, Secure under TLS. It has no
// Expires: the server decides when a session ends.
func SetSession(w http.ResponseWriter, token string, secure bool) {
	name := sessionCookie
	if secure {
		name = secureSessionCookie
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// ClearSession removes the session cookie.
func ClearSession(w http.ResponseWriter, secure bool) {
	name := sessionCookie
	if secure {
		name = secureSessionCookie
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}
