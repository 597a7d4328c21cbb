package registry_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/registry"
)

// TestCreateValidation: each bad input is refused with its field code and
// creates nothing.
func TestCreateValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(t, bureau, input("城桥镇人民调解委员会", chengqiao))
		for _, tc := range []struct {
			name string
			edit func(*registry.OrgInput)
			want string
		}{
			{"short name", func(in *registry.OrgInput) { in.Name = "调" }, "name:org.name_length"},
			{"long name", func(in *registry.OrgInput) { in.Name = strings.Repeat("调", 101) }, "name:org.name_length"},
			{"taken", func(in *registry.OrgInput) { in.Name = " 城桥镇人民调解委员会 " }, "name:org.name_taken"},
			{"no type", func(in *registry.OrgInput) { in.Type = "" }, "type:org.type_unknown"},
			{"paid committee", func(in *registry.OrgInput) { in.Type = tiaojie.OrgCommercial }, "legal_form:org.committee_not_commercial"},
			{"township", func(in *registry.OrgInput) { in.Township = "310101001" }, "township:org.township_unknown"},
			{"specialty", func(in *registry.OrgInput) { in.Specialties = []string{"marriage_family", "astrology"} }, "specialties:org.specialty_unknown"},
			{"language", func(in *registry.OrgInput) { in.Languages = []string{"klingon"} }, "languages:org.language_unknown"},
			{"phone", func(in *registry.OrgInput) { in.ContactPhone = "call me" }, "contact_phone:org.phone_format"},
			{"phone digits", func(in *registry.OrgInput) { in.ContactPhone = "123" }, "contact_phone:org.phone_format"},
			{"email", func(in *registry.OrgInput) { in.Email = "a@" }, "email:org.email_format"},
			{"website", func(in *registry.OrgInput) { in.Website = "ftp://example.cn" }, "website:org.website_format"},
			{"description", func(in *registry.OrgInput) { in.Description = strings.Repeat("调", 5001) }, "description:org.description_length"},
			{"half coordinates", func(in *registry.OrgInput) { in.Latitude = ptr(31.6) }, "latitude:org.coordinates"},
			{"far coordinates", func(in *registry.OrgInput) { in.Latitude, in.Longitude = ptr(91.0), ptr(121.4) }, "latitude:org.coordinates"},
			{"founded tomorrow", func(in *registry.OrgInput) { in.FoundedAt = start.AddDate(0, 0, 2) }, "founded_at:org.founded_future"},
		} {
			in := input("新河镇人民调解委员会", xinhe)
			tc.edit(&in)
			_, err := e.svc.Create(context.Background(), bureau, in)
			if got := fieldCodes(err); !slices.Contains(got, tc.want) {
				t.Errorf("%s: got %v (%v), want %s", tc.name, got, err, tc.want)
			}
		}
		if n := e.count(t, `SELECT count(*) FROM orgs`); n != 1 {
			t.Errorf("%d organizations after refused creations", n)
		}
		for _, phone := range []string{"13916012345", "021-59621234", "59621234", "12348", "400-820-1234", "(021) 5962 1234-801"} {
			in := input("竖新镇人民调解委员会"+phone, "310151105")
			in.ContactPhone = phone
			if _, err := e.svc.Create(context.Background(), bureau, in); err != nil {
				t.Errorf("phone %q refused: %v", phone, err)
			}
		}
	})
}

// TestCreateScope: a township office opens organizations in its own
// township only; an organization admin opens none; both refusals are
// audited.
func TestCreateScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, err := e.svc.Create(ctx, bz, input("城桥镇某村人民调解委员会", chengqiao))
		wantCode(t, err, "error.forbidden")
		_, err = e.svc.Create(ctx, orgAdmin(1), input("城桥镇某村人民调解委员会", chengqiao))
		wantCode(t, err, "error.forbidden")
		if n := e.audits(t, "org.create", audit.Denied); n != 2 {
			t.Errorf("%d refusals audited", n)
		}
		id := e.create(t, bz, input("堡镇某村人民调解委员会", baozhen))
		o, err := e.svc.Get(ctx, bz, id)
		must(t, err)
		if o.Status != tiaojie.StatusPreparing || o.Version != 1 || o.CreatedBy != bz.UserID {
			t.Errorf("new organization %+v", o)
		}
		if diff := cmp.Diff([]string{"marriage_family", "neighbour"}, o.Specialties); diff != "" {
			t.Errorf("specialties in taxonomy order (-want +got):\n%s", diff)
		}
	})
}

