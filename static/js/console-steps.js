/*
 * The console's step panels: the preview of the current step with its note, the step list,
 * the next-step preview and the navigation buttons. Also how a step is described: its label
 * ("Citaat", "Meerkeuze") and a one-line summary. console.js decides when to render.
 * Exposed as window.LeersessieConsoleSteps.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;

  var TYPE_LABELS = {title: "Titel", statement: "Tekst", quote: "Citaat", insight: "Inzicht",
    question: "Vraag", resources: "Hulpbronnen", closing: "Afsluiting"};
  var KIND_LABELS = {open: "Open vraag", choice: "Meerkeuze", scale: "Schaal", words: "Woordwolk"};

  var view = null;  // {nodes, root} from console.js

  /** The step's label; questions are named by kind, as that is what the facilitator steers by. */
  function stepHeading(step) {
    if (step.type === "question" && step.question) return KIND_LABELS[step.question.kind] || "Vraag";
    return TYPE_LABELS[step.type] || step.type;
  }

  /** One line about the step, for the next-step preview; `title` is the session's title. */
  function shortText(step, title) {
    switch (step.type) {
      case "title": return title + (step.subtitle ? " — " + step.subtitle : "");
      case "statement": return UI.headed(step.heading, step.text);
      case "quote": return "\u201C" + step.text + "\u201D";
      case "insight": return (step.number ? step.number + ". " : "") + step.heading;
      case "question": return step.question ? step.question.prompt : "";
      case "closing": return step.heading + (step.text ? " — " + step.text : "");
      default: return step.heading || "";
    }
  }

  // ------------------------------------------------------------------ previews per type

  /** Title step: number, title and subtitle of the session. */
  function titleBody(step, position) {
    return [
      position.number ? el("p", {className: "step-eyebrow", text: "Leersessie " + position.number}) : null,
      el("h2", {className: "step-heading step-heading-xl", text: position.title}),
      step.subtitle ? el("p", {className: "step-sub", text: step.subtitle}) : null,
    ];
  }

  /** Statement step: the opbrengst text of an earlier session. */
  function statementBody(step) {
    return [
      el("h2", {className: "step-heading", text: step.heading || "Opbrengst"}),
      el("div", {className: "step-text"}, UI.paragraphs(step.text)),
    ];
  }

  /** Quote step with its source. */
  function quoteBody(step) {
    return [
      el("blockquote", {className: "step-quote"}, UI.paragraphs(step.text)),
      step.source ? el("p", {className: "step-source", text: "— " + step.source}) : null,
    ];
  }

  /** Insight step: number, heading and body. */
  function insightBody(step) {
    return [
      el("h2", {className: "step-heading"}, [
        step.number ? el("span", {className: "step-insight-number", text: String(step.number)}) : null,
        el("span", {text: step.heading}),
      ]),
      el("div", {className: "step-text"}, UI.paragraphs(step.body)),
    ];
  }

  /** Question step: prompt, help and what participants can answer. */
  function questionBody(step) {
    var q = step.question || {};
    var parts = [el("h2", {className: "step-heading step-prompt", text: q.prompt})];
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
    return parts;
  }

  /** Resources step: links per publisher, full URLs so the facilitator can check them. */
  function resourcesBody(step) {
    var parts = [el("h2", {className: "step-heading", text: step.heading || "Hulpbronnen"})];
    (step.groups || []).forEach(function (group) {
      if (group.publisher) parts.push(el("p", {className: "step-publisher", text: group.publisher}));
      parts.push(el("ul", {className: "step-links"}, (group.links || []).map(function (link) {
        return el("li", {}, [el("span", {className: "link-label", text: link.label}),
          el("span", {className: "link-url", text: link.url})]);
      })));
    });
    return parts;
  }

  /** Closing step: heading and optional text. */
  function closingBody(step) {
    return [
      el("h2", {className: "step-heading step-heading-xl", text: step.heading || "Dank je wel"}),
      step.text ? el("div", {className: "step-text"}, UI.paragraphs(step.text)) : null,
    ];
  }

  var BODIES = {title: titleBody, statement: statementBody, quote: quoteBody, insight: insightBody,
    question: questionBody, resources: resourcesBody, closing: closingBody};

  /** The preview of the current step: a kicker plus the type's own body. */
  function stepBody(step, position, title) {
    var kicker = stepHeading(step);
    if (step.type === "insight" && step.group) kicker += " · " + step.group;
    var build = BODIES[step.type];
    var body = build ? build(step, position) : [el("p", {text: shortText(step, title)})];
    return [el("p", {className: "step-kicker", text: kicker})].concat(body.filter(Boolean));
  }

  // ------------------------------------------------------------------ the step panels

  /** Bind to the console's nodes (as collected in console.js) and its root element. */
  function init(nodes, root) {
    view = {nodes: nodes, root: root};
  }

  /** Step counter, navigation buttons and blank state; the step itself only when it changed. */
  function renderPosition(position, changed, ended) {
    var nodes = view.nodes, root = view.root;
    nodes.position.textContent = String(position.index + 1);
    if (changed) {
      renderCurrentStep(position);
      renderStepList(position.index);
    }
    if ("next_step" in position) renderNextStep(position.next_step);
    nodes.prev.disabled = ended || position.index <= 0;
    nodes.next.disabled = ended || position.index >= position.count - 1;
    nodes.blank.textContent = position.blank ? "Scherm tonen" : "Scherm zwart";
    nodes.blank.classList.toggle("is-active", !!position.blank);
    nodes.blankNotice.hidden = !position.blank;
    root.classList.toggle("is-blank", !!position.blank);
  }

  /** Preview of the current step, with the facilitator note (console only). */
  function renderCurrentStep(position) {
    var nodes = view.nodes;
    var step = position.step;
    UI.clear(nodes.current);
    nodes.current.className = "current-step type-" + step.type;
    nodes.current.dataset.type = step.type;
    nodes.current.dataset.index = String(position.index);
    nodes.current.dataset.stepId = step.id;
    stepBody(step, position, view.root.dataset.title).forEach(function (part) { nodes.current.appendChild(part); });

    var note = step.question && step.question.note;
    nodes.notePanel.hidden = !note;
    UI.clear(nodes.note);
    if (note) UI.paragraphs(note).forEach(function (p) { nodes.note.appendChild(p); });
  }

  /** Step list: mark the current one and keep it in view. */
  function renderStepList(currentIndex) {
    var items = view.nodes.stepList.querySelectorAll(".step-item");
    Array.prototype.forEach.call(items, function (item) {
      var index = parseInt(item.dataset.index, 10);
      item.classList.toggle("is-current", index === currentIndex);
      item.classList.toggle("is-done", index < currentIndex);
      if (index === currentIndex) {
        item.setAttribute("aria-current", "step");
        if (item.scrollIntoView) item.scrollIntoView({block: "nearest"});
      } else {
        item.removeAttribute("aria-current");
      }
    });
  }

  /** What comes next, so the facilitator can announce it. */
  function renderNextStep(next) {
    var nodes = view.nodes;
    UI.clear(nodes.nextStep);
    if (next) {
      nodes.nextStep.appendChild(el("p", {className: "next-type", text: stepHeading(next)}));
      nodes.nextStep.appendChild(el("p", {className: "next-text", text: shortText(next, view.root.dataset.title)}));
    } else {
      nodes.nextStep.appendChild(el("p", {className: "muted", text: "Dit is de laatste stap."}));
    }
  }

  window.LeersessieConsoleSteps = {
    init: init, renderPosition: renderPosition, heading: stepHeading, shortText: shortText, body: stepBody,
  };
})();
