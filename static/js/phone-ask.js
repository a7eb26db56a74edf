/*
 * Leersessie phone: questions to the speaker (ES5). Shown while the facilitator has "Vragen"
 * open, at any step: ask a question (screened and maybe held like an answer), read the others'
 * questions most votes first (`list_questions`, asked for, never pushed) and vote for them.
 * An own held question stays listed under "Jouw vraag" until the facilitator decided: the outcome
 * comes as `answer_reviewed` (or from `answer_status`, asked every 20 s while one waits), never why.
 * Exposes window.PhoneAsk = {create}.
 */
(function (window) {
  'use strict';

  var ACK_TIMEOUT_MS = 8000;
  var MAX_LENGTH = 500;
  var STATUS_EVERY_MS = 20000;  // as for held answers: a missed push is learnt this way

  function create(ctx) {
    var dom = window.PhoneRender;
    var el = dom.el, byId = dom.byId, show = dom.show, button = dom.button;
    var isOpen = false;
    var mine = [];  // own held questions this page sent: {id, text, outcome: 'held'|'received'|'hidden'}
    var statusTimer = null;

    function build() {
      var box = el('section', 'ask');
      box.id = 'ask';
      box.setAttribute('aria-labelledby', 'ask-heading');
      var heading = el('h2', 'ask-heading', 'Vraag aan de spreker');
      heading.id = 'ask-heading';
      box.appendChild(heading);
      var label = el('label', 'ask-label', 'Jouw vraag (anoniem)');
      label.setAttribute('for', 'ask-text');
      box.appendChild(label);
      var area = el('textarea', 'answer-text ask-text');
      area.id = 'ask-text';
      area.rows = 3;
      area.maxLength = MAX_LENGTH;
      box.appendChild(area);
      var result = el('p', 'ask-status');
      result.id = 'ask-status';
      result.setAttribute('role', 'status');
      box.appendChild(result);
      var send = button('button-primary ask-send', 'Vraag versturen', sendQuestion);
      send.id = 'ask-send';
      box.appendChild(send);
      var own = el('ul', 'my-answers ask-mine');
      own.id = 'ask-mine';
      own.setAttribute('aria-label', 'Jouw vragen die eerst bekeken worden');
      own.hidden = true;
      box.appendChild(own);
      var listHeading = el('h3', 'ask-list-heading', 'Vragen uit de zaal');
      box.appendChild(listHeading);
      var list = el('ul', 'others-list ask-list');
      list.id = 'ask-list';
      box.appendChild(list);
      box.appendChild(button('button-secondary ask-refresh', 'Vragen vernieuwen', refresh));
      ctx.app.appendChild(box);
      return box;
    }

    function say(text) { byId('ask-status').textContent = text || ''; }

    function sendQuestion() {
      var area = byId('ask-text');
      var text = String(area.value || '').replace(/^\s+|\s+$/g, '');
      if (!text) { say('Schrijf eerst je vraag.'); area.focus(); return; }
      var payload = {question_id: window.PhoneQueue.makeAnswerId(), text: text};
      say('Versturen…');
      ctx.socket.timeout(ACK_TIMEOUT_MS).emit('ask_question', payload, function (err, ack) {
        if (err || !ack) { say('Niet verstuurd: controleer je verbinding en probeer het opnieuw.'); return; }
        if (!ack.ok) { say(ack.message); return; }
        area.value = '';
        say(ack.held ? 'Ontvangen — je vraag wordt eerst bekeken' : 'Ontvangen ✓');
        if (ack.held) {
          mine.push({id: payload.question_id, text: text, outcome: 'held'});
          renderMine();
          watchOutcomes();
        }
        refresh();
      });
    }

    // The own held questions and what became of them (the text as stored: redacted after Anonimiseren).
    function renderMine() {
      var list = byId('ask-mine');
      if (!list) { return; }
      list.textContent = '';
      show(list, mine.length > 0);
      for (var i = 0; i < mine.length; i++) {
        var node = el('li', 'my-answer ask-mine-item');
        node.appendChild(el('p', 'my-answers-heading', 'Jouw vraag'));
        node.appendChild(el('p', 'answer-text', mine[i].text));
        var status = el('p', 'answer-status', {held: 'Ontvangen — wordt eerst bekeken',
          received: 'Ontvangen ✓', hidden: 'Niet getoond'}[mine[i].outcome]);
        if (mine[i].outcome === 'received') { status.setAttribute('data-status', 'received'); }
        if (mine[i].outcome === 'hidden') { status.setAttribute('data-outcome', 'hidden'); }
        node.appendChild(status);
        list.appendChild(node);
      }
    }

    function waiting() {
      var ids = [];
      for (var i = 0; i < mine.length; i++) { if (mine[i].outcome === 'held') { ids.push(mine[i].id); } }
      return ids;
    }

    // `answer_reviewed` or an entry of `answer_status` about an own question; others are not ours.
    function applyOutcome(outcome) {
      for (var i = 0; outcome && i < mine.length; i++) {
        var item = mine[i];
        if (item.id !== outcome.answer_id || item.outcome !== 'held') { continue; }
        if (outcome.outcome === 'received') {
          item.outcome = 'received';
          if (outcome.value && typeof outcome.value.text === 'string') { item.text = outcome.value.text; }
          say('Je vraag is bekeken: ontvangen ✓');
        } else if (outcome.outcome === 'hidden' || outcome.outcome === 'withdrawn') {
          item.outcome = 'hidden';
          say('Je vraag is bekeken: niet getoond');
        } else {
          return;
        }
        renderMine();
        refresh();
        return;
      }
    }

    // While a question waits, ask every 20 s (and on reconnect) in case the push was missed.
    function checkOutcomes() {
      var ids = waiting();
      if (!ids.length) { return; }
      ctx.socket.timeout(ACK_TIMEOUT_MS).emit('answer_status', {answer_ids: ids.slice(-50)}, function (err, ack) {
        if (err || !ack || !ack.ok) { return; }
        for (var i = 0; i < ack.answers.length; i++) { applyOutcome(ack.answers[i]); }
      });
    }

    function watchOutcomes() {
      if (statusTimer) { return; }
      statusTimer = window.setInterval(function () {
        if (!waiting().length) { window.clearInterval(statusTimer); statusTimer = null; return; }
        checkOutcomes();
      }, STATUS_EVERY_MS);
    }

    ctx.socket.on('answer_reviewed', applyOutcome);
    ctx.socket.on('connect', checkOutcomes);

    function refresh() {
      ctx.socket.timeout(ACK_TIMEOUT_MS).emit('list_questions', {}, function (err, ack) {
        if (err || !ack || !ack.ok) { return; }
        var list = byId('ask-list');
        list.textContent = '';
        for (var i = 0; i < ack.items.length; i++) { list.appendChild(item(ack.items[i])); }
        if (!ack.items.length) { list.appendChild(el('li', 'ask-empty', 'Nog geen vragen.')); }
      });
    }

    function stemmen(votes) { return votes === 1 ? '1 stem' : votes + ' stemmen'; }

    function item(data) {
      var node = el('li', 'other-answer ask-question');
      node.setAttribute('data-display-id', data.display_id);
      node.appendChild(el('p', 'other-text', data.text));
      if (data.answered) { node.appendChild(el('p', 'other-own', 'Beantwoord')); }
      if (data.own) {
        node.appendChild(el('p', 'other-own', 'Jouw vraag · ' + stemmen(data.votes)));
      } else {
        node.appendChild(ctx.wall.voteButton('vote_question', data, 'Wil ik ook weten'));
      }
      return node;
    }

    // `questions_opened` or the flag in `step_changed`: show or hide the section.
    function setOpen(open) {
      open = !!open && !ctx.state.ended && !ctx.state.fatal;
      if (open === isOpen && byId('ask')) { return; }
      isOpen = open;
      var box = byId('ask') || (open ? build() : null);
      if (!box) { return; }
      show(box, open);
      if (open) { refresh(); }
    }

    return {setOpen: setOpen, refresh: refresh};
  }

  window.PhoneAsk = {create: create};
}(window));
