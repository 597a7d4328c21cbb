package scale

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"tiaojie"
)

// disputeShares are the shares of the dispute types: the published
// monthly figures of a city bureau (DOMAIN.md §(c), Huangshi 2016) for the
// people's-mediation types, scaled to 95%, and 5% for the commercial
// fields the taxonomy adds (finance, insurance, construction, IP,
// maritime), which the published list does not count.
var disputeShares = map[string]float64{
	"marriage_family": 18.4, "neighbour": 32, "housing_land": 7.7, "contract": 5.1, "production": 3.6,
	"damages": 8.7, "forest_land": 2.1, "land_requisition": 3.2, "environment": 0.5, "labour": 1.5,
	"consumer": 0.8, "medical": 6.3, "traffic": 3.8, "property_mgmt": 0.1, "other": 6.2,
}

var commercialShares = map[string]float64{"finance": 2.5, "insurance": 1, "construction": 1, "ip": 0.3, "maritime": 0.2}

// disputeTable lists the types in taxonomy order with their weights.
func disputeTable() (codes []string, weights []float64) {
	for _, t := range tiaojie.DisputeTypes() {
		w := disputeShares[t.Code] * 0.95
		if c, ok := commercialShares[t.Code]; ok {
			w = c
		}
		codes, weights = append(codes, t.Code), append(weights, w)
	}
	return codes, weights
}

// sourceShares: most disputes come to the desk or online; some are
// referred by partner agencies, the court or the city platform.
var (
	sources      = tiaojie.CaseSources()
	sourceShares = []float64{30, 50, 8, 8, 4}
	withAmount   = map[string]bool{"contract": true, "production": true, "damages": true, "labour": true, "consumer": true, "medical": true,
		"traffic": true, "property_mgmt": true, "finance": true, "insurance": true, "construction": true, "ip": true, "maritime": true, "land_requisition": true}
)

const casesChunk = 5000

