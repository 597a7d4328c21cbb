package roster

import (
	"context"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// SetPhoto stores a new photo of a mediator and returns its file key. The
// upload must be a PNG or JPEG image (files.Image). The photo is public
// exactly when the mediator is on the public roster (public and active),
// and the photo it replaces stops being public, so an old picture cannot
// be fetched by its key. The caller needs the same rights as for Update.
func (s *Service) SetPhoto(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload) (string, error) {
	if !p.Can(tiaojie.PermMediatorsEdit) {
		return "", s.deny(ctx, p, forbidden("mediator.photo", id, tiaojie.PermMediatorsEdit))
	}
	var key string
	err := s.write(ctx, p, func(tx *db.Tx) error {
		cur, err := s.loadSealedTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !visible(p, tiaojie.PermMediatorsEdit, cur.Orgs) {
			return notFound()
		}
		if cur.Status == tiaojie.MediatorRemoved {
			return tiaojie.E(tiaojie.Conflict, "mediator.removed")
		}
		m, err := s.files.Save(ctx, tx, files.Image(), "mediator_photo", id, up, photoPublic(cur.Public, cur.Status), max(p.UserID, 0))
		if err != nil {
			return err
		}
		key = m.Key
		if cur.Photo != "" {
			if err := files.SetPublic(ctx, tx, cur.Photo, false); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mediators SET photo_file = $1, updated_at = $2 WHERE id = $3`, key, s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "mediator.photo", id, map[string]string{"file": key, "previous": cur.Photo})
	})
	return key, err
}
