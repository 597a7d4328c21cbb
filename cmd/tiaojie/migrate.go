package main

import (
	"context"
	"fmt"

	"tiaojie/internal/db"
)

func migrateCmd(ctx context.Context, e *env, args []string) error {
	var c common
	f := newFlags("migrate", e, "migrate [flags]")
	c.register(f)
	if err := f.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, c.Database, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	for _, m := range applied {
		fmt.Fprintln(e.stdout, "applied", m)
	}
	current, latest, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "schema version %d of %d (%s)\n", current, latest, d.Engine())
	return nil
}
