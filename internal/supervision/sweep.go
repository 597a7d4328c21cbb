package supervision

import (
	"context"
	"fmt"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
)

// Sweep flags the rectification orders whose deadline has passed without
// a response (once each: overdue_at), audits the flag as the platform, and
// reminds the organization's admins who have an e-mail address. The pages
// show an overdue order from its deadline on, flagged or not; the flag
// records when the platform noticed and reminded. It returns how many it
// flagged.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT id, org_id FROM inspections WHERE status = 'rectifying' AND deadline <> '' AND deadline < $1 AND overdue_at IS NULL`,
		s.today())
	if err != nil {
		return 0, err
	}
	type due struct{ id, org int64 }
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.org); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, d := range list {
		if err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.flagTx(ctx, tx, d.id, d.org) }); err != nil {
			return n, fmt.Errorf("supervision: sweep %d: %w", d.id, err)
		}
		n++
	}
	return n, nil
}

func (s *Service) flagTx(ctx context.Context, tx *db.Tx, id, org int64) error {
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE inspections SET overdue_at = $1, reminded_at = $1 WHERE id = $2 AND overdue_at IS NULL
		AND status = 'rectifying'`, now, id)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return nil
	}
	if err := s.remindTx(ctx, tx, id, org); err != nil {
		return err
	}
	return s.record(ctx, tx, tiaojie.System(), "inspection.overdue", "inspection", id, map[string]string{"org": itoa(org)})
}

// remindTx queues a reminder to each admin of the organization with an
// e-mail address.
func (s *Service) remindTx(ctx context.Context, tx *db.Tx, id, org int64) error {
	if s.notifier == nil {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = $1 AND r.org_id = $2 AND u.status = 'active' AND u.email <> ''`, string(tiaojie.RoleOrgAdmin), org)
	if err != nil {
		return err
	}
	type to struct {
		id    int64
		email string
	}
	var list []to
	for rows.Next() {
		var t to
		if err := rows.Scan(&t.id, &t.email); err != nil {
			rows.Close()
			return err
		}
		list = append(list, t)
	}
	rows.Close()
	for _, t := range list {
		err := s.notifier.Enqueue(ctx, tx, s.now(), notify.Notice{
			Key: fmt.Sprintf("supervision.overdue:%d:%d", id, t.id), Email: t.email,
			Subject: "整改逾期提醒 Rectification overdue",
			Text: fmt.Sprintf("贵组织的检查整改（编号 %d）已超过整改期限，请尽快登录平台提交整改情况。\n"+
				"The rectification ordered by inspection %d is past its deadline: please log in and report it.", id, id),
		})
		if err != nil {
			return err
		}
	}
	return rows.Err()
}

// SetDeadlineForDemo moves a pending rectification's deadline to any day,
// past ones included, so that the demo data (internal/demo) can show an
// overdue order. Only the platform itself (tiaojie.System) may call it;
// anyone else is refused and audited.
func (s *Service) SetDeadlineForDemo(ctx context.Context, p *tiaojie.Principal, id int64, deadline string) error {
	if !p.IsSystem() {
		return s.settle(ctx, p, "inspection.deadline", "inspection", id, refuseAll())
	}
	if _, ok := parseDay(deadline); !ok {
		return tiaojie.E(tiaojie.Invalid, "supervision.deadline")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE inspections SET deadline = $1, version = version + 1
			WHERE id = $2 AND status IN ('rectifying', 'responded', 'verified')`, deadline, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tiaojie.E(tiaojie.Conflict, "supervision.bad_transition")
		}
		return s.record(ctx, tx, p, "inspection.deadline", "inspection", id, map[string]string{"deadline": deadline, "source": "demo"})
	})
}
