/*
 * The console's review list ("Eerst bekijken"): answers held because screening found a personal
 * detail, because the screener was not running yet, or because "Alles eerst beoordelen" is on.
 * Per answer: Toestaan, Anonimiseren (an editable redaction) and Verbergen; all native buttons
 * and a textarea, so everything works by keyboard. Also the screening banner and the
 * pre-moderation switches. Exposed as window.LeersessieConsoleReview.
 */
(function () {
  "use strict";

  var el = window.LeersessieUI.el;
  var clear = window.LeersessieUI.clear;
  var KIND_LABELS = window.LeersessieUI.FINDING_LABELS;

  var ctx = null;    // {nodes, emit, currentStep()}: nodes are found here, the rest comes from console.js
  var last = null;   // the last review_updated payload
  var editing = {};  // answer id -> the text in its open redaction editor

  /** Bind the list and the switches. */
  function init(context) {
    ctx = context;
    var $ = function (id) { return document.getElementById(id); };
    var nodes = ctx.nodes = {
      review: $("review"), reviewList: $("review-list"), reviewCount: $("review-count"),
      screeningBanner: $("screening-banner"), reviewAllRun: $("review-all-run"),
      reviewAllQuestion: $("review-all-question"), reviewQuestionWrap: $("review-question-wrap"),
    };
    nodes.reviewList.addEventListener("click", onListClick);
    nodes.reviewList.addEventListener("input", function (event) {
      var item = event.target.closest(".review-item");
      if (item && event.target.tagName === "TEXTAREA") editing[item.dataset.id] = event.target.value;
    });
    nodes.reviewList.addEventListener("keydown", function (event) {
      var item = event.target.closest(".review-item");
      if (!item || event.target.tagName !== "TEXTAREA") return;
      if (event.key === "Escape") { event.preventDefault(); closeEditor(item.dataset.id); }
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); saveEditor(item); }
    });
    nodes.reviewAllRun.addEventListener("change", function () {
      ctx.emit("set_review_all", {enabled: nodes.reviewAllRun.checked});
    });
    nodes.reviewAllQuestion.addEventListener("change", function () {
      var step = ctx.currentStep();
      if (step && step.question) {
        ctx.emit("set_question_review", {step_id: step.id, enabled: nodes.reviewAllQuestion.checked});
      }
    });
  }

  function onListClick(event) {
    var button = event.target.closest("button[data-review]");
    var item = button && button.closest(".review-item");
    if (!item) return;
    var id = item.dataset.id;
    var action = button.dataset.review;
    if (action === "edit") {
      var found = (last && last.items || []).filter(function (i) { return i.id === id; })[0];
      editing[id] = found ? found.suggestion : "";
      render(last);
      var area = ctx.nodes.reviewList.querySelector('.review-item[data-id="' + id + '"] textarea');
      if (area) { area.focus(); area.select(); }
    } else if (action === "save") {
      saveEditor(item);
    } else if (action === "cancel") {
      closeEditor(id);
    } else {
      // The version the list showed: a text the phone changed since is refused, not approved.
      ctx.emit("review_answer", {answer_id: id, action: action, version: shownVersion(id)});
    }
  }

  /** The version of a held answer as the list shows it (-1 when it left the list: refused). */
  function shownVersion(id) {
    var found = (last && last.items || []).filter(function (i) { return i.id === id; })[0];
    return found ? found.version : -1;
  }

  function saveEditor(item) {
    var id = item.dataset.id;
    var text = item.querySelector("textarea").value;
    ctx.emit("anonymize_answer", {answer_id: id, text: text, version: shownVersion(id)}, function (ack) {
      if (ack && ack.ok) delete editing[id];
    });
  }

  function closeEditor(id) {
    delete editing[id];
    render(last);
    var button = ctx.nodes.reviewList.querySelector('.review-item[data-id="' + id + '"] button[data-review="edit"]');
    if (button) button.focus();
  }

  /** The text with what screening found marked; the kind is spoken, not only coloured. */
  function markedText(item) {
    return el("p", {className: "review-text", id: "review-text-" + item.id}, item.parts.map(function (part) {
      if (!part.kind) return part.text;
      return el("mark", {className: "finding", title: KIND_LABELS[part.kind] || part.kind}, [
        part.text, el("span", {className: "visually-hidden", text: " (" + (KIND_LABELS[part.kind] || part.kind) + ")"}),
      ]);
    }));
  }

  function reasonText(item) {
    if (item.reason !== "flagged") return item.reason_text;
    return item.reason_text + ": " + item.kinds.map(function (k) { return KIND_LABELS[k] || k; }).join(", ");
  }

  function editor(item) {
    var areaId = "review-edit-" + item.id;
    return el("div", {className: "review-editor"}, [
      el("label", {htmlFor: areaId, text: "Zo komt het antwoord op het scherm en in de opbrengst:"}),
      el("textarea", {id: areaId, rows: 3, value: editing[item.id], maxLength: 500}),
      el("div", {className: "review-actions"}, [
        el("button", {type: "button", className: "btn btn-small btn-primary", dataset: {review: "save"},
          text: "Anonimiseren en toestaan"}),
        el("button", {type: "button", className: "btn btn-small btn-ghost", dataset: {review: "cancel"}, text: "Annuleren"}),
      ]),
      el("p", {className: "muted small", text: "Ctrl+Enter bewaart, Esc annuleert. De oorspronkelijke tekst wordt niet bewaard."}),
    ]);
  }

  function row(item) {
    var open = Object.prototype.hasOwnProperty.call(editing, item.id);
    return el("li", {className: "review-item review-" + item.reason, dataset: {id: item.id}}, [
      el("p", {className: "review-meta"}, [
        el("strong", {className: "review-reason", text: reasonText(item)}),
        el("span", {className: "review-prompt", text: " · " + item.prompt}),
      ]),
      markedText(item),
      // The group and each button are described by the answer, so a screen reader says which one.
      open ? editor(item) : el("div", {className: "review-actions", attrs: {role: "group", "aria-label": "Beoordelen",
        "aria-describedby": "review-text-" + item.id}}, [
        el("button", {type: "button", className: "btn btn-small btn-primary", dataset: {review: "allow"}, text: "Toestaan",
          attrs: {"aria-describedby": "review-text-" + item.id}}),
        el("button", {type: "button", className: "btn btn-small btn-secondary", dataset: {review: "edit"},
          text: "Anonimiseren…", attrs: {"aria-describedby": "review-text-" + item.id}}),
        el("button", {type: "button", className: "btn btn-small btn-danger", dataset: {review: "hide"}, text: "Verbergen",
          attrs: {"aria-describedby": "review-text-" + item.id}}),
      ]),
    ]);
  }

  /** Show the review list, the screening banner and the switches from a review_updated payload. */
  function render(data) {
    if (!data) return;
    last = data;
    var nodes = ctx.nodes;
    var items = data.items || [];
    var focusedId = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest(".review-item") ? document.activeElement.closest(".review-item").dataset.id : null;
    var focusedAction = focusedId && document.activeElement.dataset ? document.activeElement.dataset.review : null;
    Object.keys(editing).forEach(function (id) {
      if (!items.some(function (i) { return i.id === id; })) delete editing[id];
    });
    if (!focusedId || !editing[focusedId] || document.activeElement.tagName !== "TEXTAREA") {
      clear(nodes.reviewList);
      items.forEach(function (item) { nodes.reviewList.appendChild(row(item)); });
      restoreFocus(focusedId, focusedAction);
    }
    nodes.review.hidden = items.length === 0;
    nodes.reviewCount.textContent = String(items.length);
    announceNew(items);
    nodes.screeningBanner.hidden = !data.screening_text;
    nodes.screeningBanner.textContent = data.screening_text || "";
    nodes.screeningBanner.className = "screening-banner screening-" + data.screening;
    renderSwitches();
  }

  /** A newly held answer is said aloud: "1 antwoord wacht op beoordeling" (all that wait). */
  var knownHeld = null;  // ids seen held; null before the first update (nothing is "new" then)
  function announceNew(items) {
    var fresh = knownHeld !== null && items.some(function (i) { return !knownHeld[i.id]; });
    knownHeld = {};
    items.forEach(function (i) { knownHeld[i.id] = true; });
    if (!fresh) return;
    window.LeersessieUI.announce(document.getElementById("console-announce"), items.length === 1
      ? "1 antwoord wacht op beoordeling" : items.length + " antwoorden wachten op beoordeling");
  }

  /** How many answers to the question of `stepId` wait for review. */
  function heldFor(stepId) {
    return (last && last.items || []).filter(function (i) { return i.step_id === stepId; }).length;
  }

  /** After a rebuild, keep the keyboard where it was (or on the next item when that one left). */
  function restoreFocus(id, action) {
    if (!id) return;
    var list = ctx.nodes.reviewList;
    var target = list.querySelector('.review-item[data-id="' + id + '"] button[data-review="' + action + '"]') ||
      list.querySelector('.review-item button[data-review="allow"]');
    if (target) target.focus();
  }

  /** The run switch, and the question switch on question steps. */
  function renderSwitches() {
    if (!ctx || !last || !last.settings) return;
    var nodes = ctx.nodes;
    var step = ctx.currentStep();
    nodes.reviewAllRun.checked = !!last.settings.all;
    var onQuestion = !!(step && step.question);
    nodes.reviewQuestionWrap.hidden = !onQuestion;
    if (onQuestion) {
      nodes.reviewAllQuestion.checked = !!last.settings.questions[step.id];
      nodes.reviewAllQuestion.disabled = !!last.settings.all;
    }
  }

  window.LeersessieConsoleReview = {init: init, render: render, renderSwitches: renderSwitches, heldFor: heldFor};
})();
