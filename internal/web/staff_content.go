package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/content"
)

// staffArticlesPerPage is the length of a page of the content list.
const staffArticlesPerPage = 20

// articleKinds lists the kinds of content in display order.
func articleKinds() []string { return []string{content.Intro, content.News, content.Event} }

// staffContentData is the content list's own data.
type staffContentData struct {
	Articles []*content.Article
	Total    int
	Filters  *formView
	Pager    pagerView
}

// staffContent lists every article, drafts and archived ones included.
func (h *Handler) staffContent(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "staff.content.title", nil)
	p.Form = q
	kind := q.Get("kind")
	if !slices.Contains(articleKinds(), kind) {
		kind = ""
	}
	page := pageNumber(q)
	list, total, err := h.Content.List(r.Context(), p.User, content.Filter{Kind: kind, All: true,
		Offset: (page - 1) * staffArticlesPerPage, Limit: staffArticlesPerPage})
	if err != nil {
		return err
	}
	b := h.formOf(p, "f", true)
	b.choose("kind", "staff.content.kind", "", h.codeOptions(p.Lang, "staff.any", "staff.content.kind.", articleKinds()...))
	p.Data = &staffContentData{Articles: list, Total: total, Filters: b.done(),
		Pager: pagerOf("/staff/content", q, page, total, staffArticlesPerPage, "#results")}
	return h.render(w, r, http.StatusOK, "staff_content", p)
}

// staffArticleData is the page that writes or edits an article.
type staffArticleData struct {
	A         *content.Article // nil for a new one
	Form      *formView
	Cover     *formView
	Gallery   *galleryView
	Statuses  []string // the statuses the article may move to
	Published string
}

// staffArticleNew shows the form of a new article.
func (h *Handler) staffArticleNew(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "staff.content.new_title", nil)
	p.Data = h.articleData(p, nil, "")
	return h.render(w, r, http.StatusOK, "staff_article", p)
}

// staffArticle shows an article's editor.
func (h *Handler) staffArticle(w http.ResponseWriter, r *http.Request) error {
	p, err := h.articlePageOf(r, "", nil)
	if err != nil {
		return err
	}
	h.notice(p, r, "staff.content.done.", "created", "saved", "cover", "published", "draft", "archived")
	h.pictureNotice(p, r)
	return h.render(w, r, http.StatusOK, "staff_article", p)
}

// articlePageOf loads the article of the route's {id}.
func (h *Handler) articlePageOf(r *http.Request, refused string, formErr error) (*Page, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p := h.page(r, "staff.content.edit_title", nil)
	p.Path = "/staff/content/" + itoa64(id)
	p.Errors = h.fieldMessages(p.Lang, formErr)
	a, err := h.Content.Get(r.Context(), p.User, id)
	if err != nil {
		return nil, err
	}
	p.Data = h.articleData(p, a, refused)
	return p, nil
}

// articleData builds the editor's forms.
func (h *Handler) articleData(p *Page, a *content.Article, refused string) *staffArticleData {
	d := &staffArticleData{A: a}
	if a == nil {
		a = &content.Article{Kind: content.News}
	} else {
		for _, st := range []string{content.Published, content.Draft, content.Archived} {
			if st != a.Status {
				d.Statuses = append(d.Statuses, st)
			}
		}
		if !a.PublishedAt.IsZero() {
			d.Published = a.PublishedAt.In(tiaojie.Beijing()).Format("2006-01-02 15:04")
		}
		d.Cover = h.formOf(p, "cover", refused == "cover").text("file", "file", "staff.content.cover", "",
			"accept=image/png,image/jpeg", "hint=staff.image_hint").done()
		d.Gallery = h.galleryOf(p, "/staff/content/"+itoa64(a.ID), a, refused == "picture")
	}
	b := h.formOf(p, "article", refused == "article")
	b.choose("kind", "staff.content.kind", a.Kind, h.codeOptions(p.Lang, "", "staff.content.kind.", articleKinds()...), "required")
	b.text("title", "text", "staff.content.title_field", a.Title, "required")
	b.text("summary", "text", "staff.content.summary", a.Summary, "rows=2", "hint=staff.content.summary_hint")
	b.text("body", "text", "staff.content.body", a.Body, "rows=12", "hint=staff.content.body_hint")
	b.text("video_url", "url", "staff.content.video_url", a.VideoURL, "inputmode=url", "hint=staff.content.video_hint")
	event := ""
	if !a.EventAt.IsZero() {
		event = a.EventAt.In(tiaojie.Beijing()).Format("2006-01-02T15:04")
	}
	b.text("event_at", "datetime-local", "staff.content.event_at", event, "hint=staff.content.event_hint")
	d.Form = b.done()
	return d
}

