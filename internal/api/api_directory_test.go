package api_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/api"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/route"
	"tiaojie/internal/server"
)

// directoryOperations are the operations of the public directory and of
// the staff's register, roster and content work, with the permission each
// declares (the same as the staff page doing the same thing, which is the
// permission the service checks first). TestOpenAPIDocument checks that
// the document lists exactly these and the foundation's.
var directoryOperations = map[string]string{
	"GET /api/v1/directory/orgs":            "public",
	"GET /api/v1/featured":                  "public",
	"GET /api/v1/orgs/{id}":                 "public",
	"GET /api/v1/orgs/{id}/mediators":       "public",
	"GET /api/v1/orgs/{id}/fee":             "public",
	"GET /api/v1/orgs/{id}/documents/{doc}": "public",
	"GET /api/v1/directory/mediators":       "public",
	"GET /api/v1/mediators/{id}":            "public",
	"GET /api/v1/news":                      "public",
	"GET /api/v1/news/{id}":                 "public",
	"GET /api/v1/taxonomy":                  "public",
	"GET /api/v1/files/{key}":               "public",

	"GET /api/v1/staff/orgs":                                "orgs.read",
	"POST /api/v1/staff/orgs":                               "orgs.create",
	"GET /api/v1/staff/orgs/{id}":                           "orgs.read",
	"PUT /api/v1/staff/orgs/{id}":                           "orgs.edit",
	"POST /api/v1/staff/orgs/{id}/actions":                  "orgs.lifecycle",
	"GET /api/v1/staff/orgs/{id}/history":                   "orgs.read",
	"PUT /api/v1/staff/orgs/{id}/registration":              "orgs.edit",
	"GET /api/v1/staff/orgs/{id}/prereview":                 "orgs.read",
	"PUT /api/v1/staff/orgs/{id}/prereview":                 "orgs.edit",
	"GET /api/v1/staff/prereview":                           "orgs.lifecycle",
	"GET /api/v1/staff/orgs/{id}/documents":                 "orgs.read",
	"GET /api/v1/staff/orgs/{id}/documents/{doc}":           "orgs.read",
	"GET /api/v1/staff/orgs/{id}/fees":                      "orgs.read",
	"POST /api/v1/staff/orgs/{id}/fees":                     "orgs.edit",
	"POST /api/v1/staff/orgs/{id}/fees/{version}/publish":   "orgs.edit",
	"GET /api/v1/staff/orgs/{id}/services":                  "orgs.read",
	"POST /api/v1/staff/orgs/{id}/services":                 "orgs.edit",
	"PUT /api/v1/staff/orgs/{id}/services/{service}":        "orgs.edit",
	"DELETE /api/v1/staff/orgs/{id}/services/{service}":     "orgs.edit",
	"PUT /api/v1/staff/orgs/{id}/featured":                  "orgs.feature",
	"GET /api/v1/staff/mediators":                           "mediators.read",
	"POST /api/v1/staff/mediators":                          "mediators.edit",
	"GET /api/v1/staff/mediators/{id}":                      "mediators.read",
	"PUT /api/v1/staff/mediators/{id}":                      "mediators.edit",
	"POST /api/v1/staff/mediators/{id}/status":              "mediators.status",
	"POST /api/v1/staff/mediators/{id}/reveal":              "mediators.read",
	"GET /api/v1/staff/mediators/{id}/history":              "mediators.read",
	"GET /api/v1/staff/articles":                            "content.edit",
	"POST /api/v1/staff/articles":                           "content.edit",
	"GET /api/v1/staff/articles/{id}":                       "content.edit",
	"PUT /api/v1/staff/articles/{id}":                       "content.edit",
	"POST /api/v1/staff/articles/{id}/status":               "content.edit",
	"POST /api/v1/staff/articles/{id}/pictures":             "content.edit",
	"GET /api/v1/staff/articles/{id}/pictures/{picture}":    "content.edit",
	"DELETE /api/v1/staff/articles/{id}/pictures/{picture}": "content.edit",
}

// Townships of the default district.
const (
	chengqiao = "310151101" // 城桥镇
	baozhen   = "310151102" // 堡镇
)

var system = tiaojie.System()

// creditCode returns a valid unified social credit code with serial n.
func creditCode(t *testing.T, n int) string {
	t.Helper()
	first := fmt.Sprintf("91310151MA%07d", n)
	c, err := tiaojie.USCCCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

// withCheck completes 17 digits into an identity number.
func withCheck(first17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * w[i]
	}
	return first17 + string("10X98765432"[sum%11])
}

// Identity numbers of the tests' mediators.
var (
	womanID = withCheck("31023019750308042")
	manID   = withCheck("31023019681120003")
	thirdID = withCheck("31023019800101001")
)

// idNumber finds anything shaped like an identity number in clear.
var idNumber = regexp.MustCompile(`\d{17}[\dXx]`)

// committee returns a valid village people's mediation committee.
func committee(name, township, desc string, specialties ...string) registry.OrgInput {
	return registry.OrgInput{Name: name, Type: tiaojie.OrgBasic, LegalForm: tiaojie.FormPeoplesCommittee,
		Level: tiaojie.LevelVillage, Township: township, Address: "人民路 68 号", ContactName: "张老师",
		ContactPhone: "021-59621234", Description: desc, Specialties: specialties, Languages: []string{"mandarin", "chongming"}}
}

// charter is a minimal PDF.
func charter() files.Upload {
	return files.Upload{Filename: "章程.pdf", Body: strings.NewReader("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")}
}

// logo is a small PNG picture.
func logo(t *testing.T) files.Upload {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return files.Upload{Filename: "logo.png", Body: &b}
}

