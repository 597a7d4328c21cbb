package cases

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Parts are the parts a caller plays in one case. A person may play
// several (an organization's admin who is also its assigned mediator).
type Parts struct {
	System     bool
	Applicant  []int64 // the applicant-side parties (or agents) the caller is
	Respondent []int64 // the respondent-side parties (or agents) the caller is
	Mediator   bool    // the assigned mediator
	Org        bool    // an admin of the organization handling the case
	OrgStaff   bool    // a mediator of that organization, not assigned: reads only
	Desk       bool    // the township office of the case's township, or the bureau
	Supervisor bool    // reads what the desk reads, without acting (a token scoped to cases.read)
	Referrer   bool    // the partner agency user who referred it: reads only
	// Content: the caller sees what the dispute is about (facts, parties'
	// particulars, the agreement, the room). The parties, the assigned
	// mediator and the organization's admin do; the township office and
	// the bureau see figures and metadata and open the content with a
	// recorded reason (OpenContent), or because they filed the case.
	Content bool
}

// None reports whether the caller plays no part at all.
func (ps Parts) None() bool {
	return !ps.System && len(ps.Applicant) == 0 && len(ps.Respondent) == 0 && !ps.Mediator && !ps.Org &&
		!ps.OrgStaff && !ps.Desk && !ps.Supervisor && !ps.Referrer
}

// Party reports whether the caller is a party (or an agent) on either side.
func (ps Parts) Party() bool { return len(ps.Applicant) > 0 || len(ps.Respondent) > 0 }

// Staff reports whether the caller sees the case as staff: everything but
// what is sealed.
func (ps Parts) Staff() bool {
	return ps.System || ps.Mediator || ps.Org || ps.OrgStaff || ps.Desk || ps.Supervisor
}

// Actors returns the lifecycle parts the caller may act as, most specific
// first (the rule picks the first one allowed).
func (ps Parts) Actors() []tiaojie.CaseActor {
	var out []tiaojie.CaseActor
	if ps.System {
		out = append(out, tiaojie.ActorSystem)
	}
	if ps.Mediator {
		out = append(out, tiaojie.ActorMediator)
	}
	if ps.Org {
		out = append(out, tiaojie.ActorOrg)
	}
	if len(ps.Applicant) > 0 {
		out = append(out, tiaojie.ActorApplicant)
	}
	if len(ps.Respondent) > 0 {
		out = append(out, tiaojie.ActorRespondent)
	}
	if ps.Desk {
		out = append(out, tiaojie.ActorDesk)
	}
	return out
}

// partsOf decides the parts p plays in c. A public user is a party when
// they logged in with the phone the party gave (or were linked to the
// party before); staff by their grants. A draft is its owner's and its
// creator's alone.
func (s *Service) partsOf(ctx context.Context, q db.Queryer, p *tiaojie.Principal, c *Case) (Parts, error) {
	var ps Parts
	if p.IsSystem() {
		ps.System = true
		return ps, nil
	}
	if !p.LoggedIn() || p.Pending != "" {
		return ps, nil
	}
	if err := s.partiesOf(ctx, q, p.UserID, c.ID, &ps); err != nil {
		return ps, err
	}
	// The respondent comes in when the accepting organization invites
	// them (法释〔2021〕23号 Art. 15), not when the applicant files.
	ps.Respondent = slices.DeleteFunc(ps.Respondent, func(id int64) bool { return !invited(c.Parties, id) })
	if c.Status == tiaojie.CaseDraft {
		// Staff entering a case for an applicant see their own draft.
		if c.OwnerID != p.UserID {
			desk := c.OwnerID == 0 && p.Can(tiaojie.PermCasesDesk) && s.deskCovers(p, c)
			ps = Parts{Desk: desk, Content: desk}
		} else if !ps.Party() {
			// The owner files for someone else (an agent without a party row yet).
			ps.Applicant = []int64{0}
		}
		ps.Content = ps.Content || ps.Party()
		return ps, nil
	}
	if c.MediatorID != 0 && p.Can(tiaojie.PermCasesHandle) {
		var uid int64
		err := q.QueryRowContext(ctx, `SELECT COALESCE(user_id, 0) FROM mediators WHERE id = $1`, c.MediatorID).Scan(&uid)
		if err != nil {
			return ps, err
		}
		ps.Mediator = uid == p.UserID
	}
	for _, g := range p.Grants {
		if c.OrgID == 0 || g.OrgID != c.OrgID {
			continue
		}
		switch g.Role {
		case tiaojie.RoleOrgAdmin:
			ps.Org = p.Can(tiaojie.PermCasesHandle)
		case tiaojie.RoleMediator:
			ps.OrgStaff = p.Can(tiaojie.PermCasesRead)
		}
	}
	ps.OrgStaff = ps.OrgStaff && !ps.Mediator && !ps.Org
	ps.Desk = p.Can(tiaojie.PermCasesDesk) && s.deskCovers(p, c)
	ps.Supervisor = !ps.Desk && p.Can(tiaojie.PermCasesRead) && s.deskCovers(p, c)
	ps.Referrer = c.ReferrerID != 0 && c.ReferrerID == p.UserID
	ps.Content = ps.Party() || ps.Mediator || ps.Org
	if !ps.Content && (ps.Desk || ps.Supervisor) {
		open, err := s.hasAccess(ctx, q, c.ID, p.UserID)
		if err != nil {
			return ps, err
		}
		ps.Content = open
	}
	return ps, nil
}

