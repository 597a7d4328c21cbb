package notify

import (
	"context"
	"strconv"
	"time"

	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
)

// Queuer renders and queues notices: a Notifier, or the interface a
// service keeps of one.
type Queuer interface {
	Render(lang i18n.Lang, m Message) (Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n Notice) error
}

// EnqueueTo renders m in Chinese and queues it in tx to each of to, under
// key followed by ":" and the account's id, so that each person is told
// once however often the caller runs (a sweep's reminders).
func EnqueueTo(ctx context.Context, q Queuer, tx *db.Tx, now time.Time, m Message, key string, to []auth.Contact) error {
	if len(to) == 0 {
		return nil
	}
	c, err := q.Render(i18n.Zh, m)
	if err != nil {
		return err
	}
	for _, ct := range to {
		if err := q.Enqueue(ctx, tx, now, c.Notice(key+":"+strconv.FormatInt(ct.UserID, 10), ct.Email, ct.Phone)); err != nil {
			return err
		}
	}
	return nil
}
