package disclosure

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/settings"
)

// Start opens the annual disclosure of an organization for year and
// returns the id of its draft: a new chain, the draft already open, or a
// correction (a new version copying the latest filed one). Only the
// organization's own admin may; the year must have ended.
func (s *Service) Start(ctx context.Context, p *tiaojie.Principal, orgID int64, year int) (int64, error) {
	if !filer(p, orgID) {
		err := error(forbidden(tiaojie.PermDisclosure))
		if p.Can(tiaojie.PermDisclosure) {
			err = notFound() // an admin of another organization
		}
		return 0, s.settle(ctx, p, "disclosure.start", "org", orgID, err)
	}
	if year < earliestYear || year > tiaojie.DisclosureYear(s.now()) {
		var fe tiaojie.FieldErrors
		fe.Add("year", "disclosure.year", "max", strconv.Itoa(tiaojie.DisclosureYear(s.now())))
		return 0, fe.Err()
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := loadOrg(ctx, tx, orgID)
		if err != nil {
			return err
		}
		chain, err := annualChain(ctx, tx, orgID, year)
		if err != nil {
			return err
		}
		if chain > 0 {
			id, err = s.correctTx(ctx, tx, p, chain)
			return err
		}
		pol, err := settings.Load(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		d := &Disclosure{OrgID: o.ID, Year: year, Kind: tiaojie.DisclosureAnnual, Version: 1, DueAt: pol.DisclosureDueFor(year)}
		if id, err = insert(ctx, tx, d, max(p.UserID, 0), now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "disclosure.start", "disclosure", id, map[string]string{"org": itoa(orgID), "year": strconv.Itoa(year)})
	})
	return id, err
}

// Correct starts a new version of a filed disclosure (the newest of its
// chain) and returns the draft's id; when a draft of the chain is already
// open, its id.
func (s *Service) Correct(ctx context.Context, p *tiaojie.Principal, id int64) (int64, error) {
	var newID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !filer(p, d.OrgID) {
			return notFound()
		}
		if _, err := tiaojie.NextDisclosureStatus(d.Status, tiaojie.DisclosureCorrect, !d.Superseded()); err != nil {
			return err
		}
		newID, err = s.correctTx(ctx, tx, p, d.ChainID)
		return err
	})
	return newID, s.settle(ctx, p, "disclosure.correct", "disclosure", id, err)
}

// correctTx returns the open draft of a chain, or opens one copying its
// newest filed version.
func (s *Service) correctTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, chain int64) (int64, error) {
	last, err := newest(ctx, tx, chain)
	if err != nil {
		return 0, err
	}
	if last.Status == tiaojie.DisclosureDraft {
		return last.ID, nil
	}
	next := *last
	next.Version++
	id, err := insert(ctx, tx, &next, max(p.UserID, 0), s.now())
	if err != nil {
		return 0, err
	}
	return id, s.record(ctx, tx, p, "disclosure.correct", "disclosure", id, map[string]string{
		"org": itoa(last.OrgID), "chain": itoa(chain), "version": strconv.Itoa(next.Version)})
}

// Save changes a draft. Only the organization's own admin may; a filed
// version is never changed (Conflict "disclosure.not_draft").
func (s *Service) Save(ctx context.Context, p *tiaojie.Principal, id int64, in Input) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !filer(p, d.OrgID) {
			return notFound()
		}
		if _, err := tiaojie.NextDisclosureStatus(d.Status, tiaojie.DisclosureSave, true); err != nil {
			return err
		}
		if err := in.validate(); err != nil {
			return err
		}
		if err := update(ctx, tx, id, in, s.now()); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "disclosure.save", "disclosure", id, map[string]string{"org": itoa(d.OrgID)})
	})
	return s.settle(ctx, p, "disclosure.save", "disclosure", id, err)
}

