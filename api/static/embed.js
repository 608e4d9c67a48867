/* studypath embed pages: step selection, and messages to the embedding portal.
 *
 * Messages (window.postMessage to the parent, only to an allowed origin):
 *   {type: "studypath:ready",  page, height, steps: [ids] }      once, after load
 *   {type: "studypath:resize", page, height}                      when the content height changes
 *   {type: "studypath:step",   page, id, name, week}              when a step is selected
 *   {type: "studypath:concept", page, id}                         when a concept link is followed
 *
 * A portal whose listener may start after the page loaded (a script loaded late, a
 * component mounted later) posts {type: "studypath:hello"} to the frame; the page answers
 * with "studypath:ready" again, to that same allowed origin only.
 */
(function () {
  "use strict";
  var body = document.body;
  var page = body.getAttribute("data-page") || "";
  var allowed = (body.getAttribute("data-allowed-origins") || "").split(/\s+/).filter(Boolean);

  function parentOrigin() {
    if (window.parent === window) return null;
    var candidate = null;
    if (window.location.ancestorOrigins && window.location.ancestorOrigins.length) {
      candidate = window.location.ancestorOrigins[0];
    } else if (document.referrer) {
      try { candidate = new URL(document.referrer).origin; } catch (e) { candidate = null; }
    }
    if (!candidate) return null;
    if (candidate === window.location.origin || allowed.indexOf(candidate) !== -1) return candidate;
    return null; // never send to a page that is not allowed to embed us
  }
  var target = parentOrigin();

  function send(message) {
    if (!target) return;
    message.page = page;
    window.parent.postMessage(message, target);
  }

  function height() {
    return Math.ceil(document.documentElement.scrollHeight);
  }

  function select(id, fromGraph) {
    var details = document.querySelectorAll(".step-detail");
    var chosen = null;
    for (var i = 0; i < details.length; i++) {
      var match = details[i].getAttribute("data-step") === id;
      details[i].hidden = !match;
      if (match) chosen = details[i];
    }
    var hint = document.getElementById("hint");
    if (hint) hint.hidden = !!chosen;
    var nodes = document.querySelectorAll(".graph .step");
    for (var j = 0; j < nodes.length; j++) {
      nodes[j].classList.toggle("selected", nodes[j].getAttribute("data-step") === id);
    }
    var links = document.querySelectorAll(".step-link");
    for (var k = 0; k < links.length; k++) {
      links[k].setAttribute("aria-pressed", links[k].getAttribute("data-step") === id ? "true" : "false");
    }
    if (!chosen) return;
    if (fromGraph && chosen.scrollIntoView) chosen.scrollIntoView({ block: "nearest" });
    var title = chosen.querySelector("h2");
    var link = document.querySelector('.step-link[data-step="' + id + '"]');
    var week = link && link.closest(".week") ? Number(link.closest(".week").getAttribute("data-week")) : 0;
    send({
      type: "studypath:step",
      id: id,
      name: title ? title.textContent.replace(/^\d+\.\s*/, "").replace(/\s*★$/, "") : id,
      week: week
    });
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-step]") : null;
    if (el && (el.classList.contains("step") || el.classList.contains("step-link"))) {
      select(el.getAttribute("data-step"), el.classList.contains("step"));
      return;
    }
    var concept = event.target.closest ? event.target.closest(".concept-link") : null;
    if (concept) send({ type: "studypath:concept", id: concept.getAttribute("data-concept") });
  });
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.key === "Enter" || event.key === " ") && el.classList && el.classList.contains("step")) {
      event.preventDefault();
      select(el.getAttribute("data-step"), true);
    }
  });

  var last = 0;
  function reportSize() {
    var h = height();
    if (h !== last) {
      last = h;
      send({ type: "studypath:resize", height: h });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(reportSize).observe(document.documentElement);
  // On a narrow screen the graph scrolls sideways in its box: start at its centre, where
  // the goal and the main chain usually are.
  var graphBox = document.getElementById("graph");
  if (graphBox && graphBox.scrollWidth > graphBox.clientWidth) {
    graphBox.scrollLeft = (graphBox.scrollWidth - graphBox.clientWidth) / 2;
  }
  var loaded = false;
  function ready() {
    var ids = [];
    var nodes = document.querySelectorAll(".step-detail");
    for (var i = 0; i < nodes.length; i++) ids.push(nodes[i].getAttribute("data-step"));
    last = height();
    send({ type: "studypath:ready", height: last, steps: ids });
  }
  window.addEventListener("load", function () {
    loaded = true;
    ready();
  });
  window.addEventListener("message", function (event) {
    // only the parent, and only from the origin we are allowed to talk to
    if (!target || event.source !== window.parent || event.origin !== target) return;
    var data = event.data || {};
    if (data.type === "studypath:hello" && loaded) ready();
  });
})();
