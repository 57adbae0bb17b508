/* Fault injection for the test LMS (launch.html): makes scorm-again's API misbehave as real LMSs do.
 *
 * LmsFaults.install(api, version) wraps the API in place, before launch.html's own recorders, and returns
 * the switches, which a test may change at any time through window.lmsFaults:
 *   commit: ''           Commit works
 *           'false'      Commit answers "false" and GetLastError answers `code`
 *           'null-on-hide'  Commit answers nothing (null) while the SCO's page is being hidden or closed,
 *                        as Cornerstone does during unload
 *   set:    ''           SetValue works; an element name: that element is refused; 'all': every one is
 *   refuse: ''           a regular expression: every element it matches is refused (e.g. '^cmi\\.interactions\\.')
 *   code:   the error code of an injected failure (default: 101 in 1.2, 391/351 in 2004)
 *   limits: true         the SCORM 1.2 sizes are enforced (suspend_data 4,096 characters, lesson_location
 *                        and interaction responses 255): longer values are refused with error 405
 *   dead:   true         the LMS is gone (closed tab, lost connection): nothing answers, nothing is kept
 * Each Commit (and Terminate) the LMS accepts stores a snapshot of the data model in `committed`: what a
 * real LMS would hand back on the next launch. `unanswered` counts the Commits answered with null.
 */
(function (global) {
  'use strict';

  var LIMITS_12 = { 'cmi.suspend_data': 4096, 'cmi.core.lesson_location': 255 };
  var RESPONSE_12 = /^cmi\.interactions\.\d+\.(student_response|correct_responses\.\d+\.pattern)$/;

  function limitOf(element) {
    return LIMITS_12[element] || (RESPONSE_12.test(element) ? 255 : 0);
  }

  // True while the SCO frame runs a pagehide or visibilitychange listener: the LMS is being called on the way out.
  function hiding(frame) {
    var win = frame.window;
    var event = null;
    try { event = win && win.event; } catch (e) { event = null; }
    return !!event && (event.type === 'pagehide' || event.type === 'visibilitychange');
  }

  function install(api, version) {
    var is2004 = version === '2004';
    var names = is2004
      ? { set: 'SetValue', commit: 'Commit', finish: 'Terminate' }
      : { set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish' };
    var switches = { commit: '', set: '', refuse: '', code: '', limits: false, dead: false, committed: null,
      unanswered: 0, frame: {} };

    function fail(code) {
      api.lastErrorCode = String(code);
      return 'false';
    }

    function snapshot() {
      switches.committed = JSON.parse(JSON.stringify(api.renderCMIToJSONObject()));
    }

    var original = {};
    Object.keys(names).forEach(function (key) { original[key] = api[names[key]].bind(api); });

    api[names.set] = function (element, value) {
      if (switches.dead) return undefined;
      if (switches.set === 'all' || switches.set === element || (switches.refuse && new RegExp(switches.refuse).test(element))) {
        return fail(switches.code || (is2004 ? 351 : 101));
      }
      var limit = switches.limits ? limitOf(element) : 0;
      if (limit && String(value).length > limit) return fail(405);
      return original.set(element, value);
    };

    api[names.commit] = function (arg) {
      if (switches.dead) return undefined;
      if (switches.commit === 'false') return fail(switches.code || (is2004 ? 391 : 101));
      if (switches.commit === 'null-on-hide' && hiding(switches.frame)) {
        switches.unanswered += 1;
        return null;
      }
      var result = original.commit(arg);
      if (String(result) === 'true') snapshot();
      return result;
    };

    api[names.finish] = function (arg) {
      if (switches.dead) return undefined;
      var result = original.finish(arg);
      if (String(result) === 'true' && !(switches.commit === 'null-on-hide' && hiding(switches.frame))) snapshot();
      return result;
    };

    return switches;
  }

  global.LmsFaults = { install: install };
})(window);
