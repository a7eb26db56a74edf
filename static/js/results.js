/*
 * Shared results renderer for the presenter screen, the console and the opbrengst page.
 *
 *   renderResults(container, data, options)
 *     data:    {summary, wall?, spotlight?}  (as in the `results_updated` event; the opbrengst
 *              page passes the summary and the open answers as `wall: [{text}]`)
 *     options: {variant: "screen" | "console" | "page", maxWall?: number, showCount?: bool,
 *               emptyText?: string}
 *
 * Server data is only ever put into the DOM with textContent. On the screen variant the
 * content is scaled to fit the container (the container must have a fixed size).
 * The renderers per kind live in results-kinds.js; this file picks one and fits it.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var fitText = UI.fitText;
  var kinds = window.LeersessieResultKinds;

  // ---------------------------------------------------------------- fitting (screen)

  /** Fit the rendered results inside the container (screen variant). */
  function fitScreen(container, root, summary) {
    var unit = container.clientWidth / 100;
    if (!container.clientHeight || !unit) return;
    var wall = root.querySelector(".wall");
    if (wall) {
      fitWall(root, wall);
      return;
    }
    var max = 4.2 * unit, min = 1.2 * unit;
    if (summary.kind === "words") { max = 3.4 * unit; min = 0.8 * unit; }
    if (summary.kind === "choice") {
      var n = (summary.options || []).length;
      max = n <= 3 ? 3.6 * unit : n <= 6 ? 2.8 * unit : 2.2 * unit;
    }
    if (summary.kind === "scale") max = 3.2 * unit;
    var size = fitText(root, max, min, container);
    if (summary.kind === "words" && size <= min + 0.5 && UI.overflows(container)) trimCloud(container, root);
  }

  /** Even the smallest words do not fit: leave out the least frequent and count them. */
  function trimCloud(container, root) {
    var more = root.querySelector(".words-more");
    if (!more) {
      more = kinds.wordsMore(0);
      root.appendChild(more);
    }
    var left = parseInt(more.dataset.more || "0", 10);
    var words = Array.prototype.slice.call(root.querySelectorAll(".cloud .word"));
    words.sort(function (a, b) { return parseInt(a.dataset.count, 10) - parseInt(b.dataset.count, 10); });
    while (words.length > 1 && UI.overflows(container)) {
      var word = words.shift();
      word.parentNode.removeChild(word);
      left += 1;
      more.textContent = "+" + left + (left === 1 ? " ander woord" : " andere woorden");
      more.dataset.more = String(left);
    }
    if (!left) more.parentNode.removeChild(more);
  }

  /** Largest card font for `n` answers, relative to the wall width. */
  function wallMaxFont(n, ref) {
    return n <= 1 ? ref * 3.2 : n <= 2 ? ref * 2.6 : n <= 4 ? ref * 2.1 : n <= 8 ? ref * 1.7 :
      n <= 16 ? ref * 1.4 : n <= 32 ? ref * 1.1 : ref * 0.95;
  }

  /** Shrink the wall to fit; when even the smallest size overflows, drop the oldest cards. */
  function fitWall(root, wall) {
    var n = wall.querySelectorAll(".wall-card").length;
    var ref = (wall.clientWidth || 1) / 50;
    var min = ref * 0.72;
    var size = fitText(wall, wallMaxFont(n, ref), min);
    if (size > min + 0.5 || !UI.overflows(wall)) return;
    trimWall(root, wall);
  }

  /** Too many to show legibly: keep the newest that fit, and say how many more there are. */
  function trimWall(root, wall) {
    var cards = wall.querySelectorAll(".wall-card");
    var n = cards.length;
    wall.classList.add("is-full");
    var more = root.querySelector(".wall-more");
    var already = more ? parseInt(more.dataset.more || "0", 10) : 0;
    if (!more) {
      more = el("p", {className: "wall-more"});
      root.appendChild(more);
    }
    more.textContent = "+ 000 eerdere antwoorden"; // reserve its space before measuring
    var cut = firstCardOutside(wall, cards);
    for (var j = n - 1; j >= cut && j > 0; j--) wall.removeChild(cards[j]);
    var total = already + (n - Math.max(cut, 1));
    if (total > 0) {
      more.textContent = "+ " + total + " eerdere antwoorden";
      more.dataset.more = String(total);
    } else {
      more.parentNode.removeChild(more);
    }
  }

  /** Index of the first card that sticks out of the wall (cards.length when all fit). */
  function firstCardOutside(wall, cards) {
    var box = wall.getBoundingClientRect();
    for (var i = 0; i < cards.length; i++) {
      var rect = cards[i].getBoundingClientRect();
      if (rect.right > box.right + 1 || rect.bottom > box.bottom + 1) return i;
    }
    return cards.length;
  }

  // ---------------------------------------------------------------- choosing a renderer

  /** The nodes for `summary`: a state message, or the results of its kind. */
  function bodyParts(container, data, variant, options) {
    var summary = (data && data.summary) || {kind: "open", count: 0};
    var emptyText = options.emptyText || "Nog geen antwoorden";
    if (summary.hidden) return [kinds.hidden(summary)];
    if (summary.withheld && !summary.count) return [kinds.empty(emptyText)];
    if (summary.withheld) return [kinds.withheld(summary, variant)];
    switch (summary.kind) {
      case "open":
        var wall = data.wall || [];
        return wall.length ? kinds.wall(wall, container, variant, options) : [kinds.empty(emptyText)];
      case "choice":
        return summary.count ? kinds.choice(summary, variant) : [kinds.empty(emptyText)];
      case "scale":
        return summary.count ? kinds.scale(summary) : [kinds.empty(emptyText)];
      case "words":
        return kinds.words(summary);
      default:
        return [kinds.empty("Onbekend soort vraag")];
    }
  }

  /** The spotlit answer: an overlay on the screen, a one-line note elsewhere. */
  function addSpotlight(container, root, spotlight, variant) {
    if (variant === "screen") {
      var overlay = kinds.spotlight(spotlight);
      container.appendChild(overlay);
      var text = overlay.querySelector(".spotlight-text");
      var unit = container.clientWidth / 100;
      if (unit) fitText(text, unit * 6, unit * 2.2, overlay.querySelector(".spotlight-card"));
      return;
    }
    container.insertBefore(el("div", {className: "spotlight-note"}, [
      el("span", {className: "spotlight-label", text: "In de spotlight: "}),
      el("span", {className: "spotlight-text", text: spotlight.text}),
    ]), root);
  }

  /**
   * Render `data` ({summary, wall, spotlight}) into `container`, replacing its content.
   */
  function renderResults(container, data, options) {
    options = options || {};
    var variant = options.variant || "console";
    var summary = (data && data.summary) || {kind: "open", count: 0};
    var root = el("div", {className: "results-body results-" + summary.kind});
    bodyParts(container, data, variant, options).forEach(function (part) { root.appendChild(part); });
    if (options.showCount && !summary.hidden && !summary.withheld) root.appendChild(kinds.countLine(summary.count || 0));

    UI.clear(container);
    container.classList.add("results", "results--" + variant);
    container.dataset.kind = summary.kind;
    container.dataset.count = String(summary.count || 0);
    container.appendChild(root);
    if (variant === "screen" && !summary.hidden && !summary.withheld) fitScreen(container, root, summary);

    var spotlight = data && data.spotlight;
    if (spotlight && !summary.hidden) addSpotlight(container, root, spotlight, variant);
    return container;
  }

  window.renderResults = renderResults;
  UI.renderResults = renderResults;
})();
