package scale

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"tiaojie"
)

// Surnames, most frequent first (the 2020 census order, roughly): picks
// are skewed towards the front, so 王, 李 and 张 are as common as they are.
var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白毛江闫薛尹段雷黎史龙陶贺顾龚郝邵万钱严覃武莫孔向汤施倪施")

var (
	givenMale   = []rune("伟强磊军洋勇杰涛明超刚平辉鹏飞宇浩峰成龙建国志文华斌波健俊毅海东林森德福兴荣亮晨阳凯军鑫")
	givenFemale = []rune("芳娜敏静丽艳娟秀霞桂英玉萍红兰梅琳佳欣雪婷燕倩颖洁玲慧琴丹蓉莉晶薇月云春凤")
	villageA    = []rune("新东西南北向长永光前大合建富民团红跃胜丰庙堡竖港桥河")
	villageB    = []rune("建阳生兴明风进华民作江南港桥行河同山结安乐丰和平村镇宁")
	brands      = []string{"德信", "衡正", "中和", "瀛洲", "东滩", "明珠", "合众", "信达", "崇瀛", "长兴", "鼎盛", "宏远", "和衷", "诚然", "汇通", "远航", "金桥", "正仁", "嘉禾", "瑞丰"}
	streets     = []string{"人民路", "八一路", "东门路", "西门路", "南门路", "北门路", "新崇南路", "翠竹路", "乔松路", "鼓浪屿路", "育麟桥路", "崇明大道", "陈海公路", "北沿公路", "三沙洪路", "港西公路"}
	occupations = []string{"务农", "个体经营", "退休", "企业职工", "自由职业", "教师", "司机", "厨师", "建筑工人", "保安", "无业", "公司职员"}
	// Phrases describe an organization's work; bench/corpus uses them too.
	Phrases = []string{
		"坚持依法调解、自愿平等的原则", "为辖区群众提供免费的人民调解服务", "专注化解婚姻家庭、邻里之间的矛盾纠纷",
		"由具有法律、医学等专业背景的调解员组成", "可使用崇明话、普通话开展调解", "提供线上视频调解和上门调解",
		"与区法院建立诉调对接机制", "调解成功后可协助当事人申请司法确认", "积极参与矛盾纠纷排查化解工作",
		"定期开展法治宣传和回访", "服务时间为工作日上午九点至下午五点", "承接政府购买的调解服务项目",
		"针对金融借款、保险理赔纠纷提供商事调解", "办公地点位于乡镇公共法律服务工作站", "建立了完善的登记、台账和档案制度",
	}
)

// pick returns a random element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// skewed returns an index into n items, the front ones more often.
func skewed(r *rand.Rand, n int) int {
	u := r.Float64()
	return int(float64(n) * u * u)
}

// personName returns a Chinese name of the gender ("male" or "female").
func personName(r *rand.Rand, gender string) string {
	given := givenMale
	if gender == "female" {
		given = givenFemale
	}
	n := string(surnames[skewed(r, len(surnames))]) + string(pick(r, given))
	if r.IntN(4) > 0 {
		n += string(pick(r, given))
	}
	return n
}

func gender(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return "male"
	}
	return "female"
}

func villageName(r *rand.Rand) string { return string(pick(r, villageA)) + string(pick(r, villageB)) }

func address(r *rand.Rand, township string) string {
	return fmt.Sprintf("%s%s%d号", township, pick(r, streets), 1+r.IntN(800))
}

func companyName(r *rand.Rand, dist *tiaojie.District) string {
	kinds := []string{"贸易有限公司", "建设工程有限公司", "物业管理有限公司", "农业发展有限公司", "餐饮管理有限公司", "科技有限公司", "运输有限公司"}
	return "上海" + pick(r, brands) + strings.TrimSuffix(dist.Name, "区") + pick(r, kinds)
}

func description(r *rand.Rand) string {
	var b strings.Builder
	for i := range 3 + r.IntN(3) {
		if i > 0 {
			b.WriteString("，")
		}
		b.WriteString(pick(r, Phrases))
	}
	return b.String() + "。"
}

// idNumber returns a well-formed resident identity number (check
// character included) for a person born in the year, unique by seq.
func idNumber(r *rand.Rand, birthYear int, gender string, seq int) string {
	regions := []string{"310230", "310151", "310115", "320682", "320623", "340822", "410522"}
	s := fmt.Sprintf("%s%04d%02d%02d%02d", pick(r, regions), birthYear, 1+r.IntN(12), 1+r.IntN(28), seq%100)
	tail := (seq / 100) % 5
	sex := tail*2 + 1 // odd for men
	if gender == "female" {
		sex--
	}
	s += fmt.Sprint(sex)
	return s + string(idCheck(s))
}

