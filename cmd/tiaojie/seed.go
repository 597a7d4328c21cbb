package main

import (
	"context"
	"fmt"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
)

// demoPassword is the password of every demo account. Demo data goes only
// into an empty database, and a server started without --demo on a
// database that holds demo data warns at every start.
const demoPassword = "Demo#2026cm"

// demoAccount is one account of the demo data.
type demoAccount struct {
	login, name string
	grants      []tiaojie.Grant
}

func demoAccounts(d *tiaojie.District) []demoAccount {
	first := d.Townships[0]
	return []demoAccount{
		{"admin", "系统管理员（演示）", []tiaojie.Grant{{Role: tiaojie.RoleAdmin}}},
		{"auditor", "审计管理员（演示）", []tiaojie.Grant{{Role: tiaojie.RoleAuditor}}},
		{"bureau", d.Bureau.Name + "（演示）", []tiaojie.Grant{{Role: tiaojie.RoleBureau}}},
		{"township", first.JusticeOffice.Name + "（演示）", []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: first.Code}}},
	}
}

func seedCmd(ctx context.Context, e *env, args []string) error {
	var c common
	f := newFlags("seed", e, "seed [flags]")
	c.register(f)
	if err := f.Parse(args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, c, appOptions{migrate: true, demo: true})
	if err != nil {
		return err
	}
	defer a.close()
	return seedDemo(ctx, a, e)
}

// seedDemo loads the demo accounts into an empty database and prints them.
// A database that has accounts already is left alone.
func seedDemo(ctx context.Context, a *app, e *env) error {
	var n int
	if err := a.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return err
	}
	accounts := demoAccounts(a.district)
	if n > 0 && !hasDemoData(ctx, a) {
		return fmt.Errorf("the database has accounts already; demo data goes only into an empty database")
	}
	if n == 0 {
		for _, acc := range accounts {
			_, err := a.auth.CreateUser(ctx, tiaojie.System(), auth.NewUser{
				Login: acc.login, DisplayName: acc.name, Password: demoPassword, Grants: acc.grants})
			if err != nil {
				return fmt.Errorf("demo account %s: %w", acc.login, err)
			}
		}
		err := a.db.InTx(ctx, func(tx *db.Tx) error {
			return a.audit.Record(ctx, tx, tiaojie.System(), audit.Event{Action: "seed.demo"})
		})
		if err != nil {
			return err
		}
		a.log.Info("demo data loaded", "accounts", len(accounts))
	}
	fmt.Fprintf(e.stdout, "Demo accounts (password %s; staff set up an authenticator app at first login):\n", demoPassword)
	for _, acc := range accounts {
		fmt.Fprintf(e.stdout, "  %-10s %s\n", acc.login, acc.name)
	}
	fmt.Fprintln(e.stdout, "Members of the public log in with any mobile number; the text-message code is written to the log.")
	return nil
}

// warnDemoData warns when a server runs without --demo on a database that
// was seeded with the demo accounts and their published password.
func warnDemoData(ctx context.Context, a *app) {
	if hasDemoData(ctx, a) {
		a.log.Warn("this database holds demo accounts with a published password; do not use it in production")
	}
}

// hasDemoData reports whether the demo data was loaded into the database.
func hasDemoData(ctx context.Context, a *app) bool {
	var n int
	err := a.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'seed.demo'`).Scan(&n)
	return err == nil && n > 0
}
