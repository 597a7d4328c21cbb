package api

import (
	"context"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// The agreement's signing: a party asks for a code sent to the phone on the
// case and confirms with the name on the case and that code; the mediator
// signs; the organization's admin applies the seal when it was not on file
// at the last signature (with a seal on file, it is applied at once).

const (
	descSigningCode = "向当事人在本案登记的手机号发送签署验证码；验证码只能用于本案本版协议的本方确认。\n\n" +
		"Sends the calling party a signing code, to the phone the party gave on the case; the code confirms only this version of the agreement, as this party."
	descMediatorSign = "承办调解员签名确认调解协议（人民调解法第二十九条）。\n\nThe assigned mediator signs the agreement (People's Mediation Law Art. 29)."
	descApplySeal    = "各方当事人和调解员均已签名、而组织印章当时未上传时，由组织管理员加盖印章，协议生效。\n\n" +
		"When every party and the mediator have signed but the organization had no seal image on file then, its admin applies the seal and the agreement takes effect."
)

type signingCodeOut struct {
	SentTo string `json:"sent_to" doc:"收到验证码的手机号（脱敏） The phone the code went to, masked"`
}

type signingCodeInput struct {
	ID        int64  `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	UserAgent string `header:"User-Agent" doc:"记入签署记录 Kept with the signature"`
}

// signer describes where a signature comes from, as the record keeps it.
func signer(ctx context.Context, userAgent string) auth.Client {
	return auth.Client{IP: audit.ClientFrom(ctx).IP, UserAgent: userAgent}
}

func (h *Handler) signingCode(ctx context.Context, in *signingCodeInput) (*body[signingCodeOut], error) {
	phone, err := h.cases.RequestSigningCode(ctx, auth.PrincipalFrom(ctx), in.ID, signer(ctx, in.UserAgent))
	if err != nil {
		return nil, stepNamed(err, "confirm")
	}
	return &body[signingCodeOut]{Body: signingCodeOut{SentTo: tiaojie.MaskPhone(phone)}}, nil
}

type confirmInput struct {
	ID        int64  `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	UserAgent string `header:"User-Agent" doc:"记入签署记录 Kept with the signature"`
	Body      struct {
		Name string `json:"name" maxLength:"100" doc:"本案登记的当事人姓名（单位当事人为其法定代表人或负责人姓名） The party's name as on the case (for an organization, its representative's)"`
		Code string `json:"code" pattern:"^[0-9]{6}$" doc:"签署验证码 The signing code"`
	}
}

func (h *Handler) confirmAgreement(ctx context.Context, in *confirmInput) (*none, error) {
	sig := cases.Signature{Name: in.Body.Name, Code: in.Body.Code, Client: signer(ctx, in.UserAgent)}
	return done(stepNamed(h.cases.Confirm(ctx, auth.PrincipalFrom(ctx), in.ID, sig), "confirm"))
}

func (h *Handler) mediatorSign(ctx context.Context, in *caseIDInput) (*none, error) {
	return done(stepNamed(h.cases.SignAsMediator(ctx, auth.PrincipalFrom(ctx), in.ID), "mediator_sign"))
}

func (h *Handler) applySeal(ctx context.Context, in *caseIDInput) (*none, error) {
	return done(stepNamed(h.cases.ApplySeal(ctx, auth.PrincipalFrom(ctx), in.ID), "apply_seal"))
}
