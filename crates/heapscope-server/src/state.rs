//! The server's shared state: the worker pool and trace cache, and the bounded caches of
//! what was drawn from traces. Its own module so that the handlers in `api.rs` and the
//! request pieces they use (`carried`, `progress`, `teach`) all depend on it and not on
//! each other.

use std::sync::{Arc, Mutex};

use heapscope_analysis::{LeakReport, ObjectFacts};
use heapscope_render::MemoryChart;
use serde::Serialize;

use crate::config::ServerConfig;
use crate::lru::Lru;
use crate::runs::{RunRequest, Runs};

/// Shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) runs: Runs,
    /// Rendered steps: (trace id, step, options) → the step's JSON.
    pub(crate) steps: Mutex<Lru<(String, u64, String), Arc<StepView>>>,
    /// Memory charts: (trace id, theme and width) → the chart's JSON.
    pub(crate) memory: Mutex<Lru<(String, String), Arc<MemoryView>>>,
    /// Leak reports: (trace id, step) → the report.
    pub(crate) leaks: Mutex<Lru<(String, u64), Arc<LeakReport>>>,
    /// The inspector's facts: (trace id, step, object) → them.
    pub(crate) objects: Mutex<Lru<(String, u64, u32), Arc<ObjectFacts>>>,
    /// Drawings and reports computed at once (two per worker): more wait their turn, a
    /// bounded number for a bounded time, then get 503, instead of a blocking thread
    /// each.
    pub(crate) draws: Arc<tokio::sync::Semaphore>,
    /// Requests waiting for a drawing turn.
    pub(crate) waiting: std::sync::atomic::AtomicUsize,
    /// Set when the server has been told to stop: readiness answers 503.
    pub(crate) stopping: std::sync::atomic::AtomicBool,
}

/// Drawings and reports made at once: two per worker.
pub(crate) fn drawings_at_once(config: &ServerConfig) -> usize {
    2 * config.workers.max(1)
}

impl AppState {
    /// A state for `config` (no runs yet).
    pub fn new(config: ServerConfig) -> Self {
        // Bounded in bytes too: a step's view holds all the output so far (up to the
        // output limit), so 4,096 of them could hold gigabytes.
        let view_bytes = config.cache_view_bytes;
        let steps = Mutex::new(Lru::bounded(config.cache_steps, view_bytes));
        // A few sizes and both themes of each cached trace.
        let memory = Mutex::new(Lru::bounded(config.cache_traces * 4, view_bytes / 4));
        let leaks = Mutex::new(Lru::bounded(config.cache_traces * 4, view_bytes / 4));
        let objects = Mutex::new(Lru::bounded(config.cache_steps, view_bytes / 4));
        let draws = Arc::new(tokio::sync::Semaphore::new(drawings_at_once(&config)));
        AppState {
            inner: Arc::new(Inner {
                runs: Runs::new(config),
                steps,
                memory,
                leaks,
                objects,
                draws,
                waiting: std::sync::atomic::AtomicUsize::new(0),
                stopping: std::sync::atomic::AtomicBool::new(false),
            }),
        }
    }

    /// Traces a program in the background (for `serve --open`), so the page's first
    /// request finds it in the cache. Must be called inside the server's runtime.
    pub fn warm(&self, code: String, stdin: String) {
        let s = self.clone();
        tokio::spawn(async move {
            let req = RunRequest {
                code,
                stdin,
                options: Default::default(),
            };
            let _ = s.runs().run(req, "server:open", &|_| {}).await;
        });
    }

    /// Step views kept, and the bytes they hold.
    pub fn cached_steps(&self) -> (usize, usize) {
        self.inner
            .steps
            .lock()
            .map_or((0, 0), |c| (c.len(), c.bytes()))
    }

    /// The worker pool and trace cache.
    pub fn runs(&self) -> &Runs {
        &self.inner.runs
    }

    /// The server is stopping: readiness says so from now on.
    pub fn set_stopping(&self) {
        self.inner
            .stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// One step, as the page shows it.
#[derive(Serialize)]
pub(crate) struct StepView {
    pub(crate) step: u64,
    pub(crate) steps: u64,
    pub(crate) event: String,
    pub(crate) line: u32,
    pub(crate) next_line: Option<u32>,
    pub(crate) file: u32,
    pub(crate) title: String,
    pub(crate) desc: String,
    pub(crate) code: Vec<heapscope_render::CodeLine>,
    pub(crate) output: String,
    pub(crate) exception: Option<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) svg: String,
}

/// The run's memory over its steps, as the page's chart shows it.
#[derive(Serialize)]
pub(crate) struct MemoryView {
    #[serde(flatten)]
    pub(crate) chart: MemoryChart,
    /// "peak 8.1 MB at step 1,204, line 3".
    pub(crate) peak_text: Option<String>,
    pub(crate) svg: String,
}