// idCheck is the ISO 7064 MOD 11-2 check character of GB 11643.
func idCheck(first17 string) byte {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// mobile returns a mainland mobile number, unique by seq.
func mobile(r *rand.Rand, seq int) string {
	prefixes := []string{"130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "186", "187", "189"}
	return fmt.Sprintf("%s%08d", pick(r, prefixes), seq%100000000)
}

// creditCode returns a well-formed unified social credit code, unique by
// seq. Its characters are all of the code's charset, so the check
// character always computes.
func creditCode(form tiaojie.LegalForm, region string, seq int) string {
	prefix := "52" // civil affairs, social service organization
	switch form {
	case tiaojie.FormSocialGroup:
		prefix = "51"
	case tiaojie.FormSoleProprietor, tiaojie.FormPartnership, tiaojie.FormCompany:
		prefix = "91"
	}
	s := fmt.Sprintf("%s%s%s", prefix, region, "MA"+fmt.Sprintf("%07d", seq%10000000))
	c, _ := tiaojie.USCCCheckChar(s)
	return s + string(c)
}

// story is how a dispute of one type is told: the one-line title, the
// facts, the claims, and the terms of an agreement.
type story struct {
	title, facts, claims, terms string
}

// stories tells each dispute type; %[1]s is the applicant, %[2]s the
// respondent, %[3]s the village or place.
var stories = map[string][]story{
	"marriage_family": {
		{"%[1]s与%[2]s离婚后子女抚养纠纷", "%[1]s与%[2]s于数年前协议离婚，孩子随%[1]s生活，%[2]s近一年未按约定支付抚养费，双方多次协商未果。", "请求%[2]s按月支付抚养费并补付拖欠部分。", "%[2]s自本协议签订之日起按月支付抚养费；拖欠部分分三期付清；%[2]s每月可探视子女两次。"},
		{"%[1]s与%[2]s赡养纠纷", "%[1]s年事已高，与子女%[2]s因赡养费用分担和轮流照料问题发生争执。", "请求%[2]s按月支付赡养费并分担医疗费用。", "%[2]s每月支付赡养费；医疗费用凭票据由子女平均分担。"},
	},
	"neighbour": {
		{"%[1]s与%[2]s相邻通行纠纷", "%[1]s与%[2]s系%[3]s村邻居，%[2]s在宅前搭建棚屋，堵塞了%[1]s家的通行道路，双方多次发生口角。", "请求%[2]s拆除棚屋，恢复通行。", "%[2]s于十日内拆除棚屋，恢复通道原状；双方今后互谅互让，和睦相处。"},
		{"%[1]s与%[2]s噪音及排水纠纷", "%[2]s家装修后排水管直通%[1]s家院墙，雨天积水严重，夜间施工噪音扰民。", "请求%[2]s改造排水管道并赔偿损失。", "%[2]s负责改造排水管道，费用自理；并一次性补偿%[1]s损失。"},
	},
	"housing_land": {
		{"%[1]s与%[2]s宅基地边界纠纷", "%[1]s与%[2]s在%[3]s村的宅基地相邻，%[2]s翻建房屋时越界约半米，双方对界址各执一词。", "请求确认宅基地界址，%[2]s停止侵占。", "双方按村委会测量结果确认界址，%[2]s拆除越界部分围墙。"},
	},
	"contract": {
		{"%[1]s与%[2]s买卖合同纠纷", "%[1]s向%[2]s供应农资货物，%[2]s收货后以质量问题为由拒付剩余货款。", "请求%[2]s支付剩余货款。", "%[2]s分两期支付剩余货款，%[1]s对有质量问题的货物予以调换。"},
	},
	"production": {
		{"%[1]s与%[2]s承包经营纠纷", "%[1]s承包%[2]s的蟹塘养殖，因水源污染导致减产，双方对损失承担产生分歧。", "请求减免当年承包费。", "%[2]s减免当年部分承包费，双方共同整治水源。"},
	},
	"damages": {
		{"%[1]s与%[2]s人身损害赔偿纠纷", "%[2]s饲养的犬只咬伤%[1]s，%[1]s就医产生医疗费、误工费等费用。", "请求%[2]s赔偿医疗费、误工费等损失。", "%[2]s一次性赔偿%[1]s医疗费、误工费等各项损失。"},
		{"%[1]s与%[2]s财产损害赔偿纠纷", "%[2]s焚烧秸秆引燃%[1]s家的柴房，造成财产损失。", "请求%[2]s赔偿财产损失。", "%[2]s赔偿%[1]s财产损失，于一个月内付清。"},
	},
	"forest_land": {
		{"%[1]s与%[2]s土地承包经营权纠纷", "%[1]s外出务工期间将承包地交%[2]s代耕，返乡后%[2]s拒绝归还。", "请求%[2]s返还承包地。", "%[2]s于本季收割后返还承包地，%[1]s补偿其投入的农资费用。"},
	},
	"land_requisition": {
		{"%[1]s与%[2]s动迁补偿分配纠纷", "%[3]s村动迁，%[1]s与兄弟%[2]s对动迁补偿款的分配比例发生争议。", "请求按户籍人数分配动迁补偿款。", "动迁补偿款按双方确认的比例分配，由%[2]s于收款后五日内支付。"},
	},
	"environment": {
		{"%[1]s与%[2]s环境污染纠纷", "%[2]s经营的养殖场污水外排，污染了%[1]s承包的鱼塘。", "请求%[2]s停止排污并赔偿损失。", "%[2]s建设污水处理设施，并赔偿%[1]s鱼苗损失。"},
	},
	"labour": {
		{"%[1]s与%[2]s追索劳动报酬纠纷", "%[1]s在%[2]s处务工三个月，%[2]s以工程款未结算为由拖欠工资。", "请求%[2]s支付拖欠的工资。", "%[2]s于十五日内一次性支付拖欠工资。"},
	},
	"consumer": {
		{"%[1]s与%[2]s消费纠纷", "%[1]s在%[2]s处购买的电动自行车多次出现故障，维修后仍无法正常使用。", "请求%[2]s退货退款。", "%[2]s为%[1]s办理退货，退还购车款。"},
	},
	"medical": {
		{"%[1]s与%[2]s医疗损害纠纷", "%[1]s在%[2]s处接受治疗后出现并发症，认为医方存在过错。", "请求%[2]s赔偿医疗费、护理费等损失。", "%[2]s给予%[1]s一次性补偿，双方就此事再无其他争议。"},
	},
	"traffic": {
		{"%[1]s与%[2]s道路交通事故损害赔偿纠纷", "%[2]s驾驶机动车在%[3]s路段与%[1]s驾驶的电动车相撞，交警认定%[2]s负主要责任。", "请求%[2]s赔偿医疗费、车辆损失等。", "%[2]s及其保险公司赔偿%[1]s医疗费、误工费、车辆损失等各项费用。"},
	},
	"property_mgmt": {
		{"%[1]s与%[2]s物业服务纠纷", "%[1]s以小区电梯长期故障为由拒交物业费，%[2]s多次催缴未果。", "请求%[2]s维修电梯，物业费予以适当减免。", "%[2]s于一个月内完成电梯维修，%[1]s补交物业费，减免部分滞纳金。"},
	},
	"finance": {
		{"%[1]s与%[2]s金融借款纠纷", "%[2]s向%[1]s借款用于经营，到期后未按约定归还本息。", "请求%[2]s归还借款本金及利息。", "%[2]s分十二期归还借款本息，逾期一期%[1]s可要求一次性清偿。"},
	},
	"insurance": {
		{"%[1]s与%[2]s保险合同纠纷", "%[1]s投保的农业保险标的受灾，%[2]s以定损不符为由部分拒赔。", "请求%[2]s足额理赔。", "%[2]s按双方确认的定损金额理赔，于十日内支付。"},
	},
	"construction": {
		{"%[1]s与%[2]s建设工程施工合同纠纷", "%[1]s承建%[2]s的厂房工程，竣工验收后%[2]s以工期延误为由扣留工程尾款。", "请求%[2]s支付工程尾款。", "%[2]s于三十日内支付工程尾款，%[1]s承担部分延误违约金。"},
	},
	"ip": {
		{"%[1]s与%[2]s商标使用纠纷", "%[2]s在其销售的农产品包装上使用与%[1]s注册商标近似的标识。", "请求%[2]s停止使用并赔偿损失。", "%[2]s停止使用近似标识，销毁库存包装，并支付补偿款。"},
	},
	"maritime": {
		{"%[1]s与%[2]s船舶碰撞纠纷", "%[2]s的渔船在长江口水域与%[1]s的渔船发生碰撞，造成船体受损。", "请求%[2]s赔偿船舶修理费和停航损失。", "%[2]s赔偿%[1]s船舶修理费和停航损失。"},
	},
	"other": {
		{"%[1]s与%[2]s其他民间纠纷", "%[1]s与%[2]s因琐事发生矛盾，双方积怨较深，需要调解化解。", "请求调解化解矛盾。", "双方互相谅解，今后和睦相处，不再因此事发生争执。"},
	},
}

// mediatorLines and partyLines are what is said in the room.
var (
	mediatorLines = []string{
		"各位好，我是本案的调解员，今天我们先把各自的诉求讲清楚。", "请双方把相关的证据材料上传到案件中。",
		"我已经看了双方提供的材料，下面谈谈我的看法。", "双方的分歧主要在金额上，能否各让一步？",
		"下周二上午九点在调委会当面协商，请准时参加。", "我整理了一份协议初稿，请双方看一下有没有意见。",
		"考虑到双方是多年的邻居，还是以和为贵。", "根据相关规定，这部分费用应当由责任方承担。",
	}
	partyLines = []string{
		"好的，我同意调解。", "我的诉求很简单，把该给的钱给了就行。", "这个数额太高了，我承担不了。",
		"材料我已经上传了，请调解员看一下。", "我可以接受分期付款。", "我需要和家里人商量一下再答复。",
		"那天的情况不是他说的那样。", "只要对方道歉，其他都好说。", "下周二上午我有时间。",
	}
	visitNotes = map[string]string{
		"full":    "电话回访，双方均表示协议已全部履行，矛盾已化解。",
		"partial": "上门回访，协议部分履行，剩余款项约定下月付清，已督促履行。",
		"none":    "电话回访，一方尚未履行协议，已告知可申请司法确认或向法院起诉。",
	}
	ratingComments = []string{"", "", "调解员很耐心，谢谢！", "处理及时，满意。", "过程有点长，但结果还可以。", "希望以后多些线上调解。"}
)
