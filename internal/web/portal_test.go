package web_test

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
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/content"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/server/servertest"
)

// pubXinhe is a third township of the built-in profile.
const pubXinhe = "310151103" // 新河镇

// pubCreditCode is the unified social credit code of the commercial
// centre of the tests (a valid one: its check character is right).
const pubCreditCode = "91350100M000100Y43"

// pubAlliance is the platform with a small pubAlliance in it: organizations
// taken through the real lifecycle as the platform itself, mediators on
// the roster, news, a logo, a photo and documents, all made through the
// services as the staff pages would.
type pubAlliance struct {
	*stack
	st        *servertest.Stack
	org       map[string]int64  // by short key: marriage, medical, commercial, property, suspended
	mediator  map[string]int64  // by name
	docs      map[string]int64  // documents of the commercial centre: disclosure (public), charter (not)
	keys      map[string]string // file keys: logo, photo, cover, charter
	article   map[string]int64  // news, event, draft, intro
	codeTails int
}

// newPubAlliance builds the platform over d and fills it.
func newPubAlliance(t testing.TB, d *db.DB) *pubAlliance {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st := servertest.New(t, d, servertest.Options{Clock: clock.NewFake(start), Log: log})
	a := &pubAlliance{stack: &stack{db: d, auth: st.Auth, clock: st.Clock, srv: st.HTTP}, st: st,
		org: map[string]int64{}, mediator: map[string]int64{}, docs: map[string]int64{}, keys: map[string]string{},
		article: map[string]int64{}}
	a.fill(t)
	return a
}

var pubSys = tiaojie.System()

func pubMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// pubPDF is a minimal PDF, as the file service recognizes one.
func pubPDF(name string) files.Upload {
	return files.Upload{Filename: name, Body: bytes.NewReader([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))}
}

