package cases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/files"
)

// Dossier is a case file (卷宗) as text documents and files, in the order
// of the dossier table (DOMAIN.md §(b)2): the cover with its list of
// contents, the application, evidence, the record of the mediation, the
// agreement, the follow-up, and the fees paid on a commercial case. The
// room's transcript and attachments and the agreement's PDF are added by
// internal/dossier, which holds the room and the fonts.
type Dossier struct {
	Number   string // the file number, or the application number before acceptance
	Cover    string
	Docs     []DossierDoc
	Evidence []DossierFile
}

// DossierDoc is one text document of the file.
type DossierDoc struct {
	Name string // file name in the archive, e.g. "01-调解申请书.txt"
	Text string
}

// DossierFile is one piece of evidence with its bytes.
type DossierFile struct {
	Name string
	Meta files.Meta
	Data []byte
}

// CaseFile assembles the case file for those who read the case's content;
// the assembling is audited.
func (s *Service) CaseFile(ctx context.Context, p *tiaojie.Principal, id int64) (*Dossier, error) {
	v, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !v.Parts.Content {
		return nil, s.settle(ctx, p, "case.dossier", id, notYours("dossier"))
	}
	hist, err := s.History(ctx, p, id)
	if err != nil {
		return nil, err
	}
	ag, err := s.latestAgreement(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	ev, err := s.EvidenceList(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &Dossier{Number: firstNonEmpty(v.FileNo, v.Number)}
	d.Docs = append(d.Docs, DossierDoc{"01-调解申请书.txt", applicationText(v)}, DossierDoc{"02-办理记录.txt", historyText(hist)})
	if ag != nil && ag.EffectiveAt != nil {
		d.Docs = append(d.Docs, DossierDoc{"05-调解协议书.txt", agreementText(ag)})
	}
	visits, err := s.visitsText(ctx, id)
	if err != nil {
		return nil, err
	}
	if visits != "" {
		d.Docs = append(d.Docs, DossierDoc{"06-回访记录.txt", visits})
	}
	if pays, err := s.paymentsText(ctx, v.Case); err != nil {
		return nil, err
	} else if pays != "" {
		d.Docs = append(d.Docs, DossierDoc{"07-收费记录.txt", pays})
	}
	for i, e := range ev {
		// The caller's access was checked above; the dossier's own audit
		// row covers the evidence it holds.
		m, err := s.files.Meta(ctx, s.db.Reader(), e.FileKey)
		if err != nil {
			return nil, err
		}
		data, err := s.files.Read(ctx, m)
		if err != nil {
			return nil, err
		}
		d.Evidence = append(d.Evidence, DossierFile{Name: fmt.Sprintf("03-证据材料/%02d-%s", i+1, m.Filename), Meta: m, Data: data})
	}
	d.Cover = coverText(v, d, s.now())
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "case.dossier", ObjectType: "case", ObjectID: itoa(id)})
	return d, err
}

func day(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.In(tiaojie.Beijing()).Format("2006年1月2日")
}

// coverText is the cover (封面) with the contents of the file.
func coverText(v *View, d *Dossier, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "卷宗封面\n\n卷名：%s\n卷号：%s\n调解组织：%s\n人民调解员：%s\n调解日期：%s 至 %s\n结果：%s\n立卷日期：%s\n\n卷内目录：\n",
		v.Title, d.Number, v.OrgName, v.MediatorName, day(v.AcceptedAt), day(v.EndedAt), endText(v),
		now.In(tiaojie.Beijing()).Format("2006年1月2日"))
	for _, doc := range d.Docs {
		fmt.Fprintf(&b, "  %s\n", doc.Name)
	}
	for _, f := range d.Evidence {
		fmt.Fprintf(&b, "  %s（SM3 %s）\n", f.Name, f.Meta.SM3)
	}
	b.WriteString("  04-调解记录（在线调解室）.txt\n")
	return b.String()
}

