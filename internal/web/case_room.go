package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/files"
	"tiaojie/internal/room"
	"tiaojie/internal/route"
)

// roomView is the online mediation room on the case page: a channel for
// everyone and the caucus channels (背对背) the member may read, each with
// its latest messages, and the scheduled sessions.
type roomView struct {
	Member      room.Member
	Channels    []roomChannel
	Sessions    []room.Session
	CanSchedule bool
}

// roomChannel is one channel with its messages.
type roomChannel struct {
	Channel  room.Channel
	Label    string
	Hint     string
	Messages []roomMessage
	Unread   int
	CanWrite bool
}

// roomMessage is a message on the page: an attachment has a link, which
// the room checks again when it is followed (roomFile), and its size.
type roomMessage struct {
	room.Message
	FileURL  string
	SizeText string // the attachment's size, "12 KB"
}

// roomMessages makes the messages of the case id ready for the page.
func roomMessages(id int64, msgs []room.Message) []roomMessage {
	out := make([]roomMessage, len(msgs))
	for i, m := range msgs {
		out[i] = roomMessage{Message: m}
		if m.FileKey != "" {
			out[i].FileURL = roomFileURL(id, m.FileKey)
			out[i].SizeText = sizeText(m.FileSize)
		}
	}
	return out
}

// roomFileURL is where the page downloads an attachment.
func roomFileURL(id int64, key string) string {
	return "/cases/" + itoa64(id) + "/room/files/" + url.PathEscape(key)
}

// roomOf builds the room of the case for the caller; nil when they are no
// member (a draft, or a caller who only reads the case through the desk
// before routing).
func (h *Handler) roomOf(r *http.Request, p *Page, v *cases.View) (*roomView, error) {
	if h.Room == nil {
		return nil, nil
	}
	ctx := r.Context()
	pr := auth.PrincipalFrom(ctx)
	m, err := h.Cases.Member(ctx, pr, v.ID)
	if tiaojie.IsKind(err, tiaojie.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rv := &roomView{Member: m, CanSchedule: m.Role == room.Mediator && m.CanPost}
	states, err := h.Room.Channels(ctx, pr, v.ID)
	if err != nil {
		return nil, err
	}
	unread := map[room.Channel]int{}
	for _, st := range states {
		unread[st.Channel] = st.Unread
	}
	for _, ch := range m.Channels() {
		msgs, err := h.Room.History(ctx, pr, v.ID, ch, 0, 50)
		if err != nil {
			return nil, err
		}
		label, hint := h.channelLabel(p, v, m, ch)
		rv.Channels = append(rv.Channels, roomChannel{Channel: ch, Label: label, Hint: hint, Messages: roomMessages(v.ID, msgs),
			Unread: unread[ch], CanWrite: m.CanWrite(ch)})
	}
	if rv.Sessions, err = h.Room.Upcoming(ctx, pr, v.ID); err != nil {
		return nil, err
	}
	return rv, nil
}

// channelLabel names a channel for the member: the caucus with a party is
// "与张三单独沟通" for the mediator, "与调解员单独沟通" for the party.
func (h *Handler) channelLabel(p *Page, v *cases.View, m room.Member, ch room.Channel) (string, string) {
	if ch == room.Main {
		return h.Catalog.T(p.Lang, "room.ch.main"), h.Catalog.T(p.Lang, "room.ch.main_hint")
	}
	if m.Role == room.Party {
		return h.Catalog.T(p.Lang, "room.ch.my_caucus"), h.Catalog.T(p.Lang, "room.ch.caucus_hint")
	}
	name := ch.PartyKey()
	for _, pt := range v.Parties {
		if "p"+itoa64(pt.ID) == ch.PartyKey() {
			name = pt.Name
		}
	}
	return h.Catalog.T(p.Lang, "room.ch.caucus_with", "name", name), h.Catalog.T(p.Lang, "room.ch.caucus_hint")
}

// roomEvents streams the room's new messages (server-sent events).
func (h *Handler) roomEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return h.Room.ServeEvents(w, r, auth.PrincipalFrom(r.Context()), id)
}

