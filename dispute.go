package tiaojie

// DisputeType is a kind of civil dispute, from the taxonomy the Ministry of
// Justice's people's-mediation statistics use (DOMAIN.md §(c)), with the
// commercial fields in which commercial mediation works. Organizations
// declare the types they serve; the directory filters and cases are
// classified by them.
type DisputeType struct {
	Code       string
	Name       string // zh-CN
	NameEn     string
	Commercial bool // a field of commercial mediation (商事调解)
}

// DisputeTypes returns the taxonomy in its display order. Codes are
// stable: they are stored.
func DisputeTypes() []DisputeType {
	return []DisputeType{
		{"marriage_family", "婚姻家庭", "Marriage and family", false},
		{"neighbour", "邻里纠纷", "Neighbours", false},
		{"housing_land", "房屋宅基地", "Housing and homesteads", false},
		{"contract", "合同纠纷", "Contracts", false},
		{"production", "生产经营", "Production and business", false},
		{"damages", "损害赔偿", "Compensation for damage", false},
		{"forest_land", "山林土地", "Forest and land", false},
		{"land_requisition", "征地拆迁", "Land requisition and demolition", false},
		{"environment", "环境污染", "Environmental pollution", false},
		{"labour", "劳动争议", "Labour disputes", false},
		{"consumer", "消费纠纷", "Consumer disputes", false},
		{"medical", "医疗纠纷", "Medical disputes", false},
		{"traffic", "道路交通事故", "Road traffic accidents", false},
		{"property_mgmt", "物业纠纷", "Property management", false},
		{"finance", "金融纠纷", "Finance", true},
		{"insurance", "保险纠纷", "Insurance", true},
		{"construction", "建设工程", "Construction projects", true},
		{"ip", "知识产权", "Intellectual property", true},
		{"maritime", "海事海商", "Maritime and shipping", true},
		{"other", "其他纠纷", "Other disputes", false},
	}
}

// DisputeTypeByCode returns the dispute type with the code.
func DisputeTypeByCode(code string) (DisputeType, bool) {
	for _, t := range DisputeTypes() {
		if t.Code == code {
			return t, true
		}
	}
	return DisputeType{}, false
}
