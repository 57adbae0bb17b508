/* coursebuild preview — the page around the course: installs the LMS-side API, opens the SCO in a frame,
 * shows every API call and the data model as they change, resets on request, and reloads itself when
 * the server has a new build.
 *
 * The data model is kept in sessionStorage at every Commit and at Terminate, so a reload after an edit
 * resumes where the author was (cmi.entry "resume" when the SCO exited with "suspend", as in an LMS);
 * Reset forgets it and starts a fresh attempt.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('preview-config').textContent);
  var MAX_ROWS = 3000;
  var POLL_MS = 500;
  var ERROR_CHECKS = /GetLastError$|GetErrorString$|GetDiagnostic$/;

  var callsBody = document.querySelector('#calls tbody');
  var callsScroll = document.getElementById('calls-scroll');
  var callCount = document.getElementById('call-count');
  var modelBody = document.querySelector('#model tbody');
  var stateLabel = document.getElementById('lms-state');
  var holder = document.getElementById('sco-holder');
  var lms = null;
  var calls = 0;
  var failed = false;
  var shown = {};
  var renderPending = false;

  function readStored() {
    try { return JSON.parse(sessionStorage.getItem(config.storageKey) || 'null'); } catch (e) { return null; }
  }

  function store(snapshot) {
    try { sessionStorage.setItem(config.storageKey, JSON.stringify(snapshot)); } catch (e) { /* full: no resume */ }
  }

  function forget() {
    try { sessionStorage.removeItem(config.storageKey); } catch (e) { /* nothing stored */ }
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
  }

  // An element name may wrap after each dot (in a narrow window) but never inside a word: <wbr> leaves the
  // text as it is for copying, where a zero-width space would not.
  function nameCell(row, name) {
    var td = document.createElement('td');
    name.split('.').forEach(function (part, index) {
      if (index) {
        td.appendChild(document.createTextNode('.'));
        td.appendChild(document.createElement('wbr'));
      }
      td.appendChild(document.createTextNode(part));
    });
    row.appendChild(td);
  }

  function quoted(args) {
    return args.map(function (a) { return JSON.stringify(a); }).join(', ');
  }

  function logCall(call) {
    calls += 1;
    var row = document.createElement('tr');
    row.className = 'call';
    if (ERROR_CHECKS.test(call.fn)) row.className += ' error-check';
    // A 2004 GetValue of an element nobody has set yet answers 403 by design: worth seeing, not alarming.
    if (call.fn === 'GetValue' && call.error === '403') row.className += ' not-set';
    else if (call.error !== '0' && !ERROR_CHECKS.test(call.fn)) {
      row.className += ' failed';
      failed = true;
    }
    row.setAttribute('data-fn', call.fn);
    cell(row, String(calls));
    cell(row, call.fn + '(' + quoted(call.args) + ')');
    cell(row, JSON.stringify(call.result));
    cell(row, call.error);
    var atBottom = callsScroll.scrollHeight - callsScroll.scrollTop - callsScroll.clientHeight < 40;
    callsBody.appendChild(row);
    while (callsBody.rows.length > MAX_ROWS) callsBody.deleteRow(0);
    if (atBottom) callsScroll.scrollTop = callsScroll.scrollHeight;
    callCount.textContent = String(calls);
    scheduleRender();
  }

  // Element names sort with their indexes as numbers: interactions 2 before 10.
  function naturalKey(name) {
    return name.replace(/\d+/g, function (digits) { return ('0000000000' + digits).slice(-10); });
  }

  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    setTimeout(renderModel, 30);
  }

  function renderModel() {
    renderPending = false;
    if (!lms) return;
    var data = lms.preview.data();
    var counts = lms.preview.counts();
    Object.keys(counts).forEach(function (path) { data[path + '._count'] = String(counts[path]); });
    var names = Object.keys(data).sort(function (a, b) {
      var ka = naturalKey(a), kb = naturalKey(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    var rows = document.createDocumentFragment();
    names.forEach(function (name) {
      var row = document.createElement('tr');
      row.setAttribute('data-element', name);
      if (shown[name] !== data[name]) row.className = 'changed';
      nameCell(row, name);
      cell(row, data[name]);
      rows.appendChild(row);
    });
    shown = data;
    modelBody.textContent = '';
    modelBody.appendChild(rows);
    showState();
    renderScenarios(data);
  }

  /* The scenarios of the course in the frame, as the player stored them (suspend_data "s") and as the LMS
   * received their decisions (interactions "<scenario id>.<node id>"): where each run is, its meters, the path
   * taken by node and choice ids, its best run; then each decision with the choice and result sent. */
  function renderScenarios(data) {
    var frame = document.getElementById('sco'), win = frame && frame.contentWindow, C, unit;
    try { C = win.COURSEBUILD_COURSE; unit = C && C.units[win.document.body.getAttribute('data-unit')]; } catch (e) { return; }
    if (!unit || !win.CoursebuildScenario) return;
    var SC = win.CoursebuildScenario, stored = [], rows = document.createDocumentFragment();
    try { stored = JSON.parse(data['cmi.suspend_data'] || '{}').s || []; } catch (e) { /* not written yet */ }
    var byId = {};
    unit.lessons.forEach(function (n, li) {
      C.lessons[n].scenarios.forEach(function (s, si) {
        byId[s.id] = s;
        var part = (stored[li] || [])[si], lines = [];
        if (!part) lines.push('not started');
        else {
          var node = part[4] < 0 ? null : s.nodes[part[4]];
          lines.push(node ? (node.verdict ? 'ended at ' + node.id + ' (' + node.verdict + ')' : 'at node ' + node.id) : 'intro');
          lines.push('meters: ' + (s.meters.map(function (m, i) { return m.id + ' = ' + part[5][i]; }).join(', ') || 'none'));
          lines.push('path: ' + (SC.replay(s, part[6]).map(function (x) {
            return s.nodes[x.node].id + ' \u2192 ' + s.nodes[x.node].choices[x.choice].id;
          }).join(', ') || 'none'));
          lines.push('attempts ' + part[1] + '; best run: ' + (part[2] < 0 ? 'none'
            : part[2] + ' of ' + s.bestPoints + ' points, ' + s.nodes[part[3]].id));
        }
        rows.appendChild(scenarioRow(s.id, lines));
      });
    });
    var panel = document.getElementById('scenarios-panel');
    panel.hidden = !Object.keys(byId).length;
    for (var n = 0; data['cmi.interactions.' + n + '.id'] !== undefined; n++) {
      var base = 'cmi.interactions.' + n + '.', id = data[base + 'id'], dot = id.indexOf('.');
      var s = byId[id.slice(0, dot)], node = s && s.nodes.filter(function (x) { return x.id === id.slice(dot + 1); })[0];
      if (!node) continue;
      var response = data[base + 'learner_response'] || data[base + 'student_response'] || '';
      var choice = node.choices.filter(function (c, i) { return c.id.replace(/-/g, '_') === response || SC.digit(i) === response; })[0];
      rows.appendChild(scenarioRow('decision ' + n, [node.id + ' \u2192 ' + (choice ? choice.id : response) +
        ': ' + data[base + 'result']]));
    }
    var body = document.querySelector('#scenarios tbody');
    body.textContent = '';
    body.appendChild(rows);
  }

  function scenarioRow(name, lines) {
    var row = document.createElement('tr');
    row.setAttribute('data-scenario', name);
    cell(row, name);
    cell(row, lines.join('\n'));
    return row;
  }

  // The state label is the page's one polite live region, so it must stay rare: it is written only when
  // its words change (the model is rendered after every call, and a screen reader may speak a rewrite of
  // the same words again), and failures are said once, not counted, or a course whose every call fails
  // would be read out call by call.
  function showState() {
    var state = lms.preview.state() === 'new' ? 'not initialized'
      : lms.preview.state() === 'running' ? 'running' : 'terminated';
    if (failed) state += ', with failed calls';
    if (stateLabel.textContent !== state) stateLabel.textContent = state;
  }

  function install(stored) {
    var current = null;
    current = CoursebuildPreviewLMS.create(config.version, {
      stored: stored,
      masteryScore: config.masteryScore,
      onCall: logCall,
      // A retired runtime (the SCO being reset) may still terminate on its way out: it must not store.
      onCommit: function (snapshot) { if (lms === current) store(snapshot); }
    });
    lms = current;
    window.API = config.version === '1.2' ? current : undefined;
    window.API_1484_11 = config.version === '2004' ? current : undefined;
    renderModel();
  }

  function launch() {
    var frame = document.createElement('iframe');
    frame.id = 'sco';
    frame.title = 'Course: ' + document.getElementById('preview-title').textContent;
    frame.src = config.scoUrl;
    holder.appendChild(frame);
  }

  function reset() {
    var frame = document.getElementById('sco');
    if (frame) frame.parentNode.removeChild(frame);
    forget();
    callsBody.textContent = '';
    calls = 0;
    failed = false;
    callCount.textContent = '0';
    shown = {};
    install(null);
    launch();
  }

  function poll() {
    fetch(config.statusUrl, { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.generation !== config.generation) location.reload();
        else setTimeout(poll, POLL_MS);
      })
      // The server is restarting or stopped: keep trying, the page stays as it is.
      .catch(function () { setTimeout(poll, POLL_MS * 4); });
  }

  // Desktop or phone width for the course's frame, kept in the tab like the data model, so the reload after an
  // edit keeps the view the author chose.
  var WIDTH_KEY = 'coursebuild-preview-width';
  function showWidth(width) {
    document.getElementById('course').classList.toggle('phone', width === 'phone');
    [].forEach.call(document.querySelectorAll('.widths button'), function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-width') === width));
    });
    try { sessionStorage.setItem(WIDTH_KEY, width); } catch (e) { /* not kept: the next load shows Desktop */ }
  }
  [].forEach.call(document.querySelectorAll('.widths button'), function (button) {
    button.addEventListener('click', function () { showWidth(button.getAttribute('data-width')); });
  });
  try { showWidth(sessionStorage.getItem(WIDTH_KEY) || 'desktop'); } catch (e) { showWidth('desktop'); }

  document.getElementById('show-error-checks').addEventListener('change', function (event) {
    document.getElementById('calls').classList.toggle('hide-error-checks', !event.target.checked);
  });

  if (config.ok) {
    document.getElementById('reset').addEventListener('click', reset);
    install(readStored());
    launch();
  }
  poll();
})();
