/* The walk observation form on top of offline_queue.js: a saved observation is said with its
 * number and the participant's list is refreshed. */
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
}());
