// Package agreement renders a mediation agreement (调解协议书) as a PDF in
// Chinese, with the contents 人民调解法 Art. 29 lists: the parties'
// particulars, the main facts, the issues and each party's responsibility,
// what was agreed and how and by when it is performed, followed by the
// statutory sentences on when it takes effect (Art. 29), how many copies
// there are, and the 30 days for judicial confirmation (Art. 33).
//
// The input is a plain Agreement value, so that the case service fills it
// from a case and this package knows nothing of storage. Text is set with a
// line breaker of its own that obeys the Chinese rules on punctuation at
// line ends (避头尾), which gopdf's MultiCell does not.
//
// It uses github.com/signintech/gopdf, which needs a TrueType CJK font on
// the server: LoadFonts finds one (Debian: fonts-lxgw-wenkai or
// fonts-wqy-microhei) and reads font collections (.ttc) too.
package agreement

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says which kind of organization mediated, which decides the title and
// the wording: people's mediation committees issue a 人民调解协议书 and are
// bound by 人民调解法; commercial and other mediation organizations issue a
// plain 调解协议书.
type Kind uint8

// The kinds of agreement. The zero value is people's mediation, the common
// case on the platform.
const (
	People     Kind = iota // 人民调解委员会
	Commercial             // 商事调解组织 and other mediation organizations
)

// Agreement is everything printed on a mediation agreement. Empty optional
// fields are left out of the document rather than printed blank.
type Agreement struct {
	Kind Kind
	// Oral marks a record of an oral agreement (人民调解法 Art. 28): the
	// title becomes 口头调解协议记录 and it takes effect when the parties
	// agree (Art. 30) rather than on signature.
	Oral bool

	Number  string // 协议编号 or 卷号, e.g. （2026）崇人调字第12号
	OrgName string // the mediation organization, printed above the seal
	OrgSeal string // text in the seal box; OrgName when empty
	// SealImage is the organization's seal (PNG or JPEG) as applied to the
	// agreement; without it a marked placeholder shows where it goes.
	SealImage []byte

	Parties []Party

	Facts            string   // 纠纷的主要事实; line breaks separate paragraphs
	Issues           string   // 争议事项
	Responsibilities string   // 各方当事人的责任 (optional)
	Terms            []string // 达成协议的内容, numbered in order

	Performance string // 履行方式
	// PerformBy is the time limit for performance as text (本协议生效之日起
	// 十日内); PerformDeadline, when set, is a date printed as 于…前.
	PerformBy       string
	PerformDeadline time.Time

	Mediator string // 调解员
	// MediatorSigned is when the mediator signed on the platform; zero
	// leaves a line to sign on.
	MediatorSigned time.Time
	Recorder       string // 记录人 (optional)
	Date           time.Time
	Place          string // 调解地点 (optional)

	// Copies is the number of originals; zero means one per party (agents
	// excluded) and one kept by the organization, as Art. 29 provides. More
	// are kept by the organization (for a court, say); fewer are invalid.
	Copies int
	// Confirmations are the parties' online confirmations, matched to
	// parties by name and role and printed in the signature block.
	Confirmations []Confirmation
}

// Party is a party to the dispute or an agent acting for one. A natural
// person has the personal particulars; an organization has a USCC and a
// representative (IsOrg tells which). Identity and phone numbers must
// arrive masked: the document is handed to every party, and each should not
// learn the others' full numbers.
type Party struct {
	Role string // 申请人, 被申请人, 当事人, 委托代理人, 法定代理人 …
	Name string

	Gender     string    // 男 / 女
	Ethnicity  string    // 民族, e.g. 汉族
	BirthDate  time.Time // printed as …出生; preferred over Age
	Age        int
	Occupation string // 职业或职务

	IDNumberMasked string
	PhoneMasked    string
	Address        string // 住址, or 住所 for an organization

	IsOrg          bool
	USCC           string // 统一社会信用代码
	Representative string // 法定代表人 or 负责人
}

// Confirmation is a party's confirmation of the agreement, recorded by the
// platform (for example after face recognition), printed where the party
// would otherwise sign by hand.
type Confirmation struct {
	Name   string
	Role   string // optional; disambiguates two parties of the same name
	At     time.Time
	Method string // 在线确认 when empty
}

// isAgent reports whether a role is an agent's rather than a party's:
// agents act for a party and get no copy of their own.
func isAgent(role string) bool { return strings.Contains(role, "代理人") }

// principals counts the parties proper, agents excluded.
func (a Agreement) principals() int {
	n := 0
	for _, p := range a.Parties {
		if !isAgent(p.Role) {
			n++
		}
	}
	return n
}

// copies returns the number of originals to state.
func (a Agreement) copies() int {
	if a.Copies > 0 {
		return a.Copies
	}
	return a.principals() + 1
}

// confirmation returns the confirmation of party p, if any.
func (a Agreement) confirmation(p Party) (Confirmation, bool) {
	for _, c := range a.Confirmations {
		if c.Name == p.Name && (c.Role == "" || c.Role == p.Role) {
			return c, true
		}
	}
	return Confirmation{}, false
}

// Validate reports what an agreement lacks before it can be printed: the
// organization, at least two parties each with a role and a name, the facts,
// at least one term, the mediator and the date. The case service should
// check its own input (with messages for the mediator) before it gets here;
// an error from Validate is therefore a bug, and reported as one.
func (a Agreement) Validate() error {
	var errs []string
	need := func(ok bool, what string) {
		if !ok {
			errs = append(errs, what)
		}
	}
	need(strings.TrimSpace(a.OrgName) != "", "no organization name")
	need(a.principals() >= 2, "fewer than two parties")
	for i, p := range a.Parties {
		need(strings.TrimSpace(p.Role) != "" && strings.TrimSpace(p.Name) != "",
			fmt.Sprintf("party %d has no role or name", i+1))
	}
	need(strings.TrimSpace(a.Facts) != "", "no facts")
	need(len(a.Terms) > 0, "no terms")
	for i, t := range a.Terms {
		need(strings.TrimSpace(t) != "", fmt.Sprintf("term %d is empty", i+1))
	}
	need(strings.TrimSpace(a.Mediator) != "", "no mediator")
	need(!a.Date.IsZero(), "no date")
	need(a.Copies == 0 || a.Copies > a.principals(), "fewer copies than parties plus one")
	need(utf8.ValidString(a.text()), "text is not valid UTF-8")
	if len(errs) > 0 {
		return fmt.Errorf("agreement: incomplete: %s", strings.Join(errs, "; "))
	}
	return nil
}

// text returns all the free text of the agreement, for checks that apply to
// every character (encoding, glyphs in the font).
func (a Agreement) text() string {
	var b strings.Builder
	add := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	add(a.Number, a.OrgName, a.OrgSeal, a.Facts, a.Issues, a.Responsibilities,
		a.Performance, a.PerformBy, a.Mediator, a.Recorder, a.Place)
	add(a.Terms...)
	for _, p := range a.Parties {
		add(p.Role, p.Name, p.Gender, p.Ethnicity, p.Occupation, p.IDNumberMasked,
			p.PhoneMasked, p.Address, p.USCC, p.Representative)
	}
	for _, c := range a.Confirmations {
		add(c.Method)
	}
	return b.String()
}
