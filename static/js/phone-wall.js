/*
 * Leersessie phone: the others' answers to a question and "Herkenbaar" (ES5).
 * The phone asks for them a page at a time (`list_answers`), only after it answered the open
 * question (it shows one of its own answer ids) or once the question is closed; the server
 * decides what may be read. Nothing is pushed: "Vernieuwen" asks again.
 * Exposes window.PhoneWall = {create}.
 */
(function (window) {
  'use strict';

  var ACK_TIMEOUT_MS = 8000;
  var AGAIN_AFTER_MS = 1200;  // past the server's 250 ms read-sharing tick, with room for a slow network

  function create(ctx) {
    var dom = window.PhoneRender;
    var el = dom.el, byId = dom.byId, show = dom.show, button = dom.button;
    var shownFor = null;   // step, own answer and open/closed the list on screen was read for
    var next = null;       // display id to ask the next page from, or null

    // The id of a received own answer to the current question, or '' (then only a closed question is readable).
    function ownAnswerId() {
      var mine = ctx.outbox.answersFor(ctx.question.currentStepId());
      for (var i = mine.length - 1; i >= 0; i--) {
        if (mine[i].status === 'received' && mine[i].value) { return mine[i].id; }
      }
      return '';
    }

    function readable() {
      var q = ctx.state.question;
      if (q && q.results_visible === false) { return false; }  // the facilitator hides the results: so do phones
      return !!ctx.question.currentQuestion() && !ctx.state.fatal && (!!ownAnswerId() || ctx.question.isClosed());
    }

    // The section under the own answers; built once per question.
    function section() {
      var box = byId('others');
      if (box) { return box; }
      var holder = byId('my-answers');
      if (!holder || !holder.parentNode) { return null; }
      box = el('section', 'others');
      box.id = 'others';
      box.setAttribute('aria-labelledby', 'others-heading');
      var heading = el('h3', 'others-heading', 'Wat anderen zeiden');
      heading.id = 'others-heading';
      box.appendChild(heading);
      var status = el('p', 'others-status');
      status.id = 'others-status';
      status.setAttribute('role', 'status');
      box.appendChild(status);
      var summary = el('div', 'others-summary');
      summary.id = 'others-summary';
      box.appendChild(summary);
      var list = el('ul', 'others-list');
      list.id = 'others-list';
      box.appendChild(list);
      var more = button('button-secondary others-more', 'Meer antwoorden', function () { load(false); });
      more.id = 'others-more';
      more.hidden = true;
      box.appendChild(more);
      var refresh = button('button-secondary others-refresh', 'Vernieuwen', function () { load(true); });
      refresh.id = 'others-refresh';
      box.appendChild(refresh);
      holder.parentNode.appendChild(box);
      return box;
    }

    // Show the section when this phone may read, and load the first page once per question.
    function render() {
      var stepId = ctx.question.currentStepId();
      if (!readable()) {
        show(byId('others'), false);
        if (byId('others-list')) { byId('others-list').textContent = ''; byId('others-summary').textContent = ''; }
        shownFor = null;  // shown again later: read afresh
        return;
      }
      var box = section();
      if (!box) { return; }
      show(box, true);
      // Once per question, again after each new own answer, and once more when it closes.
      var key = stepId + '|' + ownAnswerId() + '|' + (ctx.question.isClosed() ? 'closed' : 'open');
      if (shownFor !== key) {
        shownFor = key;
        load(true);
        // The server shares one read of a page among phones per 250 ms tick, so an answer that came
        // in just before this read may be missing from it: read once more when that tick has passed.
        window.setTimeout(function () { if (shownFor === key) { load(true); } }, AGAIN_AFTER_MS);
      }
    }

    function status(text) {
      var node = byId('others-status');
      if (node) { node.textContent = text || ''; show(node, !!text); }
    }

    // Ask for a page: the first (fresh) or the next one.
    function load(fresh) {
      if (ctx.state.ended) { return; }  // what is shown stays; nothing more to fetch
      var stepId = ctx.question.currentStepId();
      var payload = {step_id: stepId, answer_id: ownAnswerId(), limit: 20};
      if (!fresh && next) { payload.before = next; }
      status('Ophalen…');
      ctx.socket.timeout(ACK_TIMEOUT_MS).emit('list_answers', payload, function (err, ack) {
        if (stepId !== ctx.question.currentStepId()) { return; }
        // Ended meanwhile: the server hung up; "probeer het zo opnieuw" would promise too much.
        if (ctx.state.ended) { status(''); return; }
        if (err || !ack) { status('Dat lukte niet. Probeer het zo opnieuw.'); return; }
        if (!ack.ok) {
          status(ack.message);
          if (fresh) { byId('others-list').textContent = ''; byId('others-summary').textContent = ''; }
          show(byId('others-more'), false);
          return;
        }
        status('');
        if (fresh) { byId('others-list').textContent = ''; }
        next = ack.next;
        show(byId('others-more'), !!ack.next);
        renderSummary(ack.summary);
        for (var i = 0; i < ack.items.length; i++) { byId('others-list').appendChild(item(ack.items[i])); }
        if (fresh && !ack.items.length && !ack.summary) { status('Nog geen antwoorden van anderen.'); }
      });
    }

    // One answer: large text, and Herkenbaar (a toggle) unless it is the phone's own.
    function item(data) {
      var node = el('li', 'other-answer');
      node.setAttribute('data-display-id', data.display_id);
      node.appendChild(el('p', 'other-text', data.text));
      if (data.own) {
        node.appendChild(el('p', 'other-own', 'Jouw antwoord · ' + herkend(data.votes)));
      } else {
        node.appendChild(voteButton('vote', data));
      }
      return node;
    }

    function herkend(votes) { return votes === 1 ? '1 keer herkend' : votes + ' keer herkend'; }

    // A toggle button; its label carries the count, aria-pressed whether this phone marked it.
    function voteButton(event, data, label) {
      label = label || 'Herkenbaar';
      var tap = el('button', 'button vote-button');
      tap.type = 'button';
      function paint(votes, voted) {
        tap.setAttribute('aria-pressed', voted ? 'true' : 'false');
        tap.textContent = (voted ? '✓ ' : '') + label + ' (' + votes + ')';
        tap.className = 'button vote-button' + (voted ? ' is-voted' : '');
      }
      paint(data.votes, data.voted);
      tap.addEventListener('click', function () {
        var on = tap.getAttribute('aria-pressed') !== 'true';
        tap.disabled = true;
        ctx.socket.timeout(ACK_TIMEOUT_MS).emit(event, {display_id: data.display_id, on: on}, function (err, ack) {
          tap.disabled = false;
          if (!err && ack && ack.ok) { paint(ack.votes, on); }
        });
      });
      return tap;
    }

    // Choice, scale and words: the summary as the screen shows it, in words.
    function renderSummary(summary) {
      var box = byId('others-summary');
      box.textContent = '';
      if (!summary) { return; }
      var lines = [];
      if (summary.withheld) {
        lines.push('De uitslag verschijnt vanaf ' + summary.k_threshold + ' antwoorden.');
      } else if (summary.options) {
        for (var i = 0; i < summary.options.length; i++) {
          var o = summary.options[i];
          lines.push(o.label + ': ' + o.count + ' (' + o.percent + '%)');
        }
      } else if (summary.distribution) {
        for (var j = 0; j < summary.distribution.length; j++) {
          lines.push(summary.distribution[j].value + ': ' + summary.distribution[j].count);
        }
        if (summary.median !== null) { lines.push('Mediaan: ' + summary.median); }
      } else if (summary.words) {
        for (var k = 0; k < summary.words.length; k++) { lines.push(summary.words[k].word + ' (' + summary.words[k].count + ')'); }
      }
      box.appendChild(el('p', 'others-count', summary.count === 1 ? '1 antwoord' : summary.count + ' antwoorden'));
      var list = el('ul', 'others-summary-list');
      for (var n = 0; n < lines.length; n++) { list.appendChild(el('li', '', lines[n])); }
      box.appendChild(list);
    }

    // A new step: the next question gets its own list.
    function reset() { shownFor = null; next = null; }

    return {render: render, reset: reset, voteButton: voteButton, herkend: herkend};
  }

  window.PhoneWall = {create: create};
}(window));
