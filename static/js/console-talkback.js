/*
 * The console's side of the room talking back: the phones' view of the others' answers (per
 * run and per question), the screen's wall sorted by herkenbaar, and the questions to the
 * speaker (open/closed, top questions on the screen, Beantwoord and Verbergen per question).
 * State comes from `questions_updated`; the switches only emit.
 */
(function () {
  "use strict";

  var el = window.LeersessieUI.el;
  var clear = window.LeersessieUI.clear;
  var root = document.getElementById("console");
  if (!root || !window.LeersessieConsole) return;
  var emit = window.LeersessieConsole.emit;
  var socket = window.LeersessieConsole.socket;
  function $(id) { return document.getElementById(id); }

  var STATUS = {open: "Open", answered: "Beantwoord", hidden: "Verborgen", held: "Wacht op beoordeling"};
  var nodes = {run: $("phone-view-run"), question: $("phone-view-question"), questionWrap: $("phone-view-question-wrap"),
    byVotes: $("wall-by-votes"), open: $("questions-open"), onScreen: $("questions-on-screen"),
    list: $("questions-list"), empty: $("questions-empty"), count: $("questions-count")};
  var stepId = null;
  var last = null;

  function renderSwitches() {
    if (!last) return;
    nodes.run.checked = !!last.phone_view.all;
    var perQuestion = stepId && Object.prototype.hasOwnProperty.call(last.phone_view.questions, stepId);
    nodes.questionWrap.hidden = !perQuestion;
    if (perQuestion) nodes.question.checked = !!last.phone_view.questions[stepId];
    nodes.byVotes.checked = !!last.wall_by_votes;
    nodes.open.checked = !!last.open;
    nodes.onScreen.checked = !!last.on_screen;
  }

  function button(text, action, id) {
    return el("button", {type: "button", className: "btn btn-small btn-secondary", text: text,
      dataset: {action: action, id: id}});
  }

  function item(question) {
    var held = question.status === "held";
    var actions = held ? [] : [
      question.status === "answered" ? button("Niet beantwoord", "unanswered", question.id)
        : button("Beantwoord", "answered", question.id),
      question.status === "hidden" ? button("Tonen", "unhide", question.id) : button("Verbergen", "hide", question.id)];
    return el("li", {className: "question-row is-" + question.status, dataset: {id: question.id}}, [
      el("p", {className: "question-text", text: held ? "Staat bij Eerst bekijken." : question.text}),
      el("p", {className: "question-meta small muted",
        text: STATUS[question.status] + " · " + question.votes + (question.votes === 1 ? " stem" : " stemmen")}),
      el("div", {className: "question-actions"}, actions)]);
  }

  function render(data) {
    last = data;
    renderSwitches();
    clear(nodes.list);
    data.items.forEach(function (question) { nodes.list.appendChild(item(question)); });
    nodes.empty.hidden = data.items.length > 0;
    nodes.count.textContent = String(data.items.length);
  }

  nodes.list.addEventListener("click", function (event) {
    var tap = event.target.closest("button[data-action]");
    if (tap) emit("moderate_question", {question_id: tap.dataset.id, action: tap.dataset.action});
  });
  nodes.run.addEventListener("change", function () { emit("set_phone_view", {enabled: nodes.run.checked}); });
  nodes.question.addEventListener("change", function () {
    if (stepId) emit("set_phone_view", {enabled: nodes.question.checked, step_id: stepId});
  });
  nodes.byVotes.addEventListener("change", function () { emit("sort_wall", {visible: nodes.byVotes.checked}); });
  nodes.open.addEventListener("change", function () { emit("set_questions", {open: nodes.open.checked}); });
  nodes.onScreen.addEventListener("change", function () { emit("show_questions", {visible: nodes.onScreen.checked}); });
  socket.on("questions_updated", render);
  socket.on("step_changed", function (pos) {
    stepId = pos && pos.step && pos.step.question ? pos.step.id : null;
    renderSwitches();
  });
})();
