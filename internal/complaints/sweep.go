package complaints

import (
	"context"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// Sweep is the periodic job of complaint deadlines: the handlers of each
// open complaint whose deadline falls within the next
// tiaojie.ComplaintReminderDays working days are reminded, once per
// complaint, person and last day (the notice key makes it idempotent).
// A handler with no phone nor e-mail on their account is logged instead.
// Overdue complaints need no job: they are flagged when read. It returns
// how many complaints it reminded of.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	now := s.now()
	cal, err := s.calendar(ctx, s.db.Reader())
	if err != nil {
		return 0, err
	}
	horizon := cal.AddWorkdays(now, tiaojie.ComplaintReminderDays)
	var w db.Where
	w.Add("c.status IN ('filed', 'acknowledged', 'investigating')")
	w.Add("c.due_at > " + w.Arg(now))
	w.Add("c.due_at <= " + w.Arg(horizon))
	due, err := s.query(ctx, &w, 1000)
	if err != nil {
		return 0, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, c := range due {
			if err := s.remind(ctx, tx, &c, now); err != nil {
				return err
			}
		}
		return nil
	})
	return len(due), err
}

// remind sends the reminder of one complaint to each of its handlers.
func (s *Service) remind(ctx context.Context, tx *db.Tx, c *Complaint, now time.Time) error {
	last := c.DueAt.In(tiaojie.Beijing()).AddDate(0, 0, -1)
	to, err := s.handlerContacts(ctx, tx, c.Handler, c.HandlerTownship)
	if err != nil {
		return err
	}
	if len(to) == 0 || s.notifier == nil {
		s.log.InfoContext(ctx, "complaints: reminder not sent (no notifier or no handler contact)",
			"complaint", c.ID, "handler", string(c.Handler), "due", last.Format(time.DateOnly))
		return nil
	}
	m := notify.ComplaintDeadline{Number: c.Number, Org: c.OrgName, Due: last, Link: s.baseURL + "/staff/complaints/" + itoa(c.ID)}
	content, err := s.notifier.Render(i18n.Zh, m)
	if err != nil {
		return err
	}
	for _, k := range to {
		key := "complaint.remind:" + itoa(c.ID) + ":" + itoa(k.UserID) + ":" + last.Format(time.DateOnly)
		if err := s.notifier.Enqueue(ctx, tx, now, content.Notice(key, k.Email, k.Phone)); err != nil {
			return err
		}
	}
	return nil
}

// handlerContacts returns the active accounts that handle complaints
// routed to handler (and township), with a phone or an e-mail.
func (s *Service) handlerContacts(ctx context.Context, q db.Queryer, h tiaojie.ComplaintHandler, township string) ([]auth.Contact, error) {
	role := map[tiaojie.ComplaintHandler]tiaojie.Role{tiaojie.HandlerTownship: tiaojie.RoleTownship,
		tiaojie.HandlerAssociation: tiaojie.RoleAssociation, tiaojie.HandlerBureau: tiaojie.RoleBureau}[h]
	return auth.Contacts(ctx, q, s.sealer, `
		SELECT DISTINCT u.id, u.email, u.phone_enc FROM user_roles r JOIN users u ON u.id = r.user_id AND u.status = 'active'
		WHERE r.role = $1 AND r.township_code = $2 ORDER BY u.id`, string(role), township)
}