// File publishes a draft: the case figures and the records on file are
// frozen into it, the version it corrects is marked superseded, and an
// organization marked abnormal that now has nothing left overdue loses
// the mark. Required sections must be filled.
func (s *Service) File(ctx context.Context, p *tiaojie.Principal, id int64) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !filer(p, d.OrgID) {
			return notFound()
		}
		if _, err := tiaojie.NextDisclosureStatus(d.Status, tiaojie.DisclosureFile, true); err != nil {
			return err
		}
		if err := complete(d); err != nil {
			return err
		}
		now := s.now()
		if err := s.freeze(ctx, tx, d, max(p.UserID, 0), now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE disclosures SET superseded_at = $1
			WHERE chain_id = $2 AND status = 'filed' AND superseded_at IS NULL AND id <> $3`, now, d.ChainID, id); err != nil {
			return err
		}
		err = s.record(ctx, tx, p, "disclosure.file", "disclosure", id, map[string]string{
			"org": itoa(d.OrgID), "kind": string(d.Kind), "year": strconv.Itoa(d.Year), "version": strconv.Itoa(d.Version)})
		if err != nil {
			return err
		}
		return s.clearAbnormal(ctx, tx, p, d.OrgID, now)
	})
	return s.settle(ctx, p, "disclosure.file", "disclosure", id, err)
}

// freeze files the draft with the case figures and the records of its
// year as they stand now.
func (s *Service) freeze(ctx context.Context, tx *db.Tx, d *Disclosure, by int64, now time.Time) error {
	figures, records := []byte(""), []byte("")
	if d.Kind == tiaojie.DisclosureAnnual {
		f, err := caseFigures(ctx, tx, d.OrgID, d.Year)
		if err != nil {
			return err
		}
		recs := []Record{}
		if s.records != nil {
			if recs, err = s.records.RecordsFor(ctx, tx, d.OrgID, d.Year); err != nil {
				return err
			}
		}
		if figures, err = json.Marshal(f); err != nil {
			return err
		}
		if records, err = json.Marshal(recs); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE disclosures SET status = 'filed', filed_at = $1, filed_by = $2,
		case_figures = $3, records = $4, updated_at = $1 WHERE id = $5 AND status = 'draft'`,
		now, by, string(figures), string(records), d.ID)
	return err
}

// RequireAdhoc asks an organization for an ad-hoc disclosure of a major
// change (重大事项): the bureau, or a township office for an organization
// of its township, names the subject and the due day. It returns the id
// of the draft the organization fills.
func (s *Service) RequireAdhoc(ctx context.Context, p *tiaojie.Principal, orgID int64, subject string, due time.Time) (int64, error) {
	if !p.Can(tiaojie.PermSupervision) {
		return 0, s.settle(ctx, p, "disclosure.require", "org", orgID, forbidden(tiaojie.PermSupervision))
	}
	subject = strings.TrimSpace(subject)
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(subject); n == 0 || n > 200 {
		fe.Add("subject", "disclosure.subject", "max", "200")
	}
	now := s.now()
	bj := now.In(tiaojie.Beijing())
	today := time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, tiaojie.Beijing())
	if due.IsZero() || !due.After(today) || due.After(today.AddDate(1, 0, 0)) {
		fe.Add("due", "disclosure.due_invalid")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := loadOrg(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if !supervisor(p, o.ID, o.Township) {
			return notFound()
		}
		if !isDisclosing(o.Status) {
			return tiaojie.E(tiaojie.Conflict, "disclosure.org_not_operating")
		}
		d := &Disclosure{OrgID: o.ID, Year: bj.Year(), Kind: tiaojie.DisclosureAdhoc, Version: 1, Subject: subject,
			DueAt: endOfDay(due), RequestedBy: max(p.UserID, 0)}
		if id, err = insert(ctx, tx, d, max(p.UserID, 0), now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "disclosure.require", "disclosure", id, map[string]string{
			"org": itoa(orgID), "subject": subject, "due": due.In(tiaojie.Beijing()).Format(time.DateOnly)})
	})
	return id, s.settle(ctx, p, "disclosure.require", "org", orgID, err)
}

// endOfDay returns the end of t's day, Beijing time: the deadline of a
// due day.
func endOfDay(t time.Time) time.Time {
	bj := t.In(tiaojie.Beijing())
	return time.Date(bj.Year(), bj.Month(), bj.Day()+1, 0, 0, 0, 0, tiaojie.Beijing())
}

func isDisclosing(st tiaojie.OrgStatus) bool {
	for _, s := range disclosingStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}
