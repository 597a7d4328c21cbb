package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"tiaojie/internal/db"
)

// restoreCmd puts a backup back in place of the SQLite database. The
// server must be stopped. After the restore, the schema is migrated to this
// binary's version and the audit chain of the restored data is verified.
func restoreCmd(ctx context.Context, e *env, args []string) error {
	var c common
	var from string
	var force bool
	f := newFlags("restore", e, "restore --from FILE [--force] [flags]")
	c.register(f)
	f.StringVar(&from, "from", "", "backup file to restore")
	f.BoolVar(&force, "force", false, "replace an existing database")
	if err := f.Parse(args); err != nil {
		return err
	}
	if db.IsPostgres(c.Database) {
		return errors.New("restore of PostgreSQL is done with pg_restore or from a base backup; see 'tiaojie backup -h'")
	}
	if from == "" {
		return errors.New("--from is required")
	}
	if _, err := os.Stat(c.Database); err == nil && !force {
		return fmt.Errorf("%s exists; add --force to replace it (stop the server first)", c.Database)
	}
	if err := db.Restore(ctx, from, c.Database); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s from %s\n", c.Database, from)
	a, err := openApp(ctx, e, c, appOptions{migrate: true})
	if err != nil {
		return err
	}
	defer a.close()
	rep, err := a.audit.Verify(ctx, a.db)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("the restored audit trail is broken: %s", rep.Problems[0])
	}
	fmt.Fprintf(e.stdout, "audit trail verified: %d rows, last %d\n", rep.Rows, rep.Last)
	return nil
}
