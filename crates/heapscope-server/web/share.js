// Share links: the program, its input and the step in the page's address,
// #z=<deflate, base64url>&step=N (or #code=<base64url>&stdin=… where the browser cannot
// compress), and &embed for a page in an <iframe>. Nothing is stored on the server.

import { $, body, showError, toast } from "./ui.js";
import { cm } from "./editor.js";
import { S, leaveViewing, show, visualize } from "./stepper.js";

// base64url of bytes, and back.
function b64url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function unb64url(text) {
  let s = text.replace(/-/g, "+").replace(/_/g, "/");
  while (s.length % 4) s += "=";
  const bin = atob(s), out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function pipe(bytes, stream) {
  return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer()
    .then((b) => new Uint8Array(b));
}

let ownHash = null; // the fragment this page wrote itself: not a link to load

export function shareLink(embed) {
  const payload = new TextEncoder().encode(JSON.stringify({ code: cm.getValue(), stdin: $("stdin").value }));
  const step = S.viewing ? "&step=" + S.step : "";
  const base = location.origin + location.pathname;
  const tail = step + (embed ? "&embed" : "");
  if (window.CompressionStream) {
    return pipe(payload, new CompressionStream("deflate-raw")).then((z) => base + "#z=" + b64url(z) + tail);
  }
  return Promise.resolve(base + "#code=" + b64url(new TextEncoder().encode(cm.getValue())) +
    ($("stdin").value ? "&stdin=" + b64url(new TextEncoder().encode($("stdin").value)) : "") + tail);
}

$("share").onclick = () => {
  shareLink(false).then((url) => {
    ownHash = url.slice(url.indexOf("#"));
    history.replaceState(null, "", url);
    body.dataset.shareLink = url;
    const embedNote = " Embed: add &embed to the link and put it in an <iframe>.";
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(() => { toast("Link copied." + embedNote); },
        () => { toast("Link in the address bar." + embedNote); });
    } else toast("Link in the address bar." + embedNote);
  });
};

function readFragment() {
  const h = location.hash.replace(/^#/, "");
  if (!h) return Promise.resolve(null);
  const f = {};
  h.split("&").forEach((kv) => {
    const i = kv.indexOf("=");
    if (i < 0) f[kv] = true; else f[kv.slice(0, i)] = kv.slice(i + 1);
  });
  const dec = new TextDecoder();
  let got;
  if (f.z && window.DecompressionStream) {
    got = pipe(unb64url(f.z), new DecompressionStream("deflate-raw")).then((b) => JSON.parse(dec.decode(b)));
  } else if (f.code) {
    got = Promise.resolve({ code: dec.decode(unb64url(f.code)), stdin: f.stdin ? dec.decode(unb64url(f.stdin)) : "" });
  } else {
    got = Promise.resolve(null);
  }
  return got.then((p) => {
    if (p) { p.step = Number(f.step) || 1; }
    else if (f.step) { p = { step: Number(f.step) || 1 }; }
    if (p) p.embed = !!f.embed;
    return p;
  });
}

// Opens what the page's address holds: a program (run it, at its step) or a step alone.
export function loadFragment() {
  return readFragment().then((p) => {
    if (!p) return;
    S.embed = p.embed;
    body.classList.toggle("embed", S.embed);
    if (p.code !== undefined) {
      if (S.viewing) leaveViewing();
      cm.setValue(p.code);
      $("stdin").value = p.stdin || "";
      if (p.stdin) $("stdin-box").open = true;
      return visualize(p.step);
    } else if (S.viewing) {
      return show(p.step);
    }
  }).catch((e) => { showError("This link is damaged: " + e); });
}

window.addEventListener("hashchange", () => {
  if (location.hash === ownHash) return;
  loadFragment();
});
