/* coursebuild runtime — the views: navigation, pages, quizzes, results, glossary, and what is reported through
 * the adapter. Locations (also the bookmark) are the unit's places in its flow (builder/runtime/rules.py) and
 * "g" the glossary.
 */
(function (global) {
'use strict';

var doc = global.document;
var Q = global.CoursebuildQuiz;
var QS = global.CoursebuildQuestions, QT = QS.types;
var ST = global.CoursebuildState;
var SC = global.CoursebuildScenario, SV = global.CoursebuildScenarioView;
var S = global.COURSEBUILD_STRINGS || {};
var C = global.COURSEBUILD_COURSE;

function t(key, values) {
  var text = S[key] === undefined ? key : S[key];
  return text.replace(/\{(\w+)\}/g, function (whole, name) {
    return values && values[name] !== undefined ? String(values[name]) : whole;
  });
}

// A DOM element: attributes (on* are listeners) and children (strings become text, never HTML).
function h(tag, attrs, children) {
  var node = doc.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    var value = attrs[name];
    if (value == null || value === false) return;
    if (name.slice(0, 2) === 'on') node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  });
  (children || []).forEach(function (child) {
    if (child != null) node.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
  });
  return node;
}

/* ----- the unit this launch page stands for (its rules come from the build) ----- */

var body = doc.body;
var main = doc.getElementById('main');
var scoId = body.getAttribute('data-unit');

if (!C) {
  main.textContent = t('dataMissing');
  return;
}

var rules = C.units[scoId]; // what this unit holds and reports (builder/runtime/rules.py)
var sco = { lessons: rules.lessons.map(function (i) { return C.lessons[i]; }),
  assessment: rules.assessment ? C.assessment : null, intro: rules.intro ? C.introduction : null };
var session, state, current = '', masteryPercent = null, questionShownAt;

/* ----- notices ----- */

// One notice per kind; the LMS's states (could not save, refused, saved again) share one that changes with it.
var notices = doc.getElementById('notices');
function notify(key, values) {
  var kind = /^lms(Error|Refused|Saved)$/.test(key) ? 'lms' : key;
  var node = notices.querySelector('[data-kind="' + kind + '"]') || notices.appendChild(h('p', { 'data-kind': kind }));
  node.className = 'notice notice-' + key;
  node.textContent = t(key, values);
}

var live = doc.getElementById('announcer');
// A node is read as its children's texts with a space between, as a screen reader would pause.
function announce(what) {
  live.textContent = typeof what === 'string' ? what
    : [].map.call(what.children, function (c) { return c.textContent; }).join(' ');
}

/* ----- locks: the build says which pages a place waits for (`needs`); here only what was viewed is read ----- */

function viewed(loc) {
  var page = /^p(\d+)\.(\d+)$/.exec(loc);
  return page ? state.pages[page[1]].seen.charAt(page[2]) === '1' : !!state.intro;
}

// null when loc is open, else {text: why it is locked, first: the first page it still waits for}.
function lockOf(loc) {
  var lesson = /^[pqs](\d+)/.exec(loc);
  var needs = (loc === 'a' ? sco.assessment.needs : lesson && sco.lessons[lesson[1]].needs) || [];
  var missing = needs.filter(function (page) { return !viewed(page); });
  return missing.length ? { first: missing[0], text: lesson
    ? t('lockedLesson', { lesson: lessonLabel(sco.lessons[parseInt(missing[0].slice(1), 10)]) })
    : t('lockedAssessment', { n: missing.length }) } : null;
}

/* ----- quizzes ----- */

function quizRef(key) {
  if (key === 'a') return { key: 'a', def: sco.assessment, title: sco.assessment.title, state: state.assessment };
  var li = parseInt(key.slice(1), 10);
  var lesson = sco.lessons[li];
  return { key: key, def: lesson.quiz, title: t('titled', { label: t('quiz'), title: lesson.title }), name: lesson.title,
    state: state.quizzes[li] };
}

// An LMS's mastery score takes precedence over the pass mark of the score the unit reports.
function passMark() { return masteryPercent !== null ? masteryPercent : rules.passMark; }

function quizPassMark(ref) { return ref.key === rules.scored ? passMark() : ref.def.settings.passMark; }

