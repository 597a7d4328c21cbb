package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tiaojie/internal/db/dbtest"
)

// pubEval evaluates a JavaScript expression that returns a string.
func (c *chrome) pubEval(expr string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		c.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// pubEmpty empties a text field as a user would. (chromedp.Clear resets
// the value attribute, which no longer counts once the user has typed.)
func pubEmpty(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(function () { document.querySelector(%q).value = ""; })()`, sel))
}

// pubLayoutProblems lists, in the page as it is laid out now, what a
// phone user would trip on: a page wider than the screen (only a
// .table-wrap may scroll sideways), and visible controls shorter than
// 44px (WCAG 2.5.5's size; inline links in running text are exempt, as
// WCAG exempts them, and a card's stretched link counts as its card).
const pubLayoutProblems = `(function () {
  var out = [];
  var d = document.documentElement;
  if (d.scrollWidth > d.clientWidth + 1) {
    var wide = [];
    document.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > d.clientWidth + 1 && !el.closest(".table-wrap") && el.closest(".skip") === null) {
        wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
      }
    });
    out.push("page is " + d.scrollWidth + "px wide on a " + d.clientWidth + "px screen: " + wide.slice(0, 5).join(", "));
  }
  var targets = "button, select, input[type=search], input[type=text], summary, .button, .chip, .pager a, .tabs a, " +
    "header.site nav a, .lang button, .entry, .docs a, .links a, .disputes label, .online-check label, .rcard";
  document.querySelectorAll(targets).forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest("[hidden]") || el.closest(".skip")) { return; }
    if (r.height < 43.5 || r.width < 24) {
      out.push((el.id || el.tagName.toLowerCase() + "." + el.className) + " \"" + el.textContent.trim().slice(0, 20) + "\" is " +
        Math.round(r.width) + "×" + Math.round(r.height));
    }
  });
  return out.join("\n");
})()`

// galleryLoaded holds once every picture of an article's gallery (lazy,
// so scrolled to first) has loaded.
const galleryLoaded = `[...document.querySelectorAll("#gallery img")].every(i => i.complete && i.naturalWidth > 0)`

// galleryColumns counts the columns of an article's gallery.
const galleryColumns = `String(new Set([...document.querySelectorAll("#gallery li")].map(li => Math.round(li.getBoundingClientRect().left))).size)`

// pubFits fails when the page is wider than the screen or has a control
// too small to touch.
func (c *chrome) pubFits(name string) {
	c.t.Helper()
	if p := c.pubEval(pubLayoutProblems); p != "" {
		c.t.Errorf("%s: layout problems:\n%s", name, p)
	}
}

// pubNotFound opens a page that must answer 404 and checks that the
// browser reported nothing but that 404.
func (c *chrome) pubNotFound(path string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(c.base+path), chromedp.WaitVisible(css("main h1"))); err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
	time.Sleep(200 * time.Millisecond) // let the log entry of the 404 arrive
	for _, m := range c.errs.take() {
		if !strings.Contains(m, "404") || !strings.Contains(m, path) {
			c.t.Errorf("%s: the browser reported %s", path, m)
		}
	}
}

// TestPortalBrowser walks the public portal in headless Chromium on a
// phone-sized screen, as someone who opened it from the bureau's WeChat
// account would: search 婚姻 from the home page, search 医疗, filter,
// open an organization and read its fee standard, find its mediators, and
// not find a removed one. Then the main pages again on a desktop screen,
// and in English. Any console error, uncaught exception, CSP violation or
// failed asset fails it; every page must fit the screen and have touch
// targets of at least 44px.
func TestPortalBrowser(t *testing.T) {
	needChromium(t)
	a := newPubAlliance(t, dbtest.SQLite(t))
	c := newChrome(t, a.srv.URL)
	c.step("a phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))

	c.step("home", chromedp.Navigate(c.base+"/"), chromedp.WaitVisible(css("#home-q")),
		until(`[...document.images].every(i => i.complete && i.naturalWidth > 0)`))
	c.pubFits("home")
	c.shot("portal-home-phone")
	if name := c.pubEval(`document.querySelector("#home-q").labels[0].textContent + "|" + document.querySelector("#home-q").getAttribute("aria-describedby")`); name != "搜索调解组织|home-q-hint" {
		t.Errorf("search box label|describedby = %q", name)
	}

	c.step("search 婚姻 from the home page", chromedp.SendKeys(css("#home-q"), "婚姻"),
		chromedp.Click(css("#home-search button[type=submit]")), at("/directory"), chromedp.WaitVisible(css("#org-results")))
	if got := c.text("#org-results"); !strings.Contains(got, "城桥镇婚姻家庭人民调解委员会") || strings.Contains(got, "医患") {
		t.Errorf("results of 婚姻: %q", got)
	}
	if got := c.pubEval(`[...document.querySelectorAll("#org-results mark")].map(m => m.textContent).join(",")`); !strings.HasPrefix(got, "婚姻") {
		t.Errorf("highlights of 婚姻: %q", got)
	}
	c.pubFits("directory 婚姻")
	c.shot("portal-search-marriage-phone")

	c.step("search 医疗 on the directory (htmx)", pubEmpty("#f-q"), chromedp.SendKeys(css("#f-q"), "医疗"),
		chromedp.Click(css("#dir-form .searchrow button")),
		until(`location.search === "?q=`+url.QueryEscape("医疗")+`" && document.querySelector("#org-results") !== null &&
			document.querySelector("#org-results").textContent.includes("崇明区医患纠纷人民调解委员会")`))
	if got := c.text("#result-count"); got != "共 1 个调解组织" {
		t.Errorf("count after 医疗: %q", got)
	}
	if got := c.pubEval(`document.querySelector("#dir-tabs a[href^='/directory/mediators']").getAttribute("href")`); got != "/directory/mediators?q="+url.QueryEscape("医疗") {
		t.Errorf("the mediators tab after the htmx search leads to %q", got)
	}
	c.shot("portal-search-medical-phone")

	c.step("filter by a dispute type", pubEmpty("#f-q"), chromedp.Click(css("details.more summary")),
		chromedp.WaitVisible(css("#f-dispute-property_mgmt")), chromedp.Click(css(`label[for="f-dispute-property_mgmt"]`)),
		until(`location.search.includes("dispute=property_mgmt") && document.querySelector("#result-count").textContent === "共 1 个调解组织"`))
	if got := c.text("#org-results"); !strings.Contains(got, "堡镇物业纠纷人民调解委员会") {
		t.Errorf("results of the property filter: %q", got)
	}
	c.pubFits("directory with filters open")
	c.shot("portal-filters-phone")

	c.step("find the commercial centre", chromedp.Navigate(c.base+"/directory?fee=paid"), chromedp.WaitVisible(css("#org-results")),
		chromedp.Click(css("#org-results a.stretch")), at(fmt.Sprintf("/orgs/%d", a.org["commercial"])),
		chromedp.WaitVisible(css("#fee table.fee-tiers")), until(`document.querySelector("img.logo").naturalWidth > 0`))
	fee := c.text("#fee")
	for _, want := range []string{"200,000 元及以下", "每件 2,000 元", "按 0.75% 收取", "每件最高收费 300,000 元", "6,750.00 元"} {
		if !strings.Contains(fee, want) {
			t.Errorf("the fee section lacks %q:\n%s", want, fee)
		}
	}
	c.pubFits("organization page")
	c.shot("portal-org-fee-phone")
	c.step("estimate a fee", chromedp.SendKeys(css("#f-amount"), "300000"), chromedp.Click(css(".calc-form button")),
		until(`document.querySelector("#calc-result").textContent.includes("2,750.00")`))
	c.step("its mediators", chromedp.ScrollIntoView(css("#org-mediators")), chromedp.Click(css("#org-mediators a.stretch")),
		at(fmt.Sprintf("/mediators/%d", a.mediator["钱立新"])), chromedp.WaitVisible(css("#mediator-h")))
	c.pubFits("mediator page")
	c.shot("portal-mediator-phone")

	c.step("mediators tab", chromedp.Navigate(c.base+"/directory/mediators"), chromedp.WaitVisible(css("#mediator-results")),
		until(`[...document.images].every(i => i.complete && i.naturalWidth > 0)`))
	if got := c.text("#mediator-results"); strings.Contains(got, "孙国强") || !strings.Contains(got, "李春梅") {
		t.Errorf("public roster: %q", got)
	}
	c.pubFits("mediator directory")
	c.shot("portal-mediators-phone")
	c.step("a removed mediator is not found by name", chromedp.SendKeys(css("#f-q"), "孙国强"), chromedp.Click(css("#dir-form .searchrow button")),
		until(`document.querySelector("#result-count").textContent === "共 0 名调解员" && document.querySelector("#empty") !== null`))
	c.shot("portal-removed-not-found-phone")
	c.pubNotFound(fmt.Sprintf("/mediators/%d", a.mediator["孙国强"]))
	if got := c.text("main"); !strings.Contains(got, "该调解员不存在或暂未公开") {
		t.Errorf("the removed mediator's page says %q", got)
	}
	c.pubNotFound(fmt.Sprintf("/orgs/%d", a.org["suspended"]))

	c.step("news", chromedp.Navigate(c.base+"/news"), chromedp.WaitVisible(css("#news-list")),
		chromedp.Click(css("#news-list a.stretch")), at(fmt.Sprintf("/news/%d", a.article["news"])), chromedp.WaitVisible(css("#video-link")),
		until(`document.querySelector("img.cover").naturalWidth > 0`))
	c.pubFits("article")
	c.step("its gallery", chromedp.ScrollIntoView(css("#gallery")), until(galleryLoaded))
	if got := c.pubEval(galleryColumns); got != "2" {
		t.Errorf("the gallery on a phone has %s columns, want 2", got)
	}
	c.shot("portal-article-phone")

	// A desktop screen.
	c.step("a desktop screen", chromedp.EmulateViewport(1280, 900))
	for _, pg := range []struct{ name, path, ready string }{
		{"home", "/", "#home-q"},
		{"directory", "/directory?q=" + url.QueryEscape("调解"), "#org-results"},
		{"org", fmt.Sprintf("/orgs/%d", a.org["commercial"]), "#fee"},
		{"mediators", "/directory/mediators", "#mediator-results"},
	} {
		c.step(pg.name+" on a desktop", chromedp.Navigate(c.base+pg.path), chromedp.WaitVisible(css(pg.ready)),
			until(`[...document.images].every(i => i.complete && i.naturalWidth > 0)`))
		c.pubFits(pg.name + " on a desktop")
		c.shot("portal-" + pg.name + "-desktop")
	}

	c.step("an article on a desktop", chromedp.Navigate(c.base+fmt.Sprintf("/news/%d", a.article["news"])), chromedp.WaitVisible(css("#gallery")),
		chromedp.ScrollIntoView(css("#gallery")), until(galleryLoaded))
	c.pubFits("article on a desktop")
	if got := c.pubEval(galleryColumns); got != "3" {
		t.Errorf("the gallery on a desktop has %s columns, want 3", got)
	}
	c.shot("portal-article-desktop")

	// English, back on the phone.
	c.step("English", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(c.base+"/directory?lang=chongming"), chromedp.WaitVisible(css("#org-results")),
		chromedp.Click(css("form.lang button")), until(`document.documentElement.lang === "en"`), chromedp.WaitVisible(css("#org-results")))
	if got := c.text("#result-count"); got != "1 organization" {
		t.Errorf("English count: %q (the language switch should keep the search)", got)
	}
	c.pubFits("English directory")
	c.shot("portal-english-phone")
	c.step("English organization page", chromedp.Navigate(c.base+fmt.Sprintf("/orgs/%d", a.org["commercial"])), chromedp.WaitVisible(css("#fee")))
	if got := c.text("#fee"); !strings.Contains(got, "Up to ¥200,000") || !strings.Contains(got, "¥6,750.00") {
		t.Errorf("English fee section: %q", got)
	}
	c.pubFits("English organization page")
	c.shot("portal-english-org-phone")
	c.step("English home", chromedp.Navigate(c.base+"/"), chromedp.WaitVisible(css("#home-q")))
	if got := c.text("#home-h"); got != "Chongming District Mediation Alliance" {
		t.Errorf("English home heading: %q", got)
	}
	c.pubFits("English home")
	c.shot("portal-english-home-phone")
}
