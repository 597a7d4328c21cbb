package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/files"
)

// The tags that group operations in the OpenAPI document.
const (
	tagAccount  = "account"
	tagDistrict = "district"
	tagUsers    = "users"
	tagAudit    = "audit"

	tagDirectory = "directory"
	tagOrgs      = "orgs"
	tagMediators = "mediators"
	tagContent   = "content"
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

	h.directoryRoutes(a)
	h.registryRoutes(a)
	h.rosterRoutes(a)
	h.trainingRoutes(a) // api_training.go
	h.settingsRoutes(a) // api_settings.go
	h.contentRoutes(a)
	h.orgNewsRoutes(a) // api_orgnews.go: organizations' news and the bureau's review (C13)
	h.caseRoutes(a)    // api_cases.go

	h.ratingRoutes(a) // api_rating.go: star rating (C7)

	h.supervisionRoutes(a) // api_supervision.go
	h.incubationRoutes(a)  // api_incubation.go: incubation (C6)

	h.disclosureRoutes(a)     // api_disclosure.go: information disclosure (C8)
	h.expertRoutes(a)         // api_experts.go: the expert pool (C11)
	h.complaintRoutes(a)      // api_complaints.go: complaints (C8/C10) and the industry association (C10)
	h.trainingCourseRoutes(a) // api_training_courses.go: unified training and mentoring (C11)

	h.fundingRoutes(a) // api_funding.go: funding and venture rounds (C11)

	h.planRoutes(a)  // api_plan.go: the rollout plan (C14)
	h.statsRoutes(a) // api_stats.go: statistics dashboards and reports (C15)

	// api_procurement.go: government procurement of mediation services (C9).
	h.procurementRoutes(a)
	h.partnerRoutes(a) // api_partners.go: partner agencies and joint meetings (C12)
}

// directoryRoutes declares the public operations: no login, limited per
// client address (ratelimit.go). They answer as the public sees the
// platform, whoever calls.
func (h *Handler) directoryRoutes(a huma.API) {
	pub, get := tiaojie.PermPublic, http.MethodGet
	add(h, a, op(get, "/directory/orgs", "search-orgs", tagDirectory, pub, "检索调解组织 · Search organizations", descSearchOrgs), h.orgDirectory)
	add(h, a, op(get, "/featured", "list-featured-orgs", tagDirectory, pub, "选树推荐的调解组织 · Featured organizations", descFeatured), h.featured)
	add(h, a, op(get, "/orgs/{id}", "get-public-org", tagDirectory, pub, "调解组织公开信息 · An organization's public page", descPublicOrg), h.publicOrg)
	add(h, a, op(get, "/orgs/{id}/mediators", "list-org-mediators", tagDirectory, pub, "调解组织的调解员 · An organization's mediators", descOrgMediators), h.orgMediators)
	add(h, a, op(get, "/orgs/{id}/fee", "quote-fee", tagDirectory, pub, "计算调解费 · Compute a fee", descFeeQuote), h.feeQuote)
	add(h, a, binary(op(get, "/orgs/{id}/documents/{doc}", "get-public-document", tagDirectory, pub, "下载公开文件 · Download a public document", descPublicDocument), docTypes...), h.publicDocument)
	add(h, a, op(get, "/directory/mediators", "search-mediators", tagDirectory, pub, "检索调解员 · Search mediators", descSearchMediators), h.mediatorDirectory)
	add(h, a, op(get, "/mediators/{id}", "get-public-mediator", tagDirectory, pub, "调解员公开信息 · A mediator's public page", descPublicMediator), h.publicMediator)
	add(h, a, op(get, "/news", "list-news", tagDirectory, pub, "联盟新闻与活动 · News and events", descListNews), h.listNews)
	add(h, a, op(get, "/news/{id}", "get-news", tagDirectory, pub, "阅读文章 · Read an article", descGetNews), h.getNews)
	add(h, a, op(get, "/taxonomy", "get-taxonomy", tagDirectory, pub, "分类代码 · Taxonomies", descTaxonomy), h.taxonomy)
	add(h, a, binary(op(get, "/files/{key}", "get-public-file", tagDirectory, pub, "公开图片 · A public picture", descPublicFile), imageTypes...), h.publicFile)
}

