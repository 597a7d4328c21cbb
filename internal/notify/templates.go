package notify

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"tiaojie"
	"tiaojie/internal/i18n"
)

// Why the wording lives here, in text/template files, rather than in the
// i18n catalogue or in each caller:
//   - A notice is a few paragraphs with conditions (a deadline or none, one
//     message or several); the catalogue's flat {placeholder} strings
//     cannot say that, and multi-line JSON strings are hard to review.
//   - Every notice has three renderings that must agree (subject, e-mail
//     text, SMS), in two languages; one file per notice and language keeps
//     them side by side, and LoadTemplates refuses a set where a language
//     lacks a notice or a notice lacks a part.
//   - Callers (cases, room, reminders) then only say what happened, with a
//     typed struct, and cannot drift apart in tone or leak content: the room
//     notice, for instance, never carries the messages themselves.
//
// The SMS parts hold no link: carriers filter messages with links unless
// the link is registered, and a link in a text message is what phishing
// looks like. They say "sign in to the platform" instead, and stay within
// one 70-character segment in Chinese for ordinary data.

//go:embed templates
var templateFiles embed.FS

// Message is the content of one kind of notice: CaseInvitation, Reminder or
// RoomMessages. Its unexported method keeps the set closed, so that every
// notice the platform sends has reviewed wording in both languages.
type Message interface {
	template() string
}

// CaseInvitation invites a party to take part in a mediation.
type CaseInvitation struct {
	Name     string    // how to address the person; "" for a neutral greeting
	Org      string    // the mediation organization that accepted the case
	CaseNo   string    // the case number shown to parties
	Deadline time.Time // when the party must answer; zero for none
	Link     string    // where to answer, an absolute URL; "" for none
}

// Reminder reminds a party or mediator of a mediation session.
type Reminder struct {
	Name   string
	Org    string
	CaseNo string
	At     time.Time // when the session starts
	Place  string    // "" for an online session
	Link   string
}

// CaseDeadline warns an organization that a case's time limit falls due
// (to accept it, to reach the respondent, to end the mediation). What is
// the deadline's kind: accept, respondent or mediation.
type CaseDeadline struct {
	Org    string
	CaseNo string
	What   string
	Due    time.Time // the last day
	Link   string
}

// RoomMessages tells a member of a case room who is offline that messages
// are waiting. It carries how many, never what they say: e-mail and SMS
// are not a safe place for what the parties of a dispute tell each other.
type RoomMessages struct {
	Name   string
	CaseNo string
	Count  int
	Link   string
}

func (CaseInvitation) template() string { return "case_invitation" }
func (Reminder) template() string       { return "reminder" }
func (RoomMessages) template() string   { return "room_messages" }
func (CaseDeadline) template() string   { return "case_deadline" }

// ComplaintDeadline warns a complaint's handler (a township office, the
// association, the bureau) that the time to answer it falls due. It names
// the organization complained about, never the complainant.
type ComplaintDeadline struct {
	Number string    // the complaint's number, e.g. "TS-12"
	Org    string    // the organization complained about
	Due    time.Time // the last day
	Link   string
}

func (ComplaintDeadline) template() string { return "complaint_deadline" }

// DisclosureDue reminds an organization of a disclosure it has not filed
// (internal/disclosure): the annual one for Year, or an ad-hoc one the
// bureau required on Subject. Late says the deadline has passed.
type DisclosureDue struct {
	Org     string
	Kind    string // "annual" or "adhoc"
	Year    int
	Subject string
	Due     time.Time // the last day
	Late    bool
	Link    string
}

func (DisclosureDue) template() string { return "disclosure_due" }

// TrainingSession reminds an enrolled mediator of a training session the
// next day (internal/training).
type TrainingSession struct {
	Name   string
	Course string
	At     time.Time // when the session starts
	Place  string    // "" for an online session
	Link   string    // the session's page
}

func (TrainingSession) template() string { return "training_session" }

// messageKinds lists the template of every Message type, so that loading
// checks each one exists.
func messageKinds() []string {
	return []string{CaseInvitation{}.template(), Reminder{}.template(), RoomMessages{}.template(), CaseDeadline{}.template(),
		ComplaintDeadline{}.template(), DisclosureDue{}.template(),
		TrainingSession{}.template(),                                               // training (C11)
		TrainingSessionChanged{}.template(), TrainingSessionCancelled{}.template(), // training.go (C11)
		PlanTaskDue{}.template(),                                     // the rollout plan (C14)
		MeetingDecisionDue{}.template(), ReferralUpdate{}.template(), // partners.go (C12)
		ProcurementReportDue{}.template(), // procurement.go (C9)
		VentureReportDue{}.template(),     // funding.go (C11)
	}
}

