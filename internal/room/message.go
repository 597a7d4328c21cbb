package room

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// MaxBody is the longest message, in characters: room for a detailed
// account, short enough that one message never dominates a phone screen or
// the stream's buffers.
const MaxBody = 4000

// Message is one message in a room as one member sees it. It is also the
// JSON of a live event (ServeEvents).
type Message struct {
	ID         int64   `json:"id"`
	CaseID     int64   `json:"case_id"`
	Channel    Channel `json:"channel"`
	AuthorID   int64   `json:"author_id"`
	AuthorName string  `json:"author_name"` // the author's display name in the case when posted
	AuthorRole Role    `json:"author_role"`
	Body       string  `json:"body"`
	FileKey    string  `json:"file_key,omitempty"` // internal/files key of the attachment
	// FileName, FileType and FileSize describe the attachment (from
	// internal/files) so that a page can show it without asking again;
	// empty when there is none. The bytes are served by OpenAttachment.
	FileName  string    `json:"file_name,omitempty"`
	FileType  string    `json:"file_type,omitempty"`
	FileSize  int64     `json:"file_size,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Mine is true on messages the viewer wrote; every read sets it for
	// its caller (it is false in what the Notifier gets).
	Mine bool `json:"mine"`
}

// Post adds a message to a channel of the case's room on behalf of p and
// returns it. The body is trimmed and must be 1–MaxBody characters (it may
// be empty when there is an attachment); fileKey is "" or the key of a
// file p uploaded (internal/files), stored as a reference only: who may
// download it is decided by the channel it was posted in (Attachment).
// PostFile uploads and posts in one step.
//
// The message, its audit row ("room.post", with ids and channel, never the
// body) and, on PostgreSQL, the cross-instance notification are one
// transaction; live streams and the Notifier hear of it only once it has
// committed.
func (s *Service) Post(ctx context.Context, p *tiaojie.Principal, caseID int64, ch Channel, body, fileKey string) (Message, error) {
	fileKey = strings.TrimSpace(fileKey)
	var fe tiaojie.FieldErrors
	if len(fileKey) > 200 {
		fe.Add("file", "room.file")
	}
	return s.post(ctx, p, caseID, ch, body, fileKey != "", fe, func(tx *db.Tx) (string, error) {
		return fileKey, checkFile(ctx, tx, fileKey, p.UserID)
	})
}

// post is Post and PostFile: once the member, the channel and the body are
// checked, attach runs in the message's transaction and gives the key of
// its attachment ("" for none). withFile says there will be one, so the
// body may be empty; fe holds the caller's own field problems.
func (s *Service) post(ctx context.Context, p *tiaojie.Principal, caseID int64, ch Channel, body string,
	withFile bool, fe tiaojie.FieldErrors, attach func(*db.Tx) (string, error)) (Message, error) {
	const action = "room.post"
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return Message{}, err
	}
	if err := s.readable(ctx, p, caseID, action, m, ch); err != nil {
		return Message{}, err
	}
	if !m.CanWrite(ch) {
		return Message{}, s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.Forbidden, "room.read_only"), "role", string(m.Role))
	}
	body, bfe := cleanBody(body, withFile)
	if err := append(bfe, fe...).Err(); err != nil {
		return Message{}, err
	}
	msg := Message{CaseID: caseID, Channel: ch, AuthorID: p.UserID, AuthorName: m.Name, AuthorRole: m.Role,
		Body: body, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		key, err := attach(tx)
		if err != nil {
			return err
		}
		msg.FileKey = key
		id, err := insertMessage(ctx, tx, msg)
		if err != nil {
			return err
		}
		msg.ID = id
		detail := map[string]string{"message": itoa(id), "channel": string(ch), "role": string(m.Role)}
		if msg.FileKey != "" {
			detail["file"] = msg.FileKey
			if msg.FileName, msg.FileType, msg.FileSize, err = fileOf(ctx, tx, msg.FileKey); err != nil {
				return err
			}
		}
		ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID), Detail: detail}
		if err := s.audit.Record(ctx, tx, p, ev); err != nil {
			return err
		}
		return s.broker.PublishTx(ctx, tx, Event{CaseID: caseID, MessageID: id})
	})
	if err != nil {
		return Message{}, err
	}
	s.broker.Publish(Event{CaseID: caseID, MessageID: msg.ID})
	if s.notify != nil {
		s.notify.OnPosted(context.WithoutCancel(ctx), msg)
	}
	msg.Mine = true
	return msg, nil
}

// cleanBody normalizes line ends, drops control characters other than
// newline and tab (they can hide text or break a terminal reading an
// export), trims, and checks the length (an empty body only when
// mayBeEmpty: a message that carries a file).
func cleanBody(body string, mayBeEmpty bool) (string, tiaojie.FieldErrors) {
	var fe tiaojie.FieldErrors
	body = strings.ToValidUTF8(body, "\uFFFD")
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, body)
	body = strings.TrimSpace(body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0 && !mayBeEmpty:
		fe.Add("body", "room.body_empty")
	case n > MaxBody:
		fe.Add("body", "room.body_too_long", "max", strconv.Itoa(MaxBody))
	}
	return body, fe
}

// checkFile accepts no attachment, or a file the poster uploaded: a member
// cannot attach, and so expose to the other members, a file somebody else
// uploaded even when its key became known to them.
func checkFile(ctx context.Context, tx *db.Tx, key string, by int64) error {
	if key == "" {
		return nil
	}
	var createdBy int64
	err := tx.QueryRowContext(ctx, `SELECT created_by FROM files WHERE key = $1`, key).Scan(&createdBy)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && createdBy != by) {
		var fe tiaojie.FieldErrors
		fe.Add("file", "room.file")
		return fe.Err()
	}
	if err != nil {
		return fmt.Errorf("room: attachment: %w", err)
	}
	return nil
}

// insertMessage stores a message. It first bumps the case's rooms row,
// whose lock is held until commit, so that the posts of one case commit in
// the order of their ids (see the migration): readers resume "after id N"
// without ever skipping a slower transaction's message.
func insertMessage(ctx context.Context, tx *db.Tx, m Message) (int64, error) {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO rooms (case_id, posts) VALUES ($1, 1)
		ON CONFLICT (case_id) DO UPDATE SET posts = rooms.posts + 1`, m.CaseID)
	if err != nil {
		return 0, fmt.Errorf("room: lock room: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO room_messages (case_id, channel, author_id, author_name, author_role, body, file_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING id`,
		m.CaseID, string(m.Channel), m.AuthorID, m.AuthorName, string(m.AuthorRole), m.Body, m.FileKey, m.CreatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("room: insert message: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE rooms SET last_message_id = $2 WHERE case_id = $1`, m.CaseID, id); err != nil {
		return 0, fmt.Errorf("room: update room: %w", err)
	}
	return id, nil
}

// History returns up to limit messages of one channel older than the
// message before (0: the newest), oldest first, for paging back through a
// conversation. limit is clamped to 1–200; 0 means 50. Reading the room is
// reading confidential data, so it is audited ("room.read").
func (s *Service) History(ctx context.Context, p *tiaojie.Principal, caseID int64, ch Channel, before int64, limit int) ([]Message, error) {
	const action = "room.read"
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return nil, err
	}
	if err := s.readable(ctx, p, caseID, action, m, ch); err != nil {
		return nil, err
	}
	switch {
	case limit <= 0:
		limit = 50
	case limit > 200:
		limit = 200
	}
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT `+messageColumns+`
		FROM `+messageTables+`
		WHERE m.case_id = $1 AND m.channel = $2 AND m.id < $3
		ORDER BY m.id DESC
		LIMIT $4`, caseID, string(ch), before, limit)
	if err != nil {
		return nil, fmt.Errorf("room: history: %w", err)
	}
	msgs, err := scanMessages(rows, p.UserID)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID),
		Detail: map[string]string{"channel": string(ch), "count": strconv.Itoa(len(msgs))}}
	if err := s.audit.RecordAlone(ctx, s.db, p, ev); err != nil {
		return nil, err
	}
	return msgs, nil
}

// Transcript returns every message of the case that p may read, all
// channels interleaved in order: the room's part of the case file (a
// mediator's transcript holds the caucuses, a party's only its own).
// Audited as "room.transcript".
func (s *Service) Transcript(ctx context.Context, p *tiaojie.Principal, caseID int64) ([]Message, error) {
	const action = "room.transcript"
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return nil, err
	}
	var all []Message
	for after := int64(0); ; {
		page, err := s.readAfter(ctx, caseID, after, m.Channels(), 1000)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].ID
	}
	for i := range all {
		all[i].Mine = all[i].AuthorID == p.UserID
	}
	ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID),
		Detail: map[string]string{"count": strconv.Itoa(len(all))}}
	if err := s.audit.RecordAlone(ctx, s.db, p, ev); err != nil {
		return nil, err
	}
	return all, nil
}

// Attachment returns the message that carries the file key in the case, if
// p may read its channel; otherwise NotFound. The case side calls it before
// serving a room attachment, so that a file sent in one party's caucus is
// never downloadable by the other party even if its key leaks. The
// download itself is the caller's to audit.
func (s *Service) Attachment(ctx context.Context, p *tiaojie.Principal, caseID int64, fileKey string) (Message, error) {
	const action = "room.attachment"
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return Message{}, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT `+messageColumns+`
		FROM `+messageTables+`
		WHERE m.case_id = $1 AND m.file_key = $2 AND m.file_key <> ''
		ORDER BY m.id`, caseID, fileKey)
	if err != nil {
		return Message{}, fmt.Errorf("room: attachment: %w", err)
	}
	msgs, err := scanMessages(rows, p.UserID)
	if err != nil {
		return Message{}, err
	}
	for _, msg := range msgs {
		if m.CanRead(msg.Channel) {
			return msg, nil
		}
	}
	return Message{}, s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.NotFound, "error.not_found"), "file", fileKey)
}

