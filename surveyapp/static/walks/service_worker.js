/* The walk pages' service worker (served as /vandring/sw.js, scope /vandring/).
 *
 * It keeps the last copy of the observation page and of the scripts, styles and map assets
 * it loads, so a participant who opens the page again without a connection still gets the
 * form and the observations waiting on the phone (offline.js sends them later). Everything is
 * asked of the network first; the kept copy is used only when the network fails. Posts are
 * never touched: the page's own queue handles them.
 */
"use strict";

var CACHE = "surveyapp-walk-v1";  // also named by the observation page (data-cache)

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function kept(request) {
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return false; }
  var scope = new URL(self.registration.scope);  // …/vandring/ (the app may sit under a prefix)
  var statics = new URL("../static/", scope).pathname;
  var vendored = new URL("../vendor/", scope).pathname;  // Leaflet, served by the app
  return url.pathname.indexOf(statics) === 0 || url.pathname.indexOf(vendored) === 0 ||
    url.pathname === new URL("observera", scope).pathname;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !kept(request)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreSearch: true}).then(function (found) {
      return found || Response.error();
    });
  }));
});
