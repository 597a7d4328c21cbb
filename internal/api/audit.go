package api

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/route"
)

// auditRow is one audit record, with what an auditor needs to check its
// MAC offline. Details hold masked values only (audit.Event).
type auditRow struct {
	Seq        int64             `json:"seq"`
	At         time.Time         `json:"at"`
	ActorID    int64             `json:"actor_id"`
	Actor      string            `json:"actor" doc:"登录名（公众为脱敏手机号）Login, or a member of the public's masked phone"`
	Role       string            `json:"role" doc:"执行时的角色，逗号分隔 The actor's roles at the time, comma-separated"`
	Action     string            `json:"action"`
	ObjectType string            `json:"object_type"`
	ObjectID   string            `json:"object_id"`
	Outcome    string            `json:"outcome" enum:"ok,denied,failed"`
	Reason     string            `json:"reason" doc:"拒绝或失败的消息代码 Message code of a refusal or failure"`
	ClientIP   string            `json:"client_ip"`
	RequestID  string            `json:"request_id"`
	Detail     map[string]string `json:"detail,omitempty"`
	KeyVersion int               `json:"key_version"`
	PrevMAC    string            `json:"prev_mac"`
	MAC        string            `json:"mac"`
}

func auditRowOut(r audit.Row) (auditRow, error) {
	out := auditRow{Seq: r.Seq, At: r.At.UTC(), ActorID: r.ActorID, Actor: r.Actor, Role: r.Role, Action: r.Action,
		ObjectType: r.ObjectType, ObjectID: r.ObjectID, Outcome: string(r.Outcome), Reason: r.Reason,
		ClientIP: r.ClientIP, RequestID: r.RequestID, KeyVersion: int(r.KeyVersion), PrevMAC: r.PrevMAC, MAC: r.MAC}
	if r.Detail != "" {
		if err := json.Unmarshal([]byte(r.Detail), &out.Detail); err != nil {
			return out, tiaojie.Internalf("api: audit row %d detail: %w", r.Seq, err)
		}
	}
	return out, nil
}

// auditPage is one page of audit rows.
type auditPage struct {
	Rows []auditRow `json:"rows"`
	Next int64      `json:"next" doc:"下一页的 before 值，0 表示没有更多 The before of the next page; 0 at the end"`
}

type searchAuditInput struct {
	Actor      string    `query:"actor" maxLength:"128" doc:"登录名或用户编号 Login or user ID"`
	Action     string    `query:"action" maxLength:"128" doc:"动作，或以 . 结尾的前缀如 user. Action, or a prefix ending in . such as user."`
	ObjectType string    `query:"object_type" maxLength:"64"`
	ObjectID   string    `query:"object_id" maxLength:"128"`
	Outcome    string    `query:"outcome" enum:"ok,denied,failed"`
	From       time.Time `query:"from" doc:"起始时间（含），RFC 3339 From (inclusive), RFC 3339"`
	To         time.Time `query:"to" doc:"截止时间（不含），RFC 3339 To (exclusive), RFC 3339"`
	Before     int64     `query:"before" minimum:"0" doc:"只返回序号小于此值的记录 Only rows numbered below this"`
	Limit      int       `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50 Page size; default 50"`
}

func (h *Handler) searchAudit(ctx context.Context, in *searchAuditInput) (*body[auditPage], error) {
	f := audit.Filter{Actor: in.Actor, Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID,
		Outcome: audit.Outcome(in.Outcome), From: in.From, To: in.To, Before: in.Before, Limit: in.Limit}
	page, err := h.audit.Search(ctx, h.db, auth.PrincipalFrom(ctx), f)
	if err != nil {
		return nil, err
	}
	out := auditPage{Rows: make([]auditRow, 0, len(page.Rows)), Next: page.Next}
	for _, r := range page.Rows {
		row, err := auditRowOut(r)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	return &body[auditPage]{Body: out}, nil
}

// verifyReport is the result of checking the audit chain.
type verifyReport struct {
	OK       bool           `json:"ok" doc:"链条完好 The chain verified"`
	Rows     int64          `json:"rows" doc:"读取的行数 Rows read"`
	Last     int64          `json:"last" doc:"最后一行的序号 Number of the last row"`
	LastMAC  string         `json:"last_mac" doc:"最后一行的 MAC，请保存在数据库之外作为锚点 MAC of the last row: keep it outside the database as an anchor"`
	Problems []chainProblem `json:"problems"`
}

// chainProblem is one place where the chain is broken.
type chainProblem struct {
	Seq     int64  `json:"seq"`
	What    string `json:"what" enum:"gap,link,mac,key,head"`
	Message string `json:"message" doc:"本地化的说明 Localized description"`
}

func (h *Handler) verifyAudit(ctx context.Context, _ *none) (*body[verifyReport], error) {
	rep, err := h.audit.VerifyAs(ctx, h.db, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	lang := route.LangFrom(ctx)
	out := verifyReport{OK: rep.OK(), Rows: rep.Rows, Last: rep.Last, LastMAC: rep.LastMAC, Problems: []chainProblem{}}
	for _, p := range rep.Problems {
		msg := h.catalog.T(lang, codeAuditProblem+p.What, "seq", strconv.FormatInt(p.Seq, 10))
		out.Problems = append(out.Problems, chainProblem{Seq: p.Seq, What: p.What, Message: msg})
	}
	return &body[verifyReport]{Body: out}, nil
}
