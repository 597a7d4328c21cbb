package cases

import (
	"context"
	"slices"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
	"tiaojie/internal/room"
)

// partyKey names a party's caucus in the room: its principal party's id.
// A party's agents share it, so they read what the mediator tells their
// principal alone.
func partyKey(partyID int64) string { return "p" + itoa(partyID) }

// roomOpen reports whether the room takes messages in this status: from
// the respondent's invitation until the agreement is settled.
func roomOpen(st tiaojie.CaseStatus) bool {
	switch st {
	case tiaojie.CaseAwaitingResp, tiaojie.CaseMediating, tiaojie.CaseSigning:
		return true
	}
	return false
}

// Member is the room's question (room.Access): what part the caller plays
// in the case's room. The assigned mediator reads every channel; a party
// (or its agent) the main channel and its own caucus (背对背); the
// organization's staff and the supervising offices observe the main
// channel only. Anyone else is told the case does not exist.
func (s *Service) Member(ctx context.Context, p *tiaojie.Principal, caseID int64) (room.Member, error) {
	c, err := s.loadCase(ctx, s.db.Reader(), caseID)
	if err != nil {
		return room.Member{}, err
	}
	ps, err := s.partsOf(ctx, s.db.Reader(), p, c)
	if err != nil {
		return room.Member{}, err
	}
	open := roomOpen(c.Status)
	switch {
	case ps.None() || ps.System || c.Status == tiaojie.CaseDraft || !ps.Content:
		return room.Member{}, tiaojie.E(tiaojie.NotFound, "error.not_found")
	case ps.Mediator:
		m := room.Member{Name: c.MediatorName + "（调解员）", Role: room.Mediator, CanPost: open}
		for _, id := range principalParties(c.Parties) {
			m.Parties = append(m.Parties, partyKey(id))
		}
		return m, nil
	case ps.Party():
		mine := append(slices.Clone(ps.Applicant), ps.Respondent...)[0]
		principal := principalOf(c.Parties, mine)
		name := p.Name
		for _, pt := range c.Parties {
			if pt.ID == mine {
				name = pt.Name + "（" + map[tiaojie.PartySide]string{tiaojie.SideApplicant: "申请人", tiaojie.SideRespondent: "被申请人"}[pt.Side] + "）"
			}
		}
		return room.Member{Name: name, Role: room.Party, PartyKey: partyKey(principal), CanPost: open}, nil
	default:
		return room.Member{Name: p.Name, Role: room.Observer}, nil
	}
}

// OnPosted tells the parties who may read a new message that the room has
// news (room.Notifier), by SMS and e-mail: at most one notice per party an
// hour, and never what the message says. The author is not told.
func (s *Service) OnPosted(ctx context.Context, m room.Message) {
	if err := s.notifyRoom(ctx, m); err != nil {
		s.log.ErrorContext(ctx, "cases: room notice", "case", m.CaseID, "err", err)
	}
}

func (s *Service) notifyRoom(ctx context.Context, m room.Message) error {
	c, err := s.loadCase(ctx, s.db.Reader(), m.CaseID)
	if err != nil {
		return err
	}
	now := s.now()
	hour := now.In(tiaojie.Beijing()).Format("2006-01-02T15")
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, pt := range c.Parties {
			if pt.AgentFor != 0 {
				continue
			}
			if m.Channel != room.Main && m.Channel != room.Caucus(partyKey(pt.ID)) {
				continue
			}
			if author, err := s.isPartyUser(ctx, tx, pt.ID, m.AuthorID); err != nil {
				return err
			} else if author {
				continue
			}
			msg := notify.RoomMessages{Name: pt.Name, CaseNo: c.Number, Count: 1, Link: s.baseURL + "/cases/" + itoa(c.ID) + "#room"}
			key := "case.room:" + itoa(c.ID) + ":party:" + itoa(pt.ID) + ":" + hour
			if err := s.notify(ctx, tx, now, key, pt.Email, pt.Phone, msg); err != nil {
				return err
			}
		}
		return nil
	})
}

// isPartyUser reports whether user logs in as the party (by link or by
// the party's phone).
func (s *Service) isPartyUser(ctx context.Context, q db.Queryer, partyID, userID int64) (bool, error) {
	if userID <= 0 {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_parties cp WHERE cp.id = $1
		AND (cp.user_id = $2 OR cp.phone_idx = (SELECT u.phone_idx FROM users u WHERE u.id = $2))`, partyID, userID).Scan(&n)
	return n > 0, err
}
