/* coursebuild runtime — the cmi5 adapter: what the AU sends when, docs/cmi5.md. Pure parts in xapi.js. */
(function (global) {
'use strict';

var X = global.CoursebuildXapi;
var STATE_ID = 'coursebuild.state';

function Problem(key, code) { this.key = key; this.code = code; }

function Cmi5Session(notify) {
  this.notify = notify;
  this.tracked = true;
  this.sent = {}; // completed, passed: in this registration, by any session
}
var au = Cmi5Session.prototype;

// keepalive: the request outlives the page (browsers allow 64 KiB of them at a time). `params`: exactly the
// resource's own (xAPI 1.0.3 Part 3 3.2: an LRS rejects a parameter it does not expect with 400; a statement
// POST takes none).
au.request = function (method, resource, params, body, keepalive) {
  var init = { method: method, credentials: 'omit', body: body, keepalive: !!keepalive && body.length < 60000,
    headers: { Authorization: 'Basic ' + this.token, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' } };
  var query = new URLSearchParams(params).toString();
  return fetch(this.launch.endpoint + resource + (query ? '?' + query : ''), init);
};

au.agent = function () { return JSON.stringify(this.launch.actor); };

au.state = function (stateId) {
  return { stateId: stateId, activityId: this.launch.activityId, agent: this.agent(),
    registration: this.launch.registration };
};

// A document's JSON; null for none (404); a Problem for an error.
au.read = function (resource, params) {
  return this.request('GET', resource, params).then(function (r) {
    if (r.status === 404) return null;
    if (!r.ok) throw new Problem('lmsUnavailable', resource + ' ' + r.status);
    return r.text().then(function (text) { return text ? JSON.parse(text) : null; });
  });
};

// Whether the registration holds that verb about the AU (9.3.0.0-6/7); the state document remembers it too.
au.already = function (verb) {
  var l = this.launch;
  return this.read('statements', { agent: this.agent(), verb: 'http://adlnet.gov/expapi/verbs/' + verb,
    activity: l.activityId, registration: l.registration, limit: 1 }).then(function (found) { return !!(found && found.statements[0]); }, function () {});
};

// The token once from the fetch URL (a failure is told, never retried), LMS.LaunchData, the learner's
// preferences (before initialized, 11.0.0.0-3), the AU's state; then initialized. A promise for the player.
au.start = function () {
  var self = this, stored;
  var l = this.launch = X.launchParameters(global.location.search);
  if (!l) return null;
  return fetch(l.fetch, { method: 'POST', credentials: 'omit' }).then(function (r) {
    if (!r.ok) throw new Problem('lmsUnavailable', 'fetch ' + r.status);
    return r.json();
  }).then(function (answer) {
    var code = answer['error-code'];
    // 1: the token was handed out already (a reload, or a second window of one launch).
    if (typeof answer['auth-token'] !== 'string') throw new Problem(code == 1 ? 'launchUsed' : 'lmsUnavailable', 'fetch ' + code);
    self.token = answer['auth-token'];
    return self.read('activities/state', self.state('LMS.LaunchData'));
  }).then(function (data) {
    if (!data || !data.contextTemplate) throw new Problem('lmsUnavailable', 'LMS.LaunchData');
    self.data = data;
    self.normal = (data.launchMode || 'Normal') === 'Normal';
    return self.read('agents/profile', { agent: self.agent(), profileId: 'cmi5LearnerPreferences' }).catch(none);
  }).then(function (preferences) {
    return self.words((preferences || {}).languagePreference);
  }).then(function () {
    return self.read('activities/state', self.state(STATE_ID)).catch(none);
  }).then(function (document) {
    stored = document || {};
    return Promise.all([stored.completed || self.already('completed'), stored.passed || self.already('passed')]);
  }).then(function (earlier) {
    var mastery = self.data.masteryScore;
    self.sent = { completed: !!earlier[0], passed: !!earlier[1] };
    self.written = JSON.stringify(stored);
    self.canLeave = !!self.data.returnURL;
    self.statements = new X.Statements(l, self.data, function () {
      return X.uuid(crypto.getRandomValues(new Uint8Array(16)));
    }, (global.COURSEBUILD_COURSE || {}).language || 'en');
    self.queue = new X.Queue(function (item) { return self.deliver(item); }, function (ms, f) { setTimeout(f, ms); },
      function (key, code) { self.notify(key, { code: code }); });
    self.began = Date.now();
    self.queue.statement(self.statements.defined('initialized', null, self.began));
    self.queue.flush();
    return { entry: stored.suspendData ? 'resume' : 'ab-initio', suspendData: stored.suspendData || '',
      location: stored.location || '', masteryPercent: typeof mastery === 'number' ? Math.round(mastery * 10000) / 100 : null };
  }).catch(function (problem) {
    self.notify(problem.key || 'lmsUnavailable', { code: String(problem.code || problem) });
    return null;
  });
};

// The player's words in the learner's preferred language, when the course has it and it is not the zip's
// (data/ui-strings.js holds them; docs/cmi5.md, "Languages").
au.words = function (preference) {
  var self = this, ours = (global.COURSEBUILD_COURSE || {}).language, script = document.createElement('script');
  if (!preference || X.preferred(preference.split(',')[0], [ours])) return; // the zip's own language first
  return new Promise(function (resolve) {
    script.onload = script.onerror = resolve;
    script.src = 'data/ui-strings.js';
    document.head.appendChild(script);
  }).then(function () {
    var all = global.COURSEBUILD_UI_STRINGS || {}, pick = X.preferred(preference, Object.keys(all));
    if (!pick || pick === ours) return;
    // The player reads its words from this object whenever it draws; the frame drawn already is relabelled.
    Object.assign(global.COURSEBUILD_STRINGS, all[pick]);
    [['.skip-link', 'skipToContent'], ['#menu-toggle', 'menu'], ['#menu', 'menuLabel'], ['.bar'], ['#notices']]
      .forEach(function (n) {
        var node = document.querySelector(n[0]);
        node.lang = pick;
        if (n[1] === 'menuLabel') node.setAttribute('aria-label', all[pick][n[1]]);
        else if (n[1]) node.textContent = all[pick][n[1]];
      });
  });
};

// A queued item sent; a promise of the HTTP status.
au.deliver = function (item, keepalive) {
  return (item.kind === 'state' ? this.request('PUT', 'activities/state', this.state(STATE_ID), item.body, keepalive)
    : this.request('POST', 'statements', {}, JSON.stringify(item.body), keepalive)).then(function (r) { return r.status; });
};

// The state document: the player's state and bookmark, and what the registration was sent.
au.save = function (suspendData, location) {
  if (this.finished) return;
  this.saved = [suspendData, location];
  var document = JSON.stringify({ suspendData: suspendData, location: location, completed: this.sent.completed,
    passed: this.sent.passed });
  if (document !== this.written) this.queue.document(this.written = document);
};

// completed and passed once per registration, as soon as they are true; nothing judged in Browse or Review.
au.setProgress = function (p) {
  var now = Date.now(), sent = this.sent;
  this.progress = p;
  if (this.finished || !this.normal) return;
  if (p.completed && !sent.completed) {
    this.queue.statement(this.statements.defined('completed', { completion: true, duration: X.duration(now - this.began) }, now));
    sent.completed = this.changed = true;
  }
  if (p.success === 'passed' && p.score !== null && !sent.passed) {
    this.queue.statement(this.statements.judged(true, p.score, now - this.began, now));
    sent.passed = this.changed = true;
  }
  if (this.changed && this.saved) this.save(this.saved[0], this.saved[1]);
};

au.setObjectives = function () {}; // cmi5.xml declares them; no statement reports them

au.recordInteraction = function (r) {
  // A decision (scenario.js) carries its own record, and its node's choices as a question's (xAPI's choice type).
  var q = r.question, Q = global.CoursebuildQuestions, kind = q.record ? q : Q.types[q.type];
  function list(items, field) { return items.map(function (c) { return { id: Q.shortId(c), text: c[field] }; }); }
  if (this.finished) return;
  this.queue.statement(this.statements.answered(r, kind.record(q, r.answer, true), q.pairs
    ? { source: list(q.pairs, 'left'), target: list(q.pairs, 'right') } : q.choices ? { choices: list(q.choices, 'text') } : {}));
};

au.commit = function () {
  if (!this.finished) this.queue.flush();
  return true;
};

// Once: failed if the session ends below the mastery score with nothing passed (so never both in a session),
// then terminated. From leave() (`wait`) through the queue; from pagehide at once, keepalive, the state first.
au.finish = function (completed, wait) {
  var self = this, now = Date.now(), p = this.progress, statements = [];
  if (this.finished) return this.finished;
  if (this.normal && p && p.success === 'failed' && p.score !== null && !this.sent.passed) {
    this.queue.statement(this.statements.judged(false, p.score, now - this.began, now));
  }
  this.queue.statement(this.statements.defined('terminated', { duration: X.duration(now - this.began) }, now));
  if (wait) {
    this.queue.flush();
    return (this.finished = this.queue.drained(8000));
  }
  this.queue.take().forEach(function (item) {
    if (item.kind === 'state') self.deliver(item, true);
    else statements = statements.concat(item.body);
  });
  return (this.finished = this.deliver({ kind: 'statements', body: statements }, true).catch(none));
};

function none() {}

// The learner's exit (the player offers it when canLeave): the session ends, then the LMS's returnURL.
au.leave = function (completed) {
  var back = this.data.returnURL;
  return this.finish(completed, true).then(function () { global.location.assign(back); });
};

global.CoursebuildAdapter = Cmi5Session;
})(this);
