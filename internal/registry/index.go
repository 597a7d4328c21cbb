package registry

import (
	"context"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/search"
)

// reindexTx replaces an organization's entry in the search index from
// what tx sees now, so the index changes with the record or not at all.
// The text: name, short name, description, address, township, the Chinese
// names of its specialties, type and legal form, and its service names and
// descriptions. An organization that leaves the public statuses stays
// indexed: the directory filters by status, staff lists search all.
func (s *Service) reindexTx(ctx context.Context, tx *db.Tx, id int64) error {
	o, err := loadOrg(ctx, tx, id)
	if err != nil {
		return err
	}
	services, err := listServices(ctx, tx, id)
	if err != nil {
		return err
	}
	return search.Index(ctx, tx, search.Orgs, id, s.indexTexts(o, services)...)
}

// indexTexts returns the searchable texts of an organization.
func (s *Service) indexTexts(o *Org, services []ServiceItem) []string {
	texts := []string{o.Name, o.ShortName, o.Description, o.Address, s.townshipName(o.Township),
		TypeName(o.Type), FormName(o.LegalForm)}
	for _, c := range o.Specialties {
		if t, ok := tiaojie.DisputeTypeByCode(c); ok {
			texts = append(texts, t.Name)
		}
	}
	for _, v := range services {
		texts = append(texts, v.Name, v.Description)
	}
	return texts
}

// townshipName returns the name of a township of the district, or its
// code when the profile no longer has it.
func (s *Service) townshipName(code string) string {
	if t, ok := s.district.Township(code); ok {
		return t.Name
	}
	return code
}
