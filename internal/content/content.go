// Package content holds what the bureau publishes about the alliance (SPEC
// C1, C13): its introduction, news and events, each with an optional cover
// picture and video link. Drafts are seen by editors only; published
// articles by everyone.
package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Article kinds.
const (
	Intro = "intro" // the alliance introduction: the newest published one is shown
	News  = "news"
	Event = "event"
)

// Article statuses.
const (
	Draft     = "draft"
	Published = "published"
	Archived  = "archived"
)

// Article is one piece of content.
type Article struct {
	ID          int64
	Kind        string
	Title       string
	Summary     string
	Body        string // plain text; blank lines separate paragraphs
	Cover       string // file key of the cover picture, "" for none
	VideoURL    string
	EventAt     time.Time
	Status      string
	PublishedAt time.Time
	AuthorID    int64
	UpdatedAt   time.Time
	// An organization's news (orgnews.go): the organization, and where the
	// bureau's review stands ("" for the bureau's own articles).
	OrgID      int64
	OrgName    string
	Review     string
	ReviewNote string
	// Pictures is the article's gallery (pictures.go), filled by Get.
	Pictures []Picture
}

// Unlocked reports whether an organization's article may still be
// changed by the organization: while a draft or returned, not once it is
// submitted or approved.
func (a *Article) Unlocked() bool { return a.Review == ReviewDraft || a.Review == ReviewReturned }

// Paragraphs splits the body into paragraphs for display.
func (a *Article) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(a.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Input is what an editor submits.
type Input struct {
	Kind     string
	Title    string
	Summary  string
	Body     string
	VideoURL string
	EventAt  time.Time
}

// Deps are the service's collaborators.
type Deps struct {
	DB    *db.DB
	Audit *audit.Log
	Files *files.Service
	Clock clock.Clock
	Log   *slog.Logger
}

// Service manages content.
type Service struct {
	db    *db.DB
	audit *audit.Log
	files *files.Service
	clock clock.Clock
}

// New returns a Service.
func New(d Deps) *Service { return &Service{db: d.DB, audit: d.Audit, files: d.Files, clock: d.Clock} }

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func validate(in *Input) error {
	var fe tiaojie.FieldErrors
	in.Title, in.Summary, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), strings.TrimSpace(in.Body)
	in.VideoURL = strings.TrimSpace(in.VideoURL)
	if !slices.Contains([]string{Intro, News, Event}, in.Kind) {
		fe.Add("kind", "content.kind")
	}
	if n := utf8.RuneCountInString(in.Title); n < 2 || n > 100 {
		fe.Add("title", "content.title_length")
	}
	if utf8.RuneCountInString(in.Summary) > 300 {
		fe.Add("summary", "content.summary_length")
	}
	if utf8.RuneCountInString(in.Body) > 20000 {
		fe.Add("body", "content.body_length")
	}
	if in.VideoURL != "" {
		if u, err := url.Parse(in.VideoURL); err != nil || u.Scheme != "https" || u.Host == "" {
			fe.Add("video_url", "content.video_url")
		}
	}
	if in.Kind == Event && in.EventAt.IsZero() {
		fe.Add("event_at", "content.event_at")
	}
	return fe.Err()
}

