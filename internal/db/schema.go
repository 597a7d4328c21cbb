package db

import (
	"context"
	"fmt"
	"strings"
)

// DumpSchema returns a stable text description of the database schema, to
// be compared with the committed dump in schema/<engine>.sql. A migration
// that changes the schema must come with an updated dump, so reviewers see
// the resulting schema and not only the steps to it.
func (db *DB) DumpSchema(ctx context.Context) (string, error) {
	if db.engine == Postgres {
		return db.dumpPostgres(ctx)
	}
	return db.dumpSQLite(ctx)
}

func (db *DB) dumpSQLite(ctx context.Context) (string, error) {
	rows, err := db.write.QueryContext(ctx, `
		SELECT sql FROM sqlite_master
		WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
		ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name`)
	if err != nil {
		return "", fmt.Errorf("db: dump schema: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", fmt.Errorf("db: dump schema: %w", err)
		}
		b.WriteString(strings.TrimSpace(s))
		b.WriteString(";\n\n")
	}
	return b.String(), rows.Err()
}

// pgDumpQueries describe the current schema through the catalogue, so the
// dump needs no pg_dump binary of a matching version.
var pgDumpQueries = []struct{ title, query string }{
	{"columns", `
		SELECT table_name || '.' || column_name || ' ' || data_type
		       || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END
		       || COALESCE(' DEFAULT ' || column_default, '')
		       || CASE WHEN is_identity = 'YES' THEN ' IDENTITY' ELSE '' END
		FROM information_schema.columns
		WHERE table_schema = current_schema()
		ORDER BY table_name, ordinal_position`},
	{"constraints", `
		SELECT c.conrelid::regclass::text || ' ' || pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE n.nspname = current_schema()
		ORDER BY 1`},
	{"indexes", `
		SELECT regexp_replace(indexdef, ' ON [^ ]+\.', ' ON ')
		FROM pg_indexes WHERE schemaname = current_schema()
		ORDER BY indexname`},
	{"triggers", `
		SELECT tgrelid::regclass::text || ' ' || tgname
		FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND n.nspname = current_schema()
		ORDER BY 1`},
}

func (db *DB) dumpPostgres(ctx context.Context) (string, error) {
	var b strings.Builder
	for _, q := range pgDumpQueries {
		fmt.Fprintf(&b, "-- %s\n", q.title)
		rows, err := db.write.QueryContext(ctx, q.query)
		if err != nil {
			return "", fmt.Errorf("db: dump schema (%s): %w", q.title, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return "", fmt.Errorf("db: dump schema (%s): %w", q.title, err)
			}
			b.WriteString(s)
			b.WriteByte('\n')
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}
