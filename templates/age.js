// Keeps "2 days ago" current on a static page. The page reads fine without it: the age rendered at
// build time and, without script, the exact date are already in the HTML. Thresholds mirror
// src/digest/relative-age.ts.
(function () {
  'use strict';
  var MINUTE = 60000, HOUR = 60 * MINUTE, DAY = 24 * HOUR, MONTH = 30 * DAY, YEAR = 365 * DAY;
  var UNITS = [[MINUTE, 'minute', HOUR], [HOUR, 'hour', DAY], [DAY, 'day', MONTH], [MONTH, 'month', YEAR], [YEAR, 'year', null]];
  function plural(count, unit) { return count + ' ' + unit + (count === 1 ? '' : 's') + ' ago'; }
  function relativeAge(date, now) {
    var elapsed = Math.max(0, now - date);
    if (elapsed < MINUTE) return 'just now';
    for (var i = 0; i < UNITS.length; i++) {
      var count = Math.round(elapsed / UNITS[i][0]);
      if (UNITS[i][2] === null || count < UNITS[i][2] / UNITS[i][0]) return plural(Math.max(1, count), UNITS[i][1]);
    }
    return 'just now';
  }
  function refresh() {
    var now = Date.now();
    var times = document.querySelectorAll('time[data-age]');
    for (var i = 0; i < times.length; i++) {
      var date = Date.parse(times[i].getAttribute('datetime'));
      if (!isNaN(date)) times[i].textContent = relativeAge(date, now);
    }
  }
  refresh();
  setInterval(refresh, 60000);
})();
