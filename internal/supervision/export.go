package supervision

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
)

// InspectionsSheet returns List's inspections as a sheet in the reader's
// language (w); township names come from names (code → name, in that
// language).
func (s *Service) InspectionsSheet(ctx context.Context, p *tiaojie.Principal, f Filter, w i18n.Words, names func(string) string) (export.Sheet, error) {
	list, err := s.List(ctx, p, f)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: w.T("sup.xlsx.inspections"), Headers: w.List("sup.xlsx.", "id", "org", "township", "kind", "inspected_on", "status",
		"deadline", "overdue", "complaint", "inspector")}
	for _, in := range list {
		overdue, complaint := "", ""
		if in.Overdue {
			overdue = w.T("sup.xlsx.overdue_yes")
		}
		if in.ComplaintID > 0 {
			complaint = strconv.FormatInt(in.ComplaintID, 10)
		}
		sh.Rows = append(sh.Rows, []any{in.ID, in.OrgName, names(in.Township), w.T("sup.kind." + string(in.Kind)), in.InspectedOn,
			w.T("sup.status." + string(in.Status)), in.Deadline, overdue, complaint, in.Inspector})
	}
	return sh, nil
}

// EvaluationsSheet returns a year's evaluations as a sheet in the
// reader's language (w), the missing ones marked as such.
func (s *Service) EvaluationsSheet(ctx context.Context, p *tiaojie.Principal, year int, township string, w i18n.Words, names func(string) string) (export.Sheet, error) {
	list, err := s.Evaluations(ctx, p, year, township)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: w.T("sup.xlsx.evaluations", "year", strconv.Itoa(year)),
		Headers: w.List("sup.xlsx.", "org", "township", "year", "score", "grade", "remarks", "evaluator")}
	for _, e := range list {
		if e.Missing {
			sh.Rows = append(sh.Rows, []any{e.OrgName, names(e.Township), e.Year, nil, w.T("sup.xlsx.missing"), "", ""})
			continue
		}
		sh.Rows = append(sh.Rows, []any{e.OrgName, names(e.Township), e.Year, e.Score, w.T("sup.grade." + string(e.Grade)), e.Remarks, e.Evaluator})
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
