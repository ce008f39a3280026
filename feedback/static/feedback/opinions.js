// The opinion list: "select all on this page" and a running count of the ticked opinions.
// Without JavaScript the list still works: tick boxes one by one, or apply an action to
// every opinion matching the filters.
(function () {
  "use strict";

  function ticks(form) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="ids"]'));
  }

  function showCount(form) {
    var out = form.querySelector("[data-selected-count]");
    if (!out) return;
    var n = ticks(form).filter(function (box) { return box.checked; }).length;
    out.textContent = n ? "已选 " + n + " 条" : "";
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.form;
    if (!form || form.id !== "bulk") return;
    if (target.hasAttribute("data-select-all")) {
      ticks(form).forEach(function (box) { box.checked = target.checked; });
    }
    showCount(form);
  });
})();