// registryRoutes declares the staff operations on the register. Each
// needs the permission that the service checks first (and that the staff
// page doing the same thing declares); the service then checks the scope.
func (h *Handler) registryRoutes(a huma.API) {
	read, create, edit := tiaojie.PermOrgsRead, tiaojie.PermOrgsCreate, tiaojie.PermOrgsEdit
	lifecycle, feature := tiaojie.PermOrgsLifecycle, tiaojie.PermOrgsFeature
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete

	add(h, a, op(get, "/staff/orgs", "list-orgs", tagOrgs, read, "调解组织列表 · List organizations", descListOrgs), h.listOrgs)
	add(h, a, created(op(post, "/staff/orgs", "create-org", tagOrgs, create, "新建调解组织（筹建）· Open an organization", descCreateOrg)), h.createOrg)
	add(h, a, op(get, "/staff/orgs/{id}", "get-org", tagOrgs, read, "查看调解组织 · Get an organization", descGetOrg), h.getOrg)
	add(h, a, op(put, "/staff/orgs/{id}", "update-org", tagOrgs, edit, "修改调解组织信息 · Update an organization", descUpdateOrg), h.updateOrg)
	add(h, a, op(post, "/staff/orgs/{id}/actions", "act-on-org", tagOrgs, lifecycle, "生命周期步骤 · Take a lifecycle step", descAct), h.act)
	add(h, a, op(get, "/staff/orgs/{id}/history", "get-org-history", tagOrgs, read, "生命周期记录 · Lifecycle history", descOrgHistory), h.orgHistory)
	add(h, a, op(put, "/staff/orgs/{id}/registration", "set-org-registration", tagOrgs, edit, "登记信息 · Set the registration", descSetRegistration), h.setRegistration)
	add(h, a, op(get, "/staff/orgs/{id}/prereview", "get-org-prereview", tagOrgs, read, "前置审查材料 · Pre-review materials", descGetPrereview), h.getPrereview)
	add(h, a, larger(op(put, "/staff/orgs/{id}/prereview", "set-org-prereview", tagOrgs, edit, "填写前置审查材料 · Save pre-review materials", descSetPrereview), 256<<10), h.setPrereview)
	add(h, a, op(get, "/staff/prereview", "list-prereview-queue", tagOrgs, lifecycle, "待审查申请 · Pre-review queue", descQueue), h.prereviewQueue)
	add(h, a, op(get, "/staff/orgs/{id}/documents", "list-org-documents", tagOrgs, read, "组织文件 · Documents", descListDocuments), h.listDocuments)
	add(h, a, binary(op(get, "/staff/orgs/{id}/documents/{doc}", "get-org-document", tagOrgs, read, "下载文件 · Download a document", descOpenDocument), docTypes...), h.openDocument)
	add(h, a, op(get, "/staff/orgs/{id}/fees", "list-org-fees", tagOrgs, read, "收费标准（含草稿）· Fee standards", descListFees), h.listFees)
	add(h, a, op(post, "/staff/orgs/{id}/fees", "save-org-fee", tagOrgs, edit, "保存收费标准草稿 · Save a fee draft", descSaveFee), h.saveFee)
	add(h, a, op(post, "/staff/orgs/{id}/fees/{version}/publish", "publish-org-fee", tagOrgs, edit, "公布收费标准 · Publish a fee standard", descPublishFee), h.publishFee)
	add(h, a, op(get, "/staff/orgs/{id}/services", "list-org-services", tagOrgs, read, "服务清单 · Service list", descListServices), h.listServices)
	add(h, a, created(op(post, "/staff/orgs/{id}/services", "add-org-service", tagOrgs, edit, "添加服务项目 · Add a service", descAddService)), h.addService)
	add(h, a, op(put, "/staff/orgs/{id}/services/{service}", "update-org-service", tagOrgs, edit, "修改服务项目 · Update a service", descUpdateService), h.updateService)
	add(h, a, op(del, "/staff/orgs/{id}/services/{service}", "delete-org-service", tagOrgs, edit, "删除服务项目 · Delete a service", descDeleteService), h.deleteService)
	add(h, a, op(put, "/staff/orgs/{id}/featured", "set-org-featured", tagOrgs, feature, "选树推荐 · Feature an organization", descSetFeatured), h.setFeatured)
}