// pubPNG is a small PNG picture of one colour.
func pubPNG(t testing.TB, name string, c color.RGBA) files.Upload {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		for y := range 64 {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	pubMust(t, png.Encode(&b, img))
	return files.Upload{Filename: name, Body: &b}
}

// creditCode returns a valid credit code: the commercial centre's for
// the commercial form, otherwise a fresh one with a right check character.
func (a *pubAlliance) creditCode(t testing.TB, form tiaojie.LegalForm) string {
	t.Helper()
	if form == tiaojie.FormSocialService {
		return pubCreditCode
	}
	a.codeTails++
	first := fmt.Sprintf("51310151MJ00000%02d", a.codeTails)
	c, err := tiaojie.USCCCheckChar(first)
	pubMust(t, err)
	return first + string(c)
}

// activeOrg creates an organization and takes it through pre-review,
// registration and activation as the platform itself.
func (a *pubAlliance) activeOrg(t testing.TB, key string, in registry.OrgInput) int64 {
	t.Helper()
	ctx, reg := context.Background(), a.st.Registry
	id, err := reg.Create(ctx, pubSys, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	pubMust(t, reg.SetPrereview(ctx, pubSys, id, registry.Prereview{
		Founders: "镇人民政府", Mediators: "调解员 5 人", Premises: "镇公共法律服务工作站", Funding: "财政保障"}))
	charter, err := reg.AddDocument(ctx, pubSys, id, registry.DocCharter, "章程", pubPDF("章程.pdf"), false)
	pubMust(t, err)
	pubMust(t, reg.Act(ctx, pubSys, id, tiaojie.ActSubmit, "", ""))
	o, err := reg.Get(ctx, pubSys, id)
	pubMust(t, err)
	if o.Stage == tiaojie.StageTownship {
		pubMust(t, reg.Act(ctx, pubSys, id, tiaojie.ActOpinion, "材料齐全", registry.OpinionSupport))
	}
	pubMust(t, reg.Act(ctx, pubSys, id, tiaojie.ActApprove, "", ""))
	pubMust(t, reg.SetRegistration(ctx, pubSys, id, tiaojie.Registration{
		CreditCode: a.creditCode(t, in.LegalForm), Authority: "上海市崇明区司法局", Date: start.AddDate(0, 0, -30)}))
	pubMust(t, reg.Act(ctx, pubSys, id, tiaojie.ActActivate, "", ""))
	a.org[key] = id
	if key == "commercial" {
		a.docs["charter"], a.keys["charter"] = charter.ID, charter.FileKey
	}
	return id
}

// pubCommittee is a village people's mediation pubCommittee of a township.
func pubCommittee(name, township, desc string, specialties, languages []string) registry.OrgInput {
	return registry.OrgInput{
		Name: name, Type: tiaojie.OrgBasic, LegalForm: tiaojie.FormPeoplesCommittee, Level: tiaojie.LevelVillage,
		Township: township, Address: "人民路 68 号", ContactName: "张老师", ContactPhone: "021-59621234",
		Description: desc, Specialties: specialties, Languages: languages,
	}
}

// pubChengdu is the worked example's fee standard (DOMAIN.md §(b)9).
func pubChengdu(from time.Time) tiaojie.FeeStandard {
	y := func(n int64) tiaojie.Money { return tiaojie.Money(n * 100) }
	return tiaojie.FeeStandard{
		EffectiveFrom: from, Cap: y(300_000), Note: "按争议金额分档累进计算，由双方平均分担。",
		Tiers: []tiaojie.FeeTier{
			{UpTo: y(200_000), Fixed: y(2_000)}, {UpTo: y(500_000), RateBP: 75}, {UpTo: y(1_000_000), RateBP: 50},
			{UpTo: y(2_000_000), RateBP: 45}, {UpTo: y(5_000_000), RateBP: 40}, {UpTo: y(10_000_000), RateBP: 35},
			{UpTo: y(20_000_000), RateBP: 30}, {RateBP: 25},
		},
	}
}

// fill makes the pubAlliance of the tests.
func (a *pubAlliance) fill(t testing.TB) {
	t.Helper()
	ctx, reg := context.Background(), a.st.Registry
	marriage := a.activeOrg(t, "marriage", pubCommittee("城桥镇婚姻家庭人民调解委员会", chengqiao,
		"专门调解婚姻家庭纠纷和邻里纠纷，调解员可用崇明话沟通。", []string{"marriage_family", "neighbour"}, []string{"mandarin", "chongming"}))
	pubMust(t, reg.SetFeatured(ctx, pubSys, marriage, true, 1, "连续三年婚姻家庭纠纷调解成功率超过九成"))
	// Star ratings (SPEC C7) are not rated through a service yet: set one
	// as the rating would, valid until the end of 2027.
	if _, err := a.db.Writer().Exec(`UPDATE orgs SET stars = $1, stars_until = $2 WHERE id = $3`,
		4, time.Date(2027, 12, 31, 0, 0, 0, 0, tiaojie.Beijing()), marriage); err != nil {
		t.Fatal(err)
	}
	medical := pubCommittee("崇明区医患纠纷人民调解委员会", chengqiao, "依法调解医疗纠纷，医学和法律专家共同参与，不收取任何费用。",
		[]string{"medical"}, []string{"mandarin"})
	medical.Type, medical.Level, medical.Online = tiaojie.OrgProfessional, tiaojie.LevelDistrict, true
	a.activeOrg(t, "medical", medical)
	com := pubCommittee("崇明区商事调解中心", chengqiao, "金融借款、买卖合同等商事纠纷的调解。", []string{"finance", "contract"}, []string{"mandarin", "shanghainese"})
	com.Type, com.LegalForm, com.Level, com.Online = tiaojie.OrgCommercial, tiaojie.FormSocialService, tiaojie.LevelDistrict, true
	com.Email, com.Website, com.LegalRep = "service@cm-shangshi.example.cn", "https://cm-shangshi.example.cn", "王建国"
	lat, lng := 31.6229, 121.3973
	com.Latitude, com.Longitude = &lat, &lng
	commercial := a.activeOrg(t, "commercial", com)
	a.activeOrg(t, "property", pubCommittee("堡镇物业纠纷人民调解委员会", baozhen, "调解小区物业服务、停车和维修资金纠纷。",
		[]string{"property_mgmt"}, []string{"mandarin"}))
	suspended := a.activeOrg(t, "suspended", pubCommittee("新河镇邻里纠纷人民调解委员会", pubXinhe, "调解邻里之间的婚姻家庭和相邻关系纠纷。",
		[]string{"neighbour", "marriage_family"}, []string{"chongming"}))
	pubMust(t, reg.Act(ctx, pubSys, suspended, tiaojie.ActSuspend, "未按要求整改", ""))

	// The commercial centre: a logo, a published fee standard, a service
	// list and a public disclosure beside its private charter.
	pubMust(t, reg.SetLogo(ctx, pubSys, commercial, pubPNG(t, "logo.png", color.RGBA{10, 77, 140, 255})))
	o, err := reg.Get(ctx, pubSys, commercial)
	pubMust(t, err)
	a.keys["logo"] = o.Logo
	today := start.In(tiaojie.Beijing())
	v, err := reg.SaveFeeDraft(ctx, pubSys, commercial, pubChengdu(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, tiaojie.Beijing())))
	pubMust(t, err)
	pubMust(t, reg.PublishFee(ctx, pubSys, commercial, v))
	price := tiaojie.Money(3_000_00)
	_, err = reg.AddService(ctx, pubSys, commercial, registry.ServiceInput{Name: "金融借款纠纷调解", Description: "银行、小额贷款公司与借款人之间的纠纷。",
		DisputeTypes: []string{"finance"}, Price: &price, PriceNote: "每件起价，按标的额分档收费，详见收费标准", Position: 1})
	pubMust(t, err)
	_, err = reg.AddService(ctx, pubSys, commercial, registry.ServiceInput{Name: "调解协议司法确认指引", DisputeTypes: []string{"contract"}, Position: 2})
	pubMust(t, err)
	disclosure, err := reg.AddDocument(ctx, pubSys, commercial, registry.DocDisclosure, "2026 年度信息公开报告", pubPDF("2026年度报告.pdf"), true)
	pubMust(t, err)
	a.docs["disclosure"] = disclosure.ID

	a.fillRoster(t)
	a.fillContent(t)
}

// pubWomanID is a valid identity number (a woman born 1975-03-08), which no
// public page may ever show.
const pubWomanID = "310230197503080422"

// fillRoster puts mediators on the roster: public ones, a removed one and
// one who did not agree to be listed.
func (a *pubAlliance) fillRoster(t testing.TB) {
	t.Helper()
	ctx, ros := context.Background(), a.st.Roster
	add := func(name string, org int64, pos roster.Position, grade int, specialty string, public bool, more func(*roster.MediatorInput)) int64 {
		t.Helper()
		in := roster.MediatorInput{Name: name, Background: "law", Grade: tiaojie.MediatorGrade(grade), PracticeSince: 2012, Public: public,
			Specialties: []string{specialty}, Languages: []string{"mandarin", "chongming"},
			Bio: "长期从事基层调解工作。", Orgs: []roster.Membership{{OrgID: org, Position: pos}}}
		if more != nil {
			more(&in)
		}
		id, err := ros.Create(ctx, pubSys, in)
		if err != nil {
			t.Fatalf("mediator %s: %v", name, err)
		}
		a.mediator[name] = id
		return id
	}
	li := add("李春梅", a.org["marriage"], roster.PositionChief, 1, "marriage_family", true, func(in *roster.MediatorInput) {
		in.IDNumber, in.Phone, in.Gender, in.Certificates = pubWomanID, "13812345678", "female", "人民调解员等级证书（一级）"
	})
	key, err := ros.SetPhoto(ctx, pubSys, li, pubPNG(t, "li.png", color.RGBA{200, 120, 60, 255}))
	pubMust(t, err)
	a.keys["photo"] = key
	add("赵明远", a.org["medical"], roster.PositionFullTime, 2, "medical", true, nil)
	add("钱立新", a.org["commercial"], roster.PositionPartTime, 3, "finance", true, nil)
	removed := add("孙国强", a.org["marriage"], roster.PositionPartTime, 2, "marriage_family", true, nil)
	pubMust(t, ros.SetStatus(ctx, pubSys, removed, tiaojie.MediatorRemoved, "严重违反调解纪律", "崇司〔2026〕12 号"))
	add("周小红", a.org["marriage"], roster.PositionPartTime, 4, "neighbour", false, nil)
}

// fillContent publishes the introduction, news and an event, and keeps a
// draft.
func (a *pubAlliance) fillContent(t testing.TB) {
	t.Helper()
	ctx, con := context.Background(), a.st.Content
	save := func(key string, in content.Input, publish bool) {
		t.Helper()
		id, err := con.Save(ctx, pubSys, 0, in)
		pubMust(t, err)
		if publish {
			pubMust(t, con.SetStatus(ctx, pubSys, id, content.Published))
		}
		a.article[key] = id
	}
	save("intro", content.Input{Kind: content.Intro, Title: "调解联盟简介", Body: "崇明区调解联盟汇聚全区调解组织。\n\n群众可以就近找到调解组织。"}, true)
	save("news", content.Input{Kind: content.News, Title: "调解联盟正式成立", Summary: "全区 18 个乡镇的调解组织加入联盟。",
		Body: "今天，调解联盟正式成立。\n\n首批加入的调解组织共 40 家。", VideoURL: "https://video.example.cn/alliance"}, true)
	pubMust(t, con.SetCover(ctx, pubSys, a.article["news"], pubPNG(t, "cover.png", color.RGBA{30, 120, 90, 255})))
	for i, caption := range []string{"联盟成立大会现场", "首批成员单位代表合影留念，共同推进矛盾纠纷多元化解", ""} {
		_, err := con.AddPicture(ctx, pubSys, a.article["news"], pubPNG(t, "p.png", color.RGBA{uint8(60 * i), 90, 160, 255}), caption)
		pubMust(t, err)
	}
	got, err := con.Get(ctx, pubSys, a.article["news"])
	pubMust(t, err)
	a.keys["cover"] = got.Cover
	save("event", content.Input{Kind: content.Event, Title: "婚姻家庭纠纷调解公开课", Body: "欢迎群众参加。",
		EventAt: time.Date(2026, 12, 5, 6, 30, 0, 0, time.UTC)}, true)
	save("draft", content.Input{Kind: content.News, Title: "尚未发布的草稿", Body: "草稿正文。"}, false)
}

// pubMarked finds the highlighted parts of a page.
var pubMarked = regexp.MustCompile(`<mark>([^<]*)</mark>`)

// pubResults returns the result cards' section of a directory page.
func pubResults(body string) string {
	if i := strings.Index(body, `id="results"`); i >= 0 {
		return body[i:]
	}
	return body
}

func TestPortalDirectory(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		a := newPubAlliance(t, d)
		b := a.browser(t)
		for _, tc := range []struct {
			name   string
			query  url.Values
			shows  []string
			hides  []string
			marked string // a highlighted term, "" for none
		}{
			{"婚姻", url.Values{"q": {"婚姻"}}, []string{"城桥镇<mark>婚姻</mark>家庭人民调解委员会", "共 1 个调解组织"},
				[]string{"医患", "商事调解中心", "物业", "新河镇"}, "婚姻"},
			{"医疗", url.Values{"q": {"医疗"}}, []string{"崇明区医患纠纷人民调解委员会", "共 1 个调解组织"},
				[]string{"婚姻家庭人民", "商事调解中心"}, "医疗"},
			{"one character", url.Values{"q": {"堡"}}, []string{"<mark>堡</mark>镇物业纠纷人民调解委员会"}, []string{"医患", "商事"}, "堡"},
			{"township", url.Values{"township": {baozhen}}, []string{"堡镇物业纠纷人民调解委员会", "共 1 个调解组织"},
				[]string{"城桥镇婚姻", "医患"}, ""},
			{"dispute type", url.Values{"dispute": {"medical", "property_mgmt"}}, []string{"医患纠纷", "堡镇物业", "共 2 个调解组织"},
				[]string{"城桥镇婚姻", "商事调解中心"}, ""},
			{"paid", url.Values{"fee": {"paid"}}, []string{"崇明区商事调解中心", "共 1 个调解组织"}, []string{"医患", "城桥镇婚姻"}, ""},
			{"free", url.Values{"fee": {"free"}}, []string{"医患纠纷", "城桥镇婚姻", "堡镇物业"}, []string{"商事调解中心"}, ""},
			{"dialect", url.Values{"lang": {"chongming"}}, []string{"城桥镇婚姻家庭人民调解委员会", "共 1 个调解组织"},
				[]string{"医患", "商事", "新河镇"}, ""},
			{"stars", url.Values{"stars": {"4"}}, []string{"城桥镇婚姻家庭人民调解委员会", "共 1 个调解组织", "4 星级"},
				[]string{"医患", "商事", "堡镇"}, ""},
			{"online", url.Values{"online": {"1"}}, []string{"医患纠纷", "商事调解中心"}, []string{"城桥镇婚姻", "堡镇物业"}, ""},
			{"nothing", url.Values{"q": {"海事"}}, []string{"没有找到符合条件的调解组织", "12348", "共 0 个调解组织"}, []string{"rcard"}, ""},
			{"unknown filter values are ignored", url.Values{"township": {"x"}, "fee": {"maybe"}, "dispute": {"nope"}},
				[]string{"共 4 个调解组织"}, nil, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := b.get("/directory?" + tc.query.Encode())
				p.want(t, http.StatusOK, "/directory", tc.shows...)
				res := pubResults(p.body)
				for _, h := range tc.hides {
					if strings.Contains(res, h) {
						t.Errorf("results show %q:\n%s", h, excerpt(res))
					}
				}
				if tc.marked != "" {
					m := pubMarked.FindAllStringSubmatch(res, -1)
					if len(m) == 0 || m[0][1] != tc.marked {
						t.Errorf("highlights %v, want %q", m, tc.marked)
					}
				}
			})
		}
		// The suspended pubCommittee is nowhere to be found, not even by name.
		b.get("/directory?q="+url.QueryEscape("新河镇")).want(t, http.StatusOK, "", "共 0 个调解组织")
		b.get(fmt.Sprintf("/orgs/%d", a.org["suspended"])).want(t, http.StatusNotFound, "", "该调解组织不存在或暂未公开")
	})
}

