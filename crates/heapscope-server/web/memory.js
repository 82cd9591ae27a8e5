// The memory chart under the controls (GET /api/trace/{id}/memory): drawn at the width it
// is shown at, its cursor at the step on screen; a press or drag on it goes to a step.
// chart.js (heapscopeChart, shared with the HTML export) moves the cursor and reads the
// pointer.

import { $, dark } from "./ui.js";
import { traceGet } from "./api.js";
import { S, show } from "./stepper.js";

const chart = { key: "", svg: null };

export function forget() {
  chart.key = "";
  chart.svg = null;
  $("memory").innerHTML = "";
  $("memory").hidden = true;
}

function query() {
  // Drawn at the width it is shown at (in steps of 20px), so text stays legible on a phone.
  const w = $("left").clientWidth || 480;
  return "theme=" + (dark() ? "dark" : "light") + "&width=" + Math.max(240, Math.min(2000, Math.round(w / 20) * 20));
}

// Fetches the chart of the trace on screen, unless the one shown is already it.
export function load() {
  if (!S.trace) return;
  const id = S.trace.id, q = query(), key = id + "?" + q;
  if (chart.key === key) return;
  chart.key = key;
  traceGet("/api/trace/" + id + "/memory?" + q).then((j) => {
    if (chart.key !== key) return;
    const box = $("memory");
    box.innerHTML = j.svg;
    chart.svg = box.querySelector("svg");
    heapscopeChart.attach(chart.svg, (k) => { show(k); });
    if (S.step) heapscopeChart.place(chart.svg, S.step);
    box.hidden = false;
  }).catch(() => { chart.key = ""; });
}

// Moves the cursor to step n.
export function place(n) {
  if (chart.svg) heapscopeChart.place(chart.svg, n);
}

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (S.viewing) load(); }, 200);
});
