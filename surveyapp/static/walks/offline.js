/* The walk observation form on top of offline_queue.js: a saved observation is said with its
 * number and the participant's list is refreshed; the service worker (service_worker.js) is
 * registered and given this page, so the page also opens again without a connection. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-offline-queue]");
  if (!form || !window.offlineQueue) { return; }

  function refreshOwnList() {
    return window.fetch(form.action, {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, "text/html")
        .querySelector("[data-own-observations]");
      var current = document.querySelector("[data-own-observations]");
      if (fresh && current) { current.innerHTML = fresh.innerHTML; }
    }).catch(function () { /* the list is refreshed on the next visit */ });
  }

  window.offlineQueue(form, {
    scope: "walk:" + form.getAttribute("data-walk"),
    saved: function (outcome, say, message) {
      say(message("saved", {number: outcome.number}));
      return refreshOwnList();
    },
    cleared: function () {
      // hidden fields keep their values through a reset: empty the position, and let the
      // marking map (mark.js) take its marker away
      var lat = form.querySelector("[data-locate-lat]");
      var lng = form.querySelector("[data-locate-lng]");
      lat.value = lng.value = "";
      lat.dispatchEvent(new Event("change"));
      // as on a fresh page: the checklist folded while nothing in it is scored
      Array.prototype.forEach.call(form.querySelectorAll("details"), function (details) {
        details.open = false;
      });
    },
    sent: refreshOwnList
  });

  /* Put this page and what it loads in the worker's cache when missing, so the page opens
   * again without a connection; once the worker controls the page it keeps the copies fresh
   * itself, so nothing is fetched twice on later visits. */
  function keepThisPage() {
    if (!window.caches) { return null; }
    var page = window.location.pathname;
    var assets = Array.prototype.map.call(
      document.querySelectorAll("script[src], link[rel=stylesheet]"),
      function (element) { return element.src || element.href; });
    function missing(cache, url, options) {
      return cache.match(url, options).then(function (found) { return found ? null : url; });
    }
    return window.caches.open(form.getAttribute("data-cache")).then(function (cache) {
      return Promise.all(assets.map(function (url) { return missing(cache, url); }))
        .then(function (urls) { return cache.addAll(urls.filter(Boolean)); })
        // the page last: a page in the cache means what it needs is there too
        .then(function () { return missing(cache, page, {ignoreSearch: true}); })
        .then(function (url) { return url ? cache.add(url) : null; });
    });
  }

  if (navigator.serviceWorker && form.getAttribute("data-worker")) {
    navigator.serviceWorker.register(form.getAttribute("data-worker")).then(keepThisPage)
      .catch(function () {
        /* the page works without it; it only cannot be opened again without a connection */
      });
  }
}());