// prepare opens an organization as the platform and completes its
// pre-review file with a charter: it is ready to submit.
func (s *stack) prepare(t *testing.T, in registry.OrgInput) int64 {
	t.Helper()
	ctx, reg := context.Background(), s.st.Registry
	id, err := reg.Create(ctx, system, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	pr := registry.Prereview{Founders: "村民委员会", Mediators: "张三、李四、王五", Premises: "村委会二楼", Funding: "村集体经费"}
	if err := reg.SetPrereview(ctx, system, id, pr); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.AddDocument(ctx, system, id, registry.DocCharter, "章程", charter(), false); err != nil {
		t.Fatal(err)
	}
	return id
}

// register takes an organization through the whole lifecycle as the
// platform: pre-review, registration (with the credit code, if any) and
// activation. It is then in the public directory.
func (s *stack) register(t *testing.T, in registry.OrgInput, code string) int64 {
	t.Helper()
	ctx, reg := context.Background(), s.st.Registry
	id := s.prepare(t, in)
	for _, step := range []struct {
		a              tiaojie.OrgAction
		reason, detail string
	}{{tiaojie.ActSubmit, "", ""}, {tiaojie.ActOpinion, "同意设立", registry.OpinionSupport}, {tiaojie.ActApprove, "", ""}} {
		if step.a == tiaojie.ActOpinion && in.Level == tiaojie.LevelDistrict {
			continue // no township stage
		}
		if err := reg.Act(ctx, system, id, step.a, step.reason, step.detail); err != nil {
			t.Fatalf("%s %s: %v", in.Name, step.a, err)
		}
	}
	r := tiaojie.Registration{CreditCode: code, Authority: "上海市崇明区司法局", Date: s.st.Clock.Now()}
	if err := reg.SetRegistration(ctx, system, id, r); err != nil {
		t.Fatalf("%s registration: %v", in.Name, err)
	}
	if err := reg.Act(ctx, system, id, tiaojie.ActActivate, "", ""); err != nil {
		t.Fatalf("%s activate: %v", in.Name, err)
	}
	return id
}

// mediator adds a public mediator to the roster as the platform.
func (s *stack) mediator(t *testing.T, name, idNumber string, orgID int64, specialties ...string) int64 {
	t.Helper()
	id, err := s.st.Roster.Create(context.Background(), system, roster.MediatorInput{
		Name: name, IDNumber: idNumber, Phone: "13912345678", Background: "law", Grade: 2, PracticeSince: 2010,
		Public: true, Specialties: specialties, Languages: []string{"mandarin"}, Bio: "长期从事基层调解。",
		Orgs: []roster.Membership{{OrgID: orgID, Position: roster.PositionFullTime}},
	})
	if err != nil {
		t.Fatalf("mediator %s: %v", name, err)
	}
	return id
}

// directory is the district of the directory tests.
type directory struct {
	a, b, c, d int64 // 婚姻 committee (城桥), 邻里 committee (堡镇), commercial centre (城桥), one in preparation (城桥)
	m1, m2, m3 int64 // public in a; removed from a; in d only
}

// fill registers the directory's organizations and mediators, and a fee
// standard in force for the commercial centre: bands ≤ 200,000 yuan fixed
// 2,000; ≤ 500,000 at 0.75%; ≤ 1,000,000 at 0.5%; above at 0.3%.
func (s *stack) fill(t *testing.T) directory {
	t.Helper()
	ctx := context.Background()
	var dir directory
	dir.a = s.register(t, committee("城桥镇婚姻家庭人民调解委员会", chengqiao, "专门调解婚姻家庭纠纷，提供崇明话服务。", "marriage_family"), "")
	dir.b = s.register(t, committee("堡镇邻里人民调解委员会", baozhen, "调解邻里纠纷。", "neighbour"), "")
	centre := committee("崇明区商事调解中心", chengqiao, "金融、合同等商事纠纷的调解。", "finance", "contract")
	centre.Type, centre.LegalForm, centre.Level = tiaojie.OrgCommercial, tiaojie.FormSocialService, tiaojie.LevelDistrict
	dir.c = s.register(t, centre, creditCode(t, 1))
	dir.d = s.prepare(t, committee("城桥镇婚姻辅导调解委员会", chengqiao, "筹建中。", "marriage_family"))

	fs := tiaojie.FeeStandard{EffectiveFrom: s.st.Clock.Now(), Note: "按争议金额分档累加。", Tiers: []tiaojie.FeeTier{
		{UpTo: 20_000_000, Fixed: 200_000}, {UpTo: 50_000_000, RateBP: 75}, {UpTo: 100_000_000, RateBP: 50}, {RateBP: 30}}}
	v, err := s.st.Registry.SaveFeeDraft(ctx, system, dir.c, fs)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.st.Registry.PublishFee(ctx, system, dir.c, v); err != nil {
		t.Fatal(err)
	}

	if _, err := s.st.Registry.AddDocument(ctx, system, dir.a, registry.DocDisclosure, "2025 年度信息公开", charter(), true); err != nil {
		t.Fatal(err)
	}
	if err := s.st.Registry.SetLogo(ctx, system, dir.a, logo(t)); err != nil {
		t.Fatal(err)
	}

	dir.m1 = s.mediator(t, "李秀英", womanID, dir.a, "marriage_family")
	dir.m2 = s.mediator(t, "张建国", manID, dir.a, "marriage_family")
	dir.m3 = s.mediator(t, "王志强", thirdID, dir.d)
	if err := s.st.Roster.SetStatus(ctx, system, dir.m2, tiaojie.MediatorRemoved, "违反调解纪律", "崇司〔2026〕1号"); err != nil {
		t.Fatal(err)
	}
	return dir
}

// noClearIDNumbers makes the stack fail the test when a response holds
// something shaped like an identity number, except the reveal answers.
func (s *stack) noClearIDNumbers(t *testing.T) {
	s.trace = func(q req, r *response) {
		if strings.HasSuffix(q.path, "/reveal") && r.status == http.StatusOK {
			return
		}
		if m := idNumber.Find(r.body); m != nil {
			t.Errorf("%s %s: an identity number in clear: %s", q.method, q.path, m)
		}
	}
}

// Shapes of the answers, as much as the tests read.
type (
	segmentJSON struct {
		Text  string `json:"text"`
		Match bool   `json:"match"`
	}
	orgCardJSON struct {
		ID            int64         `json:"id"`
		Name          string        `json:"name"`
		NameHighlight []segmentJSON `json:"name_highlight"`
		Snippet       []segmentJSON `json:"snippet"`
		Township      string        `json:"township"`
		TownshipName  string        `json:"township_name"`
		Paid          bool          `json:"paid"`
		Specialties   []string      `json:"specialties"`
	}
	orgPageJSON struct {
		Items       []orgCardJSON `json:"items"`
		Total       int           `json:"total"`
		TotalCapped bool          `json:"total_capped"`
		Terms       []string      `json:"terms"`
	}
	tierJSON struct {
		UpToFen     int64  `json:"up_to_fen"`
		UpToYuan    string `json:"up_to_yuan"`
		FixedFen    int64  `json:"fixed_fen"`
		RateBP      int64  `json:"rate_bp"`
		RatePercent string `json:"rate_percent"`
	}
	feeJSON struct {
		Version       int        `json:"version"`
		EffectiveFrom string     `json:"effective_from"`
		Published     bool       `json:"published"`
		Tiers         []tierJSON `json:"tiers"`
	}
	mediatorCardJSON struct {
		ID            int64         `json:"id"`
		Name          string        `json:"name"`
		NameHighlight []segmentJSON `json:"name_highlight"`
		Orgs          []struct {
			ID       int64  `json:"id"`
			Position string `json:"position"`
		} `json:"orgs"`
	}
	listJSON[T any] struct {
		Items []T `json:"items"`
		Total int `json:"total"`
	}
)

func cardIDs(cs []orgCardJSON) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func mediatorIDs(cs []mediatorCardJSON) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// marked returns the marked pieces of a highlighted text.
func marked(ss []segmentJSON) []string {
	var out []string
	for _, s := range ss {
		if s.Match {
			out = append(out, s.Text)
		}
	}
	return out
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// TestPublicDirectory reads the directory as the public: no login,
// highlights, filters, public pages, fees, and nothing that is not public.
func TestPublicDirectory(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		dir := s.fill(t)
		s.noClearIDNumbers(t)
		s.spread = true
		get := func(path string, v any) *response {
			t.Helper()
			r := s.do(t, req{method: "GET", path: "/api/v1" + path})
			r.ok(t, 200, v)
			return r
		}

		// Search: the right organizations, highlighted, without a login.
		var page orgPageJSON
		get("/directory/orgs?q="+url.QueryEscape("婚姻")+"&township="+chengqiao, &page)
		if diff := cmp.Diff([]int64{dir.a}, cardIDs(page.Items)); diff != "" || page.Total != 1 || page.TotalCapped {
			t.Fatalf("婚姻 in 城桥镇 (-want +got):\n%s%+v", diff, page)
		}
		if got := marked(page.Items[0].NameHighlight); !slices.Equal(got, []string{"婚姻"}) {
			t.Errorf("name highlight %+v", page.Items[0].NameHighlight)
		}
		if got := marked(page.Items[0].Snippet); !slices.Contains(got, "婚姻") {
			t.Errorf("snippet %+v", page.Items[0].Snippet)
		}
		if c := page.Items[0]; c.TownshipName != "城桥镇" || !slices.Equal(c.Specialties, []string{"marriage_family"}) || c.Paid {
			t.Errorf("card %+v", c)
		}
		for _, tc := range []struct {
			query string
			want  []int64
		}{
			{"q=" + url.QueryEscape("婚姻"), []int64{dir.a}}, // the one in preparation is not public
			{"dispute_type=neighbour&dispute_type=marriage_family", []int64{dir.a, dir.b}},
			{"paid=true", []int64{dir.c}},
			{"type=commercial&township=" + chengqiao, []int64{dir.c}},
			{"legal_form=peoples_committee&language=chongming&township=" + baozhen, []int64{dir.b}},
			{"q=" + url.QueryEscape("商事") + "&paid=false", nil},
		} {
			get("/directory/orgs?"+tc.query, &page)
			got := cardIDs(page.Items)
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}
		for _, tc := range []struct{ query, field, code string }{
			{"type=wizard", "type", "api.field.enum"},
			{"dispute_type=neighbour&dispute_type=gossip", "dispute_type[1]", "api.field.enum"},
			{"min_stars=9", "min_stars", "api.field.maximum"},
			{"paid=maybe", "paid", "api.field.enum"},
			{"page=2", "page", "api.field.unknown_query"},
		} {
			p := s.do(t, req{method: "GET", path: "/api/v1/directory/orgs?" + tc.query}).problem(t, 422, "error.invalid_input")
			if diff := cmp.Diff([][2]string{{tc.field, tc.code}}, p.fields()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}

		// An organization's public page, with its fee standard in force.
		var a, c struct {
			Name             string    `json:"name"`
			Status           string    `json:"status"`
			TownshipName     string    `json:"township_name"`
			CreditCode       string    `json:"credit_code"`
			RegistrationDate string    `json:"registration_date"`
			Paid             bool      `json:"paid"`
			LogoURL          string    `json:"logo_url"`
			FeeInForce       *feeJSON  `json:"fee_in_force"`
			FeeHistory       []feeJSON `json:"fee_history"`
			Services         []any     `json:"services"`
			Documents        []struct {
				Kind, Title, URL string
			} `json:"documents"`
		}
		get("/orgs/"+id(dir.a), &a)
		today := s.st.Clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly)
		if a.Name != "城桥镇婚姻家庭人民调解委员会" || a.Status != "active" || a.TownshipName != "城桥镇" || a.Paid ||
			a.FeeInForce != nil || a.RegistrationDate != today || a.Services == nil || len(a.Documents) != 1 ||
			a.Documents[0].Kind != "disclosure" || !strings.HasPrefix(a.LogoURL, "/api/v1/files/") {
			t.Errorf("public page of a = %+v", a)
		}
		// The public document and the logo download without a login; the
		// charter does not.
		dl := s.do(t, req{method: "GET", path: a.Documents[0].URL})
		if dl.status != 200 || dl.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(dl.body, []byte("%PDF-")) ||
			!strings.Contains(dl.header.Get("Content-Disposition"), "filename*=utf-8''%E7%AB%A0%E7%A8%8B.pdf") {
			t.Errorf("public document: %d %v", dl.status, dl.header)
		}
		img := s.do(t, req{method: "GET", path: a.LogoURL})
		if img.status != 200 || img.header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(img.body, []byte("\x89PNG")) {
			t.Errorf("logo: %d %v", img.status, img.header)
		}
		var charterID int64
		if err := s.db.Reader().QueryRow(`SELECT id FROM org_documents WHERE org_id = $1 AND kind = 'charter'`, dir.a).Scan(&charterID); err != nil {
			t.Fatal(err)
		}
		s.do(t, req{method: "GET", path: "/api/v1/orgs/" + id(dir.a) + "/documents/" + id(charterID)}).problem(t, 404, "error.not_found")
		get("/orgs/"+id(dir.c), &c)
		want := &feeJSON{Version: 1, EffectiveFrom: today, Published: true, Tiers: []tierJSON{
			{UpToFen: 20_000_000, UpToYuan: "200000.00", FixedFen: 200_000, RatePercent: "0.00"},
			{UpToFen: 50_000_000, UpToYuan: "500000.00", RateBP: 75, RatePercent: "0.75"},
			{UpToFen: 100_000_000, UpToYuan: "1000000.00", RateBP: 50, RatePercent: "0.50"},
			{UpToYuan: "0.00", RateBP: 30, RatePercent: "0.30"},
		}}
		if diff := cmp.Diff(want, c.FeeInForce); diff != "" || !c.Paid || len(c.FeeHistory) != 1 || c.CreditCode != creditCode(t, 1) {
			t.Errorf("fee in force (-want +got):\n%s%+v", diff, c)
		}

		// What is not public is not found.
		for _, path := range []string{"/orgs/" + id(dir.d), "/orgs/" + id(dir.d) + "/mediators", "/orgs/" + id(dir.d) + "/fee",
			"/orgs/999999", "/mediators/" + id(dir.m2), "/mediators/" + id(dir.m3), "/mediators/999999",
			"/files/0123456789abcdef0123456789abcdef.png", "/news/1"} {
			s.do(t, req{method: "GET", path: "/api/v1" + path}).problem(t, 404, "error.not_found")
		}

		// Mediators: the public roster only, never a removed one.
		var ms listJSON[mediatorCardJSON]
		get("/orgs/"+id(dir.a)+"/mediators", &ms)
		if diff := cmp.Diff([]int64{dir.m1}, mediatorIDs(ms.Items)); diff != "" {
			t.Errorf("mediators of a (-want +got):\n%s", diff)
		}
		var mp struct {
			Items       []mediatorCardJSON `json:"items"`
			Total       int                `json:"total"`
			TotalCapped bool               `json:"total_capped"`
		}
		get("/directory/mediators?q="+url.QueryEscape("李秀英"), &mp)
		if diff := cmp.Diff([]int64{dir.m1}, mediatorIDs(mp.Items)); diff != "" || mp.Total != 1 {
			t.Fatalf("李秀英 (-want +got):\n%s", diff)
		}
		if got := marked(mp.Items[0].NameHighlight); len(got) == 0 || mp.Items[0].Orgs[0].ID != dir.a {
			t.Errorf("mediator card %+v", mp.Items[0])
		}
		for _, q := range []string{"township=" + chengqiao, "org_id=" + id(dir.a), "dispute_type=marriage_family&grade=2"} {
			get("/directory/mediators?"+q, &mp)
			if diff := cmp.Diff([]int64{dir.m1}, mediatorIDs(mp.Items)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", q, diff)
			}
		}
		var m1 struct {
			Name       string `json:"name"`
			Gender     string `json:"gender"`
			Background string `json:"background"`
			Bio        string `json:"bio"`
		}
		r := get("/mediators/"+id(dir.m1), &m1)
		if m1.Name != "李秀英" || m1.Gender != "female" || m1.Background != "law" || bytes.Contains(r.body, []byte("139")) {
			t.Errorf("public mediator %s", r.body)
		}

		// Fees: the worked example, in yuan or in fen; free by law.
		type quote struct {
			Date      string   `json:"date"`
			AmountFen int64    `json:"amount_fen"`
			FeeFen    int64    `json:"fee_fen"`
			FeeYuan   string   `json:"fee_yuan"`
			Free      bool     `json:"free"`
			Standard  *feeJSON `json:"standard"`
		}
		for _, q := range []string{"amount=1000000", "amount=1%2C000%2C000.00", "amount_fen=100000000", "amount=1000000&date=" + today} {
			var got quote
			get("/orgs/"+id(dir.c)+"/fee?"+q, &got)
			if got.FeeFen != 675_000 || got.FeeYuan != "6750.00" || got.AmountFen != 100_000_000 || got.Free ||
				got.Date != today || got.Standard == nil || got.Standard.Version != 1 {
				t.Errorf("%s: %+v", q, got)
			}
		}
		var free quote
		get("/orgs/"+id(dir.a)+"/fee?amount=5000", &free)
		if !free.Free || free.FeeFen != 0 || free.Standard != nil {
			t.Errorf("a committee's fee: %+v", free)
		}
		s.do(t, req{method: "GET", path: "/api/v1/orgs/" + id(dir.c) + "/fee?date=2020-01-01"}).problem(t, 404, "fee.none_in_force")
		for _, tc := range []struct{ query, field, code string }{
			{"amount=1000000&amount_fen=1", "amount", "api.amount_both"},
			{"amount=abc", "amount", "money.format"},
			{"date=2026-13-01", "date", "api.field.date"},
			{"amount_fen=-1", "amount_fen", "api.field.minimum"},
		} {
			p := s.do(t, req{method: "GET", path: "/api/v1/orgs/" + id(dir.c) + "/fee?" + tc.query, lang: "en"}).problem(t, 422, "error.invalid_input")
			if diff := cmp.Diff([][2]string{{tc.field, tc.code}}, p.fields()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.query, diff)
			}
		}

		// The taxonomy names every code in both languages.
		var tax struct {
			DisputeTypes []struct {
				Code, Name string
				NameEn     string `json:"name_en"`
			} `json:"dispute_types"`
			LegalForms []struct {
				Code            string
				NameEn          string `json:"name_en"`
				NeedsCreditCode bool   `json:"needs_credit_code"`
			} `json:"legal_forms"`
			Townships []struct {
				Code, Name string
				NameEn     string `json:"name_en"`
			} `json:"townships"`
			MediatorGrades []struct {
				Grade  int
				Name   string
				NameEn string `json:"name_en"`
			} `json:"mediator_grades"`
			Languages []struct{ Code, Name string } `json:"languages"`
		}
		get("/taxonomy", &tax)
		if len(tax.DisputeTypes) != len(tiaojie.DisputeTypes()) || tax.DisputeTypes[0].Name != "婚姻家庭" || tax.DisputeTypes[0].NameEn != "Marriage and family" {
			t.Errorf("dispute types %+v", tax.DisputeTypes)
		}
		if len(tax.Townships) != len(s.dist.Townships) || tax.Townships[0].Code != chengqiao || tax.Townships[0].Name != "城桥镇" || tax.Townships[0].NameEn == "" {
			t.Errorf("townships %+v", tax.Townships)
		}
		if len(tax.LegalForms) != 7 || tax.LegalForms[0].NeedsCreditCode || tax.LegalForms[0].NameEn != "People's mediation committee" {
			t.Errorf("legal forms %+v", tax.LegalForms)
		}
		if len(tax.MediatorGrades) != 5 || tax.MediatorGrades[1].Name != "一级" || tax.MediatorGrades[1].NameEn != "Grade 1" {
			t.Errorf("grades %+v", tax.MediatorGrades)
		}
		if !slices.ContainsFunc(tax.Languages, func(l struct{ Code, Name string }) bool { return l.Code == "chongming" }) {
			t.Errorf("languages %+v", tax.Languages)
		}
	})
}

