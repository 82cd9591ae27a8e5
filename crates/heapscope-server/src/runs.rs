//! The worker pool and the trace cache.
//!
//! A run that is not in the cache takes a worker from the [`Queue`], waiting its turn in
//! line when all are busy (bounded: a full line or too long a wait is 503). With a worker,
//! `trace_source` runs on a blocking thread and spawns
//! the sandboxed worker process, which is what runs Python; whatever the program does
//! (crash, endless loop, memory bomb) ends in that process and becomes the trace's last
//! step. Finished traces are kept in an LRU keyed by (code, stdin, options).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::ServerConfig;
use crate::error::ApiError;
use crate::lru::Lru;
use crate::metrics::Metrics;
use crate::queue::{Admission, Place, Queue};
use heapscope_analysis::Lifetimes;
use heapscope_runner::RunOptions;
use heapscope_trace::{Outcome, Trace};
use serde::{Deserialize, Serialize};

/// The body of `POST /api/run`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// The program.
    pub code: String,
    /// Lines for `input()`.
    #[serde(default)]
    pub stdin: String,
    /// Limits the page may lower.
    #[serde(default)]
    pub options: RunRequestOptions,
}

/// Run options a request may set (each capped by the server's own).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequestOptions {
    /// Stop after this many steps (at most the server's `max_steps`).
    pub max_steps: Option<u64>,
}

/// What a run returns, and what `GET /api/trace/{id}` repeats.
#[derive(Clone, Debug, Serialize)]
pub struct RunSummary {
    /// The trace id: a hash of (code, stdin, options), so identical runs share it.
    pub id: String,
    /// Steps, numbered 1 to `steps`.
    pub steps: u64,
    /// How the run ended, as data (`kind`: finished, exception, syntax_error, …).
    pub outcome: Option<Outcome>,
    /// How the run ended, in words.
    pub outcome_text: String,
    /// The line of the main program at each step (0 when in another file), for the
    /// breakpoints and "next time this line runs" without a request per step.
    pub lines: Vec<u32>,
    /// The program's lines (what the trace recorded).
    pub code: String,
    /// The input given.
    pub stdin: String,
    /// The CPython that ran it.
    pub python_version: String,
    /// The sandbox policy it ran under.
    pub sandbox: String,
    /// Answered from the cache rather than by a new run.
    pub cached: bool,
}

/// A finished run held for stepping.
pub struct Entry {
    /// The recorded trace.
    pub trace: Trace,
    /// Its summary (with `cached: false`).
    pub summary: RunSummary,
    /// Every object's life, read from the whole trace the first time an object or the
    /// leak report is asked for; it leaves the cache with the trace.
    lifetimes: OnceLock<Arc<Lifetimes>>,
}

impl Entry {
    /// What it holds in memory, about: the trace, its per-step lines, room for its
    /// lifetimes once they are read (about as large as the trace's steps again), and
    /// room for the decoded keyframes the trace keeps for the steps asked.
    pub fn approx_bytes(&self) -> usize {
        2 * self.trace.approx_bytes()
            + self.trace.keyframe_budget()
            + 4 * self.summary.lines.len()
            + self.summary.code.len()
    }

    /// The trace's lifetimes (read once: this walks every step, so call it from a
    /// blocking thread).
    pub fn lifetimes(&self) -> Result<Arc<Lifetimes>, ApiError> {
        if let Some(l) = self.lifetimes.get() {
            return Ok(l.clone());
        }
        let l = Lifetimes::of(&self.trace)
            .map_err(|e| ApiError::Internal(format!("the trace is unreadable: {e}")))?;
        Ok(self.lifetimes.get_or_init(|| Arc::new(l)).clone())
    }
}

/// The pool and the caches.
pub struct Runs {
    config: ServerConfig,
    queue: Arc<Queue>,
    metrics: Metrics,
    traces: Mutex<Lru<String, Arc<Entry>>>,
    /// Programs waiting or running now, by id: a second request for one waits for it.
    inflight: Mutex<std::collections::HashMap<String, tokio::sync::watch::Receiver<bool>>>,
}

impl Runs {
    /// A pool of `config.workers` workers.
    pub fn new(config: ServerConfig) -> Self {
        // Folders left by a server that was killed (its own cleanup never ran).
        heapscope_runner::Workspace::remove_stale();
        Runs {
            queue: Queue::new(
                config.workers.max(1),
                config.max_queue,
                std::time::Duration::from_secs_f64(config.max_wait_secs.max(0.0)),
            ),
            metrics: Metrics::default(),
            inflight: Mutex::new(std::collections::HashMap::new()),
            traces: Mutex::new(Lru::bounded(config.cache_traces, config.cache_trace_bytes)),
            config,
        }
    }

