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

  // Readable from the back of the room: no text on the screen below 1.5% of its width
  // (28.8 px on a 1920 px beamer).
  var MIN_TEXT = 1.5;
  var WALL_PAGE_MS = 12000;  // a calm pace: long enough to read a page of answers

  /** Fit the rendered results inside the container (screen variant). */
  function fitScreen(container, root, summary) {
    var unit = container.clientWidth / 100;
    if (!container.clientHeight || !unit) return;
    // Sizes follow the results area; the floor follows the whole stage (the beamer's width).
    var stage = container.closest(".stage");
    var floor = MIN_TEXT * (stage ? stage.clientWidth : container.clientWidth) / 100;
    if (root.querySelector(".theme-grid") && kinds.fitThemes) {
      kinds.fitThemes(container, root, floor);
      return;
    }
    var wall = root.querySelector(".wall");
    if (wall) {
      fitWall(container, root, wall, floor);
      return;
    }
    // The smallest text inside is 0.75em of the root.
    var max = 4.2 * unit, min = floor / 0.75;
    if (summary.kind === "words") { max = 3.4 * unit; min = floor; }
    if (summary.kind === "choice") {
      var n = (summary.options || []).length;
      max = n <= 3 ? 3.6 * unit : n <= 6 ? 2.8 * unit : 2.2 * unit;
    }
    if (summary.kind === "scale") max = 3.2 * unit;
    var size = fitText(root, Math.max(max, min), min, container);
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

  var FEW = 4;  // up to this many answers are never paged: they share one screen

  /** Shrink the wall to fit, never below the readable minimum; what still does not fit is paged.
   *  A long answer among few shrinks alone first, so the short ones stay large; few answers are
   *  never paged (one column, and at worst the longest is cut visibly, reading mode shows it). */
  function fitWall(container, root, wall, floor) {
    var cards = Array.prototype.slice.call(wall.querySelectorAll(".wall-card"));
    var n = cards.length;
    var ref = (wall.clientWidth || 1) / 50;
    var min = floor, top = Math.max(wallMaxFont(n, ref), min);
    wall.style.fontSize = top + "px";
    if (n <= FEW && UI.overflows(wall)) shrinkLongest(wall, cards, top, min);
    if (!UI.overflows(wall)) { hyphenateWide(cards); stopPaging(container); return; }
    cards.forEach(function (card) { card.style.fontSize = ""; });
    var size = fitText(wall, top, min);
    if (size > min + 0.5 || !UI.overflows(wall)) { hyphenateWide(cards); stopPaging(container); return; }
    if (n <= FEW) {
      wall.style.columnCount = "1";
      var longest = byLength(cards)[0];
      if (UI.overflows(wall) && longest) longest.classList.add("is-clamped");
      hyphenateWide(cards);
      stopPaging(container);
      return;
    }
    pageWall(container, root, wall);
  }

  function byLength(cards) {
    return cards.slice().sort(function (a, b) { return b.textContent.length - a.textContent.length; });
  }

  /** The longest cards get their own smaller size, one by one, until the wall fits. */
  function shrinkLongest(wall, cards, top, min) {
    byLength(cards).forEach(function (card) {
      if (UI.overflows(wall)) fitText(card, top, min, wall);
    });
  }

  /** A word wider than its card breaks at a Dutch syllable with a hyphen, not anywhere ("overle/g"). */
  function hyphenateWide(cards) {
    cards.forEach(function (card) {
      var text = card.querySelector(".wall-text");
      if (!card._shy || !text || text.textContent === card._shy) return;
      var words = text.textContent.split(/\s+/);
      var room = card.clientWidth;
      var probe = document.createElement("span");
      probe.style.whiteSpace = "nowrap";
      text.appendChild(probe);
      var wide = words.some(function (word) {
        if (word.length < 8) return false;
        probe.textContent = word;
        return probe.getBoundingClientRect().width > room * 0.85;
      });
      text.removeChild(probe);
      if (wide) text.textContent = card._shy;
    });
  }

  /** Whether a card sticks out of the wall's box. */
  function outside(card, box) {
    var rect = card.getBoundingClientRect();
    return rect.right > box.right + 1 || rect.bottom > box.bottom + 1;
  }

  /**
   * Too many answers for one screen: split the cards into pages that fit and turn the pages
   * calmly by themselves, so every shown answer gets read. The page survives new answers.
   */
  function pageWall(container, root, wall) {
    var cards = Array.prototype.slice.call(wall.querySelectorAll(".wall-card"));
    var floorSize = parseFloat(wall.style.fontSize) || 0;
    // The page line takes its room before the pages are measured, so no card ends up under it.
    var indicator = el("p", {className: "wall-pages", text: "Pagina", attrs: {"aria-live": "off"}});
    root.appendChild(indicator);
    wall.classList.add("is-paged");
    var box = wall.getBoundingClientRect();
    var pages = [[]];
    var columns = wall.style.columnWidth;
    cards.forEach(function (card) { card.hidden = true; });
    cards.forEach(function (card) {
      card.hidden = false;
      var page = pages[pages.length - 1];
      if (page.length && outside(card, box)) {
        page.forEach(function (shown) { shown.hidden = true; });
        page = [card];
        pages.push(page);
      } else {
        page.push(card);
      }
      if (page.length === 1 && outside(card, box)) {
        // One long answer alone: the whole width, so it stays readable and whole.
        page.wide = true;
        card.classList.add("is-wide");
        wall.style.columnWidth = "auto";
        wall.style.columnCount = "1";
        if (outside(card, box)) card.classList.add("is-clamped");
        wall.style.columnCount = "";
        wall.style.columnWidth = columns;
        pages.push([]);
      }
    });
    pages = pages.filter(function (page) { return page.length; });
    // Each page gets the largest size its own cards fit at: a page of short answers stays large.
    var ref = (wall.clientWidth || 1) / 50;
    pages.forEach(function (page) {
      var top = floorSize ? wallMaxFont(Math.max(page.length, FEW + 1), ref) : 0;
      cards.forEach(function (card) { card.hidden = page.indexOf(card) < 0; });
      wall.style.columnCount = page.wide ? "1" : "";
      wall.style.columnWidth = page.wide ? "auto" : columns;
      page.size = floorSize && !page.wide ? fitText(wall, Math.max(top, floorSize), floorSize) : floorSize;
      hyphenateWide(page);  // measured as the page will show
      wall.style.fontSize = floorSize + "px";
    });
    wall.style.columnCount = "";
    wall.style.columnWidth = columns;
    cards.forEach(function (card) { card.hidden = true; });
    container._wallColumns = columns;
    container._wallPages = {pages: pages, indicator: indicator};
    var current = Math.min(container._wallPage || 0, pages.length - 1);
    showWallPage(container, current);
    if (!container._wallTimer) {
      container._wallTimer = setInterval(function () { turnWallPage(container, 1); }, WALL_PAGE_MS);
    }
  }

  /** Show page `index` of the paged wall and say where we are ("1 / 3"). */
  function showWallPage(container, index) {
    var paging = container._wallPages;
    if (!paging) return;
    paging.pages.forEach(function (page, i) {
      page.forEach(function (card) { card.hidden = i !== index; });
    });
    var wall = paging.pages[index][0].parentNode;
    if (paging.pages[index].size) wall.style.fontSize = paging.pages[index].size + "px";
    wall.style.columnCount = paging.pages[index].wide ? "1" : "";
    wall.style.columnWidth = paging.pages[index].wide ? "auto" : container._wallColumns;
    container._wallPage = index;
    var total = paging.pages.reduce(function (sum, page) { return sum + page.length; }, 0);
    paging.indicator.textContent = "Pagina " + (index + 1) + " van " + paging.pages.length + " \u00B7 " +
      UI.answersLabel(total).replace("antwoorden", "verschillende antwoorden");
    paging.indicator.dataset.page = String(index + 1);
    paging.indicator.dataset.pages = String(paging.pages.length);
  }

  /** The next (+1) or previous (-1) page, round and round. */
  function turnWallPage(container, step) {
    var paging = container._wallPages;
    if (!paging || !paging.indicator.isConnected) { stopPaging(container); return; }
    var count = paging.pages.length;
    showWallPage(container, ((container._wallPage || 0) + step + count) % count);
  }

  function stopPaging(container) {
    if (container._wallTimer) clearInterval(container._wallTimer);
    container._wallTimer = null;
    container._wallPages = null;
    container._wallPage = 0;
  }

  // ---------------------------------------------------------------- choosing a renderer

  /** The nodes for `summary`: a state message, or the results of its kind. */
  function bodyParts(container, data, variant, options) {
    var summary = (data && data.summary) || {kind: "open", count: 0};
    var emptyText = options.emptyText || "Nog geen antwoorden";
    if (summary.hidden) return [kinds.hidden(summary)];
    if (summary.withheld && !summary.count) return [kinds.empty(emptyText)];
    if (summary.withheld) return [kinds.withheld(summary, variant)];
    if (data.themes && kinds.themes) {  // the screen's theme view replaces the wall (results-themes.js)
      return data.themes.length ? kinds.themes(data.themes, variant) : [kinds.empty("Nog geen thema\u2019s")];
    }
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
      var stage = container.closest(".stage");
      var floor = MIN_TEXT * (stage ? stage.clientWidth : container.clientWidth) / 100;
      if (unit) fitText(text, Math.max(unit * 6, floor), Math.max(unit * 2.2, floor), overlay.querySelector(".spotlight-card"));
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
  UI.turnWallPage = turnWallPage;
  UI.renderResults = renderResults;
})();
