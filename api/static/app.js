/* studypath web app (DESIGN.md section 11): everything through the public API, same origin.
 *
 * State kept in the browser (localStorage): the goals picked, concepts a placement found
 * known (before sign-up), and after sign-up the learner's {id, token, name}. Every text
 * from the server is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";
  var body = document.body;
  var lang = body.getAttribute("data-lang") || "en";
  var base = body.getAttribute("data-base") || "";
  var T = JSON.parse(document.getElementById("strings").textContent);
  var store = window.localStorage;
  var KEY = { goals: "studypath.goals", known: "studypath.known", learner: "studypath.learner" };

  function load(key, fallback) {
    try { var v = JSON.parse(store.getItem(key)); return v === null ? fallback : v; } catch (e) { return fallback; }
  }
  function save(key, value) { store.setItem(key, JSON.stringify(value)); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function $(id) { return document.getElementById(id); }

  var goals = load(KEY.goals, []);      // [{id, name}]
  var known = load(KEY.known, []);      // ids (anonymous learner)
  var learner = load(KEY.learner, null); // {id, token, name}
  var mastered = [];                     // ids (signed-in learner, from the server)

  function showError(message) {
    var box = $("error");
    box.textContent = T.app_error + ": " + message;
    box.hidden = false;
  }
  function api(method, path, payload) {
    var headers = { "Accept": "application/json" };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    if (learner && (path.indexOf("/learners/") === 0 || path.indexOf("/questions/") === 0)) {
      headers["Authorization"] = "Bearer " + learner.token;
    }
    return fetch(base + path, {
      method: method, headers: headers, credentials: "same-origin",
      body: payload === undefined ? undefined : JSON.stringify(payload)
    }).then(function (r) {
      if (r.status === 204) return null;
      return r.json().then(function (data) {
        if (!r.ok) {
          if (r.status === 401 && path.indexOf("/learners/") === 0) signOut();
          throw new Error((data && data.error && data.error.message) || ("HTTP " + r.status));
        }
        return data;
      });
    });
  }
  function query(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== "" && params[k] !== null; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
  }

  /* search */
  var searchTimer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    var q = this.value.trim();
    searchTimer = setTimeout(function () { search(q); }, 200);
  });
  function search(q) {
    var list = $("results");
    list.textContent = "";
    if (!q) return;
    api("GET", "/concepts?" + query({ q: q, limit: 10 })).then(function (page) {
      list.textContent = "";
      if (!page.data.length) { list.appendChild(el("li", { "class": "meta" }, T.app_no_results)); return; }
      page.data.forEach(function (c) {
        var item = el("li", { "data-id": c.id });
        var name = (lang === "zh" ? c.name.zh : c.name.en) || c.name.en || c.name.zh || c.id;
        item.appendChild(el("span", { "class": "name" }, name));
        item.appendChild(el("span", { "class": "meta" }, c.id + " · " + c.discipline));
        var add = el("button", { type: "button", "class": "add-goal" }, T.app_add_goal);
        add.addEventListener("click", function () { addGoal(c.id, name); });
        item.appendChild(add);
        list.appendChild(item);
      });
    }).catch(function (e) { showError(e.message); });
  }

  /* goals */
  function renderGoals() {
    var list = $("goals");
    list.textContent = "";
    if (!goals.length) { list.appendChild(el("li", { "class": "empty" }, $("goals").getAttribute("data-empty") || "")); }
    goals.forEach(function (g) {
      var item = el("li", { "data-id": g.id });
      item.appendChild(el("span", { "class": "name" }, g.name));
      var remove = el("button", { type: "button", "class": "plain" }, T.app_remove_goal);
      remove.addEventListener("click", function () {
        goals = goals.filter(function (x) { return x.id !== g.id; });
        save(KEY.goals, goals); syncGoals(); renderGoals(); plan();
      });
      item.appendChild(remove);
      list.appendChild(item);
    });
  }
  function addGoal(id, name) {
    if (goals.some(function (g) { return g.id === id; })) return;
    goals.push({ id: id, name: name });
    save(KEY.goals, goals); syncGoals(); renderGoals(); plan();
  }
  function syncGoals() {
    if (learner) api("PATCH", "/learners/" + learner.id, { goals: goals.map(function (g) { return g.id; }) }).catch(function (e) { showError(e.message); });
  }

  /* account */
  function renderAccount() {
    $("signup").hidden = !!learner;
    $("signed-in").hidden = !learner;
    if (learner) $("who").textContent = learner.name;
  }
  function signOut() { learner = null; mastered = []; store.removeItem(KEY.learner); renderAccount(); $("reviews").hidden = true; }
  $("sign-out").addEventListener("click", function () { signOut(); plan(); });
  $("signup").addEventListener("submit", function (event) {
    event.preventDefault();
    var name = $("display-name").value.trim();
    if (!name) return;
    api("POST", "/learners", { display_name: name, language: lang, hours_per_week: Number($("hours").value) || 6,
      goals: goals.map(function (g) { return g.id; }) }).then(function (made) {
      learner = { id: made.id, token: made.token, name: name };
      save(KEY.learner, learner);
      renderAccount();
      // what a placement found before sign-up becomes the learner's progress
      return Promise.all(known.map(function (id) { return api("PUT", "/learners/" + learner.id + "/progress/" + encodeURIComponent(id), { status: "mastered" }); }));
    }).then(function () { known = []; save(KEY.known, known); return refreshLearner(); })
      .then(plan).catch(function (e) { showError(e.message); });
  });
  function refreshLearner() {
    if (!learner) return Promise.resolve();
    return api("GET", "/learners/" + learner.id + "/progress").then(function (rows) {
      mastered = rows.data.filter(function (p) { return p.status !== "learning"; }).map(function (p) { return p.concept_id; });
      return loadReviews();
    });
  }
  function markMastered(id) {
    if (!learner) { if (known.indexOf(id) < 0) known.push(id); save(KEY.known, known); return plan(); }
    return api("PUT", "/learners/" + learner.id + "/progress/" + encodeURIComponent(id), { status: "mastered" })
      .then(refreshLearner).then(plan).catch(function (e) { showError(e.message); });
  }

  /* plan */
  function planParams(format) {
    return query({ goals: goals.map(function (g) { return g.id; }).join(","), known: known.concat(mastered).join(","),
      depth: $("depth").value, hours_per_week: $("hours").value, lang: lang, format: format || "" });
  }
  function plan() {
    $("error").hidden = true;
    if (!goals.length) { $("plan").hidden = true; return Promise.resolve(); }
    return api("GET", "/plans?" + planParams()).then(renderPlan).catch(function (e) { showError(e.message); });
  }
  $("plan-button").addEventListener("click", plan);
  $("depth").addEventListener("change", plan);
  $("hours").addEventListener("change", plan);

  function renderPlan(p) {
    $("plan").hidden = false;
    $("summary").textContent = p.steps.length + " " + T.steps + " · " + p.total_hours + " " + T.hours + " · " + p.total_weeks + " " + T.weeks;
    var downloads = $("downloads");
    Array.prototype.slice.call(downloads.querySelectorAll("a")).forEach(function (a) { a.remove(); });
    ["md", "ics", "bibtex", "svg"].forEach(function (format) {
      downloads.appendChild(el("a", { href: base + "/plans?" + planParams(format), download: "studypath-plan." + (format === "bibtex" ? "bib" : format) }, format === "md" ? "Markdown" : format === "ics" ? "iCalendar" : format === "bibtex" ? "BibTeX" : "SVG"));
    });
    $("graph").src = base + "/plans?" + planParams("svg");
    resetZoom();
    var steps = {};
    p.steps.forEach(function (s) { steps[s.id] = s; });
    // goal names in the page's language, as the plan names them
    var renamed = false;
    goals.forEach(function (g) { if (steps[g.id] && steps[g.id].name !== g.name) { g.name = steps[g.id].name; renamed = true; } });
    if (renamed) { save(KEY.goals, goals); renderGoals(); }
    var weeks = $("weeks");
    // a step the learner has open stays open when the plan is drawn again (after signing
    // up, marking another step, changing the hours)
    var open = {};
    Array.prototype.slice.call(weeks.querySelectorAll("details.step[open]")).forEach(function (d) { open[d.getAttribute("data-id")] = true; });
    weeks.textContent = "";
    p.weeks.forEach(function (w) {
      var box = el("div", { "class": "week" });
      box.appendChild(el("h3", {}, T.week_label.replace("{n}", w.week) + (w.start_date ? " · " + w.start_date : "")));
      w.steps.forEach(function (id) {
        if (!steps[id]) return;
        var step = renderStep(steps[id]);
        if (open[id]) step.open = true;
        box.appendChild(step);
      });
      weeks.appendChild(box);
    });
  }
  function renderStep(s) {
    var d = el("details", { "class": "step" + (s.is_goal ? " is-goal" : ""), "data-id": s.id });
    var head = el("summary");
    head.appendChild(el("b", {}, s.index + ". " + s.name));
    head.appendChild(el("span", { "class": "meta" }, " " + s.hours + " " + T.hours + " · " + s.discipline));
    d.appendChild(head);
    d.appendChild(el("p", {}, T.why + ": " + s.why.text));
    if (s.resources && s.resources.length) {
      var list = el("ul");
      s.resources.forEach(function (r) {
        var item = el("li");
        var label = r.title + (r.chapter ? (lang === "zh" ? "，" : ", ") + T.chapter.replace("{n}", r.chapter) + " " + (r.chapter_title || "") : "");
        var url = r.free_url || r.url;
        if (url && /^https?:\/\//.test(url)) { var a = el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, label); item.appendChild(a); }
        else item.textContent = label;
        list.appendChild(item);
      });
      d.appendChild(el("p", {}, T.read + ":"));
      d.appendChild(list);
    }
    if (s.run) { var run = el("p", {}, T.run + ": "); run.appendChild(el("code", {}, s.run)); d.appendChild(run); }
    var mark = el("button", { type: "button", "class": "mark" }, T.app_mark_mastered);
    mark.addEventListener("click", function () { mark.disabled = true; markMastered(s.id); });
    d.appendChild(mark);
    var qs = el("div", { "class": "questions" });
    d.appendChild(qs);
    d.addEventListener("toggle", function () { if (d.open && !qs.childNodes.length) loadQuestions(s.id, qs); });
    return d;
  }

  /* questions */
  function loadQuestions(id, box) {
    api("GET", "/concepts/" + encodeURIComponent(id) + "/questions?lang=" + lang).then(function (list) {
      if (!list.count) return;
      box.appendChild(el("p", {}, T.app_questions));
      list.data.forEach(function (q) { box.appendChild(renderQuestion(q, function (answer) {
        return api("POST", "/questions/" + encodeURIComponent(q.id) + "/answer?lang=" + lang, { answer: answer });
      })); });
    }).catch(function (e) { showError(e.message); });
  }
  function renderQuestion(q, submit, after) {
    var form = el("form", { "class": "question", "data-id": q.id });
    form.appendChild(el("p", {}, q.prompt));
    var name = "q-" + q.id + "-" + Math.random().toString(36).slice(2);
    if (q.choices) {
      q.choices.forEach(function (c, i) {
        var label = el("label");
        label.appendChild(el("input", { type: "radio", name: name, value: String(i) }));
        label.appendChild(document.createTextNode(" " + c));
        form.appendChild(label);
        form.appendChild(el("br"));
      });
    } else {
      form.appendChild(el("input", { type: "number", step: "any", name: name, required: "required" }));
    }
    form.appendChild(el("button", { type: "submit" }, T.app_check_answer));
    var verdict = el("p", { "class": "verdict" });
    form.appendChild(verdict);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = q.choices ? form.querySelector("input:checked") : form.querySelector("input");
      if (!input || input.value === "") return;
      submit(Number(input.value)).then(function (result) {
        if (after) return after(result);
        verdict.className = "verdict " + (result.correct ? "ok" : "bad");
        verdict.textContent = (result.correct ? T.app_correct : T.app_wrong) + " " + result.explanation;
      }).catch(function (e) { showError(e.message); });
    });
    return form;
  }

  /* placement */
  $("placement-button").addEventListener("click", function () {
    if (!goals.length) return;
    var box = $("placement");
    box.hidden = false;
    box.textContent = "";
    api("POST", "/placements", { goals: goals.map(function (g) { return g.id; }), language: lang }).then(function step(s) {
      box.textContent = "";
      if (s.done) {
        box.appendChild(el("p", {}, T.app_placement_done));
        box.appendChild(el("p", { "class": "meta" }, s.known.join(", ")));
        var marks = s.known.map(function (id) {
          if (learner) return api("PUT", "/learners/" + learner.id + "/progress/" + encodeURIComponent(id), { status: "mastered" });
          if (known.indexOf(id) < 0) known.push(id);
          return null;
        });
        save(KEY.known, known);
        return Promise.all(marks).then(refreshLearner).then(plan);
      }
      box.appendChild(el("p", { "class": "meta" }, "#" + (s.asked + 1)));
      box.appendChild(renderQuestion(s.question, function (answer) {
        return api("POST", "/placements/" + s.id + "/answers", { question_id: s.question.id, answer: answer });
      }, step));
    }).catch(function (e) { showError(e.message); });
  });

  /* reviews */
  function loadReviews() {
    if (!learner) return Promise.resolve();
    return api("GET", "/learners/" + learner.id + "/reviews?" + query({ due_before: new Date().toISOString() })).then(function (cards) {
      var box = $("reviews"), list = $("review-list");
      box.hidden = false;
      list.textContent = "";
      if (!cards.count) { list.appendChild(el("li", { "class": "meta" }, T.app_no_reviews)); return; }
      cards.data.forEach(function (card) {
        var item = el("li");
        item.appendChild(el("span", { "class": "name" }, card.concept_id));
        item.appendChild(el("span", { "class": "meta" }, T.app_review_due + " " + card.due.slice(0, 16).replace("T", " ")));
        ["again", "hard", "good", "easy"].forEach(function (rating) {
          var b = el("button", { type: "button", "class": "plain" }, rating);
          b.addEventListener("click", function () {
            api("POST", "/learners/" + learner.id + "/reviews/" + encodeURIComponent(card.concept_id), { rating: rating })
              .then(loadReviews).catch(function (e) { showError(e.message); });
          });
          item.appendChild(b);
        });
        list.appendChild(item);
      });
    });
  }

  /* graph: pan and zoom */
  var view = { scale: 1, x: 0, y: 0 };
  var img = $("graph"), frame = $("graph-frame");
  function applyView() { img.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.scale + ")"; }
  function resetZoom() {
    // the whole graph fits the frame's width at first (never enlarged beyond its size)
    var fit = img.naturalWidth ? Math.min(1, frame.clientWidth / img.naturalWidth) : 1;
    view = { scale: fit, x: 0, y: 0 };
    applyView();
  }
  img.addEventListener("load", resetZoom);
  function zoom(factor, cx, cy) {
    var next = Math.min(8, Math.max(0.2, view.scale * factor));
    cx = cx === undefined ? frame.clientWidth / 2 : cx; cy = cy === undefined ? frame.clientHeight / 2 : cy;
    view.x = cx - (cx - view.x) * (next / view.scale);
    view.y = cy - (cy - view.y) * (next / view.scale);
    view.scale = next;
    applyView();
  }
  $("zoom-in").addEventListener("click", function () { zoom(1.25); });
  $("zoom-out").addEventListener("click", function () { zoom(0.8); });
  $("zoom-reset").addEventListener("click", resetZoom);
  frame.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = frame.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 1.1 : 0.9, event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });
  var drag = null;
  frame.addEventListener("pointerdown", function (event) { drag = { x: event.clientX - view.x, y: event.clientY - view.y }; frame.setPointerCapture(event.pointerId); });
  frame.addEventListener("pointermove", function (event) { if (drag) { view.x = event.clientX - drag.x; view.y = event.clientY - drag.y; applyView(); } });
  frame.addEventListener("pointerup", function () { drag = null; });

  /* start */
  $("goals").setAttribute("data-empty", $("goals").textContent.trim());
  if (store.getItem("studypath.lang") !== lang) store.setItem("studypath.lang", lang);
  renderGoals();
  renderAccount();
  refreshLearner().then(plan).catch(function (e) { showError(e.message); });
})();
