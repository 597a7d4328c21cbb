package api

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
)

// user is an account as the administration pages show it: the phone only
// masked (auth.User never holds it in clear).
type user struct {
	ID          int64      `json:"id"`
	Login       string     `json:"login"`
	DisplayName string     `json:"display_name"`
	Email       string     `json:"email"`
	PhoneMasked string     `json:"phone_masked" doc:"脱敏手机号，如 138****5678 Masked phone, e.g. 138****5678"`
	Status      string     `json:"status" enum:"active,disabled"`
	Grants      []grant    `json:"grants" doc:"角色及范围 Roles with their scope"`
	TOTPEnabled bool       `json:"totp_enabled" doc:"是否已绑定身份验证器 Whether an authenticator is enrolled"`
	MustChange  bool       `json:"must_change_password" doc:"下次登录须修改密码 Must choose a new password at next login"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

func userOut(u *auth.User) user {
	return user{ID: u.ID, Login: u.Login, DisplayName: u.DisplayName, Email: u.Email, PhoneMasked: u.PhoneMasked,
		Status: u.Status, Grants: grantsOut(u.Grants), TOTPEnabled: u.TOTPEnabled, MustChange: u.MustChange,
		LockedUntil: utc(u.LockedUntil), LastLoginAt: utc(u.LastLoginAt), CreatedAt: u.CreatedAt.UTC()}
}

// userList is one page of accounts and the number of all matches.
type userList struct {
	Items []user `json:"items"`
	Total int    `json:"total"`
}

type listUsersInput struct {
	Query  string   `query:"q" maxLength:"64" doc:"登录名或姓名的一部分 Part of the login or name"`
	Role   roleName `query:"role"`
	Offset int      `query:"offset" minimum:"0" doc:"跳过的条数 Rows to skip"`
	Limit  int      `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50 Page size; default 50"`
}

func (h *Handler) listUsers(ctx context.Context, in *listUsersInput) (*body[userList], error) {
	f := auth.UserFilter{Query: in.Query, Role: tiaojie.Role(in.Role), Offset: in.Offset, Limit: in.Limit}
	us, total, err := h.auth.ListUsers(ctx, auth.PrincipalFrom(ctx), f)
	if err != nil {
		return nil, err
	}
	out := userList{Items: make([]user, 0, len(us)), Total: total}
	for _, u := range us {
		out.Items = append(out.Items, userOut(u))
	}
	return &body[userList]{Body: out}, nil
}

func (h *Handler) getUser(ctx context.Context, in *idPath) (*body[user], error) {
	u, err := h.auth.GetUser(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[user]{Body: userOut(u)}, nil
}

// newUser is the request to create an account. The schema only bounds
// sizes; the service checks the rules and names each field it refuses.
type newUser struct {
	Login       string  `json:"login" maxLength:"64" doc:"登录名：3–32 个小写字母、数字或 . _ - Login: 3–32 lower-case letters, digits or . _ -"`
	DisplayName string  `json:"display_name" maxLength:"200" doc:"姓名 Display name"`
	Email       string  `json:"email,omitempty" maxLength:"254"`
	Phone       string  `json:"phone,omitempty" maxLength:"32" doc:"大陆手机号，存储时加密 Mainland mobile number, stored encrypted"`
	Password    string  `json:"password" maxLength:"1024" doc:"初始密码，用户首次登录须修改 Initial password, to be changed at first login"`
	Grants      []grant `json:"grants" maxItems:"32" doc:"角色及范围 Roles with their scope"`
}

type createUserInput struct {
	Body newUser
}

// createdUser is the answer to a created account.
type createdUser struct {
	Location string `header:"Location" doc:"新账号的地址 The new account's URL"`
	Body     createdID
}

// createdID is the ID of a new record.
type createdID struct {
	ID int64 `json:"id"`
}

func (h *Handler) createUser(ctx context.Context, in *createUserInput) (*createdUser, error) {
	b := in.Body
	id, err := h.auth.CreateUser(ctx, auth.PrincipalFrom(ctx), auth.NewUser{
		Login: b.Login, DisplayName: b.DisplayName, Email: b.Email, Phone: b.Phone, Password: b.Password,
		Grants: grantsIn(b.Grants), MustChange: true,
	})
	if err != nil {
		return nil, err
	}
	return &createdUser{Location: Prefix + "/users/" + strconv.FormatInt(id, 10), Body: createdID{ID: id}}, nil
}

// grantSet is the full set of an account's roles.
type grantSet struct {
	Grants []grant `json:"grants" maxItems:"32"`
}

type setGrantsInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"账号编号 Account ID"`
	Body grantSet
}

func (h *Handler) setGrants(ctx context.Context, in *setGrantsInput) (*none, error) {
	return done(h.auth.SetGrants(ctx, auth.PrincipalFrom(ctx), in.ID, grantsIn(in.Body.Grants)))
}

// newPassword is a password chosen by an administrator.
type newPassword struct {
	Password string `json:"password" maxLength:"1024"`
}

type resetPasswordInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"账号编号 Account ID"`
	Body newPassword
}

func (h *Handler) resetPassword(ctx context.Context, in *resetPasswordInput) (*none, error) {
	return done(h.auth.ResetPassword(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Password))
}

// accountStatus enables or disables an account.
type accountStatus struct {
	Active bool `json:"active" doc:"true 启用，false 停用 true enables, false disables"`
}

type setStatusInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"账号编号 Account ID"`
	Body accountStatus
}

func (h *Handler) setStatus(ctx context.Context, in *setStatusInput) (*none, error) {
	return done(h.auth.SetStatus(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Active))
}

func (h *Handler) resetTOTP(ctx context.Context, in *idPath) (*none, error) {
	return done(h.auth.ResetTOTP(ctx, auth.PrincipalFrom(ctx), in.ID))
}