func TestPortalDirectoryEscapes(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	p := a.browser(t).get("/directory?q=" + url.QueryEscape(`<script>婚姻"`))
	p.want(t, http.StatusOK, "/directory", `value="&lt;script&gt;婚姻&#34;"`)
	p.lacks(t, "<script>婚姻")
}

func TestPortalFragment(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	p := b.get("/directory?q="+url.QueryEscape("医疗"), "HX-Request", "true", "HX-Target", "results")
	p.want(t, http.StatusOK, "", "<mark>医疗</mark>", `id="org-results"`, `hx-swap-oob="innerHTML"`, "共 1 个调解组织",
		`id="dir-tabs"`, `/directory/mediators?q=%E5%8C%BB%E7%96%97`)
	p.lacks(t, "<html", "<form", `id="f-q"`)
	// Without HX-Target (a history restore) the whole page comes back.
	b.get("/directory?q="+url.QueryEscape("医疗"), "HX-Request", "true").want(t, http.StatusOK, "", "<html", `id="f-q"`)

	m := b.get("/directory/mediators?q="+url.QueryEscape("李"), "HX-Request", "true", "HX-Target", "results")
	m.want(t, http.StatusOK, "", "<mark>李</mark>春梅", "共 1 名调解员")
	m.lacks(t, "<html")

	// Pages keep every filter, dispute types included.
	many := url.Values{"dispute": {"medical", "property_mgmt", "finance", "marriage_family", "neighbour"}}
	p = b.get("/directory?" + many.Encode())
	p.want(t, http.StatusOK, "", "共 4 个调解组织")
}

