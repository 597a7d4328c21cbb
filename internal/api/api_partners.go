package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/agencies"
	"tiaojie/internal/auth"
	"tiaojie/internal/meetings"
)

// Partner agencies and joint meetings (internal/agencies and
// internal/meetings, SPEC C12), the same rules as the pages: the bureau
// keeps the agencies and ties partner accounts to them; the bureau and
// township offices convene meetings and record minutes and decisions; the
// owners of decisions (partners, organization admins) add progress notes;
// each sees only the meetings it may (the service scopes every read).

const tagPartners = "partners"

// partnerRoutes declares the agency and meeting operations.
func (h *Handler) partnerRoutes(a huma.API) {
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	if h.agencies != nil {
		keep := tiaojie.PermAgencies
		add(h, a, op(get, "/agencies", "list-agencies", tagPartners, keep, "协作单位 · Partner agencies", descListAgencies), h.listAgencies)
		add(h, a, created(op(post, "/agencies", "create-agency", tagPartners, keep, "登记协作单位 · Register an agency", descCreateAgency)), h.createAgency)
		add(h, a, op(get, "/agencies/{id}", "get-agency", tagPartners, keep, "协作单位详情 · An agency", descGetAgency), h.getAgency)
		add(h, a, op(put, "/agencies/{id}", "update-agency", tagPartners, keep, "修改或停用协作单位 · Update or retire an agency", descUpdateAgency), h.updateAgency)
		add(h, a, op(post, "/agencies/{id}/members", "add-agency-member", tagPartners, keep, "关联账号 · Tie a partner account", descAddMember), h.addAgencyMember)
		add(h, a, op(del, "/agencies/{id}/members/{user}", "remove-agency-member", tagPartners, keep, "解除关联 · Untie a partner account", descRemoveMember), h.removeAgencyMember)
	}
	if h.meetings != nil {
		self, convene := tiaojie.PermSelf, tiaojie.PermMeetings
		add(h, a, op(get, "/meetings", "list-meetings", tagPartners, self, "联席会议 · Joint meetings", descListMeetings), h.listMeetings)
		add(h, a, created(op(post, "/meetings", "create-meeting", tagPartners, convene, "召开会议 · Convene a meeting", descCreateMeeting)), h.createMeeting)
		add(h, a, op(get, "/meetings/{id}", "get-meeting", tagPartners, self, "会议详情 · A meeting", descGetMeeting), h.getMeeting)
		add(h, a, op(put, "/meetings/{id}", "update-meeting", tagPartners, convene, "修改会议 · Update a meeting", descUpdateMeeting), h.updateMeeting)
		add(h, a, op(put, "/meetings/{id}/minutes", "record-minutes", tagPartners, convene, "录入纪要 · Record the minutes", descMinutes), h.recordMinutes)
		add(h, a, created(op(post, "/meetings/{id}/decisions", "add-decision", tagPartners, convene, "添加决定事项 · Add a decision", descAddDecision)), h.addDecision)
		add(h, a, op(post, "/meeting-decisions/{id}/progress", "add-decision-progress", tagPartners, self, "记录进展或办结 · Record progress or completion", descProgress), h.addProgress)
	}
}

type agencyOut struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	Kind    string      `json:"kind"`
	Contact string      `json:"contact"`
	Note    string      `json:"note"`
	Active  bool        `json:"active" doc:"停用的单位保留历史 A retired agency keeps its history"`
	Members int         `json:"members" doc:"关联的协作单位账号数 Partner accounts tied to it"`
	People  []memberOut `json:"people,omitempty"`
}

type memberOut struct {
	UserID int64  `json:"user_id"`
	Login  string `json:"login"`
	Name   string `json:"name"`
}

func agencyOf(a agencies.Agency) agencyOut {
	return agencyOut{ID: a.ID, Name: a.Name, Kind: string(a.Kind), Contact: a.Contact, Note: a.Note, Active: a.Active, Members: a.Members}
}

