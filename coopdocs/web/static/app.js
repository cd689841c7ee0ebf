// coopdocs serve: the few behaviours htmx does not give by itself.
(function () {
  "use strict";
  // The live check puts each message next to its field (the summary is swapped by htmx).
  // Warnings go beside their field too, said apart and never marking it invalid.
  function slotOf(key) {
    var parts = key.split(".");
    var slot = null;
    while (parts.length && !slot) {
      slot = document.querySelector('.err[data-for="' + CSS.escape(parts.join(".")) + '"]');
      parts.pop();
    }
    return slot;
  }
  function showProblems(byField, warned, label) {
    document.querySelectorAll(".err[data-for]").forEach(function (slot) {
      slot.textContent = "";
      var field = slot.closest(".field");
      if (field) { field.classList.remove("invalid"); }
    });
    Object.keys(byField).forEach(function (key) {
      var slot = slotOf(key);
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
    Object.keys(warned).forEach(function (key) {
      var slot = document.querySelector('.err[data-for="' + CSS.escape(key) + '"]');
      if (!slot) { return; }
      warned[key].forEach(function (message) {
        var p = document.createElement("p");
        var strong = document.createElement("strong");
        p.className = "warn";
        strong.textContent = label;
        p.appendChild(strong);
        p.appendChild(document.createTextNode(" " + message));
        slot.appendChild(p);
      });
    });
  }
  document.body.addEventListener("coopdocs-problems", function (event) {
    showProblems(event.detail.fields || {}, event.detail.warned || {}, event.detail.warning_label || "");
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
