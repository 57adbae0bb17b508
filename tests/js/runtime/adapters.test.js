// The SCORM adapters against a fake LMS API: each version's elements, formats and result words, only what changed
// sent at each Commit, Terminate once; and the adapter without an LMS keeps the state in localStorage.
'use strict';
process.env.TZ = 'UTC';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { load, QUESTIONS, STATIC } = require('./load.js');

load('questions.js', 'quiz.js', 'state.js', 'local.js', 'scorm.js');

// Each adapter file sets the one global CoursebuildAdapter: load a version's file afresh for each test.
function adapter(version) {
  vm.runInThisContext(fs.readFileSync(path.join(STATIC, version === '1.2' ? 'scorm12.js' : 'scorm2004.js'), 'utf8'));
  return globalThis.CoursebuildAdapter;
}

// An LMS that accepts everything and logs each call; `stored` is what it hands the SCO at launch.
function fakeApi(version, stored) {
  const calls = [];
  const prefix = version === '1.2' ? 'LMS' : '';
  const api = {};
  const names = version === '1.2' ? ['Initialize', 'Finish', 'GetValue', 'SetValue', 'Commit', 'GetLastError']
    : ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError'];
  for (const name of names) {
    api[prefix + name] = (...args) => {
      calls.push([prefix + name, ...args]);
      if (name === 'GetValue') return stored[args[0]] === undefined ? '' : stored[args[0]];
      if (name === 'GetLastError') return '0';
      return 'true';
    };
  }
  return { api, calls };
}

function sets(calls) { return calls.filter(c => /SetValue$/.test(c[0])).map(c => [c[1], c[2]]); }

