package api

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/registry"
)

// Fee standards and service lists. Amounts are integer fen; answers add
// each amount in yuan (api_types.go).

// feeStandard is one version of an organization's fee standard.
type feeStandard struct {
	Version       int        `json:"version"`
	EffectiveFrom string     `json:"effective_from" doc:"生效日期 YYYY-MM-DD（北京时间），适用于当日及以后受理的案件 Effective from (Beijing date), for cases accepted on or after it"`
	Published     bool       `json:"published" doc:"已公布；草稿为 false Published; false for a draft"`
	PublishedAt   *time.Time `json:"published_at,omitempty"`
	MinimumFen    int64      `json:"minimum_fen" doc:"每案最低收费（分）The least fee of a case, in fen"`
	MinimumYuan   string     `json:"minimum_yuan"`
	CapFen        int64      `json:"cap_fen" doc:"每案最高收费（分），0 表示不设上限 The most, in fen; 0: no cap"`
	CapYuan       string     `json:"cap_yuan"`
	Tiers         []feeTier  `json:"tiers" doc:"按争议金额分档，逐档累加 Bands of the amount in dispute, summed band by band"`
	Note          string     `json:"note"`
}

// feeTier is one band of a fee standard: the part of the amount in
// dispute above the previous band's bound and up to this one pays the
// rate, and reaching the band adds the fixed part.
type feeTier struct {
	UpToFen     int64  `json:"up_to_fen" doc:"本档上限（分），0 表示不设上限（仅最后一档）Upper bound in fen; 0: none (last band only)"`
	UpToYuan    string `json:"up_to_yuan"`
	FixedFen    int64  `json:"fixed_fen" doc:"本档固定收费（分）Fixed part, in fen"`
	FixedYuan   string `json:"fixed_yuan"`
	RateBP      int64  `json:"rate_bp" doc:"费率，以万分之一计：75 即 0.75% Rate in basis points: 75 is 0.75%"`
	RatePercent string `json:"rate_percent" doc:"费率百分数，如 0.75 The rate as a percentage, e.g. 0.75"`
}

func feeStandardOut(fs tiaojie.FeeStandard) feeStandard {
	out := feeStandard{Version: fs.Version, EffectiveFrom: dateOut(fs.EffectiveFrom), Published: fs.Published(),
		PublishedAt: utc(fs.PublishedAt), MinimumFen: int64(fs.Minimum), MinimumYuan: yuan(fs.Minimum),
		CapFen: int64(fs.Cap), CapYuan: yuan(fs.Cap), Tiers: make([]feeTier, 0, len(fs.Tiers)), Note: fs.Note}
	for _, t := range fs.Tiers {
		out.Tiers = append(out.Tiers, feeTier{UpToFen: int64(t.UpTo), UpToYuan: yuan(t.UpTo), FixedFen: int64(t.Fixed),
			FixedYuan: yuan(t.Fixed), RateBP: t.RateBP, RatePercent: percent(t.RateBP)})
	}
	return out
}

// feeStandards is an organization's fee standards, newest version first.
type feeStandards struct {
	Items []feeStandard `json:"items"`
}

func (h *Handler) listFees(ctx context.Context, in *idPath) (*body[feeStandards], error) {
	all, err := h.registry.FeeStandards(ctx, auth.PrincipalFrom(ctx), in.ID, true)
	if err != nil {
		return nil, err
	}
	out := feeStandards{Items: make([]feeStandard, 0, len(all))}
	for _, fs := range all {
		out.Items = append(out.Items, feeStandardOut(fs))
	}
	return &body[feeStandards]{Body: out}, nil
}

// feeDraft is a fee standard as staff write it.
type feeDraft struct {
	Version       int         `json:"version,omitempty" doc:"0 或省略：新建版本；否则修改该未公布的版本 0 or absent: a new version; else the edit of that unpublished version"`
	EffectiveFrom string      `json:"effective_from,omitempty" format:"date" doc:"生效日期 YYYY-MM-DD；公布时不能早于当天 Effective from; not before the day it is published"`
	MinimumFen    int64       `json:"minimum_fen,omitempty"`
	CapFen        int64       `json:"cap_fen,omitempty" doc:"0 或省略表示不设上限 0 or absent: no cap"`
	Tiers         []feeTierIn `json:"tiers" maxItems:"20"`
	Note          string      `json:"note,omitempty" maxLength:"8000"`
}

// feeTierIn is a band of a fee standard as staff write it.
type feeTierIn struct {
	UpToFen  int64 `json:"up_to_fen,omitempty" doc:"本档上限（分）；最后一档为 0 或省略 Upper bound in fen; 0 or absent for the last band"`
	FixedFen int64 `json:"fixed_fen,omitempty"`
	RateBP   int64 `json:"rate_bp,omitempty" doc:"费率，万分之一 Rate in basis points"`
}

type saveFeeInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body feeDraft
}

// savedFee is the version a draft was saved as.
type savedFee struct {
	Version int `json:"version"`
}

func (h *Handler) saveFee(ctx context.Context, in *saveFeeInput) (*body[savedFee], error) {
	b := in.Body
	from, err := dateIn("effective_from", b.EffectiveFrom)
	if err != nil {
		return nil, err
	}
	fs := tiaojie.FeeStandard{Version: b.Version, EffectiveFrom: from, Minimum: tiaojie.Money(b.MinimumFen),
		Cap: tiaojie.Money(b.CapFen), Note: b.Note}
	for _, t := range b.Tiers {
		fs.Tiers = append(fs.Tiers, tiaojie.FeeTier{UpTo: tiaojie.Money(t.UpToFen), Fixed: tiaojie.Money(t.FixedFen), RateBP: t.RateBP})
	}
	v, err := h.registry.SaveFeeDraft(ctx, auth.PrincipalFrom(ctx), in.ID, fs)
	if err != nil {
		return nil, renameFields(err, feeField)
	}
	return &body[savedFee]{Body: savedFee{Version: v}}, nil
}

