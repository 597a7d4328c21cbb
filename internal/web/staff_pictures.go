package web

import (
	"net/http"

	"tiaojie/internal/auth"
	"tiaojie/internal/content"
	"tiaojie/internal/files"
)

// An article's gallery on the staff pages (content/pictures.go): the
// bureau's article page (/staff/content/{id}) and an organization's
// (/staff/orgs/{id}/news/{article}) show its pictures from their own
// routes, which read them through content.Picture (private, no-store:
// an unpublished article's pictures are not public files), with a remove
// button each and an upload form when the caller may change them
// (content.MayChangePictures).

// galleryView is an article's gallery on a staff page.
type galleryView struct {
	Base     string // the article's page; its pictures are at Base/pictures/{id}
	Title    string // the article's title, the alt text of a picture without a caption
	Pictures []content.Picture
	Max      int
	Form     *formView // nil when the caller may not change the pictures
}

// Full reports whether the gallery can take no more pictures.
func (g *galleryView) Full() bool { return len(g.Pictures) >= g.Max }

// galleryOf builds the gallery of article a shown at base; live marks a
// refused upload, whose form shows the caption typed and its problems.
func (h *Handler) galleryOf(p *Page, base string, a *content.Article, live bool) *galleryView {
	g := &galleryView{Base: base, Title: a.Title, Pictures: a.Pictures, Max: content.MaxPictures}
	if content.MayChangePictures(p.User, a) {
		g.Form = h.formOf(p, "picture", live).
			text("file", "file", "pictures.f.file", "", "accept=image/png,image/jpeg", "hint=pictures.file_hint").
			text("caption", "text", "pictures.f.caption", "", "hint=pictures.caption_hint").done()
	}
	return g
}

// pictureNotice shows what a gallery form did.
func (h *Handler) pictureNotice(p *Page, r *http.Request) {
	h.notice(p, r, "pictures.done.", "picture_added", "picture_removed")
}

// addPicture stores the form's picture (file, caption) in article id's
// gallery.
func (h *Handler) addPicture(w http.ResponseWriter, r *http.Request, id int64) error {
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err != nil {
		return err
	}
	_, err = h.Content.AddPicture(r.Context(), auth.PrincipalFrom(r.Context()), id, up, r.PostFormValue("caption"))
	return err
}

// sendPrivate answers with a file that is not for shared caches: a cover
// or a picture of an article not (or no longer) public, a case's evidence,
// a room's attachment.
func sendPrivate(w http.ResponseWriter, m files.Meta, data []byte, download bool) error {
	w.Header().Set("Cache-Control", "private, no-store")
	return sendBytes(w, m, data, download)
}

// staffArticlePictureAdd adds a picture to the bureau's article page's
// article.
func (h *Handler) staffArticlePictureAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.addPicture(w, r, id); err != nil {
		return h.articleFormError(w, r, "picture", err)
	}
	return redirect(w, r, "/staff/content/"+itoa64(id)+"?done=picture_added#pictures")
}

// staffArticlePictureRemove removes one of its pictures.
func (h *Handler) staffArticlePictureRemove(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := pictureParams(r)
	if err != nil {
		return err
	}
	if err := h.Content.RemovePicture(r.Context(), auth.PrincipalFrom(r.Context()), id, pid); err != nil {
		return h.articleFormError(w, r, "picture", err)
	}
	return redirect(w, r, "/staff/content/"+itoa64(id)+"?done=picture_removed#pictures")
}

// staffArticlePictureFile shows one of its pictures to its editors.
func (h *Handler) staffArticlePictureFile(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := pictureParams(r)
	if err != nil {
		return err
	}
	m, data, err := h.Content.Picture(r.Context(), auth.PrincipalFrom(r.Context()), id, pid)
	if err != nil {
		return err
	}
	return sendPrivate(w, m, data, false)
}

// pictureParams reads the bureau's routes' {id} and {picture}.
func pictureParams(r *http.Request) (int64, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	pid, err := idParam(r, "picture")
	return id, pid, err
}

// staffOrgArticlePictureAdd adds a picture to one of an organization's
// articles.
func (h *Handler) staffOrgArticlePictureAdd(w http.ResponseWriter, r *http.Request) error {
	id, a, err := h.orgArticleOf(r)
	if err != nil {
		return err
	}
	if err := h.addPicture(w, r, a.ID); err != nil {
		return h.orgArticleRefused(w, r, "picture", err)
	}
	return redirect(w, r, orgArticlePath(id, a.ID)+"?done=picture_added#pictures")
}

// staffOrgArticlePictureRemove removes one of its pictures.
func (h *Handler) staffOrgArticlePictureRemove(w http.ResponseWriter, r *http.Request) error {
	id, a, pid, err := h.orgPictureOf(r)
	if err != nil {
		return err
	}
	if err := h.Content.RemovePicture(r.Context(), auth.PrincipalFrom(r.Context()), a.ID, pid); err != nil {
		return h.orgArticleRefused(w, r, "picture", err)
	}
	return redirect(w, r, orgArticlePath(id, a.ID)+"?done=picture_removed#pictures")
}

// staffOrgArticlePictureFile shows one of its pictures to the
// organization's admins and the bureau's editors.
func (h *Handler) staffOrgArticlePictureFile(w http.ResponseWriter, r *http.Request) error {
	_, a, pid, err := h.orgPictureOf(r)
	if err != nil {
		return err
	}
	m, data, err := h.Content.Picture(r.Context(), auth.PrincipalFrom(r.Context()), a.ID, pid)
	if err != nil {
		return err
	}
	return sendPrivate(w, m, data, false)
}

// orgPictureOf reads the organization's routes' article (orgArticleOf)
// and {picture}.
func (h *Handler) orgPictureOf(r *http.Request) (int64, *content.Article, int64, error) {
	id, a, err := h.orgArticleOf(r)
	if err != nil {
		return 0, nil, 0, err
	}
	pid, err := idParam(r, "picture")
	return id, a, pid, err
}

// orgArticlePath is the page of organization id's article aid.
func orgArticlePath(id, aid int64) string {
	return "/staff/orgs/" + itoa64(id) + "/news/" + itoa64(aid)
}
