// The memory chart's cursor and seeking, for a page that shows the SVG of
// heapscope_render::chart (the HTML export and the web app both load this file).
// The chart says where its steps are: data-steps, and the plot's edges data-x0 and
// data-x1 in its own units; step k sits at x0 + (k - 0.5) / steps * (x1 - x0).
var heapscopeChart = (function () {
  "use strict";
  function geometry(svg) {
    return { steps: Number(svg.getAttribute("data-steps")), x0: Number(svg.getAttribute("data-x0")), x1: Number(svg.getAttribute("data-x1")) };
  }
  // Moves the cursor to step k (1-based) and shows it.
  function place(svg, k) {
    var g = geometry(svg), c = svg.querySelector(".hs-cursor");
    if (!c || !g.steps) return;
    var x = g.x0 + (Math.max(1, Math.min(g.steps, k)) - 0.5) / g.steps * (g.x1 - g.x0);
    c.setAttribute("x1", x);
    c.setAttribute("x2", x);
    c.removeAttribute("visibility");
    svg.setAttribute("data-cursor", String(k));
  }
  // The step under a pointer event's position.
  function stepAt(svg, e) {
    var g = geometry(svg), m = svg.getScreenCTM();
    if (!m || !g.steps) return 0;
    var p = svg.createSVGPoint();
    p.x = e.clientX;
    p.y = e.clientY;
    var x = p.matrixTransform(m.inverse()).x;
    return Math.max(1, Math.min(g.steps, Math.floor((x - g.x0) / (g.x1 - g.x0) * g.steps) + 1));
  }
  // A press, or a press and drag, on the chart calls onStep(k) for each new step under it.
  function attach(svg, onStep) {
    var down = false, last = 0;
    function go(e) {
      var k = stepAt(svg, e);
      if (k && k !== last) { last = k; onStep(k); }
    }
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      down = true;
      last = 0;
      if (svg.setPointerCapture) svg.setPointerCapture(e.pointerId);
      go(e);
      e.preventDefault();
    });
    svg.addEventListener("pointermove", function (e) { if (down) go(e); });
    svg.addEventListener("pointerup", function () { down = false; });
    svg.addEventListener("pointercancel", function () { down = false; });
  }
  return { place: place, stepAt: stepAt, attach: attach };
})();
