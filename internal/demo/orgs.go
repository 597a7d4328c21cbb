package demo

import (
	"strings"
	"time"

	"tiaojie"
)

// kind is the family an organization of the plan belongs to: it decides
// its services and the backgrounds of its mediators.
type kind int

const (
	kindTownship     kind = iota // 镇（乡）人民调解委员会
	kindVillage                  // 村（居）人民调解委员会
	kindProfessional             // 行业性专业性人民调解委员会
	kindMaritime                 // 海事纠纷联合调解室
	kindSocial                   // 调解服务中心（民办非企业单位）
	kindLawyers                  // 专业型调解服务中心
	kindCommercial               // 商事调解
	kindGroup                    // 社会团体
	kindNew                      // 新型调解组织
	kindStudio                   // 个人调解工作室
)

// orgSpec is one organization of the demo district and how far its
// lifecycle goes.
type orgSpec struct {
	key         string // a handle for the rest of the plan, "" for most
	name, short string
	typ         tiaojie.OrgType
	form        tiaojie.LegalForm
	level       tiaojie.OrgLevel
	town        int // index into District.Townships
	kind        kind
	specialties []string
	langs       []string
	online      bool
	desc        string
	end         tiaojie.OrgStatus // the status it is left in
	stage       string            // with end prereview: the stage it waits at
	reason      string            // the reason of its last step (rectify, suspend, dissolve)
	staff       int               // mediators whose first organization it is
	stars       int
	founder     string // a studio's founder, who is its chief mediator
	founderMale bool
	disclose    bool      // has a public disclosure document
	registered  time.Time // registration date; zero: spreadDate
	email       string
}

// languages are the language codes of the district profile the demo uses,
// "" where the profile lacks one. local is the local dialect: the first
// language that is not Mandarin, Shanghainese, English or sign language
// (崇明话 in the default profile).
type languages struct {
	mandarin, local, shanghai, english, sign string
	localName                                string
}

func languagesOf(d *tiaojie.District) languages {
	var l languages
	for _, lang := range d.Languages {
		switch lang.Code {
		case "mandarin":
			l.mandarin = lang.Code
		case "shanghainese":
			l.shanghai = lang.Code
		case "english":
			l.english = lang.Code
		case "sign":
			l.sign = lang.Code
		default:
			if l.local == "" {
				l.local, l.localName = lang.Code, lang.Name
			}
		}
	}
	if l.local == "" && l.shanghai != "" {
		l.local, l.localName = l.shanghai, "上海话"
	}
	if l.localName == "" {
		l.localName = "本地方言"
	}
	return l
}

