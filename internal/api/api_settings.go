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
	TrainingHoursRequired int `json:"training_hours_required" minimum:"0" maximum:"200" doc:"调解员近 12 个月须完成的统一职业培训学时，不足者不能被指派案件；0 为不作要求 Hours of unified training a mediator needs in the last 12 months to be assigned cases; 0: not enforced"`
}

func policyOut(p tiaojie.Policy) policy {
	return policy{TrainingHoursRequired: p.TrainingHoursRequired}
}

// policyChange is a change of the policy: the settings given replace
// their values, the settings left out keep theirs, so a client written
// before a setting existed does not reset it.
type policyChange struct {
	TrainingHoursRequired *int `json:"training_hours_required,omitempty" minimum:"0" maximum:"200" doc:"0–200；0 为不作要求；省略表示不变 0–200; 0: not enforced; absent: unchanged"`
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
	p, err := h.settings.UpdatePolicy(ctx, auth.PrincipalFrom(ctx), func(p *tiaojie.Policy) {
		if v := in.Body.TrainingHoursRequired; v != nil {
			p.TrainingHoursRequired = *v
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
