// The program's editor: CodeMirror 5 (vendored under /assets/vendor/, a classic script
// that defines window.CodeMirror) with breakpoints in the gutter, the mark of a syntax
// error, and the lines of the step on screen. What its keys and clicks do is the app's:
// app.js fills `hooks`.

import { body } from "./ui.js";

const EXAMPLE = [
  "def append_to_list(lst):",
  "    lst.append(4)",
  "",
  "items = [1, 2, 3]",
  "append_to_list(items)",
  "print(items)",
  "",
].join("\n");

export const hooks = {
  run() {},                 // Ctrl+Enter
  viewing: () => false,     // whether a click on a line means "go to it"
  lineClicked(line) {},     // a click on line `line` (1-based) while viewing
  breakpointsChanged() {},
};

export const cm = CodeMirror.fromTextArea(document.getElementById("code"), {
  mode: "python",
  lineNumbers: true,
  indentUnit: 4,
  tabSize: 4,
  indentWithTabs: false,
  matchBrackets: true,
  gutters: ["breakpoints", "CodeMirror-linenumbers"],
  extraKeys: {
    Tab: (c) => {
      if (c.somethingSelected()) c.indentSelection("add");
      else c.replaceSelection("    ", "end");
    },
    "Shift-Tab": (c) => { c.indentSelection("subtract"); },
    "Ctrl-Enter": () => { hooks.run(); },
    "Cmd-Enter": () => { hooks.run(); },
  },
});
cm.setValue(EXAMPLE);
window.heapscopeEditor = cm; // for tests and the console

// The lines (1-based) with a breakpoint.
export const breakpoints = new Set();

function bpMarker() {
  const m = document.createElement("span");
  m.className = "bp";
  m.textContent = "●";
  m.title = "breakpoint";
  return m;
}
cm.on("gutterClick", (c, line) => {
  const n = line + 1;
  if (breakpoints.has(n)) { breakpoints.delete(n); c.setGutterMarker(line, "breakpoints", null); }
  else { breakpoints.add(n); c.setGutterMarker(line, "breakpoints", bpMarker()); }
  hooks.breakpointsChanged();
});
cm.on("change", () => { clearErrorMarks(); });
// While viewing, a click on a line jumps to the next time that line runs.
cm.on("mousedown", (c, e) => {
  if (!hooks.viewing()) return;
  const t = e.target;
  if (t && t.closest && t.closest(".CodeMirror-gutter-wrapper, .CodeMirror-gutters")) return;
  const pos = c.coordsChar({ left: e.clientX, top: e.clientY }, "window");
  e.preventDefault();
  hooks.lineClicked(pos.line + 1);
});

// ---- the syntax error's mark ----
let marks = [], errorLines = [];
export function clearErrorMarks() {
  marks.forEach((m) => m.clear());
  marks = [];
  errorLines.forEach((h) => cm.removeLineClass(h, "background", "line-error"));
  errorLines = [];
}
// Marks the line and column of a syntax error (the run's outcome) and puts the cursor
// there; `focus` false leaves the focus where it is (an embedded page).
export function markSyntaxError(o, focus) {
  const line = Math.max((o.line || 1) - 1, 0);
  errorLines.push(cm.addLineClass(line, "background", "line-error"));
  const col = Math.max((o.column || 1) - 1, 0);
  const len = cm.getLine(line) ? cm.getLine(line).length : 0;
  let from = Math.min(col, len);
  const to = Math.min(col + 1, len);
  if (from === to && from > 0) from -= 1;
  marks.push(cm.markText({ line, ch: from }, { line, ch: to }, { className: "err-col" }));
  cm.setCursor({ line, ch: col });
  body.dataset.errorLine = String(line + 1);
  body.dataset.errorColumn = String(o.column || 0);
  if (focus) cm.focus();
}

// ---- the step's lines: the one about to run, and the one after it ----
let stepLines = [];
export function clearLineMarks() {
  stepLines.forEach((x) => cm.removeLineClass(x[0], "background", x[1]));
  stepLines = [];
}
// Marks the lines of step view `v` (GET /api/trace/{id}/step/{n}) when it is in the
// program's own file.
export function markLines(v) {
  clearLineMarks();
  if (v.file !== 0) return;
  if (v.next_line && v.next_line !== v.line) {
    stepLines.push([cm.addLineClass(v.next_line - 1, "background", "line-next"), "line-next"]);
  }
  if (v.line) {
    stepLines.push([cm.addLineClass(v.line - 1, "background", "line-cur"), "line-cur"]);
    cm.scrollIntoView({ line: v.line - 1, ch: 0 }, 60);
  }
}

// Read-only while stepping through a trace; editable again after.
export function setViewing(on) {
  if (on) {
    cm.setOption("readOnly", "nocursor");
    cm.getInputField().blur();
    cm.getWrapperElement().classList.add("viewing");
  } else {
    cm.setOption("readOnly", false);
    cm.getWrapperElement().classList.remove("viewing");
    clearLineMarks();
  }
}
