/* The example portal: resize the iframe to its content and show what the plan reports. */
(function () {
  "use strict";
  var frame = document.getElementById("studypath");
  var log = document.getElementById("log");
  var selected = document.getElementById("selected");
  var origin = new URL(frame.src, window.location.href).origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return; // only trust messages from studypath
    var data = event.data || {};
    if (typeof data.type !== "string" || data.type.indexOf("studypath:") !== 0) return;
    var item = document.createElement("li");
    item.textContent = data.type + " " + JSON.stringify(data);
    item.setAttribute("data-type", data.type);
    log.appendChild(item);
    if ((data.type === "studypath:ready" || data.type === "studypath:resize") && data.height) {
      frame.height = String(Math.max(300, data.height + 4));
    }
    if (data.type === "studypath:step") selected.textContent = data.name + " (" + data.id + ")";
  });
})();
