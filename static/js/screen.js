/*
 * The presenter screen (beamer). Receives everything from the /screen namespace and sends
 * nothing. Each step type has its own slide (screen-slides.js); question slides show the
 * results live. The server re-sends the whole state on (re)connect, so a reconnect resyncs
 * by itself.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var Slides = window.LeersessieScreenSlides;
  var body = document.body;
  var stage = document.getElementById("stage");
  var slide = document.getElementById("slide");
  var offlineDot = document.getElementById("offline-dot");
  var keyHint = document.getElementById("key-hint");
  var info = Slides.info;

  var RETRY_MS = 5000;           // pause before reconnecting after the server refused us
  var CURSOR_IDLE_MS = 2500;     // the mouse pointer hides after this long without moving
  var KEY_HINT_MS = 6000;        // how long the "press F" hint stays

  var state = {
    position: null,
    question: null,
    results: null,
    deadline: null,
    ended: body.dataset.status === "ended",
    renderedKey: null,
    speakerQuestions: false,
  };

  /** 1% of the stage width: slide font sizes scale with the beamer, not the window. */
  function unit() { return stage.clientWidth / 100; }

  // ------------------------------------------------------------------ rendering

  /** Swap in a new #slide and fit its text. */
  function show(node) {
    stage.replaceChild(node, slide);
    slide = node;
    Slides.fitSlide(node, unit());
  }

  /** Show the current step's slide; rebuilds only when the step changed (keeps animations calm). */
  function renderSlide() {
    var position = state.position;
    if (state.ended) {
      body.classList.remove("is-blank");
      renderSpeakerQuestions(null);  // the closing slide alone: the room's questions go with the session
      show(Slides.ended());
      state.renderedKey = "ended";
      return;
    }
    if (!position) return;
    body.classList.toggle("is-blank", !!position.blank);
    var step = position.step;
    // Beside the top questions the slide is narrower: its join panel becomes the bar.
    var joinPanel = state.speakerQuestions ? "bar" : (position.join_panel || "full");
    var key = position.index + ":" + step.id + ":" + joinPanel;
    if (state.renderedKey === key && slide.dataset.type === step.type) return;
    state.renderedKey = key;
    var shown = {};
    Object.keys(position).forEach(function (name) { shown[name] = position[name]; });
    shown.join_panel = joinPanel;
    var built = Slides.build(step, shown);
    built.dataset.index = String(position.index);
    built.dataset.stepId = step.id;
    show(built);
    if (step.type === "question") {
      Slides.fitPrompt(slide, unit());
      Slides.clampHelp(slide);
      renderQuestionState();
      renderQuestionResults();
    }
  }

  /** Rebuild even an unchanged step, so a new window size refits everything. */
  function rerender() {
    state.renderedKey = null;
    renderSlide();
  }

  /** Open/closed pill and countdown of the question slide. */
  function renderQuestionState() {
    var pill = document.getElementById("question-state");
    if (!pill) return;
    var q = state.question || {open: false};
    pill.textContent = q.open ? "Open" : "Gesloten";
    pill.className = "state-pill " + (q.open ? "is-open" : "is-closed");
    slide.classList.toggle("is-closed", !q.open);
    tick();
  }

  /** Answer count and results of the question slide; empty results until the step's first update. */
  function renderQuestionResults() {
    var area = document.getElementById("results");
    if (!area || !state.position) return;
    var step = state.position.step;
    var data = state.results;
    if (!data || data.step_id !== step.id) {
      data = {summary: {kind: step.question.kind, count: 0, withheld: false}, wall: [], spotlight: null};
    }
    var summary = data.summary || {};
    var count = summary.count || 0;
    var counter = document.getElementById("answer-count");
    if (counter) counter.textContent = UI.answersLabel(count);
    // With results to show, the prompt steps back so the results get the room.
    var compact = count > 0 && !summary.hidden && !summary.withheld;
    if (slide.classList.contains("is-compact") !== compact) {
      slide.classList.toggle("is-compact", compact);
      Slides.fitPrompt(slide, unit());
      Slides.clampHelp(slide);
    }
    renderResults(area, data, {variant: "screen",
      emptyText: state.question && state.question.open ? "Nog geen antwoorden \u2014 pak je telefoon en doe mee" : "Geen antwoorden"});
  }

  /** Update the countdown from the local deadline; runs every 250 ms. */
  function tick() {
    var countdown = document.getElementById("countdown");
    if (!countdown) return;
    if (state.deadline === null) {
      countdown.hidden = true;
      return;
    }
    var left = Math.max(0, (state.deadline - Date.now()) / 1000);
    countdown.hidden = false;
    countdown.textContent = UI.formatClock(left);
    countdown.classList.toggle("is-ending", left <= 10);
  }
  setInterval(tick, 250);

  /** Keep the question state; the server sends seconds left, turned into a local deadline. */
  function setQuestion(question) {
    state.question = question || null;
    if (question && question.open && typeof question.remaining_seconds === "number") {
      state.deadline = Date.now() + question.remaining_seconds * 1000;
    } else {
      state.deadline = null;
    }
  }

  // ------------------------------------------------------------------ server events

  /** A (new) step or a change of the blank state; a new step drops the old results. */
  function onStepChanged(position) {
    if (!position || !position.step) return;
    var changed = !state.position || state.position.index !== position.index ||
      state.position.step.id !== position.step.id;
    state.position = position;
    if (changed) state.results = null;
    setQuestion(position.question);
    if (position.status === "ended") state.ended = true;
    renderSlide();
    if (position.step.type === "question") {
      renderQuestionState();
      if (!changed) renderQuestionResults();
    }
  }

  /** Opened, closed, timer or results visibility of the current question. */
  function onQuestionChanged(question) {
    if (!state.position || !question || state.position.step.id !== question.step_id) return;
    setQuestion(question);
    renderQuestionState();
    renderQuestionResults();
  }

  /** New aggregate results; updates for another step (a late message) are ignored. */
  function onResultsUpdated(data) {
    if (!state.position || !data || state.position.step.id !== data.step_id) return;
    state.results = data;
    if (data.question) setQuestion(data.question);
    renderQuestionState();
    renderQuestionResults();
  }

  /** The top questions to the speaker, in a column beside the slide, while the facilitator shows them. */
  function renderSpeakerQuestions(data) {
    var panel = document.getElementById("speaker-questions");
    var list = document.getElementById("speaker-questions-list");
    if (!panel || !list) return;
    UI.clear(list);
    (data && data.items || []).forEach(function (question) {
      list.appendChild(UI.el("li", {className: "speaker-question"}, [
        UI.el("span", {className: "speaker-question-text", text: question.text}),
        UI.el("span", {className: "speaker-question-votes", text: String(question.votes)})]));
    });
    var visible = !!(data && data.visible) && !state.ended;
    panel.hidden = !visible;
    // Whole questions only: the ones that do not fit under the first are left off (most votes first).
    while (visible && list.children.length > 1 && panel.scrollHeight > panel.clientHeight + 1) {
      list.removeChild(list.lastChild);
    }
    if (state.speakerQuestions !== visible) {
      state.speakerQuestions = visible;
      stage.classList.toggle("has-speaker-questions", visible);
      rerender();  // the slide's room changed: refit it (and shrink or restore its join panel)
    }
  }

  /** Listen on /screen; the offline dot shows while the connection is down. */
  function connect() {
    var socket = io("/screen", {auth: {token: info.token}, reconnectionDelayMax: 4000});
    var retryTimer = null;
    // After Beëindigen the screen hangs up on purpose: no "verbinding verbroken" on the closing slide.
    var setOnline = function (online) { offlineDot.hidden = online || state.ended; };

    socket.on("connect", function () {
      setOnline(true);
      if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    });
    socket.on("disconnect", function () { setOnline(false); });
    socket.on("connect_error", function () {
      setOnline(false);
      if (!socket.active && !retryTimer) {
        // Refused (for example while the server restarts): keep trying quietly.
        retryTimer = setTimeout(function () { retryTimer = null; socket.connect(); }, RETRY_MS);
      }
    });
    socket.on("step_changed", onStepChanged);
    socket.on("question_changed", onQuestionChanged);
    socket.on("results_updated", onResultsUpdated);
    socket.on("questions_shown", renderSpeakerQuestions);
    socket.on("session_ended", function () {
      state.ended = true;
      setOnline(true);
      renderSlide();
      socket.disconnect();  // the server stops serving this screen's token now
    });
  }

  // ------------------------------------------------------------------ keyboard, resize, cursor

  /** Full screen on or off: the one key the beamer laptop needs (F, or what the console set). */
  function toggleFullscreen() {
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  /** "Druk op F": with the key the facilitator chose, or no hint when shortcuts are off. */
  function showKeyHint() {
    var Keys = window.LeersessieKeys;
    var entry = Keys.list().filter(function (a) { return a.id === "fullscreen"; })[0];
    keyHint.hidden = !Keys.enabled() || !entry || !entry.names.length;
    if (!keyHint.hidden) keyHint.querySelector("kbd").textContent = entry.names[0];
  }

  /** Refit after resizing, once the window has settled. */
  function watchResize() {
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(rerender, 120);
    });
  }

  /** Hide the mouse pointer on the beamer until it moves. */
  function watchCursor() {
    var cursorTimer = null;
    function wakeCursor() {
      body.classList.remove("hide-cursor");
      clearTimeout(cursorTimer);
      cursorTimer = setTimeout(function () { body.classList.add("hide-cursor"); }, CURSOR_IDLE_MS);
    }
    document.addEventListener("mousemove", wakeCursor);
    wakeCursor();
  }

  if (!state.ended) connect();  // an ended session shows its closing slide only
  window.LeersessieKeys.register({id: "fullscreen", label: "Volledig scherm (in het schermvenster)", keys: ["f"],
    run: toggleFullscreen});
  window.LeersessieKeys.onChange(showKeyHint);
  showKeyHint();
  watchResize();
  watchCursor();
  setTimeout(function () { keyHint.classList.add("is-gone"); }, KEY_HINT_MS);

  if (state.ended) renderSlide();
  else show(Slides.waiting("Verbinden\u2026"));
})();
