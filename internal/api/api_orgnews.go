package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/content"
	"tiaojie/internal/files"
)

// Organizations' news (SPEC C13, internal/content/orgnews.go), the same
// operations as the pages with the same permissions: an organization's
// admin (orgs.edit, for their own organization) writes news and events,
// attaches a cover and submits them; the bureau's editors (content.edit)
// approve them, which publishes them, or return them with a reason. The
// service decides whose organization it is; a path whose article is not
// that organization's is 404, as on the pages.

// reviewState is where the bureau's review of an organization's article
// stands.
type reviewState string

// Schema lists the review states.
func (reviewState) Schema(huma.Registry) *huma.Schema {
	return enumSchema("审核状态：draft 草稿，pending 待审核，returned 已退回，approved 已通过（已发布） Review: draft, pending, returned, approved (published)",
		content.ReviewDraft, content.ReviewPending, content.ReviewReturned, content.ReviewApproved)
}

// orgNewsRoutes declares the organizations' news operations.
func (h *Handler) orgNewsRoutes(a huma.API) {
	edit, review := tiaojie.PermOrgsEdit, tiaojie.PermContentEdit
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	const one = "/staff/orgs/{id}/news/{article}"

	add(h, a, op(get, "/staff/orgs/{id}/news", "list-org-news", tagContent, edit, "本组织新闻与活动 · An organization's news", descListOrgNews), h.listOrgNews)
	add(h, a, created(larger(op(post, "/staff/orgs/{id}/news", "create-org-news", tagContent, edit, "撰写新闻或活动 · Write news or an event", descCreateOrgNews), 256<<10)), h.createOrgNews)
	add(h, a, op(get, one, "get-org-news", tagContent, edit, "查看本组织文章 · Get an organization's article", descGetOrgNews), h.getOrgNews)
	add(h, a, larger(op(put, one, "update-org-news", tagContent, edit, "修改本组织文章 · Update an organization's article", descUpdateOrgNews), 256<<10), h.updateOrgNews)
	add(h, a, h.upload(a, op(post, one+"/cover", "set-org-news-cover", tagContent, edit, "上传封面图片 · Upload the cover", descSetOrgCover), files.Image()), h.setOrgNewsCover)
	add(h, a, binary(op(get, one+"/cover", "get-org-news-cover", tagContent, edit, "查看封面图片 · Get the cover", descGetOrgCover), imageTypes...), h.getOrgNewsCover)
	add(h, a, created(h.upload(a, op(post, one+"/pictures", "add-org-news-picture", tagContent, edit, "添加图片 · Add a picture", descAddPicture), files.Image())), h.addOrgNewsPicture)
	add(h, a, binary(op(get, one+"/pictures/{picture}", "get-org-news-picture", tagContent, edit, "读取图片 · Get a picture", descGetPicture), imageTypes...), h.getOrgNewsPicture)
	add(h, a, op(del, one+"/pictures/{picture}", "remove-org-news-picture", tagContent, edit, "删除图片 · Remove a picture", descRemovePicture), h.removeOrgNewsPicture)
	add(h, a, op(post, one+"/submit", "submit-org-news", tagContent, edit, "提交审核 · Submit for review", descSubmitOrgNews), h.submitOrgNews)
	add(h, a, op(get, "/staff/news-reviews", "list-news-reviews", tagContent, review, "待审核的组织文章 · Articles awaiting review", descNewsReviews), h.listNewsReviews)
	add(h, a, op(post, "/staff/news-reviews/{id}", "review-org-news", tagContent, review, "审核组织文章 · Review an article", descReviewOrgNews), h.reviewOrgNews)
}

// orgNewsList is an organization's articles, or those awaiting review,
// as staff see them.
type orgNewsList struct {
	Items []article `json:"items"`
}

