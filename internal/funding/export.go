package funding

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
)

// Export returns the donations and grants the caller may list (List's
// rules) as a sheet in the reader's language (w), and audits the export.
func (s *Service) Export(ctx context.Context, p *tiaojie.Principal, f Filter, w i18n.Words) (export.Sheet, error) {
	rows, err := s.List(ctx, p, f)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: w.T("funding.xlsx.sheet"), Headers: w.List("funding.xlsx.", "org", "kind", "source", "amount", "received_on", "year",
		"purpose", "restrictions", "venture")}
	for _, r := range rows {
		venture := ""
		if r.ApplicationID > 0 {
			venture = w.YesNo(true)
		}
		sh.Rows = append(sh.Rows, []any{r.OrgName, w.T("funding.kind." + string(r.Kind)), r.Source, r.Amount, r.ReceivedOn, r.Year, r.Purpose, r.Restrictions, venture})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "funding.export", ObjectType: "funding",
		Detail: map[string]string{"rows": strconv.Itoa(len(sh.Rows))}})
	return sh, err
}