func (h *Handler) listAgencies(ctx context.Context, _ *none) (*body[[]agencyOut], error) {
	list, err := h.agencies.List(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]agencyOut, 0, len(list))
	for _, a := range list {
		out = append(out, agencyOf(a))
	}
	return &body[[]agencyOut]{Body: out}, nil
}

type agencyBody struct {
	Name    string `json:"name" maxLength:"400" doc:"单位名称，1–100 字 Name, 1–100 characters"`
	Kind    string `json:"kind" doc:"类别 Kind: civil_affairs, finance, union, women, court, police, petitions, hrss, housing, market, other"`
	Contact string `json:"contact,omitempty" maxLength:"800"`
	Note    string `json:"note,omitempty" maxLength:"4000"`
	Active  *bool  `json:"active,omitempty" doc:"false 停用 false retires the agency (update only)"`
}

func (b agencyBody) input() tiaojie.AgencyInput {
	return tiaojie.AgencyInput{Name: b.Name, Kind: tiaojie.AgencyKind(b.Kind), Contact: b.Contact, Note: b.Note}
}

type createAgencyInput struct{ Body agencyBody }

func (h *Handler) createAgency(ctx context.Context, in *createAgencyInput) (*body[createdID], error) {
	id, err := h.agencies.Create(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getAgency(ctx context.Context, in *idPath) (*body[agencyOut], error) {
	a, ms, err := h.agencies.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := agencyOf(a)
	out.People = []memberOut{}
	for _, m := range ms {
		out.People = append(out.People, memberOut{UserID: m.UserID, Login: m.Login, Name: m.Name})
	}
	return &body[agencyOut]{Body: out}, nil
}

type updateAgencyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body agencyBody
}

func (h *Handler) updateAgency(ctx context.Context, in *updateAgencyInput) (*none, error) {
	active := in.Body.Active == nil || *in.Body.Active
	return done(h.agencies.Update(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input(), active))
}

type addMemberInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		UserID int64 `json:"user_id" minimum:"1" doc:"持协作单位角色的账号 An account holding the partner role"`
	}
}

func (h *Handler) addAgencyMember(ctx context.Context, in *addMemberInput) (*none, error) {
	return done(h.agencies.AddMember(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.UserID))
}

type removeMemberInput struct {
	ID   int64 `path:"id" minimum:"1"`
	User int64 `path:"user" minimum:"1"`
}

func (h *Handler) removeAgencyMember(ctx context.Context, in *removeMemberInput) (*none, error) {
	return done(h.agencies.RemoveMember(ctx, auth.PrincipalFrom(ctx), in.ID, in.User))
}

