/* studypath embed pages: step selection, zoom and pan, a learner's session, and messages
 * to the embedding portal.
 *
 * Messages (window.postMessage to the parent, only to an allowed origin):
 *   {type: "studypath:ready",  page, height, steps: [ids], known: [ids]}  after load
 *   {type: "studypath:resize", page, height}                      when the content height changes
 *   {type: "studypath:step",   page, id, name, week}              when a step is selected
 *   {type: "studypath:concept", page, id}                         when a concept link is followed
 *   {type: "studypath:session", page, state: "active", learner, expires_at}
 *                                                                 a learner's session started
 *   {type: "studypath:session", page, state: "expired"}           the embed token was refused
 *   {type: "studypath:progress", page, id, status}                the learner marked a step
 *                                                                 ("mastered", or null: unmarked)
 *
 * The portal may post to the frame:
 *   {type: "studypath:hello"}                 the page answers with "studypath:ready" again
 *   {type: "studypath:token", token: "spe_…"} a learner's embed token (instead of the fragment)
 *
 * A learner's embed token comes in the URL fragment (#embed_token=…, which no browser sends
 * to a server or puts in a Referer) or by message. The page removes it from the address at
 * once, keeps it in sessionStorage for the frame's later pages, and re-fetches its own
 * address with "Authorization: Bearer" to draw the learner's view.
 */
