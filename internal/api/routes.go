package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
)

// The tags that group operations in the OpenAPI document.
const (
	tagAccount  = "account"
	tagDistrict = "district"
	tagUsers    = "users"
	tagAudit    = "audit"
)

// routes declares every operation, one line each, with the permission it
// requires (deny by default: an operation without one panics at start-up).
// Services check the record-level scope again.
func (h *Handler) routes(a huma.API) {
	pub, self := tiaojie.PermPublic, tiaojie.PermSelf
	read, manage, auditRead := tiaojie.PermUsersRead, tiaojie.PermUsersManage, tiaojie.PermAuditRead
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete

	add(h, a, op(get, "/me", "get-me", tagAccount, self, "当前用户 · The caller", descMe), h.me)
	add(h, a, op(get, "/district", "get-district", tagDistrict, pub, "区县概况 · District profile", descDistrict), h.getDistrict)

	add(h, a, op(get, "/users", "list-users", tagUsers, read, "账号列表 · List accounts", descListUsers), h.listUsers)
	add(h, a, created(op(post, "/users", "create-user", tagUsers, manage, "创建账号 · Create an account", descCreateUser)), h.createUser)
	add(h, a, op(get, "/users/{id}", "get-user", tagUsers, read, "查看账号 · Get an account", descGetUser), h.getUser)
	add(h, a, op(put, "/users/{id}/grants", "set-user-grants", tagUsers, manage, "设置角色 · Set roles", descSetGrants), h.setGrants)
	add(h, a, op(post, "/users/{id}/password", "reset-user-password", tagUsers, manage, "重置密码 · Reset the password", descResetPassword), h.resetPassword)
	add(h, a, op(post, "/users/{id}/status", "set-user-status", tagUsers, manage, "启用或停用 · Enable or disable", descSetStatus), h.setStatus)
	add(h, a, op(del, "/users/{id}/totp", "reset-user-totp", tagUsers, manage, "重置双因素 · Reset the second factor", descResetTOTP), h.resetTOTP)

	add(h, a, op(get, "/audit", "search-audit", tagAudit, auditRead, "检索审计日志 · Search the audit trail", descSearchAudit), h.searchAudit)
	add(h, a, op(post, "/audit/verify", "verify-audit", tagAudit, auditRead, "校验审计链 · Verify the audit chain", descVerifyAudit), h.verifyAudit)

	add(h, a, op(get, "/tokens", "list-tokens", tagAccount, self, "我的 API 令牌 · My API tokens", descListTokens), h.listTokens)
	add(h, a, created(op(post, "/tokens", "create-token", tagAccount, self, "创建 API 令牌 · Create an API token", descCreateToken)), h.createToken)
	add(h, a, op(del, "/tokens/{id}", "revoke-token", tagAccount, self, "吊销 API 令牌 · Revoke an API token", descRevokeToken), h.revokeToken)
}

// op describes an operation: its permission goes into the metadata, where
// the middleware and the route table read it, and into the document as
// x-permission, beside the security schemes that may call it.
func op(method, path, id, tag string, perm tiaojie.Permission, summary, desc string) huma.Operation {
	o := huma.Operation{
		Method: method, Path: path, OperationID: id, Tags: []string{tag}, Summary: summary,
		Description:  desc + "\n\n权限 Permission: `" + string(perm) + "`",
		Metadata:     map[string]any{metaPermission: perm},
		Extensions:   map[string]any{"x-permission": string(perm)},
		MaxBodyBytes: maxBody,
	}
	if perm != tiaojie.PermPublic {
		o.Security = []map[string][]string{{"bearer": {}}, {"session": {}}}
		o.Errors = []int{http.StatusUnauthorized, http.StatusForbidden}
	}
	if strings.Contains(path, "{id}") {
		o.Errors = append(o.Errors, http.StatusNotFound) // missing, or outside the caller's scope
	}
	return o
}