type namedOut struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type progressOut struct {
	Note string    `json:"note"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

type decisionOut struct {
	ID        int64         `json:"id"`
	MeetingID int64         `json:"meeting_id"`
	Text      string        `json:"text"`
	OwnerKind string        `json:"owner_kind" enum:"agency,org,bureau,township"`
	OwnerID   int64         `json:"owner_id,omitempty"`
	Township  string        `json:"township,omitempty"`
	OwnerName string        `json:"owner_name,omitempty"`
	Due       string        `json:"due" format:"date"`
	Standing  string        `json:"standing" enum:"done,open,due_soon,overdue" doc:"逾期与即将到期由平台按北京时间计算 Overdue and due soon, computed in Beijing time"`
	DoneNote  string        `json:"done_note,omitempty"`
	Progress  []progressOut `json:"progress"`
	Mine      bool          `json:"mine" doc:"调用者可记录进展 The caller may record progress"`
}

type meetingOut struct {
	ID        int64         `json:"id"`
	Kind      string        `json:"kind" enum:"symposium,joint"`
	Title     string        `json:"title"`
	At        time.Time     `json:"at"`
	Place     string        `json:"place"`
	Township  string        `json:"township" doc:"召集的司法所乡镇代码，空为区司法局 The convening township office; empty for the bureau"`
	Agenda    string        `json:"agenda"`
	People    string        `json:"people"`
	Minutes   string        `json:"minutes"`
	Agencies  []namedOut    `json:"agencies"`
	Orgs      []namedOut    `json:"orgs"`
	Decisions []decisionOut `json:"decisions"`
	Open      int           `json:"open"`
	Overdue   int           `json:"overdue"`
}

func meetingOf(m *meetings.Meeting) meetingOut {
	out := meetingOut{ID: m.ID, Kind: string(m.Kind), Title: m.Title, At: m.At.UTC(), Place: m.Place, Township: m.Township,
		Agenda: m.Agenda, People: m.People, Minutes: m.Minutes, Open: m.Open, Overdue: m.Overdue,
		Agencies: []namedOut{}, Orgs: []namedOut{}, Decisions: []decisionOut{}}
	for _, a := range m.Agencies {
		out.Agencies = append(out.Agencies, namedOut(a))
	}
	for _, o := range m.Orgs {
		out.Orgs = append(out.Orgs, namedOut(o))
	}
	for _, d := range m.Decisions {
		do := decisionOut{ID: d.ID, MeetingID: d.MeetingID, Text: d.Text, OwnerKind: string(d.OwnerKind), OwnerID: d.OwnerID,
			Township: d.Township, OwnerName: d.OwnerName, Due: d.Due, Standing: string(d.Standing), DoneNote: d.DoneNote,
			Progress: []progressOut{}, Mine: d.Mine}
		for _, p := range d.Progress {
			do.Progress = append(do.Progress, progressOut{Note: p.Note, By: p.By, At: p.At.UTC()})
		}
		out.Decisions = append(out.Decisions, do)
	}
	return out
}

func (h *Handler) listMeetings(ctx context.Context, _ *none) (*body[[]meetingOut], error) {
	list, err := h.meetings.List(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]meetingOut, 0, len(list))
	for _, m := range list {
		out = append(out, meetingOf(m))
	}
	return &body[[]meetingOut]{Body: out}, nil
}

type meetingBody struct {
	Kind     string    `json:"kind" enum:"symposium,joint"`
	Title    string    `json:"title" maxLength:"400"`
	At       time.Time `json:"at"`
	Place    string    `json:"place,omitempty" maxLength:"800"`
	Township string    `json:"township,omitempty" doc:"召集的司法所乡镇代码，空为区司法局 The convening township; empty for the bureau"`
	Agenda   string    `json:"agenda,omitempty" maxLength:"20000"`
	People   string    `json:"people,omitempty" maxLength:"20000"`
	Agencies []int64   `json:"agencies,omitempty" maxItems:"100"`
	Orgs     []int64   `json:"orgs,omitempty" maxItems:"200"`
}

func (b meetingBody) input() tiaojie.MeetingInput {
	return tiaojie.MeetingInput{Kind: tiaojie.MeetingKind(b.Kind), Title: b.Title, At: b.At, Place: b.Place, Township: b.Township,
		Agenda: b.Agenda, People: b.People, Agencies: b.Agencies, Orgs: b.Orgs}
}

type createMeetingInput struct{ Body meetingBody }

func (h *Handler) createMeeting(ctx context.Context, in *createMeetingInput) (*body[createdID], error) {
	id, err := h.meetings.Create(ctx, auth.PrincipalFrom(ctx), in.Body.input())
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

func (h *Handler) getMeeting(ctx context.Context, in *idPath) (*body[meetingOut], error) {
	m, err := h.meetings.Get(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return &body[meetingOut]{Body: meetingOf(m)}, nil
}

type updateMeetingInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body meetingBody
}

func (h *Handler) updateMeeting(ctx context.Context, in *updateMeetingInput) (*none, error) {
	return done(h.meetings.Update(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.input()))
}

type minutesInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Minutes string `json:"minutes" maxLength:"80000"`
	}
}

func (h *Handler) recordMinutes(ctx context.Context, in *minutesInput) (*none, error) {
	return done(h.meetings.RecordMinutes(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Minutes))
}

type decisionInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Text      string `json:"text" maxLength:"4000"`
		OwnerKind string `json:"owner_kind" doc:"agency, org, bureau 或 township"`
		OwnerID   int64  `json:"owner_id,omitempty" doc:"协作单位或调解组织编号 The agency's or organization's ID"`
		Township  string `json:"township,omitempty" doc:"责任司法所的乡镇代码 The responsible township office"`
		Due       string `json:"due" doc:"办结期限 YYYY-MM-DD The due date"`
	}
}

func (h *Handler) addDecision(ctx context.Context, in *decisionInput) (*body[createdID], error) {
	b := in.Body
	id, err := h.meetings.AddDecision(ctx, auth.PrincipalFrom(ctx), in.ID, tiaojie.DecisionInput{Text: b.Text,
		OwnerKind: tiaojie.DecisionOwnerKind(b.OwnerKind), OwnerID: b.OwnerID, Township: b.Township, Due: b.Due})
	if err != nil {
		return nil, err
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

type progressInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"决定事项编号 Decision ID"`
	Body struct {
		Note string `json:"note" maxLength:"8000"`
		Done bool   `json:"done,omitempty" doc:"true 以此说明办结 true closes the decision with the note"`
	}
}

