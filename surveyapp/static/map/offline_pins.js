/* The dialogue map's pin form on top of offline_queue.js: a pin sent now shows the map again
 * with its thank-you (as the plain form does); without a connection the pin is kept on the
 * phone and sent when the connection is back. */
(function () {
  "use strict";

  var form = document.querySelector("#pin-form[data-offline-queue]");
  if (!form || !window.offlineQueue) { return; }

  window.offlineQueue(form, {
    scope: "map:" + form.getAttribute("data-dialogue"),
    saved: function (outcome) {
      var next = new URL(outcome.next, window.location.href);
      if (next.pathname === window.location.pathname && next.search === window.location.search) {
        window.location.hash = next.hash;  // the same page: show it again with the thank-you
        window.location.reload();
      } else {
        window.location.assign(next.href);
      }
    },
    cleared: function () {
      document.getElementById("pin-lat").value = "";
      document.getElementById("pin-lng").value = "";
    }
  });
}());