// templateParts are the templates each notice file defines.
func templateParts() []string { return []string{"subject", "text", "sms"} }

// Content is a rendered notice: the e-mail subject and text, and the SMS.
type Content struct {
	Subject string
	Text    string
	SMS     string
}

// Notice returns a Notice of this content to one person, under the
// idempotency key key (see Notice.Key). Either address may be "".
func (c Content) Notice(key, email, phone string) Notice {
	return Notice{Key: key, Email: email, Phone: phone, Subject: c.Subject, Text: c.Text, SMS: c.SMS}
}

// Templates holds the parsed notice templates of every language. It is
// read-only after LoadTemplates and safe for concurrent use.
type Templates struct {
	sets map[i18n.Lang]map[string]*template.Template
}

// LoadTemplates parses the embedded templates and checks that each
// language has every notice with every part, so that a gap fails at start
// and in tests rather than when a notice is due.
func LoadTemplates() (*Templates, error) {
	t := &Templates{sets: map[i18n.Lang]map[string]*template.Template{}}
	for _, lang := range i18n.Langs() {
		set, err := loadLangTemplates(lang)
		if err != nil {
			return nil, err
		}
		for _, kind := range messageKinds() {
			if set[kind] == nil {
				return nil, fmt.Errorf("notify: templates/%s has no %s.tmpl", lang, kind)
			}
		}
		t.sets[lang] = set
	}
	return t, nil
}

func loadLangTemplates(lang i18n.Lang) (map[string]*template.Template, error) {
	dir := "templates/" + string(lang)
	paths, err := fs.Glob(templateFiles, dir+"/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	set := map[string]*template.Template{}
	for _, p := range paths {
		name := strings.TrimSuffix(p[len(dir)+1:], ".tmpl")
		if !slices.Contains(messageKinds(), name) {
			return nil, fmt.Errorf("notify: %s is not the template of any notice", p)
		}
		tm, err := template.New(name).Funcs(templateFuncs(lang)).ParseFS(templateFiles, p)
		if err != nil {
			return nil, fmt.Errorf("notify: %w", err)
		}
		for _, part := range templateParts() {
			if tm.Lookup(part) == nil {
				return nil, fmt.Errorf("notify: %s does not define %q", p, part)
			}
		}
		set[name] = tm
	}
	return set, nil
}

// templateFuncs formats times in Beijing time, the way each language writes
// them: datetime in full, time without the year (for an SMS, where every
// character counts), date alone. English says which zone, since a reader
// abroad would otherwise take the time as theirs.
func templateFuncs(lang i18n.Lang) template.FuncMap {
	layouts := map[string]string{"datetime": "2006年1月2日 15:04", "time": "1月2日 15:04", "date": "1月2日"}
	if lang == i18n.En {
		layouts = map[string]string{"datetime": "2 Jan 2006 15:04 (Beijing time)", "time": "2 Jan 15:04 (Beijing time)", "date": "2 Jan"}
	}
	funcs := template.FuncMap{}
	for name, layout := range layouts {
		funcs[name] = func(t time.Time) string { return t.In(tiaojie.Beijing()).Format(layout) }
	}
	return funcs
}

// Render renders m in lang; an unsupported language falls back to Chinese.
func (t *Templates) Render(lang i18n.Lang, m Message) (Content, error) {
	set, ok := t.sets[lang]
	if !ok {
		set = t.sets[i18n.Zh]
	}
	tm := set[m.template()]
	var parts [3]string
	for i, part := range templateParts() {
		var b strings.Builder
		if err := tm.ExecuteTemplate(&b, part, m); err != nil {
			return Content{}, tiaojie.Internalf("notify: render %s/%s: %w", m.template(), part, err)
		}
		parts[i] = b.String()
	}
	return Content{Subject: oneLine(parts[0]), Text: tidyText(parts[1]), SMS: oneLine(parts[2])}, nil
}

// tidyText trims a rendered body and squeezes the blank lines that optional
// sections leave behind into one.
func tidyText(s string) string {
	blank := regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
	return strings.TrimSpace(blank.ReplaceAllString(s, "\n\n")) + "\n"
}
