// The object inspector, one file for the web app and the HTML export: the panel that says
// what heapscope knows of one object (its repr, references, sizes, where it was made and
// freed, what keeps it alive; for an imported class, its module and what it defines).
// The host holds or fetches the facts (heapscope_analysis::ObjectFacts as JSON); this file
// only builds the panel, with text nodes, since every text in it comes from the program.
//
// An ES module: the web app imports it (/assets/inspector.js). The export is one offline
// file, so heapscope_render inlines this same text there as a classic script that sets
// `heapscopeInspector` to these exports (crate::inspector_js): keep every export an
// `export function` at the start of a line.

// An element with a class and a text, either of them left out when null or undefined.
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// Empties `box` and shows it with a heading and a close button.
// host: { heading: "h2" | "h3" (the heading's level in its page), onClose() }.
export function openPanel(box, title, host) {
  box.textContent = "";
  box.hidden = false;
  const head = el("div", "panel-head");
  head.appendChild(el(host.heading, null, title));
  const close = el("button", "close", "×");
  close.type = "button";
  close.title = "Close the inspector";
  close.setAttribute("aria-label", "Close the inspector");
  close.onclick = host.onClose;
  head.appendChild(close);
  box.appendChild(head);
}

// Appends a term and its value (text, or elements) to a <dl>; the <dd> gets class `cls`.
function row(dl, term, cls, parts) {
  dl.appendChild(el("dt", null, term));
  const dd = el("dd", cls);
  for (const p of parts) dd.appendChild(typeof p === "string" ? document.createTextNode(p) : p);
  dl.appendChild(dd);
}

// Appends one object's facts to an open panel. host.stepLink(k): the element (a link or a
// button) that goes to step k.
export function showFacts(box, f, host) {
  box.appendChild(el("code", "repr", f.repr));
  const dl = el("dl");
  const refs = f.refs === null ? "not recorded"
    : f.refs === "immortal" ? "immortal (CPython does not count them)" : String(f.refs);
  row(dl, "References", "refs", [refs]);
  if (f.size_text) row(dl, "Own size", "size", [f.size_text]);
  if (f.deep_size_text) row(dl, "Deep size", "deep", [f.deep_size_text + " (what freeing it would free)"]);
  if (f.born) {
    const where = "line " + f.born.line + (f.born.function === "<module>" ? "" : " in " + f.born.function + "()");
    const made = [host.stepLink(f.born.step), ", " + where];
    if (f.born.code) { made.push(": "); made.push(el("code", null, f.born.code)); }
    row(dl, "Made at", "born", made);
  } else {
    row(dl, "Made at", "born", ["before the first step"]);
  }
  row(dl, "Freed at", "died", f.died ? [host.stepLink(f.died.step), ": " + f.died.cause_text] : ["it lives to the end of the trace"]);
  row(dl, "Kept alive by", "kept", [f.kept_by]);
  // A library's class or function: its box names it; here is where it comes from and
  // what the class defines.
  if (f.module) row(dl, "Defined in", "module", ["module " + f.module]);
  if (f.members && f.members.length) {
    const ul = el("ul", "members");
    for (const m of f.members) {
      const li = el("li");
      li.appendChild(el("code", null, m.name));
      li.appendChild(document.createTextNode(" " + m.kind));
      ul.appendChild(li);
    }
    row(dl, "Members (" + f.members.length + ")", "members", [ul]);
  }
  box.appendChild(dl);
}

// Marks object `id` (or none, for null) as the one inspected in a picture's SVG.
export function markSelected(pic, id) {
  pic.querySelectorAll("g.sel").forEach((g) => g.classList.remove("sel"));
  if (id === null) return;
  const g = pic.querySelector('g[data-obj="' + id + '"]');
  if (g) g.classList.add("sel");
}
