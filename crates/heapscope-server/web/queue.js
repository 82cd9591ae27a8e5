// The line of runs waiting for a worker, as the page shows it (docs/api.md, "Waiting in
// line"): the place and the wait while a run waits, what happens when the server is full.

import { $, body } from "./ui.js";

function ordinal(n) {
  const t = n % 100, u = n % 10;
  const suffix = (t >= 11 && t <= 13) ? "th" : u === 1 ? "st" : u === 2 ? "nd" : u === 3 ? "rd" : "th";
  return n + suffix;
}

// Shows `text` in the line's box, or hides it for null.
export function showQueue(text) {
  const q = $("queue");
  q.textContent = text || "";
  q.hidden = !text;
  body.dataset.queue = text ? "1" : "0";
}

// A place in line (`{position, eta_secs}`) in words.
export function placeText(p) {
  if (p.position === 0) return "Running your program…";
  return "waiting: " + ordinal(p.position) + " in line, about " + Math.max(1, Math.round(p.eta_secs)) + " s";
}
