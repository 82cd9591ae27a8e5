// The picture of a step (the SVG the server draws): the options it is drawn with, an
// object and every reference to it lit up under the pointer, a click to inspect an object,
// a swipe to step on a phone. What a click or a swipe does is the app's: `attachPicture`.

import { $, dark } from "./ui.js";

export const pic = $("picture");

// The query string of the drawing options (docs/api.md, the step route).
export function optionQuery() {
  const q = [];
  if ($("opt-heap").checked) q.push("heap=1");
  if ($("opt-text").checked) q.push("pointers=text");
  if ($("opt-exited").checked) q.push("exited=faded");
  q.push("theme=" + (dark() ? "dark" : "light"));
  return q.join("&");
}

function clearHl() {
  pic.classList.remove("hovering");
  pic.querySelectorAll(".hl").forEach((x) => x.classList.remove("hl"));
}
function hlObject(id) {
  const o = pic.querySelector('g[data-obj="' + id + '"]');
  if (o) o.classList.add("hl");
  pic.querySelectorAll('g.ref[data-to="obj-' + id + '"]').forEach((r) => r.classList.add("hl"));
  pic.classList.add("hovering");
}
function svgPoint(svg, e) {
  const m = svg.getScreenCTM();
  if (!m) return null;
  const p = svg.createSVGPoint();
  p.x = e.clientX;
  p.y = e.clientY;
  return p.matrixTransform(m.inverse());
}
pic.addEventListener("mousemove", (e) => {
  clearHl();
  const t = e.target;
  if (!t.closest) return;
  const ref = t.closest("g.ref");
  if (ref) { hlObject(ref.getAttribute("data-to").slice(4)); return; }
  const obj = t.closest("g[data-obj]");
  if (obj) { hlObject(obj.getAttribute("data-obj")); return; }
  const fr = t.closest("g[data-frame]");
  const svg = pic.querySelector("svg");
  if (fr && svg) { // a variable's row: the reference that starts on it
    const p = svgPoint(svg, e);
    let best = null, bd = 12;
    if (!p) return;
    pic.querySelectorAll('g.ref[data-from="frame-' + fr.getAttribute("data-frame") + '"]').forEach((r) => {
      const c = r.querySelector("circle");
      if (!c) return;
      const d = Math.abs(Number(c.getAttribute("cy")) - p.y);
      if (d < bd) { bd = d; best = r; }
    });
    if (best) hlObject(best.getAttribute("data-to").slice(4));
  }
});
pic.addEventListener("mouseleave", clearHl);

// host: { viewing() (whether a trace is on screen), step(delta) (a swipe: +1 or -1),
// inspect(id) (a click on an object or a reference to it) }.
export function attachPicture(host) {
  // On a phone: swipe the picture left or right to step.
  let touchX = null;
  pic.addEventListener("touchstart", (e) => {
    touchX = e.touches.length === 1 ? e.touches[0].clientX : null;
  }, { passive: true });
  pic.addEventListener("touchend", (e) => {
    if (touchX === null || !host.viewing() || pic.scrollWidth > pic.clientWidth + 4) return; // a wide picture scrolls instead
    const dx = e.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) > 60) host.step(dx < 0 ? 1 : -1);
  }, { passive: true });
  pic.addEventListener("click", (e) => {
    if (!host.viewing() || !e.target.closest) return;
    const ref = e.target.closest("g.ref"), obj = e.target.closest("g[data-obj]");
    if (obj) host.inspect(obj.getAttribute("data-obj"));
    else if (ref) host.inspect(ref.getAttribute("data-to").slice(4));
  });
}
