package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/roster"
)

// personSpec is one mediator of the demo district. The names are made up
// from common surnames and given names; identity numbers and phones are
// generated (codes.go).
type personSpec struct {
	name         string
	male         bool
	birth        time.Time
	background   string
	certificates string
	since        int
	grade        tiaojie.MediatorGrade
	specialties  []string
	langs        []string
	bio          string
	public       bool
	photo        bool
	orgs         []membership
	status       tiaojie.MediatorStatus // the status it is left in
	reason       string
	decision     string
}

// membership places a person in the org plan's k-th organization.
type membership struct {
	org int
	pos roster.Position
}

var (
	surnames    = []string{"施", "黄", "陆", "沈", "顾", "龚", "倪", "茅", "季", "朱", "张", "王", "陈", "徐", "蔡", "宋", "周", "吴", "袁", "郁", "祝", "秦", "范", "樊", "邱", "董", "唐", "姚", "陶", "钱"}
	maleGiven   = []string{"建国", "国平", "志刚", "卫东", "德明", "海峰", "永兴", "俊杰", "晓东", "振华", "立新", "文斌", "金龙", "宏伟", "春生", "学军", "士杰", "忠良", "家乐", "一鸣", "伯勤", "雪松", "志强", "新民", "明", "伟", "磊", "浩", "勇", "军"}
	femaleGiven = []string{"秀英", "丽娟", "美华", "桂兰", "红梅", "晓燕", "雅琴", "佳怡", "雪芳", "春燕", "金凤", "素珍", "海燕", "婷婷", "梦洁", "菊英", "月琴", "文娟", "丽萍", "建英", "敏", "静", "慧", "燕", "玲", "萍", "芳", "琴", "洁", "红"}
)

// backgroundsOf lists the backgrounds of an organization family's
// mediators, in turn.
func backgroundsOf(k kind, key string) []string {
	switch key {
	case "medical":
		return []string{"medicine", "law", "medicine", "psychology", "law", "medicine"}
	case "traffic":
		return []string{"law", "engineering", "finance", "law"}
	case "labour":
		return []string{"law", "social_work", "law", "community"}
	case "family":
		return []string{"psychology", "social_work", "law", "education"}
	case "property":
		return []string{"engineering", "community", "law"}
	}
	switch k {
	case kindTownship:
		return []string{"community", "law", "education", "community", "social_work"}
	case kindVillage:
		return []string{"community", "other", "education", "community"}
	case kindMaritime:
		return []string{"other", "law", "engineering", "community"}
	case kindSocial:
		return []string{"social_work", "education", "community"}
	case kindLawyers:
		return []string{"law"}
	case kindCommercial:
		return []string{"law", "finance", "law", "engineering", "finance", "law", "finance"}
	case kindGroup:
		return []string{"other", "community", "education", "other"}
	case kindNew:
		return []string{"law", "social_work"}
	}
	return []string{"community", "other"}
}

var certificates = map[string]string{
	"law":         "法律职业资格；人民调解员岗位培训合格",
	"medicine":    "执业医师资格；医疗纠纷调解专题培训结业",
	"finance":     "金融从业资格；商事调解员培训结业",
	"psychology":  "心理咨询师；婚姻家庭调解专题培训结业",
	"social_work": "社会工作者职业资格（中级）；人民调解员岗位培训合格",
	"engineering": "工程师职称；人民调解员岗位培训合格",
}