(function () {
  "use strict";
  var TOKEN_KEY = "studypath.embed_token";
  var body = document.body;
  var page = body.getAttribute("data-page") || "";
  var base = body.getAttribute("data-base") || "";
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

  /* the learner's token: from the fragment (then out of the address), else this tab's store */
  var memory = null;
  function remember(value) {
    memory = value;
    try {
      if (value) window.sessionStorage.setItem(TOKEN_KEY, value);
      else window.sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* storage blocked in this frame: the token lives in memory only */ }
  }
  function takeToken() {
    var match = /(?:^#|&)embed_token=([^&]*)/.exec(window.location.hash);
    if (match) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      var value = decodeURIComponent(match[1]);
      remember(value || null);
      return value || null;
    }
    try { return window.sessionStorage.getItem(TOKEN_KEY); } catch (e) { return memory; }
  }
  var token = takeToken();
  var sessionAnnounced = false;
  var expiryTimer = null;

  function content() { return document.getElementById("content"); }

  function note(textValue) {
    var el = document.getElementById("session");
    if (!el) {
      el = document.createElement("p");
      el.className = "session";
      el.id = "session";
      content().insertBefore(el, content().firstChild);
    }
    el.textContent = textValue;
    el.setAttribute("role", "status");
  }

  function expire() {
    token = null;
    remember(null);
    if (expiryTimer) window.clearTimeout(expiryTimer);
    var buttons = document.querySelectorAll(".mark");
    for (var i = 0; i < buttons.length; i++) buttons[i].remove();
    note(body.getAttribute("data-expired-text") || "");
    body.removeAttribute("data-learner");
    sessionAnnounced = false;
    send({ type: "studypath:session", state: "expired" });
  }

  function watchExpiry() {
    if (expiryTimer) window.clearTimeout(expiryTimer);
    var at = Date.parse(body.getAttribute("data-session-expires") || "");
    if (isNaN(at)) return;
    // an expired token stops offering what would fail; setTimeout takes at most 2^31-1 ms
    expiryTimer = window.setTimeout(expire, Math.min(Math.max(0, at - Date.now()), 2147483647));
  }

  function selected() {
    var shown = document.querySelector(".step-detail:not([hidden])");
    return shown ? shown.getAttribute("data-step") : null;
  }

  /* draw the learner's view: the same address, with the token, swapped in place */
  function refresh() {
    if (!token) return Promise.resolve();
    var keep = selected();
    return window.fetch(window.location.pathname + window.location.search, {
      headers: { Authorization: "Bearer " + token },
      cache: "no-store",
      credentials: "omit"
    }).then(function (response) {
      if (response.status === 401) { expire(); return; }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("content");
        if (!response.ok || !fresh) { note(doc.title || String(response.status)); return; }
        ["data-learner", "data-session-expires", "data-expired-text"].forEach(function (name) {
          var value = doc.body.getAttribute(name);
          if (value === null) body.removeAttribute(name); else body.setAttribute(name, value);
        });
        content().replaceWith(document.adoptNode(fresh));
        bindGraph();
        if (keep) select(keep, false, true);
        watchExpiry();
        if (!sessionAnnounced && body.getAttribute("data-learner")) {
          sessionAnnounced = true;
          send({
            type: "studypath:session",
            state: "active",
            learner: body.getAttribute("data-learner"),
            expires_at: body.getAttribute("data-session-expires")
          });
        }
        reportSize();
      });
    }).catch(function () { note(body.getAttribute("data-unreachable-text") || ""); });
  }

  function mark(id, status) {
    var learner = body.getAttribute("data-learner");
    if (!token || !learner) return;
    var url = base + "/learners/" + encodeURIComponent(learner) + "/progress/" + encodeURIComponent(id);
    var options = { method: status ? "PUT" : "DELETE", headers: { Authorization: "Bearer " + token }, credentials: "omit" };
    if (status) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify({ status: status });
    }
    window.fetch(url, options).then(function (response) {
      if (response.status === 401) { expire(); return; }
      if (!response.ok) {
        return response.json().then(function (answer) {
          note((answer && answer.error && answer.error.message) || String(response.status));
        }, function () { note(String(response.status)); });
      }
      send({ type: "studypath:progress", id: id, status: status });
      return refresh();
    }).catch(function () { note(body.getAttribute("data-unreachable-text") || ""); });
  }

  function select(id, fromGraph, quiet) {
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
    if (!chosen || quiet) return;
    if (fromGraph && chosen.scrollIntoView) chosen.scrollIntoView({ block: "nearest" });
    var title = chosen.querySelector("h2");
    var link = document.querySelector('.step-link[data-step="' + id + '"]');
    var week = link && link.closest(".week") ? Number(link.closest(".week").getAttribute("data-week")) : 0;
    send({
      type: "studypath:step",
      id: id,
      name: title ? title.textContent.replace(/^(\d+\.|✓)\s*/, "").replace(/\s*★$/, "") : id,
      week: week
    });
  }

  /* the graph: zoom by the SVG's drawn width inside its scrolling box; drag to pan */
  var scale = 1;
  var dragged = false;
  function zoomTo(next, cx, cy) {
    var box = document.getElementById("graph");
    var svg = box && box.querySelector("svg");
    if (!svg) return;
    var natural = Number(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    next = Math.min(4, Math.max(0.25, next));
    cx = cx === undefined ? box.clientWidth / 2 : cx;
    cy = cy === undefined ? box.clientHeight / 2 : cy;
    var fx = (box.scrollLeft + cx) / Math.max(1, box.scrollWidth);
    var fy = (box.scrollTop + cy) / Math.max(1, box.scrollHeight);
    scale = next;
    svg.style.width = Math.round(natural * scale) + "px";
    box.setAttribute("data-zoom", scale.toFixed(2));
    box.scrollLeft = fx * box.scrollWidth - cx;
    box.scrollTop = fy * box.scrollHeight - cy;
  }
  function bindGraph() {
    var box = document.getElementById("graph");
    if (!box) return;
    if (scale !== 1) zoomTo(scale);
    // On a narrow screen the graph scrolls sideways in its box: start at its centre, where
    // the goal and the main chain usually are.
    else if (box.scrollWidth > box.clientWidth) box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
    box.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return; // plain wheel scrolls the page
      event.preventDefault();
      var rect = box.getBoundingClientRect();
      zoomTo(scale * (event.deltaY < 0 ? 1.15 : 1 / 1.15), event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
    box.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "mouse" || event.button !== 0) return; // touch scrolls natively
      var start = { x: event.clientX, y: event.clientY, left: box.scrollLeft, top: box.scrollTop };
      dragged = false;
      function move(e) {
        if (Math.abs(e.clientX - start.x) + Math.abs(e.clientY - start.y) > 4) dragged = true;
        if (!dragged) return;
        box.scrollLeft = start.left - (e.clientX - start.x);
        box.scrollTop = start.top - (e.clientY - start.y);
        box.classList.add("panning");
      }
      function up() {
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
        box.classList.remove("panning");
      }
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
    });
  }

  document.addEventListener("click", function (event) {
    var zoomButton = event.target.closest ? event.target.closest("[data-zoom]") : null;
    if (zoomButton && zoomButton.tagName === "BUTTON") {
      var how = zoomButton.getAttribute("data-zoom");
      zoomTo(how === "in" ? scale * 1.25 : how === "out" ? scale / 1.25 : 1);
      return;
    }
    var markButton = event.target.closest ? event.target.closest(".mark") : null;
    if (markButton) {
      markButton.disabled = true;
      var how2 = markButton.getAttribute("data-mark");
      mark(markButton.getAttribute("data-concept"), how2 === "unmark" ? null : how2);
      return;
    }
    var el = event.target.closest ? event.target.closest("[data-step]") : null;
    if (el && (el.classList.contains("step") || el.classList.contains("step-link"))) {
      if (dragged && el.classList.contains("step")) { dragged = false; return; } // a pan, not a click
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
  bindGraph();

  var loaded = false;
  function ready() {
    var steps = [], known = [];
    var nodes = document.querySelectorAll(".step-detail");
    for (var i = 0; i < nodes.length; i++) {
      (nodes[i].classList.contains("known") ? known : steps).push(nodes[i].getAttribute("data-step"));
    }
    last = height();
    send({ type: "studypath:ready", height: last, steps: steps, known: known });
  }
  window.addEventListener("load", function () {
    if (!token) {
      loaded = true;
      ready();
      return;
    }
    refresh().then(function () { loaded = true; ready(); });
  });
  // a portal that sets the frame's src to the same address with a new fragment navigates
  // within the page, without a reload
  window.addEventListener("hashchange", function () {
    var fresh = takeToken();
    if (fresh && fresh !== token) {
      token = fresh;
      sessionAnnounced = false;
      refresh().then(ready);
    }
  });
  window.addEventListener("message", function (event) {
    // only the parent, and only from the origin we are allowed to talk to
    if (!target || event.source !== window.parent || event.origin !== target) return;
    var data = event.data || {};
    if (data.type === "studypath:hello" && loaded) ready();
    if (data.type === "studypath:token" && typeof data.token === "string" && data.token.length < 200) {
      token = data.token;
      remember(token);
      sessionAnnounced = false;
      refresh().then(ready);
    }
  });
})();