func TestPortalOrgPage(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	id := a.org["commercial"]
	p := b.get(fmt.Sprintf("/orgs/%d", id))
	p.want(t, http.StatusOK, "", "<title>崇明区商事调解中心 ·", "<h1 id=\"org-h\">崇明区商事调解中心</h1>",
		pubCreditCode, "上海市崇明区司法局", "法定代表人（负责人）</dt><dd>王建国", "商事型", "民办非企业单位（社会服务机构）", "区级", "城桥镇",
		// the fee standard in force, tier by tier, and the worked example
		"第 1 版", "200,000 元及以下", "每件 2,000 元",
		"超过 200,000 元 至 500,000 元 的部分", "按 0.75% 收取", "超过 20,000,000 元 的部分", "按 0.25% 收取",
		"每件最高收费 300,000 元", "按争议金额分档累进计算", "争议金额 1,000,000.00 元，按现行标准调解费为 6,750.00 元",
		// the service list
		"金融借款纠纷调解", "3,000 元", "每件起价", "调解协议司法确认指引",
		// contact and map
		`href="tel:02159621234"`, `href="mailto:service@cm-shangshi.example.cn"`,
		`href="https://uri.amap.com/marker?position=121.397300,31.622900`, `target="_blank" rel="noopener"`,
		// public mediators, disclosures, rewards and sanctions
		"钱立新", "兼职调解员", fmt.Sprintf(`href="/orgs/%d/documents/%d"`, id, a.docs["disclosure"]), "2026 年度信息公开报告",
		`id="no-notices">暂无`,
		`src="/files/`+a.keys["logo"]+`"`, fmt.Sprintf(`href="/apply?org=%d"`, id), fmt.Sprintf(`href="/complain?org=%d"`, id))
	p.lacks(t, "章程", fmt.Sprintf("/documents/%d", a.docs["charter"]))

	// The calculator: an amount typed, and a wrong one.
	b.get(fmt.Sprintf("/orgs/%d?amount=300000", id)).want(t, http.StatusOK, "", "争议金额 300,000.00 元，按现行标准调解费为 2,750.00 元")
	b.get(fmt.Sprintf("/orgs/%d?amount=abc", id)).want(t, http.StatusOK, "", "请输入以元为单位的金额", `aria-invalid="true"`)

	// A people's mediation pubCommittee is free, and says so; its removed and
	// unlisted mediators do not appear, its chief does, without her
	// identity number or phone.
	m := b.get(fmt.Sprintf("/orgs/%d", a.org["marriage"]))
	m.want(t, http.StatusOK, "", "本组织提供免费调解服务", "李春梅", "首席调解员", "一级调解员", "选树推荐", "连续三年婚姻家庭",
		"4 星级（有效期至 2027-12-31）")
	m.lacks(t, "孙国强", "周小红", pubWomanID, "13812345678", "1381234", "6,750.00")

	for _, path := range []string{"/orgs/0", "/orgs/abc", "/orgs/99999", fmt.Sprintf("/orgs/%d", a.org["suspended"])} {
		b.get(path).want(t, http.StatusNotFound, "")
	}
}

