/* coursebuild runtime — the cmi5 adapter's pure parts (docs/cmi5.md): launch parameters, durations, ids,
 * statements, the send queue. No page, no network: tests/js/runtime loads it in Node. */
(function (global) {
'use strict';

var CAT = 'https://w3id.org/xapi/cmi5/context/categories/';
var MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';

// The launch URL's parameters (8.1), or null when one is missing: no LMS launched the page.
function launchParameters(search) {
  var q = new URLSearchParams(search), p = {}, ok = true;
  ['endpoint', 'fetch', 'actor', 'registration', 'activityId'].forEach(function (k) { ok = ok && !!(p[k] = q.get(k)); });
  try { p.actor = ok && JSON.parse(p.actor); } catch (e) { ok = false; }
  if (!ok || !p.actor || typeof p.actor !== 'object') return null;
  p.endpoint = p.endpoint.replace(/\/?$/, '/');
  return p;
}

// The first language of a languagePreference ("zh-TW,en-US") among `languages`: the same tag, else the same
// primary language (zh-TW finds zh-Hant); '' when none is.
function preferred(preference, languages) {
  var found = '';
  String(preference || '').split(',').some(function (tag) {
    tag = tag.trim().toLowerCase();
    found = languages.filter(function (l) { return l.toLowerCase() === tag; })[0] ||
      languages.filter(function (l) { return l.split('-')[0].toLowerCase() === tag.split('-')[0]; })[0] || '';
    return found;
  });
  return found;
}

// ISO 8601, to the hundredth of a second: PT1H2M3.45S, PT0S.
function duration(ms) {
  var cs = Math.max(0, Math.round(ms / 10)), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
  var s = (cs % 6000 / 100).toFixed(2).replace(/\.?0+$/, '');
  return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + (s !== '0' || !(h || m) ? s + 'S' : '');
}

// A version 4 UUID from 16 random bytes (getRandomValues works outside https, randomUUID does not).
function uuid(b) {
  b[6] = b[6] & 15 | 64;
  b[8] = b[8] & 63 | 128;
  var x = [].map.call(b, function (n) { return (n + 256).toString(16).slice(1); }).join('');
  return x.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

function copy(v) { return JSON.parse(JSON.stringify(v)); }
function map(lang, text) { var m = {}; m[lang] = text; return m; }

// A session's statements: `launch` (URL), `data` (LMS.LaunchData), `newId()`, `lang` (the course's).
function Statements(launch, data, newId, lang) {
  this.launch = launch; this.data = data; this.newId = newId; this.lang = lang;
}
var st = Statements.prototype;

// The contextTemplate kept whole (10.2.1.0-6/7) with the registration; categories added to its own.
st.make = function (verb, object, categories, result, at) {
  var c = copy(this.data.contextTemplate || {}), a = c.contextActivities = c.contextActivities || {};
  c.registration = this.launch.registration;
  if (categories.length) a.category = (a.category || []).concat(categories.map(function (id) { return { id: CAT + id }; }));
  if (/^(passed|failed)$/.test(verb) && typeof this.data.masteryScore === 'number') {
    (c.extensions = c.extensions || {})[MASTERY] = this.data.masteryScore; // 9.6.3.2
  }
  var s = { id: this.newId(), actor: copy(this.launch.actor), object: object, context: c,
    verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': verb } }, timestamp: new Date(at).toISOString() };
  if (result) s.result = result;
  return s;
};

// A cmi5 defined statement; completed, passed, failed with the moveOn category (9.6.2.2).
st.defined = function (verb, result, at) {
  return this.make(verb, { id: this.launch.activityId, objectType: 'Activity' },
    verb === 'initialized' || verb === 'terminated' ? ['cmi5'] : ['cmi5', 'moveon'], result, at);
};

// `score`: percent×100, as the player counts.
st.judged = function (passed, score, elapsed, at) {
  return this.defined(passed ? 'passed' : 'failed', { score: { scaled: score / 10000, raw: score / 100, min: 0,
    max: 100 }, success: passed, duration: duration(elapsed) }, at);
};

// An answer about a cmi.interaction activity: `r` the player's record, `w` the type's SCORM 2004 record (xAPI
// shares its formats), `parts` its choices or sources and targets ([{id, text}]).
st.answered = function (r, w, parts) {
  var lang = this.lang, d = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: w.type,
    name: map(lang, r.id), description: map(lang, r.question.prompt || w.description || r.id),
    correctResponsesPattern: w.patterns }, result = { response: w.response, duration: duration(r.answered - r.started) };
  if (w.result !== 'neutral') result.success = !!r.correct; // a scenario decision no choice of which earns points
  Object.keys(parts).forEach(function (k) {
    d[k] = parts[k].map(function (c) { return { id: c.id, description: map(lang, c.text) }; });
  });
  return this.make('answered', { id: this.launch.activityId + '/interactions/' + encodeURIComponent(r.id),
    objectType: 'Activity', definition: d }, [],
  result, r.answered);
};

/* The send queue (docs/cmi5.md, "When the LRS fails"): in order, one request at a time, statements batched, a
 * state write replacing one that waits; send(item) -> promise of the status (0: none); wait(ms, f); report. */
var BATCH = 50, FIRST = 500, MOST = 15000;

function Queue(send, wait, report) {
  this.send = send; this.wait = wait; this.report = report;
  this.items = []; this.busy = false; this.tries = 0; this.state = ''; this.idle = [];
}
var q = Queue.prototype;

q.statement = function (s) {
  var last = this.items[this.items.length - 1];
  if (last && last.kind === 'statements' && !last.out && last.body.length < BATCH) last.body.push(s);
  else this.items.push({ kind: 'statements', body: [s] });
};

q.document = function (body) {
  this.items = this.items.filter(function (i) { return i.kind !== 'state' || i.out; });
  this.items.push({ kind: 'state', body: body });
};

// For the last send as the page closes: what waits, and the newest state write even if one is out (an ordinary
// request dies with the page; a PUT of the state may be repeated, a statement batch may not).
q.take = function () {
  var states = this.items.filter(function (i) { return i.kind === 'state'; }), newest = states[states.length - 1];
  var left = this.items.filter(function (i) { return i.kind === 'state' ? i === newest : !i.out; });
  this.items = this.items.filter(function (i) { return i.out && i.kind !== 'state'; });
  return left;
};

// A promise of the queue's end (true), or of `ms` passing first (false).
q.drained = function (ms) {
  var self = this;
  return new Promise(function (resolve) {
    if (!self.items.length) return resolve(true);
    self.idle.push(resolve);
    self.wait(ms, function () { resolve(false); });
  });
};

// Failing for a passing reason (no answer, 408, 429, 5xx): tried again after a wait doubling from FIRST to MOST,
// never dropped while the page is open. Refused (another 4xx): dropped and named; a refused batch is first sent
// again one statement at a time (an LRS stores a batch whole or not at all), so one bad statement does not take
// `completed` or `passed` with it.
q.flush = function () {
  var self = this, item = this.items[0];
  if (this.busy) return;
  if (!item) return this.idle.splice(0).forEach(function (resolve) { resolve(true); });
  this.busy = item.out = true;
  this.send(item).catch(function () { return 0; }).then(function (status) {
    item.out = false;
    if (!status || status === 408 || status === 429 || status >= 500) {
      self.announce('lmsError', item.kind + ' ' + status);
      return self.wait(Math.min(FIRST * Math.pow(2, self.tries++), MOST), function () { self.busy = false; self.flush(); });
    }
    self.items.shift();
    self.tries = 0;
    self.busy = false;
    if (status >= 300 && item.kind === 'statements' && item.body.length > 1) {
      self.items.unshift.apply(self.items, item.body.map(function (s) { return { kind: 'statements', body: [s] }; }));
    } else if (status >= 300) self.announce('lmsRefused', item.kind + ' ' + status);
    else if (self.state === 'lmsError' && !self.items.length) self.announce('lmsSaved', '');
    self.flush();
  });
};

q.announce = function (state, code) {
  if (state !== this.state) this.report(this.state = state, code);
};

global.CoursebuildXapi = { launchParameters: launchParameters, preferred: preferred, duration: duration, uuid: uuid,
  Statements: Statements, Queue: Queue, MOST: MOST, BATCH: BATCH };
})(this);
