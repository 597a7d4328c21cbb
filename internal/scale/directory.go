package scale

import (
	"fmt"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/search"
)

// orgInfo is what the case generator needs to know of an organization.
type orgInfo struct {
	id        int64
	name      string
	township  string
	typ       tiaojie.OrgType
	public    bool
	mediators []int64 // active mediators, the ones cases can go to
	names     []string
}

// orgKind is a kind of organization with its share of the city's.
type orgKind struct {
	share  float64
	typ    tiaojie.OrgType
	form   tiaojie.LegalForm
	level  tiaojie.OrgLevel
	suffix string
}

// orgKinds: most of a city's organizations are the people's mediation
// committees of its villages and neighbourhoods; the rest are township
// committees and studios, professional committees and centres, and the
// commercial and new-type organizations the district policy adds.
var orgKinds = []orgKind{
	{0.70, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee, tiaojie.LevelVillage, "村人民调解委员会"},
	{0.08, tiaojie.OrgBasic, tiaojie.FormOther, tiaojie.LevelTownship, "调解工作室"},
	{0.08, tiaojie.OrgProfessional, tiaojie.FormPeoplesCommittee, tiaojie.LevelTownship, "纠纷人民调解委员会"},
	{0.04, tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.LevelDistrict, "调解服务中心"},
	{0.06, tiaojie.OrgCommercial, tiaojie.FormSocialService, tiaojie.LevelDistrict, "商事调解中心"},
	{0.02, tiaojie.OrgNewType, tiaojie.FormCompany, tiaojie.LevelDistrict, "调解咨询有限公司"},
	{0.02, tiaojie.OrgNewType, tiaojie.FormPartnership, tiaojie.LevelDistrict, "调解事务所（普通合伙）"},
}

// orgStatuses and their shares: nearly all serve; a few are rectifying,
// suspended, dissolved or still being set up.
var (
	orgStatuses     = []tiaojie.OrgStatus{tiaojie.StatusActive, tiaojie.StatusRectifying, tiaojie.StatusSuspended, tiaojie.StatusDissolved, tiaojie.StatusPreparing, tiaojie.StatusPrereview, tiaojie.StatusRegistered}
	orgStatusShares = []float64{0.89, 0.03, 0.03, 0.02, 0.01, 0.01, 0.01}
	peopleTypes     = []string{"marriage_family", "neighbour", "housing_land", "damages", "land_requisition", "forest_land", "labour", "traffic", "medical", "property_mgmt", "consumer"}
	commercialTypes = []string{"finance", "insurance", "construction", "contract", "ip", "maritime", "production"}
)

const directoryChunk = 2000

// directory generates the organizations, then the mediators.
func (g *gen) directory(nOrgs, nMeds int, send func(*chunk) error) error {
	now := g.o.Now
	names := map[string]bool{}
	c := newChunk()
	for i := range nOrgs {
		g.org(c, i, names, now)
		if len(c.index) == directoryChunk {
			if err := send(c); err != nil {
				return err
			}
			c = newChunk()
		}
	}
	for i := range nMeds {
		g.mediator(c, i, nOrgs, now)
		if len(c.index) == directoryChunk {
			if err := send(c); err != nil {
				return err
			}
			c = newChunk()
		}
	}
	return send(c)
}

