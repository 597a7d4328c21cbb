package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/content"
	"tiaojie/internal/route"
)

// Organizations' news (SPEC C13, content/orgnews.go): an organization's
// admin writes news and submits it; the bureau's editors approve it (it
// appears on the portal with the organization's name) or return it with a
// reason.

// orgNewsRoutes registers the pages, one line each.
func (h *Handler) orgNewsRoutes(t *route.Table) {
	t.Handle("GET /staff/orgs/{id}/news", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgNews))
	t.Handle("POST /staff/orgs/{id}/news", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgNewsSave))
	t.Handle("GET /staff/orgs/{id}/news/{article}", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticle))
	t.Handle("POST /staff/orgs/{id}/news/{article}", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticleSave))
	t.Handle("GET /staff/orgs/{id}/news/{article}/cover", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticleCoverFile))
	t.Handle("POST /staff/orgs/{id}/news/{article}/cover", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticleCover))
	t.Handle("POST /staff/orgs/{id}/news/{article}/pictures", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticlePictureAdd))
	t.Handle("GET /staff/orgs/{id}/news/{article}/pictures/{picture}", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticlePictureFile))
	t.Handle("POST /staff/orgs/{id}/news/{article}/pictures/{picture}/delete", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgArticlePictureRemove))
	t.Handle("POST /staff/orgs/{id}/news/{article}/submit", tiaojie.PermOrgsEdit, h.wrap(h.staffOrgNewsSubmit))
	t.Handle("GET /staff/news-reviews", tiaojie.PermContentEdit, h.wrap(h.staffNewsReviews))
	t.Handle("POST /staff/news-reviews/{id}", tiaojie.PermContentEdit, h.wrap(h.staffNewsReview))
}

// orgNewsData is an organization's articles with the form of a new one.
type orgNewsData struct {
	OrgID int64
	List  []*content.Article
	Form  *formView
}

func (h *Handler) staffOrgNews(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "orgnews.title", nil)
	h.notice(p, r, "orgnews.done.", "saved", "submitted")
	return h.orgNewsPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) orgNewsPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := h.Content.OrgArticles(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	p.Data = &orgNewsData{OrgID: id, List: list, Form: h.orgNewsForm(p, &content.Article{Kind: content.News}, live)}
	return h.render(w, r, status, "staff_orgnews", p)
}

// orgNewsForm is the form of an organization's article, new or stored.
func (h *Handler) orgNewsForm(p *Page, a *content.Article, live bool) *formView {
	event := ""
	if !a.EventAt.IsZero() {
		event = a.EventAt.In(tiaojie.Beijing()).Format("2006-01-02T15:04")
	}
	return h.formOf(p, "news", live).
		choose("kind", "orgnews.f.kind", a.Kind, h.codeOptions(p.Lang, "", "orgnews.kind.", content.News, content.Event), "required").
		text("title", "text", "orgnews.f.title", a.Title, "required").
		text("summary", "text", "orgnews.f.summary", a.Summary).
		text("body", "text", "orgnews.f.body", a.Body, "rows=8").
		text("video_url", "url", "orgnews.f.video", a.VideoURL).
		text("event_at", "datetime-local", "staff.content.event_at", event, "hint=staff.content.event_hint").done()
}

func (h *Handler) staffOrgNewsSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := articleInputOf(r.PostForm)
	if err == nil {
		_, err = h.Content.SaveOrg(r.Context(), auth.PrincipalFrom(r.Context()), id, 0, in)
	}
	if err != nil {
		p := h.page(r, "orgnews.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.orgNewsPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/orgs/"+itoa64(id)+"/news?done=saved")
}

// orgArticleData is the page of one of an organization's articles: its
// forms while it is a draft or returned, its review state otherwise.
type orgArticleData struct {
	OrgID    int64
	A        *content.Article
	Editable bool
	Form     *formView
	Cover    *formView
	Gallery  *galleryView
}

// staffOrgArticle shows one of an organization's articles to its admin.
func (h *Handler) staffOrgArticle(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "orgnews.edit_title", nil)
	h.notice(p, r, "orgnews.done.", "saved", "cover")
	h.pictureNotice(p, r)
	return h.orgArticlePage(w, r, p, http.StatusOK, "")
}