// Save creates an article (id 0) or edits one, as a draft or keeping its
// status. Only the bureau's editors (content.edit) may.
func (s *Service) Save(ctx context.Context, p *tiaojie.Principal, id int64, in Input) (int64, error) {
	if !p.Can(tiaojie.PermContentEdit) {
		return 0, s.deny(ctx, p, "content.save")
	}
	if err := validate(&in); err != nil {
		return 0, err
	}
	var eventAt sql.NullTime
	if !in.EventAt.IsZero() {
		eventAt = sql.NullTime{Time: in.EventAt.UTC(), Valid: true}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if id == 0 {
			err := tx.QueryRowContext(ctx, `
				INSERT INTO articles (kind, title, summary, body, video_url, event_at, author_id, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				in.Kind, in.Title, in.Summary, in.Body, in.VideoURL, eventAt, p.UserID, now).Scan(&id)
			if err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `
				UPDATE articles SET kind = $1, title = $2, summary = $3, body = $4, video_url = $5, event_at = $6, updated_at = $7
				WHERE id = $8`, in.Kind, in.Title, in.Summary, in.Body, in.VideoURL, eventAt, now, id)
			if err := affected(res, err); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.save", ObjectType: "article", ObjectID: itoa(id)})
	})
	return id, err
}

// SetCover replaces an article's cover picture. The bureau's covers are
// public from upload; an organization's article's cover is public only
// while the article is published (picturesFollow).
func (s *Service) SetCover(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload) error {
	if !p.Can(tiaojie.PermContentEdit) {
		return s.deny(ctx, p, "content.cover")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.files.Save(ctx, tx, files.Image(), "article_cover", id, up, true, p.UserID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE articles SET cover_file = $1, updated_at = $2 WHERE id = $3`, m.Key, s.now(), id)
		if err := affected(res, err); err != nil {
			return err
		}
		if err := picturesFollow(ctx, tx, id); err != nil { // an organization's article not yet published
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.cover", ObjectType: "article", ObjectID: itoa(id)})
	})
}

// SetStatus publishes, unpublishes (back to draft) or archives an article.
// Publishing stamps the time the first time only.
func (s *Service) SetStatus(ctx context.Context, p *tiaojie.Principal, id int64, status string) error {
	if !p.Can(tiaojie.PermContentEdit) {
		return s.deny(ctx, p, "content.status")
	}
	if !slices.Contains([]string{Draft, Published, Archived}, status) {
		return tiaojie.E(tiaojie.Invalid, "content.status")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE articles SET status = $1, updated_at = $2,
			       published_at = CASE WHEN $1 = 'published' AND published_at IS NULL THEN $2 ELSE published_at END
			WHERE id = $3`, status, s.now(), id)
		if err := affected(res, err); err != nil {
			return err
		}
		if err := picturesFollow(ctx, tx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.status", ObjectType: "article", ObjectID: itoa(id),
			Detail: map[string]string{"status": status}})
	})
}

const columns = `id, kind, title, summary, body, COALESCE(cover_file, ''), video_url, event_at, status, published_at, author_id, updated_at,
	COALESCE(org_id, 0), COALESCE((SELECT o.name FROM orgs o WHERE o.id = articles.org_id), ''), review, review_note`

func scan(sc interface{ Scan(...any) error }) (*Article, error) {
	var a Article
	var ev, pub sql.NullTime
	err := sc.Scan(&a.ID, &a.Kind, &a.Title, &a.Summary, &a.Body, &a.Cover, &a.VideoURL, &ev, &a.Status, &pub, &a.AuthorID, &a.UpdatedAt,
		&a.OrgID, &a.OrgName, &a.Review, &a.ReviewNote)
	if err != nil {
		return nil, err
	}
	a.EventAt, a.PublishedAt = ev.Time, pub.Time
	return &a, nil
}

// Get returns an article with its gallery: a published one to anyone,
// any to an editor, an organization's unpublished news to that
// organization's admins.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Article, error) {
	a, err := scan(s.db.Reader().QueryRowContext(ctx, `SELECT `+columns+` FROM articles WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || err == nil && a.Status != Published && !p.Can(tiaojie.PermContentEdit) && !writesFor(p, a.OrgID) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return a, withPictures(ctx, s.db.Reader(), a)
}

// Filter selects articles.
type Filter struct {
	Kind   string // "" for all
	OrgID  int64  // an organization's news only; 0 for all
	All    bool   // include drafts and archived (editors only)
	Offset int
	Limit  int // 1…100; 0 means 20
}

// List returns articles, newest first, and the total.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]*Article, int, error) {
	if f.All && !p.Can(tiaojie.PermContentEdit) {
		return nil, 0, s.deny(ctx, p, "content.list")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	where, args := "1=1", []any{}
	if !f.All {
		where += " AND status = 'published'"
	}
	if f.Kind != "" {
		args = append(args, f.Kind)
		where += " AND kind = $" + strconv.Itoa(len(args))
	}
	if f.OrgID > 0 {
		args = append(args, f.OrgID)
		where += " AND org_id = $" + strconv.Itoa(len(args))
	}
	var total int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("content: count: %w", err)
	}
	n := len(args)
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+columns+` FROM articles WHERE `+where+`
		ORDER BY COALESCE(published_at, updated_at) DESC, id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("content: list: %w", err)
	}
	defer rows.Close()
	var out []*Article
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// Intro returns the newest published introduction, or nil when the bureau
// has published none yet.
func (s *Service) Intro(ctx context.Context) (*Article, error) {
	items, _, err := s.List(ctx, tiaojie.Anonymous(), Filter{Kind: Intro, Limit: 1})
	if err != nil || len(items) == 0 {
		return nil, err
	}
	return items[0], nil
}

func (s *Service) deny(ctx context.Context, p *tiaojie.Principal, action string) error {
	if err := s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: action, Outcome: audit.Denied, Reason: string(tiaojie.PermContentEdit)}); err != nil {
		return err
	}
	return tiaojie.E(tiaojie.Forbidden, "error.forbidden")
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return nil
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
