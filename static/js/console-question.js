/*
 * The console's question controls: open/close, results on the screen or not, the timer with
 * its countdown, and the live results panel. Only shown on question steps.
 * Exposed as window.LeersessieConsoleQuestion.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;

  var Duration = window.LeersessieDuration;
  var DEFAULT_MINUTES = "3";
  var TICK_MS = 250;
  var CLOSED = {open: false, results_visible: true, remaining_seconds: null};

  // {nodes, state, emit, currentStep(), applyQuestionAck(ack)} from console.js
  var ctx = null;

  /** Bind the question buttons and start the countdown clock. */
  function init(context) {
    ctx = context;
    var nodes = ctx.nodes;
    nodes.questionToggle.addEventListener("click", toggleOpen);
    nodes.resultsToggle.addEventListener("click", toggleResults);
    nodes.timerStart.addEventListener("click", startFromInput);
    nodes.timerStop.addEventListener("click", function () { startTimer(0); });
    nodes.timerMinutes.addEventListener("keydown", function (event) {
      if (event.key === "Enter") nodes.timerStart.click();
    });
    nodes.timerMinutes.addEventListener("input", showParsed);
    setInterval(tick, TICK_MS);
  }

  /** The current step when it is a question, else null. */
  function currentQuestionStep() {
    var step = ctx.currentStep();
    return step && step.question ? step : null;
  }

  // ------------------------------------------------------------------ rendering

  /** Keep the local deadline; the server sends seconds left, so clocks need not agree. */
  function setDeadline(question) {
    var state = ctx.state;
    if (question && question.open && typeof question.remaining_seconds === "number") {
      state.deadline = Date.now() + question.remaining_seconds * 1000;
    } else {
      state.deadline = null;
    }
    tick();
  }

  /** Show the question panels on question steps only, and fill in their state. */
  function render() {
    var nodes = ctx.nodes;
    var step = currentQuestionStep();
    nodes.questionPanel.hidden = !step;
    nodes.resultsPanel.hidden = !step;
    nodes.moderation.hidden = !step;
    if (!step) return;
    renderToggles(ctx.state.question || CLOSED);
    if (ctx.state.timerStepId !== step.id) {
      // Prefill the minutes once per question, so the facilitator's own choice survives updates.
      ctx.state.timerStepId = step.id;
      var limit = step.question.time_limit;
      nodes.timerMinutes.value = limit ? Duration.describe(limit).replace(" minuten", " min").replace(" minuut", " min")
        : DEFAULT_MINUTES;
      showParsed();
    }
    var results = ctx.state.results;
    var count = results && results.summary ? results.summary.count || 0 : 0;
    nodes.answerCount.textContent = String(count);
    nodes.answerCountLabel.textContent = count === 1 ? "antwoord" : "antwoorden";
    // Held answers are not counted (they are not on the screen yet), but they are there: say so.
    var held = window.LeersessieConsoleReview.heldFor(step.id);
    var heldNode = document.getElementById("answer-held");
    heldNode.hidden = held === 0;
    heldNode.textContent = held ? " · " + held + " " + (held === 1 ? "wacht" : "wachten") + " op beoordeling" : "";
    announceCount(step.id, count === 1 ? "1 antwoord" : count + " antwoorden");
    tick();
  }

  // The answer count is said at most every few seconds, and only when it changed: a room
  // answering at once would otherwise fill the screen reader's queue.
  var COUNT_SPOKEN_MS = 5000;
  var spokenCount = null, countTimer = null;
  function announceCount(stepId, text) {
    var key = stepId + ":" + text;
    if (spokenCount === null || spokenCount.split(":")[0] !== stepId) { spokenCount = key; return; }
    if (key === spokenCount || countTimer) return;
    countTimer = setTimeout(function () {
      countTimer = null;
      var step = currentQuestionStep();
      var now = step ? step.id + ":" + ctx.nodes.answerCount.textContent + " " + ctx.nodes.answerCountLabel.textContent : null;
      if (!now || now === spokenCount) return;
      spokenCount = now;
      UI.announce(document.getElementById("console-announce"), now.split(":").slice(1).join(":"));
    }, COUNT_SPOKEN_MS);
  }

  /** Status pill and the labels of the open/close and results buttons. */
  function renderToggles(q) {
    var nodes = ctx.nodes;
    nodes.questionStatus.textContent = q.open ? "Open" : "Gesloten";
    nodes.questionStatus.className = "pill " + (q.open ? "pill-open" : "pill-closed");
    nodes.questionStatus.id = "question-status";
    nodes.questionToggle.textContent = q.open ? "Sluiten" : "Openen";
    nodes.questionToggle.dataset.action = q.open ? "close" : "open";
    nodes.resultsToggle.textContent = q.results_visible ? "Resultaten verbergen" : "Resultaten tonen";
    nodes.resultsScreenState.textContent = q.results_visible ? "Zichtbaar op het scherm" : "Verborgen op het scherm";
    nodes.resultsPanel.classList.toggle("is-hidden-on-screen", !q.results_visible);
  }

  /** Update the countdown and the stop button from the local deadline. */
  function tick() {
    var nodes = ctx.nodes;
    var running = ctx.state.deadline !== null;
    nodes.timerRemaining.hidden = !running;
    nodes.timerStop.hidden = !running;
    if (running) {
      var left = Math.max(0, (ctx.state.deadline - Date.now()) / 1000);
      nodes.timerRemaining.textContent = UI.formatClock(left);
      nodes.timerRemaining.classList.toggle("is-ending", left <= 10);
    }
  }

  /** The results as the facilitator sees them (even when hidden on the screen). */
  function renderResultsPanel() {
    var step = currentQuestionStep();
    if (!step) return;
    var data = ctx.state.results;
    if (!data) {
      renderResults(ctx.nodes.results, {summary: {kind: step.question.kind, count: 0, withheld: false}, wall: []},
        {variant: "console"});
      return;
    }
    renderResults(ctx.nodes.results, data, {variant: "console", maxWall: 6});
  }

  // ------------------------------------------------------------------ controls

  /** Open a closed question or close an open one, as the button currently says. */
  function toggleOpen() {
    var step = currentQuestionStep();
    if (!step) return;
    var event = ctx.nodes.questionToggle.dataset.action === "close" ? "close_question" : "open_question";
    ctx.emit(event, {step_id: step.id}, ctx.applyQuestionAck);
  }

  /** Show or hide the results on the screen. */
  function toggleResults() {
    var step = currentQuestionStep();
    if (!step) return;
    var visible = !(ctx.state.question && ctx.state.question.results_visible);
    ctx.emit("show_results", {step_id: step.id, visible: visible}, ctx.applyQuestionAck);
  }

  /** Start the timer; 0 seconds stops it. */
  function startTimer(seconds) {
    var step = currentQuestionStep();
    if (!step) return;
    ctx.emit("start_timer", {step_id: step.id, seconds: seconds}, ctx.applyQuestionAck);
  }

  /** Under the field, before starting: the duration as understood, or why it is not understood. */
  function showParsed() {
    var nodes = ctx.nodes;
    var parsed = Duration.parse(nodes.timerMinutes.value);
    nodes.timerPreview.textContent = parsed.error ? parsed.error : "Start " + Duration.describe(parsed.seconds) + " aftellen";
    nodes.timerPreview.classList.toggle("is-error", !!parsed.error);
    nodes.timerMinutes.setAttribute("aria-invalid", parsed.error ? "true" : "false");
    return parsed;
  }

  /** Start the timer with the time typed; anything not understood is refused with a message. */
  function startFromInput() {
    var parsed = showParsed();
    if (parsed.error) {
      UI.toast(parsed.error, "error");
      ctx.nodes.timerMinutes.focus();
      return;
    }
    startTimer(parsed.seconds);
  }

  window.LeersessieConsoleQuestion = {
    init: init, render: render, renderResults: renderResultsPanel, setDeadline: setDeadline, tick: tick,
  };
})();
