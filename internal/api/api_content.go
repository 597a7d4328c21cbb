package api

import (
	"context"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/content"
)

// The alliance's content (internal/content): published articles for
// everyone, and the bureau's editing.

// articleKind is the kind of an article.
type articleKind string

// Schema lists the kinds.
func (articleKind) Schema(huma.Registry) *huma.Schema {
	return enumSchema("类别：intro 联盟介绍，news 新闻，event 活动 Kind: intro, news, event", content.Intro, content.News, content.Event)
}

// articleStatus is the publication status of an article.
type articleStatus string

// Schema lists the statuses.
func (articleStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("状态：draft 草稿，published 已发布，archived 已归档 Status", content.Draft, content.Published, content.Archived)
}

// article is a published article as the public reads it; staff also see
// its status and author.
type article struct {
	ID          int64            `json:"id"`
	Kind        articleKind      `json:"kind"`
	Title       string           `json:"title"`
	Summary     string           `json:"summary"`
	Body        string           `json:"body,omitempty" doc:"纯文本，空行分段；列表中省略 Plain text, blank lines between paragraphs; left out of lists"`
	CoverURL    string           `json:"cover_url,omitempty"`
	VideoURL    string           `json:"video_url,omitempty"`
	EventAt     *time.Time       `json:"event_at,omitempty" doc:"活动时间 When the event takes place"`
	Status      articleStatus    `json:"status,omitempty" doc:"仅编辑可见 Editors only"`
	PublishedAt *time.Time       `json:"published_at,omitempty"`
	AuthorID    int64            `json:"author_id,omitempty" doc:"仅编辑可见 Editors only"`
	UpdatedAt   time.Time        `json:"updated_at"`
	OrgID       int64            `json:"org_id,omitempty" doc:"发布文章的调解组织，区司法局的文章省略 The organization that wrote it; absent for the bureau's own"`
	OrgName     string           `json:"org_name,omitempty"`
	Review      reviewState      `json:"review,omitempty" doc:"组织文章的审核状态（仅编辑与本组织管理员可见）Where the bureau's review of an organization's article stands (staff only)"`
	ReviewNote  string           `json:"review_note,omitempty" doc:"退回原因或审核意见（仅编辑与本组织管理员可见）Why it was returned, or the reviewer's remark (staff only)"`
	Pictures    []articlePicture `json:"pictures,omitzero" doc:"图片（最多 9 张，按顺序），列表中省略 The gallery, at most 9 pictures in order; left out of lists"`
}

// articleOut converts an article: with its body or not (lists), for the
// public or for editors.
func articleOut(a *content.Article, withBody, staff bool) article {
	out := article{ID: a.ID, Kind: articleKind(a.Kind), Title: a.Title, Summary: a.Summary, CoverURL: coverURL(a),
		VideoURL: a.VideoURL, EventAt: utc(a.EventAt), PublishedAt: utc(a.PublishedAt), UpdatedAt: a.UpdatedAt.UTC(),
		OrgID: a.OrgID, OrgName: a.OrgName}
	if withBody {
		out.Body, out.Pictures = a.Body, picturesOut(a)
	}
	if staff {
		out.Status, out.AuthorID = articleStatus(a.Status), a.AuthorID
		out.Review, out.ReviewNote = reviewState(a.Review), a.ReviewNote
	}
	return out
}

// coverURL is where an article's cover is read: the public file once it
// is public, and for an organization's article not published (its cover
// is private, content/orgnews.go) the operation that checks who asks.
func coverURL(a *content.Article) string {
	if a.Cover != "" && a.OrgID != 0 && a.Status != content.Published {
		return orgArticleURL(a.OrgID, a.ID) + "/cover"
	}
	return fileURL(a.Cover)
}

// articleList is one page of articles, newest first, and the number of all.
type articleList struct {
	Items []article `json:"items"`
	Total int       `json:"total"`
}

type listNewsInput struct {
	Kind   articleKind `query:"kind" doc:"省略为全部类别 Absent: every kind"`
	Offset int         `query:"offset" minimum:"0" maximum:"10000"`
	Limit  int         `query:"limit" minimum:"0" maximum:"100" doc:"每页条数，默认 20 Page size; default 20"`
}

func (h *Handler) listNews(ctx context.Context, in *listNewsInput) (*body[articleList], error) {
	return h.articles(ctx, tiaojie.Anonymous(), content.Filter{Kind: string(in.Kind), Offset: in.Offset, Limit: in.Limit}, false)
}