// messageColumns are the columns scanMessages reads, from messageTables:
// a message (m) and its attachment's metadata (f), if any.
const (
	messageColumns = `m.id, m.case_id, m.channel, m.author_id, m.author_name, m.author_role, m.body, m.file_key,
		COALESCE(f.filename, ''), COALESCE(f.content_type, ''), COALESCE(f.size, 0), m.created_at`
	messageTables = `room_messages m LEFT JOIN files f ON f.key = m.file_key AND m.file_key <> ''`
)

// scanMessages reads rows of messageColumns and closes them, marking the
// viewer's own messages.
func scanMessages(rows *sql.Rows, viewer int64) ([]Message, error) {
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var ch, role string
		if err := rows.Scan(&m.ID, &m.CaseID, &ch, &m.AuthorID, &m.AuthorName, &role, &m.Body, &m.FileKey,
			&m.FileName, &m.FileType, &m.FileSize, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("room: scan message: %w", err)
		}
		m.Channel, m.AuthorRole, m.CreatedAt = Channel(ch), Role(role), m.CreatedAt.UTC()
		m.Mine = viewer > 0 && m.AuthorID == viewer
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("room: read messages: %w", err)
	}
	return out, nil
}

// readAfter returns up to limit messages of the case with an id above
// after, in the channels given (nil: every channel), in id order. The
// channel filter is in the SQL, not only in Go, so a message a member may
// not read never leaves the database on their behalf.
func (s *Service) readAfter(ctx context.Context, caseID, after int64, channels []Channel, limit int) ([]Message, error) {
	args := []any{caseID, after, limit}
	filter := ""
	if channels != nil {
		ph := make([]string, len(channels))
		for i, c := range channels {
			args = append(args, string(c))
			ph[i] = "$" + strconv.Itoa(len(args))
		}
		filter = " AND m.channel IN (" + strings.Join(ph, ", ") + ")"
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT `+messageColumns+`
		FROM `+messageTables+`
		WHERE m.case_id = $1 AND m.id > $2`+filter+`
		ORDER BY m.id
		LIMIT $3`, args...)
	if err != nil {
		return nil, fmt.Errorf("room: read messages: %w", err)
	}
	return scanMessages(rows, 0)
}

// latest returns the id of the newest message of the case, 0 if none.
func (s *Service) latest(ctx context.Context, caseID int64) (int64, error) {
	var id int64
	err := s.db.Reader().QueryRowContext(ctx,
		`SELECT COALESCE(MAX(id), 0) FROM room_messages WHERE case_id = $1`, caseID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("room: latest message: %w", err)
	}
	return id, nil
}
