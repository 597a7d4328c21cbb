package demo

import (
	"context"
	"fmt"

	"tiaojie"
	"tiaojie/internal/experts"
	"tiaojie/internal/registry"
)

// The expert pool demo (SPEC C11): a handful of experts without logins,
// with their fields, two of them tied to organizations, beside the
// experts with logins that the rating demo creates (ExpertAccounts,
// rating.go). Both go through experts.Service as the platform.

// ExpertDeps are what LoadExperts works with.
type ExpertDeps struct {
	Experts  *experts.Service
	Registry *registry.Service
}

// poolExperts are the demo pool's experts without logins.
var poolExperts = []experts.Input{
	{Name: "王立群", Title: "副教授", Employer: "上海政法学院", Fields: []string{"社会治理", "调解理论"}},
	{Name: "赵海燕", Title: "注册会计师", Employer: "崇明区某会计师事务所", Fields: []string{"财务审计", "社会组织财务"}},
	{Name: "孙卫东", Title: "退休法官", Employer: "", Fields: []string{"民事审判", "司法确认"}},
	{Name: "周慧", Title: "心理咨询师", Employer: "崇明区社会工作协会", Fields: []string{"婚姻家庭", "心理疏导"}},
}

// LoadExperts adds the pool's experts without logins and ties two of them
// to operating organizations (an adviser, a relative). It returns how many
// experts it added.
func LoadExperts(ctx context.Context, d ExpertDeps) (int, error) {
	sys := tiaojie.System()
	orgs, _, err := d.Registry.List(ctx, sys, registry.StaffFilter{Status: tiaojie.StatusActive, Limit: 4})
	if err != nil {
		return 0, err
	}
	if len(orgs) < 2 {
		return 0, fmt.Errorf("demo: experts: %d active organizations, need 2", len(orgs))
	}
	ties := map[int]experts.Tie{
		0: {OrgID: orgs[0].ID, Kind: experts.TieAdviser, Note: "担任该调委会法律顾问"},
		3: {OrgID: orgs[1].ID, Kind: experts.TieRelative, Note: "配偶在该组织任调解员"},
	}
	for i, in := range poolExperts {
		id, err := d.Experts.Create(ctx, sys, in)
		if err != nil {
			return i, fmt.Errorf("demo: expert %s: %w", in.Name, err)
		}
		if t, ok := ties[i]; ok {
			if err := d.Experts.DeclareTie(ctx, sys, id, t); err != nil {
				return i, err
			}
		}
	}
	return len(poolExperts), nil
}
