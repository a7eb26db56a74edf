/*
 * Leersessie phone: the answer inputs per question kind (open, choice, scale, words) (ES5).
 * Each form is {node, read(), clear(), fill(value), focus()}; read() gives {value} in the shape
 * of the protocol, or {error} with a Dutch hint. Exposes window.PhoneForms = {build, describe}.
 */
(function (window, document) {
  'use strict';

  // The shared plain-text element helper (phone-render.js loads first).
  var el = window.PhoneRender.el;

  function trim(text) { return String(text || '').replace(/^\s+|\s+$/g, ''); }

  // Mark a tappable option as chosen or not (class + aria-checked).
  function mark(node, chosen) {
    node.setAttribute('aria-checked', chosen ? 'true' : 'false');
    node.className = node.className.replace(/\s*is-selected/g, '') + (chosen ? ' is-selected' : '');
  }

  // A radio group as the ARIA pattern has it: one tab stop (the chosen option, else the first),
  // arrow keys move to the next or previous option and choose it, Home and End to the ends.
  function radioKeys(buttons, choose) {
    function tabStops() {
      var chosen = -1;
      for (var i = 0; i < buttons.length; i++) {
        if (buttons[i].getAttribute('aria-checked') === 'true') { chosen = i; }
      }
      for (var j = 0; j < buttons.length; j++) { buttons[j].tabIndex = j === (chosen < 0 ? 0 : chosen) ? 0 : -1; }
    }
    function onKey(index, event) {
      var last = buttons.length - 1;
      var target = {ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
        Home: 0, End: last}[event.key];
      if (target === undefined || event.altKey || event.ctrlKey || event.metaKey) { return; }
      event.preventDefault();
      target = target > last ? 0 : target < 0 ? last : target;
      choose(target);
      tabStops();
      buttons[target].focus();
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('keydown', (function (index) { return function (e) { onKey(index, e); }; }(i)));
      buttons[i].addEventListener('click', tabStops);
    }
    tabStops();
    return tabStops;
  }

  function tappable(className, role, text) {
    var node = el('button', className, text);
    node.type = 'button';
    node.setAttribute('role', role);
    mark(node, false);
    return node;
  }

  // Open question: a textarea with a live character counter that warns before the limit.
  function openForm(q, max) {
    var node = el('div', 'form-open');
    var label = el('label', 'visually-hidden', 'Jouw antwoord');
    label.setAttribute('for', 'answer-text');
    var area = el('textarea', 'answer-text');
    area.id = 'answer-text';
    area.maxLength = max.open;
    area.rows = 4;
    area.setAttribute('placeholder', 'Typ je antwoord…');
    area.setAttribute('aria-describedby', 'answer-counter answer-shortened');
    var counter = el('p', 'answer-counter');
    counter.id = 'answer-counter';  // no live region: read with the field, announced only near the limit
    var shortened = el('p', 'answer-shortened');
    shortened.id = 'answer-shortened';
    shortened.setAttribute('role', 'alert');
    shortened.hidden = true;
    var warnFrom = Math.floor(max.open * 0.9);
    var zone = 0;  // 0: far from the limit, 1: near it, 2: at it; a step up is announced once
    function count() {
      var left = max.open - area.value.length;
      var now = area.value.length >= max.open ? 2 : (area.value.length >= warnFrom ? 1 : 0);
      counter.textContent = area.value.length >= warnFrom
        ? (left > 0 ? 'Nog ' + left + (left === 1 ? ' teken' : ' tekens') + ' (maximaal ' + max.open + ')'
          : 'Maximaal ' + max.open + ' tekens bereikt')
        : area.value.length + '/' + max.open;
      counter.className = 'answer-counter' + (area.value.length >= warnFrom ? ' is-near-limit' : '');
      if (now > zone && window.PhoneRender) { window.PhoneRender.announce(counter.textContent); }
      zone = now;
    }
    function tellShortened(given) {
      shortened.textContent = 'Je tekst was te lang (' + given + ' tekens) en is ingekort tot ' + area.value.length +
        ' tekens, tot het laatste hele woord. Lees het einde na voordat je verstuurt.';
      shortened.hidden = false;
    }
    // A paste that does not fit is cut at a word boundary by us, and said so; never silently mid-word.
    area.addEventListener('paste', function (event) {
      var data = event.clipboardData && event.clipboardData.getData('text');
      if (!data) { return; }
      var before = area.value.substring(0, area.selectionStart);
      var after = area.value.substring(area.selectionEnd);
      var whole = before + data + after;
      if (whole.length <= max.open) { return; }
      event.preventDefault();
      var room = max.open - before.length - after.length;
      var piece = data.substring(0, Math.max(0, room));
      var cut = piece.search(/\s\S*$/);
      if (cut > 0 && data.charAt(room) && !/\s/.test(data.charAt(room))) { piece = piece.substring(0, cut); }
      area.value = before + piece.replace(/\s+$/, '') + after;
      area.selectionStart = area.selectionEnd = (before + piece).length;
      count();
      tellShortened(whole.length);
    });
    area.addEventListener('input', function () {
      if (area.value.length < max.open - 20) { shortened.hidden = true; }
      count();
    });
    count();
    node.appendChild(label);
    node.appendChild(area);
    node.appendChild(counter);
    node.appendChild(shortened);
    return {
      node: node,
      read: function () {
        var text = trim(area.value);
        if (!text) { return {error: 'Schrijf eerst je antwoord.'}; }
        if (text.length > max.open) { return {error: 'Je antwoord is te lang: maximaal ' + max.open + ' tekens.'}; }
        return {value: {text: text}};
      },
      clear: function () { area.value = ''; shortened.hidden = true; count(); },
      fill: function (value) { area.value = value && value.text ? value.text : ''; count(); },
      focus: function () { area.focus(); }
    };
  }

  // Choice question: big options (radio- or checkbox-like) and maybe "Anders, namelijk…".
  function choiceForm(q, max) {
    var node = el('div', 'form-choice');
    var group = el('div', 'options');
    group.setAttribute('role', q.multiple ? 'group' : 'radiogroup');
    group.setAttribute('aria-labelledby', 'step-title');
    var buttons = [];
    var other = null;
    node.appendChild(el('p', 'form-hint', q.multiple ? 'Kies één of meer opties.' : 'Kies één optie.'));
    function select(index) {
      var chosen = buttons[index].getAttribute('aria-checked') !== 'true';
      if (!q.multiple) {
        for (var i = 0; i < buttons.length; i++) { mark(buttons[i], false); }
        if (other && chosen) { other.value = ''; }
      }
      mark(buttons[index], q.multiple ? chosen : true);
    }
    for (var i = 0; i < q.options.length; i++) {
      var option = tappable('option ' + (q.multiple ? 'option-multiple' : 'option-single'),
        q.multiple ? 'checkbox' : 'radio', q.options[i]);
      option.setAttribute('data-index', String(i));
      option.addEventListener('click', (function (index) { return function () { select(index); }; }(i)));
      buttons.push(option);
      group.appendChild(option);
    }
    node.appendChild(group);
    var updateTabStops = q.multiple ? function () {} : radioKeys(buttons, function (index) {
      for (var i = 0; i < buttons.length; i++) { mark(buttons[i], i === index); }
      if (other) { other.value = ''; }
    });
    if (q.other) {
      var label = el('label', 'other-label', 'Anders, namelijk…');
      label.setAttribute('for', 'other-text');
      other = el('input', 'other-text');
      other.id = 'other-text';
      other.type = 'text';
      other.maxLength = max.other;
      other.setAttribute('autocomplete', 'off');
      other.addEventListener('input', function () {
        if (!q.multiple && trim(other.value)) {
          for (var j = 0; j < buttons.length; j++) { mark(buttons[j], false); }
          updateTabStops();
        }
      });
      node.appendChild(label);
      node.appendChild(other);
    }
    return {
      node: node,
      read: function () {
        var chosen = [];
        for (var j = 0; j < buttons.length; j++) {
          if (buttons[j].getAttribute('aria-checked') === 'true') { chosen.push(j); }
        }
        var text = other ? trim(other.value) : '';
        if (!chosen.length && !text) { return {error: 'Kies minstens één optie.'}; }
        if (!q.multiple && chosen.length && text) { return {error: 'Kies één optie.'}; }
        return {value: {options: chosen, other: text || null}};
      },
      clear: function () {
        for (var j = 0; j < buttons.length; j++) { mark(buttons[j], false); }
        if (other) { other.value = ''; }
        updateTabStops();
      },
      fill: function (value) {
        var picked = value && value.options ? value.options : [];
        for (var j = 0; j < buttons.length; j++) { mark(buttons[j], picked.indexOf(j) >= 0); }
        if (other) { other.value = value && value.other ? value.other : ''; }
        updateTabStops();
      },
      focus: function () { if (buttons.length) { buttons[0].focus(); } }
    };
  }

  // Scale question: one button per number, the labels of both ends above them.
  function scaleForm(q) {
    var node = el('div', 'form-scale');
    var labels = el('div', 'scale-labels');
    labels.appendChild(el('span', 'scale-min-label', q.min + ' = ' + q.min_label));
    labels.appendChild(el('span', 'scale-max-label', q.max + ' = ' + q.max_label));
    node.appendChild(labels);
    var row = el('div', 'scale-buttons' + (q.max - q.min > 5 ? ' scale-wide' : ''));
    row.setAttribute('role', 'radiogroup');
    row.setAttribute('aria-labelledby', 'step-title');
    var buttons = [];
    for (var n = q.min; n <= q.max; n++) {
      var tap = tappable('scale-button', 'radio', String(n));
      tap.setAttribute('data-value', String(n));
      tap.addEventListener('click', (function (value) {
        return function () { pick(value); };
      }(n)));
      buttons.push(tap);
      row.appendChild(tap);
    }
    var updateTabStops = function () {};
    function pick(value) {
      for (var j = 0; j < buttons.length; j++) { mark(buttons[j], q.min + j === value); }
      updateTabStops();
    }
    updateTabStops = radioKeys(buttons, function (index) { pick(q.min + index); });
    node.appendChild(row);
    return {
      node: node,
      read: function () {
        for (var j = 0; j < buttons.length; j++) {
          if (buttons[j].getAttribute('aria-checked') === 'true') { return {value: {value: q.min + j}}; }
        }
        return {error: 'Kies een getal op de schaal.'};
      },
      clear: function () { pick(null); },
      fill: function (value) { pick(value ? value.value : null); },
      focus: function () { if (buttons.length) { buttons[0].focus(); } }
    };
  }

  // Words question: one to max_words short fields; spaces split a word into the next field.
  function wordsForm(q, max) {
    var node = el('div', 'form-words');
    var count = q.max_words || 3;
    node.appendChild(el('p', 'form-hint', count === 1 ? 'Eén woord, zonder spaties.' :
      'Eén tot ' + count + ' losse woorden, zonder spaties.'));
    var fields = [];
    function spread(index) {
      if (!/\s/.test(fields[index].value)) { return; }
      var parts = fields[index].value.split(/\s+/);
      var words = [];
      for (var k = 0; k < parts.length; k++) { if (parts[k]) { words.push(parts[k]); } }
      fields[index].value = words.length ? words.shift() : '';
      for (var j = index + 1; j < fields.length && words.length; j++) {
        if (!fields[j].value) { fields[j].value = words.shift().substring(0, max.word); }
      }
      if (index + 1 < fields.length && fields[index].value) { fields[index + 1].focus(); }
    }
    for (var i = 0; i < count; i++) {
      var field = el('input', 'word-input');
      field.type = 'text';
      field.maxLength = max.word;
      field.id = 'word-' + (i + 1);
      field.setAttribute('autocomplete', 'off');
      field.setAttribute('autocapitalize', 'none');
      field.setAttribute('aria-label', 'Woord ' + (i + 1));
      field.setAttribute('placeholder', 'Woord ' + (i + 1));
      field.addEventListener('input', (function (index) { return function () { spread(index); }; }(i)));
      fields.push(field);
      node.appendChild(field);
    }
    return {
      node: node,
      read: function () {
        var words = [];
        for (var j = 0; j < fields.length; j++) {
          var word = fields[j].value.replace(/\s+/g, '');
          if (word) { words.push(word.substring(0, max.word)); }
        }
        if (!words.length) { return {error: 'Vul minstens één woord in.'}; }
        return {value: {words: words}};
      },
      clear: function () { for (var j = 0; j < fields.length; j++) { fields[j].value = ''; } },
      fill: function (value) {
        var words = value && value.words ? value.words : [];
        for (var j = 0; j < fields.length; j++) { fields[j].value = words[j] || ''; }
      },
      focus: function () { fields[0].focus(); }
    };
  }

  // The form for a question, by its kind.
  function build(q, max) {
    if (q.kind === 'choice') { return choiceForm(q, max); }
    if (q.kind === 'scale') { return scaleForm(q, max); }
    if (q.kind === 'words') { return wordsForm(q, max); }
    return openForm(q, max);
  }

  // An answer value as one line of plain text, for the phone's own answer list.
  function describe(q, value) {
    if (!value) { return ''; }
    if (q.kind === 'choice') {
      var parts = [];
      var picked = value.options || [];
      for (var i = 0; i < picked.length; i++) { parts.push(q.options[picked[i]]); }
      if (value.other) { parts.push('Anders: ' + value.other); }
      return parts.join(', ');
    }
    if (q.kind === 'scale') {
      var end = value.value === q.min ? ' (' + q.min_label + ')' : value.value === q.max ? ' (' + q.max_label + ')' : '';
      return value.value + ' van ' + q.max + end;
    }
    if (q.kind === 'words') { return (value.words || []).join(', '); }
    return value.text || '';
  }

  window.PhoneForms = {build: build, describe: describe};
}(window, document));
