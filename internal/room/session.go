package room

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// Mode is how a scheduled session is held.
type Mode string

// The modes of a session.
const (
	Online Mode = "online"  // in this room, in writing
	OnSite Mode = "on_site" // in person, at Place
	Video  Mode = "video"   // on a video call at VideoURL
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == Online || m == OnSite || m == Video }

// Limits on a session's fields, in characters.
const (
	maxPlace = 200
	maxURL   = 500
	maxNote  = 1000
)

// SessionGrace is how long after its start a session still counts as
// upcoming: a member opening the room ten minutes late still finds the
// address or the video link.
const SessionGrace = 3 * time.Hour

// SessionInput is what a mediator fills in to schedule a session.
type SessionInput struct {
	At       time.Time
	Mode     Mode
	Place    string // OnSite: required
	VideoURL string // Video: required, https
	Note     string
}

// Session is a scheduled mediation session of a case.
type Session struct {
	ID            int64     `json:"id"`
	CaseID        int64     `json:"case_id"`
	At            time.Time `json:"at"`
	Mode          Mode      `json:"mode"`
	Place         string    `json:"place,omitempty"`
	VideoURL      string    `json:"video_url,omitempty"`
	Note          string    `json:"note,omitempty"`
	CreatedBy     int64     `json:"created_by"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

// Schedule adds a session to the case. Only a mediator of the case who may
// post does it: the parties agree times with the mediator in the room, and
// the mediator's schedule is the one that counts. Audited as
// "room.schedule"; the SessionNotifier, if any, hears of it after commit.
func (s *Service) Schedule(ctx context.Context, p *tiaojie.Principal, caseID int64, in SessionInput) (Session, error) {
	const action = "room.schedule"
	m, err := s.mediator(ctx, p, caseID, action)
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	in, err = s.checkSession(in, now)
	if err != nil {
		return Session{}, err
	}
	ss := Session{CaseID: caseID, At: in.At, Mode: in.Mode, Place: in.Place, VideoURL: in.VideoURL, Note: in.Note,
		CreatedBy: p.UserID, CreatedByName: m.Name, CreatedAt: now}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO room_sessions (case_id, starts_at, mode, place, video_url, note, created_by, created_by_name, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			RETURNING id`,
			ss.CaseID, ss.At, string(ss.Mode), ss.Place, ss.VideoURL, ss.Note, ss.CreatedBy, ss.CreatedByName, ss.CreatedAt).Scan(&ss.ID)
		if err != nil {
			return fmt.Errorf("room: insert session: %w", err)
		}
		ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID), Detail: map[string]string{
			"session": itoa(ss.ID), "mode": string(ss.Mode), "at": ss.At.Format(time.RFC3339)}}
		return s.audit.Record(ctx, tx, p, ev)
	})
	if err != nil {
		return Session{}, err
	}
	if sn, ok := s.notify.(SessionNotifier); ok {
		sn.OnScheduled(context.WithoutCancel(ctx), ss)
	}
	return ss, nil
}

// mediator lets through a mediator of the case who may post.
func (s *Service) mediator(ctx context.Context, p *tiaojie.Principal, caseID int64, action string) (Member, error) {
	m, err := s.member(ctx, p, caseID, action)
	if err != nil {
		return Member{}, err
	}
	if m.Role != Mediator {
		return Member{}, s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.Forbidden, "room.mediator_only"), "role", string(m.Role))
	}
	if !m.CanPost {
		return Member{}, s.deny(ctx, p, action, caseID, tiaojie.E(tiaojie.Forbidden, "room.read_only"), "role", string(m.Role))
	}
	return m, nil
}

