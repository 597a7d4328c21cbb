package scale

import (
	"slices"
	"strconv"
	"time"

	"tiaojie"
)

// between returns a time in [a, b], or a when b is not after a.
func (g *gen) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(g.r.Int64N(int64(b.Sub(a)))))
}

// agreement writes the agreement versions a case's steps imply, the
// parties' confirmations of the last one, and the follow-up visit.
func (g *gen) agreement(c *chunk, cr *caseRow, k *kase, ps []party, terms, facts, issues string) {
	r := g.r
	var performBy any
	if !cr.agreed.IsZero() {
		performBy = k.plan.performBy.UTC()
	}
	performance := pick(r, []string{"现金支付", "银行转账", "当场履行", "分期支付，每月月底前转账"})
	switch {
	case len(cr.drafts) > 0:
		var last int64
		for v, at := range cr.drafts {
			id := g.nextID(tAgreements)
			final := v == len(cr.drafts)-1
			var effective, sealed, signed any
			if final {
				last = id
				signed = at.Add(30 * time.Minute).UTC()
				if !cr.concluded.IsZero() {
					effective, sealed = cr.concluded.UTC(), cr.concluded.UTC()
				}
			}
			c.add(g.h, tAgreements, id, cr.id, v+1, false, facts, issues, "", terms, performance, performBy, at.UTC(), effective, signed, sealed)
		}
		draft := cr.drafts[len(cr.drafts)-1]
		for _, p := range ps {
			if slices.Index(ps, p) == 1 && p.side == tiaojie.SideApplicant {
				continue // the agent signs for no one here
			}
			var at time.Time
			switch {
			case !cr.concluded.IsZero():
				at = g.between(draft, cr.concluded)
			case r.IntN(2) == 0:
				end := g.o.Now
				if !cr.ended.IsZero() {
					end = cr.ended
				}
				at = g.between(draft, end)
			default:
				continue
			}
			method, typed := "in_person", ""
			if r.IntN(10) < 6 {
				method, typed = "online", p.name
			}
			c.add(g.h, tConfirms, last, p.id, method, at.UTC(), typed)
		}
	case k.plan.oral && !cr.concluded.IsZero():
		at := cr.concluded.UTC()
		c.add(g.h, tAgreements, g.nextID(tAgreements), cr.id, 1, true, facts, issues, "", terms, performance, performBy, at, at, nil, nil)
	}
	if !cr.visited.IsZero() {
		performed := "full"
		if cr.performed.IsZero() {
			performed = pick(r, []string{"partial", "none"})
		}
		var by int64
		if k.home {
			by = g.o.Home.UserID
		}
		c.add(g.h, tVisits, g.nextID(tVisits), cr.id, performed, visitNotes[performed], by, cr.visited.UTC())
	}
}

// room writes the messages of a case mediated online: the room opens
// with the respondent's invitation and takes messages until the agreement
// is put to the parties or the mediation ends.
func (g *gen) room(c *chunk, cr *caseRow, k *kase, ps []party) {
	r := g.r
	if cr.invited.IsZero() || cr.mediatorID == 0 || k.source != tiaojie.SourceOnline && r.IntN(100) >= 35 {
		return
	}
	end := cr.roomEnd
	if end.IsZero() {
		end = g.o.Now
	}
	if !end.After(cr.invited) {
		return
	}
	n := 3 + r.IntN(8)
	times := make([]int64, n)
	for i := range times {
		times[i] = g.between(cr.invited, end).UnixNano()
	}
	slices.Sort(times)
	var author int64
	if k.home {
		author = g.o.Home.UserID
	}
	var lastID int64
	for i, ns := range times {
		channel := "main"
		p := pick(r, ps)
		if r.IntN(5) == 0 {
			channel = "caucus:p" + strconv.FormatInt(p.id, 10)
		}
		id := g.nextID(tMessages)
		lastID = id
		if i == 0 || r.IntN(2) == 0 {
			c.add(g.h, tMessages, id, cr.id, channel, author, cr.mediatorName, "mediator", pick(r, mediatorLines), time.Unix(0, ns).UTC())
		} else {
			c.add(g.h, tMessages, id, cr.id, channel, int64(0), p.name, "party", pick(r, partyLines), time.Unix(0, ns).UTC())
		}
	}
	c.add(g.h, tRooms, cr.id, n, lastID)
}