func (h *Handler) addProgress(ctx context.Context, in *progressInput) (*none, error) {
	return done(h.meetings.AddProgress(ctx, auth.PrincipalFrom(ctx), in.ID, in.Body.Note, in.Body.Done))
}

// The descriptions of the partner operations, Chinese first.
const (
	descListAgencies  = "区司法局登记的协作单位（民政、财政、工会、妇联、法院、公安、信访等），在用的在前。\n\nThe partner agencies the bureau registered, active ones first."
	descCreateAgency  = "登记协作单位；同名单位返回 422。\n\nRegisters an agency; a name already taken answers 422."
	descGetAgency     = "协作单位及其关联账号。\n\nAn agency and the partner accounts acting for it."
	descUpdateAgency  = "修改协作单位信息，active 为 false 时停用（保留历史，不再参与新的移送和会议）。\n\nUpdates an agency; active false retires it (its history is kept)."
	descAddMember     = "将持“协作单位”角色的账号关联到单位；其他账号返回 422。\n\nTies an account holding the partner role to the agency; any other account answers 422."
	descRemoveMember  = "解除账号与协作单位的关联。\n\nUnties a partner account from the agency."
	descListMeetings  = "调用者可见的会议：区司法局全部；司法所本所召集的；协作单位参加或负责决定事项的；调解组织管理员本组织参加的。\n\nThe meetings the caller may see: the bureau all; a township office those it convened; a partner those its agency took part in or owns a decision of; an organization's admin those its organization took part in."
	descCreateMeeting = "召开座谈会或联席会：时间、地点、召集单位、参会单位与人员、议程。司法所只能以本所名义召集。\n\nConvenes a symposium or joint meeting. A township office convenes in its own township only."
	descGetMeeting    = "会议详情、纪要与决定事项的落实情况；无权查看的会议返回 404。\n\nA meeting with its minutes and decisions; a meeting the caller may not see answers 404."
	descUpdateMeeting = "修改会议信息与参会单位（整体替换）。\n\nUpdates a meeting and replaces its participants."
	descMinutes       = "录入或更正会议纪要；会议日之前返回 422。\n\nRecords or corrects the minutes; before the meeting's day answers 422."
	descAddDecision   = "添加决定事项：责任单位（协作单位、调解组织、区司法局或司法所）与办结期限均为必填。\n\nAdds a decision; its owner (an agency, an organization, the bureau or a township office) and due date are required."
	descProgress      = "召集单位或决定事项的责任单位记录进展；done 为 true 时以此说明办结。已办结的返回 409。\n\nThe convenor or the decision's owner records progress; done closes it. A closed decision answers 409."
)
