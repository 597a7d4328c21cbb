package registry

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// ServiceItem is one entry of an organization's service list (调解产品服务
// 清单): what it offers, for which disputes, free or at a price.
type ServiceItem struct {
	ID           int64
	OrgID        int64
	Name         string
	Description  string
	DisputeTypes []string       // dispute type codes
	Price        *tiaojie.Money // nil: free
	PriceNote    string         // e.g. "按标的额分档收费，详见收费标准"
	Position     int            // display order, ascending
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ServiceInput is what staff type for a service list entry.
type ServiceInput struct {
	Name         string // required, at most 100 characters
	Description  string // at most 2000
	DisputeTypes []string
	Price        *tiaojie.Money // nil or 0: free; a price needs an organization that may charge
	PriceNote    string         // at most 200
	Position     int
}

// check normalizes and validates the input for an organization.
func (in *ServiceInput) check(o *Org) error {
	in.Name, in.Description, in.PriceNote = strings.TrimSpace(in.Name), strings.TrimSpace(in.Description), strings.TrimSpace(in.PriceNote)
	in.DisputeTypes = orderSpecialties(dedupe(in.DisputeTypes))
	if in.Price != nil && *in.Price == 0 {
		in.Price = nil
	}
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 100 {
		fe.Add("name", "service.name_length")
	}
	if utf8.RuneCountInString(in.Description) > 2000 {
		fe.Add("description", "service.description_length")
	}
	for _, c := range in.DisputeTypes {
		if _, ok := tiaojie.DisputeTypeByCode(c); !ok {
			fe.Add("dispute_types", "service.dispute_type_unknown", "code", c)
		}
	}
	if in.Price != nil && *in.Price < 0 {
		fe.Add("price", "service.price_negative")
	}
	if utf8.RuneCountInString(in.PriceNote) > 200 {
		fe.Add("price_note", "service.price_note_length")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if in.Price != nil && !o.MayCharge() {
		return tiaojie.E(tiaojie.Conflict, "fee.free_by_law")
	}
	return nil
}

func (in *ServiceInput) price() any {
	if in.Price == nil {
		return nil
	}
	return int64(*in.Price)
}

// AddService adds an entry to an organization's service list and returns
// its id. It needs orgs.edit over the organization; service names and
// descriptions become searchable in the directory at once.
func (s *Service) AddService(ctx context.Context, p *tiaojie.Principal, orgID int64, in ServiceInput) (int64, error) {
	var id int64
	err := s.withOrg(ctx, p, orgID, "service.add", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		if err := in.check(o); err != nil {
			return err
		}
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO services (org_id, name, description, price, price_note, position, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			orgID, in.Name, in.Description, in.price(), in.PriceNote, in.Position, now).Scan(&id)
		if err != nil {
			return err
		}
		return s.serviceChangedTx(ctx, tx, p, "service.add", orgID, id, in.DisputeTypes)
	})
	return id, err
}

// UpdateService changes an entry of an organization's service list.
func (s *Service) UpdateService(ctx context.Context, p *tiaojie.Principal, orgID, serviceID int64, in ServiceInput) error {
	return s.withOrg(ctx, p, orgID, "service.update", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		if err := in.check(o); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE services SET name = $1, description = $2, price = $3, price_note = $4, position = $5, updated_at = $6
			WHERE id = $7 AND org_id = $8`,
			in.Name, in.Description, in.price(), in.PriceNote, in.Position, s.now(), serviceID, orgID)
		if err := affected(res, err, tiaojie.E(tiaojie.NotFound, "error.not_found")); err != nil {
			return err
		}
		return s.serviceChangedTx(ctx, tx, p, "service.update", orgID, serviceID, in.DisputeTypes)
	})
}

// DeleteService removes an entry from an organization's service list.
func (s *Service) DeleteService(ctx context.Context, p *tiaojie.Principal, orgID, serviceID int64) error {
	return s.withOrg(ctx, p, orgID, "service.delete", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM services WHERE id = $1 AND org_id = $2`, serviceID, orgID)
		if err := affected(res, err, tiaojie.E(tiaojie.NotFound, "error.not_found")); err != nil {
			return err
		}
		if err := s.reindexTx(ctx, tx, orgID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "service.delete", orgID, map[string]string{"service": itoa(serviceID)})
	})
}

// serviceChangedTx stores an entry's dispute types, re-indexes the
// organization and audits the change.
func (s *Service) serviceChangedTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, orgID, id int64, types []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM service_dispute_types WHERE service_id = $1`, id); err != nil {
		return err
	}
	for _, c := range types {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_dispute_types (service_id, dispute_type) VALUES ($1, $2)`, id, c); err != nil {
			return err
		}
	}
	if err := s.reindexTx(ctx, tx, orgID); err != nil {
		return err
	}
	return s.record(ctx, tx, p, action, orgID, map[string]string{"service": itoa(id)})
}

// Services returns an organization's service list in display order: to
// anyone while the organization is public, otherwise to staff with
// orgs.read over it (anyone else gets NotFound).
func (s *Service) Services(ctx context.Context, p *tiaojie.Principal, orgID int64) ([]ServiceItem, error) {
	o, err := loadOrg(ctx, s.db.Reader(), orgID)
	if err != nil {
		return nil, err
	}
	if !o.Status.Public() {
		if r := staffGuard(tiaojie.PermOrgsRead)(p, o); r != nil {
			return nil, s.settle(ctx, p, "service.list", orgID, hideAll(r))
		}
	}
	return listServices(ctx, s.db.Reader(), orgID)
}

func listServices(ctx context.Context, q db.Queryer, orgID int64) ([]ServiceItem, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, org_id, name, description, price, price_note, position, created_at, updated_at
		FROM services WHERE org_id = $1 ORDER BY position, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("registry: services: %w", err)
	}
	out, err := scanServices(rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*ServiceItem, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	err = eachPair(ctx, q, `
		SELECT d.service_id, d.dispute_type FROM service_dispute_types d JOIN services v ON v.id = d.service_id
		WHERE v.org_id = $1 ORDER BY d.service_id, d.dispute_type`, []any{orgID},
		func(id int64, c string) { byID[id].DisputeTypes = append(byID[id].DisputeTypes, c) })
	for i := range out {
		out[i].DisputeTypes = orderSpecialties(out[i].DisputeTypes)
	}
	return out, err
}

func scanServices(rows *sql.Rows) ([]ServiceItem, error) {
	defer rows.Close()
	out := []ServiceItem{}
	for rows.Next() {
		var v ServiceItem
		var price sql.NullInt64
		if err := rows.Scan(&v.ID, &v.OrgID, &v.Name, &v.Description, &price, &v.PriceNote, &v.Position,
			&v.CreatedAt, &v.UpdatedAt); err != nil {
			return nil, err
		}
		if price.Valid {
			m := tiaojie.Money(price.Int64)
			v.Price = &m
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
