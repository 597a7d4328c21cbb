package registry

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tiaojie"
)

// PublicProfile is everything an organization's public page shows (SPEC
// C1) but its mediators, which the page takes from the roster
// (internal/roster) so that the registry does not depend on it.
type PublicProfile struct {
	ID                    int64
	Name                  string
	ShortName             string
	Type                  tiaojie.OrgType
	LegalForm             tiaojie.LegalForm
	Level                 tiaojie.OrgLevel
	Status                tiaojie.OrgStatus // active or rectifying (整改中 is public)
	Township              string
	TownshipName          string
	Address               string
	Latitude, Longitude   *float64
	MapURL                string // see MapURL; "" without coordinates or address
	CreditCode            string
	RegistrationAuthority string
	RegistrationDate      time.Time
	LegalRep              string
	ContactName           string
	ContactPhone          string
	Email                 string
	Website               string
	Description           string
	Online                bool
	Paid                  bool
	Specialties           []string
	Languages             []string
	Logo                  string
	FoundedAt             time.Time
	Stars                 int       // valid star rating, 0 when none or expired
	StarsUntil            time.Time // the rating's validity; zero when open-ended or none
	Featured              bool
	FeaturedReason        string
	Services              []ServiceItem
	FeeInForce            *tiaojie.FeeStandard  // the published standard in force today; nil when none
	FeeHistory            []tiaojie.FeeStandard // every published standard, newest version first (may include one not yet in force)
	Documents             []Document            // public documents: disclosures, published rules
	Notices               []Notice              // rewards and sanctions; empty until supervision (C8) records them
	Abnormal              bool                  // marked 活动异常 for disclosures left unfiled (internal/disclosure)
}

// Notice is a reward or a sanction on an organization's public record.
// Supervision (SPEC C8) will record them; the slot exists so that the
// public page and the API have their final shape now.
type Notice struct {
	Kind   string // "reward" or "sanction"
	Title  string
	Issuer string
	At     time.Time
}

// PublicOrg returns the public page of an organization whose status is
// public, for anyone; any other organization is NotFound.
func (s *Service) PublicOrg(ctx context.Context, id int64) (*PublicProfile, error) {
	o, err := loadOrg(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !o.Status.Public() {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	pp := s.profileOf(o)
	err = s.db.Reader().QueryRowContext(ctx, `SELECT CASE WHEN abnormal_since IS NULL THEN 0 ELSE 1 END FROM orgs WHERE id = $1`, id).Scan(&pp.Abnormal)
	if err != nil {
		return nil, err
	}
	if pp.Services, err = listServices(ctx, s.db.Reader(), id); err != nil {
		return nil, err
	}
	if pp.FeeHistory, _, err = loadStandards(ctx, s.db.Reader(), id, "AND published_at IS NOT NULL"); err != nil {
		return nil, err
	}
	if std, ok := tiaojie.InForce(pp.FeeHistory, s.now()); ok && o.MayCharge() {
		pp.FeeInForce = &std
	}
	if pp.Documents, err = listDocuments(ctx, s.db.Reader(), id, true); err != nil {
		return nil, err
	}
	return pp, nil
}

// profileOf copies the public fields of a record.
func (s *Service) profileOf(o *Org) *PublicProfile {
	pp := &PublicProfile{
		ID: o.ID, Name: o.Name, ShortName: o.ShortName, Type: o.Type, LegalForm: o.LegalForm, Level: o.Level,
		Status: o.Status, Township: o.Township, TownshipName: s.townshipName(o.Township), Address: o.Address,
		Latitude: o.Latitude, Longitude: o.Longitude, MapURL: s.MapURL(o), CreditCode: o.CreditCode,
		RegistrationAuthority: o.RegistrationAuthority, RegistrationDate: o.RegistrationDate, LegalRep: o.LegalRep,
		ContactName: o.ContactName, ContactPhone: o.ContactPhone, Email: o.Email, Website: o.Website,
		Description: o.Description, Online: o.Online, Paid: o.Charges, Specialties: o.Specialties,
		Languages: o.Languages, Logo: o.Logo, FoundedAt: o.FoundedAt, Featured: o.Featured,
		FeaturedReason: o.FeaturedReason, Notices: []Notice{},
	}
	if o.Stars > 0 && (o.StarsUntil.IsZero() || !o.StarsUntil.Before(s.now())) {
		pp.Stars, pp.StarsUntil = o.Stars, o.StarsUntil
	}
	return pp
}

// MapURL returns a link that opens the organization's place in AMap (高德
// 地图), which works in a phone browser and inside WeChat without an API
// key: with coordinates (GCJ-02) a marker,
//
//	https://uri.amap.com/marker?position=LNG,LAT&name=NAME&coordinate=gaode&callnative=0&src=tiaojie
//
// otherwise a search for the address prefixed with the city and district,
//
//	https://uri.amap.com/search?keyword=ADDRESS&city=ADCODE&callnative=0&src=tiaojie
//
// and "" when it has neither. It is a link the user follows, not an asset
// the page loads, so pages still work on an intranet.
func (s *Service) MapURL(o *Org) string {
	if o.Latitude != nil && o.Longitude != nil {
		pos := strconv.FormatFloat(*o.Longitude, 'f', 6, 64) + "," + strconv.FormatFloat(*o.Latitude, 'f', 6, 64)
		return "https://uri.amap.com/marker?position=" + pos + "&name=" + url.QueryEscape(o.Name) +
			"&coordinate=gaode&callnative=0&src=tiaojie"
	}
	if o.Address == "" {
		return ""
	}
	addr := o.Address
	if !strings.Contains(addr, s.district.Name) {
		addr = s.district.City + s.district.Name + addr
	}
	return "https://uri.amap.com/search?keyword=" + url.QueryEscape(addr) + "&city=" + url.QueryEscape(s.district.Code) +
		"&callnative=0&src=tiaojie"
}
