/* coursebuild runtime — a SCORM session (scorm12.js, scorm2004.js). Values wait for the next Commit and only
 * those the LMS lacks are sent: a slow LMS makes one request per call, whatever the course's size. */
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

function Q() { return global.CoursebuildQuiz; }

function findApi(win, name) {
  var api = searchUp(win, name);
  if (api) return api;
  var top = win;
  for (var steps = 0; parentOf(top) && steps < MAX_FRAMES; steps++) top = parentOf(top);
  var opener = read(top, 'opener') || read(win, 'opener');
  return opener ? searchUp(opener, name) : null;
}

function pad(n, width) { return ('0000' + n).slice(-width); }

// A duration as hours, minutes and seconds to two decimals (a text), which each version writes its own way.
function clock(ms) {
  var cs = Math.round(ms / 10);
  return { h: Math.floor(cs / 360000), m: Math.floor(cs / 6000) % 60, s: (cs % 6000 / 100).toFixed(2) };
}

// A session in the SCORM version `v` describes (scorm12.js, scorm2004.js); v's functions run with it as `this`.
function Session(v, notify) {
  this.v = v;
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
var lms = Session.prototype;

lms.call = function (method, args) {
  try { return String(this.api[method].apply(this.api, args)); } catch (e) { return 'false'; }
};

lms.lastError = function () {
  var code = this.call(this.v.error, []);
  return code === '' ? '0' : code;
};

// Only "true" is success: LMSs answer null, "" or "false" when they fail, and some leave a stale error code.
lms.ok = function (method, args) { return this.call(method, args) === 'true'; };

lms.get = function (element) {
  if (this.terminated) return '';
  var value = this.call(this.v.get, [element]);
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

// The queue in order (an interaction's id first), then Commit, retried once; nothing new, no Commit. A refusal
// counts towards MAX_TRIES only if the LMS took something else: one that took nothing is down, not refusing.
lms.commit = function () {
  var v = this.v;
  if (this.terminated || !this.unsaved) return !this.terminated;
  // The session's time in each Commit: the LMS adds the last at Terminate, and keeps it if Terminate is lost.
  this.set(v.sessionTime, v.timespan(Date.now() - this.started));
  var self = this, queue = this.queue, refused = [], took = false;
  Object.keys(queue).some(function (element) {
    var value = queue[element];
    if (self.ok(v.set, [element, value])) {
      took = true;
      self.held[element] = value;
      delete self.refused[element];
      delete queue[element];
      return false;
    }
    var r = self.refused[element];
    if (!r || r.value !== value) r = self.refused[element] = { value: value, tries: 0 };
    r.code = v.set + ' ' + element + ': ' + self.lastError();
    refused.push(element);
    return self.down && !took; // still down: one probe is enough
  });
  var committed = this.ok(v.commit, ['']) || this.ok(v.commit, ['']);
  var failure = committed ? '' : v.commit + ': ' + this.lastError();
  this.down = !took && !committed;
  if (!this.down) {
    refused.forEach(function (element) { if (++self.refused[element].tries >= MAX_TRIES) delete queue[element]; });
  }
  this.unsaved = !committed || Object.keys(queue).length > 0;
  this.report(failure);
  return committed;
};

// The learner's notice follows the LMS: "could not be saved" while a Commit fails or a value waits, "saved
// again" once all arrived, or the first value dropped; announced once as each state begins.
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

// null without an API; an API that refuses Initialize is said so, and the course runs untracked too.
lms.start = function () {
  var v = this.v;
  this.api = findApi(global, v.api);
  if (!this.api) return null;
  if (this.call(v.init, ['']) !== 'true') {
    this.notify('lmsUnavailable', {});
    return null;
  }
  var mastery = parseFloat(this.get(v.mastery));
  var count = parseInt(this.get('cmi.objectives._count'), 10) || 0;
  for (var i = 0; i < count; i++) {
    var id = this.get('cmi.objectives.' + i + '.id');
    if (id) this.objectiveIndex[id] = i;
  }
  this.interactionCount = parseInt(this.get('cmi.interactions._count'), 10) || 0;
  return {
    entry: this.get(v.entry),
    suspendData: this.get('cmi.suspend_data'),
    location: this.get(v.location),
    masteryPercent: isNaN(mastery) ? null : v.percent(mastery)
  };
};

lms.save = function (suspendData, location) {
  this.set('cmi.suspend_data', suspendData);
  this.set(this.v.location, location);
};

lms.setProgress = function (p) {
  var v = this.v;
  if (p.score !== null) this.setScore(v.score, p.score);
  v.status.call(this, p);
  this.setExit(p.completed);
};

// score: percent×100; the same elements under cmi.score and under each objective (2004 adds scaled).
lms.setScore = function (prefix, score) {
  this.set(prefix + '.min', '0');
  this.set(prefix + '.max', '100');
  this.set(prefix + '.raw', Q().percentText(score));
  if (this.v.scaled) this.set(prefix + '.scaled', Q().scaledText(score));
};

lms.setExit = function (completed) {
  this.set(this.v.exit, completed ? this.v.exitDone : 'suspend');
};

lms.setObjectives = function (objectives) {
  var v = this.v, self = this;
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
    v.objectiveStatus.call(self, base, o);
  });
};

// The question's type says how SCORM writes its patterns and the learner's response (questions.js).
lms.recordInteraction = function (r) {
  var v = this.v, self = this, base = 'cmi.interactions.' + this.interactionCount++ + '.';
  // A scenario's decision carries its own record (scenario.js); a question's type writes a question's.
  var kind = r.question.record ? r.question : global.CoursebuildQuestions.types[r.question.type];
  var record = kind.record(r.question, r.answer, !!v.scaled);
  this.set(base + 'id', r.id);
  this.set(base + 'type', record.type);
  if (r.objective) this.set(base + 'objectives.0.id', r.objective);
  v.stamp.call(this, base, r.started);
  record.patterns.forEach(function (pattern, i) { self.set(base + 'correct_responses.' + i + '.pattern', pattern); });
  this.set(base + 'weighting', String(r.weighting));
  this.set(base + v.response, record.response);
  this.set(base + 'result', record.result || (r.correct ? 'correct' : v.wrong));
  if (record.description && v.scaled) this.set(base + 'description', record.description);
  this.set(base + 'latency', v.timespan(Math.max(r.answered - r.started, 0)));
};

// Session time, exit and Terminate, once (pagehide, exit.js); whether the LMS took it.
lms.finish = function (completed) {
  var v = this.v;
  if (this.terminated) return false;
  this.unsaved = true;
  this.setExit(completed);
  this.commit();
  this.terminated = true;
  return this.ok(v.finish, ['']);
};

// The adapter constructor of a version (scorm12.js, scorm2004.js): new CoursebuildAdapter(notify).
function adapter(v) {
  return function (notify) { return new Session(v, notify); };
}

global.CoursebuildScorm = { adapter: adapter, clock: clock, pad: pad };
})(this);
