/*
 * Small DOM helpers shared by the console, the presenter screen and the opbrengst page,
 * exposed as window.LeersessieUI (results.js adds renderResults to it).
 *
 * Server data is only ever put into the DOM with textContent: el() has no innerHTML path.
 */
(function () {
  "use strict";

  var TOAST_VISIBLE_MS = 4200;
  var TOAST_FADE_MS = 500;

  /** Create an element: el("p", {className: "x", text: "…"}, [children]). */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) { setProp(node, key, props[key]); });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** One el() property; null and undefined are skipped so callers can pass optional values. */
  function setProp(node, key, value) {
    if (value === undefined || value === null) return;
    if (key === "text") node.textContent = String(value);
    else if (key === "className") node.className = value;
    else if (key === "dataset") Object.keys(value).forEach(function (k) { node.dataset[k] = value[k]; });
    else if (key === "attrs") Object.keys(value).forEach(function (k) { node.setAttribute(k, value[k]); });
    else node[key] = value;
  }

  /** Plain text with blank lines as paragraph breaks -> array of <p>. */
  function paragraphs(text, className) {
    return String(text || "").split(/\n\s*\n/).map(function (part) {
      return part.trim();
    }).filter(Boolean).map(function (part) {
      return el("p", {className: className || "", text: part.replace(/\s*\n\s*/g, " ")});
    });
  }

  /** Remove all children (cheaper and safer than innerHTML = ""). */
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /** "1 antwoord", "12 antwoorden". */
  function answersLabel(n) {
    return n + (n === 1 ? " antwoord" : " antwoorden");
  }

  /** Seconds -> "m:ss". */
  function formatClock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /** A number in Dutch notation: 3.5 -> "3,5". */
  function dutchNumber(value) {
    if (value === null || value === undefined) return "–";
    var rounded = Math.round(value * 10) / 10;
    return String(rounded).replace(".", ",");
  }

  /** True when the content is larger than the box (1px slack for sub-pixel rounding). */
  function overflows(node) {
    return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  }

  /**
   * Largest font size (px) between min and max at which `node`'s content does not overflow
   * `box` (default: node itself). Sets it and returns it.
   */
  function fitText(node, maxPx, minPx, box) {
    box = box || node;
    var lo = minPx, hi = maxPx;
    node.style.fontSize = hi + "px";
    if (!overflows(box)) return hi;
    node.style.fontSize = lo + "px";
    if (overflows(box)) return lo;
    for (var i = 0; i < 12 && hi - lo > 0.5; i++) {
      var mid = (lo + hi) / 2;
      node.style.fontSize = mid + "px";
      if (overflows(box)) hi = mid; else lo = mid;
    }
    node.style.fontSize = lo + "px";
    return lo;
  }

  /** A short message in #toasts that goes away by itself; kind "error" makes it red. */
  function toast(message, kind) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var item = el("div", {className: "toast" + (kind ? " toast-" + kind : ""), text: message});
    box.appendChild(item);
    setTimeout(function () { item.classList.add("is-leaving"); }, TOAST_VISIBLE_MS);
    setTimeout(function () {
      if (item.parentNode) item.parentNode.removeChild(item);
    }, TOAST_VISIBLE_MS + TOAST_FADE_MS);
  }

  // The kinds of personal detail the screener reports, as the console and opbrengst page name them.
  var FINDING_LABELS = {naam: "naam", bsn: "BSN", telefoon: "telefoonnummer", email: "e-mailadres", adres: "adres",
    geboortedatum: "geboortedatum", instelling: "school of instelling", kenteken: "kenteken"};

  /** Say `text` through a live region: emptied first, so the same sentence twice is read twice. */
  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  /** "Kop: tekst", but no colon after a heading that ends in its own mark ("Waar gaat het om? tekst"). */
  function headed(heading, text) {
    if (!heading) return text || "";
    return heading + (/[?!:.\u2026]$/.test(heading) ? " " : ": ") + (text || "");
  }

  window.LeersessieUI = {
    announce: announce, headed: headed,
    el: el, clear: clear, paragraphs: paragraphs, answersLabel: answersLabel,
    formatClock: formatClock, dutchNumber: dutchNumber, fitText: fitText, overflows: overflows,
    toast: toast, FINDING_LABELS: FINDING_LABELS,
  };
})();
