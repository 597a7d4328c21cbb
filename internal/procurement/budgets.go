package procurement

import (
	"context"
	"sort"
	"strings"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
)

// Budget is one department's procurement in one year: what its projects
// offered (published, not cancelled, by the year their window opens),
// what it committed in contracts (by the year signed) and what it spent
// (payments, by the year paid).
type Budget struct {
	AgencyID     int64
	Buyer        string
	Year         int
	BudgetedFen  int64
	CommittedFen int64
	SpentFen     int64
}

// Budgets returns the budgets of the departments the caller buys for, by
// department then year; the bureau (supervising) sees every department's.
func (s *Service) Budgets(ctx context.Context, p *tiaojie.Principal) ([]Budget, error) {
	if !p.Can(tiaojie.PermProcurement) {
		return nil, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	var w db.Where
	if !p.Has(tiaojie.RoleBureau) {
		w.Add(`p.agency_id IN (SELECT m.agency_id FROM agency_members m WHERE m.user_id = ` + w.Arg(p.UserID) + `)`)
	}
	type key struct {
		agency int64
		year   string
	}
	acc := map[key]*Budget{}
	names := map[int64]string{0: s.bureau()}
	add := func(query string, set func(b *Budget, fen int64)) error {
		rows, err := s.db.Reader().QueryContext(ctx, query, w.Args()...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k key
			var name string
			var fen int64
			if err := rows.Scan(&k.agency, &name, &k.year, &fen); err != nil {
				return err
			}
			if name != "" {
				names[k.agency] = name
			}
			b := acc[k]
			if b == nil {
				b = &Budget{AgencyID: k.agency}
				acc[k] = b
			}
			set(b, fen)
		}
		return rows.Err()
	}
	head := `SELECT COALESCE(p.agency_id, 0), COALESCE(a.name, ''), `
	from := ` FROM procurement_projects p LEFT JOIN agencies a ON a.id = p.agency_id `
	err := add(head+`substr(p.window_from, 1, 4), SUM(p.budget_fen)`+from+`WHERE p.status NOT IN ('draft', 'cancelled') AND `+w.String()+
		` GROUP BY COALESCE(p.agency_id, 0), COALESCE(a.name, ''), substr(p.window_from, 1, 4)`,
		func(b *Budget, fen int64) { b.BudgetedFen = fen })
	if err != nil {
		return nil, err
	}
	err = add(head+`substr(c.signed_on, 1, 4), SUM(c.amount_fen)`+from+`JOIN procurement_contracts c ON c.project_id = p.id WHERE `+w.String()+
		` GROUP BY COALESCE(p.agency_id, 0), COALESCE(a.name, ''), substr(c.signed_on, 1, 4)`,
		func(b *Budget, fen int64) { b.CommittedFen = fen })
	if err != nil {
		return nil, err
	}
	err = add(head+`substr(pay.paid_on, 1, 4), SUM(pay.amount_fen)`+from+`JOIN procurement_contracts c ON c.project_id = p.id
		JOIN procurement_payments pay ON pay.contract_id = c.id WHERE `+w.String()+
		` GROUP BY COALESCE(p.agency_id, 0), COALESCE(a.name, ''), substr(pay.paid_on, 1, 4)`,
		func(b *Budget, fen int64) { b.SpentFen = fen })
	if err != nil {
		return nil, err
	}
	out := make([]Budget, 0, len(acc))
	for k, b := range acc {
		b.Buyer = names[k.agency]
		for _, c := range k.year {
			b.Year = b.Year*10 + int(c-'0')
		}
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Buyer != out[j].Buyer {
			return strings.Compare(out[i].Buyer, out[j].Buyer) < 0
		}
		return out[i].Year > out[j].Year
	})
	return out, nil
}

// BudgetSheet returns the budgets as a worksheet for export, in the
// reader's language (w).
func BudgetSheet(list []Budget, w i18n.Words) export.Sheet {
	sh := export.Sheet{Name: w.T("procurement.xlsx.sheet"), Headers: w.List("procurement.xlsx.", "buyer", "year", "budgeted", "committed", "spent", "unpaid")}
	for _, b := range list {
		sh.Rows = append(sh.Rows, []any{b.Buyer, b.Year, tiaojie.Money(b.BudgetedFen), tiaojie.Money(b.CommittedFen),
			tiaojie.Money(b.SpentFen), tiaojie.Money(b.CommittedFen - b.SpentFen)})
	}
	return sh
}
