// Package corpus generates a large, realistic directory for the search
// benchmarks: organizations named and described as Chongming's are, and
// mediators with Chinese names, in every township. It writes straight to
// the tables and the search index in large transactions (the services
// would audit every row, which is right for users and slow for 250,000
// records). It is benchmark support, never used by the platform.
package corpus

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/scale"
	"tiaojie/internal/search"
)

// Size is how much to generate.
type Size struct {
	Orgs      int
	Mediators int
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤施")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰建国志文辉鹏飞宇浩然海燕晓东梅琳佳欣雪婷俊峰成龙凤云春林森德福兴荣")
	villages = []string{"新建", "向阳", "民生", "永兴", "光明", "东风", "前进", "建华", "富民", "合作", "长江", "江南", "新港", "仙桥", "米行", "竖河", "大同", "秀山", "团结", "鳌山"}
	fields   = []struct{ name, code string }{
		{"婚姻家庭", "marriage_family"}, {"邻里", "neighbour"}, {"医患", "medical"}, {"劳动争议", "labour"},
		{"物业", "property_mgmt"}, {"道路交通事故", "traffic"}, {"消费", "consumer"}, {"土地承包", "forest_land"},
		{"金融", "finance"}, {"保险", "insurance"}, {"建设工程", "construction"}, {"知识产权", "ip"}, {"海事", "maritime"},
	}
	suffixes = []struct {
		word string
		t    tiaojie.OrgType
		f    tiaojie.LegalForm
		l    tiaojie.OrgLevel
	}{
		{"人民调解委员会", tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee, tiaojie.LevelVillage},
		{"调解工作室", tiaojie.OrgBasic, tiaojie.FormOther, tiaojie.LevelTownship},
		{"纠纷人民调解委员会", tiaojie.OrgProfessional, tiaojie.FormPeoplesCommittee, tiaojie.LevelTownship},
		{"调解服务中心", tiaojie.OrgProfessional, tiaojie.FormSocialService, tiaojie.LevelTownship},
		{"商事调解中心", tiaojie.OrgCommercial, tiaojie.FormSocialService, tiaojie.LevelDistrict},
		{"调解咨询有限公司", tiaojie.OrgNewType, tiaojie.FormCompany, tiaojie.LevelDistrict},
	}
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func personName(r *rand.Rand) string {
	n := string(pick(r, surnames)) + string(pick(r, given))
	if r.IntN(3) > 0 {
		n += string(pick(r, given))
	}
	return n
}

func description(r *rand.Rand) string {
	var b strings.Builder
	for range 3 + r.IntN(3) {
		b.WriteString(pick(r, scale.Phrases))
		b.WriteString("，")
	}
	return strings.TrimSuffix(b.String(), "，") + "。"
}

// Generate writes the corpus. Identical seeds give identical corpora.
func Generate(ctx context.Context, d *db.DB, dist *tiaojie.District, size Size, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var orgIDs []int64
	const batch = 2000
	for done := 0; done < size.Orgs; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := done; i < min(done+batch, size.Orgs); i++ {
				id, err := insertOrg(ctx, tx, r, dist, i, now)
				if err != nil {
					return err
				}
				orgIDs = append(orgIDs, id)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for done := 0; done < size.Mediators; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := done; i < min(done+batch, size.Mediators); i++ {
				if err := insertMediator(ctx, tx, r, dist, orgIDs, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func insertOrg(ctx context.Context, tx *db.Tx, r *rand.Rand, dist *tiaojie.District, i int, now time.Time) (int64, error) {
	t := pick(r, dist.Townships)
	s := pick(r, suffixes)
	f := pick(r, fields)
	var name string
	switch s.l {
	case tiaojie.LevelVillage:
		name = t.Name + pick(r, villages) + "村" + s.word
	case tiaojie.LevelDistrict:
		name = dist.Name + personName(r) + s.word
	default:
		name = t.Name + f.name + s.word
	}
	name = fmt.Sprintf("%s（%d）", name, i) // unique
	status := tiaojie.StatusActive
	if r.IntN(20) == 0 {
		status = tiaojie.StatusSuspended
	}
	var stars any
	if r.IntN(3) == 0 {
		stars = 1 + r.IntN(5)
	}
	desc := description(r)
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO orgs (name, type, legal_form, level, township, address, description, online, charges, status, stars, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		name, string(s.t), string(s.f), string(s.l), t.Code, t.Name+pick(r, villages)+"路"+fmt.Sprint(1+r.IntN(300))+"号",
		desc, r.IntN(2) == 0, s.t == tiaojie.OrgCommercial, string(status), stars, now).Scan(&id)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO org_specialties (org_id, dispute_type) VALUES ($1, $2)`, id, f.code); err != nil {
		return 0, err
	}
	lang := pick(r, dist.Languages).Code
	if _, err := tx.ExecContext(ctx, `INSERT INTO org_languages (org_id, language) VALUES ($1, $2)`, id, lang); err != nil {
		return 0, err
	}
	dt, _ := tiaojie.DisputeTypeByCode(f.code)
	return id, search.Index(ctx, tx, search.Orgs, id, name, desc, t.Name, dt.Name)
}

func insertMediator(ctx context.Context, tx *db.Tx, r *rand.Rand, dist *tiaojie.District, orgIDs []int64, now time.Time) error {
	name := personName(r)
	f := pick(r, fields)
	bio := "擅长" + f.name + "纠纷调解，" + pick(r, scale.Phrases) + "。"
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO mediators (name, gender, background, grade, bio, public, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $7) RETURNING id`,
		name, pick(r, []string{"male", "female"}), pick(r, tiaojie.Backgrounds()), r.IntN(5), bio, r.IntN(10) > 0, now).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mediator_orgs (mediator_id, org_id, position, joined_at) VALUES ($1, $2, 'part_time', $3)`,
		id, pick(r, orgIDs), now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mediator_specialties (mediator_id, dispute_type) VALUES ($1, $2)`, id, f.code); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mediator_languages (mediator_id, language) VALUES ($1, $2)`, id, pick(r, dist.Languages).Code); err != nil {
		return err
	}
	dt, _ := tiaojie.DisputeTypeByCode(f.code)
	return search.Index(ctx, tx, search.Mediators, id, name, bio, dt.Name)
}
