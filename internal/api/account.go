package api

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
)

// grant is one role with its scope, as the API reads and writes it.
type grant struct {
	Role     roleName `json:"role"`
	Township string   `json:"township,omitempty" maxLength:"32" doc:"乡镇代码（司法所角色必填）Township code, for township_office"`
	OrgID    int64    `json:"org_id,omitempty" doc:"调解组织编号（组织角色必填）Organization ID, for mediator and org_admin"`
}

// roleName is a tiaojie.Role in a request or response; its schema lists
// the roles, so the document shows them and huma refuses others.
type roleName string

// Schema returns the enumeration of the roles, in the pages' order.
func (roleName) Schema(huma.Registry) *huma.Schema {
	s := &huma.Schema{Type: huma.TypeString, Description: "角色 Role"}
	for _, r := range tiaojie.Roles() {
		s.Enum = append(s.Enum, string(r))
	}
	return s
}

func grantsOut(gs []tiaojie.Grant) []grant {
	out := make([]grant, 0, len(gs))
	for _, g := range gs {
		out = append(out, grant{Role: roleName(g.Role), Township: g.Township, OrgID: g.OrgID})
	}
	return out
}

func grantsIn(gs []grant) []tiaojie.Grant {
	out := make([]tiaojie.Grant, 0, len(gs))
	for _, g := range gs {
		out = append(out, tiaojie.Grant{Role: tiaojie.Role(g.Role), Township: g.Township, OrgID: g.OrgID})
	}
	return out
}

