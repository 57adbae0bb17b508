// Loads the runtime's classic scripts into this Node process as a browser would: one global each.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const STATIC = path.resolve(__dirname, '..', '..', '..', 'builder', 'runtime', 'static');

function load(...names) {
  for (const name of names) {
    vm.runInThisContext(fs.readFileSync(path.join(STATIC, name), 'utf8'), { filename: path.join(STATIC, name) });
  }
  return globalThis;
}

// Questions as the course data holds them (builder/questions, runtime_data), one per type.
const QUESTIONS = {
  single: { id: 'q-single', type: 'single', points: 1, choices: [
    { id: 'opt-a', text: 'A', correct: false }, { id: 'opt-b', text: 'B', correct: true },
    { id: 'opt-c', text: 'C', correct: false }] },
  multiple: { id: 'q-multiple', type: 'multiple', points: 2, choices: [
    { id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: false },
    { id: 'c', text: 'C', correct: true }] },
  'true-false': { id: 'q-tf', type: 'true-false', points: 1, answer: false },
  'fill-in': { id: 'q-fill', type: 'fill-in', points: 1, accepted: ['Help desk', 'helpdesk'], caseSensitive: false,
    whitespace: 'normalize', maxLength: 20 },
  matching: { id: 'q-match', type: 'matching', points: 1, pairs: [
    { id: 'angry', left: 'Angry', right: 'Calm' }, { id: 'lost', left: 'Lost', right: 'Guide' },
    { id: 'sad', left: 'Sad', right: 'Listen' }] },
  ordering: { id: 'q-order', type: 'ordering', points: 1, choices: [
    { id: 'first', text: 'First', correct: true }, { id: 'second', text: 'Second', correct: true },
    { id: 'third', text: 'Third', correct: true }] },
  numeric: { id: 'q-number', type: 'numeric', points: 3, value: 12, tolerance: 0.5, maxLength: 32 }
};

module.exports = { load, QUESTIONS, STATIC };
