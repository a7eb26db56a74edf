/*
 * Editor preview of the presenter screen: the real slide builders (screen-slides.js) and the
 * real screen.css, fed with the step the editor sends by postMessage. Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var Slides = window.LeersessieScreenSlides;
  var stage = document.getElementById("stage");

  /** Put the editor's session facts where the slide builders read them. */
  function applySession(session) {
    var info = Slides.info;
    info.title = session.title || "";
    info.subtitle = session.subtitle || "";
    info.series = session.series || "";
    info.number = session.number ? String(session.number) : "";
    info.partners = session.partners || [];
  }

  /** Show one step as the beamer would, the question open and without answers yet. */
  function render(message) {
    applySession(message.session);
    var position = {index: message.index, title: message.session.title, number: message.session.number};
    var node = Slides.build(message.step, position);
    node.dataset.index = String(message.index);
    stage.replaceChild(node, document.getElementById("slide"));
    var unit = stage.clientWidth / 100;
    Slides.fitSlide(node, unit);
    if (message.step.type === "question") {
      var pill = document.getElementById("question-state");
      pill.textContent = "Open";
      pill.className = "state-pill is-open";
      document.getElementById("answer-count").textContent = "0 antwoorden";
      Slides.fitPrompt(node, unit);
    }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== "leersessie-preview") return;
    render(event.data);
  });
})();
