// The page's small shared pieces: finding an element, the error box, the passing note
// (toast), the busy flag tests and styles read, and the colour scheme.

export const $ = (id) => document.getElementById(id);
export const body = document.body;

let toastTimer = null;
// A note at the bottom of the page for a few seconds.
export function toast(msg) {
  const t = $("toast");
  t.textContent = msg;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 3500);
}

// The error box under the editor: `text`, or hidden for an empty text.
export function showError(text) {
  const e = $("error");
  e.textContent = text || "";
  e.hidden = !text;
}

export function setLoading(on) { body.dataset.loading = on ? "1" : "0"; }

export function dark() {
  return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
}
