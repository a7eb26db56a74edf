/*
 * Leersessie phone page: connection, rendering of the current step, answering (ES5).
 * All server text is set with textContent: content and answers are plain text.
 * Needs socket.io.min.js and phone-queue.js (window.PhoneQueue) loaded first.
 */
(function (window, document) {
  'use strict';

  var app = document.getElementById('app');
  if (!app || !window.io || !window.PhoneQueue) { return; }

  var CODE = app.getAttribute('data-code');
  var MAX = {open: 500, other: 200, word: 30};
  var ENDED_TEXT = 'De leersessie is afgelopen. Dank je wel!';
  var CLOSED_TEXT = 'Deze vraag is gesloten';
  var STATUS_TEXT = {sending: 'Versturen…', changing: 'Versturen…', withdrawing: 'Intrekken…',
    received: 'Ontvangen ✓', refused: 'Niet ontvangen'};

  var stepBox = document.getElementById('step');
  var banner = document.getElementById('status-banner');
  var queueCount = document.getElementById('queue-count');
  var state = {position: null, stepKey: '', question: null, form: null, editing: null,
    ended: false, fatal: false, wasOffline: false, deadline: null, timer: null, bannerTimer: null,
    queueTimer: null};
  var outbox = window.PhoneQueue.createOutbox(CODE, onOutboxChange);
  var socket = window.io('/phone', {auth: {code: CODE}});
  outbox.attach(socket);

  // ---- DOM helpers -------------------------------------------------------------------------

  // A new element with a class and plain text (never HTML).
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== '') { node.textContent = String(text); }
    return node;
  }

  // The element with this id, or null.
  function byId(id) { return document.getElementById(id); }

  // Show or hide an element with the `hidden` attribute.
  function show(node, visible) {
    if (!node) { return; }
    if (visible) { node.removeAttribute('hidden'); } else { node.setAttribute('hidden', ''); }
  }

  // A type=button with a click handler.
  function button(className, text, onTap) {
    var node = el('button', 'button ' + className, text);
    node.type = 'button';
    node.addEventListener('click', onTap);
    return node;
  }

  // Paragraphs from plain text: a blank line starts a new paragraph.
  function paragraphs(className, text) {
    var box = el('div', className);
    var parts = String(text || '').split(/\n\s*\n/);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].replace(/\s+/g, '')) { box.appendChild(el('p', 'para', parts[i].replace(/^\s+|\s+$/g, ''))); }
    }
    return box;
  }

  // Long text starts folded, with a "Lees verder" toggle.
  function foldable(box, text) {
    if (String(text || '').length < 600) { return box; }
    var wrap = el('div', 'foldable is-folded');
    wrap.appendChild(box);
    var toggle = button('button-link fold-toggle', 'Lees verder', function () {
      var folded = wrap.className.indexOf('is-folded') >= 0;
      wrap.className = folded ? 'foldable' : 'foldable is-folded';
      toggle.textContent = folded ? 'Minder tonen' : 'Lees verder';
    });
    wrap.appendChild(toggle);
    return wrap;
  }

  // The step's main heading, #step-title.
  function heading(text) {
    var node = el('h2', 'step-title', text);
    node.id = 'step-title';
    return node;
  }

  // ---- Connection banner and queue count ---------------------------------------------------

  // Show the connection banner: 'offline', 'online' (briefly), 'connecting' or hidden (null).
  function setBanner(kind, text) {
    if (state.bannerTimer) { window.clearTimeout(state.bannerTimer); state.bannerTimer = null; }
    banner.setAttribute('data-state', kind || 'hidden');
    banner.textContent = text || '';
    show(banner, !!kind);
    if (kind === 'online') {
      state.bannerTimer = window.setTimeout(function () { setBanner(null); }, 2500);
    }
  }

  // "N antwoord(en) wachten op verbinding" while anything is unsent: at once when offline,
  // after two seconds when online (a normal send takes far less; no flicker per answer).
  function renderQueueCount() {
    var n = outbox.pendingCount();
    queueCount.textContent = n === 1 ? '1 antwoord wacht op verbinding' : n + ' antwoorden wachten op verbinding';
    queueCount.setAttribute('data-count', String(n));
    var waiting = n > 0 && !state.ended && !state.fatal;
    if (waiting && socket.connected && queueCount.hasAttribute('hidden')) {
      if (!state.queueTimer) {
        state.queueTimer = window.setTimeout(function () {
          state.queueTimer = null;
          show(queueCount, outbox.pendingCount() > 0 && !state.ended && !state.fatal);
        }, 2000);
      }
      return;
    }
    show(queueCount, waiting);
  }

  // ---- Steps ---------------------------------------------------------------------------------

  var builders = {
    title: function (step, pos) {
      var box = el('div', 'step-body');
      if (pos.number) { box.appendChild(el('p', 'step-label', 'Leersessie ' + pos.number)); }
      box.appendChild(heading(pos.title));
      if (step.subtitle) { box.appendChild(el('p', 'step-subtitle', step.subtitle)); }
      return box;
    },
    statement: function (step) {
      var box = el('div', 'step-body');
      box.appendChild(heading(step.heading || 'Opbrengst'));
      box.appendChild(foldable(paragraphs('step-text', step.text), step.text));
      return box;
    },
    quote: function (step) {
      var box = el('div', 'step-body');
      var title = heading('Uit de praktijk');
      title.className = 'step-label';
      box.appendChild(title);
      var quote = el('blockquote', 'quote');
      quote.appendChild(foldable(paragraphs('quote-text', step.text), step.text));
      if (step.source) { quote.appendChild(el('p', 'quote-source', '— ' + step.source)); }
      box.appendChild(quote);
      return box;
    },
    insight: function (step) {
      var box = el('div', 'step-body');
      var group = step.group && step.group !== 'Inzichten' ? step.group : 'Inzicht';
      var label = step.number ? group + ' ' + step.number : group;
      var labelNode = el('p', 'step-label', label);
      labelNode.id = 'step-label';
      box.appendChild(labelNode);
      box.appendChild(heading(step.heading));
      box.appendChild(foldable(paragraphs('step-text', step.body), step.body));
      return box;
    },
    resources: function (step) {
      var box = el('div', 'step-body');
      box.appendChild(heading(step.heading || 'Hulpbronnen'));
      var groups = step.groups || [];
      for (var g = 0; g < groups.length; g++) {
        var section = el('section', 'resource-group');
        if (groups[g].publisher) { section.appendChild(el('h3', 'resource-publisher', groups[g].publisher)); }
        var list = el('ul', 'resource-list');
        for (var l = 0; l < groups[g].links.length; l++) {
          var link = groups[g].links[l];
          var item = el('li', 'resource-item');
          var anchor = el('a', 'resource-link', link.label);
          if (/^https?:\/\//i.test(link.url)) { anchor.href = link.url; }
          anchor.target = '_blank';
          anchor.rel = 'noopener noreferrer';
          anchor.appendChild(el('span', 'visually-hidden', ' (opent in een nieuw tabblad)'));
          item.appendChild(anchor);
          list.appendChild(item);
        }
        section.appendChild(list);
        box.appendChild(section);
      }
      return box;
    },
    closing: function (step) {
      var box = el('div', 'step-body');
      box.appendChild(heading(step.heading || 'Dank je wel'));
      if (step.text) { box.appendChild(paragraphs('step-text', step.text)); }
      return box;
    },
    question: function (step) { return buildQuestion(step); }
  };

  // Render a `step_changed` position; the same step again only refreshes its state.
  function renderPosition(pos) {
    if (!pos || !pos.step) { return; }
    state.position = pos;
    byId('session-title').textContent = pos.title || '';
    var key = pos.index + ':' + pos.step.id;
    if (key !== state.stepKey) {
      state.stepKey = key;
      state.form = null;
      state.editing = null;
      state.question = null;
      stopCountdown();
      var build = builders[pos.step.type] || builders.closing;
      stepBox.textContent = '';
      stepBox.setAttribute('data-step-type', pos.step.type);
      stepBox.setAttribute('data-step-id', pos.step.id);
      stepBox.setAttribute('data-step-index', String(pos.index));
      var content = el('div', 'step-content');
      content.id = 'step-content';
      content.appendChild(build(pos.step, pos));
      stepBox.appendChild(content);
      var pause = el('div', 'blank-notice', 'Even pauze…');
      pause.id = 'blank-notice';
      stepBox.appendChild(pause);
      if (window.scrollTo) { window.scrollTo(0, 0); }
    }
    show(byId('step-content'), !pos.blank);
    show(byId('blank-notice'), !!pos.blank);
    stepBox.setAttribute('data-blank', pos.blank ? 'true' : 'false');
    if (pos.step.question) { applyQuestionState(pos.question); }
    if (pos.status && pos.status !== 'live') { endSession(); }
  }

  // ---- Questions -----------------------------------------------------------------------------

  // The question of the current step, or null.
  function currentQuestion() {
    var pos = state.position;
    return pos && pos.step && pos.step.question ? pos.step.question : null;
  }

  function currentStepId() {
    return state.position && state.position.step ? state.position.step.id : null;
  }

  // True when no answer can be sent or changed now.
  function isClosed() {
    return state.ended || state.fatal || !state.question || !state.question.open;
  }

  // The question screen: prompt, help, timer, input for its kind, and the own answers.
  function buildQuestion(step) {
    var q = step.question;
    var box = el('div', 'step-body question question-' + q.kind);
    box.appendChild(heading(q.prompt));
    if (q.help) { box.appendChild(paragraphs('question-help', q.help)); }
    var timer = el('p', 'question-timer');
    timer.id = 'question-timer';
    timer.setAttribute('hidden', '');
    box.appendChild(timer);
    var closed = el('p', 'question-closed', CLOSED_TEXT);
    closed.id = 'question-closed';
    closed.setAttribute('hidden', '');
    box.appendChild(closed);
    state.form = window.PhoneForms.build(q, MAX);
    var formBox = el('div', 'answer-form');
    formBox.id = 'answer-form';
    formBox.appendChild(state.form.node);
    var error = el('p', 'form-error');
    error.id = 'form-error';
    error.setAttribute('role', 'alert');
    error.setAttribute('hidden', '');
    formBox.appendChild(error);
    var actions = el('div', 'form-actions');
    var submit = button('button-primary submit-button', 'Versturen', onSubmit);
    submit.id = 'submit-button';
    actions.appendChild(submit);
    var cancel = button('button-secondary cancel-edit', 'Annuleren', function () {
      state.editing = null;
      state.form.clear();
      renderAnswers();
    });
    cancel.id = 'cancel-edit';
    cancel.setAttribute('hidden', '');
    actions.appendChild(cancel);
    formBox.appendChild(actions);
    box.appendChild(formBox);
    var notice = el('p', 'answer-notice');
    notice.id = 'answer-notice';
    notice.setAttribute('role', 'status');
    notice.setAttribute('hidden', '');
    box.appendChild(notice);
    var list = el('ul', 'my-answers');
    list.id = 'my-answers';
    box.appendChild(list);
    window.setTimeout(renderAnswers, 0);
    return box;
  }

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
  function onSubmit() {
    var q = currentQuestion();
    if (!q || !state.form || isClosed()) { return; }
    var result = state.form.read();
    if (result.error) { formError(result.error); return; }
    formError('');
    if (state.editing) {
      outbox.change(state.editing, result.value);
      state.editing = null;
    } else {
      outbox.submit(currentStepId(), result.value);
    }
    state.form.clear();
    renderAnswers();
  }

  // The phone's active answers (not refused) to the current question.
  function activeAnswers() {
    var list = outbox.answersFor(currentStepId());
    var active = [];
    for (var i = 0; i < list.length; i++) {
      if (list[i].status !== 'refused') { active.push(list[i]); }
    }
    return active;
  }

  // Show the own answers with status, and the form when a (new or changed) answer is possible.
  function renderAnswers() {
    var q = currentQuestion();
    var list = byId('my-answers');
    if (!q || !list || !state.form) { return; }
    var single = q.kind !== 'open';
    var mine = outbox.answersFor(currentStepId());
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
    setDisabled(isClosed());
  }

  // One own answer: its text, status, and Wijzig / Intrekken.
  function answerItem(q, answer) {
    var item = el('li', 'my-answer');
    item.setAttribute('data-answer-id', answer.id);
    item.setAttribute('data-status', answer.status);
    if (state.editing === answer.id && q.kind === 'open') {
      var hint = el('p', 'answer-editing', 'Je past dit antwoord aan in het veld hierboven.');
      item.appendChild(hint);
      return item;
    }
    item.appendChild(el('p', 'answer-text', window.PhoneForms.describe(q, answer.value)));
    var status = el('p', 'answer-status', STATUS_TEXT[answer.status] || '');
    status.setAttribute('data-status', answer.status);
    item.appendChild(status);
    if (answer.message) { item.appendChild(el('p', 'answer-message', answer.message)); }
    var actions = el('div', 'answer-actions');
    if (answer.status === 'refused') {
      actions.appendChild(button('button-secondary answer-dismiss', 'Weghalen', function () {
        outbox.dismiss(answer.id);
      }));
    } else if (answer.status !== 'withdrawing') {
      actions.appendChild(button('button-secondary answer-change', 'Wijzig', function () {
        startEditing(answer);
      }));
      actions.appendChild(button('button-secondary answer-withdraw', 'Intrekken', function () {
        if (state.editing === answer.id) { state.editing = null; state.form.clear(); }
        outbox.withdraw(answer.id);
      }));
    }
    item.appendChild(actions);
    return item;
  }

  // Put an own answer into the form for changing it (same answer_id).
  function startEditing(answer) {
    if (isClosed()) { return; }
    state.editing = answer.id;
    state.form.fill(answer.value);
    formError('');
    renderAnswers();
    state.form.focus();
  }

  // Enable or disable every input of the question (closed question, ended session).
  function setDisabled(disabled) {
    var nodes = stepBox.querySelectorAll('input, textarea, .option, .scale-button, .submit-button, .cancel-edit, .answer-change, .answer-withdraw');
    for (var i = 0; i < nodes.length; i++) { nodes[i].disabled = disabled; }
  }

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
    renderAnswers();
  }

  function twoDigits(n) { return n < 10 ? '0' + n : String(n); }

  // Count down locally from the server's remaining seconds (phone clocks may be wrong).
  function startCountdown(seconds) {
    stopCountdown();
    state.deadline = new Date().getTime() + seconds * 1000;
    tick();
    state.timer = window.setInterval(tick, 1000);
  }

  // Redraw the countdown as mm:ss.
  function tick() {
    var node = byId('question-timer');
    if (!node || state.deadline === null) { return; }
    var left = Math.max(0, Math.round((state.deadline - new Date().getTime()) / 1000));
    node.textContent = 'Nog ' + twoDigits(Math.floor(left / 60)) + ':' + twoDigits(left % 60);
    node.setAttribute('data-seconds', String(left));
    show(node, true);
  }

  function stopCountdown() {
    if (state.timer) { window.clearInterval(state.timer); }
    state.timer = null;
    state.deadline = null;
    show(byId('question-timer'), false);
  }

  // Outbox changed (queued, acknowledged, refused): refresh the answers and the queue count.
  function onOutboxChange(what) {
    renderQueueCount();
    if (what === 'withdrawn') { flash('Je antwoord is ingetrokken.'); }
    renderAnswers();
  }

  // ---- Session end and refused connections -------------------------------------------------

  // A notice above the step (created once, then updated).
  function notice(id, text) {
    var node = byId(id);
    if (!node) {
      node = el('p', 'notice');
      node.id = id;
      node.setAttribute('role', 'alert');
      app.insertBefore(node, stepBox);
    }
    node.textContent = text;
    return node;
  }

  // The session ended: say thanks, stop the timer and disable every input.
  function endSession() {
    if (state.ended) { return; }
    state.ended = true;
    notice('session-ended', ENDED_TEXT).className = 'notice notice-ended';
    stopCountdown();
    show(byId('question-closed'), false);
    state.editing = null;
    outbox.abandon('Niet verstuurd: de leersessie is afgelopen.');
    setBanner(null);
    socket.disconnect();
    renderAnswers();
    setDisabled(true);
  }

  // The server refused this code (unknown or ended): say so, keep the content, stop retrying.
  function refuseCode(message) {
    state.fatal = true;
    socket.disconnect();
    setBanner(null);
    stopCountdown();
    state.editing = null;
    var node = notice('code-refused', message || 'Deze code kennen we niet, of de leersessie is afgelopen.');
    node.className = 'notice notice-error';
    var link = el('a', 'button button-secondary rejoin-link', 'Een andere code invullen');
    link.href = '/';
    link.id = 'rejoin-link';
    app.insertBefore(link, stepBox);
    outbox.abandon('Niet verstuurd: de leersessie is afgelopen.');
    setDisabled(true);
  }

  // A Dutch refusal text from the server ("Deze code kennen we niet, ..."), or null.
  function refusalText(err) {
    var message = String(err && err.message || '');
    return /kennen we niet|afgelopen|onbekend|bestaat niet/i.test(message) ? message : null;
  }

  // ---- Socket --------------------------------------------------------------------------------

  socket.on('connect', function () {
    setBanner(state.wasOffline ? 'online' : null, 'Weer verbonden');
    state.wasOffline = false;
    outbox.flush();
    renderQueueCount();
  });

  socket.on('disconnect', function (reason) {
    if (state.ended || state.fatal) { return; }
    state.wasOffline = true;
    setBanner('offline', 'Geen verbinding — we proberen het opnieuw…');
    renderQueueCount();
    if (reason === 'io server disconnect') {
      window.setTimeout(function () { if (!state.ended && !state.fatal) { socket.connect(); } }, 2000);
    }
  });

  // A refused namespace connection (socket no longer active) means an unknown or ended code:
  // the only reason /phone refuses. Network trouble leaves the socket active: it retries itself.
  socket.on('connect_error', function (err) {
    if (state.ended || state.fatal) { return; }
    if (!socket.active || refusalText(err)) { refuseCode(refusalText(err)); return; }
    state.wasOffline = true;
    setBanner('offline', 'Geen verbinding — we proberen het opnieuw…');
  });

  socket.on('step_changed', renderPosition);
  socket.on('question_changed', applyQuestionState);
  socket.on('session_ended', endSession);

  // Phone woke up or came back online: reconnect, or check that the connection still works.
  function wakeUp() {
    if (state.ended || state.fatal || document.hidden) { return; }
    if (!socket.connected) { socket.connect(); return; }
    socket.timeout(5000).emit('sync', {}, function (err, ack) {
      if (err) {
        // A socket that looks connected but does not answer: drop it and reconnect.
        if (socket.io && socket.io.engine) { socket.io.engine.close(); }
        return;
      }
      if (ack && ack.ok && ack.position) { renderPosition(ack.position); }
      outbox.flush();
    });
  }

  document.addEventListener('visibilitychange', wakeUp);
  window.addEventListener('online', wakeUp);
  window.addEventListener('pageshow', function (event) { if (event.persisted) { wakeUp(); } });

  renderQueueCount();
}(window, document));
