/* The Deep Linking response goes back to the platform as an auto-submitted form (DL 2.3);
 * the button stays for a browser that runs no script. */
(function () {
  "use strict";
  var form = document.getElementById("deep-link-return");
  if (form) form.submit();
})();
