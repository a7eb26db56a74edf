/*
 * Reading mode of the console: the screen shows one open answer large (the spotlight), and the
 * facilitator goes to the next or previous one, oldest first, so a full wall can be read out
 * answer by answer. Built on the spotlight, so the screen needs nothing new and a reconnect or
 * restart keeps the answer on the screen. Exposed as window.LeersessieConsoleReading.
 */
(function () {
  "use strict";

  var nodes = null;     // {bar, start, prev, next, stop, position}
  var moderate = null;  // function (answerId, action)
  var order = [];       // visible answers, oldest first
  var current = -1;     // index in `order` of the spotlit answer, or -1
  var pending = null;   // {id, until}: asked for, not yet confirmed (quick clicks go on from it)
  var PENDING_MS = 3000;

  /** Bind the buttons; `onModerate(answerId, action)` sends moderate_answer. */
  function init(found, onModerate) {
    nodes = found;
    moderate = onModerate;
    nodes.start.addEventListener("click", function () { go(current >= 0 ? current : 0); });
    nodes.prev.addEventListener("click", function () { go(current - 1); });
    nodes.next.addEventListener("click", function () { go(current + 1); });
    nodes.stop.addEventListener("click", function () {
      pending = null;
      if (current >= 0) moderate(order[current].id, "unspotlight");
    });
  }

  function go(index) {
    if (index < 0 || index >= order.length) return;
    pending = {id: order[index].id, until: Date.now() + PENDING_MS};
    current = index;
    show();
    moderate(order[index].id, "spotlight");
  }

  /** Follow the console's answer list (newest first) of the current question of `kind`. */
  function render(data, kind) {
    var answers = (data && data.answers) || [];
    order = answers.filter(function (a) { return !a.hidden && !a.report_only; }).reverse();  // what the screen may show
    current = -1;
    order.forEach(function (a, i) { if (a.spotlight) current = i; });
    if (pending && (Date.now() > pending.until || (current >= 0 && order[current].id === pending.id))) pending = null;
    if (pending) {
      // An update from before the last click: keep the answer asked for.
      order.forEach(function (a, i) { if (a.id === pending.id) current = i; });
    }
    nodes.bar.hidden = kind !== "open" || !order.length;
    show();
  }

  /** The buttons and "Antwoord 3 van 12" for the current answer. */
  function show() {
    var reading = current >= 0;
    nodes.start.hidden = reading;
    nodes.prev.hidden = nodes.next.hidden = nodes.stop.hidden = nodes.position.hidden = !reading;
    nodes.prev.disabled = current <= 0;
    nodes.next.disabled = current >= order.length - 1;
    nodes.position.textContent = reading ? "Antwoord " + (current + 1) + " van " + order.length : "";
  }

  /** A new step: nothing to read yet. */
  function reset() {
    order = [];
    current = -1;
    pending = null;
    if (nodes) nodes.bar.hidden = true;
  }

  window.LeersessieConsoleReading = {init: init, render: render, reset: reset};
})();
