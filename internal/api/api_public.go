package api

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/i18n"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
)

// The public operations answer as the public sees the platform, whoever
// calls: a logged-in editor gets no drafts here, so a public URL means
// the same to everyone. They are limited per client address (ratelimit.go).

// orgCard is an organization in a result list.
type orgCard struct {
	ID             int64         `json:"id"`
	Name           string        `json:"name"`
	NameHighlight  []segment     `json:"name_highlight" doc:"名称按查询词分段 The name in pieces, query matches marked"`
	ShortName      string        `json:"short_name"`
	Snippet        []segment     `json:"snippet" doc:"简介中匹配处前后约 80 字 About 80 characters of the description around the first match"`
	Type           orgTypeName   `json:"type"`
	LegalForm      legalFormName `json:"legal_form"`
	Township       string        `json:"township" doc:"乡镇代码 Township code"`
	TownshipName   string        `json:"township_name"`
	Stars          int           `json:"stars" doc:"有效星级 1–5，0 表示无 Valid star rating 1–5; 0: none"`
	Paid           bool          `json:"paid" doc:"已公布收费标准 Has published a fee standard"`
	Online         bool          `json:"online" doc:"提供在线调解 Offers online mediation"`
	Featured       bool          `json:"featured" doc:"选树推荐 Featured by the bureau"`
	FeaturedReason string        `json:"featured_reason,omitempty"`
	Specialties    []disputeCode `json:"specialties"`
	LogoURL        string        `json:"logo_url,omitempty"`
}

func orgCardOut(c registry.OrgCard) orgCard {
	return orgCard{ID: c.ID, Name: c.Name, NameHighlight: segmentsOut(c.NameSegments), ShortName: c.ShortName,
		Snippet: segmentsOut(c.Snippet), Type: orgTypeName(c.Type), LegalForm: legalFormName(c.LegalForm),
		Township: c.Township, TownshipName: c.TownshipName, Stars: c.Stars, Paid: c.Paid, Online: c.Online,
		Featured: c.Featured, FeaturedReason: c.FeaturedReason, Specialties: disputes(c.Specialties), LogoURL: fileURL(c.Logo)}
}

// disputes converts dispute type codes; never nil.
func disputes(cs []string) []disputeCode {
	out := make([]disputeCode, 0, len(cs))
	for _, c := range cs {
		out = append(out, disputeCode(c))
	}
	return out
}

// orgPage is one page of the organization directory.
type orgPage struct {
	Items       []orgCard `json:"items"`
	Total       int       `json:"total" doc:"匹配数，最多计到 1000 Matches, counted up to 1000"`
	TotalCapped bool      `json:"total_capped" doc:"匹配超过 1000 条（请缩小范围）More than 1000 matched: narrow the search"`
	Offset      int       `json:"offset"`
	Limit       int       `json:"limit"`
	Terms       []string  `json:"terms" doc:"查询切分出的词，用于高亮其他文字 The query's terms, to mark other text"`
}

type orgDirectoryInput struct {
	Q           string        `query:"q" maxLength:"100" doc:"关键词：名称、简介、服务、擅长领域、地址 Words: name, description, services, specialties, address"`
	Township    string        `query:"township" maxLength:"16" doc:"乡镇代码，见 /taxonomy Township code, see /taxonomy"`
	Type        orgTypeName   `query:"type"`
	LegalForm   legalFormName `query:"legal_form"`
	DisputeType []disputeCode `query:"dispute_type,explode" maxItems:"20" doc:"可重复：服务其中任一类纠纷 Repeatable: serves any of these"`
	MinStars    int           `query:"min_stars" minimum:"0" maximum:"5" doc:"最低有效星级 Least valid star rating"`
	Paid        triState      `query:"paid" doc:"true 收费，false 免费 true: charges; false: free"`
	Online      triState      `query:"online" doc:"是否提供在线调解 Offers online mediation"`
	Language    string        `query:"language" maxLength:"32" doc:"语言或方言代码，如 chongming Language or dialect code, e.g. chongming"`
	Offset      int           `query:"offset" minimum:"0" maximum:"1000"`
	Limit       int           `query:"limit" minimum:"0" maximum:"50" doc:"每页条数，默认 20 Page size; default 20"`
}