// wantsJSON reports whether the page's script posted (it asks for JSON);
// a plain form post gets the page back instead.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// roomPost posts a message to a channel: text, a file, or both. The
// page's form is multipart so that a file goes without JavaScript too;
// the script sends the same form and asks for JSON.
func (h *Handler) roomPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, cleanup, err := roomForm(w, r)
	defer cleanup()
	var m room.Message
	if err == nil {
		ctx, pr := r.Context(), auth.PrincipalFrom(r.Context())
		ch, body := room.Channel(r.PostForm.Get("channel")), r.PostForm.Get("body")
		if up != nil {
			m, err = h.Room.PostFile(ctx, pr, id, ch, body, *up)
		} else {
			m, err = h.Room.Post(ctx, pr, id, ch, body, "")
		}
	}
	if wantsJSON(r) {
		if err != nil {
			return h.roomProblem(w, r, err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		return json.NewEncoder(w).Encode(m)
	}
	if err != nil {
		return h.caseFormError(w, r, id, "room", err)
	}
	return redirect(w, r, "/cases/"+itoa64(id)+"#room")
}

// roomForm reads the room's message form: urlencoded, or multipart with
// an optional "file". up is nil when no file was chosen; the caller must
// call cleanup when done.
func roomForm(w http.ResponseWriter, r *http.Request) (up *files.Upload, cleanup func(), err error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil, func() {}, parseForm(r)
	}
	u, cleanup, err := readUpload(w, r)
	if err != nil && r.MultipartForm != nil && slices.ContainsFunc(route.Fields(err), func(f tiaojie.FieldError) bool {
		return f.Code == "files.empty"
	}) {
		return nil, cleanup, nil // the form was read and holds no file: a text message
	}
	if err != nil {
		return nil, cleanup, err
	}
	return &u, cleanup, nil
}

// roomProblem answers the page's script when a post is refused for what
// it holds (an empty message, a file of the wrong type): the localized
// problem and each field's message, which the script shows by the form
// without reloading the page. Other refusals are the usual error page.
func (h *Handler) roomProblem(w http.ResponseWriter, r *http.Request, err error) error {
	if tiaojie.ErrorKind(err) != tiaojie.Invalid {
		return err
	}
	lang := route.LangFrom(r.Context())
	out := struct {
		Problem string            `json:"problem"`
		Errors  map[string]string `json:"errors"`
	}{Problem: h.problemText(lang, err), Errors: map[string]string{}}
	for _, f := range route.Fields(err) {
		out.Errors[f.Field] = h.Catalog.Tm(lang, f.Code, f.Args)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Language", lang.Tag())
	w.WriteHeader(route.Status(err))
	return json.NewEncoder(w).Encode(out)
}

// roomFile downloads a message's attachment. The room serves it only to
// members who read the channel it was posted in: a file sent in one
// party's caucus is 404 to the other party, even with its link.
func (h *Handler) roomFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, data, err := h.Room.OpenAttachment(r.Context(), auth.PrincipalFrom(r.Context()), id, r.PathValue("key"))
	if err != nil {
		return err
	}
	return sendPrivate(w, m, data, true)
}

// roomRead moves the member's read position in a channel.
func (h *Handler) roomRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	upTo, _ := strconv.ParseInt(r.PostForm.Get("up_to"), 10, 64)
	if err := h.Room.MarkRead(r.Context(), auth.PrincipalFrom(r.Context()), id, room.Channel(r.PostForm.Get("channel")), upTo); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// schedule schedules a mediation session.
func (h *Handler) schedule(r *http.Request, p *tiaojie.Principal, id int64) error {
	f := r.PostForm
	at, err := time.ParseInLocation("2006-01-02T15:04", f.Get("at"), tiaojie.Beijing())
	if err != nil {
		var fe tiaojie.FieldErrors
		fe.Add("at", "case.f.bad_date")
		return fe.Err()
	}
	_, err = h.Room.Schedule(r.Context(), p, id, room.SessionInput{At: at, Mode: room.Mode(f.Get("mode")), Place: f.Get("place"),
		VideoURL: f.Get("video_url"), Note: f.Get("note")})
	return err
}

// sessionsData is a mediator's calendar: the upcoming sessions of their
// open cases.
type sessionsData struct {
	Sessions []room.Session
	Cases    map[int64]cases.Row
}

// staffSessions shows the caller's calendar across the open cases in
// their scope (a mediator's assigned cases, an organization's cases).
func (h *Handler) staffSessions(w http.ResponseWriter, r *http.Request) error {
	pr := auth.PrincipalFrom(r.Context())
	page, err := h.Cases.List(r.Context(), pr, cases.Filter{Limit: 200})
	if err != nil {
		return err
	}
	d := &sessionsData{Cases: map[int64]cases.Row{}}
	var ids []int64
	for _, row := range page.Rows {
		if row.Status.Open() {
			ids = append(ids, row.ID)
			d.Cases[row.ID] = row
		}
	}
	if d.Sessions, err = h.Room.Calendar(r.Context(), pr, ids); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "staff_sessions", h.page(r, "case.sessions.title", d))
}
