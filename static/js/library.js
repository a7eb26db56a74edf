/* Library page: ask before ending a running live session (phones lose their session). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".btn-end");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function (event) {
      var message = "Deze leersessie beëindigen? Telefoons kunnen daarna niet meer antwoorden.";
      if (!window.confirm(message)) event.preventDefault();
    });
  });
  // Deleting a session file cannot be undone from the browser: ask first.
  Array.prototype.forEach.call(document.querySelectorAll(".delete-session-form"), function (form) {
    form.addEventListener("submit", function (event) {
      var message = "Leersessie \u201C" + form.dataset.title + "\u201D verwijderen? Het sessiebestand wordt gewist; " +
        "afgelopen live-sessies en hun opbrengst blijven bewaard.";
      if (!window.confirm(message)) event.preventDefault();
    });
  });
})();