// created marks an operation that answers 201 Created; huma answers 200
// for the others with a body and 204 for those without.
func created(o huma.Operation) huma.Operation {
	o.DefaultStatus = http.StatusCreated
	return o
}

// add registers an operation whose handler returns the services' errors;
// they become problems in the request's language.
func add[I, O any](h *Handler, a huma.API, o huma.Operation, f func(context.Context, *I) (*O, error)) {
	huma.Register(a, o, func(ctx context.Context, in *I) (*O, error) {
		out, err := f(ctx, in)
		if err != nil {
			return nil, h.problem(ctx, err)
		}
		return out, nil
	})
}

// body is the output of an operation that answers with a JSON body.
type body[T any] struct {
	Body T
}

// none is the input of an operation without parameters, and the output of
// one that answers 204 No Content.
type none struct{}

// The operations' descriptions, Chinese first.
const (
	descMe            = "返回调用者的账号、角色（含范围）与是否通过双因素认证；使用 API 令牌时还列出令牌的权限。\n\nThe caller's account, roles with their scope and whether the second factor was passed; with an API token, also the token's scopes."
	descDistrict      = "区县名称、区司法局及各乡镇（代码、名称、类型）。无需登录。\n\nThe district's name, justice bureau and townships (code, name, kind). No login needed."
	descListUsers     = "按调用者的范围列出账号：区司法局与系统管理员看到全部，司法所看到本乡镇，调解组织管理员看到本组织。手机号已脱敏。\n\nAccounts within the caller's scope: the district bureau and administrators see all, a township office its township, an organization admin its organization. Phone numbers are masked."
	descCreateUser    = "创建账号。密码由管理员设定，用户首次登录时必须修改。成功返回 201、账号编号与 Location。\n\nCreates an account. The administrator sets the password, which the user must change at first login. Answers 201 with the ID and a Location header."
	descGetUser       = "查看一个账号。超出调用者范围的账号返回 404，不透露其是否存在。\n\nOne account. An account outside the caller's scope answers 404, so its existence does not leak."
	descSetGrants     = "以整组替换账号的角色；三员分立规则按整组检查。用户的会话随即结束。\n\nReplaces the account's roles as a whole; the separation of duties is checked on the full set. The user's sessions end."
	descResetPassword = "设定新密码，用户下次登录时必须修改；用户的会话随即结束。\n\nSets a new password that the user must change at next login; the user's sessions end."
	descSetStatus     = "启用或停用账号。停用立即结束该账号的全部会话；不能停用自己。\n\nEnables or disables the account. Disabling ends all its sessions at once; no one can disable themselves."
	descResetTOTP     = "移除账号的身份验证器（如手机丢失），用户下次登录时重新绑定。\n\nRemoves the account's authenticator (a lost phone); the user enrols again at next login."
	descSearchAudit   = "按条件检索审计日志，最新在前；用 next 作为 before 翻页。检索本身也记入审计日志。\n\nSearches the audit trail, newest first; pass next as before for the following page. The search itself is audited."
	descVerifyAudit   = "逐行校验审计日志的 HMAC-SM3 链，报告第一处被删除、篡改或截断的位置。\n\nVerifies the audit trail's HMAC-SM3 chain row by row and reports where rows were deleted, edited or truncated."
	descListTokens    = "调用者的 API 令牌（不含密钥），最新在前。\n\nThe caller's API tokens (without secrets), newest first."
	descCreateToken   = "创建 API 令牌。权限只能是调用者自己拥有的；密钥只在此次响应中出现一次。只能在网页登录会话中创建，令牌不能再创建令牌。\n\nCreates an API token with a subset of the caller's own permissions. The secret appears once, in this response. Only a login session can create tokens; a token cannot."
	descRevokeToken   = "吊销调用者自己的一个 API 令牌，立即生效。\n\nRevokes one of the caller's own API tokens, at once."
)