// set returns the codes without the empty ones and repeats.
func (l languages) set(codes ...string) []string {
	var out []string
	for _, c := range codes {
		if c != "" && !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// planner builds the plan of organizations for a district profile.
type planner struct {
	d     *tiaojie.District
	l     languages
	specs []orgSpec
}

func (p *planner) town(i int) tiaojie.Township { return p.d.Townships[i%len(p.d.Townships)] }
func (p *planner) ti(i int) int                { return i % len(p.d.Townships) }
func (p *planner) tn(i int) string             { return p.town(i).Name }

// unit is the word for a township-level division: 镇, 乡 or 街道.
func (p *planner) unit(i int) string {
	switch p.town(i).Kind {
	case tiaojie.TownshipKindTownship:
		return "乡"
	case tiaojie.TownshipKindSubdistrict:
		return "街道"
	}
	return "镇"
}

// fill replaces {d} (district), {bureau}, {centre}, {dialect}, {city} and
// {tN}, {officeN}, {stationN}, {unitN} (township N's name, justice office,
// workstation and unit word) in a text.
func (p *planner) fill(s string, towns ...int) string {
	pairs := []string{"{d}", p.d.Name, "{bureau}", p.d.Bureau.Name, "{centre}", p.d.Centre.Name,
		"{dialect}", p.l.localName, "{city}", cityShort(p.d), "{civil}", civilAffairs(p.d), "{market}", marketRegulation(p.d)}
	for k, i := range towns {
		n := string(rune('0' + k))
		pairs = append(pairs, "{t"+n+"}", p.tn(i), "{office"+n+"}", p.town(i).JusticeOffice.Name,
			"{station"+n+"}", p.town(i).Workstation.Name, "{unit"+n+"}", p.unit(i))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// civilAffairs and marketRegulation name the district's registration
// authorities; the justice bureau files people's mediation committees.
func civilAffairs(d *tiaojie.District) string     { return d.City + d.Name + "民政局" }
func marketRegulation(d *tiaojie.District) string { return d.City + d.Name + "市场监督管理局" }

// authority returns the body an organization of the form registers with.
func authority(d *tiaojie.District, f tiaojie.LegalForm) string {
	switch f.Authority() {
	case "civil_affairs":
		return civilAffairs(d)
	case "market_regulation":
		return marketRegulation(d)
	}
	return d.Bureau.Name
}

var townshipTexts = []string{
	"{t0}人民调解委员会在{office0}的指导下开展工作，办公地点设在{station0}。调委会由全{unit0}各村居的调解骨干组成，主要调解邻里纠纷、婚姻家庭纠纷以及宅基地、土地承包等农村常见纠纷。调解一律免费，可使用{dialect}和普通话，群众可现场申请，也可拨打12348热线咨询。",
	"{t0}人民调解委员会是全{unit0}矛盾纠纷排查化解的主阵地，与各村居调委会形成两级调解网络。调委会坚持“小事不出村、大事不出{unit0}”，重点化解土地承包、宅基地、赡养和相邻关系纠纷。调解员熟悉本地民情，能用{dialect}与群众沟通，调解免费。",
	"{t0}人民调解委员会设在{station0}，工作日全天接待来访群众。调解成功的纠纷由调委会出具人民调解协议书，并可协助当事人向人民法院申请司法确认。调委会还定期走访村居，开展矛盾纠纷排查和法治宣传。",
}

// villages are invented village names; the plan puts them in townships by
// position.
var villages = []struct {
	town int
	name string
}{{0, "城东村"}, {1, "永丰村"}, {7, "合兴村"}, {16, "东风村"}}

// plan returns the demo district's organizations in creation order.
func plan(d *tiaojie.District) []orgSpec {
	p := &planner{d: d, l: languagesOf(d)}
	p.townships()
	p.professional()
	p.social()
	p.commercial()
	p.newTypes()
	p.villages()
	p.applications()
	return p.specs
}

// townships adds one people's mediation committee per township.
func (p *planner) townships() {
	l := p.l
	for i := range p.d.Townships {
		staff := 4
		if i == 0 || i == 1 || i == 9 || i == 15 {
			staff = 5
		}
		extra := []string{"land_requisition", "labour", "consumer"}[i%3]
		s := orgSpec{
			name: p.tn(i) + "人民调解委员会", short: p.tn(i) + "调委会",
			typ: tiaojie.OrgBasic, form: tiaojie.FormPeoplesCommittee, level: tiaojie.LevelTownship, town: i, kind: kindTownship,
			specialties: []string{"neighbour", "marriage_family", "housing_land", "forest_land", extra},
			langs:       l.set(l.mandarin, l.local), online: i%2 == 0,
			desc: p.fill(townshipTexts[i%len(townshipTexts)], i), end: tiaojie.StatusActive, staff: staff,
			disclose: i%4 == 0,
		}
		if i%4 == 0 {
			s.langs = l.set(l.mandarin, l.local, l.shanghai)
		}
		switch i {
		case 0:
			s.key, s.stars = "seat", 4
		case 1, 9:
			s.stars = 3
		}
		p.specs = append(p.specs, s)
	}
}

// professional adds the district's trade and professional committees and
// the maritime joint mediation room.
func (p *planner) professional() {
	l := p.l
	committee := func(key, name, short string, specs []string, staff int, desc string) orgSpec {
		return orgSpec{key: key, name: p.d.Name + name, short: short, typ: tiaojie.OrgProfessional,
			form: tiaojie.FormPeoplesCommittee, level: tiaojie.LevelDistrict, town: 0, kind: kindProfessional,
			specialties: specs, langs: l.set(l.mandarin, l.local), online: true, desc: p.fill(desc),
			end: tiaojie.StatusActive, staff: staff, disclose: true}
	}
	medical := committee("medical", "医患纠纷人民调解委员会", "医调委", []string{"medical", "damages"}, 6,
		"{d}医患纠纷人民调解委员会是在{bureau}指导下设立的行业性专业性人民调解组织，设在{centre}。调委会专门调解本区医疗机构与患者之间的医疗纠纷，调解员具有医学、法律专业背景，可依申请组织医学专家咨询。调解不收费，达成的调解协议可以申请司法确认。")
	medical.stars, medical.langs = 5, l.set(l.mandarin, l.local, l.shanghai)
	traffic := committee("traffic", "道路交通事故纠纷人民调解委员会", "交通事故调委会", []string{"traffic", "damages", "insurance"}, 4,
		"{d}道路交通事故纠纷人民调解委员会与交警部门、保险机构和人民法院建立了联动机制，集中调解道路交通事故损害赔偿纠纷。调解员熟悉事故责任认定和保险理赔规则，可一站式协调赔偿金额和理赔手续。调解免费，调解协议可申请司法确认。")
	labour := committee("labour", "劳动争议人民调解委员会", "劳动争议调委会", []string{"labour"}, 4,
		"{d}劳动争议人民调解委员会主要调解劳动报酬、社会保险、工伤待遇和解除劳动合同等劳动争议，重点帮助农民工追讨欠薪。调解员由熟悉劳动法律政策的专职调解员和工会、企业代表组成。调解免费，调解不成的引导当事人依法申请劳动仲裁。")
	family := committee("family", "婚姻家庭纠纷人民调解委员会", "婚调委", []string{"marriage_family"}, 4,
		"{d}婚姻家庭纠纷人民调解委员会与区妇联合作设立，专门调解婚姻、家庭、赡养、抚养和继承纠纷。调解员中有心理咨询师和社会工作者，注重情绪疏导，保护未成年人和老年人的合法权益。调解免费，可使用{dialect}和手语调解，也可预约线上视频调解。")
	family.stars, family.langs = 4, l.set(l.mandarin, l.local, l.sign)
	property := committee("property", "物业纠纷人民调解委员会", "物业纠纷调委会", []string{"property_mgmt", "neighbour"}, 3,
		"{d}物业纠纷人民调解委员会主要调解业主与物业服务企业之间的物业费、公共维修、停车和相邻关系纠纷。调解员熟悉物业管理法规和小区治理实务，可到小区现场调解。调解免费。")
	property.disclose = false
	hs, cx := p.ti(17), p.ti(15)
	maritime := orgSpec{key: "maritime", name: p.d.Name + "海事纠纷联合人民调解室", short: "海事联合调解室",
		typ: tiaojie.OrgProfessional, form: tiaojie.FormPeoplesCommittee, level: tiaojie.LevelTownship, town: hs, kind: kindMaritime,
		specialties: []string{"maritime", "damages", "contract"}, langs: l.set(l.mandarin, l.local), online: true,
		desc: p.fill("{d}海事纠纷联合人民调解室由{office0}、{office1}与海警工作站联合设立，设在{t1}，是跨乡镇、跨部门化解海上纠纷的联合调解室。主要调解渔船碰撞、船舶作业损害赔偿、渔业生产和海上运输合同纠纷，调解员熟悉海事法规和渔区习惯。调解免费，可使用{dialect}调解。", cx, hs),
		end:  tiaojie.StatusActive, staff: 4, stars: 3}
	p.specs = append(p.specs, medical, traffic, labour, family, property, maritime)
}

// social adds social service organizations (民办非企业单位) and the
// volunteers' association.
func (p *planner) social() {
	l := p.l
	heMu, linHe := p.ti(1), p.ti(3)
	p.specs = append(p.specs,
		orgSpec{name: p.tn(heMu) + "和睦调解服务中心", short: "和睦调解", typ: tiaojie.OrgBasic, form: tiaojie.FormSocialService,
			level: tiaojie.LevelTownship, town: heMu, kind: kindSocial, specialties: []string{"neighbour", "marriage_family", "consumer"},
			langs: l.set(l.mandarin, l.local), online: true, end: tiaojie.StatusActive, staff: 3, stars: 3, disclose: true,
			registered: date(2020, time.December, 18),
			desc:       p.fill("{t0}和睦调解服务中心是在{civil}登记的民办非企业单位，是本区首批入驻调解组织培育之家的调解组织之一。中心由退休干部、教师和社会工作者组成调解团队，承接政府购买的调解服务项目，调解邻里、婚姻家庭和消费纠纷。服务免费，可使用{dialect}。", heMu)},
		orgSpec{name: p.tn(linHe) + "邻和调解服务中心", short: "邻和调解", typ: tiaojie.OrgBasic, form: tiaojie.FormSocialService,
			level: tiaojie.LevelTownship, town: linHe, kind: kindSocial, specialties: []string{"neighbour", "housing_land", "forest_land"},
			langs: l.set(l.local, l.mandarin), end: tiaojie.StatusRectifying, staff: 3, registered: date(2021, time.January, 26),
			reason: "未按规定向社会公开上一年度财务收支情况和服务内容，责令三十日内整改。",
			desc:   p.fill("{t0}邻和调解服务中心立足农村社区，重点调解宅基地、相邻关系和土地承包经营纠纷。中心与{office0}建立了案件分流和回访机制，调解员定期入村开展矛盾纠纷排查。服务免费。", linHe)},
		orgSpec{key: "lawyers", name: p.d.Name + "法律人调解服务中心", short: "法律人调解", typ: tiaojie.OrgProfessional,
			form: tiaojie.FormSocialService, level: tiaojie.LevelDistrict, town: 0, kind: kindLawyers,
			specialties: []string{"contract", "damages", "labour", "housing_land"}, langs: l.set(l.mandarin, l.local, l.shanghai),
			online: true, end: tiaojie.StatusActive, staff: 5, stars: 4, disclose: true, registered: date(2021, time.May, 12),
			desc: p.fill("{d}法律人调解服务中心由本地律师、退休法官和法律工作者发起设立，是专业型调解组织。中心擅长合同、损害赔偿、劳动争议和房屋纠纷的调解，注重以案释法，引导当事人理性解决纠纷。接受人民法院委派、委托调解，服务免费。")},
		orgSpec{name: p.d.Name + "调解志愿者协会", short: "调解志愿者协会", typ: tiaojie.OrgBasic, form: tiaojie.FormSocialGroup,
			level: tiaojie.LevelDistrict, town: 0, kind: kindGroup, specialties: []string{"neighbour", "marriage_family"},
			langs: l.set(l.mandarin, l.local), end: tiaojie.StatusActive, staff: 4,
			desc: p.fill("{d}调解志愿者协会是经{civil}登记的社会团体，由热心调解事业的志愿者组成。协会组织会员参与村居矛盾纠纷调解和普法宣传，定期开展志愿者调解技能培训，服务免费。")},
	)
}

// commercial adds the commercial mediation organizations, which publish
// fee standards.
func (p *planner) commercial() {
	l := p.l
	p.specs = append(p.specs,
		orgSpec{key: "commercial", name: p.d.Name + "商事调解中心", short: "商事调解中心", typ: tiaojie.OrgCommercial,
			form: tiaojie.FormSocialService, level: tiaojie.LevelDistrict, town: 0, kind: kindCommercial,
			specialties: []string{"contract", "production", "finance", "insurance", "construction", "ip"},
			langs:       l.set(l.mandarin, l.local, l.shanghai, l.english), online: true, end: tiaojie.StatusActive, staff: 7,
			stars: 5, disclose: true, registered: date(2021, time.June, 8), email: "service@commercial.example.org",
			desc: p.fill("{d}商事调解中心是经{civil}登记的民办非企业单位，专门从事商事调解，受理投资、金融、保险、建设工程、技术转让和知识产权等领域的商事纠纷。中心实行调解员名册制度，调解员由资深律师、金融和工程专家组成，可使用普通话、{dialect}、上海话和英语调解。收费标准向社会公开，调解达成的协议可以申请司法确认。")},
		orgSpec{key: "finance", name: p.d.Name + "金融消费纠纷调解中心", short: "金融调解中心", typ: tiaojie.OrgCommercial,
			form: tiaojie.FormSocialService, level: tiaojie.LevelDistrict, town: p.ti(2), kind: kindCommercial,
			specialties: []string{"finance", "insurance", "consumer"}, langs: l.set(l.mandarin, l.shanghai, l.local), online: true,
			end: tiaojie.StatusActive, staff: 4, registered: date(2022, time.March, 15), email: "finance@mediation.example.org",
			desc: p.fill("{d}金融消费纠纷调解中心专注化解金融消费者与银行、保险、证券机构之间的纠纷，包括借款、理财、信用卡和保险理赔纠纷。中心以线上调解为主，当事人足不出户即可参与调解。按公开的收费标准收费。")},
		orgSpec{key: "company", name: cityShort(p.d) + "正衡商事调解有限公司", short: "正衡调解", typ: tiaojie.OrgCommercial,
			form: tiaojie.FormCompany, level: tiaojie.LevelDistrict, town: p.ti(9), kind: kindCommercial,
			specialties: []string{"construction", "contract", "production"}, langs: l.set(l.mandarin, l.shanghai), online: true,
			end: tiaojie.StatusActive, staff: 3, registered: date(2023, time.August, 21), email: "contact@zhengheng.example.org",
			desc: p.fill("{city}正衡商事调解有限公司是在{market}登记的商事调解机构，主要调解建设工程、买卖合同和企业经营中的商事纠纷。公司聘请具有工程造价、法律背景的调解员，提供调解前评估和调解方案设计服务。收费标准向社会公开。")},
	)
}

// newTypes adds new-type organizations (个人独资企业, 合伙企业, 公司) and
// the studios named after their mediators.
func (p *planner) newTypes() {
	l := p.l
	sx, gx := p.ti(4), p.ti(11)
	p.specs = append(p.specs,
		orgSpec{name: p.d.Name + "明理调解咨询服务部", short: "明理调解", typ: tiaojie.OrgNewType, form: tiaojie.FormSoleProprietor,
			level: tiaojie.LevelTownship, town: p.ti(2), kind: kindNew, specialties: []string{"neighbour", "contract", "consumer"},
			langs: l.set(l.mandarin, l.local), online: true, end: tiaojie.StatusActive, staff: 1,
			desc: p.fill("{d}明理调解咨询服务部是以个人独资企业形式设立的新型调解组织，由从事人民调解十余年的调解员开办，设在{t0}。服务部为群众和小微企业提供纠纷调解咨询和调解服务，擅长合同和消费纠纷。", p.ti(2))},
		orgSpec{name: p.d.Name + "和合调解咨询事务所（普通合伙）", short: "和合调解", typ: tiaojie.OrgNewType, form: tiaojie.FormPartnership,
			level: tiaojie.LevelDistrict, town: p.ti(6), kind: kindNew, specialties: []string{"contract", "labour", "property_mgmt"},
			langs: l.set(l.mandarin, l.shanghai), online: true, end: tiaojie.StatusSuspended, staff: 2,
			reason: "合伙人变更后未按规定报告，且连续两个季度未开展调解业务，暂停服务，待核查后决定是否恢复。",
			desc:   p.fill("{d}和合调解咨询事务所（普通合伙）由具有法律和人力资源背景的合伙人设立，是新型调解组织，主要为企业提供用工纠纷、合同纠纷和物业纠纷的调解咨询服务。")},
		orgSpec{name: p.d.Name + "同心调解咨询有限公司", short: "同心调解", typ: tiaojie.OrgNewType, form: tiaojie.FormCompany,
			level: tiaojie.LevelDistrict, town: p.ti(12), kind: kindNew, specialties: []string{"labour", "contract", "consumer"},
			langs: l.set(l.mandarin, l.local), online: true, end: tiaojie.StatusRegistered, staff: 2,
			desc: p.fill("{d}同心调解咨询有限公司是由本地法律工作者投资设立的新型调解组织，拟为企业和社区提供劳动、合同和消费纠纷的调解咨询。公司已通过前置审查并完成登记，等待区司法局确认后开展服务。")},
		orgSpec{key: "studio", name: "老杨调解工作室", short: "老杨工作室", typ: tiaojie.OrgBasic, form: tiaojie.FormOther,
			level: tiaojie.LevelTownship, town: sx, kind: kindStudio, specialties: []string{"neighbour", "marriage_family", "housing_land"},
			langs: l.set(l.local, l.mandarin), end: tiaojie.StatusActive, staff: 2, stars: 4, founder: "杨建华", founderMale: true,
			desc: p.fill("老杨调解工作室以调解员杨建华的名字命名，他从事人民调解工作二十余年，在{t0}家喻户晓。工作室擅长用{dialect}拉家常、讲道理，化解邻里、婚姻家庭和宅基地纠纷，接受预约，也可上门调解。服务全部免费。", sx)},
		orgSpec{name: "玉芳调解工作室", short: "玉芳工作室", typ: tiaojie.OrgBasic, form: tiaojie.FormOther,
			level: tiaojie.LevelTownship, town: gx, kind: kindStudio, specialties: []string{"marriage_family", "neighbour"},
			langs: l.set(l.local, l.mandarin), end: tiaojie.StatusRectifying, staff: 1, founder: "沈玉芳",
			reason: "调解台账登记不完整，部分调解协议未按规定归档，责令一个月内整改。",
			desc:   p.fill("玉芳调解工作室由{t0}的调解员沈玉芳创办，专注婚姻家庭和邻里纠纷。工作室注重倾听，善于从当事人的情感入手化解矛盾，服务免费。", gx)},
	)
}

// villages adds village committees, one of which was dissolved when its
// village merged with a neighbour.
func (p *planner) villages() {
	l := p.l
	for k, v := range villages {
		t := p.ti(v.town)
		s := orgSpec{name: p.tn(t) + v.name + "人民调解委员会", short: v.name + "调委会", typ: tiaojie.OrgBasic,
			form: tiaojie.FormPeoplesCommittee, level: tiaojie.LevelVillage, town: t, kind: kindVillage,
			specialties: []string{"neighbour", "marriage_family", "housing_land", "forest_land"},
			langs:       l.set(l.local, l.mandarin), end: tiaojie.StatusActive, staff: 4,
			desc: p.fill("{t0}"+v.name+"人民调解委员会扎根村组，调解员由村干部、老党员和热心村民担任，熟悉村情民情。主要调解邻里、婚姻家庭、宅基地和农村土地承包方面的纠纷，力求小事不出村。调解免费，可使用{dialect}，必要时请{t0}人民调解委员会和{office0}协助。", t)}
		if k == len(villages)-1 {
			s.end, s.staff = tiaojie.StatusDissolved, 0
			s.reason = "村建制调整，" + v.name + "与相邻村合并，原村人民调解委员会撤销，调解工作由合并后的村人民调解委员会承接。"
		}
		if k == 0 {
			s.key = "village"
		}
		p.specs = append(p.specs, s)
	}
}

// applications adds the organizations still being founded: two in
// preparation and two in pre-review, one waiting for its township's
// opinion and one for the bureau's decision.
func (p *planner) applications() {
	l := p.l
	lh, zx, seat := p.ti(10), p.ti(8), p.ti(0)
	p.specs = append(p.specs,
		orgSpec{key: "prep-partial", name: p.tn(lh) + "乡贤调解服务中心", short: "乡贤调解", typ: tiaojie.OrgBasic,
			form: tiaojie.FormSocialService, level: tiaojie.LevelTownship, town: lh, kind: kindSocial,
			specialties: []string{"neighbour", "marriage_family"}, langs: l.set(l.local, l.mandarin), end: tiaojie.StatusPreparing,
			desc: p.fill("{t0}乡贤调解服务中心由本{unit0}退休干部、教师等乡贤发起，拟登记为民办非企业单位，发挥乡贤熟悉乡情、威望较高的优势，调解邻里和家庭纠纷。目前正在准备前置审查材料。", lh)},
		orgSpec{name: p.d.Name + "知识产权纠纷调解中心", short: "知识产权调解", typ: tiaojie.OrgCommercial,
			form: tiaojie.FormSocialService, level: tiaojie.LevelDistrict, town: 0, kind: kindCommercial,
			specialties: []string{"ip", "contract"}, langs: l.set(l.mandarin, l.english), online: true, end: tiaojie.StatusPreparing,
			desc: p.fill("{d}知识产权纠纷调解中心拟由本地知识产权代理人和律师发起设立，专门调解商标、专利、著作权和技术合同纠纷。")},
		orgSpec{key: "queue-township", name: p.tn(seat) + "家和调解服务中心", short: "家和调解", typ: tiaojie.OrgBasic,
			form: tiaojie.FormSocialService, level: tiaojie.LevelTownship, town: seat, kind: kindSocial,
			specialties: []string{"marriage_family", "neighbour"}, langs: l.set(l.mandarin, l.local), end: tiaojie.StatusPrereview,
			stage: tiaojie.StageTownship,
			desc:  p.fill("{t0}家和调解服务中心由本{unit0}的社会工作者和退休教师发起，拟登记为民办非企业单位，专注婚姻家庭和邻里纠纷，已向{office0}提交前置审查申请。", seat)},
		orgSpec{key: "queue-district", name: p.tn(zx) + "邻里守望调解服务中心", short: "邻里守望", typ: tiaojie.OrgBasic,
			form: tiaojie.FormSocialService, level: tiaojie.LevelTownship, town: zx, kind: kindSocial,
			specialties: []string{"neighbour", "housing_land", "consumer"}, langs: l.set(l.local, l.mandarin), end: tiaojie.StatusPrereview,
			stage: tiaojie.StageDistrict,
			desc:  p.fill("{t0}邻里守望调解服务中心由村居调解骨干发起，拟为本{unit0}群众提供邻里、宅基地和消费纠纷调解服务，{office0}已出具同意的审查意见，等待区司法局决定。", zx)},
	)
}

// registeredPast reports whether an organization that ends in the status
// went through registration.
func registeredPast(st tiaojie.OrgStatus) bool {
	switch st {
	case tiaojie.StatusRegistered, tiaojie.StatusActive, tiaojie.StatusRectifying, tiaojie.StatusSuspended, tiaojie.StatusDissolved:
		return true
	}
	return false
}

// streets are invented street names for addresses.
var streets = []string{"育才路", "兴业路", "文化路", "富民路", "友谊路", "新港路", "港城路", "建设路", "江帆路", "永安路", "光明路", "利民路", "花园路", "和平路"}

// address returns the k-th organization's invented address in its township.
func (p *planner) address(k, town int) string {
	h := mix(uint64(k) + 77)
	return p.tn(town) + streets[h%uint64(len(streets))] + itoa(int(1+(h>>8)%398)) + "号"
}

// districtDocPrefix is the prefix of the district bureau's document numbers,
// e.g. 沪崇司: the city's one-character abbreviation, the district's, and 司.
func districtDocPrefix(d *tiaojie.District) string {
	abbr := map[string]string{"上海市": "沪", "北京市": "京", "天津市": "津", "重庆市": "渝"}
	c, ok := abbr[d.City]
	if !ok {
		for _, r := range d.City {
			c = string(r)
			break
		}
	}
	return c + districtShort(d) + "司"
}
