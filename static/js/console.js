/*
 * The facilitator console of a live leersessie.
 *
 * All state comes from server events (step_changed, question_changed, results_updated,
 * phones_counted, session_ended); buttons only emit events and show a toast when the
 * acknowledgement says ok:false. The server sends the full state on (re)connect.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var root = document.getElementById("console");
  if (!root) return;

  var CODE = root.dataset.code;
  var SCREEN_URL = root.dataset.screenUrl;
  var OPBRENGST_URL = root.dataset.opbrengstUrl;

  var TYPE_LABELS = {title: "Titel", statement: "Tekst", quote: "Citaat", insight: "Inzicht",
    question: "Vraag", resources: "Hulpbronnen", closing: "Afsluiting"};
  var KIND_LABELS = {open: "Open vraag", choice: "Meerkeuze", scale: "Schaal", words: "Woordwolk"};

  var $ = function (id) { return document.getElementById(id); };
  var nodes = {
    connBanner: $("conn-banner"), connText: $("conn-text"), endedBanner: $("ended-banner"),
    phones: $("phones-count"), phonesLabel: $("phones-label"), position: $("step-position"),
    prev: $("btn-prev"), next: $("btn-next"), blank: $("btn-blank"), openScreen: $("btn-open-screen"),
    end: $("btn-end"), stepList: $("step-list"), blankNotice: $("blank-notice"),
    current: $("current-step"), questionPanel: $("question-panel"), questionStatus: $("question-status"),
    questionToggle: $("btn-question-toggle"), resultsToggle: $("btn-results-toggle"),
    timerMinutes: $("timer-minutes"), timerStart: $("btn-timer-start"), timerStop: $("btn-timer-stop"),
    timerRemaining: $("timer-remaining"), answerCount: $("answer-count"), answerCountLabel: $("answer-count-label"),
    resultsPanel: $("results-panel"), results: $("results"), resultsScreenState: $("results-screen-state"),
    moderation: $("moderation"), answers: $("answers"), answersEmpty: $("answers-empty"),
    notePanel: $("note-panel"), note: $("step-note"), nextStep: $("next-step"),
    qr: $("qr"), copyScreen: $("btn-copy-screen"), endForm: $("end-form"),
  };

  var state = {
    position: null,      // last step_changed payload
    question: null,      // {step_id, open, results_visible, remaining_seconds}
    results: null,       // last results_updated payload for the current step
    deadline: null,      // local ms timestamp the countdown ends
    ended: root.dataset.status === "ended",
    timerStepId: null,   // the question the minutes input was last filled for
  };

  // ------------------------------------------------------------------ toasts

  function toast(message, kind) {
    var box = $("toasts");
    var item = el("div", {className: "toast" + (kind ? " toast-" + kind : ""), text: message});
    box.appendChild(item);
    setTimeout(function () { item.classList.add("is-leaving"); }, 4200);
    setTimeout(function () { if (item.parentNode) item.parentNode.removeChild(item); }, 4700);
  }

  // ------------------------------------------------------------------ socket

  var socket = io("/console", {auth: {code: CODE}, reconnectionDelayMax: 4000});
  var retryTimer = null;

  function setConnected(connected, text) {
    nodes.connBanner.hidden = connected;
    if (text) nodes.connText.textContent = text;
    root.classList.toggle("is-offline", !connected);
  }

  socket.on("connect", function () {
    setConnected(true);
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
  });
  socket.on("disconnect", function () {
    setConnected(false, "Verbinding verbroken — opnieuw verbinden…");
  });
  socket.on("connect_error", function (err) {
    var message = err && err.message ? err.message : "";
    if (!socket.active) {
      // Refused by the server (not logged in, unknown code): try again now and then.
      setConnected(false, "Geen verbinding: " + (message || "geweigerd") + ". Opnieuw proberen…");
      if (!retryTimer) {
        retryTimer = setTimeout(function () { retryTimer = null; socket.connect(); }, 5000);
      }
    } else {
      setConnected(false, "Verbinding verbroken — opnieuw verbinden…");
    }
  });

  /** Emit with an acknowledgement; ok:false and time-outs end in a toast. */
  function emit(event, payload, onOk) {
    if (!socket.connected) {
      toast("Geen verbinding met de server. Even geduld…", "error");
      return;
    }
    socket.timeout(8000).emit(event, payload || {}, function (err, ack) {
      if (err) {
        toast("De server antwoordt niet. Probeer het opnieuw.", "error");
        return;
      }
      if (!ack || ack.ok === false) {
        toast((ack && ack.message) || "Dat lukte niet.", "error");
        return;
      }
      if (onOk) onOk(ack);
    });
  }

  function applyPositionAck(ack) {
    // The ack carries the new position; the broadcast step_changed follows as well.
    if (ack && ack.position && Object.prototype.hasOwnProperty.call(ack.position, "next_step")) {
      onStepChanged(ack.position);
    }
  }

  function applyQuestionAck(ack) {
    if (ack && ack.question) onQuestionChanged(ack.question);
  }

  socket.on("step_changed", onStepChanged);
  socket.on("question_changed", onQuestionChanged);
  socket.on("results_updated", onResultsUpdated);
  socket.on("phones_counted", function (data) {
    var n = (data && data.count) || 0;
    nodes.phones.textContent = String(n);
    nodes.phonesLabel.textContent = n === 1 ? "telefoon" : "telefoons";
  });
  socket.on("session_ended", function () { setEnded(); });

  // ------------------------------------------------------------------ state handlers

  function currentStep() {
    return state.position ? state.position.step : null;
  }

  function onStepChanged(position) {
    if (!position || !position.step) return;
    var before = state.position;
    var changed = !before || before.index !== position.index || before.step.id !== position.step.id;
    state.position = position;
    if (changed) {
      state.results = null;
      resetAnswers();
    }
    state.question = position.question || null;
    setDeadline(state.question);
    if (position.status === "ended") setEnded();
    renderPosition(changed);
    renderQuestion();
    if (changed) renderResultsPanel();
  }

  function onQuestionChanged(question) {
    var step = currentStep();
    if (!question || !step || step.id !== question.step_id) return;
    state.question = question;
    setDeadline(question);
    renderQuestion();
    renderResultsPanel();
  }

  function onResultsUpdated(data) {
    var step = currentStep();
    if (!data || !step || data.step_id !== step.id) return;
    state.results = data;
    if (data.question) {
      state.question = data.question;
      setDeadline(data.question);
    }
    renderQuestion();
    renderResultsPanel();
    renderAnswers();
  }

  function setEnded() {
    if (state.ended && !nodes.endedBanner.hidden) return;
    state.ended = true;
    nodes.endedBanner.hidden = false;
    root.classList.add("is-ended");
    var kicker = root.querySelector(".console-heading .kicker");
    if (kicker) kicker.textContent = kicker.textContent.replace(/live$/, "beëindigd");
    [nodes.prev, nodes.next, nodes.blank, nodes.end, nodes.questionToggle, nodes.resultsToggle,
      nodes.timerStart, nodes.timerStop].forEach(function (b) { b.disabled = true; });
    nodes.qr.hidden = true;
  }

  function setDeadline(question) {
    if (question && question.open && typeof question.remaining_seconds === "number") {
      state.deadline = Date.now() + question.remaining_seconds * 1000;
    } else {
      state.deadline = null;
    }
    tick();
  }

  // ------------------------------------------------------------------ rendering: steps

  function stepHeading(step) {
    if (step.type === "question" && step.question) return KIND_LABELS[step.question.kind] || "Vraag";
    return TYPE_LABELS[step.type] || step.type;
  }

  function shortText(step) {
    var title = root.dataset.title;
    switch (step.type) {
      case "title": return title + (step.subtitle ? " — " + step.subtitle : "");
      case "statement": return (step.heading ? step.heading + ": " : "") + step.text;
      case "quote": return "\u201C" + step.text + "\u201D";
      case "insight": return (step.number ? step.number + ". " : "") + step.heading;
      case "question": return step.question ? step.question.prompt : "";
      case "closing": return step.heading + (step.text ? " — " + step.text : "");
      default: return step.heading || "";
    }
  }

  function renderStepBody(step, position) {
    var parts = [];
    var kicker = stepHeading(step);
    if (step.type === "insight" && step.group) kicker += " · " + step.group;
    parts.push(el("p", {className: "step-kicker", text: kicker}));
    switch (step.type) {
      case "title":
        if (position.number) parts.push(el("p", {className: "step-eyebrow", text: "Leersessie " + position.number}));
        parts.push(el("h2", {className: "step-heading step-heading-xl", text: position.title}));
        if (step.subtitle) parts.push(el("p", {className: "step-sub", text: step.subtitle}));
        break;
      case "statement":
        parts.push(el("h2", {className: "step-heading", text: step.heading || "Opbrengst"}));
        parts.push(el("div", {className: "step-text"}, UI.paragraphs(step.text)));
        break;
      case "quote":
        parts.push(el("blockquote", {className: "step-quote"}, UI.paragraphs(step.text)));
        if (step.source) parts.push(el("p", {className: "step-source", text: "— " + step.source}));
        break;
      case "insight":
        parts.push(el("h2", {className: "step-heading"}, [
          step.number ? el("span", {className: "step-insight-number", text: String(step.number)}) : null,
          el("span", {text: step.heading}),
        ]));
        parts.push(el("div", {className: "step-text"}, UI.paragraphs(step.body)));
        break;
      case "question":
        var q = step.question || {};
        parts.push(el("h2", {className: "step-heading step-prompt", text: q.prompt}));
        if (q.help) parts.push(el("div", {className: "step-help"}, UI.paragraphs(q.help)));
        if (q.kind === "choice") {
          var opts = (q.options || []).slice();
          if (q.other) opts.push("Anders, namelijk…");
          parts.push(el("ul", {className: "step-options"}, opts.map(function (o) { return el("li", {text: o}); })));
          parts.push(el("p", {className: "step-meta", text: q.multiple ? "Meerdere antwoorden mogelijk" : "Eén antwoord"}));
        } else if (q.kind === "scale") {
          parts.push(el("p", {className: "step-meta",
            text: "Schaal " + q.min + " (" + q.min_label + ") tot " + q.max + " (" + q.max_label + ")"}));
        } else if (q.kind === "words") {
          parts.push(el("p", {className: "step-meta", text: "1 tot " + q.max_words + " woorden per deelnemer"}));
        }
        break;
      case "resources":
        parts.push(el("h2", {className: "step-heading", text: step.heading || "Hulpbronnen"}));
        (step.groups || []).forEach(function (group) {
          if (group.publisher) parts.push(el("p", {className: "step-publisher", text: group.publisher}));
          parts.push(el("ul", {className: "step-links"}, (group.links || []).map(function (link) {
            return el("li", {}, [el("span", {className: "link-label", text: link.label}),
              el("span", {className: "link-url", text: link.url})]);
          })));
        });
        break;
      case "closing":
        parts.push(el("h2", {className: "step-heading step-heading-xl", text: step.heading || "Dank je wel"}));
        if (step.text) parts.push(el("div", {className: "step-text"}, UI.paragraphs(step.text)));
        break;
      default:
        parts.push(el("p", {text: shortText(step)}));
    }
    return parts;
  }

  function renderPosition(changed) {
    var position = state.position;
    var step = position.step;
    nodes.position.textContent = String(position.index + 1);
    if (changed) {
      UI.clear(nodes.current);
      nodes.current.className = "current-step type-" + step.type;
      nodes.current.dataset.type = step.type;
      nodes.current.dataset.index = String(position.index);
      nodes.current.dataset.stepId = step.id;
      renderStepBody(step, position).forEach(function (part) { nodes.current.appendChild(part); });

      // The facilitator note of the current step (console only).
      var note = step.question && step.question.note;
      nodes.notePanel.hidden = !note;
      UI.clear(nodes.note);
      if (note) UI.paragraphs(note).forEach(function (p) { nodes.note.appendChild(p); });

      // Step list: mark the current one and keep it in view.
      var items = nodes.stepList.querySelectorAll(".step-item");
      Array.prototype.forEach.call(items, function (item) {
        var index = parseInt(item.dataset.index, 10);
        item.classList.toggle("is-current", index === position.index);
        item.classList.toggle("is-done", index < position.index);
        if (index === position.index) {
          item.setAttribute("aria-current", "step");
          if (item.scrollIntoView) item.scrollIntoView({block: "nearest"});
        } else {
          item.removeAttribute("aria-current");
        }
      });
    }
    if ("next_step" in position) {
      UI.clear(nodes.nextStep);
      var next = position.next_step;
      if (next) {
        nodes.nextStep.appendChild(el("p", {className: "next-type", text: stepHeading(next)}));
        nodes.nextStep.appendChild(el("p", {className: "next-text", text: shortText(next)}));
      } else {
        nodes.nextStep.appendChild(el("p", {className: "muted", text: "Dit is de laatste stap."}));
      }
    }
    nodes.prev.disabled = state.ended || position.index <= 0;
    nodes.next.disabled = state.ended || position.index >= position.count - 1;
    nodes.blank.setAttribute("aria-pressed", position.blank ? "true" : "false");
    nodes.blank.textContent = position.blank ? "Scherm tonen" : "Scherm zwart";
    nodes.blank.classList.toggle("is-active", !!position.blank);
    nodes.blankNotice.hidden = !position.blank;
    root.classList.toggle("is-blank", !!position.blank);
  }

  // ------------------------------------------------------------------ rendering: question

  function renderQuestion() {
    var step = currentStep();
    var isQuestion = !!(step && step.question);
    nodes.questionPanel.hidden = !isQuestion;
    nodes.resultsPanel.hidden = !isQuestion;
    nodes.moderation.hidden = !isQuestion;
    if (!isQuestion) return;
    var q = state.question || {open: false, results_visible: true, remaining_seconds: null};
    nodes.questionStatus.textContent = q.open ? "Open" : "Gesloten";
    nodes.questionStatus.className = "pill " + (q.open ? "pill-open" : "pill-closed");
    nodes.questionStatus.id = "question-status";
    nodes.questionToggle.textContent = q.open ? "Sluiten" : "Openen";
    nodes.questionToggle.dataset.action = q.open ? "close" : "open";
    nodes.resultsToggle.textContent = q.results_visible ? "Resultaten verbergen" : "Resultaten tonen";
    nodes.resultsToggle.setAttribute("aria-pressed", q.results_visible ? "true" : "false");
    nodes.resultsScreenState.textContent = q.results_visible ? "Zichtbaar op het scherm" : "Verborgen op het scherm";
    nodes.resultsPanel.classList.toggle("is-hidden-on-screen", !q.results_visible);
    if (state.timerStepId !== step.id) {
      state.timerStepId = step.id;
      var limit = step.question.time_limit;
      nodes.timerMinutes.value = limit ? String(Math.round(limit / 6) / 10) : "3";
    }
    var count = state.results && state.results.summary ? state.results.summary.count || 0 : 0;
    nodes.answerCount.textContent = String(count);
    nodes.answerCountLabel.textContent = count === 1 ? "antwoord" : "antwoorden";
    tick();
  }

  function tick() {
    var running = state.deadline !== null;
    nodes.timerRemaining.hidden = !running;
    nodes.timerStop.hidden = !running;
    if (running) {
      var left = Math.max(0, (state.deadline - Date.now()) / 1000);
      nodes.timerRemaining.textContent = UI.formatClock(left);
      nodes.timerRemaining.classList.toggle("is-ending", left <= 10);
    }
  }
  setInterval(tick, 250);

  function renderResultsPanel() {
    var step = currentStep();
    if (!step || !step.question) return;
    var data = state.results;
    if (!data) {
      renderResults(nodes.results, {summary: {kind: step.question.kind, count: 0, withheld: false}, wall: []},
        {variant: "console"});
      return;
    }
    renderResults(nodes.results, data, {variant: "console", maxWall: 6});
  }

  // ------------------------------------------------------------------ moderation list

  var rows = {}; // answer id -> <li>

  function resetAnswers() {
    rows = {};
    UI.clear(nodes.answers);
    nodes.answersEmpty.hidden = false;
    nodes.answersEmpty.textContent = "Nog geen antwoorden.";
  }

  function buildRow(answer) {
    var row = el("li", {className: "answer-row", dataset: {id: answer.id}}, [
      el("p", {className: "answer-text"}),
      el("div", {className: "answer-actions"}, [
        el("button", {type: "button", className: "btn btn-small btn-mod btn-hide"}),
        el("button", {type: "button", className: "btn btn-small btn-mod btn-spotlight"}),
        el("button", {type: "button", className: "btn btn-small btn-mod btn-star"}),
      ]),
    ]);
    return row;
  }

  function updateRow(row, answer) {
    var text = answer.text;
    var textNode = row.querySelector(".answer-text");
    if (textNode.textContent !== text) textNode.textContent = text;
    row.classList.toggle("is-hidden", !!answer.hidden);
    row.classList.toggle("is-starred", !!answer.starred);
    row.classList.toggle("is-spotlight", !!answer.spotlight);
    var hide = row.querySelector(".btn-hide");
    hide.textContent = answer.hidden ? "Tonen" : "Verbergen";
    hide.dataset.action = answer.hidden ? "unhide" : "hide";
    hide.setAttribute("aria-pressed", answer.hidden ? "true" : "false");
    var spot = row.querySelector(".btn-spotlight");
    spot.textContent = answer.spotlight ? "Spotlight uit" : "Spotlight";
    spot.dataset.action = answer.spotlight ? "unspotlight" : "spotlight";
    spot.setAttribute("aria-pressed", answer.spotlight ? "true" : "false");
    spot.disabled = !!answer.hidden && !answer.spotlight;
    var step = currentStep();
    var kind = step && step.question ? step.question.kind : "open";
    spot.hidden = (kind === "choice" || kind === "scale") && !answer.spotlight;
    var star = row.querySelector(".btn-star");
    star.textContent = answer.starred ? "\u2605 Ster" : "\u2606 Ster";
    star.dataset.action = answer.starred ? "unstar" : "star";
    star.setAttribute("aria-pressed", answer.starred ? "true" : "false");
    star.title = answer.starred ? "Ster weghalen (niet in de opbrengst)" : "Ster: als citaat in de opbrengst";
  }

  function renderAnswers() {
    var data = state.results;
    var answers = (data && data.answers) || [];
    var summary = data && data.summary;
    var seen = {};
    var cursor = nodes.answers.firstChild;
    answers.forEach(function (answer) {
      seen[answer.id] = true;
      var row = rows[answer.id];
      if (!row) {
        row = rows[answer.id] = buildRow(answer);
        row.classList.add("is-new");
      }
      updateRow(row, answer);
      // Keep the server's order (newest first) without rebuilding the list.
      if (row === cursor) cursor = cursor.nextSibling;
      else nodes.answers.insertBefore(row, cursor);
    });
    Object.keys(rows).forEach(function (id) {
      if (!seen[id]) {
        if (rows[id].parentNode) rows[id].parentNode.removeChild(rows[id]);
        delete rows[id];
      }
    });
    nodes.answersEmpty.hidden = answers.length > 0;
    if (!answers.length) {
      nodes.answersEmpty.textContent = summary && summary.withheld
        ? "De afzonderlijke antwoorden verschijnen vanaf " + summary.k_threshold + " antwoorden."
        : "Nog geen antwoorden.";
    }
    setTimeout(function () {
      Array.prototype.forEach.call(nodes.answers.querySelectorAll(".is-new"), function (row) {
        row.classList.remove("is-new");
      });
    }, 1200);
  }

  nodes.answers.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var row = button.closest(".answer-row");
    if (!row) return;
    emit("moderate_answer", {answer_id: row.dataset.id, action: button.dataset.action});
  });

  // ------------------------------------------------------------------ controls

  function next() { if (!nodes.next.disabled) emit("next_step", {}, applyPositionAck); }
  function previous() { if (!nodes.prev.disabled) emit("previous_step", {}, applyPositionAck); }
  function toggleBlank() {
    if (state.ended || !state.position) return;
    emit("set_blank", {blank: !state.position.blank}, applyPositionAck);
  }

  nodes.next.addEventListener("click", next);
  nodes.prev.addEventListener("click", previous);
  nodes.blank.addEventListener("click", toggleBlank);

  nodes.stepList.addEventListener("click", function (event) {
    var item = event.target.closest(".step-item");
    if (!item || state.ended) return;
    emit("go_to_step", {index: parseInt(item.dataset.index, 10)}, applyPositionAck);
  });

  nodes.end.addEventListener("click", function () {
    if (state.ended) return;
    if (!window.confirm("De leersessie beëindigen? Deelnemers kunnen daarna niet meer antwoorden.")) return;
    if (!socket.connected) {
      nodes.endForm.submit(); // the HTTP route does the same
      return;
    }
    emit("end_live", {}, function () { window.location.href = OPBRENGST_URL; });
  });

  nodes.openScreen.addEventListener("click", function () {
    var win = window.open(SCREEN_URL, "leersessie-scherm-" + CODE);
    if (!win) toast("Het venster werd geblokkeerd. Sta pop-ups toe voor deze pagina.", "error");
  });

  nodes.copyScreen.addEventListener("click", function () {
    var url = new URL(SCREEN_URL, window.location.href).href;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () {
        toast("Schermlink gekopieerd. Open hem op de computer van de beamer.");
      }, function () { window.prompt("Schermlink:", url); });
    } else {
      window.prompt("Schermlink (kopieer en open op de computer van de beamer):", url);
    }
  });

  nodes.qr.addEventListener("error", function () { nodes.qr.hidden = true; });

  nodes.questionToggle.addEventListener("click", function () {
    var step = currentStep();
    if (!step || !step.question) return;
    var event = nodes.questionToggle.dataset.action === "close" ? "close_question" : "open_question";
    emit(event, {step_id: step.id}, applyQuestionAck);
  });

  nodes.resultsToggle.addEventListener("click", function () {
    var step = currentStep();
    if (!step || !step.question) return;
    var visible = !(state.question && state.question.results_visible);
    emit("show_results", {step_id: step.id, visible: visible}, applyQuestionAck);
  });

  function startTimer(seconds) {
    var step = currentStep();
    if (!step || !step.question) return;
    emit("start_timer", {step_id: step.id, seconds: seconds}, applyQuestionAck);
  }

  nodes.timerStart.addEventListener("click", function () {
    var minutes = parseFloat(String(nodes.timerMinutes.value).replace(",", "."));
    if (!isFinite(minutes) || minutes < 0 || minutes > 60) {
      toast("Kies een tijd van 0 tot 60 minuten.", "error");
      return;
    }
    startTimer(Math.round(minutes * 60));
  });
  nodes.timerStop.addEventListener("click", function () { startTimer(0); });
  nodes.timerMinutes.addEventListener("keydown", function (event) {
    if (event.key === "Enter") nodes.timerStart.click();
  });

  // Keyboard: → / space next, ← previous, B blank. Not while typing.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    if (event.key === "ArrowRight" || event.key === " " || event.key === "Spacebar" || event.key === "PageDown") {
      event.preventDefault();
      if (tag === "BUTTON") target.blur(); // space must not also press the focused button
      next();
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      previous();
    } else if (event.key === "b" || event.key === "B" || event.key === ".") {
      event.preventDefault();
      toggleBlank();
    }
  });

  if (state.ended) setEnded();
})();