function lessonScore(li) {
  var shares = sco.lessons[li].shares, quiz = state.quizzes[li];
  var result = shares[2] >= 0 ? SC.result(sco.lessons[li].scenarios[shares[2]], state.scenarios[li][shares[2]]) : null;
  return SC.lessonScore(shares, quiz ? quiz.best : -1, result && result.percent);
}

// The score the unit reports (rules.scored), or null; the lessons together once each has a score.
function scoScore() {
  if (rules.scored !== 'lessons') {
    if (rules.scored === 'q0') return lessonScore(0);
    var q = rules.scored && quizRef(rules.scored).state;
    return q && q.best >= 0 ? q.best : null;
  }
  var earned = 0, total = 0, all = true;
  rules.weights.forEach(function (w) {
    var best = lessonScore(w[0]);
    best = best === null ? -1 : best;
    all = all && best >= 0;
    earned += Math.max(best, 0) * w[1];
    total += w[1];
  });
  return all && total ? Math.round(earned / total) : null;
}

/* ----- progress and tracking ----- */

function pageCounts() {
  var seen = state.intro ? 1 : 0, total = sco.intro ? 1 : 0;
  state.pages.forEach(function (p) {
    total += p.seen.length;
    seen += p.seen.replace(/0/g, '').length;
  });
  return { seen: seen, total: total };
}

function successOf(score) { return score === null ? 'unknown' : score >= passMark() * 100 ? 'passed' : 'failed'; }

function scenarioPart(pair) { return state.scenarios[pair[0]][pair[1]]; }

function progress() {
  var pages = pageCounts();
  var pagesDone = pages.seen >= pages.total;
  var score = scoScore();
  var success = successOf(score);
  // The unit's score passes only once the assessed scenarios it counts have been passed (rules.mustPass).
  if (success === 'passed' && !rules.mustPass.every(function (pair) {
    return SC.result(sco.lessons[pair[0]].scenarios[pair[1]], scenarioPart(pair)).passed;
  })) success = 'failed';
  var played = rules.played.every(function (pair) { return scenarioPart(pair).used > 0; });
  var completed = played && (!rules.needsPages || pagesDone) && (!rules.needsPass || success === 'passed');
  var quizzes = state.quizzes.concat(state.assessment).concat([].concat.apply([], state.scenarios)).filter(Boolean);
  var steps = pages.total + quizzes.length;
  var done = pages.seen + quizzes.filter(function (q) { return q.used > 0; }).length;
  return { completed: completed, success: success, score: score, progress: steps ? done / steps : 1 };
}

function objectives() {
  var latest = {};
  function collect(def, qs) {
    if (!def || !qs) return;
    qs.order.forEach(function (qi, pos) {
      var answer = qs.answers[pos];
      if (answer == null) return;
      var q = def.questions[qi];
      latest[q.id] = { objective: q.objective, points: q.points, earned: Q.isCorrect(q, answer) ? q.points : 0 };
    });
  }
  sco.lessons.forEach(function (lesson, li) { collect(lesson.quiz, state.quizzes[li]); });
  collect(sco.assessment, state.assessment);
  return rules.objectives.map(function (id) {
    var earned = 0, total = 0;
    Object.keys(latest).forEach(function (qid) {
      if (latest[qid].objective === id) { earned += latest[qid].earned; total += latest[qid].points; }
    });
    var score = total ? Math.round(earned * 10000 / total) : null;
    var assessed = assessedOn(id);
    if (!assessed || !assessed.result) return { id: id, score: score, success: successOf(score) };
    score = score === null ? assessed.result.percent : SC.lessonScore(assessed.shares, score, assessed.result.percent);
    return { id: id, score: score, success: assessed.result.passed ? successOf(score) : 'failed' };
  });
}

// The assessed scenario naming an objective: its lesson's shares and its result.
function assessedOn(id) {
  var found = null;
  sco.lessons.forEach(function (lesson, li) {
    var si = lesson.shares[2], s = lesson.scenarios[si];
    if (si >= 0 && s.objectives.indexOf(id) >= 0) {
      found = { shares: lesson.shares, result: SC.result(s, state.scenarios[li][si]) };
    }
  });
  return found;
}

// Shared by persist and pagehide, where Terminate takes the place of the Commit.
function store() {
  state.location = current;
  var data = ST.encode(state, C.version);
  if (C.stateLimit && data.length > C.stateLimit) notify('lmsError', { code: 'suspend_data ' + data.length });
  session.save(data, current);
  var p = progress();
  session.setProgress(p);
  return p;
}

