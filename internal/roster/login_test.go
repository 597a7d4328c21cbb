package roster_test

import (
	"context"
	"testing"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
)

func TestSetLogin(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		cq := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.StatusActive)
		bz := e.org(t, "堡镇人民调解委员会", baozhen, tiaojie.StatusActive)
		a := e.create(t, input("王调解", cq))
		b := e.create(t, input("李调解", cq))
		user := func(login string, role tiaojie.Role, org int64) int64 {
			var id int64
			if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
				login, start).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Writer().Exec(`INSERT INTO user_roles (user_id, role, org_id, granted_at) VALUES ($1, $2, $3, $4)`,
				id, string(role), org, start); err != nil {
				t.Fatal(err)
			}
			return id
		}
		wang := user("wang", tiaojie.RoleMediator, cq)
		elsewhere := user("zhao", tiaojie.RoleMediator, bz)
		admin := user("boss", tiaojie.RoleOrgAdmin, cq)

		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			id   int64
			user int64
			want string
		}{
			{"the mediator role elsewhere", bureau, a, elsewhere, "invalid user_id:mediator.login_role"},
			{"not a mediator account", bureau, a, admin, "invalid user_id:mediator.login_role"},
			{"another township's office", bzOffice, a, wang, "not_found error.not_found"},
			{"no permission", mediatorUser(cq), a, wang, "forbidden error.forbidden"},
			{"linked", cqOffice, a, wang, ""},
			{"one entry per account", bureau, b, wang, "invalid user_id:mediator.login_taken"},
			{"unlinked", orgAdmin(cq), a, 0, ""},
			{"linked again", orgAdmin(cq), b, wang, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := e.svc.SetLogin(ctx, tc.p, tc.id, tc.user)
				if got := kindCode(err); got != tc.want {
					t.Fatalf("err = %q, want %q", got, tc.want)
				}
			})
		}
		var linked int64
		if err := d.Reader().QueryRow(`SELECT id FROM mediators WHERE user_id = $1`, wang).Scan(&linked); err != nil || linked != b {
			t.Fatalf("linked to %d (%v), want %d", linked, err, b)
		}
		if n := len(e.auditRows(t, "mediator.login")); n != 4 {
			t.Errorf("%d audit rows of mediator.login, want 3 changes and the refusal", n)
		}
	})
}
