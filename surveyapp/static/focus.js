/* Move the focus to the error summary of a refused page, so a screen reader reads it first
   and a keyboard user starts there (``autofocus`` alone is not honoured by every browser). */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) summary.focus();
}());
