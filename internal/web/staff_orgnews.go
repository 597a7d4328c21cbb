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
	form := h.formOf(p, "news", live).
		choose("kind", "orgnews.f.kind", "news", h.codeOptions(p.Lang, "", "orgnews.kind.", content.News, content.Event), "required").
		text("title", "text", "orgnews.f.title", "", "required").
		text("summary", "text", "orgnews.f.summary", "").
		text("body", "text", "orgnews.f.body", "", "rows=8").
		text("video_url", "url", "orgnews.f.video", "").done()
	p.Data = &orgNewsData{OrgID: id, List: list, Form: form}
	return h.render(w, r, status, "staff_orgnews", p)
}

func (h *Handler) staffOrgNewsSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := content.Input{Kind: f.Get("kind"), Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"), VideoURL: f.Get("video_url")}
	if _, err := h.Content.SaveOrg(r.Context(), auth.PrincipalFrom(r.Context()), id, 0, in); err != nil {
		p := h.page(r, "orgnews.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.orgNewsPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/orgs/"+itoa64(id)+"/news?done=saved")
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
