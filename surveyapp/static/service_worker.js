/* The service worker of the pages residents use outdoors: served as /vandring/sw.js (the walk
 * observation page) and /karta/sw.js (the dialogue maps), each controlling its own scope.
 *
 * It keeps the last copy of the pages in its scope (and what they read there: a map's areas
 * and pins) and of the scripts, styles and map assets they load, so a resident who opens a page
 * again without a connection still gets the form and the entries waiting on the phone
 * (offline_queue.js sends them later). Everything is asked of the network first; the kept copy
 * is used only when the network fails. Posts are never touched: the page's own queue handles
 * them.
 */
"use strict";

var CACHE = "surveyapp-offline-v1";  // also named by the pages (data-cache)

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function kept(request) {
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return false; }
  var scope = new URL(self.registration.scope);  // …/vandring/ or …/karta/ (maybe a prefix)
  var statics = new URL("../static/", scope).pathname;
  var vendored = new URL("../vendor/", scope).pathname;  // Leaflet, served by the app
  return url.pathname.indexOf(statics) === 0 || url.pathname.indexOf(vendored) === 0 ||
    url.pathname.indexOf(scope.pathname) === 0;
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
    // a page is found whatever its ?lang=; data (a map view's grid) only as it was asked
    var options = {ignoreSearch: request.mode === "navigate"};
    return caches.match(request, options).then(function (found) {
      return found || Response.error();
    });
  }));
});
