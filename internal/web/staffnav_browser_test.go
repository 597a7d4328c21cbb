package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"tiaojie"
	"tiaojie/internal/db/dbtest"
)

// staffMenuProblems lists, in the page as it is laid out now, what makes
// the staff menu hard to use on the current screen: a page wider than the
// screen or a menu element sticking out of it, a link, group or button
// shorter than the minimum height, a label too long for its box, folded
// groups of unequal height side by side, a link sharing a row with the
// folded groups, and a folded group alone on its row while the next
// folded group would have fitted beside it (the ragged menu of a group's
// label stranded above the open group).
// The open groups' links must sit below their label.
const staffMenuProblems = `(function (minHeight) {
  var out = [];
  var d = document.documentElement, w = d.clientWidth;
  var nav = document.querySelector('header.site nav');
  var name = function (el) { return el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 12) + '"'; };
  if (d.scrollWidth > w + 1) { out.push("page is " + d.scrollWidth + "px wide on a " + w + "px screen"); }
  nav.querySelectorAll("*").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -1 || r.right > w + 1)) { out.push(name(el) + " spans " + Math.round(r.left) + "–" + Math.round(r.right) + "px"); }
  });
  nav.querySelectorAll("a, summary, button").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.height < minHeight - 0.5) { out.push(name(el) + " is " + Math.round(r.width) + "×" + Math.round(r.height)); }
  });
  var folded = Array.from(nav.querySelectorAll(".navgroup > details:not([open]) > summary"));
  var rows = [];
  folded.forEach(function (s) {
    var r = s.getBoundingClientRect(), row = rows[rows.length - 1];
    if (!row || Math.abs(row.top - r.top) > 2) { row = {top: r.top, items: []}; rows.push(row); }
    row.items.push({el: s, r: r});
  });
  rows.forEach(function (row, i) {
    var next = rows[i + 1];
    if (row.items.length !== 1 || !next) { return; }
    var only = row.items[0].r, room = w - only.right, need = next.items[0].r.width;
    if (need < room) { out.push(name(row.items[0].el) + " is alone on its row; " + name(next.items[0].el) + " (" + Math.round(need) + "px) would fit in " + Math.round(room) + "px"); }
  });
  nav.querySelectorAll(":scope > ul > li:not(.navgroup)").forEach(function (li) {
    var r = li.getBoundingClientRect();
    rows.forEach(function (row) {
      var chip = row.items[0].r;
      if (r.width > 0 && r.top < chip.bottom - 1 && r.bottom > chip.top + 1) { out.push(name(li) + " shares a row with the folded groups"); }
    });
  });
  rows.forEach(function (row) {
    var heights = row.items.map(function (it) { return Math.round(it.r.height); });
    if (Math.max.apply(null, heights) - Math.min.apply(null, heights) > 1) { out.push("folded groups of unequal height in a row: " + heights.join(", ")); }
  });
  nav.querySelectorAll(".navgroup summary, .navgroup a").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1) { out.push(name(el) + "'s text overflows it: " + el.scrollWidth + "px in " + el.clientWidth + "px"); }
  });
  nav.querySelectorAll(".navgroup > details[open]").forEach(function (g) {
    var label = g.querySelector("summary").getBoundingClientRect();
    g.querySelectorAll("ul a").forEach(function (a) {
      if (a.getBoundingClientRect().top < label.bottom - 1) { out.push(name(a) + " is not below its group's label"); }
    });
  });
  return out.join("\n");
})(%d)`

// menuFits fails when the staff menu has a layout problem at this size.
func (c *chrome) menuFits(name string, minHeight int) {
	c.t.Helper()
	if p := c.pubEval(fmt.Sprintf(staffMenuProblems, minHeight)); p != "" {
		c.t.Errorf("%s: menu layout problems:\n%s", name, p)
	}
}

