package content

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// An article's gallery (SPEC C13): news and activity reports carry up to
// MaxPictures captioned photos besides the cover. The bureau's editors
// (content.edit) add and remove them on any article; an organization's
// admin on its own organization's article while it is a draft or
// returned, as with its cover. A picture's file is public exactly while
// its article is published (picturesFollow), so /files/{key} serves
// nothing of a draft, a pending or an archived article. A removed
// picture's row is deleted and its file kept but made private, as a
// replaced logo or photo is: the audit log's record of it still names
// bytes that exist, and nothing public serves them any more.

// MaxPictures is how many pictures an article may have.
const MaxPictures = 9

// maxCaption is the longest caption, in characters.
const maxCaption = 100

// Picture is one photo of an article's gallery.
type Picture struct {
	ID      int64
	Key     string // file key
	Caption string
}

// MayChangePictures reports whether p may add and remove a's pictures
// now: the bureau's editors always, the organization's admins while it is
// a draft or returned. The pages show their forms by it; AddPicture and
// RemovePicture decide by the same rules.
func MayChangePictures(p *tiaojie.Principal, a *Article) bool {
	return p.Can(tiaojie.PermContentEdit) || writesFor(p, a.OrgID) && a.Unlocked()
}

// checkCaption trims a caption and refuses one too long.
func checkCaption(caption string) (string, error) {
	caption = strings.TrimSpace(caption)
	if utf8.RuneCountInString(caption) > maxCaption {
		var fe tiaojie.FieldErrors
		fe.Add("caption", "content.caption_length", "max", fmt.Sprint(maxCaption))
		return "", fe.Err()
	}
	return caption, nil
}

// mayChange refuses, and audits under action, a caller who is neither
// one of the bureau's editors nor an admin of article id's organization.
func (s *Service) mayChange(ctx context.Context, p *tiaojie.Principal, id int64, action string) error {
	a, err := scan(s.db.Reader().QueryRowContext(ctx, `SELECT `+columns+` FROM articles WHERE id = $1`, id))
	if err != nil {
		return db.MapError(err)
	}
	if !p.Can(tiaojie.PermContentEdit) && !writesFor(p, a.OrgID) {
		return s.refuse(ctx, p, action, id)
	}
	return nil
}

// pictureTx runs fn in a transaction with article id's row locked (an
// update first, so that two uploads at once cannot both count eight
// pictures), once it is sure the article may still be changed by p: the
// organization's admin of a pending or approved article gets
// content.review_locked and fn does not run.
func (s *Service) pictureTx(ctx context.Context, p *tiaojie.Principal, id int64, fn func(tx *db.Tx, a *Article) error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET updated_at = $1 WHERE id = $2`, s.now(), id)
		if err := affected(res, err); err != nil {
			return err
		}
		a, err := scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM articles WHERE id = $1`, id))
		if err != nil {
			return err
		}
		if !MayChangePictures(p, a) {
			return tiaojie.E(tiaojie.Conflict, "content.review_locked")
		}
		return fn(tx, a)
	})
}

