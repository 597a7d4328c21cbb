// tiaojie: the little script the pages need. No inline scripts anywhere
// (the Content-Security-Policy forbids them), so behaviour hangs on data-
// attributes here.
(function () {
  "use strict";

  // Move focus to the problem summary after a refused form, so screen
  // readers announce it and keyboard users start from it (WCAG 3.3.1).
  function focusProblem(root) {
    var p = (root || document).querySelector("#problem");
    if (p) { p.focus(); }
  }

  // The staff menu's groups are rendered open, so the menu works without
  // JavaScript. On a phone a long menu (the bureau's) keeps one group open,
  // the current page's, and moves it after the others, which sit above it
  // as a block of buttons (app.css); opening another closes it and takes
  // its place, like a tab above its panel. The groups are moved, not only
  // drawn elsewhere, so that keyboards and screen readers meet them in the
  // order they are seen. On a wider screen every group opens again, in its
  // own place.
  var narrow = window.matchMedia("(max-width: 39.99rem)");
  var navGroups = Array.prototype.slice.call(document.querySelectorAll("header.site nav .navgroup"));
  var navEnd = navGroups.length ? navGroups[navGroups.length - 1].nextSibling : null;
  function folding() {
    return narrow.matches && document.querySelectorAll("header.site .navgroup a").length > 8;
  }
  function isOpen(li) { return li.firstElementChild.open; }
  function arrangeMenu() {
    var want = navGroups;
    if (folding()) {
      want = navGroups.filter(function (li) { return !isOpen(li); }).concat(navGroups.filter(isOpen));
    }
    var now = document.querySelectorAll("header.site nav .navgroup");
    if (want.every(function (li, i) { return now[i] === li; })) { return; }
    var focused = document.activeElement;
    want.forEach(function (li) { li.parentNode.insertBefore(li, navEnd); });
    if (focused && focused !== document.activeElement) { focused.focus({ preventScroll: true }); }
  }
  function foldMenu() {
    var fold = folding();
    navGroups.forEach(function (li) {
      li.firstElementChild.open = !fold || li.querySelector('[aria-current="page"]') !== null;
    });
    arrangeMenu();
  }
  if (narrow.matches) { foldMenu(); }
  narrow.addEventListener("change", foldMenu);
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (!(d instanceof HTMLDetailsElement) || navGroups.indexOf(d.parentElement) < 0 || !folding()) { return; }
    if (d.open) {
      navGroups.forEach(function (li) { if (li.firstElementChild !== d) { li.firstElementChild.open = false; } });
    }
    arrangeMenu();
  }, true);

  // Ask before dangerous actions: <form data-confirm="…">.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f instanceof HTMLFormElement && f.dataset.confirm && !window.confirm(f.dataset.confirm)) {
      e.preventDefault();
    }
  }, true);

  // Show only the scope fields a role needs: a <select data-scope-toggle>
  // whose options carry data-scope="township" or "org" shows, within its
  // [data-scope-group], the [data-scope] fields that its choice names and
  // hides the others. Without JavaScript every field stays visible and the
  // server ignores those the role does not use. A field with an error is
  // never hidden.
  function applyScope(select) {
    var group = select.closest("[data-scope-group]");
    if (!group) { return; }
    var opt = select.options[select.selectedIndex];
    var want = opt ? (opt.getAttribute("data-scope") || "") : "";
    group.querySelectorAll("[data-scope]").forEach(function (el) {
      if (el.tagName === "OPTION") { return; }
      el.hidden = el.getAttribute("data-scope") !== want && !el.querySelector("[aria-invalid=true]");
    });
  }
  function initScopes(root) {
    root.querySelectorAll("select[data-scope-toggle]").forEach(applyScope);
  }
  document.addEventListener("change", function (e) {
    if (e.target instanceof HTMLSelectElement && e.target.hasAttribute("data-scope-toggle")) { applyScope(e.target); }
  });

  // A partial update that comes back as a whole page (the session ended and
  // the server sent the login page, or an error page) is shown as a page,
  // not squeezed into the results box.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr && /^\s*<!doctype html/i.test(xhr.responseText || "")) {
      e.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL || window.location.href);
    }
  });


  // The online mediation room: <section data-room="/cases/N/room">. New
  // messages arrive by server-sent events and are added to their channel;
  // the send forms (text, an attachment or both) post their FormData
  // without reloading the page, and a refusal of what they hold is shown
  // by the form. Without JavaScript the forms post normally and the page
  // shows the messages on reload. Text is set with textContent, never as
  // HTML; an attachment's link goes through the room's check again.
  function fmtSize(n) {
    if (n >= 1048576) { return (n / 1048576).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(n / 1024)) + " KB";
  }
  function attachment(box, m) {
    var p = document.createElement("p");
    p.className = "attachment";
    var label = document.createElement("span");
    label.className = "sr-only";
    label.textContent = box.dataset.attachmentLabel || "";
    var a = document.createElement("a");
    a.href = box.dataset.room + "/files/" + encodeURIComponent(m.file_key);
    a.setAttribute("download", "");
    a.textContent = m.file_name || m.file_key;
    var size = document.createElement("span");
    size.className = "muted";
    size.textContent = fmtSize(m.file_size || 0);
    p.append(label, a, " ", size);
    return p;
  }
  function fmtTime(iso) {
    var d = new Date(iso);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function addMessage(box, m) {
    var list = box.querySelector('[data-channel="' + m.channel + '"] .messages');
    if (!list || list.querySelector('[data-id="' + m.id + '"]')) { return; }
    var li = document.createElement("li");
    li.className = "msg" + (m.mine ? " mine" : "");
    li.dataset.id = String(m.id);
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = m.author_name;
    var at = document.createElement("time");
    at.className = "muted";
    at.textContent = fmtTime(m.created_at);
    li.append(who, " ", at);
    if (m.body) {
      var body = document.createElement("p");
      body.textContent = m.body;
      li.append(body);
    }
    if (m.file_key) { li.append(attachment(box, m)); }
    list.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }
  // refuse shows why the server refused a form's message (null: clears
  // it): each field's message, or the problem when no field is named.
  function refuse(f, p) {
    var out = f.querySelector("[data-room-error]");
    var errs = (p && p.errors) || {};
    ["body", "file"].forEach(function (name) {
      var el = f.querySelector('[name="' + name + '"]');
      if (!el) { return; }
      if (errs[name]) { el.setAttribute("aria-invalid", "true"); } else { el.removeAttribute("aria-invalid"); }
    });
    var text = Object.keys(errs).map(function (k) { return errs[k]; }).join(" ") || (p ? p.problem : "");
    if (out) {
      out.textContent = text;
      out.hidden = !text;
    }
  }
  function lastID(box) {
    var max = 0;
    box.querySelectorAll(".msg[data-id]").forEach(function (li) { max = Math.max(max, Number(li.dataset.id)); });
    return max;
  }
  function initRoom(box) {
    var base = box.dataset.room;
    var es = new EventSource(base + "/events?after=" + lastID(box));
    es.addEventListener("message", function (e) { addMessage(box, JSON.parse(e.data)); });
    box.addEventListener("submit", function (e) {
      var f = e.target;
      if (!(f instanceof HTMLFormElement) || !f.classList.contains("post")) { return; }
      e.preventDefault();
      var body = f.querySelector("textarea");
      var file = f.querySelector('input[type="file"]');
      if (!body.value.trim() && !(file && file.files.length)) { return; }
      var btn = f.querySelector("button");
      btn.disabled = true;
      fetch(f.action, { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" },
        body: new FormData(f) })
        .then(function (res) {
          if (res.ok) { return res.json(); }
          if ((res.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
            return res.json().then(function (p) { throw { refused: p }; });
          }
          throw new Error(String(res.status));
        })
        .then(function (m) {
          addMessage(box, m);
          body.value = "";
          if (file) { file.value = ""; }
          refuse(f, null);
        })
        .catch(function (x) { if (x && x.refused) { refuse(f, x.refused); } else { f.submit(); } })
        .finally(function () { btn.disabled = false; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-room]").forEach(initRoom);
  });

  document.addEventListener("DOMContentLoaded", function () { initScopes(document); focusProblem(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initScopes(e.target); focusProblem(e.target); });
})();
