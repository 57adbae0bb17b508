// The cmi5 adapter's pure parts (xapi.js): launch parameters, ISO 8601 durations, ids, statements, the send queue.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./load.js');

const X = load('xapi.js').CoursebuildXapi;

const ACTOR = { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'learner-1' } };
const LAUNCH = { endpoint: 'https://lms.example/xapi/', fetch: 'https://lms.example/fetch/1', actor: ACTOR,
  registration: 'b9a5d8ff-5b3a-4d64-9d1a-53a0cc5b9f11', activityId: 'https://lms.example/au/1' };
const TEMPLATE = { contextActivities: { grouping: [{ id: 'urn:coursebuild:x:1:en:au' }],
  category: [{ id: 'https://lms.example/category/own' }] },
extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 's-1' } };

function statements(data) {
  let n = 0;
  return new X.Statements(LAUNCH, Object.assign({ contextTemplate: TEMPLATE }, data), () => `id-${n++}`, 'zh-Hant');
}

test('launch parameters are read in any order; a missing one or a bad actor means no LMS', () => {
  const query = '?activityId=' + encodeURIComponent(LAUNCH.activityId) + '&actor=' + encodeURIComponent(JSON.stringify(ACTOR))
    + '&registration=' + LAUNCH.registration + '&fetch=' + encodeURIComponent(LAUNCH.fetch)
    + '&endpoint=' + encodeURIComponent('https://lms.example/xapi');
  assert.deepEqual(X.launchParameters(query), LAUNCH); // the endpoint gains its final '/'
  assert.equal(X.launchParameters(query.replace(/&fetch=[^&]*/, '')), null);
  assert.equal(X.launchParameters(query.replace(/actor=[^&]*/, 'actor=%7Bnot-json')), null);
  assert.equal(X.launchParameters(''), null);
});

test('the preferred language is the first of the preference the course has, by tag or primary language', () => {
  const course = ['en', 'zh-Hant'];
  assert.equal(X.preferred('zh-Hant', course), 'zh-Hant');
  assert.equal(X.preferred('zh-TW,en-US', course), 'zh-Hant');
  assert.equal(X.preferred('fr-FR, EN-gb', course), 'en');
  assert.equal(X.preferred('fr-FR', course), '');
  assert.equal(X.preferred(undefined, course), '');
});

test('durations are ISO 8601 to the hundredth of a second', () => {
  assert.equal(X.duration(0), 'PT0S');
  assert.equal(X.duration(1234), 'PT1.23S');
  assert.equal(X.duration(60000), 'PT1M');
  assert.equal(X.duration(3723450), 'PT1H2M3.45S');
  assert.equal(X.duration(-5), 'PT0S');
});