// TestEditScope: who may read and edit which organization.
func TestEditScope(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		a := e.create(t, bureau, input("城桥镇甲村人民调解委员会", chengqiao))
		b := e.create(t, bureau, input("堡镇乙村人民调解委员会", baozhen))
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			id   int64
			read string // code of Get; "" allowed
			edit string // code of Update
		}{
			{"bureau", bureau, b, "", ""},
			{"own township", cq, a, "", ""},
			{"other township", cq, b, "error.not_found", "error.not_found"},
			{"own admin", orgAdmin(a), a, "", ""},
			{"other org's admin", orgAdmin(a), b, "error.not_found", "error.not_found"},
			{"mediator", mediatorOf(a), a, "", "error.forbidden"},
			{"public", anon, a, "error.forbidden", "error.forbidden"},
		} {
			_, err := e.svc.Get(ctx, tc.p, tc.id)
			if code(err) != tc.read {
				t.Errorf("%s: read %v, want %q", tc.name, err, tc.read)
			}
			before, _ := e.svc.Get(ctx, system, tc.id)
			in := input(before.Name, before.Township)
			in.Description = "新的简介：" + tc.name
			err = e.svc.Update(ctx, tc.p, tc.id, in, before.Version)
			if code(err) != tc.edit {
				t.Errorf("%s: edit %v, want %q", tc.name, err, tc.edit)
			}
			after, _ := e.svc.Get(ctx, system, tc.id)
			if changed := after.Description != before.Description; changed != (tc.edit == "") {
				t.Errorf("%s: description changed %v", tc.name, changed)
			}
		}
		if n := e.audits(t, "org.update", audit.Denied); n != 4 {
			t.Errorf("%d refused edits audited, want 4", n)
		}
		// Moving an organization needs a grant in the new township.
		o, _ := e.svc.Get(ctx, system, a)
		wantCode(t, e.svc.Update(ctx, cq, a, input(o.Name, baozhen), o.Version), "error.forbidden")
		wantCode(t, e.svc.Update(ctx, orgAdmin(a), a, input(o.Name, baozhen), o.Version), "error.forbidden")
		must(t, e.svc.Update(ctx, bureau, a, input(o.Name, baozhen), o.Version))
	})
}

// TestOptimisticLock: an edit based on an old version is refused and
// changes nothing.
func TestOptimisticLock(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.create(t, bureau, input("城桥镇人民调解委员会", chengqiao))
		o, err := e.svc.Get(ctx, bureau, id)
		must(t, err)
		first, second := input(o.Name, chengqiao), input(o.Name, chengqiao)
		first.ShortName, second.ShortName = "城桥调委会", "城桥"
		must(t, e.svc.Update(ctx, bureau, id, first, o.Version))
		wantCode(t, e.svc.Update(ctx, cq, id, second, o.Version), "org.stale")
		after, _ := e.svc.Get(ctx, bureau, id)
		if after.ShortName != "城桥调委会" || after.Version != o.Version+1 {
			t.Errorf("after the stale edit: short name %q, version %d", after.ShortName, after.Version)
		}
		if n := e.audits(t, "org.update", audit.OK); n != 1 {
			t.Errorf("%d edits audited", n)
		}
	})
}

// TestKindLockedAfterRegistration: type and legal form are fixed once
// pre-review passed; other fields stay editable; the index follows edits.
func TestKindLockedAfterRegistration(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		in := input("城桥镇人民调解委员会", chengqiao)
		id := e.active(t, in, "01")
		o, _ := e.svc.Get(ctx, bureau, id)
		in.LegalForm = tiaojie.FormOther
		wantCode(t, e.svc.Update(ctx, bureau, id, in, o.Version), "org.kind_locked")
		in.LegalForm = tiaojie.FormPeoplesCommittee
		in.Description = "专门调解物业纠纷。"
		must(t, e.svc.Update(ctx, bureau, id, in, o.Version))
		page, err := e.svc.Directory(ctx, registry.DirectoryQuery{Q: "物业"})
		must(t, err)
		if len(page.Cards) != 1 || page.Cards[0].ID != id {
			t.Errorf("edited description not searchable: %+v", page.Cards)
		}
		page, _ = e.svc.Directory(ctx, registry.DirectoryQuery{Q: "调解邻里"})
		if len(page.Cards) != 0 {
			t.Errorf("old description still found")
		}
	})
}

