/* coursebuild runtime — quizzes: drawing, shuffling, scoring, attempts. Each question type's own rules are in
 * questions.js; answers are the short strings described there.
 */
(function (global) {
'use strict';

var QS = global.CoursebuildQuestions, types = QS.types, range = QS.range;

// mulberry32: a small seeded PRNG, so a resumed attempt shows the same draw and the same order.
function prng(seed) {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    var t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The seed only varies the draw and the order between attempts: it needs no cryptographic strength.
function newSeed() { return Math.floor(Math.random() * 4294967296) >>> 0; }

function shuffled(list, random) {
  var copy = list.slice();
  for (var i = copy.length - 1; i > 0; i--) {
    var j = Math.floor(random() * (i + 1));
    var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
  }
  return copy;
}

function trimmed(text) { return text.indexOf('.') < 0 ? text : text.replace(/\.?0+$/, ''); }
// A score kept as percent ×100, written as a percentage (66.67) or a fraction of 1 (0.6667).
function percentText(x100) { return trimmed((x100 / 100).toFixed(2)); }
function scaledText(x100) { return trimmed((x100 / 10000).toFixed(4)); }

function ascending(x, y) { return x - y; }

/* The questions of one attempt, as indices into quiz.questions. A final assessment draws per lesson
 * (quiz.draw = [[lesson id, count], ...]); a lesson quiz draws settings.draw from its pool (0 = all). */
function drawOrder(quiz, seed) {
  var random = prng(seed);
  var all = range(quiz.questions.length);
  function pick(pool, count) { return shuffled(pool, random).slice(0, count).sort(ascending); }
  var picked = all;
  if (quiz.draw) {
    picked = [];
    quiz.draw.forEach(function (rule) {
      picked = picked.concat(pick(all.filter(function (i) { return quiz.questions[i].lesson === rule[0]; }), rule[1]));
    });
  } else if (quiz.settings.draw && quiz.settings.draw < all.length) {
    picked = pick(all, quiz.settings.draw);
  }
  return quiz.settings.shuffleQuestions ? shuffled(picked, random) : picked;
}

// The order a question's options are shown in, fixed by the attempt's seed and the question's position.
function displayOrder(question, seed, position, shuffleChoices) {
  var random = prng((seed ^ Math.imul(position + 1, 0x9E3779B1)) >>> 0);
  return types[question.type].order(question, function (list) { return shuffled(list, random); }, shuffleChoices);
}

function isCorrect(question, answer) { return answer != null && types[question.type].score(question, answer); }

/* ----- attempts and scores ----- */

// Percent ×100 as an integer: exact to two decimals, and what the state stores.
function attemptScore(quiz, quizState) {
  var earned = 0, total = 0;
  quizState.order.forEach(function (qi, pos) {
    var q = quiz.questions[qi];
    total += q.points;
    if (isCorrect(q, quizState.answers[pos])) earned += q.points;
  });
  return total ? Math.round(earned * 10000 / total) : 0;
}

function startAttempt(quiz, quizState) {
  quizState.seed = newSeed();
  quizState.order = drawOrder(quiz, quizState.seed);
  quizState.answers = quizState.order.map(function () { return null; });
  quizState.pos = 0;
  quizState.phase = 1;
}

function attemptsLeft(quiz, quizState) {
  var allowed = quiz.settings.attempts;
  return allowed === 0 ? Infinity : Math.max(allowed - quizState.used, 0);
}

global.CoursebuildQuiz = {
  displayOrder: displayOrder, isCorrect: isCorrect, attemptScore: attemptScore, startAttempt: startAttempt,
  attemptsLeft: attemptsLeft, drawOrder: drawOrder, percentText: percentText, scaledText: scaledText, trimmed: trimmed
};
})(this);
