/*
 * Leersessie phone: the connection as the participant sees it (ES5): the status banner, the
 * count of answers waiting for the connection, reconnecting and resyncing after sleep, and the
 * end of the session or a refused code. Exposes window.PhoneConnection = {create}.
 */
(function (window, document) {
  'use strict';

  var ENDED_TEXT = 'De leersessie is afgelopen. Dank je wel!';
  var ENDED_SHORT_TEXT = 'De leersessie is afgelopen.';
  var UNKNOWN_CODE_TEXT = 'Deze code kennen we niet, of de leersessie is afgelopen.';
  var ABANDONED_TEXT = 'Niet verstuurd: de leersessie is afgelopen.';
  var OFFLINE_TEXT = 'Geen verbinding — we proberen het opnieuw…';

  // The connection handling of one phone page; ctx is the shared context wired by phone.js.
  function create(ctx) {
    var dom = window.PhoneRender;
    var el = dom.el, byId = dom.byId, show = dom.show;
    var state = ctx.state;
    var socket = ctx.socket;
    var outbox = ctx.outbox;
    var banner = byId('status-banner');
    var queueCount = byId('queue-count');
    var wasOffline = false;
    var bannerTimer = null;
    var queueTimer = null;

    // True once nothing can be sent any more: stop reconnecting and reporting.
    function isOver() { return state.ended || state.fatal; }

    // ---- Banner and queue count ------------------------------------------------------------

    // Show the connection banner: 'offline', 'online' (briefly), 'connecting' or hidden (null).
    function setBanner(kind, text) {
      if (bannerTimer) { window.clearTimeout(bannerTimer); bannerTimer = null; }
      banner.setAttribute('data-state', kind || 'hidden');
      banner.textContent = text || '';
      show(banner, !!kind);
      if (kind === 'online') {
        bannerTimer = window.setTimeout(function () { setBanner(null); }, 2500);
      }
    }

    // "N antwoord(en) wachten op verbinding" while anything is unsent: at once when offline,
    // after two seconds when online (a normal send takes far less; no flicker per answer).
    function renderQueueCount() {
      var n = outbox.pendingCount();
      queueCount.textContent = n === 1 ? '1 antwoord wacht op verbinding' : n + ' antwoorden wachten op verbinding';
      queueCount.setAttribute('data-count', String(n));
      var waiting = n > 0 && !isOver();
      if (waiting && socket.connected && queueCount.hasAttribute('hidden')) {
        if (!queueTimer) {
          queueTimer = window.setTimeout(function () {
            queueTimer = null;
            show(queueCount, outbox.pendingCount() > 0 && !isOver());
          }, 2000);
        }
        return;
      }
      show(queueCount, waiting);
    }

    // ---- Session end and refused connections -----------------------------------------------

    // A notice above the step (created once, then updated).
    function notice(id, text) {
      var node = byId(id);
      if (!node) {
        node = el('p', 'notice');
        node.id = id;
        node.setAttribute('role', 'alert');
        ctx.app.insertBefore(node, ctx.stepBox);
      }
      node.textContent = text;
      return node;
    }

    // The session ended: say thanks, stop the timer and disable every input.
    function endSession() {
      if (state.ended) { return; }
      state.ended = true;
      // On the closing slide the phone already says thank you: the notice does not say it twice.
      var onClosing = state.position && state.position.step && state.position.step.type === 'closing';
      notice('session-ended', onClosing ? ENDED_SHORT_TEXT : ENDED_TEXT).className = 'notice notice-ended';
      ctx.question.stopCountdown();
      show(byId('question-closed'), false);
      state.editing = null;
      outbox.abandon(ABANDONED_TEXT);
      outbox.forget();
      setBanner(null);
      socket.disconnect();
      ctx.answers.renderAnswers();
      ctx.question.setDisabled(true);
      // Herkenbaar, Vernieuwen and Meer antwoorden cannot reach the server any more: no dead buttons.
      var taps = document.querySelectorAll('.vote-button, .others-refresh, .others-more, .ask-refresh');
      for (var i = 0; i < taps.length; i++) { taps[i].disabled = true; }
    }

    // The server refused this code (unknown or ended): say so, keep the content, stop retrying.
    function refuseCode(message) {
      state.fatal = true;
      socket.disconnect();
      setBanner(null);
      ctx.question.stopCountdown();
      state.editing = null;
      notice('code-refused', message || UNKNOWN_CODE_TEXT).className = 'notice notice-error';
      var link = el('a', 'button button-secondary rejoin-link', 'Een andere code invullen');
      link.href = '/';
      link.id = 'rejoin-link';
      ctx.app.insertBefore(link, ctx.stepBox);
      outbox.abandon(ABANDONED_TEXT);
      outbox.forget();
      ctx.question.setDisabled(true);
    }

    // A Dutch refusal text from the server ("Deze code kennen we niet, ..."), or null.
    function refusalText(err) {
      var message = String(err && err.message || '');
      return /kennen we niet|afgelopen|onbekend|bestaat niet/i.test(message) ? message : null;
    }

    // ---- Socket events ---------------------------------------------------------------------

    // Connected (again): say so briefly after an outage and send what waited.
    function onConnect() {
      setBanner(wasOffline ? 'online' : null, 'Weer verbonden');
      wasOffline = false;
      outbox.flush();
      renderQueueCount();
    }

    // Lost the connection: socket.io retries by itself, except after a server-side disconnect.
    function onDisconnect(reason) {
      if (isOver()) { return; }
      wasOffline = true;
      setBanner('offline', OFFLINE_TEXT);
      renderQueueCount();
      if (reason === 'io server disconnect') {
        window.setTimeout(function () { if (!isOver()) { socket.connect(); } }, 2000);
      }
    }

    // A refused namespace connection (socket no longer active) means an unknown or ended code:
    // the only reason /phone refuses. Network trouble leaves the socket active: it retries itself.
    function onConnectError(err) {
      if (isOver()) { return; }
      if (!socket.active || refusalText(err)) { refuseCode(refusalText(err)); return; }
      wasOffline = true;
      setBanner('offline', OFFLINE_TEXT);
    }

    // Phone woke up or came back online: reconnect, or check that the connection still works.
    function wakeUp() {
      if (isOver() || document.hidden) { return; }
      if (!socket.connected) { socket.connect(); return; }
      socket.timeout(5000).emit('sync', {}, function (err, ack) {
        if (err) {
          // A socket that looks connected but does not answer: drop it and reconnect.
          if (socket.io && socket.io.engine) { socket.io.engine.close(); }
          return;
        }
        if (ack && ack.ok && ack.position) { ctx.render.renderPosition(ack.position); }
        outbox.flush();
      });
    }

    // Follow the socket and the page's sleep/wake and online events.
    function listen() {
      socket.on('connect', onConnect);
      socket.on('disconnect', onDisconnect);
      socket.on('connect_error', onConnectError);
      document.addEventListener('visibilitychange', wakeUp);
      window.addEventListener('online', wakeUp);
      window.addEventListener('pageshow', function (event) { if (event.persisted) { wakeUp(); } });
    }

    return {listen: listen, renderQueueCount: renderQueueCount, endSession: endSession};
  }

  window.PhoneConnection = {create: create};
}(window, document));
