package incubation

import (
	"context"

	"tiaojie"
	"tiaojie/internal/db"
)

// Funnel counts how far the teams of a site or a township got: applied,
// screened (experts assigned), admitted, graduated, and registered (the
// organization it became has reached 登记 or is serving).
type Funnel struct {
	Key        string // a site's id, or a township's code
	Name       string // the site's name ("" for a township)
	Applied    int
	Screened   int
	Admitted   int
	Graduated  int
	Registered int
}

// registeredStatuses are the register's statuses past approval.
const registeredStatuses = `('registered', 'active', 'rectifying', 'suspended')`

const funnelSums = `COUNT(*),
	SUM(CASE WHEN a.screened_at IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN a.admitted_at IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN a.status = 'graduated' THEN 1 ELSE 0 END),
	SUM(CASE WHEN o.status IN ` + registeredStatuses + ` THEN 1 ELSE 0 END)`

// Funnels returns the funnel per site and per township (the township the
// team works in) over the sites p runs.
func (s *Service) Funnels(ctx context.Context, p *tiaojie.Principal) (bySite, byTownship []Funnel, err error) {
	if err := needManage(p); err != nil {
		return nil, nil, s.settle(ctx, p, "incubation.funnel", objApp, 0, err)
	}
	var w db.Where
	staffScope(p, &w)
	from := ` FROM incubation_applications a JOIN incubation_sites si ON si.id = a.site_id LEFT JOIN orgs o ON o.id = a.org_id WHERE ` + w.String()
	if bySite, err = s.funnel(ctx, `SELECT CAST(si.id AS TEXT), si.name, `+funnelSums+from+` GROUP BY si.id, si.name ORDER BY si.id`, w.Args()); err != nil {
		return nil, nil, err
	}
	byTownship, err = s.funnel(ctx, `SELECT a.township, '', `+funnelSums+from+` GROUP BY a.township ORDER BY a.township`, w.Args())
	return bySite, byTownship, err
}

func (s *Service) funnel(ctx context.Context, q string, args []any) ([]Funnel, error) {
	rows, err := s.db.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Funnel
	for rows.Next() {
		var f Funnel
		if err := rows.Scan(&f.Key, &f.Name, &f.Applied, &f.Screened, &f.Admitted, &f.Graduated, &f.Registered); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
