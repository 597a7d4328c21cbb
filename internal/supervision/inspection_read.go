package supervision

// The reading side of inspections: one inspection with its findings,
// evidence and history, and the filtered list.

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
)

// Get returns an inspection with its findings, evidence and history to
// its inspectors (bureau, the township office) and to the organization's
// admin; anyone else gets NotFound.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Inspection, error) {
	in, o, err := s.loadFull(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if actingRole(p, o, []tiaojie.Role{tiaojie.RoleTownship, tiaojie.RoleBureau, tiaojie.RoleOrgAdmin}) == "" {
		return nil, s.settle(ctx, p, "inspection.read", "inspection", id,
			audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil))
	}
	return in, nil
}

const inspectionColumns = `i.id, i.org_id, o.name, o.township, i.kind, i.inspected_on, COALESCE(i.complaint_id, 0), i.summary,
	i.status, i.order_text, i.deadline, i.response, i.note, i.inspector, i.role, i.created_at, i.updated_at, i.version`

type scanner interface{ Scan(...any) error }

func scanInspection(sc scanner, today string) (*Inspection, error) {
	var in Inspection
	var kind, status string
	if err := sc.Scan(&in.ID, &in.OrgID, &in.OrgName, &in.Township, &kind, &in.InspectedOn, &in.ComplaintID, &in.Summary,
		&status, &in.Order, &in.Deadline, &in.Response, &in.Note, &in.Inspector, &in.Role, &in.CreatedAt, &in.UpdatedAt, &in.Version); err != nil {
		return nil, err
	}
	in.Kind, in.Status = tiaojie.InspectionKind(kind), tiaojie.InspectionStatus(status)
	in.Overdue = in.Status == tiaojie.InspectionRectifying && in.Deadline != "" && in.Deadline < today
	return &in, nil
}

// loadFull reads an inspection with its findings, evidence and history,
// and its organization.
func (s *Service) loadFull(ctx context.Context, q db.Queryer, id int64) (*Inspection, *Org, error) {
	in, err := scanInspection(q.QueryRowContext(ctx, `SELECT `+inspectionColumns+`
		FROM inspections i JOIN orgs o ON o.id = i.org_id WHERE i.id = $1`, id), s.today())
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	o, err := loadOrg(ctx, q, in.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.loadDetails(ctx, q, in); err != nil {
		return nil, nil, err
	}
	return in, o, nil
}

func (s *Service) loadDetails(ctx context.Context, q db.Queryer, in *Inspection) error {
	rows, err := q.QueryContext(ctx, `SELECT item, result, note FROM inspection_findings WHERE inspection_id = $1 ORDER BY position`, in.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var f Finding
		var r string
		if err := rows.Scan(&f.Item, &r, &f.Note); err != nil {
			rows.Close()
			return err
		}
		f.Result = tiaojie.FindingResult(r)
		in.Findings = append(in.Findings, f)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT f.key, f.filename, x.kind, x.at FROM inspection_files x JOIN files f ON f.key = x.file_key
		WHERE x.inspection_id = $1 ORDER BY x.at, f.key`, in.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e Evidence
		if err := rows.Scan(&e.Key, &e.Filename, &e.Kind, &e.At); err != nil {
			rows.Close()
			return err
		}
		in.Evidence = append(in.Evidence, e)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT action, from_status, to_status, text, actor, at FROM inspection_steps
		WHERE inspection_id = $1 ORDER BY id`, in.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var st Step
		var from, to string
		if err := rows.Scan(&st.Action, &from, &to, &st.Text, &st.Actor, &st.At); err != nil {
			return err
		}
		st.From, st.To = tiaojie.InspectionStatus(from), tiaojie.InspectionStatus(to)
		in.Steps = append(in.Steps, st)
	}
	return rows.Err()
}

// Filter narrows List.
type Filter struct {
	OrgID    int64
	Township string
	Status   tiaojie.InspectionStatus
	Kind     tiaojie.InspectionKind
	Overdue  bool   // only rectifications past their deadline
	From, To string // inspected on, YYYY-MM-DD, inclusive
	Q        string // in the organization's name
}

// List returns the inspections the caller may see (an inspector's scope,
// an organization admin's own organization), newest first, at most 1000.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Inspection, error) {
	var w db.Where
	if !scope(p, &w) {
		return nil, s.settle(ctx, p, "inspection.list", "inspection", 0,
			audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), nil))
	}
	if f.OrgID > 0 {
		w.Add("i.org_id = " + w.Arg(f.OrgID))
	}
	if f.Township != "" {
		w.Add("o.township = " + w.Arg(f.Township))
	}
	if f.Status != "" {
		w.Add("i.status = " + w.Arg(string(f.Status)))
	}
	if f.Kind != "" {
		w.Add("i.kind = " + w.Arg(string(f.Kind)))
	}
	if f.Overdue {
		w.Add("i.status = 'rectifying' AND i.deadline < " + w.Arg(s.today()))
	}
	if f.From != "" {
		w.Add("i.inspected_on >= " + w.Arg(f.From))
	}
	if f.To != "" {
		w.Add("i.inspected_on <= " + w.Arg(f.To))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		w.Add("o.name LIKE " + w.Arg("%"+db.EscapeLike(q)+"%") + " ESCAPE '\\'")
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+inspectionColumns+`
		FROM inspections i JOIN orgs o ON o.id = i.org_id WHERE `+w.String()+`
		ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1000`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	today := s.today()
	out := []Inspection{}
	for rows.Next() {
		in, err := scanInspection(rows, today)
		if err != nil {
			return nil, err
		}
		out = append(out, *in)
	}
	return out, rows.Err()
}
