package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"tiaojie/internal/db"
)

// backupCmd writes an online, consistent copy of a SQLite database with
// VACUUM INTO: it reads one snapshot while the server keeps serving, and
// never copies a live file with its WAL (SECURITY.md BAK-01). Personal data
// in the copy is as encrypted as in the database; the key file is not in
// it and must be backed up apart.
func backupCmd(ctx context.Context, e *env, args []string) error {
	var c common
	var out string
	f := newFlags("backup", e, "backup --out FILE [flags]")
	c.register(f)
	f.StringVar(&out, "out", "", "backup file to write (default: backups/tiaojie-<UTC time>.db beside the database)")
	if err := f.Parse(args); err != nil {
		return err
	}
	if db.IsPostgres(c.Database) {
		io.WriteString(e.stderr, pgBackupHelp)
		return errors.New("backup of PostgreSQL is done with PostgreSQL's own tools (see above)")
	}
	if _, err := os.Stat(c.Database); err != nil {
		return fmt.Errorf("database %s: %w", c.Database, err)
	}
	if out == "" {
		out = filepath.Join(filepath.Dir(c.Database), "backups", "tiaojie-"+time.Now().UTC().Format("20060102T150405Z")+".db")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists already; choose another --out", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return err
	}
	d, err := db.Open(ctx, c.Database, db.Options{})
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := d.Backup(ctx, out); err != nil {
		return err
	}
	if err := db.CheckFile(ctx, out); err != nil {
		return fmt.Errorf("the backup %s failed its check: %w", out, err)
	}
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup written to %s (%d bytes, %s); integrity check ok\n", out, st.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}

const pgBackupHelp = `This database is PostgreSQL. Back it up with PostgreSQL's tools, which give
consistent online copies and point-in-time recovery:

  logical dump (small installations, restore with pg_restore):
    pg_dump --format=custom --file=tiaojie-$(date -u +%Y%m%dT%H%M%SZ).dump "$TIAOJIE_DATABASE"

  physical backup + WAL archiving (等保 level 3: off-site, near real time):
    pg_basebackup -D /backup/base -Ft -z -X stream -d "$TIAOJIE_DATABASE"
    and archive_command in postgresql.conf to ship WAL off site.

Test restores regularly (pg_verifybackup, then a restore into a scratch server
and 'tiaojie audit verify' against it). The master key file is not in the
database: back it up apart from it.
`
