/*
 * Before a download of the opbrengst: ask the server whether anything the export carries (the
 * opbrengst text, insights, quotes, every answer and question to the speaker) contains a personal
 * detail. A finding is a warning, not a block: the facilitator reads it and chooses "Toch
 * downloaden" or goes back to the text. That choice holds for this page visit, for every format,
 * until the check finds something it did not find before.
 */
(function () {
  "use strict";

  var el = window.LeersessieUI.el;
  var clear = window.LeersessieUI.clear;
  var KIND_LABELS = window.LeersessieUI.FINDING_LABELS;
  var root = document.getElementById("opbrengst");
  var box = document.getElementById("download-warning");
  if (!root || !box) return;
  var CHECK_URL = root.dataset.writeupUrl + "/screening";
  var approved = null;  // the href the facilitator chose to download despite the warning
  var accepted = null;  // the findings the facilitator chose "Toch downloaden" for (this page visit)

  function findingsKey(findings) {
    return JSON.stringify(findings.map(function (f) { return [f.where, f.kinds, f.count]; }));
  }

  function show(children) {
    clear(box);
    children.forEach(function (child) { box.appendChild(child); });
    box.hidden = false;
  }

  function warn(link, data) {
    var findings = data.findings;
    show([
      el("h2", {className: "warning-title", tabIndex: -1, text: "Let op: mogelijk persoonsgegevens in de opbrengst"}),
      el("ul", {}, findings.map(function (f) {
        var many = f.count > 1 ? " (" + f.count + " keer)" : "";
        return el("li", {text: f.where + ": " + f.kinds.map(function (k) { return KIND_LABELS[k] || k; }).join(", ") + many});
      })),
      el("p", {text: "Haal namen en andere gegevens die naar een persoon leiden weg voordat je de opbrengst deelt. " +
        (document.getElementById("still-live") ?
          "Een antwoord of vraag aan de spreker haal je uit de opbrengst door het te verbergen in de console." :
          // After Beëindigen there is no console to hide it in: say what still can be done.
          "De leersessie is beëindigd: antwoorden en vragen aan de spreker zijn niet meer te verbergen. " +
          "Haal ze weg in het gedownloade bestand (Word, Excel of CSV) voordat je het deelt.")}),
      data.checked ? el("p", {className: "muted small", id: "download-checked", text: data.checked}) : null,
      el("div", {className: "warning-actions"}, [
        el("button", {type: "button", className: "btn btn-small btn-secondary", id: "btn-download-anyway",
          text: "Toch downloaden", onclick: function () {
            box.hidden = true; accepted = findingsKey(findings); approved = link.href; link.click();
          }}),
        el("button", {type: "button", className: "btn btn-small btn-ghost", text: "Terug naar de tekst",
          onclick: function () { box.hidden = true; var s = document.getElementById("statement-input"); if (s) s.focus(); }}),
      ]),
    ]);
    box.querySelector(".warning-title").focus();
  }

  function note(text) {
    show([el("p", {text: text})]);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.btn-download");
    if (!link) return;
    if (approved === link.href) { approved = null; return; }  // the facilitator already chose
    event.preventDefault();
    fetch(CHECK_URL, {credentials: "same-origin", headers: {Accept: "application/json"}}).then(function (response) {
      return response.json();
    }).then(function (data) {
      var known = data && data.findings && data.findings.length && findingsKey(data.findings) === accepted;
      if (data && data.findings && data.findings.length && !known) { warn(link, data); return; }
      if (data && data.status !== "ready") {
        note("De controle op persoonsgegevens is nu niet beschikbaar: kijk de tekst zelf na voordat je hem deelt.");
      } else {
        box.hidden = true;
      }
      approved = link.href;
      link.click();
    }, function () {
      approved = link.href;
      link.click();
    });
  });
})();
