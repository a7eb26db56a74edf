/*
 * The session editor page: the step list (add, delete, move, duplicate; by button and keyboard)
 * and the live preview in the real presenter screen and phone pages (iframes). The form and its
 * errors are editor-form.js, saving is editor-save.js, the fields are editor-fields.js.
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
  var state = {doc: null, selected: -1, errors: [], reserved: []};
  var form = window.LeersessieEditorForm.create({state: state, nodes: nodes, steps: steps, edited: edited,
    pending: function () { return Save.pending(); }});

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

  /** The list is one Tab stop (roving tabindex): only the chosen entry is in the Tab order, the
   *  arrow keys move inside it, so Tab always leaves the list for the form (WCAG 2.1.1, 2.4.3). */
  function renderList() {
    var hadFocus = nodes.list.contains(document.activeElement) || document.activeElement === nodes.sessionEntry;
    UI.clear(nodes.list);
    steps().forEach(function (step, index) {
      var button = el("button", {type: "button", className: "step-entry type-" + step.type + (hasErrors("steps." + index) ? " has-error" : ""),
        dataset: {index: String(index)}, attrs: {"aria-current": index === state.selected ? "true" : "false",
          tabindex: index === state.selected ? "0" : "-1"}}, [
        el("span", {className: "step-entry-num", text: String(index + 1)}),
        el("span", {className: "step-entry-type", text: Fields.stepLabel(step)}),
        el("span", {className: "step-entry-text", text: Fields.stepSummary(step, state.doc)}),
        hasErrors("steps." + index) ? el("span", {className: "step-entry-error", text: "fout"}) : null,
      ]);
      button.addEventListener("click", function () { select(index, true); });
      nodes.list.appendChild(el("li", {}, [button]));
    });
    nodes.sessionEntry.setAttribute("aria-current", state.selected === -1 ? "true" : "false");
    nodes.sessionEntry.setAttribute("tabindex", state.selected === -1 ? "0" : "-1");
    // With no step chosen the (scrolling) list has no Tab stop of its own: it takes one, so a keyboard
    // can scroll it (axe scrollable-region-focusable); with a step chosen, that step is the stop.
    if (state.selected === -1) nodes.list.setAttribute("tabindex", "0"); else nodes.list.removeAttribute("tabindex");
    if (hadFocus) focusEntry(state.selected);  // a rebuilt list keeps the focus where it was
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
    form.render();
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
    form.render();
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
    form.render();
  }

  function duplicateStep() {
    if (state.selected < 0) return;
    var copy = JSON.parse(JSON.stringify(steps()[state.selected]));
    delete copy._key;  // a new step in the file, not a second handle on the old one
    if (copy.id) copy.id = freeId(copy.id.replace(/-\d+$/, ""));
    steps().splice(state.selected + 1, 0, copy);
    state.selected += 1;
    edited();
    form.render();
  }

  function deleteStep() {
    if (state.selected < 0) return;
    var step = steps()[state.selected];
    if (!window.confirm("Stap " + (state.selected + 1) + " (" + Fields.stepLabel(step) + ") verwijderen?")) return;
    steps().splice(state.selected, 1);
    state.selected = Math.min(state.selected, steps().length - 1);
    edited();
    form.render();
  }

  /** Keys on the list: arrows (Home/End) choose, Alt+arrows move, D duplicates, Delete deletes.
   *  Every other key (Tab above all) does what it does anywhere: it never selects or rebuilds. */
  function onListKey(event) {
    var entry = event.target.closest(".step-entry");
    if (!entry) return;
    var index = entry === nodes.sessionEntry ? -1 : parseInt(entry.dataset.index, 10);
    var last = steps().length - 1;
    var handled = ["ArrowDown", "ArrowUp", "Home", "End", "Delete", "d", "D"].indexOf(event.key) !== -1;
    if (!handled || event.ctrlKey || event.metaKey) return;
    if (index !== state.selected) select(index);
    if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      select(event.key === "Home" ? -1 : last, true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
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
    form.render();
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
      form.showErrors();
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
          form.showErrors();
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
      form.showErrors();
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