func (g *gen) org(c *chunk, i int, names map[string]bool, now time.Time) {
	r, dist := g.r, g.o.District
	k := orgKinds[weighted(r, kindShares())]
	t := dist.Townships[i%len(dist.Townships)]
	specs := []string{pick(r, peopleTypes)}
	if k.typ == tiaojie.OrgCommercial || k.typ == tiaojie.OrgNewType {
		specs = []string{pick(r, commercialTypes)}
	}
	if r.IntN(2) == 0 {
		if s := pick(r, append(peopleTypes, specs[0])); s != specs[0] {
			specs = append(specs, s)
		}
	}
	dt, _ := tiaojie.DisputeTypeByCode(specs[0])
	var name string
	for tries := 0; name == "" || names[name]; tries++ {
		switch k.level {
		case tiaojie.LevelVillage:
			name = t.Name + villageName(r) + k.suffix
		case tiaojie.LevelTownship:
			if k.form == tiaojie.FormOther {
				name = t.Name + personName(r, gender(r)) + k.suffix
			} else {
				name = t.Name + dt.Name + k.suffix
			}
		default:
			name = dist.Name + pick(r, brands) + k.suffix
		}
		if tries > 3 {
			name += strconv.Itoa(tries) // 第N: rare, once the short names run out
		}
	}
	names[name] = true
	status := orgStatuses[weighted(r, orgStatusShares)]
	stage := ""
	if status == tiaojie.StatusPrereview {
		stage = "township"
	}
	var stars any
	var starsUntil any
	if status.Public() && r.IntN(10) < 3 {
		stars, starsUntil = 5-skewed(r, 5), now.AddDate(1, 0, 0).UTC()
	}
	founded := now.AddDate(-1-r.IntN(15), -r.IntN(12), -r.IntN(28)).UTC()
	var code, authority, regDate any
	if k.form.NeedsCreditCode() {
		g.seq++
		s := creditCode(k.form, dist.Code, g.seq)
		if !g.taken[s] {
			code, regDate = s, founded
			authority = map[string]string{"civil_affairs": dist.Name + "民政局", "market_regulation": dist.Name + "市场监督管理局"}[k.form.Authority()]
			g.taken[s] = true
		}
	}
	if authority == nil {
		authority = ""
	}
	// charges stays false: the registry sets it when a fee standard is
	// published, and no fee standards are generated.
	rep := personName(r, gender(r))
	desc := description(r)
	addr := address(r, t.Name)
	id := g.nextID(tOrgs)
	c.add(g.h, tOrgs, id, name, "", string(k.typ), string(k.form), string(k.level), t.Code, addr, code, authority, regDate,
		rep, rep, fmt.Sprintf("021-59%06d", r.IntN(1000000)), desc, r.IntN(2) == 0, false, string(status), stage,
		stars, starsUntil, founded, founded, founded)
	for _, s := range specs {
		c.add(g.h, tOrgSpecs, id, s)
	}
	langs := []string{"mandarin"}
	if r.IntN(10) < 6 {
		langs = append(langs, "chongming")
	}
	for _, l := range langs {
		c.add(g.h, tOrgLangs, id, l)
	}
	g.disclosure(c, id, status, rep, desc)
	texts := []string{name, "", desc, addr, t.Name, registry.TypeName(k.typ), registry.FormName(k.form)}
	for _, s := range specs {
		d, _ := tiaojie.DisputeTypeByCode(s)
		texts = append(texts, d.Name)
	}
	c.index = append(c.index, indexEntry{search.Orgs, id, texts})
	g.orgs = append(g.orgs, orgInfo{id: id, name: name, township: t.Code, typ: k.typ, public: status.Public()})
	if status.Public() {
		n := len(g.orgs) - 1
		if k.level == tiaojie.LevelDistrict {
			for _, tt := range dist.Townships {
				g.byTown[tt.Code] = append(g.byTown[tt.Code], n)
			}
		} else {
			g.byTown[t.Code] = append(g.byTown[t.Code], n)
		}
		if k.typ == tiaojie.OrgCommercial || k.typ == tiaojie.OrgNewType {
			g.comm = append(g.comm, n)
		}
	}
}

func kindShares() []float64 {
	out := make([]float64, len(orgKinds))
	for i, k := range orgKinds {
		out[i] = k.share
	}
	return out
}

// disclosure files the organization's annual disclosure of last year, as
// nearly all do on time (the disclosure sweep marks an organization that
// owes one long past its deadline as abnormal); a few file late and a few
// not at all. The case figures are left out: the cases come later.
func (g *gen) disclosure(c *chunk, orgID int64, status tiaojie.OrgStatus, rep, services string) {
	switch status {
	case tiaojie.StatusActive, tiaojie.StatusRectifying, tiaojie.StatusSuspended:
	default:
		return
	}
	r := g.r
	year := tiaojie.DisclosureYear(g.o.Now)
	due := g.o.Policy.DisclosureDueFor(year)
	filed := due.Add(-g.planDays(1, 80))
	switch x := r.IntN(100); {
	case x < 2:
		return
	case x < 5:
		filed = due.Add(g.planDays(1, 40))
	}
	if filed.After(g.o.Now) {
		return
	}
	gov := int64(r.IntN(200)) * 100000
	id := g.nextID(tDisclose)
	c.add(g.h, tDisclose, id, orgID, year, "annual", "filed", id, 1, due, filed, "设主任1名、副主任1名、委员若干名", rep,
		gov, int64(r.IntN(20))*10000, int64(r.IntN(50))*10000, gov*6/10, gov/10, gov/4, services, filed.Add(-g.planDays(0, 5)), filed)
}

// planDays is a random span of days.
func (g *gen) planDays(lo, hi int) time.Duration {
	return time.Duration(lo+g.r.IntN(hi-lo+1))*24*time.Hour + time.Duration(g.r.IntN(8*3600))*time.Second
}

var mediatorCerts = []string{"人民调解员培训合格证书", "法律职业资格证书", "心理咨询师证书", "律师执业证", "商事调解员证书", ""}

