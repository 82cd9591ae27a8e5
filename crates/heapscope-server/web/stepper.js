// Running a program and stepping through its trace: the Visualize button, the step on
// screen (its picture, output, lines, words), the buttons, slider and keys that move it,
// breakpoints and clicks on lines, and an answer to input(). Other parts follow along
// through `on`: "trace" (a new run's summary, before anything is shown), "viewing" (the
// stepper is open on it), "shown" (step n is on screen), "leave" (back to editing).

import { $, body, showError, setLoading, toast } from "./ui.js";
import * as api from "./api.js";
import * as editor from "./editor.js";
import { optionQuery } from "./picture.js";
import { placeText, showQueue } from "./queue.js";

export const S = {
  trace: null,        // the run's summary (GET /api/trace/{id})
  step: 0,
  want: 0,            // where the keys and buttons step from while a step loads
  views: new Map(),   // "step|options" -> step JSON
  viewing: false,
  embed: false,
  token: 0,           // guards against answers to superseded requests
};

const listeners = { trace: [], viewing: [], shown: [], leave: [] };
export function on(name, fn) { listeners[name].push(fn); }
function emit(name, ...args) { listeners[name].forEach((fn) => fn(...args)); }

// How a step forward is taken: app-teach.js may ask its question first.
export const stepping = { forward: (k) => show(k) };

export function visualize(startStep) {
  const runBody = JSON.stringify({ code: editor.cm.getValue(), stdin: $("stdin").value });
  editor.clearErrorMarks();
  showError("");
  setLoading(true);
  $("visualize").disabled = true;
  const my = ++S.token;
  const wait = {
    alive: () => my === S.token,
    place: (p) => showQueue(placeText(p)),
    full: (text) => showQueue(text),
  };
  return api.run(runBody, wait).then((summary) => {
    if (my !== S.token) return;
    $("visualize").disabled = false;
    showQueue(null);
    S.trace = summary;
    api.carry(runBody);
    S.views.clear();
    emit("trace", summary);
    const o = summary.outcome || {};
    if (o.kind === "syntax_error") {
      setLoading(false);
      editor.markSyntaxError(o, !S.embed);
      showError(summary.outcome_text);
      $("output").textContent = "";
      $("picture").innerHTML = '<p class="placeholder">The program could not run: fix the error in the editor.</p>';
      body.dataset.steps = String(summary.steps);
      return;
    }
    enterViewing();
    return show(Math.min(Math.max(startStep || 1, 1), summary.steps));
  }, (e) => {
    if (my !== S.token) return;
    $("visualize").disabled = false;
    showQueue(null);
    setLoading(false);
    showError(e.message);
  });
}

function enterViewing() {
  S.viewing = true;
  editor.setViewing(true);
  $("controls").hidden = false;
  $("edit").hidden = false;
  $("visualize").hidden = true;
  $("stdin").disabled = true;
  $("slider").max = String(S.trace.steps);
  emit("viewing");
}
export function leaveViewing() {
  S.viewing = false;
  S.token++;
  editor.setViewing(false);
  $("controls").hidden = true;
  $("ask").hidden = true;
  $("edit").hidden = true;
  $("visualize").hidden = false;
  $("stdin").disabled = false;
  emit("leave");
  showError("");
  editor.cm.focus();
}

function fetchStep(n) {
  const key = n + "|" + optionQuery();
  if (S.views.has(key)) return Promise.resolve(S.views.get(key));
  return api.traceGet("/api/trace/" + S.trace.id + "/step/" + n + "?" + optionQuery()).then((j) => {
    S.views.set(key, j);
    return j;
  });
}

function eventText(v) {
  const words = { line: "about to run line " + v.line, call: "entering a function (line " + v.line + ")",
    "return": "returning from a function (line " + v.line + ")", exception: "an exception was raised" };
  return words[v.event] || v.event.replace(/_/g, " ");
}