// checkSession validates and normalizes a session: a time in the future
// (within a year), a known mode, and the place or link that mode needs.
// Fields the mode does not use are cleared rather than refused, so that a
// form that switched modes does not trip over a hidden field.
func (s *Service) checkSession(in SessionInput, now time.Time) (SessionInput, error) {
	var fe tiaojie.FieldErrors
	in.At = in.At.UTC().Truncate(time.Microsecond)
	if in.At.IsZero() || !in.At.After(now) || in.At.After(now.AddDate(1, 0, 0)) {
		fe.Add("at", "room.session_at")
	}
	in.Place = strings.TrimSpace(in.Place)
	in.VideoURL = strings.TrimSpace(in.VideoURL)
	in.Note = strings.TrimSpace(in.Note)
	switch in.Mode {
	case Online:
		in.Place, in.VideoURL = "", ""
	case OnSite:
		in.VideoURL = ""
		if n := utf8.RuneCountInString(in.Place); n == 0 || n > maxPlace {
			fe.Add("place", "room.session_place", "max", strconv.Itoa(maxPlace))
		}
	case Video:
		in.Place = ""
		if u, err := url.Parse(in.VideoURL); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(in.VideoURL) > maxURL {
			fe.Add("video_url", "room.session_url")
		}
	default:
		fe.Add("mode", "room.session_mode")
	}
	if utf8.RuneCountInString(in.Note) > maxNote {
		fe.Add("note", "room.session_note", "max", strconv.Itoa(maxNote))
	}
	return in, fe.Err()
}

// Upcoming returns the case's sessions that are not cancelled and started
// at most SessionGrace ago, soonest first. Every member sees them.
func (s *Service) Upcoming(ctx context.Context, p *tiaojie.Principal, caseID int64) ([]Session, error) {
	if _, err := s.member(ctx, p, caseID, "room.sessions"); err != nil {
		return nil, err
	}
	return s.upcoming(ctx, []int64{caseID})
}

// Calendar returns the upcoming sessions of the cases p is a member of
// among caseIDs (a mediator's calendar across their cases), soonest
// first. Cases p is no member of are left out without a word.
func (s *Service) Calendar(ctx context.Context, p *tiaojie.Principal, caseIDs []int64) ([]Session, error) {
	var mine []int64
	for _, id := range caseIDs {
		if _, err := s.access.Member(ctx, p, id); err == nil {
			mine = append(mine, id)
		} else if !tiaojie.IsKind(err, tiaojie.NotFound) {
			return nil, err
		}
	}
	if len(mine) == 0 {
		return nil, nil
	}
	return s.upcoming(ctx, mine)
}

// upcoming reads the sessions of the cases that have not started more
// than SessionGrace ago.
func (s *Service) upcoming(ctx context.Context, caseIDs []int64) ([]Session, error) {
	w := &db.Where{}
	w.Add("case_id IN (" + db.In(w, caseIDs) + ")")
	w.Add("cancelled_at IS NULL")
	w.Add("starts_at >= " + w.Arg(s.now().Add(-SessionGrace)))
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT id, case_id, starts_at, mode, place, video_url, note, created_by, created_by_name, created_at
		FROM room_sessions WHERE `+w.String()+` ORDER BY starts_at, id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("room: sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var ss Session
		var mode string
		if err := rows.Scan(&ss.ID, &ss.CaseID, &ss.At, &mode, &ss.Place, &ss.VideoURL, &ss.Note,
			&ss.CreatedBy, &ss.CreatedByName, &ss.CreatedAt); err != nil {
			return nil, fmt.Errorf("room: scan session: %w", err)
		}
		ss.Mode, ss.At, ss.CreatedAt = Mode(mode), ss.At.UTC(), ss.CreatedAt.UTC()
		out = append(out, ss)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("room: sessions: %w", err)
	}
	return out, nil
}

// CancelSession cancels a session of the case; the row stays, as part of
// the case's record. Only a mediator who may post does it. Audited as
// "room.cancel_session".
func (s *Service) CancelSession(ctx context.Context, p *tiaojie.Principal, caseID, sessionID int64) error {
	const action = "room.cancel_session"
	if _, err := s.mediator(ctx, p, caseID, action); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE room_sessions SET cancelled_at = $3
			WHERE id = $1 AND case_id = $2 AND cancelled_at IS NULL`, sessionID, caseID, s.now())
		if err != nil {
			return fmt.Errorf("room: cancel session: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		ev := audit.Event{Action: action, ObjectType: "case", ObjectID: itoa(caseID),
			Detail: map[string]string{"session": itoa(sessionID)}}
		return s.audit.Record(ctx, tx, p, ev)
	})
}