// deskCovers reports whether a desk grant of p reaches the case: the
// bureau's everywhere, a township office's in its township.
func (s *Service) deskCovers(p *tiaojie.Principal, c *Case) bool {
	return p.Has(tiaojie.RoleBureau) || slices.Contains(p.Townships(), c.Township)
}

// partiesOf adds the parties p.UserID is in case id: linked to the party,
// or logged in with the party's phone (the same blind index).
func (s *Service) partiesOf(ctx context.Context, q db.Queryer, userID, caseID int64, ps *Parts) error {
	rows, err := q.QueryContext(ctx, `
		SELECT cp.id, cp.side FROM case_parties cp
		WHERE cp.case_id = $1 AND (cp.user_id = $2 OR cp.phone_idx = (SELECT u.phone_idx FROM users u WHERE u.id = $2))
		ORDER BY cp.id`, caseID, userID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var side tiaojie.PartySide
		if err := rows.Scan(&id, &side); err != nil {
			return err
		}
		if side == tiaojie.SideApplicant {
			ps.Applicant = append(ps.Applicant, id)
		} else {
			ps.Respondent = append(ps.Respondent, id)
		}
	}
	return rows.Err()
}

// Get returns a case the caller plays a part in, with the parts.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*View, error) {
	c, err := s.loadCase(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	ps, err := s.partsOf(ctx, s.db.Reader(), p, c)
	if err != nil {
		return nil, err
	}
	if ps.None() {
		return nil, s.settle(ctx, p, "case.read", id, hide())
	}
	return s.view(c, ps), nil
}

// View is a case as one caller may see it, with what they may do next.
type View struct {
	*Case
	Parts   Parts
	Actions []tiaojie.CaseAction // the steps the caller may take now
	Clock   Deadline             // the deadline that matters now, if any
}

// view builds the caller's view: contact details only for those who may
// contact the parties, and for a caller who has not opened the content,
// the metadata only (parties' names masked, no facts or claims).
func (s *Service) view(c *Case, ps Parts) *View {
	v := &View{Case: c, Parts: ps, Clock: s.deadlineOf(c)}
	if !ps.Content {
		c.Facts, c.Claims = "", ""
		for i := range c.Parties {
			pt := &c.Parties[i]
			pt.Name = tiaojie.MaskName(pt.Name)
			pt.Phone, pt.Email, pt.Address, pt.IDNumberMasked = "", "", "", ""
			pt.Occupation, pt.CreditCode, pt.Representative = "", "", ""
		}
	}
	if !ps.Staff() {
		for i := range c.Parties {
			// A party sees the other side's name and role, not how to reach them.
			if !slices.Contains(ps.Applicant, c.Parties[i].ID) && !slices.Contains(ps.Respondent, c.Parties[i].ID) {
				c.Parties[i].Phone, c.Parties[i].Email, c.Parties[i].Address = "", "", ""
			}
		}
	}
	for _, a := range tiaojie.CaseActions() {
		for _, actor := range ps.Actors() {
			if actor == tiaojie.ActorSystem {
				continue
			}
			if slices.Contains(tiaojie.CaseActionActors(a), actor) && allowedFrom(c.Status, a) {
				v.Actions = append(v.Actions, a)
				break
			}
		}
	}
	return v
}

// allowedFrom reports whether the rule lets some actor take a from status.
func allowedFrom(st tiaojie.CaseStatus, a tiaojie.CaseAction) bool {
	for _, actor := range tiaojie.CaseActionActors(a) {
		if _, err := tiaojie.NextCaseStatus(st, a, actor, tiaojie.EndOther, "x"); err == nil || !tiaojie.IsKind(err, tiaojie.Conflict) {
			return true
		}
	}
	return false
}

// invited reports whether the party (or, for an agent, its principal) has
// been invited to the mediation.
func invited(ps []Party, id int64) bool {
	id = principalOf(ps, id)
	for _, p := range ps {
		if p.ID == id {
			return p.InvitedAt != nil
		}
	}
	return false
}

// contentHours is how long an opening of a case's content lasts.
const contentHours = 8

// hasAccess reports whether the user opened the case's content (with a
// reason) and the opening has not expired.
func (s *Service) hasAccess(ctx context.Context, q db.Queryer, caseID, userID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_access WHERE case_id = $1 AND user_id = $2 AND expires_at > $3`,
		caseID, userID, s.now()).Scan(&n)
	return n > 0, err
}

// OpenContent lets a township office or the bureau read a case's content
// for contentHours, for a reason it states (a complaint, an inspection, a
// party's request at the desk). The reason goes to the audit trail and the
// case's access record; the parties' own record shows nothing of it.
func (s *Service) OpenContent(ctx context.Context, p *tiaojie.Principal, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) < 2 || utf8.RuneCountInString(reason) > 500 {
		var fe tiaojie.FieldErrors
		fe.Add("reason", "case.open_reason")
		return fe.Err()
	}
	return s.withCase(ctx, p, id, "case.open_content", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Desk && !ps.Supervisor {
			return notYours("open_content")
		}
		if err := s.grantAccess(ctx, tx, c.ID, p.UserID, reason); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.open_content", c.ID, map[string]string{"reason": reason})
	})
}

// grantAccess records an opening of the case's content.
func (s *Service) grantAccess(ctx context.Context, tx *db.Tx, caseID, userID int64, reason string) error {
	now := s.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO case_access (case_id, user_id, reason, opened_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		caseID, userID, reason, now, now.Add(contentHours*time.Hour))
	return err
}