func (h *Handler) orgDirectory(ctx context.Context, in *orgDirectoryInput) (*body[orgPage], error) {
	page, err := h.registry.Directory(ctx, registry.DirectoryQuery{
		Q: in.Q, Township: in.Township, Type: tiaojie.OrgType(in.Type), LegalForm: tiaojie.LegalForm(in.LegalForm),
		DisputeTypes: strs(in.DisputeType), MinStars: in.MinStars, Paid: in.Paid.ptr(), Online: in.Online.ptr(),
		Language: in.Language, Offset: in.Offset, Limit: in.Limit,
	})
	if err != nil {
		return nil, err
	}
	out := orgPage{Items: make([]orgCard, 0, len(page.Cards)), Total: page.Total, TotalCapped: page.TotalCapped,
		Offset: page.Offset, Limit: page.Limit, Terms: orEmpty(page.Terms)}
	for _, c := range page.Cards {
		out.Items = append(out.Items, orgCardOut(c))
	}
	return &body[orgPage]{Body: out}, nil
}

// orgCards is a list of organizations.
type orgCards struct {
	Items []orgCard `json:"items"`
}

func (h *Handler) featured(ctx context.Context, _ *none) (*body[orgCards], error) {
	cards, err := h.registry.Featured(ctx)
	if err != nil {
		return nil, err
	}
	out := orgCards{Items: make([]orgCard, 0, len(cards))}
	for _, c := range cards {
		out.Items = append(out.Items, orgCardOut(c))
	}
	return &body[orgCards]{Body: out}, nil
}

// publicOrg is an organization's public page (SPEC C1).
type publicOrg struct {
	ID                    int64         `json:"id"`
	Name                  string        `json:"name"`
	ShortName             string        `json:"short_name"`
	Type                  orgTypeName   `json:"type"`
	LegalForm             legalFormName `json:"legal_form"`
	Level                 levelName     `json:"level"`
	Status                orgStatusName `json:"status" doc:"active（正常）或 rectifying（整改中，仍在服务）active, or rectifying (still serving)"`
	Township              string        `json:"township"`
	TownshipName          string        `json:"township_name"`
	Address               string        `json:"address"`
	Latitude              *float64      `json:"latitude,omitempty" doc:"GCJ-02 纬度 Latitude (GCJ-02)"`
	Longitude             *float64      `json:"longitude,omitempty" doc:"GCJ-02 经度 Longitude (GCJ-02)"`
	MapURL                string        `json:"map_url,omitempty" doc:"高德地图链接 A link that opens the place in AMap"`
	CreditCode            string        `json:"credit_code" doc:"统一社会信用代码 Unified social credit code"`
	RegistrationAuthority string        `json:"registration_authority"`
	RegistrationDate      string        `json:"registration_date,omitempty" doc:"登记日期 YYYY-MM-DD Registration date"`
	LegalRep              string        `json:"legal_rep" doc:"法定代表人或负责人 Legal representative"`
	ContactName           string        `json:"contact_name"`
	ContactPhone          string        `json:"contact_phone" doc:"对外服务电话 The published service number"`
	Email                 string        `json:"email"`
	Website               string        `json:"website"`
	Description           string        `json:"description"`
	Online                bool          `json:"online"`
	Paid                  bool          `json:"paid"`
	Specialties           []disputeCode `json:"specialties"`
	Languages             []string      `json:"languages" doc:"语言或方言代码 Language or dialect codes"`
	LogoURL               string        `json:"logo_url,omitempty"`
	FoundedAt             string        `json:"founded_at,omitempty" doc:"成立日期 YYYY-MM-DD Founding date"`
	Stars                 int           `json:"stars"`
	StarsUntil            *time.Time    `json:"stars_until,omitempty"`
	Featured              bool          `json:"featured"`
	FeaturedReason        string        `json:"featured_reason,omitempty"`
	Services              []service     `json:"services" doc:"调解产品服务清单 The service list"`
	FeeInForce            *feeStandard  `json:"fee_in_force,omitempty" doc:"今天生效的收费标准；免费组织没有 The fee standard in force today; none for free organizations"`
	FeeHistory            []feeStandard `json:"fee_history" doc:"全部已公布的收费标准，新版本在前 Every published fee standard, newest version first"`
	Documents             []document    `json:"documents" doc:"公开文件 Public documents"`
	Notices               []notice      `json:"notices" doc:"奖惩信息 Rewards and sanctions"`
}

