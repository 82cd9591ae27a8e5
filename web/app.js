// heapscope web app: edit a program, run it on the server, step through its memory.
// Plain script, no build step; CodeMirror 5 is vendored under /assets/vendor/.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var EXAMPLE = [
    "def append_to_list(lst):",
    "    lst.append(4)",
    "",
    "items = [1, 2, 3]",
    "append_to_list(items)",
    "print(items)",
    ""
  ].join("\n");

  var S = {
    trace: null,        // the run's summary (GET /api/trace/{id})
    step: 0,
    want: 0,
    breakpoints: new Set(),
    views: new Map(),   // "step|options" -> step JSON
    viewing: false,
    embed: false,
    token: 0,           // guards against answers to superseded requests
    marks: [],
    lineHandles: []
  };
  var body = document.body;

  // ---- editor ----
  var cm = CodeMirror.fromTextArea($("code"), {
    mode: "python",
    lineNumbers: true,
    indentUnit: 4,
    tabSize: 4,
    indentWithTabs: false,
    matchBrackets: true,
    gutters: ["breakpoints", "CodeMirror-linenumbers"],
    extraKeys: {
      Tab: function (c) {
        if (c.somethingSelected()) c.indentSelection("add");
        else c.replaceSelection("    ", "end");
      },
      "Shift-Tab": function (c) { c.indentSelection("subtract"); },
      "Ctrl-Enter": function () { visualize(); },
      "Cmd-Enter": function () { visualize(); }
    }
  });
  cm.setValue(EXAMPLE);
  window.heapscopeEditor = cm; // for tests and the console

  function bpMarker() {
    var m = document.createElement("span");
    m.className = "bp";
    m.textContent = "●";
    m.title = "breakpoint";
    return m;
  }
  cm.on("gutterClick", function (c, line) {
    var n = line + 1;
    if (S.breakpoints.has(n)) { S.breakpoints.delete(n); c.setGutterMarker(line, "breakpoints", null); }
    else { S.breakpoints.add(n); c.setGutterMarker(line, "breakpoints", bpMarker()); }
    updateButtons();
  });
  cm.on("change", function () { clearErrorMarks(); });
  // While viewing, a click on a line jumps to the next time that line runs.
  cm.on("mousedown", function (c, e) {
    if (!S.viewing || !S.trace) return;
    var t = e.target;
    if (t && t.closest && t.closest(".CodeMirror-gutter-wrapper, .CodeMirror-gutters")) return;
    var pos = c.coordsChar({ left: e.clientX, top: e.clientY }, "window");
    e.preventDefault();
    jumpToLine(pos.line + 1);
  });

  // ---- helpers ----
  function toast(msg) {
    var t = $("toast");
    t.textContent = msg;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 3500);
  }
  function showError(text) {
    var e = $("error");
    if (text) { e.textContent = text; e.hidden = false; } else { e.textContent = ""; e.hidden = true; }
  }
  function clearErrorMarks() {
    S.marks.forEach(function (m) { m.clear(); });
    S.marks = [];
    S.lineHandles.forEach(function (h) {
      cm.removeLineClass(h, "background", "line-error");
    });
    S.lineHandles = [];
  }
  function dark() { return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches; }
  function optionQuery() {
    var q = [];
    if ($("opt-heap").checked) q.push("heap=1");
    if ($("opt-text").checked) q.push("pointers=text");
    if ($("opt-exited").checked) q.push("exited=faded");
    q.push("theme=" + (dark() ? "dark" : "light"));
    return q.join("&");
  }
  function setLoading(on) { body.dataset.loading = on ? "1" : "0"; }

  // base64url of bytes, and back.
  function b64url(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function unb64url(text) {
    var s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function pipe(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer()
      .then(function (b) { return new Uint8Array(b); });
  }

  // ---- running ----
  function visualize(startStep) {
    var code = cm.getValue();
    var stdin = $("stdin").value;
    clearErrorMarks();
    showError("");
    setLoading(true);
    $("visualize").disabled = true;
    var my = ++S.token;
    var runBody = JSON.stringify({ code: code, stdin: stdin });
    return queuedRun(runBody, function () { return my === S.token; }).then(function (a) {
      if (my !== S.token) return;
      $("visualize").disabled = false;
      showQueue(null);
      if (!a.ok) {
        setLoading(false);
        showError(a.j.error);
        return;
      }
      S.trace = a.j;
      S.runBody = runBody;
      S.views.clear();
      forgetChart();
      forgetInspection();
      var o = a.j.outcome || {};
      if (o.kind === "syntax_error") {
        setLoading(false);
        markSyntaxError(o);
        showError(a.j.outcome_text);
        $("output").textContent = "";
        $("picture").innerHTML = '<p class="placeholder">The program could not run: fix the error in the editor.</p>';
        body.dataset.steps = String(a.j.steps);
        return;
      }
      enterViewing();
      loadChart();
      return show(Math.min(Math.max(startStep || 1, 1), a.j.steps));
    }).catch(function (e) {
      if (my !== S.token) return;
      $("visualize").disabled = false;
      showQueue(null);
      setLoading(false);
      showError("Cannot reach the heapscope server: " + e);
    });
  }

  // ---- waiting in line (docs/api.md, "Waiting in line") ----
  // A random id per tab: the server keeps one place in line per id, and a newer run from
  // this tab takes its waiting run's place.
  function clientId() {
    var id = null;
    try { id = sessionStorage.getItem("heapscope-client"); } catch (e) { /* private mode */ }
    if (!id) {
      var b = new Uint8Array(12);
      crypto.getRandomValues(b);
      id = b64url(b);
      try { sessionStorage.setItem("heapscope-client", id); } catch (e) { /* kept for this page only */ }
    }
    S.clientId = S.clientId || id;
    return S.clientId;
  }
  function ordinal(n) {
    var t = n % 100, u = n % 10;
    var suffix = (t >= 11 && t <= 13) ? "th" : u === 1 ? "st" : u === 2 ? "nd" : u === 3 ? "rd" : "th";
    return n + suffix;
  }
  function showQueue(text) {
    var q = $("queue");
    q.textContent = text || "";
    q.hidden = !text;
    body.dataset.queue = text ? "1" : "0";
  }
  function placeText(p) {
    if (p.position === 0) return "Running your program…";
    return "waiting: " + ordinal(p.position) + " in line, about " + Math.max(1, Math.round(p.eta_secs)) + " s";
  }
  // POST /api/run, reading the server's lines while the run waits for a worker; answers
  // { ok, status, j } like a plain request.
  function postRun(runBody) {
    return fetch("/api/run", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/x-ndjson, application/json",
                 "X-Heapscope-Client": clientId() },
      body: runBody
    }).then(function (r) {
      if (!/application\/x-ndjson/.test(r.headers.get("Content-Type") || "")) {
        return r.json().then(function (j) {
          return { ok: r.ok, status: r.status, j: j, retry: Number(r.headers.get("Retry-After")) || 0 };
        });
      }
      var reader = r.body.getReader(), dec = new TextDecoder(), buf = "", last = null;
      function pump() {
        return reader.read().then(function (c) {
          buf += dec.decode(c.value || new Uint8Array(0), { stream: !c.done });
          var nl;
          while ((nl = buf.indexOf("\n")) >= 0) {
            var line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            var m = JSON.parse(line);
            if (m.queued) showQueue(placeText(m.queued));
            else last = m;
          }
          if (!c.done) return pump();
          if (!last) return { ok: false, status: 502, j: { error: "the server's answer stopped early" }, retry: 1 };
          if (last.result) return { ok: true, status: 200, j: last.result };
          return { ok: false, status: last.status, j: last, retry: last.retry_after || 0 };
        });
      }
      return pump();
    });
  }
  // A run, retried by itself when the server is full (503), after the time the server
  // asks for and then longer each time, saying so; `alive()` false stops it.
  function queuedRun(runBody, alive) {
    var attempt = 0;
    function go() {
      return postRun(runBody).then(function (a) {
        if (a.status !== 503 || !alive() || attempt >= 8) return a;
        attempt++;
        var secs = Math.min(60, Math.max(a.retry || 1, Math.pow(2, attempt - 1)));
        secs = Math.round(secs * (1 + Math.random() * 0.3)); // spread a room's retries
        return new Promise(function (done) {
          var left = secs;
          (function tick() {
            if (!alive()) return done(a);
            if (left <= 0) return done(go());
            showQueue("The server is full (" + a.j.error + "). Trying again in " + left + " s (attempt " + (attempt + 1) + ")…");
            left--;
            setTimeout(tick, 1000);
          })();
        });
      });
    }
    return go();
  }
  window.heapscopeTraceFetch = function (url) { return traceFetch(url); }; // for app-teach.js, app-lesson.js
  // GET a trace's URL; when this server does not hold the trace (another instance recorded
  // it, or it left the cache), the same request again carrying the program.
  function traceFetch(url) {
    return fetch(url).then(function (r) {
      if (r.status !== 404 || !S.runBody) return r;
      return r.clone().json().then(function (j) {
        if (!/no trace/.test(j.error || "")) return r;
        return fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Heapscope-Client": clientId() },
          body: S.runBody
        });
      }, function () { return r; });
    });
  }

  function markSyntaxError(o) {
    var line = Math.max((o.line || 1) - 1, 0);
    var h = cm.addLineClass(line, "background", "line-error");
    S.lineHandles.push(h);
    var col = Math.max((o.column || 1) - 1, 0);
    var len = cm.getLine(line) ? cm.getLine(line).length : 0;
    var from = Math.min(col, len), to = Math.min(col + 1, len);
    if (from === to && from > 0) from -= 1;
    S.marks.push(cm.markText({ line: line, ch: from }, { line: line, ch: to }, { className: "err-col" }));
    cm.setCursor({ line: line, ch: col });
    body.dataset.errorLine = String(line + 1);
    body.dataset.errorColumn = String(o.column || 0);
    if (!S.embed) cm.focus();
  }

  function enterViewing() {
    S.viewing = true;
    cm.setOption("readOnly", "nocursor");
    cm.getInputField().blur();
    cm.getWrapperElement().classList.add("viewing");
    $("controls").hidden = false;
    $("edit").hidden = false;
    $("visualize").hidden = true;
    $("stdin").disabled = true;
    $("leaks-btn").disabled = false;
    $("slider").max = String(S.trace.steps);
  }
  function leaveViewing() {
    S.viewing = false;
    S.token++;
    cm.setOption("readOnly", false);
    cm.getWrapperElement().classList.remove("viewing");
    clearLineMarks();
    $("controls").hidden = true;
    $("ask").hidden = true;
    $("edit").hidden = true;
    $("visualize").hidden = false;
    $("stdin").disabled = false;
    forgetInspection();
    showError("");
    cm.focus();
  }

  // ---- stepping ----
  var curHandles = [];
  function clearLineMarks() {
    curHandles.forEach(function (x) { cm.removeLineClass(x[0], "background", x[1]); });
    curHandles = [];
  }
  function markLines(v) {
    clearLineMarks();
    if (v.file !== 0) return;
    if (v.next_line && v.next_line !== v.line) {
      curHandles.push([cm.addLineClass(v.next_line - 1, "background", "line-next"), "line-next"]);
    }
    if (v.line) {
      curHandles.push([cm.addLineClass(v.line - 1, "background", "line-cur"), "line-cur"]);
      cm.scrollIntoView({ line: v.line - 1, ch: 0 }, 60);
    }
  }

  function fetchStep(n) {
    var key = n + "|" + optionQuery();
    if (S.views.has(key)) return Promise.resolve(S.views.get(key));
    var id = S.trace.id;
    return traceFetch("/api/trace/" + id + "/step/" + n + "?" + optionQuery()).then(function (r) {
      return r.json().then(function (j) {
        if (r.status === 404 && /no trace/.test(j.error || "")) throw { expired: true };
        if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
        S.views.set(key, j);
        return j;
      });
    });
  }

  function show(n) {
    if (!S.trace) return Promise.resolve();
    n = Math.min(Math.max(n, 1), S.trace.steps);
    S.want = n; // where the keys and buttons step from while this step loads
    var my = ++S.token;
    setLoading(true);
    return fetchStep(n).then(function (v) {
      if (my !== S.token) return;
      S.step = n;
      S.want = n;
      $("picture").innerHTML = v.svg;
      $("output").textContent = v.output;
      $("slider").value = String(n);
      $("stepinfo").textContent = "Step " + n + " of " + S.trace.steps +
        (v.line ? " · line " + v.line : "") + (v.notes.length ? " · " + v.notes.join("; ") : "");
      $("event").textContent = eventText(v);
      var err = v.exception || "";
      if (n === S.trace.steps && S.trace.outcome && S.trace.outcome.kind !== "finished") {
        err = S.trace.outcome_text;
      }
      showError(err);
      // input() with no answers left: ask for one here, then run again with it.
      var waiting = S.trace.outcome && S.trace.outcome.kind === "waiting_for_input";
      $("ask").hidden = !waiting || S.embed;
      markLines(v);
      updateButtons();
      if (chart.svg) heapscopeChart.place(chart.svg, n);
      body.dataset.step = String(n);
      refreshInspection(n);
      if (window.heapscopeAppTeach) heapscopeAppTeach.shown(n); // narration, predict mode
      body.dataset.steps = String(S.trace.steps);
      setLoading(false);
      if (n < S.trace.steps) fetchStep(n + 1).catch(function () {}); // prefetch
    }).catch(function (e) {
      if (my !== S.token) return;
      if (e && e.expired) { // the server forgot this trace: run it again
        return visualize(n);
      }
      setLoading(false);
      showError(String(e.message || e));
    });
  }
  // ---- memory chart: under the controls, its cursor at the step; a press or drag seeks ----
  var chart = { key: "", svg: null };
  function forgetChart() {
    chart.key = "";
    chart.svg = null;
    $("memory").innerHTML = "";
    $("memory").hidden = true;
  }
  function chartQuery() {
    // Drawn at the width it is shown at (in steps of 20px), so text stays legible on a phone.
    var w = $("left").clientWidth || 480;
    return "theme=" + (dark() ? "dark" : "light") + "&width=" + Math.max(240, Math.min(2000, Math.round(w / 20) * 20));
  }
  function loadChart() {
    if (!S.trace) return;
    var id = S.trace.id, q = chartQuery(), key = id + "?" + q;
    if (chart.key === key) return;
    chart.key = key;
    traceFetch("/api/trace/" + id + "/memory?" + q).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (j) {
      if (!j || chart.key !== key) return;
      var box = $("memory");
      box.innerHTML = j.svg;
      chart.svg = box.querySelector("svg");
      heapscopeChart.attach(chart.svg, function (k) { show(k); });
      if (S.step) heapscopeChart.place(chart.svg, S.step);
      box.hidden = false;
    }).catch(function () { chart.key = ""; });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (S.viewing) loadChart(); }, 200);
  });

  function eventText(v) {
    var words = { line: "about to run line " + v.line, call: "entering a function (line " + v.line + ")",
      "return": "returning from a function (line " + v.line + ")", exception: "an exception was raised" };
    return words[v.event] || v.event.replace(/_/g, " ");
  }
  function updateButtons() {
    var t = S.trace, n = S.step;
    $("first").disabled = $("prev").disabled = !t || n <= 1;
    $("next").disabled = $("last").disabled = !t || n >= t.steps;
    $("tobreak").disabled = !t || n >= t.steps || S.breakpoints.size === 0;
  }
  function nextStepAt(pred) {
    var lines = S.trace.lines;
    for (var s = S.step + 1; s <= lines.length; s++) if (pred(lines[s - 1])) return s;
    return 0;
  }
  function jumpToLine(line) {
    var s = nextStepAt(function (l) { return l === line; });
    if (!s) { // wrap: the first time it runs at all
      var i = S.trace.lines.indexOf(line);
      s = i >= 0 ? i + 1 : 0;
    }
    if (s) show(s); else toast("Line " + line + " does not run in this program.");
  }
  function runToBreakpoint() {
    var s = nextStepAt(function (l) { return S.breakpoints.has(l); });
    show(s || S.trace.steps);
  }

  $("ask").onsubmit = function (e) {
    e.preventDefault();
    var box = $("stdin"), text = box.value;
    if (text && !/\n$/.test(text)) text += "\n";
    box.value = text + $("answer").value + "\n";
    $("answer").value = "";
    $("ask").hidden = true;
    var at = S.trace.steps; // where it stopped; the new run goes on from there
    leaveViewing();
    visualize(at);
  };
  $("visualize").onclick = function () { visualize(1); };
  $("edit").onclick = leaveViewing;
  $("first").onclick = function () { show(1); };
  $("prev").onclick = function () { show(S.want - 1); };
  $("next").onclick = function () { forward(); };
  $("last").onclick = function () { show(S.trace.steps); };
  $("tobreak").onclick = runToBreakpoint;
  $("slider").oninput = function () { show(Number(this.value)); };
  ["opt-heap", "opt-text", "opt-exited"].forEach(function (id) {
    $(id).onchange = function () { if (S.viewing) show(S.step); };
  });
  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
      if (S.viewing) { loadChart(); show(S.step); }
    });
  }
  // One step on; in predict mode (app-teach.js) a question may come first.
  function forward() {
    if (!S.trace || S.want >= S.trace.steps) return;
    // app-teach.js shows the step itself, or asks its question first.
    if (window.heapscopeAppTeach) heapscopeAppTeach.forward(S.want + 1);
    else show(S.want + 1);
  }
  document.addEventListener("keydown", function (e) {
    if (!S.viewing || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    var editorInput = t === cm.getInputField();
    if (!editorInput && t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "checkbox"))) return;
    var k = e.key, n = null;
    if (k === "ArrowRight") { e.preventDefault(); forward(); return; }
    else if (k === "ArrowLeft") n = S.want - 1;
    else if (k === "Home") n = 1;
    else if (k === "End") n = S.trace.steps;
    if (n !== null) { e.preventDefault(); show(n); }
  });

  // ---- hover: an object and every reference to it ----
  var pic = $("picture");
  function clearHl() {
    pic.classList.remove("hovering");
    pic.querySelectorAll(".hl").forEach(function (x) { x.classList.remove("hl"); });
  }
  function hlObject(id) {
    var o = pic.querySelector('g[data-obj="' + id + '"]');
    if (o) o.classList.add("hl");
    pic.querySelectorAll('g.ref[data-to="obj-' + id + '"]').forEach(function (r) { r.classList.add("hl"); });
    pic.classList.add("hovering");
  }
  function svgPoint(svg, e) {
    var m = svg.getScreenCTM();
    if (!m) return null;
    var p = svg.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(m.inverse());
  }
  pic.addEventListener("mousemove", function (e) {
    clearHl();
    var t = e.target;
    if (!t.closest) return;
    var ref = t.closest("g.ref");
    if (ref) { hlObject(ref.getAttribute("data-to").slice(4)); return; }
    var obj = t.closest("g[data-obj]");
    if (obj) { hlObject(obj.getAttribute("data-obj")); return; }
    var fr = t.closest("g[data-frame]");
    var svg = pic.querySelector("svg");
    if (fr && svg) { // a variable's row: the reference that starts on it
      var p = svgPoint(svg, e), best = null, bd = 12;
      if (!p) return;
      pic.querySelectorAll('g.ref[data-from="frame-' + fr.getAttribute("data-frame") + '"]').forEach(function (r) {
        var c = r.querySelector("circle");
        if (!c) return;
        var d = Math.abs(Number(c.getAttribute("cy")) - p.y);
        if (d < bd) { bd = d; best = r; }
      });
      if (best) hlObject(best.getAttribute("data-to").slice(4));
    }
  });
  pic.addEventListener("mouseleave", clearHl);
  // On a phone: swipe the picture left or right to step.
  var touchX = null;
  pic.addEventListener("touchstart", function (e) {
    touchX = e.touches.length === 1 ? e.touches[0].clientX : null;
  }, { passive: true });
  pic.addEventListener("touchend", function (e) {
    if (touchX === null || !S.viewing || pic.scrollWidth > pic.clientWidth + 4) return; // a wide picture scrolls instead
    var dx = e.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) > 60) show(S.want + (dx < 0 ? 1 : -1));
  }, { passive: true });

  // ---- the inspector (a click on an object) and the leak report (the Leaks button) ----
  // Both come from the server per step (GET /api/trace/{id}/object/{obj}?step=N and
  // /leaks?step=N) and are rebuilt with DOM nodes: every text in them comes from the program.
  var insp = { obj: null, leaks: false, answers: new Map(), token: 0 };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function stepButton(step, words) {
    var b = el("button", "goto", words || "step " + step);
    b.type = "button";
    b.setAttribute("data-step", String(step));
    b.onclick = function () { show(step); };
    return b;
  }
  function getJSON(url) {
    if (insp.answers.has(url)) return Promise.resolve(insp.answers.get(url));
    return traceFetch(url).then(function (r) {
      return r.json().then(function (j) {
        var a = { ok: r.ok, status: r.status, j: j };
        if (r.ok || r.status === 404) insp.answers.set(url, a);
        return a;
      });
    });
  }
  function forgetInspection() {
    insp.obj = null;
    insp.leaks = false;
    insp.answers.clear();
    $("inspector").hidden = true;
    $("inspector").textContent = "";
    $("leaks").hidden = true;
    $("leaks").textContent = "";
    $("leaks-btn").setAttribute("aria-pressed", "false");
    $("leaks-btn").disabled = true;
    delete body.dataset.inspected;
    delete body.dataset.leaksStep;
  }
  function refreshInspection(n) {
    markSelected();
    if (insp.obj !== null) loadObject(insp.obj, n);
    if (insp.leaks) loadLeaks(n);
  }
  function markSelected() {
    pic.querySelectorAll("g.sel").forEach(function (g) { g.classList.remove("sel"); });
    if (insp.obj === null) return;
    var g = pic.querySelector('g[data-obj="' + insp.obj + '"]');
    if (g) g.classList.add("sel");
  }
  function inspect(id) {
    insp.obj = Number(id);
    markSelected();
    loadObject(insp.obj, S.step);
  }
  function fact(dl, term, value) {
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    (Array.isArray(value) ? value : [value]).forEach(function (v) {
      dd.appendChild(typeof v === "string" ? document.createTextNode(v) : v);
    });
    dl.appendChild(dd);
    return dd;
  }
  function loadObject(id, n) {
    var my = ++insp.token, box = $("inspector");
    getJSON("/api/trace/" + S.trace.id + "/object/" + id + "?step=" + n).then(function (a) {
      if (my !== insp.token || insp.obj !== id) return;
      box.textContent = "";
      box.hidden = false;
      box.setAttribute("data-obj", String(id));
      var head = el("div", "panel-head");
      var close = el("button", "close", "×");
      close.type = "button";
      close.title = "Close the inspector";
      close.setAttribute("aria-label", "Close the inspector");
      close.onclick = function () { insp.obj = null; box.hidden = true; markSelected(); delete body.dataset.inspected; };
      if (!a.ok) {
        head.appendChild(el("h2", null, "#" + id));
        head.appendChild(close);
        box.appendChild(head);
        box.appendChild(el("p", "muted", a.j.error || "HTTP " + a.status));
        body.dataset.inspected = id + "@" + n;
        return;
      }
      var o = a.j;
      head.appendChild(el("h2", null, o.type + " #" + o.id));
      head.appendChild(close);
      box.appendChild(head);
      box.appendChild(el("code", "repr", o.repr));
      var dl = el("dl");
      fact(dl, "References", o.refs === null ? "not recorded" : o.refs === "immortal" ? "immortal (CPython does not count them)" : String(o.refs)).className = "refs";
      if (o.size_text) fact(dl, "Own size", o.size_text).className = "size";
      if (o.deep_size_text) fact(dl, "Deep size", o.deep_size_text + " (what freeing it would free)").className = "deep";
      if (o.born) {
        var where = "line " + o.born.line + (o.born.function === "<module>" ? "" : " in " + o.born.function + "()");
        var made = [stepButton(o.born.step), ", " + where];
        if (o.born.code) { made.push(": "); made.push(el("code", null, o.born.code)); }
        fact(dl, "Made at", made).className = "born";
      } else {
        fact(dl, "Made at", "before the first step").className = "born";
      }
      fact(dl, "Freed at", o.died ? [stepButton(o.died.step), ": " + o.died.cause_text] : "it lives to the end of the trace").className = "died";
      fact(dl, "Kept alive by", o.kept_by).className = "kept";
      // A library's class or function: its box names it; here is where it comes from
      // and what the class defines.
      if (o.module) fact(dl, "Defined in", "module " + o.module).className = "module";
      if (o.members && o.members.length) {
        var ul = el("ul", "members");
        o.members.forEach(function (m) {
          var li = el("li");
          li.appendChild(el("code", null, m.name));
          li.appendChild(document.createTextNode(" " + m.kind));
          ul.appendChild(li);
        });
        fact(dl, "Members (" + o.members.length + ")", [ul]).className = "members";
      }
      box.appendChild(dl);
      body.dataset.inspected = id + "@" + n;
    }).catch(function (e) { if (my === insp.token) toast("Cannot inspect #" + id + ": " + e); });
  }
  function loadLeaks(n) {
    var box = $("leaks");
    getJSON("/api/trace/" + S.trace.id + "/leaks?step=" + n).then(function (a) {
      if (!insp.leaks || S.step !== n) return;
      box.textContent = "";
      box.hidden = false;
      var head = el("div", "panel-head");
      head.appendChild(el("h2", null, "Leaks at step " + n));
      box.appendChild(head);
      if (!a.ok) { box.appendChild(el("p", "muted", a.j.error)); return; }
      var r = a.j;
      box.appendChild(el("p", "lead", r.text));
      r.groups.forEach(function (g) {
        var sec = el("div", "group");
        sec.setAttribute("data-type", g.type);
        sec.setAttribute("data-line", String(g.line));
        var h = el("p", "title");
        h.appendChild(el("b", null, g.count + " × " + g.type));
        h.appendChild(document.createTextNode(" made in " + g.function + "() at line " + g.line + ": "));
        h.appendChild(el("code", null, g.code));
        h.appendChild(document.createTextNode(" — " + g.bytes_text + " "));
        if (g.first_born) h.appendChild(stepButton(g.first_born, "see them made (step " + g.first_born + ")"));
        sec.appendChild(h);
        var ul = el("ul");
        g.examples.forEach(function (x) {
          var li = el("li");
          var b = el("button", "obj-link", "#" + x.id);
          b.type = "button";
          b.title = "Inspect #" + x.id;
          b.setAttribute("data-obj", String(x.id));
          b.onclick = function () { inspect(x.id); };
          li.appendChild(b);
          li.appendChild(el("span", "path", ": " + x.kept_by));
          ul.appendChild(li);
        });
        if (g.more > 0) ul.appendChild(el("li", "muted", "… and " + g.more + " more"));
        sec.appendChild(ul);
        if (g.unreachable > 0) sec.appendChild(el("p", "muted", g.unreachable + " of them no variable reaches"));
        box.appendChild(sec);
      });
      body.dataset.leaksStep = String(n);
    }).catch(function (e) { toast("Cannot read the leak report: " + e); });
  }
  $("leaks-btn").onclick = function () {
    insp.leaks = !insp.leaks;
    this.setAttribute("aria-pressed", String(insp.leaks));
    if (insp.leaks) loadLeaks(S.step);
    else { $("leaks").hidden = true; delete body.dataset.leaksStep; }
  };
  pic.addEventListener("click", function (e) {
    if (!S.viewing || !e.target.closest) return;
    var ref = e.target.closest("g.ref"), obj = e.target.closest("g[data-obj]");
    if (obj) inspect(obj.getAttribute("data-obj"));
    else if (ref) inspect(ref.getAttribute("data-to").slice(4));
  });

  // ---- share links: #z=<deflate, base64url>&step=N (or #code=<base64url>) ----
  function shareLink(embed) {
    var payload = new TextEncoder().encode(JSON.stringify({ code: cm.getValue(), stdin: $("stdin").value }));
    var step = S.viewing ? "&step=" + S.step : "";
    var base = location.origin + location.pathname;
    var tail = step + (embed ? "&embed" : "");
    if (window.CompressionStream) {
      return pipe(payload, new CompressionStream("deflate-raw")).then(function (z) {
        return base + "#z=" + b64url(z) + tail;
      });
    }
    return Promise.resolve(base + "#code=" + b64url(new TextEncoder().encode(cm.getValue())) +
      ($("stdin").value ? "&stdin=" + b64url(new TextEncoder().encode($("stdin").value)) : "") + tail);
  }
  $("share").onclick = function () {
    shareLink(false).then(function (url) {
      S.ownHash = url.slice(url.indexOf("#"));
      history.replaceState(null, "", url);
      body.dataset.shareLink = url;
      var embedNote = " Embed: add &embed to the link and put it in an <iframe>.";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () { toast("Link copied." + embedNote); },
          function () { toast("Link in the address bar." + embedNote); });
      } else toast("Link in the address bar." + embedNote);
    });
  };

  function readFragment() {
    var h = location.hash.replace(/^#/, "");
    if (!h) return Promise.resolve(null);
    var f = {};
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i < 0) f[kv] = true; else f[kv.slice(0, i)] = kv.slice(i + 1);
    });
    var dec = new TextDecoder();
    var got;
    if (f.z && window.DecompressionStream) {
      got = pipe(unb64url(f.z), new DecompressionStream("deflate-raw")).then(function (b) {
        return JSON.parse(dec.decode(b));
      });
    } else if (f.code) {
      got = Promise.resolve({ code: dec.decode(unb64url(f.code)), stdin: f.stdin ? dec.decode(unb64url(f.stdin)) : "" });
    } else {
      got = Promise.resolve(null);
    }
    return got.then(function (p) {
      if (p) { p.step = Number(f.step) || 1; }
      else if (f.step) { p = { step: Number(f.step) || 1 }; }
      if (p) p.embed = !!f.embed;
      return p;
    });
  }
  function loadFragment() {
    return readFragment().then(function (p) {
      if (!p) return;
      S.embed = p.embed;
      body.classList.toggle("embed", S.embed);
      if (p.code !== undefined) {
        if (S.viewing) leaveViewing();
        cm.setValue(p.code);
        $("stdin").value = p.stdin || "";
        if (p.stdin) $("stdin-box").open = true;
        return visualize(p.step);
      } else if (S.viewing) {
        return show(p.step);
      }
    }).catch(function (e) { showError("This link is damaged: " + e); });
  }
  window.addEventListener("hashchange", function () {
    if (location.hash === S.ownHash) return;
    loadFragment();
  });
  window.heapscope = { state: S, show: show, visualize: visualize, shareLink: shareLink, inspect: inspect };
  setLoading(false);
  body.dataset.ready = "1";
  loadFragment();
})();
