//! What `/metrics` tells Prometheus (with the maintained `prometheus-client` crate): runs
//! and how they ended, the line and the workers, how long runs waited and took, the
//! limits runs hit, what the sandbox refused, and the requests refused for load.
//!
//! Counts only: no program text, input or trace id ever goes into a label.

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use heapscope_trace::Outcome;

type Label = [(&'static str, &'static str); 1];

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    runs: Family<Label, Counter>,
    cached: Counter,
    limits: Family<Label, Counter>,
    sandbox_refusals: Counter,
    refused: Family<Label, Counter>,
    waiting: Gauge,
    running: Gauge,
    wait_seconds: Histogram,
    run_seconds: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("heapscope");
        let runs = Family::<Label, Counter>::default();
        registry.register(
            "runs",
            "Programs run by a worker, by how they ended (outcome)",
            runs.clone(),
        );
        let cached = Counter::default();
        registry.register(
            "runs_cached",
            "Runs answered from the trace cache, without waiting or running",
            cached.clone(),
        );
        let limits = Family::<Label, Counter>::default();
        registry.register(
            "limits_hit",
            "Runs stopped by a limit (step, time, memory, output, trace size)",
            limits.clone(),
        );
        let sandbox_refusals = Counter::default();
        registry.register(
            "sandbox_refusals",
            "Runs ended by something the sandbox refused (an uncaught 'is not allowed in this sandbox')",
            sandbox_refusals.clone(),
        );
        let refused = Family::<Label, Counter>::default();
        registry.register(
            "requests_refused",
            "Requests answered 503 or 409 for load (reason: queue_full, wait_too_long, replaced, draw_busy)",
            refused.clone(),
        );
        let waiting = Gauge::default();
        registry.register("queue_depth", "Runs waiting for a worker", waiting.clone());
        let running = Gauge::default();
        registry.register("runs_running", "Runs holding a worker", running.clone());
        let wait_seconds = Histogram::new(exponential_buckets(0.05, 2.0, 12));
        registry.register(
            "queue_wait_seconds",
            "Seconds a run waited in line before a worker took it",
            wait_seconds.clone(),
        );
        let run_seconds = Histogram::new(exponential_buckets(0.05, 2.0, 12));
        registry.register(
            "run_seconds",
            "Seconds a worker took to trace a program",
            run_seconds.clone(),
        );
        Metrics {
            registry,
            runs,
            cached,
            limits,
            sandbox_refusals,
            refused,
            waiting,
            running,
            wait_seconds,
            run_seconds,
        }
    }
}

impl Metrics {
    /// A run answered from the cache.
    pub fn cached(&self) {
        self.cached.inc();
    }

    /// A request refused for load.
    pub fn refused(&self, reason: &'static str) {
        self.refused.get_or_create(&[("reason", reason)]).inc();
    }

    /// A run that waited `secs` in line (0 for one that found a worker free).
    pub fn waited(&self, secs: f64) {
        self.wait_seconds.observe(secs);
    }

    /// A run done in `secs` that ended with `outcome` (`None`: the worker failed).
    pub fn ran(&self, secs: f64, outcome: Option<&Outcome>) {
        self.run_seconds.observe(secs);
        let kind = outcome_kind(outcome);
        self.runs.get_or_create(&[("outcome", kind)]).inc();
        if kind.ends_with("_limit") {
            self.limits.get_or_create(&[("limit", kind)]).inc();
        }
        if let Some(Outcome::Exception { message }) = outcome {
            if message.contains("is not allowed in this sandbox") {
                self.sandbox_refusals.inc();
            }
        }
    }

    /// The text Prometheus scrapes, with the line and workers as they are now.
    pub fn render(&self, waiting: usize, running: usize) -> String {
        self.waiting.set(waiting as i64);
        self.running.set(running as i64);
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// How a run ended, as a word for a label or a log line (no message: that may quote the
/// program).
pub fn outcome_kind(outcome: Option<&Outcome>) -> &'static str {
    match outcome {
        None => "worker_error",
        Some(Outcome::Finished) => "finished",
        Some(Outcome::Exception { .. }) => "exception",
        Some(Outcome::SyntaxError { .. }) => "syntax_error",
        Some(Outcome::WaitingForInput { .. }) => "waiting_for_input",
        Some(Outcome::StepLimit { .. }) => "step_limit",
        Some(Outcome::TimeLimit { .. }) => "time_limit",
        Some(Outcome::MemoryLimit { .. }) => "memory_limit",
        Some(Outcome::OutputLimit { .. }) => "output_limit",
        Some(Outcome::TraceLimit { .. }) => "trace_limit",
        Some(Outcome::Crashed { .. }) => "crashed",
    }
}
