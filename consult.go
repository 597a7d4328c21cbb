package tiaojie

// ConsultTopic is one answer to the consultation's question "你和谁之间发生了
// 纠纷？" (who is the dispute with, about what), with the dispute type of
// the Ministry of Justice's taxonomy it most often is. The guided
// consultation on the portal (SPEC C1, issue 4) suggests that type and the
// organizations that serve it; the applicant may still choose another.
type ConsultTopic struct {
	Code        string // stable, used in links
	Name        string // zh-CN, as the visitor reads it
	NameEn      string
	DisputeType string
}

// ConsultTopics lists the consultation's answers in display order.
func ConsultTopics() []ConsultTopic {
	return []ConsultTopic{
		{"neighbour", "邻居（噪音、漏水、通行、采光等）", "A neighbour (noise, leaks, passage, light)", "neighbour"},
		{"family", "家人（婚姻、赡养、抚养、继承）", "Family (marriage, support of parents or children, inheritance)", "marriage_family"},
		{"homestead", "宅基地、房屋或承包土地", "A homestead, a house or contracted land", "housing_land"},
		{"employer", "用人单位（工资、工伤、解除劳动合同）", "An employer (wages, injury at work, dismissal)", "labour"},
		{"property", "物业公司或业主委员会", "A property management company or owners' committee", "property_mgmt"},
		{"seller", "商家（购物、服务、预付卡）", "A seller (goods, services, prepaid cards)", "consumer"},
		{"hospital", "医院或诊所", "A hospital or clinic", "medical"},
		{"traffic", "交通事故的另一方或保险公司", "The other side of a road accident or an insurer", "traffic"},
		{"contract", "合同的另一方（借款、租赁、买卖）", "The other side of a contract (a loan, a lease, a sale)", "contract"},
		{"business", "企业之间的商事纠纷", "Another business (a commercial dispute)", "contract"},
		{"other", "其他", "Something else", "other"},
	}
}

// ConsultTopicByCode returns the topic with the code.
func ConsultTopicByCode(code string) (ConsultTopic, bool) {
	for _, t := range ConsultTopics() {
		if t.Code == code {
			return t, true
		}
	}
	return ConsultTopic{}, false
}