test('ids are version 4 UUIDs', () => {
  const id = X.uuid(new Uint8Array(16).fill(255));
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('defined statements keep the context template whole and add the cmi5 categories', () => {
  const s = statements({ masteryScore: 0.8 });
  const init = s.defined('initialized', null, Date.UTC(2026, 0, 1));
  assert.equal(init.timestamp, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(init.object, { id: LAUNCH.activityId, objectType: 'Activity' });
  assert.equal(init.context.registration, LAUNCH.registration);
  assert.deepEqual(init.context.contextActivities.grouping, TEMPLATE.contextActivities.grouping);
  assert.deepEqual(init.context.contextActivities.category.map(c => c.id), ['https://lms.example/category/own',
    'https://w3id.org/xapi/cmi5/context/categories/cmi5']);
  assert.equal(TEMPLATE.contextActivities.category.length, 1, 'the template itself is never changed');
  assert.equal(init.result, undefined);
  const completed = s.defined('completed', { completion: true, duration: 'PT1S' }, 0);
  assert.ok(completed.context.contextActivities.category.some(c => c.id.endsWith('/moveon')));
  assert.equal(completed.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], undefined);
  const passed = s.judged(true, 8500, 61000, 0);
  assert.deepEqual(passed.result, { score: { scaled: 0.85, raw: 85, min: 0, max: 100 }, success: true, duration: 'PT1M1S' });
  assert.equal(passed.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 0.8);
  assert.equal(s.judged(false, 0, 0, 0).verb.id, 'http://adlnet.gov/expapi/verbs/failed');
  assert.equal(statements({}).judged(true, 10000, 0, 0).context.extensions[X.MASTERY], undefined);
});

test('an answer is a cmi5 allowed statement about a cmi.interaction in the course language', () => {
  const record = { id: 'final-q-1', question: { prompt: '哪一句？' }, correct: false, started: 1000, answered: 3500 };
  const a = statements({}).answered(record, { type: 'choice', patterns: ['opt_b'], response: 'opt_a' },
    { choices: [{ id: 'opt_a', text: '甲' }, { id: 'opt_b', text: '乙' }] });
  assert.equal(a.object.id, LAUNCH.activityId + '/interactions/final-q-1');
  assert.deepEqual(a.object.definition, { type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
    interactionType: 'choice', name: { 'zh-Hant': 'final-q-1' }, description: { 'zh-Hant': '哪一句？' },
    correctResponsesPattern: ['opt_b'], choices: [{ id: 'opt_a', description: { 'zh-Hant': '甲' } },
      { id: 'opt_b', description: { 'zh-Hant': '乙' } }] });
  assert.deepEqual(a.result, { response: 'opt_a', success: false, duration: 'PT2.5S' });
  assert.ok(!JSON.stringify(a.context).includes('categories/cmi5'));
});

test('a scenario decision where no choice earns points is answered without success', () => {
  const record = { id: 'closing.x', question: {}, correct: false, started: 0, answered: 1000 };
  const a = statements({}).answered(record, { type: 'choice', patterns: [], response: 'a', result: 'neutral',
    description: 'Line x' }, { choices: [{ id: 'a', text: 'A' }] });
  assert.deepEqual(a.object.definition.description, { 'zh-Hant': 'Line x' });
  assert.deepEqual(a.object.definition.correctResponsesPattern, []);
  assert.deepEqual(a.result, { response: 'a', duration: 'PT1S' });
});

// A transport that answers each request with the next status given, and a clock the test turns by hand.
function harness(statuses) {
  const sent = [], timers = [], notices = [];
  const queue = new X.Queue(item => {
    sent.push(JSON.parse(JSON.stringify(item)));
    return Promise.resolve(statuses.length ? statuses.shift() : 200);
  }, (ms, f) => timers.push({ ms, f }), (key, code) => notices.push([key, code]));
  return { queue, sent, timers, notices };
}
const settle = () => new Promise(resolve => setImmediate(resolve));

test('the queue sends in order, statements batched, and a state write replaces one still waiting', async () => {
  const { queue, sent } = harness([]);
  queue.statement('a');
  queue.statement('b');
  queue.document('{"v":1}');
  queue.document('{"v":2}');
  queue.statement('c');
  queue.flush();
  await settle();
  assert.deepEqual(sent.map(i => [i.kind, i.body]), [['statements', ['a', 'b']], ['state', '{"v":2}'], ['statements', ['c']]]);
  assert.equal(await queue.drained(1000), true);
});

test('an LRS that does not answer gets everything again, with a doubling wait, and the notice follows', async () => {
  const { queue, sent, timers, notices } = harness([503, 0, 503]);
  queue.statement('a');
  queue.flush();
  await settle();
  queue.statement('b'); // made while the first waits: joins it, after it
  for (let turn = 0; turn < 3; turn++) {
    await settle();
    timers.shift().f();
  }
  await settle();
  assert.deepEqual(sent.map(i => i.body), [['a'], ['a', 'b'], ['a', 'b'], ['a', 'b']]);
  assert.deepEqual(notices, [['lmsError', 'statements 503'], ['lmsSaved', '']]);
});

test('the wait between tries doubles up to its bound', async () => {
  const { queue, timers } = harness(Array(12).fill(500));
  queue.statement('a');
  queue.flush();
  const waits = [];
  for (let turn = 0; turn < 10; turn++) {
    await settle();
    const timer = timers.shift();
    waits.push(timer.ms);
    timer.f();
  }
  assert.deepEqual(waits.slice(0, 4), [500, 1000, 2000, 4000]);
  assert.equal(Math.max(...waits), X.MOST);
});

test('what the LRS refuses is dropped and named, and the rest still goes', async () => {
  const { queue, sent, notices } = harness([400]);
  queue.statement('bad');
  queue.flush();
  await settle();
  queue.statement('good');
  queue.flush();
  await settle();
  assert.deepEqual(sent.map(i => i.body), [['bad'], ['good']]);
  assert.deepEqual(notices, [['lmsRefused', 'statements 400']]);
});

test('a refused batch is sent again one statement at a time: only the bad one is dropped', async () => {
  const { queue, sent, notices } = harness([400, 204, 400, 204]);
  queue.statement('good');
  queue.statement('bad');
  queue.statement('completed');
  queue.flush();
  for (let turn = 0; turn < 4; turn++) await settle();
  assert.deepEqual(sent.map(i => i.body), [['good', 'bad', 'completed'], ['good'], ['bad'], ['completed']]);
  assert.deepEqual(notices, [['lmsRefused', 'statements 400']]);
});

test('take() hands over what has not gone out, for the last send as the page closes', async () => {
  const { queue } = harness([]);
  queue.statement('a');
  queue.document('{}');
  assert.deepEqual(queue.take().map(i => i.kind), ['statements', 'state']);
  assert.deepEqual(queue.take(), []);
});

test('take() sends a state write that is out again, and only the newest state', async () => {
  const sent = [];
  const queue = new X.Queue(item => { sent.push(item.body); return new Promise(() => {}); }, () => {}, () => {});
  queue.document('{"v":1}');
  queue.flush(); // out, and never answered: the page is closing
  await settle();
  queue.statement('a');
  assert.deepEqual(queue.take().map(i => [i.kind, i.body]), [['state', '{"v":1}'], ['statements', ['a']]]);
  queue.document('{"v":2}');
  queue.items[0].out = true;
  queue.document('{"v":3}');
  assert.deepEqual(queue.take().map(i => i.body), ['{"v":3}']);
});
