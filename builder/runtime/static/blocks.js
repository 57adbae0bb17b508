/* coursebuild runtime — a page's interactive blocks. The build (builder/loader/blocks.py) wrote them as plain HTML
 * that shows everything, as it prints; this turns them into tabs (the ARIA Authoring Practices tabs pattern),
 * accordion sections and reveal cards (a button in each title, aria-expanded; Escape closes), a process shown
 * one step at a time, and knowledge checks: one question of any type, answered in place with its feedback. A
 * check is practice: nothing is scored, sent to the LMS or kept in the saved state.
 */
(function (global) {
'use strict';

var serial = 0;
function uid(prefix) { serial += 1; return 'cb-' + prefix + serial; }
function each(root, selector, fn) { [].forEach.call(root.querySelectorAll(selector), fn); }
function panelsOf(block) { return [].slice.call(block.children).filter(function (c) { return c.classList.contains('cb-panel'); }); }
function titleOf(panel) { return panel.querySelector('.cb-title'); }
function bodyOf(panel) { return panel.querySelector('.cb-body'); }

// `view`: the player's helpers {h, t, announce}; `checks`: the page's questions by the id in its HTML.
function enhance(root, checks, view) {
  each(root, '.cb-tabs', function (block) { tabs(block, view); });
  each(root, '.cb-accordion, .cb-reveal', function (block) { disclosures(block, view); });
  each(root, '.cb-process', function (block) { steps(block, view); });
  each(root, '.cb-check', function (block) {
    var q = checks[block.getAttribute('data-check')];
    if (q) check(block, q, view);
  });
}

/* ----- tabs: roving tabindex, arrows (wrapping), Home and End; a tab is selected as it gets the focus ----- */

function tabs(block, view) {
  var panels = panelsOf(block);
  var list = view.h('div', { role: 'tablist', class: 'cb-tablist' });
  var buttons = panels.map(function (panel, i) {
    var title = titleOf(panel), tab = view.h('button', { type: 'button', role: 'tab', id: uid('tab'), class: 'cb-tab',
      text: title.textContent, onclick: function () { select(i); } });
    title.hidden = true; // the tab says it
    panel.id = uid('panel');
    tab.setAttribute('aria-controls', panel.id);
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', tab.id);
    panel.tabIndex = 0;
    list.appendChild(tab);
    return tab;
  });
  function select(index, focus) {
    buttons.forEach(function (tab, i) {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
    if (focus) buttons[index].focus();
  }
  list.addEventListener('keydown', function (event) {
    var n = buttons.length, i = buttons.indexOf(event.target);
    var to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[event.key];
    if (i < 0 || to === undefined) return;
    event.preventDefault();
    select(to % n, true);
  });
  block.insertBefore(list, block.firstChild);
  select(0);
}

/* ----- accordion sections and reveal cards: the title's button shows and hides what follows it ----- */

function disclosures(block, view) {
  panelsOf(block).forEach(function (panel) {
    var title = titleOf(panel), body = bodyOf(panel);
    body.id = uid('body');
    var button = view.h('button', { type: 'button', class: 'cb-toggle', 'aria-expanded': 'false',
      'aria-controls': body.id, text: title.textContent, onclick: function () { open(body.hidden); } });
    function open(yes) {
      body.hidden = !yes;
      button.setAttribute('aria-expanded', String(yes));
    }
    title.textContent = '';
    title.appendChild(button);
    open(false);
    panel.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || body.hidden) return;
      open(false);
      button.focus();
    });
  });
}

/* ----- a process: one step at a time, Previous and Next; the list stays a numbered list ----- */

function steps(block, view) {
  var h = view.h, t = view.t, items = panelsOf(block), at = 0;
  var status = h('p', { class: 'cb-step-of' });
  // aria-disabled rather than disabled: the focus stays on the button at either end.
  function move(delta) {
    return function () {
      if (at + delta < 0 || at + delta >= items.length) return;
      show(at + delta);
      view.announce(status.textContent + ' ' + titleOf(items[at]).textContent);
    };
  }
  var previous = h('button', { type: 'button', class: 'button secondary', 'data-step': 'previous', text: t('previousStep'),
    onclick: move(-1) });
  var next = h('button', { type: 'button', class: 'button', 'data-step': 'next', text: t('nextStep'), onclick: move(1) });
  function show(index) {
    at = index;
    items.forEach(function (item, i) { item.hidden = i !== at; });
    previous.setAttribute('aria-disabled', String(at === 0));
    next.setAttribute('aria-disabled', String(at === items.length - 1));
    status.textContent = t('stepOf', { n: at + 1, total: items.length });
  }
  // A hidden item does not count in the list's numbering: each step keeps its own number.
  items.forEach(function (item, i) { item.value = i + 1; });
  block.parentNode.insertBefore(h('div', { class: 'cb-steps' }, [previous, status, next]), block.nextSibling);
  show(0);
}

/* ----- a knowledge check: the question drawn by its type (questions.js), checked in place ----- */

function check(block, q, view) {
  var h = view.h, t = view.t, type = global.CoursebuildQuestions.types[q.type];
  var name = uid('check'), promptId = name + '-prompt', labelId = name + '-label';
  var order = global.CoursebuildQuiz.displayOrder(q, 1, 0, true); // the same for every learner
  var answer = null;
  block.setAttribute('role', 'group');
  block.setAttribute('aria-labelledby', labelId);

  function inputs() {
    var locked = answer !== null;
    return type.render(q, { h: h, t: t, announce: view.announce, name: name, promptId: promptId, answer: answer,
      locked: locked, given: answer === null ? [] : global.CoursebuildQuestions.indices(answer), hints: locked,
      order: order,
      fieldset: function (kind, hint, children) {
        return h('fieldset', { class: kind }, [h('legend', { id: promptId, text: q.prompt }),
          hint ? h('p', { class: 'hint', text: t(hint) }) : null].concat(children));
      },
      option: function (kind, value, label, checked, feedback) {
        var id = name + '-' + value;
        return h('div', { class: 'option' }, [
          h('input', { type: kind, id: id, name: name, value: value, checked: checked, disabled: locked }),
          h('label', { for: id, text: label }), feedback ? h('p', { class: 'choice-feedback', text: feedback }) : null
        ]);
      } });
  }

  function feedback() {
    var result = global.CoursebuildQuiz.isCorrect(q, answer) ? 'correct' : 'incorrect';
    var text = result === 'correct' ? q.feedbackCorrect : q.feedbackIncorrect;
    return h('div', { class: 'feedback is-' + result, 'data-result': result }, [
      h('p', { class: 'feedback-verdict', text: t(result) }), text ? h('p', { text: text }) : null]);
  }

  function draw() {
    var error = h('p', { class: 'error', id: name + '-error', role: 'alert' });
    var form = h('form', { class: 'question', 'data-type': q.type, novalidate: true, 'aria-describedby': error.id,
      onsubmit: function (event) {
        event.preventDefault();
        if (answer !== null) {
          answer = null;
          draw();
          var first = block.querySelector('input, select, button.move');
          if (first) first.focus();
          return;
        }
        var given = type.read(q, form);
        if (given === null) {
          error.textContent = t(type.missing || 'noAnswer');
          return;
        }
        answer = given;
        draw();
        view.announce(block.querySelector('.feedback'));
        block.querySelector('button[type="submit"]').focus();
      } }, [inputs(), error, answer !== null ? feedback() : null,
      h('div', { class: 'actions' }, [h('button', { type: 'submit', class: 'button', text: t(answer === null ? 'check' : 'retry') })])]);
    block.textContent = '';
    block.appendChild(h('p', { class: 'cb-check-label', id: labelId, text: t('knowledgeCheck') }));
    block.appendChild(form);
  }
  draw();
}

global.CoursebuildBlocks = { enhance: enhance };
})(this);