    /// The server's settings.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Runs in progress now.
    pub fn busy(&self) -> usize {
        self.queue.running()
    }

    /// The line of runs waiting for a worker.
    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    /// The server's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// A cached trace by id.
    pub fn get(&self, id: &str) -> Option<Arc<Entry>> {
        self.traces.lock().ok()?.get(&id.to_string())
    }

    /// Traces held in the cache.
    pub fn cached(&self) -> usize {
        self.traces.lock().map_or(0, |t| t.len())
    }

    fn max_steps(&self, req: &RunRequest) -> u64 {
        req.options
            .max_steps
            .unwrap_or(self.config.max_steps)
            .clamp(1, self.config.max_steps)
    }

    /// The cache key as an id: the same for the same (code, stdin, options).
    pub fn id_of(&self, req: &RunRequest) -> String {
        let mut h = DefaultHasher::new();
        (req.code.as_str(), req.stdin.as_str(), self.max_steps(req)).hash(&mut h);
        // A second hash with a different prefix makes accidental collisions of the
        // 64-bit SipHash irrelevant at any realistic cache size.
        let mut h2 = DefaultHasher::new();
        (
            "heapscope",
            req.code.as_str(),
            req.stdin.as_str(),
            self.max_steps(req),
        )
            .hash(&mut h2);
        format!("{:016x}{:016x}", h.finish(), h2.finish())
    }

    /// The trace `id`, from the cache, or else by running `req` (which must have that
    /// id): how an instance answers for a trace another instance recorded.
    pub async fn get_or_run(
        &self,
        id: &str,
        req: Option<RunRequest>,
        client: &str,
    ) -> Result<Arc<Entry>, ApiError> {
        if let Some(req) = &req {
            if self.id_of(req) != id {
                return Err(ApiError::BadRequest(format!(
                    "the program sent is not the one trace {id} recorded"
                )));
            }
        }
        if let Some(e) = self.get(id) {
            return Ok(e);
        }
        let Some(req) = req else {
            return Err(ApiError::NoTrace(id.to_owned()));
        };
        self.run(req, client, &|_| {}).await?;
        self.get(id).ok_or_else(|| ApiError::NoTrace(id.to_owned()))
    }

    /// Runs the program for `client`, or answers from the cache (cached programs never
    /// wait). When all workers are busy the run waits in line; `on_place` hears where it
    /// stands. A full line or too long a wait gives `ApiError::QueueFull`.
    pub async fn run(
        &self,
        req: RunRequest,
        client: &str,
        on_place: &(dyn Fn(Place) + Send + Sync),
    ) -> Result<RunSummary, ApiError> {
        let r = self.run_inner(req, client, on_place).await;
        if let Some(reason) = r.as_ref().err().and_then(ApiError::load_reason) {
            self.metrics.refused(reason);
        }
        r
    }

