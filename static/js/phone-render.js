/*
 * Leersessie phone: DOM helpers and the rendering of the current step (ES5).
 * All server text is set with textContent: content and answers are plain text, never HTML.
 * Exposes window.PhoneRender = {el, byId, show, button, paragraphs, heading, announce, create}; the
 * helpers are shared with the other phone-*.js modules.
 */
(function (window, document) {
  'use strict';

  // ---- DOM helpers -------------------------------------------------------------------------

  // A new element with a class and plain text (never HTML).
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== '') { node.textContent = String(text); }
    return node;
  }

  // The element with this id, or null.
  function byId(id) { return document.getElementById(id); }

  // Say one short sentence through the page's live region (#phone-announce). Emptied first, so
  // the same sentence twice is read twice.
  var announceTimer = null;
  function announce(text) {
    var node = byId('phone-announce');
    if (!node) { return; }
    node.textContent = '';
    if (announceTimer) { window.clearTimeout(announceTimer); }
    announceTimer = window.setTimeout(function () { node.textContent = text; }, 50);
  }

  // Show or hide an element with the `hidden` attribute.
  function show(node, visible) {
    if (!node) { return; }
    if (visible) { node.removeAttribute('hidden'); } else { node.setAttribute('hidden', ''); }
  }

  // A type=button with a click handler.
  function button(className, text, onTap) {
    var node = el('button', 'button ' + className, text);
    node.type = 'button';
    node.addEventListener('click', onTap);
    return node;
  }

  // Paragraphs from plain text: a blank line starts a new paragraph.
  function paragraphs(className, text) {
    var box = el('div', className);
    var parts = String(text || '').split(/\n\s*\n/);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].replace(/\s+/g, '')) { box.appendChild(el('p', 'para', parts[i].replace(/^\s+|\s+$/g, ''))); }
    }
    return box;
  }

  // Long text starts folded, with a "Lees verder" toggle, so the phone screen is not a wall.
  function foldable(box, text) {
    if (String(text || '').length < 600) { return box; }
    var wrap = el('div', 'foldable is-folded');
    wrap.appendChild(box);
    var toggle = button('button-link fold-toggle', 'Lees verder', function () {
      var folded = wrap.className.indexOf('is-folded') >= 0;
      wrap.className = folded ? 'foldable' : 'foldable is-folded';
      toggle.textContent = folded ? 'Minder tonen' : 'Lees verder';
    });
    wrap.appendChild(toggle);
    return wrap;
  }

  // The step's main heading, #step-title (the question inputs are labelled by it).
  function heading(text) {
    var node = el('h2', 'step-title', text);
    node.id = 'step-title';
    return node;
  }

  // ---- Content steps -----------------------------------------------------------------------

  // One resource link; only http(s) URLs become a real href (no javascript: from content).
  function resourceItem(link) {
    var item = el('li', 'resource-item');
    var anchor = el('a', 'resource-link', link.label);
    if (/^https?:\/\//i.test(link.url)) { anchor.href = link.url; }
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    anchor.appendChild(el('span', 'visually-hidden', ' (opent in een nieuw tabblad)'));
    item.appendChild(anchor);
    return item;
  }

  // One publisher's group of resource links.
  function resourceGroup(group) {
    var section = el('section', 'resource-group');
    if (group.publisher) { section.appendChild(el('h3', 'resource-publisher', group.publisher)); }
    var list = el('ul', 'resource-list');
    for (var l = 0; l < group.links.length; l++) { list.appendChild(resourceItem(group.links[l])); }
    section.appendChild(list);
    return section;
  }

  // The body of each non-question step type, built from the step and the position.
  var contentBuilders = {
    title: function (step, pos) {
      var box = el('div', 'step-body');
      if (pos.number) { box.appendChild(el('p', 'step-label', 'Leersessie ' + pos.number)); }
      // The header holds the title with Dutch soft hyphens from the server: the same text, wrapped well.
      var header = byId('session-title');
      var plain = header ? header.textContent.replace(/\u00ad/g, '') : '';
      box.appendChild(heading(plain === pos.title ? header.textContent : pos.title));
      if (step.subtitle) { box.appendChild(el('p', 'step-subtitle', step.subtitle)); }
      return box;
    },
    statement: function (step) {
      var box = el('div', 'step-body');
      box.appendChild(heading(step.heading || 'Opbrengst'));
      box.appendChild(foldable(paragraphs('step-text', step.text), step.text));
      return box;
    },
    quote: function (step) {
      var box = el('div', 'step-body');
      var title = heading('Uit de praktijk');
      title.className = 'step-label';
      box.appendChild(title);
      var quote = el('blockquote', 'quote');
      quote.appendChild(foldable(paragraphs('quote-text', step.text), step.text));
      if (step.source) { quote.appendChild(el('p', 'quote-source', '— ' + step.source)); }
      box.appendChild(quote);
      return box;
    },
    insight: function (step) {
      var box = el('div', 'step-body');
      var group = step.group && step.group !== 'Inzichten' ? step.group : 'Inzicht';
      var labelNode = el('p', 'step-label', step.number ? group + ' ' + step.number : group);
      labelNode.id = 'step-label';
      box.appendChild(labelNode);
      box.appendChild(heading(step.heading));
      box.appendChild(foldable(paragraphs('step-text', step.body), step.body));
      return box;
    },
    resources: function (step) {
      var box = el('div', 'step-body');
      box.appendChild(heading(step.heading || 'Hulpbronnen'));
      var groups = step.groups || [];
      for (var g = 0; g < groups.length; g++) { box.appendChild(resourceGroup(groups[g])); }
      return box;
    },
    closing: function (step) {
      var box = el('div', 'step-body');
      box.appendChild(heading(step.heading || 'Dank je wel'));
      if (step.text) { box.appendChild(paragraphs('step-text', step.text)); }
      return box;
    }
  };

  // ---- The current position ----------------------------------------------------------------

  // The step renderer of one phone page; ctx is the shared context wired by phone.js.
  function create(ctx) {
    var stepBox = ctx.stepBox;
    var state = ctx.state;
    var stepKey = '';

    // The body for this step: questions come from phone-question.js, unknown types end politely.
    function buildBody(step, pos) {
      if (step.type === 'question') { return ctx.question.buildQuestion(step); }
      var build = contentBuilders[step.type] || contentBuilders.closing;
      return build(step, pos);
    }

    // Replace the step box with a new step and its (hidden) pause notice.
    function replaceStep(pos) {
      ctx.question.reset();
      stepBox.textContent = '';
      stepBox.setAttribute('data-step-type', pos.step.type);
      stepBox.setAttribute('data-step-id', pos.step.id);
      stepBox.setAttribute('data-step-index', String(pos.index));
      var content = el('div', 'step-content');
      content.id = 'step-content';
      content.appendChild(buildBody(pos.step, pos));
      stepBox.appendChild(content);
      var pause = el('div', 'blank-notice', 'Even pauze…');
      pause.id = 'blank-notice';
      stepBox.appendChild(pause);
      if (window.scrollTo) { window.scrollTo(0, 0); }
      if (stepKey && pos.step.type === 'question') { announce('Nieuwe vraag: ' + pos.step.question.prompt); }
      else if (stepKey) { announce('Nieuwe stap op het scherm.'); }
    }

    // Render a `step_changed` position; the same step again only refreshes its state, so a
    // resync or a blank toggle keeps what the participant was typing.
    function renderPosition(pos) {
      if (!pos || !pos.step) { return; }
      state.position = pos;
      // The page came with soft hyphens in the title (server-side Dutch hyphenation): keep them.
      var titleNode = byId('session-title');
      if (titleNode.textContent.replace(/\u00ad/g, '') !== (pos.title || '')) { titleNode.textContent = pos.title || ''; }
      var key = pos.index + ':' + pos.step.id;
      if (key !== stepKey) {
        var first = !stepKey;
        stepKey = first ? '' : key;  // the page's first step is not announced: it is the page
        replaceStep(pos);
        stepKey = key;
      }
      show(byId('step-content'), !pos.blank);
      show(byId('blank-notice'), !!pos.blank);
      stepBox.setAttribute('data-blank', pos.blank ? 'true' : 'false');
      if (pos.step.question) { ctx.question.applyQuestionState(pos.question); }
      if (pos.status && pos.status !== 'live') { ctx.connection.endSession(); }
    }

    return {renderPosition: renderPosition};
  }

  window.PhoneRender = {el: el, byId: byId, show: show, button: button, paragraphs: paragraphs,
    heading: heading, announce: announce, create: create};
}(window, document));
