// Progressive enhancement only: every form works without this file.
// Shows the fields that matter for the chosen way of stating a price.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Each [data-kind-scope] holds one "kind" select and the field groups it governs.
  function sync(scope) {
    var kind = scope.querySelector("select[name$='kind']");
    if (!kind) return;
    scope.querySelectorAll(".field-group[data-show-for]").forEach(function (group) {
      var kinds = group.getAttribute("data-show-for").split(" ");
      group.hidden = kinds.indexOf(kind.value) === -1;
    });
  }
  function syncAll() { document.querySelectorAll("[data-kind-scope]").forEach(sync); }
  document.addEventListener("change", function (event) {
    var scope = event.target.closest && event.target.closest("[data-kind-scope]");
    if (scope && /kind$/.test(event.target.name)) sync(scope);
  });
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("htmx:afterSettle", syncAll);
})();
