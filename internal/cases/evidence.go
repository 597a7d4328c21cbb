package cases

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Evidence is one piece of evidence of a case (证据材料).
type Evidence struct {
	ID          int64
	Title       string
	FileKey     string
	Filename    string
	ContentType string
	Size        int64
	SM3         string // digest at upload; checked again on every download
	PartyID     int64  // the party who gave it, 0 when staff added it
	CreatedAt   time.Time
}

// evidenceKind is what evidence may be: a PDF or a picture (a photo of
// the damage, a receipt), as files.Document allows, up to 10 MB.
func evidenceKind() files.Kind { return files.Document() }

// AddEvidence stores a piece of evidence: the file is checked by its
// content (not its name or the browser's claim), size-limited, kept with
// its SM3 digest, and never public. Those who read the case's content may
// add it while the case is open or being followed up.
func (s *Service) AddEvidence(ctx context.Context, p *tiaojie.Principal, id int64, title string, up files.Upload) (int64, error) {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > 100 {
		var fe tiaojie.FieldErrors
		fe.Add("title", "case.evidence_title")
		return 0, fe.Err()
	}
	var eid int64
	err := s.withCase(ctx, p, id, "case.evidence", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Content || ps.System {
			return notYours("evidence")
		}
		switch c.Status {
		case tiaojie.CaseArchived, tiaojie.CaseRejected, tiaojie.CaseWithdrawn:
			return tiaojie.E(tiaojie.Conflict, "case.evidence_closed")
		}
		m, err := s.files.Save(ctx, tx, evidenceKind(), "case_evidence", c.ID, up, false, max(p.UserID, 0))
		if err != nil {
			return err
		}
		var party any
		if mine := slices.Concat(ps.Applicant, ps.Respondent); len(mine) > 0 && mine[0] != 0 {
			party = principalOf(c.Parties, mine[0])
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_evidence (case_id, party_id, file_key, title, uploaded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.ID, party, m.Key, title, max(p.UserID, 0), s.now()).Scan(&eid); err != nil {
			return err
		}
		if err := s.update(ctx, tx, c, map[string]any{"activity_at": s.now()}); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.evidence", c.ID, map[string]string{"evidence": itoa(eid), "sm3": m.SM3, "type": m.ContentType})
	})
	return eid, err
}

// EvidenceList returns the case's evidence to those who read its content.
func (s *Service) EvidenceList(ctx context.Context, p *tiaojie.Principal, id int64) ([]Evidence, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !v.Parts.Content {
		return nil, nil
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT e.id, e.title, e.file_key, f.filename, f.content_type, f.size, f.sm3, COALESCE(e.party_id, 0), e.created_at
		FROM case_evidence e JOIN files f ON f.key = e.file_key WHERE e.case_id = $1 ORDER BY e.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		var e Evidence
		if err := rows.Scan(&e.ID, &e.Title, &e.FileKey, &e.Filename, &e.ContentType, &e.Size, &e.SM3, &e.PartyID, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OpenEvidence returns a piece of evidence's file, its bytes checked
// against the SM3 digest kept at upload; each reading is audited.
func (s *Service) OpenEvidence(ctx context.Context, p *tiaojie.Principal, id, evidenceID int64) (files.Meta, []byte, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return files.Meta{}, nil, err
	}
	if !v.Parts.Content {
		return files.Meta{}, nil, s.settle(ctx, p, "case.evidence_read", id, notYours("evidence_read"))
	}
	var key string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT file_key FROM case_evidence WHERE id = $1 AND case_id = $2`, evidenceID, id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return files.Meta{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return files.Meta{}, nil, err
	}
	m, err := s.files.Meta(ctx, s.db.Reader(), key)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, m)
	if err != nil {
		return files.Meta{}, nil, err
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "case.evidence_read", ObjectType: "case", ObjectID: itoa(id),
		Detail: map[string]string{"evidence": itoa(evidenceID)}})
	return m, data, err
}