// cases generates the cases in the order they were filed, so that ids,
// application numbers and file numbers rise with time as the services
// give them; then one recent case in each status at the home
// organization, so that every status shows however small the factor.
func (g *gen) cases(n, nHome int, rep *Report, send func(*chunk) error) error {
	r, now := g.r, g.o.Now
	span := now.Sub(now.AddDate(-Years, 0, 0))
	created := make([]int64, n)
	for i := range created {
		created[i] = now.Add(-time.Duration(r.Int64N(int64(span)))).UnixNano()
	}
	slices.Sort(created)
	codes, weights := disputeTable()
	pl := &planner{r: r, cal: g.o.Calendar, now: now}
	stride := 0
	if nHome > 0 {
		stride = max(1, n/nHome)
	}
	c := newChunk()
	flush := func() error {
		if err := send(c); err != nil {
			return err
		}
		c = newChunk()
		return nil
	}
	for i, ns := range created {
		home := stride > 0 && i%stride == 0 && rep.HomeCases < nHome
		k := g.kase(pl, codes, weights, time.Unix(0, ns), home, "")
		g.emit(c, k, rep)
		if i%casesChunk == casesChunk-1 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if g.o.Home.OrgID != 0 {
		for _, st := range tiaojie.CaseStatuses() {
			if rep.Statuses[st] > 0 {
				continue
			}
			k := g.kase(pl, codes, weights, time.Time{}, true, st)
			if k != nil {
				g.emit(c, k, rep)
			}
		}
	}
	return flush()
}

// kase is one case planned: its type, place, organization and life.
type kase struct {
	created  time.Time
	source   tiaojie.CaseSource
	dtype    string
	township string
	home     bool
	plan     *plan
}

// kase draws a case. want, when set, draws recent cases until one ends
// in that status (at most a few thousand draws; nil if none does).
func (g *gen) kase(pl *planner, codes []string, weights []float64, created time.Time, home bool, want tiaojie.CaseStatus) *kase {
	r := g.r
	for range 5000 {
		at := created
		if want != "" {
			at = g.o.Now.Add(-pl.days(0, 120))
		}
		k := &kase{created: at, source: sources[weighted(r, sourceShares)], dtype: codes[weighted(r, weights)], home: home}
		org := -1
		switch {
		case home:
			if _, ok := commercialShares[k.dtype]; ok {
				k.dtype = "neighbour"
			}
			k.township = g.o.Home.Township
		case commercialShares[k.dtype] > 0 && len(g.comm) > 0:
			org = pick(r, g.comm)
			k.township = pick(r, g.o.District.Townships).Code
		default:
			k.township = pick(r, g.o.District.Townships).Code
			if list := g.byTown[k.township]; len(list) > 0 {
				org = pick(r, list)
			}
		}
		if org < 0 && !home {
			if len(g.orgs) == 0 {
				return nil
			}
			org = r.IntN(len(g.orgs))
		}
		k.plan = pl.draw(at, k.source, home, org, func(not int) int {
			list := g.byTown[k.township]
			for range 4 {
				if len(list) == 0 {
					break
				}
				if o := pick(r, list); o != not {
					return o
				}
			}
			return not
		})
		if want == "" || k.plan.status() == want {
			return k
		}
	}
	return nil
}

// caseRow is a case as its columns stand after its steps, applied as the
// cases service's stepTx applies them.
type caseRow struct {
	id                                                   int64
	created                                              time.Time
	number, fileNo                                       string
	status                                               tiaojie.CaseStatus
	org                                                  *orgInfo
	orgID, mediatorID                                    int64
	mediatorName                                         string
	routeReason                                          string
	submitted, routed, acceptDue, accepted, respDue      time.Time
	mediationDue, agreed, confirmDue, visitDue, ended    time.Time
	confirmed                                            any
	endReason                                            tiaojie.EndReason
	fee                                                  int64
	activity                                             time.Time
	version                                              int
	invited, opened, joined, declined                    time.Time
	drafts                                               []time.Time // when each agreement version was put to the parties
	concluded, roomEnd, performed, visited, mediateStart time.Time
}

// party is a generated party with what the case needs of it.
type party struct {
	id   int64
	side tiaojie.PartySide
	name string
}

// emit writes a planned case with everything its steps imply.
func (g *gen) emit(c *chunk, k *kase, rep *Report) {
	r := g.r
	cr := &caseRow{id: g.nextID(tCases), created: k.created}
	year := k.created.In(tiaojie.Beijing()).Year()
	cr.number = fmt.Sprintf("TJ%d-%06d", year, g.serial("app", year))
	g.applySteps(c, cr, k)
	parties := g.parties(c, cr, k)
	app, resp := parties[0], parties[len(parties)-1]
	for _, p := range parties {
		if p.side == tiaojie.SideRespondent {
			resp = p
			break
		}
	}
	st := pick(r, stories[k.dtype])
	place := villageName(r)
	title := fmt.Sprintf(st.title, app.name, resp.name, place)
	facts := fmt.Sprintf(st.facts, app.name, resp.name, place)
	claims := fmt.Sprintf(st.claims, app.name, resp.name, place)
	var amount any
	if withAmount[k.dtype] {
		amount = int64(1000+skewed(r, 200)*2500) * 100
	}
	var ext any
	switch k.source {
	case tiaojie.SourceCourt:
		ext = fmt.Sprintf("（%d）沪0151诉前调%d号", year, cr.id)
	case tiaojie.SourceCity:
		ext = "SH" + strconv.FormatInt(cr.id, 10)
	}
	if cr.org != nil && (cr.org.typ == tiaojie.OrgCommercial || cr.org.typ == tiaojie.OrgNewType) && amount != nil && !cr.accepted.IsZero() {
		cr.fee = max(amount.(int64)/50, 50000)
	}
	c.add(g.h, tCases, cr.id, cr.number, nullable(cr.fileNo), string(cr.status), string(k.source), ext, k.dtype, k.township, title, facts, claims,
		amount, nullable(cr.orgID), nullable(cr.mediatorID), cr.routeReason, k.created.UTC(), k.created.UTC(), tv(cr.submitted),
		tv(cr.routed), tv(cr.acceptDue), tv(cr.accepted), tv(cr.respDue), tv(cr.mediationDue), tv(cr.agreed), tv(cr.confirmDue),
		cr.confirmed, tv(cr.visitDue), tv(cr.ended), string(cr.endReason), nullable(cr.fee), cr.activity.UTC(), cr.version)
	g.agreement(c, cr, k, parties, fmt.Sprintf(st.terms, app.name, resp.name, place), facts, claims)
	g.room(c, cr, k, parties)
	if cr.status.Closed() && !cr.mediateStart.IsZero() && r.IntN(4) == 0 {
		if at := cr.activity.Add(time.Duration(r.IntN(7*24)) * time.Hour); !at.After(g.o.Now) {
			c.add(g.h, tRatings, cr.id, app.id, 5-skewed(r, 3), pick(r, ratingComments), at.UTC())
		}
	}
	rep.Statuses[cr.status]++
	if k.home {
		rep.HomeCases++
	}
}

// applySteps sets the case's columns step by step and writes its history
// and its mediator assignment.
func (g *gen) applySteps(c *chunk, cr *caseRow, k *kase) {
	r, cal := g.r, g.o.Calendar
	for _, s := range k.plan.steps {
		from := cr.status
		var orgID any = nullable(cr.orgID)
		actor := actorName(s.role, cr)
		switch tiaojie.CaseAction(s.action) {
		case tiaojie.CaseSubmit:
			cr.submitted = s.at
		case tiaojie.CaseRoute:
			if k.home {
				cr.orgID = g.o.Home.OrgID
				cr.org = &orgInfo{id: g.o.Home.OrgID, typ: tiaojie.OrgBasic}
				cr.routeReason = "当事人选择"
			} else {
				cr.org = &g.orgs[s.org]
				cr.orgID = cr.org.id
				cr.routeReason = pick(r, []string{"当事人选择", "纠纷发生地的调解组织", "擅长该类纠纷"})
			}
			orgID = cr.orgID
			cr.routed, cr.acceptDue = s.at, cal.AddWorkdays(s.at, tiaojie.AcceptWorkdays)
		case tiaojie.CaseDecline, tiaojie.CaseTimeout:
			cr.org, cr.orgID, cr.routed, cr.acceptDue, cr.routeReason = nil, 0, time.Time{}, time.Time{}, ""
		case tiaojie.CaseAccept:
			year := s.at.In(tiaojie.Beijing()).Year()
			name := g.orgName(cr)
			cr.fileNo = fmt.Sprintf("（%d）%s调字第%d号", year, name, g.serial("file:"+strconv.FormatInt(cr.orgID, 10), year))
			cr.accepted = s.at
			cr.respDue = cal.AddWorkdays(s.at, tiaojie.RespondentWorkdays)
			cr.mediationDue = cal.AddDays(s.at, tiaojie.MediationDays)
			cr.invited = s.at
		case tiaojie.CaseConsent:
			cr.joined, cr.mediateStart = s.at, s.at
			if r.IntN(10) < 7 {
				cr.opened = cr.invited.Add(time.Duration(r.Int64N(int64(s.at.Sub(cr.invited)) + 1)))
			}
		case tiaojie.CaseRefuse:
			cr.declined = s.at
		case tiaojie.CaseExtend:
			cr.mediationDue = cr.mediationDue.AddDate(0, 0, 30)
		case tiaojie.CaseDraftAgreement:
			cr.drafts = append(cr.drafts, s.at)
			cr.roomEnd = s.at
		case tiaojie.CaseConclude, tiaojie.CaseOralAgreement:
			cr.agreed, cr.concluded = s.at, s.at
			cr.confirmDue = cal.AddDays(s.at, tiaojie.ConfirmationDays)
			cr.visitDue = cal.AddDays(s.at, tiaojie.DefaultVisitDays)
			if !k.plan.performBy.IsZero() {
				cr.visitDue = cal.AddDays(k.plan.performBy, 1)
			}
			cr.roomEnd = s.at
		case tiaojie.CaseConfirmResult:
			cr.confirmed = r.IntN(100) < 95
		case tiaojie.CasePerform:
			cr.performed = s.at
		case tiaojie.CaseVisit:
			cr.visited = s.at
		}
		if s.end != "" {
			cr.endReason, cr.ended = s.end, s.at
			if cr.roomEnd.IsZero() {
				cr.roomEnd = s.at
			}
		}
		if s.action == "assign" {
			g.assign(c, cr, k, s.at)
			actor = "组织管理员"
		}
		if s.action != "create" {
			cr.version++
		}
		cr.status, cr.activity = s.to, s.at
		c.add(g.h, tEvents, g.nextID(tEvents), cr.id, s.action, string(from), string(s.to), orgID, string(s.end), s.reason,
			actorID(s.role, k, g), actor, string(s.role), s.at.UTC())
	}
	cr.version++ // the row starts at version 1
}

// orgName is the name in the organization's file numbers.
func (g *gen) orgName(cr *caseRow) string {
	if cr.org != nil && cr.org.name != "" {
		return cr.org.name
	}
	return g.o.Home.OrgName
}

// assign gives the case a mediator of its organization's roster.
func (g *gen) assign(c *chunk, cr *caseRow, k *kase, at time.Time) {
	if k.home {
		cr.mediatorID, cr.mediatorName = g.o.Home.MediatorID, g.o.Home.MediatorName
	} else if cr.org != nil && len(cr.org.mediators) > 0 {
		i := g.r.IntN(len(cr.org.mediators))
		cr.mediatorID, cr.mediatorName = cr.org.mediators[i], cr.org.names[i]
	}
	if cr.mediatorID == 0 {
		return
	}
	c.add(g.h, tAssignments, g.nextID(tAssignments), cr.id, cr.mediatorID, "org", 0, at.UTC(), at.Add(10*time.Minute).UTC())
}

func actorName(role tiaojie.CaseActor, cr *caseRow) string {
	switch role {
	case tiaojie.ActorSystem:
		return "system"
	case tiaojie.ActorDesk:
		return "受理窗口"
	case tiaojie.ActorOrg:
		return "组织管理员"
	case tiaojie.ActorMediator:
		return cr.mediatorName
	}
	return string(role)
}

func actorID(role tiaojie.CaseActor, k *kase, g *gen) int64 {
	if role == tiaojie.ActorMediator && k.home {
		return g.o.Home.UserID
	}
	return 0
}

// parties writes the parties: an applicant (now and then with an agent),
// one respondent or two; people or companies. Identity numbers and phones
// are sealed and indexed as the cases service seals them (aad
// "case_parties.<field>:<id>"); respondents carry the invitation funnel's
// times.
func (g *gen) parties(c *chunk, cr *caseRow, k *kase) []party {
	r := g.r
	company := map[string]bool{"consumer": true, "property_mgmt": true, "medical": true, "finance": true, "insurance": true, "construction": true, "labour": true}
	out := []party{{id: g.nextID(tParties), side: tiaojie.SideApplicant}}
	if r.IntN(20) == 0 {
		out = append(out, party{id: g.nextID(tParties), side: tiaojie.SideApplicant}) // the applicant's agent
	}
	out = append(out, party{id: g.nextID(tParties), side: tiaojie.SideRespondent})
	if r.IntN(10) == 0 {
		out = append(out, party{id: g.nextID(tParties), side: tiaojie.SideRespondent})
	}
	for i := range out {
		p := &out[i]
		agent := i == 1 && p.side == tiaojie.SideApplicant
		isOrg := !agent && (p.side == tiaojie.SideRespondent && company[k.dtype] && r.IntN(10) < 6 || r.IntN(40) == 0)
		var agentFor any
		if agent {
			agentFor = out[0].id
		}
		kind, sex, ethnicity, occupation, code, rep := tiaojie.PartyPerson, gender(r), "汉族", pick(r, occupations), "", ""
		var birth any
		var idNo, phone string
		g.seq++
		if isOrg {
			kind, sex, ethnicity, occupation = tiaojie.PartyOrg, "", "", ""
			p.name = companyName(r, g.o.District)
			code, rep = creditCode(tiaojie.FormCompany, "310151", g.seq), personName(r, gender(r))
		} else {
			p.name = personName(r, sex)
			if r.IntN(50) == 0 {
				ethnicity = pick(r, []string{"回族", "满族", "壮族", "土家族"})
			}
			by := g.o.Now.Year() - 18 - r.IntN(62)
			birth = by
			if r.IntN(10) < 7 {
				idNo = idNumber(r, by, sex, g.seq)
			}
		}
		if p.side == tiaojie.SideApplicant || r.IntN(100) < 85 {
			phone = mobile(r, g.seq)
		}
		g.h.str(idNo)
		g.h.str(phone)
		id := strconv.FormatInt(p.id, 10)
		idEnc, idIdx := g.sealIndexed(idNo, "case_parties.id:"+id, "idcard")
		phEnc, phIdx := g.sealIndexed(phone, "case_parties.phone:"+id, "phone")
		var invited, opened, joined, declined time.Time
		if p.side == tiaojie.SideRespondent {
			invited, opened, joined, declined = cr.invited, cr.opened, cr.joined, cr.declined
		}
		c.add(g.h, tParties, p.id, cr.id, string(p.side), string(kind), agentFor, p.name, sex, ethnicity, birth, occupation,
			address(r, pick(r, g.o.District.Townships).Name), code, rep, secret{idEnc}, secret{idIdx}, secret{phEnc}, secret{phIdx},
			tv(invited), tv(opened), tv(joined), tv(declined), cr.created.UTC())
	}
	return out
}
