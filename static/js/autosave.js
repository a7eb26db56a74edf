/*
 * What the two autosaves (editor-save.js, opbrengst-save.js) share: a draft in localStorage,
 * the save status line, the PUT itself, the Dutch text of a failure and the growing pause
 * between retries. Each autosave keeps its own rules (versions, conflicts, what is sent).
 * Exposed as window.LeersessieAutosave.
 */
(function () {
  "use strict";

  var MAX_BACKOFF = 30000;  // ms: the longest pause between two retries

  /** The draft under `key`: load() (or null), store(data) with the time added, clear(). */
  function drafts(key) {
    return {
      load: function () {
        try {
          var raw = window.localStorage.getItem(key);
          return raw ? JSON.parse(raw) : null;
        } catch (e) { return null; }
      },
      store: function (data) {
        try {
          data.at = new Date().toISOString();
          window.localStorage.setItem(key, JSON.stringify(data));
        } catch (e) { /* storage full or off: the server save still runs */ }
      },
      clear: function () {
        try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
      },
    };
  }

  /** setStatus(kind, text) for a status line; the retry button only shows on errors. */
  function statusLine(status, retry) {
    return function (kind, text) {
      status.className = "save-status is-" + kind;
      status.textContent = text;
      retry.hidden = kind !== "error";
    };
  }

  /**
   * PUT `body` as JSON; resolves with the server's JSON answer and its HTTP `status` added
   * ({} when the answer is no JSON); rejects only when the request never got an answer.
   */
  function putJson(url, csrf, body, keepalive) {
    return fetch(url, {
      method: "PUT", credentials: "same-origin", keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json"},
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        data.status = response.status;
        return data;
      });
    });
  }

  /** Why a save failed, in Dutch: `data` is the server's answer ({} without a connection). */
  function failureText(data) {
    if (data.status === 401) return "Niet opgeslagen \u2014 je bent uitgelogd. Log opnieuw in; je tekst blijft bewaard.";
    if (data.status && data.status < 500 && data.message) return "Niet opgeslagen \u2014 " + data.message;
    if (!data.status) return "Niet opgeslagen \u2014 geen verbinding. Je tekst blijft bewaard; opnieuw proberen\u2026";
    return "Niet opgeslagen \u2014 opnieuw proberen";
  }

  /** The pause before retry number `failures` (1, 2, …): 2 s, 4 s, 8 s … at most 30 s. */
  function backoff(failures) {
    return Math.min(MAX_BACKOFF, 2000 * Math.pow(2, failures - 1));
  }

  window.LeersessieAutosave = {
    drafts: drafts, statusLine: statusLine, putJson: putJson, failureText: failureText, backoff: backoff,
  };
})();
