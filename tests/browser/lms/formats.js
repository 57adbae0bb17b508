/* The exact format of every value a SCO may set, per SCORM version, for the test LMS (launch.html).
 *
 * scorm-again accepts values a strict LMS refuses (a 2004 time stamp with three fractional digits of a second,
 * for one), so the browser tests check every SetValue against these patterns instead of trusting the runtime.
 * They are written from the specs: SCORM 1.2 RTE section 3.4 (CMIString255/4096, CMITime, CMITimespan,
 * CMIDecimal, CMIIdentifier, the vocabularies and CMIFeedback per interaction type) and SCORM 2004 4th edition
 * RTE section 4 (characterstring SPMs, real(10,7) with its ranges, time(second,10,0), timeinterval(second,10,2),
 * long and short identifiers, the vocabularies, and learner responses and correct response patterns per
 * interaction type). Where Moodle (mod/scorm/datamodels/scorm_12.js, scorm_13.js) is stricter than the spec
 * text, the pattern takes Moodle's limit too, because that is what a real LMS refuses: three integer digits
 * of a 1.2 decimal, five of a 2004 real, no hyphen in a 2004 short identifier, a time zone only after a
 * fraction of a second, the years 1970-2038.
 *
 * LmsFormats.checker(version) returns check(element, value) -> '' or what is wrong; it remembers each
 * interaction's type, because a response's format depends on it.
 */