function persist() {
  store();
  session.commit();
  renderProgress();
}

/* ----- the frame: menu and progress ----- */

var menu = doc.getElementById('menu');
var toggle = doc.getElementById('menu-toggle');

function setMenuOpen(open) {
  toggle.setAttribute('aria-expanded', String(open));
  menu.classList.toggle('open', open);
}

function reason(id, lock) { return lock ? h('span', { class: 'lock-reason', id: id, text: lock.text }) : null; }

// A locked item stays in the menu and the Tab order, aria-disabled and described by the reason shown under it
// (or under its lesson's title: `why`); choosing it only says the reason again.
function menuItem(loc, label, seen, lock, why) {
  var attrs = { href: '#' + loc, 'data-loc': loc, 'aria-current': loc === current ? 'page' : null,
    'aria-disabled': lock ? 'true' : null, 'aria-describedby': lock ? why || 'why-' + loc : null,
    onclick: function (event) {
      event.preventDefault();
      if (lock) return announce(lock.text);
      setMenuOpen(false);
      go(loc, true);
    } };
  return h('li', {}, [h('a', attrs, [label,
    seen ? h('span', { class: 'seen' }, [h('span', { class: 'visually-hidden', text: ' (' + t('visited') + ')' })]) : null]),
  why ? null : reason('why-' + loc, lock)]);
}

function renderMenu() {
  var items = [];
  if (sco.intro) items.push(menuItem('i', t('introduction'), state.intro));
  sco.lessons.forEach(function (lesson, li) {
    var lock = lockOf('q' + li), why = 'why-l' + li;
    var sub = lesson.pages.map(function (page, pi) {
      return menuItem('p' + li + '.' + pi, page.title, state.pages[li].seen.charAt(pi) === '1', lock, why);
    });
    lesson.scenarios.forEach(function (s, si) {
      sub.push(menuItem('s' + li + '.' + si, t('scenarioMenu', { title: s.title }), state.scenarios[li][si].used > 0, lock, why));
    });
    if (lesson.quiz) sub.push(menuItem('q' + li, t('quiz'), state.quizzes[li].used > 0, lock, why));
    items.push(h('li', {}, [
      h('span', { class: 'menu-lesson', text: lessonLabel(lesson) }), reason(why, lock),
      h('ul', {}, sub)
    ]));
  });
  if (sco.assessment) items.push(menuItem('a', sco.assessment.title, state.assessment.used > 0, lockOf('a')));
  if (C.glossary.length) items.push(menuItem('g', t('glossary'), false));
  menu.textContent = '';
  menu.appendChild(h('ul', {}, items));
}

function renderProgress() {
  var value = Math.round(progress().progress * 100);
  doc.getElementById('progress-label').textContent = t('progress', { percent: value });
  doc.getElementById('progress-bar').value = value;
}

/* ----- views ----- */

function button(action, label, onclick, secondary) {
  return h('button', { type: 'button', class: 'button' + (secondary ? ' secondary' : ''), 'data-action': action,
    onclick: onclick, text: label });
}

function lessonLabel(lesson) { return t('lesson', { n: lesson.number }) + ' · ' + lesson.title; }

function attemptsText(left) {
  return left === Infinity ? t('attemptsUnlimited') : left ? t('attemptsLeft', { n: left }) : t('noAttemptsLeft');
}

function heading(text) { return h('h1', { tabindex: '-1', id: 'view-title', text: text }); }

// The location before (step -1) or after (+1) loc in the flow, or null.
function neighbour(loc, step) {
  var list = rules.flow, index = list.indexOf(loc);
  return index < 0 ? null : list[index + step] || null;
}

// The button on to `next`; when `next` is locked, the reason and a button to the first page it waits for.
function onward(next, action, label) {
  var lock = next && lockOf(next);
  return !next ? null : !lock ? button(action, label, function () { go(next, true); })
    : h('p', { class: 'lock-reason' }, [lock.text + ' ',
      button('first-unviewed', t('firstUnviewed'), function () { go(lock.first, true); })]);
}

