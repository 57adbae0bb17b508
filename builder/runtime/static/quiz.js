/* coursebuild player — questions: drawing, shuffling, scoring and the SCORM interaction formats.
 *
 * An answer is a short string (see builder/runtime/state.py): base-36 indices into the question's choices, pairs or items
 * as the course lists them, "t"/"f", the typed text, or a normalised number. Indices refer to the course's
 * order, never the shuffled one, so a stored answer means the same thing after a reload.
 */
(function (global) {
'use strict';

var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

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

function range(n) { var r = []; for (var i = 0; i < n; i++) r.push(i); return r; }
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
  if (question.type === 'ordering') {
    var order = shuffled(range(question.choices.length), random);
    // An ordering question must never start out already solved.
    if (order.every(function (v, i) { return v === i; })) order.push(order.shift());
    return order;
  }
  if (question.type === 'matching') return shuffled(range(question.pairs.length), random);
  if (question.type === 'single' || question.type === 'multiple') {
    var all = range(question.choices.length);
    return shuffleChoices && !question.fixedOrder ? shuffled(all, random) : all;
  }
  return [];
}

function digit(i) { return DIGITS.charAt(i); }
function indices(answer) { return answer.split('').map(function (c) { return DIGITS.indexOf(c); }); }

function normaliseText(text, question) {
  var t = String(text).normalize('NFC');
  if (question.whitespace === 'normalize') t = t.trim().replace(/\s+/g, ' ');
  else if (question.whitespace === 'ignore') t = t.replace(/\s+/g, '');
  return question.caseSensitive ? t : t.toLowerCase();
}

// A typed number in the form SCORM's decimal type accepts, or null when it is not one.
function parseNumber(text) {
  var t = String(text).trim().replace(',', '.');
  if (!/^-?\d{1,10}(\.\d{1,8})?$/.test(t)) return null;
  return formatNumber(parseFloat(t));
}

function formatNumber(x) {
  var s = x.toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

// Typed text as stored: no control characters and no lone surrogates, cut to the question's max_length.
function cleanTyped(text, maxLength) {
  var t = String(text).replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, '$1');
  return t.slice(0, maxLength);
}

function correctAnswer(question) {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return question.choices.map(function (c, i) { return c.correct ? digit(i) : ''; }).join('');
    case 'true-false': return question.answer ? 't' : 'f';
    case 'matching':
    case 'ordering':
      return range((question.pairs || question.choices).length).map(digit).join('');
    case 'fill-in': return question.accepted[0] || '';
    case 'numeric': return formatNumber(question.value);
  }
  return '';
}

function isCorrect(question, answer) {
  if (answer == null) return false;
  switch (question.type) {
    case 'multiple':
      return indices(answer).sort(ascending).map(digit).join('') === correctAnswer(question);
    case 'fill-in':
      var given = normaliseText(answer, question);
      return question.accepted.some(function (a) { return normaliseText(a, question) === given; });
    case 'numeric':
      var x = parseFloat(answer);
      return !isNaN(x) && Math.abs(x - question.value) <= question.tolerance + 1e-9;
    default:
      return answer === correctAnswer(question);
  }
}

/* ----- SCORM interaction records ----- */

// SCORM's interaction type where its name differs from the question type's.
var TYPES = { 'single': 'choice', 'multiple': 'choice', 'ordering': 'sequencing' };

// 2004 fill-in text: "[,]" would split it into several answers and a leading "{" would read as a delimiter.
function safe2004Text(text) {
  return String(text).replace(/\[,\]/g, '[ ,]').replace(/^\{/, '(').slice(0, 250);
}

// A 2004 short_identifier_type: Moodle takes only letters, digits, '_' and '.', so an id's hyphens become '_'
// (ids have no '_' of their own, so two ids never meet).
function shortId(item) { return item.id.replace(/-/g, '_'); }

// SCORM 1.2 has no range for numeric: the exact value is the pattern (the tolerance applies in the player).
function interaction(question, answer, version) {
  var is2004 = version === '2004';
  var separator = is2004 ? '[,]' : ',';
  var patterns, response;
  // 1.2 lists the answer's own digits; 2004 the ids they stand for.
  var sequence = function (digits) {
    return (is2004 ? indices(digits).map(function (i) { return shortId(question.choices[i]); }) : digits.split(''))
      .join(separator);
  };
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'ordering':
      patterns = [sequence(correctAnswer(question))];
      response = sequence(answer);
      break;
    case 'true-false':
      patterns = [is2004 ? String(question.answer) : correctAnswer(question)];
      response = is2004 ? String(answer === 't') : answer;
      break;
    case 'matching':
      var pairs = question.pairs;
      var pair = function (target, i) {
        return is2004 ? shortId(pairs[i]) + '[.]' + shortId(pairs[target]) : digit(i) + '.' + digit(target);
      };
      patterns = [range(pairs.length).map(pair).join(separator)];
      response = indices(answer).map(pair).join(separator);
      break;
    case 'fill-in':
      patterns = is2004 ? question.accepted.slice(0, 10).map(safe2004Text) : [question.accepted[0].slice(0, 255)];
      response = is2004 ? safe2004Text(answer) : String(answer).slice(0, 255);
      break;
    case 'numeric':
      patterns = [is2004
        ? formatNumber(question.value - question.tolerance) + '[:]' + formatNumber(question.value + question.tolerance)
        : formatNumber(question.value)];
      response = answer;
      break;
  }
  return {
    type: TYPES[question.type] || question.type, patterns: patterns, response: response,
    result: isCorrect(question, answer) ? 'correct' : (is2004 ? 'incorrect' : 'wrong')
  };
}

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
  displayOrder: displayOrder, isCorrect: isCorrect, interaction: interaction, attemptScore: attemptScore,
  startAttempt: startAttempt, attemptsLeft: attemptsLeft, parseNumber: parseNumber, cleanTyped: cleanTyped,
  digit: digit, indices: indices, percentText: percentText, scaledText: scaledText, trimmed: trimmed
};
})(this);
