package demo

import (
	"fmt"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/content"
)

// article is a piece of alliance content of the plan; ago is how many days
// before the load its story took place.
type article struct {
	kind, title, summary, body string
	ago                        int
	cover                      bool
}

// day writes a date the Chinese way, e.g. 2025年6月12日.
func day(t time.Time) string {
	t = t.In(tiaojie.Beijing())
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// articles returns the alliance's introduction, news and events, oldest
// first, built from the district profile and the aims of the district
// policy on mediation organizations.
func articles(d *tiaojie.District, orgs []orgSpec, now time.Time) []article {
	p := &planner{d: d, l: languagesOf(d)}
	name := func(key string) string {
		for _, o := range orgs {
			if o.key == key {
				return o.name
			}
		}
		return ""
	}
	pilot := strings.Join([]string{p.tn(1), p.tn(3), p.tn(9)}, "、")
	at := func(ago int) string { return day(now.AddDate(0, 0, -ago)) }
	alliance := d.Name + "调解联盟"
	return []article{
		{kind: content.Event, ago: 330, cover: true,
			title:   p.fill("{d}调解组织培育基地揭牌"),
			summary: p.fill(d.IncubationBase.Name + "在{centre}揭牌，为本区调解组织提供培育孵化、登记协助和项目规划等服务。"),
			body: p.fill(at(330)+"，"+d.IncubationBase.Name+"在{centre}正式揭牌。{bureau}负责人介绍，培育基地将为调解组织提供政策解读、信息咨询、登记协助、项目规划等服务，建立公开招募、孵化申请、筛选评估、跟踪管理的培育流程。") +
				"\n\n各乡镇经批准可依托公共法律服务工作站设立乡镇级调解组织培育之家，与培育基地形成上下联动的培育网络。"},
		{kind: content.News, ago: 300,
			title:   "第一批试点乡镇调解组织入驻培育之家",
			summary: "第一批试点乡镇（" + pilot + "）设立的调解组织入驻乡镇培育之家。",
			body: at(300) + "，第一批试点乡镇" + pilot + "依法登记设立的调解组织入驻乡镇调解组织培育之家。培育之家将为入驻组织提供办公场地、业务指导和人员培训。" +
				"\n\n" + name("seat") + "等镇级调委会将与入驻组织建立案件分流和协作机制，共同做好矛盾纠纷排查化解工作。"},
		{kind: content.News, ago: 240,
			title:   name("commercial") + "开始受理商事纠纷",
			summary: "本区首家专门从事商事调解的组织完成登记，收费标准向社会公开。",
			body: at(240) + "，" + name("commercial") + "完成登记并开始受理投资、金融、保险、建设工程等领域的商事纠纷。中心已公开调解规则、调解员名册和收费标准，当事人可在调解联盟平台查询。" +
				"\n\n中心调解员由资深律师、金融和工程专家组成，可使用普通话、" + p.l.localName + "、上海话和英语调解，调解达成的协议可以申请司法确认。"},
		{kind: content.News, ago: 180,
			title:   p.fill("海事纠纷联合人民调解室化解渔船碰撞纠纷"),
			summary: "跨乡镇、跨部门的联合调解室用一个下午化解了一起渔船碰撞赔偿纠纷。",
			body: at(180) + "，" + name("maritime") + "成功调解一起渔船碰撞损害赔偿纠纷。调解员会同海警工作站民警查看现场、核对损失，用" + p.l.localName + "与双方船主耐心沟通，双方当场签订调解协议并履行完毕。" +
				"\n\n联合调解室由" + p.town(15).JusticeOffice.Name + "、" + p.town(17).JusticeOffice.Name + "与海警工作站联合设立，专门化解海事渔业纠纷。"},
		{kind: content.Event, ago: 120,
			title:   "调解组织发展座谈会召开",
			summary: "试点乡镇和调解组织代表交流培育发展经验。",
			body: p.fill(at(120)+"，{bureau}召开调解组织发展座谈会，各试点乡镇司法所和调解组织代表交流了登记设立、承接政府购买服务和打造特色服务清单的经验做法。") +
				"\n\n会议要求各调解组织规范以章程为核心的内部管理制度，主动公开组织机构、财务收支、服务内容和奖惩情况，积极申报星级评估。"},
		{kind: content.News, ago: 75,
			title:   "首批选树调解组织名单公布",
			summary: "一批功能完善、运作规范、公信力强、服务优质的调解组织获选树推广。",
			body: p.fill(at(75)+"，{bureau}公布首批选树调解组织名单，") + strings.Join([]string{name("commercial"), name("medical"), name("seat"), name("studio"), name("maritime")}, "、") +
				"入选。\n\n入选组织将在" + alliance + "平台首页展示，并在项目推广、工作支持等方面获得重点指导。"},
		{kind: content.News, ago: 40,
			title:   "调解员业务培训班开班",
			summary: "全区各类调解组织的调解员参加集中培训，内容涵盖调解技巧、民法典和个人信息保护。",
			body: at(40) + "，全区调解员业务培训班开班。培训邀请法官、律师和资深调解员授课，内容包括调解技巧、民法典婚姻家庭编、调解协议的司法确认以及当事人个人信息保护。" +
				"\n\n培训实行“传帮带”，由一级、二级调解员结对指导新任调解员。"},
		{kind: content.News, ago: 7,
			title:   alliance + "平台上线试运行",
			summary: "群众可在手机上查找调解组织和调解员，了解服务清单和收费标准。",
			body: at(7) + "，" + alliance + "平台上线试运行。群众可以按乡镇、纠纷类型、是否收费和方言查找调解组织，查看调解员名册、服务清单和收费标准。" +
				"\n\n有法律问题也可拨打12348公共法律服务热线咨询。"},
	}
}

// intro returns the alliance's introduction.
func intro(d *tiaojie.District) article {
	p := &planner{d: d, l: languagesOf(d)}
	return article{kind: content.Intro, title: d.Name + "调解联盟简介",
		summary: p.fill("{d}调解联盟由{bureau}牵头建立，汇聚全区各类调解组织，为群众提供就近、便捷、专业的调解服务。"),
		body: p.fill("{d}调解联盟由{bureau}牵头建立，依托{centre}和"+d.IncubationBase.Name+"，把全区各类调解组织联合起来，推动矛盾纠纷多元化解，把非诉讼纠纷解决机制挺在前面。") +
			"\n\n联盟建设三类服务平台：基础服务平台扎根乡镇村居，调解邻里、婚姻家庭等常见纠纷；专业服务平台由法律、医学、金融等专业人士组成，化解医疗、交通、劳动、物业等专业领域的纠纷；新型服务平台探索个人独资企业、合伙企业和公司等调解组织，有资质的开展商事调解。" +
			"\n\n联盟建立调解组织培育孵化、资源供给、服务监督和协同配合机制，引导调解组织承接政府购买服务、制定调解产品服务清单、开展星级评估，并选树一批功能完善、运作规范、公信力强、服务优质的调解组织进行推广。" +
			"\n\n人民调解不收费；商事调解组织的收费标准一律向社会公开。群众可以在本平台按乡镇、纠纷类型和方言查找调解组织和调解员，也可以拨打12348公共法律服务热线咨询。"}
}

// input returns the content service's input for the article; events get
// their date and time (ten in the morning).
func (a article) input(now time.Time) content.Input {
	in := content.Input{Kind: a.kind, Title: a.title, Summary: a.summary, Body: a.body}
	if a.kind == content.Event {
		d := now.In(tiaojie.Beijing()).AddDate(0, 0, -a.ago)
		in.EventAt = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, tiaojie.Beijing())
	}
	return in
}
