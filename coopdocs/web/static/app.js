// coopdocs serve: the few behaviours htmx does not give by itself.
(function () {
  "use strict";
  // The live check puts each message next to its field (the summary is swapped by htmx).
  function showProblems(byField) {
    document.querySelectorAll(".err[data-for]").forEach(function (slot) {
      slot.textContent = "";
      var field = slot.closest(".field");
      if (field) { field.classList.remove("invalid"); }
    });
    Object.keys(byField).forEach(function (key) {
      var parts = key.split(".");
      var slot = null;
      while (parts.length && !slot) {
        slot = document.querySelector('.err[data-for="' + CSS.escape(parts.join(".")) + '"]');
        parts.pop();
      }
      if (!slot) { return; }
      byField[key].forEach(function (message) {
        var p = document.createElement("p");
        p.textContent = message;
        slot.appendChild(p);
      });
      var field = slot.closest(".field");
      if (field) { field.classList.add("invalid"); }
      var details = slot.closest("details");
      if (details) { details.open = true; }
    });
  }
  document.body.addEventListener("coopdocs-problems", function (event) {
    showProblems(event.detail.fields || {});
  });
  // A link to a problem opens the list item that holds its field.
  document.body.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-goto]");
    if (!link) { return; }
    var parts = link.getAttribute("data-goto").split(".");
    while (parts.length) {
      var target = document.getElementById("f-" + parts.join("."));
      if (target) {
        var details = target.closest("details");
        if (details) { details.open = true; }
        target.scrollIntoView({block: "center"});
        if (target.focus) { target.focus(); }
        event.preventDefault();
        return;
      }
      parts.pop();
    }
  });
})();
