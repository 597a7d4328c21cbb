package api

import (
	"context"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie/internal/auth"
	"tiaojie/internal/content"
)

// An article's gallery (internal/content/pictures.go): up to nine
// captioned PNG or JPEG pictures, added and removed by the bureau's
// editors under /staff/articles/{id}/pictures and by an organization's
// admin under /staff/orgs/{id}/news/{article}/pictures, with the pages'
// permissions; the service decides who may change which article's
// pictures and when. A picture of a published article is a public file;
// before that (and once withdrawn) it is read through the authorised GET
// operation, which the article's pictures[].url names.

// articlePicture is one picture of an article's gallery.
type articlePicture struct {
	ID      int64  `json:"id"`
	URL     string `json:"url" doc:"已发布文章为公开文件地址，否则为需授权的读取地址 A public file's address once the article is published; the authorised operation before that"`
	Caption string `json:"caption" doc:"图片说明，可为空 The caption; may be empty"`
}

// staffArticleURL is where the API serves article a to staff: an
// organization's article under its organization, the bureau's own under
// /staff/articles.
func staffArticleURL(a *content.Article) string {
	if a.OrgID != 0 {
		return orgArticleURL(a.OrgID, a.ID)
	}
	return Prefix + "/staff/articles/" + strconv.FormatInt(a.ID, 10)
}

// picturesOut converts an article's gallery: public files while it is
// published (picturesFollow makes them so), the authorised operation
// otherwise.
func picturesOut(a *content.Article) []articlePicture {
	out := make([]articlePicture, 0, len(a.Pictures))
	for _, pic := range a.Pictures {
		u := fileURL(pic.Key)
		if a.Status != content.Published {
			u = staffArticleURL(a) + "/pictures/" + strconv.FormatInt(pic.ID, 10)
		}
		out = append(out, articlePicture{ID: pic.ID, URL: u, Caption: pic.Caption})
	}
	return out
}

// pictureForm is the multipart body of a picture upload.
type pictureForm struct {
	File    huma.FormFile `form:"file" contentType:"image/png,image/jpeg,application/octet-stream" doc:"PNG 或 JPEG 图片，最大 2 MB；按文件内容识别类型 A PNG or JPEG picture of at most 2 MB; its type is found in its bytes"`
	Caption string        `form:"caption" required:"false" maxLength:"400" doc:"图片说明，最多 100 字，可为空 The caption, at most 100 characters; may be empty"`
}

// addedPicture answers an upload: 201 with the picture's id.
type addedPicture struct {
	Location string `header:"Location" doc:"图片的读取地址 Where to read the picture"`
	Body     createdID
}

// addPicture stores the form's picture in article id's gallery; base is
// the article's address.
func (h *Handler) addPicture(ctx context.Context, base string, id int64, form *huma.MultipartFormFiles[pictureForm]) (*addedPicture, error) {
	f := form.Data()
	up, err := requiredFile(f.File)
	if err != nil {
		return nil, err
	}
	defer f.File.Close()
	pid, err := h.content.AddPicture(ctx, auth.PrincipalFrom(ctx), id, up, f.Caption)
	if err != nil {
		return nil, err
	}
	return &addedPicture{Location: base + "/pictures/" + strconv.FormatInt(pid, 10), Body: createdID{ID: pid}}, nil
}

// picture answers with one picture of article id, not for shared caches.
func (h *Handler) picture(ctx context.Context, id, pid int64) (*privateFile, error) {
	m, data, err := h.content.Picture(ctx, auth.PrincipalFrom(ctx), id, pid)
	if err != nil {
		return nil, err
	}
	return private(m, data), nil
}

type addArticlePictureInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"文章编号 Article ID"`
	RawBody huma.MultipartFormFiles[pictureForm]
}

func (h *Handler) addArticlePicture(ctx context.Context, in *addArticlePictureInput) (*addedPicture, error) {
	return h.addPicture(ctx, Prefix+"/staff/articles/"+strconv.FormatInt(in.ID, 10), in.ID, &in.RawBody)
}

// articlePicturePath names one picture of one of the bureau's articles.
type articlePicturePath struct {
	ID      int64 `path:"id" minimum:"1" doc:"文章编号 Article ID"`
	Picture int64 `path:"picture" minimum:"1" doc:"图片编号 Picture ID"`
}

func (h *Handler) getArticlePicture(ctx context.Context, in *articlePicturePath) (*privateFile, error) {
	return h.picture(ctx, in.ID, in.Picture)
}

func (h *Handler) removeArticlePicture(ctx context.Context, in *articlePicturePath) (*none, error) {
	return done(h.content.RemovePicture(ctx, auth.PrincipalFrom(ctx), in.ID, in.Picture))
}

type addOrgPictureInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Article int64 `path:"article" minimum:"1" doc:"文章编号 Article ID"`
	RawBody huma.MultipartFormFiles[pictureForm]
}

func (h *Handler) addOrgNewsPicture(ctx context.Context, in *addOrgPictureInput) (*addedPicture, error) {
	if _, err := h.orgArticle(ctx, in.ID, in.Article); err != nil {
		return nil, err
	}
	return h.addPicture(ctx, orgArticleURL(in.ID, in.Article), in.Article, &in.RawBody)
}

// orgPicturePath names one picture of one of an organization's articles.
type orgPicturePath struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Article int64 `path:"article" minimum:"1" doc:"文章编号 Article ID"`
	Picture int64 `path:"picture" minimum:"1" doc:"图片编号 Picture ID"`
}

func (h *Handler) getOrgNewsPicture(ctx context.Context, in *orgPicturePath) (*privateFile, error) {
	if _, err := h.orgArticle(ctx, in.ID, in.Article); err != nil {
		return nil, err
	}
	return h.picture(ctx, in.Article, in.Picture)
}

func (h *Handler) removeOrgNewsPicture(ctx context.Context, in *orgPicturePath) (*none, error) {
	if _, err := h.orgArticle(ctx, in.ID, in.Article); err != nil {
		return nil, err
	}
	return done(h.content.RemovePicture(ctx, auth.PrincipalFrom(ctx), in.Article, in.Picture))
}

// The gallery operations' descriptions, Chinese first.
const (
	descAddPicture = "为文章添加一张图片（multipart：file 为 PNG 或 JPEG，最大 2 MB；caption 为图片说明，最多 100 字）。每篇最多 9 张，第 10 张返回 409 `content.pictures_full`；说明过长返回 422 `content.caption_length`。区司法局编辑可为任何文章添加；调解组织管理员只能为本组织草稿或已退回的文章添加，待审核或已发布的返回 409 `content.review_locked`，其他组织的管理员返回 403（记入审计日志）或 404。文章发布前图片不公开。成功返回 201、图片编号与 Location。\n\n" +
		"Adds a picture to the article's gallery (multipart: file, a PNG or JPEG of at most 2 MB; caption, at most 100 characters). At most 9 per article: the tenth answers 409 `content.pictures_full`; a longer caption 422 `content.caption_length`. The bureau's editors add to any article; an organization's admin only to its own draft or returned article (pending or approved: 409 `content.review_locked`), another organization's admin gets 403 (audited) or 404. The picture is private until the article is published. Answers 201 with the picture's id and a Location header."
	descGetPicture = "读取文章的一张图片（Cache-Control: private, no-store）；未发布文章的图片只能由此读取，已发布文章的图片亦为公开文件 /api/v1/files/{key}。\n\n" +
		"One picture of the article (Cache-Control: private, no-store); an unpublished article's pictures are read only here, a published one's are also public files at /api/v1/files/{key}."
	descRemovePicture = "从文章中删除一张图片，规则同添加。图片记录删除，文件保留但不再公开。\n\n" +
		"Removes a picture from the article, by the same rules as adding one. Its record goes; its file is kept, no longer public."
)
