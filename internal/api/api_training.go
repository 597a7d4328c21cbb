package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/roster"
)

// Mediators' training hours (internal/roster): the records and the hours
// of the last 12 months against the bureau's requirement. Reading needs
// what reading the roster entry needs (mediators.read, in scope), as on
// the staff mediator page that shows them; recording needs what editing
// the entry needs (mediators.edit, in scope). The operations sit beside
// the entry's other staff operations, under /staff/mediators/{id}:
// /mediators/{id} is the public roster's.

// trainingRoutes declares the training operations.
func (h *Handler) trainingRoutes(a huma.API) {
	read, edit := tiaojie.PermMediatorsRead, tiaojie.PermMediatorsEdit
	get, post := http.MethodGet, http.MethodPost
	add(h, a, op(get, "/staff/mediators/{id}/training", "list-mediator-training", tagMediators, read, "培训记录 · Training records", descListTraining), h.listTraining)
	add(h, a, created(op(post, "/staff/mediators/{id}/training", "record-mediator-training", tagMediators, edit, "登记培训 · Record a training", descRecordTraining)), h.recordTraining)
}

// training is one recorded training.
type training struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	HeldOn     string    `json:"held_on" format:"date" doc:"培训日期 YYYY-MM-DD（北京时间）The day, Beijing time"`
	Hours      int       `json:"hours"`
	RecordedBy int64     `json:"recorded_by" doc:"登记人账号，0 为平台 The account that recorded it; 0: the platform"`
	Recorder   string    `json:"recorder" doc:"登记人姓名 Its name"`
	RecordedAt time.Time `json:"recorded_at"`
}

// trainingRecords is a mediator's training and standing.
type trainingRecords struct {
	Items    []training `json:"items" doc:"最新在前 Newest first"`
	Hours    int        `json:"hours" doc:"近 12 个月（from 至 to）的学时 Hours in the last 12 months (from … to)"`
	Required int        `json:"required" doc:"制度要求的学时，0 为不作要求 Hours the policy requires; 0: not enforced"`
	Short    bool       `json:"short" doc:"学时不足，不能被指派案件 Short of the requirement: may not be assigned cases"`
	From     string     `json:"from" format:"date" doc:"计算区间首日 First day counted"`
	To       string     `json:"to" format:"date" doc:"计算区间末日（今天）Last day counted (today)"`
}

func (h *Handler) listTraining(ctx context.Context, in *idPath) (*body[trainingRecords], error) {
	list, sum, err := h.roster.Training(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := trainingRecords{Items: make([]training, 0, len(list)), Hours: sum.Hours, Required: sum.Required,
		Short: sum.Short(), From: dateOut(sum.From), To: dateOut(sum.To)}
	for _, t := range list {
		out.Items = append(out.Items, training{ID: t.ID, Title: t.Title, HeldOn: dateOut(t.HeldOn), Hours: t.Hours,
			RecordedBy: t.RecordedBy, Recorder: t.Recorder, RecordedAt: t.RecordedAt.UTC()})
	}
	return &body[trainingRecords]{Body: out}, nil
}

// newTraining is a training to record.
type newTraining struct {
	Title  string `json:"title" maxLength:"400" doc:"培训名称，1–100 字，如“2026年全区人民调解员统一职业培训”Title, 1–100 characters"`
	HeldOn string `json:"held_on" format:"date" doc:"培训日期 YYYY-MM-DD（北京时间），不晚于今天、不早于 2000 年 The day, Beijing time, not after today nor before 2000"`
	Hours  int    `json:"hours" doc:"学时 1–200 Hours, 1–200"`
}

type recordTrainingInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"调解员编号 Mediator ID"`
	Body newTraining
}

func (h *Handler) recordTraining(ctx context.Context, in *recordTrainingInput) (*body[createdID], error) {
	held, err := dateIn("held_on", in.Body.HeldOn)
	if err != nil {
		return nil, err
	}
	id, err := h.roster.RecordTraining(ctx, auth.PrincipalFrom(ctx), in.ID, roster.TrainingInput{
		Title: in.Body.Title, HeldOn: held, Hours: in.Body.Hours})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// The descriptions of the training operations, Chinese first.
const (
	descListTraining   = "调解员的培训记录（最新在前），以及近 12 个月（滚动计算，截至今天）的学时与区司法局要求的学时。学时不足且要求生效时 short 为 true，该调解员不能被指派案件。超出调用者范围的调解员返回 404。\n\nThe mediator's training records, newest first, with the hours of the last 12 months (rolling, up to today) and the hours the bureau requires. short is true when a requirement is in force and not met: the mediator may not be assigned cases. A mediator outside the caller's scope answers 404."
	descRecordTraining = "登记调解员参加的一次培训（如统一职业培训）。需有编辑该调解员的权限；已除名的调解员返回 409。成功返回 201 与编号，并记入审计日志。\n\nRecords a training the mediator attended (such as the unified training). Needs the right to edit the mediator; a removed mediator answers 409. Answers 201 with the ID; the record is audited."
)
