package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// CheckFile opens a SQLite file read-only and runs SQLite's integrity and
// foreign-key checks: what a backup must pass before it is trusted.
func CheckFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	var res string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("db: %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("db: %s: integrity_check: %s", path, res)
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("db: %s: foreign_key_check found broken references", path)
	}
	return rows.Err()
}

// Restore replaces the SQLite database at target with the backup at from.
// The backup is checked first; the target must not be in use (a running
// server holds it, and an exclusive lock cannot be taken); the new file is
// written beside the target, synced, and renamed over it, so a crash
// leaves either the old database or the new one, never a mix.
func Restore(ctx context.Context, from, target string) error {
	if err := CheckFile(ctx, from); err != nil {
		return err
	}
	if _, err := os.Stat(target); err == nil {
		if err := lockIdle(ctx, target); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return err
	}
	tmp := target + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(target))
}

// lockIdle takes and releases an exclusive lock on a database, failing
// when another process (a running server) holds it.
func lockIdle(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(1000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	c, err := conn.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("db: %s is in use; stop the server before restoring: %w", path, err)
	}
	lctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := c.ExecContext(lctx, "BEGIN EXCLUSIVE"); err != nil {
		return fmt.Errorf("db: %s is in use; stop the server before restoring: %w", path, err)
	}
	_, err = c.ExecContext(ctx, "ROLLBACK")
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
