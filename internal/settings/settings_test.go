package settings_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/keys"
	"tiaojie/internal/settings"
)

var (
	bureau   = &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	township = &tiaojie.Principal{UserID: 2, Name: "cq.office", MFA: true,
		Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: "310151101"}}}
)

func newService(t *testing.T, d *db.DB) *settings.Service {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC))
	return settings.New(settings.Deps{DB: d, Audit: audit.New(m, c), Clock: c})
}

// kindCode is an error as "kind code" with its fields, "" for nil.
func kindCode(err error) string {
	if err == nil {
		return ""
	}
	e, ok := err.(*tiaojie.Error)
	if !ok {
		return err.Error()
	}
	s := e.Kind.String() + " " + e.Code
	for _, f := range e.Fields {
		s += " " + f.Field + ":" + f.Code
	}
	return s
}

// TestPolicy: the defaults until the bureau sets a policy; only the
// bureau may, within the bounds; every change and refusal is audited,
// a change with the old and new values.
func TestPolicy(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		got, err := s.Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tiaojie.DefaultPolicy(), got); diff != "" {
			t.Errorf("policy of a new district (-want +got):\n%s", diff)
		}
		for _, tc := range []struct {
			p    *tiaojie.Principal
			pol  tiaojie.Policy
			want string
		}{
			{township, tiaojie.DefaultPolicy().WithTraining(24), "forbidden error.forbidden"},
			{tiaojie.Anonymous(), tiaojie.DefaultPolicy().WithTraining(24), "forbidden error.forbidden"},
			{bureau, tiaojie.DefaultPolicy().WithTraining(-1), "invalid error.invalid_input training_hours_required:policy.training_hours_required"},
			{bureau, tiaojie.DefaultPolicy().WithTraining(201), "invalid error.invalid_input training_hours_required:policy.training_hours_required"},
			{bureau, tiaojie.DefaultPolicy().WithTraining(24), ""},
			{bureau, tiaojie.DefaultPolicy().WithTraining(200), ""},
			{bureau, tiaojie.DefaultPolicy(), ""},
			{bureau, tiaojie.DefaultPolicy().WithTraining(12), ""},
		} {
			if got := kindCode(s.SetPolicy(ctx, tc.p, tc.pol)); got != tc.want {
				t.Errorf("%s sets %+v: %q, want %q", tc.p.Name, tc.pol, got, tc.want)
			}
		}
		got, err = s.Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.TrainingHoursRequired != 12 {
			t.Errorf("policy = %+v, want 12 hours", got)
		}
		// Other services read it inside their transactions.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			in, err := settings.Load(ctx, tx)
			if err == nil && cmp.Diff(in, got) != "" {
				t.Errorf("Load in a transaction = %+v, want %+v", in, got)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		rows, err := d.Reader().Query(`SELECT actor, outcome, detail FROM audit_log WHERE action = 'settings.policy' ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var trail []string
		for rows.Next() {
			var actor, outcome, detail string
			if err := rows.Scan(&actor, &outcome, &detail); err != nil {
				t.Fatal(err)
			}
			trail = append(trail, actor+" "+outcome+" "+detail)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(trail) != 6 {
			t.Fatalf("audit trail:\n%v", trail)
		}
		want := `bureau ok {"training_hours_required":"0 → 24"}`
		if trail[2] != want {
			t.Errorf("first change audited as\n%s\nwant\n%s", trail[2], want)
		}
		if trail[0][:len("cq.office denied")] != "cq.office denied" {
			t.Errorf("refusal audited as %s", trail[0])
		}
	})
}

// TestLoadOverDefaults: a stored document that lacks a setting (written
// before the setting existed) reads with the setting's default, and one
// with a setting this release does not know still reads.
func TestLoadOverDefaults(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, value := range []string{`{}`, `{"training_hours_required": 16, "star_levels": 5}`} {
			_, err := d.Writer().Exec(`
				INSERT INTO settings (key, value, updated_by, updated_at) VALUES ('policy', $1, 0, $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, value, time.Now().UTC())
			if err != nil {
				t.Fatal(err)
			}
			got, err := settings.Load(ctx, d.Reader())
			if err != nil {
				t.Fatalf("%s: %v", value, err)
			}
			want := tiaojie.DefaultPolicy()
			if value != `{}` {
				want.TrainingHoursRequired = 16
			}
			if cmp.Diff(got, want) != "" {
				t.Errorf("%s reads as %+v, want %+v", value, got, want)
			}
		}
	})
}