// TestPublicRateLimit drives a platform whose public operations allow a
// burst of 3 per client address, refilled at one an hour.
func TestPublicRateLimit(t *testing.T) {
	d := dbtest.SQLite(t)
	s := newStack(t, d)
	a, err := api.New(api.Deps{Auth: s.st.Auth, Audit: s.st.Audit, Registry: s.st.Registry, Roster: s.st.Roster,
		Content: s.st.Content, Files: s.st.Files, DB: d, Catalog: s.cat, District: s.dist, Version: "test",
		RateLimit: api.RateLimit{PerSecond: 1.0 / 3600, Burst: 3}})
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{}, server.Deps{DB: d, Auth: s.st.Auth, Catalog: s.cat, Web: noPages{}, API: a,
		Log: slog.New(slog.DiscardHandler), Version: "test"})
	s.handler = srv.Handler()
	citizen := s.user(t, "citizen", tiaojie.Grant{Role: tiaojie.RolePublic})
	tok := s.token(t, citizen, tiaojie.PermSelf)

	const client, other = "198.51.100.7:4711", "198.51.100.8:4711"
	for i, path := range []string{"/directory/orgs", "/taxonomy", "/orgs/1"} {
		if r := s.do(t, req{method: "GET", path: "/api/v1" + path, remote: client}); r.status == 429 {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	for _, lang := range []string{"zh-CN", "en"} {
		r := s.do(t, req{method: "GET", path: "/api/v1/directory/orgs", remote: client, lang: lang})
		p := r.problem(t, 429, "api.rate_limited")
		secs, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || secs < 3000 || secs > 3600 {
			t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
		}
		l, _ := i18n.Parse(lang[:2])
		if want := s.cat.T(l, "api.rate_limited", "seconds", strconv.Itoa(secs)); p.Detail != want {
			t.Errorf("detail %q, want %q", p.Detail, want)
		}
	}
	// Another address has its own bucket; the same caller's staff work is
	// not limited here.
	s.do(t, req{method: "GET", path: "/api/v1/taxonomy", remote: other}).ok(t, 200, nil)
	s.do(t, req{method: "GET", path: "/api/v1/me", remote: client, auth: tok}).ok(t, 200, nil)
	// A token does not lift the limit of a public operation.
	s.do(t, req{method: "GET", path: "/api/v1/taxonomy", remote: client, auth: tok}).problem(t, 429, "api.rate_limited")
	// Nor does a new IPv6 address in the same /64.
	for i := range 4 {
		r := s.do(t, req{method: "GET", path: "/api/v1/taxonomy", remote: fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1)})
		if want := map[bool]int{true: 200, false: 429}[i < 3]; r.status != want {
			t.Errorf("IPv6 request %d: %d, want %d", i+1, r.status, want)
		}
	}
}

