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
  // The pictures (player_steps.rs): shared pieces, placed in place or moved by a
  // translate; a keyframe every D.key_every steps, and per step the edits (splice runs)
  // from the step before. `list` holds the placements of step `at` (from 0).
  let list = [], at = -1;
  function placementsAt(i) {
    const K = D.key_every;
    if (at < 0 || i < at || Math.floor(i / K) !== Math.floor(at / K)) {
      list = D.keys[Math.floor(i / K)].slice();
      at = Math.floor(i / K) * K;
    }
    while (at < i) {
      at++;
      const d = D.deltas[at];
      for (let j = 0; j < d.length; ) {
        const added = d[j + 2];
        list.splice(d[j], d[j + 1], ...d.slice(j + 3, j + 3 + added));
        j += 3 + added;
      }
    }
    return list;
  }
  // A piece is stored as [template, numbers…]: the template's parts with the numbers
  // between them (piece_text.rs). Joined at first use, then kept as text.
  function pieceText(i) {
    let t = D.pieces[i];
    if (typeof t === "string") return t;
    const parts = D.templates[t[0]];
    let s = parts[0];
    for (let k = 1; k < parts.length; k++) s += String(t[k]) + parts[k];
    D.pieces[i] = s;
    return s;
  }
  function piece(p) {
    const t = pieceText(D.places[3 * p]), x = D.places[3 * p + 1];
    return x < 0 ? t : '<g transform="translate(' + x + "," + D.places[3 * p + 2] + ')">' + t + "</g>";
  }
  function svg(s, i) {
    const w = s[0], h = s[1];
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h +
      '" role="img" aria-label="' + esc(s[5]).replace(/"/g, "&quot;") + '" font-family="' + D.font + '">' +
      '<rect width="' + w + '" height="' + h + '" fill="' + D.bg + '"/>' + placementsAt(i).map(piece).join("") + "</svg>";
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
    // How long showing a step took (bench/outputs.py reads it from the page).
    const t0 = performance.now();
    const s = D.steps[k - 1];
    if (shown) { mark("cur", shown[0], false); mark("nxt", shown[1], false); }
    const main = s[4] === 0;
    const c = main ? mark("cur", s[2], true) : null;
    if (main && s[3] && s[3] !== s[2]) mark("nxt", s[3], true);
    shown = main ? [s[2], s[3]] : null;
    if (c) c.scrollIntoView({ block: "nearest" });
    pic.innerHTML = svg(s, k - 1);
    fit();
    let where = main ? "" : " in " + (D.files[s[4]] || "another file");
    status.textContent = s[5] + where;
    // What the step did, in words: a live region, so a screen reader says it at each step.
    teach.narrate(k, n);
    exc.hidden = !s[6];
    exc.textContent = s[6] ? s[6] : "";
    const notes = s[7].length ? "\n" + s[7].join("\n") : "";
    if (notes) { exc.hidden = false; exc.textContent = (s[6] || "") + notes; }
    let html = "";
    for (const o of D.output) { if (o[0] > k) break; html += o[1] ? '<span class="err">' + esc(o[2]) + "</span>" : esc(o[2]); }
    out.innerHTML = html;
    out.scrollTop = out.scrollHeight;
    slider.value = String(k);
    $("first").disabled = $("back").disabled = k <= 1;
    $("fwd").disabled = $("last").disabled = k >= n;
    cur = k;
    document.body.dataset.showMs = (performance.now() - t0).toFixed(1);
    if (chart) heapscopeChart.place(chart, k);
    if (inspected !== null) inspect(inspected);
    // In a lesson page (a frame of it), say which step is shown.
    if (window.parent !== window) window.parent.postMessage({ heapscopeStep: k }, "*");
    const h = "#step=" + k;
    // A sandboxed frame (a lesson, a notebook) may not touch its history.
    try { if (location.hash !== h) history.replaceState(null, "", h); } catch (e) { /* no history */ }
  }
  function fromHash() {
    const m = /step=(\d+)/.exec(location.hash);
    return m ? parseInt(m[1], 10) : 1;
  }
  $("first").onclick = () => show(1);
  $("back").onclick = () => show(cur - 1);
  // Narration and predict mode (teach.js): stepping forward may ask a question first.
  const teach = heapscopeTeach.attach({
    narration: $("narration"), panel: $("question"), toggle: $("predict"), score: $("score"),
    lookup: (k, done) => { const s = D.steps[k - 1]; done(s ? { narration: s[8], question: s[9] } : null); },
    go: (k) => show(k),
    link: (k) => "#step=" + k,
  });
  function forward() { if (cur < n) teach.forward(cur + 1); }
  $("fwd").onclick = forward;
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
  // A lesson page asks for a step (its "Go to step" buttons).
  window.addEventListener("message", (e) => {
    if (e.source === window.parent && e.data && Number.isInteger(e.data.heapscopeGo)) show(e.data.heapscopeGo);
  });
  document.addEventListener("keydown", (e) => {
    if (e.target && e.target.tagName === "INPUT" && e.target.type !== "range") return;
    if (e.key === "ArrowRight") { forward(); e.preventDefault(); }
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
  // The inspector (inspector.js, the web app's too, inlined as heapscopeInspector): a click
  // on an object shows what the export recorded of it. Facts are kept for the last step
  // only (and at most a few hundred objects), to keep the file small.
  const I = heapscopeInspector;
  const facts = new Map((D.facts || []).map((f) => [f.id, f]));
  const insp = $("insp");
  let inspected = null;
  function stepLink(k) {
    const a = I.el("a", null, "step " + k);
    a.href = "#step=" + k;
    return a;
  }
  const panel = { heading: "h3", onClose: () => { inspected = null; insp.hidden = true; I.markSelected(pic, null); } };
  function inspect(id) {
    inspected = id;
    I.markSelected(pic, id);
    const f = facts.get(id);
    I.openPanel(insp, f ? f.type + " #" + id : "#" + id, panel);
    if (cur !== n) {
      const p = I.el("p", "muted", "This page keeps the inspector's facts of the last step only: ");
      p.appendChild(stepLink(n));
      insp.appendChild(p);
      return;
    }
    if (!f) {
      insp.appendChild(I.el("p", "muted", D.alive > facts.size
        ? "This page keeps the facts of " + facts.size + " of the " + D.alive + " objects of the last step, not this one."
        : "#" + id + " is not alive at the last step."));
      return;
    }
    I.showFacts(insp, f, { stepLink });
  }
  pic.addEventListener("click", (e) => {
    const g = e.target.closest ? e.target.closest("g[data-obj]") : null;
    if (g) inspect(+g.dataset.obj);
  });
  // The leak report's examples: the last step, and that object in the inspector.
  document.querySelectorAll("#leaks a.obj-link").forEach((a) => {
    a.addEventListener("click", (e) => { e.preventDefault(); show(n); inspect(+a.dataset.obj); });
  });
  show(fromHash());
})();
