/* coursebuild preview — the LMS side of SCORM 1.2 and 2004, written for the preview page.
 *
 * CoursebuildPreviewLMS.create(version, options) returns an object with the eight API functions of that
 * version (LMSInitialize ... / Initialize ...), keeping the data model in memory. Every call is reported
 * to options.onCall with its arguments, return value and error code, so the page can show it. The data
 * model is checked the way an LMS checks it: unknown elements, read-only and write-only elements, values
 * of the wrong type or out of range, array records created out of order and calls out of sequence all
 * return "false" (or "") and set the error code the standard gives for it.
 */
(function (global) {
  'use strict';

  /* ----- value types: each returns '' when the value is fine, 'type' or 'range' when not ----- */

  function maxLength(n) { return function (v) { return v.length <= n ? '' : 'type'; }; }
  function vocabulary(words) { return function (v) { return words.indexOf(v) >= 0 ? '' : 'type'; }; }
  function isNumber(v) { return /^-?\d+(\.\d+)?$|^-?\.\d+$/.test(v); }
  function real(min, max) {
    return function (v) {
      if (!isNumber(v)) return 'type';
      var x = parseFloat(v);
      return (min !== null && x < min) || (max !== null && x > max) ? 'range' : '';
    };
  }
  function integer(min, max) {
    var check = real(min, max);
    return function (v) { return /^-?\d+$/.test(v) ? check(v) : 'type'; };
  }
  function pattern(re) { return function (v) { return re.test(v) ? '' : 'type'; }; }
  function blankOr(check) { return function (v) { return v === '' ? '' : check(v); }; }
  function either(a, b) { return function (v) { return a(v) === '' || b(v) === '' ? '' : a(v); }; }
  function isoDuration(v) {
    var m = /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.exec(v);
    // 'P' alone and a 'T' with nothing after it are not durations.
    return m && v !== 'P' && !/T$/.test(v) ? '' : 'type';
  }

  // SCORM 1.2 keeps numbers out of range as a type error: it has no separate range code.
  var T12 = {
    id: pattern(/^[^\s]{1,255}$/),
    s255: maxLength(255),
    s4096: maxLength(4096),
    score: blankOr(real(0, 100)),
    decimal: real(null, null),
    timespan: pattern(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/),
    time: pattern(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/),
    lessonStatus: vocabulary(['passed', 'completed', 'failed', 'incomplete', 'browsed']),
    objectiveStatus: vocabulary(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted']),
    exit: vocabulary(['time-out', 'suspend', 'logout', '']),
    interactionType: vocabulary(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing',
      'likert', 'numeric']),
    result: either(vocabulary(['correct', 'wrong', 'unanticipated', 'neutral']), real(null, null)),
    audio: integer(-1, 100),
    speed: integer(-100, 100),
    text: integer(-1, 1)
  };

  var T2004 = {
    id: pattern(/^[^\s]{1,4000}$/),
    s250: maxLength(250),
    s1000: maxLength(1000),
    s4000: maxLength(4000),
    s64000: maxLength(64000),
    real: real(null, null),
    scaled: real(-1, 1),
    measure: real(0, 1),
    duration: isoDuration,
    timestamp: pattern(/^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/),
    completion: vocabulary(['completed', 'incomplete', 'not attempted', 'unknown']),
    success: vocabulary(['passed', 'failed', 'unknown']),
    exit: vocabulary(['time-out', 'suspend', 'logout', 'normal', '']),
    interactionType: vocabulary(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance',
      'sequencing', 'likert', 'numeric', 'other']),
    result: either(vocabulary(['correct', 'incorrect', 'unanticipated', 'neutral']), real(null, null)),
    positive: real(0, null),
    captioning: vocabulary(['-1', '0', '1'])
  };

  /* ----- the data model: element (array indexes written n) -> [access, type] ----- */

  var MODEL_12 = {
    'cmi._version': ['ro'],
    'cmi.core.student_id': ['ro'], 'cmi.core.student_name': ['ro'],
    'cmi.core.lesson_location': ['rw', T12.s255], 'cmi.core.credit': ['ro'],
    'cmi.core.lesson_status': ['rw', T12.lessonStatus], 'cmi.core.entry': ['ro'],
    'cmi.core.score.raw': ['rw', T12.score], 'cmi.core.score.min': ['rw', T12.score],
    'cmi.core.score.max': ['rw', T12.score], 'cmi.core.total_time': ['ro'], 'cmi.core.lesson_mode': ['ro'],
    'cmi.core.exit': ['wo', T12.exit], 'cmi.core.session_time': ['wo', T12.timespan],
    'cmi.suspend_data': ['rw', T12.s4096], 'cmi.launch_data': ['ro'],
    'cmi.comments': ['rw', T12.s4096], 'cmi.comments_from_lms': ['ro'],
    'cmi.objectives.n.id': ['rw', T12.id], 'cmi.objectives.n.score.raw': ['rw', T12.score],
    'cmi.objectives.n.score.min': ['rw', T12.score], 'cmi.objectives.n.score.max': ['rw', T12.score],
    'cmi.objectives.n.status': ['rw', T12.objectiveStatus],
    'cmi.student_data.mastery_score': ['ro'], 'cmi.student_data.max_time_allowed': ['ro'],
    'cmi.student_data.time_limit_action': ['ro'],
    'cmi.student_preference.audio': ['rw', T12.audio], 'cmi.student_preference.language': ['rw', T12.s255],
    'cmi.student_preference.speed': ['rw', T12.speed], 'cmi.student_preference.text': ['rw', T12.text],
    'cmi.interactions.n.id': ['wo', T12.id], 'cmi.interactions.n.objectives.n.id': ['wo', T12.id],
    'cmi.interactions.n.time': ['wo', T12.time], 'cmi.interactions.n.type': ['wo', T12.interactionType],
    'cmi.interactions.n.correct_responses.n.pattern': ['wo', T12.s255],
    'cmi.interactions.n.weighting': ['wo', T12.decimal], 'cmi.interactions.n.student_response': ['wo', T12.s255],
    'cmi.interactions.n.result': ['wo', T12.result], 'cmi.interactions.n.latency': ['wo', T12.timespan]
  };

  var MODEL_2004 = {
    'cmi._version': ['ro'],
    'cmi.comments_from_learner.n.comment': ['rw', T2004.s4000],
    'cmi.comments_from_learner.n.location': ['rw', T2004.s250],
    'cmi.comments_from_learner.n.timestamp': ['rw', T2004.timestamp],
    'cmi.completion_status': ['rw', T2004.completion], 'cmi.completion_threshold': ['ro'],
    'cmi.credit': ['ro'], 'cmi.entry': ['ro'], 'cmi.exit': ['wo', T2004.exit],
    'cmi.launch_data': ['ro'], 'cmi.learner_id': ['ro'], 'cmi.learner_name': ['ro'],
    'cmi.learner_preference.audio_level': ['rw', T2004.positive],
    'cmi.learner_preference.language': ['rw', T2004.s250],
    'cmi.learner_preference.delivery_speed': ['rw', T2004.positive],
    'cmi.learner_preference.audio_captioning': ['rw', T2004.captioning],
    'cmi.location': ['rw', T2004.s1000], 'cmi.max_time_allowed': ['ro'], 'cmi.mode': ['ro'],
    'cmi.progress_measure': ['rw', T2004.measure], 'cmi.scaled_passing_score': ['ro'],
    'cmi.score.scaled': ['rw', T2004.scaled], 'cmi.score.raw': ['rw', T2004.real],
    'cmi.score.min': ['rw', T2004.real], 'cmi.score.max': ['rw', T2004.real],
    'cmi.session_time': ['wo', T2004.duration], 'cmi.success_status': ['rw', T2004.success],
    'cmi.suspend_data': ['rw', T2004.s64000], 'cmi.time_limit_action': ['ro'], 'cmi.total_time': ['ro'],
    'cmi.objectives.n.id': ['rw', T2004.id], 'cmi.objectives.n.score.scaled': ['rw', T2004.scaled],
    'cmi.objectives.n.score.raw': ['rw', T2004.real], 'cmi.objectives.n.score.min': ['rw', T2004.real],
    'cmi.objectives.n.score.max': ['rw', T2004.real],
    'cmi.objectives.n.success_status': ['rw', T2004.success],
    'cmi.objectives.n.completion_status': ['rw', T2004.completion],
    'cmi.objectives.n.progress_measure': ['rw', T2004.measure],
    'cmi.objectives.n.description': ['rw', T2004.s250],
    'cmi.interactions.n.id': ['rw', T2004.id], 'cmi.interactions.n.type': ['rw', T2004.interactionType],
    'cmi.interactions.n.objectives.n.id': ['rw', T2004.id],
    'cmi.interactions.n.timestamp': ['rw', T2004.timestamp],
    'cmi.interactions.n.correct_responses.n.pattern': ['rw', T2004.s4000],
    'cmi.interactions.n.weighting': ['rw', T2004.real],
    'cmi.interactions.n.learner_response': ['rw', T2004.s4000],
    'cmi.interactions.n.result': ['rw', T2004.result], 'cmi.interactions.n.latency': ['rw', T2004.duration],
    'cmi.interactions.n.description': ['rw', T2004.s250]
  };

  // The children each parent lists in its _children keyword.
  function childrenOf(model) {
    var children = {};
    Object.keys(model).forEach(function (element) {
      var parts = element.split('.');
      for (var i = 1; i < parts.length - 1; i++) {
        var parent = parts.slice(0, i + 1).join('.');
        var child = parts[i + 1];
        if (parent === 'cmi' || child === 'n') continue;
        if (/\.n$/.test(parent)) parent = parent.slice(0, -2);
        var list = children[parent] || (children[parent] = []);
        if (list.indexOf(child) < 0) list.push(child);
      }
    });
    return children;
  }

  var ERRORS = {
    '1.2': {
      0: 'No error', 101: 'General exception', 201: 'Invalid argument error',
      202: 'Element cannot have children', 203: 'Element not an array - cannot have count',
      301: 'Not initialized', 401: 'Not implemented error', 402: 'Invalid set value, element is a keyword',
      403: 'Element is read only', 404: 'Element is write only', 405: 'Incorrect data type'
    },
    '2004': {
      0: 'No Error', 101: 'General Exception', 102: 'General Initialization Failure', 103: 'Already Initialized',
      104: 'Content Instance Terminated', 111: 'General Termination Failure', 112: 'Termination Before Initialization',
      113: 'Termination After Termination', 122: 'Retrieve Data Before Initialization',
      123: 'Retrieve Data After Termination', 132: 'Store Data Before Initialization',
      133: 'Store Data After Termination', 142: 'Commit Before Initialization', 143: 'Commit After Termination',
      201: 'General Argument Error', 301: 'General Get Failure', 351: 'General Set Failure',
      391: 'General Commit Failure', 401: 'Undefined Data Model Element', 402: 'Unimplemented Data Model Element',
      403: 'Data Model Element Value Not Initialized', 404: 'Data Model Element Is Read Only',
      405: 'Data Model Element Is Write Only', 406: 'Data Model Element Type Mismatch',
      407: 'Data Model Element Value Out Of Range', 408: 'Data Model Dependency Not Established'
    }
  };

  // The codes of each version for the same kind of failure.
  var CODES = {
    '1.2': {
      again: 101, initFinished: 101, finishBefore: 301, finishAfter: 101, getBefore: 301, getAfter: 101,
      setBefore: 301, setAfter: 101, commitBefore: 301, commitAfter: 101, argument: 201, getEmpty: 201,
      setEmpty: 201, undefinedElement: 201, noChildren: 202, noCount: 203, keyword: 402, readOnly: 403,
      writeOnly: 404, type: 405, range: 405, indexGet: 201, indexSet: 201, dependency: 0, notInitialized: 0
    },
    '2004': {
      again: 103, initFinished: 104, finishBefore: 112, finishAfter: 113, getBefore: 122, getAfter: 123,
      setBefore: 132, setAfter: 133, commitBefore: 142, commitAfter: 143, argument: 201, getEmpty: 301,
      setEmpty: 351, undefinedElement: 401, noChildren: 301, noCount: 301, keyword: 404, readOnly: 404,
      writeOnly: 405, type: 406, range: 407, indexGet: 301, indexSet: 351, dependency: 408, notInitialized: 403
    }
  };

  var NAMES = {
    '1.2': { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
      commit: 'LMSCommit', error: 'LMSGetLastError', errorText: 'LMSGetErrorString',
      diagnostic: 'LMSGetDiagnostic', entry: 'cmi.core.entry', exit: 'cmi.core.exit',
      sessionTime: 'cmi.core.session_time' },
    '2004': { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
      error: 'GetLastError', errorText: 'GetErrorString', diagnostic: 'GetDiagnostic', entry: 'cmi.entry',
      exit: 'cmi.exit', sessionTime: 'cmi.session_time' }
  };

  function initialValues(version, options) {
    var mastery = options.masteryScore;
    var values = version === '2004' ? {
      'cmi._version': '1.0', 'cmi.learner_id': 'preview', 'cmi.learner_name': 'Preview, Author',
      'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown', 'cmi.entry': 'ab-initio',
      'cmi.credit': 'credit', 'cmi.mode': 'normal', 'cmi.total_time': 'PT0S', 'cmi.launch_data': ''
    } : {
      'cmi._version': '3.4', 'cmi.core.student_id': 'preview', 'cmi.core.student_name': 'Preview, Author',
      'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio', 'cmi.core.credit': 'credit',
      'cmi.core.lesson_mode': 'normal', 'cmi.core.total_time': '0000:00:00.00', 'cmi.launch_data': ''
    };
    if (mastery !== null && mastery !== undefined) {
      if (version === '2004') values['cmi.scaled_passing_score'] = String(mastery / 100);
      else values['cmi.student_data.mastery_score'] = String(mastery);
    }
    return values;
  }

  /* Where an element sits: its model key (indexes as n) and each array it goes through with the index. */
  function locate(element) {
    var parts = element.split('.');
    var key = [], arrays = [];
    for (var i = 0; i < parts.length; i++) {
      if (/^\d+$/.test(parts[i]) && i > 0) {
        arrays.push({ path: parts.slice(0, i).join('.'), index: parseInt(parts[i], 10), rest: parts.slice(i + 1) });
        key.push('n');
      } else {
        key.push(parts[i]);
      }
    }
    return { key: key.join('.'), arrays: arrays, last: parts[parts.length - 1] };
  }

  function arrayKey(path) { return locate(path).key; }

  function create(version, options) {
    options = options || {};
    if (!NAMES[version]) throw new Error('unknown SCORM version ' + version);
    var model = version === '2004' ? MODEL_2004 : MODEL_12;
    var children = childrenOf(model);
    var arrayKeys = {};
    Object.keys(model).forEach(function (element) {
      var parts = element.split('.');
      parts.forEach(function (part, i) { if (part === 'n') arrayKeys[parts.slice(0, i).join('.')] = true; });
    });
    var codes = CODES[version];
    var names = NAMES[version];
    var onCall = options.onCall || function () {};
    var onCommit = options.onCommit || function () {};

    var stored = options.stored;
    var resuming = stored && stored.values && stored.values[names.exit] === 'suspend';
    var values = resuming ? copy(stored.values) : initialValues(version, options);
    var counts = resuming ? copy(stored.counts || {}) : {};
    if (resuming) {
      values[names.entry] = 'resume';
      delete values[names.exit];
      delete values[names.sessionTime];
    }
    var state = 'new';  // new -> running -> finished
    var lastError = 0;

    function copy(object) { return JSON.parse(JSON.stringify(object)); }
    function fail(code) { lastError = code; return code; }

    function stateCode(before, after) {
      if (state === 'new') return before;
      if (state === 'finished') return after;
      return 0;
    }

    function initialize(arg) {
      if (arg !== '') return fail(codes.argument);
      if (state === 'running') return fail(codes.again);
      if (state === 'finished') return fail(codes.initFinished);
      state = 'running';
      return 0;
    }

    function finish(arg) {
      var code = stateCode(codes.finishBefore, codes.finishAfter);
      if (code) return fail(code);
      if (arg !== '') return fail(codes.argument);
      state = 'finished';
      onCommit(snapshot());
      return 0;
    }

    function commit(arg) {
      var code = stateCode(codes.commitBefore, codes.commitAfter);
      if (code) return fail(code);
      if (arg !== '') return fail(codes.argument);
      onCommit(snapshot());
      return 0;
    }

    function getValue(element) {
      var code = stateCode(codes.getBefore, codes.getAfter);
      if (code) return [fail(code), ''];
      if (element === '') return [fail(codes.getEmpty), ''];
      var where = locate(element);
      var parent = element.slice(0, element.lastIndexOf('.'));
      var parentKey = arrayKey(parent);
      if (where.last === '_children') {
        if (children[parentKey]) return [0, children[parentKey].join(',')];
        return [fail(known(parentKey) ? codes.noChildren : codes.undefinedElement), ''];
      }
      if (where.last === '_count') {
        if (arrayKeys[parentKey]) {
          var outer = outOfRange(locate(parent).arrays, false);
          if (outer) return [fail(codes.indexGet), ''];
          return [0, String(counts[parent] || 0)];
        }
        return [fail(known(parentKey) ? codes.noCount : codes.undefinedElement), ''];
      }
      var spec = model[where.key];
      if (!spec) return [fail(codes.undefinedElement), ''];
      if (spec[0] === 'wo') return [fail(codes.writeOnly), ''];
      if (outOfRange(where.arrays, false)) return [fail(codes.indexGet), ''];
      if (Object.prototype.hasOwnProperty.call(values, element)) return [0, values[element]];
      return [fail(codes.notInitialized), ''];
    }

    // Whether a key names something of the model (an element, or a parent of some).
    function known(key) {
      return Object.keys(model).some(function (element) { return element === key || element.indexOf(key + '.') === 0; });
    }

    // A record can be read when it exists, and written when it exists or is the next one.
    function outOfRange(arrays, writing) {
      return arrays.some(function (a) {
        var count = counts[a.path] || 0;
        return writing ? a.index > count : a.index >= count;
      });
    }

    function setValue(element, value) {
      var code = stateCode(codes.setBefore, codes.setAfter);
      if (code) return fail(code);
      if (element === '') return fail(codes.setEmpty);
      var where = locate(element);
      if (/^_(children|count|version)$/.test(where.last)) {
        var keyword = where.key === 'cmi._version' || known(arrayKey(element.slice(0, element.lastIndexOf('.'))));
        return fail(keyword ? codes.keyword : codes.undefinedElement);
      }
      var spec = model[where.key];
      if (!spec) return fail(codes.undefinedElement);
      if (spec[0] === 'ro') return fail(codes.readOnly);
      if (outOfRange(where.arrays, true)) return fail(codes.indexSet);
      // SCORM 2004: a new record starts with its identifier (or, for a correct response, its pattern).
      if (version === '2004') {
        var premature = where.arrays.some(function (a) {
          return a.index === (counts[a.path] || 0) && !(a.rest.length === 1 && /^(id|pattern)$/.test(a.rest[0]));
        });
        if (premature) return fail(codes.dependency);
      }
      var problem = spec[1](value);
      if (problem) return fail(problem === 'range' ? codes.range : codes.type);
      where.arrays.forEach(function (a) {
        if (a.index === (counts[a.path] || 0)) counts[a.path] = a.index + 1;
      });
      values[element] = value;
      return 0;
    }

    function snapshot() { return { values: copy(values), counts: copy(counts) }; }

    function logged(name, body) {
      return function () {
        var args = Array.prototype.slice.call(arguments).map(function (a) { return a === undefined ? '' : String(a); });
        var result = body.apply(null, args);
        onCall({ fn: name, args: args, result: result, error: String(lastError) });
        return result;
      };
    }

    // Success clears the error code; the error functions themselves leave it alone.
    function bool(run) {
      return function () {
        var code = run.apply(null, arguments);
        if (!code) lastError = 0;
        return code ? 'false' : 'true';
      };
    }

    var api = {};
    api[names.init] = logged(names.init, bool(initialize));
    api[names.finish] = logged(names.finish, bool(finish));
    api[names.commit] = logged(names.commit, bool(commit));
    api[names.set] = logged(names.set, bool(setValue));
    api[names.get] = logged(names.get, function (element) {
      var answer = getValue(element);
      if (!answer[0]) lastError = 0;
      return answer[1];
    });
    api[names.error] = logged(names.error, function () { return String(lastError); });
    api[names.errorText] = logged(names.errorText, function (code) { return ERRORS[version][code] || ''; });
    api[names.diagnostic] = logged(names.diagnostic, function (code) {
      var number = code === '' ? lastError : code;
      return ERRORS[version][number] ? number + ': ' + ERRORS[version][number] : '';
    });

    // Not part of SCORM: what the preview page shows and stores.
    Object.defineProperty(api, 'preview', {
      enumerable: false,
      value: {
        version: version,
        resumed: !!resuming,
        state: function () { return state; },
        data: function () { return copy(values); },
        counts: function () { return copy(counts); },
        snapshot: snapshot
      }
    });
    return api;
  }

  global.CoursebuildPreviewLMS = { create: create, errors: ERRORS, names: NAMES };
})(window);
