package room

import (
	"context"
	"fmt"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// attachmentKind is what a message may carry: a PDF or a picture (a photo
// of the damage, a receipt, a scan) up to 10 MB, as the case's evidence.
func attachmentKind() files.Kind { return files.Document() }

// PostFile posts a message with a file attached, on behalf of p. The file
// is checked by its content (not its name or the browser's claim),
// size-limited, kept with its SM3 digest and never public; the body may
// then be empty. The member, the channel and the body are checked before
// the upload is read, and the file and the message are one transaction, so
// a refused file or message leaves neither behind. Who may download the
// file follows from the channel (OpenAttachment).
func (s *Service) PostFile(ctx context.Context, p *tiaojie.Principal, caseID int64, ch Channel, body string, up files.Upload) (Message, error) {
	if s.files == nil {
		return Message{}, tiaojie.Internalf("room: attachments need Deps.Files")
	}
	return s.post(ctx, p, caseID, ch, body, true, nil, func(tx *db.Tx) (string, error) {
		m, err := s.files.Save(ctx, tx, attachmentKind(), "room_message", caseID, up, false, max(p.UserID, 0))
		return m.Key, err
	})
}

// OpenAttachment returns the file attached to a message of the case, with
// its bytes checked against the SM3 digest kept at upload, if p may read
// the channel it was posted in (Attachment): a file sent in one party's
// caucus is NotFound to the other party, to observers and to anyone outside
// the case, even when its key is known; the refusal is audited. Every
// download is audited too ("room.attachment_read").
func (s *Service) OpenAttachment(ctx context.Context, p *tiaojie.Principal, caseID int64, fileKey string) (files.Meta, []byte, error) {
	if s.files == nil {
		return files.Meta{}, nil, tiaojie.Internalf("room: attachments need Deps.Files")
	}
	msg, err := s.Attachment(ctx, p, caseID, fileKey)
	if err != nil {
		return files.Meta{}, nil, err
	}
	m, err := s.files.Meta(ctx, s.db.Reader(), msg.FileKey)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, m)
	if err != nil {
		return files.Meta{}, nil, err
	}
	ev := audit.Event{Action: "room.attachment_read", ObjectType: "case", ObjectID: itoa(caseID),
		Detail: map[string]string{"message": itoa(msg.ID), "channel": string(msg.Channel), "file": msg.FileKey}}
	if err := s.audit.RecordAlone(ctx, s.db, p, ev); err != nil {
		return files.Meta{}, nil, err
	}
	return m, data, nil
}

// fileOf returns the name, type and size of a stored file, for the
// message that carries it.
func fileOf(ctx context.Context, q db.Queryer, key string) (name, contentType string, size int64, err error) {
	err = q.QueryRowContext(ctx, `SELECT filename, content_type, size FROM files WHERE key = $1`, key).Scan(&name, &contentType, &size)
	if err != nil {
		return "", "", 0, fmt.Errorf("room: attachment %s: %w", key, err)
	}
	return name, contentType, size, nil
}
