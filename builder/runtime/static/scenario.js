/* coursebuild runtime — branching scenarios, the pure part: conditions, effects, runs, results and the lesson
 * score, applied to the rules the build hands over (builder/scenario/rules.py: the graph by index, conditions
 * as JSON trees, points, the best path's points, the lesson's shares). Nothing here parses or searches: a
 * condition is a tree evaluated as it is ([">=", "trust", 40], ["and", c1, c2], ["not", c]), never code.
 * Touches no page: tests/js/runtime loads it in Node.
 */
(function (global) {
'use strict';

var DIGITS = '0123456789abcdefghij'; // a node has at most 20 choices: one base-36 character each

var COMPARE = {
  '<': function (a, b) { return a < b; }, '<=': function (a, b) { return a <= b; },
  '>': function (a, b) { return a > b; }, '>=': function (a, b) { return a >= b; },
  '==': function (a, b) { return a === b; }, '!=': function (a, b) { return a !== b; }
};

function meterIndex(s, id) {
  for (var i = 0; i < s.meters.length; i++) if (s.meters[i].id === id) return i;
  throw new Error('unknown meter ' + id);
}

// A string operand is a meter's id, a number a number.
function operand(s, meters, x) { return typeof x === 'string' ? meters[meterIndex(s, x)] : x; }

// Whether a condition tree holds for these meter values (in declared order); no condition always holds.
function holds(s, condition, meters) {
  if (!condition) return true;
  var op = condition[0], rest = condition.slice(1);
  if (op === 'and') return rest.every(function (c) { return holds(s, c, meters); });
  if (op === 'or') return rest.some(function (c) { return holds(s, c, meters); });
  if (op === 'not') return !holds(s, rest[0], meters);
  if (!COMPARE[op]) throw new Error('unknown operator ' + op);
  return COMPARE[op](operand(s, meters, rest[0]), operand(s, meters, rest[1]));
}

// The indices of the choices a node offers with these meter values.
function offered(s, nodeIndex, meters) {
  var result = [];
  s.nodes[nodeIndex].choices.forEach(function (choice, i) { if (holds(s, choice['if'], meters)) result.push(i); });
  return result;
}

// Taking a choice: its effects in order, each value held within its meter's range, then its branches on the
// new values; the first that holds gives the next node, else its goto.
function take(s, nodeIndex, choiceIndex, meters) {
  var choice = s.nodes[nodeIndex].choices[choiceIndex];
  var after = meters.slice();
  choice.effects.forEach(function (effect) {
    var i = meterIndex(s, effect[0]), m = s.meters[i];
    after[i] = Math.min(m.max, Math.max(m.min, after[i] + effect[1]));
  });
  var next = choice['goto'];
  for (var b = 0; b < choice.branches.length; b++) {
    if (holds(s, choice.branches[b][0], after)) { next = choice.branches[b][1]; break; }
  }
  return { meters: after, next: next };
}

function isEnding(s, nodeIndex) { return nodeIndex >= 0 && s.nodes[nodeIndex].verdict !== null; }

// A new run from the start (the attempt is counted when it reaches an ending).
function startRun(s, part) {
  part.node = s.start;
  part.meters = s.meters.map(function (m) { return m.start; });
  part.path = '';
}

// The learner takes a choice in the run under way: returns {choice, points, ended}. At an ending the attempt
// counts, and the run becomes the result when it is better: a pass beats no pass, then more points.
function choose(s, part, choiceIndex) {
  var from = part.node, choice = s.nodes[from].choices[choiceIndex];
  if (offered(s, from, part.meters).indexOf(choiceIndex) < 0) throw new Error('choice not offered');
  var step = take(s, from, choiceIndex, part.meters);
  part.meters = step.meters;
  part.node = step.next;
  part.path += DIGITS.charAt(choiceIndex);
  var ended = isEnding(s, part.node);
  if (ended) {
    var points = runPoints(s, part.path), passes = s.nodes[part.node].passes;
    var bestPasses = part.ending >= 0 && s.nodes[part.ending].passes;
    part.used += 1;
    if (part.best < 0 || (passes && !bestPasses) || (passes === bestPasses && points > part.best)) {
      part.best = points;
      part.ending = part.node;
    }
  }
  return { choice: choice, from: from, ended: ended };
}

// The steps of a path replayed from the start: [{node, choice, meters (after it)}], and where it stands.
function replay(s, path) {
  var node = s.start, meters = s.meters.map(function (m) { return m.start; }), steps = [];
  for (var i = 0; i < path.length && !isEnding(s, node); i++) {
    var choice = DIGITS.indexOf(path.charAt(i));
    var step = take(s, node, choice, meters);
    steps.push({ node: node, choice: choice, meters: step.meters });
    node = step.next;
    meters = step.meters;
  }
  return { steps: steps, node: node, meters: meters };
}

function runPoints(s, path) {
  return replay(s, path).steps.reduce(function (sum, step) {
    return sum + s.nodes[step.node].choices[step.choice].points;
  }, 0);
}

// A number of points as a percentage ×100 of the best path's, rounded half up (builder/scenario/rules.py,
// scenario_percent).
function percent(s, points) {
  return points < 0 ? null : Math.floor((points * 20000 + s.bestPoints) / (2 * s.bestPoints));
}

// The scenario's result: {points, percent, passed} of its best run, or null before any run ended.
function result(s, part) {
  if (!part || part.best < 0) return null;
  return { points: part.best, percent: percent(s, part.best), passed: !!s.nodes[part.ending].passes };
}

function attemptsLeft(s, part) { return s.attempts ? Math.max(s.attempts - part.used, 0) : Infinity; }

// A lesson's score as a percentage ×100 from its shares [quiz %, scenario %, scenario index] (builder/scenario/
// rules.py, lesson_score): null until each part that counts has a result.
function lessonScore(shares, quizBest, scenarioPercent) {
  var quiz = shares[0], scenario = shares[1];
  if ((quiz && !(quizBest >= 0)) || (scenario && scenarioPercent === null)) return null;
  var total = quiz * (quiz ? quizBest : 0) + scenario * (scenario ? scenarioPercent : 0);
  return Math.floor((total * 2 + 100) / 200);
}

// A decision as an interaction: SCORM 1.2 writes the choice's position as one character (CMIFeedback for
// `choice`), 2004 the choice's id as a short_identifier (hyphens become '_', as for quiz choices) and the node's
// line as its description (localized_string_type, at most 250 characters). The choices earning the node's most
// points are the correct responses; a node where no choice earns a point records the decision as neutral.
function decision(s, nodeIndex) {
  var node = s.nodes[nodeIndex];
  function response(i, is2004) { return is2004 ? node.choices[i].id.replace(/-/g, '_') : DIGITS.charAt(i); }
  return {
    type: 'choice',
    record: function (q, answer, is2004) {
      var chosen = DIGITS.indexOf(answer);
      return {
        type: 'choice', response: response(chosen, is2004),
        patterns: node.best.map(function (i) { return response(i, is2004); }),
        result: node.best.length ? null : 'neutral',
        description: is2004 ? describe(node.text) : null
      };
    }
  };
}

function describe(text) {
  var cut = String(text).replace(/^\{/, '(');
  if (cut.length <= 250) return cut;
  cut = cut.slice(0, 249).replace(/[\ud800-\udbff]$/, '');
  return cut + '\u2026';
}

global.CoursebuildScenario = {
  holds: holds, offered: offered, take: take, isEnding: isEnding, startRun: startRun, choose: choose,
  replay: replay, runPoints: runPoints, percent: percent, result: result, attemptsLeft: attemptsLeft,
  lessonScore: lessonScore, decision: decision, digit: function (i) { return DIGITS.charAt(i); }
};
})(this);