// noPages is a front door without pages, for a server that serves only
// the API.
type noPages struct{}

func (noPages) Register(mux *http.ServeMux) *route.Table {
	return route.NewTable(mux, func(_ tiaojie.Permission, h http.Handler) http.Handler { return h })
}

func (noPages) Error(w http.ResponseWriter, _ *http.Request, err error) {
	http.Error(w, http.StatusText(route.Status(err)), route.Status(err))
}

// staffTokens are API tokens of the directory tests' staff, each with
// every permission of its role.
type staffTokens struct{ bureau, cq, bz, adminA string }

func (s *stack) staff(t *testing.T, dir directory) staffTokens {
	t.Helper()
	tok := func(login string, g tiaojie.Grant) string {
		p := s.user(t, login, g)
		return s.token(t, p, auth.Grantable(p)...)
	}
	return staffTokens{
		bureau: tok("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau}),
		cq:     tok("chengqiao", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao}),
		bz:     tok("baozhen", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen}),
		adminA: tok("admin.a", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: dir.a}),
	}
}

// staffOrg is the API's register record, as much as the tests read.
type staffOrg struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Stage    string `json:"stage"`
	Township string `json:"township"`
	Version  int    `json:"version"`
}

// orgBody returns a valid profile of a committee for the API.
func orgBody(name string) map[string]any {
	return map[string]any{"name": name, "type": "basic", "legal_form": "peoples_committee", "level": "village",
		"township": chengqiao, "address": "八一路 1 号", "contact_phone": "021-59620000", "description": "调解邻里和婚姻家庭纠纷。",
		"specialties": []string{"neighbour", "marriage_family"}, "languages": []string{"chongming"}, "founded_at": "2020-05-01"}
}

