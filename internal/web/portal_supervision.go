package web

import "net/http"

// pubSanctions appends an organization's rewards and sanctions (奖惩情况,
// recorded by the supervision service) to the notices of its public page:
// the kind, a reward's title or a sanction's reason, the deciding body
// (or the office that recorded it), the date, and the decision document
// when it is a file.
func (h *Handler) pubSanctions(r *http.Request, p *Page, orgID int64, notices []pubNotice) ([]pubNotice, error) {
	if h.Supervision == nil {
		return notices, nil
	}
	list, err := h.Supervision.PublicRecord(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		n := pubNotice{Kind: h.Catalog.T(p.Lang, "sup.sanction."+string(s.Kind)), Title: s.Title, Issuer: s.GrantedBy,
			Date: s.DecidedOn, Sanction: s.Kind.Sanction()}
		if n.Title == "" {
			n.Title = s.Reason
		}
		if n.Issuer == "" {
			n.Issuer = h.Catalog.T(p.Lang, "role."+s.Role)
		}
		if s.Deadline != "" {
			n.Title += "（" + h.Catalog.T(p.Lang, "sup.pub.deadline", "date", s.Deadline) + "）"
		}
		if s.FileKey != "" {
			n.URL = "/files/" + s.FileKey
		}
		notices = append(notices, n)
	}
	return notices, nil
}
