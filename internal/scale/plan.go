package scale

import (
	"math"
	"math/rand/v2"
	"time"

	"tiaojie"
)

// pstep is one step of a case's planned life: a lifecycle action
// (tiaojie.CaseAction), or "create" and "assign" as the history records
// them.
type pstep struct {
	action string
	to     tiaojie.CaseStatus
	at     time.Time
	role   tiaojie.CaseActor
	end    tiaojie.EndReason
	reason string
	org    int // route: the organization (index into gen.orgs)
}

// plan is a case's life up to the anchor time, drawn step by step with
// the shares and delays of a busy district: most cases are accepted,
// mediated within the month and end in an agreement (the national success
// rate is above 90% for people's mediation, about 65% for court-linked
// mediation); some are declined, refused, terminated or withdrawn; a few
// overrun their deadlines, which is what the overdue boards show.
type plan struct {
	steps []pstep
	// The deadlines as stepTx sets them, to schedule what follows.
	acceptDue, respDue, mediationDue time.Time
	written, oral                    bool      // the kind of agreement, if any
	performBy                        time.Time // the agreement's performance date
	visit                            bool      // a follow-up visit is recorded
}

func (p *plan) status() tiaojie.CaseStatus { return p.steps[len(p.steps)-1].to }
func (p *plan) last() time.Time            { return p.steps[len(p.steps)-1].at }

// planner draws plans.
type planner struct {
	r   *rand.Rand
	cal tiaojie.Calendar
	now time.Time
}

func (pl *planner) hours(lo, hi float64) time.Duration {
	return time.Duration((lo + pl.r.Float64()*(hi-lo)) * float64(time.Hour))
}

// jobLag is how long after a deadline the deadline job acts: it sweeps
// every 15 minutes (serve.go), so no case waits long past a deadline it
// enforces.
func (pl *planner) jobLag() time.Duration { return pl.hours(0.02, 0.25) }

func (pl *planner) days(lo, hi float64) time.Duration { return pl.hours(lo*24, hi*24) }

