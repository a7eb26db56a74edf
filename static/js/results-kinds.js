/*
 * Results renderers, one per result kind (open wall, choice bars, scale, word cloud) plus the
 * states without results (hidden, withheld, empty). Each returns DOM nodes and touches
 * nothing else; results.js chooses between them and fits the outcome on the screen.
 * Exposed as window.LeersessieResultKinds.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;

  // Columns for the few-answers buckets; from 8 answers on the wall uses column widths instead.
  var WALL_COLUMNS = {1: 1, 2: 2, 4: 2};
  var SCREEN_OTHER_CHIPS = 12;

  /** "12 antwoorden" as a results line. */
  function countLine(n) {
    return el("p", {className: "results-count", text: UI.answersLabel(n)});
  }

  /** The facilitator hides the results: only the count may show. */
  function renderHidden(summary) {
    return el("div", {className: "results-state results-hidden"}, [
      el("p", {className: "state-title", text: "Resultaten verborgen"}),
      countLine(summary.count || 0),
    ]);
  }

  /** Below the k-threshold: no distribution may show, so no participant is recognisable. */
  function renderWithheld(summary, variant) {
    var n = summary.count || 0;
    var k = summary.k_threshold || 0;
    var title = variant === "screen"
      ? "Nog te weinig antwoorden om te tonen"
      : "Nog te weinig antwoorden (" + n + " van " + k + ")";
    var children = [el("p", {className: "state-title", text: title})];
    // How many there are and how many it needs, as the opbrengst page and the exports say it.
    if (variant === "screen") children.push(el("p", {className: "results-count", text: n + " van de " + k + " antwoorden die nodig zijn"}));
    else children.push(el("p", {className: "state-sub",
      text: "Uitslagen van meerkeuze- en schaalvragen verschijnen vanaf " + k + " antwoorden, zodat niemand herkenbaar is."}));
    return el("div", {className: "results-state results-withheld"}, children);
  }

  /** A single centred line where results would be. */
  function renderEmpty(text) {
    return el("div", {className: "results-state results-empty"}, [
      el("p", {className: "state-title", text: text}),
    ]);
  }

  /** Size class of the wall: CSS steps the card size at these answer counts. */
  function wallBucket(n) {
    var limits = [1, 2, 4, 8, 16, 32, 64];
    for (var i = 0; i < limits.length; i++) {
      if (n <= limits[i]) return limits[i];
    }
    return 200;
  }

  /** The key equal answers share: "Humor.", "humor" and " Humor! " are one card. */
  function sameAnswerKey(text) {
    return String(text).replace(/\s+/g, " ").trim().toLowerCase().replace(/[\s.!?,;:\u2026]+$/, "");
  }

  /** Equal answers as one item with a count, in the order of their newest copy. */
  function groupAnswers(items) {
    var groups = [], byKey = {};
    items.forEach(function (item) {
      var key = sameAnswerKey(item.text);
      if (byKey[key]) { byKey[key].count += 1; byKey[key].votes += item.votes || 0; return; }
      byKey[key] = {text: item.text, shy: item.shy, id: item.id, key: key, count: 1, votes: item.votes || 0};
      groups.push(byKey[key]);
    });
    return groups;
  }

  /** Wall of open answers; equal answers are one card with a count; new cards get "is-new". */
  function renderWall(items, container, variant, options) {
    var seen = container._seenCards || null;
    var nextSeen = {};
    var groups = groupAnswers(items);
    var limit = options.maxWall || groups.length;
    var shown = groups.slice(0, limit);
    var bucket = wallBucket(shown.length);
    var wall = el("div", {className: "wall wall-n" + bucket});
    if (variant === "screen") {
      // Few answers: fixed columns, large; many: as many ~10em columns as fit the font size.
      if (bucket <= 4) wall.style.columnCount = String(WALL_COLUMNS[bucket]);
      else wall.style.columnWidth = "10em";
    }
    shown.forEach(function (group) {
      var card = el("div", {className: "wall-card", dataset: {key: group.key, count: String(group.count)}}, [
        el("span", {className: "wall-text", text: group.text}),
        group.count > 1 ? el("span", {className: "wall-count", text: "\u00D7" + group.count,
          attrs: {title: group.count + " keer hetzelfde antwoord"}}) : null,
        group.votes ? el("span", {className: "wall-votes", text: group.votes + " herkend",
          attrs: {title: group.votes + " keer herkenbaar"}}) : null,
      ]);
      if (group.id) card.dataset.id = group.id;
      if (group.shy) card._shy = group.shy;  // used only when a word is wider than the card
      if (seen && !seen[group.key]) card.classList.add("is-new");
      nextSeen[group.key] = true;
      wall.appendChild(card);
    });
    container._seenCards = nextSeen;
    var more = groups.length - shown.length;
    var parts = [wall];
    if (more > 0) parts.push(el("p", {className: "wall-more", text: "+ " + more + " meer", dataset: {more: String(more)}}));
    return parts;
  }

  /** Full-screen overlay with the one answer the facilitator put in the spotlight. */
  function renderSpotlight(spotlight) {
    return el("div", {className: "spotlight", id: "spotlight"}, [
      el("div", {className: "spotlight-card"}, [
        el("span", {className: "spotlight-mark", text: "\u201C", attrs: {"aria-hidden": "true"}}),
        el("p", {className: "spotlight-text", text: spotlight.text}),
      ]),
    ]);
  }

  /** One horizontal bar per option, widths relative to the most chosen option. */
  function renderChoice(summary, variant) {
    var options = summary.options || [];
    var max = options.reduce(function (m, o) { return Math.max(m, o.count); }, 0);
    var list = el("div", {className: "bars bars-n" + Math.min(options.length, 13)});
    options.forEach(function (option) { list.appendChild(choiceBar(option, max)); });
    var parts = [list];
    var others = summary.other_texts || [];
    if (others.length) parts.push(otherTexts(others, variant));
    return parts;
  }

  /** One option's bar; relative width keeps small differences visible. */
  function choiceBar(option, max) {
    var fill = el("div", {className: "bar-fill"});
    fill.style.width = (max ? (100 * option.count / max) : 0) + "%";
    return el("div", {className: "bar choice-bar" + (option.count === max && max > 0 ? " is-top" : "")}, [
      el("div", {className: "bar-label", text: option.label}),
      el("div", {className: "bar-track"}, [fill]),
      el("div", {className: "bar-value"}, [
        el("span", {className: "bar-percent", text: option.percent + "%"}),
        el("span", {className: "bar-count", text: String(option.count)}),
      ]),
    ]);
  }

  /** "Anders, namelijk" texts: a full list off-screen, the newest few as chips on the screen. */
  function otherTexts(others, variant) {
    if (variant !== "screen") {
      return el("div", {className: "other-texts"}, [
        el("p", {className: "other-title", text: "Anders, namelijk:"}),
        el("ul", {}, others.map(function (text) { return el("li", {text: text}); })),
      ]);
    }
    return el("div", {className: "other-texts"}, [el("p", {className: "other-title", text: "Anders:"})]
      .concat(others.slice(-SCREEN_OTHER_CHIPS).reverse().map(function (text) {
        return el("span", {className: "other-chip", text: text});
      })));
  }

  /** Scale question: a column per value, the end labels and the median. */
  function renderScale(summary) {
    var dist = summary.distribution || [];
    var max = dist.reduce(function (m, d) { return Math.max(m, d.count); }, 0);
    var total = dist.reduce(function (s, d) { return s + d.count; }, 0);
    var cols = el("div", {className: "scale-cols"});
    dist.forEach(function (d) { cols.appendChild(scaleColumn(d, max, summary.median)); });
    var ends = el("div", {className: "scale-ends"}, [
      el("span", {className: "scale-min-label", text: summary.min + " = " + (summary.min_label || "")}),
      el("span", {className: "scale-max-label", text: summary.max + " = " + (summary.max_label || "")}),
    ]);
    var median = el("p", {className: "scale-median"}, [
      el("span", {className: "median-label", text: "Mediaan "}),
      el("strong", {className: "median-value", text: UI.dutchNumber(summary.median)}),
      el("span", {className: "median-total", text: " · " + UI.answersLabel(total)}),
    ]);
    return [el("div", {className: "scale"}, [cols, ends]), median];
  }

  /** One scale value's column; a half-way median (3,5) marks both neighbours. */
  function scaleColumn(d, max, median) {
    var fill = el("div", {className: "scale-fill"});
    fill.style.height = (max ? (100 * d.count / max) : 0) + "%";
    var isMedian = median !== null && median !== undefined && Math.abs(d.value - median) < 0.51;
    return el("div", {className: "bar scale-bar" + (isMedian ? " is-median" : ""),
      dataset: {value: String(d.value)}}, [
      el("div", {className: "scale-count", text: String(d.count)}),
      el("div", {className: "scale-track"}, [fill]),
      el("div", {className: "scale-value", text: String(d.value)}),
    ]);
  }

  /** Word cloud, font size by count (square root so small counts stay readable). */
  function renderWords(summary) {
    var words = (summary.words || []).slice();
    if (!words.length) return [renderEmpty("Nog geen woorden")];
    var counts = words.map(function (w) { return w.count; });
    var max = Math.max.apply(null, counts), min = Math.min.apply(null, counts);
    // Largest in the middle: alternate the sorted words to the back and the front.
    var arranged = [];
    words.forEach(function (w, i) { if (i % 2) arranged.unshift(w); else arranged.push(w); });
    var cloud = el("div", {className: "cloud"});
    arranged.forEach(function (w, i) {
      var weight = max === min ? 1 : (w.count - min) / (max - min);
      var size = 1 + 2.6 * Math.sqrt(weight);
      var word = el("span", {className: "word tone-" + (i % 4) + (weight > 0.66 ? " is-big" : ""),
        text: w.word, title: w.count + "\u00D7", dataset: {count: String(w.count)}});
      word.style.fontSize = size.toFixed(2) + "em";
      cloud.appendChild(word);
    });
    var parts = [cloud];
    if (summary.more_words > 0) parts.push(wordsMore(summary.more_words));
    return parts;
  }

  /** "+3 andere woorden": words that did not fit are counted, never silently dropped. */
  function wordsMore(n) {
    return el("p", {className: "words-more", text: "+" + n + (n === 1 ? " ander woord" : " andere woorden"),
      dataset: {more: String(n)}});
  }

  window.LeersessieResultKinds = {
    countLine: countLine, hidden: renderHidden, withheld: renderWithheld, empty: renderEmpty,
    wall: renderWall, groupAnswers: groupAnswers, spotlight: renderSpotlight, choice: renderChoice, scale: renderScale,
    words: renderWords, wordsMore: wordsMore,
  };
})();
