package web

import (
	"net/http"
	"net/url"

	"tiaojie"
	"tiaojie/internal/cases"
	"tiaojie/internal/i18n"
)

// consultData is the guided consultation: the question, the visitor's
// answer, and what it suggests.
type consultData struct {
	Topics      []checkOption
	Townships   []optionView
	Topic       *tiaojie.ConsultTopic
	Township    string
	Suggestions []cases.Suggestion
	ApplyURL    string // the application form, prefilled
}

// consult is the guided consultation (纠纷咨询): who the dispute is with
// suggests a dispute type, and the organizations that serve it in the
// visitor's township, each with why; then one step to apply there. A GET
// form, so it works without JavaScript and can be bookmarked.
func (h *Handler) consult(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := h.page(r, "consult.title", nil)
	d := &consultData{Township: q.Get("township")}
	if _, ok := h.District.Township(d.Township); !ok {
		d.Township = ""
	}
	for _, t := range tiaojie.ConsultTopics() {
		label := t.Name
		if p.Lang == i18n.En {
			label = t.NameEn
		}
		d.Topics = append(d.Topics, checkOption{Value: t.Code, Label: label, Checked: t.Code == q.Get("topic")})
	}
	d.Townships = h.townshipOptions(p.Lang, d.Township)
	if t, ok := tiaojie.ConsultTopicByCode(q.Get("topic")); ok {
		d.Topic = &t
		sg, err := h.Cases.Suggest(r.Context(), t.DisputeType, d.Township, nil, 5)
		if err != nil {
			return err
		}
		d.Suggestions = sg
		d.ApplyURL = "/apply?" + url.Values{"type": {t.DisputeType}, "township": {d.Township}}.Encode()
	}
	p.Data = d
	return h.render(w, r, http.StatusOK, "consult", p)
}
