/* coursebuild runtime — the SCORM 2004 adapter (3rd and 4th edition) on scorm.js's session. */
(function (global) {
'use strict';

var S = global.CoursebuildScorm;

global.CoursebuildAdapter = S.adapter({
  version: '2004', api: 'API_1484_11',
  init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
  error: 'GetLastError',
  location: 'cmi.location', exit: 'cmi.exit', sessionTime: 'cmi.session_time',
  entry: 'cmi.entry', score: 'cmi.score', mastery: 'cmi.scaled_passing_score',
  response: 'learner_response', exitDone: 'normal', wrong: 'incorrect', scaled: true,
  percent: function (mastery) { return mastery * 100; },
  // An ISO 8601 duration with seconds to two decimals at most (timeinterval(second,10,2))
  timespan: function (ms) {
    var t = S.clock(ms);
    return 'PT' + (t.h ? t.h + 'H' : '') + (t.m ? t.m + 'M' : '') + global.CoursebuildQuiz.trimmed(t.s) + 'S';
  },
  status: function (p) {
    this.set('cmi.completion_status', p.completed ? 'completed' : 'incomplete');
    this.set('cmi.success_status', p.success);
    this.set('cmi.progress_measure', String(Math.round(p.progress * 100) / 100));
  },
  objectiveStatus: function (base, o) {
    this.set(base + '.success_status', o.success);
    this.set(base + '.completion_status', o.score === null ? 'not attempted' : 'completed');
  },
  // time(second,10,0) allows two decimals of a second, and a time zone only after them (Moodle refuses three).
  stamp: function (base, ms) { this.set(base + 'timestamp', new Date(ms).toISOString().slice(0, 22) + 'Z'); }
});
})(this);
