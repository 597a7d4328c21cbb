package crash

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The write under test is a case filed at the desk (POST
// /api/v1/cases/desk): one transaction that takes the next application
// number, writes the case, its parties (identity numbers, phones and
// e-mails sealed), an agent's link to its principal, the desk's access
// grant, two history events and the audit row that extends the hash
// chain. Answered 201 with the new case's id and number.

// application is the request body, as the API spells it.
type application struct {
	DisputeType string  `json:"dispute_type"`
	Township    string  `json:"township"`
	Title       string  `json:"title"`
	Facts       string  `json:"facts"`
	Claims      string  `json:"claims"`
	AmountFen   *int64  `json:"amount_fen,omitempty"`
	Consent     bool    `json:"consent"`
	Parties     []party `json:"parties"`
}

type party struct {
	Side     string `json:"side"`
	AgentFor int    `json:"agent_for,omitempty"` // 1-based position of the principal
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
}

// agents counts the parties that act for another.
func (a *application) agents() int {
	n := 0
	for _, p := range a.Parties {
		if p.AgentFor > 0 {
			n++
		}
	}
	return n
}

// codes are the district's township codes and the dispute types, read
// from the platform's public API once.
type codes struct {
	townships []string
	disputes  []string
}

// newApplication makes a valid desk filing with 2 to 5 parties: one or
// two applicants (the first with an identity number, sometimes an agent),
// one or two respondents reached by phone or e-mail.
func newApplication(rng *rand.Rand, c codes, title string) *application {
	a := &application{
		DisputeType: c.disputes[rng.IntN(len(c.disputes))],
		Township:    c.townships[rng.IntN(len(c.townships))],
		Title:       title,
		Facts:       facts[rng.IntN(len(facts))],
		Claims:      "请求依法调解，" + claims[rng.IntN(len(claims))],
		Consent:     true,
	}
	if rng.IntN(4) > 0 {
		amount := rng.Int64N(50_000_000) + 100
		a.AmountFen = &amount
	}
	a.Parties = append(a.Parties, party{Side: "applicant", Name: chineseName(rng), IDNumber: idNumber(rng), Phone: mobile(rng)})
	if rng.IntN(2) == 0 {
		a.Parties = append(a.Parties, party{Side: "applicant", Name: chineseName(rng), Phone: mobile(rng)})
	}
	for range 1 + rng.IntN(2) {
		p := party{Side: "respondent", Name: chineseName(rng)}
		if rng.IntN(3) == 0 {
			p.Email = fmt.Sprintf("resp%d@mail.tiaojie.cn", rng.IntN(1_000_000))
		} else {
			p.Phone = mobile(rng)
		}
		a.Parties = append(a.Parties, p)
	}
	if rng.IntN(3) == 0 {
		a.Parties = append(a.Parties, party{Side: "applicant", AgentFor: 1, Name: chineseName(rng), Phone: mobile(rng)})
	}
	return a
}

var (
	facts = []string{
		"双方因宅基地边界发生争执，多次协商未果。",
		"邻里之间因排水沟堵塞导致房屋渗水，产生纠纷。",
		"承包合同到期后双方对设施归属存在分歧。",
		"因装修噪音及施工损坏公共部位引发矛盾。",
		"劳务报酬结算不一致，申请人多次催要未果。",
	}
	claims = []string{"赔偿损失", "恢复原状", "支付欠款", "停止侵害", "明确边界"}
	// Common surnames and given-name characters.
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏飞志国兰梅琳晨欣怡雪峰亮成海燕波")
)

func chineseName(rng *rand.Rand) string {
	n := []rune{surnames[rng.IntN(len(surnames))], given[rng.IntN(len(given))]}
	if rng.IntN(3) > 0 {
		n = append(n, given[rng.IntN(len(given))])
	}
	return string(n)
}

func mobile(rng *rand.Rand) string {
	return fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000))
}

// idNumber makes a well-formed resident identity number of a Chongming
// resident born 1950–2004, with its GB 11643 check character.
func idNumber(rng *rand.Rand) string {
	birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(55*365))
	s := fmt.Sprintf("310230%s%03d", birth.Format("20060102"), rng.IntN(1000))
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return s + string("10X98765432"[sum%11])
}

// ack is a write the server acknowledged: 201 with the case's id and
// number in a body received whole.
type ack struct {
	ID     int64  `json:"id"`
	Number string `json:"number"`
	Status string `json:"status"`
	round  int
	app    *application
}

// ledger is what the writers sent and what the server acknowledged, over
// every round: every case in the database must be one that was sent, and
// every acknowledged one must be there.
type ledger struct {
	mu     sync.Mutex
	sent   map[string]*application // by title, which is unique
	acks   []*ack
	failed []string // answers that were neither an acknowledgement nor the kill
}

func newLedger() *ledger { return &ledger{sent: make(map[string]*application)} }

func (l *ledger) send(a *application) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent[a.Title] = a
}

func (l *ledger) ack(a *ack) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acks = append(l.acks, a)
}

func (l *ledger) fail(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failed = append(l.failed, msg)
}

// application returns the filing sent with title, or nil.
func (l *ledger) application(title string) *application {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sent[title]
}

