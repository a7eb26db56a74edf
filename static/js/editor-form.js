/*
 * The session editor's form: the fields of the chosen part (the session or one step, with the
 * groups of links of a resources step), each error next to its field in Dutch, the ones without
 * a field under the form, and the validity line. Exposed as window.LeersessieEditorForm.
 */
(function () {
  "use strict";

  var UI = window.LeersessieUI;
  var el = UI.el;
  var Fields = window.LeersessieEditorFields;

  /** The form of one editor page; ctx = {state, nodes, steps(), edited(), pending()}. */
  function create(ctx) {
    var state = ctx.state, nodes = ctx.nodes, steps = ctx.steps, edited = ctx.edited;

    function renderForm() {
      UI.clear(nodes.fields);
      var index = state.selected;
      nodes.tools.hidden = index < 0;
      if (index < 0) {
        nodes.formTitle.textContent = "Leersessie";
        Fields.SESSION_FIELDS.forEach(function (field) { nodes.fields.appendChild(Fields.control(field, state.doc, field[0], edited)); });
        nodes.fields.appendChild(advanced(Fields.SESSION_ADVANCED.map(function (field) {
          return Fields.control(field, state.doc, field[0], edited);
        }).concat([fileNote()])));
      } else {
        var step = steps()[index];
        var onStep = function (key, kind) {
          if (key === "kind") { Fields.setKind(step, kind); edited(); renderForm(); return; }
          edited();
        };
        nodes.formTitle.textContent = "Stap " + (index + 1) + ": " + Fields.stepLabel(step);
        Fields.stepFields(step).forEach(function (field) {
          nodes.fields.appendChild(Fields.control(field, step, "steps." + index + "." + field[0], onStep));
        });
        if (step.type === "resources") nodes.fields.appendChild(groupsEditor(step, index));
        nodes.fields.appendChild(advanced(Fields.advancedFields(step).map(function (field) {
          return Fields.control(field, step, "steps." + index + "." + field[0], onStep);
        })));
      }
      nodes.fields.appendChild(el("div", {className: "other-errors", id: "other-errors"}));
      showErrors();
    }

    /** The technical fields in a collapsed part; it opens by itself when one of them has an error. */
    function advanced(children) {
      var box = el("details", {className: "advanced-fields", id: "advanced-fields"}, [
        el("summary", {text: "Geavanceerd"}),
        el("p", {className: "field-hint", text: "Technische instellingen. Meestal hoef je hier niets te veranderen."}),
      ].concat(children));
      return box;
    }

    /** Where the session is kept on disk, in plain words. */
    function fileNote() {
      var name = document.getElementById("file-name");
      return el("p", {className: "field-hint", id: "file-note",
        text: "Bestand: " + (name && name.textContent ? name.textContent : "(nog niet opgeslagen)") +
          ". Je kunt het downloaden en in een andere Leersessie importeren."});
    }

    /** Groups of links of a resources step: publisher, and per link a label and an address. */
    function groupsEditor(step, index) {
      if (!Array.isArray(step.groups)) step.groups = [];
      var box = el("div", {className: "groups-editor"});
      step.groups.forEach(function (group, g) {
        if (!Array.isArray(group.links)) group.links = [];
        var base = "steps." + index + ".groups." + g;
        var fieldset = el("fieldset", {className: "link-group"}, [el("legend", {text: "Groep " + (g + 1)})]);
        fieldset.appendChild(Fields.control(["publisher", "Uitgever", "text", ""], group, base + ".publisher", edited));
        group.links.forEach(function (link, l) {
          var row = el("div", {className: "link-row"});
          row.appendChild(Fields.control(["label", "Naam van link " + (l + 1), "text", ""], link, base + ".links." + l + ".label", edited));
          row.appendChild(Fields.control(["url", "Adres van link " + (l + 1), "text", "https://\u2026"], link, base + ".links." + l + ".url", edited));
          row.appendChild(smallButton("Link " + (l + 1) + " verwijderen", function () { group.links.splice(l, 1); edited(); renderForm(); }));
          fieldset.appendChild(row);
        });
        fieldset.appendChild(smallButton("Link toevoegen", function () { group.links.push({label: "", url: ""}); edited(); renderForm(); }));
        fieldset.appendChild(smallButton("Groep " + (g + 1) + " verwijderen", function () { step.groups.splice(g, 1); edited(); renderForm(); }));
        box.appendChild(fieldset);
      });
      box.appendChild(smallButton("Groep toevoegen", function () {
        step.groups.push({publisher: "", links: [{label: "", url: ""}]});
        edited();
        renderForm();
      }));
      return box;
    }

    function smallButton(text, onClick) {
      var button = el("button", {type: "button", className: "btn btn-secondary btn-small", text: text});
      button.addEventListener("click", onClick);
      return button;
    }

    /** Each error next to its field; the ones without a field in a list under the form. */
    function showErrors() {
      var shownPaths = {};
      Array.prototype.forEach.call(nodes.fields.querySelectorAll(".field"), function (field) {
        var path = field.dataset.path;
        var messages = state.errors.filter(function (e) { return e.path === path; }).map(function (e) { return e.message; });
        var box = field.querySelector(".field-error");
        var input = field.querySelector("input, textarea, select");
        box.textContent = messages.join(" ");
        box.hidden = !messages.length;
        field.classList.toggle("has-error", messages.length > 0);
        if (input) input.setAttribute("aria-invalid", messages.length ? "true" : "false");
        if (messages.length) {
          shownPaths[path] = true;
          var details = field.closest("details");
          if (details) details.open = true;  // an error is never hidden in a collapsed part
        }
      });
      var prefix = state.selected < 0 ? null : "steps." + state.selected;
      var rest = state.errors.filter(function (e) {
        if (shownPaths[e.path]) return false;
        return prefix === null ? !/^steps\./.test(e.path) || e.path === "steps" : e.path === prefix || e.path.indexOf(prefix + ".") === 0;
      });
      var other = document.getElementById("other-errors");
      UI.clear(other);
      if (rest.length) {
        other.appendChild(el("p", {className: "field-error", text: "Ook nog:"}));
        other.appendChild(el("ul", {className: "field-error"}, rest.map(function (e) {
          return el("li", {}, [e.message, unknownKeyButton(e)]);
        })));
      }
      var count = state.errors.length;
      nodes.validity.className = "validity " + (count ? "is-invalid" : "is-valid");
      nodes.validity.textContent = count ? count + (count === 1 ? " fout" : " fouten") + " \u2014 opgeslagen als concept; zo kan hij nog niet live"
        : "Geldig \u2014 klaar om live te starten";
      nodes.start.disabled = !!count || ctx.pending();
    }

    /** A key the format does not know (often a typo from a hand-written file) can be removed here. */
    function unknownKeyButton(error) {
      var found = /^Onbekend veld '([^']+)'/.exec(error.message);
      if (!found) return null;
      var parts = error.path.split(".");
      var key = parts.pop();
      var target = state.doc;
      parts.forEach(function (part) { target = target && typeof target === "object" ? target[part] : null; });
      if (!target || typeof target !== "object" || !(key in target)) return null;
      var button = el("button", {type: "button", className: "btn btn-secondary btn-small btn-remove-key",
        text: "Veld ‘" + found[1] + "’ verwijderen"});
      button.addEventListener("click", function () {
        delete target[key];
        state.errors = state.errors.filter(function (e) { return e !== error; });
        edited();
        renderForm();
      });
      return button;
    }

    return {render: renderForm, showErrors: showErrors};
  }

  window.LeersessieEditorForm = {create: create};
})();
