/* coursebuild runtime — the adapter without an LMS (localStorage): a package's fallback, a web export's tracking.
 * Every adapter has these methods (builder/runtime/files.py): the views never know which one runs. */
(function (global) {
'use strict';

function LocalSession(notify, key) {
  this.key = key;
  this.tracked = false;
}
var local = LocalSession.prototype;

local.start = function () {
  var stored;
  try { stored = JSON.parse(global.localStorage.getItem(this.key) || 'null') || {}; } catch (e) { stored = {}; }
  return {
    entry: stored.suspendData ? 'resume' : 'ab-initio',
    suspendData: stored.suspendData || '',
    location: stored.location || '',
    masteryPercent: null
  };
};

local.save = function (suspendData, location) {
  try {
    global.localStorage.setItem(this.key, JSON.stringify({ suspendData: suspendData, location: location }));
  } catch (e) { /* private mode or full storage: the course still runs, it just will not resume */ }
};

local.setProgress = local.setObjectives = local.recordInteraction = local.finish = function () {};
local.commit = function () { return true; };

global.CoursebuildLocal = LocalSession;
})(this);
