/*
 * The facilitator console of a live leersessie.
 *
 * All state comes from server events (step_changed, question_changed, results_updated,
 * phones_counted, session_ended); buttons only emit events and show a toast when the
 * acknowledgement says ok:false. The server sends the full state on (re)connect.
 * This file holds the state and step navigation; console-steps.js, -question.js, -answers.js,
 * -socket.js and -keys.js (shortcuts) do the rest.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var Steps = window.LeersessieConsoleSteps;
  var Question = window.LeersessieConsoleQuestion;
  var Answers = window.LeersessieConsoleAnswers;
  var Reading = window.LeersessieConsoleReading;
  var root = document.getElementById("console");
  if (!root) return;

  var CODE = root.dataset.code;
  var SCREEN_URL = root.dataset.screenUrl;
  var OPBRENGST_URL = root.dataset.opbrengstUrl;

  var $ = function (id) { return document.getElementById(id); };
  var nodes = {
    connBanner: $("conn-banner"), connText: $("conn-text"), endedBanner: $("ended-banner"),
    phones: $("phones-count"), phonesLabel: $("phones-label"), position: $("step-position"),
    prev: $("btn-prev"), next: $("btn-next"), blank: $("btn-blank"), openScreen: $("btn-open-screen"),
    end: $("btn-end"), stepList: $("step-list"), blankNotice: $("blank-notice"),
    current: $("current-step"), questionPanel: $("question-panel"), questionStatus: $("question-status"),
    questionToggle: $("btn-question-toggle"), resultsToggle: $("btn-results-toggle"),
    timerMinutes: $("timer-minutes"), timerPreview: $("timer-preview"), timerStart: $("btn-timer-start"), timerStop: $("btn-timer-stop"),
    timerRemaining: $("timer-remaining"), answerCount: $("answer-count"), answerCountLabel: $("answer-count-label"),
    resultsPanel: $("results-panel"), results: $("results"), resultsScreenState: $("results-screen-state"),
    moderation: $("moderation"), answers: $("answers"), answersEmpty: $("answers-empty"),
    notePanel: $("note-panel"), note: $("step-note"), nextStep: $("next-step"),
    qr: $("qr"), copyScreen: $("btn-copy-screen"), endForm: $("end-form"), joinPanel: $("btn-join-panel"),
  };

  var state = {
    position: null,      // last step_changed payload
    question: null,      // {step_id, open, results_visible, remaining_seconds}
    results: null,       // last results_updated payload for the current step
    deadline: null,      // local ms timestamp the countdown ends
    ended: root.dataset.status === "ended",
    timerStepId: null,   // the question the minutes input was last filled for
  };

  var connection = window.LeersessieConsoleSocket.connect(CODE,
    {connBanner: nodes.connBanner, connText: nodes.connText, root: root});
  var socket = connection.socket;
  var emit = connection.emit;

  /** The step on the screen now, or null before the first step_changed. */
  function currentStep() {
    return state.position ? state.position.step : null;
  }

  /** The ack carries the new position; the broadcast step_changed follows as well. */
  function applyPositionAck(ack) {
    if (ack && ack.position && Object.prototype.hasOwnProperty.call(ack.position, "next_step")) {
      onStepChanged(ack.position);
    }
  }

  /** A question ack carries the new question state: show it without waiting for the broadcast. */
  function applyQuestionAck(ack) {
    if (ack && ack.question) onQuestionChanged(ack.question);
  }

  // ------------------------------------------------------------------ server events

  /** A (new) step or a change of the blank state; a new step drops the old results. */
  function onStepChanged(position) {
    if (!position || !position.step) return;
    var before = state.position;
    var changed = !before || before.index !== position.index || before.step.id !== position.step.id;
    state.position = position;
    root.dataset.synced = "true";  // the steering keys act from now on (before, they have no step to act on)
    if (changed) {
      state.results = null;
      Answers.reset();
      Reading.reset();
    }
    renderJoinPanel(position.join_panel === "bar");
    state.question = position.question || null;
    Question.setDeadline(state.question);
    if (position.status === "ended") setEnded();
    Steps.renderPosition(position, changed, state.ended);
    if (changed) window.LeersessieConsoleReview.renderSwitches();
    Question.render();
    if (changed) Question.renderResults();
  }

  /** Opened, closed, timer or results visibility of the current question. */
  function onQuestionChanged(question) {
    var step = currentStep();
    if (!question || !step || step.id !== question.step_id) return;
    state.question = question;
    Question.setDeadline(question);
    Question.render();
    Question.renderResults();
  }

  /** New results and answers; updates for another step (a late message) are ignored. */
  function onResultsUpdated(data) {
    var step = currentStep();
    if (!data || !step || data.step_id !== step.id) return;
    state.results = data;
    if (data.question) {
      state.question = data.question;
      Question.setDeadline(data.question);
    }
    Question.render();
    Question.renderResults();
    Answers.render(data, step.question ? step.question.kind : "open");
    Reading.render(data, step.question ? step.question.kind : "open");
  }

  /** Phones connected to the session right now. */
  function onPhonesCounted(data) {
    var n = (data && data.count) || 0;
    nodes.phones.textContent = String(n);
    nodes.phonesLabel.textContent = n === 1 ? "telefoon" : "telefoons";
  }

  /** Freeze the console once the session ended: nothing can be steered any more. */
  function setEnded() {
    if (state.ended && !nodes.endedBanner.hidden) return;
    state.ended = true;
    nodes.endedBanner.hidden = false;
    root.classList.add("is-ended");
    var kicker = root.querySelector(".console-heading .kicker");
    if (kicker) kicker.textContent = kicker.textContent.replace(/live$/, "beëindigd");
    [nodes.prev, nodes.next, nodes.blank, nodes.end, nodes.questionToggle, nodes.resultsToggle,
      nodes.timerStart, nodes.timerStop, nodes.joinPanel].forEach(function (b) { b.disabled = true; });
    nodes.qr.hidden = true;
  }

  // ------------------------------------------------------------------ controls

  /** Next step, unless already at the end. */
  function next() { if (!nodes.next.disabled) emit("next_step", {}, applyPositionAck); }

  /** Previous step, unless at the start. */
  function previous() { if (!nodes.prev.disabled) emit("previous_step", {}, applyPositionAck); }

  /** Black out the screen, or show it again. */
  function toggleBlank() {
    if (state.ended || !state.position) return;
    emit("set_blank", {blank: !state.position.blank}, applyPositionAck);
  }

  /** The join panel button says what pressing it does next (its text changes: no aria-pressed as well). */
  function renderJoinPanel(asBar) {
    nodes.joinPanel.textContent = asBar ? "Meedoen-blok op scherm groot tonen" : "Meedoen-blok op scherm verkleinen";
  }

  /** Shrink the screen's join panel to a bar, or show it in full again. */
  function toggleJoinPanel() {
    if (state.ended || !state.position) return;
    emit("set_join_panel", {compact: state.position.join_panel !== "bar"}, applyPositionAck);
  }

  /** Jump to the step clicked in the step list. */
  function goToClickedStep(event) {
    var item = event.target.closest(".step-item");
    if (!item || state.ended) return;
    emit("go_to_step", {index: parseInt(item.dataset.index, 10)}, applyPositionAck);
  }

  /** End the session after a confirm, then go on to the opbrengst. */
  function endSession() {
    if (state.ended) return;
    if (!window.confirm("De leersessie beëindigen? Deelnemers kunnen daarna niet meer antwoorden.")) return;
    if (!socket.connected) {
      nodes.endForm.submit(); // the HTTP route does the same
      return;
    }
    emit("end_live", {}, function () { window.location.href = OPBRENGST_URL; });
  }

  /** Open the presenter screen in its own window (one per session, so a second click reuses it). */
  function openScreen() {
    var win = window.open(SCREEN_URL, "leersessie-scherm-" + CODE);
    if (!win) UI.toast("Het venster werd geblokkeerd. Sta pop-ups toe voor deze pagina.", "error");
  }

  /** Copy the screen link for the beamer computer; a prompt where the clipboard is not allowed. */
  function copyScreenLink() {
    var url = new URL(SCREEN_URL, window.location.href).href;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () {
        UI.toast("Schermlink gekopieerd. Open hem op de computer van de beamer.");
      }, function () { window.prompt("Schermlink:", url); });
    } else {
      window.prompt("Schermlink (kopieer en open op de computer van de beamer):", url);
    }
  }

  /** A shortcut that presses a button, when that button is shown and enabled. */
  function pressShown(id) {
    return function () {
      var button = $(id);
      if (button && !button.disabled && button.offsetParent !== null) button.click();
    };
  }

  /** "Druk op B": the key the facilitator gave the blank screen now, or no key when shortcuts are off. */
  function blankNoticeText() {
    var Keys = window.LeersessieKeys;
    var entry = Keys.list().filter(function (a) { return a.id === "blank"; })[0];
    var key = Keys.enabled() && entry && entry.names.length ? entry.names[0] : null;
    nodes.blankNotice.textContent = "Het scherm is zwart. " + (key ? "Druk op " + key + " of op" : "Druk op") +
      " \u201CScherm tonen\u201D om het weer te tonen.";
  }

  /** The console's shortcuts; the facilitator can turn them off or change them ("?"). */
  function registerKeys() {
    var Keys = window.LeersessieKeys;
    Keys.register({id: "next", label: "Volgende stap", keys: ["ArrowRight", " ", "PageDown"], run: next});
    Keys.register({id: "previous", label: "Vorige stap", keys: ["ArrowLeft", "PageUp"], run: previous});
    Keys.register({id: "blank", label: "Scherm zwart of terug", keys: ["b", "."], run: toggleBlank});
    Keys.register({id: "fullscreen", label: "Volledig scherm (in het schermvenster)", keys: ["f"]});
    // The question's own buttons get keys too; a key does nothing where its button is not shown.
    Keys.register({id: "question-toggle", label: "Vraag sluiten of openen", keys: ["s"], run: pressShown("btn-question-toggle")});
    Keys.register({id: "countdown", label: "Aftellen starten", keys: ["t"], run: pressShown("btn-timer-start")});
    Keys.register({id: "next-answer", label: "Volgend antwoord (leesmodus)", keys: ["n"], run: pressShown("btn-reading-next")});
    Keys.register({id: "previous-answer", label: "Vorig antwoord (leesmodus)", keys: ["p"], run: pressShown("btn-reading-prev")});
    Keys.onChange(blankNoticeText);
    blankNoticeText();
    window.LeersessieKeysDialog.bind({
      dialog: $("keys-dialog"), table: $("keys-table"), enabled: $("keys-enabled"), status: $("keys-status"),
      reset: $("keys-reset"), close: $("keys-close"), open: $("btn-keys"), hint: $("keys-hint"),
    });
  }

  // ------------------------------------------------------------------ wiring

  Steps.init(nodes, root);
  Question.init({nodes: nodes, state: state, emit: emit, currentStep: currentStep,
    applyQuestionAck: applyQuestionAck});
  Answers.init({answers: nodes.answers, answersEmpty: nodes.answersEmpty}, function (answerId, action) {
    emit("moderate_answer", {answer_id: answerId, action: action});
  });
  Reading.init({bar: $("reading-bar"), start: $("btn-reading"), prev: $("btn-reading-prev"), next: $("btn-reading-next"),
    stop: $("btn-reading-stop"), position: $("reading-position")}, function (answerId, action) {
    emit("moderate_answer", {answer_id: answerId, action: action});
  });

  socket.on("step_changed", onStepChanged);
  socket.on("question_changed", onQuestionChanged);
  socket.on("results_updated", onResultsUpdated);
  socket.on("phones_counted", onPhonesCounted);
  socket.on("session_ended", function () { setEnded(); });
  window.LeersessieConsoleReview.init({emit: emit, currentStep: currentStep});
  socket.on("review_updated", function (data) {
    window.LeersessieConsoleReview.render(data);
    Question.render();  // the "wacht op beoordeling" beside the answer count
  });

  nodes.next.addEventListener("click", next);
  nodes.prev.addEventListener("click", previous);
  nodes.blank.addEventListener("click", toggleBlank);
  nodes.stepList.addEventListener("click", goToClickedStep);
  nodes.end.addEventListener("click", endSession);
  nodes.openScreen.addEventListener("click", openScreen);
  nodes.copyScreen.addEventListener("click", copyScreenLink);
  nodes.joinPanel.addEventListener("click", toggleJoinPanel);
  nodes.qr.addEventListener("error", function () { nodes.qr.hidden = true; });
  registerKeys();

  if (state.ended) setEnded();
  // console-quick.js sends its question over this same connection.
  window.LeersessieConsole = {emit: emit, socket: socket};
})();