// TestStaffRegistry works the register through the API: scope, the
// lifecycle with its refusals, registration, documents, fees, services
// and featuring.
func TestStaffRegistry(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		dir := s.fill(t)
		tk := s.staff(t, dir)
		s.noClearIDNumbers(t)
		orgPath := func(id int64) string { return "/api/v1/staff/orgs/" + strconv.FormatInt(id, 10) }

		// Scope: another township's officer and another organization's
		// admin find nothing, exactly as if it did not exist.
		var a staffOrg
		s.do(t, req{method: "GET", path: orgPath(dir.a), auth: tk.cq}).ok(t, 200, &a)
		if a.Name != "城桥镇婚姻家庭人民调解委员会" || a.Status != "active" || a.Version == 0 {
			t.Errorf("a = %+v", a)
		}
		s.do(t, req{method: "GET", path: orgPath(dir.a), auth: tk.bz}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: orgPath(dir.a) + "/history", auth: tk.bz}).problem(t, 404, "error.not_found")
		var list listJSON[staffOrg]
		s.do(t, req{method: "GET", path: "/api/v1/staff/orgs", auth: tk.bz}).ok(t, 200, &list)
		if len(list.Items) != 1 || list.Items[0].ID != dir.b || list.Total != 1 {
			t.Errorf("堡镇's list %+v", list)
		}
		update := orgBody("城桥镇婚姻家庭人民调解委员会")
		update["version"] = a.Version
		s.do(t, req{method: "PUT", path: orgPath(dir.b), auth: tk.adminA, body: update}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "PUT", path: orgPath(dir.a), auth: tk.adminA, body: update}).ok(t, 204, nil)
		p := s.do(t, req{method: "PUT", path: orgPath(dir.a), auth: tk.adminA, body: update, lang: "en"}).problem(t, 409, "org.stale")
		if p.Detail != s.cat.T(i18n.En, "org.stale") {
			t.Errorf("stale detail %q", p.Detail)
		}
		s.do(t, req{method: "POST", path: "/api/v1/staff/orgs", auth: tk.adminA, body: orgBody("无权新建")}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "POST", path: "/api/v1/staff/orgs", auth: tk.bz, body: orgBody("别处的调委会")}).problem(t, 403, "error.forbidden")
		extra := orgBody("多字段")
		extra["status"] = "active"
		p = s.do(t, req{method: "POST", path: "/api/v1/staff/orgs", auth: tk.bureau, body: extra}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"status", "api.field.unknown"}}, p.fields()); diff != "" {
			t.Errorf("unknown field (-want +got):\n%s", diff)
		}

		// The lifecycle through the API.
		r := s.do(t, req{method: "POST", path: "/api/v1/staff/orgs", auth: tk.cq, body: orgBody("城桥镇新河村人民调解委员会")})
		var created struct{ ID int64 }
		r.ok(t, 201, &created)
		e := created.ID
		if loc := r.header.Get("Location"); loc != orgPath(e) {
			t.Errorf("Location %q", loc)
		}
		s.do(t, req{method: "PUT", path: orgPath(e) + "/prereview", auth: tk.cq, body: map[string]any{
			"founders": "新河村村民委员会", "mediators": "赵一、钱二、孙三", "premises": "村委会", "funding": "村集体经费"}}).ok(t, 204, nil)
		var pr struct{ Founders, Funding string }
		s.do(t, req{method: "GET", path: orgPath(e) + "/prereview", auth: tk.cq}).ok(t, 200, &pr)
		if pr.Founders != "新河村村民委员会" {
			t.Errorf("pre-review %+v", pr)
		}
		act := func(tok, action, reason, detail string) *response {
			body := map[string]any{"action": action}
			if reason != "" {
				body["reason"] = reason
			}
			if detail != "" {
				body["detail"] = detail
			}
			return s.do(t, req{method: "POST", path: orgPath(e) + "/actions", auth: tok, body: body})
		}
		p = act(tk.cq, "submit", "", "").problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"charter", "org.charter_missing"}}, p.fields()); diff != "" {
			t.Errorf("submit without a charter (-want +got):\n%s", diff)
		}
		if _, err := s.st.Registry.AddDocument(context.Background(), system, e, registry.DocCharter, "章程", charter(), false); err != nil {
			t.Fatal(err) // uploads are page-only
		}
		for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
			r := s.do(t, req{method: "POST", path: orgPath(e) + "/actions", auth: tk.bureau, lang: lang.Tag(), body: map[string]any{"action": "approve"}})
			p := r.problem(t, 409, "org.bad_transition")
			if want := s.cat.Tm(lang, "org.bad_transition", map[string]string{"action": "approve", "status": "preparing"}); p.Detail != want {
				t.Errorf("%s: detail %q, want %q", lang, p.Detail, want)
			}
		}
		act(tk.cq, "submit", "", "").ok(t, 204, nil)
		var queue struct {
			Items []struct {
				Org staffOrg `json:"org"`
			}
		}
		s.do(t, req{method: "GET", path: "/api/v1/staff/prereview", auth: tk.cq}).ok(t, 200, &queue)
		if len(queue.Items) != 1 || queue.Items[0].Org.ID != e || queue.Items[0].Org.Stage != "township" {
			t.Errorf("城桥's queue %+v", queue)
		}
		s.do(t, req{method: "GET", path: "/api/v1/staff/prereview", auth: tk.bz}).ok(t, 200, &queue)
		if len(queue.Items) != 0 {
			t.Errorf("堡镇's queue %+v", queue)
		}
		act(tk.bz, "opinion", "同意", "support").problem(t, 404, "error.not_found")
		p = act(tk.cq, "opinion", "材料齐全", "").problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"detail", "org.opinion_required"}}, p.fields()); diff != "" {
			t.Errorf("opinion without detail (-want +got):\n%s", diff)
		}
		act(tk.cq, "opinion", "材料齐全，同意设立", "support").ok(t, 204, nil)
		act(tk.cq, "approve", "", "").problem(t, 403, "error.forbidden") // the bureau decides
		act(tk.bureau, "approve", "", "").ok(t, 204, nil)

		reg := func(code string) *response {
			return s.do(t, req{method: "PUT", path: orgPath(e) + "/registration", auth: tk.bureau, lang: "en", body: map[string]any{
				"credit_code": code, "registration_authority": "上海市崇明区司法局", "registration_date": "2026-01-05"}})
		}
		bad := creditCode(t, 2)
		bad = bad[:17] + map[bool]string{true: "1", false: "0"}[bad[17] == '0']
		p = reg(bad).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"credit_code", "uscc.checksum"}}, p.fields()); diff != "" || p.Errors[0].Message != s.cat.T(i18n.En, "uscc.checksum") {
			t.Errorf("invalid credit code (-want +got):\n%s%+v", diff, p.Errors)
		}
		p = reg(creditCode(t, 1)).problem(t, 422, "error.invalid_input") // the centre's
		if diff := cmp.Diff([][2]string{{"credit_code", "org.credit_code_taken"}}, p.fields()); diff != "" {
			t.Errorf("taken credit code (-want +got):\n%s", diff)
		}
		reg(creditCode(t, 2)).ok(t, 204, nil)
		act(tk.bureau, "activate", "", "").ok(t, 204, nil)
		s.do(t, req{method: "GET", path: "/api/v1/orgs/" + id(e)}).ok(t, 200, nil)
		var hist listJSON[struct {
			Action, Role string
			ToStatus     string `json:"to_status"`
			At           string
		}]
		s.do(t, req{method: "GET", path: orgPath(e) + "/history", auth: tk.cq}).ok(t, 200, &hist)
		var steps []string
		for _, h := range hist.Items {
			steps = append(steps, h.Action+":"+h.Role)
			if !strings.HasSuffix(h.At, "Z") {
				t.Errorf("time %q is not UTC", h.At)
			}
		}
		want := []string{"create:township_office", "submit:township_office", "opinion:township_office", "approve:district_bureau", "activate:district_bureau"}
		if diff := cmp.Diff(want, steps); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}

		// Documents: listed for staff in scope, downloaded as files.
		var docs listJSON[struct {
			ID          int64
			Kind, URL   string
			ContentType string `json:"content_type"`
		}]
		s.do(t, req{method: "GET", path: orgPath(e) + "/documents", auth: tk.cq}).ok(t, 200, &docs)
		if len(docs.Items) != 1 || docs.Items[0].Kind != "charter" || docs.Items[0].ContentType != "application/pdf" {
			t.Fatalf("documents %+v", docs)
		}
		s.do(t, req{method: "GET", path: orgPath(e) + "/documents", auth: tk.bz}).problem(t, 404, "error.not_found")
		dl := s.do(t, req{method: "GET", path: docs.Items[0].URL, auth: tk.cq})
		if dl.status != 200 || dl.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(dl.body, []byte("%PDF-1.4")) ||
			!strings.HasPrefix(dl.header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("download: %d %v %.20s", dl.status, dl.header, dl.body)
		}
		s.do(t, req{method: "GET", path: docs.Items[0].URL, auth: tk.bz}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: "/api/v1/orgs/" + id(e) + "/documents/" + id(docs.Items[0].ID)}).problem(t, 404, "error.not_found")

		// Fee standards: drafts, field names as the API spells them, the
		// free-by-law rule, publication.
		feesPath := orgPath(dir.c) + "/fees"
		today := s.st.Clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly)
		draft := map[string]any{"effective_from": today, "minimum_fen": 10_000, "cap_fen": 5_000,
			"tiers": []map[string]any{{"up_to_fen": 100, "fixed_fen": 10_000}, {"rate_bp": 20_000}}}
		p = s.do(t, req{method: "POST", path: feesPath, auth: tk.bureau, body: draft}).problem(t, 422, "error.invalid_input")
		wantFields := [][2]string{{"cap_fen", "fee.cap_below_minimum"}, {"tiers[1].rate_bp", "fee.rate_range"}}
		if diff := cmp.Diff(wantFields, sorted(p.fields())); diff != "" {
			t.Errorf("fee fields (-want +got):\n%s", diff)
		}
		draft["cap_fen"], draft["tiers"] = 0, []map[string]any{{"up_to_fen": 10_000_000, "fixed_fen": 100_000}, {"rate_bp": 100}}
		var saved struct{ Version int }
		s.do(t, req{method: "POST", path: feesPath, auth: tk.bureau, body: draft}).ok(t, 200, &saved)
		if saved.Version != 2 {
			t.Errorf("saved version %d", saved.Version)
		}
		var fees listJSON[feeJSON]
		s.do(t, req{method: "GET", path: feesPath, auth: tk.cq}).ok(t, 200, &fees)
		if len(fees.Items) != 2 || fees.Items[0].Version != 2 || fees.Items[0].Published || !fees.Items[1].Published {
			t.Errorf("fees %+v", fees)
		}
		s.do(t, req{method: "GET", path: feesPath, auth: tk.bz}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "POST", path: feesPath + "/9/publish", auth: tk.bureau}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "POST", path: feesPath + "/2/publish", auth: tk.bureau}).ok(t, 204, nil)
		s.do(t, req{method: "POST", path: feesPath + "/2/publish", auth: tk.bureau}).problem(t, 409, "fee.already_published")
		s.do(t, req{method: "POST", path: orgPath(dir.a) + "/fees", auth: tk.adminA, body: draft}).problem(t, 409, "fee.free_by_law")

		// Services.
		svcPath := orgPath(dir.c) + "/services"
		r = s.do(t, req{method: "POST", path: svcPath, auth: tk.bureau, body: map[string]any{
			"name": "金融纠纷调解", "dispute_types": []string{"finance"}, "price_fen": 50_000, "price_note": "每件"}})
		var svc struct{ ID int64 }
		r.ok(t, 201, &svc)
		if loc := r.header.Get("Location"); loc != svcPath+"/"+id(svc.ID) {
			t.Errorf("service Location %q", loc)
		}
		var svcs listJSON[struct {
			Name      string
			Free      bool
			PriceFen  int64  `json:"price_fen"`
			PriceYuan string `json:"price_yuan"`
		}]
		s.do(t, req{method: "GET", path: svcPath, auth: tk.cq}).ok(t, 200, &svcs)
		if len(svcs.Items) != 1 || svcs.Items[0].PriceYuan != "500.00" || svcs.Items[0].Free {
			t.Errorf("services %+v", svcs)
		}
		s.do(t, req{method: "PUT", path: svcPath + "/" + id(svc.ID), auth: tk.bureau, body: map[string]any{"name": "金融借款纠纷调解"}}).ok(t, 204, nil)
		p = s.do(t, req{method: "PUT", path: svcPath + "/" + id(svc.ID), auth: tk.bureau, body: map[string]any{"name": "x", "price_fen": -1}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"price_fen", "service.price_negative"}}, p.fields()); diff != "" {
			t.Errorf("negative price (-want +got):\n%s", diff)
		}
		s.do(t, req{method: "POST", path: orgPath(dir.a) + "/services", auth: tk.adminA, body: map[string]any{"name": "收费咨询", "price_fen": 100}}).problem(t, 409, "fee.free_by_law")
		s.do(t, req{method: "POST", path: orgPath(dir.a) + "/services", auth: tk.adminA, body: map[string]any{"name": "婚姻家庭纠纷调解"}}).ok(t, 201, nil)
		s.do(t, req{method: "DELETE", path: svcPath + "/" + id(svc.ID), auth: tk.adminA}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "DELETE", path: svcPath + "/" + id(svc.ID), auth: tk.bureau}).ok(t, 204, nil)
		s.do(t, req{method: "DELETE", path: svcPath + "/" + id(svc.ID), auth: tk.bureau}).problem(t, 404, "error.not_found")

		// Featuring is the bureau's.
		feature := map[string]any{"featured": true, "rank": 1, "reason": "年度优秀调解组织"}
		s.do(t, req{method: "PUT", path: orgPath(dir.a) + "/featured", auth: tk.cq, body: feature}).problem(t, 403, "error.forbidden")
		s.do(t, req{method: "PUT", path: orgPath(dir.d) + "/featured", auth: tk.bureau, body: feature}).problem(t, 409, "org.not_public")
		s.do(t, req{method: "PUT", path: orgPath(dir.a) + "/featured", auth: tk.bureau, body: feature}).ok(t, 204, nil)
		var feat listJSON[orgCardJSON]
		s.do(t, req{method: "GET", path: "/api/v1/featured"}).ok(t, 200, &feat)
		if diff := cmp.Diff([]int64{dir.a}, cardIDs(feat.Items)); diff != "" {
			t.Errorf("featured (-want +got):\n%s", diff)
		}
	})
}

