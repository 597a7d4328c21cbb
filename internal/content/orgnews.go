package content

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Organizations' news (SPEC C13): an organization's admin writes news and
// activity reports for the organization and submits them; the bureau
// (content.edit) approves them, which publishes them on the portal and on
// the organization's page with its name, or returns them with a reason.
// Until approved they are seen by the organization's admins and the
// bureau's editors only, and so are their cover and gallery: their files
// are private until the article is published and private again if the
// bureau withdraws it (picturesFollow), so /files/{key} does not serve
// them to the public before the review.

// Review states of an organization's article.
const (
	ReviewDraft    = "draft"
	ReviewPending  = "pending"
	ReviewReturned = "returned"
	ReviewApproved = "approved"
)

// writesFor reports whether p administers organization orgID (> 0).
func writesFor(p *tiaojie.Principal, orgID int64) bool {
	if orgID <= 0 || !p.Can(tiaojie.PermOrgsEdit) {
		return false
	}
	for _, g := range p.Grants {
		if g.Role == tiaojie.RoleOrgAdmin && g.OrgID == orgID {
			return true
		}
	}
	return false
}

func (s *Service) refuse(ctx context.Context, p *tiaojie.Principal, action string, id int64) error {
	if err := s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: action, ObjectType: "article", ObjectID: audit.ID(id),
		Outcome: audit.Denied, Reason: "org_admin"}); err != nil {
		return err
	}
	return tiaojie.E(tiaojie.Forbidden, "error.forbidden")
}

// orgArticle loads an organization's article for its admin: NotFound when
// it is not that organization's.
func orgArticle(ctx context.Context, q db.Queryer, p *tiaojie.Principal, id int64) (*Article, error) {
	a, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM articles WHERE id = $1`, id))
	if err != nil || !writesFor(p, a.OrgID) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return a, nil
}

// SaveOrg creates (id 0) or edits a news item or event of organization
// orgID, by its admin. It stays a draft (or returned) until submitted; a
// pending or published one can no longer be edited.
func (s *Service) SaveOrg(ctx context.Context, p *tiaojie.Principal, orgID, id int64, in Input) (int64, error) {
	if !writesFor(p, orgID) {
		return 0, s.refuse(ctx, p, "content.org_save", id)
	}
	if in.Kind == Intro {
		var fe tiaojie.FieldErrors
		fe.Add("kind", "content.kind")
		return 0, fe.Err()
	}
	if err := validate(&in); err != nil {
		return 0, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if id == 0 {
			err := tx.QueryRowContext(ctx, `
				INSERT INTO articles (kind, title, summary, body, video_url, event_at, author_id, created_at, updated_at, org_id, review)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, 'draft') RETURNING id`,
				in.Kind, in.Title, in.Summary, in.Body, in.VideoURL, nullTime(in), p.UserID, now, orgID).Scan(&id)
			if err != nil {
				return err
			}
		} else {
			a, err := orgArticle(ctx, tx, p, id)
			if err != nil {
				return err
			}
			if !a.Unlocked() || a.OrgID != orgID {
				return tiaojie.E(tiaojie.Conflict, "content.review_locked")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET kind = $1, title = $2, summary = $3, body = $4, video_url = $5,
				event_at = $6, updated_at = $7 WHERE id = $8`, in.Kind, in.Title, in.Summary, in.Body, in.VideoURL, nullTime(in), now, id); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.org_save", ObjectType: "article", ObjectID: itoa(id),
			Detail: map[string]string{"org": itoa(orgID)}})
	})
	return id, err
}

