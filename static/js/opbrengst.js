/*
 * Curation page of one live session: results per question, and an editor for the opbrengst
 * text, the numbered insights and the starred quotes. Edits are saved automatically
 * (debounced PUT of the write-up) and kept in localStorage until the server has them, so a
 * reload never loses typing.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var root = document.getElementById("opbrengst");
  if (!root) return;

  var CODE = root.dataset.code;
  var WRITEUP_URL = root.dataset.writeupUrl;
  var DRAFT_KEY = "leersessie:writeup:" + CODE;
  var SAVE_DELAY = 800;
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

  var nextKey = 1;
  var model = {statement: "", insights: [], quotes: [], dropped: []};
  var version = 0;        // bumped on every edit
  var savedVersion = 0;   // the last version the server confirmed
  var saving = false;
  var saveTimer = null;
  var failures = 0;

  // ------------------------------------------------------------------ results per question

  Array.prototype.forEach.call(document.querySelectorAll(".question-results[data-summary]"), function (box) {
    var summary, answers;
    try {
      summary = JSON.parse(box.dataset.summary);
      answers = JSON.parse(box.dataset.answers || "[]");
    } catch (e) { return; }
    renderResults(box, {summary: summary, wall: answers.map(function (text) { return {text: text}; })},
      {variant: "page", emptyText: "Geen antwoorden"});
  });

  // ------------------------------------------------------------------ delete form

  if (nodes.deleteForm) {
    var expected = nodes.deleteForm.dataset.code.toUpperCase();
    var syncDelete = function () {
      nodes.deleteButton.disabled = nodes.deleteConfirm.value.trim().toUpperCase() !== expected;
    };
    nodes.deleteConfirm.addEventListener("input", syncDelete);
    syncDelete();
    nodes.deleteForm.addEventListener("submit", function (event) {
      if (nodes.deleteConfirm.value.trim().toUpperCase() !== expected ||
          !window.confirm("Weet je het zeker? De leersessie en alle antwoorden worden definitief verwijderd.")) {
        event.preventDefault();
        return;
      }
      try { window.localStorage.removeItem(DRAFT_KEY); } catch (e) { /* storage unavailable */ }
    });
  }

  // ------------------------------------------------------------------ helpers

  function toast(message, kind) {
    var box = $("toasts");
    if (!box) return;
    var item = el("div", {className: "toast" + (kind ? " toast-" + kind : ""), text: message});
    box.appendChild(item);
    setTimeout(function () { item.classList.add("is-leaving"); }, 4200);
    setTimeout(function () { if (item.parentNode) item.parentNode.removeChild(item); }, 4700);
  }

  function autogrow(area) {
    area.style.height = "auto";
    area.style.height = (area.scrollHeight + 2) + "px";
  }

  function normalizeInsight(item) {
    var number = item.number;
    if (typeof number === "string") number = number.trim() === "" ? null : parseInt(number, 10);
    if (typeof number !== "number" || !isFinite(number)) number = null;
    return {key: nextKey++, group: item.group || "Inzichten", number: number,
      heading: item.heading || "", body: item.body || ""};
  }

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

  // ------------------------------------------------------------------ drafts (localStorage)

  function loadDraft() {
    try {
      var raw = window.localStorage.getItem(DRAFT_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (e) { return null; }
  }

  function storeDraft() {
    try {
      var data = payload();
      data.dropped = model.dropped.slice();
      data.quotes = model.quotes.map(function (q) { return {answer_id: q.answer_id, text: q.text}; });
      data.at = new Date().toISOString();
      window.localStorage.setItem(DRAFT_KEY, JSON.stringify(data));
    } catch (e) { /* storage full or unavailable: the server save still runs */ }
  }

  function clearDraft() {
    try { window.localStorage.removeItem(DRAFT_KEY); } catch (e) { /* ignore */ }
  }

  // ------------------------------------------------------------------ saving

  function setStatus(kind, text) {
    nodes.status.className = "save-status is-" + kind;
    nodes.status.textContent = text;
    nodes.retry.hidden = kind !== "error";
  }

  function changed() {
    version++;
    storeDraft();
    setStatus("pending", "Wijzigingen…");
    scheduleSave(SAVE_DELAY);
  }

  function scheduleSave(delay) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, delay);
  }

  function save(keepalive) {
    clearTimeout(saveTimer);
    if (saving) { scheduleSave(300); return; }
    if (version === savedVersion) return;
    var sending = version;
    saving = true;
    setStatus("saving", "Opslaan…");
    fetch(WRITEUP_URL, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "X-CSRF-Token": CSRF, "Accept": "application/json"},
      body: JSON.stringify(payload()),
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          var error = new Error(body.message || ("HTTP " + response.status));
          error.status = response.status;
          throw error;
        });
      }
      return response.json().catch(function () { return {}; });
    }).then(function () {
      saving = false;
      failures = 0;
      savedVersion = Math.max(savedVersion, sending);
      if (version === savedVersion) {
        clearDraft();
        // Dropped quotes are now unstarred on the server.
        setStatus("saved", "Opgeslagen");
      } else {
        scheduleSave(SAVE_DELAY);
      }
    }).catch(function (error) {
      saving = false;
      failures++;
      var text = "Niet opgeslagen \u2014 opnieuw proberen";
      if (error && error.status === 401) text = "Niet opgeslagen \u2014 je bent uitgelogd. Log opnieuw in; je tekst blijft bewaard.";
      else if (error && error.status && error.status < 500 && error.message && !/^HTTP /.test(error.message)) {
        text = "Niet opgeslagen \u2014 " + error.message;
      }
      setStatus("error", text);
      // Retry by itself with a growing pause; the draft stays in localStorage meanwhile.
      if (!error || error.status !== 401) scheduleSave(Math.min(30000, 2000 * Math.pow(2, failures - 1)));
    });
  }

  nodes.retry.addEventListener("click", function () { failures = 0; save(); });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && version !== savedVersion) save(true);
  });
  window.addEventListener("pagehide", function () {
    // No "leave page?" prompt: the draft in localStorage survives the reload anyway.
    if (version !== savedVersion) {
      storeDraft();
      save(true);
    }
  });

  // ------------------------------------------------------------------ statement

  nodes.statement.addEventListener("input", function () {
    model.statement = nodes.statement.value;
    autogrow(nodes.statement);
    changed();
  });

  // ------------------------------------------------------------------ insights

  function renderGroupOptions() {
    UI.clear(nodes.groups);
    var seen = {};
    ["Inzichten", "Waardes", "Dilemma's", "Gedachte-experiment"].concat(model.insights.map(function (i) { return i.group; }))
      .forEach(function (group) {
        if (!group || seen[group]) return;
        seen[group] = true;
        nodes.groups.appendChild(el("option", {value: group}));
      });
  }

  function field(labelText, input) {
    return el("label", {className: "field"}, [el("span", {className: "field-label", text: labelText}), input]);
  }

  function renderInsights() {
    UI.clear(nodes.insights);
    model.insights.forEach(function (item, index) {
      var number = el("input", {type: "number", className: "insight-number", min: "1", max: "999",
        value: item.number === null ? "" : String(item.number)});
      var group = el("input", {type: "text", className: "insight-group", value: item.group,
        attrs: {list: "insight-groups", maxlength: "60"}});
      var heading = el("input", {type: "text", className: "insight-heading", value: item.heading,
        attrs: {maxlength: "300", placeholder: "Kop van het inzicht"}});
      var bodyInput = el("textarea", {className: "insight-body autogrow", rows: 2, value: item.body,
        attrs: {placeholder: "Tekst van het inzicht"}});
      var up = el("button", {type: "button", className: "btn btn-icon btn-up", text: "\u2191", title: "Omhoog",
        disabled: index === 0, attrs: {"aria-label": "Omhoog"}});
      var down = el("button", {type: "button", className: "btn btn-icon btn-down", text: "\u2193", title: "Omlaag",
        disabled: index === model.insights.length - 1, attrs: {"aria-label": "Omlaag"}});
      var remove = el("button", {type: "button", className: "btn btn-small btn-ghost btn-remove", text: "Verwijderen"});

      number.addEventListener("input", function () {
        var n = parseInt(number.value, 10);
        item.number = isFinite(n) ? n : null;
        changed();
      });
      group.addEventListener("input", function () { item.group = group.value; changed(); });
      group.addEventListener("change", renderGroupOptions);
      heading.addEventListener("input", function () { item.heading = heading.value; changed(); });
      bodyInput.addEventListener("input", function () { item.body = bodyInput.value; autogrow(bodyInput); changed(); });
      up.addEventListener("click", function () { moveInsight(item.key, -1); });
      down.addEventListener("click", function () { moveInsight(item.key, 1); });
      remove.addEventListener("click", function () {
        if ((item.heading || item.body) && !window.confirm("Dit inzicht verwijderen?")) return;
        model.insights = model.insights.filter(function (i) { return i.key !== item.key; });
        renderInsights();
        changed();
      });

      nodes.insights.appendChild(el("li", {className: "insight-editor", dataset: {key: String(item.key)}}, [
        el("div", {className: "insight-row"}, [
          field("Nr.", number),
          field("Groep", group),
          el("div", {className: "item-tools"}, [up, down, remove]),
        ]),
        field("Kop", heading),
        field("Tekst", bodyInput),
      ]));
    });
    Array.prototype.forEach.call(nodes.insights.querySelectorAll("textarea"), autogrow);
    if (!model.insights.length) {
      nodes.insights.appendChild(el("li", {className: "empty", text: "Nog geen inzichten."}));
    }
  }

  /** Move an insight up or down; numbered neighbours in the same group swap numbers too. */
  function moveInsight(key, delta) {
    var index = model.insights.findIndex(function (i) { return i.key === key; });
    var other = index + delta;
    if (index < 0 || other < 0 || other >= model.insights.length) return;
    var a = model.insights[index], b = model.insights[other];
    if (a.number !== null && b.number !== null && a.group === b.group) {
      var n = a.number; a.number = b.number; b.number = n;
    }
    model.insights[index] = b;
    model.insights[other] = a;
    renderInsights();
    var button = nodes.insights.querySelector('[data-key="' + key + '"] ' + (delta < 0 ? ".btn-up" : ".btn-down"));
    if (button && !button.disabled) button.focus();
    changed();
  }

  nodes.addInsight.addEventListener("click", function () {
    var last = model.insights[model.insights.length - 1];
    var group = last ? last.group : "Inzichten";
    var max = 0;
    model.insights.forEach(function (i) { if (i.group === group && i.number > max) max = i.number; });
    var item = normalizeInsight({group: group, number: max + 1, heading: "", body: ""});
    model.insights.push(item);
    renderInsights();
    var input = nodes.insights.querySelector('[data-key="' + item.key + '"] .insight-heading');
    if (input) input.focus();
    changed();
  });

  // ------------------------------------------------------------------ quotes

  function renderQuotes() {
    UI.clear(nodes.quotes);
    nodes.quotesEmpty.hidden = model.quotes.length > 0;
    model.quotes.forEach(function (quote, index) {
      var text = el("textarea", {className: "quote-text autogrow", rows: 2, value: quote.text,
        attrs: {maxlength: "500", "aria-label": "Tekst van het citaat"}});
      var up = el("button", {type: "button", className: "btn btn-icon btn-up", text: "\u2191", title: "Omhoog",
        disabled: index === 0, attrs: {"aria-label": "Omhoog"}});
      var down = el("button", {type: "button", className: "btn btn-icon btn-down", text: "\u2193", title: "Omlaag",
        disabled: index === model.quotes.length - 1, attrs: {"aria-label": "Omlaag"}});
      var drop = el("button", {type: "button", className: "btn btn-small btn-ghost btn-drop", text: "Weglaten",
        title: "Niet in de opbrengst (haalt de ster weg)"});
      text.addEventListener("input", function () { quote.text = text.value; autogrow(text); changed(); });
      up.addEventListener("click", function () { moveQuote(index, -1); });
      down.addEventListener("click", function () { moveQuote(index, 1); });
      drop.addEventListener("click", function () {
        if (!window.confirm("Dit citaat weglaten uit de opbrengst? De ster wordt weggehaald.")) return;
        model.quotes.splice(index, 1);
        if (model.dropped.indexOf(quote.answer_id) < 0) model.dropped.push(quote.answer_id);
        renderQuotes();
        changed();
      });
      nodes.quotes.appendChild(el("li", {className: "quote-editor", dataset: {answerId: quote.answer_id}}, [
        el("span", {className: "quote-mark", text: "\u201C", attrs: {"aria-hidden": "true"}}),
        text,
        el("div", {className: "item-tools"}, [up, down, drop]),
      ]));
    });
    Array.prototype.forEach.call(nodes.quotes.querySelectorAll("textarea"), autogrow);
  }

  function moveQuote(index, delta) {
    var other = index + delta;
    if (other < 0 || other >= model.quotes.length) return;
    var item = model.quotes[index];
    model.quotes[index] = model.quotes[other];
    model.quotes[other] = item;
    renderQuotes();
    var button = nodes.quotes.children[other].querySelector(delta < 0 ? ".btn-up" : ".btn-down");
    if (button && !button.disabled) button.focus();
    changed();
  }

  // ------------------------------------------------------------------ start

  function start(server) {
    server = server || {};
    var statement = typeof server.statement === "string" ? server.statement : (embedded.statement || "");
    var insights = Array.isArray(server.insights) ? server.insights : (embedded.insights || []);
    // The embedded quotes already merge the curated order with stars added since.
    var quotes = (embedded.quotes || []).map(function (q) { return {answer_id: q.answer_id, text: q.text}; });

    var draft = loadDraft();
    if (draft) {
      if (typeof draft.statement === "string") statement = draft.statement;
      if (Array.isArray(draft.insights)) insights = draft.insights;
      var dropped = Array.isArray(draft.dropped) ? draft.dropped : [];
      if (Array.isArray(draft.quotes)) {
        var byId = {};
        quotes.forEach(function (q) { byId[q.answer_id] = q; });
        var ordered = [];
        draft.quotes.forEach(function (q) {
          if (byId[q.answer_id]) { ordered.push({answer_id: q.answer_id, text: q.text}); delete byId[q.answer_id]; }
        });
        quotes.forEach(function (q) { if (byId[q.answer_id] && dropped.indexOf(q.answer_id) < 0) ordered.push(q); });
        quotes = ordered;
      }
      model.dropped = dropped;
    }

    model.statement = statement;
    model.insights = insights.map(normalizeInsight);
    model.quotes = quotes;

    nodes.statement.value = model.statement;
    nodes.statement.disabled = false;
    nodes.addInsight.disabled = false;
    autogrow(nodes.statement);
    renderGroupOptions();
    renderInsights();
    renderQuotes();

    if (draft) {
      version = 1;
      setStatus("pending", "Niet-opgeslagen wijzigingen teruggezet; opslaan…");
      toast("Je niet-opgeslagen wijzigingen zijn teruggezet.");
      scheduleSave(300);
    } else if (server.updated_at) {
      setStatus("saved", "Opgeslagen");
    } else {
      setStatus("idle", "Nog niets aangepast");
    }
  }

  fetch(WRITEUP_URL, {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) { return response.ok ? response.json() : {}; })
    .catch(function () { return {}; })
    .then(start);
})();
