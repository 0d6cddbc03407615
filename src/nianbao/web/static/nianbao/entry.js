// The entry page's live checks: after a change, post the form to the check URL (nothing is saved) and show
// the server's findings beside each item, the computed items, the state tags (有错误 / 已填 / 无 / 未填),
// each section's counts in the section list and the error summary. Also: the 无 toggle disables the item's
// input without clearing it; links in the error summary and the returned-items list move the focus to the
// item's input (not just scroll to it), as GOV.UK's error summary does.
(function () {
  "use strict";
  var labels = { value: "已填", none: "无", blank: "未填", error: "有错误" };

  function focusItem(key) {
    var item = document.getElementById("item-" + key);
    if (!item) { return false; }
    var target = item.querySelector("input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea, output, summary");
    if (target && target.tagName === "OUTPUT") { target.tabIndex = -1; }
    if (!target) { item.tabIndex = -1; target = item; }
    item.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest("a[data-focus], a[data-focus-id]") : null;
    if (!link) { return; }
    if (link.hasAttribute("data-focus-id")) {
      var el = document.getElementById(link.getAttribute("data-focus-id"));
      if (el) { ev.preventDefault(); el.scrollIntoView({ block: "center" }); el.focus({ preventScroll: true }); }
      return;
    }
    if (focusItem(link.getAttribute("data-focus"))) { ev.preventDefault(); }
  });

  var summary = document.getElementById("error-summary");
  var returned = document.getElementById("ret-h");
  if (summary && summary.hasAttribute("data-focus-on-load")) { summary.focus(); }
  else if (returned) { returned.focus(); }

  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var checkUrl = form.getAttribute("data-check");
  var timer = null;

  function itemOf(el) { return el.closest ? el.closest(".item") : null; }

  function setDisabled(item, disabled) {
    item.querySelectorAll("input, select").forEach(function (el) {
      if (el.name && el.name.indexOf("none:") !== 0 && el.type !== "hidden" && el.getAttribute("form") === null) {
        el.disabled = disabled;
      }
    });
  }

  function render(data) {
    form.querySelectorAll(".item").forEach(function (item) {
      var key = item.getAttribute("data-key");
      var found = data.items[key] || [];
      var hasError = found.some(function (f) { return f.severity === "error"; });
      var list = document.getElementById("f-" + key);
      if (list) {
        list.textContent = "";
        found.forEach(function (f) {
          var li = document.createElement("li");
          li.className = "finding " + f.severity;
          li.textContent = f.label + "：" + f.message;
          list.appendChild(li);
        });
      }
      var state = hasError ? "error" : data.states[key];
      if (state) {
        item.classList.remove("s-value", "s-none", "s-blank", "s-error");
        item.classList.add("s-" + state);
        var tag = item.querySelector("[data-state]");
        if (tag) { tag.textContent = labels[state]; }
      }
      item.setAttribute("data-warned", found.some(function (f) { return f.severity === "warning"; }) ? "1" : "");
      var input = document.getElementById("v-" + key);
      if (input && input.tagName !== "FIELDSET" && input.tagName !== "OUTPUT") {
        if (hasError) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      }
    });
    Object.keys(data.computed).forEach(function (key) {
      var out = form.querySelector('[data-computed="' + key + '"]');
      if (out) { out.textContent = data.computed[key] || "（自动计算）"; }
    });
    syncWarnings(data.warnings || []);
    syncCounts();
    syncSummary(data.errors || []);
    var pct = document.getElementById("completeness");
    if (pct) { pct.textContent = data.completeness; }
  }

  // The section list's counts, from the items' current state.
  function syncCounts() {
    form.querySelectorAll("[data-part]").forEach(function (part) {
      var key = part.getAttribute("data-part");
      var holder = document.querySelector('[data-counts="' + key + '"]');
      if (!holder) { return; }
      var errors = part.querySelectorAll(".item.s-error").length;
      var warned = part.querySelectorAll('.item[data-warned="1"]:not(.s-error)').length;
      var blank = 0;
      part.querySelectorAll(".item.s-blank").forEach(function (it) { if (!it.querySelector("output")) { blank += 1; } });
      holder.textContent = "";
      function add(cls, text) {
        var span = document.createElement("span");
        span.className = cls;
        span.textContent = text;
        holder.appendChild(span);
      }
      var returnedItems = part.querySelectorAll(".item.has-comment").length;
      if (returnedItems) { add("c-error", "退回 " + returnedItems); }
      if (errors) { add("c-error", "错误 " + errors); }
      if (warned) { add("c-warning", "警告 " + warned); }
      if (blank) { add("c-blank", "未填 " + blank); }
      if (!returnedItems && !errors && !warned && !blank) { add("c-ok", "无问题"); }
    });
  }

  function syncSummary(errors) {
    if (!summary) { return; }
    var list = document.getElementById("error-list");
    list.textContent = "";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      if (e.key) {
        var a = document.createElement("a");
        a.href = "#item-" + e.key;
        a.setAttribute("data-focus", e.key);
        a.textContent = e.message;
        li.appendChild(a);
      } else {
        li.textContent = e.message;
      }
      list.appendChild(li);
    });
    document.getElementById("error-count").textContent = errors.length;
    summary.hidden = errors.length === 0;
  }

  // Keep one explanation box per current warning; a box whose warning went away is hidden, not
  // removed, so what was typed in it comes back if the warning does.
  function syncWarnings(list) {
    var section = document.getElementById("warnings");
    var holder = document.getElementById("warning-notes");
    if (!section || !holder) { return; }
    var current = {};
    list.forEach(function (w) {
      current[w.key] = true;
      var box = holder.querySelector('[data-warning="' + CSS.escape(w.key) + '"]');
      if (!box) {
        box = document.createElement("div");
        box.className = "warning-note";
        box.setAttribute("data-warning", w.key);
        var label = document.createElement("label");
        label.htmlFor = "note-" + w.key;
        var area = document.createElement("textarea");
        area.id = "note-" + w.key;
        area.name = "note:" + w.key;
        area.rows = 2;
        box.appendChild(label);
        box.appendChild(area);
        holder.appendChild(box);
      }
      box.querySelector("label").textContent = w.message;
      box.hidden = false;
    });
    holder.querySelectorAll(".warning-note").forEach(function (box) {
      if (!current[box.getAttribute("data-warning")]) { box.hidden = true; }
    });
    section.hidden = list.length === 0;
  }

  function check() {
    var body = new FormData(form);
    fetch(checkUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* offline or signed out: the server checks again on save */ });
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(check, 400); }

  // A plain number gets its thousands separators when the person leaves the box (the server reads both).
  form.addEventListener("focusout", function (ev) {
    var el = ev.target;
    if (el.classList && el.classList.contains("num") && /^-?\d{4,}(\.\d+)?$/.test(el.value.trim())) {
      var parts = el.value.trim().split(".");
      parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      el.value = parts.join(".");
    }
  });
  form.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.name && el.name.indexOf("none:") === 0) { setDisabled(itemOf(el), el.checked); }
    schedule();
  });
  form.addEventListener("input", schedule);
})();
