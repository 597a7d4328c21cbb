package auth

import (
	"context"

	"tiaojie"
)

type principalKey struct{}

// WithPrincipal returns a context carrying the caller, set once per request
// by the server's authentication middleware.
func WithPrincipal(ctx context.Context, p *tiaojie.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller stored in ctx, or the anonymous
// principal when there is none.
func PrincipalFrom(ctx context.Context) *tiaojie.Principal {
	if p, ok := ctx.Value(principalKey{}).(*tiaojie.Principal); ok && p != nil {
		return p
	}
	return tiaojie.Anonymous()
}
