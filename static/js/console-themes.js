/*
 * The console's "Thema's" view of the current open question: answers grouped under themes.
 * Rename, merge, split (the chosen answers into a new theme), accept or drop a theme, make one
 * by hand, move an answer by drag and drop or by keyboard (its "Naar thema" list and button).
 * Everything is a native control, so the keyboard does all of it. The board comes from the
 * server (`themes_updated`, or the ack of each action); this file keeps only what is being
 * typed or chosen. Load after console.js (it uses window.LeersessieConsole).
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var app = window.LeersessieConsole;
  var $ = function (id) { return document.getElementById(id); };
  var panel = $("themes-panel");
  if (!panel || !app) return;
  var nodes = {board: $("themes-board"), suggest: $("btn-themes-suggest"), onScreen: $("themes-on-screen"),
    form: $("theme-new-form"), label: $("theme-new-label"), status: $("themes-status")};
  var step = null;      // the current step when it can have themes, else null
  var board = null;     // the last board of that step
  var chosen = {};      // answer id -> true: ticked for a new theme or a split
  var names = {};       // theme id -> name being typed
  var targets = {};     // answer id -> theme id picked in its "Naar thema" list, not yet moved
  var lastCount = -1;

  function themable(s) {
    return !!(s && s.question && (s.question.kind === "open" || (s.question.kind === "choice" && s.question.other)));
  }

  function send(event, payload) {
    payload.step_id = step.id;
    app.emit(event, payload, function (ack) { if (ack.themes) render(ack.themes); });
  }

  function onStep(position) {
    var next = position && themable(position.step) ? position.step : null;
    var changed = (next && next.id) !== (step && step.id);
    step = next;
    panel.hidden = !step;
    if (changed) { board = null; chosen = {}; names = {}; targets = {}; lastCount = -1; UI.clear(nodes.board); }
    if (step && changed) send("list_themes", {});
  }

  function onResults(data) {
    if (!step || !data || data.step_id !== step.id) return;
    var count = (data.summary && data.summary.count) || 0;
    if (count !== lastCount) { lastCount = count; send("list_themes", {}); }  // new answers: loose ones too
  }

  function option(value, text, selected) {
    return el("option", {value: String(value), text: text, selected: !!selected});
  }

  function answerRow(answer, themeId) {
    var target = targets[answer.id] !== undefined ? targets[answer.id] : themeId;
    var others = [option(0, "Zonder thema", !target)].concat(board.themes.map(function (t) {
      return option(t.id, t.label, t.id === target);
    }));
    return el("li", {className: "theme-answer", draggable: true, dataset: {answerId: answer.id}}, [
      el("input", {type: "checkbox", checked: !!chosen[answer.id], dataset: {role: "choose", focus: "choose:" + answer.id},
        attrs: {"aria-label": "Kies: " + answer.text}}),
      el("span", {className: "theme-answer-text", text: answer.text}),
      el("select", {dataset: {role: "move", focus: "move:" + answer.id}, attrs: {"aria-label": "Naar thema: " + answer.text}},
        others),
      el("button", {type: "button", className: "btn btn-ghost btn-small", text: "Verplaats",
        dataset: {act: "move", focus: "act-move:" + answer.id}}),
    ]);
  }

  function themeBox(theme) {
    var key = String(theme.id);
    var merge = board.themes.filter(function (t) { return t.id !== theme.id; }).map(function (t) {
      return option(t.id, t.label);
    });
    var tools = [
      el("input", {type: "text", maxLength: 80, value: names[key] !== undefined ? names[key] : theme.label,
        dataset: {role: "name", focus: "name:" + key}, attrs: {"aria-label": "Naam van thema " + theme.label}}),
      el("button", {type: "button", className: "btn btn-secondary btn-small", text: "Naam opslaan",
        dataset: {act: "rename", focus: "rename:" + key}}),
      theme.status === "suggested" ? el("button", {type: "button", className: "btn btn-secondary btn-small",
        text: "Houden", dataset: {act: "accept", focus: "accept:" + key}}) : null,
      el("button", {type: "button", className: "btn btn-ghost btn-small", text: "Weghalen",
        dataset: {act: "drop", focus: "drop:" + key}}),
      el("button", {type: "button", className: "btn btn-ghost btn-small", text: "Gekozen antwoorden apart",
        dataset: {act: "split", focus: "split:" + key}}),
    ];
    if (merge.length) {
      tools.push(el("select", {dataset: {role: "merge", focus: "mergeto:" + key},
        attrs: {"aria-label": "Samenvoegen met welk thema (" + theme.label + ")"}}, merge));
      tools.push(el("button", {type: "button", className: "btn btn-ghost btn-small", text: "Samenvoegen",
        dataset: {act: "merge", focus: "merge:" + key}}));
    }
    return el("section", {className: "theme-box" + (theme.status === "suggested" ? " is-suggested" : ""),
      dataset: {themeId: key}, attrs: {"aria-labelledby": "theme-h-" + key}}, [
      el("div", {className: "theme-box-head"}, [
        el("h3", {id: "theme-h-" + key, text: theme.label}),
        el("span", {className: "pill", text: theme.answers.length === 1 ? "1 antwoord" : theme.answers.length + " antwoorden"}),
        theme.status === "suggested" ? el("span", {className: "pill pill-suggested", text: "Voorstel"}) : null,
      ]),
      el("div", {className: "theme-tools"}, tools),
      el("ul", {className: "theme-answers"}, theme.answers.map(function (a) { return answerRow(a, theme.id); })),
    ]);
  }

  function render(data) {
    if (!step || !data || data.step_id !== step.id) return;
    board = data;
    var focused = document.activeElement && panel.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
    nodes.onScreen.checked = !!data.on_screen;
    UI.clear(nodes.board);
    data.themes.forEach(function (theme) { nodes.board.appendChild(themeBox(theme)); });
    nodes.board.appendChild(el("section", {className: "theme-box theme-loose", dataset: {themeId: "0"},
      attrs: {"aria-labelledby": "theme-h-0"}}, [
      el("div", {className: "theme-box-head"}, [el("h3", {id: "theme-h-0", text: "Zonder thema"}),
        el("span", {className: "pill", text: String(data.loose.length)})]),
      el("ul", {className: "theme-answers"}, data.loose.map(function (a) { return answerRow(a, 0); })),
    ]));
    var n = data.themes.length;
    nodes.status.textContent = n ? (n === 1 ? "1 thema" : n + " thema\u2019s") : "Nog geen thema\u2019s";
    if (focused) {
      var again = nodes.board.querySelector('[data-focus="' + focused.replace(/"/g, '\\"') + '"]');
      if (again) again.focus();
    }
  }

  function themeIdOf(node) {
    var box = node.closest(".theme-box");
    return box ? parseInt(box.dataset.themeId, 10) : 0;
  }

  function chosenIn(themeId) {
    var box = nodes.board.querySelector('.theme-box[data-theme-id="' + themeId + '"]');
    return Array.prototype.slice.call(box.querySelectorAll("[data-answer-id]")).map(function (li) {
      return li.dataset.answerId;
    }).filter(function (id) { return chosen[id]; });
  }

  function onClick(event) {
    var button = event.target.closest("button[data-act]");
    if (!button || !board) return;
    var themeId = themeIdOf(button), act = button.dataset.act;
    var box = button.closest(".theme-box");
    if (act === "move") {
      var row = button.closest("li[data-answer-id]");
      delete targets[row.dataset.answerId];
      send("move_to_theme", {answer_id: row.dataset.answerId, theme_id: parseInt(row.querySelector("select").value, 10)});
    } else if (act === "rename") {
      var name = box.querySelector('[data-role="name"]').value;
      send("rename_theme", {theme_id: themeId, label: name});
      delete names[String(themeId)];
    } else if (act === "accept") send("accept_theme", {theme_id: themeId});
    else if (act === "drop") send("drop_theme", {theme_id: themeId});
    else if (act === "merge") {
      send("merge_themes", {theme_id: themeId, into_id: parseInt(box.querySelector('[data-role="merge"]').value, 10)});
    } else if (act === "split") {
      var ids = chosenIn(themeId);
      if (!ids.length) { UI.toast("Kies eerst de antwoorden die apart moeten (vinkje)."); return; }
      var label = box.querySelector("h3").textContent + " (apart)";
      send("split_theme", {theme_id: themeId, answer_ids: ids, label: label.slice(0, 80)});
      ids.forEach(function (id) { delete chosen[id]; });
    }
  }

  function onCreate(event) {
    event.preventDefault();
    var ids = Object.keys(chosen).filter(function (id) { return chosen[id]; });
    send("create_theme", {label: nodes.label.value, answer_ids: ids});
    nodes.label.value = "";
    chosen = {};
  }

  nodes.board.addEventListener("click", onClick);
  nodes.board.addEventListener("change", function (event) {
    var row = event.target.closest("[data-answer-id]");
    if (event.target.dataset.role === "choose" && row) chosen[row.dataset.answerId] = event.target.checked;
    if (event.target.dataset.role === "move" && row) targets[row.dataset.answerId] = parseInt(event.target.value, 10);
  });
  nodes.board.addEventListener("input", function (event) {
    if (event.target.dataset.role === "name") names[String(themeIdOf(event.target))] = event.target.value;
  });
  nodes.board.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("[data-answer-id]");
    if (row) event.dataTransfer.setData("text/plain", row.dataset.answerId);
  });
  nodes.board.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest(".theme-box")) event.preventDefault();
  });
  nodes.board.addEventListener("drop", function (event) {
    var box = event.target.closest && event.target.closest(".theme-box");
    var answerId = event.dataTransfer.getData("text/plain");
    if (!box || !answerId) return;
    event.preventDefault();
    send("move_to_theme", {answer_id: answerId, theme_id: parseInt(box.dataset.themeId, 10)});
  });
  nodes.suggest.addEventListener("click", function () { send("suggest_themes", {}); UI.toast("Thema\u2019s worden voorgesteld\u2026"); });
  nodes.onScreen.addEventListener("change", function () { send("show_themes", {shown: nodes.onScreen.checked}); });
  nodes.form.addEventListener("submit", onCreate);
  app.socket.on("step_changed", onStep);
  app.socket.on("results_updated", onResults);
  app.socket.on("themes_updated", render);
})();
