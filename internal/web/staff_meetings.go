package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/meetings"
	"tiaojie/internal/route"
)

// Joint meeting pages (SPEC C12, internal/meetings): the bureau and
// township offices convene meetings and record their minutes and
// decisions; partners and organization admins read the meetings they took
// part in and record progress on the decisions they own. The service
// scopes every read, so the routes only ask for a login.

// partnerRoutes registers the agency, meeting and partner desk pages.
func (h *Handler) partnerRoutes(t *route.Table) {
	if h.Agencies != nil {
		h.agencyRoutes(t)
	}
	h.orgNewsRoutes(t) // staff_orgnews.go: organizations' news reviewed by the bureau (C13)
	if h.Meetings == nil {
		return
	}
	self, convene := tiaojie.PermSelf, tiaojie.PermMeetings
	t.Handle("GET /staff/meetings", self, h.wrap(h.staffMeetings))
	t.Handle("POST /staff/meetings", convene, h.wrap(h.staffMeetingCreate))
	t.Handle("GET /staff/meetings/{id}", self, h.wrap(h.staffMeeting))
	t.Handle("POST /staff/meetings/{id}", convene, h.wrap(h.staffMeetingUpdate))
	t.Handle("POST /staff/meetings/{id}/minutes", convene, h.wrap(h.staffMeetingMinutes))
	t.Handle("POST /staff/meetings/{id}/decisions", convene, h.wrap(h.staffMeetingDecision))
	t.Handle("POST /staff/meetings/{id}/decisions/{decision}/progress", self, h.wrap(h.staffMeetingProgress))
	t.Handle("GET /partner", self, h.wrap(h.partnerDesk))
	t.Handle("GET /partner/refer", self, h.wrap(h.partnerReferPage))
	t.Handle("POST /partner/refer", self, h.wrap(h.partnerRefer))
}

// meetingsData is the list of meetings with the form that convenes one.
type meetingsData struct {
	List []*meetings.Meeting
	Form *formView
}

func (h *Handler) staffMeetings(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "meeting.title_list", nil)
	return h.meetingsPage(w, r, p, http.StatusOK, false)
}

func (h *Handler) meetingsPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live bool) error {
	list, err := h.Meetings.List(r.Context(), p.User)
	if err != nil {
		return err
	}
	d := &meetingsData{List: list}
	if p.User.Can(tiaojie.PermMeetings) {
		if d.Form, err = h.meetingForm(r, p, "meeting", nil, live); err != nil {
			return err
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_meetings", p)
}

// meetingForm builds the form of a new meeting (m nil) or of m.
func (h *Handler) meetingForm(r *http.Request, p *Page, id string, m *meetings.Meeting, live bool) (*formView, error) {
	var kind, title, at, place, town, agenda, people string
	var ags, orgs []string
	if m != nil {
		kind, title, place, town, agenda, people = string(m.Kind), m.Title, m.Place, m.Township, m.Agenda, m.People
		at = m.At.In(tiaojie.Beijing()).Format("2006-01-02T15:04")
		for _, a := range m.Agencies {
			ags = append(ags, itoa64(a.ID))
		}
		for _, o := range m.Orgs {
			orgs = append(orgs, itoa64(o.ID))
		}
	}
	var agOpts []checkOption
	if h.Agencies != nil {
		list, err := h.Agencies.List(r.Context(), p.User)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			if a.Active {
				agOpts = append(agOpts, checkOption{Value: itoa64(a.ID), Label: a.Name})
			}
		}
	}
	scope, err := h.scopeOrgs(r.Context(), p.User)
	if err != nil {
		return nil, err
	}
	var orgOpts []checkOption
	for _, o := range scope {
		orgOpts = append(orgOpts, checkOption{Value: itoa64(o.ID), Label: o.Name})
	}
	var towns []optionView
	if p.User.Has(tiaojie.RoleBureau) {
		towns = append(towns, optionView{Value: "", Label: h.Catalog.T(p.Lang, "meeting.f.bureau")})
	}
	for _, c := range h.visibleTownships(p.User) {
		towns = append(towns, optionView{Value: c, Label: h.townshipName(p.Lang, c)})
	}
	kinds := h.codeOptions(p.Lang, "", "meeting.kind.", "joint", "symposium")
	return h.formOf(p, id, live).
		choose("kind", "meeting.f.kind", kind, kinds, "required").
		text("title", "text", "meeting.f.title", title, "required").
		text("at", "datetime-local", "meeting.f.at", at, "required").
		text("place", "text", "meeting.f.place", place).
		choose("township", "meeting.f.township", town, towns).
		checks("agencies", "meeting.f.agencies", ags, agOpts, false).
		checks("orgs", "meeting.f.orgs", orgs, orgOpts, false).
		text("people", "text", "meeting.f.people", people, "rows=3", "hint=meeting.f.people_hint").
		text("agenda", "text", "meeting.f.agenda", agenda, "rows=4").done(), nil
}

// meetingInputOf reads the meeting form; a time that is not one is the
// service's "no time" problem.
func meetingInputOf(r *http.Request) tiaojie.MeetingInput {
	f := r.PostForm
	in := tiaojie.MeetingInput{Kind: tiaojie.MeetingKind(f.Get("kind")), Title: f.Get("title"), Place: f.Get("place"),
		Township: f.Get("township"), Agenda: f.Get("agenda"), People: f.Get("people")}
	in.At, _ = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f.Get("at")), tiaojie.Beijing())
	for _, v := range f["agencies"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Agencies = append(in.Agencies, id)
		}
	}
	for _, v := range f["orgs"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Orgs = append(in.Orgs, id)
		}
	}
	return in
}

