package audit

import (
	"context"
	"crypto/hmac"
	"fmt"
	"strconv"

	"tiaojie"

	"tiaojie/internal/db"
	"tiaojie/internal/keys"
)

// Problem is one place where the chain is broken.
type Problem struct {
	Seq  int64  // the first row found wrong (for "head": the head's number)
	What string // "gap", "link", "mac", "key" or "head"
}

// String describes the problem for an operator.
func (p Problem) String() string {
	switch p.What {
	case "gap":
		return fmt.Sprintf("row %d: rows are missing before it (deleted)", p.Seq)
	case "link":
		return fmt.Sprintf("row %d: does not follow the row before it (deleted or reordered)", p.Seq)
	case "mac":
		return fmt.Sprintf("row %d: content does not match its MAC (edited)", p.Seq)
	case "key":
		return fmt.Sprintf("row %d: its key version is unknown", p.Seq)
	case "head":
		return fmt.Sprintf("head: says the last row is %d, which does not match the rows (truncated)", p.Seq)
	}
	return fmt.Sprintf("row %d: %s", p.Seq, p.What)
}

// Report is the result of a verification.
type Report struct {
	Rows     int64     // rows read
	Last     int64     // sequence number of the last row
	LastMAC  string    // MAC of the last row: keep it as an anchor outside the database
	Problems []Problem // the first problems found, at most maxProblems
}

// OK reports whether the chain verified.
func (r Report) OK() bool { return len(r.Problems) == 0 }

const maxProblems = 100

// Verify reads the whole trail in order and checks every row's MAC, that the
// numbers run without gaps from 1, that every row links to the one before,
// and that the head matches the last row. It streams, so memory does not
// grow with the trail.
func (l *Log) Verify(ctx context.Context, d *db.DB) (Report, error) {
	var rep Report
	rows, err := d.Reader().QueryContext(ctx, `
		SELECT seq, at, actor_id, actor, role, action, object_type, object_id, outcome,
		       reason, client_ip, request_id, detail, key_version, prev_mac, mac
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	keyCache := map[uint16][]byte{}
	prevMAC, expect := "", int64(1)
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return rep, err
		}
		rep.Rows++
		rep.check(l.checkRow(r, expect, prevMAC, keyCache))
		prevMAC, expect = r.MAC, r.Seq+1
		rep.Last, rep.LastMAC = r.Seq, r.MAC
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	var headSeq int64
	var headMAC string
	if err := d.Reader().QueryRowContext(ctx, `SELECT seq, mac FROM audit_head WHERE id = 1`).Scan(&headSeq, &headMAC); err != nil {
		return rep, fmt.Errorf("audit: verify head: %w", err)
	}
	if headSeq != rep.Last || headMAC != rep.LastMAC {
		rep.check(&Problem{Seq: headSeq, What: "head"})
	}
	return rep, nil
}

func (rep *Report) check(p *Problem) {
	if p != nil && len(rep.Problems) < maxProblems {
		rep.Problems = append(rep.Problems, *p)
	}
}

func (l *Log) checkRow(r Row, expect int64, prevMAC string, cache map[uint16][]byte) *Problem {
	switch {
	case r.Seq != expect:
		return &Problem{Seq: r.Seq, What: "gap"}
	case r.PrevMAC != prevMAC:
		return &Problem{Seq: r.Seq, What: "link"}
	}
	key, ok := cache[r.KeyVersion]
	if !ok {
		k, _, err := l.keys.Key(keys.AuditMAC, r.KeyVersion)
		if err != nil || r.KeyVersion == 0 {
			return &Problem{Seq: r.Seq, What: "key"}
		}
		key, cache[r.KeyVersion] = k, k
	}
	if !hmac.Equal([]byte(computeMAC(key, r)), []byte(r.MAC)) {
		return &Problem{Seq: r.Seq, What: "mac"}
	}
	return nil
}

type scanner interface{ Scan(...any) error }

func scanRow(s scanner) (Row, error) {
	var r Row
	var outcome string
	var kv int
	err := s.Scan(&r.Seq, &r.At, &r.ActorID, &r.Actor, &r.Role, &r.Action, &r.ObjectType, &r.ObjectID,
		&outcome, &r.Reason, &r.ClientIP, &r.RequestID, &r.Detail, &kv, &r.PrevMAC, &r.MAC)
	if err != nil {
		return r, fmt.Errorf("audit: read row: %w", err)
	}
	r.Outcome, r.KeyVersion = Outcome(outcome), uint16(kv)
	r.At = r.At.UTC()
	return r, nil
}

// HasMAC reports whether a row with the MAC exists: an anchor kept from an
// earlier verification must still be in the trail.
func (l *Log) HasMAC(ctx context.Context, d *db.DB, mac string) (bool, error) {
	var n int
	err := d.Reader().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE mac = $1`, mac).Scan(&n)
	return n > 0, err
}

// VerifyAs runs Verify on behalf of a caller with audit.read and records
// that the check ran and how it ended. Verify itself is for the platform
// (the hourly job, the command line); a person checking the chain from the
// pages is an audit query like a search, so it is refused without the
// permission and it leaves a row of its own (SECURITY.md AUD-01).
func (l *Log) VerifyAs(ctx context.Context, d *db.DB, p *tiaojie.Principal) (Report, error) {
	if !p.Can(tiaojie.PermAuditRead) {
		return Report{}, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	rep, err := l.Verify(ctx, d)
	if err != nil {
		return Report{}, err
	}
	e := Event{Action: "audit.verify", Detail: map[string]string{
		"rows": strconv.FormatInt(rep.Rows, 10), "last": strconv.FormatInt(rep.Last, 10)}}
	if !rep.OK() {
		e.Outcome, e.Reason = Failed, "audit.chain_broken"
	}
	if err := l.RecordAlone(ctx, d, p, e); err != nil {
		return Report{}, err
	}
	return rep, nil
}
