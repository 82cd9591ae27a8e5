//! How far a command has got with a long trace: a bar on stderr when it is a terminal and
//! the work has taken more than a second; nothing when stderr is piped or the work is
//! quick. Fed by the trace itself (each pass's cursor reports the blocks it reads), so
//! every command that reads a trace shows it without code of its own.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use heapscope_trace::Trace;
use indicatif::{ProgressBar, ProgressStyle};

/// Work shorter than this shows nothing.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Clears the bar when dropped (when the command is done with the trace).
pub struct Watch {
    bar: Arc<Mutex<Option<ProgressBar>>>,
}

/// Shows the progress of every pass over `trace` from now on.
pub fn watch(trace: &mut Trace) -> Watch {
    let bar = Arc::new(Mutex::new(None));
    if std::io::stderr().is_terminal() {
        let shared = Arc::clone(&bar);
        let start = Instant::now();
        let total = trace.len();
        trace.on_progress(move |step| {
            if start.elapsed() < QUIET_FOR {
                return;
            }
            let mut slot = shared.lock().unwrap_or_else(|e| e.into_inner());
            slot.get_or_insert_with(|| new_bar(total))
                .set_position(step);
        });
    }
    Watch { bar }
}

fn new_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(
        "heapscope: reading the trace [{bar:32}] step {pos}/{len} ({elapsed})",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}
