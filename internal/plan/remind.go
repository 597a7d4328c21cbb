package plan

import (
	"context"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// Remind is the daily round of the job runner: every manual task not yet
// ticked that falls due within tiaojie.PlanReminderDays is notified to
// the bureau's active staff, once per task and due date (the notice key
// holds both, so a moved due date is reminded again). It returns how many
// notices it queued.
func (s *Service) Remind(ctx context.Context, now time.Time) (int, error) {
	if s.notifier == nil {
		return 0, nil
	}
	now = now.UTC().Truncate(time.Microsecond)
	if err := s.ensure(ctx); err != nil {
		return 0, err
	}
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		phases, err := loadPhases(ctx, tx)
		if err != nil {
			return err
		}
		var to []auth.Contact
		for _, ph := range phases {
			for _, t := range ph.Tasks {
				if t.Computed() || !tiaojie.TaskRemindable(t.DueOn, t.Done, now) {
					continue
				}
				if to == nil {
					if to, err = auth.Contacts(ctx, tx, s.sealer, `
						SELECT DISTINCT u.id, u.email, u.phone_enc FROM user_roles r JOIN users u ON u.id = r.user_id AND u.status = 'active'
						WHERE r.role = $1 ORDER BY u.id`, string(tiaojie.RoleBureau)); err != nil {
						return err
					}
				}
				due, _ := time.ParseInLocation(time.DateOnly, t.DueOn, tiaojie.Beijing())
				content, err := s.notifier.Render(i18n.Zh, notify.PlanTaskDue{Phase: ph.Name, Task: t.Text, Owner: t.Owner,
					Due: due, Link: s.baseURL + "/staff/plan"})
				if err != nil {
					return err
				}
				for _, c := range to {
					key := "plan.remind:" + itoa(t.ID) + ":" + t.DueOn + ":" + itoa(c.UserID)
					if err := s.notifier.Enqueue(ctx, tx, now, content.Notice(key, c.Email, c.Phone)); err != nil {
						return err
					}
					n++
				}
			}
		}
		return nil
	})
	return n, err
}
