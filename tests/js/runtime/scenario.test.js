// Scenarios, the pure part: conditions as trees, effects held in range, branches, runs, results, the lesson
// score, decisions as SCORM interactions, and their saved part.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./load.js');

const { CoursebuildScenario: SC, CoursebuildState: ST } = load('questions.js', 'quiz.js', 'state.js', 'scenario.js');

function choice(id, goto, extra) {
  return Object.assign({ id: id, if: null, points: 0, effects: [], branches: [], goto: goto, feedback: 'immediate',
    text: id, feedbackText: '' }, extra);
}
function node(id, choices, best) {
  return { id: id, speaker: 0, verdict: null, passes: null, choices: choices, best: best || [], text: 'Line ' + id };
}
function ending(id, verdict) {
  return { id: id, speaker: 0, verdict: verdict, passes: verdict !== 'poor', choices: [], best: [], text: id };
}

// As builder/scenario/rules.py hands it over: the example course's closing call, in short.
const SCENARIO = {
  id: 'closing', fingerprint: 'abcd1234', attempts: 2, start: 0, bestPoints: 5, storedSteps: 4,
  meters: [{ id: 'trust', start: 50, min: 0, max: 100 }],
  nodes: [
    node('opening', [
      choice('summarise', 1, { points: 2, effects: [['trust', 20]] }),
      choice('rush', 4, { effects: [['trust', -60]] }),
      choice('secret', 1, { if: ['>=', 'trust', 90], points: 1 })], [0]),
    node('check', [
      choice('check-more', 2, { points: 2, effects: [['trust', 10]] }),
      choice('close', 3, { points: 1 })], [0]),
    node('farewell', [choice('thank', 3, { points: 1, branches: [[['and', ['>=', 'trust', 80], ['not', ['<', 'trust', 0]]], 5]] })], [0]),
    ending('settled', 'good'),
    ending('rushed', 'poor'),
    ending('delighted', 'best')
  ]
};

test('conditions are trees of comparisons, and, or and not, over meters and numbers', () => {
  const s = SCENARIO;
  assert.equal(SC.holds(s, null, [0]), true);
  assert.equal(SC.holds(s, ['>=', 'trust', 40], [40]), true);
  assert.equal(SC.holds(s, ['>=', 'trust', 40], [39]), false);
  assert.equal(SC.holds(s, ['or', ['==', 'trust', 1], ['!=', 2, 'trust']], [2]), false);
  assert.equal(SC.holds(s, ['not', ['and', ['<', 'trust', 5], ['>', 'trust', 1]]], [3]), false);
  assert.throws(() => SC.holds(s, ['=', 'trust', 1], [1]), /unknown operator/);
  assert.throws(() => SC.holds(s, ['==', 'patience', 1], [1]), /unknown meter/);
});

test('a choice behind a condition is offered only when it holds on arriving', () => {
  assert.deepEqual(SC.offered(SCENARIO, 0, [50]), [0, 1]);
  assert.deepEqual(SC.offered(SCENARIO, 0, [90]), [0, 1, 2]);
});

test('effects stay within the meter and branches are tested on the new values', () => {
  assert.deepEqual(SC.take(SCENARIO, 0, 1, [50]), { meters: [0], next: 4 });
  assert.deepEqual(SC.take(SCENARIO, 0, 0, [95]), { meters: [100], next: 1 });
  assert.equal(SC.take(SCENARIO, 2, 0, [80]).next, 5);
  assert.equal(SC.take(SCENARIO, 2, 0, [79]).next, 3);
});

function fresh() { return ST.decode('', { lessons: [{ pagesFingerprint: 'p', pages: [], quiz: null, scenarios: [SCENARIO] }] }).state.scenarios[0][0]; }

test('a run goes from the start to an ending, counts an attempt there and keeps the better result', () => {
  const part = fresh();
  assert.deepEqual(part, { fp: 'abcd1234', used: 0, best: -1, ending: -1, node: -1, meters: [50], path: '', cap: 4 });
  SC.startRun(SCENARIO, part);
  assert.equal(SC.choose(SCENARIO, part, 1), true);
  assert.deepEqual([part.used, part.best, part.ending, part.path], [1, 0, 4, '1']);
  assert.deepEqual(SC.result(SCENARIO, part), { points: 0, percent: 0, passed: false });
  SC.startRun(SCENARIO, part);
  SC.choose(SCENARIO, part, 0);
  SC.choose(SCENARIO, part, 0);
  assert.equal(SC.choose(SCENARIO, part, 0), true);
  assert.deepEqual([part.node, part.path, part.meters, part.used], [5, '000', [80], 2]);
  assert.deepEqual(SC.result(SCENARIO, part), { points: 5, percent: 10000, passed: true });
  assert.equal(SC.attemptsLeft(SCENARIO, part), 0);
  assert.throws(() => { SC.startRun(SCENARIO, part); SC.choose(SCENARIO, part, 2); }, /not offered/);
});