func (h *Handler) staffMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := h.Meetings.Create(r.Context(), auth.PrincipalFrom(r.Context()), meetingInputOf(r))
	if err != nil {
		p := h.page(r, "meeting.title_list", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.meetingsPage(w, r, p, route.Status(err), true)
	}
	return redirect(w, r, "/staff/meetings/"+itoa64(id)+"?done=created")
}

// meetingData is one meeting with the convenor's forms.
type meetingData struct {
	M        *meetings.Meeting
	Keep     bool
	Edit     *formView
	Minutes  *formView
	Decision *formView
	Live     string // the id of the decision whose progress form was refused
}

func (h *Handler) staffMeeting(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "meeting.title_list", nil)
	h.notice(p, r, "meeting.done.", "created", "saved", "minutes", "decision", "progress")
	return h.meetingPage(w, r, p, http.StatusOK, "")
}

// meetingPage draws the meeting; live names the form that was refused.
func (h *Handler) meetingPage(w http.ResponseWriter, r *http.Request, p *Page, status int, live string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.Meetings.Get(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	p.Title = m.Title
	d := &meetingData{M: m, Keep: meetings.CanKeep(p.User, m), Live: r.PathValue("decision")}
	if d.Keep {
		if d.Edit, err = h.meetingForm(r, p, "edit", m, live == "edit"); err != nil {
			return err
		}
		d.Minutes = h.formOf(p, "minutes", live == "minutes").text("minutes", "text", "meeting.f.minutes", m.Minutes, "rows=8", "required").done()
		who := []optionView{h.blankOption(p.Lang, "admin.choose")}
		for _, a := range m.Agencies {
			who = append(who, optionView{Value: "agency:" + itoa64(a.ID), Label: a.Name})
		}
		for _, o := range m.Orgs {
			who = append(who, optionView{Value: "org:" + itoa64(o.ID), Label: o.Name})
		}
		who = append(who, optionView{Value: "bureau", Label: h.Catalog.T(p.Lang, "meeting.owner.bureau")})
		for _, c := range h.allTownships() {
			who = append(who, optionView{Value: "township:" + c, Label: h.townshipName(p.Lang, c)})
		}
		d.Decision = h.formOf(p, "decision", live == "decision").
			text("text", "text", "meeting.f.text", "", "rows=2", "required").
			choose("owner", "meeting.f.owner", "", who, "required").
			text("due", "date", "meeting.f.due", "", "required").done()
	}
	if live != "progress" {
		d.Live = ""
	}
	p.Data = d
	return h.render(w, r, status, "staff_meeting", p)
}

func (h *Handler) meetingPost(w http.ResponseWriter, r *http.Request, form, done string, do func(p *tiaojie.Principal, id int64) error) error {
	return h.recordStep(w, r, "meeting.title_list", "/staff/meetings/", h.meetingPage, form, done, do)
}

func (h *Handler) staffMeetingUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.meetingPost(w, r, "edit", "saved", func(p *tiaojie.Principal, id int64) error {
		return h.Meetings.Update(r.Context(), p, id, meetingInputOf(r))
	})
}

func (h *Handler) staffMeetingMinutes(w http.ResponseWriter, r *http.Request) error {
	return h.meetingPost(w, r, "minutes", "minutes", func(p *tiaojie.Principal, id int64) error {
		return h.Meetings.RecordMinutes(r.Context(), p, id, r.PostForm.Get("minutes"))
	})
}

// decisionInputOf reads the decision form; the owner is "kind:id",
// "township:code" or "bureau".
func decisionInputOf(r *http.Request) tiaojie.DecisionInput {
	f := r.PostForm
	in := tiaojie.DecisionInput{Text: f.Get("text"), Due: f.Get("due")}
	kind, rest, _ := strings.Cut(f.Get("owner"), ":")
	in.OwnerKind = tiaojie.DecisionOwnerKind(kind)
	if in.OwnerKind == tiaojie.OwnerTownship {
		in.Township = rest
	} else {
		in.OwnerID, _ = strconv.ParseInt(rest, 10, 64)
	}
	return in
}

func (h *Handler) staffMeetingDecision(w http.ResponseWriter, r *http.Request) error {
	return h.meetingPost(w, r, "decision", "decision", func(p *tiaojie.Principal, id int64) error {
		_, err := h.Meetings.AddDecision(r.Context(), p, id, decisionInputOf(r))
		return err
	})
}

func (h *Handler) staffMeetingProgress(w http.ResponseWriter, r *http.Request) error {
	did, err := strconv.ParseInt(r.PathValue("decision"), 10, 64)
	if err != nil {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return h.meetingPost(w, r, "progress", "progress", func(p *tiaojie.Principal, _ int64) error {
		return h.Meetings.AddProgress(r.Context(), p, did, r.PostForm.Get("note"), r.PostForm.Get("done") == "1")
	})
}