export function show(n) {
  if (!S.trace) return Promise.resolve();
  n = Math.min(Math.max(n, 1), S.trace.steps);
  S.want = n;
  const my = ++S.token;
  setLoading(true);
  return fetchStep(n).then((v) => {
    if (my !== S.token) return;
    S.step = n;
    S.want = n;
    $("picture").innerHTML = v.svg;
    $("output").textContent = v.output;
    $("slider").value = String(n);
    $("stepinfo").textContent = "Step " + n + " of " + S.trace.steps +
      (v.line ? " · line " + v.line : "") + (v.notes.length ? " · " + v.notes.join("; ") : "");
    $("event").textContent = eventText(v);
    let err = v.exception || "";
    if (n === S.trace.steps && S.trace.outcome && S.trace.outcome.kind !== "finished") {
      err = S.trace.outcome_text;
    }
    showError(err);
    // input() with no answers left: ask for one here, then run again with it.
    const waiting = S.trace.outcome && S.trace.outcome.kind === "waiting_for_input";
    $("ask").hidden = !waiting || S.embed;
    editor.markLines(v);
    updateButtons();
    body.dataset.step = String(n);
    emit("shown", n, v);
    body.dataset.steps = String(S.trace.steps);
    setLoading(false);
    if (n < S.trace.steps) fetchStep(n + 1).catch(() => {}); // prefetch
  }).catch((e) => {
    if (my !== S.token) return;
    if (e.expired) return visualize(n); // the server forgot this trace: run it again
    setLoading(false);
    showError(String(e.message || e));
  });
}

export function updateButtons() {
  const t = S.trace, n = S.step;
  $("first").disabled = $("prev").disabled = !t || n <= 1;
  $("next").disabled = $("last").disabled = !t || n >= t.steps;
  $("tobreak").disabled = !t || n >= t.steps || editor.breakpoints.size === 0;
}
function nextStepAt(pred) {
  const lines = S.trace.lines;
  for (let s = S.step + 1; s <= lines.length; s++) if (pred(lines[s - 1])) return s;
  return 0;
}
// Goes to the next step that runs `line`, or the first one when none is after this step.
export function jumpToLine(line) {
  let s = nextStepAt((l) => l === line);
  if (!s) {
    const i = S.trace.lines.indexOf(line);
    s = i >= 0 ? i + 1 : 0;
  }
  if (s) show(s); else toast("Line " + line + " does not run in this program.");
}
function runToBreakpoint() {
  const s = nextStepAt((l) => editor.breakpoints.has(l));
  show(s || S.trace.steps);
}
// One step on; in predict mode (app-teach.js) a question may come first.
export function forward() {
  if (!S.trace || S.want >= S.trace.steps) return;
  stepping.forward(S.want + 1);
}

$("ask").onsubmit = (e) => {
  e.preventDefault();
  const box = $("stdin");
  let text = box.value;
  if (text && !/\n$/.test(text)) text += "\n";
  box.value = text + $("answer").value + "\n";
  $("answer").value = "";
  $("ask").hidden = true;
  const at = S.trace.steps; // where it stopped; the new run goes on from there
  leaveViewing();
  visualize(at);
};
$("visualize").onclick = () => { visualize(1); };
$("edit").onclick = leaveViewing;
$("first").onclick = () => { show(1); };
$("prev").onclick = () => { show(S.want - 1); };
$("next").onclick = () => { forward(); };
$("last").onclick = () => { show(S.trace.steps); };
$("tobreak").onclick = runToBreakpoint;
$("slider").oninput = function () { show(Number(this.value)); };
["opt-heap", "opt-text", "opt-exited"].forEach((id) => {
  $(id).onchange = () => { if (S.viewing) show(S.step); };
});
document.addEventListener("keydown", (e) => {
  if (!S.viewing || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  const editorInput = t === editor.cm.getInputField();
  if (!editorInput && t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "checkbox"))) return;
  const k = e.key;
  let n = null;
  if (k === "ArrowRight") { e.preventDefault(); forward(); return; }
  else if (k === "ArrowLeft") n = S.want - 1;
  else if (k === "Home") n = 1;
  else if (k === "End") n = S.trace.steps;
  if (n !== null) { e.preventDefault(); show(n); }
});