// TestStaffRoster works the roster through the API: masked identity
// numbers everywhere but the bureau's audited reveal, scope, versions and
// removal.
func TestStaffRoster(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		dir := s.fill(t)
		tk := s.staff(t, dir)
		s.noClearIDNumbers(t)

		newID := withCheck("31023019900215002")
		body := map[string]any{"name": "陈美华", "id_number": newID, "phone": "13800001111", "background": "psychology",
			"grade": 3, "specialties": []string{"marriage_family"}, "languages": []string{"chongming"}, "public": true,
			"orgs": []map[string]any{{"org_id": dir.a, "position": "chief"}}}
		s.do(t, req{method: "POST", path: "/api/v1/staff/mediators", auth: tk.bz, body: body}).problem(t, 403, "mediator.org_out_of_scope")
		r := s.do(t, req{method: "POST", path: "/api/v1/staff/mediators", auth: tk.adminA, body: body})
		var created struct{ ID int64 }
		r.ok(t, 201, &created)
		path := "/api/v1/staff/mediators/" + id(created.ID)
		if r.header.Get("Location") != path {
			t.Errorf("Location %q", r.header.Get("Location"))
		}
		dup := with(body, "name", "陈美丽")
		p := s.do(t, req{method: "POST", path: "/api/v1/staff/mediators", auth: tk.adminA, body: dup}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"id_number", "mediator.id_taken"}}, p.fields()); diff != "" {
			t.Errorf("duplicate (-want +got):\n%s", diff)
		}

		var m struct {
			Name           string
			Gender         string
			IDNumberMasked string `json:"id_number_masked"`
			PhoneMasked    string `json:"phone_masked"`
			Status         string
			Version        int
			Orgs           []struct {
				OrgID    int64 `json:"org_id"`
				Position string
			}
		}
		s.do(t, req{method: "GET", path: path, auth: tk.cq}).ok(t, 200, &m)
		if m.IDNumberMasked != tiaojie.MaskIDNumber(newID) || m.PhoneMasked != "138****1111" || m.Gender != "female" ||
			len(m.Orgs) != 1 || m.Orgs[0].OrgID != dir.a || m.Orgs[0].Position != "chief" {
			t.Errorf("mediator %+v", m)
		}
		s.do(t, req{method: "GET", path: path, auth: tk.bz}).problem(t, 404, "error.not_found")
		var list listJSON[struct{ ID int64 }]
		s.do(t, req{method: "GET", path: "/api/v1/staff/mediators?q=" + newID, auth: tk.cq}).ok(t, 200, &list)
		if list.Total != 1 || list.Items[0].ID != created.ID {
			t.Errorf("search by identity number %+v", list)
		}
		s.do(t, req{method: "GET", path: "/api/v1/staff/mediators?org_id=" + id(dir.a), auth: tk.bz}).ok(t, 200, &list)
		if list.Total != 0 {
			t.Errorf("堡镇 sees 城桥's mediators: %+v", list)
		}

		// Versions.
		edit := with(body, "bio", "擅长婚姻家庭纠纷。")
		delete(edit, "id_number")
		edit["version"] = m.Version
		s.do(t, req{method: "PUT", path: path, auth: tk.adminA, body: edit}).ok(t, 204, nil)
		s.do(t, req{method: "PUT", path: path, auth: tk.adminA, body: edit}).problem(t, 409, "mediator.stale")

		// Reveal: the bureau's alone, for a purpose, audited.
		reveal := func(tok, purpose string) *response {
			return s.do(t, req{method: "POST", path: path + "/reveal", auth: tok, body: map[string]any{"purpose": purpose}})
		}
		reveal(tk.cq, "核查").problem(t, 403, "mediator.reveal_bureau_only")
		p = reveal(tk.bureau, " ").problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"purpose", "mediator.purpose_required"}}, p.fields()); diff != "" {
			t.Errorf("reveal without purpose (-want +got):\n%s", diff)
		}
		var rev struct {
			IDNumber string `json:"id_number"`
		}
		reveal(tk.bureau, "资格核查").ok(t, 200, &rev)
		if rev.IDNumber != newID {
			t.Errorf("revealed %q", rev.IDNumber)
		}
		if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'mediator.reveal_id' AND actor = 'bureau'`); n != 1 {
			t.Errorf("%d reveal rows", n)
		}

		// Status: removal is the bureau's and final.
		status := func(tok string, b map[string]any) *response {
			return s.do(t, req{method: "POST", path: path + "/status", auth: tok, body: b})
		}
		remove := map[string]any{"status": "removed", "reason": "违反调解纪律", "decision": "崇司〔2026〕2号"}
		status(tk.cq, remove).problem(t, 403, "mediator.removal_bureau_only")
		p = status(tk.cq, map[string]any{"status": "suspended"}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"reason", "mediator.reason_required"}}, p.fields()); diff != "" {
			t.Errorf("suspend without reason (-want +got):\n%s", diff)
		}
		status(tk.bureau, remove).ok(t, 204, nil)
		status(tk.bureau, map[string]any{"status": "active"}).problem(t, 409, "mediator.bad_transition")
		s.do(t, req{method: "GET", path: "/api/v1/mediators/" + id(created.ID)}).problem(t, 404, "error.not_found")
		var hist listJSON[struct {
			From, To, Decision, Actor string
		}]
		s.do(t, req{method: "GET", path: path + "/history", auth: tk.cq}).ok(t, 200, &hist)
		if len(hist.Items) != 1 || hist.Items[0].To != "removed" || hist.Items[0].Decision != "崇司〔2026〕2号" || hist.Items[0].Actor != "bureau" {
			t.Errorf("history %+v", hist)
		}
		edit["version"] = m.Version + 1
		s.do(t, req{method: "PUT", path: path, auth: tk.adminA, body: edit}).problem(t, 409, "mediator.removed")
	})
}

// with returns a copy of m with one key set.
func with(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for key, val := range m {
		out[key] = val
	}
	out[k] = v
	return out
}

// TestStaffContent edits the alliance's content and reads it as the
// public.
func TestStaffContent(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		s := newStack(t, d)
		bureau := s.user(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
		office := s.user(t, "office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		tok := s.token(t, bureau, tiaojie.PermContentEdit)
		other := s.token(t, office, tiaojie.PermOrgsRead)

		article := map[string]any{"kind": "news", "title": "调解联盟成立", "summary": "崇明区调解组织联盟今天成立。",
			"body": "第一段。\n\n第二段。"}
		s.do(t, req{method: "POST", path: "/api/v1/staff/articles", auth: other, body: article}).problem(t, 403, "error.forbidden")
		p := s.do(t, req{method: "POST", path: "/api/v1/staff/articles", auth: tok, body: map[string]any{"kind": "event", "title": "x"}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"event_at", "content.event_at"}, {"title", "content.title_length"}}, sorted(p.fields())); diff != "" {
			t.Errorf("article rules (-want +got):\n%s", diff)
		}
		r := s.do(t, req{method: "POST", path: "/api/v1/staff/articles", auth: tok, body: article})
		var created struct{ ID int64 }
		r.ok(t, 201, &created)
		path := "/api/v1/staff/articles/" + id(created.ID)
		if r.header.Get("Location") != path {
			t.Errorf("Location %q", r.header.Get("Location"))
		}
		public := "/api/v1/news/" + id(created.ID)
		s.do(t, req{method: "GET", path: public}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "GET", path: public, auth: tok}).problem(t, 404, "error.not_found") // the public view, whoever asks
		article["title"] = "崇明区调解组织联盟成立"
		s.do(t, req{method: "PUT", path: path, auth: tok, body: article}).ok(t, 204, nil)
		s.do(t, req{method: "PUT", path: "/api/v1/staff/articles/999999", auth: tok, body: article}).problem(t, 404, "error.not_found")
		s.do(t, req{method: "POST", path: path + "/status", auth: tok, body: map[string]any{"status": "live"}}).problem(t, 422, "error.invalid_input")
		s.do(t, req{method: "POST", path: path + "/status", auth: tok, body: map[string]any{"status": "published"}}).ok(t, 204, nil)

		var a struct {
			Title, Body, Status string
			PublishedAt         string `json:"published_at"`
			AuthorID            int64  `json:"author_id"`
		}
		s.do(t, req{method: "GET", path: public}).ok(t, 200, &a)
		if a.Title != "崇明区调解组织联盟成立" || a.Body != "第一段。\n\n第二段。" || a.Status != "" || a.AuthorID != 0 || !strings.HasSuffix(a.PublishedAt, "Z") {
			t.Errorf("public article %+v", a)
		}
		var news listJSON[struct{ Title, Body string }]
		s.do(t, req{method: "GET", path: "/api/v1/news?kind=news"}).ok(t, 200, &news)
		if news.Total != 1 || news.Items[0].Body != "" {
			t.Errorf("news %+v", news)
		}
		s.do(t, req{method: "GET", path: "/api/v1/news?kind=event"}).ok(t, 200, &news)
		if news.Total != 0 || news.Items == nil {
			t.Errorf("events %+v", news)
		}
		s.do(t, req{method: "GET", path: path, auth: tok}).ok(t, 200, &a)
		if a.Status != "published" || a.AuthorID != bureau.UserID {
			t.Errorf("staff article %+v", a)
		}
		var all listJSON[struct{ Status string }]
		s.do(t, req{method: "GET", path: "/api/v1/staff/articles", auth: tok}).ok(t, 200, &all)
		if all.Total != 1 || all.Items[0].Status != "published" {
			t.Errorf("staff list %+v", all)
		}
	})
}

// pageOf maps each directory operation to the page route doing the same
// thing: both must declare the same permission, so that the API allows
// exactly what the pages allow.
var pageOf = map[string]string{
	"GET /api/v1/directory/orgs":            "GET /directory",
	"GET /api/v1/orgs/{id}":                 "GET /orgs/{id}",
	"GET /api/v1/orgs/{id}/mediators":       "GET /orgs/{id}",
	"GET /api/v1/orgs/{id}/fee":             "GET /orgs/{id}",
	"GET /api/v1/orgs/{id}/documents/{doc}": "GET /orgs/{id}/documents/{doc}",
	"GET /api/v1/directory/mediators":       "GET /directory/mediators",
	"GET /api/v1/mediators/{id}":            "GET /mediators/{id}",
	"GET /api/v1/news":                      "GET /news",
	"GET /api/v1/news/{id}":                 "GET /news/{id}",
	"GET /api/v1/files/{key}":               "GET /files/{key}",

	"GET /api/v1/staff/orgs":                                "GET /staff/orgs",
	"POST /api/v1/staff/orgs":                               "POST /staff/orgs",
	"GET /api/v1/staff/orgs/{id}":                           "GET /staff/orgs/{id}",
	"PUT /api/v1/staff/orgs/{id}":                           "POST /staff/orgs/{id}",
	"POST /api/v1/staff/orgs/{id}/actions":                  "POST /staff/orgs/{id}/lifecycle",
	"GET /api/v1/staff/orgs/{id}/history":                   "GET /staff/orgs/{id}",
	"PUT /api/v1/staff/orgs/{id}/registration":              "POST /staff/orgs/{id}/registration",
	"GET /api/v1/staff/orgs/{id}/prereview":                 "GET /staff/orgs/{id}",
	"PUT /api/v1/staff/orgs/{id}/prereview":                 "POST /staff/orgs/{id}/prereview",
	"GET /api/v1/staff/prereview":                           "GET /staff/prereview",
	"GET /api/v1/staff/orgs/{id}/documents":                 "GET /staff/orgs/{id}",
	"GET /api/v1/staff/orgs/{id}/documents/{doc}":           "GET /staff/orgs/{id}/documents/{doc}",
	"GET /api/v1/staff/orgs/{id}/fees":                      "GET /staff/orgs/{id}",
	"POST /api/v1/staff/orgs/{id}/fees":                     "POST /staff/orgs/{id}/fees",
	"POST /api/v1/staff/orgs/{id}/fees/{version}/publish":   "POST /staff/orgs/{id}/fees/{version}/publish",
	"GET /api/v1/staff/orgs/{id}/services":                  "GET /staff/orgs/{id}",
	"POST /api/v1/staff/orgs/{id}/services":                 "POST /staff/orgs/{id}/services",
	"PUT /api/v1/staff/orgs/{id}/services/{service}":        "POST /staff/orgs/{id}/services/{sid}",
	"DELETE /api/v1/staff/orgs/{id}/services/{service}":     "POST /staff/orgs/{id}/services/{sid}/delete",
	"PUT /api/v1/staff/orgs/{id}/featured":                  "POST /staff/orgs/{id}/featured",
	"GET /api/v1/staff/mediators":                           "GET /staff/mediators",
	"POST /api/v1/staff/mediators":                          "POST /staff/mediators",
	"GET /api/v1/staff/mediators/{id}":                      "GET /staff/mediators/{id}",
	"PUT /api/v1/staff/mediators/{id}":                      "POST /staff/mediators/{id}",
	"POST /api/v1/staff/mediators/{id}/status":              "POST /staff/mediators/{id}/status",
	"POST /api/v1/staff/mediators/{id}/reveal":              "POST /staff/mediators/{id}/reveal",
	"GET /api/v1/staff/mediators/{id}/history":              "GET /staff/mediators/{id}",
	"GET /api/v1/staff/articles":                            "GET /staff/content",
	"POST /api/v1/staff/articles":                           "POST /staff/content",
	"GET /api/v1/staff/articles/{id}":                       "GET /staff/content/{id}",
	"PUT /api/v1/staff/articles/{id}":                       "POST /staff/content/{id}",
	"POST /api/v1/staff/articles/{id}/status":               "POST /staff/content/{id}/status",
	"POST /api/v1/staff/articles/{id}/pictures":             "POST /staff/content/{id}/pictures",
	"GET /api/v1/staff/articles/{id}/pictures/{picture}":    "GET /staff/content/{id}/pictures/{picture}",
	"DELETE /api/v1/staff/articles/{id}/pictures/{picture}": "POST /staff/content/{id}/pictures/{picture}/delete",
}

// TestPermissionsMatchPages checks that each operation declares the
// permission of the page route that does the same thing.
func TestPermissionsMatchPages(t *testing.T) {
	matchPages(t, directoryOperations, pageOf, "GET /api/v1/featured", "GET /api/v1/taxonomy")
}
