/* coursebuild runtime — "Save and exit": Terminate while the LMS's request works; a closing page has only
 * beacons, too small for Moodle's 2004 data (docs/lms/moodle.md). */
(function (global) {
'use strict';
function el(id) { return global.document.getElementById(id); }

global.CoursebuildExit = { offer: function (finish) {
  el('exit').hidden = false;
  el('exit').onclick = function () {
    var failed = finish() === false;
    // their display rules beat [hidden]
    ['exit', 'menu-toggle', 'layout'].forEach(function (id) { el(id).style.display = 'none'; });
    el('closed').hidden = false;
    el('exit-done').hidden = failed;
    el('exit-failed').hidden = !failed;
    el('closed-title').focus();
  };
} };
})(this);
