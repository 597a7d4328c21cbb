package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/route"
)

// The message codes the API adds to the services' own (catalogue files
// messages/*/api.json). New checks them all at start-up, so a missing
// translation stops the server instead of reaching a client.
const (
	codeUnauthorized  = "api.unauthorized"   // no credentials, or not a user
	codePending       = "api.pending"        // a login step is still owed
	codeMalformedJSON = "api.malformed_json" // the body is not JSON
	codeBodyRequired  = "api.body_required"
	codeMediaType     = "api.media_type" // the body is not application/json
	codeNotAcceptable = "api.not_acceptable"
	codeBodyTimeout   = "api.body_timeout"

	codeFieldUnknown  = "api.field.unknown" // a body field the operation does not take (AC-03)
	codeQueryUnknown  = "api.field.unknown_query"
	codeRequired      = "api.field.required"
	codeBoolean       = "api.field.boolean"
	codeInteger       = "api.field.integer"
	codeNumber        = "api.field.number"
	codeString        = "api.field.string"
	codeArray         = "api.field.array"
	codeObject        = "api.field.object"
	codeMinLength     = "api.field.min_length"
	codeMaxLength     = "api.field.max_length"
	codeMinimum       = "api.field.minimum"
	codeMaximum       = "api.field.maximum"
	codeMinItems      = "api.field.min_items"
	codeMaxItems      = "api.field.max_items"
	codeEnum          = "api.field.enum"
	codeDateTime      = "api.field.date_time"
	codeUniqueItems   = "api.field.unique_items"
	codeFieldInvalid  = "api.field.invalid"  // any other schema problem
	codeDate          = "api.field.date"     // not a YYYY-MM-DD date
	codeRateLimited   = "api.rate_limited"   // a public operation called too often (ratelimit.go)
	codeAmountBoth    = "api.amount_both"    // a fee quote given the amount twice
	codeGradePrefix   = "api.grade."         // + 0…4: the names of mediator grades (taxonomy)
	codeAuditProblem  = "api.audit_problem." // + Problem.What of the chain verifier
	problemTypePrefix = "urn:tiaojie:problem:"
)

// messageCodes lists every code this package can put in a response, for
// the start-up check in New.
func messageCodes() []string {
	codes := []string{
		codeUnauthorized, codePending, codeMalformedJSON, codeBodyRequired, codeMediaType,
		codeNotAcceptable, codeBodyTimeout, codeFieldUnknown, codeQueryUnknown, codeRequired,
		codeBoolean, codeInteger, codeNumber, codeString, codeArray, codeObject, codeMinLength,
		codeMaxLength, codeMinimum, codeMaximum, codeMinItems, codeMaxItems, codeEnum, codeDateTime,
		codeUniqueItems, codeFieldInvalid, codeDate, codeRateLimited, codeAmountBoth, codeMultipart,
	}
	for g := range 5 {
		codes = append(codes, codeGradePrefix+strconv.Itoa(g))
	}
	for _, what := range []string{"gap", "link", "mac", "key", "head"} {
		codes = append(codes, codeAuditProblem+what)
	}
	for _, s := range []int{400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 422, 429, 500, 503} {
		codes = append(codes, statusCode(s))
	}
	return codes
}

// problem is the body of every error response: RFC 9457 problem details
// with the message code, the localized message and the problems of single
// fields. It implements huma.StatusError, so huma writes it with its status
// and (through ContentType) as application/problem+json.
type problem struct {
	Type      string         `json:"type" doc:"问题类型，含消息代码 Problem type: urn:tiaojie:problem:<code>"`
	Code      string         `json:"code" doc:"稳定的消息代码 Stable message code, e.g. error.invalid_input"`
	Title     string         `json:"title" doc:"HTTP 状态说明 HTTP status text"`
	Status    int            `json:"status" doc:"HTTP 状态码 HTTP status code"`
	Detail    string         `json:"detail" doc:"按请求语言本地化的说明 Message in the request's language"`
	RequestID string         `json:"request_id,omitempty" doc:"请求编号，报告问题时请提供 Request ID to quote when reporting a problem"`
	Errors    []fieldProblem `json:"errors,omitempty" doc:"逐字段的问题 Problems of single fields"`
}

// fieldProblem is one problem with one input field.
type fieldProblem struct {
	Field   string `json:"field" doc:"字段名，如 login 或 grants[0].role Field name"`
	Code    string `json:"code" doc:"消息代码 Message code"`
	Message string `json:"message" doc:"本地化的说明 Localized message"`
}

// Error returns the message code; the message for people is Detail.
func (p *problem) Error() string { return p.Code }

// GetStatus returns the HTTP status, for huma.
func (p *problem) GetStatus() int { return p.Status }

