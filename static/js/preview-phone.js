/*
 * Editor preview of the phone: the real step rendering (phone-render.js, phone-question.js,
 * phone-forms.js) and phone.css, fed with the step the editor sends by postMessage. No socket:
 * the answer parts that would talk to the server are left inert.
 */
(function (window, document) {
  'use strict';

  var inert = function () {};

  // A fresh renderer per message: the real one re-renders only when the step id changes.
  function render(message) {
    var ctx = {
      app: document.getElementById('app'),
      stepBox: document.getElementById('step'),
      state: {position: null, question: null, form: null, editing: null, ended: false, fatal: false},
      answers: {renderAnswers: inert, submit: inert, cancelEditing: inert, flash: inert},
      connection: {endSession: inert, renderQueueCount: inert}
    };
    ctx.question = window.PhoneQuestion.create(ctx);
    ctx.render = window.PhoneRender.create(ctx);
    var step = message.step;
    var seconds = step.question && step.question.time_limit ? step.question.time_limit : null;
    ctx.render.renderPosition({
      index: message.index, step: step, title: message.session.title, number: message.session.number,
      blank: false, status: 'live',
      question: step.question ? {step_id: step.id, open: true, results_visible: true, remaining_seconds: seconds} : null
    });
    ctx.question.stopCountdown();
    if (seconds) {
      var timer = document.getElementById('question-timer');
      timer.textContent = 'Nog ' + Math.floor(seconds / 60) + ':' + (seconds % 60 < 10 ? '0' : '') + (seconds % 60);
      timer.removeAttribute('hidden');
    }
    var number = document.getElementById('session-number');
    number.textContent = message.session.number ? 'Leersessie ' + message.session.number : 'Leersessie';
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== 'leersessie-preview') { return; }
    render(event.data);
  });
}(window, document));
