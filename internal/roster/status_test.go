package roster_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/roster"
)

// TestStatusTransitions walks a mediator through suspension,
// reinstatement and removal, checking who may do what, the history, the
// audit trail, the public roster and assignability at each step.
func TestStatusTransitions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		id := e.create(t, input("冯军", cq))
		onPublicRoster := func() bool {
			t.Helper()
			page, err := e.svc.Directory(ctx, roster.DirectoryQuery{})
			if err != nil {
				t.Fatal(err)
			}
			_, errPage := e.svc.PublicMediator(ctx, id)
			cards, err := e.svc.OrgMediators(ctx, cq)
			if err != nil {
				t.Fatal(err)
			}
			in := len(page.Cards) == 1 && len(cards) == 1
			if in != (errPage == nil) || (errPage != nil && !tiaojie.IsKind(errPage, tiaojie.NotFound)) {
				t.Errorf("Directory (%d), OrgMediators (%d) and PublicMediator (%v) disagree", len(page.Cards), len(cards), errPage)
			}
			return in
		}
		if !onPublicRoster() || e.svc.Assignable(ctx, id, cq) != nil {
			t.Fatal("a new public mediator is not on the public roster or not assignable")
		}

		steps := []struct {
			p                *tiaojie.Principal
			to               tiaojie.MediatorStatus
			reason, decision string
			want             string // kindCode of the error
		}{
			{orgAdmin(cq), tiaojie.MediatorSuspended, "投诉", "", "forbidden error.forbidden"},
			{bzOffice, tiaojie.MediatorSuspended, "投诉", "", "not_found error.not_found"},
			{cqOffice, tiaojie.MediatorSuspended, " ", "", "invalid reason:mediator.reason_required"},
			{cqOffice, tiaojie.MediatorSuspended, "当事人投诉，暂停调查", "", ""},
			{cqOffice, tiaojie.MediatorSuspended, "再次暂停", "", "conflict mediator.bad_transition"},
			{cqOffice, tiaojie.MediatorActive, "调查完毕", "", ""},
			{cqOffice, tiaojie.MediatorRemoved, "收受财物", "崇司调〔2026〕1号", "forbidden mediator.removal_bureau_only"},
			{bureau, tiaojie.MediatorRemoved, "收受财物", "", "invalid decision:mediator.decision_required"},
			{bureau, tiaojie.MediatorRemoved, "收受财物", "崇司调〔2026〕1号", ""},
			{bureau, tiaojie.MediatorActive, "撤销除名", "", "conflict mediator.bad_transition"},
			{bureau, tiaojie.MediatorSuspended, "再议", "", "conflict mediator.bad_transition"},
		}
		for i, st := range steps {
			err := e.svc.SetStatus(ctx, st.p, id, st.to, st.reason, st.decision)
			if got := kindCode(err); got != st.want {
				t.Errorf("step %d: %s → %s = %q, want %q", i, st.p.Name, st.to, got, st.want)
			}
			if i == 3 {
				if onPublicRoster() {
					t.Error("a suspended mediator is on the public roster")
				}
				if err := e.svc.Assignable(ctx, id, cq); kindCode(err) != "conflict mediator.suspended" {
					t.Errorf("Assignable while suspended = %v", err)
				}
			}
			if i == 5 && (!onPublicRoster() || e.svc.Assignable(ctx, id, cq) != nil) {
				t.Error("a reinstated mediator is not back")
			}
		}
		if onPublicRoster() {
			t.Error("a removed mediator is on the public roster")
		}
		if err := e.svc.Assignable(ctx, id, cq); kindCode(err) != "conflict mediator.removed" {
			t.Errorf("Assignable after removal = %v", err)
		}
		if err := e.svc.Update(ctx, bureau, id, input("冯军", cq), 4); kindCode(err) != "conflict mediator.removed" {
			t.Errorf("editing a removed mediator = %v", err)
		}
		if _, err := e.svc.SetPhoto(ctx, bureau, id, pngUpload(t, "a.png")); kindCode(err) != "conflict mediator.removed" {
			t.Errorf("a photo for a removed mediator = %v", err)
		}
		m, _ := e.svc.Get(ctx, bureau, id)
		if m.Status != tiaojie.MediatorRemoved || m.StatusDecision != "崇司调〔2026〕1号" || m.StatusReason != "收受财物" || m.StatusAt.IsZero() {
			t.Errorf("removed mediator = %+v", m)
		}
		history, err := e.svc.History(ctx, cqOffice, id)
		if err != nil {
			t.Fatal(err)
		}
		want := []roster.Transition{
			{From: "active", To: "suspended", Reason: "当事人投诉，暂停调查", ActorID: 3, Actor: "cq.office"},
			{From: "suspended", To: "active", Reason: "调查完毕", ActorID: 3, Actor: "cq.office"},
			{From: "active", To: "removed", Reason: "收受财物", Decision: "崇司调〔2026〕1号", ActorID: 1, Actor: "bureau"},
		}
		if diff := cmp.Diff(want, history, cmpopts.IgnoreFields(roster.Transition{}, "At")); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
		var ok, denied int
		for _, r := range e.auditRows(t, "mediator.status") {
			switch r.Outcome {
			case "ok":
				ok++
			case "denied":
				denied++
			}
		}
		if ok != 3 || denied != 2 {
			t.Errorf("status audit rows: %d ok, %d denied; want 3 and 2", ok, denied)
		}
	})
}