for (const version of ['1.2', '2004']) {
  const is2004 = version === '2004';
  const apiName = is2004 ? 'API_1484_11' : 'API';

  test(`SCORM ${version}: start reads what the LMS stored`, () => {
    const Adapter = adapter(version);
    const mastery = is2004 ? { 'cmi.scaled_passing_score': '0.5' } : { 'cmi.student_data.mastery_score': '50' };
    const { api } = fakeApi(version, Object.assign({ 'cmi.suspend_data': '{"v":1}', 'cmi.objectives._count': '1',
      'cmi.objectives.0.id': 'obj-a' }, mastery));
    globalThis[apiName] = api;
    try {
      const session = new Adapter(() => {});
      const data = session.start();
      assert.equal(data.suspendData, '{"v":1}');
      assert.equal(data.masteryPercent, 50);
      assert.equal(session.tracked, true);
    } finally { delete globalThis[apiName]; }
  });

  test(`SCORM ${version}: an interaction, objectives and progress in the version's own elements`, () => {
    const Adapter = adapter(version);
    const { api, calls } = fakeApi(version, {});
    globalThis[apiName] = api;
    try {
      const session = new Adapter(() => {});
      session.start();
      const started = Date.UTC(2026, 10, 22, 9, 5, 3, 250);
      session.recordInteraction({ id: 'final-q-match', question: QUESTIONS.matching, answer: '102', correct: false,
        weighting: 2, objective: 'obj-a', started: started, answered: started + 12400 });
      session.setObjectives([{ id: 'obj-a', score: 5000, success: 'failed' }, { id: 'obj-b', score: null, success: 'unknown' }]);
      session.setProgress({ completed: false, success: 'failed', score: 6667, progress: 0.456 });
      assert.equal(session.commit(), true);
      const base = 'cmi.interactions.0.';
      const expected = is2004 ? [
        [base + 'id', 'final-q-match'], [base + 'type', 'matching'], [base + 'objectives.0.id', 'obj-a'],
        [base + 'timestamp', '2026-11-22T09:05:03.25Z'],
        [base + 'correct_responses.0.pattern', 'angry[.]angry[,]lost[.]lost[,]sad[.]sad'], [base + 'weighting', '2'],
        [base + 'learner_response', 'angry[.]lost[,]lost[.]angry[,]sad[.]sad'], [base + 'result', 'incorrect'],
        [base + 'latency', 'PT12.4S'],
        ['cmi.objectives.0.id', 'obj-a'], ['cmi.objectives.0.score.min', '0'], ['cmi.objectives.0.score.max', '100'],
        ['cmi.objectives.0.score.raw', '50'], ['cmi.objectives.0.score.scaled', '0.5'],
        ['cmi.objectives.0.success_status', 'failed'], ['cmi.objectives.0.completion_status', 'completed'],
        ['cmi.objectives.1.id', 'obj-b'], ['cmi.objectives.1.success_status', 'unknown'],
        ['cmi.objectives.1.completion_status', 'not attempted'],
        ['cmi.score.min', '0'], ['cmi.score.max', '100'], ['cmi.score.raw', '66.67'], ['cmi.score.scaled', '0.6667'],
        ['cmi.completion_status', 'incomplete'], ['cmi.success_status', 'failed'], ['cmi.progress_measure', '0.46'],
        ['cmi.exit', 'suspend']
      ] : [
        [base + 'id', 'final-q-match'], [base + 'type', 'matching'], [base + 'objectives.0.id', 'obj-a'],
        [base + 'time', '09:05:03'], [base + 'correct_responses.0.pattern', '0.0,1.1,2.2'], [base + 'weighting', '2'],
        [base + 'student_response', '0.1,1.0,2.2'], [base + 'result', 'wrong'], [base + 'latency', '0000:00:12.40'],
        ['cmi.objectives.0.id', 'obj-a'], ['cmi.objectives.0.score.min', '0'], ['cmi.objectives.0.score.max', '100'],
        ['cmi.objectives.0.score.raw', '50'], ['cmi.objectives.0.status', 'failed'],
        ['cmi.objectives.1.id', 'obj-b'], ['cmi.objectives.1.status', 'not attempted'],
        ['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'], ['cmi.core.score.raw', '66.67'],
        ['cmi.core.lesson_status', 'failed'], ['cmi.core.exit', 'suspend']
      ];
      // The session's time closes every Commit (its value depends on the clock: see the test below).
      assert.deepEqual(sets(calls).slice(0, -1), expected);
      assert.equal(sets(calls).at(-1)[0], is2004 ? 'cmi.session_time' : 'cmi.core.session_time');
      // Only what changed is sent again: the same progress costs nothing.
      const before = calls.length;
      session.setProgress({ completed: false, success: 'failed', score: 6667, progress: 0.456 });
      session.commit();
      assert.equal(calls.length, before);
    } finally { delete globalThis[apiName]; }
  });

  test(`SCORM ${version}: finish sends the session time and exit, and terminates once`, () => {
    const Adapter = adapter(version);
    const { api, calls } = fakeApi(version, {});
    globalThis[apiName] = api;
    const now = Date.now;
    try {
      Date.now = () => 1000;
      const session = new Adapter(() => {});
      session.start();
      Date.now = () => 1000 + 3723450; // 1 h 2 min 3.45 s later
      assert.equal(session.finish(true), true);
      assert.equal(session.finish(true), false);
      session.save('{}', 'i');
      session.commit();
      assert.deepEqual(sets(calls), is2004
        ? [['cmi.exit', 'normal'], ['cmi.session_time', 'PT1H2M3.45S']]
        : [['cmi.core.exit', ''], ['cmi.core.session_time', '0001:02:03.45']]);
      assert.equal(calls.filter(c => c[0] === (is2004 ? 'Terminate' : 'LMSFinish')).length, 1);
    } finally {
      Date.now = now;
      delete globalThis[apiName];
    }
  });

  test(`SCORM ${version}: every Commit carries the time since launch, so a lost Terminate keeps it`, () => {
    const Adapter = adapter(version);
    const { api, calls } = fakeApi(version, {});
    globalThis[apiName] = api;
    const now = Date.now;
    const element = is2004 ? 'cmi.session_time' : 'cmi.core.session_time';
    try {
      Date.now = () => 1000;
      const session = new Adapter(() => {});
      session.start();
      Date.now = () => 1000 + 65000;
      session.save('{"v":1}', 'p0.0');
      session.commit();
      session.commit(); // nothing new: no Commit, and no time sent for it
      Date.now = () => 1000 + 125500;
      session.save('{"v":1}', 'p0.1');
      session.commit();
      const times = sets(calls).filter(s => s[0] === element).map(s => s[1]);
      assert.deepEqual(times, is2004 ? ['PT1M5S', 'PT2M5.5S'] : ['0000:01:05.00', '0000:02:05.50']);
      assert.equal(calls.filter(c => /Commit$/.test(c[0])).length, 2);
      // The last value set before each Commit is the session's whole time (an LMS adds the last one, once).
      const last = calls.filter(c => /SetValue$|Commit$/.test(c[0]));
      assert.deepEqual(last.at(-2).slice(0, 2), [is2004 ? 'SetValue' : 'LMSSetValue', element]);
    } finally {
      Date.now = now;
      delete globalThis[apiName];
    }
  });

  test(`SCORM ${version}: no API means no LMS, so the player falls back to this browser`, () => {
    const Adapter = adapter(version);
    assert.equal(new Adapter(() => {}).start(), null);
  });
}

test('without an LMS the state is kept in localStorage under the unit\'s key', () => {
  const store = {};
  globalThis.localStorage = { getItem: k => (k in store ? store[k] : null), setItem: (k, v) => { store[k] = v; } };
  try {
    const session = new globalThis.CoursebuildLocal(() => {}, 'coursebuild:c:en:course');
    assert.deepEqual(session.start(), { entry: 'ab-initio', suspendData: '', location: '', masteryPercent: null });
    session.save('{"v":1}', 'p0.1');
    const again = new globalThis.CoursebuildLocal(() => {}, 'coursebuild:c:en:course').start();
    assert.deepEqual(again, { entry: 'resume', suspendData: '{"v":1}', location: 'p0.1', masteryPercent: null });
    assert.equal(session.tracked, false);
    assert.equal(session.commit(), true);
  } finally { delete globalThis.localStorage; }
});
