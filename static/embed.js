// LoanLens embed loader. Usage on any page:
//   <script src="https://HOST/static/embed.js" data-lang="zh" data-amount="10000" data-term="12"
//           data-theme="light" data-accent="0b5cad" async></script>
// It inserts an iframe with the calculator right after itself and sizes it to its content,
// accepting size messages only from LoanLens's own origin and only from its own frame.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var params = new URLSearchParams();
  ["lang", "amount", "term", "kind", "rate", "fee", "theme", "accent"].forEach(function (key) {
    var value = script.getAttribute("data-" + key);
    if (value) params.set(key, value);
  });
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/calculator?" + params.toString();
  frame.title = script.getAttribute("data-title") || "LoanLens";
  frame.loading = "lazy";
  frame.setAttribute("scrolling", "no");
  frame.style.width = "100%";
  frame.style.maxWidth = "560px";
  frame.style.border = "0";
  frame.style.height = "480px";
  frame.className = "loanlens-frame";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "loanlens:height") return;
    var height = Number(data.height);
    if (height > 0 && height < 5000) frame.style.height = Math.ceil(height) + "px";
  });
})();
