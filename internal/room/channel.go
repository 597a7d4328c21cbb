package room

import (
	"slices"
	"strings"

	"tiaojie"
)

// Channel names a conversation in the room: Main, seen by every member,
// or a caucus "caucus:<partyKey>" between the mediators and one party.
type Channel string

// Main is the channel every member of the case reads.
const Main Channel = "main"

const caucusPrefix = "caucus:"

// Caucus returns the caucus channel of the party with the key.
func Caucus(partyKey string) Channel { return Channel(caucusPrefix + partyKey) }

// PartyKey returns the party of a caucus channel, or "" for Main.
func (c Channel) PartyKey() string {
	k, ok := strings.CutPrefix(string(c), caucusPrefix)
	if !ok {
		return ""
	}
	return k
}

// Valid reports whether c is Main or the caucus of a well-formed party key.
// Front doors pass the channel the client named; Post and History refuse
// anything else as Invalid.
func (c Channel) Valid() bool { return c == Main || validPartyKey(c.PartyKey()) }

// validPartyKey accepts 1–32 of a–z, 0–9, _ and -, starting with a letter
// or digit: keys end up in channel names, URLs and audit details.
func validPartyKey(k string) bool {
	if k == "" || len(k) > 32 || k[0] == '_' || k[0] == '-' {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// check refuses a Member the case service should not have produced; it is
// a bug on that side, so the error is Internal.
func (m Member) check() error {
	switch m.Role {
	case Mediator:
		for _, k := range m.Parties {
			if !validPartyKey(k) {
				return tiaojie.Internalf("room: mediator's party key %q is malformed", k)
			}
		}
	case Party:
		if !validPartyKey(m.PartyKey) {
			return tiaojie.Internalf("room: party key %q is malformed", m.PartyKey)
		}
	case Observer:
	default:
		return tiaojie.Internalf("room: unknown member role %q", m.Role)
	}
	if strings.TrimSpace(m.Name) == "" {
		return tiaojie.Internalf("room: member without a display name")
	}
	return nil
}

// Channels returns the channels the member reads: Main first, then the
// caucuses (a mediator's in the order of Parties, without repeats).
func (m Member) Channels() []Channel {
	out := []Channel{Main}
	switch m.Role {
	case Mediator:
		for _, k := range m.Parties {
			if c := Caucus(k); !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	case Party:
		out = append(out, Caucus(m.PartyKey))
	}
	return out
}

// CanRead reports whether the member may read the channel. This one test
// guards history, unread counts and the live stream alike.
func (m Member) CanRead(c Channel) bool {
	switch {
	case c == Main:
		return true
	case m.Role == Party:
		return c.PartyKey() == m.PartyKey && m.PartyKey != ""
	case m.Role == Mediator:
		return slices.Contains(m.Parties, c.PartyKey())
	}
	return false
}

// CanWrite reports whether the member may post in the channel.
func (m Member) CanWrite(c Channel) bool {
	return m.CanPost && m.Role != Observer && m.CanRead(c)
}
