/* The print proof page reloads when the preview has made a new build (a file was saved). */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('print-config').textContent);
  function poll() {
    fetch(config.statusUrl, { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.generation !== config.generation) location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
}());
