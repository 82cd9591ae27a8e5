"use strict";
// Narration and predict mode, shared by the HTML export and the web app. The words and the
// questions are computed in Rust (heapscope-trace's narrate module); this file only shows
// them. The host gives its elements and two functions:
//   lookup(k, done): calls done({narration: "…", question: {prompt, choices, answer} | null})
//   go(k):           shows step k
//   link(k):         the href of a link to step k (follow(k), if given, handles its clicks)
// and calls narrate(k) after showing step k, forward(k) instead of go(k) when the learner
// steps forward (forward returns true when it asked a question instead).
var heapscopeTeach = (function () {
  function make(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function attach(host) {
    var answered = {}; // step -> the choice made
    var asked = 0, right = 0;
    var pending = null; // the step whose question is on screen
    var last = 0;
    function on() { return host.toggle && host.toggle.checked; }
    function scoreText(final) {
      if (!asked) return final ? "Predict mode: no question was asked." : "";
      return (final ? "Final score: " : "Score: ") + right + " of " + asked;
    }
    function showScore(final) {
      if (host.score) host.score.textContent = on() ? scoreText(final) : "";
    }
    function narrate(k, total) {
      last = k;
      host.lookup(k, function (d) {
        if (last !== k) return;
        host.narration.textContent = "";
        if (d && d.narration) renderCode(host.narration, d.narration);
        if (pending !== k) host.panel.hidden = host.panel.dataset.feedback !== String(k);
        showScore(on() && total && k >= total);
      });
    }
    function ask(k, q) {
      pending = k;
      var p = host.panel;
      p.textContent = "";
      p.hidden = false;
      p.dataset.feedback = "";
      p.appendChild(make("p", "q-lead", "Predict step " + k + ":"));
      var prompt = make("p", "q-prompt");
      renderCode(prompt, q.prompt);
      p.appendChild(prompt);
      var list = make("div", "q-choices");
      list.setAttribute("role", "group");
      list.setAttribute("aria-label", "Answers");
      q.choices.forEach(function (c, i) {
        var b = make("button", "q-choice");
        b.type = "button";
        b.dataset.choice = String(i);
        renderCode(b, (i + 1) + ". " + c.text);
        b.onclick = function () { answer(k, q, i); };
        list.appendChild(b);
      });
      p.appendChild(list);
      var first = list.querySelector("button");
      if (first) first.focus();
    }
    // `code` in the Rust-made text becomes <code>.
    function renderCode(el, text) {
      text.split("`").forEach(function (part, i) {
        el.appendChild(i % 2 ? make("code", null, part) : document.createTextNode(part));
      });
    }
    function answer(k, q, i) {
      if (pending !== k) return;
      pending = null;
      answered[k] = i;
      asked++;
      var ok = i === q.answer;
      if (ok) right++;
      var p = host.panel;
      p.textContent = "";
      p.dataset.feedback = String(k);
      var verdict = make("p", ok ? "q-right" : "q-wrong");
      verdict.setAttribute("role", "status");
      renderCode(verdict, ok ? "Right: " + q.choices[i].text + "." : "Not quite. It is: " + q.choices[q.answer].text + ".");
      p.appendChild(verdict);
      var m = q.choices[i].misconception;
      if (!ok && m) {
        var mp = make("p", "q-misconception");
        mp.appendChild(make("b", null, "A common wrong model: “" + m.name.replace(/`/g, "") + "”. "));
        renderCode(mp, m.why + " ");
        var a = make("a", null, "Step " + k + " shows it.");
        a.href = host.link(k);
        if (host.follow) a.onclick = function (e) { e.preventDefault(); host.follow(k); };
        mp.appendChild(a);
        p.appendChild(mp);
      }
      showScore();
      host.go(k);
    }
    function forward(k) {
      if (!on() || answered[k] !== undefined) { host.go(k); return false; }
      if (pending === k) return true;
      host.lookup(k, function (d) {
        if (d && d.question) ask(k, d.question);
        else host.go(k);
      });
      return true;
    }
    // Keys 1-9 choose an answer while a question is shown.
    document.addEventListener("keydown", function (e) {
      if (pending === null || e.ctrlKey || e.metaKey || e.altKey) return;
      var i = parseInt(e.key, 10);
      var b = isNaN(i) ? null : host.panel.querySelector('button[data-choice="' + (i - 1) + '"]');
      if (b) { b.click(); e.preventDefault(); }
    });
    if (host.toggle) {
      host.toggle.addEventListener("change", function () {
        pending = null;
        host.panel.hidden = true;
        host.panel.dataset.feedback = "";
        showScore();
      });
    }
    return {
      narrate: narrate,
      forward: forward,
      asking: function () { return pending !== null; },
      score: function () { return { right: right, asked: asked }; },
    };
  }
  return { attach: attach };
})();
