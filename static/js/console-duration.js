/*
 * The countdown field of the console: what the facilitator types ("0,5", "1,5", "1:30",
 * "90s", "2 min", "1 min 30 s") as seconds, or a Dutch reason why not. Nothing is guessed:
 * "05" or "abc" is refused rather than read as five minutes.
 * Exposed as window.LeersessieDuration = {parse, describe}.
 */
(function () {
  "use strict";

  var MAX_SECONDS = 3600;
  var NUMBER = "(\\d+(?:[.,]\\d+)?)";
  var MINUTES = "(?:m|min|mins|minuut|minuten)";
  var SECONDS = "(?:s|sec|seconde|seconden)";
  var PATTERNS = [
    {re: new RegExp("^" + NUMBER + "\\s*" + MINUTES + "?$"), seconds: function (m) { return number(m[1]) * 60; }},
    {re: new RegExp("^" + NUMBER + "\\s*" + SECONDS + "$"), seconds: function (m) { return number(m[1]); }},
    {re: /^(\d+):([0-5]\d)$/, seconds: function (m) { return parseInt(m[1], 10) * 60 + parseInt(m[2], 10); }},
    {re: new RegExp("^(\\d+)\\s*" + MINUTES + "\\s*(\\d+)\\s*" + SECONDS + "?$"),
      seconds: function (m) { return parseInt(m[1], 10) * 60 + parseInt(m[2], 10); }},
  ];

  function number(text) { return parseFloat(text.replace(",", ".")); }

  /** {seconds} for a valid duration, {error} with a Dutch message otherwise. */
  function parse(text) {
    var input = String(text || "").trim().toLowerCase().replace(/\s+/g, " ");
    if (!input) return {error: "Vul een tijd in, bijvoorbeeld 2, 1,5, 1:30 of 90s."};
    // A leading zero before a digit ("05") is a typo for "0,5" or "5": ask rather than guess.
    if (/^0\d/.test(input)) return {error: "\u201C" + text + "\u201D is geen duidelijke tijd. Bedoel je 0,5 of 5?"};
    for (var i = 0; i < PATTERNS.length; i++) {
      var match = PATTERNS[i].re.exec(input);
      if (!match) continue;
      var seconds = Math.round(PATTERNS[i].seconds(match));
      if (!(seconds >= 1)) return {error: "Kies een tijd van minstens 1 seconde."};
      if (seconds > MAX_SECONDS) return {error: "Kies een tijd van hoogstens 60 minuten."};
      return {seconds: seconds};
    }
    return {error: "\u201C" + text + "\u201D begrijp ik niet. Schrijf bijvoorbeeld 2, 1,5, 1:30, 90s of 2 min."};
  }

  /** Seconds as people say them: "30 seconden", "1 minuut", "1 min 30 s". */
  function describe(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    if (!minutes) return seconds + (seconds === 1 ? " seconde" : " seconden");
    var head = minutes + (minutes === 1 ? " minuut" : " minuten");
    return rest ? minutes + " min " + rest + " s" : head;
  }

  window.LeersessieDuration = {parse: parse, describe: describe};
})();
