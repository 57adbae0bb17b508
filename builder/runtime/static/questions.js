/* coursebuild runtime — the question types, one entry each (members: docs/architecture.md); builder/questions is
 * the other half. Answers as builder/runtime/state.py says: indices as written, never as shuffled, so an answer
 * means the same after a reload. */
(function (global) {
'use strict';

var DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

function digit(i) { return DIGITS.charAt(i); }
function indices(answer) { return answer.split('').map(function (c) { return DIGITS.indexOf(c); }); }
function range(n) { var r = []; for (var i = 0; i < n; i++) r.push(i); return r; }
function none() { return []; }

function normaliseText(text, q) {
  var t = String(text).normalize('NFC');
  if (q.whitespace === 'normalize') t = t.trim().replace(/\s+/g, ' ');
  else if (q.whitespace === 'ignore') t = t.replace(/\s+/g, '');
  return q.caseSensitive ? t : t.toLowerCase();
}

function formatNumber(x) {
  var s = x.toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

// A typed number in the form SCORM's decimal type accepts, or null when it is not one.
function parseNumber(text) {
  var t = String(text).trim().replace(',', '.');
  return /^-?\d{1,10}(\.\d{1,8})?$/.test(t) ? formatNumber(parseFloat(t)) : null;
}

// Typed text as stored: no control characters and no lone surrogates, cut to the question's max_length.
function cleanTyped(text, maxLength) {
  var t = String(text).replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, '$1');
  return t.slice(0, maxLength);
}

// 2004 fill-in text: "[,]" would split it into several answers and a leading "{" would read as a delimiter.
function safe2004Text(text) {
  return String(text).replace(/\[,\]/g, '[ ,]').replace(/^\{/, '(').slice(0, 250);
}

// A 2004 short_identifier_type: Moodle takes only letters, digits, '_' and '.', so an id's hyphens become '_'
// (ids have no '_' of their own, so two ids never meet).
function shortId(item) { return item.id.replace(/-/g, '_'); }

// Choices or items as 1.2 lists them (the answer's own digits) or 2004 (the ids they stand for).
function sequence(q, digits, is2004) {
  return (is2004 ? indices(digits).map(function (i) { return shortId(q.choices[i]); }) : digits.split(''))
    .join(is2004 ? '[,]' : ',');
}

function byDigits(q, answer) { return answer === this.correct(q); }

function sequenced(type) {
  return function (q, answer, is2004) {
    return { type: type, patterns: [sequence(q, this.correct(q), is2004)], response: sequence(q, answer, is2004) };
  };
}

function readChecked(q, form) {
  var values = [].map.call(form.querySelectorAll('input:checked'), function (i) { return i.value; });
  return values.length ? values.sort().join('') : null;
}

/* ----- single choice and multiple response ----- */

function choices(multiple) {
  return {
    order: function (q, shuffle, shuffleChoices) {
      var all = range(q.choices.length);
      return shuffleChoices && !q.fixedOrder ? shuffle(all) : all;
    },
    correct: function (q) { return q.choices.map(function (c, i) { return c.correct ? digit(i) : ''; }).join(''); },
    score: multiple ? function (q, answer) {
      return indices(answer).sort(function (x, y) { return x - y; }).map(digit).join('') === this.correct(q);
    } : byDigits,
    record: sequenced('choice'),
    render: function (q, v) {
      return v.fieldset('choices', multiple ? 'chooseAll' : 'chooseOne', v.order.map(function (ci) {
        var chosen = v.given.indexOf(ci) >= 0;
        return v.option(multiple ? 'checkbox' : 'radio', digit(ci), q.choices[ci].text, chosen,
          v.hints && chosen ? q.choices[ci].feedback : '');
      }));
    },
    read: readChecked
  };
}

/* ----- typed answers: fill-in and numeric ----- */

function typed(numeric) {
  return function (q, v) {
    var h = v.h;
    return h('div', { class: 'typed' }, [
      h('label', { for: v.name, id: v.promptId, text: q.prompt }),
      h('input', { type: 'text', id: v.name, name: v.name, value: v.answer === null ? '' : v.answer,
        disabled: v.locked, maxlength: String(q.maxLength), inputmode: numeric ? 'decimal' : null,
        autocomplete: 'off', spellcheck: 'false', 'aria-describedby': numeric ? v.name + '-hint' : null }),
      numeric ? h('p', { class: 'hint', id: v.name + '-hint', text: v.t('typeNumber') }) : null
    ]);
  };
}

var types = {
  'single': choices(false),
  'multiple': choices(true),
  'true-false': {
    order: none,
    correct: function (q) { return q.answer ? 't' : 'f'; },
    score: byDigits,
    record: function (q, answer, is2004) {
      return { type: 'true-false', patterns: [is2004 ? String(q.answer) : this.correct(q)],
        response: is2004 ? String(answer === 't') : answer };
    },
    render: function (q, v) {
      return v.fieldset('choices', null, [v.option('radio', 't', v.t('true'), v.answer === 't'),
        v.option('radio', 'f', v.t('false'), v.answer === 'f')]);
    },
    read: readChecked
  },
  'fill-in': {
    order: none,
    correct: function (q) { return q.accepted[0] || ''; },
    score: function (q, answer) {
      var given = normaliseText(answer, q);
      return q.accepted.some(function (a) { return normaliseText(a, q) === given; });
    },
    record: function (q, answer, is2004) {
      return { type: 'fill-in', patterns: is2004 ? q.accepted.slice(0, 10).map(safe2004Text) : [q.accepted[0].slice(0, 255)],
        response: is2004 ? safe2004Text(answer) : String(answer).slice(0, 255) };
    },
    render: typed(false),
    read: function (q, form) {
      var text = cleanTyped(form.querySelector('input').value, q.maxLength);
      return text.trim() ? text : null;
    }
  },
  'matching': {
    order: function (q, shuffle) { return shuffle(range(q.pairs.length)); },
    correct: function (q) { return range(q.pairs.length).map(digit).join(''); },
    score: byDigits,
    record: function (q, answer, is2004) {
      var pairs = q.pairs;
      function pair(target, i) {
        return is2004 ? shortId(pairs[i]) + '[.]' + shortId(pairs[target]) : digit(i) + '.' + digit(target);
      }
      return { type: 'matching', patterns: [range(pairs.length).map(pair).join(is2004 ? '[,]' : ',')],
        response: indices(answer).map(pair).join(is2004 ? '[,]' : ',') };
    },
    render: function (q, v) {
      var h = v.h;
      return v.fieldset('matching', 'matchPrompt', q.pairs.map(function (pair, pi) {
        var id = v.name + '-' + pi;
        var select = h('select', { id: id, name: id, disabled: v.locked, 'data-left': digit(pi) },
          [h('option', { value: '', text: v.t('choosePlaceholder') })].concat(v.order.map(function (ri) {
            return h('option', { value: digit(ri), selected: v.given[pi] === ri, text: q.pairs[ri].right });
          })));
        return h('div', { class: 'match-row' }, [h('label', { for: id, text: pair.left }), select]);
      }));
    },
    read: function (q, form) {
      var picks = [].map.call(form.querySelectorAll('select'), function (s) { return s.value; });
      return picks.every(Boolean) ? picks.join('') : null;
    }
  },
  'ordering': {
    order: function (q, shuffle) {
      var order = shuffle(range(q.choices.length));
      // An ordering question must never start out already solved.
      if (order.every(function (x, i) { return x === i; })) order.push(order.shift());
      return order;
    },
    correct: function (q) { return range(q.choices.length).map(digit).join(''); },
    score: byDigits,
    record: sequenced('sequencing'),
    render: function (q, v) {
      var h = v.h, t = v.t;
      var list = h('ol', { class: 'ordering', 'data-order': (v.answer === null ? v.order : v.given).map(digit).join('') });
      function draw(focusIndex, focusDirection) {
        var seq = indices(list.getAttribute('data-order'));
        list.textContent = '';
        seq.forEach(function (ii, position) {
          var text = q.choices[ii].text;
          function moveButton(direction, delta, label, arrow) {
            var target = position + delta;
            return h('button', { type: 'button', class: 'move', disabled: v.locked || target < 0 || target === seq.length,
              'data-move': direction, 'aria-label': t(label, { item: text }), text: arrow, onclick: function () {
                var next = seq.slice();
                next[position] = next[target]; next[target] = ii;
                list.setAttribute('data-order', next.map(digit).join(''));
                draw(target, direction);
                v.announce(t('movedTo', { item: text, n: target + 1 }));
              } });
          }
          list.appendChild(h('li', { 'data-item': digit(ii) }, [
            h('span', { class: 'item-text', text: text }),
            h('span', { class: 'item-moves' }, [moveButton('up', -1, 'moveUp', '↑'), moveButton('down', 1, 'moveDown', '↓')])
          ]));
        });
        if (focusIndex !== undefined) {
          var row = list.children[focusIndex];
          var button = row.querySelector('[data-move="' + focusDirection + '"]:not([disabled])') ||
            row.querySelector('button:not([disabled])');
          if (button) button.focus();
        }
      }
      draw();
      return v.fieldset('ordering-set', 'orderPrompt', [list]);
    },
    read: function (q, form) { return form.querySelector('ol').getAttribute('data-order'); }
  },
  'numeric': {
    order: none,
    correct: function (q) { return formatNumber(q.value); },
    score: function (q, answer) {
      var x = parseFloat(answer);
      return !isNaN(x) && Math.abs(x - q.value) <= q.tolerance + 1e-9;
    },
    // SCORM 1.2 has no range for numeric: the exact value is the pattern (the tolerance applies in the player).
    record: function (q, answer, is2004) {
      return { type: 'numeric', response: answer, patterns: [is2004
        ? formatNumber(q.value - q.tolerance) + '[:]' + formatNumber(q.value + q.tolerance) : formatNumber(q.value)] };
    },
    render: typed(true),
    read: function (q, form) { return parseNumber(form.querySelector('input').value); },
    missing: 'notANumber' // what the learner is told when read() finds no answer (default: noAnswer)
  }
};

global.CoursebuildQuestions = { types: types, digit: digit, indices: indices, range: range, shortId: shortId };
})(this);
