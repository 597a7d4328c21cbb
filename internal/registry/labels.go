package registry

import "tiaojie"

// The Chinese names of the registry's codes. Pages show codes through the
// message catalogue (keys org.type.<code>, org.form.<code>, org.level.<code>,
// org.status.<code>, the same words); these functions exist for the places
// that are Chinese by nature and have no language to choose: the search
// index (people search 人民调解委员会, not peoples_committee). The Excel
// export uses the catalogue in the reader's language. A test checks that
// both agree.

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
