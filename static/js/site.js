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

  // A live update replaces only the results and the error slots: mark the fields the new
  // errors are about (and unmark the fixed ones), as a full page render does.
  function markErrors() {
    document.querySelectorAll(".field[data-field]").forEach(function (field) {
      var name = field.getAttribute("data-field");
      var error = document.getElementById("err-" + name);
      var control = document.getElementById("f-" + name);
      if (!error || !control) return;
      var bad = error.textContent.trim() !== "";
      field.classList.toggle("has-error", bad);
      if (bad) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    });
  }
  // The language link was rendered with the page's first URL: keep it on what was typed since.
  function relinkLanguage() {
    document.querySelectorAll("a.lang-link").forEach(function (link) {
      var lang = new URL(link.href, location.href).searchParams.get("lang");
      if (!lang) return;
      var here = new URL(location.href);
      here.searchParams.set("lang", lang);
      link.href = here.pathname + here.search;
    });
  }
  document.addEventListener("htmx:afterSettle", markErrors);
  // Keep shared links short: a live update sends (and pushes into the address bar) only the
  // fields that hold something. A plain submit without script still sends them all.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    for (var key in params) {
      if (params[key] === "") delete params[key];
    }
  });
  ["htmx:afterSettle", "htmx:pushedIntoHistory", "htmx:historyRestore"].forEach(function (name) {
    document.addEventListener(name, relinkLanguage);
  });

  // A screenshot can be dropped on the upload card or pasted anywhere on the page; choosing a
  // file sends it at once. Without script the file input and its button do the same.
  function sendScreenshot(files) {
    var zone = document.querySelector("[data-drop-zone]");
    var input = zone && zone.querySelector("input[type=file]");
    if (!input || !files || !files.length || !/^image\//.test(files[0].type)) return false;
    var transfer = new DataTransfer();
    transfer.items.add(files[0]);
    input.files = transfer.files;
    input.form.requestSubmit();
    return true;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.querySelector("[data-drop-zone]");
    if (!zone) return;
    zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      sendScreenshot(event.dataTransfer.files);
    });
    zone.querySelector("input[type=file]").addEventListener("change", function (event) {
      if (event.target.files.length) event.target.form.requestSubmit();
    });
    document.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (data && data.files && data.files.length && sendScreenshot(data.files)) event.preventDefault();
    });
  });
})();
