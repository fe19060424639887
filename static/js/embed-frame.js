// Inside the widget's iframe: tell the page that embeds it how tall the widget is,
// so the loader (static/embed.js) can size the frame. No data but the height leaves the frame.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "loanlens:height", height: height }, "*");
  }
  document.addEventListener("DOMContentLoaded", report);
  window.addEventListener("load", report);
  document.addEventListener("htmx:afterSettle", report);
  // Mark the fields the new errors are about, and unmark the fixed ones.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".err[id^='err-']").forEach(function (error) {
      var control = document.getElementById("w-" + error.id.slice(4));
      if (!control) return;
      if (error.textContent.trim()) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    });
  });
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
})();