// TestAssignable covers the organization's side: a member of a suspended
// organization cannot be assigned, nor can anyone be assigned to an
// organization they do not serve.
func TestAssignable(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		bz := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusRectifying)
		id := e.create(t, input("褚红", cq, bz))
		hidden := input("不公开", cq)
		hidden.Public = false
		private := e.create(t, hidden)
		for _, tc := range []struct {
			mediator, org int64
			want          string
		}{
			{id, cq, ""},
			{id, bz, ""}, // 整改 still serves
			{private, cq, ""},
			{private, bz, "conflict mediator.not_member"},
			{id + 100, cq, "not_found error.not_found"},
		} {
			if got := kindCode(e.svc.Assignable(ctx, tc.mediator, tc.org)); got != tc.want {
				t.Errorf("Assignable(%d, %d) = %q, want %q", tc.mediator, tc.org, got, tc.want)
			}
		}
		e.setOrgStatus(t, bz, tiaojie.StatusSuspended)
		if got := kindCode(e.svc.Assignable(ctx, id, bz)); got != "conflict mediator.org_not_public" {
			t.Errorf("Assignable in a suspended organization = %q", got)
		}
		err := d.InTx(ctx, func(tx *db.Tx) error { return e.svc.AssignableTx(ctx, tx, id, cq) })
		if err != nil {
			t.Errorf("AssignableTx: %v", err)
		}
	})
}

// TestPhoto: photos are checked images; a photo is public exactly while
// its mediator is on the public roster, and a replaced photo stops being
// public.
func TestPhoto(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		id := e.create(t, input("卫兰", cq))
		isPublic := func(key string) bool {
			t.Helper()
			_, _, err := e.files.Public(ctx, d.Reader(), key)
			if err != nil && !tiaojie.IsKind(err, tiaojie.NotFound) {
				t.Fatal(err)
			}
			return err == nil
		}
		bad := files.Upload{Filename: "photo.jpg", Body: bytes.NewReader(bytes.Repeat([]byte("x"), 100))}
		if _, err := e.svc.SetPhoto(ctx, orgAdmin(cq), id, bad); !strings.HasPrefix(kindCode(err), "invalid file:") {
			t.Errorf("a non-image photo = %v", err)
		}
		first, err := e.svc.SetPhoto(ctx, orgAdmin(cq), id, pngUpload(t, "卫兰.png"))
		if err != nil {
			t.Fatal(err)
		}
		if !isPublic(first) {
			t.Error("the photo of a public mediator is not public")
		}
		second, err := e.svc.SetPhoto(ctx, orgAdmin(cq), id, pngUpload(t, "卫兰2.png"))
		if err != nil {
			t.Fatal(err)
		}
		if isPublic(first) || !isPublic(second) {
			t.Error("replacing the photo: the old one must stop being public, the new one be public")
		}
		m, _ := e.svc.Get(ctx, bureau, id)
		if m.Photo != second {
			t.Errorf("photo = %q, want %q", m.Photo, second)
		}
		hide := input("卫兰", cq)
		hide.Public = false
		if err := e.svc.Update(ctx, bureau, id, hide, m.Version); err != nil {
			t.Fatal(err)
		}
		if isPublic(second) {
			t.Error("the photo of a mediator taken off the public roster is still public")
		}
		if err := e.svc.Update(ctx, bureau, id, input("卫兰", cq), m.Version+1); err != nil {
			t.Fatal(err)
		}
		if !isPublic(second) {
			t.Error("the photo did not become public again with its mediator")
		}
		if err := e.svc.SetStatus(ctx, bureau, id, tiaojie.MediatorRemoved, "违法调解", "崇司调〔2026〕2号"); err != nil {
			t.Fatal(err)
		}
		if isPublic(second) {
			t.Error("the photo of a removed mediator is still public")
		}
		if _, err := e.svc.SetPhoto(ctx, bzOffice, id, pngUpload(t, "x.png")); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("another township's photo upload = %v", err)
		}
		if got := len(e.auditRows(t, "mediator.photo")); got != 2 {
			t.Errorf("%d photo audit rows, want 2", got)
		}
	})
}
