package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
)

// The district bureau's policy (internal/settings): the rules a district
// sets for itself. Staff who work with the roster read it, because it
// decides who may be assigned cases (mediators.read: every role that sees
// mediators, organization admins and mediators included, as the staff
// mediator page shows the requirement); only the bureau changes it
// (policy.edit, as the settings page).

// tagSettings groups the settings operations.
const tagSettings = "settings"

// settingsRoutes declares the policy operations. An API built without the
// settings service (a test of other capabilities) has none.
func (h *Handler) settingsRoutes(a huma.API) {
	if h.settings == nil {
		return
	}
	a.OpenAPI().Tags = append(a.OpenAPI().Tags, &huma.Tag{Name: tagSettings,
		Description: "区司法局的制度设置，例如调解员被指派案件所需的年度培训学时。The bureau's policy, such as the yearly training hours a mediator needs to be assigned cases."})
	get, put := http.MethodGet, http.MethodPut
	add(h, a, op(get, "/settings/policy", "get-policy", tagSettings, tiaojie.PermMediatorsRead, "制度设置 · The bureau's policy", descGetPolicy), h.getPolicy)
	add(h, a, op(put, "/settings/policy", "set-policy", tagSettings, tiaojie.PermPolicy, "修改制度设置 · Change the policy", descSetPolicy), h.setPolicy)
}

// policy is the district's policy as the API shows it. New settings are
// added as new fields; a field is never renamed.
type policy struct {
	TrainingHoursRequired  int    `json:"training_hours_required" minimum:"0" maximum:"200" doc:"调解员近 12 个月须完成的统一职业培训学时，不足者不能被指派案件；0 为不作要求 Hours of unified training a mediator needs in the last 12 months to be assigned cases; 0: not enforced"`
	StarLevels             int    `json:"star_levels" enum:"3,5" doc:"星级档数 How many star levels the rating has"`
	StarThresholds         []int  `json:"star_thresholds" doc:"各星级最低总分（满分 100），从一星起逐级递增 The lowest total (out of 100) of each level, from one star up"`
	RatingValidityMonths   int    `json:"rating_validity_months" minimum:"6" maximum:"120" doc:"星级有效期（月） Months a rating holds"`
	RatingObjectionDays    int    `json:"rating_objection_days" minimum:"1" maximum:"30" doc:"评估结果公示期（工作日） Publication period for objections, in working days"`
	ComplaintAnswerDays    int    `json:"complaint_answer_days" minimum:"1" maximum:"60" doc:"投诉答复期限（工作日） Working days within which a complaint is answered"`
	DisclosureDue          string `json:"disclosure_due" pattern:"^[01][0-9]-[0-3][0-9]$" doc:"年度信息公开截止日（次年，MM-DD） The day of the next year by which the annual disclosure is due (MM-DD)"`
	DisclosureAbnormalDays int    `json:"disclosure_abnormal_days" minimum:"1" maximum:"730" doc:"逾期多少天未公开列为活动异常 Days overdue before an organization is marked abnormal"`
}

func policyOut(p tiaojie.Policy) policy {
	return policy{TrainingHoursRequired: p.TrainingHoursRequired, StarLevels: p.StarLevels, StarThresholds: p.StarThresholds,
		RatingValidityMonths: p.RatingValidityMonths, RatingObjectionDays: p.RatingObjectionDays,
		ComplaintAnswerDays: p.ComplaintAnswerDays, DisclosureDue: p.DisclosureDue, DisclosureAbnormalDays: p.DisclosureAbnormalDays}
}

// policyChange is a change of the policy: the settings given replace
// their values, the settings left out keep theirs, so a client written
// before a setting existed does not reset it.
type policyChange struct {
	TrainingHoursRequired  *int    `json:"training_hours_required,omitempty" minimum:"0" maximum:"200" doc:"0–200；0 为不作要求；省略表示不变 0–200; 0: not enforced; absent: unchanged"`
	StarLevels             *int    `json:"star_levels,omitempty" enum:"3,5" doc:"改变档数时须同时给出相应个数的分数线 Give thresholds for the new number of levels with it"`
	StarThresholds         []int   `json:"star_thresholds,omitempty" doc:"省略表示不变 Absent: unchanged"`
	RatingValidityMonths   *int    `json:"rating_validity_months,omitempty" minimum:"6" maximum:"120"`
	RatingObjectionDays    *int    `json:"rating_objection_days,omitempty" minimum:"1" maximum:"30"`
	ComplaintAnswerDays    *int    `json:"complaint_answer_days,omitempty" minimum:"1" maximum:"60"`
	DisclosureDue          *string `json:"disclosure_due,omitempty" pattern:"^[01][0-9]-[0-3][0-9]$"`
	DisclosureAbnormalDays *int    `json:"disclosure_abnormal_days,omitempty" minimum:"1" maximum:"730"`
}

type setPolicyInput struct {
	Body policyChange
}

func (h *Handler) getPolicy(ctx context.Context, _ *none) (*body[policy], error) {
	p, err := h.settings.Policy(ctx)
	if err != nil {
		return nil, err
	}
	return &body[policy]{Body: policyOut(p)}, nil
}

func (h *Handler) setPolicy(ctx context.Context, in *setPolicyInput) (*body[policy], error) {
	c := in.Body
	p, err := h.settings.UpdatePolicy(ctx, auth.PrincipalFrom(ctx), func(p *tiaojie.Policy) {
		for _, f := range []struct {
			from *int
			to   *int
		}{{c.TrainingHoursRequired, &p.TrainingHoursRequired}, {c.StarLevels, &p.StarLevels},
			{c.RatingValidityMonths, &p.RatingValidityMonths}, {c.RatingObjectionDays, &p.RatingObjectionDays},
			{c.ComplaintAnswerDays, &p.ComplaintAnswerDays}, {c.DisclosureAbnormalDays, &p.DisclosureAbnormalDays}} {
			if f.from != nil {
				*f.to = *f.from
			}
		}
		if c.StarThresholds != nil {
			p.StarThresholds = c.StarThresholds
		}
		if c.DisclosureDue != nil {
			p.DisclosureDue = *c.DisclosureDue
		}
	})
	if err != nil {
		return nil, err
	}
	return &body[policy]{Body: policyOut(p)}, nil
}

// The descriptions of the settings operations, Chinese first.
const (
	descGetPolicy = "区司法局当前的制度设置。未设置过的项取默认值（不作要求）。凡能查看调解员名册的工作人员均可读取，因为它决定谁可以被指派案件。\n\nThe bureau's current policy. Settings never set take their defaults (not enforced). Any staff who may read the roster may read it, since it decides who may be assigned cases."
	descSetPolicy = "修改制度设置（仅区司法局）。请求中给出的项被替换，省略的项保持不变；修改立即生效，例如此后的指派即按新的培训学时要求检查。修改及修改前后的值记入审计日志。返回修改后的设置。\n\nChanges the policy (the district bureau only). The settings given replace their values and those left out keep theirs; the change applies at once (later assignments check the new training requirement). The change, with the old and new values, is audited. Answers the policy as changed."
)
