// heapscope web app: edit a program, run it on the server, step through its memory.
// Native ES modules, no build step: this file joins them. api.js (every request),
// editor.js (CodeMirror), stepper.js (running and stepping), picture.js, memory.js (the
// chart), panels.js (inspector and leaks, on inspector.js, shared with the HTML export),
// share.js (links), app-teach.js (narration, predict mode) and app-lesson.js (lessons).

import { body, setLoading } from "./ui.js";
import * as editor from "./editor.js";
import * as memory from "./memory.js";
import * as panels from "./panels.js";
import { attachPicture } from "./picture.js";
import { loadFragment, shareLink } from "./share.js";
import { S, jumpToLine, on, show, updateButtons, visualize } from "./stepper.js";
import "./app-teach.js";
import "./app-lesson.js";

editor.hooks.run = () => { visualize(); };
editor.hooks.viewing = () => S.viewing && !!S.trace;
editor.hooks.lineClicked = jumpToLine;
editor.hooks.breakpointsChanged = updateButtons;

attachPicture({
  viewing: () => S.viewing,
  step: (d) => { show(S.want + d); },
  inspect: panels.inspect,
});

on("trace", () => { memory.forget(); panels.forget(); });
on("viewing", () => { panels.enable(); memory.load(); });
on("shown", (n) => { memory.place(n); panels.refresh(n); });
on("leave", panels.forget);

if (window.matchMedia) {
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (S.viewing) { memory.load(); show(S.step); }
  });
}

window.heapscope = { state: S, show, visualize, shareLink, inspect: panels.inspect }; // for tests and the console
setLoading(false);
body.dataset.ready = "1";
loadFragment();
