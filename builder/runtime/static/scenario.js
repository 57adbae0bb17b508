/* coursebuild runtime — scenarios, the pure part: applies the rules the build hands over (builder/scenario/
 * rules.py). A condition is a JSON tree evaluated as it is ([">=", "trust", 40], ["and", c…], ["not", c]), never
 * parsed or run as code. Touches no page (tests/js/runtime). */
(function (global) {
'use strict';

var DIGITS = '0123456789abcdefghij'; // a node has at most 20 choices, one character each in a path

function meter(s, id) {
  for (var i = 0; i < s.meters.length; i++) if (s.meters[i].id === id) return i;
  throw new Error('unknown meter ' + id);
}

// Whether a condition holds for these meter values (declared order); a string operand is a meter.
function holds(s, c, meters) {
  if (!c) return true;
  var op = c[0], a = c[1], b = c[2];
  if (op === 'and') return c.slice(1).every(function (x) { return holds(s, x, meters); });
  if (op === 'or') return c.slice(1).some(function (x) { return holds(s, x, meters); });
  if (op === 'not') return !holds(s, a, meters);
  a = typeof a === 'string' ? meters[meter(s, a)] : a;
  b = typeof b === 'string' ? meters[meter(s, b)] : b;
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    case '!=': return a !== b;
  }
  throw new Error('unknown operator ' + op);
}

function offered(s, node, meters) {
  var result = [];
  s.nodes[node].choices.forEach(function (c, i) { if (holds(s, c['if'], meters)) result.push(i); });
  return result;
}

// A choice's effects in order, each held within its meter's range; then the first branch holding on the new
// values gives the next node, else its goto.
function take(s, node, ci, meters) {
  var choice = s.nodes[node].choices[ci], after = meters.slice(), next = choice['goto'];
  choice.effects.forEach(function (e) {
    var i = meter(s, e[0]), m = s.meters[i];
    after[i] = Math.min(m.max, Math.max(m.min, after[i] + e[1]));
  });
  for (var b = choice.branches.length - 1; b >= 0; b--) if (holds(s, choice.branches[b][0], after)) next = choice.branches[b][1];
  return { meters: after, next: next };
}

function isEnding(s, node) { return node >= 0 && s.nodes[node].verdict !== null; }

function startRun(s, part) {
  part.node = s.start;
  part.meters = s.meters.map(function (m) { return m.start; });
  part.path = '';
}

// The learner's choice in the run under way. An ending counts the attempt, and the run becomes the result when
// better: a pass beats no pass, then more points (builder/scenario/rules.py).
function choose(s, part, ci) {
  if (offered(s, part.node, part.meters).indexOf(ci) < 0) throw new Error('choice not offered');
  var step = take(s, part.node, ci, part.meters);
  part.meters = step.meters;
  part.node = step.next;
  part.path += DIGITS.charAt(ci);
  if (!isEnding(s, part.node)) return false;
  var points = runPoints(s, part.path), passes = s.nodes[part.node].passes;
  var had = part.ending >= 0 && s.nodes[part.ending].passes;
  part.used += 1;
  if (part.best < 0 || passes && !had || passes === had && points > part.best) {
    part.best = points;
    part.ending = part.node;
  }
  return true;
}

// A path's steps replayed from the start: [{node, choice}].
function replay(s, path) {
  var node = s.start, meters = s.meters.map(function (m) { return m.start; }), steps = [];
  for (var i = 0; i < path.length && !isEnding(s, node); i++) {
    var ci = DIGITS.indexOf(path.charAt(i)), step = take(s, node, ci, meters);
    steps.push({ node: node, choice: ci });
    node = step.next;
    meters = step.meters;
  }
  return steps;
}

function runPoints(s, path) {
  return replay(s, path).reduce(function (sum, x) { return sum + s.nodes[x.node].choices[x.choice].points; }, 0);
}

// Points as a percentage ×100 of the best path's, half up (rules.py, scenario_percent).
function percent(s, points) { return points < 0 ? null : Math.floor((points * 20000 + s.bestPoints) / (2 * s.bestPoints)); }

// The best run: {points, percent, passed}, or null before a run ended.
function result(s, part) {
  return part.best < 0 ? null : { points: part.best, percent: percent(s, part.best), passed: !!s.nodes[part.ending].passes };
}

function attemptsLeft(s, part) { return s.attempts ? Math.max(s.attempts - part.used, 0) : Infinity; }

// A lesson's score ×100 from its shares [quiz %, scenario %, scenario index] (rules.py, lesson_score); null
// until each part that counts has a result.
function lessonScore(shares, quizBest, scenario) {
  if (shares[0] && !(quizBest >= 0) || shares[1] && scenario === null) return null;
  return Math.floor(((shares[0] ? shares[0] * quizBest : 0) + (shares[1] ? shares[1] * scenario : 0) + 50) / 100);
}

// A decision as an interaction (the adapter calls record): a `choice`; 1.2 gives the choice's position as one
// character, 2004 its id (hyphens become '_', as for quiz choices) and the line as description (at most 250
// characters). The choices earning the node's most points are correct; where none earns any, it is neutral.
function decision(s, n) {
  var node = s.nodes[n];
  function id(i, is2004) { return is2004 ? node.choices[i].id.replace(/-/g, '_') : DIGITS.charAt(i); }
  return { type: 'choice', choices: node.choices, record: function (q, answer, is2004) {
    var text = node.text.replace(/^\{/, '(');
    if (text.length > 250) text = text.slice(0, 249).replace(/[\ud800-\udbff]$/, '') + '\u2026';
    return { type: 'choice', response: id(DIGITS.indexOf(answer), is2004),
      patterns: node.best.map(function (i) { return id(i, is2004); }), result: node.best.length ? null : 'neutral',
      description: is2004 ? text : null };
  } };
}

global.CoursebuildScenario = {
  holds: holds, offered: offered, take: take, isEnding: isEnding, startRun: startRun, choose: choose,
  replay: replay, runPoints: runPoints, percent: percent, result: result, attemptsLeft: attemptsLeft,
  lessonScore: lessonScore, decision: decision, digit: function (i) { return DIGITS.charAt(i); }
};
})(this);
