"use strict";
// Lessons in the web app: the menu lists the lessons the server has (lessons/*.md); a
// lesson shows one section at a time (its prose, a button that runs its program, its stops
// with their notes, its quiz). The lesson and its stops' steps come from the server.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var menu = $("lesson-menu"), panel = $("lesson");
  var L = null, name = "", sectionIndex = 0;
  function make(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function html(tag, cls, markup) {
    var e = make(tag, cls);
    e.innerHTML = markup; // the lesson's own Markdown, rendered by the server
    return e;
  }
  fetch("/api/lessons").then(function (r) { return r.ok ? r.json() : []; }).then(function (list) {
    list.forEach(function (l) {
      var o = make("option", null, l.title);
      o.value = l.name;
      menu.appendChild(o);
    });
    menu.disabled = list.length === 0;
  });
  menu.addEventListener("change", function () {
    if (!menu.value) { panel.hidden = true; L = null; return; }
    name = menu.value;
    fetch("/api/lessons/" + encodeURIComponent(name)).then(function (r) { return r.json(); }).then(function (l) {
      L = l;
      showSection(0);
    });
  });
  function showSection(i) {
    sectionIndex = i;
    var s = L.sections[i];
    panel.hidden = false;
    panel.textContent = "";
    var head = make("div", "lesson-head");
    head.appendChild(make("h2", null, L.title));
    var pick = make("select");
    pick.id = "lesson-section";
    pick.setAttribute("aria-label", "Section");
    L.sections.forEach(function (x, k) {
      var o = make("option", null, x.title);
      o.value = String(k);
      if (k === i) o.selected = true;
      pick.appendChild(o);
    });
    pick.addEventListener("change", function () { showSection(+pick.value); });
    head.appendChild(pick);
    var close = make("button", null, "Close");
    close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; menu.value = ""; });
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(html("div", "lesson-prose", s.prose_html));
    if (s.program) {
      var run = make("button", "primary", "Run this section's program");
      run.type = "button";
      run.id = "lesson-run";
      run.addEventListener("click", function () { runSection(s); });
      panel.appendChild(run);
    }
    var stops = make("ol", "lesson-stops");
    stops.id = "lesson-stops";
    s.stops.forEach(function (st) {
      var li = make("li", "lesson-stop");
      li.appendChild(html("div", "note", st.note_html));
      stops.appendChild(li);
    });
    panel.appendChild(stops);
    s.quizzes.forEach(function (q) { panel.appendChild(quiz(q)); });
    if (i + 1 < L.sections.length) {
      var next = make("button", null, "Next section ▶");
      next.type = "button";
      next.addEventListener("click", function () { showSection(i + 1); });
      panel.appendChild(next);
    }
  }
  function runSection(s) {
    var app = window.heapscope;
    window.heapscopeEditor.setValue(s.program);
    app.visualize(1).then(function () {
      if (!app.state.trace) return;
      return (window.heapscopeTraceFetch || fetch)("/api/trace/" + app.state.trace.id + "/lesson/" + encodeURIComponent(name) + "/" + sectionIndex)
        .then(function (r) { return r.json(); })
        .then(function (steps) {
          var items = panel.querySelectorAll(".lesson-stop");
          steps.forEach(function (k, j) {
            var li = items[j];
            if (!li || k === null) return;
            var b = make("button", "go", "Go to step " + k);
            b.type = "button";
            b.dataset.step = String(k);
            b.addEventListener("click", function () { app.show(k); });
            li.insertBefore(b, li.firstChild);
          });
        });
    });
  }
  function quiz(q) {
    var box = make("div", "quiz");
    box.appendChild(html("p", "question", "<b>Quiz.</b> " + q.question_html));
    var why = html("div", "why", q.why_html);
    why.hidden = true;
    q.choices.forEach(function (c) {
      var b = make("button", "choice");
      b.type = "button";
      b.innerHTML = c.html;
      b.addEventListener("click", function () {
        if (box.dataset.answered) return;
        box.dataset.answered = "1";
        b.classList.add(c.right ? "right" : "wrong");
        var v = make("p", null, c.right ? "Right." : "Not quite.");
        v.setAttribute("role", "status");
        why.insertBefore(v, why.firstChild);
        why.hidden = false;
      });
      box.appendChild(b);
    });
    box.appendChild(why);
    return box;
  }
})();