// articles lists articles for p.
func (h *Handler) articles(ctx context.Context, p *tiaojie.Principal, f content.Filter, staff bool) (*body[articleList], error) {
	as, total, err := h.content.List(ctx, p, f)
	if err != nil {
		return nil, err
	}
	out := articleList{Items: make([]article, 0, len(as)), Total: total}
	for _, a := range as {
		out.Items = append(out.Items, articleOut(a, false, staff))
	}
	return &body[articleList]{Body: out}, nil
}

func (h *Handler) getNews(ctx context.Context, in *idPath) (*body[article], error) {
	a, err := h.content.Get(ctx, tiaojie.Anonymous(), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[article]{Body: articleOut(a, true, false)}, nil
}

type listArticlesInput struct {
	Kind   articleKind `query:"kind"`
	Offset int         `query:"offset" minimum:"0"`
	Limit  int         `query:"limit" minimum:"0" maximum:"100"`
}

func (h *Handler) listArticles(ctx context.Context, in *listArticlesInput) (*body[articleList], error) {
	f := content.Filter{Kind: string(in.Kind), All: true, Offset: in.Offset, Limit: in.Limit}
	return h.articles(ctx, auth.PrincipalFrom(ctx), f, true)
}

func (h *Handler) getArticle(ctx context.Context, in *idPath) (*body[article], error) {
	a, err := h.content.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[article]{Body: articleOut(a, true, true)}, nil
}

// articleIn is an article as an editor writes it; a new one is a draft.
type articleIn struct {
	Kind     articleKind `json:"kind"`
	Title    string      `json:"title" maxLength:"400" doc:"2–100 个字 2–100 characters"`
	Summary  string      `json:"summary,omitempty" maxLength:"1200"`
	Body     string      `json:"body,omitempty" maxLength:"80000" doc:"纯文本，空行分段，最多 20000 字 Plain text, at most 20,000 characters"`
	VideoURL string      `json:"video_url,omitempty" maxLength:"500" doc:"https 视频链接 An https video link"`
	EventAt  time.Time   `json:"event_at,omitempty" doc:"活动时间（活动必填），RFC 3339 When the event takes place (events)"`
}

func (in articleIn) input() content.Input {
	return content.Input{Kind: string(in.Kind), Title: in.Title, Summary: in.Summary, Body: in.Body,
		VideoURL: in.VideoURL, EventAt: in.EventAt}
}

type createArticleInput struct {
	Body articleIn
}

// createdArticle answers a new article.
type createdArticle struct {
	Location string `header:"Location" doc:"新文章的地址 The new article's URL"`
	Body     createdID
}

func (h *Handler) createArticle(ctx context.Context, in *createArticleInput) (*createdArticle, error) {
	id, err := h.content.Save(ctx, auth.PrincipalFrom(ctx), 0, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &createdArticle{Location: Prefix + "/staff/articles/" + strconv.FormatInt(id, 10), Body: createdID{ID: id}}, nil
}

type updateArticleInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"文章编号 Article ID"`
	Body articleIn
}

func (h *Handler) updateArticle(ctx context.Context, in *updateArticleInput) (*none, error) {
	_, err := h.content.Save(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input())
	return done(err)
}

// articleStatusIn publishes, unpublishes or archives an article.
type articleStatusIn struct {
	Status articleStatus `json:"status"`
}

type setArticleStatusInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"文章编号 Article ID"`
	Body articleStatusIn
}

func (h *Handler) setArticleStatus(ctx context.Context, in *setArticleStatusInput) (*none, error) {
	return done(h.content.SetStatus(ctx, auth.PrincipalFrom(ctx), in.ID, string(in.Body.Status)))
}

// The content operations' descriptions, Chinese first.
const (
	descListArticles  = "全部文章（含草稿和已归档），最新在前。\n\nEvery article, drafts and archived ones included, newest first."
	descCreateArticle = "新建文章（草稿）。区司法局文章的封面只能在网页上上传。成功返回 201 与 Location。\n\nCreates an article as a draft. The bureau's covers are uploaded on the pages. Answers 201 with a Location header."
	descGetArticle    = "查看文章（任何状态）。\n\nOne article, in any status."
	descUpdateArticle = "修改文章，状态不变。\n\nUpdates an article; its status stays."
	descArticleStatus = "发布（首次发布时记录发布时间）、撤回为草稿或归档。\n\nPublishes (stamping the time the first time), unpublishes to a draft, or archives."
)
