package scale

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"strings"
	"time"

	"tiaojie/internal/db"
	"tiaojie/internal/search"
)

// table is one table the generator fills, with the columns it writes.
// Tables with an identity id take it explicitly as their first column:
// the generator allocates ids itself, so that children can name their
// parents and sealed fields can be bound to their row before the row is
// written (pii binds a ciphertext to "table.column:id").
type table struct {
	name string
	cols []string
	ids  bool // the first column is the identity id
}

// The tables in the order their rows must be written: parents first, so
// that foreign keys hold at the end of every statement.
var (
	tOrgs        = &table{"orgs", strings.Fields("id name short_name type legal_form level township address credit_code registration_authority registration_date legal_rep contact_name contact_phone description online charges status stage stars stars_until founded_at created_at updated_at"), true}
	tOrgSpecs    = &table{"org_specialties", []string{"org_id", "dispute_type"}, false}
	tOrgLangs    = &table{"org_languages", []string{"org_id", "language"}, false}
	tDisclose    = &table{"disclosures", strings.Fields("id org_id year kind status chain_id version due_at filed_at structure persons income_gov income_donation income_other spend_staff spend_office spend_activity services created_at updated_at"), true}
	tMediators   = &table{"mediators", strings.Fields("id name gender id_number_enc id_number_idx phone_enc phone_idx background certificates practice_since grade bio public status status_reason status_at created_at updated_at"), true}
	tMedOrgs     = &table{"mediator_orgs", []string{"mediator_id", "org_id", "position", "joined_at"}, false}
	tMedSpecs    = &table{"mediator_specialties", []string{"mediator_id", "dispute_type"}, false}
	tMedLangs    = &table{"mediator_languages", []string{"mediator_id", "language"}, false}
	tCases       = &table{"cases", strings.Fields("id number file_no status source external_id dispute_type township title facts claims amount_fen org_id mediator_id route_reason consent_at created_at submitted_at routed_at accept_due accepted_at resp_due mediation_due agreed_at confirm_due confirmed visit_due ended_at end_reason fee_fen activity_at version"), true}
	tParties     = &table{"case_parties", strings.Fields("id case_id side kind agent_for name gender ethnicity birth_year occupation address credit_code representative id_enc id_idx phone_enc phone_idx invited_at opened_at joined_at declined_at created_at"), true}
	tEvents      = &table{"case_events", strings.Fields("id case_id action from_status to_status org_id end_reason reason actor_id actor role at"), true}
	tAssignments = &table{"case_assignments", strings.Fields("id case_id mediator_id how assigned_by assigned_at declared_at"), true}
	tAgreements  = &table{"case_agreements", strings.Fields("id case_id version oral facts issues duties terms performance perform_by drafted_at effective_at mediator_signed_at sealed_at"), true}
	tConfirms    = &table{"case_confirmations", strings.Fields("agreement_id party_id method confirmed_at typed_name"), false}
	tVisits      = &table{"case_visits", strings.Fields("id case_id performed note visited_by visited_at"), true}
	tRatings     = &table{"case_ratings", strings.Fields("case_id party_id stars comment created_at"), false}
	tRooms       = &table{"rooms", []string{"case_id", "posts", "last_message_id"}, false}
	tMessages    = &table{"room_messages", strings.Fields("id case_id channel author_id author_name author_role body created_at"), true}

	tables = []*table{tOrgs, tOrgSpecs, tOrgLangs, tDisclose, tMediators, tMedOrgs, tMedSpecs, tMedLangs,
		tCases, tParties, tEvents, tAssignments, tAgreements, tConfirms, tVisits, tRatings, tRooms, tMessages}
)

// indexEntry is a record to add to the search index with its texts.
type indexEntry struct {
	kind  search.Kind
	id    int64
	texts []string
}

// chunk is a batch of rows written in one transaction: the flat argument
// lists of each table, and the search entries of the records.
type chunk struct {
	rows  map[*table][]any
	index []indexEntry
}

func newChunk() *chunk { return &chunk{rows: map[*table][]any{}} }

// secret is a sealed value or a blind index: written as is, left out of
// the digest (a ciphertext has a random nonce and an index depends on the
// key, so neither is the same twice; the plaintext is digested instead).
type secret struct{ v any }

// add appends a row to the chunk and folds its values into the digest.
func (c *chunk) add(h *digester, t *table, vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("scale: %s takes %d columns, got %d", t.name, len(t.cols), len(vals)))
	}
	h.str(t.name)
	for i, v := range vals {
		switch x := v.(type) {
		case secret:
			vals[i] = x.v
			continue
		case time.Time:
			// Whole seconds: the stored text is ten bytes shorter, in a
			// dozen columns of millions of rows.
			v = x.UTC().Truncate(time.Second)
			vals[i] = v
		}
		h.value(v)
	}
	c.rows[t] = append(c.rows[t], vals...)
}

// writer writes chunks with multi-row INSERT statements, prepared once
// per transaction for the full batch size.
type writer struct {
	d      *db.DB
	counts map[string]int64
}

// batchRows is how many rows one INSERT carries: large enough to amortize
// the statement, small enough for SQLite's 32,766 and PostgreSQL's 65,535
// bound parameters.
func batchRows(t *table) int { return max(1, 6000/len(t.cols)) }

