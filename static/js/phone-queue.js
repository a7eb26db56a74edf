/*
 * Leersessie phone: answer ids, the phone's own answers and a persistent outbox (ES5).
 *
 * Every outgoing event (submit/change/withdraw) is first stored in localStorage, then sent in
 * order, one at a time, and removed only when the server acknowledged it. A timeout or a lost
 * connection keeps it for a later retry; a refusal ({ok: false}) drops it: nothing was stored.
 * Exposes window.PhoneQueue = {makeAnswerId, createOutbox}.
 */
(function (window) {
  'use strict';

  var ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  var ID_LENGTH = 22;
  var ACK_TIMEOUT_MS = 8000;
  var RETRY_MS = 3000;
  var RATE_LIMIT_RETRY_MS = 10000;
  var CLOSED_MESSAGE = 'Deze vraag is gesloten';

  // A random answer id: 22 characters of [A-Za-z0-9_-] (132 bits) from the crypto source.
  function makeAnswerId() {
    var source = window.crypto || window.msCrypto;
    var bytes = [];
    var i;
    if (source && source.getRandomValues && window.Uint8Array) {
      var array = new window.Uint8Array(ID_LENGTH);
      source.getRandomValues(array);
      for (i = 0; i < ID_LENGTH; i++) { bytes.push(array[i]); }
    } else {
      for (i = 0; i < ID_LENGTH; i++) { bytes.push(Math.floor(Math.random() * 256)); }
    }
    var id = '';
    for (i = 0; i < ID_LENGTH; i++) { id += ID_ALPHABET.charAt(bytes[i] & 63); }
    return id;
  }

  // Parsed JSON from localStorage, or null when missing, broken or not allowed.
  function readJson(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  // Store JSON in localStorage; private mode or a full disk only costs persistence.
  function writeJson(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* keep working from memory */ }
  }

  var PREFIX = 'leersessie:';
  var KEEP_MS = 24 * 60 * 60 * 1000;
  var PARTS = ['queue', 'answers', 'saved', 'voter'];

  // Remove everything this phone stored about one live session.
  function forgetCode(code) {
    for (var i = 0; i < PARTS.length; i++) {
      try { window.localStorage.removeItem(PREFIX + code + ':' + PARTS[i]); } catch (e) { /* nothing stored */ }
    }
  }

  // At page load: forget sessions last written more than a day ago (own answers are nobody's
  // business once the session is over, also not of the next person to borrow this phone).
  function forgetOldSessions(now) {
    var codes = {};
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        var match = key && /^leersessie:([^:]+):(queue|answers|saved|voter)$/.exec(key);
        if (match) { codes[match[1]] = true; }
      }
    } catch (e) { return; }
    for (var code in codes) {
      if (!Object.prototype.hasOwnProperty.call(codes, code)) { continue; }
      var saved = readJson(PREFIX + code + ':saved');
      if (typeof saved !== 'number') { writeJson(PREFIX + code + ':saved', now); } // older data: start its day now
      else if (now - saved > KEEP_MS) { forgetCode(code); }
    }
  }

  function isArray(value) {
    return Object.prototype.toString.call(value) === '[object Array]';
  }

  // The outbox of one live session (per code): own answers plus the queue of unsent events.
  // onChange(what, answer) is called after every change ('queued', 'acked', 'withdrawn', ...).
  function createOutbox(code, onChange) {
    var prefix = PREFIX + code + ':';
    var forgotten = false;
    var queue = readJson(prefix + 'queue');
    var answers = readJson(prefix + 'answers');
    var socket = null;
    var inFlight = null;
    var retryTimer = null;
    if (!isArray(queue)) { queue = []; }
    if (!isArray(answers)) { answers = []; }

    function save() {
      if (forgotten) { return; }
      writeJson(prefix + 'queue', queue);
      writeJson(prefix + 'answers', answers);
      writeJson(prefix + 'saved', new Date().getTime());
    }

    // The session is over: keep showing the answers on this page, but store nothing any more.
    function forget() {
      forgotten = true;
      queue = [];
      forgetCode(code);
    }

    function notify(what, answer) {
      save();
      if (onChange) { onChange(what, answer || null); }
    }

    function find(id) {
      for (var i = 0; i < answers.length; i++) {
        if (answers[i].id === id) { return answers[i]; }
      }
      return null;
    }

    function removeAnswer(id) {
      for (var i = answers.length - 1; i >= 0; i--) {
        if (answers[i].id === id) { answers.splice(i, 1); }
      }
    }

    // Queue items for this answer that were never handed to the socket (safe to rewrite).
    function unsentItems(id) {
      var found = [];
      for (var i = 0; i < queue.length; i++) {
        if (queue[i].id === id && !queue[i].sent && queue[i] !== inFlight) { found.push(queue[i]); }
      }
      return found;
    }

    function hasQueued(id) {
      for (var i = 0; i < queue.length; i++) {
        if (queue[i].id === id) { return true; }
      }
      return false;
    }

    function dropQueued(id, keep) {
      for (var i = queue.length - 1; i >= 0; i--) {
        if (queue[i].id === id && queue[i] !== keep && queue[i] !== inFlight) { queue.splice(i, 1); }
      }
    }

    function enqueue(event, payload, id) {
      queue.push({event: event, payload: payload, id: id, sent: false});
    }

    // A new answer to a question: stored locally, queued, sent when connected.
    function submit(stepId, value) {
      var answer = {id: makeAnswerId(), step_id: stepId, value: value, confirmed: null,
        status: 'sending', message: '', created: new Date().getTime()};
      answers.push(answer);
      enqueue('submit_answer', {answer_id: answer.id, step_id: stepId, value: value}, answer.id);
      notify('queued', answer);
      flush();
      return answer;
    }

    // Change an own answer (same answer_id); an unsent submit is simply rewritten.
    function change(id, value) {
      var answer = find(id);
      if (!answer) { return; }
      answer.value = value;
      answer.message = '';
      var pending = unsentItems(id);
      var last = pending.length ? pending[pending.length - 1] : null;
      if (last && last.event === 'submit_answer') {
        last.payload.value = value;
        answer.status = 'sending';
      } else if (last && last.event === 'change_answer') {
        last.payload.value = value;
        answer.status = 'changing';
      } else {
        enqueue('change_answer', {answer_id: id, value: value}, id);
        answer.status = 'changing';
      }
      notify('queued', answer);
      flush();
    }

    // Withdraw an own answer; one the server never saw is just forgotten.
    function withdraw(id) {
      var answer = find(id);
      if (!answer) { return; }
      var pending = unsentItems(id);
      if (pending.length && pending[0].event === 'submit_answer') {
        dropQueued(id, null);
        removeAnswer(id);
        notify('withdrawn', answer);
        return;
      }
      dropQueued(id, null);
      enqueue('withdraw_answer', {answer_id: id}, id);
      answer.status = 'withdrawing';
      answer.message = '';
      notify('queued', answer);
      flush();
    }

    // Forget a refused answer from the list.
    function dismiss(id) {
      removeAnswer(id);
      dropQueued(id, null);
      notify('dismissed', null);
    }

    function refusalMessage(ack) {
      if (ack.error === 'question_closed') { return CLOSED_MESSAGE; }
      return ack.message || 'Dit is niet gelukt.';
    }

    // Apply a server acknowledgement of the first queue item.
    function applyAck(item, ack) {
      var answer = find(item.id);
      if (ack.ok) {
        queue.splice(queue.indexOf(item), 1);
        if (!answer) { return 'acked'; }
        if (item.event === 'withdraw_answer') {
          removeAnswer(item.id);
          return 'withdrawn';
        }
        answer.confirmed = item.payload.value;
        answer.held = !!ack.held;  // the facilitator looks first; the phone is never told why
        if (answer.held) { answer.outcome = null; }
        if (!hasQueued(item.id)) { answer.status = 'received'; }
        return 'acked';
      }
      queue.splice(queue.indexOf(item), 1);
      if (!answer) { return 'refused'; }
      answer.message = refusalMessage(ack);
      if (item.event === 'submit_answer' || answer.confirmed === null) {
        // The server has no such answer: later changes or a withdrawal cannot work either.
        dropQueued(item.id, null);
        answer.status = 'refused';
      } else if (item.event === 'change_answer') {
        answer.value = answer.confirmed;
        if (!hasQueued(item.id)) { answer.status = 'received'; }
      } else if (!hasQueued(item.id)) {
        answer.status = 'received';
      }
      return 'refused';
    }

    function scheduleRetry(delay) {
      if (retryTimer) { return; }
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        flush();
      }, delay);
    }

    // Send the queue in order, one event at a time, while the socket is connected.
    function flush() {
      if (inFlight || !socket || !socket.connected || !queue.length) { return; }
      var item = queue[0];
      inFlight = item;
      if (!item.sent) { item.sent = true; save(); }
      socket.timeout(ACK_TIMEOUT_MS).emit(item.event, item.payload, function (err, ack) {
        inFlight = null;
        if (queue.indexOf(item) < 0) { flush(); return; }
        if (err || !ack || typeof ack !== 'object') {
          scheduleRetry(RETRY_MS);
          return;
        }
        if (!ack.ok && ack.error === 'rate_limited') {
          scheduleRetry(RATE_LIMIT_RETRY_MS);
          return;
        }
        var what = applyAck(item, ack);
        notify(what, find(item.id));
        flush();
      });
    }

    // Use this socket for sending; call flush() again on every (re)connect.
    function attach(newSocket) {
      socket = newSocket;
    }

    // The session is over: nothing queued can still arrive; mark those answers as not sent.
    function abandon(message) {
      for (var i = 0; i < queue.length; i++) {
        var answer = find(queue[i].id);
        if (answer && answer.status !== 'received') {
          if (answer.confirmed !== null) { answer.value = answer.confirmed; }
          answer.status = answer.confirmed === null ? 'refused' : 'received';
          answer.message = message;
        }
      }
      queue = [];
      notify('abandoned', null);
    }

    // What the facilitator decided about an own held answer (answer_reviewed, answer_status), never why:
    // 'received' carries the value as the server keeps it (an anonymized text replaces the original here
    // and in localStorage), 'hidden' is shown as "Niet getoond". An answer with a change on its way waits
    // for that change's own ack. True when something changed.
    function applyOutcome(outcome) {
      var answer = outcome && typeof outcome.answer_id === 'string' ? find(outcome.answer_id) : null;
      if (!answer || answer.status !== 'received' || hasQueued(answer.id)) { return false; }
      if (outcome.outcome === 'withdrawn') {  // withdrawn elsewhere (another tab): gone here too
        removeAnswer(answer.id);
        notify('withdrawn', answer);
        return true;
      }
      if (outcome.outcome === 'hidden') {
        if (!answer.held && answer.outcome === 'hidden') { return false; }
        answer.held = false;
        answer.outcome = 'hidden';
      } else if (outcome.outcome === 'received' && outcome.value && typeof outcome.value === 'object') {
        var value = {};
        for (var key in outcome.value) {
          if (Object.prototype.hasOwnProperty.call(outcome.value, key)) { value[key] = outcome.value[key]; }
        }
        if (answer.value && answer.value.visibility) { value.visibility = answer.value.visibility; }
        answer.value = value;
        answer.confirmed = value;
        answer.held = false;
        answer.outcome = null;
      } else {
        return false;
      }
      notify('reviewed', answer);
      return true;
    }

    // The ids of own answers that wait for the facilitator (the phone's capability to ask about them).
    function heldIds() {
      var ids = [];
      for (var i = 0; i < answers.length; i++) {
        if (answers[i].held && answers[i].status === 'received') { ids.push(answers[i].id); }
      }
      return ids;
    }

    // The phone's own answers to one question, oldest first.
    function answersFor(stepId) {
      var list = [];
      for (var i = 0; i < answers.length; i++) {
        if (answers[i].step_id === stepId) { list.push(answers[i]); }
      }
      return list;
    }

    return {
      submit: submit,
      change: change,
      withdraw: withdraw,
      dismiss: dismiss,
      flush: flush,
      attach: attach,
      abandon: abandon,
      forget: forget,
      find: find,
      answersFor: answersFor,
      applyOutcome: applyOutcome,
      heldIds: heldIds,
      pendingCount: function () { return queue.length; }
    };
  }

  forgetOldSessions(new Date().getTime());

  // The phone's token for "herkenbaar" in one live run: made once, kept with the answers, forgotten with them.
  function voterToken(code) {
    var key = PREFIX + code + ':voter';
    var token = readJson(key);
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
      token = makeAnswerId();
      writeJson(key, token);
    }
    return token;
  }

  window.PhoneQueue = {makeAnswerId: makeAnswerId, voterToken: voterToken, createOutbox: createOutbox, forgetOldSessions: forgetOldSessions};
}(window));
