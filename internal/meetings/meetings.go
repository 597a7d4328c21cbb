// Package meetings keeps the joint meetings (座谈会、联席会, SPEC C12) the
// bureau or a township office holds with partner agencies and mediation
// organizations: who took part, the agenda, the minutes, and the decisions,
// each with an owner and a due date, followed up with progress notes to
// completion. Decisions due within three days or overdue are reminded
// through the job runner (Sweep).
//
// Who sees what. The bureau (meetings.manage, district-wide) sees and
// keeps all meetings; a township office (meetings.manage in its township)
// those it convened. A partner sees the meetings its agency took part in
// or owns a decision of, and may add progress notes to the decisions its
// agency owns; an organization's admin likewise for its organization.
// Anyone else finds nothing (NotFound, so that ids do not leak).
package meetings

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Notifier queues notices in the caller's transaction (notify.Notifier).
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Log      *slog.Logger
	Notifier Notifier    // nil: reminders are only flagged on the pages
	Sealer   *pii.Sealer // opens the owners' phone numbers for reminders
	BaseURL  string      // for links in reminders
}

// Service keeps the meetings.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	notifier Notifier
	sealer   *pii.Sealer
	baseURL  string
}

// New returns a Service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, clock: d.Clock, notifier: d.Notifier, sealer: d.Sealer, baseURL: d.BaseURL}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// Now is the service's clock, for pages that flag overdue decisions.
func (s *Service) Now() time.Time { return s.clock.Now() }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, "meeting", audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "meeting", ObjectID: itoa(id), Detail: detail})
}

func forbidden() error {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(tiaojie.PermMeetings)})
}

// district reports whether p keeps every meeting (the bureau).
func district(p *tiaojie.Principal) bool {
	return p.Can(tiaojie.PermMeetings) && p.Has(tiaojie.RoleBureau)
}

// convenes reports whether p may keep a meeting convened by township ("":
// the bureau).
func convenes(p *tiaojie.Principal, township string) bool {
	if !p.Can(tiaojie.PermMeetings) {
		return false
	}
	return district(p) || township != "" && slices.Contains(p.Townships(), township)
}

// Create records a meeting to be held. A township office convenes in its
// own township; the bureau for the district ("") or any township.
func (s *Service) Create(ctx context.Context, p *tiaojie.Principal, in tiaojie.MeetingInput) (int64, error) {
	if !convenes(p, in.Township) {
		return 0, s.settle(ctx, p, "meeting.create", 0, forbidden())
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := participantsExist(ctx, tx, in); err != nil {
			return err
		}
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO meetings (kind, title, held_at, place, township, agenda, people, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			in.Kind, in.Title, in.At.UTC(), in.Place, in.Township, in.Agenda, in.People, max(p.UserID, 0), now).Scan(&id)
		if err != nil {
			return err
		}
		if err := setParticipants(ctx, tx, id, in); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "meeting.create", id, map[string]string{"kind": string(in.Kind), "title": in.Title})
	})
	return id, err
}

// Update changes a meeting's details and participants. The convening
// office may not be changed to one the caller does not keep.
func (s *Service) Update(ctx context.Context, p *tiaojie.Principal, id int64, in tiaojie.MeetingInput) error {
	in.Normalize()
	return s.settle(ctx, p, "meeting.update", id, s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.keep(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !convenes(p, in.Township) {
			return forbidden()
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if err := participantsExist(ctx, tx, in); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE meetings SET kind = $1, title = $2, held_at = $3, place = $4, township = $5, agenda = $6, people = $7, updated_at = $8
			WHERE id = $9`, in.Kind, in.Title, in.At.UTC(), in.Place, in.Township, in.Agenda, in.People, s.now(), m.ID)
		if err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM meeting_agencies WHERE meeting_id = $1`, `DELETE FROM meeting_orgs WHERE meeting_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		if err := setParticipants(ctx, tx, id, in); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "meeting.update", id, map[string]string{"title": in.Title})
	}))
}

// keep loads a meeting for a change by its convenor: others who may see it
// are refused (a Refusal the caller settles after its transaction), others
// find nothing.
func (s *Service) keep(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64) (*Meeting, error) {
	m, err := s.meeting(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if convenes(p, m.Township) {
		return m, nil
	}
	if ok, err := s.sees(ctx, tx, p, id); err != nil || !ok {
		return nil, cmpErr(err, tiaojie.E(tiaojie.NotFound, "error.not_found"))
	}
	return nil, forbidden()
}

func cmpErr(err, or error) error {
	if err != nil {
		return err
	}
	return or
}

func participantsExist(ctx context.Context, tx *db.Tx, in tiaojie.MeetingInput) error {
	var fe tiaojie.FieldErrors
	for _, c := range []struct {
		table, field string
		ids          []int64
	}{{"agencies", "agencies", in.Agencies}, {"orgs", "orgs", in.Orgs}} {
		if len(c.ids) == 0 {
			continue
		}
		var w db.Where
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+c.table+` WHERE id IN (`+db.In(&w, c.ids)+`)`, w.Args()...).Scan(&n); err != nil {
			return err
		}
		if n != len(c.ids) {
			fe.Add(c.field, "meeting.participant_unknown")
		}
	}
	return fe.Err()
}

func setParticipants(ctx context.Context, tx *db.Tx, id int64, in tiaojie.MeetingInput) error {
	for _, a := range in.Agencies {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_agencies (meeting_id, agency_id) VALUES ($1, $2)`, id, a); err != nil {
			return err
		}
	}
	for _, o := range in.Orgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_orgs (meeting_id, org_id) VALUES ($1, $2)`, id, o); err != nil {
			return err
		}
	}
	return nil
}

// RecordMinutes records (or corrects) the minutes of a meeting, on or
// after the meeting's day.
func (s *Service) RecordMinutes(ctx context.Context, p *tiaojie.Principal, id int64, minutes string) error {
	return s.settle(ctx, p, "meeting.minutes", id, s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.keep(ctx, tx, p, id)
		if err != nil {
			return err
		}
		now := s.now()
		if err := tiaojie.ValidateMinutes(minutes, m.At, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET minutes = $1, minutes_at = $2, updated_at = $2 WHERE id = $3`,
			minutes, now, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "meeting.minutes", id, nil)
	}))
}

