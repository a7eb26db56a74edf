/*
 * Autosave of the session editor: a debounced PUT of the whole session after each edit, a draft
 * in localStorage until the server has it (a failed save, a lost connection or a reload never
 * loses typing), retries with a growing pause, and the choice when the file changed on disk.
 * Exposed as window.LeersessieEditorSave.
 */
(function () {
  "use strict";

  var Autosave = window.LeersessieAutosave;
  var SAVE_DELAY = 800;
  var BUSY_RETRY = 300;

  var config = null;  // {url, csrf, draftKey, status, retry, documentFor(), onSaved(body, sentSteps), onConflict(), onLocked(body)}
  var version = null;  // the file version the edits are based on
  var edits = 0, savedEdits = 0, saving = false, timer = null, failures = 0, blocked = false;
  var draft = null, setStatus = null;

  function init(options) {
    config = options;
    draft = Autosave.drafts(config.draftKey);
    setStatus = Autosave.statusLine(config.status, config.retry);
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
  function loadDraft() { return draft.load(); }

  function storeDraft() { draft.store({base: version, document: config.documentFor()}); }

  function clearDraft() { draft.clear(); }

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
    Autosave.putJson(config.url, config.csrf, body, keepalive).then(function (data) {
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
    setStatus("error", Autosave.failureText(data));
    if (data.status !== 401) schedule(Autosave.backoff(failures));
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
    save: save, unblock: unblock, discard: discard, restored: restored, pending: pending,
    setStatus: function (kind, text) { setStatus(kind, text); },
  };
})();