    async fn run_inner(
        &self,
        req: RunRequest,
        client: &str,
        on_place: &(dyn Fn(Place) + Send + Sync),
    ) -> Result<RunSummary, ApiError> {
        if req.code.len() > self.config.max_code_bytes {
            return Err(ApiError::TooLarge(
                req.code.len(),
                self.config.max_code_bytes,
            ));
        }
        let id = self.id_of(&req);
        if let Some(s) = self.cached_summary(&id) {
            return Ok(s);
        }
        // The same program already waiting or running (a room pressing Visualize on the
        // same example, or a page's step and chart requests carrying one program): wait
        // for that run instead of taking a second place in line.
        let leader = match self.follow_or_lead(&id) {
            Ok(leader) => Some(leader),
            Err(mut done) => {
                let _ = done.wait_for(|d| *d).await;
                if let Some(s) = self.cached_summary(&id) {
                    return Ok(s);
                }
                // That run failed or was refused: this one tries for itself.
                self.follow_or_lead(&id).ok()
            }
        };
        let _leader = leader;
        let permit = match self.queue.admit(client)? {
            Admission::Now(slot) => {
                self.metrics.waited(0.0);
                slot
            }
            Admission::Wait(ticket) => {
                let since = std::time::Instant::now();
                let slot = ticket.wait(on_place).await?;
                self.metrics.waited(since.elapsed().as_secs_f64());
                on_place(Place {
                    position: 0,
                    waiting: self.queue.waiting(),
                    eta_secs: 0.0,
                });
                // Another client's identical run may have finished while this one waited.
                if let Some(s) = self.cached_summary(&id) {
                    return Ok(s);
                }
                slot
            }
        };
        let opts = RunOptions {
            worker: self.config.worker.clone(),
            stdin: req.stdin.clone(),
            max_steps: self.max_steps(&req),
            timeout_secs: self.config.timeout_secs,
            max_memory: self.config.max_memory,
            sandbox: self.config.sandbox,
            // A hosted run's trace stays small enough to keep many in the cache.
            max_trace_bytes: 64 << 20,
            ..RunOptions::default()
        };
        let code = req.code.clone();
        let id2 = id.clone();
        let started = std::time::Instant::now();
        let entry = tokio::task::spawn_blocking(move || {
            let _permit = permit; // held until the worker process is gone
                                  // The program's own folder: empty and private, never the system's temporary
                                  // folder (readable by the program under `standard`).
            let dir = heapscope_runner::Workspace::create(heapscope_runner::Sandbox::Standard)
                .map_err(|e| ApiError::Internal(format!("no folder for the program: {e}")))?;
            let trace = heapscope_runner::trace_source(
                "program.py",
                &code,
                dir.dir().unwrap_or(std::path::Path::new("/nonexistent")),
                &opts,
            )
            .map_err(|e| {
                ApiError::Internal(format!("the worker could not run the program: {e}"))
            })?;
            summarize(id2, trace)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("the run failed: {e}")))
        .and_then(|r| r);
        let took = started.elapsed().as_secs_f64();
        self.metrics.ran(
            took,
            entry.as_ref().ok().and_then(|e| e.summary.outcome.as_ref()),
        );
        let entry = Arc::new(entry?);
        // What the logs say of a run: never its text or input.
        tracing::info!(
            target: "heapscope::run",
            id = %id,
            steps = entry.summary.steps,
            outcome = crate::metrics::outcome_kind(entry.summary.outcome.as_ref()),
            seconds = took,
            "run"
        );
        if let Ok(mut t) = self.traces.lock() {
            t.put_sized(id, entry.clone(), entry.approx_bytes());
        }
        Ok(entry.summary.clone())
    }
}

/// The one run of a program in progress: dropping it (however the run ends) tells those
/// waiting for the same program, which then read the cache.
pub(crate) struct Leader<'r> {
    runs: &'r Runs,
    id: String,
    done: tokio::sync::watch::Sender<bool>,
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        if let Ok(mut m) = self.runs.inflight.lock() {
            m.remove(&self.id);
        }
        let _ = self.done.send(true);
    }
}

impl Runs {
    /// A cached run's summary, counted as a cache answer.
    fn cached_summary(&self, id: &str) -> Option<RunSummary> {
        let e = self.get(id)?;
        self.metrics.cached();
        let mut s = e.summary.clone();
        s.cached = true;
        Some(s)
    }

    /// Leads the run of `id`, or gives the signal of the run already leading it.
    fn follow_or_lead(&self, id: &str) -> Result<Leader<'_>, tokio::sync::watch::Receiver<bool>> {
        let mut m = self.inflight.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(rx) = m.get(id) {
            return Err(rx.clone());
        }
        let (done, rx) = tokio::sync::watch::channel(false);
        m.insert(id.to_owned(), rx);
        Ok(Leader {
            runs: self,
            id: id.to_owned(),
            done,
        })
    }
}

fn summarize(id: String, trace: Trace) -> Result<Entry, ApiError> {
    let mut lines = Vec::with_capacity(trace.len() as usize);
    let mut c = trace.cursor();
    while let Some(s) = c
        .next_state()
        .map_err(|e| ApiError::Internal(format!("the trace is unreadable: {e}")))?
    {
        lines.push(if s.frame_file() == Some(0) { s.line } else { 0 });
    }
    let meta = trace.meta();
    let summary = RunSummary {
        id,
        steps: trace.len(),
        outcome: meta.outcome.clone(),
        outcome_text: meta
            .outcome
            .as_ref()
            .map_or_else(|| "the run ended".into(), |o| o.describe()),
        lines,
        code: meta
            .sources
            .first()
            .map(|s| s.text.clone())
            .unwrap_or_default(),
        stdin: meta.stdin.clone(),
        python_version: meta.python_version.clone(),
        sandbox: meta.sandbox.clone(),
        cached: false,
    };
    Ok(Entry {
        trace,
        summary,
        lifetimes: OnceLock::new(),
    })
}
