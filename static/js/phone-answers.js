/*
 * Leersessie phone: the phone's own answers to the current question (ES5): sending the form,
 * the list with each answer's status, and changing, withdrawing or dismissing an answer.
 * Everything goes through the outbox of phone-queue.js, so answers given offline survive
 * until the connection is back. Exposes window.PhoneAnswers = {create}.
 */
(function (window) {
  'use strict';

  var STATUS_TEXT = {sending: 'Versturen…', changing: 'Versturen…', withdrawing: 'Intrekken…',
    received: 'Ontvangen ✓', refused: 'Niet ontvangen'};
  // What is said aloud when an answer this page sent gets its outcome (only that, not the list).
  var SPOKEN = {received: 'Je antwoord is ontvangen.', held: 'Je antwoord is ontvangen en wordt eerst bekeken.',
    refused: 'Je antwoord is niet ontvangen.', hidden: 'Je antwoord wordt niet getoond.'};
  var HELD_TEXT = 'Ontvangen — wordt eerst bekeken';
  var HIDDEN_TEXT = 'Niet getoond';
  var OUTCOME_POLL_MS = 20000;

  // The own answers of one phone page; ctx is the shared context wired by phone.js.
  function create(ctx) {
    var dom = window.PhoneRender;
    var el = dom.el, byId = dom.byId, show = dom.show, button = dom.button;
    var state = ctx.state;
    var outbox = ctx.outbox;
    var lastStatus = {};  // answer id -> the status last shown, to announce changes only

    // Show (or clear) the form's validation hint.
    function formError(text) {
      var node = byId('form-error');
      if (!node) { return; }
      node.textContent = text || '';
      show(node, !!text);
    }

    // A short-lived notice under the form.
    function flash(text) {
      var node = byId('answer-notice');
      if (!node) { return; }
      node.textContent = text;
      show(node, true);
      window.setTimeout(function () { show(node, false); }, 3000);
    }

    // Send the form: a new answer, or a change of the answer being edited.
    function submit() {
      var q = ctx.question.currentQuestion();
      if (!q || !state.form || ctx.question.isClosed()) { return; }
      var result = state.form.read();
      if (result.error) { formError(result.error); return; }
      formError('');
      if (q.kind === 'open' || q.kind === 'words') { result.value.visibility = ctx.question.chosenVisibility(); }
      if (state.editing) {
        outbox.change(state.editing, result.value);
        state.editing = null;
      } else {
        outbox.submit(ctx.question.currentStepId(), result.value);
      }
      state.form.clear();
      ctx.question.setVisibility('screen');
      renderAnswers();
    }

    // The phone's active answers (not refused) to the current question.
    function activeAnswers() {
      var list = outbox.answersFor(ctx.question.currentStepId());
      var active = [];
      for (var i = 0; i < list.length; i++) {
        if (list[i].status !== 'refused') { active.push(list[i]); }
      }
      return active;
    }

    // Show the own answers with status, and the form when a (new or changed) answer is possible:
    // an open question takes several answers, the other kinds one (which can be changed).
    function renderAnswers() {
      var q = ctx.question.currentQuestion();
      var list = byId('my-answers');
      if (!q || !list || !state.form) { return; }
      var single = q.kind !== 'open';
      var mine = outbox.answersFor(ctx.question.currentStepId());
      var hideForm = single && activeAnswers().length > 0 && !state.editing;
      show(byId('answer-form'), !hideForm);
      show(byId('cancel-edit'), !!state.editing);
      byId('submit-button').textContent = state.editing ? 'Wijziging versturen' : 'Versturen';
      list.textContent = '';
      if (mine.length) {
        list.appendChild(el('li', 'my-answers-heading', mine.length === 1 || single ? 'Jouw antwoord' : 'Jouw antwoorden'));
      }
      for (var i = 0; i < mine.length; i++) {
        if (mine[i].id !== state.editing || !single) { list.appendChild(answerItem(q, mine[i])); }
      }
      ctx.question.setDisabled(ctx.question.isClosed());
      if (ctx.wall) { ctx.wall.render(); }
    }

    // One own answer: its text, status, and Wijzig / Intrekken.
    function answerItem(q, answer) {
      var item = el('li', 'my-answer');
      item.setAttribute('data-answer-id', answer.id);
      item.setAttribute('data-status', answer.status);
      if (state.editing === answer.id && q.kind === 'open') {
        item.appendChild(el('p', 'answer-editing', 'Je past dit antwoord aan in het veld hierboven.'));
        return item;
      }
      var text = el('p', 'answer-text', window.PhoneForms.describe(q, answer.value));
      text.id = 'my-answer-' + String(answer.id).replace(/[^A-Za-z0-9_-]/g, '');
      item.appendChild(text);
      if (answer.value && answer.value.visibility === 'report') {
        item.appendChild(el('p', 'answer-report-only', 'Alleen voor het verslag'));
      }
      var shown = {held: HELD_TEXT, hidden: HIDDEN_TEXT}[shownState(answer)] || STATUS_TEXT[answer.status];
      announceChange(answer);
      var status = el('p', 'answer-status', shown || '');
      status.setAttribute('data-status', answer.status);
      if (shownState(answer) === 'hidden') { status.setAttribute('data-outcome', 'hidden'); }
      item.appendChild(status);
      if (answer.message) { item.appendChild(el('p', 'answer-message', answer.message)); }
      var actions = answerActions(answer);
      // Wijzig / Intrekken / Weghalen are described by their answer: a screen reader says which one.
      var buttons = actions.querySelectorAll('button');
      for (var b = 0; b < buttons.length; b++) { buttons[b].setAttribute('aria-describedby', text.id); }
      item.appendChild(actions);
      return item;
    }

    // An answer that was being sent from this page and now has its outcome: say that, once.
    function announceChange(answer) {
      var now = shownState(answer);
      var before = lastStatus[answer.id];
      lastStatus[answer.id] = now;
      if (before && before !== now && SPOKEN[now]) {
        dom.announce(SPOKEN[now] + (answer.message ? ' ' + answer.message : ''));
      }
    }

    // The status as the participant sees it: the facilitator's outcome of a received answer, never why.
    function shownState(answer) {
      if (answer.status !== 'received') { return answer.status; }
      if (answer.held) { return 'held'; }
      return answer.outcome === 'hidden' ? 'hidden' : 'received';
    }

    // Ask what became of the own answers that wait for the facilitator: at every (re)connect, and
    // every 20 s while any wait (the decision is also pushed as answer_reviewed while connected).
    var outcomeTimer = null;
    function checkOutcomes() {
      if (outcomeTimer) { window.clearTimeout(outcomeTimer); outcomeTimer = null; }
      var ids = outbox.heldIds();
      if (!ids.length || state.ended || state.fatal || !ctx.socket.connected) { return; }
      ctx.socket.timeout(8000).emit('answer_status', {answer_ids: ids.slice(-50)}, function (err, ack) {
        if (!err && ack && ack.ok && ack.answers) {
          for (var i = 0; i < ack.answers.length; i++) { outbox.applyOutcome(ack.answers[i]); }
        }
        scheduleOutcomes();
      });
    }

    // Check again later while an own answer waits for the facilitator.
    function scheduleOutcomes() {
      if (!outcomeTimer && outbox.heldIds().length) { outcomeTimer = window.setTimeout(checkOutcomes, OUTCOME_POLL_MS); }
    }

    // After Intrekken or Weghalen the pressed button is gone: the answer field (or the list) gets the focus.
    function focusAfterRemoval() {
      var form = byId('answer-form');
      if (form && !form.hidden && state.form) { state.form.focus(); return; }
      var list = byId('my-answers');
      if (list) { list.setAttribute('tabindex', '-1'); list.focus(); }
    }

    // Weghalen for a refused answer; Wijzig and Intrekken unless it is already being withdrawn.
    function answerActions(answer) {
      var actions = el('div', 'answer-actions');
      if (answer.status === 'refused') {
        actions.appendChild(button('button-secondary answer-dismiss', 'Weghalen', function () {
          outbox.dismiss(answer.id);
          focusAfterRemoval();
        }));
      } else if (answer.status !== 'withdrawing') {
        actions.appendChild(button('button-secondary answer-change', 'Wijzig', function () {
          startEditing(answer);
        }));
        actions.appendChild(button('button-secondary answer-withdraw', 'Intrekken', function () {
          if (state.editing === answer.id) { state.editing = null; state.form.clear(); }
          outbox.withdraw(answer.id);
          focusAfterRemoval();
        }));
      }
      return actions;
    }

    // Put an own answer into the form for changing it (same answer_id).
    function startEditing(answer) {
      if (ctx.question.isClosed()) { return; }
      state.editing = answer.id;
      state.form.fill(answer.value);
      ctx.question.setVisibility(answer.value && answer.value.visibility);
      formError('');
      renderAnswers();
      state.form.focus();
    }

    // Annuleren: keep the answer as it was and empty the form.
    function cancelEditing() {
      state.editing = null;
      state.form.clear();
      ctx.question.setVisibility('screen');
      renderAnswers();
    }

    return {submit: submit, cancelEditing: cancelEditing, renderAnswers: renderAnswers, flash: flash,
      checkOutcomes: checkOutcomes, scheduleOutcomes: scheduleOutcomes};
  }

  window.PhoneAnswers = {create: create};
}(window));