// TestStaffNavBrowser lays the grouped staff menu out in Chromium at a
// small phone's, a phone's, a tablet's and a desktop's width, for the
// bureau (eight groups, folded on a phone to the current one) and for a
// mediator (a short menu, never folded). On a phone the folded groups
// must form a tidy block of equal chips with no group stranded on a row
// of its own, every link and group at least 44px tall, nothing wider than
// the screen, and a group's keyboard focus visible; on a desktop every
// group stays open.
func TestStaffNavBrowser(t *testing.T) {
	needChromium(t)
	e := newStaffEnv(t, dbtest.SQLite(t))
	org := e.org(t, "城桥镇人民调解委员会", chengqiao, tiaojie.OrgBasic, tiaojie.FormPeoplesCommittee)
	e.user(t, "bureau", false, tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.user(t, "mediator", false, tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: org})

	sizes := []struct {
		w, h  int64
		phone bool
	}{{320, 640, true}, {390, 844, true}, {768, 1024, false}, {1280, 900, false}}
	for _, who := range []string{"bureau", "mediator"} {
		c := newChrome(t, e.srv.URL)
		c.loginAndEnrol(e.stack, who, false)
		for _, s := range sizes {
			name := fmt.Sprintf("menu-%s-%d", who, s.w)
			vp := chromedp.EmulateViewport(s.w, s.h)
			if s.phone {
				vp = chromedp.EmulateViewport(s.w, s.h, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			c.step(name, vp, chromedp.Navigate(c.base+"/staff/cases"), at("/staff/cases"))
			c.shot(name)
			open := c.pubEval(`Array.from(document.querySelectorAll("header.site .navgroup > details[open] > summary")).map(function (s) { return s.id; }).join(" ")`)
			all := c.pubEval(`Array.from(document.querySelectorAll("header.site .navgroup > details > summary")).map(function (s) { return s.id; }).join(" ")`)
			switch {
			case who == "bureau" && s.phone:
				if open != "nav-g-cases" {
					t.Errorf("%s: open groups %q, want only the current page's nav-g-cases", name, open)
				}
				c.menuFits(name, 44)
				c.focusVisible(name)
			case s.phone:
				if open != all {
					t.Errorf("%s: open groups %q, want all of a short menu's %q", name, open, all)
				}
				c.menuFits(name, 44)
			default:
				if open != all {
					t.Errorf("%s: open groups %q, want all of %q", name, open, all)
				}
				c.menuFits(name, 24)
			}
		}
		if who == "bureau" {
			c.bureauMenuMoves()
		}
	}
}

// phone is a 390px wide phone's screen.
func phone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
}

// groupOrder gives the staff menu's groups as they are now: their ids in
// the page's order, each with a + when it is open.
const groupOrder = `Array.from(document.querySelectorAll("header.site .navgroup > details")).map(function (d) {
  return d.querySelector("summary").id.slice(6) + (d.open ? "+" : "");
}).join(" ")`

// bureauMenuMoves opens another group of the bureau's folded menu on a
// phone, which takes the open group's place below the others, then widens
// the screen, where every group opens again in its own place; then the
// menu in English on a small phone, and without JavaScript.
func (c *chrome) bureauMenuMoves() {
	t := c.t
	t.Helper()
	c.step("open a folded group on a phone", phone(), chromedp.Navigate(c.base+"/staff/cases"), at("/staff/cases"),
		chromedp.Click(css("#nav-g-supervision")), until(`document.querySelector("#nav-g-supervision").parentElement.open`))
	c.shot("menu-bureau-390-supervision")
	c.menuFits("bureau, 监督 opened on a phone", 44)
	if got, want := c.pubEval(groupOrder), "orgs cases resources procurement partners content settings supervision+"; got != want {
		t.Errorf("groups after opening 监督 on a phone: %q, want %q", got, want)
	}
	if got := c.pubEval(`document.activeElement.id`); got != "nav-g-supervision" {
		t.Errorf("focus after opening 监督 is on %q, want its label", got)
	}
	c.step("widen the screen", chromedp.EmulateViewport(1280, 900), until(`!document.querySelector("header.site details:not([open])")`))
	if got, want := c.pubEval(groupOrder), "orgs+ cases+ supervision+ resources+ procurement+ partners+ content+ settings+"; got != want {
		t.Errorf("groups on a wide screen: %q, want %q", got, want)
	}

	c.step("English", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(c.base+"/staff/cases"), at("/staff/cases"), chromedp.Click(css(`form.lang button`)),
		until(`document.documentElement.lang === "en" && document.readyState === "complete"`))
	c.shot("menu-bureau-320-en")
	c.menuFits("bureau, English, 320px", 44)
	c.step("back to Chinese", chromedp.Click(css(`form.lang button`)), until(`document.documentElement.lang === "zh-CN" && document.readyState === "complete"`))

	c.step("without JavaScript", phone(), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(c.base+"/staff/cases"), at("/staff/cases"))
	c.shot("menu-bureau-390-nojs")
	c.menuFits("bureau, no JavaScript, on a phone", 44)
	if got := c.pubEval(`String(document.querySelectorAll("header.site details:not([open])").length)`); got != "0" {
		t.Errorf("without JavaScript %s groups are folded, want none", got)
	}
}

// focusVisible tabs through the page until a folded group's label has
// the keyboard focus and checks that its focus ring shows.
func (c *chrome) focusVisible(name string) {
	c.t.Helper()
	for range 40 {
		c.step(name+": tab", chromedp.KeyEvent("\t"))
		got := c.pubEval(`(function () {
  var el = document.activeElement;
  if (!el || !el.matches("header.site .navgroup > details:not([open]) > summary")) { return ""; }
  var s = getComputedStyle(el);
  return el.matches(":focus-visible") + " " + s.outlineStyle + " " + s.outlineWidth;
})()`)
		if got == "" {
			continue
		}
		if f := strings.Fields(got); f[0] != "true" || f[1] == "none" || f[2] == "0px" {
			c.t.Errorf("%s: a folded group with the keyboard focus shows no focus ring (%s)", name, got)
		}
		c.shot(name + "-focus")
		return
	}
	c.t.Errorf("%s: no folded group took the keyboard focus in 40 tabs", name)
}
