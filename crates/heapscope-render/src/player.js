"use strict";
(async function () {
  const el = document.getElementById("data");
  let text = el.textContent;
  if (el.dataset.enc === "gzip") {
    const bin = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream("gzip"));
    text = await new Response(stream).text();
  }
  const D = JSON.parse(text);
  const n = D.steps.length;
  const $ = (id) => document.getElementById(id);
  const pic = $("pic"), slider = $("slider"), out = $("out"), status = $("status"), exc = $("exc");
  slider.max = String(Math.max(n, 1));
  // The memory chart under the controls: its cursor follows the step, a press or drag on it seeks.
  const chart = document.querySelector("#mem svg");
  if (chart) heapscopeChart.attach(chart, (k) => show(k));
  let cur = 0;
  function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;"); }
  function svg(s) {
    const w = s[0], h = s[1];
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h +
      '" role="img" aria-label="' + esc(s[6]).replace(/"/g, "&quot;") + '" font-family="' + D.font + '">' +
      '<rect width="' + w + '" height="' + h + '" fill="' + D.bg + '"/>' + s[5].map((i) => D.pieces[i]).join("") + "</svg>";
  }
  function mark(cls, line, on) {
    const el = line ? document.getElementById("L" + line) : null;
    if (el) el.classList.toggle(cls, on);
    return el;
  }
  let shown = null;
  function show(k) {
    if (n === 0) { status.textContent = "No steps were recorded."; return; }
    k = Math.max(1, Math.min(n, k | 0));
    const s = D.steps[k - 1];
    if (shown) { mark("cur", shown[0], false); mark("nxt", shown[1], false); }
    const main = s[4] === 0;
    const c = main ? mark("cur", s[2], true) : null;
    if (main && s[3] && s[3] !== s[2]) mark("nxt", s[3], true);
    shown = main ? [s[2], s[3]] : null;
    if (c) c.scrollIntoView({ block: "nearest" });
    pic.innerHTML = svg(s);
    fit();
    let where = main ? "" : " in " + (D.files[s[4]] || "another file");
    status.textContent = s[6] + where;
    exc.hidden = !s[7];
    exc.textContent = s[7] ? s[7] : "";
    const notes = s[8].length ? "\n" + s[8].join("\n") : "";
    if (notes) { exc.hidden = false; exc.textContent = (s[7] || "") + notes; }
    let html = "";
    for (const o of D.output) { if (o[0] > k) break; html += o[1] ? '<span class="err">' + esc(o[2]) + "</span>" : esc(o[2]); }
    out.innerHTML = html;
    out.scrollTop = out.scrollHeight;
    slider.value = String(k);
    $("first").disabled = $("back").disabled = k <= 1;
    $("fwd").disabled = $("last").disabled = k >= n;
    cur = k;
    if (chart) heapscopeChart.place(chart, k);
    const h = "#step=" + k;
    if (location.hash !== h) history.replaceState(null, "", h);
  }
  function fromHash() {
    const m = /step=(\d+)/.exec(location.hash);
    return m ? parseInt(m[1], 10) : 1;
  }
  $("first").onclick = () => show(1);
  $("back").onclick = () => show(cur - 1);
  $("fwd").onclick = () => show(cur + 1);
  $("last").onclick = () => show(n);
  slider.oninput = () => show(parseInt(slider.value, 10));
  const zoom = $("zoom");
  // Fit the picture to the width, but never below 3/4 size (then scroll): text stays legible.
  function fit() {
    const el = pic.firstElementChild;
    if (!el) return;
    const w = +el.getAttribute("width");
    el.style.width = pic.classList.contains("actual") ? "" : Math.min(w, Math.max(pic.clientWidth, w * 0.75)) + "px";
  }
  window.addEventListener("resize", fit);
  function toggleZoom() {
    const actual = pic.classList.toggle("actual");
    fit();
    zoom.textContent = actual ? "Fit to width" : "Actual size";
    zoom.setAttribute("aria-pressed", String(actual));
  }
  zoom.onclick = toggleZoom;
  window.addEventListener("hashchange", () => show(fromHash()));
  document.addEventListener("keydown", (e) => {
    if (e.target && e.target.tagName === "INPUT" && e.target.type !== "range") return;
    if (e.key === "ArrowRight") { show(cur + 1); e.preventDefault(); }
    else if (e.key === "ArrowLeft") { show(cur - 1); e.preventDefault(); }
    else if (e.key === "Home") { show(1); e.preventDefault(); }
    else if (e.key === "End") { show(n); e.preventDefault(); }
    else if (e.key === "z") { toggleZoom(); }
  });
  // Pointing at an object lights up it and every arrow into it.
  pic.addEventListener("mouseover", (e) => {
    const g = e.target.closest ? e.target.closest("g.obj") : null;
    pic.querySelectorAll(".hl").forEach((x) => x.classList.remove("hl"));
    if (!g) return;
    g.classList.add("hl");
    pic.querySelectorAll('g.ref[data-to="' + g.id + '"]').forEach((a) => a.classList.add("hl"));
  });
  show(fromHash());
})();
