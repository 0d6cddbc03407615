// The entry page's live checks: after a change, post the form to the check URL (nothing is saved) and show
// the server's findings beside each item, the computed items and the three-state tags. Also: the 无 toggle
// disables the item's input without clearing it.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var checkUrl = form.getAttribute("data-check");
  var timer = null;
  var labels = { value: "已填", none: "无", blank: "未填" };

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
      var list = document.getElementById("f-" + key);
      if (list) {
        list.textContent = "";
        (data.items[key] || []).forEach(function (f) {
          var li = document.createElement("li");
          li.className = "finding " + f.severity;
          li.textContent = f.label + "：" + f.message;
          list.appendChild(li);
        });
      }
      var state = data.states[key];
      if (state) {
        item.classList.remove("s-value", "s-none", "s-blank");
        item.classList.add("s-" + state);
        var tag = item.querySelector("[data-state]");
        if (tag) { tag.textContent = labels[state]; }
      }
    });
    Object.keys(data.computed).forEach(function (key) {
      var out = form.querySelector('[data-computed="' + key + '"]');
      if (out) { out.textContent = data.computed[key] || "（自动计算）"; }
    });
    syncWarnings(data.warnings || []);
    var pct = document.getElementById("completeness");
    if (pct) { pct.textContent = data.completeness; }
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

  form.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.name && el.name.indexOf("none:") === 0) { setDisabled(itemOf(el), el.checked); }
    schedule();
  });
  form.addEventListener("input", schedule);
})();
