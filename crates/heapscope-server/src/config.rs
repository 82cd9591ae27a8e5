//! What the server is started with.

use heapscope_runner::{Sandbox, WorkerCommand};

/// Settings of one server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Address to listen on (loopback unless the user opens it up).
    pub host: String,
    /// Port (0: any free port).
    pub port: u16,
    /// Runs at once; more wait in line (see `max_queue`).
    pub workers: usize,
    /// Runs that may wait for a worker at once; more are refused with 503.
    pub max_queue: usize,
    /// Seconds a run may wait for a worker: one whose estimated wait is longer is refused
    /// with 503 at once, and one that waits longer leaves the line with 503.
    pub max_wait_secs: f64,
    /// The process that traces each program (this binary, or a Python interpreter).
    pub worker: WorkerCommand,
    /// Sandbox of every run: strict by default, since the code comes from the network.
    pub sandbox: Sandbox,
    /// Traces kept for stepping (least recently used ones go first).
    pub cache_traces: usize,
    /// Bytes of memory the kept traces may hold together.
    pub cache_trace_bytes: usize,
    /// Deep sizes (`sizes=1`) are computed only for heaps of at most this many objects:
    /// the dominator tree of a huge heap, for every step of a drawing window, would
    /// take minutes of one request's CPU.
    pub max_sized_objects: usize,
    /// Step pictures kept (each a few KB).
    pub cache_steps: usize,
    /// Bytes the kept step pictures may hold together (the charts, objects and leak
    /// reports a quarter of that each).
    pub cache_view_bytes: usize,
    /// Step limit of a run (a web page cannot usefully step through millions).
    pub max_steps: u64,
    /// Seconds a run may take.
    pub timeout_secs: f64,
    /// Memory of a run, in bytes.
    pub max_memory: u64,
    /// Largest program accepted, in bytes.
    pub max_code_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 8000,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_queue: 200,
            max_wait_secs: 30.0,
            worker: WorkerCommand::default_for_process(),
            sandbox: Sandbox::Strict,
            cache_traces: 128,
            cache_trace_bytes: 512 << 20,
            max_sized_objects: 20_000,
            cache_steps: 4096,
            cache_view_bytes: 256 << 20,
            max_steps: 100_000,
            timeout_secs: 10.0,
            max_memory: 512 << 20,
            max_code_bytes: 64 * 1024,
        }
    }
}
