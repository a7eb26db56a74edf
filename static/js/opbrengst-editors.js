/*
 * Editors of the opbrengst page for the numbered insights and the starred quotes: a row of
 * inputs per item with up/down/remove buttons. They edit the shared model in place and call
 * changed() after each edit; opbrengst.js saves. Exposed as window.LeersessieOpbrengstEditors.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;

  var DEFAULT_GROUP = "Inzichten";
  var SUGGESTED_GROUPS = ["Inzichten", "Waardes", "Dilemma's", "Gedachte-experiment"];

  var ctx = null;   // {model, nodes, changed()} from opbrengst.js
  var nextKey = 1;  // stable keys, so focus can follow an insight when the list is rebuilt

  /** Bind to the model and the page; `changed` is called after every edit. */
  function init(context) {
    ctx = context;
    ctx.nodes.addInsight.addEventListener("click", addInsight);
    var sortQuotes = document.getElementById("btn-sort-quotes");
    if (sortQuotes) sortQuotes.addEventListener("click", quotesByVotes);
  }

  /** Let a textarea grow with its text instead of scrolling inside it. */
  function autogrow(area) {
    area.style.height = "auto";
    area.style.height = (area.scrollHeight + 2) + "px";
  }

  /** An insight as the editor keeps it: with a key, and a number that is a number or null. */
  function normalizeInsight(item) {
    var number = item.number;
    if (typeof number === "string") number = number.trim() === "" ? null : parseInt(number, 10);
    if (typeof number !== "number" || !isFinite(number)) number = null;
    return {key: nextKey++, group: item.group || DEFAULT_GROUP, number: number,
      heading: item.heading || "", body: item.body || ""};
  }

  /** A labelled input. */
  function field(labelText, input) {
    return el("label", {className: "field"}, [el("span", {className: "field-label", text: labelText}), input]);
  }

  /** ↑ and ↓ buttons, disabled at the ends of a list of `count` items; named with their item
   *  (`name`, e.g. "inzicht 2"), so a screen reader says which one moves. */
  function moveButtons(index, count, name) {
    return [
      el("button", {type: "button", className: "btn btn-icon btn-up", text: "\u2191", title: "Omhoog",
        disabled: index === 0, attrs: {"aria-label": "Omhoog: " + name}}),
      el("button", {type: "button", className: "btn btn-icon btn-down", text: "\u2193", title: "Omlaag",
        disabled: index === count - 1, attrs: {"aria-label": "Omlaag: " + name}}),
    ];
  }

  /** A button whose visible text gets its item as visually hidden context ("Verwijderen: inzicht 2"). */
  function itemButton(className, text, name, title) {
    return el("button", {type: "button", className: className, title: title, attrs: {"aria-label": text + ": " + name}},
      [text]);
  }

  // ------------------------------------------------------------------ insights

  /** Group suggestions: the usual ones plus every group already in use. */
  function renderGroupOptions() {
    UI.clear(ctx.nodes.groups);
    var seen = {};
    SUGGESTED_GROUPS.concat(ctx.model.insights.map(function (i) { return i.group; }))
      .forEach(function (group) {
        if (!group || seen[group]) return;
        seen[group] = true;
        ctx.nodes.groups.appendChild(el("option", {value: group}));
      });
  }

  /** Rebuild the insight list from the model. */
  function renderInsights() {
    var list = ctx.nodes.insights;
    UI.clear(list);
    ctx.model.insights.forEach(function (item, index) { list.appendChild(insightEditor(item, index)); });
    Array.prototype.forEach.call(list.querySelectorAll("textarea"), autogrow);
    if (!ctx.model.insights.length) {
      list.appendChild(el("li", {className: "empty", text: "Nog geen inzichten."}));
    }
  }

  /** The inputs of one insight, each writing straight into `item`. */
  function insightInputs(item) {
    var number = el("input", {type: "number", className: "insight-number", min: "1", max: "999",
      value: item.number === null ? "" : String(item.number)});
    var group = el("input", {type: "text", className: "insight-group", value: item.group,
      attrs: {list: "insight-groups", maxlength: "60"}});
    var heading = el("input", {type: "text", className: "insight-heading", value: item.heading,
      attrs: {maxlength: "300", placeholder: "Kop van het inzicht"}});
    var body = el("textarea", {className: "insight-body autogrow", rows: 2, value: item.body,
      attrs: {placeholder: "Tekst van het inzicht"}});
    number.addEventListener("input", function () {
      var n = parseInt(number.value, 10);
      item.number = isFinite(n) ? n : null;
      ctx.changed();
    });
    group.addEventListener("input", function () { item.group = group.value; ctx.changed(); });
    group.addEventListener("change", renderGroupOptions);
    heading.addEventListener("input", function () { item.heading = heading.value; ctx.changed(); });
    body.addEventListener("input", function () { item.body = body.value; autogrow(body); ctx.changed(); });
    return {number: number, group: group, heading: heading, body: body};
  }

  /** One insight's editor row with its move and remove buttons. */
  function insightEditor(item, index) {
    var inputs = insightInputs(item);
    var name = "inzicht " + (index + 1);
    var moves = moveButtons(index, ctx.model.insights.length, name);
    var remove = itemButton("btn btn-small btn-ghost btn-remove", "Verwijderen", name);
    moves[0].addEventListener("click", function () { moveInsight(item.key, -1); });
    moves[1].addEventListener("click", function () { moveInsight(item.key, 1); });
    remove.addEventListener("click", function () { removeInsight(item); });
    return el("li", {className: "insight-editor", dataset: {key: String(item.key)}}, [
      el("div", {className: "insight-row"}, [
        field("Nr.", inputs.number),
        field("Groep", inputs.group),
        el("div", {className: "item-tools", attrs: {role: "group", "aria-label": "Inzicht " + (index + 1)}},
          [moves[0], moves[1], remove]),
      ]),
      field("Kop", inputs.heading),
      field("Tekst", inputs.body),
    ]);
  }

  /** Remove an insight; ask first when it has text. */
  function removeInsight(item) {
    if ((item.heading || item.body) && !window.confirm("Dit inzicht verwijderen?")) return;
    ctx.model.insights = ctx.model.insights.filter(function (i) { return i.key !== item.key; });
    renderInsights();
    ctx.changed();
  }

  /** Move an insight up or down; numbered neighbours in the same group swap numbers too. */
  function moveInsight(key, delta) {
    var insights = ctx.model.insights;
    var index = insights.findIndex(function (i) { return i.key === key; });
    var other = index + delta;
    if (index < 0 || other < 0 || other >= insights.length) return;
    var a = insights[index], b = insights[other];
    if (a.number !== null && b.number !== null && a.group === b.group) {
      var n = a.number; a.number = b.number; b.number = n;
    }
    insights[index] = b;
    insights[other] = a;
    renderInsights();
    var button = ctx.nodes.insights.querySelector('[data-key="' + key + '"] ' + (delta < 0 ? ".btn-up" : ".btn-down"));
    if (button && !button.disabled) button.focus();
    ctx.changed();
  }

  /** Add an empty insight in the last group, numbered after that group's highest. */
  function addInsight(heading) {
    var insights = ctx.model.insights;
    var last = insights[insights.length - 1];
    var group = last ? last.group : DEFAULT_GROUP;
    var max = 0;
    insights.forEach(function (i) { if (i.group === group && i.number > max) max = i.number; });
    var fromTheme = typeof heading === "string";  // a theme of the Thema's section: its label is the heading
    var item = normalizeInsight({group: group, number: max + 1, heading: fromTheme ? heading : "", body: ""});
    insights.push(item);
    renderInsights();
    var input = ctx.nodes.insights.querySelector('[data-key="' + item.key + '"] ' +
      (fromTheme ? ".insight-body" : ".insight-heading"));
    if (input) input.focus();
    ctx.changed();
  }

  // ------------------------------------------------------------------ quotes

  /** Rebuild the quote list from the model. */
  function renderQuotes() {
    var list = ctx.nodes.quotes;
    UI.clear(list);
    ctx.nodes.quotesEmpty.hidden = ctx.model.quotes.length > 0;
    ctx.model.quotes.forEach(function (quote, index) { list.appendChild(quoteEditor(quote, index)); });
    Array.prototype.forEach.call(list.querySelectorAll("textarea"), autogrow);
  }

  /** One quote's editor: its (editable) text with move and drop buttons. */
  function quoteEditor(quote, index) {
    var text = el("textarea", {className: "quote-text autogrow", rows: 2, value: quote.text,
      attrs: {maxlength: "500", "aria-label": "Tekst van citaat " + (index + 1)}});
    var name = "citaat " + (index + 1);
    var moves = moveButtons(index, ctx.model.quotes.length, name);
    var drop = itemButton("btn btn-small btn-ghost btn-drop", "Weglaten", name, "Niet in de opbrengst (haalt de ster weg)");
    text.addEventListener("input", function () { quote.text = text.value; autogrow(text); ctx.changed(); });
    moves[0].addEventListener("click", function () { moveQuote(index, -1); });
    moves[1].addEventListener("click", function () { moveQuote(index, 1); });
    drop.addEventListener("click", function () { dropQuote(quote, index); });
    return el("li", {className: "quote-editor", dataset: {answerId: quote.answer_id}}, [
      el("span", {className: "quote-mark", text: "\u201C", attrs: {"aria-hidden": "true"}}),
      text,
      quote.votes ? el("span", {className: "pill quote-votes", text: quote.votes + " \u00d7 herkend"}) : null,
      el("div", {className: "item-tools", attrs: {role: "group", "aria-label": "Citaat " + (index + 1)}},
        [moves[0], moves[1], drop]),
    ]);
  }

  /** "Meest herkend eerst": order the quotes by their herkenbaar count (equal counts keep their order). */
  function quotesByVotes() {
    var order = ctx.model.quotes.map(function (quote, index) { return {quote: quote, index: index}; });
    order.sort(function (a, b) { return ((b.quote.votes || 0) - (a.quote.votes || 0)) || (a.index - b.index); });
    ctx.model.quotes = order.map(function (item) { return item.quote; });
    renderQuotes();
    ctx.changed();
  }

  /** Leave a quote out; the save unstars its answer, so it does not come back. */
  function dropQuote(quote, index) {
    if (!window.confirm("Dit citaat weglaten uit de opbrengst? De ster wordt weggehaald.")) return;
    ctx.model.quotes.splice(index, 1);
    if (ctx.model.dropped.indexOf(quote.answer_id) < 0) ctx.model.dropped.push(quote.answer_id);
    renderQuotes();
    ctx.changed();
  }

  /** Swap a quote with its neighbour; focus follows the moved quote's button. */
  function moveQuote(index, delta) {
    var quotes = ctx.model.quotes;
    var other = index + delta;
    if (other < 0 || other >= quotes.length) return;
    var item = quotes[index];
    quotes[index] = quotes[other];
    quotes[other] = item;
    renderQuotes();
    var button = ctx.nodes.quotes.children[other].querySelector(delta < 0 ? ".btn-up" : ".btn-down");
    if (button && !button.disabled) button.focus();
    ctx.changed();
  }

  window.LeersessieOpbrengstEditors = {
    init: init, autogrow: autogrow, normalizeInsight: normalizeInsight, addInsight: addInsight,
    renderGroupOptions: renderGroupOptions, renderInsights: renderInsights, renderQuotes: renderQuotes,
  };
})();