// people plans the mediators: each organization's staff, the first of
// them its chief, some with a second, part-time membership; a few
// suspended and one removed (除名).
func people(d *tiaojie.District, orgs []orgSpec, now time.Time) []personSpec {
	r := rand.New(rand.NewPCG(2020, 418)) // fixed seed: the same people every run
	l := languagesOf(d)
	used := map[string]bool{}
	for _, o := range orgs {
		used[o.founder] = true
	}
	var out []personSpec
	for k, o := range orgs {
		bgs := backgroundsOf(o.kind, o.key)
		for j := range o.staff {
			i := len(out)
			ps := personSpec{male: r.IntN(2) == 0, public: i%10 != 7, photo: i%3 == 0, status: tiaojie.MediatorActive}
			ps.name = uniqueName(r, used, ps.male)
			if j == 0 && o.founder != "" {
				ps.name, ps.male = o.founder, o.founderMale
			}
			ps.birth = date(1955+r.IntN(41), time.Month(1+r.IntN(12)), 1+r.IntN(28))
			ps.background = bgs[j%len(bgs)]
			ps.certificates = certificates[ps.background]
			if ps.certificates == "" {
				ps.certificates = "人民调解员岗位培训合格"
			}
			ps.since = min(max(ps.birth.Year()+26+r.IntN(16), 1992), now.Year()-1)
			ps.grade = grade(r, j == 0)
			if j == 0 && (o.key == "commercial" || o.key == "medical" || o.key == "studio") {
				ps.grade = 1
			}
			ps.specialties = rotate(o.specialties, j, 2+j%2)
			ps.langs = personLanguages(l, o, i)
			pos := roster.PositionPartTime
			switch {
			case j == 0:
				pos = roster.PositionChief
			case j <= 2 || o.kind == kindCommercial || o.kind == kindProfessional || o.kind == kindLawyers:
				pos = roster.PositionFullTime
			}
			ps.orgs = []membership{{k, pos}}
			ps.bio = bio(r, ps, townName(d, o), l, now)
			out = append(out, ps)
		}
	}
	secondMemberships(orgs, out)
	setStatuses(d, orgs, out, now)
	return out
}

// townName returns the name of the township an organization sits in.
func townName(d *tiaojie.District, o orgSpec) string { return d.Townships[o.town].Name }

func uniqueName(r *rand.Rand, used map[string]bool, male bool) string {
	given := femaleGiven
	if male {
		given = maleGiven
	}
	for {
		n := surnames[r.IntN(len(surnames))] + given[r.IntN(len(given))]
		if !used[n] {
			used[n] = true
			return n
		}
	}
}

// grade draws a grade: few 一级, most 三级 and 四级, some ungraded; a
// chief is graded 三级 at least.
func grade(r *rand.Rand, chief bool) tiaojie.MediatorGrade {
	n := r.IntN(100)
	g := tiaojie.MediatorGrade(0)
	switch {
	case n < 2:
		g = 1
	case n < 18:
		g = 2
	case n < 52:
		g = 3
	case n < 90:
		g = 4
	}
	if chief && (g == 0 || g == 4) {
		g = 3
	}
	return g
}

// rotate returns n of codes starting at offset, wrapping.
func rotate(codes []string, offset, n int) []string {
	var out []string
	for k := range min(n, len(codes)) {
		out = append(out, codes[(offset+k)%len(codes)])
	}
	return out
}

func personLanguages(l languages, o orgSpec, i int) []string {
	langs := l.set(l.mandarin, l.local)
	if i%5 == 2 {
		langs = l.set(l.mandarin, l.local, l.shanghai)
	}
	if o.kind == kindCommercial && i%2 == 0 {
		langs = l.set(l.mandarin, l.shanghai, l.english)
	}
	if o.key == "family" && i%4 == 1 {
		langs = l.set(l.mandarin, l.local, l.sign)
	}
	return langs
}

// bio writes one or two sentences about a mediator.
func bio(r *rand.Rand, ps personSpec, town string, l languages, now time.Time) string {
	years := now.Year() - ps.since
	first := fmt.Sprintf("从事调解工作%d年", years)
	spec := disputeName(ps.specialties[0])
	switch ps.background {
	case "community":
		return fmt.Sprintf("%s，熟悉%s的风土人情，善于用%s拉家常、讲道理，把矛盾化解在萌芽状态。", first, town, l.localName)
	case "law":
		return fmt.Sprintf("%s，具有法律专业背景，擅长%s的调解，注重释法明理，引导当事人依法理性表达诉求。", first, spec)
	case "medicine":
		return fmt.Sprintf("曾在医疗机构从事临床工作%d年，熟悉诊疗规范。%s，擅长医患沟通和医疗纠纷调解。", 10+r.IntN(15), first)
	case "finance":
		return fmt.Sprintf("%s，长期从事金融、保险相关工作，熟悉借款、理赔等纠纷，调解中注重兼顾各方利益。", first)
	case "psychology":
		return fmt.Sprintf("%s，具有心理咨询背景，擅长婚姻家庭纠纷中的情绪疏导和关系修复。", first)
	case "education":
		return fmt.Sprintf("退休前为中小学教师，耐心细致。%s，擅长调解邻里和家庭矛盾。", first)
	case "engineering":
		return fmt.Sprintf("%s，具有工程技术背景，熟悉建设工程和房屋设施问题，擅长%s的调解。", first, spec)
	case "social_work":
		return fmt.Sprintf("%s，持有社会工作者职业资格，擅长%s调解和困难群众帮扶。", first, spec)
	}
	return fmt.Sprintf("%s，热心公益，长期参与%s的人民调解志愿服务。", first, town)
}

