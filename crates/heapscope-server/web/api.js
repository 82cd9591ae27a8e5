// Every request the page makes to the server (docs/api.md), in one convention: a promise
// of the JSON answer, or a rejection with an ApiError whose message is the words to show
// (the server's `error`, or why the server could not be reached).

// A failed request: `status` is the HTTP status, 0 when no answer came.
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  // The server no longer holds the trace (another instance recorded it, or it left the
  // cache) and the request could not carry the program: run it again.
  get expired() { return this.status === 404 && /no trace/.test(this.message); }
}

function unreachable(e) {
  throw new ApiError("Cannot reach the heapscope server: " + (e && e.message ? e.message : e), 0);
}

// The JSON of an answer, or an ApiError for a status that is not 2xx.
function answer(r) {
  return r.json().then((j) => {
    if (!r.ok) throw new ApiError(j.error || "HTTP " + r.status, r.status);
    return j;
  }, () => { throw new ApiError("HTTP " + r.status + ": the answer is not JSON", r.status); });
}

// A random id per tab: the server keeps one place in line per id, and a newer run from
// this tab takes its waiting run's place (docs/api.md, "Waiting in line").
let client = null;
function clientId() {
  if (client) return client;
  try { client = sessionStorage.getItem("heapscope-client"); } catch (e) { /* private mode */ }
  if (!client) {
    const b = new Uint8Array(12);
    crypto.getRandomValues(b);
    client = btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_");
    try { sessionStorage.setItem("heapscope-client", client); } catch (e) { /* kept for this page only */ }
  }
  return client;
}

// GET a URL that is not a trace's (the lessons).
export function getJSON(url) {
  return fetch(url).then(answer, unreachable);
}

// The program of the trace on screen, as the body of its run: a trace's URL asked of a
// server that does not hold the trace is asked again carrying it.
let program = null;
export function carry(runBody) { program = runBody; }

// GET a trace's URL; when this server does not hold the trace, the same request again
// as a POST carrying the program. That POST runs the program again, so it may meet a
// full line (503): it is tried again after the server's Retry-After, a few times, as a
// run is.
export function traceGet(url) {
  const body = program;
  function carried(attempt) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Heapscope-Client": clientId() },
      body,
    }).then((r) => {
      if (r.status !== 503 || attempt >= 4) return r;
      const secs = Math.min(60, Math.max(Number(r.headers.get("Retry-After")) || 1, Math.pow(2, attempt)));
      return new Promise((done) => setTimeout(done, secs * (1 + Math.random() * 0.3) * 1000))
        .then(() => carried(attempt + 1));
    });
  }
  return fetch(url).then((r) => {
    if (r.status !== 404 || !body) return r;
    return r.clone().json().then((j) => {
      if (!/no trace/.test(j.error || "")) return r;
      return carried(0);
    }, () => r);
  }).then(answer, (e) => { if (e instanceof ApiError) throw e; return unreachable(e); });
}

// POST /api/run, reading the server's lines while the run waits for a worker (each place
// in line goes to onPlace); answers { status, j, retry } whatever the status.
function postRun(runBody, onPlace) {
  return fetch("/api/run", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept": "application/x-ndjson, application/json",
               "X-Heapscope-Client": clientId() },
    body: runBody,
  }).then((r) => {
    if (!/application\/x-ndjson/.test(r.headers.get("Content-Type") || "")) {
      return r.json().then((j) => ({ status: r.status, j, retry: Number(r.headers.get("Retry-After")) || 0 }));
    }
    const reader = r.body.getReader(), dec = new TextDecoder();
    let buf = "", last = null;
    function pump() {
      return reader.read().then((c) => {
        buf += dec.decode(c.value || new Uint8Array(0), { stream: !c.done });
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const m = JSON.parse(line);
          if (m.queued) onPlace(m.queued);
          else last = m;
        }
        if (!c.done) return pump();
        if (!last) return { status: 502, j: { error: "the server's answer stopped early" }, retry: 1 };
        if (last.result) return { status: 200, j: last.result };
        return { status: last.status, j: last, retry: last.retry_after || 0 };
      });
    }
    return pump();
  });
}

// Runs a program (the JSON body of POST /api/run) and answers its trace's summary. When
// the server is full (503) it tries again by itself, after the time the server asks for
// and then longer each time; `wait.place(p)` hears each place in line, `wait.full(text)`
// each second of waiting to try again, and `wait.alive()` false stops the waiting.
export function run(runBody, wait) {
  let attempt = 0;
  function go() {
    return postRun(runBody, wait.place).then((a) => {
      if (a.status !== 503 || !wait.alive() || attempt >= 8) return a;
      attempt++;
      let secs = Math.min(60, Math.max(a.retry || 1, Math.pow(2, attempt - 1)));
      secs = Math.round(secs * (1 + Math.random() * 0.3)); // spread a room's retries
      return new Promise((done) => {
        let left = secs;
        (function tick() {
          if (!wait.alive()) return done(a);
          if (left <= 0) return done(go());
          wait.full("The server is full (" + a.j.error + "). Trying again in " + left + " s (attempt " + (attempt + 1) + ")…");
          left--;
          setTimeout(tick, 1000);
        })();
      });
    });
  }
  return go().then((a) => {
    if (a.status < 200 || a.status > 299) throw new ApiError(a.j.error || "HTTP " + a.status, a.status);
    return a.j;
  }, (e) => { if (e instanceof ApiError) throw e; return unreachable(e); });
}