function navButtons(loc) {
  var prev = neighbour(loc, -1);
  return h('nav', { class: 'pager', 'aria-label': t('pageNav') }, [
    prev ? button('previous', t('previous'), function () { go(prev, true); }, true) : null,
    onward(neighbour(loc, 1), 'next', t('next'))
  ]);
}

function pageContent(page) {
  var article = h('div', { class: 'page-body' });
  article.innerHTML = page.html; // already sanitised HTML from the course model
  // A table wider than the screen scrolls inside itself; taking the focus lets a keyboard user scroll it.
  [].forEach.call(article.querySelectorAll('table'), function (table) { table.tabIndex = 0; });
  global.CoursebuildBlocks.enhance(article, page.checks || {}, { h: h, t: t, announce: announce }); // blocks.js
  return article;
}

function renderIntro() {
  state.intro = 1;
  return [heading(sco.intro.title), pageContent(sco.intro), navButtons('i')];
}

function renderPage(li, pi) {
  var lesson = sco.lessons[li], page = lesson.pages[pi];
  var part = state.pages[li];
  part.seen = part.seen.slice(0, pi) + '1' + part.seen.slice(pi + 1);
  return [h('p', { class: 'eyebrow', text: lessonLabel(lesson) }), heading(page.title),
    pi === 0 && lesson.objectives.length ? h('section', { class: 'objectives', 'aria-labelledby': 'objectives-title' }, [
      h('h2', { id: 'objectives-title', text: t('objectives') }),
      h('ul', {}, lesson.objectives.map(function (o) { return h('li', { text: o.text }); }))
    ]) : null,
    pageContent(page),
    h('p', { class: 'page-count', text: t('pageOf', { n: pi + 1, total: lesson.pages.length }) }),
    navButtons('p' + li + '.' + pi)];
}

function renderGlossary() {
  var items = [];
  C.glossary.forEach(function (entry) {
    items.push(h('dt', { id: 'term-' + entry.id, text: entry.term }), h('dd', { text: entry.definition }));
  });
  return [heading(t('glossary')), h('p', { text: t('glossaryIntro') }), h('dl', { class: 'glossary' }, items)];
}

function renderQuiz(key) {
  var ref = quizRef(key);
  if (ref.state.phase === 1) return renderQuestion(ref);
  if (ref.state.phase === 2) return renderResults(ref);
  var left = Q.attemptsLeft(ref.def, ref.state);
  return [heading(ref.title),
    h('p', { text: t('quizIntro', { count: ref.def.perAttempt, passMark: quizPassMark(ref) }) }),
    h('p', { text: attemptsText(left) }),
    button('start-quiz', t('startQuiz'), function () { startAttempt(ref); })];
}

function startAttempt(ref) {
  Q.startAttempt(ref.def, ref.state);
  persist();
  show(true);
}

/* ----- one question ----- */

// The question's inputs, drawn by its type (questions.js) with the view's helpers.
function questionInputs(q, ref, pos, answer, locked) {
  var name = 'answer-' + pos, promptId = 'prompt-' + pos;
  return QT[q.type].render(q, { h: h, t: t, announce: announce, name: name, promptId: promptId, answer: answer,
    locked: locked, given: answer === null ? [] : QS.indices(answer), hints: locked && ref.def.settings.feedback === 'immediate',
    order: Q.displayOrder(q, ref.state.seed, pos, ref.def.settings.shuffleChoices),
    fieldset: function (kind, hint, children) {
      return h('fieldset', { class: kind }, [
        h('legend', { id: promptId, text: q.prompt }), hint ? h('p', { class: 'hint', text: t(hint) }) : null
      ].concat(children));
    },
    option: function (type, value, label, checked, hint) {
      var id = name + '-' + value;
      return h('div', { class: 'option' }, [
        h('input', { type: type, id: id, name: name, value: value, checked: checked, disabled: locked }),
        h('label', { for: id, text: label }), hint ? h('p', { class: 'choice-feedback', text: hint }) : null
      ]);
    } });
}

// 'correct' or 'incorrect': a string key, a data-result value and, after 'is-', a class.
function resultOf(q, answer) { return Q.isCorrect(q, answer) ? 'correct' : 'incorrect'; }

function feedbackText(q, result) {
  var text = result === 'correct' ? q.feedbackCorrect : q.feedbackIncorrect;
  return text ? h('p', { text: text }) : null;
}