func endText(v *View) string {
	if v.EndReason == "" {
		return "尚未结束"
	}
	return map[tiaojie.EndReason]string{tiaojie.EndAgreement: "达成协议", tiaojie.EndSettled: "自行和解撤回",
		tiaojie.EndUnreachable: "期限内无法联系", tiaojie.EndUnwilling: "一方明确不愿继续", tiaojie.EndFarApart: "分歧较大难以达成",
		tiaojie.EndExpired: "期限届满且未同意延长", tiaojie.EndRefusedToSign: "一方拒绝在协议上签章", tiaojie.EndOther: "其他"}[v.EndReason]
}

// applicationText is the application (申请书) as filed.
func applicationText(v *View) string {
	var b strings.Builder
	kind, _ := tiaojie.DisputeTypeByCode(v.DisputeType)
	fmt.Fprintf(&b, "调解申请书\n\n申请编号：%s\n纠纷类型：%s\n纠纷概要：%s\n\n", v.Number, kind.Name, v.Title)
	for _, p := range v.Parties {
		side := map[tiaojie.PartySide]string{tiaojie.SideApplicant: "申请人", tiaojie.SideRespondent: "被申请人"}[p.Side]
		if p.AgentFor != 0 {
			side += "代理人"
		}
		fmt.Fprintf(&b, "%s：%s", side, p.Name)
		if p.IDNumberMasked != "" {
			fmt.Fprintf(&b, "，身份证号码 %s", p.IDNumberMasked)
		}
		if p.Phone != "" {
			fmt.Fprintf(&b, "，联系电话 %s", tiaojie.MaskPhone(p.Phone))
		}
		if p.Address != "" {
			fmt.Fprintf(&b, "，住址 %s", p.Address)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n纠纷简要情况：\n%s\n\n申请事项：\n%s\n", v.Facts, v.Claims)
	if v.ConsentAt != nil {
		fmt.Fprintf(&b, "\n申请人已于 %s 同意自愿调解声明。\n", v.ConsentAt.In(tiaojie.Beijing()).Format("2006-01-02 15:04"))
	}
	return b.String()
}

// historyText is the record of the case's steps.
func historyText(es []Event) string {
	var b strings.Builder
	b.WriteString("办理记录\n\n")
	for _, e := range es {
		fmt.Fprintf(&b, "%s  %s  %s → %s  %s", e.At.In(tiaojie.Beijing()).Format("2006-01-02 15:04"), e.Action, e.FromStatus, e.ToStatus, e.Role)
		if e.Reason != "" {
			fmt.Fprintf(&b, "  %s", e.Reason)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// agreementText is the agreement in effect, as text.
func agreementText(a *Agreement) string {
	var b strings.Builder
	title := "调解协议书"
	if a.Oral {
		title = "口头调解协议记录"
	}
	fmt.Fprintf(&b, "%s（第 %d 稿，%s 生效）\n\n纠纷的主要事实：\n%s\n\n争议事项：\n%s\n", title, a.Version, day(a.EffectiveAt), a.Facts, a.Issues)
	if a.Duties != "" {
		fmt.Fprintf(&b, "\n各方当事人的责任：\n%s\n", a.Duties)
	}
	b.WriteString("\n协议内容：\n")
	for i, t := range a.Terms {
		fmt.Fprintf(&b, "%d. %s\n", i+1, t)
	}
	fmt.Fprintf(&b, "\n履行方式：%s\n履行期限：%s\n", a.Performance, day(a.PerformBy))
	return b.String()
}

// visitsText is the follow-up visits (回访记录), "" when there are none.
func (s *Service) visitsText(ctx context.Context, id int64) (string, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT performed, note, visited_at FROM case_visits WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var performed, note string
		var at time.Time
		if err := rows.Scan(&performed, &note, &at); err != nil {
			return "", err
		}
		if b.Len() == 0 {
			b.WriteString("回访记录\n\n")
		}
		fmt.Fprintf(&b, "%s  履行情况：%s\n%s\n\n", at.In(tiaojie.Beijing()).Format("2006-01-02"),
			map[string]string{PerformedFull: "已全部履行", PerformedPartial: "部分履行", PerformedNone: "未履行"}[performed], note)
	}
	return b.String(), rows.Err()
}
