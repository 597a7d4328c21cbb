// Package i18n holds the platform's messages in Chinese (the first
// language) and English, and picks the language of a request.
//
// Messages are flat JSON catalogues keyed by dotted codes; the same codes
// are what services put in their errors, so a rule's refusal reads the
// same on a page, in the API and in the CLI. Placeholders are written
// {name} and filled from the error's arguments.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a supported language.
type Lang string

// The supported languages. Chinese comes first: it is the default.
const (
	Zh Lang = "zh"
	En Lang = "en"
)

// Langs lists the supported languages in order of preference.
func Langs() []Lang { return []Lang{Zh, En} }

// Tag returns the BCP 47 tag of the language, for <html lang> and
// Content-Language.
func (l Lang) Tag() string {
	if l == En {
		return "en"
	}
	return "zh-CN"
}

//go:embed messages
var files embed.FS

// Catalog holds every message in every language.
type Catalog struct {
	msgs    map[Lang]map[string]string
	matcher language.Matcher
}

// Load parses the embedded catalogues and checks that both languages have
// exactly the same codes, so a missing translation fails at start-up and
// in tests, not in front of a user.
func Load() (*Catalog, error) {
	c := &Catalog{
		msgs:    map[Lang]map[string]string{},
		matcher: language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English}),
	}
	for _, l := range Langs() {
		m, err := loadLang(l)
		if err != nil {
			return nil, err
		}
		c.msgs[l] = m
	}
	if missing := c.Missing(); len(missing) > 0 {
		return nil, fmt.Errorf("i18n: messages without a translation: %s", strings.Join(missing, ", "))
	}
	return c, nil
}

// loadLang merges the files of messages/<lang>/, one per area of the
// product, refusing a code defined twice.
func loadLang(l Lang) (map[string]string, error) {
	dir := "messages/" + string(l)
	entries, err := files.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	all := map[string]string{}
	for _, e := range entries {
		b, err := files.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s/%s: %w", dir, e.Name(), err)
		}
		for k, v := range m {
			if _, dup := all[k]; dup {
				return nil, fmt.Errorf("i18n: %s/%s: %q is defined twice", dir, e.Name(), k)
			}
			all[k] = v
		}
	}
	return all, nil
}

// Missing returns the codes present in one language but not the other.
func (c *Catalog) Missing() []string {
	var out []string
	for _, a := range Langs() {
		for _, b := range Langs() {
			for k := range c.msgs[a] {
				if _, ok := c.msgs[b][k]; !ok {
					out = append(out, string(b)+":"+k)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Has reports whether the catalogue knows code.
func (c *Catalog) Has(code string) bool {
	_, ok := c.msgs[Zh][code]
	return ok
}

// T returns the message code in lang with its {placeholders} filled from
// args (name, value pairs). An unknown code returns the code itself, so a
// gap is visible but never breaks a page.
func (c *Catalog) T(lang Lang, code string, args ...string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i]] = args[i+1]
	}
	return c.Tm(lang, code, m)
}

// Tm is T with the arguments as a map, as errors carry them.
func (c *Catalog) Tm(lang Lang, code string, args map[string]string) string {
	s, ok := c.msgs[lang][code]
	if !ok {
		if s, ok = c.msgs[Zh][code]; !ok {
			return code
		}
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// Match picks the language of a request: the cookie first (the user chose
// it with the switch), then the Accept-Language header, then Chinese.
// Traditional Chinese and Japanese map to Chinese, other languages to
// English (as documented in docs/i18n.md).
func (c *Catalog) Match(cookie, acceptLanguage string) Lang {
	switch Lang(cookie) {
	case Zh, En:
		return Lang(cookie)
	}
	if acceptLanguage == "" {
		return Zh
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Zh
	}
	_, i, _ := c.matcher.Match(tags...)
	return Langs()[i]
}

// Parse returns the language named s, or false.
func Parse(s string) (Lang, bool) {
	switch Lang(s) {
	case Zh, En:
		return Lang(s), true
	}
	return "", false
}

// Words are the catalogue in one language, for what a service writes for
// its reader rather than for a page: a workbook's sheet names, headers and
// labels. The pages and the API hand them in (Catalog.In with the
// request's language), so a service need not know where the language came
// from.
type Words struct {
	Lang Lang
	c    *Catalog
}

// In returns the catalogue's words in lang.
func (c *Catalog) In(lang Lang) Words { return Words{Lang: lang, c: c} }

// T is Catalog.T in the words' language; without a catalogue (the zero
// Words) it returns the code, as T does for an unknown one.
func (w Words) T(code string, args ...string) string {
	if w.c == nil {
		return code
	}
	return w.c.T(w.Lang, code, args...)
}

// Name picks between a record's Chinese name and its English one (the
// district's and the taxonomies' NameEn): the English one for an English
// reader when there is one, the Chinese one otherwise.
func (w Words) Name(zh, en string) string {
	if w.Lang == En && en != "" {
		return en
	}
	return zh
}

// List returns the messages prefix+key of the keys, in order: a sheet's
// headers.
func (w Words) List(prefix string, keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = w.T(prefix + k)
	}
	return out
}

// Join joins a cell's items as the language lists them: with 、 in
// Chinese, with commas in English.
func (w Words) Join(items []string) string {
	if w.Lang == En {
		return strings.Join(items, ", ")
	}
	return strings.Join(items, "、")
}

// YesNo writes a yes-or-no cell: 是 or 否, Yes or No.
func (w Words) YesNo(b bool) string {
	if b {
		return w.T("xlsx.yes")
	}
	return w.T("xlsx.no")
}