func TestPortalDocuments(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	id := a.org["commercial"]
	p := b.get(fmt.Sprintf("/orgs/%d/documents/%d", id, a.docs["disclosure"]))
	if p.status != http.StatusOK || !strings.HasPrefix(p.body, "%PDF-1.4") {
		t.Fatalf("disclosure: %d %q", p.status, excerpt(p.body))
	}
	for k, want := range map[string]string{
		"Content-Type": "application/pdf", "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff",
		"Content-Disposition": `attachment; filename="2026____.pdf"; filename*=UTF-8''2026%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf`,
	} {
		if got := p.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	// Not public, not of this organization, or of an organization the
	// public does not see: not found, for a staff member on this page too.
	admin, _ := a.staff(t, "bureau.user", tiaojie.Grant{Role: tiaojie.RoleBureau})
	for _, who := range []*browser{b, admin} {
		for _, path := range []string{
			fmt.Sprintf("/orgs/%d/documents/%d", id, a.docs["charter"]),
			fmt.Sprintf("/orgs/%d/documents/%d", a.org["marriage"], a.docs["disclosure"]),
			fmt.Sprintf("/orgs/%d/documents/x", id),
		} {
			if p := who.get(path); p.status != http.StatusNotFound || strings.HasPrefix(p.body, "%PDF") {
				t.Errorf("%s: %d", path, p.status)
			}
		}
	}
	pubMust(t, a.st.Registry.Act(context.Background(), pubSys, id, tiaojie.ActSuspend, "暂停", ""))
	b.get(fmt.Sprintf("/orgs/%d/documents/%d", id, a.docs["disclosure"])).want(t, http.StatusNotFound, "")
}

func TestPortalFiles(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	for _, k := range []string{"logo", "photo", "cover"} {
		p := b.get("/files/" + a.keys[k])
		if p.status != http.StatusOK || !strings.HasPrefix(p.body, "\x89PNG") {
			t.Fatalf("%s: %d", k, p.status)
		}
		if ct, cc := p.header.Get("Content-Type"), p.header.Get("Cache-Control"); ct != "image/png" || cc != "public, max-age=86400" {
			t.Errorf("%s: Content-Type %q, Cache-Control %q", k, ct, cc)
		}
		if p.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", k)
		}
		again := b.get("/files/"+a.keys[k], "If-None-Match", p.header.Get("ETag"))
		if again.status != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", k, again.status)
		}
	}
	// A document's file is not a public file, and a removed mediator's
	// photo stops being one.
	b.get("/files/"+a.keys["charter"]).want(t, http.StatusNotFound, "")
	b.get("/files/no-such-key.png").want(t, http.StatusNotFound, "")
	pubMust(t, a.st.Roster.SetStatus(context.Background(), pubSys, a.mediator["李春梅"], tiaojie.MediatorRemoved, "违纪", "决定"))
	b.get("/files/"+a.keys["photo"]).want(t, http.StatusNotFound, "")
}

