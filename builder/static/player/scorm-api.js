/* coursebuild player — talking to the LMS.
 *
 * Finds the SCORM API of the package's version (1.2: window.API, 2004: window.API_1484_11) in this
 * window, its parents and its opener; writes each version's own data model and nothing of the other.
 * Values wait until the next Commit and only those the LMS does not hold already are sent, so a slow LMS
 * (one request per call) is called a few times per step, whatever the course's size. A refused value is
 * sent again at the next Commits, MAX_TRIES times in all; the learner's notice follows the LMS's state.
 * Terminate runs exactly once. With no LMS the same interface keeps the state in localStorage.
 */
(function (global) {
'use strict';

var MAX_FRAMES = 500;
var MAX_TRIES = 3; // sends of one refused value, after which it is dropped and named in the notice

// Reading a property of a cross-origin window throws: every step is guarded.
function read(win, name) {
  try { return win[name] || null; } catch (e) { return null; }
}

function parentOf(win) {
  var parent = read(win, 'parent');
  return parent !== win ? parent : null;
}

function searchUp(win, name) {
  for (var steps = 0; win && steps < MAX_FRAMES; steps++) {
    var api = read(win, name);
    if (api) return api;
    win = parentOf(win);
  }
  return null;
}

function findApi(win, name) {
  var api = searchUp(win, name);
  if (api) return api;
  var top = win;
  for (var steps = 0; parentOf(top) && steps < MAX_FRAMES; steps++) top = parentOf(top);
  var opener = read(top, 'opener') || read(win, 'opener');
  return opener ? searchUp(opener, name) : null;
}

/* ----- time formats ----- */

function pad(n, width) { return ('0000' + n).slice(-width); }

// 1.2 CMITimespan HHHH:MM:SS.SS, or a 2004 ISO 8601 duration with seconds to two decimals at most
function timespan(ms, is2004) {
  var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
  var s = (cs % 6000 / 100).toFixed(2);
  return is2004 ? 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + trimmed(s) + 'S'
    : pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + pad(s, 5);
}

/* ----- element names per version ----- */

var ELEMENTS = {
  '1.2': {
    init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
    error: 'LMSGetLastError',
    location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time',
    entry: 'cmi.core.entry', score: 'cmi.core.score', mastery: 'cmi.student_data.mastery_score',
    response: 'student_response', exitDone: ''
  },
  '2004': {
    init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
    error: 'GetLastError',
    location: 'cmi.location', exit: 'cmi.exit', sessionTime: 'cmi.session_time',
    entry: 'cmi.entry', score: 'cmi.score', mastery: 'cmi.scaled_passing_score',
    response: 'learner_response', exitDone: 'normal'
  }
};

function trimmed(text) { return text.indexOf('.') < 0 ? text : text.replace(/\.?0+$/, ''); }
function percentText(x100) { return trimmed((x100 / 100).toFixed(2)); }
function scaledText(x100) { return trimmed((x100 / 10000).toFixed(4)); }

/* ----- a tracked session in an LMS ----- */

function LmsSession(api, version, notify) {
  this.api = api;
  this.is2004 = version === '2004';
  this.e = ELEMENTS[version];
  this.notify = notify;
  this.terminated = false;
  this.started = Date.now();
  this.objectiveIndex = {};
  this.interactionCount = 0;
  this.tracked = true;
  this.held = {}; // element -> the value the LMS accepted last
  this.queue = {}; // element -> the value to send at the next Commit, in the order first set
  this.refused = {}; // element -> {value, tries, code} of a value the LMS refused
  this.state = ''; // the notice shown: '', 'lmsError', 'lmsRefused' or 'lmsSaved'
}
var lms = LmsSession.prototype;

lms.call = function (method, args) {
  try { return String(this.api[method].apply(this.api, args)); } catch (e) { return 'false'; }
};

lms.lastError = function () {
  var code = this.call(this.e.error, []);
  return code === '' ? '0' : code;
};

// Only "true" is success: LMSs answer null, "" or "false" when they fail, and some leave a stale error code.
lms.ok = function (method, args) { return this.call(method, args) === 'true'; };

lms.get = function (element) {
  if (this.terminated) return '';
  var value = this.call(this.e.get, [element]);
  return this.lastError() === '0' && value !== 'null' && value !== 'undefined' ? value : '';
};

// Nothing reaches the LMS before the next commit, and a value it holds, or refused MAX_TRIES times, is not sent.
lms.set = function (element, value) {
  if (this.terminated) return;
  value = String(value);
  var refused = this.refused[element];
  if (this.held[element] === value) delete this.refused[element];
  if (this.held[element] === value || refused && refused.value === value && refused.tries >= MAX_TRIES) {
    delete this.queue[element];
  } else {
    this.queue[element] = value;
    this.unsaved = true;
  }
};

// Sends the queue in order (an interaction's id before its other fields), then Commits, retried once at once.
// A refusal counts towards MAX_TRIES only when the LMS took something else (a value or the Commit): when it
// took nothing it is down, not refusing: nothing is dropped, and the next round stops at its first refusal.
// With nothing new since the last Commit that the LMS accepted, there is nothing to commit.
lms.commit = function () {
  if (this.terminated || !this.unsaved) return !this.terminated;
  var self = this, queue = this.queue, refused = [], took = false;
  Object.keys(queue).some(function (element) {
    var value = queue[element];
    if (self.ok(self.e.set, [element, value])) {
      took = true;
      self.held[element] = value;
      delete self.refused[element];
      delete queue[element];
      return false;
    }
    var r = self.refused[element];
    if (!r || r.value !== value) r = self.refused[element] = { value: value, tries: 0 };
    r.code = self.e.set + ' ' + element + ': ' + self.lastError();
    refused.push(element);
    return self.down && !took; // still down: one probe is enough
  });
  var committed = this.ok(this.e.commit, ['']) || this.ok(this.e.commit, ['']);
  var failure = committed ? '' : this.e.commit + ': ' + this.lastError();
  this.down = !took && !committed;
  if (!this.down) {
    refused.forEach(function (element) { if (++self.refused[element].tries >= MAX_TRIES) delete queue[element]; });
  }
  this.unsaved = !committed || Object.keys(queue).length > 0;
  this.report(failure);
  return committed;
};

// The learner's notice follows the LMS: "could not be saved" while a Commit fails or a value waits to be sent
// again, "saved again" once all of it arrived, or the first value dropped after MAX_TRIES refusals. A state is
// announced once, when it begins.
lms.report = function (failure) {
  var refused = this.refused, waiting = '', dropped = '';
  Object.keys(refused).forEach(function (element) {
    if (refused[element].tries < MAX_TRIES) waiting = waiting || refused[element].code;
    else dropped = dropped || refused[element].code;
  });
  failure = failure || waiting;
  var state = failure ? 'lmsError' : dropped ? 'lmsRefused' : this.state ? 'lmsSaved' : '';
  if (state === this.state) return;
  this.state = state;
  this.notify(state, { code: failure || dropped });
};

lms.start = function () {
  if (this.call(this.e.init, ['']) !== 'true') return null;
  var mastery = parseFloat(this.get(this.e.mastery));
  var count = parseInt(this.get('cmi.objectives._count'), 10) || 0;
  for (var i = 0; i < count; i++) {
    var id = this.get('cmi.objectives.' + i + '.id');
    if (id) this.objectiveIndex[id] = i;
  }
  this.interactionCount = parseInt(this.get('cmi.interactions._count'), 10) || 0;
  return {
    entry: this.get(this.e.entry),
    suspendData: this.get('cmi.suspend_data'),
    location: this.get(this.e.location),
    masteryPercent: isNaN(mastery) ? null : this.is2004 ? mastery * 100 : mastery
  };
};

lms.save = function (suspendData, location) {
  this.set('cmi.suspend_data', suspendData);
  this.set(this.e.location, location);
};

/* progress: {completed: bool, success: 'passed'|'failed'|'unknown', score: percent×100 or null,
 *            progress: 0..1} */
lms.setProgress = function (p) {
  if (p.score !== null) this.setScore(this.e.score, p.score);
  if (this.is2004) {
    this.set('cmi.completion_status', p.completed ? 'completed' : 'incomplete');
    this.set('cmi.success_status', p.success);
    this.set('cmi.progress_measure', String(Math.round(p.progress * 100) / 100));
  } else {
    this.set('cmi.core.lesson_status', lessonStatus12(p));
  }
  this.setExit(p.completed);
};

// score: percent×100; the same four elements under cmi.score and under each objective.
lms.setScore = function (prefix, score) {
  this.set(prefix + '.min', '0');
  this.set(prefix + '.max', '100');
  this.set(prefix + '.raw', percentText(score));
  if (this.is2004) this.set(prefix + '.scaled', scaledText(score));
};

lms.setExit = function (completed) {
  this.set(this.e.exit, completed ? this.e.exitDone : 'suspend');
};

function lessonStatus12(p) {
  if (p.success === 'failed') return 'failed';
  if (p.completed) return p.success === 'passed' ? 'passed' : 'completed';
  return 'incomplete';
}

/* objectives: [{id, score: percent×100 or null, success: 'passed'|'failed'|'unknown'}] */
lms.setObjectives = function (objectives) {
  var self = this;
  objectives.forEach(function (o) {
    var n = self.objectiveIndex[o.id];
    var fresh = n === undefined;
    if (fresh) {
      n = Object.keys(self.objectiveIndex).length;
      self.objectiveIndex[o.id] = n;
    }
    var base = 'cmi.objectives.' + n;
    if (fresh) self.set(base + '.id', o.id);
    if (o.score !== null) self.setScore(base + '.score', o.score);
    if (self.is2004) {
      self.set(base + '.success_status', o.success);
      self.set(base + '.completion_status', o.score === null ? 'not attempted' : 'completed');
    } else {
      self.set(base + '.status', o.score === null ? 'not attempted' : o.success);
    }
  });
};

/* record: {id, type, objective, patterns, response, result, weighting, started: ms, answered: ms} */
lms.recordInteraction = function (r) {
  var n = this.interactionCount++;
  var base = 'cmi.interactions.' + n + '.';
  var is2004 = this.is2004;
  this.set(base + 'id', r.id);
  this.set(base + 'type', r.type);
  this.set(base + 'objectives.0.id', r.objective);
  var started = new Date(r.started);
  // time(second,10,0) allows two decimals of a second, and a time zone only after them (Moodle refuses three).
  if (is2004) this.set(base + 'timestamp', started.toISOString().slice(0, 22) + 'Z');
  else this.set(base + 'time', started.toTimeString().slice(0, 8));
  var self = this;
  r.patterns.forEach(function (pattern, i) { self.set(base + 'correct_responses.' + i + '.pattern', pattern); });
  this.set(base + 'weighting', String(r.weighting));
  this.set(base + this.e.response, r.response);
  this.set(base + 'result', r.result);
  this.set(base + 'latency', timespan(Math.max(r.answered - r.started, 0), is2004));
};

// Session time, exit and Terminate: called from pagehide and from the learner's exit, runs once.
lms.finish = function (completed) {
  if (this.terminated) return;
  this.set(this.e.sessionTime, timespan(Date.now() - this.started, this.is2004));
  this.setExit(completed);
  this.commit();
  this.terminated = true;
  this.call(this.e.finish, ['']);
};

/* ----- standalone: no LMS, state in this browser ----- */

function LocalSession(key) {
  this.key = key;
  this.tracked = false;
  this.terminated = false;
}
var local = LocalSession.prototype;

local.read = function () {
  try { return JSON.parse(global.localStorage.getItem(this.key) || 'null') || {}; } catch (e) { return {}; }
};

local.start = function () {
  var stored = this.read();
  return {
    entry: stored.suspendData ? 'resume' : 'ab-initio',
    suspendData: stored.suspendData || '',
    location: stored.location || '',
    masteryPercent: null
  };
};

local.save = function (suspendData, location) {
  try {
    global.localStorage.setItem(this.key, JSON.stringify({ suspendData: suspendData, location: location }));
  } catch (e) { /* private mode or full storage: the course still runs, it just will not resume */ }
};

local.setProgress = local.setObjectives = local.recordInteraction = function () {};
local.commit = function () { return true; };
local.finish = function () { this.terminated = true; };

/* The session for this window: the LMS's when one is found, else a local one. */
function connect(version, storageKey, notify) {
  var api = findApi(global, version === '2004' ? 'API_1484_11' : 'API');
  if (api) {
    var session = new LmsSession(api, version, notify);
    var data = session.start();
    if (data) return { session: session, data: data };
    notify('lmsUnavailable', {});
  }
  var standalone = new LocalSession(storageKey);
  return { session: standalone, data: standalone.start() };
}

global.CoursebuildLMS = { connect: connect, percentText: percentText };
})(window);
