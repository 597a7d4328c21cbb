package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
)

// userCmd manages accounts from the command line: the way in for the first
// administrator of a production installation, and for recovery when no
// administrator can log in. It acts as the system and is audited as such.
func userCmd(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: tiaojie user add|passwd|grant|list [flags]")
	}
	var c common
	var login, name, role, township, password, email string
	var org int64
	f := newFlags("user "+args[0], e, "user "+args[0]+" [flags]")
	c.register(f)
	f.StringVar(&login, "login", "", "account name")
	f.StringVar(&name, "name", "", "display name (add)")
	f.StringVar(&email, "email", "", "email address (add)")
	f.StringVar(&role, "role", "", "role to grant: "+roleList())
	f.StringVar(&township, "township", "", "township code, for the township_office role")
	f.Int64Var(&org, "org", 0, "organization number, for organization roles")
	f.StringVar(&password, "password", "", "password; when empty it is read from the first line of standard input")
	if err := f.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, e, c, appOptions{migrate: true})
	if err != nil {
		return err
	}
	defer a.close()
	sys := tiaojie.System()
	grant := tiaojie.Grant{Role: tiaojie.Role(role), Township: township, OrgID: org}
	switch args[0] {
	case "add":
		if password == "" {
			if password, err = readLine(e); err != nil {
				return err
			}
		}
		var grants []tiaojie.Grant
		if role != "" {
			grants = append(grants, grant)
		}
		id, err := a.auth.CreateUser(ctx, sys, auth.NewUser{Login: login, DisplayName: name, Email: email, Password: password, Grants: grants})
		if err != nil {
			return explain(a, err)
		}
		fmt.Fprintf(e.stdout, "created account %s (id %d)\n", auth.NormalizeLogin(login), id)
	case "passwd":
		if password == "" {
			if password, err = readLine(e); err != nil {
				return err
			}
		}
		u, err := a.auth.UserByLogin(ctx, sys, login)
		if err != nil {
			return explain(a, err)
		}
		if err := a.auth.ResetPassword(ctx, sys, u.ID, password); err != nil {
			return explain(a, err)
		}
		fmt.Fprintf(e.stdout, "password of %s reset; it must be changed at the next login\n", u.Login)
	case "grant":
		u, err := a.auth.UserByLogin(ctx, sys, login)
		if err != nil {
			return explain(a, err)
		}
		if err := a.auth.SetGrants(ctx, sys, u.ID, append(u.Grants, grant)); err != nil {
			return explain(a, err)
		}
		fmt.Fprintf(e.stdout, "granted %s to %s\n", role, u.Login)
	case "list":
		users, _, err := a.auth.ListUsers(ctx, sys, auth.UserFilter{Limit: 200})
		if err != nil {
			return explain(a, err)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tLOGIN\tNAME\tSTATUS\tROLES\tTOTP")
		for _, u := range users {
			var roles []string
			for _, g := range u.Grants {
				roles = append(roles, string(g.Role))
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Login, u.DisplayName, u.Status, strings.Join(roles, ","), u.TOTPEnabled)
		}
		return tw.Flush()
	default:
		return fmt.Errorf("unknown user command %q: use add, passwd, grant or list", args[0])
	}
	return nil
}

func roleList() string {
	var s []string
	for _, r := range tiaojie.Roles() {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func readLine(e *env) (string, error) {
	fmt.Fprint(e.stderr, "password: ")
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given (use --password or write it to standard input)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// explain turns a domain error into an English sentence for the terminal,
// with each field problem on its own line.
func explain(a *app, err error) error {
	var b strings.Builder
	b.WriteString(a.catalog.Tm(i18n.En, route.Code(err), route.Args(err)))
	for _, f := range route.Fields(err) {
		fmt.Fprintf(&b, "\n  --%s: %s", f.Field, a.catalog.Tm(i18n.En, f.Code, f.Args))
	}
	if tiaojie.ErrorKind(err) == tiaojie.Internal {
		return fmt.Errorf("%s: %w", b.String(), err)
	}
	return errors.New(b.String())
}
