/* coursebuild runtime — the learner's state saved as compact JSON, laid out as builder/runtime/state.py says.
 * Each part has a fingerprint of what it was made for: a re-uploaded course keeps what still fits. */
(function (global) {
'use strict';

var FORMAT = 1;
var MAX_ATTEMPTS_STORED = 99;

function emptyQuiz(fingerprint) {
  return { fp: fingerprint, used: 0, best: -1, last: -1, seed: 0, phase: 0, pos: 0, order: [], answers: [] };
}

// The empty state for the lessons of one unit (and its assessment, when it has one).
function fresh(sco) {
  return {
    location: '',
    intro: 0,
    pages: sco.lessons.map(function (lesson) {
      return { fp: lesson.pagesFingerprint, seen: lesson.pages.map(function () { return '0'; }).join('') };
    }),
    quizzes: sco.lessons.map(function (lesson) { return lesson.quiz ? emptyQuiz(lesson.quiz.fingerprint) : null; }),
    assessment: sco.assessment ? emptyQuiz(sco.assessment.fingerprint) : null,
    scenarios: sco.lessons.map(function (lesson) {
      return (lesson.scenarios || []).map(function (s) { return emptyScenario(s); });
    })
  };
}

// A scenario's part (builder/runtime/state.py): node is -1 before a run, an ending's after it; `cap` steps of the
// path are stored, the node and meters beside them, so a longer run still resumes.
function emptyScenario(s) {
  return { fp: s.fingerprint, used: 0, best: -1, ending: -1, node: -1,
    meters: s.meters.map(function (m) { return m.start; }), path: '', cap: s.storedSteps };
}

function encodeScenario(s) {
  return [s.fp, Math.min(s.used, MAX_ATTEMPTS_STORED), s.best, s.ending, s.node, s.meters.slice(),
    s.path.slice(0, s.cap)];
}

function encodeScenarios(state) {
  var any = state.scenarios.some(function (list) { return list.length > 0; });
  return any ? state.scenarios.map(function (list) { return list.length ? list.map(encodeScenario) : 0; }) : undefined;
}

function decodeScenario(raw, s) {
  if (!Array.isArray(raw) || raw.length !== 7 || raw[0] !== s.fingerprint) return null;
  var meters = raw[5], node = raw[4];
  if (!raw.slice(1, 5).every(isInt) || node < -1 || node >= s.nodes.length) return null;
  if (!Array.isArray(meters) || meters.length !== s.meters.length || !meters.every(isInt)) return null;
  if (typeof raw[6] !== 'string' || !/^[0-9a-j]*$/.test(raw[6]) || raw[6].length > s.storedSteps) return null;
  return { fp: raw[0], used: raw[1], best: raw[2], ending: raw[3], node: node, meters: meters, path: raw[6],
    cap: s.storedSteps };
}

function encodeQuiz(q) {
  if (!q) return 0;
  return [q.fp, Math.min(q.used, MAX_ATTEMPTS_STORED), q.best, q.last, q.seed >>> 0, q.phase, q.pos,
    q.order.slice(), q.answers.map(function (a) { return a === null ? 0 : a; })];
}

function encode(state, courseVersion) {
  return JSON.stringify({
    v: FORMAT,
    c: courseVersion,
    l: state.location,
    i: state.intro ? 1 : 0,
    p: state.pages.map(function (p) { return [p.fp, p.seen]; }),
    q: state.quizzes.map(encodeQuiz),
    a: encodeQuiz(state.assessment),
    s: encodeScenarios(state)
  });
}

function isInt(x) { return typeof x === 'number' && Math.floor(x) === x; }

// A stored quiz part, or null when it does not belong to this quiz any more (or is damaged).
function decodeQuiz(raw, fingerprint) {
  if (!Array.isArray(raw) || raw.length !== 9 || raw[0] !== fingerprint) return null;
  var order = raw[7], answers = raw[8];
  if (!raw.slice(1, 7).every(isInt)) return null;
  if (!Array.isArray(order) || !Array.isArray(answers) || order.length !== answers.length) return null;
  if (!order.every(isInt) || !answers.every(function (a) { return a === 0 || typeof a === 'string'; })) return null;
  return {
    fp: fingerprint, used: raw[1], best: raw[2], last: raw[3], seed: raw[4] >>> 0, phase: raw[5], pos: raw[6],
    order: order, answers: answers.map(function (a) { return a === 0 ? null : a; })
  };
}

/* Rebuild the state from suspend_data over a fresh one: parts whose fingerprint still matches are kept,
 * the rest start again. Returns {state, restored: number of parts kept, dropped: number of parts dropped}. */
function decode(text, sco) {
  var state = fresh(sco);
  var result = { state: state, restored: 0, dropped: 0 };
  // A part is kept, or dropped when something was stored for it.
  function tally(kept, stored) {
    if (kept) result.restored += 1; else if (stored) result.dropped += 1;
    return kept;
  }
  if (!text) return result;
  var raw;
  try { raw = JSON.parse(text); } catch (e) { result.dropped = 1; return result; }
  if (!raw || raw.v !== FORMAT) { result.dropped = 1; return result; }
  state.location = typeof raw.l === 'string' ? raw.l : '';
  state.intro = raw.i === 1 ? 1 : 0;
  var pages = Array.isArray(raw.p) ? raw.p : [];
  state.pages.forEach(function (part, index) {
    var stored = pages[index];
    var fits = Array.isArray(stored) && stored[0] === part.fp && typeof stored[1] === 'string' &&
      stored[1].length === part.seen.length && /^[01]*$/.test(stored[1]);
    if (tally(fits, stored)) part.seen = stored[1];
  });
  var quizzes = Array.isArray(raw.q) ? raw.q : [];
  state.quizzes.forEach(function (part, index) {
    if (part) state.quizzes[index] = tally(decodeQuiz(quizzes[index], part.fp), quizzes[index]) || part;
  });
  if (state.assessment) state.assessment = tally(decodeQuiz(raw.a, state.assessment.fp), raw.a) || state.assessment;
  var scenarios = Array.isArray(raw.s) ? raw.s : [];
  state.scenarios.forEach(function (list, li) {
    var stored = Array.isArray(scenarios[li]) ? scenarios[li] : [];
    list.forEach(function (part, si) {
      list[si] = tally(decodeScenario(stored[si], sco.lessons[li].scenarios[si]), stored[si]) || part;
    });
  });
  return result;
}

global.CoursebuildState = { encode: encode, decode: decode };
})(this);
