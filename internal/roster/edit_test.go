package roster_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/roster"
)

// TestCreateValidation: every rule of MediatorInput gives its field error,
// and a refused input writes nothing.
func TestCreateValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		gone := e.org(t, "已注销调解委员会", chengqiao, tiaojie.StatusDissolved)
		abandoned := e.org(t, "撤回申请调解中心", chengqiao, tiaojie.StatusWithdrawn)
		e.create(t, roster.MediatorInput{Name: "已登记", IDNumber: womanID, Orgs: input("", cq).Orgs})
		before := e.count(t, `SELECT count(*) FROM mediators`)

		badCheck := manID[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", manID[17])+1)%11])
		future := withCheck("31023020300101001") // born 2030
		for _, tc := range []struct {
			name string
			edit func(*roster.MediatorInput)
			want string // field:code
		}{
			{"name too short", func(in *roster.MediatorInput) { in.Name = " 王 " }, "name:mediator.name_length"},
			{"name too long", func(in *roster.MediatorInput) { in.Name = strings.Repeat("王", 31) }, "name:mediator.name_length"},
			{"bad check digit", func(in *roster.MediatorInput) { in.IDNumber = badCheck }, "id_number:idcard.checksum"},
			{"future birth date", func(in *roster.MediatorInput) { in.IDNumber = future }, "id_number:idcard.birthdate"},
			{"short id number", func(in *roster.MediatorInput) { in.IDNumber = "3102301975" }, "id_number:idcard.length"},
			{"gender mismatch", func(in *roster.MediatorInput) { in.IDNumber, in.Gender = manID, "female" }, "gender:mediator.gender_mismatch"},
			{"unknown gender", func(in *roster.MediatorInput) { in.Gender = "x" }, "gender:mediator.gender_unknown"},
			{"bad phone", func(in *roster.MediatorInput) { in.Phone = "12345" }, "phone:phone.format"},
			{"unknown background", func(in *roster.MediatorInput) { in.Background = "astrology" }, "background:mediator.background_unknown"},
			{"certificates too long", func(in *roster.MediatorInput) { in.Certificates = strings.Repeat("证", 1001) }, "certificates:mediator.certificates_length"},
			{"bio too long", func(in *roster.MediatorInput) { in.Bio = strings.Repeat("简", 2001) }, "bio:mediator.bio_length"},
			{"practice before 1950", func(in *roster.MediatorInput) { in.PracticeSince = 1949 }, "practice_since:mediator.practice_since"},
			{"practice next year", func(in *roster.MediatorInput) { in.PracticeSince = 2027 }, "practice_since:mediator.practice_since"},
			{"grade 5", func(in *roster.MediatorInput) { in.Grade = 5 }, "grade:mediator.grade"},
			{"unknown specialty", func(in *roster.MediatorInput) { in.Specialties = []string{"marriage_family", "astrology"} }, "specialties:mediator.specialty_unknown"},
			{"unknown language", func(in *roster.MediatorInput) { in.Languages = []string{"klingon"} }, "languages:mediator.language_unknown"},
			{"no organization", func(in *roster.MediatorInput) { in.Orgs = nil }, "orgs:mediator.org_required"},
			{"organization twice", func(in *roster.MediatorInput) { in.Orgs = append(in.Orgs, in.Orgs[0]) }, "orgs[1].org_id:mediator.org_duplicate"},
			{"unknown position", func(in *roster.MediatorInput) { in.Orgs[0].Position = "boss" }, "orgs[0].position:mediator.position_unknown"},
			{"unknown organization", func(in *roster.MediatorInput) { in.Orgs[0].OrgID = 9999 }, "orgs[0].org_id:mediator.org_unknown"},
			{"dissolved organization", func(in *roster.MediatorInput) { in.Orgs[0].OrgID = gone }, "orgs[0].org_id:mediator.org_closed"},
			{"withdrawn organization", func(in *roster.MediatorInput) { in.Orgs[0].OrgID = abandoned }, "orgs[0].org_id:mediator.org_closed"},
			{"duplicate person", func(in *roster.MediatorInput) {
				in.IDNumber = fullWidth(womanID[:6]) + " " + womanID[6:] // the same number, typed with a Chinese input method
			}, "id_number:mediator.id_taken"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := input("李明", cq)
				tc.edit(&in)
				_, err := e.svc.Create(ctx, bureau, in)
				if !tiaojie.IsKind(err, tiaojie.Invalid) || !slices.Contains(fieldCodes(err), tc.want) {
					t.Errorf("Create = %v, want field error %s", err, tc.want)
				}
			})
		}
		if n := e.count(t, `SELECT count(*) FROM mediators`); n != before {
			t.Errorf("refused inputs left %d rows, want %d", n, before)
		}
	})
}

