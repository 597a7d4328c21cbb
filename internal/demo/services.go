package demo

import (
	"time"

	"tiaojie"
	"tiaojie/internal/registry"
)

// svc is a service list entry of the plan (调解产品服务清单).
type svc struct {
	name, desc string
	types      []string
	price      tiaojie.Money // 0: free
	note       string
}

func yuan(n int64) tiaojie.Money { return tiaojie.Money(n * 100) }

var (
	svcNeighbour   = svc{"邻里纠纷调解", "相邻关系、通行采光、噪音和宅前屋后纠纷的调解。", []string{"neighbour"}, 0, ""}
	svcFamily      = svc{"婚姻家庭纠纷调解", "婚姻、赡养、抚养和家庭财产纠纷的调解，注重保护老人和未成年人。", []string{"marriage_family"}, 0, ""}
	svcLand        = svc{"宅基地和土地承包纠纷调解", "宅基地使用、农村土地承包经营和流转纠纷的调解。", []string{"housing_land", "forest_land"}, 0, ""}
	svcHome        = svc{"上门调解", "行动不便或情况紧急的，调解员可上门或到村组现场调解。", nil, 0, ""}
	svcConfirm     = svc{"调解协议司法确认协助", "协助当事人就调解协议向人民法院申请司法确认，确认后可申请强制执行。", nil, 0, ""}
	svcAdvice      = svc{"法律咨询", "由调解员或驻点律师解答与纠纷有关的法律问题。", nil, 0, ""}
	svcOnline      = svc{"线上视频调解", "当事人不便到场的，可预约线上视频调解。", nil, 0, ""}
	svcAppointment = svc{"预约调解", "电话或现场预约，调解员按约定时间接待。", nil, 0, ""}
)

// servicesOf returns an organization's service list: 3–5 entries fitting
// its family, none for organizations not yet registered.
func servicesOf(o orgSpec, k int) []svc {
	if !registeredPast(o.end) {
		return nil
	}
	switch o.kind {
	case kindTownship:
		all := []svc{svcNeighbour, svcFamily, svcLand, svcHome, svcConfirm, svcAdvice}
		return rotateSvc(all, k, 4+k%2)
	case kindVillage:
		return []svc{svcNeighbour, svcFamily, svcLand}
	case kindStudio:
		return []svc{svcNeighbour, svcFamily, svcHome, svcAppointment}
	case kindMaritime:
		return []svc{
			{"海事渔业纠纷调解", "渔船碰撞、网具损坏、船员劳务和海上作业损害赔偿纠纷的调解。", []string{"maritime", "damages"}, 0, ""},
			svcConfirm, svcHome,
		}
	case kindCommercial:
		return commercialServices(o)
	case kindProfessional:
		return professionalServices(o)
	}
	return []svc{svcNeighbour, svcFamily, svcAdvice, svcOnline}
}

func rotateSvc(all []svc, offset, n int) []svc {
	out := make([]svc, 0, n)
	for i := range n {
		out = append(out, all[(offset+i)%len(all)])
	}
	return out
}

func professionalServices(o orgSpec) []svc {
	first := map[string]svc{
		"medical":  {"医疗纠纷调解", "医疗损害责任、医疗费用和服务质量纠纷的调解，可组织医学专家咨询。", []string{"medical"}, 0, ""},
		"traffic":  {"道路交通事故损害赔偿调解", "与交警、保险机构联动，一站式调解赔偿金额和理赔事项。", []string{"traffic", "insurance"}, 0, ""},
		"labour":   {"劳动争议调解", "劳动报酬、社会保险、工伤待遇和解除劳动合同纠纷的调解，优先处理欠薪纠纷。", []string{"labour"}, 0, ""},
		"family":   {"婚姻家庭纠纷调解", "婚姻、赡养、抚养和继承纠纷的调解，提供心理疏导。", []string{"marriage_family"}, 0, ""},
		"property": {"物业纠纷调解", "物业费、公共维修、停车和小区相邻关系纠纷的调解。", []string{"property_mgmt"}, 0, ""},
	}[o.key]
	return []svc{first, svcConfirm, svcAdvice, svcOnline}
}

