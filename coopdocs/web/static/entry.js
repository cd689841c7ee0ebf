// coopdocs serve, entry pages: a question whose answer decides which fields follow, and the
// field a link names opened and focused. No rule of the project here: the server checks all.
(function () {
  "use strict";
  function answer(form, name) {
    var checked = form.querySelector('input[type=radio][name="' + CSS.escape(name) + '"]:checked');
    if (checked) { return checked.value; }
    var field = form.querySelector('[name="' + CSS.escape(name) + '"]');
    return field ? field.value : "";
  }
  function update(form) {
    form.querySelectorAll("[data-when]").forEach(function (block) {
      var wanted = block.getAttribute("data-when-values").split("|");
      var shown = wanted.indexOf(answer(form, block.getAttribute("data-when"))) >= 0;
      block.hidden = !shown;
      block.querySelectorAll("input, select, textarea").forEach(function (control) {
        control.disabled = !shown;  // a hidden question is not sent: its answer does not count
      });
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-when]")) { return; }
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
  // A link to a field (from a message, on this page or another) opens what holds it, then focuses it.
  function reveal(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var holder = target.closest("details");
    while (holder) { holder.open = true; holder = holder.parentElement.closest("details"); }
    // A field, else a landmark that takes focus itself (the skip link's main), else the first field inside.
    var control = target.matches("input, select, textarea, [tabindex]") ? target : target.querySelector("input, select, textarea");
    target.scrollIntoView({block: "center"});
    if (control) { control.focus(); }
  }
  if (location.hash.length > 1) { reveal(decodeURIComponent(location.hash.slice(1))); }
  window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });
})();
