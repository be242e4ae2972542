// Live updates for console pages, without any framework: an element with data-import-events="url"
// follows that server-sent event stream and fills its [data-field] children; the others below follow
// the same pattern. Every page works without this script.
(function () {
  "use strict";
  // Refused rows, as they come: the table's body is rebuilt from the list the stream sends.
  function showErrors(errors) {
    var body = document.querySelector("[data-errors]");
    if (!body || errors.length === 0) { return; }
    body.replaceChildren.apply(body, errors.map(function (e) {
      var row = document.createElement("tr");
      [e.row, e.header || e.field, e.message].forEach(function (value) {
        var cell = document.createElement("td");
        cell.textContent = value === null || value === undefined ? "" : value;
        row.appendChild(cell);
      });
      return row;
    }));
    document.querySelector("[data-errors-table]").hidden = false;
    document.querySelector("[data-no-errors]").hidden = true;
  }
  function follow(panel) {
    var source = new EventSource(panel.getAttribute("data-import-events"));
    source.onmessage = function (event) {
      var run = JSON.parse(event.data);
      panel.querySelectorAll("[data-field]").forEach(function (el) {
        var name = el.getAttribute("data-field");
        if (name === "bar") {
          el.value = run.percent;
          el.textContent = run.percent + " %";
        } else if (name === "status") {
          el.textContent = run.statusText || run.status;
          el.className = "status " + run.status;
        } else if (run[name] !== undefined && run[name] !== null) {
          el.textContent = run[name];
        }
      });
      showErrors(run.errors || []);
      if (run.status !== "running") {
        source.close();
        panel.querySelectorAll("[data-while-running]").forEach(function (el) { el.hidden = true; });
        var none = document.querySelector("[data-no-errors]");
        if (none) { none.textContent = "None: every row was read."; }
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
  // A form with data-live-preview="step" asks for its preview as it is typed (a pause of 400 ms after
  // the last key), posting what the Preview button would, and puts the answer's preview and problem
  // in place of its own. Only the latest answer is shown; without script the button does the same.
  function livePreview(form) {
    var step = form.getAttribute("data-live-preview");
    var timer = null;
    var asked = 0;
    function swap(page, id) {
      var fresh = page.getElementById(id);
      var here = document.getElementById(id);
      if (fresh && here) { here.replaceWith(document.importNode(fresh, true)); }
    }
    function ask() {
      var body = new URLSearchParams(new FormData(form));
      body.set("action", "preview");
      var mine = ++asked;
      // (form.action would be the button named "action")
      fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin" })
        .then(function (answer) { return answer.ok ? answer.text() : null; })
        .then(function (html) {
          if (html === null || mine !== asked) { return; }
          var page = new DOMParser().parseFromString(html, "text/html");
          swap(page, step + "-problem");
          swap(page, step + "-preview");
        })
        .catch(function () { /* the Preview button still works */ });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });
  }
  // A checkbox with data-select-all="form-id" ticks or clears every box of that form on the page.
  function selectAll(box) {
    var boxes = document.querySelectorAll("input[type=checkbox][form='" + box.getAttribute("data-select-all") + "']");
    box.closest("[hidden]") && box.closest("[hidden]").removeAttribute("hidden");
    box.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = box.checked; });
    });
    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        box.checked = Array.prototype.every.call(boxes, function (x) { return x.checked; });
      });
    });
  }
  // The aside with data-live-events="url" lists what happened while the page was open: a reply, a booking,
  // drafts waiting, a run's progress, an alert; newest first, five at most, each a link to where it is.
  function liveEvents(aside) {
    var list = aside.querySelector("ul");
    var source = new EventSource(aside.getAttribute("data-live-events"));
    source.onmessage = function (event) {
      var e = JSON.parse(event.data);
      if (e && e.kind === "hello") { aside.setAttribute("data-connected", "true"); }
      if (!e || !e.text) { return; }
      var item = document.createElement("li");
      item.setAttribute("data-kind", e.kind);
      var link = document.createElement("a");
      link.href = e.href || "#";
      link.textContent = e.text;
      var at = document.createElement("time");
      at.textContent = e.at || "";
      item.append(link, at);
      list.prepend(item);
      while (list.children.length > 5) { list.lastElementChild.remove(); }
      aside.hidden = false;
    };
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-events]").forEach(liveEvents);
    document.querySelectorAll("[data-select-all]").forEach(selectAll);
    document.querySelectorAll("[data-live-preview]").forEach(livePreview);
    document.querySelectorAll("[data-import-events]").forEach(follow);
    document.querySelectorAll("[data-new-replies]").forEach(announce);
    document.querySelectorAll("[data-campaign-events]").forEach(campaigns);
  });
})();
