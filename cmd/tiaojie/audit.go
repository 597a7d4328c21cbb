package main

import (
	"context"
	"errors"
	"fmt"
)

// auditCmd verifies the audit trail's hash chain and prints the last MAC,
// which an operator keeps outside the database as an anchor: with it, even
// a truncation of the newest rows together with their head is detected.
func auditCmd(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: tiaojie audit verify [flags]")
	}
	var c common
	var anchor string
	f := newFlags("audit verify", e, "audit verify [flags]")
	c.register(f)
	f.StringVar(&anchor, "anchor", "", "a MAC printed by an earlier verify, which must still be in the chain")
	if err := f.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, e, c, appOptions{})
	if err != nil {
		return err
	}
	defer a.close()
	rep, err := a.audit.Verify(ctx, a.db)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "rows: %d\nlast: %d\nlast mac: %s\n", rep.Rows, rep.Last, rep.LastMAC)
	for _, p := range rep.Problems {
		fmt.Fprintln(e.stdout, "BROKEN:", p)
	}
	if anchor != "" {
		found, err := a.audit.HasMAC(ctx, a.db, anchor)
		if err != nil {
			return err
		}
		if !found {
			return errors.New("the anchor MAC is not in the trail: rows were removed")
		}
		fmt.Fprintln(e.stdout, "anchor found")
	}
	if !rep.OK() {
		return fmt.Errorf("the audit trail is broken (%d problems)", len(rep.Problems))
	}
	fmt.Fprintln(e.stdout, "audit trail verified")
	return nil
}
