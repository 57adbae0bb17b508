/* coursebuild runtime — the conversation view of a branching scenario (location "s<lesson>.<scenario>"): its
 * intro, each line with the choices as buttons and the last choice's consequence, then the ending with its
 * verdict and debrief. The rules are scenario.js's; this draws them with the player's helpers (`v`, from
 * player.js) and reports through the adapter interface only (recordInteraction, setObjectives, via persist).
 *
 * Focus and speech: after a choice, the consequence and the new line are announced once by the player's live
 * region and the focus moves to the choices' group (its label asks what the learner says); an ending moves the
 * focus to its heading and announces the result.
 */
(function (global) {
'use strict';

var SC = global.CoursebuildScenario;

function place(v, loc) {
  var m = /^s(\d+)\.(\d+)$/.exec(loc), li = parseInt(m[1], 10), si = parseInt(m[2], 10);
  var lesson = v.sco.lessons[li], s = lesson.scenarios[si];
  return { v: v, loc: loc, li: li, si: si, lesson: lesson, s: s, part: v.state().scenarios[li][si] };
}

var shownAt = 0; // when the current line appeared: an interaction's timestamp and latency

function render(v, loc) {
  var c = place(v, loc), part = c.part;
  var top = [v.h('p', { class: 'eyebrow', text: v.lessonLabel(c.lesson) + ' · ' + v.t('scenario') }),
    v.heading(c.s.title)];
  if (part.node < 0) return top.concat(intro(c));
  if (SC.isEnding(c.s, part.node)) return top.concat(ending(c));
  shownAt = Date.now();
  return top.concat(conversation(c));
}

/* ----- before a run: the situation and the cast ----- */

function intro(c) {
  var v = c.v, h = v.h, s = c.s, left = SC.attemptsLeft(s, c.part), result = SC.result(s, c.part);
  return [v.pageContent({ html: s.intro }),
    s.cast.length ? h('section', { class: 'scenario-cast', 'aria-labelledby': 'cast-title' }, [
      h('h2', { id: 'cast-title', text: v.t('scenarioCast') }),
      h('ul', {}, s.cast.map(function (member) {
        return h('li', {}, [portrait(v, member), h('p', {}, [h('strong', { text: member.name }), h('br'), member.role])]);
      }))]) : null,
    h('p', { text: s.assessed ? v.t('scenarioAssessed', { weight: c.lesson.shares[1] }) : v.t('scenarioPractice') }),
    result ? h('p', { text: bestText(c, result) }) : null,
    c.part.used || s.attempts ? h('p', { text: v.attemptsText(left) }) : null,
    h('div', { class: 'actions' }, [
      left > 0 ? v.button('start-scenario', v.t(c.part.used ? 'retry' : 'startScenario'), function () { begin(c); }) : null,
      v.onward(v.neighbour(c.loc, 1), 'continue', v.t('continue'))
    ])];
}

function bestText(c, result) {
  return c.v.t('scenarioBest', { verdict: verdictText(c.v, c.s.nodes[c.part.ending].verdict),
    points: result.points, best: c.s.bestPoints });
}

function verdictText(v, verdict) { return v.t('verdict' + verdict.charAt(0).toUpperCase() + verdict.slice(1)); }

function begin(c) {
  SC.startRun(c.s, c.part);
  c.v.persist();
  c.v.show(false);
  arrive(c);
}

/* ----- a run under way ----- */

function portrait(v, member) {
  return member && member.portrait
    ? v.h('img', { class: 'portrait', src: member.portrait.src, alt: member.portrait.alt, width: '64', height: '64' })
    : null;
}

// One line: a character's (portrait, name, role, the words) or narration, set apart by its label and style.
function line(c, nodeIndex) {
  var v = c.v, h = v.h, node = c.s.nodes[nodeIndex], member = node.speaker >= 0 ? c.s.cast[node.speaker] : null;
  if (!member) {
    return h('div', { class: 'line narration', id: 'line', 'data-node': node.id }, [
      h('p', { class: 'line-who', text: v.t('narration') }), h('p', { class: 'line-text', text: node.text })]);
  }
  return h('div', { class: 'line speech', id: 'line', 'data-node': node.id }, [portrait(v, member),
    h('div', {}, [h('p', { class: 'line-who' }, [h('strong', { text: member.name }), ' · ' + member.role]),
      h('p', { class: 'line-text', text: node.text })])]);
}

// What the last choice did: the learner's words and, when shown at once, its feedback.
function consequence(c) {
  var run = SC.replay(c.s, c.part.path), last = run.steps[run.steps.length - 1];
  if (!last) return null;
  var v = c.v, h = v.h, choice = c.s.nodes[last.node].choices[last.choice];
  return h('div', { class: 'consequence', id: 'consequence' }, [
    h('p', { class: 'you-said' }, [h('strong', { text: v.t('youSaid') + ' ' }), choice.text]),
    choice.feedback === 'immediate' && choice.feedbackText
      ? h('p', { class: 'choice-feedback' }, [h('strong', { text: v.t('feedbackLabel') + ' ' }), choice.feedbackText])
      : null]);
}

function conversation(c) {
  var v = c.v, h = v.h, node = c.s.nodes[c.part.node];
  return [consequence(c), line(c, c.part.node),
    h('div', { class: 'choices', role: 'group', id: 'choices', tabindex: '-1', 'aria-labelledby': 'choices-title' }, [
      h('h2', { id: 'choices-title', text: v.t('whatDoYouSay') }),
      h('ul', {}, SC.offered(c.s, c.part.node, c.part.meters).map(function (ci) {
        return h('li', {}, [h('button', { type: 'button', class: 'button choice', 'data-action': 'choose',
          'data-choice': node.choices[ci].id, text: node.choices[ci].text,
          onclick: function () { choose(c, ci); } })]);
      }))])];
}

function choose(c, ci) {
  var v = c.v, s = c.s, from = c.part.node, node = s.nodes[from];
  v.session().recordInteraction({
    id: s.id + '.' + node.id, question: SC.decision(s, from), answer: SC.digit(ci),
    correct: node.best.indexOf(ci) >= 0, weighting: node.best.length ? node.choices[node.best[0]].points : 0,
    objective: s.assessed ? s.objectives[0] : null, started: shownAt, answered: Date.now()
  });
  var step = SC.choose(s, c.part, ci);
  if (step.ended) v.session().setObjectives(v.objectives());
  v.persist();
  v.show(step.ended);
  if (step.ended) v.announce(v.main.querySelector('.scenario-result'));
  else arrive(c);
}

// The consequence and the new line are read once, then the choices wait with the focus.
function arrive(c) {
  var doc = global.document;
  c.v.announce([].map.call(doc.querySelectorAll('#consequence p, #line p'), function (p) {
    return p.textContent;
  }).join(' '));
  doc.getElementById('choices').focus();
}

/* ----- the ending: verdict, debrief, paths and meters ----- */

function ending(c) {
  var v = c.v, h = v.h, s = c.s, part = c.part, node = s.nodes[part.node];
  var points = SC.runPoints(s, part.path), left = SC.attemptsLeft(s, part), result = SC.result(s, part);
  var run = SC.replay(s, part.path);
  var Q = global.CoursebuildQuiz;
  return [consequence(c), line(c, part.node),
    h('div', { class: 'scenario-result result is-' + (node.passes ? 'correct' : 'incorrect'),
      'data-verdict': node.verdict }, [
      h('p', { class: 'verdict', text: verdictText(v, node.verdict) }),
      h('p', { text: v.t(node.passes ? 'scenarioPassed' : 'scenarioFailed') }),
      h('p', { class: 'score', text: v.t('scenarioPoints', { points: points, best: s.bestPoints,
        percent: Q.percentText(SC.percent(s, points)) }) }),
      part.used > 1 ? h('p', { text: bestText(c, result) }) : null,
      h('p', { text: v.attemptsText(left) })]),
    v.completed() ? h('p', { class: 'complete', text: v.t(v.scoId === 'course' ? 'complete' : 'completeSco') }) : null,
    h('div', { class: 'actions' }, [
      left > 0 ? v.button('retry-scenario', v.t('retry'), function () { begin(c); }, node.passes) : null,
      v.onward(v.neighbour(c.loc, 1), 'continue', v.t('continue'))]),
    h('section', { class: 'debrief', 'aria-labelledby': 'debrief-title' }, [
      h('h2', { id: 'debrief-title', text: v.t('debrief') }), v.pageContent({ html: node.debrief })]),
    s.meters.length ? h('section', { 'aria-labelledby': 'meters-title' }, [
      h('h2', { id: 'meters-title', text: v.t('meters') }),
      h('ul', { class: 'meters' }, s.meters.map(function (m, i) { return meter(v, m, part.meters[i]); }))]) : null,
    h('div', { class: 'paths' }, [
      h('section', { 'aria-labelledby': 'path-title' }, [h('h2', { id: 'path-title', text: v.t('yourPath') }),
        h('ol', { class: 'path' }, run.steps.map(function (step) { return pathStep(c, step.node, step.choice, true); }))]),
      h('section', { 'aria-labelledby': 'model-title' }, [h('h2', { id: 'model-title', text: v.t('modelPath') }),
        h('ol', { class: 'path' }, s.modelPath.map(function (step) { return pathStep(c, step[0], step[1], false); }))])
    ])];
}

// A meter's value in words, and a bar for the eye (hidden from screen readers: the words say it all).
function meter(v, m, value) {
  var share = Math.round((value - m.min) * 100 / (m.max - m.min));
  return v.h('li', {}, [v.h('span', { text: v.t('meterValue', { label: m.label, value: value, min: m.min, max: m.max }) }),
    v.h('span', { class: 'meter-bar', 'aria-hidden': 'true' }, [v.h('span', { style: 'width:' + share + '%' })])]);
}

function pathStep(c, nodeIndex, choiceIndex, withFeedback) {
  var v = c.v, h = v.h, choice = c.s.nodes[nodeIndex].choices[choiceIndex];
  return h('li', {}, [h('p', { text: choice.text }),
    h('p', { class: 'path-points', text: choice.points === 1 ? v.t('point') : v.t('points', { n: choice.points }) }),
    withFeedback && choice.feedbackText ? h('p', { class: 'choice-feedback', text: choice.feedbackText }) : null]);
}

global.CoursebuildScenarioView = { render: render };
})(this);
