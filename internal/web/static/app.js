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

  document.addEventListener("DOMContentLoaded", function () { initScopes(document); focusProblem(document); });
  document.addEventListener("htmx:afterSwap", function (e) { initScopes(e.target); focusProblem(e.target); });
})();
