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
 *
 * Also exposes small DOM helpers used by the other scripts as window.LeersessieUI.
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- DOM helpers

  /** Create an element: el("p", {className: "x", text: "…"}, [children]). */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null) return;
        if (key === "text") node.textContent = String(value);
        else if (key === "className") node.className = value;
        else if (key === "dataset") Object.keys(value).forEach(function (k) { node.dataset[k] = value[k]; });
        else if (key === "attrs") Object.keys(value).forEach(function (k) { node.setAttribute(k, value[k]); });
        else node[key] = value;
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** Plain text with blank lines as paragraph breaks -> array of <p>. */
  function paragraphs(text, className) {
    return String(text || "").split(/\n\s*\n/).map(function (part) {
      return part.trim();
    }).filter(Boolean).map(function (part) {
      return el("p", {className: className || "", text: part.replace(/\s*\n\s*/g, " ")});
    });
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** "1 antwoord", "12 antwoorden". */
  function answersLabel(n) {
    return n + (n === 1 ? " antwoord" : " antwoorden");
  }

  /** Seconds -> "m:ss". */
  function formatClock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /** A number in Dutch notation: 3.5 -> "3,5". */
  function dutchNumber(value) {
    if (value === null || value === undefined) return "–";
    var rounded = Math.round(value * 10) / 10;
    return String(rounded).replace(".", ",");
  }

  function overflows(node) {
    return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  }

  /**
   * Largest font size (px) between min and max at which `node`'s content does not overflow
   * `box` (default: node itself). Sets it and returns it.
   */
  function fitText(node, maxPx, minPx, box) {
    box = box || node;
    var lo = minPx, hi = maxPx;
    node.style.fontSize = hi + "px";
    if (!overflows(box)) return hi;
    node.style.fontSize = lo + "px";
    if (overflows(box)) return lo;
    for (var i = 0; i < 12 && hi - lo > 0.5; i++) {
      var mid = (lo + hi) / 2;
      node.style.fontSize = mid + "px";
      if (overflows(box)) hi = mid; else lo = mid;
    }
    node.style.fontSize = lo + "px";
    return lo;
  }

  // ---------------------------------------------------------------- renderers

  function countLine(n) {
    return el("p", {className: "results-count", text: answersLabel(n)});
  }

  function renderHidden(summary) {
    return el("div", {className: "results-state results-hidden"}, [
      el("p", {className: "state-title", text: "Resultaten verborgen"}),
      countLine(summary.count || 0),
    ]);
  }

  function renderWithheld(summary, variant) {
    var n = summary.count || 0;
    var k = summary.k_threshold || 0;
    var title = variant === "screen"
      ? "Nog te weinig antwoorden om te tonen"
      : "Nog te weinig antwoorden (" + n + " van " + k + ")";
    var children = [el("p", {className: "state-title", text: title})];
    if (variant === "screen") children.push(countLine(n));
    else children.push(el("p", {className: "state-sub",
      text: "Uitslagen van meerkeuze- en schaalvragen verschijnen vanaf " + k + " antwoorden, zodat niemand herkenbaar is."}));
    return el("div", {className: "results-state results-withheld"}, children);
  }

  function renderEmpty(text) {
    return el("div", {className: "results-state results-empty"}, [
      el("p", {className: "state-title", text: text}),
    ]);
  }

  function wallBucket(n) {
    if (n <= 1) return 1;
    if (n <= 2) return 2;
    if (n <= 4) return 4;
    if (n <= 8) return 8;
    if (n <= 16) return 16;
    if (n <= 32) return 32;
    if (n <= 64) return 64;
    return 200;
  }

  var WALL_COLUMNS = {1: 1, 2: 2, 4: 2};

  function renderWall(items, container, variant, options) {
    var seen = container._seenCards || null;
    var nextSeen = {};
    var limit = options.maxWall || items.length;
    var shown = items.slice(0, limit);
    var bucket = wallBucket(shown.length);
    var wall = el("div", {className: "wall wall-n" + bucket});
    if (variant === "screen") {
      // Few answers: fixed columns, large; many: as many ~10em columns as fit the font size.
      if (bucket <= 4) wall.style.columnCount = String(WALL_COLUMNS[bucket]);
      else wall.style.columnWidth = "10em";
    }
    shown.forEach(function (item) {
      var key = item.id || item.text;
      var card = el("div", {className: "wall-card", text: item.text});
      if (item.id) card.dataset.id = item.id;
      if (seen && !seen[key]) card.classList.add("is-new");
      nextSeen[key] = true;
      wall.appendChild(card);
    });
    container._seenCards = nextSeen;
    var more = items.length - shown.length;
    var parts = [wall];
    if (more > 0) parts.push(el("p", {className: "wall-more", text: "+ " + more + " meer", dataset: {more: String(more)}}));
    return parts;
  }

  function renderSpotlight(spotlight) {
    return el("div", {className: "spotlight", id: "spotlight"}, [
      el("div", {className: "spotlight-card"}, [
        el("span", {className: "spotlight-mark", text: "\u201C", attrs: {"aria-hidden": "true"}}),
        el("p", {className: "spotlight-text", text: spotlight.text}),
      ]),
    ]);
  }

  function renderChoice(summary, variant) {
    var options = summary.options || [];
    var max = options.reduce(function (m, o) { return Math.max(m, o.count); }, 0);
    var list = el("div", {className: "bars bars-n" + Math.min(options.length, 13)});
    options.forEach(function (option) {
      var fill = el("div", {className: "bar-fill"});
      // Width relative to the most chosen option, so differences stay visible.
      fill.style.width = (max ? (100 * option.count / max) : 0) + "%";
      var row = el("div", {className: "bar choice-bar" + (option.count === max && max > 0 ? " is-top" : "")}, [
        el("div", {className: "bar-label", text: option.label}),
        el("div", {className: "bar-track"}, [fill]),
        el("div", {className: "bar-value"}, [
          el("span", {className: "bar-percent", text: option.percent + "%"}),
          el("span", {className: "bar-count", text: String(option.count)}),
        ]),
      ]);
      list.appendChild(row);
    });
    var parts = [list];
    var others = summary.other_texts || [];
    if (others.length && variant !== "screen") {
      parts.push(el("div", {className: "other-texts"}, [
        el("p", {className: "other-title", text: "Anders, namelijk:"}),
        el("ul", {}, others.map(function (text) { return el("li", {text: text}); })),
      ]));
    } else if (others.length) {
      parts.push(el("div", {className: "other-texts"}, [el("p", {className: "other-title", text: "Anders:"})]
        .concat(others.slice(-12).reverse().map(function (text) {
          return el("span", {className: "other-chip", text: text});
        }))));
    }
    return parts;
  }

  function renderScale(summary) {
    var dist = summary.distribution || [];
    var max = dist.reduce(function (m, d) { return Math.max(m, d.count); }, 0);
    var total = dist.reduce(function (s, d) { return s + d.count; }, 0);
    var cols = el("div", {className: "scale-cols"});
    dist.forEach(function (d) {
      var fill = el("div", {className: "scale-fill"});
      fill.style.height = (max ? (100 * d.count / max) : 0) + "%";
      var isMedian = summary.median !== null && summary.median !== undefined &&
        Math.abs(d.value - summary.median) < 0.51;
      cols.appendChild(el("div", {className: "bar scale-bar" + (isMedian ? " is-median" : ""),
        dataset: {value: String(d.value)}}, [
        el("div", {className: "scale-count", text: String(d.count)}),
        el("div", {className: "scale-track"}, [fill]),
        el("div", {className: "scale-value", text: String(d.value)}),
      ]));
    });
    var ends = el("div", {className: "scale-ends"}, [
      el("span", {className: "scale-min-label", text: summary.min + " = " + (summary.min_label || "")}),
      el("span", {className: "scale-max-label", text: summary.max + " = " + (summary.max_label || "")}),
    ]);
    var median = el("p", {className: "scale-median"}, [
      el("span", {className: "median-label", text: "Mediaan "}),
      el("strong", {className: "median-value", text: dutchNumber(summary.median)}),
      el("span", {className: "median-total", text: " · " + answersLabel(total)}),
    ]);
    return [el("div", {className: "scale"}, [cols, ends]), median];
  }

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
    return [cloud];
  }

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
    fitText(root, max, min, container);
  }

  function fitWall(root, wall) {
    var cards = wall.querySelectorAll(".wall-card");
    var n = cards.length;
    var ref = (wall.clientWidth || 1) / 50;
    var max = n <= 1 ? ref * 3.2 : n <= 2 ? ref * 2.6 : n <= 4 ? ref * 2.1 : n <= 8 ? ref * 1.7 :
      n <= 16 ? ref * 1.4 : n <= 32 ? ref * 1.1 : ref * 0.95;
    var min = ref * 0.72;
    var size = fitText(wall, max, min);
    if (size > min + 0.5 || !overflows(wall)) return;
    // Too many to show legibly: keep the newest that fit, and say how many more there are.
    wall.classList.add("is-full");
    var more = root.querySelector(".wall-more");
    var already = more ? parseInt(more.dataset.more || "0", 10) : 0;
    if (!more) {
      more = el("p", {className: "wall-more"});
      root.appendChild(more);
    }
    more.textContent = "+ 000 eerdere antwoorden"; // reserve its space before measuring
    var box = wall.getBoundingClientRect();
    var cut = n;
    for (var i = 0; i < n; i++) {
      var rect = cards[i].getBoundingClientRect();
      if (rect.right > box.right + 1 || rect.bottom > box.bottom + 1) { cut = i; break; }
    }
    for (var j = n - 1; j >= cut && j > 0; j--) wall.removeChild(cards[j]);
    var total = already + (n - Math.max(cut, 1));
    if (total > 0) {
      more.textContent = "+ " + total + " eerdere antwoorden";
      more.dataset.more = String(total);
    } else {
      more.parentNode.removeChild(more);
    }
  }

  /**
   * Render `data` ({summary, wall, spotlight}) into `container`, replacing its content.
   */
  function renderResults(container, data, options) {
    options = options || {};
    var variant = options.variant || "console";
    var summary = (data && data.summary) || {kind: "open", count: 0};
    var root = el("div", {className: "results-body results-" + summary.kind});
    var parts;
    if (summary.hidden) {
      parts = [renderHidden(summary)];
    } else if (summary.withheld && !summary.count) {
      parts = [renderEmpty(options.emptyText || "Nog geen antwoorden")];
    } else if (summary.withheld) {
      parts = [renderWithheld(summary, variant)];
    } else if (summary.kind === "open") {
      var wall = data.wall || [];
      if (!wall.length) {
        parts = [renderEmpty(options.emptyText || "Nog geen antwoorden")];
      } else {
        parts = renderWall(wall, container, variant, options);
      }
    } else if (summary.kind === "choice") {
      parts = summary.count ? renderChoice(summary, variant) : [renderEmpty(options.emptyText || "Nog geen antwoorden")];
    } else if (summary.kind === "scale") {
      parts = summary.count ? renderScale(summary) : [renderEmpty(options.emptyText || "Nog geen antwoorden")];
    } else if (summary.kind === "words") {
      parts = renderWords(summary);
    } else {
      parts = [renderEmpty("Onbekend soort vraag")];
    }
    parts.forEach(function (part) { root.appendChild(part); });
    if (options.showCount && !summary.hidden && !summary.withheld) root.appendChild(countLine(summary.count || 0));

    clear(container);
    container.classList.add("results", "results--" + variant);
    container.dataset.kind = summary.kind;
    container.dataset.count = String(summary.count || 0);
    container.appendChild(root);
    if (variant === "screen" && !summary.hidden && !summary.withheld) fitScreen(container, root, summary);

    var spotlight = data && data.spotlight;
    if (spotlight && !summary.hidden && variant === "screen") {
      var overlay = renderSpotlight(spotlight);
      container.appendChild(overlay);
      var text = overlay.querySelector(".spotlight-text");
      var unit = container.clientWidth / 100;
      if (unit) fitText(text, unit * 6, unit * 2.2, overlay.querySelector(".spotlight-card"));
    } else if (spotlight && !summary.hidden) {
      container.insertBefore(el("div", {className: "spotlight-note"}, [
        el("span", {className: "spotlight-label", text: "In de spotlight: "}),
        el("span", {className: "spotlight-text", text: spotlight.text}),
      ]), root);
    }
    return container;
  }

  window.renderResults = renderResults;
  window.LeersessieUI = {
    el: el, clear: clear, paragraphs: paragraphs, answersLabel: answersLabel,
    formatClock: formatClock, dutchNumber: dutchNumber, fitText: fitText, overflows: overflows,
    renderResults: renderResults,
  };
})();
