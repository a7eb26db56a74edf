/*
 * The console's moderation list: every answer of the current question with hide, spotlight
 * and star buttons. Rows are kept and updated in place, so a results update every second
 * does not steal focus or restart animations. Exposed as window.LeersessieConsoleAnswers.
 */
(function () {
  "use strict";

  var el = window.LeersessieUI.el;
  var clear = window.LeersessieUI.clear;

  var NEW_HIGHLIGHT_MS = 1200;
  var EMPTY_TEXT = "Nog geen antwoorden.";

  var view = null;  // {answers: <ul>, answersEmpty: <p>}
  var rows = {};    // answer id -> <li>

  /** Bind to the list; `onModerate(answerId, action)` is called for every button press. */
  function init(nodes, onModerate) {
    view = nodes;
    view.answers.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var row = button.closest(".answer-row");
      if (!row) return;
      onModerate(row.dataset.id, button.dataset.action);
    });
  }

  /** Empty the list for a new step. */
  function reset() {
    rows = {};
    clear(view.answers);
    view.answersEmpty.hidden = false;
    view.answersEmpty.textContent = EMPTY_TEXT;
  }

  /** A row with empty buttons; updateRow() fills in their labels and actions. */
  function buildRow(answer) {
    // Each button is described by its answer, so a screen reader says which answer it acts on.
    var textId = "answer-text-" + String(answer.id).replace(/[^A-Za-z0-9_-]/g, "");
    var described = {"aria-describedby": textId};
    return el("li", {className: "answer-row", dataset: {id: answer.id}}, [
      el("p", {className: "answer-text", id: textId}),
      el("p", {className: "answer-meta small"}),
      el("div", {className: "answer-actions"}, [
        el("button", {type: "button", className: "btn btn-small btn-mod btn-hide", attrs: described}),
        el("button", {type: "button", className: "btn btn-small btn-mod btn-spotlight", attrs: described}),
        el("button", {type: "button", className: "btn btn-small btn-mod btn-star", attrs: described}),
      ]),
    ]);
  }

  /** Bring a row in line with the answer's text and moderation flags. */
  function updateRow(row, answer, kind) {
    var textNode = row.querySelector(".answer-text");
    if (textNode.textContent !== answer.text) textNode.textContent = answer.text;
    row.classList.toggle("is-hidden", !!answer.hidden);
    row.classList.toggle("is-starred", !!answer.starred);
    row.classList.toggle("is-spotlight", !!answer.spotlight);
    row.classList.toggle("is-report-only", !!answer.report_only);
    updateMeta(row.querySelector(".answer-meta"), answer);
    updateHide(row.querySelector(".btn-hide"), answer);
    updateSpotlight(row.querySelector(".btn-spotlight"), answer, kind);
    updateStar(row.querySelector(".btn-star"), answer, kind);
  }

  /** "Alleen voor het verslag" (never on the screen or a phone) and the herkenbaar count. */
  function updateMeta(node, answer) {
    var parts = [];
    if (answer.report_only) parts.push("Alleen voor het verslag");
    if (answer.votes) parts.push(answer.votes + "\u00d7 herkenbaar");
    var text = parts.join(" · ");
    if (node.textContent !== text) node.textContent = text;
    node.hidden = !text;
  }

  /** A toggle keeps its name and tells its state by aria-pressed (a changing name as well would
   *  be read as "not pressed Spotlight uit"); `glyph` is decoration, hidden from screen readers. */
  function setToggle(button, on, text, action, glyph) {
    if (button.dataset.label !== text + (glyph || "")) {
      clear(button);
      if (glyph) button.appendChild(el("span", {text: glyph + " ", attrs: {"aria-hidden": "true"}}));
      button.appendChild(document.createTextNode(text));
      button.dataset.label = text + (glyph || "");
    }
    button.dataset.action = action;
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  /** Hide/unhide: a hidden answer leaves the screen and the opbrengst. An action button whose
   *  text says what a press does (Verbergen / Tonen), so no aria-pressed. */
  function updateHide(button, answer) {
    button.textContent = answer.hidden ? "Tonen" : "Verbergen";
    button.dataset.action = answer.hidden ? "unhide" : "hide";
  }

  /** Spotlight: not for hidden answers, and pointless where the screen shows no texts. */
  function updateSpotlight(button, answer, kind) {
    setToggle(button, answer.spotlight, "Spotlight", answer.spotlight ? "unspotlight" : "spotlight");
    button.disabled = (!!answer.hidden || !!answer.report_only) && !answer.spotlight;  // report-only: never on screen
    button.hidden = (kind === "choice" || kind === "scale") && !answer.spotlight;
  }

  /** Star: starred answers become quotes in the opbrengst; a chosen option is no quote. */
  function updateStar(button, answer, kind) {
    setToggle(button, answer.starred, "Ster", answer.starred ? "unstar" : "star", answer.starred ? "\u2605" : "\u2606");
    button.title = answer.starred ? "Ster weghalen (niet in de opbrengst)" : "Ster: als citaat in de opbrengst";
    button.hidden = (kind === "choice" || kind === "scale") && !answer.starred;
  }

  /** Show `data.answers` (newest first) for a question of `kind`, reusing existing rows. */
  function render(data, kind) {
    var answers = (data && data.answers) || [];
    var seen = {};
    var cursor = view.answers.firstChild;
    answers.forEach(function (answer) {
      seen[answer.id] = true;
      var row = rows[answer.id];
      if (!row) {
        row = rows[answer.id] = buildRow(answer);
        row.classList.add("is-new");
      }
      updateRow(row, answer, kind);
      // Keep the server's order (newest first) without rebuilding the list.
      if (row === cursor) cursor = cursor.nextSibling;
      else view.answers.insertBefore(row, cursor);
    });
    removeRowsNotIn(seen);
    renderEmptyText(answers.length, data && data.summary);
    setTimeout(function () {
      Array.prototype.forEach.call(view.answers.querySelectorAll(".is-new"), function (row) {
        row.classList.remove("is-new");
      });
    }, NEW_HIGHLIGHT_MS);
  }

  /** Drop rows of answers the server no longer lists. */
  function removeRowsNotIn(seen) {
    Object.keys(rows).forEach(function (id) {
      if (!seen[id]) {
        if (rows[id].parentNode) rows[id].parentNode.removeChild(rows[id]);
        delete rows[id];
      }
    });
  }

  /** Without answers, say why: none yet, or withheld below the k-threshold. */
  function renderEmptyText(count, summary) {
    view.answersEmpty.hidden = count > 0;
    if (count) return;
    view.answersEmpty.textContent = summary && summary.withheld
      ? "De afzonderlijke antwoorden verschijnen vanaf " + summary.k_threshold + " antwoorden."
      : EMPTY_TEXT;
  }

  window.LeersessieConsoleAnswers = {init: init, reset: reset, render: render};
})();
