// Lessons in the web app: the menu lists the lessons the server has (lessons/*.md); a
// lesson shows one section at a time (its prose, a button that runs its program, its stops
// with their notes, its quiz). The lesson and its stops' steps come from the server.

import { $ } from "./ui.js";
import { getJSON, traceGet } from "./api.js";
import { cm } from "./editor.js";
import { el as make } from "./inspector.js";
import { S, show, visualize } from "./stepper.js";

const menu = $("lesson-menu"), panel = $("lesson");
let L = null, name = "", sectionIndex = 0;

function html(tag, cls, markup) {
  const e = make(tag, cls);
  e.innerHTML = markup; // the lesson's own Markdown, rendered by the server
  return e;
}

getJSON("/api/lessons").catch(() => []).then((list) => {
  list.forEach((l) => {
    const o = make("option", null, l.title);
    o.value = l.name;
    menu.appendChild(o);
  });
  menu.disabled = list.length === 0;
});
menu.addEventListener("change", () => {
  if (!menu.value) { panel.hidden = true; L = null; return; }
  name = menu.value;
  getJSON("/api/lessons/" + encodeURIComponent(name)).then((l) => {
    L = l;
    showSection(0);
  });
});

function showSection(i) {
  sectionIndex = i;
  const s = L.sections[i];
  panel.hidden = false;
  panel.textContent = "";
  const head = make("div", "lesson-head");
  head.appendChild(make("h2", null, L.title));
  const pick = make("select");
  pick.id = "lesson-section";
  pick.setAttribute("aria-label", "Section");
  L.sections.forEach((x, k) => {
    const o = make("option", null, x.title);
    o.value = String(k);
    if (k === i) o.selected = true;
    pick.appendChild(o);
  });
  pick.addEventListener("change", () => { showSection(+pick.value); });
  head.appendChild(pick);
  const close = make("button", null, "Close");
  close.type = "button";
  close.addEventListener("click", () => { panel.hidden = true; menu.value = ""; });
  head.appendChild(close);
  panel.appendChild(head);
  panel.appendChild(html("div", "lesson-prose", s.prose_html));
  if (s.program) {
    const run = make("button", "primary", "Run this section's program");
    run.type = "button";
    run.id = "lesson-run";
    run.addEventListener("click", () => { runSection(s); });
    panel.appendChild(run);
  }
  const stops = make("ol", "lesson-stops");
  stops.id = "lesson-stops";
  s.stops.forEach((st) => {
    const li = make("li", "lesson-stop");
    li.appendChild(html("div", "note", st.note_html));
    stops.appendChild(li);
  });
  panel.appendChild(stops);
  s.quizzes.forEach((q) => { panel.appendChild(quiz(q)); });
  if (i + 1 < L.sections.length) {
    const next = make("button", null, "Next section ▶");
    next.type = "button";
    next.addEventListener("click", () => { showSection(i + 1); });
    panel.appendChild(next);
  }
}

function runSection(s) {
  cm.setValue(s.program);
  visualize(1).then(() => {
    if (!S.trace) return;
    return traceGet("/api/trace/" + S.trace.id + "/lesson/" + encodeURIComponent(name) + "/" + sectionIndex)
      .then((steps) => {
        const items = panel.querySelectorAll(".lesson-stop");
        steps.forEach((k, j) => {
          const li = items[j];
          if (!li || k === null) return;
          const b = make("button", "go", "Go to step " + k);
          b.type = "button";
          b.dataset.step = String(k);
          b.addEventListener("click", () => { show(k); });
          li.insertBefore(b, li.firstChild);
        });
      });
  });
}

function quiz(q) {
  const box = make("div", "quiz");
  box.appendChild(html("p", "question", "<b>Quiz.</b> " + q.question_html));
  const why = html("div", "why", q.why_html);
  why.hidden = true;
  q.choices.forEach((c) => {
    const b = make("button", "choice");
    b.type = "button";
    b.innerHTML = c.html;
    b.addEventListener("click", () => {
      if (box.dataset.answered) return;
      box.dataset.answered = "1";
      b.classList.add(c.right ? "right" : "wrong");
      const v = make("p", null, c.right ? "Right." : "Not quite.");
      v.setAttribute("role", "status");
      why.insertBefore(v, why.firstChild);
      why.hidden = false;
    });
    box.appendChild(b);
  });
  box.appendChild(why);
  return box;
}
