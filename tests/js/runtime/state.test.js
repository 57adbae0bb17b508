// The saved state: what is encoded decodes to the same state; a part whose structure changed starts again.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./load.js');

const { CoursebuildState: ST } = load('questions.js', 'quiz.js', 'state.js');

const unit = {
  lessons: [
    { pagesFingerprint: 'pages-a', pages: [{}, {}, {}], quiz: { fingerprint: 'quiz-a' } },
    { pagesFingerprint: 'pages-b', pages: [{}], quiz: null }
  ],
  assessment: { fingerprint: 'final' }
};

function played() {
  const state = ST.decode('', unit).state;
  state.location = 'p0.2';
  state.intro = 1;
  state.pages[0].seen = '101';
  Object.assign(state.quizzes[0], { used: 2, best: 6667, last: 3333, seed: 4294967295, phase: 1, pos: 1,
    order: [2, 0], answers: ['x"\\y', null] });
  Object.assign(state.assessment, { used: 1, best: -1, last: -1, seed: 12, phase: 1, pos: 0, order: [1], answers: ['02'] });
  return state;
}

test('a state decodes to what was encoded', () => {
  const text = ST.encode(played(), '1.0.0');
  const decoded = ST.decode(text, unit);
  assert.equal(decoded.dropped, 0);
  assert.equal(decoded.restored, 4); // two lessons' pages, one lesson quiz, the assessment
  assert.deepEqual(decoded.state, played());
  assert.equal(ST.encode(decoded.state, '1.0.0'), text);
});

test('the format is compact JSON with one key per part', () => {
  const raw = JSON.parse(ST.encode(played(), '1.0.0'));
  assert.deepEqual(Object.keys(raw), ['v', 'c', 'l', 'i', 'p', 'q', 'a']);
  assert.deepEqual(raw.p, [['pages-a', '101'], ['pages-b', '0']]);
  assert.deepEqual(raw.q[0], ['quiz-a', 2, 6667, 3333, 4294967295, 1, 1, [2, 0], ['x"\\y', 0]]);
  assert.equal(raw.q[1], 0);
});

test('attempts are stored up to 99', () => {
  const state = played();
  state.quizzes[0].used = 140;
  assert.equal(JSON.parse(ST.encode(state, '1'))['q'][0][1], 99);
});

test('a part whose fingerprint changed starts again; the others are kept', () => {
  const text = ST.encode(played(), '1.0.0');
  const changed = JSON.parse(JSON.stringify(unit));
  changed.lessons[0].quiz.fingerprint = 'quiz-a2';
  changed.lessons[0].pagesFingerprint = 'pages-a2';
  const decoded = ST.decode(text, changed);
  assert.equal(decoded.dropped, 2);
  assert.equal(decoded.restored, 2);
  assert.equal(decoded.state.pages[0].seen, '000');
  assert.equal(decoded.state.quizzes[0].used, 0);
  assert.equal(decoded.state.assessment.used, 1);
  assert.equal(decoded.state.location, 'p0.2');
});

test('damaged or foreign text starts cleanly', () => {
  for (const text of ['{', 'null', '{"v":2}', '[1,2]']) {
    const decoded = ST.decode(text, unit);
    assert.equal(decoded.restored, 0, text);
    assert.equal(decoded.dropped, 1, text);
    assert.equal(decoded.state.quizzes[0].used, 0);
  }
  const bad = JSON.parse(ST.encode(played(), '1'));
  bad.q[0][8] = [5, 0]; // an answer that is not a string (nor 0: none)
  bad.p[0][1] = '1x1';
  const decoded = ST.decode(JSON.stringify(bad), unit);
  assert.equal(decoded.state.quizzes[0].used, 0);
  assert.equal(decoded.state.pages[0].seen, '000');
});
