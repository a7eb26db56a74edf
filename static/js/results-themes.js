/*
 * The screen's theme view of an open question: per theme its label, how many answers it holds
 * and one or two of them, instead of the wall. Registers LeersessieResultKinds.themes and
 * .fitThemes for results.js. The server sends only answers the wall may show; this file only
 * lays them out (textContent only, as everywhere).
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var kinds = window.LeersessieResultKinds;
  var MAX_THEMES = 6;

  /** Theme cards, largest theme first; `themes` is [{label, count, examples: [text…]}]. */
  function renderThemes(themes, variant) {
    var shown = themes.slice(0, MAX_THEMES);
    var examples = shown.length <= 2 ? 2 : 1;
    var grid = el("ol", {className: "theme-grid theme-grid-n" + shown.length, attrs: {"aria-label": "Thema's"}});
    shown.forEach(function (theme) {
      grid.appendChild(el("li", {className: "theme-card"}, [
        el("p", {className: "theme-head"}, [
          el("span", {className: "theme-label", text: theme.label}),
          el("span", {className: "theme-count", text: String(theme.count),
            attrs: {title: theme.count === 1 ? "1 antwoord" : theme.count + " antwoorden"}}),
        ]),
      ].concat((theme.examples || []).slice(0, examples).map(function (text) {
        return el("p", {className: "theme-example", text: "\u201C" + text + "\u201D"});
      }))));
    });
    var parts = [grid];
    if (themes.length > shown.length) {
      parts.push(el("p", {className: "wall-more", text: "+ " + (themes.length - shown.length) + " thema's meer"}));
    }
    return parts;
  }

  /** Largest size that fits, never below the readable floor (every text is at least 1em). */
  function fitThemes(container, root, floor) {
    var unit = container.clientWidth / 100;
    UI.fitText(root, Math.max(unit * 2.6, floor), floor, container);
  }

  kinds.themes = renderThemes;
  kinds.fitThemes = fitThemes;
})();