// TestLogo: a logo is a public image; a new one replaces the old, which
// stops being served; a document is not a logo.
func TestLogo(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.create(t, bureau, input("城桥镇人民调解委员会", chengqiao))
		wantCode(t, e.svc.SetLogo(ctx, orgAdmin(id), id, pdf("logo.pdf")), "files.type_not_allowed")
		wantCode(t, e.svc.SetLogo(ctx, orgAdmin(id), id, pngUpload(t, "logo.jpg")), "files.type_mismatch")
		if n := e.count(t, `SELECT count(*) FROM files`); n != 0 {
			t.Fatalf("%d files after refused logos", n)
		}
		must(t, e.svc.SetLogo(ctx, orgAdmin(id), id, pngUpload(t, "logo.png")))
		first, _ := e.svc.Get(ctx, bureau, id)
		must(t, e.svc.SetLogo(ctx, orgAdmin(id), id, pngUpload(t, "new.png")))
		second, _ := e.svc.Get(ctx, bureau, id)
		if second.Logo == "" || second.Logo == first.Logo {
			t.Fatalf("logos %q → %q", first.Logo, second.Logo)
		}
		if _, _, err := e.files.Public(ctx, e.db.Reader(), second.Logo); err != nil {
			t.Errorf("new logo not public: %v", err)
		}
		if _, _, err := e.files.Public(ctx, e.db.Reader(), first.Logo); code(err) != "error.not_found" {
			t.Errorf("old logo still served: %v", err)
		}
		wantCode(t, e.svc.SetLogo(ctx, cq, id+1, pngUpload(t, "x.png")), "error.not_found")
	})
}

// TestStaffList: scoped lists, filters, search, pagination and totals.
func TestStaffList(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		a := e.create(t, bureau, input("城桥镇甲村人民调解委员会", chengqiao))
		b := e.create(t, bureau, input("城桥镇乙村人民调解委员会", chengqiao))
		c := e.create(t, bureau, input("堡镇丙村人民调解委员会", baozhen))
		m := e.create(t, bureau, commercial("崇明区商事调解中心"))
		list := func(p *tiaojie.Principal, f registry.StaffFilter) ([]int64, int) {
			t.Helper()
			orgs, total, err := e.svc.List(ctx, p, f)
			must(t, err)
			var ids []int64
			for _, o := range orgs {
				ids = append(ids, o.ID)
			}
			return ids, total
		}
		for _, tc := range []struct {
			name  string
			p     *tiaojie.Principal
			f     registry.StaffFilter
			want  []int64
			total int
		}{
			{"bureau", bureau, registry.StaffFilter{}, []int64{m, c, b, a}, 4},
			{"township", cq, registry.StaffFilter{}, []int64{m, b, a}, 3},
			{"other township", bz, registry.StaffFilter{}, []int64{c}, 1},
			{"admin", orgAdmin(b), registry.StaffFilter{}, []int64{b}, 1},
			{"type", bureau, registry.StaffFilter{Type: tiaojie.OrgCommercial}, []int64{m}, 1},
			{"form and level", bureau, registry.StaffFilter{LegalForm: tiaojie.FormPeoplesCommittee, Level: tiaojie.LevelVillage, Township: chengqiao}, []int64{b, a}, 2},
			{"search", bureau, registry.StaffFilter{Q: "乙村"}, []int64{b}, 1},
			{"search in scope", bz, registry.StaffFilter{Q: "乙村"}, nil, 0},
			{"status", bureau, registry.StaffFilter{Status: tiaojie.StatusActive}, nil, 0},
			{"page", bureau, registry.StaffFilter{Limit: 2, Offset: 1}, []int64{c, b}, 4},
		} {
			got, total := list(tc.p, tc.f)
			if !slices.Equal(got, tc.want) || total != tc.total {
				t.Errorf("%s: %v (%d), want %v (%d)", tc.name, got, total, tc.want, tc.total)
			}
		}
		if _, _, err := e.svc.List(ctx, anon, registry.StaffFilter{}); code(err) != "error.forbidden" {
			t.Errorf("public list: %v", err)
		}
	})
}
