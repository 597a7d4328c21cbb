package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"tiaojie"
	"tiaojie/internal/files"
)

// Uploads. Every other operation takes JSON of at most a few hundred
// kilobytes; an upload takes multipart/form-data as big as its kind of
// file allows (files.Kind) and a little more for the form's other fields.
// Its input's RawBody is a huma.MultipartFormFiles, which huma documents
// as the multipart schema; huma neither limits such a body nor says why it
// cannot read one, so the upload middleware reads the form first (after
// operate has checked the permission, so an anonymous upload is refused
// unread) with the operation's own limit, and huma then finds it parsed.

// codeMultipart refuses an upload that is not multipart/form-data.
const codeMultipart = "api.multipart"

// uploadFields is what an upload body may hold beside the file.
const uploadFields = 1 << 20

// upload marks o as an upload of a file of kind k: its body may be
// multipart/form-data of up to k.MaxSize plus uploadFields bytes (the
// server's own MaxUpload still applies). A bigger body is 413 with the
// file's files.too_large; a body that is not multipart is 415. The
// document marks the body required, which huma leaves out for multipart.
func (h *Handler) upload(a huma.API, o huma.Operation, k files.Kind) huma.Operation {
	a.OpenAPI().OnAddOperation = append(a.OpenAPI().OnAddOperation, func(_ *huma.OpenAPI, added *huma.Operation) {
		if added.OperationID == o.OperationID && added.RequestBody != nil {
			added.RequestBody.Required = true
		}
	})
	limit := k.MaxSize + uploadFields
	o.MaxBodyBytes = limit
	o.Errors = append(o.Errors, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	o.Middlewares = append(o.Middlewares, func(hctx huma.Context, next func(huma.Context)) {
		r, w := humago.Unwrap(hctx)
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := r.ParseMultipartForm(uploadFields); err != nil {
			p := h.formProblem(hctx.Context(), err, k)
			sendProblem(hctx.SetHeader, hctx.SetStatus, hctx.BodyWriter(), p)
			return
		}
		defer func() { _ = r.MultipartForm.RemoveAll() }() // the parts kept on disk
		next(hctx)
	})
	return o
}

// formProblem is the problem of a multipart body that could not be read.
func (h *Handler) formProblem(ctx context.Context, err error, k files.Kind) *problem {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		// The limit that stopped the body, this one or a smaller one of
		// the server's, in whole megabytes.
		var fe tiaojie.FieldErrors
		fe.Add("file", "files.too_large", "max", strconv.FormatInt(max(min(k.MaxSize, mbe.Limit)>>20, 1), 10))
		e := &tiaojie.Error{Kind: tiaojie.Invalid, Code: "error.too_large", Fields: fe}
		return h.problemStatus(ctx, http.StatusRequestEntityTooLarge, e)
	case errors.Is(err, http.ErrNotMultipart), errors.Is(err, http.ErrMissingBoundary):
		return h.problemStatus(ctx, http.StatusUnsupportedMediaType, tiaojie.E(tiaojie.Invalid, codeMultipart))
	}
	return h.problemStatus(ctx, http.StatusBadRequest, tiaojie.E(tiaojie.Invalid, "error.bad_request").Wrap(err))
}

// dropFilePartSchema removes the schema huma registers for its own
// huma.FormFile type when an upload is declared: the uploads' bodies
// describe the file part as binary, and nothing refers to it.
func dropFilePartSchema(o *huma.OpenAPI) {
	delete(o.Components.Schemas.Map(), "FormFile")
}

// requiredFile is the upload in a form's required file part, or
// files.empty on "file" when the part is missing. The caller closes f
// when it is set.
func requiredFile(f huma.FormFile) (files.Upload, error) {
	if !f.IsSet {
		var fe tiaojie.FieldErrors
		fe.Add("file", "files.empty")
		return files.Upload{}, fe.Err()
	}
	return files.Upload{Filename: f.Filename, Body: f}, nil
}