// notice is a reward or sanction on an organization's public record.
type notice struct {
	Kind   string    `json:"kind" enum:"reward,sanction"`
	Title  string    `json:"title"`
	Issuer string    `json:"issuer"`
	At     time.Time `json:"at"`
}

func publicOrgOut(pp *registry.PublicProfile) publicOrg {
	out := publicOrg{ID: pp.ID, Name: pp.Name, ShortName: pp.ShortName, Type: orgTypeName(pp.Type),
		LegalForm: legalFormName(pp.LegalForm), Level: levelName(pp.Level), Status: orgStatusName(pp.Status),
		Township: pp.Township, TownshipName: pp.TownshipName, Address: pp.Address, Latitude: pp.Latitude,
		Longitude: pp.Longitude, MapURL: pp.MapURL, CreditCode: pp.CreditCode,
		RegistrationAuthority: pp.RegistrationAuthority, RegistrationDate: dateOut(pp.RegistrationDate),
		LegalRep: pp.LegalRep, ContactName: pp.ContactName, ContactPhone: pp.ContactPhone, Email: pp.Email,
		Website: pp.Website, Description: pp.Description, Online: pp.Online, Paid: pp.Paid,
		Specialties: disputes(pp.Specialties), Languages: orEmpty(pp.Languages), LogoURL: fileURL(pp.Logo),
		FoundedAt: dateOut(pp.FoundedAt), Stars: pp.Stars, StarsUntil: utc(pp.StarsUntil), Featured: pp.Featured,
		FeaturedReason: pp.FeaturedReason, Services: servicesOut(pp.Services, false),
		FeeHistory: make([]feeStandard, 0, len(pp.FeeHistory)), Documents: make([]document, 0, len(pp.Documents)),
		Notices: make([]notice, 0, len(pp.Notices))}
	if pp.FeeInForce != nil {
		fs := feeStandardOut(*pp.FeeInForce)
		out.FeeInForce = &fs
	}
	for _, fs := range pp.FeeHistory {
		out.FeeHistory = append(out.FeeHistory, feeStandardOut(fs))
	}
	for _, d := range pp.Documents {
		out.Documents = append(out.Documents, documentOut(d, false))
	}
	for _, n := range pp.Notices {
		out.Notices = append(out.Notices, notice{Kind: n.Kind, Title: n.Title, Issuer: n.Issuer, At: n.At.UTC()})
	}
	return out
}

