// Tables on a phone: below 640 px the stylesheet shows each row as a list of "label: value" lines instead
// of a table that needs sideways scrolling. This copies each column's header text onto its cells
// (data-label) so the labels can be shown; without the script the rows still reflow, without labels.
(function () {
  "use strict";
  document.querySelectorAll(".table-wrap table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.children, function (cell) {
        if (!cell.hasAttribute("data-label") && heads[col]) { cell.setAttribute("data-label", heads[col]); }
        col += cell.colSpan || 1;
      });
    });
  });
})();
