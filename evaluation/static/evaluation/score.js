// The 评分表 on a phone: a running total under each member, and (on small screens) one
// member at a time with 上一位/下一位. Without script every member shows on one page and
// the review step shows the totals.
(function () {
  "use strict";
  var sheet = document.querySelector("[data-sheet]");
  if (!sheet) return;
  var members = Array.prototype.slice.call(sheet.querySelectorAll("[data-member]"));
  members.forEach(function (member) {
    var total = member.querySelector("[data-total]");
    if (!total) return;
    var out = total.querySelector("output");
    var inputs = member.querySelectorAll("input[type=number]");
    function sum() {
      var s = 0;
      inputs.forEach(function (input) { var v = parseInt(input.value, 10); if (!isNaN(v)) s += v; });
      out.textContent = String(s);
    }
    inputs.forEach(function (input) { input.addEventListener("input", sum); });
    total.hidden = false;
    sum();
  });
  var steps = sheet.querySelector("[data-steps]");
  var toggle = sheet.querySelector("[data-mode]");
  if (!steps || members.length < 2) return;
  var position = steps.querySelector("[data-position]");
  var current = 0;
  var oneByOne = false;
  var hasErrors = sheet.querySelector(".has-error");
  function show() {
    members.forEach(function (member, i) { member.hidden = oneByOne && i !== current; });
    steps.hidden = !oneByOne;
    position.textContent = (current + 1) + " / " + members.length;
    steps.querySelector("[data-prev]").disabled = current === 0;
    steps.querySelector("[data-next]").disabled = current === members.length - 1;
  }
  steps.querySelector("[data-prev]").addEventListener("click", function () { current = Math.max(0, current - 1); show(); });
  steps.querySelector("[data-next]").addEventListener("click", function () { current = Math.min(members.length - 1, current + 1); show(); window.scrollTo(0, 0); });
  toggle.hidden = false;
  toggle.addEventListener("click", function () { oneByOne = !oneByOne; show(); });
  // One at a time on a phone, unless the page came back with errors to correct.
  oneByOne = window.matchMedia("(max-width: 480px)").matches && !hasErrors;
  show();
})();
