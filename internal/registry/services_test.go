package registry_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
)

// TestServiceList: entries, their validation, the free-by-law rule for
// prices, and the search index following the list.
func TestServiceList(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		committee := e.active(t, input("城桥镇人民调解委员会", chengqiao), "01")
		centre := e.active(t, commercial("崇明区商事调解中心"), "02")
		admin := orgAdmin(committee)

		for _, tc := range []struct {
			name string
			in   registry.ServiceInput
			want string
		}{
			{"no name", registry.ServiceInput{Name: "  "}, "service.name_length"},
			{"long name", registry.ServiceInput{Name: strings.Repeat("调", 101)}, "service.name_length"},
			{"long description", registry.ServiceInput{Name: "调解", Description: strings.Repeat("调", 2001)}, "service.description_length"},
			{"dispute type", registry.ServiceInput{Name: "调解", DisputeTypes: []string{"dragons"}}, "service.dispute_type_unknown"},
			{"price", registry.ServiceInput{Name: "加急调解", Price: ptr(money(500))}, "fee.free_by_law"},
		} {
			_, err := e.svc.AddService(ctx, admin, committee, tc.in)
			if code(err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		if n := e.count(t, `SELECT count(*) FROM services`); n != 0 {
			t.Fatalf("%d services after refusals", n)
		}
		_, err := e.svc.AddService(ctx, orgAdmin(centre), committee, registry.ServiceInput{Name: "调解"})
		wantCode(t, err, "error.not_found")

		free, err := e.svc.AddService(ctx, admin, committee, registry.ServiceInput{
			Name: "家事调解", Description: "赡养、抚养、继承纠纷上门调解", DisputeTypes: []string{"marriage_family"}, Position: 2,
			Price: ptr(tiaojie.Money(0)),
		})
		must(t, err)
		first, err := e.svc.AddService(ctx, admin, committee, registry.ServiceInput{Name: "邻里调解", Position: 1})
		must(t, err)
		paid, err := e.svc.AddService(ctx, orgAdmin(centre), centre, registry.ServiceInput{
			Name: "金融借款纠纷调解", Price: ptr(money(1_000)), PriceNote: "每方当事人", DisputeTypes: []string{"finance", "contract"},
		})
		must(t, err)
		_, err = e.svc.AddService(ctx, orgAdmin(centre), centre, registry.ServiceInput{Name: "x", Price: ptr(tiaojie.Money(-1))})
		wantCode(t, err, "service.price_negative")

		list, err := e.svc.Services(ctx, anon, committee)
		must(t, err)
		want := []registry.ServiceItem{
			{ID: first, OrgID: committee, Name: "邻里调解", Position: 1},
			{ID: free, OrgID: committee, Name: "家事调解", Description: "赡养、抚养、继承纠纷上门调解", DisputeTypes: []string{"marriage_family"}, Position: 2},
		}
		if diff := cmp.Diff(want, list, cmpopts.IgnoreFields(registry.ServiceItem{}, "CreatedAt", "UpdatedAt")); diff != "" {
			t.Errorf("services (-want +got):\n%s", diff)
		}
		found := func(q string) []int64 {
			t.Helper()
			page, err := e.svc.Directory(ctx, registry.DirectoryQuery{Q: q})
			must(t, err)
			var ids []int64
			for _, c := range page.Cards {
				ids = append(ids, c.ID)
			}
			return ids
		}
		if got := found("上门调解"); !cmp.Equal(got, []int64{committee}) {
			t.Errorf("service description not searchable: %v", got)
		}
		must(t, e.svc.UpdateService(ctx, admin, committee, free, registry.ServiceInput{Name: "家事调解", Description: "电话预约"}))
		if got := found("上门调解"); len(got) != 0 {
			t.Errorf("old service description still found: %v", got)
		}
		wantCode(t, e.svc.UpdateService(ctx, admin, committee, paid, registry.ServiceInput{Name: "偷改"}), "error.not_found")
		wantCode(t, e.svc.DeleteService(ctx, admin, committee, paid), "error.not_found")
		must(t, e.svc.DeleteService(ctx, orgAdmin(centre), centre, paid))
		if got := found("借款"); len(got) != 0 {
			t.Errorf("deleted service still found: %v", got)
		}
		for action, n := range map[string]int{"service.add": 3, "service.update": 1, "service.delete": 1} {
			if got := e.audits(t, action, audit.OK); got != n {
				t.Errorf("%s audited %d times, want %d", action, got, n)
			}
		}
		if got := e.audits(t, "service.add", audit.Denied); got != 1 {
			t.Errorf("refused addition audited %d times", got)
		}
	})
}