// draw plans a case created at created, routed first to org (an index
// into gen.orgs) and, when declined, to another (pick). home cases are
// neither declined nor timed out, so they stay with the home organization.
func (pl *planner) draw(created time.Time, source tiaojie.CaseSource, home bool, org int, pick func(not int) int) *plan {
	r := pl.r
	p := &plan{}
	t := created
	// do appends the step if it happens by now; false stops the plan.
	do := func(at time.Time, action string, to tiaojie.CaseStatus, role tiaojie.CaseActor, end tiaojie.EndReason, reason string) bool {
		if at.After(pl.now) {
			return false
		}
		t = at
		p.steps = append(p.steps, pstep{action: action, to: to, at: at, role: role, end: end, reason: reason, org: -1})
		return true
	}
	do(t, "create", tiaojie.CaseDraft, tiaojie.CaseActor(source), "", "")
	if source == tiaojie.SourceOnline {
		if r.IntN(200) == 0 { // an application never submitted
			return p
		}
		if !do(t.Add(pl.hours(0.1, 10)), string(tiaojie.CaseSubmit), tiaojie.CaseSubmitted, tiaojie.ActorApplicant, "", "") {
			return p
		}
	} else {
		do(t.Add(time.Minute), string(tiaojie.CaseSubmit), tiaojie.CaseSubmitted, tiaojie.ActorDesk, "", "")
	}
	switch x := r.IntN(100); {
	case x < 2:
		pl.closeOut(p, do, t.Add(pl.hours(2, 72)), string(tiaojie.CaseReject), tiaojie.CaseRejected, tiaojie.ActorDesk, "", "不属于人民调解受理范围，已告知当事人其他解决途径")
		return p
	case x < 4:
		pl.closeOut(p, do, t.Add(pl.hours(1, 48)), string(tiaojie.CaseWithdraw), tiaojie.CaseWithdrawn, tiaojie.ActorApplicant, "", "")
		return p
	}
	for attempt := 0; ; attempt++ {
		delay := pl.hours(0.05, 1)
		if source == tiaojie.SourceOnline {
			delay = pl.hours(1, 40)
		}
		if !do(t.Add(delay), string(tiaojie.CaseRoute), tiaojie.CaseAwaitingOrg, tiaojie.ActorDesk, "", "") {
			return p
		}
		p.steps[len(p.steps)-1].org = org
		p.acceptDue = pl.cal.AddWorkdays(t, tiaojie.AcceptWorkdays)
		y := r.IntN(100)
		if home || attempt > 0 || y >= 7 {
			break
		}
		if y < 4 {
			if !do(t.Add(pl.hours(2, 40)), string(tiaojie.CaseDecline), tiaojie.CaseSubmitted, tiaojie.ActorOrg, "", "本组织调解员已满负荷，请改派其他组织") {
				return p
			}
		} else if !do(p.acceptDue.Add(pl.jobLag()), string(tiaojie.CaseTimeout), tiaojie.CaseSubmitted, tiaojie.ActorSystem, "", "") {
			return p // an overdue acceptance the deadline job has not returned yet
		}
		org = pick(org)
	}
	// Acceptance comes before the deadline: a late one is refused, and
	// the deadline job returns the case to routing (the timeouts above).
	window := p.acceptDue.Sub(t)
	accept := t.Add(time.Duration(r.Float64() * r.Float64() * 0.95 * float64(window)))
	if !do(accept, string(tiaojie.CaseAccept), tiaojie.CaseAwaitingResp, tiaojie.ActorOrg, "", "") {
		return p
	}
	p.respDue = pl.cal.AddWorkdays(t, tiaojie.RespondentWorkdays)
	p.mediationDue = pl.cal.AddDays(t, tiaojie.MediationDays)
	if !do(t.Add(pl.hours(0.2, 4)), "assign", tiaojie.CaseAwaitingResp, tiaojie.ActorOrg, "", "org") {
		return p
	}
	switch z := r.IntN(100); {
	case z < 4:
		pl.closeOut(p, do, t.Add(pl.hours(2, 48)), string(tiaojie.CaseWithdraw), tiaojie.CaseWithdrawn, tiaojie.ActorApplicant, "", "")
		return p
	case z < 13:
		pl.closeOut(p, do, t.Add(pl.hours(2, 70)), string(tiaojie.CaseRefuse), tiaojie.CaseTerminated, tiaojie.ActorRespondent, tiaojie.EndUnwilling, "")
		return p
	case z < 18:
		pl.closeOut(p, do, p.respDue.Add(pl.jobLag()), string(tiaojie.CaseUnreachable), tiaojie.CaseTerminated, tiaojie.ActorSystem, tiaojie.EndUnreachable, "")
		return p
	}
	// The respondent answers within the period; past it, the deadline job
	// records them unreachable (above), so only mediation overruns.
	consent := t.Add(time.Duration(r.Float64() * float64(p.respDue.Sub(t))))
	if !do(consent, string(tiaojie.CaseConsent), tiaojie.CaseMediating, tiaojie.ActorRespondent, "", "") {
		return p
	}
	// Mediation takes a week or two, a few cases longer than the month.
	dur := time.Duration(math.Exp(1.9+0.75*r.NormFloat64()) * 24 * float64(time.Hour))
	if r.IntN(100) < 12 {
		dur += pl.days(10, 90) // a stalled case: what the idle and overdue flags are for
	}
	end := t.Add(dur)
	if end.After(p.mediationDue) {
		switch x := r.IntN(100); {
		case x < 30:
			ext := p.mediationDue.Add(-pl.days(1, 5))
			if !do(ext, string(tiaojie.CaseExtend), tiaojie.CaseMediating, tiaojie.ActorMediator, "", "双方同意延长调解期限") {
				return p
			}
			p.mediationDue = p.mediationDue.AddDate(0, 0, 30)
			end = ext.Add(time.Duration(r.Float64() * float64(p.mediationDue.Sub(ext))))
		case x < 55:
			pl.closeOut(p, do, p.mediationDue.Add(pl.hours(1, 48)), string(tiaojie.CaseTerminate), tiaojie.CaseTerminated, tiaojie.ActorSystem, tiaojie.EndExpired, "")
			return p
		}
	}
	switch x := r.IntN(100); {
	case x < 58:
		if !pl.written(p, do, end) {
			return p
		}
	case x < 73:
		p.oral = true
		if !do(end, string(tiaojie.CaseOralAgreement), tiaojie.CaseAgreed, tiaojie.ActorMediator, tiaojie.EndAgreement, "") {
			return p
		}
	default:
		reasons := []tiaojie.EndReason{tiaojie.EndFarApart, tiaojie.EndSettled, tiaojie.EndUnwilling, tiaojie.EndOther, tiaojie.EndUnreachable}
		er := reasons[weighted(r, []float64{40, 25, 20, 10, 5})]
		why := ""
		if er == tiaojie.EndOther {
			why = "一方当事人已向法院提起诉讼"
		}
		pl.closeOut(p, do, end, string(tiaojie.CaseTerminate), tiaojie.CaseTerminated, tiaojie.ActorMediator, er, why)
		return p
	}
	pl.afterAgreement(p, do)
	return p
}

