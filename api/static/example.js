/* The example portal: resize the iframe to its content, show what the plan reports, and
 * sign a demo learner in the way a portal would (here in the browser, to show the steps).
 *
 * The listener may start after the frame has loaded and sent "studypath:ready" (this
 * script is fetched separately from the page), so once listening it says hello and
 * the frame answers with "ready" again. */
(function () {
  "use strict";
  var frame = document.getElementById("studypath");
  var log = document.getElementById("log");
  var selected = document.getElementById("selected");
  var progress = document.getElementById("progress");
  var learnerNote = document.getElementById("learner");
  var base = document.body.getAttribute("data-base") || "";
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
    if (data.type === "studypath:progress") {
      var row = document.createElement("li");
      row.textContent = data.id + ": " + (data.status || "unmarked");
      row.setAttribute("data-concept", data.id);
      progress.appendChild(row);
    }
    if (data.type === "studypath:session") {
      learnerNote.textContent = data.state === "active"
        ? "Signed in as " + data.learner + " until " + data.expires_at
        : "The session expired: sign in again.";
    }
  });
  // If the frame is still loading, this reaches its blank document and is dropped (wrong
  // origin); the frame then sends "ready" by itself once loaded, to this listener.
  frame.contentWindow.postMessage({ type: "studypath:hello" }, origin);

  function call(method, path, token, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    return window.fetch(base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error((answer.error && answer.error.message) || String(response.status));
          return answer;
        });
      });
  }
  document.getElementById("sign-in").addEventListener("click", function (event) {
    event.target.disabled = true;
    // 1. the portal's server creates (once) the learner and keeps its token
    call("POST", "/learners", null, { display_name: "Demo learner" }).then(function (learner) {
      // 2. for each page view it mints a short-lived embed token with the learner's token
      return call("POST", "/learners/" + encodeURIComponent(learner.id) + "/embed-tokens", learner.token, { ttl_seconds: 900 });
    }).then(function (issued) {
      // 3. and hands it to the frame in the fragment, which never reaches a server
      var url = new URL(frame.src, window.location.href);
      url.hash = "embed_token=" + encodeURIComponent(issued.token);
      frame.src = url.toString();
    }).catch(function (error) {
      learnerNote.textContent = "Could not sign in: " + error.message;
      event.target.disabled = false;
    });
  });
})();
