package complaints

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
)

// ExportRows returns the caller's queue filtered by f as a worksheet in
// the reader's language (w). The complainant's name is masked and the
// phone left out (PI-05: exports are masked); the export is audited.
func (s *Service) ExportRows(ctx context.Context, p *tiaojie.Principal, f Filter, w i18n.Words) (export.Sheet, error) {
	if !p.Can(tiaojie.PermComplaints) {
		return export.Sheet{}, s.settle(ctx, p, "complaint.export", 0, forbidden(tiaojie.PermComplaints))
	}
	list, err := s.query(ctx, s.queueWhere(p, f), maxList)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: w.T("complaint.xlsx.sheet"), Headers: w.List("complaint.xlsx.", "number", "org", "mediator", "complainant", "title",
		"handler", "status", "overdue", "outcome", "filed_at", "due_at", "answered_at")}
	for _, c := range list {
		handler := w.T("complaint.handler." + string(c.Handler))
		if c.Handler == tiaojie.HandlerTownship {
			if t, ok := s.district.Township(c.HandlerTownship); ok {
				handler = w.Name(t.Name, t.NameEn) + handler
			}
		}
		overdue, outcome := "", ""
		if c.Overdue {
			overdue = w.YesNo(true)
		}
		if c.Outcome != "" {
			outcome = w.T("complaint.outcome." + string(c.Outcome))
		}
		var answered any
		if c.AnsweredAt != nil {
			answered = *c.AnsweredAt
		}
		sh.Rows = append(sh.Rows, []any{c.Number, c.OrgName, c.MediatorName, tiaojie.MaskName(c.ComplainantName), c.Title,
			handler, w.T("complaint.status." + string(c.Status)), overdue, outcome,
			c.FiledAt, c.DueAt, answered})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "complaint.export", ObjectType: "complaint",
		Detail: map[string]string{"rows": strconv.Itoa(len(sh.Rows))}})
	return sh, err
}