// TestCreateAndGet: a created mediator reads back normalized, with its
// gender taken from the identity number, and masked.
func TestCreateAndGet(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		in := roster.MediatorInput{
			Name: "  王芳 ", IDNumber: womanID, Phone: "+86 138-1234-5678", Background: "law",
			Certificates: "法律职业资格证书", PracticeSince: 2010, Grade: 2, Bio: "长期从事婚姻家庭纠纷调解。",
			Specialties: []string{"neighbour", "marriage_family", "neighbour"}, Languages: []string{"chongming", "mandarin"},
			Public: true, Orgs: []roster.Membership{{OrgID: cq, Position: roster.PositionFullTime}},
		}
		id, err := e.svc.Create(ctx, bureau, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Get(ctx, bureau, id)
		if err != nil {
			t.Fatal(err)
		}
		want := &roster.Mediator{
			ID: id, Name: "王芳", Gender: "female", IDNumberMasked: womanID[:3] + "***********" + womanID[14:],
			PhoneMasked: "138****5678", Background: "law", Certificates: "法律职业资格证书", PracticeSince: 2010, Grade: 2,
			Specialties: []string{"marriage_family", "neighbour"}, Languages: []string{"mandarin", "chongming"},
			Bio: "长期从事婚姻家庭纠纷调解。", Public: true, Status: tiaojie.MediatorActive,
			Orgs: []roster.OrgMembership{{OrgID: cq, OrgName: "城桥镇人民调解委员会", Township: chengqiao,
				OrgStatus: tiaojie.StatusActive, Position: roster.PositionFullTime, JoinedAt: start}},
			CreatedAt: start, UpdatedAt: start, Version: 1,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Get (-want +got):\n%s", diff)
		}
		rows := e.auditRows(t, "mediator.create")
		if len(rows) != 1 || rows[0].ObjectID != itoa(id) || !strings.Contains(rows[0].Detail, "138****5678") {
			t.Errorf("audit = %+v", rows)
		}
		if _, err := e.svc.Get(ctx, bureau, id+100); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("Get missing = %v, want not found", err)
		}
	})
}

// TestOptimisticLock: an edit based on an old version is refused, so two
// editors cannot silently overwrite each other.
func TestOptimisticLock(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		id := e.create(t, input("赵刚", cq))
		first, second := input("赵刚", cq), input("赵刚", cq)
		first.Grade, second.Grade = 1, 3
		if err := e.svc.Update(ctx, bureau, id, first, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Update(ctx, cqOffice, id, second, 1); kindCode(err) != "conflict mediator.stale" {
			t.Errorf("stale Update = %v, want mediator.stale", err)
		}
		m, _ := e.svc.Get(ctx, bureau, id)
		if m.Grade != 1 || m.Version != 2 {
			t.Errorf("after the stale edit: grade %d version %d, want 1 and 2", m.Grade, m.Version)
		}
		if err := e.svc.Update(ctx, cqOffice, id, second, m.Version); err != nil {
			t.Errorf("Update at the current version: %v", err)
		}
		if err := e.svc.Update(ctx, bureau, id+100, second, 1); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("Update missing = %v, want not found", err)
		}
		if got := e.auditRows(t, "mediator.update"); len(got) != 2 || !strings.Contains(got[0].Detail, `"fields":"grade"`) {
			t.Errorf("audit = %+v", got)
		}
	})
}

// TestUpdateIdentity: an edit without an identity number keeps the stored
// one (and its gender rule), a new one replaces it, Clear removes it.
func TestUpdateIdentity(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		in := input("孙丽", cq)
		in.IDNumber, in.Phone = womanID, "13812345678"
		id := e.create(t, in)
		keep := input("孙丽", cq)
		keep.Gender = "male"
		if err := e.svc.Update(ctx, bureau, id, keep, 1); kindCode(err) != "invalid gender:mediator.gender_mismatch" {
			t.Errorf("gender against the stored number = %v", err)
		}
		keep.Gender = ""
		if err := e.svc.Update(ctx, bureau, id, keep, 1); err != nil {
			t.Fatal(err)
		}
		m, _ := e.svc.Get(ctx, bureau, id)
		if m.Gender != "female" || m.IDNumberMasked == "" || m.PhoneMasked != "138****5678" {
			t.Errorf("kept: %+v", m)
		}
		other := e.create(t, roster.MediatorInput{Name: "周强", IDNumber: manID, Orgs: input("", cq).Orgs})
		taken := input("孙丽", cq)
		taken.IDNumber = manID
		if err := e.svc.Update(ctx, bureau, id, taken, 2); kindCode(err) != "invalid id_number:mediator.id_taken" {
			t.Errorf("another person's number = %v (other %d)", err, other)
		}
		clear := input("孙丽", cq)
		clear.ClearIDNumber, clear.ClearPhone = true, true
		if err := e.svc.Update(ctx, bureau, id, clear, 2); err != nil {
			t.Fatal(err)
		}
		m, _ = e.svc.Get(ctx, bureau, id)
		if m.IDNumberMasked != "" || m.PhoneMasked != "" || e.count(t, `SELECT count(*) FROM mediators WHERE id = $1 AND id_number_idx IS NULL AND id_number_enc IS NULL AND phone_enc IS NULL`, id) != 1 {
			t.Errorf("cleared: %+v", m)
		}
	})
}

// itoa formats an id as the audit trail does.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// fullWidth writes ASCII digits as full-width ones (０–９).
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}
