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

  document.addEventListener("DOMContentLoaded", function () { focusProblem(document); });
  document.addEventListener("htmx:afterSwap", function (e) { focusProblem(e.target); });
})();
