package api

import (
	"context"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/files"
)

// Case operations: Evidence (证据材料). Those who read a case's content
// add a PDF or a picture while it is open or followed up, list the case's
// evidence and download it, exactly as on the case page: the case service
// checks the file by its content, keeps its SM3 digest (checked again on
// every download), audits each download and answers 404 to anyone with no
// part in the case.

// evidenceKind is the kind of file the cases service takes as evidence
// (cases.AddEvidence), which bounds the upload.
func evidenceKind() files.Kind { return files.Document() }

// evidence is one piece of evidence of a case.
type evidence struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Filename    string    `json:"filename" doc:"上传时的文件名 The file's name as uploaded"`
	ContentType string    `json:"content_type" enum:"application/pdf,image/png,image/jpeg" doc:"按文件内容识别的类型 The type found in the file's bytes"`
	Size        int64     `json:"size" doc:"字节数 Bytes"`
	SM3         string    `json:"sm3" doc:"上传时的 SM3 摘要（十六进制），每次下载时重新校验 The SM3 digest at upload (hex), checked again on every download"`
	PartyID     int64     `json:"party_id" doc:"提交证据的当事人，工作人员添加的为 0 The party who gave it; 0 when staff added it"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url" doc:"下载地址 Where to download it"`
}

// evidenceOut converts a piece of evidence of case id.
func evidenceOut(id int64, e cases.Evidence) evidence {
	return evidence{ID: e.ID, Title: e.Title, Filename: e.Filename, ContentType: e.ContentType, Size: e.Size, SM3: e.SM3,
		PartyID: e.PartyID, CreatedAt: e.CreatedAt.UTC(), URL: evidencePath(id, e.ID)}
}

// evidencePath is where the API serves a piece of evidence.
func evidencePath(id, eid int64) string {
	return casePath(id) + "/evidence/" + strconv.FormatInt(eid, 10)
}

// evidenceForm is the multipart body of an upload.
type evidenceForm struct {
	File  huma.FormFile `form:"file" contentType:"application/pdf,image/png,image/jpeg,application/octet-stream" doc:"PDF、PNG 或 JPEG，最大 10 MB；按文件内容识别类型，扩展名须与之相符（application/octet-stream 亦可） A PDF, PNG or JPEG of at most 10 MB; its type is found in its bytes and its name's extension must match (application/octet-stream is fine)"`
	Title string        `form:"title" maxLength:"100" doc:"证据名称，最多 100 字 What the evidence is, at most 100 characters"`
}

type addEvidenceInput struct {
	ID      int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	RawBody huma.MultipartFormFiles[evidenceForm]
}

// addedEvidence answers an upload: 201 with the evidence.
type addedEvidence struct {
	Location string `header:"Location" doc:"证据文件的下载地址 Where to download the evidence"`
	Body     evidence
}

func (h *Handler) addEvidence(ctx context.Context, in *addEvidenceInput) (*addedEvidence, error) {
	f := in.RawBody.Data()
	up, err := requiredFile(f.File)
	if err != nil {
		return nil, err
	}
	defer f.File.Close()
	p := auth.PrincipalFrom(ctx)
	eid, err := h.cases.AddEvidence(ctx, p, in.ID, f.Title, up)
	if err != nil {
		return nil, stepNamed(err, "evidence")
	}
	list, err := h.cases.EvidenceList(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		if e.ID == eid {
			return &addedEvidence{Location: evidencePath(in.ID, eid), Body: evidenceOut(in.ID, e)}, nil
		}
	}
	return nil, tiaojie.Internalf("api: evidence %d of case %d not listed after it was added", eid, in.ID)
}

// evidenceList is a case's evidence, oldest first.
type evidenceList struct {
	Items []evidence `json:"items"`
}

func (h *Handler) listEvidence(ctx context.Context, in *caseIDInput) (*body[evidenceList], error) {
	list, err := h.cases.EvidenceList(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := evidenceList{Items: make([]evidence, 0, len(list))}
	for _, e := range list {
		out.Items = append(out.Items, evidenceOut(in.ID, e))
	}
	return &body[evidenceList]{Body: out}, nil
}

type evidencePathInput struct {
	ID  int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	EID int64 `path:"eid" minimum:"1" doc:"证据编号 Evidence ID"`
}

// evidenceFile is a downloaded piece of evidence: never to be rendered
// by a browser as anything but what its bytes are, nor kept in a cache.
type evidenceFile struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	NoSniff            string `header:"X-Content-Type-Options"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func (h *Handler) openEvidence(ctx context.Context, in *evidencePathInput) (*evidenceFile, error) {
	m, data, err := h.cases.OpenEvidence(ctx, auth.PrincipalFrom(ctx), in.ID, in.EID)
	if err != nil {
		return nil, stepNamed(err, "evidence_read")
	}
	return &evidenceFile{ContentType: m.ContentType, ContentDisposition: attachment(m.Filename), NoSniff: "nosniff",
		CacheControl: "private, no-store", Body: data}, nil
}

// The evidence operations' descriptions, Chinese first.
const (
	descAddEvidence  = "上传一份证据（multipart/form-data：file 为文件，title 为名称）。能查看案件内容的人在案件办理中或回访阶段可以上传；文件为 PDF 或图片（PNG、JPEG），最大 10 MB，按文件内容而非扩展名识别，保存 SM3 摘要，不公开。类型不符或过大返回 422（超过请求体上限返回 413），不保存任何内容。成功返回 201、证据信息与 Location。\n\nUploads a piece of evidence (multipart/form-data: the file in file, its name in title). Those who read the case's content may add it while the case is open or followed up; a PDF or a picture (PNG, JPEG) of at most 10 MB, checked by its bytes rather than its name, kept with its SM3 digest, never public. A file of another type or too large answers 422 (a body over the request limit 413) and nothing is kept. Answers 201 with the evidence and a Location header."
	descListEvidence = "案件的全部证据，最早在前。只有能查看案件内容的人才能看到；与本案无关的调用者得到 404。\n\nThe case's evidence, oldest first, for those who read the case's content; a caller with no part in the case gets 404."
	descOpenEvidence = "下载证据原件（Content-Disposition: attachment）。文件与上传时的 SM3 摘要不符时拒绝提供；每次下载记入审计日志。\n\nDownloads the evidence as an attachment. A file that no longer matches its SM3 digest is refused; every download is audited."
)
