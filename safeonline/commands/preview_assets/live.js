// Live reload for `invoke serve` only: injected by the preview server, never built
// into output/. Polls the preview server (same origin) once a second: a new good
// build reloads the page; a failed one shows its problems over the last good page.
(function () {
  "use strict";
  var seen = null;
  var box = null;

  function show(problems) {
    if (!box) {
      box = document.createElement("div");
      box.id = "preview-errors";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
      s.maxHeight = "60vh"; s.overflow = "auto"; s.padding = "1rem 1.25rem";
      s.background = "#fff4f2"; s.color = "#5c1208"; s.borderTop = "4px solid #b3261e";
      s.font = "15px/1.45 system-ui, sans-serif"; s.direction = "ltr"; s.textAlign = "left";
      var title = document.createElement("strong");
      title.textContent = "The last change did not build. You are seeing the last good build.";
      var list = document.createElement("pre");
      list.style.whiteSpace = "pre-wrap";
      list.style.font = "13px/1.5 ui-monospace, monospace";
      list.style.margin = "0.75rem 0 0";
      box.appendChild(title);
      box.appendChild(list);
      document.body.appendChild(box);
    }
    box.lastChild.textContent = problems;
  }

  function hide() {
    if (box) { box.remove(); box = null; }
  }

  function poll() {
    fetch("/__preview/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen !== null && status.build !== seen && status.ok) {
          location.reload();
          return;
        }
        seen = status.build;
        if (status.ok) { hide(); } else { show(status.problems); }
      })
      .catch(function () { /* server restarting: try again */ })
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
