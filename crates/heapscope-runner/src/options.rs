//! What a traced run may use, as the user set it (flags) or the defaults.

/// Limits and inputs of one traced run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The process that traces the program (this binary, or a Python interpreter).
    pub worker: crate::WorkerCommand,
    /// Lines for `input()`.
    pub stdin: String,
    /// The trace stops after this many steps.
    pub max_steps: u64,
    /// Wall-clock seconds before the run is stopped.
    pub timeout_secs: f64,
    /// Address-space limit of the worker, in bytes.
    pub max_memory: u64,
    /// Output the program may write, in bytes.
    pub max_output: u64,
    /// Bytes of trace records the parent accepts from the worker before it stops the run.
    pub max_trace_bytes: u64,
    /// Items shown per container (head and tail).
    pub max_items: u32,
    /// Characters kept per string.
    pub max_chars: u32,
    /// Depth of objects recorded below a variable.
    pub max_depth: u32,
    /// What the program may touch (see `sandbox`).
    pub sandbox: crate::sandbox::Sandbox,
    /// Wrap CPython's allocators (object deaths, memory figures); off only to measure
    /// what the wrapping costs.
    pub alloc_hook: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            worker: crate::WorkerCommand::default_for_process(),
            stdin: String::new(),
            max_steps: 1_000_000,
            timeout_secs: 10.0,
            max_memory: 2 << 30,
            max_output: 1 << 20,
            max_trace_bytes: 1 << 30,
            max_items: 100,
            max_chars: 1000,
            max_depth: 64,
            sandbox: crate::sandbox::Sandbox::default(),
            alloc_hook: true,
        }
    }
}

impl RunOptions {
    /// The options as `name=value` text for the trace's metadata.
    pub fn describe(&self) -> Vec<String> {
        vec![
            format!("max_steps={}", self.max_steps),
            format!("timeout={}s", self.timeout_secs),
            format!("max_memory={}MB", self.max_memory >> 20),
            format!("max_output={}", self.max_output),
            format!("max_trace={}MB", self.max_trace_bytes >> 20),
            format!("max_items={}", self.max_items),
            format!("max_chars={}", self.max_chars),
            format!("max_depth={}", self.max_depth),
        ]
    }
}