func TestPortalMediators(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	p := b.get("/directory/mediators")
	p.want(t, http.StatusOK, "/directory/mediators", "共 3 名调解员", "李春梅", "赵明远", "钱立新", `src="/files/`+a.keys["photo"]+`"`)
	p.lacks(t, "孙国强", "周小红")
	b.get("/directory/mediators?q="+url.QueryEscape("孙国强")).want(t, http.StatusOK, "", "共 0 名调解员", "没有找到符合条件的调解员")
	b.get("/directory/mediators?dispute=medical").want(t, http.StatusOK, "", "共 1 名调解员", "赵明远")
	b.get("/directory/mediators?grade=1&lang=chongming&township="+chengqiao).want(t, http.StatusOK, "", "共 1 名调解员", "李春梅")

	li := b.get(fmt.Sprintf("/mediators/%d", a.mediator["李春梅"]))
	li.want(t, http.StatusOK, "", "<h1 id=\"mediator-h\">李春梅</h1>", "一级调解员", "法律", "自 2012 年起从事调解",
		"婚姻家庭", "崇明话", "城桥镇婚姻家庭人民调解委员会", "首席调解员", "人民调解员等级证书（一级）", "长期从事基层调解工作")
	li.lacks(t, pubWomanID, "13812345678", "1381234", "310230")
	for _, name := range []string{"孙国强", "周小红"} {
		b.get(fmt.Sprintf("/mediators/%d", a.mediator[name])).want(t, http.StatusNotFound, "")
	}
	// An organization's page shows its first eight mediators and links to
	// all of them.
	com := a.org["commercial"]
	for i := range 8 {
		_, err := a.st.Roster.Create(context.Background(), pubSys, roster.MediatorInput{Name: fmt.Sprintf("商事调解员%d", i+1),
			Public: true, Grade: 2, Orgs: []roster.Membership{{OrgID: com, Position: roster.PositionPartTime}}})
		pubMust(t, err)
	}
	op := b.get(fmt.Sprintf("/orgs/%d", com))
	op.want(t, http.StatusOK, "", "（9 名）", fmt.Sprintf(`href="/directory/mediators?org=%d"`, com), "查看全部 9 名调解员")
	if n := strings.Count(op.body, `href="/mediators/`); n != 8 {
		t.Errorf("the organization's page shows %d mediators, want 8", n)
	}
	all := b.get(fmt.Sprintf("/directory/mediators?org=%d", com))
	all.want(t, http.StatusOK, "", "共 9 名调解员", "崇明区商事调解中心<span aria-hidden=\"true\"> ×</span>", "钱立新")
	all.lacks(t, "李春梅")
	b.get(fmt.Sprintf("/directory/mediators?org=%d", a.org["suspended"])).want(t, http.StatusOK, "", "共 11 名调解员")

	// A mediator removed now leaves the directory and the page at once.
	pubMust(t, a.st.Roster.SetStatus(context.Background(), pubSys, a.mediator["赵明远"], tiaojie.MediatorRemoved, "违纪", "决定"))
	b.get(fmt.Sprintf("/mediators/%d", a.mediator["赵明远"])).want(t, http.StatusNotFound, "")
	b.get("/directory/mediators?q="+url.QueryEscape("赵明远")).want(t, http.StatusOK, "", "共 0 名调解员")
	b.get(fmt.Sprintf("/orgs/%d", a.org["medical"])).lacks(t, "赵明远")
}

