/*
 * The console's quick question (Q): a prompt and a kind, added to this live run only as the
 * next step and opened at once. The new step is put into the step list so the console's
 * numbering keeps matching the server's.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var dialog = document.getElementById("quick-dialog");
  var root = document.getElementById("console");
  if (!dialog || !root || !window.LeersessieConsole) return;

  var form = document.getElementById("quick-form");
  var prompt = document.getElementById("quick-prompt");
  var optionsBox = document.getElementById("quick-options-box");
  var options = document.getElementById("quick-options");
  var error = document.getElementById("quick-error");
  var KIND_LABELS = {open: "Open vraag", choice: "Meerkeuze", scale: "Schaal", words: "Woordwolk"};

  function kind() { return form.querySelector('input[name="quick-kind"]:checked').value; }

  function open() {
    if (dialog.open || root.dataset.status === "ended") return;
    error.hidden = true;
    dialog.showModal();
    prompt.focus();
  }

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  /** Put the added step in the console's step list after the current one, and renumber. */
  function insertStep(step, index) {
    var list = document.getElementById("step-list");
    var items = list.querySelectorAll(".step-item");
    var button = el("button", {type: "button", className: "step-item type-question is-quick",
      dataset: {index: String(index), stepId: step.id}}, [
      el("span", {className: "step-num"}),
      el("span", {className: "step-body"}, [
        el("span", {className: "step-type", text: (KIND_LABELS[step.question.kind] || "Vraag") + " \u00B7 snelle vraag"}),
        el("span", {className: "step-text", text: step.question.prompt}),
      ]),
    ]);
    var item = el("li", {}, [button]);
    var before = items[index] ? items[index].closest("li") : null;
    list.insertBefore(item, before);
    Array.prototype.forEach.call(list.querySelectorAll(".step-item"), function (node, position) {
      node.dataset.index = String(position);
      node.querySelector(".step-num").textContent = String(position + 1);
      node.classList.toggle("is-current", position === index);
      node.classList.toggle("is-done", position < index);
      if (position === index) node.setAttribute("aria-current", "step"); else node.removeAttribute("aria-current");
    });
    var total = list.querySelectorAll(".step-item").length;
    root.dataset.stepCount = String(total);
    var of = document.querySelector(".stat-of");
    if (of) of.textContent = "/" + total;
  }

  function submit(event) {
    event.preventDefault();
    var lines = kind() === "choice" ? options.value.split("\n") : [];
    if (!prompt.value.trim()) { showError("Typ eerst een vraag."); prompt.focus(); return; }
    var socket = window.LeersessieConsole.socket;
    if (!socket.connected) { showError("Geen verbinding met de server. Je vraag blijft staan; probeer het zo opnieuw."); return; }
    socket.timeout(8000).emit("add_quick_question", {prompt: prompt.value, kind: kind(), options: lines}, function (err, ack) {
      if (err || !ack || !ack.ok) {
        showError(err ? "De server antwoordt niet. Probeer het opnieuw." : (ack && ack.message) || "Dat lukte niet.");
        return;
      }
      insertStep(ack.step, ack.position.index);
      dialog.close();
      form.reset();
      optionsBox.hidden = true;
      UI.toast("Snelle vraag gesteld: hij staat open op de telefoons.");
    });
  }

  form.addEventListener("submit", submit);
  form.addEventListener("change", function () { optionsBox.hidden = kind() !== "choice"; });
  document.getElementById("btn-quick-cancel").addEventListener("click", function () { dialog.close(); });
  document.getElementById("btn-quick-question").addEventListener("click", open);
  // Q through the console's shortcut table: listed under "?", remappable, off with the others.
  if (window.LeersessieKeys) {
    window.LeersessieKeys.register({id: "quick-question", label: "Snelle vraag stellen", keys: ["q"], run: open});
  }
})();