// ContentType makes huma send the problem as application/problem+json.
func (p *problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// statusCode is the message code of a status when nothing more specific is
// known (huma's own errors, unmatched routes).
func statusCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "error.bad_request"
	case http.StatusUnauthorized:
		return "error.unauthorized"
	case http.StatusForbidden:
		return "error.forbidden"
	case http.StatusNotFound:
		return "error.not_found"
	case http.StatusMethodNotAllowed:
		return "error.method"
	case http.StatusNotAcceptable:
		return codeNotAcceptable
	case http.StatusRequestTimeout:
		return codeBodyTimeout
	case http.StatusConflict:
		return "error.duplicate"
	case http.StatusRequestEntityTooLarge:
		return "error.too_large"
	case http.StatusUnsupportedMediaType:
		return codeMediaType
	case http.StatusUnprocessableEntity:
		return "error.invalid_input"
	case http.StatusTooManyRequests:
		return "error.too_many"
	case http.StatusServiceUnavailable:
		return "error.unavailable"
	}
	if status >= 500 {
		return "error.internal"
	}
	return "error.bad_request"
}

// problem turns any error into the problem to send: its status from the
// error's kind (route.Status), its message and field messages localized in
// the request's language. An internal error carries only error.internal
// and the request ID; its cause goes to the log, never to the client.
func (h *Handler) problem(ctx context.Context, err error) *problem {
	var p *problem
	if errors.As(err, &p) {
		return p
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return h.problemStatus(ctx, http.StatusRequestEntityTooLarge, tiaojie.E(tiaojie.Invalid, "error.too_large"))
	}
	return h.problemStatus(ctx, route.Status(err), err)
}

// problemStatus is problem with the status chosen by the caller.
func (h *Handler) problemStatus(ctx context.Context, status int, err error) *problem {
	lang := route.LangFrom(ctx)
	id := audit.ClientFrom(ctx).RequestID
	code := route.Code(err)
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// The client went away; not a server error worth an alarm.
		h.log.DebugContext(ctx, "request abandoned by the client", "id", id)
	case status >= 500:
		h.log.ErrorContext(ctx, "api error", "err", err, "id", id)
	}
	p := &problem{
		Type: problemTypePrefix + code, Code: code, Title: http.StatusText(status), Status: status,
		Detail: h.catalog.Tm(lang, code, route.Args(err)), RequestID: id,
	}
	if status < 500 {
		for _, f := range route.Fields(err) {
			p.Errors = append(p.Errors, fieldProblem{Field: f.Field, Code: f.Code, Message: h.catalog.Tm(lang, f.Code, f.Args)})
		}
	}
	return p
}

// Error writes err as application/problem+json. The server calls it for a
// bad bearer token; the API's own middleware for refusals before huma runs.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	p := h.problem(r.Context(), err)
	w.Header().Set("Content-Language", route.LangFrom(r.Context()).Tag())
	sendProblem(w.Header().Set, w.WriteHeader, w, p)
}

// sendProblem writes p through the given header setter, status writer and
// body, so that both a plain ResponseWriter and a huma.Context can use it.
// A 401 names the scheme to authenticate with (RFC 9110 §11.6.1).
func sendProblem(setHeader func(k, v string), writeHeader func(int), w io.Writer, p *problem) {
	setHeader("Content-Type", "application/problem+json")
	if p.Status == http.StatusUnauthorized {
		setHeader("WWW-Authenticate", `Bearer realm="tiaojie"`)
	}
	writeHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p) // the client went away; nothing else to do
}

// handlerKey carries the *Handler of a request in its context, for the
// huma error hooks.
type handlerKey struct{}

// hooks guards the one deliberate package-level state of the API. huma
// builds the errors it finds itself (schema validation, an unreadable or
// oversize body, content negotiation) through the package variables
// huma.NewError and huma.NewErrorWithContext: they are the library's
// designated extension point for the error shape, and there is no
// per-API option. They are set once, to functions that hold no state of
// their own: the request's *Handler travels in the request context (put
// there by Handler.operate), so every Handler in a process (as in tests)
// localizes with its own catalogue.
var hooks sync.Once

// installErrorHooks points huma's error constructors at the problem type.
// NewError has no request, so it gives an unlocalized problem; huma calls
// it to learn the error schema for the OpenAPI document.
func installErrorHooks() {
	hooks.Do(func() {
		huma.NewError = func(status int, _ string, _ ...error) huma.StatusError {
			code := statusCode(status)
			return &problem{Type: problemTypePrefix + code, Code: code, Title: http.StatusText(status), Status: status, Detail: code}
		}
		huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
			if hctx != nil {
				if h, ok := hctx.Context().Value(handlerKey{}).(*Handler); ok {
					return h.humaProblem(hctx.Context(), status, msg, errs)
				}
			}
			return huma.NewError(status, msg, errs...)
		}
	})
}

