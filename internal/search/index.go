package search

import (
	"context"
	"fmt"
	"strings"

	"tiaojie/internal/db"
)

// Index replaces the indexed text of one record, inside the caller's
// transaction: a record and its index change together or not at all.
// texts are the record's searchable fields (name, description, services,
// specialties, address …).
func Index(ctx context.Context, tx *db.Tx, kind Kind, id int64, texts ...string) error {
	bi, uni := Tokens(strings.Join(texts, "\n"))
	if err := Remove(ctx, tx, kind, id); err != nil {
		return err
	}
	var err error
	if tx.Engine == db.Postgres {
		_, err = tx.ExecContext(ctx, `INSERT INTO `+string(kind)+`_search (id, bi, uni) VALUES ($1, $2::tsvector, $3::tsvector)`,
			id, tsvector(bi), tsvector(uni))
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO `+string(kind)+`_fts (rowid, bi, uni) VALUES ($1, $2, $3)`,
			id, strings.Join(bi, " "), strings.Join(uni, " "))
	}
	if err != nil {
		return fmt.Errorf("search: index %s %d: %w", kind, id, err)
	}
	return nil
}

// Remove deletes a record from the index, inside the caller's transaction.
func Remove(ctx context.Context, tx *db.Tx, kind Kind, id int64) error {
	q := `DELETE FROM ` + string(kind) + `_fts WHERE rowid = $1`
	if tx.Engine == db.Postgres {
		q = `DELETE FROM ` + string(kind) + `_search WHERE id = $1`
	}
	if _, err := tx.ExecContext(ctx, q, id); err != nil {
		return fmt.Errorf("search: remove %s %d: %w", kind, id, err)
	}
	return nil
}
