// Draws and shuffles follow the attempt's seed: the same seed gives the same attempt after a reload.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, QUESTIONS } = require('./load.js');

const { CoursebuildQuiz: Q } = load('questions.js', 'quiz.js');

function pool(n, lessons) {
  const questions = [];
  for (let i = 0; i < n; i++) questions.push({ id: 'q' + i, type: 'true-false', answer: true, points: 1,
    lesson: lessons ? lessons[i % lessons.length] : 'l' });
  return questions;
}

const settings = { draw: 0, shuffleQuestions: true, shuffleChoices: true, attempts: 3 };

test('the same seed draws the same questions in the same order', () => {
  const quiz = { questions: pool(12), settings: Object.assign({}, settings, { draw: 5 }) };
  const first = Q.drawOrder(quiz, 123456789);
  assert.deepEqual(Q.drawOrder(quiz, 123456789), first);
  assert.equal(first.length, 5);
  assert.equal(new Set(first).size, 5);
  const others = [1, 2, 3, 4, 5].map(seed => Q.drawOrder(quiz, seed).join());
  assert.ok(new Set(others).size > 1, 'different seeds give different draws');
});

test('without shuffling and drawing, an attempt holds the pool in order', () => {
  const quiz = { questions: pool(4), settings: Object.assign({}, settings, { shuffleQuestions: false }) };
  assert.deepEqual(Q.drawOrder(quiz, 99), [0, 1, 2, 3]);
});

test('a final assessment draws its count from each lesson\'s bank, lesson by lesson', () => {
  const quiz = { questions: pool(9, ['a', 'b', 'c']), draw: [['a', 2], ['c', 1]],
    settings: Object.assign({}, settings, { shuffleQuestions: false }) };
  for (let seed = 0; seed < 50; seed++) {
    const order = Q.drawOrder(quiz, seed);
    assert.equal(order.length, 3);
    assert.deepEqual(order.map(i => quiz.questions[i].lesson), ['a', 'a', 'c']);
  }
});

test('options are shown in an order fixed by the seed and the position', () => {
  const q = QUESTIONS.single;
  assert.deepEqual(Q.displayOrder(q, 7, 2, true), Q.displayOrder(q, 7, 2, true));
  assert.deepEqual(Q.displayOrder(q, 7, 2, false), [0, 1, 2]);
  assert.deepEqual(Q.displayOrder(Object.assign({ fixedOrder: true }, q), 7, 2, true), [0, 1, 2]);
  assert.deepEqual(Q.displayOrder(QUESTIONS.numeric, 7, 2, true), []);
  const orders = new Set();
  for (let seed = 0; seed < 40; seed++) orders.add(Q.displayOrder(q, seed, 0, true).join());
  assert.ok(orders.size > 1);
});

test('an ordering question never starts out solved', () => {
  const q = { type: 'ordering', choices: [{ id: 'a' }, { id: 'b' }] };
  for (let seed = 0; seed < 200; seed++) assert.notDeepEqual(Q.displayOrder(q, seed, seed % 5, true), [0, 1]);
});

test('an attempt starts with a fresh seed, drawn questions and no answers', () => {
  const quiz = { questions: pool(6), settings: Object.assign({}, settings, { draw: 3 }) };
  const state = { used: 1, best: 5000, last: 5000, seed: 0, phase: 2, pos: 2, order: [], answers: [] };
  const random = Math.random;
  Math.random = () => 0.5;
  try { Q.startAttempt(quiz, state); } finally { Math.random = random; }
  assert.equal(state.seed, 2147483648);
  assert.deepEqual(state.order, Q.drawOrder(quiz, 2147483648));
  assert.deepEqual(state.answers, [null, null, null]);
  assert.equal(state.phase, 1);
  assert.equal(state.pos, 0);
});

test('attempts left: unlimited at 0, never below 0', () => {
  assert.equal(Q.attemptsLeft({ settings: { attempts: 0 } }, { used: 12 }), Infinity);
  assert.equal(Q.attemptsLeft({ settings: { attempts: 3 } }, { used: 1 }), 2);
  assert.equal(Q.attemptsLeft({ settings: { attempts: 3 } }, { used: 5 }), 0);
});

test('scores are written as percentages and fractions without trailing zeros', () => {
  assert.equal(Q.percentText(6667), '66.67');
  assert.equal(Q.percentText(10000), '100');
  assert.equal(Q.percentText(5000), '50');
  assert.equal(Q.scaledText(6667), '0.6667');
  assert.equal(Q.scaledText(0), '0');
});