// utc returns t in UTC, or nil for the zero time (JSON leaves it out).
func utc(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// me is the caller.
type me struct {
	ID     int64    `json:"id"`
	Login  string   `json:"login" doc:"登录名（手机登录的公众为空）Login; empty for the public, who log in by phone"`
	Name   string   `json:"name" doc:"姓名 Display name"`
	Roles  []grant  `json:"roles" doc:"本次登录的角色及范围 Roles of this login, with their scope"`
	MFA    bool     `json:"mfa" doc:"是否通过双因素认证 Whether the second factor was passed"`
	Scopes []string `json:"scopes,omitempty" doc:"API 令牌的权限（仅令牌）Scopes of the API token, if one is used"`
}

func (h *Handler) me(ctx context.Context, _ *none) (*body[me], error) {
	p := auth.PrincipalFrom(ctx)
	u, err := h.auth.GetUser(ctx, p, p.UserID)
	if err != nil {
		return nil, err
	}
	out := me{ID: p.UserID, Login: u.Login, Name: u.DisplayName, Roles: grantsOut(p.Grants), MFA: p.MFA}
	for _, s := range p.Scopes { // a token's principal repeats self
		if !slices.Contains(out.Scopes, string(s)) {
			out.Scopes = append(out.Scopes, string(s))
		}
	}
	return &body[me]{Body: out}, nil
}

// districtProfile is the public part of tiaojie.District.
type districtProfile struct {
	Code      string     `json:"code" doc:"行政区划代码 Division code"`
	Name      string     `json:"name"`
	NameEn    string     `json:"name_en"`
	City      string     `json:"city"`
	Bureau    unit       `json:"bureau" doc:"区司法局 The district justice bureau"`
	Townships []township `json:"townships"`
}

// unit is a public body with its contact details.
type unit struct {
	Name    string `json:"name"`
	NameEn  string `json:"name_en"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
}

// township is a township-level division.
type township struct {
	Code   string `json:"code" doc:"9 位乡镇代码 9-digit township code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Kind   string `json:"kind" enum:"town,township,subdistrict" doc:"镇、乡或街道 Town, township or subdistrict"`
}

func (h *Handler) getDistrict(context.Context, *none) (*body[districtProfile], error) {
	d := h.district
	b := d.Bureau
	out := districtProfile{Code: d.Code, Name: d.Name, NameEn: d.NameEn, City: d.City,
		Bureau:    unit{Name: b.Name, NameEn: b.NameEn, Address: b.Address, Phone: b.Phone},
		Townships: make([]township, 0, len(d.Townships))}
	for _, t := range d.Townships {
		out.Townships = append(out.Townships, township{Code: t.Code, Name: t.Name, NameEn: t.NameEn, Kind: t.Kind})
	}
	return &body[districtProfile]{Body: out}, nil
}

// token is an API token as its owner sees it: never its secret.
type token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix" doc:"密钥开头，用于辨认 The start of the secret, to recognize it"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

func tokenOut(t auth.Token) token {
	out := token{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Scopes: make([]string, 0, len(t.Scopes)),
		CreatedAt: t.CreatedAt.UTC(), ExpiresAt: utc(t.ExpiresAt), LastUsedAt: utc(t.LastUsedAt), RevokedAt: utc(t.RevokedAt)}
	for _, s := range t.Scopes {
		out.Scopes = append(out.Scopes, string(s))
	}
	return out
}

// tokenList is the caller's tokens.
type tokenList struct {
	Items []token `json:"items"`
}

func (h *Handler) listTokens(ctx context.Context, _ *none) (*body[tokenList], error) {
	ts, err := h.auth.Tokens(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := tokenList{Items: make([]token, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, tokenOut(t))
	}
	return &body[tokenList]{Body: out}, nil
}

// newToken is the request to create a token.
type newToken struct {
	Name          string   `json:"name" maxLength:"200" doc:"用途，1–64 个字符 What the token is for, 1–64 characters"`
	Scopes        []string `json:"scopes" maxItems:"16" doc:"权限，须为调用者自己拥有的，如 users.read Permissions, a subset of the caller's own, e.g. users.read"`
	ExpiresInDays int      `json:"expires_in_days,omitempty" minimum:"0" maximum:"366" doc:"有效天数，0 或省略表示不过期 Lifetime in days; 0 or absent: no expiry"`
}

// createdToken is a new token with its secret, shown this once.
type createdToken struct {
	ID        int64      `json:"id" doc:"令牌编号，吊销时使用 Token ID, to revoke it"`
	Prefix    string     `json:"prefix" doc:"密钥开头，列表中据此辨认 The start of the secret, as the list shows it"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	Token     string     `json:"token" doc:"密钥，仅显示这一次 The secret, shown only this once"`
}

type createTokenInput struct {
	Body newToken
}

func (h *Handler) createToken(ctx context.Context, in *createTokenInput) (*body[createdToken], error) {
	p := auth.PrincipalFrom(ctx)
	scopes := make([]tiaojie.Permission, 0, len(in.Body.Scopes))
	for _, s := range in.Body.Scopes {
		scopes = append(scopes, tiaojie.Permission(s))
	}
	ttl := time.Duration(in.Body.ExpiresInDays) * 24 * time.Hour
	secret, err := h.auth.CreateToken(ctx, p, in.Body.Name, scopes, ttl)
	if err != nil {
		return nil, renameField(err, "expires", "expires_in_days")
	}
	ts, err := h.auth.Tokens(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, t := range ts { // newest first: the one just made
		if strings.HasPrefix(secret, t.Prefix) {
			return &body[createdToken]{Body: createdToken{ID: t.ID, Prefix: t.Prefix, ExpiresAt: utc(t.ExpiresAt), Token: secret}}, nil
		}
	}
	return nil, tiaojie.Internalf("api: new token not listed")
}

// idPath is the input of an operation on one record.
type idPath struct {
	ID int64 `path:"id" minimum:"1" doc:"编号 ID"`
}

func (h *Handler) revokeToken(ctx context.Context, in *idPath) (*none, error) {
	return done(h.auth.RevokeToken(ctx, auth.PrincipalFrom(ctx), in.ID))
}

// done is the answer of an operation without a body: 204, or the error.
func done(err error) (*none, error) {
	if err != nil {
		return nil, err
	}
	return &none{}, nil
}