// articleInputOf reads the editor. The event time is Beijing time.
func articleInputOf(f url.Values) (content.Input, error) {
	in := content.Input{Kind: f.Get("kind"), Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"),
		VideoURL: f.Get("video_url")}
	if s := strings.TrimSpace(f.Get("event_at")); s != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", s, tiaojie.Beijing())
		if err != nil {
			var fe tiaojie.FieldErrors
			fe.Add("event_at", "staff.datetime_format")
			return in, fe.Err()
		}
		in.EventAt = t
	}
	return in, nil
}

// staffArticleCreate saves a new article as a draft.
func (h *Handler) staffArticleCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := h.page(r, "staff.content.new_title", nil)
	p.Path = "/staff/content/new"
	in, err := articleInputOf(r.PostForm)
	if err == nil {
		var id int64
		if id, err = h.Content.Save(r.Context(), p.User, 0, in); err == nil {
			return redirect(w, r, "/staff/content/"+itoa64(id)+"?done=created")
		}
	}
	p.Errors = h.fieldMessages(p.Lang, err)
	p.Data = h.articleData(p, nil, "article")
	return h.formError(w, r, "staff_article", p, err)
}

// articleFormError shows the editor again with the problems of a refused
// form.
func (h *Handler) articleFormError(w http.ResponseWriter, r *http.Request, refused string, err error) error {
	if k := tiaojie.ErrorKind(err); k != tiaojie.Invalid && k != tiaojie.Conflict {
		return err
	}
	p, perr := h.articlePageOf(r, refused, err)
	if perr != nil {
		return perr
	}
	return h.formError(w, r, "staff_article", p, err)
}

// staffArticleUpdate saves an edited article, keeping its status.
func (h *Handler) staffArticleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := articleInputOf(r.PostForm)
	if err == nil {
		_, err = h.Content.Save(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	}
	if err != nil {
		return h.articleFormError(w, r, "article", err)
	}
	return redirect(w, r, "/staff/content/"+itoa64(id)+"?done=saved")
}

// staffArticleCover stores an uploaded cover picture.
func (h *Handler) staffArticleCover(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		err = h.Content.SetCover(r.Context(), auth.PrincipalFrom(r.Context()), id, up)
	}
	if err != nil {
		return h.articleFormError(w, r, "cover", err)
	}
	return redirect(w, r, "/staff/content/"+itoa64(id)+"?done=cover")
}

// staffArticleCoverFile shows an article's cover to its editors.
func (h *Handler) staffArticleCoverFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := h.Content.Get(r.Context(), auth.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return h.serveFile(w, r, a.Cover, false)
}

// staffArticleStatus publishes, unpublishes (back to draft) or archives
// an article.
func (h *Handler) staffArticleStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	st := r.PostForm.Get("status")
	if err := h.Content.SetStatus(r.Context(), auth.PrincipalFrom(r.Context()), id, st); err != nil {
		return h.articleFormError(w, r, "status", err)
	}
	return redirect(w, r, "/staff/content/"+itoa64(id)+"?done="+st)
}