// mediator generates one mediator: the first of each organization is its
// chief, so every organization has someone to give cases to.
func (g *gen) mediator(c *chunk, i, nOrgs int, now time.Time) {
	r, dist := g.r, g.o.District
	orgN := i
	position := "chief"
	if i >= nOrgs {
		orgN = r.IntN(len(g.orgs))
		position = "part_time"
		if r.IntN(10) < 3 {
			position = "full_time"
		}
	}
	o := &g.orgs[orgN]
	sex := gender(r)
	name := personName(r, sex)
	birth := now.Year() - 25 - r.IntN(45)
	var number, idx string
	for number == "" || g.taken[idx] {
		g.seq++
		number = idNumber(r, birth, sex, g.seq)
		var err error
		if idx, err = g.o.Sealer.Index("idcard", number); err != nil {
			g.fail(err)
			return
		}
	}
	g.taken[idx] = true
	g.seq++
	phone := mobile(r, g.seq)
	id := g.nextID(tMediators)
	idEnc := g.seal(number, "mediators.id_number:"+strconv.FormatInt(id, 10))
	phEnc, phIdx := g.sealIndexed(phone, "mediators.phone:"+strconv.FormatInt(id, 10), "phone")
	bg := pick(r, tiaojie.Backgrounds())
	spec := pick(r, peopleTypes)
	if o.typ == tiaojie.OrgCommercial || o.typ == tiaojie.OrgNewType {
		spec = pick(r, commercialTypes)
	}
	dt, _ := tiaojie.DisputeTypeByCode(spec)
	bio := "擅长" + dt.Name + "调解，" + pick(r, Phrases) + "。"
	cert := pick(r, mediatorCerts)
	status, reason, statusAt := tiaojie.MediatorActive, "", any(nil)
	switch x := r.IntN(100); {
	case x < 3:
		status, reason, statusAt = tiaojie.MediatorSuspended, "年度考核不合格，暂停执业", now.AddDate(0, -r.IntN(12), 0).UTC()
	case x < 5:
		status, reason, statusAt = tiaojie.MediatorRemoved, "严重违反调解纪律", now.AddDate(0, -r.IntN(24), 0).UTC()
	}
	public := status == tiaojie.MediatorActive && r.IntN(10) > 0
	joined := now.AddDate(-r.IntN(10), -r.IntN(12), 0).UTC()
	g.h.str(number)
	g.h.str(phone)
	c.add(g.h, tMediators, id, name, sex, secret{idEnc}, secret{idx}, secret{phEnc}, secret{phIdx}, bg, cert,
		now.Year()-r.IntN(20), r.IntN(5), bio, public, string(status), reason, statusAt, joined, joined)
	c.add(g.h, tMedOrgs, id, o.id, position, joined)
	if i >= nOrgs && r.IntN(20) == 0 {
		if o2 := &g.orgs[r.IntN(len(g.orgs))]; o2.id != o.id {
			c.add(g.h, tMedOrgs, id, o2.id, "part_time", joined)
		}
	}
	c.add(g.h, tMedSpecs, id, spec)
	langs := []string{"mandarin"}
	if r.IntN(10) < 5 {
		langs = append(langs, "chongming")
	}
	for _, l := range langs {
		c.add(g.h, tMedLangs, id, l)
	}
	texts := []string{name, bio, cert, dt.Name}
	if b, ok := roster.BackgroundByCode(bg); ok {
		texts = append(texts, b.Name)
	}
	for _, l := range langs {
		if lang, ok := dist.Language(l); ok {
			texts = append(texts, lang.Name)
		}
	}
	c.index = append(c.index, indexEntry{search.Mediators, id, texts})
	if status == tiaojie.MediatorActive {
		o.mediators = append(o.mediators, id)
		o.names = append(o.names, name)
	}
}

// fail keeps the first error of the producer, which stops at the end of
// the chunk it is building.
func (g *gen) fail(err error) {
	if g.err == nil {
		g.err = fmt.Errorf("scale: seal personal data: %w", err)
	}
}

// seal seals a value bound to where it is stored, as the services do.
func (g *gen) seal(v, aad string) []byte {
	b, err := g.o.Sealer.SealString(v, aad)
	if err != nil {
		g.fail(err)
	}
	return b
}

// sealIndexed seals a value and computes its blind index (pii.SealIndexed).
func (g *gen) sealIndexed(v, aad, kind string) ([]byte, any) {
	b, idx, err := g.o.Sealer.SealIndexed(v, aad, kind)
	if err != nil {
		g.fail(err)
		return nil, nil
	}
	if !idx.Valid {
		return b, nil
	}
	return b, idx.String
}
