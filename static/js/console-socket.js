/*
 * The console's connection to the /console namespace: the offline banner, retries after a
 * refusal, and emit() with an acknowledgement. Buttons only emit; what they change comes back
 * as server events, so a failed emit needs nothing more than a toast.
 * Exposed as window.LeersessieConsoleSocket.
 */
(function () {
  "use strict";

  var toast = window.LeersessieUI.toast;

  var ACK_TIMEOUT_MS = 8000;
  var RETRY_MS = 5000;
  var LOST_TEXT = "Verbinding verbroken — opnieuw verbinden…";

  /**
   * Connect for live session `code`. `view` has connBanner, connText and root (for the
   * "is-offline" class). Returns {socket, emit(event, payload, onOk)}.
   */
  function connect(code, view) {
    var socket = io("/console", {auth: {code: code}, reconnectionDelayMax: 4000});
    watchConnection(socket, view);
    return {socket: socket, emit: function (event, payload, onOk) { emit(socket, event, payload, onOk); }};
  }

  /** Show or hide the offline banner; `text` replaces its message when given. */
  function setConnected(view, connected, text) {
    view.connBanner.hidden = connected;
    if (text) view.connText.textContent = text;
    view.root.classList.toggle("is-offline", !connected);
  }

  /** Keep the banner in step with the socket; socket.io does not retry a refusal by itself. */
  function watchConnection(socket, view) {
    var retryTimer = null;
    socket.on("connect", function () {
      setConnected(view, true);
      if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    });
    socket.on("disconnect", function () {
      setConnected(view, false, LOST_TEXT);
    });
    socket.on("connect_error", function (err) {
      var message = err && err.message ? err.message : "";
      if (socket.active) {
        setConnected(view, false, LOST_TEXT);
        return;
      }
      // Refused by the server (not logged in, unknown code): try again now and then.
      setConnected(view, false, "Geen verbinding: " + (message || "geweigerd") + ". Opnieuw proberen…");
      if (!retryTimer) {
        retryTimer = setTimeout(function () { retryTimer = null; socket.connect(); }, RETRY_MS);
      }
    });
  }

  /** Emit with an acknowledgement; ok:false and time-outs end in a toast. */
  function emit(socket, event, payload, onOk) {
    if (!socket.connected) {
      toast("Geen verbinding met de server. Even geduld…", "error");
      return;
    }
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload || {}, function (err, ack) {
      if (err) {
        toast("De server antwoordt niet. Probeer het opnieuw.", "error");
        return;
      }
      if (!ack || ack.ok === false) {
        toast((ack && ack.message) || "Dat lukte niet.", "error");
        return;
      }
      if (onOk) onOk(ack);
    });
  }

  window.LeersessieConsoleSocket = {connect: connect};
})();
