/* The example portal: resize the iframe to its content and show what the plan reports.
 *
 * The listener may start after the frame has loaded and sent "studypath:ready" (this
 * script is fetched separately from the page), so once listening it says hello and
 * the frame answers with "ready" again. */
(function () {
  "use strict";
  var frame = document.getElementById("studypath");
  var log = document.getElementById("log");
  var selected = document.getElementById("selected");
  var origin = new URL(frame.src, window.location.href).origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return; // only studypath
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
  // If the frame is still loading, this reaches its blank document and is dropped (wrong
  // origin); the frame then sends "ready" by itself once loaded, to this listener.
  frame.contentWindow.postMessage({ type: "studypath:hello" }, origin);
})();