// acksOf returns the acknowledgements of a round; round 0 means all.
func (l *ledger) acksOf(round int) []*ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []*ack
	for _, a := range l.acks {
		if round == 0 || a.round == round {
			out = append(out, a)
		}
	}
	return out
}

// failures returns and forgets the failures recorded so far.
func (l *ledger) failures() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.failed
	l.failed = nil
	return f
}

// client calls the API of the server of the current round with the desk's
// token.
type client struct {
	http  *http.Client
	token string
}

func newClient(conns int) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	return &client{http: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// statusError is an answer other than the one expected.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.body) }

// do sends a JSON request and decodes the JSON answer into out when the
// status is want.
func (c *client) do(ctx context.Context, method, u string, in any, want int, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read the answer: %w", err)
	}
	if resp.StatusCode != want {
		return &statusError{status: resp.StatusCode, body: string(b)}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("decode the answer: %w", err)
	}
	return nil
}

// login logs the desk in with its password (as the login page does) and
// creates an API token with that session. The token is itself a write the
// server acknowledged before any crash: every later round depends on it.
func (c *client) login(ctx context.Context, base string) error {
	form := url.Values{"login": {deskLogin}, "password": {deskPassword}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	noRedirect := *c.http
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.Do(req)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "tiaojie_session" {
			session = ck
		}
	}
	if resp.StatusCode != http.StatusSeeOther || session == nil {
		return fmt.Errorf("login: HTTP %d without a session (%s)", resp.StatusCode, resp.Header.Get("Location"))
	}
	body, _ := json.Marshal(map[string]any{"name": "crash test", "scopes": []string{"cases.desk", "cases.read", "self"}})
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/tokens", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(session)
	resp, err = c.http.Do(req)
	if err != nil {
		return fmt.Errorf("create a token: %w", err)
	}
	defer resp.Body.Close()
	var tok struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusCreated || tok.Token == "" {
		return fmt.Errorf("create a token: HTTP %d, %v", resp.StatusCode, err)
	}
	c.token = tok.Token
	return nil
}

// codes reads the township codes and dispute types from the public API.
func (c *client) codes(ctx context.Context, base string) (codes, error) {
	var d struct {
		Townships []struct {
			Code string `json:"code"`
		} `json:"townships"`
	}
	var tx struct {
		DisputeTypes []struct {
			Code string `json:"code"`
		} `json:"dispute_types"`
	}
	if err := c.do(ctx, http.MethodGet, base+"/api/v1/district", nil, http.StatusOK, &d); err != nil {
		return codes{}, fmt.Errorf("district: %w", err)
	}
	if err := c.do(ctx, http.MethodGet, base+"/api/v1/taxonomy", nil, http.StatusOK, &tx); err != nil {
		return codes{}, fmt.Errorf("taxonomy: %w", err)
	}
	var out codes
	for _, t := range d.Townships {
		out.townships = append(out.townships, t.Code)
	}
	for _, t := range tx.DisputeTypes {
		out.disputes = append(out.disputes, t.Code)
	}
	if len(out.townships) == 0 || len(out.disputes) == 0 {
		return codes{}, errors.New("the district has no townships or no dispute types")
	}
	return out, nil
}

// load is one round's write load: writers filing cases until the server
// is killed.
type load struct {
	srv     *server
	client  *client
	codes   codes
	ledger  *ledger
	round   int
	writers int
	seed    uint64 // the writers' random streams derive from it
}

// run starts the writers, kills the server after delay, and returns once
// every writer has stopped. A writer stops at its first transport error
// after the kill (its request was in flight, or the port is closed); a
// transport error before the kill, or any answer other than 201, is a
// failure recorded in the ledger.
func (l *load) run(ctx context.Context, delay time.Duration) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for w := range l.writers {
		wg.Go(func() { l.write(ctx, w) })
	}
	select {
	case <-time.After(delay):
	case <-l.srv.exited:
	case <-ctx.Done():
	}
	l.srv.kill()
	// Requests in flight end with the connection; should one hang, the
	// cancel ends it five seconds on (its write stays unacknowledged).
	stop := time.AfterFunc(5*time.Second, cancel)
	defer stop.Stop()
	wg.Wait()
	l.client.http.CloseIdleConnections()
}

// write files cases one after another, each titled with its round, its
// writer and its number, until the kill.
func (l *load) write(ctx context.Context, w int) {
	rng := rand.New(rand.NewPCG(l.seed, uint64(w)))
	for n := 1; ctx.Err() == nil; n++ {
		app := newApplication(rng, l.codes, fmt.Sprintf("压测 第%d轮 写者%d 第%d件", l.round, w, n))
		l.ledger.send(app)
		a := &ack{round: l.round, app: app}
		err := l.client.do(ctx, http.MethodPost, l.srv.url+"/api/v1/cases/desk", app, http.StatusCreated, a)
		var se *statusError
		switch {
		case err == nil && a.ID > 0 && a.Number != "":
			l.ledger.ack(a)
		case err == nil:
			l.ledger.fail(fmt.Sprintf("%q: 201 without an id or number", app.Title))
		case errors.As(err, &se):
			l.ledger.fail(fmt.Sprintf("%q: %v", app.Title, err))
			return
		case !l.srv.killed.Load():
			l.ledger.fail(fmt.Sprintf("%q before the kill: %v", app.Title, err))
			return
		default:
			return // the kill
		}
	}
}
