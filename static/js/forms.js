// What every form page does for a person, on top of what it does without JavaScript.
(function () {
  "use strict";

  // A form's one-time token must come back when the person goes Back to the form: the
  // browser reloads the page (a fresh token) and restores only fields whose value differs
  // from the page's own. Copied here into an empty field, the token is restored with the
  // rest (and then kept), so Back + save posts the spent token and the server answers
  // "该记录已保存，未重复创建" instead of making a duplicate (organizations/once.py).
  function keepTokensAcrossBack() {
    document.querySelectorAll("input[data-form-token]").forEach(function (input) {
      if (!input.value) { input.value = input.getAttribute("data-form-token"); }
    });
  }

  // Bring the error summary into view and focus, so a person (and a screen reader)
  // learns at once what to fix; its links then move focus into the field itself.
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  function ready() {
    keepTokensAcrossBack();
    focusSummary();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