// AddPicture adds a PNG or JPEG picture with a caption (0–100
// characters) to article id's gallery and returns the picture's id. The
// tenth is refused (content.pictures_full). Its file is public only if
// the article is published. A refusal or bad input writes no file and no
// row.
func (s *Service) AddPicture(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload, caption string) (int64, error) {
	if err := s.mayChange(ctx, p, id, "content.picture_add"); err != nil {
		return 0, err
	}
	caption, err := checkCaption(caption)
	if err != nil {
		return 0, err
	}
	var pid int64
	err = s.pictureTx(ctx, p, id, func(tx *db.Tx, a *Article) error {
		var n, seq int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(max(seq), 0) FROM article_pictures WHERE article_id = $1`, id).Scan(&n, &seq); err != nil {
			return err
		}
		if n >= MaxPictures {
			return tiaojie.E(tiaojie.Conflict, "content.pictures_full")
		}
		m, err := s.files.Save(ctx, tx, files.Image(), "article_picture", id, up, a.Status == Published, p.UserID)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO article_pictures (article_id, file_key, caption, seq, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, id, m.Key, caption, seq+1, p.UserID, s.now()).Scan(&pid)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.picture_add", ObjectType: "article", ObjectID: itoa(id),
			Detail: map[string]string{"picture": itoa(pid)}})
	})
	return pid, err
}

// RemovePicture takes picture pid out of article id's gallery, by the
// same rules as AddPicture. The row is deleted; the file is kept, private.
func (s *Service) RemovePicture(ctx context.Context, p *tiaojie.Principal, id, pid int64) error {
	if err := s.mayChange(ctx, p, id, "content.picture_remove"); err != nil {
		return err
	}
	return s.pictureTx(ctx, p, id, func(tx *db.Tx, _ *Article) error {
		var key string
		err := tx.QueryRowContext(ctx, `DELETE FROM article_pictures WHERE id = $1 AND article_id = $2 RETURNING file_key`, pid, id).Scan(&key)
		if err != nil {
			return err
		}
		if err := files.SetPublic(ctx, tx, key, false); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, p, audit.Event{Action: "content.picture_remove", ObjectType: "article", ObjectID: itoa(id),
			Detail: map[string]string{"picture": itoa(pid)}})
	})
}

// Pictures returns article id's gallery in order to whoever may read the
// article (Get).
func (s *Service) Pictures(ctx context.Context, p *tiaojie.Principal, id int64) ([]Picture, error) {
	a, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return a.Pictures, nil
}

// Picture returns one picture of article id's gallery with its bytes to
// whoever may read the article (Get): the public once it is published,
// before that its organization's admins and the bureau's editors.
func (s *Service) Picture(ctx context.Context, p *tiaojie.Principal, id, pid int64) (files.Meta, []byte, error) {
	a, err := s.Get(ctx, p, id)
	if err != nil {
		return files.Meta{}, nil, err
	}
	for _, pic := range a.Pictures {
		if pic.ID == pid {
			return s.file(ctx, pic.Key)
		}
	}
	return files.Meta{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
}

// file reads a stored file of an article (its cover or a picture).
func (s *Service) file(ctx context.Context, key string) (files.Meta, []byte, error) {
	if key == "" {
		return files.Meta{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return s.files.Load(ctx, s.db.Reader(), key)
}

// picturesOf reads the galleries of the given articles, each in order.
func picturesOf(ctx context.Context, q db.Queryer, ids ...int64) (map[int64][]Picture, error) {
	out := map[int64][]Picture{}
	if len(ids) == 0 {
		return out, nil
	}
	var w db.Where
	w.Add("article_id IN (" + db.In(&w, ids) + ")")
	rows, err := q.QueryContext(ctx, `SELECT article_id, id, file_key, caption FROM article_pictures
		WHERE `+w.String()+` ORDER BY article_id, seq`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("content: pictures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var aid int64
		var pic Picture
		if err := rows.Scan(&aid, &pic.ID, &pic.Key, &pic.Caption); err != nil {
			return nil, err
		}
		out[aid] = append(out[aid], pic)
	}
	return out, rows.Err()
}

// withPictures fills the galleries of articles.
func withPictures(ctx context.Context, q db.Queryer, as ...*Article) error {
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	pics, err := picturesOf(ctx, q, ids...)
	for _, a := range as {
		a.Pictures = pics[a.ID]
	}
	return err
}

// picturesFollow makes an article's files follow its status: its
// pictures, and an organization's article's cover (the bureau's own
// covers are public from upload), are public while it is published and
// private otherwise. Every change of status calls it.
func picturesFollow(ctx context.Context, tx *db.Tx, id int64) error {
	a, err := scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM articles WHERE id = $1`, id))
	if err != nil {
		return err
	}
	public := a.Status == Published
	if a.OrgID != 0 && a.Cover != "" {
		if err := files.SetPublic(ctx, tx, a.Cover, public); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE files SET public = $1 WHERE key IN (SELECT file_key FROM article_pictures WHERE article_id = $2)`, public, id)
	return err
}
