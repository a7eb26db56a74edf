/*
 * The presenter screen (beamer). Receives everything from the /screen namespace and sends
 * nothing. Each step type has its own slide; question slides show the results live.
 * The server re-sends the whole state on (re)connect, so a reconnect resyncs by itself.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var body = document.body;
  var stage = document.getElementById("stage");
  var slide = document.getElementById("slide");
  var offlineDot = document.getElementById("offline-dot");
  var keyHint = document.getElementById("key-hint");

  var info = {
    token: body.dataset.token,
    code: body.dataset.code,
    joinUrl: body.dataset.joinUrl,
    shortJoinUrl: body.dataset.shortJoinUrl,
    qrUrl: body.dataset.qrUrl,
    series: body.dataset.series || "",
    title: body.dataset.title || "",
    subtitle: body.dataset.subtitle || "",
    number: body.dataset.number || "",
    partners: [],
  };
  try { info.partners = JSON.parse(body.dataset.partners || "[]"); } catch (e) { info.partners = []; }

  var state = {
    position: null,
    question: null,
    results: null,
    deadline: null,
    ended: body.dataset.status === "ended",
    renderedKey: null,
  };

  function unit() { return stage.clientWidth / 100; }

  // ------------------------------------------------------------------ building blocks

  function joinPanel() {
    return el("div", {className: "join-panel"}, [
      el("p", {className: "join-title", text: "Doe mee op je telefoon"}),
      el("div", {className: "qr-frame"}, [
        el("img", {id: "qr", className: "qr", src: info.qrUrl, alt: "QR-code om mee te doen"}),
      ]),
      el("p", {className: "join-url", id: "join-url", text: info.shortJoinUrl}),
      el("p", {className: "join-code-label", text: "code"}),
      el("p", {className: "join-code", id: "join-code", text: info.code}),
    ]);
  }

  function joinBadge() {
    return el("div", {className: "join-badge"}, [
      el("div", {className: "badge-qr"}, [
        el("img", {id: "qr", className: "qr", src: info.qrUrl, alt: "QR-code om mee te doen"}),
      ]),
      el("div", {className: "badge-text"}, [
        el("p", {className: "badge-url", id: "join-url", text: info.shortJoinUrl}),
        el("p", {className: "badge-code", id: "join-code", text: info.code}),
      ]),
    ]);
  }

  function footer(withBadge) {
    var label = (info.number ? "Leersessie " + info.number + " · " : "") + info.title;
    return el("div", {className: "slide-footer"}, [
      el("p", {className: "footer-title", text: label}),
      withBadge ? joinBadge() : null,
    ]);
  }

  function frame(type, content, options) {
    options = options || {};
    var node = el("div", {className: "slide slide-" + type, id: "slide", dataset: {type: type}}, [
      el("div", {className: "slide-content"}, content),
    ]);
    if (options.footer !== false) node.appendChild(footer(options.badge !== false));
    return node;
  }

  // ------------------------------------------------------------------ slides per type

  function titleSlide(step, position) {
    var number = position.number || info.number;
    var subtitle = step.subtitle || info.subtitle;
    var partners = info.partners.length
      ? el("p", {className: "partners"}, [
        el("span", {className: "partners-label", text: "Een samenwerking met "}),
        el("span", {text: info.partners.join(" · ")}),
      ]) : null;
    return frame("title", [
      el("div", {className: "title-main"}, [
        el("p", {className: "series", text: info.series}),
        el("div", {className: "title-block fit-box"}, [
          number ? el("p", {className: "session-number", text: "Leersessie " + number}) : null,
          el("h1", {className: "session-title fit", text: position.title || info.title}),
          subtitle ? el("p", {className: "session-subtitle", text: subtitle}) : null,
        ]),
        partners,
      ]),
      joinPanel(),
    ], {footer: false});
  }

  function statementSlide(step) {
    return frame("statement", [
      el("p", {className: "kicker", text: step.heading || "Opbrengst"}),
      el("div", {className: "statement-text fit-box"}, [el("div", {className: "fit"}, UI.paragraphs(step.text))]),
    ]);
  }

  function quoteSlide(step) {
    return frame("quote", [
      el("div", {className: "quote-mark", text: "\u201C", attrs: {"aria-hidden": "true"}}),
      el("div", {className: "quote-box fit-box"}, [
        el("blockquote", {className: "quote-text fit"}, UI.paragraphs(step.text)),
      ]),
      step.source ? el("p", {className: "quote-source", text: "\u2014 " + step.source}) : null,
    ]);
  }

  function insightSlide(step) {
    return frame("insight", [
      step.number ? el("div", {className: "insight-number", text: String(step.number)}) : null,
      el("div", {className: "insight-main"}, [
        el("p", {className: "kicker", text: step.group || "Inzicht"}),
        el("h1", {className: "insight-heading", text: step.heading}),
        el("div", {className: "insight-body fit-box"}, [el("div", {className: "fit"}, UI.paragraphs(step.body))]),
      ]),
    ]);
  }

  function resourcesSlide(step) {
    var groups = (step.groups || []).map(function (group) {
      return el("div", {className: "resource-group"}, [
        group.publisher ? el("p", {className: "publisher", text: group.publisher}) : null,
        el("ul", {className: "resource-links"}, (group.links || []).map(function (link) {
          return el("li", {className: "resource-link"}, [
            el("span", {className: "link-label", text: link.label}),
            el("span", {className: "link-url", text: link.url.replace(/^https?:\/\//, "")}),
          ]);
        })),
      ]);
    });
    return frame("resources", [
      el("h1", {className: "slide-heading", text: step.heading || "Hulpbronnen"}),
      el("div", {className: "resources-box fit-box"}, [el("div", {className: "fit"}, groups)]),
    ]);
  }

  function closingSlide(step) {
    return frame("closing", [
      el("div", {className: "center-block"}, [
        el("h1", {className: "closing-heading", text: step.heading || "Dank je wel"}),
        step.text ? el("div", {className: "closing-text"}, UI.paragraphs(step.text)) : null,
      ]),
    ]);
  }

  function questionSlide(step) {
    var q = step.question || {};
    return frame("question", [
      el("div", {className: "question-main"}, [
        el("div", {className: "question-top"}, [
          el("span", {className: "kicker", text: "Vraag"}),
          el("span", {className: "state-pill", id: "question-state"}),
          el("span", {className: "countdown", id: "countdown", hidden: true}),
          el("span", {className: "answer-count", id: "answer-count"}),
        ]),
        el("div", {className: "prompt-box fit-box"}, [
          el("h1", {className: "prompt fit", id: "prompt", text: q.prompt}),
        ]),
        q.help ? el("p", {className: "question-help", text: q.help.replace(/\s*\n\s*/g, " ")}) : null,
        el("div", {className: "results-area", id: "results"}),
      ]),
      joinPanel(),
    ], {badge: false});
  }

  function endedSlide() {
    return frame("ended", [
      el("div", {className: "center-block"}, [
        el("h1", {className: "closing-heading", text: "Dank je wel"}),
        el("p", {className: "closing-text", text: "Deze leersessie is afgelopen. Bedankt voor je bijdrage."}),
      ]),
    ], {badge: false});
  }

  function waitingSlide(text) {
    return frame("waiting", [
      el("div", {className: "center-block"}, [
        el("p", {className: "waiting-title", text: info.title}),
        el("p", {className: "waiting-sub", text: text}),
      ]),
    ], {footer: false});
  }

  var BUILDERS = {title: titleSlide, statement: statementSlide, quote: quoteSlide, insight: insightSlide,
    question: questionSlide, resources: resourcesSlide, closing: closingSlide};

  // ------------------------------------------------------------------ fitting

  var FIT_LIMITS = {
    title: [7, 3], statement: [3.4, 1.5], quote: [4.6, 1.8], insight: [2.7, 1.3],
    resources: [2.2, 1],
  };

  function fitSlide(node) {
    var u = unit();
    var type = node.dataset.type;
    var limits = FIT_LIMITS[type];
    if (!limits) return;
    Array.prototype.forEach.call(node.querySelectorAll(".fit"), function (target) {
      var box = target.closest(".fit-box") || target;
      // Whole words first; only a word too long for the smallest size may break.
      target.classList.remove("can-break");
      UI.fitText(target, limits[0] * u, limits[1] * u, box);
      if (UI.overflows(box)) target.classList.add("can-break");
    });
  }

  function fitPrompt() {
    var prompt = document.getElementById("prompt");
    if (!prompt) return;
    var u = unit();
    var compact = slide.classList.contains("is-compact");
    var box = prompt.closest(".fit-box");
    prompt.classList.remove("can-break");
    UI.fitText(prompt, (compact ? 2.9 : 4.2) * u, (compact ? 1.5 : 2.2) * u, box);
    if (UI.overflows(box)) prompt.classList.add("can-break");
  }

  // ------------------------------------------------------------------ rendering

  function show(node) {
    stage.replaceChild(node, slide);
    slide = node;
    fitSlide(node);
  }

  function renderSlide() {
    var position = state.position;
    if (state.ended) {
      body.classList.remove("is-blank");
      show(endedSlide());
      state.renderedKey = "ended";
      return;
    }
    if (!position) return;
    body.classList.toggle("is-blank", !!position.blank);
    var step = position.step;
    var key = position.index + ":" + step.id;
    if (state.renderedKey === key && slide.dataset.type === step.type) return;
    state.renderedKey = key;
    var build = BUILDERS[step.type] || closingSlide;
    var built = build(step, position);
    built.dataset.index = String(position.index);
    built.dataset.stepId = step.id;
    show(built);
    if (step.type === "question") {
      fitPrompt();
      renderQuestionState();
      renderQuestionResults();
    }
  }

  function rerender() {
    state.renderedKey = null;
    renderSlide();
  }

  function renderQuestionState() {
    var pill = document.getElementById("question-state");
    if (!pill) return;
    var q = state.question || {open: false};
    pill.textContent = q.open ? "Open" : "Gesloten";
    pill.className = "state-pill " + (q.open ? "is-open" : "is-closed");
    slide.classList.toggle("is-closed", !q.open);
    tick();
  }

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
      fitPrompt();
    }
    renderResults(area, data, {variant: "screen",
      emptyText: state.question && state.question.open ? "Nog geen antwoorden \u2014 pak je telefoon en doe mee" : "Geen antwoorden"});
  }

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

  function setQuestion(question) {
    state.question = question || null;
    if (question && question.open && typeof question.remaining_seconds === "number") {
      state.deadline = Date.now() + question.remaining_seconds * 1000;
    } else {
      state.deadline = null;
    }
  }

  // ------------------------------------------------------------------ events

  var socket = io("/screen", {auth: {token: info.token}, reconnectionDelayMax: 4000});
  var retryTimer = null;

  function setOnline(online) {
    offlineDot.hidden = online;
  }

  socket.on("connect", function () {
    setOnline(true);
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
  });
  socket.on("disconnect", function () { setOnline(false); });
  socket.on("connect_error", function () {
    setOnline(false);
    if (!socket.active && !retryTimer) {
      // Refused (for example while the server restarts): keep trying quietly.
      retryTimer = setTimeout(function () { retryTimer = null; socket.connect(); }, 5000);
    }
  });

  socket.on("step_changed", function (position) {
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
  });

  socket.on("question_changed", function (question) {
    if (!state.position || !question || state.position.step.id !== question.step_id) return;
    setQuestion(question);
    renderQuestionState();
    renderQuestionResults();
  });

  socket.on("results_updated", function (data) {
    if (!state.position || !data || state.position.step.id !== data.step_id) return;
    state.results = data;
    if (data.question) setQuestion(data.question);
    renderQuestionState();
    renderQuestionResults();
  });

  socket.on("session_ended", function () {
    state.ended = true;
    renderSlide();
  });

  // ------------------------------------------------------------------ keyboard, resize, cursor

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "f" || event.key === "F") {
      event.preventDefault();
      if (document.fullscreenElement) {
        if (document.exitFullscreen) document.exitFullscreen();
      } else if (document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(function () {});
      }
    }
  });

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(rerender, 120);
  });

  var cursorTimer = null;
  function wakeCursor() {
    body.classList.remove("hide-cursor");
    clearTimeout(cursorTimer);
    cursorTimer = setTimeout(function () { body.classList.add("hide-cursor"); }, 2500);
  }
  document.addEventListener("mousemove", wakeCursor);
  wakeCursor();

  setTimeout(function () { keyHint.classList.add("is-gone"); }, 6000);

  if (state.ended) renderSlide();
  else show(waitingSlide("Verbinden\u2026"));
})();