// orgArticleOf loads the route's {article}, which must be of its {id}
// organization and readable by the caller (content.Get decides).
func (h *Handler) orgArticleOf(r *http.Request) (int64, *content.Article, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	aid, err := idParam(r, "article")
	if err != nil {
		return 0, nil, err
	}
	a, err := h.Content.Get(r.Context(), auth.PrincipalFrom(r.Context()), aid)
	if err != nil {
		return 0, nil, err
	}
	if a.OrgID != id {
		return 0, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return id, a, nil
}

// orgArticlePage renders the article's page; refused names the form
// whose problems it shows ("article", "cover" or "picture").
func (h *Handler) orgArticlePage(w http.ResponseWriter, r *http.Request, p *Page, status int, refused string) error {
	id, a, err := h.orgArticleOf(r)
	if err != nil {
		return err
	}
	p.Path = orgArticlePath(id, a.ID)
	d := &orgArticleData{OrgID: id, A: a, Editable: a.Unlocked(),
		Gallery: h.galleryOf(p, p.Path, a, refused == "picture")}
	if d.Editable {
		d.Form = h.orgNewsForm(p, a, refused == "article")
		d.Cover = h.formOf(p, "cover", refused == "cover").text("file", "file", "orgnews.f.cover", "",
			"accept=image/png,image/jpeg", "hint=orgnews.cover_hint").done()
	}
	p.Data = d
	return h.render(w, r, status, "staff_orgnews_article", p)
}

// orgArticleRefused shows the article's page again with a refused form's
// problems, or returns an error that is not about the input.
func (h *Handler) orgArticleRefused(w http.ResponseWriter, r *http.Request, refused string, err error) error {
	p := h.page(r, "orgnews.edit_title", nil)
	if !h.problems(p, err) {
		return err
	}
	return h.orgArticlePage(w, r, p, route.Status(err), refused)
}

// staffOrgArticleSave saves an edited draft or returned article.
func (h *Handler) staffOrgArticleSave(w http.ResponseWriter, r *http.Request) error {
	id, a, err := h.orgArticleOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := articleInputOf(r.PostForm)
	if err == nil {
		_, err = h.Content.SaveOrg(r.Context(), auth.PrincipalFrom(r.Context()), id, a.ID, in)
	}
	if err != nil {
		return h.orgArticleRefused(w, r, "article", err)
	}
	return redirect(w, r, orgArticlePath(id, a.ID)+"?done=saved")
}

// staffOrgArticleCover stores an uploaded cover picture; it stays private
// until the bureau approves the article.
func (h *Handler) staffOrgArticleCover(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := idParam(r, "article")
	if err != nil {
		return err
	}
	up, cleanup, err := readUpload(w, r)
	defer cleanup()
	if err == nil {
		err = h.Content.SetOrgCover(r.Context(), auth.PrincipalFrom(r.Context()), id, aid, up)
	}
	if err != nil {
		return h.orgArticleRefused(w, r, "cover", err)
	}
	return redirect(w, r, orgArticlePath(id, aid)+"?done=cover")
}

// staffOrgArticleCoverFile shows the cover of an article not yet public
// to the organization's admins (the bureau sees it on the review page).
func (h *Handler) staffOrgArticleCoverFile(w http.ResponseWriter, r *http.Request) error {
	_, a, err := h.orgArticleOf(r)
	if err != nil {
		return err
	}
	m, data, err := h.Content.Cover(r.Context(), auth.PrincipalFrom(r.Context()), a.ID)
	if err != nil {
		return err
	}
	return sendPrivate(w, m, data, false)
}

func (h *Handler) staffOrgNewsSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("article"), 10, 64)
	if err != nil {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err := h.Content.Submit(r.Context(), auth.PrincipalFrom(r.Context()), aid); err != nil {
		return err
	}
	return redirect(w, r, "/staff/orgs/"+itoa64(id)+"/news?done=submitted")
}

func (h *Handler) staffNewsReviews(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "orgnews.reviews", nil)
	h.notice(p, r, "orgnews.done.", "approved", "returned")
	return h.newsReviewsPage(w, r, p, http.StatusOK)
}

func (h *Handler) newsReviewsPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	list, err := h.Content.Pending(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = list
	return h.render(w, r, status, "staff_news_reviews", p)
}

func (h *Handler) staffNewsReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	approve := r.PostForm.Get("action") == "approve"
	if err := h.Content.Review(r.Context(), auth.PrincipalFrom(r.Context()), id, approve, r.PostForm.Get("reason")); err != nil {
		p := h.page(r, "orgnews.reviews", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.newsReviewsPage(w, r, p, route.Status(err))
	}
	return redirect(w, r, "/staff/news-reviews?done="+map[bool]string{true: "approved", false: "returned"}[approve])
}
