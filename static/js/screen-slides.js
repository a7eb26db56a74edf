/*
 * Slide builders of the presenter screen: one per step type, plus the waiting and the ended
 * slide, and the font fitting that makes each fill the beamer. Pure DOM building: screen.js
 * owns the state and the socket. Exposed as window.LeersessieScreenSlides.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;

  // Font size range per slide type, in % of the stage width: [largest, smallest].
  var FIT_LIMITS = {
    title: [7, 3], statement: [3.4, 1.5], quote: [4.6, 1.8], insight: [2.7, 1.5],
    resources: [2.6, 2],
  };

  /** Session facts the slides show, from the data-* attributes of <body>. */
  function readInfo(body) {
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
    return info;
  }

  var info = readInfo(document.body);

  // ---------------------------------------------------------------- building blocks

  /** Large QR code with the join URL and code, for slides where joining is the point. */
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

  /** Small QR code in the footer, so latecomers can still join on any slide. */
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

  /** Session title bar at the bottom, optionally with the join badge. */
  function footer(withBadge) {
    var label = (info.number ? "Leersessie " + info.number + " · " : "") + info.title;
    return el("div", {className: "slide-footer"}, [
      el("p", {className: "footer-title", text: label}),
      withBadge ? joinBadge() : null,
    ]);
  }

  /** The #slide wrapper; options.footer / options.badge false leave those out. */
  function frame(type, content, options) {
    options = options || {};
    var node = el("div", {className: "slide slide-" + type, id: "slide", dataset: {type: type}}, [
      el("div", {className: "slide-content"}, content),
    ]);
    if (options.footer !== false) node.appendChild(footer(options.badge !== false));
    return node;
  }

  // ---------------------------------------------------------------- slides per type

  /** Opening slide: series, number, title and partners next to the large join panel. */
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
        info.series ? el("p", {className: "series", text: info.series}) : null,
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

  /** The opbrengst statement of an earlier session. */
  function statementSlide(step) {
    return frame("statement", [
      el("p", {className: "kicker", text: step.heading || "Opbrengst"}),
      el("div", {className: "statement-text fit-box"}, [el("div", {className: "fit"}, UI.paragraphs(step.text))]),
    ]);
  }

  /** A participant's quote with its source. */
  function quoteSlide(step) {
    return frame("quote", [
      el("div", {className: "quote-mark", text: "\u201C", attrs: {"aria-hidden": "true"}}),
      el("div", {className: "quote-box fit-box"}, [
        el("blockquote", {className: "quote-text fit"}, UI.paragraphs(step.text)),
      ]),
      step.source ? el("p", {className: "quote-source", text: "\u2014 " + step.source}) : null,
    ]);
  }

  /** A numbered insight with its group as kicker. */
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

  /** Links per publisher; the scheme is left off, nobody types it from a beamer. */
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

  /** Last slide of the content; also the fallback for unknown step types. */
  function closingSlide(step) {
    return frame("closing", [
      el("div", {className: "center-block"}, [
        el("h1", {className: "closing-heading", text: step.heading || "Dank je wel"}),
        step.text ? el("div", {className: "closing-text"}, UI.paragraphs(step.text)) : null,
      ]),
    ]);
  }

  /** The help text in paragraphs, each keeping the author's line breaks (CSS pre-line). */
  function helpText(help) {
    var node = el("div", {className: "question-help", id: "question-help"});
    String(help).split(/\n\s*\n/).forEach(function (part) {
      if (part.trim()) node.appendChild(el("p", {text: part.trim()}));
    });
    node._full = help;
    return node;
  }

  /** Prompt plus empty slots (#question-state, #countdown, #answer-count, #results) screen.js fills.
   * With the join panel shrunk ("bar"), the footer carries code, URL and a small QR code instead. */
  function questionSlide(step, position) {
    var q = step.question || {};
    var asBar = position && position.join_panel === "bar";
    var node = frame("question", [
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
        q.help ? helpText(q.help) : null,
        el("div", {className: "results-area", id: "results"}),
      ]),
      asBar ? null : joinPanel(),
    ], {badge: asBar});
    if (asBar) node.classList.add("has-join-bar");
    return node;
  }

  /** A help text taller than its room loses whole words at the end and ends in "…": cut visibly. */
  function clampHelp(slide) {
    var help = slide.querySelector(".question-help");
    if (!help || help._full === undefined) return;
    var full = help._full;
    UI.clear(help);
    String(full).split(/\n\s*\n/).forEach(function (part) {
      if (part.trim()) help.appendChild(el("p", {text: part.trim()}));
    });
    help.classList.remove("is-truncated");
    if (!UI.overflows(help)) return;
    help.classList.add("is-truncated");
    var paragraphs = help.querySelectorAll("p");
    for (var i = paragraphs.length - 1; i > 0 && UI.overflows(help); i--) help.removeChild(paragraphs[i]);
    var last = help.lastChild;
    var words = last.textContent.split(/(\s+)/);
    last.textContent = words.join("") + " \u2026";
    while (words.length > 1 && UI.overflows(help)) {
      words.pop();
      last.textContent = words.join("").replace(/[\s.,;:!?]+$/, "") + " \u2026";
    }
  }

  /** Shown once the facilitator ended the session, whatever step was on. */
  function endedSlide() {
    return frame("ended", [
      el("div", {className: "center-block"}, [
        el("h1", {className: "closing-heading", text: "Dank je wel"}),
        el("p", {className: "closing-text", text: "Deze leersessie is afgelopen. Bedankt voor je bijdrage."}),
      ]),
    ], {badge: false});
  }

  /** Title and a status line, before the first step arrives. */
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

  /** The slide for a step; unknown types get the closing slide rather than nothing. */
  function build(step, position) {
    return (BUILDERS[step.type] || closingSlide)(step, position);
  }

  // ------------------------------------------------------------------ fitting

  /** Grow every .fit text of a slide to fill its .fit-box; `u` is 1% of the stage width. */
  function fitSlide(node, u) {
    var limits = FIT_LIMITS[node.dataset.type];
    if (!limits) return;
    Array.prototype.forEach.call(node.querySelectorAll(".fit"), function (target) {
      var box = target.closest(".fit-box") || target;
      // Whole words first; only a word too long for the smallest size may break.
      target.classList.remove("can-break");
      UI.fitText(target, limits[0] * u, limits[1] * u, box);
      if (UI.overflows(box)) target.classList.add("can-break");
    });
  }

  /** Fit the question prompt; smaller once results take the room ("is-compact"). */
  function fitPrompt(slide, u) {
    var prompt = document.getElementById("prompt");
    if (!prompt) return;
    var compact = slide.classList.contains("is-compact");
    var box = prompt.closest(".fit-box");
    prompt.classList.remove("can-break");
    UI.fitText(prompt, (compact ? 2.9 : 4.2) * u, (compact ? 1.5 : 2.2) * u, box);
    if (UI.overflows(box)) prompt.classList.add("can-break");
  }

  window.LeersessieScreenSlides = {
    info: info, build: build, ended: endedSlide, waiting: waitingSlide,
    fitSlide: fitSlide, fitPrompt: fitPrompt, clampHelp: clampHelp,
  };
})();
