/*
 * Leersessie phone: the question screen and its open/closed state with the countdown (ES5).
 * The inputs per question kind come from phone-forms.js; the own answers below them are
 * phone-answers.js. Exposes window.PhoneQuestion = {create}.
 */
(function (window, document) {
  'use strict';

  var MAX = {open: 500, other: 200, word: 30};
  var CLOSED_TEXT = 'Deze vraag is gesloten';
  // Everything the participant could use to send or change an answer.
  var INPUTS = 'input, textarea, .option, .scale-button, .submit-button, .cancel-edit, .answer-change, .answer-withdraw';

  // The question screen of one phone page; ctx is the shared context wired by phone.js.
  function create(ctx) {
    var dom = window.PhoneRender;
    var el = dom.el, byId = dom.byId, show = dom.show, button = dom.button;
    var state = ctx.state;
    var deadline = null;
    var timer = null;

    // ---- Current question ------------------------------------------------------------------

    // The question of the current step, or null.
    function currentQuestion() {
      var pos = state.position;
      return pos && pos.step && pos.step.question ? pos.step.question : null;
    }

    // The id of the current step: answers are stored per step.
    function currentStepId() {
      return state.position && state.position.step ? state.position.step.id : null;
    }

    // True when no answer can be sent or changed now.
    function isClosed() {
      return state.ended || state.fatal || !state.question || !state.question.open;
    }

    // A new step: forget the previous question's form, edit and countdown.
    function reset() {
      if (ctx.wall) { ctx.wall.reset(); }
      state.form = null;
      state.editing = null;
      state.question = null;
      stopCountdown();
    }

    // ---- Building the screen ---------------------------------------------------------------

    // An element with an id that starts hidden (filled and shown later).
    function hiddenNode(tag, className, id, text) {
      var node = el(tag, className, text);
      node.id = id;
      node.setAttribute('hidden', '');
      return node;
    }

    // The question screen: prompt, help, timer, input for its kind, and the own answers.
    function buildQuestion(step) {
      var q = step.question;
      var box = el('div', 'step-body question question-' + q.kind);
      box.appendChild(dom.heading(q.prompt));
      if (q.help) { box.appendChild(dom.paragraphs('question-help', q.help)); }
      box.appendChild(hiddenNode('p', 'question-timer', 'question-timer'));
      box.appendChild(hiddenNode('p', 'question-closed', 'question-closed', CLOSED_TEXT));
      state.form = window.PhoneForms.build(q, MAX);
      box.appendChild(buildAnswerForm(state.form, q.kind === 'open' || q.kind === 'words'));
      var notice = hiddenNode('p', 'answer-notice', 'answer-notice');
      notice.setAttribute('role', 'status');
      box.appendChild(notice);
      var list = el('ul', 'my-answers');
      list.id = 'my-answers';
      box.appendChild(list);
      // The list is found by id, so fill it once this box is in the document.
      window.setTimeout(function () { ctx.answers.renderAnswers(); }, 0);
      return box;
    }

    // The participant's say over a text answer: on the screen (default) or only in the report.
    function visibilityChoice() {
      var box = el('fieldset', 'visibility-choice');
      box.appendChild(el('legend', 'visibility-legend', 'Waar mag je antwoord heen?'));
      var choices = [['screen', 'Mag op het scherm'], ['report', 'Alleen voor het verslag']];
      for (var i = 0; i < choices.length; i++) {
        var label = el('label', 'visibility-option');
        var input = el('input', 'visibility-input');
        input.type = 'radio';
        input.name = 'visibility';
        input.value = choices[i][0];
        input.id = 'visibility-' + choices[i][0];
        input.checked = i === 0;
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + choices[i][1]));
        box.appendChild(label);
      }
      return box;
    }

    // The chosen visibility of the text answer in the form ('screen' without a choice).
    function chosenVisibility() {
      var report = byId('visibility-report');
      return report && report.checked ? 'report' : 'screen';
    }

    // Put the choice back to where an answer being changed went.
    function setVisibility(value) {
      var input = byId('visibility-' + (value === 'report' ? 'report' : 'screen'));
      if (input) { input.checked = true; }
    }

    // The form around the kind's inputs: where it may go, validation hint, Versturen and Annuleren.
    function buildAnswerForm(form, withVisibility) {
      var formBox = el('div', 'answer-form');
      formBox.id = 'answer-form';
      formBox.appendChild(form.node);
      if (withVisibility) { formBox.appendChild(visibilityChoice()); }
      var error = hiddenNode('p', 'form-error', 'form-error');
      error.setAttribute('role', 'alert');
      formBox.appendChild(error);
      var actions = el('div', 'form-actions');
      var submit = button('button-primary submit-button', 'Versturen', function () { ctx.answers.submit(); });
      submit.id = 'submit-button';
      actions.appendChild(submit);
      var cancel = button('button-secondary cancel-edit', 'Annuleren', function () { ctx.answers.cancelEditing(); });
      cancel.id = 'cancel-edit';
      cancel.setAttribute('hidden', '');
      actions.appendChild(cancel);
      formBox.appendChild(actions);
      return formBox;
    }

    // Enable or disable every input of the question (closed question, ended session).
    function setDisabled(disabled) {
      var nodes = ctx.stepBox.querySelectorAll(INPUTS);
      for (var i = 0; i < nodes.length; i++) { nodes[i].disabled = disabled; }
    }

    // ---- Open/closed and countdown ---------------------------------------------------------

    // Apply `question_changed` (or the question part of `step_changed`): open/closed, countdown.
    function applyQuestionState(question) {
      if (!question || question.step_id !== currentStepId()) { return; }
      state.question = question;
      show(byId('question-closed'), !question.open && !state.ended);
      if (question.open && typeof question.remaining_seconds === 'number') {
        startCountdown(question.remaining_seconds);
      } else {
        stopCountdown();
      }
      if (!question.open && state.editing) { state.editing = null; }
      ctx.answers.renderAnswers();
    }

    function twoDigits(n) { return n < 10 ? '0' + n : String(n); }

    // Count down locally from the server's remaining seconds (phone clocks may be wrong).
    function startCountdown(seconds) {
      stopCountdown();
      deadline = new Date().getTime() + seconds * 1000;
      tick();
      timer = window.setInterval(tick, 1000);
    }

    // Redraw the countdown as mm:ss.
    function tick() {
      var node = byId('question-timer');
      if (!node || deadline === null) { return; }
      var left = Math.max(0, Math.round((deadline - new Date().getTime()) / 1000));
      node.textContent = 'Nog ' + twoDigits(Math.floor(left / 60)) + ':' + twoDigits(left % 60);
      node.setAttribute('data-seconds', String(left));
      show(node, true);
    }

    // Stop and hide the countdown (question closed, new step, session over).
    function stopCountdown() {
      if (timer) { window.clearInterval(timer); }
      timer = null;
      deadline = null;
      show(byId('question-timer'), false);
    }

    return {
      currentQuestion: currentQuestion,
      currentStepId: currentStepId,
      isClosed: isClosed,
      reset: reset,
      buildQuestion: buildQuestion,
      chosenVisibility: chosenVisibility,
      setVisibility: setVisibility,
      setDisabled: setDisabled,
      applyQuestionState: applyQuestionState,
      stopCountdown: stopCountdown
    };
  }

  window.PhoneQuestion = {create: create};
}(window, document));
