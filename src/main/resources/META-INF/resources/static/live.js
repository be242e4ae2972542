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
        panel.querySelectorAll("[data-while-running]").forEach(function (el) { el.hidden = true; });
        var refused = panel.querySelector("[data-when-refused]");
        if (refused && run.rejected > 0) { refused.hidden = false; }
      }
    };
    source.onerror = function () { source.close(); };
  }
  // An element with data-new-replies="url" shows itself once that stream counts new replies.
  function announce(notice) {
    var source = new EventSource(notice.getAttribute("data-new-replies"));
    source.onmessage = function (event) {
      var count = JSON.parse(event.data).newReplies;
      if (count > 0) {
        notice.querySelector("[data-field='newReplies']").textContent = count;
        notice.hidden = false;
      }
    };
    source.onerror = function () { source.close(); };
  }
  // A table with data-campaign-events="url" refreshes the counters of its [data-campaign] rows.
  function campaigns(table) {
    var source = new EventSource(table.getAttribute("data-campaign-events"));
    source.onmessage = function (event) {
      JSON.parse(event.data).forEach(function (c) {
        var row = table.querySelector("[data-campaign='" + c.id + "']");
        if (!row) { return; }
        ["status", "sent", "failed", "skipped", "pending", "inReview"].forEach(function (name) {
          var cell = row.querySelector("[data-field='" + name + "']");
          if (cell) { cell.textContent = c[name]; }
        });
      });
    };
    source.onerror = function () { source.close(); };
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-import-events]").forEach(follow);
    document.querySelectorAll("[data-new-replies]").forEach(announce);
    document.querySelectorAll("[data-campaign-events]").forEach(campaigns);
  });
})();
