package web

import (
	"context"
	"net/url"

	"tiaojie"
	"tiaojie/internal/content"
)

// pubHomeData is the portal's front page: the alliance, a search box, quick
// ways into the directory, featured organizations, the latest news and the
// entry points.
type pubHomeData struct {
	Search    pubSearchBox
	Intro     []string // paragraphs of the published introduction; nil: the built-in text
	IntroID   int64
	Disputes  []pubChip
	Townships []pubChip
	Featured  []pubOrgCard
	News      []pubNewsItem
	Entries   []pubEntry
}

// pubEntry is an entry point: its message code and where it leads.
type pubEntry struct {
	Key, URL string
}

// pubHomeDisputes are the dispute types the front page offers as quick
// searches: the ones people bring most often.
var pubHomeDisputes = []string{"marriage_family", "neighbour", "property_mgmt", "labour", "medical", "traffic", "housing_land", "consumer"}

// pubHomeNews is how many of the latest news the front page shows.
const pubHomeNews = 3

// pubHomeData gathers the front page.
func (h *Handler) pubHomeData(ctx context.Context, l pubLabels) (*pubHomeData, error) {
	d := &pubHomeData{Search: pubSearchBox{ID: "home-q", Placeholder: l.t("portal.search_placeholder"), Hint: l.t("portal.search_hint")}}
	intro, err := h.Content.Intro(ctx)
	if err != nil {
		return nil, err
	}
	if intro != nil {
		d.Intro, d.IntroID = intro.Paragraphs(), intro.ID
	}
	featured, err := h.Registry.Featured(ctx)
	if err != nil {
		return nil, err
	}
	d.Featured = l.orgCards(featured)
	for i := range d.Featured {
		d.Featured[i].ShowReason = true
	}
	news, _, err := h.Content.List(ctx, tiaojie.Anonymous(), content.Filter{Kind: content.News, Limit: pubHomeNews})
	if err != nil {
		return nil, err
	}
	for _, a := range news {
		d.News = append(d.News, l.newsItem(a))
	}
	for _, c := range pubHomeDisputes {
		d.Disputes = append(d.Disputes, pubChip{Label: l.dispute(c), URL: "/directory?" + url.Values{"dispute": {c}}.Encode()})
	}
	for _, t := range h.District.Townships {
		d.Townships = append(d.Townships, pubChip{Label: l.township(t.Code), URL: "/directory?" + url.Values{"township": {t.Code}}.Encode()})
	}
	for _, e := range []string{"apply", "track", "consult", "directory", "complain"} {
		d.Entries = append(d.Entries, pubEntry{Key: e, URL: openEntries[e]})
	}
	for _, e := range entries {
		d.Entries = append(d.Entries, pubEntry{Key: e, URL: "/soon/" + e})
	}
	return d, nil
}