(function (global) {
  'use strict';

  function matches(re) { return function (v) { return re.test(v); }; }
  function upTo(n) { return function (v) { return v.length <= n; }; }
  function words(list) { return function (v) { return list.indexOf(v) >= 0; }; }
  function every() {
    var checks = [].slice.call(arguments);
    return function (v, ctx) { return checks.every(function (c) { return c(v, ctx); }); };
  }
  function within(number, low, high) {
    return every(number, function (v) { return parseFloat(v) >= low && parseFloat(v) <= high; });
  }
  // Items joined by a delimiter: at least one, at most `max`, each passing `item`, distinct when `unique`.
  function list(delimiter, item, max, unique) {
    return function (v) {
      var parts = v.split(delimiter);
      if (parts.length > max || !parts.every(function (p) { return item(p); })) return false;
      return !unique || parts.every(function (p, i) { return parts.indexOf(p) === i; });
    };
  }

  /* ----- SCORM 1.2 (RTE 3.4.5, data types) ----- */

  var V12 = {
    CMIString255: upTo(255),
    CMIString4096: upTo(4096),
    // HH:MM:SS with optional hundredths; hours 00-23.
    CMITime: matches(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/),
    // HHHH:MM:SS.SS: two to four digits of hours, optional one or two decimals of a second.
    CMITimespan: matches(/^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/),
    // A number that may have a decimal point; Moodle allows three digits before it.
    CMIDecimal: matches(/^-?\d{1,3}(\.\d+)?$/),
    // No white space or unprintable characters, at most 255.
    CMIIdentifier: matches(/^[\x21-\x7e]{1,255}$/)
  };
  var CHOICE_12 = /^[0-9a-z](,[0-9a-z])*$/;
  var RESPONSE_12 = {
    'true-false': matches(/^[01tf]$/),
    choice: matches(CHOICE_12),
    'fill-in': V12.CMIString255,
    numeric: matches(/^-?\d+(\.\d+)?$/),
    matching: matches(/^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/),
    sequencing: matches(CHOICE_12)
  };
  function response12(v, ctx) {
    var check = RESPONSE_12[ctx.type];
    return !!check && V12.CMIString255(v) && check(v);
  }
  var SCORE_12 = ['CMIDecimal 0..100', within(V12.CMIDecimal, 0, 100)];
  var ELEMENTS_12 = [
    [/^cmi\.core\.lesson_location$/, 'CMIString255', V12.CMIString255],
    [/^cmi\.core\.lesson_status$/, 'CMIVocabulary (Status)',
      words(['passed', 'completed', 'failed', 'incomplete', 'browsed'])],
    [/^cmi\.core\.score\.(raw|min|max)$/].concat(SCORE_12),
    [/^cmi\.core\.exit$/, 'CMIVocabulary (Exit)', words(['time-out', 'suspend', 'logout', ''])],
    [/^cmi\.core\.session_time$/, 'CMITimespan', V12.CMITimespan],
    [/^cmi\.suspend_data$/, 'CMIString4096', V12.CMIString4096],
    [/^cmi\.objectives\.\d+\.id$/, 'CMIIdentifier', V12.CMIIdentifier],
    [/^cmi\.objectives\.\d+\.score\.(raw|min|max)$/].concat(SCORE_12),
    [/^cmi\.objectives\.\d+\.status$/, 'CMIVocabulary (Status)',
      words(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'])],
    [/^cmi\.interactions\.\d+\.id$/, 'CMIIdentifier', V12.CMIIdentifier],
    [/^cmi\.interactions\.\d+\.objectives\.\d+\.id$/, 'CMIIdentifier', V12.CMIIdentifier],
    [/^cmi\.interactions\.\d+\.time$/, 'CMITime', V12.CMITime],
    [/^cmi\.interactions\.\d+\.type$/, 'CMIVocabulary (Interaction)',
      words(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'])],
    [/^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/, 'CMIFeedback for the type', response12],
    [/^cmi\.interactions\.\d+\.weighting$/, 'CMIDecimal -100..100', within(V12.CMIDecimal, -100, 100)],
    [/^cmi\.interactions\.\d+\.student_response$/, 'CMIFeedback for the type', response12],
    [/^cmi\.interactions\.\d+\.result$/, 'CMIVocabulary (Result) or CMIDecimal', function (v) {
      return words(['correct', 'wrong', 'unanticipated', 'neutral'])(v) || V12.CMIDecimal(v);
    }],
    [/^cmi\.interactions\.\d+\.latency$/, 'CMITimespan', V12.CMITimespan]
  ];

  /* ----- SCORM 2004 4th edition (RTE 4.1.1 data types, 4.2 data model) ----- */

  var YEAR = '(19[7-9]\\d|20[0-2]\\d|203[0-8])', TWO = '(0[1-9]|1[0-2])', DAY = '(0[1-9]|[12]\\d|3[01])';
  var ZONE = '(Z|[+-]([01]\\d|2[0-3])(:[0-5]\\d)?)';
  var V2004 = {
    // time(second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], at most two decimals of a second, and a time
    // zone only after them.
    time: matches(new RegExp('^' + YEAR + '(-' + TWO + '(-' + DAY + '(T([01]\\d|2[0-3])(:[0-5]\\d(:[0-5]\\d' +
      '(\\.\\d{1,2}' + ZONE + '?)?)?)?)?)?)?$')),
    // timeinterval(second,10,2): P[yY][mM][dD][T[hH][nM][s[.s]S]], at least one part, T only before a time part.
    timeinterval: every(matches(/^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/),
      matches(/\d/), function (v) { return !/T$/.test(v); }),
    // real(10,7); Moodle takes at most five digits before the point.
    real: matches(/^-?\d{1,5}(\.\d{1,18})?$/),
    // long_identifier_type: a URI (RFC 3986 characters, no white space), at most 4000; urn: needs a namespace.
    longIdentifier: every(upTo(4000), matches(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/),
      function (v) { return !/^urn:/i.test(v) || /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:./i.test(v); }),
    // short_identifier_type in responses: a URI of at most 250; Moodle allows only letters, digits, _ and .
    shortIdentifier: matches(/^[A-Za-z0-9_.]{1,250}$/),
    // localized_string_type (250): an optional {lang=...} delimiter, then at most 250 characters not starting
    // with "{".
    localized250: function (v) {
      var text = v.replace(/^\{lang=[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\}/, '');
      return text.length <= 250 && text.charAt(0) !== '{';
    }
  };
  var pair2004 = list('[.]', V2004.shortIdentifier, 2);
  function exactlyPair(v) { return v.split('[.]').length === 2 && pair2004(v); }
  var RESPONSE_2004 = {
    'true-false': words(['true', 'false']),
    choice: list('[,]', V2004.shortIdentifier, 36, true),
    'fill-in': list('[,]', V2004.localized250, 10),
    numeric: V2004.real,
    matching: list('[,]', exactlyPair, 36),
    sequencing: list('[,]', V2004.shortIdentifier, 36)
  };
  var PATTERN_2004 = {
    'fill-in': function (v) {
      var rest = v.replace(/^(\{(case|order)_matters=(true|false)\}){0,2}/, '');
      return RESPONSE_2004['fill-in'](rest);
    },
    numeric: function (v) {
      var ends = v.split('[:]');
      return ends.length === 2 && ends.every(function (e) { return e === '' || V2004.real(e); });
    }
  };
  function byType(table) {
    return function (v, ctx) {
      var check = table[ctx.type] || RESPONSE_2004[ctx.type];
      return !!check && check(v);
    };
  }
  var SCALED = ['real(10,7) -1..1', within(V2004.real, -1, 1)];
  var ELEMENTS_2004 = [
    [/^cmi\.location$/, 'characterstring (SPM 1000)', upTo(1000)],
    [/^cmi\.suspend_data$/, 'characterstring (SPM 64000)', upTo(64000)],
    [/^cmi\.completion_status$/, 'state (completed, incomplete, not attempted, unknown)',
      words(['completed', 'incomplete', 'not attempted', 'unknown'])],
    [/^cmi\.success_status$/, 'state (passed, failed, unknown)', words(['passed', 'failed', 'unknown'])],
    [/^cmi\.exit$/, 'state (time-out, suspend, logout, normal, "")',
      words(['time-out', 'suspend', 'logout', 'normal', ''])],
    [/^cmi\.session_time$/, 'timeinterval(second,10,2)', V2004.timeinterval],
    [/^cmi\.progress_measure$/, 'real(10,7) 0..1', within(V2004.real, 0, 1)],
    [/^cmi\.score\.scaled$/].concat(SCALED),
    [/^cmi\.score\.(raw|min|max)$/, 'real(10,7)', V2004.real],
    [/^cmi\.objectives\.\d+\.id$/, 'long_identifier_type', V2004.longIdentifier],
    [/^cmi\.objectives\.\d+\.score\.scaled$/].concat(SCALED),
    [/^cmi\.objectives\.\d+\.score\.(raw|min|max)$/, 'real(10,7)', V2004.real],
    [/^cmi\.objectives\.\d+\.success_status$/, 'state (passed, failed, unknown)',
      words(['passed', 'failed', 'unknown'])],
    [/^cmi\.objectives\.\d+\.completion_status$/, 'state (completed, incomplete, not attempted, unknown)',
      words(['completed', 'incomplete', 'not attempted', 'unknown'])],
    [/^cmi\.objectives\.\d+\.progress_measure$/, 'real(10,7) 0..1', within(V2004.real, 0, 1)],
    [/^cmi\.interactions\.\d+\.id$/, 'long_identifier_type', V2004.longIdentifier],
    [/^cmi\.interactions\.\d+\.type$/, 'state (interaction type)', words(['true-false', 'choice', 'fill-in',
      'long-fill-in', 'likert', 'matching', 'performance', 'sequencing', 'numeric', 'other'])],
    [/^cmi\.interactions\.\d+\.objectives\.\d+\.id$/, 'long_identifier_type', V2004.longIdentifier],
    [/^cmi\.interactions\.\d+\.timestamp$/, 'time(second,10,0)', V2004.time],
    [/^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/, 'correct response pattern for the type',
      byType(PATTERN_2004)],
    [/^cmi\.interactions\.\d+\.weighting$/, 'real(10,7)', V2004.real],
    [/^cmi\.interactions\.\d+\.learner_response$/, 'learner response for the type', byType({})],
    [/^cmi\.interactions\.\d+\.result$/, 'state (correct, incorrect, unanticipated, neutral) or real(10,7)',
      function (v) { return words(['correct', 'incorrect', 'unanticipated', 'neutral'])(v) || V2004.real(v); }],
    [/^cmi\.interactions\.\d+\.latency$/, 'timeinterval(second,10,2)', V2004.timeinterval],
    [/^cmi\.interactions\.\d+\.description$/, 'localized_string_type (SPM 250)', V2004.localized250]
  ];

  function checker(version) {
    var elements = version === '2004' ? ELEMENTS_2004 : ELEMENTS_12;
    var types = {}; // interaction index -> its type, as set
    return function check(element, value) {
      value = String(value);
      var typed = /^cmi\.interactions\.(\d+)\.type$/.exec(element);
      if (typed) types[typed[1]] = value;
      var n = /^cmi\.interactions\.(\d+)\./.exec(element);
      var ctx = { type: n ? types[n[1]] : undefined };
      for (var i = 0; i < elements.length; i++) {
        if (!elements[i][0].test(element)) continue;
        if (elements[i][2](value, ctx)) return '';
        return element + ' = ' + JSON.stringify(value) + ' is not ' + elements[i][1] +
          (ctx.type ? ' (' + ctx.type + ')' : '');
      }
      return element + ' is not an element the SCO may set in SCORM ' + version;
    };
  }

  global.LmsFormats = { checker: checker };
})(typeof window !== 'undefined' ? window : globalThis);
