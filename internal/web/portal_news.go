package web

import (
	"cmp"
	"net/http"
	"net/url"

	"tiaojie"
	"tiaojie/internal/content"
)

// pubNewsData is the list of the bureau's news or events.
type pubNewsData struct {
	Kind      string // content.News or content.Event
	NewsURL   string
	EventsURL string
	Items     []pubNewsItem
	Pager     pubPager
}

// pubNewsItem is an article in a list.
type pubNewsItem struct {
	ID      int64
	Title   string
	Summary string
	Date    string // published, Beijing time
	EventAt string // events: when, Beijing time
	Cover   string // public file key
}

// newsItem localizes an article for a list.
func (l pubLabels) newsItem(a *content.Article) pubNewsItem {
	return pubNewsItem{ID: a.ID, Title: a.Title, Summary: a.Summary, Date: l.date(a.PublishedAt),
		EventAt: l.minute(a.EventAt), Cover: a.Cover}
}

// pubNews lists the published news (or, with ?kind=event, the events),
// newest first.
func (h *Handler) pubNews(w http.ResponseWriter, r *http.Request) error {
	p := h.pubPage(r, "portal.news_title")
	l := h.pubLabels(p.Lang)
	kind := content.News
	clean := url.Values{}
	if r.URL.Query().Get("kind") == content.Event {
		kind = content.Event
		clean.Set("kind", kind)
		p.Title = "portal.events_title"
	}
	page := pubPageOf(r.URL.Query())
	items, total, err := h.Content.List(r.Context(), tiaojie.Anonymous(),
		content.Filter{Kind: kind, Offset: (page - 1) * pubPerPage, Limit: pubPerPage})
	if err != nil {
		return err
	}
	d := &pubNewsData{Kind: kind, NewsURL: "/news", EventsURL: "/news?kind=event",
		Pager: l.pager("/news", clean, page, pubPages(total), "")}
	for _, a := range items {
		d.Items = append(d.Items, l.newsItem(a))
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "pub_news", p)
}

// pubArticleData is one published article.
type pubArticleData struct {
	Title      string
	Kind       string // content.News, content.Event or content.Intro
	Summary    string
	Date       string
	EventAt    string
	Cover      string
	Video      string
	Paragraphs []string
	Pictures   []pubPicture
	OrgID      int64 // an organization's news: the organization
	OrgName    string
}

// pubPicture is one picture of a published article's gallery: a public
// file, described by its caption or else the article's title.
type pubPicture struct {
	Key, Caption, Alt string
}

// picturesOf lists a published article's gallery.
func picturesOf(a *content.Article) []pubPicture {
	out := make([]pubPicture, 0, len(a.Pictures))
	for _, pic := range a.Pictures {
		out = append(out, pubPicture{Key: pic.Key, Caption: pic.Caption, Alt: cmp.Or(pic.Caption, a.Title)})
	}
	return out
}

// pubArticle shows a published article; drafts are NotFound here, even to
// editors (they preview on their own pages).
func (h *Handler) pubArticle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := h.Content.Get(r.Context(), tiaojie.Anonymous(), id)
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		return tiaojie.E(tiaojie.NotFound, "portal.article_not_found")
	}
	if err != nil {
		return err
	}
	p := h.pubPage(r, "portal.news_title")
	p.Title = a.Title // not a message code: t shows it as it is
	l := h.pubLabels(p.Lang)
	p.Data = &pubArticleData{Title: a.Title, Kind: a.Kind, Summary: a.Summary, Date: l.date(a.PublishedAt),
		EventAt: l.minute(a.EventAt), Cover: a.Cover, Video: a.VideoURL, Paragraphs: a.Paragraphs(),
		Pictures: picturesOf(a), OrgID: a.OrgID, OrgName: a.OrgName}
	return h.render(w, r, http.StatusOK, "pub_article", p)
}