// humaProblem turns an error huma found before the handler ran into the
// API's problem: each schema complaint becomes a field problem with a
// message code, and huma's English text (which may quote Go errors, such as
// the JSON decoder's) is dropped.
func (h *Handler) humaProblem(ctx context.Context, status int, msg string, errs []error) *problem {
	var mbe *http.MaxBytesError
	for _, e := range errs {
		if errors.As(e, &mbe) {
			return h.problemStatus(ctx, http.StatusRequestEntityTooLarge, tiaojie.E(tiaojie.Invalid, "error.too_large"))
		}
	}
	if status >= 500 {
		return h.problemStatus(ctx, status, tiaojie.Internalf("api: huma: %s: %w", msg, errors.Join(errs...)))
	}
	e := &tiaojie.Error{Kind: tiaojie.Invalid, Code: statusCode(status)}
	switch status {
	case http.StatusBadRequest:
		// huma's only 400s: a body that does not parse, or none at all.
		e.Code = codeBodyRequired
		if len(errs) > 0 {
			e.Code = codeMalformedJSON
		}
		fallthrough
	case http.StatusUnprocessableEntity:
		for _, err := range errs {
			e.Fields = append(e.Fields, detailField(status, err))
		}
	}
	return h.problemStatus(ctx, status, e)
}

// detailField maps one of huma's error details to a field problem.
func detailField(status int, err error) tiaojie.FieldError {
	var d huma.ErrorDetailer
	if !errors.As(err, &d) {
		return tiaojie.FieldError{Field: "body", Code: codeFieldInvalid}
	}
	detail := d.ErrorDetail()
	field := fieldName(detail.Location)
	code, args, name := detailCode(detail.Message)
	if status == http.StatusBadRequest && detail.Location == "body" {
		code, args = codeMalformedJSON, nil
	}
	if name != "" {
		field = strings.TrimPrefix(field+"."+name, ".")
	}
	if field == "" {
		field = detail.Location
	}
	return tiaojie.FieldError{Field: field, Code: code, Args: args}
}

// fieldName strips the location huma puts first ("body.grants[0].role" →
// "grants[0].role", "query.limit" → "limit", "form.title" → "title"):
// fields are named as the client spells them.
func fieldName(loc string) string {
	for _, in := range []string{"body", "query", "path", "header", "cookie", "form"} {
		if loc == in {
			return ""
		}
		if rest, ok := strings.CutPrefix(loc, in+"."); ok {
			return rest
		}
		if rest, ok := strings.CutPrefix(loc, in+"["); ok {
			return "[" + rest
		}
	}
	return loc
}

// detailCode classifies one of huma's validation messages (package
// huma/validation, and the parameter parser's) as a message code with its
// arguments. name is the property a "required" message names, which huma
// reports at the parent's location.
func detailCode(msg string) (code string, args map[string]string, name string) {
	after := func(format string) (string, bool) {
		prefix, _, _ := strings.Cut(format, "%")
		return strings.CutPrefix(msg, prefix)
	}
	if rest, ok := after(validation.MsgExpectedRequiredProperty); ok {
		return codeRequired, nil, strings.TrimSuffix(rest, " to be present")
	}
	if strings.HasPrefix(msg, "required ") && strings.HasSuffix(msg, " parameter is missing") || msg == "File required" {
		return codeRequired, nil, ""
	}
	for _, c := range []struct{ format, code, arg string }{
		{validation.MsgExpectedMinLength, codeMinLength, "min"},
		{validation.MsgExpectedMaxLength, codeMaxLength, "max"},
		{validation.MsgExpectedMinimumNumber, codeMinimum, "min"},
		{validation.MsgExpectedMaximumNumber, codeMaximum, "max"},
		{validation.MsgExpectedMinItems, codeMinItems, "min"},
		{validation.MsgExpectedMaxItems, codeMaxItems, "max"},
		{validation.MsgExpectedOneOf, codeEnum, "values"},
	} {
		if rest, ok := after(c.format); ok {
			return c.code, map[string]string{c.arg: strings.TrimSuffix(rest, `"`)}, ""
		}
	}
	switch {
	case msg == validation.MsgUnexpectedProperty:
		return codeFieldUnknown, nil, ""
	case msg == "unknown query parameter":
		return codeQueryUnknown, nil, ""
	case msg == validation.MsgExpectedBoolean, msg == "invalid boolean":
		return codeBoolean, nil, ""
	case msg == validation.MsgExpectedInteger, msg == "invalid integer":
		return codeInteger, nil, ""
	case msg == validation.MsgExpectedNumber, strings.HasPrefix(msg, "invalid float"):
		return codeNumber, nil, ""
	case msg == validation.MsgExpectedString:
		return codeString, nil, ""
	case msg == validation.MsgExpectedArray:
		return codeArray, nil, ""
	case msg == validation.MsgExpectedObject:
		return codeObject, nil, ""
	case msg == validation.MsgExpectedRFC3339DateTime, strings.HasPrefix(msg, "invalid date/time"):
		return codeDateTime, nil, ""
	case msg == validation.MsgExpectedRFC3339Date:
		return codeDate, nil, ""
	case msg == validation.MsgExpectedArrayItemsUnique:
		return codeUniqueItems, nil, ""
	}
	return codeFieldInvalid, nil, ""
}

// renameField returns err with the field problems of field from renamed
// to, for a service whose field names follow the pages' forms.
func renameField(err error, from, to string) error {
	var e *tiaojie.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]tiaojie.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Field == from {
			f.Field = to
		}
		c.Fields[i] = f
	}
	return &c
}
