// coopdocs serve, the time sheets' grid: the day's and the month's totals follow what is typed
// (the workbook's own formulas say the same once saved). No framework, no inline script.
(function () {
  "use strict";
  var french = (document.documentElement.lang || "fr") === "fr";
  function parse(text) {
    text = (text || "").trim().replace(",", ".");
    if (!text) { return 0; }
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }
  function shown(value) {
    var rounded = String(Math.round(value * 100) / 100);
    return french ? rounded.replace(".", ",") : rounded;
  }
  function totals(table) {
    var columns = {};
    var all = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var day = 0;
      row.querySelectorAll("input[data-hours]").forEach(function (input) {
        var value = parse(input.value);
        if (isNaN(value)) { input.setAttribute("aria-invalid", "true"); return; }  // the save says why
        input.removeAttribute("aria-invalid");
        day += value;
        var key = input.getAttribute("data-hours");
        columns[key] = (columns[key] || 0) + value;
      });
      var cell = row.querySelector("[data-total]");
      if (cell) { cell.textContent = day ? shown(day) : ""; }
      all += day;
    });
    table.querySelectorAll("tfoot [data-column]").forEach(function (cell) {
      var key = cell.getAttribute("data-column");
      cell.textContent = shown(key === "all" ? all : (columns[key] || 0));
    });
    var month = document.getElementById("month-total");
    if (month) { month.textContent = shown(all); }
  }
  document.querySelectorAll("table.grid").forEach(function (table) {
    totals(table);  // what a refused save gave back counts at once, as typed
    var wrong = table.querySelector("input[aria-invalid=true]");
    if (wrong) { wrong.focus(); }  // and the first cell it refused is where the cursor is
    table.addEventListener("input", function (event) {
      if (event.target.matches("input[data-hours]")) { totals(table); }
    });
  });
})();
