// Live updates for console pages, without any framework: an element with data-import-events="url"
// follows that server-sent event stream and fills its [data-field] children. Nothing else runs.
(function () {
  "use strict";
  function follow(panel) {
    var source = new EventSource(panel.getAttribute("data-import-events"));
    source.onmessage = function (event) {
      var run = JSON.parse(event.data);
      panel.querySelectorAll("[data-field]").forEach(function (el) {
        var name = el.getAttribute("data-field");
        if (name === "bar") {
          el.value = run.percent;
          el.textContent = run.percent + " %";
        } else if (run[name] !== undefined && run[name] !== null) {
          el.textContent = run[name];
          if (name === "status") { el.className = "status " + run.status; }
        }
      });
      if (run.status !== "running") {
        source.close();
        var done = panel.querySelector("[data-when-done]");
        if (done) { done.hidden = false; }
      }
    };
    source.onerror = function () { source.close(); };
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-import-events]").forEach(follow);
  });
})();
