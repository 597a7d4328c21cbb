package plan

import (
	"context"

	"tiaojie"
	"tiaojie/internal/db"
)

// The facts are read from other capabilities' tables, read-only: the
// incubation sites and applications (internal/incubation), the register
// (internal/registry) and its service lists. They are the platform's
// records, so the board never disagrees with the pages that keep them.

// movedIn are the statuses of an application whose team moved into its
// site: in residence, or graduated into the register from there.
const movedIn = `('in_residence', 'graduated')`

// Facts reads the platform's facts the plan's progress is computed from.
func Facts(ctx context.Context, q db.Queryer) (tiaojie.PlanFacts, error) {
	f := tiaojie.PlanFacts{Townships: map[string]tiaojie.TownshipFacts{}}
	var bases int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM incubation_sites WHERE kind = 'base' AND status = 'approved'`).Scan(&bases); err != nil {
		return f, err
	}
	f.BaseApproved = bases > 0
	if err := homes(ctx, q, f.Townships); err != nil {
		return f, err
	}
	residents, err := residents(ctx, q, f.Townships)
	if err != nil {
		return f, err
	}
	if err := registered(ctx, q, &f, residents); err != nil {
		return f, err
	}
	return f, featured(ctx, q, &f)
}

// homes marks the townships with an approved incubation home.
func homes(ctx context.Context, q db.Queryer, m map[string]tiaojie.TownshipFacts) error {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT township FROM incubation_sites WHERE kind = 'home' AND status = 'approved'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return err
		}
		f := m[code]
		f.HomeApproved = true
		m[code] = f
	}
	return rows.Err()
}

// resident is a team that moved into a township's home: the organization
// it graduated into (orgID), or the name it applied under (an
// organization registered while in residence, with the home's 登记协助,
// carries that name in the register, where names are unique).
type resident struct {
	township string
	orgID    int64
	name     string
}

// residents marks the townships whose approved home a team moved into and
// returns those teams.
func residents(ctx context.Context, q db.Queryer, m map[string]tiaojie.TownshipFacts) ([]resident, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT s.township, COALESCE(a.org_id, 0), a.org_name
		FROM incubation_applications a JOIN incubation_sites s ON s.id = a.site_id
		WHERE s.kind = 'home' AND s.status = 'approved' AND a.status IN `+movedIn)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []resident
	for rows.Next() {
		var r resident
		if err := rows.Scan(&r.township, &r.orgID, &r.name); err != nil {
			return nil, err
		}
		f := m[r.township]
		f.Resident = true
		m[r.township] = f
		out = append(out, r)
	}
	return out, rows.Err()
}

// registered counts the registered organizations (tiaojie.RegisteredForPlan)
// of each township (township and village level) and of the district level,
// and those of a township that moved into that township's home.
func registered(ctx context.Context, q db.Queryer, f *tiaojie.PlanFacts, residents []resident) error {
	rows, err := q.QueryContext(ctx, `SELECT id, name, township, level, legal_form, status FROM orgs
		WHERE status IN ('active', 'rectifying', 'suspended')`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, town, level, form, status string
		if err := rows.Scan(&id, &name, &town, &level, &form, &status); err != nil {
			return err
		}
		if !tiaojie.RegisteredForPlan(tiaojie.LegalForm(form), tiaojie.OrgStatus(status)) {
			continue
		}
		if tiaojie.OrgLevel(level) == tiaojie.LevelDistrict {
			f.DistrictOrgs++
			continue
		}
		t := f.Townships[town]
		t.Registered++
		for _, r := range residents {
			if r.township == town && (r.orgID == id || r.name == name) {
				t.InHome++
				break
			}
		}
		f.Townships[town] = t
	}
	return rows.Err()
}

// featured counts the featured public organizations and those of them
// with their brand materials: a logo and at least one service list entry.
func featured(ctx context.Context, q db.Queryer, f *tiaojie.PlanFacts) error {
	return q.QueryRowContext(ctx, `
		SELECT count(*), COALESCE(SUM(CASE WHEN o.logo_file IS NOT NULL
		         AND EXISTS (SELECT 1 FROM services v WHERE v.org_id = o.id) THEN 1 ELSE 0 END), 0)
		FROM orgs o WHERE o.featured = TRUE AND o.status IN ('active', 'rectifying')`).Scan(&f.Featured, &f.FeaturedBranded)
}