func (w *writer) insertSQL(t *table, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ")")
	if t.ids && w.d.Engine() == db.Postgres {
		b.WriteString(" OVERRIDING SYSTEM VALUE")
	}
	b.WriteString(" VALUES ")
	n, pg := 1, w.d.Engine() == db.Postgres
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if pg {
				fmt.Fprintf(&b, "$%d", n)
				n++
			} else {
				b.WriteByte('?') // modernc looks "$n" up by name, in time linear in the parameters: quadratic here
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// write writes one chunk in one transaction, tables in dependency order,
// then its search entries through search.Index (the helper the services
// use, so the directory finds the records as it finds any other).
func (w *writer) write(ctx context.Context, c *chunk) error {
	return w.d.InTx(ctx, func(tx *db.Tx) error {
		for _, t := range tables {
			args := c.rows[t]
			if len(args) == 0 {
				continue
			}
			if err := w.writeTable(ctx, tx, t, args); err != nil {
				return fmt.Errorf("scale: insert into %s: %w", t.name, err)
			}
			w.counts[t.name] += int64(len(args) / len(t.cols))
		}
		for _, e := range c.index {
			if err := search.Index(ctx, tx, e.kind, e.id, e.texts...); err != nil {
				return err
			}
		}
		w.counts["search index"] += int64(len(c.index))
		return nil
	})
}

func (w *writer) writeTable(ctx context.Context, tx *db.Tx, t *table, args []any) error {
	per := batchRows(t) * len(t.cols)
	var stmt *sql.Stmt
	for len(args) >= per {
		if stmt == nil {
			var err error
			if stmt, err = tx.PrepareContext(ctx, w.insertSQL(t, batchRows(t))); err != nil {
				return err
			}
			defer stmt.Close()
		}
		if _, err := stmt.ExecContext(ctx, args[:per]...); err != nil {
			return err
		}
		args = args[per:]
	}
	if len(args) > 0 {
		if _, err := tx.ExecContext(ctx, w.insertSQL(t, len(args)/len(t.cols)), args...); err != nil {
			return err
		}
	}
	return nil
}

// tune makes SQLite's writer connection fit for a bulk load and returns
// the function that restores it: a large page cache, because the unique
// file numbers and the phones' blind index take inserts all over their
// B-trees, and synchronous=OFF, because a load that stops halfway is
// started again on a fresh database anyway. The writer pool holds one
// connection, so the pragmas reach the connection InTx uses.
func tune(ctx context.Context, d *db.DB) (restore func(), err error) {
	if d.Engine() != db.SQLite {
		return func() {}, nil
	}
	var cache int64
	if err := d.Writer().QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return nil, fmt.Errorf("scale: read the page cache size: %w", err)
	}
	for _, p := range []string{`PRAGMA cache_size = -524288`, `PRAGMA synchronous = OFF`} {
		if _, err := d.Writer().ExecContext(ctx, p); err != nil {
			return nil, fmt.Errorf("scale: %s: %w", p, err)
		}
	}
	return func() {
		// The connection is discarded by the pool if these fail, and a new
		// one opens with the pragmas of the DSN.
		_, _ = d.Writer().ExecContext(context.Background(), `PRAGMA synchronous = FULL`)
		_, _ = d.Writer().ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
	}, nil
}

// nextIDs returns, per identity table, the highest id in use, so that
// generated rows go above whatever is there (the demo data).
func nextIDs(ctx context.Context, d *db.DB) (map[*table]int64, error) {
	out := map[*table]int64{}
	for _, t := range tables {
		if !t.ids {
			continue
		}
		var n int64
		if err := d.Reader().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("scale: highest id of %s: %w", t.name, err)
		}
		out[t] = n
	}
	return out, nil
}

// resetSequences moves PostgreSQL's identity sequences past the ids the
// generator gave, so the services' next INSERT does not collide. SQLite's
// AUTOINCREMENT follows explicit ids by itself.
func resetSequences(ctx context.Context, d *db.DB) error {
	if d.Engine() != db.Postgres {
		return nil
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, t := range tables {
			if !t.ids {
				continue
			}
			_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t.name+`', 'id'), (SELECT MAX(id) FROM `+t.name+`))`)
			if err != nil {
				return fmt.Errorf("scale: reset the sequence of %s: %w", t.name, err)
			}
		}
		return nil
	})
}

// digester is the running SHA-256 of everything generated, in order.
type digester struct {
	h   hash.Hash
	buf []byte
}

func newDigester() *digester { return &digester{h: sha256.New()} }

func (d *digester) str(s string) {
	d.buf = binary.AppendUvarint(d.buf[:0], uint64(len(s)))
	d.h.Write(d.buf)
	d.h.Write([]byte(s))
}

func (d *digester) int(n int64) {
	d.buf = binary.AppendVarint(d.buf[:0], n)
	d.h.Write(d.buf)
}

func (d *digester) value(v any) {
	switch v := v.(type) {
	case nil:
		d.str("\x00null")
	case string:
		d.str(v)
	case int:
		d.int(int64(v))
	case int64:
		d.int(v)
	case bool:
		if v {
			d.int(1)
		} else {
			d.int(0)
		}
	case float64:
		d.int(int64(math.Float64bits(v)))
	case time.Time:
		d.int(v.UnixNano())
	default:
		panic(fmt.Sprintf("scale: no digest for %T", v))
	}
}

func (d *digester) sum() string { return fmt.Sprintf("%x", d.h.Sum(nil)) }
