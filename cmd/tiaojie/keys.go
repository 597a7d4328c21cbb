package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"tiaojie/internal/keys"
)

// keysCmd creates and rotates the master key file. The file holds the
// keys from which the field-encryption, blind-index, audit and token keys
// are derived; losing it loses the personal data, so it is backed up apart
// from the database.
func keysCmd(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: tiaojie keys generate|rotate --out FILE")
	}
	var out string
	f := newFlags("keys "+args[0], e, "keys "+args[0]+" --out FILE")
	f.StringVar(&out, "out", "", "key file")
	if err := f.Parse(args[1:]); err != nil {
		return err
	}
	if out == "" {
		return errors.New("--out is required")
	}
	switch args[0] {
	case "generate":
		_, content, err := keys.Generate()
		if err != nil {
			return err
		}
		fh, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("%w (an existing key file is never overwritten)", err)
		}
		if _, err := fh.Write(content); err != nil {
			fh.Close()
			return err
		}
		if err := fh.Close(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote a new master key to %s (mode 0600); back it up apart from the database\n", out)
	case "rotate":
		m, err := keys.LoadFile(out)
		if err != nil {
			return err
		}
		content, err := m.Rotate()
		if err != nil {
			return err
		}
		if err := os.WriteFile(out+".new", content, 0o600); err != nil {
			return err
		}
		if err := os.Rename(out+".new", out); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added key version %d to %s; new data uses it, old data stays readable\n", m.Current(), out)
	default:
		return fmt.Errorf("unknown keys command %q", args[0])
	}
	return nil
}
