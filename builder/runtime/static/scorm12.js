/* coursebuild runtime — the SCORM 1.2 adapter: the 1.2 data model on scorm.js's session (window.API). */
(function (global) {
'use strict';

var S = global.CoursebuildScorm;

function lessonStatus(p) {
  if (p.success === 'failed') return 'failed';
  if (p.completed) return p.success === 'passed' ? 'passed' : 'completed';
  return 'incomplete';
}

global.CoursebuildAdapter = S.adapter({
  version: '1.2', api: 'API',
  init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
  error: 'LMSGetLastError',
  location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time',
  entry: 'cmi.core.entry', score: 'cmi.core.score', mastery: 'cmi.student_data.mastery_score',
  response: 'student_response', exitDone: '', wrong: 'wrong',
  percent: function (mastery) { return mastery; },
  // CMITimespan HHHH:MM:SS.SS
  timespan: function (ms) {
    var t = S.clock(ms);
    return S.pad(Math.min(t.h, 9999), 4) + ':' + S.pad(t.m, 2) + ':' + S.pad(t.s, 5);
  },
  status: function (p) { this.set('cmi.core.lesson_status', lessonStatus(p)); },
  objectiveStatus: function (base, o) { this.set(base + '.status', o.score === null ? 'not attempted' : o.success); },
  stamp: function (base, ms) { this.set(base + 'time', new Date(ms).toTimeString().slice(0, 8)); }
});
})(this);
