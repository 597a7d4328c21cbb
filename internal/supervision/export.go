package supervision

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/export"
)

// The Chinese labels of the workbooks, which staff file and print.
var (
	kindLabels   = map[tiaojie.InspectionKind]string{tiaojie.InspectionPlanned: "计划检查", tiaojie.InspectionUnannounced: "突击检查"}
	statusLabels = map[tiaojie.InspectionStatus]string{tiaojie.InspectionOpen: "检查中", tiaojie.InspectionRectifying: "整改中",
		tiaojie.InspectionResponded: "已反馈", tiaojie.InspectionVerified: "已验收", tiaojie.InspectionClosed: "已结案"}
	gradeLabels = map[tiaojie.EvaluationGrade]string{tiaojie.GradeExcellent: "优秀", tiaojie.GradePass: "合格",
		tiaojie.GradeBasic: "基本合格", tiaojie.GradeFail: "不合格"}
)

// InspectionsSheet returns List's inspections as a sheet with Chinese
// headers; township names come from names (code → name).
func (s *Service) InspectionsSheet(ctx context.Context, p *tiaojie.Principal, f Filter, names func(string) string) (export.Sheet, error) {
	list, err := s.List(ctx, p, f)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: "检查记录", Headers: []string{"编号", "调解组织", "乡镇", "检查方式", "检查日期", "状态",
		"整改期限", "是否逾期", "投诉编号", "检查人"}}
	for _, in := range list {
		overdue, complaint := "", ""
		if in.Overdue {
			overdue = "逾期"
		}
		if in.ComplaintID > 0 {
			complaint = strconv.FormatInt(in.ComplaintID, 10)
		}
		sh.Rows = append(sh.Rows, []any{in.ID, in.OrgName, names(in.Township), kindLabels[in.Kind], in.InspectedOn,
			statusLabels[in.Status], in.Deadline, overdue, complaint, in.Inspector})
	}
	return sh, nil
}

// EvaluationsSheet returns a year's evaluations as a sheet, the missing
// ones marked 未考评.
func (s *Service) EvaluationsSheet(ctx context.Context, p *tiaojie.Principal, year int, township string, names func(string) string) (export.Sheet, error) {
	list, err := s.Evaluations(ctx, p, year, township)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: strconv.Itoa(year) + "年度考评", Headers: []string{"调解组织", "乡镇", "年度", "得分", "等次", "评语", "考评人"}}
	for _, e := range list {
		if e.Missing {
			sh.Rows = append(sh.Rows, []any{e.OrgName, names(e.Township), e.Year, nil, "未考评", "", ""})
			continue
		}
		sh.Rows = append(sh.Rows, []any{e.OrgName, names(e.Township), e.Year, e.Score, gradeLabels[e.Grade], e.Remarks, e.Evaluator})
	}
	return sh, nil
}

// Supervised returns the organizations the caller supervises that are
// serving (正常 or 整改), by name: the choices of the inspection,
// evaluation and sanction forms.
func (s *Service) Supervised(ctx context.Context, p *tiaojie.Principal) ([]Org, error) {
	var w db.Where
	if !p.Can(tiaojie.PermSupervision) || !scope(p, &w) {
		return nil, s.settle(ctx, p, "inspection.orgs", "org", 0, refuseAll())
	}
	w.Add("o.status IN ('active', 'rectifying')")
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT o.id, o.name, o.township, o.status, COALESCE(o.stars, 0)
		FROM orgs o WHERE `+w.String()+` ORDER BY o.name, o.id LIMIT 2000`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		var o Org
		var status string
		if err := rows.Scan(&o.ID, &o.Name, &o.Township, &status, &o.Stars); err != nil {
			return nil, err
		}
		o.Status = tiaojie.OrgStatus(status)
		out = append(out, o)
	}
	return out, rows.Err()
}
