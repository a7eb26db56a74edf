/*
 * Autosave of the opbrengst write-up: a debounced PUT after each edit, retried with a
 * growing pause, and a draft in localStorage until the server confirms, so a reload or a
 * lost connection never loses typing. Exposed as window.LeersessieOpbrengstSave.
 */
(function () {
  "use strict";

  var Autosave = window.LeersessieAutosave;
  var SAVE_DELAY = 800;        // ms of quiet typing before a save
  var BUSY_RETRY = 300;        // ms to wait when a save is still underway

  var config = null;      // {url, csrf, draftKey, status, retry, payload(), draft()}
  var version = 0;        // bumped on every edit
  var savedVersion = 0;   // the last version the server confirmed
  var saving = false;
  var saveTimer = null;
  var failures = 0;
  var drafts = null, showStatus = null;

  /**
   * Start autosaving. payload() gives the PUT body, draft() what to keep locally;
   * status and retry are the #save-status and #btn-retry-save nodes.
   */
  function init(options) {
    config = options;
    drafts = Autosave.drafts(config.draftKey);
    showStatus = Autosave.statusLine(config.status, config.retry);
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
  function loadDraft() { return drafts.load(); }

  /** Keep the current edits locally until the server has them. */
  function storeDraft() { drafts.store(config.draft()); }

  /** Forget the draft: saved, or the session is being deleted. */
  function clearDraft() { drafts.clear(); }

  // ------------------------------------------------------------------ saving

  /** The save status line; the retry button only shows on errors. */
  function setStatus(kind, text) { showStatus(kind, text); }

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
    Autosave.putJson(config.url, config.csrf, config.payload(), keepalive).then(function (data) {
      if (data.status >= 200 && data.status < 300) onSaved(sending);
      else onFailed(data);
    }).catch(function () { onFailed({}); });
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

  /** Say why it failed (`data`: the server's answer, {} without one); retry unless logging in is needed. */
  function onFailed(data) {
    saving = false;
    failures++;
    setStatus("error", Autosave.failureText(data));
    // Retry by itself with a growing pause; the draft stays in localStorage meanwhile.
    if (data.status !== 401) scheduleSave(Autosave.backoff(failures));
  }

  window.LeersessieOpbrengstSave = {
    init: init, changed: changed, restoredDraft: restoredDraft, setStatus: setStatus,
    loadDraft: loadDraft, clearDraft: clearDraft,
  };
})();
