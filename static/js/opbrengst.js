/*
 * Curation page of one live session: results per question, and an editor for the opbrengst
 * text, the numbered insights and the starred quotes. Edits are saved automatically
 * (debounced PUT of the write-up, opbrengst-save.js) and kept in localStorage until the
 * server has them, so a reload never loses typing. The insight and quote editors are in
 * opbrengst-editors.js; this file loads the write-up and ties the parts together.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var Save = window.LeersessieOpbrengstSave;
  var Editors = window.LeersessieOpbrengstEditors;
  var root = document.getElementById("opbrengst");
  if (!root) return;

  var CODE = root.dataset.code;
  var WRITEUP_URL = root.dataset.writeupUrl;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = meta ? meta.getAttribute("content") : "";

  var embedded = {};
  try { embedded = JSON.parse(document.getElementById("opbrengst-data").textContent); } catch (e) { embedded = {}; }

  var $ = function (id) { return document.getElementById(id); };
  var nodes = {
    statement: $("statement-input"), insights: $("insights"), groups: $("insight-groups"),
    addInsight: $("btn-add-insight"), quotes: $("quotes"), quotesEmpty: $("quotes-empty"),
    status: $("save-status"), retry: $("btn-retry-save"),
    deleteForm: $("delete-form"), deleteConfirm: $("delete-confirm"), deleteButton: $("btn-delete"),
  };

  // quotes: [{answer_id, text}] in curated order; dropped: answer ids to unstar on save
  var model = {statement: "", insights: [], quotes: [], dropped: []};

  /** The write-up as the server's PUT expects it; dropped quotes ride along to be unstarred. */
  function payload() {
    return {
      statement: model.statement,
      insights: model.insights.map(function (item) {
        return {group: item.group.trim() || "Inzichten", number: item.number, heading: item.heading, body: item.body};
      }),
      quotes: model.quotes.map(function (q) { return {answer_id: q.answer_id, text: q.text}; })
        .concat(model.dropped.map(function (id) { return {answer_id: id, dropped: true}; })),
    };
  }

  /** What the localStorage draft keeps: the payload, with the dropped ids as their own list. */
  function draft() {
    var data = payload();
    data.dropped = model.dropped.slice();
    data.quotes = model.quotes.map(function (q) { return {answer_id: q.answer_id, text: q.text}; });
    return data;
  }

  // ------------------------------------------------------------------ read-only parts

  /** Draw the results of each question from the summary embedded in the page. */
  function renderQuestionResults() {
    Array.prototype.forEach.call(document.querySelectorAll(".question-results[data-summary]"), function (box) {
      var summary, answers;
      try {
        summary = JSON.parse(box.dataset.summary);
        answers = JSON.parse(box.dataset.answers || "[]");
      } catch (e) { return; }
      renderResults(box, {summary: summary, wall: answers.map(function (text) { return {text: text}; })},
        {variant: "page", emptyText: "Geen antwoorden"});
    });
  }

  /** Deleting needs the session code typed and a confirm; the draft goes with the session. */
  function guardDeleteForm() {
    if (!nodes.deleteForm) return;
    var expected = nodes.deleteForm.dataset.code.toUpperCase();
    var typedCode = function () { return nodes.deleteConfirm.value.trim().toUpperCase(); };
    var syncDelete = function () { nodes.deleteButton.disabled = typedCode() !== expected; };
    nodes.deleteConfirm.addEventListener("input", syncDelete);
    syncDelete();
    nodes.deleteForm.addEventListener("submit", function (event) {
      if (typedCode() !== expected ||
          !window.confirm("Weet je het zeker? De leersessie en alle antwoorden worden definitief verwijderd.")) {
        event.preventDefault();
        return;
      }
      Save.clearDraft();
    });
  }

  // ------------------------------------------------------------------ start

  /** Quotes in the draft's order; stars added since the draft go last, dropped ones stay out. */
  function mergeDraftQuotes(quotes, draftQuotes, dropped) {
    var byId = {};
    quotes.forEach(function (q) { byId[q.answer_id] = q; });
    var ordered = [];
    draftQuotes.forEach(function (q) {
      if (byId[q.answer_id]) { ordered.push({answer_id: q.answer_id, text: q.text}); delete byId[q.answer_id]; }
    });
    quotes.forEach(function (q) { if (byId[q.answer_id] && dropped.indexOf(q.answer_id) < 0) ordered.push(q); });
    return ordered;
  }

  /** Fill the model from the server's write-up, overlaid with an unsaved draft if there is one. */
  function loadModel(server, saved) {
    var statement = typeof server.statement === "string" ? server.statement : (embedded.statement || "");
    var insights = Array.isArray(server.insights) ? server.insights : (embedded.insights || []);
    // The embedded quotes already merge the curated order with stars added since.
    var quotes = (embedded.quotes || []).map(function (q) { return {answer_id: q.answer_id, text: q.text}; });
    if (saved) {
      if (typeof saved.statement === "string") statement = saved.statement;
      if (Array.isArray(saved.insights)) insights = saved.insights;
      var dropped = Array.isArray(saved.dropped) ? saved.dropped : [];
      if (Array.isArray(saved.quotes)) quotes = mergeDraftQuotes(quotes, saved.quotes, dropped);
      model.dropped = dropped;
    }
    model.statement = statement;
    model.insights = insights.map(Editors.normalizeInsight);
    model.quotes = quotes;
  }

  /** Show the editors once the write-up is loaded (they start disabled in the page). */
  function start(server) {
    server = server || {};
    var saved = Save.loadDraft();
    loadModel(server, saved);

    nodes.statement.value = model.statement;
    nodes.statement.disabled = false;
    nodes.addInsight.disabled = false;
    Array.prototype.forEach.call(document.querySelectorAll("button[data-theme-insight]"), function (button) {
      button.disabled = false;
    });
    Editors.autogrow(nodes.statement);
    Editors.renderGroupOptions();
    Editors.renderInsights();
    Editors.renderQuotes();

    if (saved) {
      Save.restoredDraft();
      UI.toast("Je niet-opgeslagen wijzigingen zijn teruggezet.");
    } else if (server.updated_at) {
      Save.setStatus("saved", "Opgeslagen");
    } else {
      Save.setStatus("idle", "Nog niets aangepast");
    }
  }

  Save.init({url: WRITEUP_URL, csrf: CSRF, draftKey: "leersessie:writeup:" + CODE,
    status: nodes.status, retry: nodes.retry, payload: payload, draft: draft});
  Editors.init({model: model, nodes: nodes, changed: Save.changed});
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-theme-insight]");
    if (button) Editors.addInsight(button.dataset.themeInsight);  // a theme becomes an insight
  });
  renderQuestionResults();
  guardDeleteForm();

  nodes.statement.addEventListener("input", function () {
    model.statement = nodes.statement.value;
    Editors.autogrow(nodes.statement);
    Save.changed();
  });

  fetch(WRITEUP_URL, {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) { return response.ok ? response.json() : {}; })
    .catch(function () { return {}; })
    .then(start);
})();
