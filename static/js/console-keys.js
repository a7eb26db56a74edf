/*
 * Keyboard shortcuts of the console and the presenter screen: one table of key -> action.
 *
 *   LeersessieKeys.register({id: "next", label: "Volgende stap", keys: ["ArrowRight", " "], run: fn})
 *
 * An action without `run` belongs to the other window (F in the screen window): the console
 * lists it so its key can be changed there too.
 * Every page registers the actions it has; only registered actions are listed and fire.
 * The facilitator can turn all shortcuts off or give an action another key (WCAG 2.1.4,
 * character key shortcuts); that choice is kept in localStorage for this browser, so the
 * screen window of the same laptop follows it. Shortcuts never fire while typing in a field,
 * and Space/Enter on a focused button or link press that control, never a shortcut.
 * `LeersessieKeys.bindDialog(dialog, openButton)` fills the "?" list with its settings.
 * Exposed as window.LeersessieKeys.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "leersessie-sneltoetsen";
  var actions = [];          // registered actions, in registration order
  var byId = {};
  var listeners = [];        // called when the table changes (to redraw lists and hints)
  var settings = readSettings();
  var capturing = null;      // {id, done} while waiting for the new key of an action

  var KEY_NAMES = {" ": "spatie", ArrowRight: "\u2192", ArrowLeft: "\u2190", ArrowUp: "\u2191",
    ArrowDown: "\u2193", PageDown: "Page Down", PageUp: "Page Up", Enter: "Enter", Escape: "Esc"};
  var TEXT_INPUTS = /^(text|search|email|url|tel|password|number|date|time|datetime-local|month|week)$/;
  var ARROW_ROLES = /^(radio|slider|tab|option|listbox|menuitem|menuitemradio|menuitemcheckbox|spinbutton|combobox|tree|treeitem|grid|gridcell)$/;
  var CONTROL_ROLES = /^(button|link|checkbox|switch|radio|tab|option|menuitem|menuitemradio|menuitemcheckbox|slider)$/;

  // ------------------------------------------------------------------ settings

  /** {off: bool, keys: {actionId: [key]}} from localStorage; defaults when missing or broken. */
  function readSettings() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (stored && typeof stored === "object") {
        return {off: stored.off === true, keys: stored.keys && typeof stored.keys === "object" ? stored.keys : {}};
      }
    } catch (e) { /* no storage or a broken value: the defaults */ }
    return {off: false, keys: {}};
  }

  function saveSettings() {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(settings)); } catch (e) { /* private mode */ }
    changed();
  }

  function changed() {
    listeners.forEach(function (listener) { listener(); });
  }

  /** A key as stored and compared: letters in lower case, everything else as event.key says. */
  function normalise(key) {
    if (key === "Spacebar") return " ";
    return key && key.length === 1 ? key.toLowerCase() : key;
  }

  /** The keys an action answers to now (the facilitator's choice or the default). */
  function keysOf(id) {
    var own = settings.keys[id];
    if (Object.prototype.toString.call(own) === "[object Array]") return own;
    return byId[id] ? byId[id].keys : [];
  }

  /** How a key is written in the list: "→", "spatie", "B". */
  function keyName(key) {
    if (KEY_NAMES[key]) return KEY_NAMES[key];
    return key.length === 1 ? key.toUpperCase() : key;
  }

  // ------------------------------------------------------------------ table

  /** Add (or replace) an action: {id, label, keys, run}. */
  function register(action) {
    var entry = {id: action.id, label: action.label, keys: (action.keys || []).map(normalise), run: action.run,
      elsewhere: !action.run};  // an action of the other window: listed and remappable here, run there
    if (byId[entry.id]) actions = actions.filter(function (a) { return a.id !== entry.id; });
    byId[entry.id] = entry;
    actions.push(entry);
    changed();
    return entry;
  }

  /** Remove an action; its key does nothing any more and it leaves the list. */
  function unregister(id) {
    if (!byId[id]) return;
    delete byId[id];
    actions = actions.filter(function (a) { return a.id !== id; });
    changed();
  }

  /** The action a key runs now, or null. */
  function actionFor(key) {
    for (var i = 0; i < actions.length; i++) {
      if (!actions[i].elsewhere && keysOf(actions[i].id).indexOf(key) >= 0) return actions[i];
    }
    return null;
  }

  /** [{id, label, keys: [names]}] as the list shows them. */
  function list() {
    return actions.map(function (a) {
      return {id: a.id, label: a.label, keys: keysOf(a.id).slice(), names: keysOf(a.id).map(keyName)};
    });
  }

  /** Give an action one new key; another action that had it loses it. */
  function remap(id, key) {
    key = normalise(key);
    actions.forEach(function (a) {
      var keys = keysOf(a.id);
      if (a.id !== id && keys.indexOf(key) >= 0) {
        settings.keys[a.id] = keys.filter(function (k) { return k !== key; });
      }
    });
    settings.keys[id] = [key];
    saveSettings();
  }

  function setEnabled(on) { settings.off = !on; saveSettings(); }
  function enabled() { return !settings.off; }
  function reset() { settings = {off: false, keys: {}}; saveSettings(); }

  // ------------------------------------------------------------------ the key handler

  /** A field where keys are text: shortcuts must stay out of it. */
  function isTextField(node) {
    if (!node || node.nodeType !== 1) return false;
    var tag = node.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable) return true;
    return tag === "INPUT" && TEXT_INPUTS.test((node.getAttribute("type") || "text").toLowerCase());
  }

  /** A control whose own Space/Enter does something (press, tick, follow). */
  function isControl(node) {
    if (!node || node.nodeType !== 1) return false;
    var tag = node.tagName;
    if (tag === "BUTTON" || tag === "INPUT" || tag === "SUMMARY" || (tag === "A" && node.hasAttribute("href"))) return true;
    return CONTROL_ROLES.test(node.getAttribute("role") || "");
  }

  /** A control that uses the arrow keys itself (radio group, slider, tabs). */
  function usesArrows(node) {
    if (!node || node.nodeType !== 1) return false;
    if (node.tagName === "INPUT" && /^(radio|range)$/.test(node.type)) return true;
    return ARROW_ROLES.test(node.getAttribute("role") || "");
  }

  /** Whether a key press belongs to the focused element rather than to a shortcut. */
  function belongsToFocus(target, key) {
    if (isTextField(target)) return true;
    if ((key === " " || key === "Enter") && isControl(target)) return true;
    if (/^Arrow/.test(key) && usesArrows(target)) return true;
    return !!(target && target.closest && target.closest("dialog[open]"));
  }

  function onKeydown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    if (settings.off) return;
    var key = normalise(event.key);
    var action = actionFor(key);
    if (!action || belongsToFocus(event.target, key)) return;
    event.preventDefault();
    action.run(event);
  }

  /** The next key pressed becomes the key of the action being changed; Escape cancels. */
  function capture(event) {
    if (event.key === "Shift" || event.key === "Control" || event.key === "Alt" || event.key === "Meta") return;
    event.preventDefault();
    event.stopPropagation();
    var pending = capturing;
    capturing = null;
    if (event.key !== "Escape" && event.key !== "Tab") remap(pending.id, event.key);
    pending.done();
  }

  /** Wait for the next key press as the new key of `id`; `done` runs after it (or after Escape). */
  function captureFor(id, done) {
    capturing = {id: id, done: done || function () {}};
  }

  document.addEventListener("keydown", function (event) { if (capturing) capture(event); }, true);
  document.addEventListener("keydown", onKeydown);
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) { settings = readSettings(); changed(); }
  });

  window.LeersessieKeys = {
    register: register, unregister: unregister, list: list, remap: remap, reset: reset,
    setEnabled: setEnabled, enabled: enabled, keyName: keyName, captureFor: captureFor,
    capturing: function () { return !!capturing; },
    onChange: function (listener) { listeners.push(listener); },
    isTextField: isTextField, isControl: isControl,
  };
})();
