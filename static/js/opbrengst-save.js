/*
 * Autosave of the opbrengst write-up: a debounced PUT after each edit, retried with a
 * growing pause, and a draft in localStorage until the server confirms, so a reload or a
 * lost connection never loses typing. Exposed as window.LeersessieOpbrengstSave.
 */
(function () {
  "use strict";

  var SAVE_DELAY = 800;        // ms of quiet typing before a save
  var BUSY_RETRY = 300;        // ms to wait when a save is still underway
  var MAX_BACKOFF = 30000;

  var config = null;      // {url, csrf, draftKey, status, retry, payload(), draft()}
  var version = 0;        // bumped on every edit
  var savedVersion = 0;   // the last version the server confirmed
  var saving = false;
  var saveTimer = null;
  var failures = 0;

  /**
   * Start autosaving. payload() gives the PUT body, draft() what to keep locally;
   * status and retry are the #save-status and #btn-retry-save nodes.
   */
  function init(options) {
    config = options;
    config.retry.addEventListener("click", function () { failures = 0; save(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && version !== savedVersion) save(true);
    });
    window.addEventListener("pagehide", function () {
      // No "leave page?" prompt: the draft in localStorage survives the reload anyway.
      if (version !== savedVersion) {
        storeDraft();
        save(true);
      }
    });
  }

  // ------------------------------------------------------------------ drafts (localStorage)

  /** The unsaved draft of an earlier visit, or null. */
  function loadDraft() {
    try {
      var raw = window.localStorage.getItem(config.draftKey);
      return raw ? JSON.parse(raw) : null;
    } catch (e) { return null; }
  }

  /** Keep the current edits locally until the server has them. */
  function storeDraft() {
    try {
      var data = config.draft();
      data.at = new Date().toISOString();
      window.localStorage.setItem(config.draftKey, JSON.stringify(data));
    } catch (e) { /* storage full or unavailable: the server save still runs */ }
  }

  /** Forget the draft: saved, or the session is being deleted. */
  function clearDraft() {
    try { window.localStorage.removeItem(config.draftKey); } catch (e) { /* ignore */ }
  }

  // ------------------------------------------------------------------ saving

  /** The save status line; the retry button only shows on errors. */
  function setStatus(kind, text) {
    config.status.className = "save-status is-" + kind;
    config.status.textContent = text;
    config.retry.hidden = kind !== "error";
  }

  /** Call after every edit: keeps a draft and saves once typing pauses. */
  function changed() {
    version++;
    storeDraft();
    setStatus("pending", "Wijzigingen…");
    scheduleSave(SAVE_DELAY);
  }

  /** A draft from localStorage was put back: it counts as an unsaved edit. */
  function restoredDraft() {
    version = 1;
    setStatus("pending", "Niet-opgeslagen wijzigingen teruggezet; opslaan…");
    scheduleSave(BUSY_RETRY);
  }

  /** (Re)start the save timer. */
  function scheduleSave(delay) {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, delay);
  }

  /** PUT the write-up; `keepalive` lets it finish while the page unloads. */
  function save(keepalive) {
    clearTimeout(saveTimer);
    if (saving) { scheduleSave(BUSY_RETRY); return; }
    if (version === savedVersion) return;
    var sending = version;
    saving = true;
    setStatus("saving", "Opslaan…");
    put(!!keepalive).then(function () { onSaved(sending); }).catch(onFailed);
  }

  /** The request itself; rejects with an Error carrying .status on HTTP errors. */
  function put(keepalive) {
    return fetch(config.url, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: keepalive,
      headers: {"Content-Type": "application/json", "X-CSRF-Token": config.csrf, "Accept": "application/json"},
      body: JSON.stringify(config.payload()),
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          var error = new Error(body.message || ("HTTP " + response.status));
          error.status = response.status;
          throw error;
        });
      }
      return response.json().catch(function () { return {}; });
    });
  }

  /** The server has `sending`; save again if there were edits meanwhile. */
  function onSaved(sending) {
    saving = false;
    failures = 0;
    savedVersion = Math.max(savedVersion, sending);
    if (version === savedVersion) {
      clearDraft();
      // Dropped quotes are now unstarred on the server.
      setStatus("saved", "Opgeslagen");
    } else {
      scheduleSave(SAVE_DELAY);
    }
  }

  /** Say why it failed, and retry by itself unless logging in again is needed. */
  function onFailed(error) {
    saving = false;
    failures++;
    var text = "Niet opgeslagen \u2014 opnieuw proberen";
    if (error && error.status === 401) text = "Niet opgeslagen \u2014 je bent uitgelogd. Log opnieuw in; je tekst blijft bewaard.";
    else if (error && error.status && error.status < 500 && error.message && !/^HTTP /.test(error.message)) {
      text = "Niet opgeslagen \u2014 " + error.message;
    }
    setStatus("error", text);
    // Retry by itself with a growing pause; the draft stays in localStorage meanwhile.
    if (!error || error.status !== 401) scheduleSave(Math.min(MAX_BACKOFF, 2000 * Math.pow(2, failures - 1)));
  }

  window.LeersessieOpbrengstSave = {
    init: init, changed: changed, restoredDraft: restoredDraft, setStatus: setStatus,
    loadDraft: loadDraft, clearDraft: clearDraft,
  };
})();