// SetOrgCover replaces the cover picture of an organization's draft or
// returned article, by that organization's admin. The picture stays
// private until the bureau approves the article. A refusal writes no
// file.
func (s *Service) SetOrgCover(ctx context.Context, p *tiaojie.Principal, orgID, id int64, up files.Upload) error {
	if !writesFor(p, orgID) {
		return s.refuse(ctx, p, "content.org_cover", id)
	}
	// An article of another organization is refused (and audited) the
	// same as a cover for an organization p does not administer.
	a, err := scan(s.db.Reader().QueryRowContext(ctx, `SELECT `+columns+` FROM articles WHERE id = $1`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	case err != nil:
		return err
	case a.OrgID != orgID:
		return s.refuse(ctx, p, "content.org_cover", id)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := orgArticle(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !a.Unlocked() {
			return tiaojie.E(tiaojie.Conflict, "content.review_locked")
		}
		m, err := s.files.Save(ctx, tx, files.Image(), "article_cover", id, up, false, p.UserID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET cover_file = $1, updated_at = $2 WHERE id = $3`, m.Key, s.now(), id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.org_cover", ObjectType: "article", ObjectID: itoa(id),
			Detail: map[string]string{"org": itoa(orgID)}})
	})
}

// Cover returns an article's cover picture to whoever may read the
// article (Get): the public once it is published, before that its
// organization's admins and the bureau's editors.
func (s *Service) Cover(ctx context.Context, p *tiaojie.Principal, id int64) (files.Meta, []byte, error) {
	a, err := s.Get(ctx, p, id)
	if err != nil {
		return files.Meta{}, nil, err
	}
	return s.file(ctx, a.Cover)
}

func nullTime(in Input) any {
	if in.EventAt.IsZero() {
		return nil
	}
	return in.EventAt.UTC()
}

// Submit sends an organization's draft (or returned) article to the
// bureau for review.
func (s *Service) Submit(ctx context.Context, p *tiaojie.Principal, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := orgArticle(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !a.Unlocked() {
			return tiaojie.E(tiaojie.Conflict, "content.review_locked")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET review = 'pending', updated_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.submit", ObjectType: "article", ObjectID: itoa(id)})
	})
}

// Review approves a pending article (published at once) or, with
// approve false, returns it to the organization with a reason.
func (s *Service) Review(ctx context.Context, p *tiaojie.Principal, id int64, approve bool, reason string) error {
	if !p.Can(tiaojie.PermContentEdit) {
		return s.deny(ctx, p, "content.review")
	}
	reason = strings.TrimSpace(reason)
	if !approve && (reason == "" || utf8.RuneCountInString(reason) > 500) {
		var fe tiaojie.FieldErrors
		fe.Add("reason", "content.review_reason")
		return fe.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		q := `UPDATE articles SET review = 'returned', review_note = $1, reviewed_by = $2, reviewed_at = $3, updated_at = $3
			WHERE id = $4 AND review = 'pending'`
		if approve {
			q = `UPDATE articles SET review = 'approved', review_note = $1, reviewed_by = $2, reviewed_at = $3, updated_at = $3,
				status = 'published', published_at = COALESCE(published_at, $3) WHERE id = $4 AND review = 'pending'`
		}
		res, err := tx.ExecContext(ctx, q, reason, max(p.UserID, 0), now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "content.review_not_pending")
		}
		if err := picturesFollow(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.review", ObjectType: "article", ObjectID: itoa(id),
			Detail: map[string]string{"approve": map[bool]string{true: "yes", false: "no"}[approve]}})
	})
}

// OrgArticles lists an organization's articles in every state, for its
// admins and the bureau's editors.
func (s *Service) OrgArticles(ctx context.Context, p *tiaojie.Principal, orgID int64) ([]*Article, error) {
	if !writesFor(p, orgID) && !p.Can(tiaojie.PermContentEdit) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return s.query(ctx, `SELECT `+columns+` FROM articles WHERE org_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 200`, orgID)
}

// Pending lists the organizations' articles waiting for review, oldest
// first, with their galleries, for the bureau's editors.
func (s *Service) Pending(ctx context.Context, p *tiaojie.Principal) ([]*Article, error) {
	if !p.Can(tiaojie.PermContentEdit) {
		return nil, s.deny(ctx, p, "content.pending")
	}
	as, err := s.query(ctx, `SELECT `+columns+` FROM articles WHERE review = 'pending' ORDER BY updated_at, id LIMIT 200`)
	if err != nil {
		return nil, err
	}
	return as, withPictures(ctx, s.db.Reader(), as...)
}

func (s *Service) query(ctx context.Context, q string, args ...any) ([]*Article, error) {
	rows, err := s.db.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Article
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
