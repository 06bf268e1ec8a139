// Keeps a part of the page current: every element with data-live="<url>" is replaced by
// what that URL answers, every few seconds while the page is visible. The server renders
// the fragment (the same template the page was first rendered with), so without script the
// page still shows the state as of its loading. A phone vibrates when a fragment newly
// carries an alert (“you're next”, “it's your turn”).
(function () {
  "use strict";
  var EVERY_MS = 4000;

  function alerts(element) {
    return Array.prototype.map
      .call(element.querySelectorAll("[data-alert]"), function (a) { return a.dataset.alert; })
      .join(",");
  }

  function refresh(element) {
    if (document.hidden) return;
    fetch(element.dataset.live, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("not live");
        return response.text();
      })
      .then(function (html) {
        var before = alerts(element);
        element.innerHTML = html;
        element.dataset.refreshed = String(Date.now());
        var after = alerts(element);
        if (after && after !== before && navigator.vibrate) navigator.vibrate(300);
      })
      .catch(function () {});
  }

  document.querySelectorAll("[data-live]").forEach(function (element) {
    setInterval(function () { refresh(element); }, EVERY_MS);
    document.addEventListener("visibilitychange", function () { refresh(element); });
  });
})();
