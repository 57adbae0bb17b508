// Each question type scores its right answer right and a wrong one wrong, and records both as SCORM expects.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, QUESTIONS } = require('./load.js');

const { CoursebuildQuestions: QS, CoursebuildQuiz: Q } = load('questions.js', 'quiz.js');
const types = QS.types;

// [type, right answer, wrong answers...]
const ANSWERS = [
  ['single', '1', '0', '2'],
  ['multiple', '02', '20', '0', '012', '1'],
  ['true-false', 'f', 't'],
  ['fill-in', 'Help desk', 'help desk', '  HELP   desk ', 'HELPDESK', 'help', 'desk help'],
  ['matching', '012', '102', '021'],
  ['ordering', '012', '102', '210'],
  ['numeric', '12', '11.5', '12.5', '11.49', '12.51', '-12']
];

test('every type scores its right answers right and the others wrong', () => {
  for (const [type, right, ...others] of ANSWERS) {
    const q = QUESTIONS[type];
    assert.equal(Q.isCorrect(q, right), true, `${type} ${right}`);
    for (const answer of others) {
      const expected = (type === 'multiple' && answer === '20') || (type === 'fill-in' && answer !== 'help' &&
        answer !== 'desk help') || (type === 'numeric' && answer !== '11.49' && answer !== '12.51' && answer !== '-12');
      assert.equal(Q.isCorrect(q, answer), expected, `${type} ${JSON.stringify(answer)}`);
    }
    assert.equal(Q.isCorrect(q, null), false, `${type}: no answer is never right`);
  }
});

test('fill-in follows its case and whitespace rules', () => {
  const exact = Object.assign({}, QUESTIONS['fill-in'], { caseSensitive: true, whitespace: 'exact' });
  assert.equal(Q.isCorrect(exact, 'Help desk'), true);
  assert.equal(Q.isCorrect(exact, 'help desk'), false);
  assert.equal(Q.isCorrect(exact, 'Help  desk'), false);
  const ignore = Object.assign({}, QUESTIONS['fill-in'], { whitespace: 'ignore' });
  assert.equal(Q.isCorrect(ignore, 'H e l p d e s k'), true);
  // Composed and decomposed forms are the same text.
  const cafe = Object.assign({}, QUESTIONS['fill-in'], { accepted: ['caf\u00e9'] });
  assert.equal(Q.isCorrect(cafe, 'cafe\u0301'), true);
});

test('the right answer of each type is the one it scores right', () => {
  for (const type of Object.keys(types)) {
    const q = QUESTIONS[type];
    assert.equal(Q.isCorrect(q, types[type].correct(q)), true, type);
  }
});

test('an attempt scores the points of its right answers, as percent x100', () => {
  const quiz = { questions: [QUESTIONS.single, QUESTIONS.multiple, QUESTIONS.numeric] }; // 1 + 2 + 3 points
  assert.equal(Q.attemptScore(quiz, { order: [0, 1, 2], answers: ['1', '0', '12'] }), 6667);
  assert.equal(Q.attemptScore(quiz, { order: [2, 0], answers: ['12', '1'] }), 10000);
  assert.equal(Q.attemptScore(quiz, { order: [1], answers: [null] }), 0);
});

// [type, answer, 1.2 patterns, 1.2 response, 2004 patterns, 2004 response, interaction type]
const RECORDS = [
  ['single', '0', ['1'], '0', ['opt_b'], 'opt_a', 'choice'],
  ['multiple', '02', ['0,2'], '0,2', ['a[,]c'], 'a[,]c', 'choice'],
  ['true-false', 't', ['f'], 't', ['false'], 'true', 'true-false'],
  ['fill-in', 'Help [,] desk', ['Help desk'], 'Help [,] desk', ['Help desk', 'helpdesk'], 'Help [ ,] desk', 'fill-in'],
  ['matching', '102', ['0.0,1.1,2.2'], '0.1,1.0,2.2', ['angry[.]angry[,]lost[.]lost[,]sad[.]sad'],
    'angry[.]lost[,]lost[.]angry[,]sad[.]sad', 'matching'],
  ['ordering', '210', ['0,1,2'], '2,1,0', ['first[,]second[,]third'], 'third[,]second[,]first', 'sequencing'],
  ['numeric', '11.75', ['12'], '11.75', ['11.5[:]12.5'], '11.75', 'numeric']
];

test('every type records its interaction in each SCORM version\'s own format', () => {
  for (const [type, answer, patterns12, response12, patterns2004, response2004, kind] of RECORDS) {
    const q = QUESTIONS[type];
    assert.deepEqual(types[type].record(q, answer, false), { type: kind, patterns: patterns12, response: response12 },
      `${type} 1.2`);
    assert.deepEqual(types[type].record(q, answer, true), { type: kind, patterns: patterns2004, response: response2004 },
      `${type} 2004`);
  }
});

test('a 2004 fill-in answer cannot split into several or read as a delimiter', () => {
  const record = types['fill-in'].record(QUESTIONS['fill-in'], '{lang=en}x'.padEnd(300, 'y'), true);
  assert.equal(record.response.charAt(0), '(');
  assert.equal(record.response.length, 250);
});