test('a pass is better than more points without one; a later run with fewer points is not kept', () => {
  const part = Object.assign(fresh(), { used: 1, best: 3, ending: 4 });
  SC.startRun(SCENARIO, part);
  SC.choose(SCENARIO, part, 0);
  SC.choose(SCENARIO, part, 1);
  assert.deepEqual([part.best, part.ending], [3, 3]); // 3 points passing beats 3 points failing
  SC.startRun(SCENARIO, part);
  SC.choose(SCENARIO, part, 1);
  assert.deepEqual([part.best, part.ending], [3, 3]);
});

test('a path replays to its steps', () => {
  assert.deepEqual(SC.replay(SCENARIO, '01'), [{ node: 0, choice: 0 }, { node: 1, choice: 1 }]);
  assert.equal(SC.runPoints(SCENARIO, '01'), 3);
});

test('percentages and the lesson score round half up as Python does', () => {
  const seven = Object.assign({}, SCENARIO, { bestPoints: 7 });
  assert.equal(SC.percent(seven, 6), 8571);
  assert.equal(SC.percent(seven, -1), null);
  // README's example: quiz 50 %, scenario 85.71 %, weight 40: 64.28 %.
  assert.equal(SC.lessonScore([60, 40, 0], 5000, 8571), 6428);
  assert.equal(SC.lessonScore([60, 40, 0], -1, 8571), null);
  assert.equal(SC.lessonScore([60, 40, 0], 5000, null), null);
  assert.equal(SC.lessonScore([0, 100, 0], undefined, 8571), 8571);
  assert.equal(SC.lessonScore([100, 0, -1], 5000, null), 5000);
});

test('a decision is a choice interaction: a character in 1.2, the id and the line in 2004', () => {
  const d = SC.decision(SCENARIO, 1);
  assert.deepEqual(d.record(d, '1', false), { type: 'choice', response: '1', patterns: ['0'], result: null, description: null });
  assert.deepEqual(d.record(d, '0', true),
    { type: 'choice', response: 'check_more', patterns: ['check_more'], result: null, description: 'Line check' });
  // Its choices as a quiz question's (id, text), for the cmi5 adapter's interaction definition.
  assert.deepEqual(d.choices.map(c => [c.id, c.text]), [['check-more', 'check-more'], ['close', 'close']]);
  const neutral = Object.assign({}, SCENARIO, { nodes: [node('x', [choice('a', 1)]), ending('e', 'good')] });
  assert.equal(SC.decision(neutral, 0).record(null, '0', true).result, 'neutral');
  const long = Object.assign({}, SCENARIO, { nodes: [Object.assign(node('x', [choice('a', 0)]), { text: '{' + '說'.repeat(300) })] });
  const description = SC.decision(long, 0).record(null, '0', true).description;
  assert.equal(description.length, 250);
  assert.ok(description.startsWith('(') && description.endsWith('\u2026'));
});

test('the scenario part is saved and read back; one made for another version is dropped', () => {
  const unit = { lessons: [{ pagesFingerprint: 'p', pages: [{}], quiz: null, scenarios: [SCENARIO] },
    { pagesFingerprint: 'q', pages: [{}], quiz: null, scenarios: [] }], assessment: null };
  const state = ST.decode('', unit).state;
  Object.assign(state.scenarios[0][0], { used: 3, best: 5, ending: 5, node: 2, meters: [80], path: '00000' });
  const text = ST.encode(state, '1');
  assert.deepEqual(JSON.parse(text).s, [[['abcd1234', 3, 5, 5, 2, [80], '0000']], 0]); // 4 steps stored
  const back = ST.decode(text, unit);
  assert.equal(back.dropped, 0);
  assert.deepEqual(back.state.scenarios[0][0].meters, [80]);
  const changed = { lessons: [Object.assign({}, unit.lessons[0], { scenarios: [Object.assign({}, SCENARIO, { fingerprint: 'other' })] }), unit.lessons[1]] };
  const dropped = ST.decode(text, changed);
  assert.equal(dropped.dropped, 1);
  assert.equal(dropped.state.scenarios[0][0].node, -1);
  assert.equal(JSON.parse(ST.encode(ST.decode('', { lessons: [unit.lessons[1]] }).state, '1')).s, undefined);
});