func TestPortalHomeAndNews(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	home := b.get("/")
	home.want(t, http.StatusOK, "/", `id="home-q"`, `<label for="home-q">`, `action="/directory"`,
		"崇明区调解联盟汇聚全区调解组织。", "群众可以就近找到调解组织。",
		"/directory?dispute=marriage_family", "/directory?dispute=medical", "/directory?township="+chengqiao, "堡镇",
		"城桥镇婚姻家庭人民调解委员会", "连续三年婚姻家庭", "调解联盟正式成立",
		`href="/apply"`, `href="/my/cases"`, `href="/complain"`, `href="/consult"`, `href="/directory"`)
	home.lacks(t, "尚未发布的草稿", "婚姻家庭纠纷调解公开课")
	b.get("/soon/directory").want(t, http.StatusOK, "/directory")

	news := b.get("/news")
	news.want(t, http.StatusOK, "/news", "调解联盟正式成立", "全区 18 个乡镇")
	news.lacks(t, "尚未发布的草稿", "调解联盟简介", "婚姻家庭纠纷调解公开课")
	b.get("/news?kind=event").want(t, http.StatusOK, "", "婚姻家庭纠纷调解公开课", "2026-12-05 14:30（北京时间）")

	art := b.get(fmt.Sprintf("/news/%d", a.article["news"]))
	art.want(t, http.StatusOK, "", "<title>调解联盟正式成立 ·", "<p>今天，调解联盟正式成立。</p>", "<p>首批加入的调解组织共 40 家。</p>",
		`src="/files/`+a.keys["cover"]+`"`, `href="https://video.example.cn/alliance" target="_blank" rel="noopener"`,
		`id="gallery"`, "<figcaption>联盟成立大会现场</figcaption>", `alt="调解联盟正式成立" loading="lazy"`)
	b.get(fmt.Sprintf("/news/%d", a.article["event"])).want(t, http.StatusOK, "", "2026-12-05 14:30（北京时间）")
	b.get(fmt.Sprintf("/news/%d", a.article["draft"])).want(t, http.StatusNotFound, "")
	editor, _ := a.staff(t, "editor", tiaojie.Grant{Role: tiaojie.RoleBureau})
	editor.get(fmt.Sprintf("/news/%d", a.article["draft"])).want(t, http.StatusNotFound, "")
}

func TestPortalHomeWithoutContent(t *testing.T) {
	s := newStack(t, dbtest.SQLite(t))
	p := s.browser(t).get("/")
	p.want(t, http.StatusOK, "/", "调解联盟由", "暂无新闻", `id="entries-h"`)
	p.lacks(t, `id="featured"`)
	s.browser(t).get("/directory").want(t, http.StatusOK, "", "共 0 个调解组织", "没有找到符合条件的调解组织")
}

