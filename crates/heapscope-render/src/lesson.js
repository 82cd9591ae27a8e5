"use strict";
// A lesson page: "Go to step" buttons drive each section's player (a sandboxed frame,
// spoken to with postMessage), the player says which step it shows, a stop's note lights up
// when its step is shown, quiz answers are checked here, and the header counts progress.
(function () {
  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe.player"));
  var stops = Array.prototype.slice.call(document.querySelectorAll(".stop[data-step]"));
  var quizzes = Array.prototype.slice.call(document.querySelectorAll(".quiz"));
  var seen = new Set(), answered = 0, right = 0;
  function frameOf(section) { return document.getElementById("player" + section); }
  function go(section, step) {
    var f = frameOf(section);
    if (f && f.contentWindow) f.contentWindow.postMessage({ heapscopeGo: step }, "*");
  }
  function progress() {
    var p = document.getElementById("progress");
    var done = seen.size === stops.length && answered === quizzes.length;
    p.textContent = done
      ? "Lesson complete: " + right + " of " + quizzes.length + " quiz answers right."
      : "Stops seen: " + seen.size + " of " + stops.length + " · quiz: " + answered + " of " + quizzes.length + " answered";
    p.classList.toggle("done", done);
    document.body.dataset.complete = done ? "1" : "0";
  }
  // The player tells its step: light up the stops there, and count them as seen.
  window.addEventListener("message", function (e) {
    if (!e.data || !Number.isInteger(e.data.heapscopeStep)) return;
    var f = frames.filter(function (x) { return x.contentWindow === e.source; })[0];
    if (!f) return;
    var section = f.dataset.section, k = e.data.heapscopeStep;
    f.dataset.shown = String(k);
    stops.forEach(function (s) {
      var mine = s.closest(".lesson-section").id === "s" + section;
      if (!mine) return;
      var here = +s.dataset.step === k;
      s.classList.toggle("here", here);
      if (here) { s.classList.add("seen"); seen.add(s); }
    });
    progress();
  });
  document.querySelectorAll("button.go").forEach(function (b) {
    b.addEventListener("click", function () { go(b.dataset.section, +b.dataset.step); });
  });
  quizzes.forEach(function (q) {
    var buttons = Array.prototype.slice.call(q.querySelectorAll("button.choice"));
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        if (q.dataset.answered) return;
        q.dataset.answered = "1";
        answered++;
        var ok = b.dataset.right === "true";
        if (ok) right++;
        b.classList.add(ok ? "right" : "wrong");
        buttons.forEach(function (x) { if (x.dataset.right === "true") x.classList.add("right"); x.setAttribute("aria-disabled", "true"); });
        var why = q.querySelector(".why");
        var verdict = document.createElement("p");
        verdict.setAttribute("role", "status");
        verdict.innerHTML = ok ? "<b>Right.</b>" : "<b>Not quite.</b>";
        why.insertBefore(verdict, why.firstChild);
        if (q.dataset.step) {
          var see = document.createElement("button");
          see.type = "button";
          see.className = "see";
          see.textContent = "See it at step " + q.dataset.step;
          see.addEventListener("click", function () { go(q.dataset.section, +q.dataset.step); });
          why.appendChild(see);
        }
        why.hidden = false;
        progress();
      });
    });
  });
  progress();
})();
