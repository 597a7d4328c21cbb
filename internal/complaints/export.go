package complaints

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
)

// The Chinese names of statuses, outcomes and handlers in the export (the
// pages use the catalogues).
var (
	statusNames = map[tiaojie.ComplaintStatus]string{
		tiaojie.ComplaintFiled: "已提交", tiaojie.ComplaintAcknowledged: "已受理", tiaojie.ComplaintInvestigating: "调查核实中",
		tiaojie.ComplaintAnswered: "已答复", tiaojie.ComplaintClosed: "已办结", tiaojie.ComplaintRejected: "不予受理",
		tiaojie.ComplaintWithdrawn: "已撤回",
	}
	outcomeNames = map[tiaojie.ComplaintOutcome]string{
		tiaojie.OutcomeUpheld: "属实", tiaojie.OutcomePartlyUpheld: "部分属实", tiaojie.OutcomeNotUpheld: "不属实",
	}
	handlerNames = map[tiaojie.ComplaintHandler]string{
		tiaojie.HandlerTownship: "司法所", tiaojie.HandlerAssociation: "调解行业协会", tiaojie.HandlerBureau: "区司法局",
	}
)

// ExportRows returns the caller's queue filtered by f as a worksheet. The
// complainant's name is masked and the phone left out (PI-05: exports
// are masked); the export is audited.
func (s *Service) ExportRows(ctx context.Context, p *tiaojie.Principal, f Filter) (export.Sheet, error) {
	if !p.Can(tiaojie.PermComplaints) {
		return export.Sheet{}, s.settle(ctx, p, "complaint.export", 0, forbidden(tiaojie.PermComplaints))
	}
	list, err := s.query(ctx, s.queueWhere(p, f), maxList)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: "投诉", Headers: []string{"编号", "被投诉组织", "被投诉调解员", "投诉人", "事由", "承办",
		"状态", "逾期", "结论", "提交时间", "答复期限", "答复时间"}}
	for _, c := range list {
		handler := handlerNames[c.Handler]
		if c.Handler == tiaojie.HandlerTownship {
			if t, ok := s.district.Township(c.HandlerTownship); ok {
				handler = t.Name + handler
			}
		}
		var answered any
		if c.AnsweredAt != nil {
			answered = *c.AnsweredAt
		}
		sh.Rows = append(sh.Rows, []any{c.Number, c.OrgName, c.MediatorName, tiaojie.MaskName(c.ComplainantName), c.Title,
			handler, statusNames[c.Status], map[bool]string{true: "是", false: ""}[c.Overdue], outcomeNames[c.Outcome],
			c.FiledAt, c.DueAt, answered})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "complaint.export", ObjectType: "complaint",
		Detail: map[string]string{"rows": strconv.Itoa(len(sh.Rows))}})
	return sh, err
}