// feeField names a fee standard's field as the API spells it
// ("tiers[1].rate" → "tiers[1].rate_bp", "minimum" → "minimum_fen").
func feeField(f string) string {
	for _, s := range []struct{ from, to string }{{".up_to", ".up_to_fen"}, {".fixed", ".fixed_fen"}, {".rate", ".rate_bp"}} {
		if strings.HasPrefix(f, "tiers[") && strings.HasSuffix(f, s.from) {
			return strings.TrimSuffix(f, s.from) + s.to
		}
	}
	switch f {
	case "minimum", "cap":
		return f + "_fen"
	}
	return f
}

type publishFeeInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Version int   `path:"version" minimum:"1" doc:"收费标准版本 Version of the fee standard"`
}

func (h *Handler) publishFee(ctx context.Context, in *publishFeeInput) (*none, error) {
	return done(renameFields(h.registry.PublishFee(ctx, auth.PrincipalFrom(ctx), in.ID, in.Version), feeField))
}

// service is an entry of an organization's service list (调解产品服务清单).
type service struct {
	ID           int64         `json:"id"`
	Name         string        `json:"name"`
	Description  string        `json:"description"`
	DisputeTypes []disputeCode `json:"dispute_types"`
	Free         bool          `json:"free"`
	PriceFen     int64         `json:"price_fen" doc:"价格（分），免费为 0 Price in fen; 0 when free"`
	PriceYuan    string        `json:"price_yuan"`
	PriceNote    string        `json:"price_note"`
	Position     int           `json:"position" doc:"显示顺序，小者在前 Display order, ascending"`
	UpdatedAt    *time.Time    `json:"updated_at,omitempty"`
}

// servicesOut converts a service list; staff also see when entries changed.
func servicesOut(vs []registry.ServiceItem, staff bool) []service {
	out := make([]service, 0, len(vs))
	for _, v := range vs {
		var price tiaojie.Money
		if v.Price != nil {
			price = *v.Price
		}
		s := service{ID: v.ID, Name: v.Name, Description: v.Description, DisputeTypes: disputes(v.DisputeTypes),
			Free: price == 0, PriceFen: int64(price), PriceYuan: yuan(price), PriceNote: v.PriceNote, Position: v.Position}
		if staff {
			s.UpdatedAt = utc(v.UpdatedAt)
		}
		out = append(out, s)
	}
	return out
}

// serviceList is an organization's service list.
type serviceList struct {
	Items []service `json:"items"`
}

func (h *Handler) listServices(ctx context.Context, in *idPath) (*body[serviceList], error) {
	p := auth.PrincipalFrom(ctx)
	if _, err := h.registry.Get(ctx, p, in.ID); err != nil { // the staff list: the caller's scope, as for the record
		return nil, err
	}
	vs, err := h.registry.Services(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[serviceList]{Body: serviceList{Items: servicesOut(vs, true)}}, nil
}

// serviceIn is a service list entry as staff write it.
type serviceIn struct {
	Name         string        `json:"name" maxLength:"400"`
	Description  string        `json:"description,omitempty" maxLength:"8000"`
	DisputeTypes []disputeCode `json:"dispute_types,omitempty" maxItems:"30"`
	PriceFen     int64         `json:"price_fen,omitempty" doc:"价格（分）；0 或省略为免费，人民调解组织只能免费 Price in fen; 0 or absent: free, which people's mediation must be"`
	PriceNote    string        `json:"price_note,omitempty" maxLength:"800"`
	Position     int           `json:"position,omitempty"`
}

func (in serviceIn) input() registry.ServiceInput {
	out := registry.ServiceInput{Name: in.Name, Description: in.Description, DisputeTypes: strs(in.DisputeTypes),
		PriceNote: in.PriceNote, Position: in.Position}
	if in.PriceFen != 0 {
		m := tiaojie.Money(in.PriceFen)
		out.Price = &m
	}
	return out
}

// serviceField names a service's field as the API spells it.
func serviceField(f string) string {
	if f == "price" {
		return "price_fen"
	}
	return f
}

type addServiceInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Body serviceIn
}

// createdService answers a new service list entry.
type createdService struct {
	Location string `header:"Location" doc:"新条目的地址 The new entry's URL"`
	Body     createdID
}

func (h *Handler) addService(ctx context.Context, in *addServiceInput) (*createdService, error) {
	id, err := h.registry.AddService(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input())
	if err != nil {
		return nil, renameFields(err, serviceField)
	}
	loc := Prefix + "/staff/orgs/" + strconv.FormatInt(in.ID, 10) + "/services/" + strconv.FormatInt(id, 10)
	return &createdService{Location: loc, Body: createdID{ID: id}}, nil
}

type servicePath struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Service int64 `path:"service" minimum:"1" doc:"服务条目编号 Service entry ID"`
}

type updateServiceInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Service int64 `path:"service" minimum:"1" doc:"服务条目编号 Service entry ID"`
	Body    serviceIn
}

func (h *Handler) updateService(ctx context.Context, in *updateServiceInput) (*none, error) {
	err := h.registry.UpdateService(ctx, auth.PrincipalFrom(ctx), in.ID, in.Service, in.Body.input())
	return done(renameFields(err, serviceField))
}

func (h *Handler) deleteService(ctx context.Context, in *servicePath) (*none, error) {
	return done(h.registry.DeleteService(ctx, auth.PrincipalFrom(ctx), in.ID, in.Service))
}
