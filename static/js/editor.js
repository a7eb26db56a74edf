/*
 * The session editor page: the step list (add, delete, move, duplicate; by button and keyboard),
 * the form of the chosen part, the errors per field, and the live preview in the real presenter
 * screen and phone pages (iframes). Saving is editor-save.js; fields are editor-fields.js.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var Fields = window.LeersessieEditorFields;
  var Save = window.LeersessieEditorSave;

  var root = document.getElementById("editor");
  if (!root) return;
  var nodes = {
    list: document.getElementById("editor-step-list"), sessionEntry: document.getElementById("session-entry"),
    fields: document.getElementById("form-fields"), formTitle: document.getElementById("form-title"),
    tools: document.getElementById("step-tools"), validity: document.getElementById("validity"),
    start: document.getElementById("btn-start"), title: document.getElementById("editor-title"),
    conflict: document.getElementById("conflict-banner"), locked: document.getElementById("locked-banner"),
    lockedText: document.getElementById("locked-text"), screen: document.getElementById("preview-screen"),
    phone: document.getElementById("preview-phone"), fileName: document.getElementById("file-name"),
  };
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var state = {doc: null, selected: -1, errors: [], reserved: [], valid: false, diskDocument: null};

  // ------------------------------------------------------------------ document

  /** The document as sent to the server: the editor's private keys left out (`_key` stays). */
  function documentFor() {
    return JSON.parse(JSON.stringify(state.doc, function (key, value) {
      return key.charAt(0) === "_" && key !== "_key" ? undefined : value;
    }));
  }

  function steps() { return state.doc.steps = Array.isArray(state.doc.steps) ? state.doc.steps : []; }

  /** An id no step uses and no answered question ever used: answers never end up under another question. */
  function freeId(base) {
    var taken = {};
    steps().forEach(function (step) { if (step.id) taken[step.id] = true; });
    state.reserved.forEach(function (id) { taken[id] = true; });
    for (var n = 1; ; n++) {
      var candidate = base + "-" + n;
      if (!taken[candidate]) return candidate;
    }
  }

  function edited() {
    Save.changed();
    renderList();
    updatePreview();
  }

  // ------------------------------------------------------------------ step list

  function renderList() {
    UI.clear(nodes.list);
    steps().forEach(function (step, index) {
      var button = el("button", {type: "button", className: "step-entry type-" + step.type + (hasErrors("steps." + index) ? " has-error" : ""),
        dataset: {index: String(index)}, attrs: {"aria-current": index === state.selected ? "true" : "false"}}, [
        el("span", {className: "step-entry-num", text: String(index + 1)}),
        el("span", {className: "step-entry-type", text: Fields.stepLabel(step)}),
        el("span", {className: "step-entry-text", text: Fields.stepSummary(step, state.doc)}),
        hasErrors("steps." + index) ? el("span", {className: "step-entry-error", text: "fout"}) : null,
      ]);
      button.addEventListener("click", function () { select(index, true); });
      nodes.list.appendChild(el("li", {}, [button]));
    });
    nodes.sessionEntry.setAttribute("aria-current", state.selected === -1 ? "true" : "false");
    nodes.sessionEntry.classList.toggle("has-error", state.errors.some(function (e) { return !/^steps\./.test(e.path); }));
    nodes.title.textContent = typeof state.doc.title === "string" && state.doc.title ? state.doc.title : root.dataset.sessionId;
  }

  function hasErrors(prefix) {
    return state.errors.some(function (e) { return e.path === prefix || e.path.indexOf(prefix + ".") === 0; });
  }

  function focusEntry(index) {
    var target = index === -1 ? nodes.sessionEntry : nodes.list.querySelector('[data-index="' + index + '"]');
    if (target) target.focus();
  }

  function select(index, keepFocus) {
    state.selected = index;
    renderList();
    renderForm();
    updatePreview();
    if (keepFocus) focusEntry(index);
  }

  function addStep() {
    var step = Fields.newStep(document.getElementById("add-step-type").value);
    if (step.type === "question") step.id = freeId("vraag");
    var at = state.selected + 1;
    steps().splice(at, 0, step);
    state.selected = at;
    edited();
    renderForm();
    var first = nodes.fields.querySelector("textarea, input:not([readonly])");
    if (first) first.focus();
  }

  function moveStep(delta) {
    var from = state.selected, to = from + delta;
    if (from < 0 || to < 0 || to >= steps().length) return;
    var moved = steps().splice(from, 1)[0];
    steps().splice(to, 0, moved);
    state.selected = to;
    edited();
    renderForm();
  }

  function duplicateStep() {
    if (state.selected < 0) return;
    var copy = JSON.parse(JSON.stringify(steps()[state.selected]));
    delete copy._key;  // a new step in the file, not a second handle on the old one
    if (copy.id) copy.id = freeId(copy.id.replace(/-\d+$/, ""));
    steps().splice(state.selected + 1, 0, copy);
    state.selected += 1;
    edited();
    renderForm();
  }

  function deleteStep() {
    if (state.selected < 0) return;
    var step = steps()[state.selected];
    if (!window.confirm("Stap " + (state.selected + 1) + " (" + Fields.stepLabel(step) + ") verwijderen?")) return;
    steps().splice(state.selected, 1);
    state.selected = Math.min(state.selected, steps().length - 1);
    edited();
    renderForm();
  }

  /** Keys on the list: arrows choose, Alt+arrows move, D duplicates, Delete deletes. */
  function onListKey(event) {
    var entry = event.target.closest(".step-entry");
    if (!entry) return;
    var index = entry === nodes.sessionEntry ? -1 : parseInt(entry.dataset.index, 10);
    if (index !== state.selected) select(index);
    var last = steps().length - 1;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var delta = event.key === "ArrowDown" ? 1 : -1;
      event.preventDefault();
      if (event.altKey) { moveStep(delta); focusEntry(state.selected); return; }
      select(Math.max(-1, Math.min(last, index + delta)), true);
    } else if ((event.key === "d" || event.key === "D") && !event.ctrlKey && !event.metaKey && !event.altKey && index >= 0) {
      event.preventDefault();
      duplicateStep();
      focusEntry(state.selected);
    } else if (event.key === "Delete" && index >= 0) {
      event.preventDefault();
      deleteStep();
      focusEntry(state.selected);
    }
  }

  // ------------------------------------------------------------------ form

  function renderForm() {
    UI.clear(nodes.fields);
    var index = state.selected;
    nodes.tools.hidden = index < 0;
    if (index < 0) {
      nodes.formTitle.textContent = "Leersessie";
      Fields.SESSION_FIELDS.forEach(function (field) { nodes.fields.appendChild(Fields.control(field, state.doc, field[0], edited)); });
    } else {
      var step = steps()[index];
      nodes.formTitle.textContent = "Stap " + (index + 1) + ": " + Fields.stepLabel(step);
      Fields.stepFields(step).forEach(function (field) {
        nodes.fields.appendChild(Fields.control(field, step, "steps." + index + "." + field[0], function (key, kind) {
          if (key === "kind") { Fields.setKind(step, kind); edited(); renderForm(); return; }
          edited();
        }));
      });
      if (step.type === "resources") nodes.fields.appendChild(groupsEditor(step, index));
    }
    nodes.fields.appendChild(el("div", {className: "other-errors", id: "other-errors"}));
    showErrors();
  }

  /** Groups of links of a resources step: publisher, and per link a label and an address. */
  function groupsEditor(step, index) {
    if (!Array.isArray(step.groups)) step.groups = [];
    var box = el("div", {className: "groups-editor"});
    step.groups.forEach(function (group, g) {
      if (!Array.isArray(group.links)) group.links = [];
      var base = "steps." + index + ".groups." + g;
      var fieldset = el("fieldset", {className: "link-group"}, [el("legend", {text: "Groep " + (g + 1)})]);
      fieldset.appendChild(Fields.control(["publisher", "Uitgever", "text", ""], group, base + ".publisher", edited));
      group.links.forEach(function (link, l) {
        var row = el("div", {className: "link-row"});
        row.appendChild(Fields.control(["label", "Naam van link " + (l + 1), "text", ""], link, base + ".links." + l + ".label", edited));
        row.appendChild(Fields.control(["url", "Adres van link " + (l + 1), "text", "https://\u2026"], link, base + ".links." + l + ".url", edited));
        row.appendChild(smallButton("Link " + (l + 1) + " verwijderen", function () { group.links.splice(l, 1); edited(); renderForm(); }));
        fieldset.appendChild(row);
      });
      fieldset.appendChild(smallButton("Link toevoegen", function () { group.links.push({label: "", url: ""}); edited(); renderForm(); }));
      fieldset.appendChild(smallButton("Groep " + (g + 1) + " verwijderen", function () { step.groups.splice(g, 1); edited(); renderForm(); }));
      box.appendChild(fieldset);
    });
    box.appendChild(smallButton("Groep toevoegen", function () {
      step.groups.push({publisher: "", links: [{label: "", url: ""}]});
      edited();
      renderForm();
    }));
    return box;
  }

  function smallButton(text, onClick) {
    var button = el("button", {type: "button", className: "btn btn-secondary btn-small", text: text});
    button.addEventListener("click", onClick);
    return button;
  }

  /** Each error next to its field; the ones without a field in a list under the form. */
  function showErrors() {
    var shownPaths = {};
    Array.prototype.forEach.call(nodes.fields.querySelectorAll(".field"), function (field) {
      var path = field.dataset.path;
      var messages = state.errors.filter(function (e) { return e.path === path; }).map(function (e) { return e.message; });
      var box = field.querySelector(".field-error");
      var input = field.querySelector("input, textarea, select");
      box.textContent = messages.join(" ");
      box.hidden = !messages.length;
      field.classList.toggle("has-error", messages.length > 0);
      if (input) input.setAttribute("aria-invalid", messages.length ? "true" : "false");
      if (messages.length) shownPaths[path] = true;
    });
    var prefix = state.selected < 0 ? null : "steps." + state.selected;
    var rest = state.errors.filter(function (e) {
      if (shownPaths[e.path]) return false;
      return prefix === null ? !/^steps\./.test(e.path) || e.path === "steps" : e.path === prefix || e.path.indexOf(prefix + ".") === 0;
    });
    var other = document.getElementById("other-errors");
    UI.clear(other);
    if (rest.length) {
      other.appendChild(el("p", {className: "field-error", text: "Ook nog:"}));
      other.appendChild(el("ul", {className: "field-error"}, rest.map(function (e) {
        return el("li", {}, [e.message, unknownKeyButton(e)]);
      })));
    }
    var count = state.errors.length;
    nodes.validity.className = "validity " + (count ? "is-invalid" : "is-valid");
    nodes.validity.textContent = count ? count + (count === 1 ? " fout" : " fouten") + " \u2014 opgeslagen als concept; zo kan hij nog niet live"
      : "Geldig \u2014 klaar om live te starten";
    nodes.start.disabled = !!count || Save.pending();
  }

  /** A key the format does not know (often a typo from a hand-written file) can be removed here. */
  function unknownKeyButton(error) {
    var found = /^Onbekend veld '([^']+)'/.exec(error.message);
    if (!found) return null;
    var parts = error.path.split(".");
    var key = parts.pop();
    var target = state.doc;
    parts.forEach(function (part) { target = target && typeof target === "object" ? target[part] : null; });
    if (!target || typeof target !== "object" || !(key in target)) return null;
    var button = el("button", {type: "button", className: "btn btn-secondary btn-small btn-remove-key",
      text: "Veld ‘" + found[1] + "’ verwijderen"});
    button.addEventListener("click", function () {
      delete target[key];
      state.errors = state.errors.filter(function (e) { return e !== error; });
      edited();
      renderForm();
    });
    return button;
  }

  // ------------------------------------------------------------------ preview

  function updatePreview() {
    var doc = state.doc;
    if (!doc) return;
    var index = Math.max(0, state.selected);
    var step = steps()[index];
    if (!step) return;
    var message = {type: "leersessie-preview", index: index, step: Fields.renderShape(step, index), session: {
      title: typeof doc.title === "string" ? doc.title : "", subtitle: typeof doc.subtitle === "string" ? doc.subtitle : "",
      series: typeof doc.series === "string" ? doc.series : "", number: typeof doc.number === "number" ? doc.number : null,
      partners: Array.isArray(doc.partners) ? doc.partners : []}};
    [nodes.screen, nodes.phone].forEach(function (frame) {
      if (frame.contentWindow) frame.contentWindow.postMessage(message, window.location.origin);
    });
  }

  // ------------------------------------------------------------------ loading and saving

  /** Canonical text of a document: sorted keys, without the editor's own keys. */
  function canonical(value) {
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).filter(function (key) { return key.charAt(0) !== "_"; }).sort()
        .map(function (key) { return JSON.stringify(key) + ":" + canonical(value[key]); }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  function sameContent(a, b) { return canonical(a) === canonical(b); }

  function load(data) {
    state.doc = data.document;
    state.errors = data.errors || [];
    state.reserved = data.reserved_ids || [];
    nodes.fileName.textContent = data.file_name || "";
    Save.setVersion(data.version);
  }

  function fetchDocument() {
    return fetch(root.dataset.apiUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); });
  }

  function redraw() {
    if (state.selected >= steps().length) state.selected = steps().length - 1;
    renderList();
    renderForm();
    updatePreview();
  }

  Save.init({
    url: root.dataset.apiUrl, csrf: csrf, draftKey: "leersessie:editor:" + root.dataset.sessionId,
    status: document.getElementById("save-status"), retry: document.getElementById("btn-retry-save"),
    documentFor: documentFor, currentSteps: steps,
    onSaved: function (data, sentSteps) {
      // The file now holds the steps in the order sent: that order is their new handle.
      sentSteps.forEach(function (step, position) { step._key = position; });
      state.errors = data.errors || [];
      nodes.locked.hidden = true;
      renderList();
      showErrors();
    },
    onConflict: function () {
      // The save sent as the page closed may have reached the file after this page loaded it:
      // when the file already holds exactly this, there is nothing to choose.
      fetchDocument().then(function (data) {
        if (data.ok && sameContent(data.document, documentFor())) {
          steps().forEach(function (step, position) { step._key = position; });
          state.errors = data.errors || [];
          Save.setVersion(data.version);
          Save.discard();
          showErrors();
          return;
        }
        nodes.conflict.hidden = false;
      }).catch(function () { nodes.conflict.hidden = false; });
    },
    onLocked: function (data) {
      state.errors = (data.errors || []).concat(state.errors.filter(function (e) { return !/^steps\./.test(e.path); }));
      nodes.lockedText.textContent = data.message;
      nodes.locked.hidden = false;
      renderList();
      showErrors();
    },
  });

  document.getElementById("btn-keep-mine").addEventListener("click", function () {
    nodes.conflict.hidden = true;
    Save.unblock();
    Save.save(false, true);
  });
  document.getElementById("btn-load-disk").addEventListener("click", function () {
    fetchDocument().then(function (data) {
      nodes.conflict.hidden = true;
      load(data);
      Save.discard();
      redraw();
    });
  });
  document.getElementById("btn-save-as-new").addEventListener("click", function () {
    fetch(root.dataset.saveAsUrl, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json"},
      body: JSON.stringify({document: documentFor()})}).then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.ok) { UI.toast(data.message || "Opslaan als nieuwe leersessie lukte niet.", "error"); return; }
        Save.discard();
        window.location.href = data.url;
      });
  });
  document.getElementById("btn-add-step").addEventListener("click", addStep);
  document.getElementById("btn-step-up").addEventListener("click", function () { moveStep(-1); });
  document.getElementById("btn-step-down").addEventListener("click", function () { moveStep(1); });
  document.getElementById("btn-step-duplicate").addEventListener("click", duplicateStep);
  document.getElementById("btn-step-delete").addEventListener("click", deleteStep);
  nodes.sessionEntry.addEventListener("click", function () { select(-1, true); });
  nodes.list.addEventListener("keydown", onListKey);
  nodes.sessionEntry.addEventListener("keydown", onListKey);
  [nodes.screen, nodes.phone].forEach(function (frame) { frame.addEventListener("load", updatePreview); });

  /** Scale the 1920×1080 screen and the 390 px phone down to their boxes. */
  function scalePreviews() {
    nodes.screen.style.transform = "scale(" + nodes.screen.parentNode.clientWidth / 1920 + ")";
    nodes.phone.style.transform = "scale(" + nodes.phone.parentNode.clientWidth / 390 + ")";
  }
  window.addEventListener("resize", scalePreviews);
  scalePreviews();

  fetchDocument().then(function (data) {
    if (!data.ok) { Save.setStatus("error", data.message || "Deze leersessie kon niet worden geladen."); return; }
    load(data);
    var draft = Save.loadDraft();
    if (draft && draft.document && sameContent(draft.document, data.document)) {
      // The save sent while the page closed did reach the file: nothing is pending.
      Save.clearDraft();
      Save.setStatus("saved", "Opgeslagen");
    } else if (draft && draft.document && draft.base === data.version) {
      state.doc = draft.document;
      Save.restored();
    } else if (draft && draft.document) {
      // Unsaved typing from an earlier visit, but the file changed since: the facilitator chooses.
      state.doc = draft.document;
      Save.setVersion(draft.base);
      Save.restored();
    } else {
      Save.setStatus("saved", "Opgeslagen");
    }
    state.selected = -1;
    redraw();
  }).catch(function () {
    Save.setStatus("error", "Deze leersessie kon niet worden geladen. Controleer de verbinding en laad de pagina opnieuw.");
  });
})();
