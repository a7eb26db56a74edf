/*
 * Autosave of the session editor: a debounced PUT of the whole session after each edit, a draft
 * in localStorage until the server has it (a failed save, a lost connection or a reload never
 * loses typing), retries with a growing pause, and the choice when the file changed on disk.
 * Exposed as window.LeersessieEditorSave.
 */
(function () {
  "use strict";

  var SAVE_DELAY = 800;
  var BUSY_RETRY = 300;
  var MAX_BACKOFF = 30000;

  var config = null;  // {url, csrf, draftKey, status, retry, documentFor(), onSaved(body, sentSteps), onConflict(), onLocked(body)}
  var version = null;  // the file version the edits are based on
  var edits = 0, savedEdits = 0, saving = false, timer = null, failures = 0, blocked = false;

  function init(options) {
    config = options;
    config.retry.addEventListener("click", function () { failures = 0; save(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && pending()) save(true);
    });
    window.addEventListener("pagehide", function () { if (pending()) { storeDraft(); save(true); } });
  }

  function pending() { return edits !== savedEdits; }

  /** The version the next save is based on (after loading or reloading from disk). */
  function setVersion(value) { version = value; }

  /** The draft of an earlier visit, or null. */
  function loadDraft() {
    try {
      var raw = window.localStorage.getItem(config.draftKey);
      return raw ? JSON.parse(raw) : null;
    } catch (e) { return null; }
  }

  function storeDraft() {
    try {
      window.localStorage.setItem(config.draftKey, JSON.stringify({base: version, document: config.documentFor(),
        at: new Date().toISOString()}));
    } catch (e) { /* storage full or off: the server save still runs */ }
  }

  function clearDraft() {
    try { window.localStorage.removeItem(config.draftKey); } catch (e) { /* ignore */ }
  }

  function setStatus(kind, text) {
    config.status.className = "save-status is-" + kind;
    config.status.textContent = text;
    config.retry.hidden = kind !== "error";
  }

  /** Call after every edit: keeps a draft and saves once typing pauses. */
  function changed() {
    edits++;
    storeDraft();
    if (blocked) return;
    setStatus("pending", "Wijzigingen\u2026");
    schedule(SAVE_DELAY);
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  /** PUT the session; `force` overwrites a file that changed on disk (the facilitator chose so). */
  function save(keepalive, force) {
    clearTimeout(timer);
    if (saving) { schedule(BUSY_RETRY); return; }
    if (!pending() && !force) return;
    if (blocked && !force) return;
    var sending = edits;
    var snapshot = config.documentFor();
    var sentSteps = config.currentSteps().slice();
    saving = true;
    setStatus("saving", "Opslaan\u2026");
    var body = {version: version, document: snapshot};
    if (force) body.force = true;
    fetch(config.url, {
      method: "PUT", credentials: "same-origin", keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "X-CSRF-Token": config.csrf, "Accept": "application/json"},
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        data.status = response.status;
        return data;
      });
    }).then(function (data) {
      saving = false;
      if (data.ok) return onSaved(data, sending, sentSteps);
      if (data.status === 409 && data.error === "conflict") { blocked = true; setStatus("error", "Niet opgeslagen \u2014 het bestand is op schijf gewijzigd"); config.retry.hidden = true; config.onConflict(data); return; }
      if (data.status === 409 && data.error === "locked") { blocked = true; setStatus("error", "Niet opgeslagen \u2014 " + data.message); config.retry.hidden = true; config.onLocked(data); return; }
      onFailed(data);
    }).catch(function () { saving = false; onFailed({}); });
  }

  function onSaved(data, sending, sentSteps) {
    failures = 0;
    version = data.version;
    savedEdits = Math.max(savedEdits, sending);
    config.onSaved(data, sentSteps);
    if (!pending()) {
      clearDraft();
      setStatus("saved", "Opgeslagen");
    } else {
      storeDraft();
      schedule(SAVE_DELAY);
    }
  }

  function onFailed(data) {
    failures++;
    var text = "Niet opgeslagen \u2014 opnieuw proberen";
    if (data.status === 401) text = "Niet opgeslagen \u2014 je bent uitgelogd. Log opnieuw in; je tekst blijft bewaard.";
    else if (data.status && data.status < 500 && data.message) text = "Niet opgeslagen \u2014 " + data.message;
    else if (!data.status) text = "Niet opgeslagen \u2014 geen verbinding. Je tekst blijft bewaard; opnieuw proberen\u2026";
    setStatus("error", text);
    if (data.status !== 401) schedule(Math.min(MAX_BACKOFF, 2000 * Math.pow(2, failures - 1)));
  }

  /** The conflict or the lock is resolved: saving may go on. */
  function unblock() { blocked = false; }

  /** Edits were thrown away (the disk version was loaded): nothing is pending. */
  function discard() {
    clearTimeout(timer);
    savedEdits = edits;
    clearDraft();
    blocked = false;
    setStatus("saved", "Opgeslagen");
  }

  /** A restored draft counts as an unsaved edit. */
  function restored() {
    edits++;
    setStatus("pending", "Niet-opgeslagen wijzigingen teruggezet; opslaan\u2026");
    schedule(BUSY_RETRY);
  }

  window.LeersessieEditorSave = {
    init: init, setVersion: setVersion, loadDraft: loadDraft, clearDraft: clearDraft, changed: changed,
    save: save, unblock: unblock, discard: discard, restored: restored, setStatus: setStatus, pending: pending,
  };
})();
