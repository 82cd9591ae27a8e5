// The app's two panels beside the picture: the object inspector (a click on an object)
// and the leak report (the Leaks button). Both come from the server per step
// (GET /api/trace/{id}/object/{obj}?step=N and /leaks?step=N) and follow the step on
// screen. The inspector's panel itself is inspector.js, the same file the HTML export
// inlines.

import { $, body, toast } from "./ui.js";
import { ApiError, traceGet } from "./api.js";
import { el, markSelected, openPanel, showFacts } from "./inspector.js";
import { pic } from "./picture.js";
import { S, show } from "./stepper.js";

const insp = { obj: null, leaks: false, answers: new Map(), token: 0 };

// A trace URL's answer, kept for the trace (a step's facts do not change); a 404 is kept too.
function cached(url) {
  if (insp.answers.has(url)) {
    const a = insp.answers.get(url);
    return a instanceof ApiError ? Promise.reject(a) : Promise.resolve(a);
  }
  return traceGet(url).then((j) => {
    insp.answers.set(url, j);
    return j;
  }, (e) => {
    if (e.status === 404) insp.answers.set(url, e);
    throw e;
  });
}

function stepButton(step, words) {
  const b = el("button", "goto", words || "step " + step);
  b.type = "button";
  b.setAttribute("data-step", String(step));
  b.onclick = () => { show(step); };
  return b;
}

// Closes both panels and forgets their answers (a new trace, or back to editing).
export function forget() {
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

// The stepper is open on a trace: the leak report can be asked for.
export function enable() { $("leaks-btn").disabled = false; }

// Step n is on screen: the open panels show it.
export function refresh(n) {
  markSelected(pic, insp.obj);
  if (insp.obj !== null) loadObject(insp.obj, n);
  if (insp.leaks) loadLeaks(n);
}

export function inspect(id) {
  insp.obj = Number(id);
  markSelected(pic, insp.obj);
  loadObject(insp.obj, S.step);
}

const panelHost = {
  heading: "h2",
  onClose() {
    insp.obj = null;
    $("inspector").hidden = true;
    markSelected(pic, null);
    delete body.dataset.inspected;
  },
};

function loadObject(id, n) {
  const my = ++insp.token, box = $("inspector");
  const shown = () => {
    box.setAttribute("data-obj", String(id));
    body.dataset.inspected = id + "@" + n;
  };
  cached("/api/trace/" + S.trace.id + "/object/" + id + "?step=" + n).then((o) => {
    if (my !== insp.token || insp.obj !== id) return;
    openPanel(box, o.type + " #" + o.id, panelHost);
    showFacts(box, o, { stepLink: (k) => stepButton(k) });
    shown();
  }, (e) => {
    if (my !== insp.token || insp.obj !== id) return;
    if (!e.status) { toast("Cannot inspect #" + id + ": " + e.message); return; }
    openPanel(box, "#" + id, panelHost);
    box.appendChild(el("p", "muted", e.message));
    shown();
  });
}

function loadLeaks(n) {
  const box = $("leaks");
  const open = () => {
    box.textContent = "";
    box.hidden = false;
    const head = el("div", "panel-head");
    head.appendChild(el("h2", null, "Leaks at step " + n));
    box.appendChild(head);
  };
  cached("/api/trace/" + S.trace.id + "/leaks?step=" + n).then((r) => {
    if (!insp.leaks || S.step !== n) return;
    open();
    box.appendChild(el("p", "lead", r.text));
    r.groups.forEach((g) => {
      const sec = el("div", "group");
      sec.setAttribute("data-type", g.type);
      sec.setAttribute("data-line", String(g.line));
      const h = el("p", "title");
      h.appendChild(el("b", null, g.count + " × " + g.type));
      h.appendChild(document.createTextNode(" made in " + g.function + "() at line " + g.line + ": "));
      h.appendChild(el("code", null, g.code));
      h.appendChild(document.createTextNode(" — " + g.bytes_text + " "));
      if (g.first_born) h.appendChild(stepButton(g.first_born, "see them made (step " + g.first_born + ")"));
      sec.appendChild(h);
      const ul = el("ul");
      g.examples.forEach((x) => {
        const li = el("li");
        const b = el("button", "obj-link", "#" + x.id);
        b.type = "button";
        b.title = "Inspect #" + x.id;
        b.setAttribute("data-obj", String(x.id));
        b.onclick = () => { inspect(x.id); };
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
  }, (e) => {
    if (!insp.leaks || S.step !== n) return;
    if (!e.status) { toast("Cannot read the leak report: " + e.message); return; }
    open();
    box.appendChild(el("p", "muted", e.message));
  });
}

$("leaks-btn").onclick = function () {
  insp.leaks = !insp.leaks;
  this.setAttribute("aria-pressed", String(insp.leaks));
  if (insp.leaks) loadLeaks(S.step);
  else { $("leaks").hidden = true; delete body.dataset.leaksStep; }
};
