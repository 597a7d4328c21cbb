package meetings

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// Sweep is the periodic job of meeting decisions: the owner of each open
// decision due within tiaojie.DecisionSoonDays days is reminded once, and
// of an overdue one once a week while it stays open (the notice key holds
// the stage, so a second pass the same day sends nothing). Overdue
// decisions are also flagged wherever they are read. It returns how many
// decisions it reminded of.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	if s.notifier == nil {
		return 0, nil
	}
	now := s.now()
	horizon := s.clock.Now().In(tiaojie.Beijing()).AddDate(0, 0, tiaojie.DecisionSoonDays).Format(time.DateOnly)
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+decisionCols+decisionFrom+` WHERE d.status = 'open' AND d.due_on <= $1 ORDER BY d.id LIMIT 1000`, horizon)
		if err != nil {
			return err
		}
		var due []Decision
		for rows.Next() {
			d, err := s.scanDecision(rows)
			if err != nil {
				rows.Close()
				return err
			}
			due = append(due, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range due {
			sent, err := s.remind(ctx, tx, d, now)
			if err != nil {
				return err
			}
			if sent {
				n++
			}
		}
		return nil
	})
	return n, err
}

// remind queues the decision's reminder to each of its owner's contacts.
func (s *Service) remind(ctx context.Context, tx *db.Tx, d Decision, now time.Time) (bool, error) {
	dueDay, err := time.ParseInLocation(time.DateOnly, d.Due, tiaojie.Beijing())
	if err != nil {
		return false, nil
	}
	late := d.Standing == tiaojie.DecisionOverdue
	stage := "soon"
	if late {
		stage = "late" + strconv.Itoa(int(now.Sub(dueDay).Hours()/24/7))
	}
	to, owner, err := s.ownerContacts(ctx, tx, d)
	if err != nil || len(to) == 0 {
		return false, err
	}
	text := d.Text
	if utf8.RuneCountInString(text) > 40 {
		text = string([]rune(text)[:40]) + "…"
	}
	c, err := s.notifier.Render(i18n.Zh, notify.MeetingDecisionDue{Owner: owner, Meeting: d.Meeting, Decision: text,
		Due: dueDay, Late: late, Link: s.baseURL + "/staff/meetings/" + itoa(d.MeetingID)})
	if err != nil {
		return false, err
	}
	key := "meeting.remind:" + itoa(d.ID) + ":" + stage
	for _, ct := range to {
		if err := s.notifier.Enqueue(ctx, tx, now, c.Notice(key+":"+itoa(ct.UserID), ct.Email, ct.Phone)); err != nil {
			return false, err
		}
	}
	return true, nil
}

// ownerContacts returns the active accounts that answer for a decision's
// owner, and how to address them.
func (s *Service) ownerContacts(ctx context.Context, q db.Queryer, d Decision) ([]auth.Contact, string, error) {
	const sel = `SELECT u.id, u.email, u.phone_enc FROM users u `
	var query string
	var args []any
	owner := d.OwnerName
	switch d.OwnerKind {
	case tiaojie.OwnerAgency:
		query, args = sel+`JOIN agency_members am ON am.user_id = u.id WHERE am.agency_id = $1 AND u.status = 'active' ORDER BY u.id`, []any{d.OwnerID}
	case tiaojie.OwnerOrg:
		query, args = sel+`JOIN user_roles r ON r.user_id = u.id WHERE r.org_id = $1 AND r.role = 'org_admin' AND u.status = 'active' ORDER BY u.id`, []any{d.OwnerID}
	case tiaojie.OwnerTownship:
		query, args = sel+`JOIN user_roles r ON r.user_id = u.id WHERE r.township_code = $1 AND r.role = 'township_office' AND u.status = 'active' ORDER BY u.id`, []any{d.Township}
		owner = "乡镇（街道）司法所"
	default:
		query, args = sel+`JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'district_bureau' AND u.status = 'active' ORDER BY u.id`, nil
		owner = "区司法局"
	}
	cs, err := auth.Contacts(ctx, q, s.sealer, query, args...)
	return cs, owner, err
}
