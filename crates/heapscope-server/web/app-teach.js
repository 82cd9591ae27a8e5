// The web app's side of narration and predict mode: teach.js (heapscopeTeach, shared with
// the HTML export) shows them; this file connects it to the server's teach route and the
// stepper: after each step it narrates, and a step forward may ask its question first.

import { $ } from "./ui.js";
import { traceGet } from "./api.js";
import { S, on, show, stepping } from "./stepper.js";

const cache = new Map();
function lookup(k, done) {
  if (!S.trace) { done(null); return; }
  const key = S.trace.id + "/" + k;
  if (cache.has(key)) { done(cache.get(key)); return; }
  traceGet("/api/trace/" + S.trace.id + "/step/" + k + "/teach").then((j) => {
    const d = { narration: j.sentences.join(" "), question: j.question || null };
    cache.set(key, d);
    done(d);
  }).catch(() => { done(null); });
}

const teach = heapscopeTeach.attach({
  narration: $("narration"), panel: $("question"), toggle: $("predict"), score: $("score"),
  lookup,
  go: (k) => { show(k); },
  link: () => "#",
  follow: (k) => { show(k); },
});

on("shown", (n) => { teach.narrate(n, S.trace.steps); });
stepping.forward = (k) => teach.forward(k);
