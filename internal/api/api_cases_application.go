package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/agreement"
	"tiaojie/internal/auth"
)

// confirmationApplicationOp declares GET /cases/{id}/confirmation-application.pdf:
// a PDF, refused (409) while there is nothing to apply for, and
// unavailable (503) on a server without the CJK font.
func confirmationApplicationOp() huma.Operation {
	o := binary(op(http.MethodGet, "/cases/{id}/confirmation-application.pdf", "get-case-confirmation-application", tagCases,
		tiaojie.PermSelf, "司法确认申请书 · Application for judicial confirmation", descConfirmationApplication), "application/pdf")
	o.Errors = append(o.Errors, http.StatusConflict, http.StatusServiceUnavailable)
	return o
}

// pdfFile is a generated PDF: a download, kept in no cache (it holds the
// parties' particulars).
type pdfFile struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

// confirmationApplication sends the parties' joint application for
// judicial confirmation (司法确认申请书) of the case's agreement, as the
// case page does; the cases service decides who gets it and until when.
func (h *Handler) confirmationApplication(ctx context.Context, in *caseIDInput) (*pdfFile, error) {
	if h.fonts == nil {
		return nil, tiaojie.E(tiaojie.Unavailable, "case.pdf_no_font")
	}
	app, err := h.cases.ConfirmationApplication(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, stepNamed(err, "confirmation_application")
	}
	var buf bytes.Buffer
	if err := agreement.RenderApplication(&buf, app, h.fonts); err != nil {
		return nil, err
	}
	return &pdfFile{ContentType: "application/pdf", ContentDisposition: attachment("司法确认申请书-" + app.AgreementNumber + ".pdf"),
		CacheControl: "private, no-store", Body: buf.Bytes()}, nil
}

// descConfirmationApplication describes the operation, Chinese first.
const descConfirmationApplication = "下载各方当事人共同申请司法确认的申请书（PDF，A4，中文）：全体当事人为申请人，写明其基本情况（身份证号码、电话已脱敏）、" +
	"请求事项、事实和理由、申请人承诺、受理法院（本区基层人民法院）、附件清单、每位申请人的签名栏，以及申请期限（调解协议生效之日起三十日，人民调解法第三十三条）。" +
	"只有能查看案件内容的人可以下载，每次下载记入审计日志。尚无生效的书面调解协议、为口头协议、法院已作出裁定或已超过 30 日期限的，返回 409；" +
	"服务器未安装中文字体的，返回 503。\n\n" +
	"Downloads the parties' joint application for judicial confirmation of their agreement (a PDF, A4, in Chinese): every party an applicant " +
	"with its particulars (identity numbers and phones masked), the request, the facts and reasons, the applicants' declarations, the court " +
	"(the district's basic people's court), the attachments, a signature line for each applicant, and the last day to apply (30 days from " +
	"the agreement taking effect, 人民调解法 Art. 33). Only those who read the case's content may download it; every download is audited. " +
	"Without a written agreement in effect, for an oral agreement, once the court has ruled or after the 30 days: 409. A server without " +
	"the CJK font: 503."