func TestPortalEnglish(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	b.post("/lang", url.Values{"lang": {"en"}, "next": {"/directory?q=" + url.QueryEscape("婚姻")}}).
		want(t, http.StatusOK, "/directory", `<html lang="en">`, "Find a mediation organization", "1 organization",
			"Chengqiao Town", "Marriage and family", "Neighbours", "Grass-roots", "Free", "Featured", `value="婚姻"`)
	b.get("/directory?lang=chongming").want(t, http.StatusOK, "", "1 organization", "Chongming dialect")
	b.get(fmt.Sprintf("/orgs/%d", a.org["commercial"])).want(t, http.StatusOK, "", "Fee standard in force: version 1",
		"Up to ¥200,000", "¥2,000 per case", "The part above ¥200,000 up to ¥500,000", "0.75% of this part",
		"Maximum ¥300,000 per case", "¥6,750.00", "Commercial", "District", "Finance", "Part-time mediator", "Disclosures")
	b.get(fmt.Sprintf("/mediators/%d", a.mediator["李春梅"])).want(t, http.StatusOK, "", "Grade 1 mediator", "Law",
		"Mediating since 2012", "Chongming dialect", "Chief mediator")
	b.get("/").want(t, http.StatusOK, "/", "Search mediation organizations", "By kind of dispute", "Property management",
		"Road traffic accidents", "Baozhen Town", "Featured organizations", "Latest news")
	b.get("/news?kind=event").want(t, http.StatusOK, "", "2026-12-05 14:30 (Beijing time)")
	b.get(fmt.Sprintf("/orgs/%d", a.org["suspended"])).want(t, http.StatusNotFound, "")
}

// TestPortalPagination makes more organizations than a page holds.
func TestPortalPagination(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	for i := range 21 {
		a.activeOrg(t, fmt.Sprintf("extra%d", i), pubCommittee(fmt.Sprintf("城桥镇第%02d村人民调解委员会", i+1), chengqiao,
			"调解村民之间的纠纷。", []string{"neighbour"}, []string{"mandarin"}))
	}
	b := a.browser(t)
	first := b.get("/directory?township=" + chengqiao)
	first.want(t, http.StatusOK, "", "共 24 个调解组织", `aria-current="page">1</a>`, `rel="next"`,
		`href="/directory?page=3&amp;township=`+chengqiao+`"`)
	first.lacks(t, `rel="prev"`)
	last := b.get("/directory?page=3&township=" + chengqiao)
	last.want(t, http.StatusOK, "", `aria-current="page">3</a>`, `rel="prev"`, `hx-get="/directory?page=2&amp;township=`+chengqiao+`"`)
	last.lacks(t, `rel="next"`)
	b.get("/directory?page=99&township="+chengqiao).want(t, http.StatusOK, "", `aria-current="page">3</a>`, "城桥镇第")
	if n := strings.Count(pubResults(last.body), `class="rcard"`); n != 4 {
		t.Errorf("last page shows %d cards, want 4", n)
	}
}

// TestPortalPagesAreClean fetches every public page and checks the
// security headers and that no page carries inline script or style, which
// the Content-Security-Policy would block.
func TestPortalPagesAreClean(t *testing.T) {
	a := newPubAlliance(t, dbtest.SQLite(t))
	b := a.browser(t)
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>[^<]|<script(?:(?:\s(?:defer|async|type="[^"]*"))*)>|<[^>]+\s(?:style|on[a-z]+)=|<style|javascript:`)
	paths := []string{"/", "/directory", "/directory?q=" + url.QueryEscape("婚姻"), "/directory?q=x&fee=paid&online=1",
		"/directory/mediators", "/directory/mediators?q=" + url.QueryEscape("李"),
		"/news", "/news?kind=event", fmt.Sprintf("/news/%d", a.article["news"]), fmt.Sprintf("/news/%d", a.article["event"]),
		fmt.Sprintf("/mediators/%d", a.mediator["李春梅"]), fmt.Sprintf("/mediators/%d", a.mediator["孙国强"]), "/orgs/99999"}
	for _, id := range a.org {
		paths = append(paths, fmt.Sprintf("/orgs/%d", id))
	}
	for _, path := range paths {
		for _, lang := range []string{"zh", "en"} {
			b.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
			p := b.get(path)
			if p.status != http.StatusOK && p.status != http.StatusNotFound {
				t.Errorf("%s: status %d", path, p.status)
			}
			csp := p.header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: headers %v", path, p.header)
			}
			if m := inline.FindString(p.body); m != "" {
				t.Errorf("%s: inline code or style %q", path, m)
			}
			if strings.Contains(p.body, "portal.") {
				t.Errorf("%s (%s): a message code shows: %s", path, lang, excerpt(p.body))
			}
			pubHeadings(t, path, p.body)
		}
	}
}

var pubHeadingTag = regexp.MustCompile(`<h([1-6])[\s>]`)

// pubHeadings fails when a page has no h1, more than one, or skips a
// heading level on the way down (WCAG 1.3.1: headings in order).
func pubHeadings(t *testing.T, path, body string) {
	t.Helper()
	levels := pubHeadingTag.FindAllStringSubmatch(body, -1)
	prev, ones := 0, 0
	for _, m := range levels {
		n := int(m[1][0] - '0')
		if n == 1 {
			ones++
		}
		if n > prev+1 {
			t.Errorf("%s: heading h%d follows h%d", path, n, prev)
		}
		prev = n
	}
	if ones != 1 {
		t.Errorf("%s: %d h1 headings", path, ones)
	}
}