// staffArticles converts articles for staff, without their bodies.
func staffArticles(as []*content.Article) *body[orgNewsList] {
	out := orgNewsList{Items: make([]article, 0, len(as))}
	for _, a := range as {
		out.Items = append(out.Items, articleOut(a, false, true))
	}
	return &body[orgNewsList]{Body: out}
}

type orgPath struct {
	ID int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
}

func (h *Handler) listOrgNews(ctx context.Context, in *orgPath) (*body[orgNewsList], error) {
	as, err := h.content.OrgArticles(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return staffArticles(as), nil
}

type createOrgNewsInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body articleIn
}

// orgArticleURL is the address of an organization's article.
func orgArticleURL(orgID, id int64) string {
	return Prefix + "/staff/orgs/" + strconv.FormatInt(orgID, 10) + "/news/" + strconv.FormatInt(id, 10)
}

func (h *Handler) createOrgNews(ctx context.Context, in *createOrgNewsInput) (*createdArticle, error) {
	id, err := h.content.SaveOrg(ctx, auth.PrincipalFrom(ctx), in.ID, 0, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &createdArticle{Location: orgArticleURL(in.ID, id), Body: createdID{ID: id}}, nil
}

// orgArticlePath names one of an organization's articles. The inputs
// with a body repeat its fields: huma reads no parameters from an
// embedded unexported struct.
type orgArticlePath struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Article int64 `path:"article" minimum:"1" doc:"文章编号 Article ID"`
}

// orgArticle loads article id, which must be readable by the caller
// (content.Get decides) and of organization orgID.
func (h *Handler) orgArticle(ctx context.Context, orgID, id int64) (*content.Article, error) {
	a, err := h.content.Get(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	if a.OrgID != orgID {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return a, nil
}

func (h *Handler) getOrgNews(ctx context.Context, in *orgArticlePath) (*body[article], error) {
	a, err := h.orgArticle(ctx, in.ID, in.Article)
	if err != nil {
		return nil, err
	}
	return &body[article]{Body: articleOut(a, true, true)}, nil
}

type updateOrgNewsInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Article int64 `path:"article" minimum:"1" doc:"文章编号 Article ID"`
	Body    articleIn
}

func (h *Handler) updateOrgNews(ctx context.Context, in *updateOrgNewsInput) (*none, error) {
	if _, err := h.orgArticle(ctx, in.ID, in.Article); err != nil {
		return nil, err
	}
	_, err := h.content.SaveOrg(ctx, auth.PrincipalFrom(ctx), in.ID, in.Article, in.Body.input())
	return done(err)
}

// coverForm is the multipart body of a cover upload.
type coverForm struct {
	File huma.FormFile `form:"file" contentType:"image/png,image/jpeg,application/octet-stream" doc:"PNG 或 JPEG 图片；按文件内容识别类型 A PNG or JPEG picture; its type is found in its bytes"`
}

type setOrgCoverInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Article int64 `path:"article" minimum:"1" doc:"文章编号 Article ID"`
	RawBody huma.MultipartFormFiles[coverForm]
}

func (h *Handler) setOrgNewsCover(ctx context.Context, in *setOrgCoverInput) (*none, error) {
	f := in.RawBody.Data()
	up, err := requiredFile(f.File)
	if err != nil {
		return nil, err
	}
	defer f.File.Close()
	return done(h.content.SetOrgCover(ctx, auth.PrincipalFrom(ctx), in.ID, in.Article, up))
}

// privateFile is a picture not for shared caches: a cover before the
// bureau approves its article.
type privateFile struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	NoSniff      string `header:"X-Content-Type-Options"`
	Body         []byte
}

func (h *Handler) getOrgNewsCover(ctx context.Context, in *orgArticlePath) (*privateFile, error) {
	a, err := h.orgArticle(ctx, in.ID, in.Article)
	if err != nil {
		return nil, err
	}
	m, data, err := h.content.Cover(ctx, auth.PrincipalFrom(ctx), a.ID)
	if err != nil {
		return nil, err
	}
	return private(m, data), nil
}

