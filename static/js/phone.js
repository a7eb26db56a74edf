/*
 * Leersessie phone page: the entry point that wires the phone modules together (ES5).
 *
 * Needs, loaded first and in this order: socket.io.min.js, phone-queue.js (the outbox),
 * phone-forms.js (inputs per question kind), phone-render.js (DOM helpers, steps),
 * phone-question.js (question screen, countdown), phone-answers.js (own answers),
 * phone-wall.js (the others' answers, herkenbaar), phone-ask.js (questions to the speaker) and
 * phone-connection.js (banner, queue count, resync, session end).
 * The modules only define factories; nothing runs until this file creates them.
 */
(function (window, document) {
  'use strict';

  var app = document.getElementById('app');
  if (!app || !window.io || !window.PhoneQueue || !window.PhoneRender || !window.PhoneQuestion ||
      !window.PhoneAnswers || !window.PhoneConnection || !window.PhoneWall || !window.PhoneAsk) { return; }

  var CODE = app.getAttribute('data-code');

  // What the modules share. Each module calls the others through ctx at run time (never while
  // being created), so the modules can be created in any order once outbox and socket exist.
  var ctx = {
    app: app,
    stepBox: document.getElementById('step'),
    // position: the last `step_changed`; question: its open/closed state; form and editing:
    // the current answer inputs and the answer being changed; ended/fatal: nothing can be sent.
    state: {position: null, question: null, form: null, editing: null, ended: false, fatal: false},
    outbox: null,
    socket: null,
    render: null,
    question: null,
    answers: null,
    wall: null,
    ask: null,
    connection: null
  };

  // Outbox changed (queued, acknowledged, refused): refresh the answers and the queue count.
  function onOutboxChange(what) {
    ctx.connection.renderQueueCount();
    if (what === 'withdrawn') { ctx.answers.flash('Je antwoord is ingetrokken.'); }
    if (what === 'acked') { ctx.answers.scheduleOutcomes(); }
    ctx.answers.renderAnswers();
  }

  ctx.outbox = window.PhoneQueue.createOutbox(CODE, onOutboxChange);
  // "Herkenbaar" once per phone: a random token for this run only (forgotten with the answers).
  ctx.socket = window.io('/phone', {auth: {code: CODE, voter: window.PhoneQueue.voterToken(CODE)}});
  ctx.outbox.attach(ctx.socket);

  ctx.render = window.PhoneRender.create(ctx);
  ctx.question = window.PhoneQuestion.create(ctx);
  ctx.answers = window.PhoneAnswers.create(ctx);
  ctx.wall = window.PhoneWall.create(ctx);
  ctx.ask = window.PhoneAsk.create(ctx);
  ctx.connection = window.PhoneConnection.create(ctx);

  ctx.connection.listen();
  ctx.socket.on('step_changed', function (pos) {
    ctx.render.renderPosition(pos);
    if (pos) { ctx.ask.setOpen(pos.questions_open); }
  });
  ctx.socket.on('questions_opened', function (data) { ctx.ask.setOpen(data && data.open); });
  // The facilitator switched the phones' view of the others' answers: ask the server again.
  ctx.socket.on('phone_view_changed', function () { ctx.wall.reset(); ctx.answers.renderAnswers(); });
  ctx.socket.on('question_changed', ctx.question.applyQuestionState);
  // The facilitator decided about an answer this connection sent: received (maybe redacted) or hidden.
  ctx.socket.on('answer_reviewed', ctx.outbox.applyOutcome);
  ctx.socket.on('connect', ctx.answers.checkOutcomes);
  ctx.socket.on('session_ended', function () { ctx.connection.endSession(); ctx.ask.setOpen(false); });

  ctx.connection.renderQueueCount();
}(window, document));
