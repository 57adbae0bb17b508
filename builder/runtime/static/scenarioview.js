/* coursebuild runtime — the conversation view of a scenario (location "s<lesson>.<scenario>"): intro, each line
 * with the last choice's consequence and the choices as buttons, the ending with verdict, debrief, meters and
 * the path beside the model path. Rules are scenario.js's; `v` holds the player's helpers; the LMS is reached
 * through the adapter interface only. After a choice the consequence and the line are announced once and the
 * focus waits on the choices' group; an ending focuses its heading and announces the result. */
(function (global) {
'use strict';

var SC = global.CoursebuildScenario, doc = global.document, shownAt = 0;

function render(v, loc) {
  var m = /^s(\d+)\.(\d+)$/.exec(loc), lesson = v.sco.lessons[m[1]];
  var c = { v: v, h: v.h, loc: loc, lesson: lesson, s: lesson.scenarios[m[2]], part: v.state().scenarios[m[1]][m[2]] };
  var top = [v.h('p', { class: 'eyebrow', text: v.lessonLabel(lesson) + ' · ' + v.t('scenario') }), v.heading(c.s.title)];
  shownAt = Date.now();
  return top.concat(c.part.node < 0 ? intro(c) : SC.isEnding(c.s, c.part.node) ? ending(c) : conversation(c));
}

function intro(c) {
  var v = c.v, h = c.h, s = c.s, left = SC.attemptsLeft(s, c.part);
  return [v.pageContent({ html: s.intro }),
    s.cast.length ? h('section', { class: 'scenario-cast', 'aria-labelledby': 'cast-title' }, [
      h('h2', { id: 'cast-title', text: v.t('scenarioCast') }),
      h('ul', {}, s.cast.map(function (m) {
        return h('li', {}, [portrait(c, m), h('p', {}, [h('strong', { text: m.name }), h('br'), m.role])]);
      }))]) : null,
    h('p', { text: s.assessed ? v.t('scenarioAssessed', { weight: c.lesson.shares[1] }) : v.t('scenarioPractice') }),
    best(c), c.part.used || s.attempts ? h('p', { text: v.attemptsText(left) }) : null,
    actions(c, left, 'start-scenario', c.part.used ? 'retry' : 'startScenario', false)];
}

function actions(c, left, action, label, secondary) {
  return c.h('div', { class: 'actions' }, [
    left > 0 ? c.v.button(action, c.v.t(label), function () { begin(c); }, secondary) : null,
    c.v.onward(c.v.neighbour(c.loc, 1), 'continue', c.v.t('continue'))]);
}

function best(c) {
  var r = SC.result(c.s, c.part);
  return r && c.part.used > 0 ? c.h('p', { text: c.v.t('scenarioBest',
    { verdict: verdict(c, c.s.nodes[c.part.ending].verdict), points: r.points, best: c.s.bestPoints }) }) : null;
}

function verdict(c, name) { return c.v.t('verdict' + name.charAt(0).toUpperCase() + name.slice(1)); }

function begin(c) {
  SC.startRun(c.s, c.part);
  c.v.persist();
  c.v.show(false);
  arrive(c.v);
}

function portrait(c, m) {
  return m && m.portrait ? c.h('img', { class: 'portrait', src: m.portrait.src, alt: m.portrait.alt }) : null;
}

// A character's line (portrait, name, role, words) or narration, told apart by label and shape, not colour.
function line(c) {
  var h = c.h, node = c.s.nodes[c.part.node], m = c.s.cast[node.speaker];
  var words = h('p', { class: 'line-text', text: node.text });
  return m ? h('div', { class: 'line speech', id: 'line', 'data-node': node.id }, [portrait(c, m),
    h('div', {}, [h('p', { class: 'line-who' }, [h('strong', { text: m.name }), ' · ' + m.role]), words])])
    : h('div', { class: 'line narration', id: 'line', 'data-node': node.id }, [
      h('p', { class: 'line-who', text: c.v.t('narration') }), words]);
}

// What the last choice did: the learner's words and, when shown at once, its feedback.
function consequence(c) {
  var h = c.h, steps = SC.replay(c.s, c.part.path), last = steps[steps.length - 1];
  var choice = last && c.s.nodes[last.node].choices[last.choice];
  return choice ? h('div', { class: 'consequence', id: 'consequence' }, [
    h('p', {}, [h('strong', { text: c.v.t('youSaid') + ' ' }), choice.text]),
    choice.feedback === 'immediate' && choice.feedbackText
      ? h('p', {}, [h('strong', { text: c.v.t('feedbackLabel') + ' ' }), choice.feedbackText]) : null]) : null;
}

function conversation(c) {
  var h = c.h, node = c.s.nodes[c.part.node];
  return [consequence(c), line(c),
    h('div', { class: 'choices', role: 'group', id: 'choices', tabindex: '-1', 'aria-labelledby': 'choices-title' }, [
      h('h2', { id: 'choices-title', text: c.v.t('whatDoYouSay') }),
      h('ul', {}, SC.offered(c.s, c.part.node, c.part.meters).map(function (ci) {
        return h('li', {}, [h('button', { type: 'button', class: 'button choice', 'data-action': 'choose',
          'data-choice': node.choices[ci].id, text: node.choices[ci].text, onclick: function () { choose(c, ci); } })]);
      }))])];
}

function choose(c, ci) {
  var v = c.v, s = c.s, n = c.part.node, node = s.nodes[n], session = v.session();
  session.recordInteraction({ id: s.id + '.' + node.id, question: SC.decision(s, n), answer: SC.digit(ci),
    correct: node.best.indexOf(ci) >= 0, weighting: node.best.length ? node.choices[node.best[0]].points : 0,
    objective: s.assessed ? s.objectives[0] : null, started: shownAt, answered: Date.now() });
  var ended = SC.choose(s, c.part, ci);
  if (ended) session.setObjectives(v.objectives());
  v.persist();
  v.show(ended);
  if (ended) v.announce(v.main.querySelector('.scenario-result'));
  else arrive(v);
}

function arrive(v) {
  v.announce([].map.call(doc.querySelectorAll('#consequence p, #line p'), function (p) { return p.textContent; }).join(' '));
  doc.getElementById('choices').focus();
}

function ending(c) {
  var v = c.v, h = c.h, s = c.s, part = c.part, node = s.nodes[part.node], points = SC.runPoints(s, part.path);
  var steps = SC.replay(s, part.path).map(function (x) { return [x.node, x.choice]; });
  return [consequence(c), line(c),
    h('div', { class: 'scenario-result result is-' + (node.passes ? 'correct' : 'incorrect'), 'data-verdict': node.verdict }, [
      h('p', { class: 'verdict', text: verdict(c, node.verdict) }),
      h('p', { text: v.t(node.passes ? 'scenarioPassed' : 'scenarioFailed') }),
      h('p', { class: 'score', text: v.t('scenarioPoints', { points: points, best: s.bestPoints,
        percent: global.CoursebuildQuiz.percentText(SC.percent(s, points)) }) }),
      part.used > 1 ? best(c) : null, h('p', { text: v.attemptsText(SC.attemptsLeft(s, part)) })]),
    v.completed() ? h('p', { class: 'complete', text: v.t(v.scoId === 'course' ? 'complete' : 'completeSco') }) : null,
    actions(c, SC.attemptsLeft(s, part), 'retry-scenario', 'retry', node.passes),
    section(c, 'debrief', [v.pageContent({ html: node.debrief })]),
    s.meters.length ? section(c, 'meters', [h('ul', { class: 'meters' }, s.meters.map(function (m, i) {
      var value = part.meters[i];
      // The words say it all; the bar is for the eye.
      return h('li', {}, [v.t('meterValue', { label: m.label, value: value, min: m.min, max: m.max }),
        h('span', { class: 'meter-bar', 'aria-hidden': 'true' }, [
          h('span', { style: 'width:' + Math.round((value - m.min) * 100 / (m.max - m.min)) + '%' })])]);
    }))]) : null,
    h('div', { class: 'paths' }, [path(c, 'yourPath', steps, true), path(c, 'modelPath', s.modelPath, false)])];
}

function section(c, key, children) {
  return c.h('section', { class: key, 'aria-labelledby': key + '-title' },
    [c.h('h2', { id: key + '-title', text: c.v.t(key) })].concat(children));
}

function path(c, key, steps, feedback) {
  var h = c.h;
  return section(c, key, [h('ol', { class: 'path' }, steps.map(function (x) {
    var choice = c.s.nodes[x[0]].choices[x[1]];
    return h('li', {}, [h('p', { text: choice.text }),
      h('p', { class: 'path-points', text: choice.points === 1 ? c.v.t('point') : c.v.t('points', { n: choice.points }) }),
      feedback && choice.feedbackText ? h('p', { class: 'choice-feedback', text: choice.feedbackText }) : null]);
  }))]);
}

global.CoursebuildScenarioView = { render: render };
})(this);
