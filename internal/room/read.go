package room

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// ChannelState is one channel as a member sees it in the room's overview.
type ChannelState struct {
	Channel  Channel `json:"channel"`
	LastID   int64   `json:"last_id"`   // newest message in the channel, 0 if none
	LastRead int64   `json:"last_read"` // the member's read position
	Unread   int     `json:"unread"`    // messages by others after LastRead
}

// Channels returns every channel p reads in the case, Main first, with the
// newest message and p's unread count. Only channels p may read are
// counted: a party's counts say nothing about another party's caucus.
func (s *Service) Channels(ctx context.Context, p *tiaojie.Principal, caseID int64) ([]ChannelState, error) {
	m, err := s.member(ctx, p, caseID, "room.channels")
	if err != nil {
		return nil, err
	}
	chans := m.Channels()
	args := []any{caseID, p.UserID}
	ph := make([]string, len(chans))
	for i, c := range chans {
		args = append(args, string(c))
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT m.channel, MAX(m.id), COALESCE(r.last_read_id, 0),
		       SUM(CASE WHEN m.id > COALESCE(r.last_read_id, 0) AND m.author_id <> $2 THEN 1 ELSE 0 END)
		FROM room_messages m
		LEFT JOIN room_reads r ON r.case_id = m.case_id AND r.channel = m.channel AND r.user_id = $2
		WHERE m.case_id = $1 AND m.channel IN (`+strings.Join(ph, ", ")+`)
		GROUP BY m.channel, r.last_read_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("room: channels: %w", err)
	}
	defer rows.Close()
	byChan := map[Channel]ChannelState{}
	for rows.Next() {
		var cs ChannelState
		var ch string
		var unread int64
		if err := rows.Scan(&ch, &cs.LastID, &cs.LastRead, &unread); err != nil {
			return nil, fmt.Errorf("room: scan channel: %w", err)
		}
		cs.Channel, cs.Unread = Channel(ch), int(unread)
		byChan[cs.Channel] = cs
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("room: channels: %w", err)
	}
	out := make([]ChannelState, len(chans))
	for i, c := range chans {
		cs, ok := byChan[c]
		if !ok {
			cs = ChannelState{Channel: c}
		}
		out[i] = cs
	}
	return out, nil
}

// MarkRead moves p's read position in a channel up to the message upTo
// (clamped to the channel's newest message at or below it, so a client
// cannot mark future messages read). It never moves backwards: two tabs
// marking out of order leave the furthest position. Audited as
// "room.mark_read", like every change a route makes (SECURITY.md AUD-01).
func (s *Service) MarkRead(ctx context.Context, p *tiaojie.Principal, caseID int64, ch Channel, upTo int64) error {
	const action = "room.mark_read"
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return err
	}
	if err := s.readable(ctx, p, caseID, action, m, ch); err != nil {
		return err
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO room_reads (case_id, user_id, channel, last_read_id, updated_at)
			VALUES ($1, $2, $3,
			        (SELECT COALESCE(MAX(id), 0) FROM room_messages WHERE case_id = $1 AND channel = $3 AND id <= $4),
			        $5)
			ON CONFLICT (case_id, user_id, channel) DO UPDATE
			SET last_read_id = excluded.last_read_id, updated_at = excluded.updated_at
			WHERE room_reads.last_read_id < excluded.last_read_id`,
			caseID, p.UserID, string(ch), upTo, now)
		if err != nil {
			return fmt.Errorf("room: mark read: %w", err)
		}
		ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID),
			Detail: map[string]string{"channel": string(ch), "message": itoa(upTo)}}
		return s.audit.Record(ctx, tx, p, ev)
	})
}

// HasRead reports whether the user has read the channel up to the message.
// It takes no principal: it is for the case side's delayed notification
// job ("still unread after ten minutes: send an SMS"), which acts as the
// platform.
func (s *Service) HasRead(ctx context.Context, caseID, userID int64, ch Channel, messageID int64) (bool, error) {
	var last int64
	err := s.db.Reader().QueryRowContext(ctx, `
		SELECT COALESCE(MAX(last_read_id), 0) FROM room_reads
		WHERE case_id = $1 AND user_id = $2 AND channel = $3`, caseID, userID, string(ch)).Scan(&last)
	if err != nil {
		return false, fmt.Errorf("room: read state: %w", err)
	}
	return last >= messageID, nil
}
