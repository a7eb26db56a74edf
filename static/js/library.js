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
})();