// private answers a file that shared caches must not keep.
func private(m files.Meta, data []byte) *privateFile {
	return &privateFile{ContentType: m.ContentType, CacheControl: "private, no-store", NoSniff: "nosniff", Body: data}
}

func (h *Handler) submitOrgNews(ctx context.Context, in *orgArticlePath) (*none, error) {
	if _, err := h.orgArticle(ctx, in.ID, in.Article); err != nil {
		return nil, err
	}
	return done(h.content.Submit(ctx, auth.PrincipalFrom(ctx), in.Article))
}

func (h *Handler) listNewsReviews(ctx context.Context, _ *struct{}) (*body[orgNewsList], error) {
	as, err := h.content.Pending(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	return staffArticles(as), nil
}

type reviewOrgNewsInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"文章编号 Article ID"`
	Body struct {
		Approve bool   `json:"approve" doc:"true 通过并发布，false 退回 true approves and publishes; false returns it"`
		Reason  string `json:"reason,omitempty" maxLength:"2000" doc:"退回原因（退回时必填，最多 500 字），通过时可作审核意见 Why it is returned (required then, at most 500 characters); a remark when approving"`
	}
}

func (h *Handler) reviewOrgNews(ctx context.Context, in *reviewOrgNewsInput) (*none, error) {
	return done(h.content.Review(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Approve, in.Body.Reason))
}

// The organizations' news operations' descriptions, Chinese first.
const (
	descListOrgNews = "调解组织的全部文章（草稿、待审核、已退回、已发布），最近修改的在前，最多 200 篇：本组织管理员与区司法局编辑可见，其他人返回 404。\n\n" +
		"An organization's articles in every state, last changed first, at most 200: for its admins and the bureau's editors; 404 for anyone else."
	descCreateOrgNews = "本组织管理员撰写新闻（news）或活动（event），保存为草稿，提交审核并通过后才在门户发布。非本组织管理员返回 403 并记入审计日志。成功返回 201 与 Location。\n\n" +
		"An organization's admin writes news or an event, kept as a draft; it appears on the portal only once submitted and approved. Anyone but the organization's admin is refused (403, audited). Answers 201 with a Location header."
	descGetOrgNews    = "查看本组织的一篇文章及其审核状态与退回原因。\n\nOne of the organization's articles with where its review stands and why it was returned."
	descUpdateOrgNews = "修改草稿或已退回的文章；待审核或已发布的返回 409，不作任何修改。\n\nEdits a draft or returned article; a pending or published one answers 409 and nothing changes."
	descSetOrgCover   = "为草稿或已退回的文章上传封面图片（multipart：file，PNG 或 JPEG）。图片在区司法局审核通过前不公开；待审核或已发布的返回 409。\n\n" +
		"Uploads the cover picture of a draft or returned article (multipart: file, a PNG or JPEG). The picture stays private until the bureau approves the article; a pending or published one answers 409."
	descGetOrgCover   = "查看文章的封面图片（本组织管理员与区司法局编辑）；未发布文章的封面只能由此读取。\n\nThe article's cover picture, for the organization's admins and the bureau's editors; an unpublished article's cover is read only here."
	descSubmitOrgNews = "将草稿或已退回的文章提交区司法局审核；已在审核中或已发布的返回 409。\n\nSends a draft or returned article to the bureau for review; one already pending or published answers 409."
	descNewsReviews   = "等待审核的组织文章，最早提交的在前。\n\nThe organizations' articles awaiting review, oldest first."
	descReviewOrgNews = "审核待审核的组织文章：通过（approve true）即在门户发布并公开封面；退回（approve false）须写明原因，否则返回 422。文章不在待审核状态返回 409。\n\n" +
		"Reviews a pending article: approving publishes it on the portal with its cover; returning it needs a reason (422 without). An article not pending answers 409."
)
