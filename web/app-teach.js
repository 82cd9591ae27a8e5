"use strict";
// The web app's side of narration and predict mode: teach.js (shared with the HTML export)
// shows them; this file connects it to the app (the server's /teach route, the app's step
// display). app.js calls heapscopeAppTeach.shown(n) after showing a step, and steps
// forward through heapscopeAppTeach.forward(n), which shows step n or asks about it first.
var heapscopeAppTeach = (function () {
  var $ = function (id) { return document.getElementById(id); };
  var cache = new Map();
  function lookup(k, done) {
    var app = window.heapscope;
    if (!app || !app.state.trace) { done(null); return; }
    var key = app.state.trace.id + "/" + k;
    if (cache.has(key)) { done(cache.get(key)); return; }
    (window.heapscopeTraceFetch || fetch)("/api/trace/" + app.state.trace.id + "/step/" + k + "/teach").then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (j) {
      var d = j ? { narration: j.sentences.join(" "), question: j.question || null } : null;
      if (d) cache.set(key, d);
      done(d);
    }).catch(function () { done(null); });
  }
  var teach = heapscopeTeach.attach({
    narration: $("narration"), panel: $("question"), toggle: $("predict"), score: $("score"),
    lookup: lookup,
    go: function (k) { window.heapscope.show(k); },
    link: function () { return "#"; },
    follow: function (k) { window.heapscope.show(k); },
  });
  return {
    shown: function (n) { teach.narrate(n, window.heapscope.state.trace.steps); },
    forward: function (n) { return teach.forward(n); },
  };
})();
