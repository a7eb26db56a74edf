/*
 * The session editor's fields: which fields each part of a session has (the session format of
 * docs/session-format.md), the form controls for them, and the step as the presenter screen and
 * the phone render it. Exposed as window.LeersessieEditorFields.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;

  var TYPE_LABELS = {title: "Titel", statement: "Tekst", quote: "Citaat", insight: "Inzicht",
    question: "Vraag", resources: "Hulpbronnen", closing: "Afsluiting"};
  var KIND_LABELS = {open: "Open vraag", choice: "Meerkeuze", scale: "Schaal", words: "Woorden"};
  var DEFAULT_HEADINGS = {statement: "Opbrengst", resources: "Hulpbronnen", closing: "Dank je wel"};

  // [key, label, control, hint]; control: text, area, int, lines, check, kind, readonly.
  var SESSION_FIELDS = [
    ["title", "Titel", "text", "Het thema, bijv. Veiligheid."],
    ["subtitle", "Ondertitel", "text", "Eén regel onder de titel (mag leeg)."],
    ["series", "Reeks", "text", "Boven de titel op het scherm en de pdf (mag leeg)."],
    ["number", "Nummer in de reeks", "int", "Bijv. 3 voor \u201CLeersessie 3\u201D (mag leeg)."],
    ["partners", "Partners", "lines", "Eén organisatie per regel (mag leeg): \u201CEen samenwerking met\u201D op het scherm en de pdf."],
  ];
  // Technical fields, in a collapsed "Geavanceerd" part: most facilitators never need them.
  var SESSION_ADVANCED = [
    ["id", "Id", "readonly", "De vaste naam van deze leersessie in het programma. Live-sessies en het bestand verwijzen ernaar, dus hij verandert niet."],
    ["k_threshold", "K-drempel", "int", "Uitslagen van meerkeuze- en schaalvragen verschijnen pas vanaf zoveel antwoorden, zodat niemand herkenbaar is (standaard 3)."],
  ];
  var ID_FIELD = ["id", "Id van de stap", "text", "Een vaste naam voor deze stap, voor de antwoorden en de export. Kleine letters, cijfers en streepjes; leeg laten mag (dan maakt het programma er een)."];
  var STEP_FIELDS = {
    title: [["subtitle", "Ondertitel", "text", "Leeg: de ondertitel van de leersessie."]],
    statement: [["heading", "Kop", "text", "Leeg: Opbrengst."], ["text", "Tekst", "area",
      "Een lege regel begint een nieuwe alinea. Deze tekst komt ook in de opbrengst, als begin van de opbrengsttekst (na de sessie aan te passen)."]],
    quote: [["text", "Citaat", "area", "Zonder aanhalingstekens."], ["source", "Bron", "text", "Bijv. Deelnemer proeftuin (mag leeg)."]],
    insight: [["group", "Groep", "text", "Leeg: Inzichten. Bijv. Waardes, Dilemma's."], ["number", "Nummer", "int", ""],
      ["heading", "Kop", "text", ""], ["body", "Tekst", "area", ""]],
    resources: [["heading", "Kop", "text", "Leeg: Hulpbronnen."]],
    closing: [["heading", "Kop", "text", "Leeg: Dank je wel."], ["text", "Tekst", "area", ""]],
    // The kind's own fields (the options of a choice question) come right after the prompt: see stepFields.
    question: [["kind", "Soort vraag", "kind", ""], ["prompt", "Vraag", "area", ""],
      ["help", "Toelichting", "area", "Ook zichtbaar voor deelnemers."],
      ["note", "Notitie voor de facilitator", "area", "Alleen in de console."],
      ["time_limit", "Tijdslimiet (seconden)", "int", "10 tot 3600; leeg: geen aftellen."],
      ["review_all", "Alles eerst beoordelen", "check",
        "Elk tekstantwoord wacht in de console tot je het toestaat (anders alleen antwoorden met mogelijke persoonsgegevens)."]],
  };
  var KIND_FIELDS = {
    open: [],
    choice: [["options", "Opties", "lines", "Eén optie per regel, 2 tot 12."], ["multiple", "Meer dan één optie mag", "check", ""],
      ["other", "\u201CAnders, namelijk\u2026\u201D toevoegen", "check", ""]],
    scale: [["min", "Minimum", "int", ""], ["max", "Maximum", "int", "1 tot 10 hoger dan het minimum."],
      ["min_label", "Label bij het minimum", "text", "Bijv. Slecht."], ["max_label", "Label bij het maximum", "text", "Bijv. Goed."]],
    words: [["max_words", "Aantal woorden", "int", "1 tot 3 (standaard 3)."]],
  };
  var KIND_KEYS = {open: [], choice: ["options", "multiple", "other"], scale: ["min", "max", "min_label", "max_label"],
    words: ["max_words"]};

  var QUESTION_ADVANCED = [["k_threshold", "K-drempel van deze vraag", "int",
    "Uitslagen verschijnen pas vanaf zoveel antwoorden. Leeg: die van de leersessie."]];

  /** The fields of a step, required first (a choice question's options right after its prompt). */
  function stepFields(step) {
    var fields = (STEP_FIELDS[step.type] || []).slice();
    if (step.type === "question") fields = fields.slice(0, 2).concat(KIND_FIELDS[step.kind] || [], fields.slice(2));
    return fields;
  }

  /** The technical fields of a step, shown under "Geavanceerd". */
  function advancedFields(step) {
    return [ID_FIELD].concat(step.type === "question" ? QUESTION_ADVANCED : []);
  }

  /** A new step of a type ("question:choice" for a question of a kind) with example content. */
  function newStep(type) {
    var parts = type.split(":");
    if (parts[0] !== "question") return {type: parts[0]};
    var step = {type: "question", kind: parts[1], prompt: ""};
    if (parts[1] === "choice") step.options = ["", ""];
    if (parts[1] === "scale") { step.min = 1; step.max = 5; step.min_label = ""; step.max_label = ""; }
    return step;
  }

  /** Change a question's kind: the old kind's keys are kept aside, to come back on switching back. */
  function setKind(step, kind) {
    step._stash = step._stash || {};
    (KIND_KEYS[step.kind] || []).forEach(function (key) {
      if (key in step) { step._stash[key] = step[key]; delete step[key]; }
    });
    step.kind = kind;
    (KIND_KEYS[kind] || []).forEach(function (key) {
      if (key in step._stash) step[key] = step._stash[key];
    });
    var defaults = newStep("question:" + kind);
    Object.keys(defaults).forEach(function (key) { if (!(key in step)) step[key] = defaults[key]; });
  }

  /** The label of a step in the list: its kind for questions. */
  function stepLabel(step) {
    if (step.type === "question") return KIND_LABELS[step.kind] || "Vraag";
    return TYPE_LABELS[step.type] || String(step.type);
  }

  /** One line of text about a step, for the list. */
  function stepSummary(step, doc) {
    var text;
    if (step.type === "title") text = doc.title || "";
    else if (step.type === "question") text = step.prompt;
    else if (step.type === "insight") text = (step.number ? step.number + ". " : "") + (step.heading || "");
    else text = step.text || step.heading || DEFAULT_HEADINGS[step.type] || "";
    text = typeof text === "string" ? text.replace(/\s+/g, " ").trim() : "";
    return text.length > 70 ? text.slice(0, 69) + "\u2026" : (text || "(leeg)");
  }

  /** A value as the control shows it. */
  function shown(value, control) {
    if (value === undefined || value === null) return "";
    if (control === "lines") return Array.isArray(value) ? value.join("\n") : String(value);
    return String(value);
  }

  /** A control's text as document value; undefined removes the key (an empty optional field). */
  function parsed(text, control) {
    if (control === "lines") {
      var lines = text.split("\n").map(function (line) { return line.trim(); });
      while (lines.length && !lines[lines.length - 1]) lines.pop();
      return lines.length ? lines : undefined;
    }
    if (!text.trim()) return undefined;
    if (control === "int") return /^\s*-?\d{1,6}\s*$/.test(text) ? parseInt(text, 10) : text;
    return text;
  }

  /** One labelled control bound to `target[key]`; `onChange(key)` after each edit. */
  function control(field, target, path, onChange) {
    var key = field[0], kind = field[2], id = "field-" + path.replace(/\./g, "-");
    var input;
    if (kind === "area" || kind === "lines") {
      input = el("textarea", {id: id, rows: kind === "lines" ? 4 : (key === "prompt" ? 3 : 5)});
    } else if (kind === "kind") {
      input = el("select", {id: id}, Object.keys(KIND_LABELS).map(function (value) {
        return el("option", {value: value, text: KIND_LABELS[value]});
      }));
    } else if (kind === "check") {
      input = el("input", {id: id, type: "checkbox"});
      input.checked = target[key] === true;
    } else {
      input = el("input", {id: id, type: "text", inputMode: kind === "int" ? "numeric" : undefined,
        readOnly: kind === "readonly"});
    }
    if (kind !== "check") input.value = shown(target[key], kind);
    input.dataset.path = path;
    var hint = field[3] ? el("p", {className: "field-hint", id: id + "-hint", text: field[3]}) : null;
    var error = el("p", {className: "field-error", id: id + "-error", hidden: true});
    input.setAttribute("aria-describedby", (hint ? id + "-hint " : "") + id + "-error");
    input.addEventListener(kind === "check" || kind === "kind" ? "change" : "input", function () {
      if (kind === "check") {
        if (input.checked || key in target) target[key] = input.checked;
      } else if (kind === "kind") {
        onChange(key, input.value);
        return;
      } else if (kind !== "readonly") {
        var value = parsed(input.value, kind);
        if (value === undefined) delete target[key]; else target[key] = value;
      }
      onChange(key);
    });
    var label = el("label", {htmlFor: id, text: field[1]});
    var wrap = el("div", {className: "field field-" + kind, dataset: {path: path}},
      kind === "check" ? [el("div", {className: "check-row"}, [input, label]), hint, error] : [label, input, hint, error]);
    return wrap;
  }

  /** A step as the presenter screen and the phone get it from the server (sessions.content shape). */
  function renderShape(step, index) {
    var q = null;
    if (step.type === "question") {
      q = {kind: step.kind, prompt: str(step.prompt), help: str(step.help), note: str(step.note),
        options: Array.isArray(step.options) ? step.options.filter(Boolean).map(String) : [],
        multiple: step.multiple === true, other: step.other === true,
        min: typeof step.min === "number" ? step.min : 1, max: typeof step.max === "number" ? step.max : 5,
        min_label: str(step.min_label), max_label: str(step.max_label),
        max_words: typeof step.max_words === "number" ? step.max_words : 3,
        time_limit: typeof step.time_limit === "number" ? step.time_limit : null};
    }
    return {type: step.type, id: step.id || "step-" + (index + 1),
      heading: str(step.heading) || DEFAULT_HEADINGS[step.type] || "", text: str(step.text), subtitle: str(step.subtitle),
      source: str(step.source), number: typeof step.number === "number" ? step.number : null,
      group: str(step.group) || "Inzichten", body: str(step.body), groups: groupsShape(step.groups), question: q};
  }

  function str(value) { return typeof value === "string" ? value.trim() : ""; }

  function groupsShape(groups) {
    return (Array.isArray(groups) ? groups : []).map(function (group) {
      return {publisher: str(group && group.publisher), links: (Array.isArray(group && group.links) ? group.links : [])
        .map(function (link) { return {label: str(link && link.label), url: str(link && link.url)}; })};
    });
  }

  window.LeersessieEditorFields = {
    SESSION_FIELDS: SESSION_FIELDS, SESSION_ADVANCED: SESSION_ADVANCED, stepFields: stepFields,
    advancedFields: advancedFields, newStep: newStep, setKind: setKind,
    stepLabel: stepLabel, stepSummary: stepSummary, control: control, renderShape: renderShape,
    TYPE_LABELS: TYPE_LABELS,
  };
})();
