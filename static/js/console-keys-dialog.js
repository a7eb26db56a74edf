/*
 * The "?" list of keyboard shortcuts in the console: every registered action with its key,
 * a switch to turn all shortcuts off, a way to give an action another key, and the one-line
 * hint under the side column. Reads and changes the table in console-keys.js.
 * Exposed as window.LeersessieKeysDialog.
 */
(function () {
  "use strict";

  var Keys = window.LeersessieKeys;
  var UI = window.LeersessieUI;
  var el = UI.el;

  var nodes = null;

  /** Key names as <kbd> elements with " of " between them; "geen toets" when there is none. */
  function keyList(names) {
    if (!names.length) return [el("span", {className: "muted", text: "geen toets"})];
    var parts = [];
    names.forEach(function (name, i) {
      if (i) parts.push(" of ");
      parts.push(el("kbd", {text: name}));
    });
    return parts;
  }

  /** One row: what it does, its keys, and the button that changes the key. */
  function row(entry) {
    var change = el("button", {type: "button", className: "btn btn-ghost btn-small keys-change",
      text: "Wijzigen", dataset: {action: entry.id},
      attrs: {"aria-label": "Toets wijzigen voor " + entry.label}});
    change.addEventListener("click", function () { startCapture(entry, change); });
    return el("tr", {dataset: {action: entry.id}}, [
      el("th", {scope: "row", text: entry.label}),
      el("td", {className: "keys-keys"}, keyList(entry.names)),
      el("td", {}, [change]),
    ]);
  }

  /** Wait for the new key of one action. */
  function startCapture(entry, button) {
    button.textContent = "Druk op een toets\u2026";
    nodes.status.textContent = "Druk op de nieuwe toets voor \u201C" + entry.label + "\u201D (Esc: niet wijzigen).";
    Keys.captureFor(entry.id, function () {
      nodes.status.textContent = "Opgeslagen voor deze browser.";
      render();
      var again = nodes.table.querySelector("button[data-action='" + entry.id + "']");
      if (again) again.focus();
    });
  }

  /** Redraw the table, the switch and the hint from the current table. */
  function render() {
    var entries = Keys.list();
    UI.clear(nodes.table);
    entries.forEach(function (entry) { nodes.table.appendChild(row(entry)); });
    nodes.enabled.checked = Keys.enabled();
    renderHint(entries);
  }

  /** The short line under the side column: the keys in use, or that they are off. */
  function renderHint(entries) {
    if (!nodes.hint) return;
    UI.clear(nodes.hint);
    if (!Keys.enabled()) {
      nodes.hint.appendChild(document.createTextNode("Sneltoetsen staan uit. "));
    } else {
      entries.forEach(function (entry, i) {
        if (!entry.names.length) return;
        if (i) nodes.hint.appendChild(document.createTextNode(" \u00B7 "));
        keyList(entry.names).forEach(function (part) {
          nodes.hint.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
        });
        nodes.hint.appendChild(document.createTextNode(" " + entry.label.toLowerCase()));
      });
      nodes.hint.appendChild(document.createTextNode(" "));
    }
    nodes.hint.appendChild(nodes.open);
  }

  function open() {
    render();
    nodes.status.textContent = "";
    if (nodes.dialog.showModal) nodes.dialog.showModal();
    else nodes.dialog.setAttribute("open", "");
  }

  function close() {
    if (nodes.dialog.close) nodes.dialog.close();
    else nodes.dialog.removeAttribute("open");
  }

  /** Wire the dialog; `found` has dialog, table, enabled, status, reset, close, open, hint. */
  function bind(found) {
    nodes = found;
    nodes.open.addEventListener("click", open);
    nodes.close.addEventListener("click", close);
    nodes.enabled.addEventListener("change", function () {
      Keys.setEnabled(nodes.enabled.checked);
      nodes.status.textContent = nodes.enabled.checked ? "Sneltoetsen staan aan." : "Sneltoetsen staan uit.";
    });
    nodes.reset.addEventListener("click", function () {
      Keys.reset();
      nodes.status.textContent = "De standaardtoetsen zijn terug.";
    });
    Keys.register({id: "help", label: "Deze lijst met sneltoetsen", keys: ["?"], run: open});
    Keys.onChange(render);
    render();
  }

  window.LeersessieKeysDialog = {bind: bind, open: open, close: close};
})();
