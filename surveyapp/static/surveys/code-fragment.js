// A letter's QR code opens the start page as /s/<slug>#code=ABCDE-23456. The fragment never
// reaches the server (nor any access log); this script moves the code into the form, removes
// it from the address bar and history, and sends the form. Without JavaScript the resident
// types the code printed on the letter.
(function () {
  "use strict";
  var match = /(?:^#|&)code=([A-Za-z0-9-]{1,20})(?:&|$)/.exec(window.location.hash);
  if (!match) { return; }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  } else {
    window.location.hash = "";
  }
  var input = document.getElementById("code");
  if (!input || !input.form) { return; }
  input.value = match[1];
  input.form.submit();
})();
