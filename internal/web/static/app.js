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
  // the send forms post without reloading the page. Without JavaScript the
  // forms post normally and the page shows the messages on reload. Text is
  // set with textContent, never as HTML.
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
    var body = document.createElement("p");
    body.textContent = m.body;
    li.append(who, " ", at, body);
    list.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
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
      if (!body.value.trim()) { return; }
      var btn = f.querySelector("button");
      btn.disabled = true;
      fetch(f.action, { method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" },
        body: new URLSearchParams(new FormData(f)) })
        .then(function (res) { if (!res.ok) { throw new Error(String(res.status)); } return res.json(); })
        .then(function (m) { addMessage(box, m); body.value = ""; })
        .catch(function () { f.submit(); })
        .finally(function () { btn.disabled = false; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-room]").forEach(initRoom);
  });

  document.addEventListener("DOMContentLoaded", function () { initScopes(document); focusProblem(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initScopes(e.target); focusProblem(e.target); });
})();
