// Live parts of a console page (marked data-live="<fragment url>") are fetched again whenever
// the server says staff-visible state changed: a new escalation, a message, an action here or in Slack.
(function () {
  'use strict';
  var regions = function () {
    return document.querySelectorAll('[data-live]');
  };
  if (regions().length === 0 || !window.EventSource) return;
  var refreshing = false;
  var again = false;
  function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    var list = Array.prototype.slice.call(regions());
    Promise.all(
      list.map(function (element) {
        return fetch(element.getAttribute('data-live'), { credentials: 'same-origin', headers: { accept: 'text/html' } })
          .then(function (response) {
            return response.ok ? response.text() : null;
          })
          .then(function (markup) {
            if (markup !== null) element.innerHTML = markup;
          });
      }),
    )
      .catch(function () {
        /* the next change tries again */
      })
      .then(function () {
        refreshing = false;
        document.documentElement.setAttribute('data-live-version', String(Date.now()));
        if (again) {
          again = false;
          refresh();
        }
      });
  }
  var source = new EventSource('/admin/inbox/events');
  source.addEventListener('change', refresh);
  source.addEventListener('ready', function () {
    document.documentElement.setAttribute('data-live-ready', 'true');
  });
})();
