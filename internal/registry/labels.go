package registry

import "tiaojie"

// The Chinese names of the registry's codes. Pages show codes through the
// message catalogue (keys org.type.<code>, org.form.<code>, org.level.<code>,
// org.status.<code>, the same words); these functions exist for the places
// that are Chinese by nature and have no language to choose: the search
// index (people search 人民调解委员会, not peoples_committee) and the Excel
// export with its Chinese headers. A test checks that both agree.

// TypeName returns the Chinese name of an organization type.
func TypeName(t tiaojie.OrgType) string {
	switch t {
	case tiaojie.OrgBasic:
		return "基础型"
	case tiaojie.OrgProfessional:
		return "专业型"
	case tiaojie.OrgCommercial:
		return "商事型"
	case tiaojie.OrgNewType:
		return "新型"
	}
	return string(t)
}

// FormName returns the Chinese name of a legal form.
func FormName(f tiaojie.LegalForm) string {
	switch f {
	case tiaojie.FormPeoplesCommittee:
		return "人民调解委员会"
	case tiaojie.FormSocialService:
		return "民办非企业单位（社会服务机构）"
	case tiaojie.FormSocialGroup:
		return "社会团体"
	case tiaojie.FormSoleProprietor:
		return "个人独资企业"
	case tiaojie.FormPartnership:
		return "合伙企业"
	case tiaojie.FormCompany:
		return "公司"
	case tiaojie.FormOther:
		return "其他组织"
	}
	return string(f)
}

// LevelName returns the Chinese name of a level.
func LevelName(l tiaojie.OrgLevel) string {
	switch l {
	case tiaojie.LevelDistrict:
		return "区级"
	case tiaojie.LevelTownship:
		return "乡镇级"
	case tiaojie.LevelVillage:
		return "村居级"
	}
	return string(l)
}

// StatusName returns the Chinese name of a lifecycle status.
func StatusName(s tiaojie.OrgStatus) string {
	switch s {
	case tiaojie.StatusPreparing:
		return "筹建"
	case tiaojie.StatusPrereview:
		return "前置审查"
	case tiaojie.StatusRegistered:
		return "已登记"
	case tiaojie.StatusActive:
		return "正常"
	case tiaojie.StatusRectifying:
		return "整改"
	case tiaojie.StatusSuspended:
		return "暂停"
	case tiaojie.StatusDissolved:
		return "注销"
	case tiaojie.StatusWithdrawn:
		return "撤回"
	}
	return string(s)
}