// rosterRoutes declares the staff operations on the mediator roster.
func (h *Handler) rosterRoutes(a huma.API) {
	read, edit, status := tiaojie.PermMediatorsRead, tiaojie.PermMediatorsEdit, tiaojie.PermMediatorsStatus
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut

	add(h, a, op(get, "/staff/mediators", "list-mediators", tagMediators, read, "调解员名册 · List mediators", descListMediators), h.listMediators)
	add(h, a, created(op(post, "/staff/mediators", "create-mediator", tagMediators, edit, "登记调解员 · Add a mediator", descCreateMediator)), h.createMediator)
	add(h, a, op(get, "/staff/mediators/{id}", "get-mediator", tagMediators, read, "查看调解员 · Get a mediator", descGetMediator), h.getMediator)
	add(h, a, op(put, "/staff/mediators/{id}", "update-mediator", tagMediators, edit, "修改调解员 · Update a mediator", descUpdateMediator), h.updateMediator)
	add(h, a, op(post, "/staff/mediators/{id}/status", "set-mediator-status", tagMediators, status, "暂停、恢复或除名 · Suspend, reinstate or remove", descMediatorStatus), h.setMediatorStatus)
	add(h, a, op(post, "/staff/mediators/{id}/reveal", "reveal-mediator-id-number", tagMediators, read, "查看完整身份证号码 · Reveal the identity number", descReveal), h.revealIDNumber)
	add(h, a, op(get, "/staff/mediators/{id}/history", "get-mediator-history", tagMediators, read, "状态变更记录 · Status history", descMediatorHistory), h.mediatorHistory)
}

// contentRoutes declares the bureau's editing of the alliance's content.
func (h *Handler) contentRoutes(a huma.API) {
	edit := tiaojie.PermContentEdit
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	const pictures = "/staff/articles/{id}/pictures"

	add(h, a, op(get, "/staff/articles", "list-articles", tagContent, edit, "全部文章 · List articles", descListArticles), h.listArticles)
	add(h, a, created(larger(op(post, "/staff/articles", "create-article", tagContent, edit, "新建文章 · Create an article", descCreateArticle), 256<<10)), h.createArticle)
	add(h, a, op(get, "/staff/articles/{id}", "get-article", tagContent, edit, "查看文章 · Get an article", descGetArticle), h.getArticle)
	add(h, a, larger(op(put, "/staff/articles/{id}", "update-article", tagContent, edit, "修改文章 · Update an article", descUpdateArticle), 256<<10), h.updateArticle)
	add(h, a, op(post, "/staff/articles/{id}/status", "set-article-status", tagContent, edit, "发布、撤回或归档 · Publish, unpublish or archive", descArticleStatus), h.setArticleStatus)
	add(h, a, created(h.upload(a, op(post, pictures, "add-article-picture", tagContent, edit, "添加图片 · Add a picture", descAddPicture), files.Image())), h.addArticlePicture)
	add(h, a, binary(op(get, pictures+"/{picture}", "get-article-picture", tagContent, edit, "读取图片 · Get a picture", descGetPicture), imageTypes...), h.getArticlePicture)
	add(h, a, op(del, pictures+"/{picture}", "remove-article-picture", tagContent, edit, "删除图片 · Remove a picture", descRemovePicture), h.removeArticlePicture)
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
	if strings.Contains(path, "{") {
		o.Errors = append(o.Errors, http.StatusNotFound) // missing, or outside the caller's scope
	}
	if perm == tiaojie.PermPublic {
		o.Errors = append(o.Errors, http.StatusTooManyRequests) // ratelimit.go
	}
	return o
}

// larger raises an operation's body limit above maxBody, for long texts
// (the server's own limit still applies).
func larger(o huma.Operation, limit int64) huma.Operation {
	o.MaxBodyBytes = limit
	return o
}

// The content types of downloads.
var (
	docTypes   = []string{"application/pdf", "image/png", "image/jpeg"}
	imageTypes = []string{"image/png", "image/jpeg"}
)

// binary marks an operation that answers with a file of one of the types
// rather than JSON (its output is a download).
func binary(o huma.Operation, types ...string) huma.Operation {
	r := &huma.Response{Description: "文件内容 The file's bytes", Content: map[string]*huma.MediaType{}}
	for _, t := range types {
		r.Content[t] = &huma.MediaType{Schema: &huma.Schema{Type: huma.TypeString, ContentEncoding: "binary"}}
	}
	o.Responses = map[string]*huma.Response{"200": r}
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