// AddDecision records a decision of a held meeting with its owner and due
// date.
func (s *Service) AddDecision(ctx context.Context, p *tiaojie.Principal, id int64, in tiaojie.DecisionInput) (int64, error) {
	var did int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.keep(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if !tiaojie.MeetingHeld(m.At, s.now()) {
			return tiaojie.E(tiaojie.Conflict, "meeting.decision_early")
		}
		if err := ownerExists(ctx, tx, in); err != nil {
			return err
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `
			INSERT INTO meeting_decisions (meeting_id, text, owner_kind, owner_id, township, due_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			id, in.Text, in.OwnerKind, in.OwnerID, in.Township, in.Due, now).Scan(&did)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "meeting.decision_add", id, map[string]string{"decision": itoa(did),
			"owner": string(in.OwnerKind), "due": in.Due})
	})
	return did, s.settle(ctx, p, "meeting.decision_add", id, err)
}

func ownerExists(ctx context.Context, tx *db.Tx, in tiaojie.DecisionInput) error {
	table := map[tiaojie.DecisionOwnerKind]string{tiaojie.OwnerAgency: "agencies", tiaojie.OwnerOrg: "orgs"}[in.OwnerKind]
	if table == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = $1`, in.OwnerID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		var fe tiaojie.FieldErrors
		fe.Add("owner", "meeting.decision_owner")
		return fe.Err()
	}
	return nil
}

// AddProgress adds a progress note to an open decision; done closes it
// with the note. The convenor may, and so may the decision's owner (a
// partner of the owning agency, an admin of the owning organization, the
// owning township office).
func (s *Service) AddProgress(ctx context.Context, p *tiaojie.Principal, decisionID int64, note string, done bool) error {
	action := "meeting.progress"
	if done {
		action = "meeting.decision_done"
	}
	var meetingID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := s.decision(ctx, tx, decisionID)
		if err != nil {
			return err
		}
		meetingID = d.MeetingID
		m, err := s.meeting(ctx, tx, d.MeetingID)
		if err != nil {
			return err
		}
		ok := convenes(p, m.Township)
		if !ok {
			if ok, err = s.owns(ctx, tx, p, d); err != nil {
				return err
			}
		}
		if !ok {
			if sees, err := s.sees(ctx, tx, p, m.ID); err != nil || !sees {
				return cmpErr(err, tiaojie.E(tiaojie.NotFound, "error.not_found"))
			}
			return forbidden()
		}
		if d.Done {
			return tiaojie.E(tiaojie.Conflict, "meeting.decision_closed")
		}
		if err := tiaojie.ValidateProgress(note); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_progress (decision_id, note, by_user, at) VALUES ($1, $2, $3, $4)`,
			decisionID, note, max(p.UserID, 0), now); err != nil {
			return err
		}
		if done {
			res, err := tx.ExecContext(ctx, `UPDATE meeting_decisions SET status = 'done', done_note = $1, done_at = $2, updated_at = $2
				WHERE id = $3 AND status = 'open'`, note, now, decisionID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return tiaojie.E(tiaojie.Conflict, "meeting.decision_closed")
			}
		}
		return s.record(ctx, tx, p, action, m.ID, map[string]string{"decision": itoa(decisionID)})
	})
	return s.settle(ctx, p, action, meetingID, err)
}

// owns reports whether p acts for the owner of decision d.
func (s *Service) owns(ctx context.Context, q db.Queryer, p *tiaojie.Principal, d *Decision) (bool, error) {
	switch d.OwnerKind {
	case tiaojie.OwnerAgency:
		if !p.Has(tiaojie.RolePartner) {
			return false, nil
		}
		var n int
		err := q.QueryRowContext(ctx, `SELECT count(*) FROM agency_members am JOIN agencies a ON a.id = am.agency_id
			WHERE am.agency_id = $1 AND am.user_id = $2 AND a.active`, d.OwnerID, p.UserID).Scan(&n)
		return n > 0, err
	case tiaojie.OwnerOrg:
		return slices.Contains(p.AdminOrgIDs(), d.OwnerID), nil
	case tiaojie.OwnerTownship:
		return p.Can(tiaojie.PermMeetings) && slices.Contains(p.Townships(), d.Township), nil
	case tiaojie.OwnerBureau:
		return district(p), nil
	}
	return false, nil
}