function feedbackFor(q, answer) {
  var result = resultOf(q, answer);
  return h('div', { class: 'feedback is-' + result, id: 'feedback', tabindex: '-1', 'data-result': result }, [
    h('p', { class: 'feedback-verdict', text: t(result) }), feedbackText(q, result)
  ]);
}

function renderQuestion(ref) {
  var qs = ref.state, pos = qs.pos;
  var q = ref.def.questions[qs.order[pos]];
  var answer = qs.answers[pos];
  var locked = answer !== null;
  var immediate = ref.def.settings.feedback === 'immediate';
  var last = pos === qs.order.length - 1;
  var error = h('p', { class: 'error', id: 'answer-error', role: 'alert' });
  questionShownAt = Date.now();
  var form = h('form', { class: 'question', 'data-question': q.id, 'data-type': q.type, novalidate: true,
    'aria-describedby': 'answer-error', onsubmit: function (event) {
      event.preventDefault();
      if (qs.answers[pos] !== null) { advance(ref); return; }
      var given = QT[q.type].read(q, form); // the learner's answer, or null
      if (given === null) {
        error.textContent = t(QT[q.type].missing || 'noAnswer');
        var first = form.querySelector('input, select, button.move');
        if (first) first.focus();
        return;
      }
      answerQuestion(ref, q, pos, given);
      if (!immediate) {
        advance(ref);
        if (qs.phase === 1) announce(t('answerSaved'));
        return;
      }
      show(false);
      // Spoken by the live region; the focus waits on the way on, so it is read once.
      announce(doc.getElementById('feedback'));
      doc.querySelector('[data-action="next-question"]').focus();
    } }, [
    questionInputs(q, ref, pos, answer, locked), error,
    locked && immediate ? feedbackFor(q, answer) : null,
    h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button', 'data-action': locked ? 'next-question' : 'submit-answer',
      text: t(locked ? (last ? 'showResults' : 'nextQuestion') : (immediate ? 'check' : 'submitAnswer')) })])
  ]);
  return [heading(ref.title),
    h('p', { class: 'eyebrow', text: t('questionOf', { n: pos + 1, total: qs.order.length }) + ' · ' +
      (q.points === 1 ? t('point') : t('points', { n: q.points })) }),
    form];
}

function answerQuestion(ref, q, pos, given) {
  ref.state.answers[pos] = given;
  session.recordInteraction({
    id: (ref.key === 'a' ? 'final-' : '') + q.id, question: q, answer: given, correct: Q.isCorrect(q, given),
    objective: q.objective, weighting: q.points, started: questionShownAt, answered: Date.now()
  });
  session.setObjectives(objectives());
  persist();
}

function advance(ref) {
  var qs = ref.state;
  if (qs.pos < qs.order.length - 1) {
    qs.pos += 1;
  } else {
    var score = Q.attemptScore(ref.def, qs);
    qs.phase = 2;
    qs.used += 1;
    qs.last = score;
    qs.best = Math.max(qs.best, score);
  }
  persist();
  show(true);
  if (qs.phase === 2) announce(main.querySelector('.result'));
}

function renderResults(ref) {
  var qs = ref.state, mark = quizPassMark(ref);
  var passed = qs.last >= mark * 100;
  var left = Q.attemptsLeft(ref.def, qs);
  var review = qs.order.map(function (qi, pos) {
    var q = ref.def.questions[qi], result = resultOf(q, qs.answers[pos]);
    return h('li', { 'data-result': result }, [
      h('p', { class: 'review-prompt', text: q.prompt }),
      h('p', { class: 'is-' + result, text: t(result) }), feedbackText(q, result)
    ]);
  });
  var next = neighbour(ref.key, 1);
  return [heading(t('titled', { label: t(ref.name ? 'quizResults' : 'results'), title: ref.name || ref.title })),
    h('div', { class: 'result is-' + (passed ? 'correct' : 'incorrect'), 'data-passed': String(passed) }, [
      h('p', { class: 'score', text: t('score', { score: Q.percentText(qs.last) }) }),
      h('p', { text: t('passMark', { passMark: mark }) }),
      h('p', { class: 'verdict', text: t(passed ? 'passed' : 'failed') }),
      qs.used > 1 ? h('p', { text: t('bestScore', { score: Q.percentText(qs.best) }) }) : null,
      h('p', { text: attemptsText(left) })
    ]),
    progress().completed ? h('p', { class: 'complete', text: t(scoId === 'course' ? 'complete' : 'completeSco') }) : null,
    h('div', { class: 'actions' }, [
      left > 0 ? button('retry', t('retry'), function () { startAttempt(ref); }, passed) : null,
      onward(next, 'continue', t('continue'))
    ]),
    h('section', { 'aria-labelledby': 'review-title' }, [
      h('h2', { id: 'review-title', text: t('reviewTitle') }), h('ol', { class: 'review' }, review)])];
}