func commercialServices(o orgSpec) []svc {
	from := map[string]tiaojie.Money{"commercial": yuan(2000), "finance": yuan(1000), "company": yuan(1200)}[o.key]
	out := []svc{
		{"商事纠纷调解", "投资、金融、保险、建设工程、买卖合同等商事纠纷的调解。", o.specialties, from, "起，按标的额分档收费，详见收费标准"},
		{"法律咨询（商事）", "就商事纠纷的解决途径、证据和风险提供咨询。", []string{"contract"}, yuan(500), "每小时"},
		svcConfirm,
	}
	if o.key == "commercial" {
		out = append(out, svc{"涉外商事调解（英语）", "当事人一方为境外主体的商事纠纷，可使用英语调解。", []string{"contract"}, from, "起，按收费标准"},
			svcOnline)
	}
	return out
}

func (s svc) input(pos int) registry.ServiceInput {
	in := registry.ServiceInput{Name: s.name, Description: s.desc, DisputeTypes: s.types, PriceNote: s.note, Position: pos}
	if s.price > 0 {
		p := s.price
		in.Price = &p
	}
	return in
}

// feePlan is a fee standard to save (and publish unless draft).
type feePlan struct {
	std   tiaojie.FeeStandard
	draft bool
}

// feesOf returns the fee standards of a commercial organization in the
// order they are saved: the commercial centre's follows DOMAIN.md §(b)9
// (1,000,000 yuan → 6,750 yuan); the finance centre has a minimum, a
// different table and a draft revision; the company's first standard is
// replaced by a second.
func feesOf(o orgSpec, today time.Time) []feePlan {
	if o.end != tiaojie.StatusActive {
		return nil
	}
	switch o.key {
	case "commercial":
		return []feePlan{{std: tiaojie.FeeStandard{EffectiveFrom: today, Cap: yuan(300_000),
			Tiers: []tiaojie.FeeTier{
				{UpTo: yuan(200_000), Fixed: yuan(2_000)}, {UpTo: yuan(500_000), RateBP: 75}, {UpTo: yuan(1_000_000), RateBP: 50},
				{UpTo: yuan(2_000_000), RateBP: 45}, {UpTo: yuan(5_000_000), RateBP: 40}, {UpTo: yuan(10_000_000), RateBP: 35},
				{UpTo: yuan(20_000_000), RateBP: 30}, {RateBP: 25}},
			Note: "调解费按争议标的额分段累进计算，最高不超过30万元；由双方当事人平均分担，另有约定的从其约定。调解不成的，按已进行的程序酌情退还。"}}}
	case "finance":
		std := tiaojie.FeeStandard{EffectiveFrom: today, Minimum: yuan(1_000), Cap: yuan(100_000),
			Tiers: []tiaojie.FeeTier{{UpTo: yuan(100_000), RateBP: 200}, {UpTo: yuan(500_000), RateBP: 100},
				{UpTo: yuan(1_000_000), RateBP: 60}, {RateBP: 30}},
			Note: "每件最低收费1,000元，最高10万元。金融消费者为自然人且标的额在1万元以下的，可申请减半收取。"}
		next := std
		next.EffectiveFrom = today.AddDate(0, 1, 0)
		next.Minimum = yuan(800)
		next.Note = "修订草案：拟将最低收费调整为800元，征求意见后发布。"
		return []feePlan{{std: std}, {std: next, draft: true}}
	case "company":
		old := tiaojie.FeeStandard{EffectiveFrom: today, Cap: yuan(50_000),
			Tiers: []tiaojie.FeeTier{{UpTo: yuan(100_000), Fixed: yuan(1_500)}, {RateBP: 100}},
			Note:  "第一版收费标准。"}
		revised := tiaojie.FeeStandard{EffectiveFrom: today, Minimum: yuan(1_200), Cap: yuan(80_000),
			Tiers: []tiaojie.FeeTier{{UpTo: yuan(100_000), Fixed: yuan(1_200)}, {UpTo: yuan(1_000_000), RateBP: 80}, {RateBP: 40}},
			Note:  "修订版：下调10万元以下案件的固定收费，100万元以上部分按0.4%收取，替代第一版。"}
		return []feePlan{{std: old}, {std: revised}}
	}
	return nil
}