// written plans a written agreement: drafted, confirmed by every party
// (or refused), concluded.
func (pl *planner) written(p *plan, do func(time.Time, string, tiaojie.CaseStatus, tiaojie.CaseActor, tiaojie.EndReason, string) bool, at time.Time) bool {
	p.written = true
	if !do(at, string(tiaojie.CaseDraftAgreement), tiaojie.CaseSigning, tiaojie.ActorMediator, "", "") {
		return false
	}
	if pl.r.IntN(100) < 3 {
		if !do(at.Add(pl.hours(4, 48)), string(tiaojie.CaseReopen), tiaojie.CaseMediating, tiaojie.ActorMediator, "", "当事人对履行期限提出修改意见") {
			return false
		}
		if !do(p.last().Add(pl.hours(4, 48)), string(tiaojie.CaseDraftAgreement), tiaojie.CaseSigning, tiaojie.ActorMediator, "", "") {
			return false
		}
	}
	if pl.r.IntN(100) < 4 {
		pl.closeOut(p, do, p.last().Add(pl.hours(24, 96)), string(tiaojie.CaseTerminate), tiaojie.CaseTerminated, tiaojie.ActorMediator, tiaojie.EndRefusedToSign, "")
		return false
	}
	return do(p.last().Add(pl.hours(2, 80)), string(tiaojie.CaseConclude), tiaojie.CaseAgreed, tiaojie.ActorSystem, tiaojie.EndAgreement, "")
}

// afterAgreement plans judicial confirmation, performance, the follow-up
// visit and the archive.
func (pl *planner) afterAgreement(p *plan, do func(time.Time, string, tiaojie.CaseStatus, tiaojie.CaseActor, tiaojie.EndReason, string) bool) {
	r := pl.r
	agreed := p.last()
	p.performBy = agreed.Add(pl.days(3, 60))
	if r.IntN(100) < 10 {
		if !do(agreed.Add(pl.days(1, 20)), string(tiaojie.CaseApplyConfirm), tiaojie.CaseConfirming, tiaojie.ActorApplicant, "", "") {
			return
		}
		if !do(p.last().Add(pl.days(7, 30)), string(tiaojie.CaseConfirmResult), tiaojie.CaseAgreed, tiaojie.ActorOrg, "", "") {
			return
		}
	}
	if r.IntN(100) < 70 {
		at := p.performBy.Add(-pl.days(0, 3))
		if at.Before(p.last()) {
			at = p.last().Add(pl.hours(1, 24))
		}
		if !do(at, string(tiaojie.CasePerform), tiaojie.CasePerformed, tiaojie.ActorMediator, "", "") {
			return
		}
	}
	if r.IntN(100) < 88 {
		visitDue := p.performBy.Add(24 * time.Hour)
		at := visitDue.Add(pl.days(0, 10))
		if at.Before(p.last()) {
			at = p.last().Add(pl.days(1, 5))
		}
		if !do(at, string(tiaojie.CaseVisit), tiaojie.CaseVisited, tiaojie.ActorMediator, "", "") {
			return
		}
		p.visit = true
		pl.archive(p, do)
	}
}

// closeOut plans a step that ends the case, then its archive.
func (pl *planner) closeOut(p *plan, do func(time.Time, string, tiaojie.CaseStatus, tiaojie.CaseActor, tiaojie.EndReason, string) bool,
	at time.Time, action string, to tiaojie.CaseStatus, role tiaojie.CaseActor, end tiaojie.EndReason, reason string) {
	if do(at, action, to, role, end, reason) {
		pl.archive(p, do)
	}
}

// archive closes most finished files a few weeks on.
func (pl *planner) archive(p *plan, do func(time.Time, string, tiaojie.CaseStatus, tiaojie.CaseActor, tiaojie.EndReason, string) bool) {
	if pl.r.IntN(100) < 92 {
		do(p.last().Add(pl.days(7, 90)), string(tiaojie.CaseArchive), tiaojie.CaseArchived, tiaojie.ActorOrg, "", "")
	}
}