/* ----- what the scenario view (scenarioview.js) uses of the player ----- */

var view = { h: h, t: t, announce: announce, heading: heading, button: button, onward: onward, neighbour: neighbour,
  lessonLabel: lessonLabel, attemptsText: attemptsText, pageContent: pageContent, persist: persist, show: show,
  main: main, sco: sco, state: function () { return state; }, session: function () { return session; },
  completed: function () { return progress().completed; }, objectives: objectives, scoId: scoId };

/* ----- showing a location ----- */

function render(loc) {
  if (loc === 'i') return renderIntro();
  if (loc === 'g') return renderGlossary();
  if (loc === 'a' || loc.charAt(0) === 'q') return renderQuiz(loc);
  if (loc.charAt(0) === 's') return SV.render(view, loc);
  var m = /^p(\d+)\.(\d+)$/.exec(loc);
  return renderPage(parseInt(m[1], 10), parseInt(m[2], 10));
}

function show(moveFocus) {
  var nodes = render(current);
  main.textContent = '';
  nodes.forEach(function (node) { if (node) main.appendChild(node); });
  body.setAttribute('data-location', current);
  renderMenu();
  renderProgress();
  if (moveFocus) {
    var title = doc.getElementById('view-title');
    if (title) title.focus();
    global.scrollTo(0, 0);
  }
}

function go(loc, moveFocus) {
  var list = rules.flow, lock;
  current = loc === 'g' || list.indexOf(loc) >= 0 ? loc : list[0] || 'g';
  // A locked place (a bookmark, an old link) is never shown, but the first page it waits for.
  while ((lock = lockOf(current))) current = lock.first;
  show(moveFocus);
  persist(); // page viewed and bookmark moved: commit now, not at unload
}

/* ----- start and leave ----- */

// The delivery's LMS adapter if an LMS answers, else this browser's storage (builder/runtime/files.py); an
// adapter may answer at once or with a promise.
function start() {
  var lms = global.CoursebuildAdapter && new global.CoursebuildAdapter(notify);
  var data = lms && lms.start();
  if (data && data.then) data.then(begin); else begin(data);
  function begin(found) {
    if (!found) {
      lms = new global.CoursebuildLocal(notify, 'coursebuild:' + C.id + ':' + C.language + ':' + scoId);
      found = lms.start();
    }
    run(lms, found);
  }
}

function run(connected, data) {
  session = connected;
  masteryPercent = data.masteryPercent;
  state = ST.decode(data.suspendData, sco).state;
  // Without an LMS: a package outside one is not tracked; a delivery for the browser keeps progress there.
  if (!session.tracked) notify(global.CoursebuildAdapter ? 'notTracked' : 'keptInBrowser', {});
  menu.removeAttribute('hidden');
  toggle.addEventListener('click', function () { setMenuOpen(!menu.classList.contains('open')); });
  doc.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && menu.classList.contains('open')) { setMenuOpen(false); toggle.focus(); }
  });
  session.setObjectives(objectives());
  go(state.location || data.location || '', false);
  // An adapter that can hand the learner back to the LMS (cmi5's returnURL) gets an Exit in the bar.
  if (session.canLeave) {
    doc.getElementById('progress').before(button('exit', t('exit'), function () { session.leave(store().completed); }, 1));
  }

  // pagehide is the last event a closing page reliably gets (unload is being removed from browsers); finish
  // runs once.
  function end() { return session.finish(store().completed); }
  global.addEventListener('pagehide', end);
  // the learner's "Save and exit", unless the adapter's own Exit hands the learner back to the LMS
  if (session.tracked && !session.canLeave) global.CoursebuildExit.offer(end);
  doc.addEventListener('visibilitychange', function () {
    if (doc.visibilityState === 'hidden') session.commit();
  });
}

start();
})(this);