func (h *Handler) publicOrg(ctx context.Context, in *idPath) (*body[publicOrg], error) {
	pp, err := h.registry.PublicOrg(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[publicOrg]{Body: publicOrgOut(pp)}, nil
}

// mediatorCards is a list of public mediators.
type mediatorCards struct {
	Items []mediatorCard `json:"items"`
}

func (h *Handler) orgMediators(ctx context.Context, in *idPath) (*body[mediatorCards], error) {
	if _, err := h.registry.PublicOrg(ctx, in.ID); err != nil { // a hidden organization has no public page
		return nil, err
	}
	cards, err := h.roster.OrgMediators(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := mediatorCards{Items: make([]mediatorCard, 0, len(cards))}
	for _, c := range cards {
		out.Items = append(out.Items, mediatorCardOut(c))
	}
	return &body[mediatorCards]{Body: out}, nil
}

type feeQuoteInput struct {
	ID        int64  `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Amount    string `query:"amount" maxLength:"20" doc:"争议金额（元），如 1000000 或 6,750.50 Amount in dispute in yuan, e.g. 1000000 or 6,750.50"`
	AmountFen int64  `query:"amount_fen" minimum:"0" doc:"或以分为单位的争议金额 Or the amount in dispute in fen"`
	Date      string `query:"date" format:"date" doc:"受理日期 YYYY-MM-DD（北京时间），默认今天 Day of acceptance (Beijing); default today"`
}

// feeQuote is the fee of a case under the standard in force on a date.
type feeQuote struct {
	OrgID      int64        `json:"org_id"`
	Date       string       `json:"date" doc:"所用日期 YYYY-MM-DD The date used"`
	AmountFen  int64        `json:"amount_fen"`
	AmountYuan string       `json:"amount_yuan"`
	FeeFen     int64        `json:"fee_fen"`
	FeeYuan    string       `json:"fee_yuan"`
	Free       bool         `json:"free" doc:"依法免费（人民调解等），此时没有收费标准 Free by law (people's mediation); no standard then"`
	Standard   *feeStandard `json:"standard,omitempty" doc:"计费所依据的收费标准 The standard the fee follows"`
}

func (h *Handler) feeQuote(ctx context.Context, in *feeQuoteInput) (*body[feeQuote], error) {
	amount, on, err := h.quoteInput(in)
	if err != nil {
		return nil, err
	}
	pp, err := h.registry.PublicOrg(ctx, in.ID) // the public quote only for a public organization
	if err != nil {
		return nil, err
	}
	fee, std, err := h.registry.FeeFor(ctx, in.ID, amount, on)
	if err != nil {
		return nil, err
	}
	out := feeQuote{OrgID: in.ID, Date: dateOut(on), AmountFen: int64(amount), AmountYuan: yuan(amount),
		FeeFen: int64(fee), FeeYuan: yuan(fee), Free: !tiaojie.MayCharge(pp.Type, pp.LegalForm)}
	if !out.Free {
		fs := feeStandardOut(std)
		out.Standard = &fs
	}
	return &body[feeQuote]{Body: out}, nil
}

// quoteInput reads the amount (in yuan or in fen, not both; none is 0,
// which pays the first tier's fixed part) and the date (today by
// default) of a fee quote.
func (h *Handler) quoteInput(in *feeQuoteInput) (tiaojie.Money, time.Time, error) {
	var fe tiaojie.FieldErrors
	amount := tiaojie.Money(in.AmountFen)
	if in.Amount != "" {
		m, err := tiaojie.ParseYuan(in.Amount)
		switch {
		case in.AmountFen != 0:
			fe.Add("amount", codeAmountBoth)
		case err != nil:
			fe.Add("amount", "money.format")
		}
		amount = m
	}
	on, err := dateIn("date", in.Date)
	if err != nil {
		fe.Add("date", codeDate)
	}
	if on.IsZero() {
		bj := h.clock.Now().In(tiaojie.Beijing())
		on = time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, tiaojie.Beijing())
	}
	return amount, on, fe.Err()
}

type publicDocumentInput struct {
	ID  int64 `path:"id" minimum:"1" doc:"调解组织编号 Organization ID"`
	Doc int64 `path:"doc" minimum:"1" doc:"文件编号 Document ID"`
}

func (h *Handler) publicDocument(ctx context.Context, in *publicDocumentInput) (*download, error) {
	m, data, err := h.registry.OpenDocument(ctx, tiaojie.Anonymous(), in.ID, in.Doc)
	if err != nil {
		return nil, err
	}
	return &download{ContentType: m.ContentType, ContentDisposition: attachment(m.Filename), Body: data}, nil
}

type fileInput struct {
	Key string `path:"key" maxLength:"64" doc:"文件键，来自 logo_url、photo_url 或 cover_url The file key, from logo_url, photo_url or cover_url"`
}

func (h *Handler) publicFile(ctx context.Context, in *fileInput) (*download, error) {
	m, data, err := h.files.Public(ctx, h.db.Reader(), in.Key)
	if err != nil {
		return nil, err
	}
	return &download{ContentType: m.ContentType, ContentDisposition: "inline", Body: data}, nil
}

// mediatorCard is a mediator in a result list or on an organization's
// public page.
type mediatorCard struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	NameHighlight []segment     `json:"name_highlight"`
	Gender        string        `json:"gender" enum:",male,female"`
	PhotoURL      string        `json:"photo_url,omitempty"`
	Grade         int           `json:"grade" minimum:"0" maximum:"4" doc:"1 一级（最高）至 4 四级，0 未定级 1 (highest) to 4; 0 ungraded"`
	Orgs          []orgRef      `json:"orgs" doc:"所属的公开调解组织 The public organizations the mediator serves"`
	Specialties   []disputeCode `json:"specialties"`
	Languages     []string      `json:"languages"`
	Years         int           `json:"years" doc:"从业年数，0 表示不详 Years of practice; 0 unknown"`
}

// orgRef is an organization on a mediator's public card.
type orgRef struct {
	ID       int64        `json:"id"`
	Name     string       `json:"name"`
	Township string       `json:"township"`
	Position positionName `json:"position"`
}

func orgRefsOut(rs []roster.OrgRef) []orgRef {
	out := make([]orgRef, 0, len(rs))
	for _, r := range rs {
		out = append(out, orgRef{ID: r.ID, Name: r.Name, Township: r.Township, Position: positionName(r.Position)})
	}
	return out
}

func mediatorCardOut(c roster.Card) mediatorCard {
	return mediatorCard{ID: c.ID, Name: c.Name, NameHighlight: segmentsOut(c.NameMarked), Gender: c.Gender,
		PhotoURL: fileURL(c.Photo), Grade: int(c.Grade), Orgs: orgRefsOut(c.Orgs), Specialties: disputes(c.Specialties),
		Languages: orEmpty(c.Languages), Years: c.Years}
}

// mediatorPage is one page of the mediator directory.
type mediatorPage struct {
	Items       []mediatorCard `json:"items"`
	Total       int            `json:"total" doc:"匹配数，最多计到 1000 Matches, counted up to 1000"`
	TotalCapped bool           `json:"total_capped" doc:"匹配超过 1000 条 More than 1000 matched"`
	Offset      int            `json:"offset"`
	Limit       int            `json:"limit"`
	Terms       []string       `json:"terms"`
}

type mediatorDirectoryInput struct {
	Q           string      `query:"q" maxLength:"100" doc:"关键词：姓名、简介、证书、擅长领域、语言 Words: name, biography, certificates, specialties, languages"`
	Township    string      `query:"township" maxLength:"16" doc:"所属组织所在乡镇代码 Township code of the organization"`
	OrgID       int64       `query:"org_id" minimum:"0" doc:"所属调解组织编号 Organization ID"`
	DisputeType disputeCode `query:"dispute_type" doc:"擅长的纠纷类型 A specialty"`
	Language    string      `query:"language" maxLength:"32"`
	Grade       int         `query:"grade" minimum:"0" maximum:"4" doc:"等级 1–4，0 或省略不限 Grade 1–4; 0 or absent: any"`
	Offset      int         `query:"offset" minimum:"0" maximum:"1000"`
	Limit       int         `query:"limit" minimum:"0" maximum:"50" doc:"每页条数，默认 20 Page size; default 20"`
}

func (h *Handler) mediatorDirectory(ctx context.Context, in *mediatorDirectoryInput) (*body[mediatorPage], error) {
	page, err := h.roster.Directory(ctx, roster.DirectoryQuery{Q: in.Q, OrgID: in.OrgID, Township: in.Township,
		DisputeType: string(in.DisputeType), Language: in.Language, Grade: tiaojie.MediatorGrade(in.Grade),
		Offset: in.Offset, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := mediatorPage{Items: make([]mediatorCard, 0, len(page.Cards)), Total: page.Total, TotalCapped: page.More,
		Offset: page.Offset, Limit: page.Limit, Terms: orEmpty(page.Terms)}
	for _, c := range page.Cards {
		out.Items = append(out.Items, mediatorCardOut(c))
	}
	return &body[mediatorPage]{Body: out}, nil
}

// publicMediator is a mediator's public page: what the mediator agreed to
// publish, never an identity number or a phone.
type publicMediator struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Gender        string        `json:"gender" enum:",male,female"`
	PhotoURL      string        `json:"photo_url,omitempty"`
	Grade         int           `json:"grade" minimum:"0" maximum:"4"`
	Background    string        `json:"background" doc:"专业背景代码，见 /taxonomy Background code, see /taxonomy"`
	Certificates  string        `json:"certificates"`
	Specialties   []disputeCode `json:"specialties"`
	Languages     []string      `json:"languages"`
	PracticeSince int           `json:"practice_since" doc:"开始从事调解的年份，0 不详 Year practice began; 0 unknown"`
	Years         int           `json:"years"`
	Bio           string        `json:"bio"`
	Orgs          []orgRef      `json:"orgs"`
}

func (h *Handler) publicMediator(ctx context.Context, in *idPath) (*body[publicMediator], error) {
	pm, err := h.roster.PublicMediator(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[publicMediator]{Body: publicMediator{ID: pm.ID, Name: pm.Name, Gender: pm.Gender, PhotoURL: fileURL(pm.Photo),
		Grade: int(pm.Grade), Background: pm.Background, Certificates: pm.Certificates, Specialties: disputes(pm.Specialties),
		Languages: orEmpty(pm.Languages), PracticeSince: pm.PracticeSince, Years: pm.Years, Bio: pm.Bio, Orgs: orgRefsOut(pm.Orgs)}}, nil
}

// named is a code with its Chinese and English names.
type named struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// disputeType is a dispute type of the taxonomy.
type disputeType struct {
	named
	Commercial bool `json:"commercial" doc:"商事调解领域 A field of commercial mediation"`
}

// legalFormInfo is a legal form with what it implies.
type legalFormInfo struct {
	named
	NeedsCreditCode bool   `json:"needs_credit_code" doc:"登记须有统一社会信用代码 Registration needs a credit code"`
	Authority       string `json:"authority" enum:"civil_affairs,market_regulation,justice" doc:"登记机关类别 Kind of registration authority"`
}

// gradeInfo is a mediator grade.
type gradeInfo struct {
	Grade  int    `json:"grade"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// taxonomy is every code the directory uses, with its names.
type taxonomy struct {
	DisputeTypes   []disputeType   `json:"dispute_types"`
	OrgTypes       []named         `json:"org_types"`
	LegalForms     []legalFormInfo `json:"legal_forms"`
	Levels         []named         `json:"levels"`
	OrgStatuses    []named         `json:"org_statuses"`
	Languages      []named         `json:"languages" doc:"本区可选的语言和方言 The district's languages and dialects"`
	Townships      []township      `json:"townships"`
	MediatorGrades []gradeInfo     `json:"mediator_grades"`
	Positions      []named         `json:"positions"`
	Backgrounds    []named         `json:"backgrounds"`
	DocumentKinds  []named         `json:"document_kinds"`
}

func (h *Handler) taxonomy(context.Context, *none) (*body[taxonomy], error) {
	var t taxonomy
	for _, d := range tiaojie.DisputeTypes() {
		t.DisputeTypes = append(t.DisputeTypes, disputeType{named{d.Code, d.Name, d.NameEn}, d.Commercial})
	}
	t.OrgTypes = h.catalogNames("org.type.", strs(tiaojie.OrgTypes()))
	for i, n := range h.catalogNames("org.form.", strs(tiaojie.LegalForms())) {
		f := tiaojie.LegalForms()[i]
		t.LegalForms = append(t.LegalForms, legalFormInfo{n, f.NeedsCreditCode(), f.Authority()})
	}
	t.Levels = h.catalogNames("org.level.", strs(tiaojie.OrgLevels()))
	t.OrgStatuses = h.catalogNames("org.status.", strs(tiaojie.OrgStatuses()))
	t.DocumentKinds = h.catalogNames("org.document.kind.", strs(registry.DocKinds()))
	for _, l := range h.district.Languages {
		t.Languages = append(t.Languages, named{l.Code, l.Name, l.NameEn})
	}
	for _, tw := range h.district.Townships {
		t.Townships = append(t.Townships, township{Code: tw.Code, Name: tw.Name, NameEn: tw.NameEn, Kind: tw.Kind})
	}
	for g := range 5 {
		code := codeGradePrefix + strconv.Itoa(g)
		t.MediatorGrades = append(t.MediatorGrades, gradeInfo{g, h.catalog.T(i18n.Zh, code), h.catalog.T(i18n.En, code)})
	}
	for _, p := range roster.Positions() {
		t.Positions = append(t.Positions, named{string(p), p.Name(), p.NameEn()})
	}
	for _, b := range roster.Backgrounds() {
		t.Backgrounds = append(t.Backgrounds, named{b.Code, b.Name, b.NameEn})
	}
	t.Languages, t.Townships = orEmpty(t.Languages), orEmpty(t.Townships)
	return &body[taxonomy]{Body: t}, nil
}

// catalogNames names codes from the message catalogue (prefix + code).
func (h *Handler) catalogNames(prefix string, codes []string) []named {
	out := make([]named, 0, len(codes))
	for _, c := range codes {
		out = append(out, named{c, h.catalog.T(i18n.Zh, prefix+c), h.catalog.T(i18n.En, prefix+c)})
	}
	return out
}

// The public operations' descriptions, Chinese first.
const (
	descSearchOrgs      = "检索公开目录中的调解组织（正常或整改中的），支持一个或多个汉字、字母和数字的关键词与筛选。排序：名称含关键词者在前，其次选树推荐、星级、名称。name_highlight 与 snippet 按关键词分段，match 为 true 的段可加粗显示。无需登录，按客户端地址限流。\n\nSearches the public directory (organizations active or rectifying) by words of one or more Chinese characters, letters or digits, with filters. Ranking: names containing a term first, then featured, stars, name. name_highlight and snippet come in pieces; show pieces with match true marked. No login; rate-limited per client address."
	descFeatured        = "区司法局选树推荐的调解组织，按推荐顺序。\n\nThe organizations the district bureau features, in its order."
	descPublicOrg       = "调解组织的公开页面：基本信息、登记信息、服务清单、现行收费标准（金额以分为单位并附元）、历次公布的收费标准、公开文件和奖惩信息。非公开（筹建、审查中、暂停、注销等）的组织返回 404。\n\nAn organization's public page: profile, registration, service list, the fee standard in force (amounts in fen, with yuan), every published standard, public documents and notices. An organization that is not public answers 404."
	descOrgMediators    = "调解组织公开名册中的调解员：首席在前，其次按等级和姓名。被暂停或除名的调解员不在其中。\n\nThe organization's mediators on the public roster: chief first, then by grade and name. Suspended and removed mediators are not listed."
	descFeeQuote        = "按某日生效的收费标准计算一件争议金额的调解费。金额用 amount（元，如 1000000 或 6,750.50）或 amount_fen（分）给出，省略为 0（只收第一档固定费用）；date 为受理日期 YYYY-MM-DD（北京时间），默认今天。人民调解依法免费：fee_fen 为 0、free 为 true。该日没有生效的收费标准时返回 404 fee.none_in_force。\n\nComputes the fee of a case under the standard in force on a date. Give the amount in dispute as amount (yuan, e.g. 1000000 or 6,750.50) or amount_fen (fen); absent means 0 (the first band's fixed part only). date is the day of acceptance, YYYY-MM-DD in Beijing, today by default. People's mediation is free by law: fee_fen 0, free true. Without a standard in force on that date: 404 fee.none_in_force."
	descPublicDocument  = "下载公开组织的公开文件（章程、信息公开等），以附件形式返回原文件。\n\nDownloads a public document of a public organization, as an attachment."
	descSearchMediators = "检索公开名册中的调解员：公开、在册（未暂停、未除名）且属于公开调解组织的。排序：姓名含关键词者在前，其次等级（一级在前）、姓名。\n\nSearches the public roster: mediators who are public, active and members of a public organization. Ranking: names containing a term first, then grade (1 first), name."
	descPublicMediator  = "调解员的公开页面。不在公开名册中（未公开、暂停、除名）的返回 404。从不包含身份证号码或手机号。\n\nA mediator's public page; one not on the public roster (not public, suspended, removed) answers 404. It never holds an identity number or phone."
	descListNews        = "已发布的联盟介绍、新闻和活动，最新在前；列表不含正文。\n\nPublished introductions, news and events, newest first; lists leave out the body."
	descGetNews         = "一篇已发布的文章，含正文。草稿和已归档的返回 404。\n\nOne published article with its body. Drafts and archived articles answer 404."
	descTaxonomy        = "目录使用的全部代码及其中英文名称：纠纷类型、组织类型、组织形式、层级、状态、语言和方言、乡镇、调解员等级、职务、专业背景、文件类别。\n\nEvery code the directory uses, with Chinese and English names: dispute types, organization types, legal forms, levels, statuses, languages and dialects, townships, mediator grades, positions, backgrounds, document kinds."
	descPublicFile      = "公开的图片：调解组织标识、公开调解员的照片、文章封面（logo_url、photo_url、cover_url 所指）。其他文件返回 404。\n\nA public picture: an organization's logo, a public mediator's photo, an article's cover (what logo_url, photo_url and cover_url point to). Any other file answers 404."
)
