package funding

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
)

// kindNames are the kinds as the exported sheet names them.
var kindNames = map[tiaojie.FundingKind]string{tiaojie.FundingDonation: "捐赠", tiaojie.FundingGrant: "资助"}

// Export returns the donations and grants the caller may list (List's
// rules) as a sheet, and audits the export.
func (s *Service) Export(ctx context.Context, p *tiaojie.Principal, f Filter) (export.Sheet, error) {
	rows, err := s.List(ctx, p, f)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: "捐赠与资助", Headers: []string{"调解组织", "类别", "捐赠方/资助方", "金额（元）", "收到日期", "年度", "用途", "限定用途", "公益创投项目"}}
	for _, r := range rows {
		venture := ""
		if r.ApplicationID > 0 {
			venture = "是"
		}
		sh.Rows = append(sh.Rows, []any{r.OrgName, kindNames[r.Kind], r.Source, r.Amount, r.ReceivedOn, r.Year, r.Purpose, r.Restrictions, venture})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "funding.export", ObjectType: "funding",
		Detail: map[string]string{"rows": strconv.Itoa(len(sh.Rows))}})
	return sh, err
}