// disputeName names a kind of dispute in a sentence: 婚姻家庭纠纷, 劳动争议.
func disputeName(code string) string {
	t, _ := tiaojie.DisputeTypeByCode(code)
	if strings.HasSuffix(t.Name, "纠纷") || strings.HasSuffix(t.Name, "争议") {
		return t.Name
	}
	return t.Name + "纠纷"
}

// secondMemberships gives some mediators of township committees a
// part-time place in a district organization that needs their
// background: lawyers in the lawyers' centre and the commercial centre,
// social workers and psychologists in the family committee.
func secondMemberships(orgs []orgSpec, ps []personSpec) {
	byKey := map[string]int{}
	for k, o := range orgs {
		if o.key != "" {
			byKey[o.key] = k
		}
	}
	const most = 6 // part-time places per organization
	lawyers, added := 0, map[int]int{}
	for i := range ps {
		first := orgs[ps[i].orgs[0].org]
		if first.kind != kindTownship && first.kind != kindVillage {
			continue
		}
		target := -1
		switch ps[i].background {
		case "law":
			target = byKey["lawyers"]
			if lawyers%3 == 2 {
				target = byKey["commercial"]
			}
			lawyers++
		case "social_work", "psychology":
			target = byKey["family"]
		case "community":
			if i%4 == 0 {
				target = byKey["property"]
			}
		}
		if target >= 0 && added[target] < most {
			added[target]++
			ps[i].orgs = append(ps[i].orgs, membership{target, roster.PositionPartTime})
		}
	}
}

// setStatuses suspends two mediators and removes one, in organizations the
// public sees, so the roster shows what the statuses do.
func setStatuses(d *tiaojie.District, orgs []orgSpec, ps []personSpec, now time.Time) {
	pick := func(key string, nth int) *personSpec {
		seen := 0
		for i := range ps {
			if orgs[ps[i].orgs[0].org].key == key {
				if seen == nth {
					return &ps[i]
				}
				seen++
			}
		}
		return nil
	}
	if p := pick("village", 2); p != nil {
		p.public, p.status = true, tiaojie.MediatorRemoved
		p.reason = "在调解过程中收受一方当事人财物，经核查属实，违反人民调解员行为规范。"
		p.decision = fmt.Sprintf("%s〔%d〕3号", districtDocPrefix(d), now.Year())
	}
	if p := pick("traffic", 3); p != nil {
		p.status, p.reason = tiaojie.MediatorSuspended, "无正当理由多次拒绝接受委派的调解案件，暂停调解资格三个月。"
	}
	if p := pick("seat", 3); p != nil {
		p.status, p.reason = tiaojie.MediatorSuspended, "涉嫌向无关人员透露当事人个人信息，暂停调解资格，待核查。"
	}
}

// demoMediator returns the index of the mediator the demo mediator
// account stands for: the second mediator of the commercial centre.
func demoMediator(orgs []orgSpec, ps []personSpec) int { return firstOf(orgs, ps, "commercial") }

// committeeMediator is the person the committee's demo mediator account
// stands for: the first active member of the seat's committee who is not
// its chief.
func committeeMediator(orgs []orgSpec, ps []personSpec) int { return firstOf(orgs, ps, "seat") }

// firstOf returns the first person whose first organization has the key
// and who is not its chief, or -1.
func firstOf(orgs []orgSpec, ps []personSpec, key string) int {
	for i := range ps {
		if orgs[ps[i].orgs[0].org].key == key && ps[i].orgs[0].pos != roster.PositionChief && ps[i].status == tiaojie.MediatorActive {
			return i
		}
	}
	return -1
}
